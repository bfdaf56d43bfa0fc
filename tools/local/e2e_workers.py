"""The demo's workers exercised end to end: orders through the queue worker (a poison
message to its dead-letter queue, its Powertools log lines, the confirmed orders' event
handler), uploads through the bucket events, the nightly report through its schedule's
payload.
"""

from __future__ import annotations

import functools
import hashlib
import json
import uuid
from typing import Any

from tools.local.checks import Clients, Outcome, Resource
from tools.local.e2e_support import first, wait_for


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
