"""The deployed demo app, exercised end to end on the emulator (loopback only).

The functions run the code the emulator took from the bootstrap asset bucket (checked by
:func:`deployed_code_is_the_asset`), never the working tree.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import http.client
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tools.local.checks import Clients, Outcome, Resource
from tools.local.jwt_local import LocalIssuer


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")


class HttpApi:
    """An HTTP API of the emulator, addressed like AWS: ``{api id}.execute-api.<host>``."""

    def __init__(self, port: int, api_id: str) -> None:
        self.port, self.api_id = port, api_id
        self.host = f"{api_id}.execute-api.localhost:{port}"

    @property
    def url(self) -> str:
        return f"http://{self.host}/"

    def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            payload = None if body is None else json.dumps(body).encode()
            all_headers = {"Host": self.host, **(headers or {})}
            if payload is not None:
                all_headers["content-type"] = "application/json"
            connection.request(method, path, body=payload, headers=all_headers)
            response = connection.getresponse()
            return Response(
                response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
            )
        finally:
            connection.close()


def wait_for(
    what: str, condition: Callable[[], Any], timeout_s: float, every_s: float = 0.5
) -> Any:
    deadline = time.monotonic() + timeout_s
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout_s:.0f} s")
        time.sleep(every_s)


def first(
    resources: dict[str, Resource], rtype: str, where: Callable[[Resource], bool] = lambda r: True
) -> Resource:
    return next(r for r in resources.values() if r.type == rtype and where(r))


def todos_path(routes: set[str]) -> str:
    """The path of the todo collection among ``routes`` ("/todos", or "/api/todos" for an
    API that a StaticSite serves under /api)."""
    return next(
        (key.partition(" ")[2] for key in sorted(routes) if key.startswith("POST ")),
        "/todos",
    )


def todo_api_checks(
    api: HttpApi,
    issuer: LocalIssuer,
    cors_origin: str | None,
    routes: set[str],
    o: Outcome,
    name: str,
) -> None:
    """The todo routes the API has, through its JWT authorizer and CORS configuration;
    ``/todos`` under the routes' own prefix (TodoApi's are under ``/api``)."""
    todos = todos_path(routes)
    auth = {"authorization": f"Bearer {issuer.token()}"}
    no_token = api.request("GET", todos)
    o.check(name, "GET /todos without a token -> 401", no_token.status == 401, str(no_token.status))
    stranger = LocalIssuer.create(issuer.issuer, issuer.audience)
    forged = api.request("GET", todos, headers={"authorization": f"Bearer {stranger.token()}"})
    o.check(name, "token signed by another key -> 401", forged.status == 401, str(forged.status))
    other_audience = api.request(
        "GET", todos, headers={"authorization": f"Bearer {issuer.token(aud='someone-else')}"}
    )
    o.check(
        name,
        "token for another audience -> 401",
        other_audience.status == 401,
        str(other_audience.status),
    )
    expired = api.request(
        "GET", todos, headers={"authorization": f"Bearer {issuer.token(lifetime_s=-60)}"}
    )
    o.check(name, "expired token -> 401", expired.status == 401, str(expired.status))
    created = api.request("POST", todos, {"title": "deployed locally"}, auth)
    o.check(
        name,
        "POST /todos -> 201",
        created.status == 201,
        f"{created.status} {created.body[:200]!r}",
    )
    if created.status != 201:
        return
    todo = created.json()
    item = f"{todos}/{todo['id']}"
    if f"GET {todos}/{{id}}" in routes:
        got = api.request("GET", item, headers=auth)
        o.check(
            name,
            "GET /todos/{id} -> 200, same todo",
            got.status == 200 and got.json()["title"] == "deployed locally",
            f"{got.status} {got.body[:200]!r}",
        )
    if f"PUT {todos}/{{id}}" in routes:
        updated = api.request("PUT", item, {"done": True}, auth)
        o.check(
            name,
            "PUT /todos/{id} -> 200, done",
            updated.status == 200 and updated.json().get("done") is True,
            f"{updated.status} {updated.body[:200]!r}",
        )
    listed = api.request("GET", todos, headers=auth)
    ids = [i["id"] for i in listed.json().get("items", [])] if listed.status == 200 else []
    o.check(
        name, "GET /todos lists it", todo["id"] in ids, f"{listed.status} {listed.body[:200]!r}"
    )
    invalid = api.request("POST", todos, {"title": ""}, auth)
    o.check(
        name,
        "POST /todos with a blank title -> 422 JSON error",
        invalid.status == 422 and "error" in invalid.json(),
        str(invalid.status),
    )
    if f"DELETE {todos}/{{id}}" in routes:
        deleted = api.request("DELETE", item, headers=auth)
        o.check(name, "DELETE /todos/{id} -> 204", deleted.status == 204, str(deleted.status))
        gone = api.request("GET", item, headers=auth)
        o.check(name, "GET a deleted todo -> 404", gone.status == 404, str(gone.status))
    if cors_origin:
        preflight = api.request(
            "OPTIONS",
            todos,
            headers={
                "origin": cors_origin,
                "access-control-request-method": "POST",
                "access-control-request-headers": "authorization,content-type",
            },
        )
        o.check(
            name,
            f"CORS preflight from {cors_origin} answered without a token",
            preflight.status in (200, 204)
            and preflight.headers.get("access-control-allow-origin") == cors_origin,
            f"{preflight.status} {preflight.headers}",
        )
        other = api.request(
            "OPTIONS",
            todos,
            headers={
                "origin": "https://elsewhere.example",
                "access-control-request-method": "POST",
            },
        )
        o.check(
            name,
            "CORS preflight from another origin gets no allow-origin",
            "access-control-allow-origin" not in other.headers,
            str(other.headers),
        )


def orders_checks(c: Clients, resources: dict[str, Resource], o: Outcome, timeout_s: float) -> None:
    name = "Orders e2e"
    queue = first(resources, "AWS::SQS::Queue", lambda r: "RedrivePolicy" in r.props)
    dlq = resources[queue.raw["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]]
    table = first(resources, "AWS::DynamoDB::Table")
    url, dlq_url = queue.physical_id, dlq.physical_id
    assert url and dlq_url and table.physical_id
    visibility = c.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])[
        "Attributes"
    ]["VisibilityTimeout"]
    # A failed message comes back after the visibility timeout (6x the function timeout,
    # minutes): shortened for the test so the redrive happens in seconds, then restored.
    c.sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "1"})
    try:
        run = uuid.uuid4().hex[:8]
        good = [f"local-{run}-{i}" for i in range(3)]
        entries = [
            {
                "Id": str(i),
                "MessageBody": json.dumps(
                    {"order_id": order, "customer": "Ada", "items": [{"sku": "A-1", "quantity": 2}]}
                ),
            }
            for i, order in enumerate(good)
        ]
        poison_body = json.dumps({"order_id": f"poison-{run}", "customer": "", "items": []})
        entries.append({"Id": "poison", "MessageBody": poison_body})
        c.sqs.send_message_batch(QueueUrl=url, Entries=entries)

        def stored() -> bool:
            return all(
                "Item"
                in c.dynamodb.get_item(TableName=table.physical_id, Key={"order_id": {"S": g}})
                for g in good
            )

        wait_for("orders stored", stored, timeout_s)
        o.check(
            name,
            f"{len(good)} good orders of a batch with a poison message stored in DynamoDB",
            True,
        )

        def dead_lettered() -> list[dict[str, Any]]:
            found = c.sqs.receive_message(
                QueueUrl=dlq_url, MaxNumberOfMessages=10, WaitTimeSeconds=1
            ).get("Messages", [])
            return [m for m in found if m["Body"] == poison_body]

        powertools_log_check(c, resources, good, o, name, timeout_s)
        rules = [r for r in resources.values() if r.type == "AWS::Events::Rule"]
        if rules:
            confirmed_orders_check(c, table.physical_id, good, rules, o, name, timeout_s)

        in_dlq = wait_for("poison message in the DLQ", dead_lettered, timeout_s)
        o.check(name, "poison message retried, then in the dead-letter queue", bool(in_dlq))
        leftover = c.dynamodb.get_item(
            TableName=table.physical_id, Key={"order_id": {"S": f"poison-{run}"}}
        )
        o.check(name, "poison order not stored", "Item" not in leftover)
    finally:
        c.sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": visibility})


def powertools_log_check(
    c: Clients,
    resources: dict[str, Resource],
    orders: list[str],
    o: Outcome,
    name: str,
    timeout_s: float,
) -> None:
    """Each function with a layer (the worker, Handler(powertools=True): AWS's Powertools
    layer, stood in for by tools/local/powertools_layer.py) logged every stored order as
    one JSON line of Powertools' Logger: its service name, the order_id, the Lambda context."""
    for worker in resources.values():
        if worker.type != "AWS::Lambda::Function" or not worker.props.get("Layers"):
            continue
        group = worker.props["LoggingConfig"]["LogGroup"]
        service = worker.props["Environment"]["Variables"]["POWERTOOLS_SERVICE_NAME"]

        def logged(group: str = group) -> dict[str, dict[str, Any]]:
            lines = {}
            for page in c.logs.get_paginator("filter_log_events").paginate(logGroupName=group):
                for event in page["events"]:
                    try:
                        line = json.loads(event["message"])
                    except ValueError:
                        continue
                    if isinstance(line, dict) and line.get("message") == "order stored":
                        lines[str(line.get("order_id"))] = line
            return {order: lines[order] for order in orders if order in lines}

        try:
            found = wait_for("order log lines", lambda: len(logged()) == len(orders), timeout_s)
            lines = logged() if found else {}
        except TimeoutError:
            lines = logged()
        ok = len(lines) == len(orders) and all(
            line.get("service") == service
            and line.get("level") == "INFO"
            and line.get("function_request_id")
            for line in lines.values()
        )
        o.check(
            name,
            f"{worker.logical_id} logged each stored order as one JSON line through Powertools' "
            f"Logger (service {service}, order_id, level INFO, the Lambda request id)",
            ok,
            json.dumps(lines)[:600],
        )


def confirmed_orders_check(
    c: Clients,
    table: str,
    orders: list[str],
    rules: list[Resource],
    o: Outcome,
    name: str,
    timeout_s: float,
) -> None:
    """Each stored order was announced on EventBridge, matched by the rule and confirmed by
    the function behind it (status from the template's handler: CONFIRMED)."""
    patterns = ", ".join(json.dumps(r.props.get("EventPattern"), sort_keys=True) for r in rules)

    def statuses() -> dict[str, Any]:
        items = {
            g: c.dynamodb.get_item(TableName=table, Key={"order_id": {"S": g}}).get("Item", {})
            for g in orders
        }
        return {g: item.get("status", {}).get("S") for g, item in items.items()}

    try:
        wait_for(
            "orders confirmed",
            lambda: all(v == "CONFIRMED" for v in statuses().values()),
            timeout_s,
        )
        ok = True
    except TimeoutError:
        ok = False
    o.check(
        name,
        f"{len(orders)} stored orders confirmed through EventBridge ({patterns}) -> "
        "the rule's target function (status CONFIRMED)",
        ok,
        str(statuses()),
    )


def uploads_checks(
    c: Clients, resources: dict[str, Resource], o: Outcome, timeout_s: float
) -> None:
    """An upload matching each of the bucket's notification filters becomes a summary
    (S3 notification -> SQS -> the worker); one matching none is left alone."""
    name = "Uploads e2e"
    notifications = first(resources, "Custom::S3BucketNotifications")
    bucket = notifications.props["BucketName"]
    configs = notifications.props["NotificationConfiguration"].get("QueueConfigurations", [])
    run = uuid.uuid4().hex[:8]
    uploads: dict[str, str] = {}  # key -> its notification's prefix
    body = b"sku,quantity\nA-1,2\nB-2,5\n"
    for config in configs:
        rules = {
            f["Name"].lower(): f["Value"]
            for f in config.get("Filter", {}).get("Key", {}).get("FilterRules", [])
        }
        key = f"{rules.get('prefix', '')}local-{run}/sample{rules.get('suffix', '.txt')}"
        uploads[key] = rules.get("prefix", "")
    prefixes = set(uploads.values())
    ignored = f"elsewhere-{run}/sample.csv"
    c.s3.put_object(Bucket=bucket, Key=ignored, Body=b"sku,quantity\nA-1,2\n")
    for key in uploads:
        c.s3.put_object(Bucket=bucket, Key=key, Body=body)

    def output(key: str) -> str:  # the worker's naming: incoming/<name> -> processed/<name>.json
        return f"processed/{key.removeprefix(uploads[key])}.json"

    def summary(key: str) -> dict[str, Any] | None:
        out = output(key)
        try:
            found: dict[str, Any] = json.loads(
                c.s3.get_object(Bucket=bucket, Key=out)["Body"].read()
            )
            return found
        except c.s3.exceptions.NoSuchKey:
            return None

    expected_sha = hashlib.sha256(body).hexdigest()
    for key in uploads:
        try:
            got = wait_for(f"summary of {key}", functools.partial(summary, key), timeout_s)
        except TimeoutError:
            got = None
        o.check(
            name,
            f"upload {key} -> {output(key)} (S3 notification -> SQS -> worker)",
            bool(got) and got.get("sha256") == expected_sha and got.get("source") == key,
            str(got),
        )
    listed = c.s3.list_objects_v2(Bucket=bucket, Prefix="processed/").get("Contents", [])
    o.check(
        name,
        f"an upload outside {sorted(prefixes)} is not summarised",
        not any(f"elsewhere-{run}" in item["Key"] for item in listed),
        str([i["Key"] for i in listed]),
    )


def report_checks(c: Clients, resources: dict[str, Resource], o: Outcome) -> None:
    name = "NightlyReport e2e"
    alias = first(resources, "AWS::Lambda::Alias")
    function = alias.physical_id or ""
    schedule = first(resources, "AWS::Scheduler::Schedule")
    payload = json.loads(schedule.props["Target"]["Input"])
    # what Scheduler sends: its context attributes filled in
    payload = {
        k: (
            "2030-01-31T02:00:00Z"
            if "scheduled-time" in str(v)
            else "local-e2e"
            if "execution-id" in str(v)
            else v
        )
        for k, v in payload.items()
    }
    result = c.lambda_.invoke(FunctionName=function, Payload=json.dumps(payload).encode())
    body = json.loads(result["Payload"].read() or b"null")
    ok = "FunctionError" not in result and isinstance(body, dict) and "key" in body
    o.check(
        name,
        "live alias invoked with the schedule's payload",
        ok,
        f"{result.get('FunctionError')} {body}",
    )
    if not ok:
        return
    bucket = next(
        r
        for r in resources.values()
        if r.type == "AWS::S3::Bucket" and "VersioningConfiguration" in r.props
    )
    head = c.s3.head_object(Bucket=bucket.physical_id, Key=body["key"])
    o.check(
        name,
        f"report s3://<reports>/{body['key']} written ({head['ContentLength']} bytes)",
        head["ContentLength"] > 0,
    )
    bad = c.lambda_.invoke(
        FunctionName=function, Payload=json.dumps({"report": "unknown"}).encode()
    )
    o.check(
        name,
        "a bad payload fails the run (so it is retried, then dead-lettered)",
        "FunctionError" in bad,
    )


def site_checks(c: Clients, resources: dict[str, Resource], api_id: str | None, o: Outcome) -> None:
    name = "TodoSite e2e"
    deployment = first(resources, "Custom::CDKBucketDeployment", lambda r: "Exclude" in r.props)
    bucket_name = deployment.props["DestinationBucketName"]
    keys = {item["Key"] for item in c.s3.list_objects_v2(Bucket=bucket_name).get("Contents", [])}
    o.check(
        name,
        f"site bucket holds {sorted(keys)}",
        {"index.html", "config.json"} <= keys,
        str(sorted(keys)),
    )
    index = c.s3.get_object(Bucket=bucket_name, Key="index.html")
    o.check(
        name,
        "index.html served as text/html with the deployment's cache-control",
        index["ContentType"].startswith("text/html")
        and index.get("CacheControl") == deployment.props["SystemMetadata"]["cache-control"],
        f"{index['ContentType']} {index.get('CacheControl')}",
    )
    config = json.loads(c.s3.get_object(Bucket=bucket_name, Key="config.json")["Body"].read())
    o.check(
        name,
        f"config.json apiUrl {config.get('apiUrl')!r} is the site's own /api",
        config.get("apiUrl") == "/api",
        str(config),
    )
    distribution = first(resources, "AWS::CloudFront::Distribution")
    got = c.cloudfront.get_distribution_config(Id=distribution.physical_id)["DistributionConfig"]
    behaviors = {b["PathPattern"]: b for b in got.get("CacheBehaviors", {}).get("Items", [])}
    domains = {o["Id"]: o["DomainName"] for o in got.get("Origins", {}).get("Items", [])}
    api_behavior = behaviors.get("/api/*", {})
    o.check(
        name,
        "the distribution sends /api/* to the deployed API, every method, never cached",
        bool(api_id)
        and str(domains.get(api_behavior.get("TargetOriginId"), "")).startswith(f"{api_id}.")
        and len(api_behavior.get("AllowedMethods", {}).get("Items", [])) == 7
        and api_behavior.get("CachePolicyId") == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
        f"{api_behavior} {domains}",
    )


def deployed_code_is_the_asset(c: Clients, resources: dict[str, Resource], o: Outcome) -> None:
    """Each function's code is the zip CDK published to the asset bucket."""
    for r in resources.values():
        code = r.props.get("Code", {})
        if r.type != "AWS::Lambda::Function" or "S3Key" not in code or not r.physical_id:
            continue
        bucket = c.s3.list_buckets()["Buckets"]
        staging = next(
            b["Name"] for b in bucket if b["Name"].startswith("cdk-") and "-assets-" in b["Name"]
        )
        blob = c.s3.get_object(Bucket=staging, Key=code["S3Key"])["Body"].read()
        expected = base64.b64encode(hashlib.sha256(blob).digest()).decode()
        got = c.lambda_.get_function_configuration(FunctionName=r.physical_id)["CodeSha256"]
        o.check(
            f"{r.stack}/{r.logical_id}",
            f"runs the asset {code['S3Key'][:12]}... from the asset bucket",
            got == expected,
            f"{got} != {expected}",
        )
