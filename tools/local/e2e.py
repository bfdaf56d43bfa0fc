"""The deployed demo app, exercised end to end on the emulator (loopback only).

The functions run the code the emulator took from the bootstrap asset bucket (checked by
:func:`deployed_code_is_the_asset`), never the working tree.
The todo API is exercised in e2e_todo_api.py, the workers in e2e_workers.py, with
e2e_support.py's helpers.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable

from tools.local import e2e_todo_api, e2e_workers
from tools.local.checks import Clients, Outcome, Resource
from tools.local.e2e_support import HttpApi, first
from tools.local.jwt_local import LocalIssuer


def routes_of(resources: dict[str, Resource], api_id: str | None = None) -> set[str]:
    """The route keys of a stack's HTTP API (of ``api_id``'s when given)."""
    return {
        r.props["RouteKey"]
        for r in resources.values()
        if r.type == "AWS::ApiGatewayV2::Route"
        and (api_id is None or r.props.get("ApiId") == api_id)
    }


def exercise(
    c: Clients,
    port: int,
    resources: dict[str, dict[str, Resource]],
    apis: dict[str, tuple[str, Resource]],
    issuer: LocalIssuer,
    remaining: Callable[[], float],
    flow: Outcome,
) -> None:
    """Every demo stack deployed (``resources``; ``apis``: its HTTP API's id and resource),
    exercised on the emulator at ``port`` (``remaining``: the seconds the run has left)."""
    for rs in resources.values():
        deployed_code_is_the_asset(c, rs, flow)
    todo_api_id = None
    for stack, (api_id, api) in apis.items():
        cors = api.props.get("CorsConfiguration", {}).get("AllowOrigins", [None])[0]
        routes = routes_of(resources[stack], api_id)
        e2e_todo_api.todo_api_checks(
            HttpApi(port, api_id), issuer, cors, routes, flow, f"{stack} e2e"
        )
        if stack == "TodoApi":
            todo_api_id = api_id
    if "Orders" in resources:
        e2e_workers.orders_checks(c, resources["Orders"], flow, min(90, remaining()))
    if "NightlyReport" in resources:
        e2e_workers.report_checks(c, resources["NightlyReport"], flow)
    if "Uploads" in resources:
        e2e_workers.uploads_checks(c, resources["Uploads"], flow, min(60, remaining()))
    if "TodoSite" in resources:
        site_checks(c, resources["TodoSite"], todo_api_id, flow)


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
