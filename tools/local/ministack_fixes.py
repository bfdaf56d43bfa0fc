"""The fixes ministack 1.5.33 needs to deploy and run the demo app, applied in-process.

This module runs inside the emulator's own venv (``.venv/emulator``, pinned by
``requirements-emulator.lock``), never in the project's: ministack pins its own botocore.
``tools/local/ministack_server.py`` imports it, calls :func:`apply_all` and then starts
ministack. Each :class:`Fix` names the defect it works around and has a canary
(``python ministack_fixes.py --canaries``, run by ``tests/emulator/test_local_emulator_fixes.py``)
that reports two facts on the unpatched and the patched code:

- ``defect``: the pinned ministack still shows the defect (False after an upgrade that
  fixed it: delete the fix);
- ``fixed``: with the fix applied the behaviour is right (False: the fix broke).

Besides the fixes, :func:`apply_loopback_guard` makes the server process (and the worker
zygote, which the Python functions are forked from) refuse every connection, datagram and
name lookup that is not loopback and bind every socket to loopback, so nothing they do can
leave this machine or listen beyond it.
"""

from __future__ import annotations

import asyncio
import contextlib
import fnmatch
import io
import ipaddress
import json
import mimetypes
import os
import shutil
import socket
import sys
import tempfile
import threading
import uuid
import zipfile
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import _socket
    from _socket import _Address  # what socket.socket.connect takes (typeshed)

PINNED_VERSION = "1.5.33"

# Longest a custom resource may wait for its handler's answer (ministack: ServiceTimeout,
# default 3600 s). The demo's only Lambda-backed custom resource (CDK's VPC default
# security group handler) answers in about a second.
CUSTOM_RESOURCE_TIMEOUT_S = int(os.environ.get("LOCAL_CUSTOM_RESOURCE_TIMEOUT_S", "60"))

# JSON file {"<issuer>": {"keys": [...]}}: the JWKS the HTTP API's JWT authorizer uses
# for each issuer instead of fetching the issuer's discovery document and keys.
LOCAL_JWKS_ENV = "LOCAL_JWKS_FILE"


# What a provisioner of ministack's CloudFormation returns: (physical ID, attributes).
Provisioned = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class Fix:
    name: str
    defect: str
    apply: Callable[[], None]
    canary: Callable[[], dict[str, bool]]


def _provisioners() -> Any:
    from ministack.services.cloudformation import provisioners

    return provisioners


# --- 1. metric-math alarms ------------------------------------------------------------

_ORIGINAL: dict[str, Any] = {}


def _original(module: Any, name: str) -> Any:
    """The unpatched attribute (remembered on first use, so canaries can compare)."""
    key = f"{module.__name__}.{name}"
    return _ORIGINAL.setdefault(key, getattr(module, name))


def _metric_math_record(name: str, props: dict[str, Any]) -> dict[str, Any]:
    original: Callable[[str, dict[str, Any]], dict[str, Any]]
    original = _original(_provisioners(), "_cw_metric_alarm_record")
    if not props.get("Metrics"):
        return original(name, props)
    # Build the record as for a plain alarm, then keep the metric-math query instead
    # of a metric (ministack's evaluator skips alarms without MetricName/Namespace).
    plain = {k: v for k, v in props.items() if k != "Metrics"}
    record = original(name, {**plain, "MetricName": "-", "Namespace": "-"})
    record.update(MetricName=None, Namespace=None, Metrics=props["Metrics"])
    record.pop("Statistic", None)
    return record


_MATH_ALARM = {
    "ComparisonOperator": "GreaterThanOrEqualToThreshold",
    "Threshold": 5,
    "EvaluationPeriods": 1,
    "Metrics": [
        {"Id": "rate", "Expression": "100 * errors / requests", "ReturnData": True},
        {
            "Id": "errors",
            "MetricStat": {
                "Metric": {"MetricName": "5xx", "Namespace": "AWS/ApiGateway"},
                "Period": 300,
                "Stat": "Sum",
            },
            "ReturnData": False,
        },
    ],
}


def _apply_metric_math() -> None:
    p = _provisioners()
    _original(p, "_cw_metric_alarm_record")
    p._cw_metric_alarm_record = _metric_math_record


def _canary_metric_math() -> dict[str, bool]:
    original = _original(_provisioners(), "_cw_metric_alarm_record")
    try:
        original("canary", dict(_MATH_ALARM))
        defect = False
    except ValueError as exc:
        defect = "metric math" in str(exc)
    record = _metric_math_record("canary", dict(_MATH_ALARM))
    return {"defect": defect, "fixed": record.get("Metrics") == _MATH_ALARM["Metrics"]}


# --- 2. AWS::EC2::SecurityGroupIngress ------------------------------------------------


def _ec2() -> Any:
    from ministack.services import ec2

    return ec2


def _ingress_create(logical_id: str, props: dict[str, Any], stack_name: str) -> Provisioned:
    ec2, p = _ec2(), _provisioners()
    group_id = props.get("GroupId")
    group = ec2._security_groups.get(group_id)
    if group is None:
        raise ValueError(f"AWS::EC2::SecurityGroupIngress: security group {group_id} not found")
    (rule,) = p._ec2_sg_permissions([props])
    rule_id = ec2._sg_rule_id(group_id, False, rule)
    rule["SecurityGroupRuleId"] = rule_id
    if not any(ec2._rules_match(rule, existing) for existing in group["IpPermissions"]):
        group["IpPermissions"].append(rule)
    return rule_id, {"Id": rule_id}


def _ingress_delete(physical_id: str, props: dict[str, Any]) -> None:
    ec2 = _ec2()
    group = ec2._security_groups.get(props.get("GroupId"))
    if group is not None:
        group["IpPermissions"] = [
            r
            for r in group["IpPermissions"]
            if ec2._sg_rule_id(props.get("GroupId"), False, r) != physical_id
        ]


def _register(resource_type: str, handlers: dict[str, Any]) -> None:
    _provisioners()._RESOURCE_HANDLERS[resource_type] = handlers


def _known_types() -> set[str]:
    return set(_ORIGINAL.setdefault("types", set(_provisioners()._RESOURCE_HANDLERS)))


def _apply_sg_ingress() -> None:
    _known_types()
    _register(
        "AWS::EC2::SecurityGroupIngress",
        {"create": _ingress_create, "delete": _ingress_delete},
    )


def _canary_sg_ingress() -> dict[str, bool]:
    defect = "AWS::EC2::SecurityGroupIngress" not in _known_types()
    p = _provisioners()
    group_id, _ = p._ec2_sg_create("CanaryGroup", {"GroupDescription": "canary"}, "Canary")
    props = {
        "GroupId": group_id,
        "IpProtocol": "tcp",
        "FromPort": 443,
        "ToPort": 443,
        "SourceSecurityGroupId": group_id,
    }
    rule_id, _ = _ingress_create("CanaryIngress", props, "Canary")
    group = _ec2()._security_groups[group_id]
    added = [r.get("FromPort") for r in group["IpPermissions"]] == [443]
    _ingress_delete(rule_id, props)
    removed = group["IpPermissions"] == []
    p._ec2_sg_delete(group_id, {})
    return {"defect": defect, "fixed": added and removed}


# --- 3. AWS::EC2::FlowLog -------------------------------------------------------------


def _flow_log_create(logical_id: str, props: dict[str, Any], stack_name: str) -> Provisioned:
    ec2 = _ec2()
    flow_log_id = "fl-" + uuid.uuid4().hex[:17]
    ec2._flow_logs[flow_log_id] = {
        "FlowLogId": flow_log_id,
        "ResourceId": props.get("ResourceId"),
        "ResourceType": props.get("ResourceType", "VPC"),
        "TrafficType": props.get("TrafficType", "ALL"),
        "LogDestinationType": props.get("LogDestinationType", "cloud-watch-logs"),
        "LogDestination": props.get("LogDestination") or props.get("LogGroupName") or "",
        "DeliverLogsPermissionArn": props.get("DeliverLogsPermissionArn"),
        "FlowLogStatus": "ACTIVE",
        "CreationTime": ec2._now_ts(),
    }
    return flow_log_id, {"Id": flow_log_id}


def _flow_log_delete(physical_id: str, props: dict[str, Any]) -> None:
    _ec2()._flow_logs.pop(physical_id, None)


def _apply_flow_log() -> None:
    _known_types()
    _register("AWS::EC2::FlowLog", {"create": _flow_log_create, "delete": _flow_log_delete})


def _canary_flow_log() -> dict[str, bool]:
    defect = "AWS::EC2::FlowLog" not in _known_types()
    props = {"ResourceId": "vpc-canary", "ResourceType": "VPC", "TrafficType": "ALL"}
    flow_log_id, _ = _flow_log_create("CanaryFlowLog", props, "Canary")
    created = _ec2()._flow_logs[flow_log_id]["ResourceId"] == "vpc-canary"
    _flow_log_delete(flow_log_id, props)
    return {"defect": defect, "fixed": created and flow_log_id not in _ec2()._flow_logs}


# --- 4. custom resources wait ServiceTimeout (3600 s) ---------------------------------


def _custom_resource() -> Any:
    from ministack.services.cloudformation import custom_resource

    return custom_resource


def _capped_invoke(*args: Any, **kwargs: Any) -> Any:
    original = _original(_custom_resource(), "invoke_custom_resource")
    names = ["request_type", "logical_id", "props", "stack_name", "stack_id", "resource_type"]
    bound = dict(zip(names, args, strict=False)) | kwargs
    props = dict(bound.pop("props"))
    try:
        requested = int(props.get("ServiceTimeout", 3600))
    except (TypeError, ValueError):
        requested = 3600
    props["ServiceTimeout"] = min(requested, CUSTOM_RESOURCE_TIMEOUT_S)
    return original(props=props, **bound)


def _apply_custom_resource_timeout() -> None:
    module = _custom_resource()
    _original(module, "invoke_custom_resource")
    module.invoke_custom_resource = _capped_invoke


def _waited_seconds(invoke: Callable[..., Any]) -> float | None:
    """How long ``invoke`` would wait for a handler that never answers (nothing waits)."""
    import ministack.services.lambda_svc as lambda_svc

    cr = _custom_resource()
    waited: list[float] = []

    class Never(threading.Event):
        def wait(self, timeout: float | None = None) -> bool:
            waited.append(timeout if timeout is not None else float("inf"))
            return False

    stubs = {
        (cr, "register_token"): lambda token: Never(),
        (lambda_svc, "_get_func_record_for_ref"): lambda ref: ({}, {}, "canary"),
        (lambda_svc, "_execution_record_for_config"): lambda record, config: {},
        (lambda_svc, "_execute_function_with_config_scope"): lambda record, event: None,
    }
    saved = {key: getattr(*key) for key in stubs}
    try:
        for (module, name), stub in stubs.items():
            setattr(module, name, stub)
        with contextlib.suppress(TimeoutError):
            invoke("Create", "Canary", {"ServiceToken": "canary"}, "Canary", "id", "Custom::X")
    finally:
        for (module, name), value in saved.items():
            setattr(module, name, value)
    return waited[0] if waited else None


def _canary_custom_resource_timeout() -> dict[str, bool]:
    original = _original(_custom_resource(), "invoke_custom_resource")
    return {
        "defect": _waited_seconds(original) == 3600,
        "fixed": _waited_seconds(_capped_invoke) == CUSTOM_RESOURCE_TIMEOUT_S,
    }


# --- 5. Custom::CDKBucketDeployment needs /opt/awscli/aws -----------------------------

_DEPLOYMENT_PREFIX = "aws.cdk.s3deployment."
# SystemMetadata keys of CDK's handler -> put_object parameters
_SYSTEM_METADATA = {
    "cache-control": "CacheControl",
    "content-disposition": "ContentDisposition",
    "content-encoding": "ContentEncoding",
    "content-language": "ContentLanguage",
    "content-type": "ContentType",
    "expires": "Expires",
    "sse": "ServerSideEncryption",
    "storage-class": "StorageClass",
    "website-redirect": "WebsiteRedirectLocation",
    "sse-kms-key-id": "SSEKMSKeyId",
    "acl": "ACL",
}


def _flag(value: Any, default: bool) -> bool:
    if value is None:
        return default
    return str(value).lower() == "true"


def _s3_client() -> Any:
    import boto3

    port = os.environ.get("GATEWAY_PORT", "4566")
    return boto3.client(
        "s3", endpoint_url=f"http://127.0.0.1:{port}", region_name=os.environ.get("AWS_REGION")
    )


def _cloudfront_client() -> Any:
    import boto3

    port = os.environ.get("GATEWAY_PORT", "4566")
    return boto3.client("cloudfront", endpoint_url=f"http://127.0.0.1:{port}")


def _excluded(key: str, exclude: list[str], include: list[str]) -> bool:
    # aws s3 sync semantics: later filters win; CDK passes every --exclude then --include
    return any(fnmatch.fnmatch(key, p) for p in exclude) and not any(
        fnmatch.fnmatch(key, p) for p in include
    )


def bucket_deployment(props: dict[str, Any], s3: Any) -> list[str]:
    """What CDK's BucketDeployment handler does with the AWS CLI, done with ``s3``:
    extract each source zip (later sources win), replace the markers, upload with the
    system/user metadata, prune what the sources no longer hold. Returns the keys."""
    bucket = props["DestinationBucketName"]
    prefix = props.get("DestinationBucketKeyPrefix", "") or ""
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    exclude, include = list(props.get("Exclude") or []), list(props.get("Include") or [])
    sources = zip(
        props.get("SourceBucketNames") or [], props.get("SourceObjectKeys") or [], strict=True
    )
    markers = list(props.get("SourceMarkers") or [])
    markers_config = list(props.get("SourceMarkersConfig") or [])
    extract = _flag(props.get("Extract"), True)
    files: dict[str, bytes] = {}
    for index, (source_bucket, source_key) in enumerate(sources):
        blob = s3.get_object(Bucket=source_bucket, Key=source_key)["Body"].read()
        entries = {Path(source_key).name: blob}
        if extract:
            with zipfile.ZipFile(io.BytesIO(blob)) as archive:
                entries = {
                    info.filename: archive.read(info)
                    for info in archive.infolist()
                    if not info.is_dir()
                }
        source_markers = markers[index] if index < len(markers) else {}
        config = markers_config[index] if index < len(markers_config) else {}
        for name, data in entries.items():
            for marker, value in (source_markers or {}).items():
                text = str(value)
                if _flag((config or {}).get("jsonEscape"), False):
                    text = json.dumps(text)[1:-1]
                data = data.replace(marker.encode(), text.encode())
            files[name] = data
    system = dict(props.get("SystemMetadata") or {})
    user = {k.lower(): str(v) for k, v in (props.get("UserMetadata") or {}).items()}
    uploaded: list[str] = []
    for name, data in sorted(files.items()):
        if _excluded(name, exclude, include):
            continue
        extra = {_SYSTEM_METADATA[k]: str(v) for k, v in system.items() if k in _SYSTEM_METADATA}
        extra.setdefault("ContentType", mimetypes.guess_type(name)[0] or "binary/octet-stream")
        s3.put_object(Bucket=bucket, Key=prefix + name, Body=data, Metadata=user, **extra)
        uploaded.append(prefix + name)
    if _flag(props.get("Prune"), True):
        wanted = set(uploaded)
        for key in _keys(s3, bucket, prefix):
            if key not in wanted and not _excluded(key[len(prefix) :], exclude, include):
                s3.delete_object(Bucket=bucket, Key=key)
    return uploaded


def _keys(s3: Any, bucket: str, prefix: str) -> Iterator[str]:
    token: dict[str, str] = {}
    while True:
        page = s3.list_objects_v2(Bucket=bucket, Prefix=prefix, **token)
        yield from (item["Key"] for item in page.get("Contents", []))
        if not page.get("IsTruncated"):
            return
        token = {"ContinuationToken": page["NextContinuationToken"]}


def _deployment_result(physical_id: str, props: dict[str, Any], keys: list[str]) -> Provisioned:
    attrs: dict[str, Any] = {
        "DestinationBucketArn": f"arn:aws:s3:::{props['DestinationBucketName']}"
    }
    if _flag(props.get("OutputObjectKeys"), True):
        attrs["SourceObjectKeys"] = list(props.get("SourceObjectKeys") or [])
    distribution = props.get("DistributionId")
    if distribution:
        paths = list(props.get("DistributionPaths") or ["/*"])
        with contextlib.suppress(Exception):  # the content is what matters locally
            _cloudfront_client().create_invalidation(
                DistributionId=distribution,
                InvalidationBatch={
                    "Paths": {"Quantity": len(paths), "Items": paths},
                    "CallerReference": physical_id + uuid.uuid4().hex[:8],
                },
            )
    return physical_id, attrs


def _deployment_create(logical_id: str, props: dict[str, Any], stack_name: str) -> Provisioned:
    keys = bucket_deployment(props, _s3_client())
    return _deployment_result(_DEPLOYMENT_PREFIX + str(uuid.uuid4()), props, keys)


def _deployment_update(
    physical_id: str,
    old_props: dict[str, Any],
    new_props: dict[str, Any],
    stack_name: str,
    logical_id: str | None = None,
) -> Provisioned:
    keys = bucket_deployment(new_props, _s3_client())
    return _deployment_result(physical_id, new_props, keys)


def _deployment_delete(physical_id: str, props: dict[str, Any]) -> None:
    if _flag(props.get("RetainOnDelete"), True):
        return
    s3 = _s3_client()
    prefix = props.get("DestinationBucketKeyPrefix", "") or ""
    with contextlib.suppress(Exception):  # the bucket may already be gone
        for key in list(_keys(s3, props["DestinationBucketName"], prefix)):
            s3.delete_object(Bucket=props["DestinationBucketName"], Key=key)


def _apply_bucket_deployment() -> None:
    _known_types()
    _register(
        "Custom::CDKBucketDeployment",
        {
            "create": _deployment_create,
            "update": _deployment_update,
            "update_with_logical_id": True,
            "delete": _deployment_delete,
        },
    )


class _DictS3:
    """Just enough of an S3 client over a dict, for the canary."""

    def __init__(self, objects: dict[tuple[str, str], bytes]) -> None:
        self.objects = objects
        self.metadata: dict[tuple[str, str], dict[str, Any]] = {}

    def get_object(self, Bucket: str, Key: str) -> dict[str, Any]:
        return {"Body": io.BytesIO(self.objects[(Bucket, Key)])}

    def put_object(self, Bucket: str, Key: str, Body: bytes, **extra: Any) -> None:
        self.objects[(Bucket, Key)] = Body
        self.metadata[(Bucket, Key)] = extra

    def delete_object(self, Bucket: str, Key: str) -> None:
        del self.objects[(Bucket, Key)]

    def list_objects_v2(self, Bucket: str, Prefix: str, **_: Any) -> dict[str, Any]:
        keys = sorted(k for b, k in self.objects if b == Bucket and k.startswith(Prefix))
        return {"Contents": [{"Key": k} for k in keys]}


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _cdk_handler_needs_aws_cli() -> bool:
    """The CDK handler shells out to /opt/awscli/aws; ministack's local executor has no
    /opt (layers are not mounted there) and no provisioner of its own for the type."""
    return (
        "Custom::CDKBucketDeployment" not in _known_types() and not Path("/opt/awscli/aws").exists()
    )


def _canary_bucket_deployment() -> dict[str, bool]:
    s3 = _DictS3(
        {
            ("assets", "site.zip"): _zip({"index.html": "<p>hi</p>", "config.json": "{}"}),
            ("assets", "config.zip"): _zip({"config.json": '{"apiUrl": <<marker:0>>}'}),
            ("site", "stale.html"): b"old",
            ("site", "config.json"): b"{}",
        }
    )
    site = {
        "SourceBucketNames": ["assets"],
        "SourceObjectKeys": ["site.zip"],
        "DestinationBucketName": "site",
        "Exclude": ["config.json"],
        "SystemMetadata": {"cache-control": "no-cache"},
    }
    config = {
        "SourceBucketNames": ["assets"],
        "SourceObjectKeys": ["config.zip"],
        "SourceMarkers": [{"<<marker:0>>": '"https://api"'}],
        "DestinationBucketName": "site",
        "Prune": False,
    }
    bucket_deployment(site, s3)
    bucket_deployment(config, s3)
    site_keys = {k for b, k in s3.objects if b == "site"}
    fixed = (
        site_keys == {"index.html", "config.json"}
        and s3.objects[("site", "config.json")] == b'{"apiUrl": "https://api"}'
        and s3.metadata[("site", "index.html")]["CacheControl"] == "no-cache"
        and s3.metadata[("site", "index.html")]["ContentType"] == "text/html"
    )
    return {"defect": _cdk_handler_needs_aws_cli(), "fixed": fixed}


# --- 6. HTTP API CorsConfiguration / stage route settings stored PascalCase ------------


def _camel(value: Any) -> Any:
    if isinstance(value, dict):
        return {k[:1].lower() + k[1:]: v for k, v in value.items()}
    return value


def _camel_cors(props: dict[str, Any]) -> dict[str, Any]:
    if isinstance(props.get("CorsConfiguration"), dict):
        return {**props, "CorsConfiguration": _camel(props["CorsConfiguration"])}
    return props


def _api_create(logical_id: str, props: dict[str, Any], stack_name: str) -> Any:
    return _original(_provisioners(), "_apigw_v2_api_create")(
        logical_id, _camel_cors(props), stack_name
    )


def _api_update(
    physical_id: str,
    old: dict[str, Any],
    new: dict[str, Any],
    stack_name: str,
    logical_id: str | None = None,
) -> Any:
    return _original(_provisioners(), "_apigw_v2_api_update")(
        physical_id, _camel_cors(old), _camel_cors(new), stack_name, logical_id
    )


def _stage_props(props: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = _original(_provisioners(), "_apigw_v2_stage_props")(props)
    record["defaultRouteSettings"] = _camel(record.get("defaultRouteSettings") or {})
    record["routeSettings"] = {
        key: _camel(value) for key, value in (record.get("routeSettings") or {}).items()
    }
    return record


def _apply_http_api_case() -> None:
    p = _provisioners()
    for name, patched in (
        ("_apigw_v2_api_create", _api_create),
        ("_apigw_v2_api_update", _api_update),
        ("_apigw_v2_stage_props", _stage_props),
    ):
        _original(p, name)
        setattr(p, name, patched)
    handlers = p._RESOURCE_HANDLERS["AWS::ApiGatewayV2::Api"]
    handlers["create"], handlers["update"] = _api_create, _api_update


def _canary_http_api_case() -> dict[str, bool]:
    from ministack.services import apigateway

    p = _provisioners()
    props = {
        "Name": "canary",
        "ProtocolType": "HTTP",
        "CorsConfiguration": {"AllowOrigins": ["https://site.example"], "MaxAge": 600},
    }
    origin = "https://site.example"

    def allowed(create: Callable[..., Any]) -> bool:
        api_id, _ = create("CanaryApi", dict(props), "Canary")
        try:
            cors = apigateway._apis[api_id].get("corsConfiguration") or {}
            headers = apigateway._cors_response_headers(cors, origin)
            return bool(headers.get("Access-Control-Allow-Origin") == origin)
        finally:
            p._apigw_v2_api_delete(api_id, {})

    stage = {"DefaultRouteSettings": {"ThrottlingRateLimit": 50, "ThrottlingBurstLimit": 100}}
    original_stage = _original(p, "_apigw_v2_stage_props")(stage)["defaultRouteSettings"]
    fixed_stage = _stage_props(stage)["defaultRouteSettings"]
    return {
        "defect": not allowed(_original(p, "_apigw_v2_api_create"))
        and "throttlingRateLimit" not in original_stage,
        "fixed": allowed(_api_create) and fixed_stage.get("throttlingRateLimit") == 50,
    }


# --- 7. JWT authorizer fetches the issuer's discovery document and JWKS ---------------

_LOCAL_SCHEME = "local-jwks:"


def _local_jwks() -> dict[str, Any]:
    path = os.environ.get(LOCAL_JWKS_ENV)
    if not path or not Path(path).is_file():
        return {}
    return {k.rstrip("/"): v for k, v in json.loads(Path(path).read_text()).items()}


async def _local_jwks_uri(issuer: str) -> str | None:
    issuer = issuer.rstrip("/")
    if issuer in _local_jwks():
        return _LOCAL_SCHEME + issuer
    return None  # never fetched: the authorizer then denies (401)


async def _fetch_local_jwks(url: str) -> dict[str, Any]:
    if url.startswith(_LOCAL_SCHEME):
        return dict(_local_jwks()[url[len(_LOCAL_SCHEME) :]])
    from urllib.parse import urlsplit

    if _is_loopback_host(urlsplit(url).hostname or ""):
        fetch: Callable[[str], Awaitable[dict[str, Any]]] = _original(_apigateway(), "_fetch_jwks")
        return await fetch(url)
    raise OSError(f"JWKS {url} is not in {LOCAL_JWKS_ENV} and not on loopback: not fetched")


def _apigateway() -> Any:
    from ministack.services import apigateway

    return apigateway


def _apply_local_jwks() -> None:
    module = _apigateway()
    for name, patched in (
        ("_fetch_oidc_jwks_uri", _local_jwks_uri),
        ("_fetch_jwks", _fetch_local_jwks),
    ):
        _original(module, name)
        setattr(module, name, patched)


def _canary_local_jwks() -> dict[str, bool]:
    module = _apigateway()
    issuer = "https://auth.example.com/"
    jwks = {"keys": [{"kty": "RSA", "kid": "canary", "n": "AQAB", "e": "AQAB"}]}
    fetched: list[str] = []

    async def record(url: Any, timeout: float) -> Any:
        fetched.append(url if isinstance(url, str) else url.full_url)
        raise OSError("canary: no network")

    saved = module._urlopen_async
    module._urlopen_async = record
    module._oidc_config_cache.clear()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({issuer: jwks}, handle)
    previous = os.environ.get(LOCAL_JWKS_ENV)
    try:
        os.environ.pop(LOCAL_JWKS_ENV, None)
        # unpatched: resolving the JWKS URL goes to the issuer's discovery document
        _original(module, "_fetch_oidc_jwks_uri")
        asyncio.run(_original(module, "_fetch_oidc_jwks_uri")(issuer))
        defect = any(url.startswith("https://auth.example.com/") for url in fetched)
        fetched.clear()
        os.environ[LOCAL_JWKS_ENV] = handle.name
        url = asyncio.run(_local_jwks_uri(issuer))
        got = asyncio.run(_fetch_local_jwks(url)) if url else None
        with contextlib.suppress(OSError):
            asyncio.run(_fetch_local_jwks("https://elsewhere.example/jwks.json"))
        fixed = got == jwks and not fetched
    finally:
        module._urlopen_async = saved
        module._oidc_config_cache.clear()
        os.unlink(handle.name)
        if previous is None:
            os.environ.pop(LOCAL_JWKS_ENV, None)
        else:
            os.environ[LOCAL_JWKS_ENV] = previous
    return {"defect": defect, "fixed": fixed}


# --- 8. AWS::CodeDeploy::Application / DeploymentGroup ----------------------------------
#
# ministack has no CodeDeploy at all: no provisioner for either type (the change set is
# refused) and no API. The application and deployment groups are recorded, and answered by
# a minimal CodeDeploy API (Get/List/BatchGet), so they are created and checkable; no
# traffic is shifted: an alias with an UpdatePolicy CodeDeployLambdaAliasUpdate is updated
# in place, as ministack already does (it ignores UpdatePolicy). Traffic shifting, its
# alarms and rollback only happen in AWS. The API is routed by its X-Amz-Target prefix,
# as ministack routes its own JSON services: by the credential scope alone, the router
# would first load every botocore service model to learn that "codedeploy" is an AWS
# service (about 3 CPU-seconds of the emulator's run).

_CODEDEPLOY_TARGET = "CodeDeploy_20141006"
_CODEDEPLOY_APPS: dict[str, dict[str, Any]] = {}
_CODEDEPLOY_GROUPS: dict[tuple[str, str], dict[str, Any]] = {}


def _generated_name(stack_name: str, logical_id: str) -> str:
    return f"{stack_name}-{logical_id}-{uuid.uuid4().hex[:12].upper()}"[:100]


def _cd_app_create(logical_id: str, props: dict[str, Any], stack_name: str) -> Provisioned:
    name = props.get("ApplicationName") or _generated_name(stack_name, logical_id)
    if name in _CODEDEPLOY_APPS:
        raise ValueError(f"AWS::CodeDeploy::Application {name} already exists")
    _CODEDEPLOY_APPS[name] = {
        "applicationId": str(uuid.uuid4()),
        "applicationName": name,
        "computePlatform": props.get("ComputePlatform", "Server"),
        "linkedToGitHub": False,
    }
    return name, {}


def _cd_app_delete(physical_id: str, props: dict[str, Any]) -> None:
    _CODEDEPLOY_APPS.pop(physical_id, None)
    for key in [k for k in _CODEDEPLOY_GROUPS if k[0] == physical_id]:
        del _CODEDEPLOY_GROUPS[key]


def _cd_group_record(name: str, props: dict[str, Any]) -> dict[str, Any]:
    app = props["ApplicationName"]
    if app not in _CODEDEPLOY_APPS:
        raise ValueError(f"AWS::CodeDeploy::DeploymentGroup: application {app} not found")
    alarms = props.get("AlarmConfiguration") or {}
    rollback = props.get("AutoRollbackConfiguration") or {}
    return {
        "applicationName": app,
        "deploymentGroupId": str(uuid.uuid4()),
        "deploymentGroupName": name,
        "deploymentConfigName": props.get("DeploymentConfigName", "CodeDeployDefault.OneAtATime"),
        "serviceRoleArn": props.get("ServiceRoleArn"),
        "alarmConfiguration": {
            "enabled": _flag(alarms.get("Enabled"), False),
            "ignorePollAlarmFailure": _flag(alarms.get("IgnorePollAlarmFailure"), False),
            "alarms": [{"name": a.get("Name")} for a in alarms.get("Alarms") or []],
        },
        "autoRollbackConfiguration": {
            "enabled": _flag(rollback.get("Enabled"), False),
            "events": list(rollback.get("Events") or []),
        },
        "deploymentStyle": {
            "deploymentType": (props.get("DeploymentStyle") or {}).get("DeploymentType"),
            "deploymentOption": (props.get("DeploymentStyle") or {}).get("DeploymentOption"),
        },
        "computePlatform": _CODEDEPLOY_APPS[app]["computePlatform"],
    }


def _cd_group_create(logical_id: str, props: dict[str, Any], stack_name: str) -> Provisioned:
    name = props.get("DeploymentGroupName") or _generated_name(stack_name, logical_id)
    _CODEDEPLOY_GROUPS[(props["ApplicationName"], name)] = _cd_group_record(name, props)
    return name, {}


def _cd_group_update(
    physical_id: str,
    old: dict[str, Any],
    new: dict[str, Any],
    stack_name: str,
    logical_id: str | None = None,
) -> Provisioned:
    if old.get("ApplicationName") != new.get("ApplicationName") or (
        new.get("DeploymentGroupName") and new["DeploymentGroupName"] != physical_id
    ):
        _cd_group_delete(physical_id, old)
        return _cd_group_create(logical_id or physical_id, new, stack_name)
    record = _cd_group_record(physical_id, new)
    previous = _CODEDEPLOY_GROUPS.get((new["ApplicationName"], physical_id), {})
    record["deploymentGroupId"] = previous.get("deploymentGroupId", record["deploymentGroupId"])
    _CODEDEPLOY_GROUPS[(new["ApplicationName"], physical_id)] = record
    return physical_id, {}


def _cd_group_delete(physical_id: str, props: dict[str, Any]) -> None:
    _CODEDEPLOY_GROUPS.pop((props.get("ApplicationName", ""), physical_id), None)


def _codedeploy_api(action: str, request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """(status, body) of the CodeDeploy API calls the local checks use."""

    def missing(kind: str, name: str) -> tuple[int, dict[str, Any]]:
        return 400, {"__type": f"{kind}DoesNotExistException", "message": f"{name} not found"}

    app = request.get("applicationName", "")
    if action == "ListApplications":
        return 200, {"applications": sorted(_CODEDEPLOY_APPS)}
    if action == "GetApplication":
        if app not in _CODEDEPLOY_APPS:
            return missing("Application", app)
        return 200, {"application": _CODEDEPLOY_APPS[app]}
    if action == "BatchGetApplications":
        names = request.get("applicationNames") or []
        return 200, {
            "applicationsInfo": [_CODEDEPLOY_APPS[n] for n in names if n in _CODEDEPLOY_APPS]
        }
    if action == "ListDeploymentGroups":
        if app not in _CODEDEPLOY_APPS:
            return missing("Application", app)
        groups = sorted(g for a, g in _CODEDEPLOY_GROUPS if a == app)
        return 200, {"applicationName": app, "deploymentGroups": groups}
    if action == "GetDeploymentGroup":
        group = _CODEDEPLOY_GROUPS.get((app, request.get("deploymentGroupName", "")))
        if group is None:
            return missing("DeploymentGroup", request.get("deploymentGroupName", ""))
        return 200, {"deploymentGroupInfo": group}
    return 400, {
        "__type": "UnsupportedActionException",
        "message": f"CodeDeploy {action} is not emulated locally (only its resources are recorded)",
    }


async def _codedeploy_handler(
    method: str, path: str, headers: dict[str, str], body: bytes, query: Any
) -> tuple[int, dict[str, str], bytes]:
    target = {k.lower(): v for k, v in headers.items()}.get("x-amz-target", "")
    status, answer = _codedeploy_api(target.rpartition(".")[2], json.loads(body or b"{}"))
    return status, {"Content-Type": "application/x-amz-json-1.1"}, json.dumps(answer).encode()


def _app_module() -> Any:
    import ministack.app

    return ministack.app


def _router() -> Any:
    from ministack.core import router

    return router


def _apply_codedeploy() -> None:
    _known_types()
    _register("AWS::CodeDeploy::Application", {"create": _cd_app_create, "delete": _cd_app_delete})
    _register(
        "AWS::CodeDeploy::DeploymentGroup",
        {"create": _cd_group_create, "update": _cd_group_update, "delete": _cd_group_delete},
    )
    _app_module().SERVICE_HANDLERS["codedeploy"] = _codedeploy_handler
    _router().SERVICE_PATTERNS["codedeploy"] = {"target_prefixes": [_CODEDEPLOY_TARGET]}


def _routed_without_the_catalog() -> bool:
    """With the fix's routing pattern, a CodeDeploy request goes to "codedeploy" and the
    router never loads botocore's catalog of every service (as it did to get there)."""
    router = _router()
    headers = {
        "x-amz-target": f"{_CODEDEPLOY_TARGET}.GetDeploymentGroup",
        "authorization": "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/codedeploy/"
        "aws4_request, SignedHeaders=host, Signature=0",
    }
    added = "codedeploy" not in router.SERVICE_PATTERNS
    if added:
        router.SERVICE_PATTERNS["codedeploy"] = {"target_prefixes": [_CODEDEPLOY_TARGET]}
    try:
        service = router.detect_service("POST", "/", headers, {})
    finally:
        if added:
            del router.SERVICE_PATTERNS["codedeploy"]
    return bool(service == "codedeploy" and router._KNOWN_AWS_SERVICE_NAMES is None)


def _canary_codedeploy() -> dict[str, bool]:
    known = _known_types()
    defect = (
        "AWS::CodeDeploy::Application" not in known
        and "AWS::CodeDeploy::DeploymentGroup" not in known
        and "codedeploy"
        not in _ORIGINAL.setdefault("services", set(_app_module().SERVICE_HANDLERS))
    )
    app, _ = _cd_app_create("CanaryApp", {"ComputePlatform": "Lambda"}, "Canary")
    props = {
        "ApplicationName": app,
        "DeploymentConfigName": "CodeDeployDefault.LambdaCanary10Percent5Minutes",
        "AlarmConfiguration": {"Enabled": True, "Alarms": [{"Name": "errors"}]},
        "AutoRollbackConfiguration": {"Enabled": True, "Events": ["DEPLOYMENT_STOP_ON_ALARM"]},
    }
    group, _ = _cd_group_create("CanaryGroup", props, "Canary")
    request = {"applicationName": app, "deploymentGroupName": group}
    headers = {"X-Amz-Target": "CodeDeploy_20141006.GetDeploymentGroup"}
    status, _, body = asyncio.run(
        _codedeploy_handler("POST", "/", headers, json.dumps(request).encode(), {})
    )
    info = json.loads(body).get("deploymentGroupInfo", {})
    got = (
        status == 200
        and info.get("deploymentConfigName") == props["DeploymentConfigName"]
        and info.get("alarmConfiguration", {}).get("alarms") == [{"name": "errors"}]
        and info.get("computePlatform") == "Lambda"
    )
    _cd_app_delete(app, {})
    gone = _codedeploy_api("GetDeploymentGroup", request)[0] == 400 and not _CODEDEPLOY_APPS
    return {"defect": defect, "fixed": got and gone and _routed_without_the_catalog()}


# --- 9. stack operations answer when they are done ---------------------------------------
#
# ministack runs a CreateStack, UpdateStack, ExecuteChangeSet or DeleteStack as a task and
# answers at once, as CloudFormation does. The CDK CLI then finds the stack in progress and
# asks again only 5 s later (toolkit-lib's waitFor), so every deploy and destroy waited
# about 5 s for work the emulator finishes in under one. The answer now waits for the stack
# to leave *_IN_PROGRESS (the task runs on the same event loop meanwhile), at most
# SETTLE_TIMEOUT_S; past that it answers as before and the CLI polls.

SETTLE_TIMEOUT_S = 30.0
_SETTLING = frozenset({"CreateStack", "UpdateStack", "DeleteStack", "ExecuteChangeSet"})


def _cloudformation() -> Any:
    from ministack.services import cloudformation

    return cloudformation


def _request_params(headers: dict[str, str], body: bytes, query: dict[str, Any]) -> dict[str, str]:
    """The action's parameters, read as ministack reads them (query or JSON protocol)."""
    from urllib.parse import parse_qs

    lowered = {k.lower(): v for k, v in headers.items()}
    params: dict[str, Any] = dict(query)
    if "amz-json" in lowered.get("content-type", ""):
        params["Action"] = lowered.get("x-amz-target", "").rpartition(".")[2]
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            params.update(json.loads(body or b"{}"))
    elif body:
        params.update(parse_qs(body.decode("utf-8", errors="replace")))
    return {k: v[0] if isinstance(v, list) and v else v for k, v in params.items()}


def _operated_stack_name(params: dict[str, str]) -> str | None:
    if params.get("Action") != "ExecuteChangeSet":
        return params.get("StackName")
    from ministack.services.cloudformation.changesets import _find_change_set

    _, change_set = _find_change_set(params.get("ChangeSetName", ""), params.get("StackName", ""))
    return None if change_set is None else str(change_set["StackName"])


async def _settled_handle_request(
    method: str, path: str, headers: dict[str, str], body: bytes, query: dict[str, Any]
) -> Any:
    handle = _original(_cloudformation(), "handle_request")
    params = _request_params(headers, body, query)
    if params.get("Action") not in _SETTLING:
        return await handle(method, path, headers, body, query)
    name = _operated_stack_name(params)
    answer = await handle(method, path, headers, body, query)
    from ministack.services.cloudformation.handlers import _resolve_stack

    stack = _resolve_stack(name) if name and answer[0] == 200 else None
    # a deletion's task, not its answer, marks the stack DELETE_IN_PROGRESS
    phase = "DELETE_" if params["Action"] == "DeleteStack" else ""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + SETTLE_TIMEOUT_S
    while stack is not None and loop.time() < deadline:
        status = str(stack.get("StackStatus", ""))
        if status.startswith(phase) and not status.endswith("_IN_PROGRESS"):
            break
        await asyncio.sleep(0.02)
    return answer


def _apply_settled_answers() -> None:
    module = _cloudformation()
    _original(module, "handle_request")
    module.handle_request = _settled_handle_request


def _canary_settled_answers() -> dict[str, bool]:
    template = json.dumps(
        {"Resources": {"Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"}}}
    )

    async def status_when_answered(handle: Any, stack: str) -> tuple[str, str]:
        from urllib.parse import urlencode

        from ministack.services.cloudformation.handlers import _resolve_stack

        form = {"Content-Type": "application/x-www-form-urlencoded"}
        statuses = []
        for action in (
            {"Action": "CreateStack", "StackName": stack, "TemplateBody": template},
            {"Action": "DeleteStack", "StackName": stack},
        ):
            record = _resolve_stack(stack)
            status, _, _ = await handle("POST", "/", form, urlencode(action).encode(), {})
            record = _resolve_stack(stack) or record
            statuses.append(f"{status} {record.get('StackStatus') if record else None}")
            for _ in range(250):  # the task's end, before the next action
                if not str((_resolve_stack(stack) or {}).get("StackStatus")).endswith(
                    "_IN_PROGRESS"
                ):
                    break
                await asyncio.sleep(0.02)
        return statuses[0], statuses[1]

    module = _cloudformation()
    before = asyncio.run(status_when_answered(_original(module, "handle_request"), "CanaryA"))
    after = asyncio.run(status_when_answered(_settled_handle_request, "CanaryB"))
    return {
        # unpatched, a deletion is answered before its task has even started
        "defect": before == ("200 CREATE_IN_PROGRESS", "200 CREATE_COMPLETE"),
        "fixed": after == ("200 CREATE_COMPLETE", "200 DELETE_COMPLETE"),
    }


# --- 10. a raising function's error is an API's response body ------------------------

# API Gateway's body for a function that raised (or answered no proxy response): the
# same for every error, so an exception's text never reaches the caller.
INTERNAL_ERROR_BODY = '{"message":"Internal Server Error"}'


def _lambda_svc() -> Any:
    from ministack.services import lambda_svc

    return lambda_svc


def _generic_error_response(exec_result: dict[str, Any]) -> tuple[Any, Any]:
    original = _original(_lambda_svc(), "lambda_execute_result_to_api_proxy_response")
    response, error = original(exec_result)
    raised = exec_result.get("error") and not exec_result.get("throttle")
    if not raised or not isinstance(response, dict) or response.get("statusCode") != 502:
        return response, error  # the function's own answer, or a throttle's 429
    headers = {"Content-Type": "application/json"}
    return {"statusCode": 502, "headers": headers, "body": INTERNAL_ERROR_BODY}, error


def _apply_generic_error_body() -> None:
    module = _lambda_svc()
    _original(module, "lambda_execute_result_to_api_proxy_response")
    module.lambda_execute_result_to_api_proxy_response = _generic_error_response


def _canary_generic_error_body() -> dict[str, bool]:
    raised = {
        "error": True,
        "body": {"errorMessage": "password=hunter2", "errorType": "RuntimeError"},
    }
    answered = {"body": {"statusCode": 418, "body": "teapot"}}
    original = _original(_lambda_svc(), "lambda_execute_result_to_api_proxy_response")
    before, _ = original(raised)
    after, _ = _generic_error_response(raised)
    own, _ = _generic_error_response(answered)
    return {
        "defect": "hunter2" in str(before.get("body")),
        "fixed": after["body"] == INTERNAL_ERROR_BODY
        and after["statusCode"] == 502
        and own == {"statusCode": 418, "body": "teapot"},
    }


FIXES: tuple[Fix, ...] = (
    Fix(
        "metric_math_alarms",
        "AWS::CloudWatch::Alarm with Metrics (metric math) is rejected, so the stack "
        "holding an API's 5xx-rate alarm rolls back",
        _apply_metric_math,
        _canary_metric_math,
    ),
    Fix(
        "security_group_ingress",
        "AWS::EC2::SecurityGroupIngress has no provisioner: the Networked change set is refused",
        _apply_sg_ingress,
        _canary_sg_ingress,
    ),
    Fix(
        "flow_log",
        "AWS::EC2::FlowLog has no provisioner: the Networked change set is refused",
        _apply_flow_log,
        _canary_flow_log,
    ),
    Fix(
        "custom_resource_timeout",
        "a custom resource waits ServiceTimeout (default 3600 s) for a handler that never "
        "answers, so a broken handler hangs the deploy for an hour",
        _apply_custom_resource_timeout,
        _canary_custom_resource_timeout,
    ),
    Fix(
        "bucket_deployment",
        "Custom::CDKBucketDeployment's handler runs /opt/awscli/aws, which the local "
        "executor does not have: the deployment is emulated in-process",
        _apply_bucket_deployment,
        _canary_bucket_deployment,
    ),
    Fix(
        "http_api_case",
        "AWS::ApiGatewayV2::Api CorsConfiguration (and the stage's DefaultRouteSettings) "
        "are stored with the template's PascalCase keys while the data plane reads camelCase: "
        "every CORS preflight is answered 403",
        _apply_http_api_case,
        _canary_http_api_case,
    ),
    Fix(
        "local_jwks",
        "the HTTP API JWT authorizer fetches the issuer's discovery document and JWKS over "
        "the network: keys come from a local JWKS file instead",
        _apply_local_jwks,
        _canary_local_jwks,
    ),
    Fix(
        "codedeploy",
        "AWS::CodeDeploy::Application and AWS::CodeDeploy::DeploymentGroup have no "
        "provisioner and CodeDeploy no API: the TodoApi change set is refused. They are "
        "recorded and readable (Get/List); traffic shifting happens only in AWS",
        _apply_codedeploy,
        _canary_codedeploy,
    ),
    Fix(
        "settled_stack_answers",
        "a stack operation is answered while the stack is still in progress, so the CDK CLI "
        "asks again only 5 s later: every deploy and destroy waits ~5 s for work done in "
        "under one. The answer now comes when the stack has settled",
        _apply_settled_answers,
        _canary_settled_answers,
    ),
    Fix(
        "generic_error_body",
        "a route whose function raised is answered with the function's errorMessage and "
        'errorType as the body, where API Gateway answers {"message":"Internal Server '
        "Error\"}: an exception's text (a secret, a stack detail) reached the caller locally "
        "only",
        _apply_generic_error_body,
        _canary_generic_error_body,
    ),
)


# --- loopback only ----------------------------------------------------------------------


def _is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def apply_loopback_guard() -> None:
    """Refuse, in this process, every connection, datagram and name lookup that is not
    loopback, and keep every socket it binds on loopback."""
    original_getaddrinfo = socket.getaddrinfo
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _is_loopback_host(
            host.decode() if isinstance(host, bytes) else str(host)
        ):
            raise socket.gaierror(socket.EAI_NONAME, f"{host}: not loopback, refused locally")
        if isinstance(host, str) and host.endswith(".localhost"):
            host = "127.0.0.1"
        return original_getaddrinfo(host, *args, **kwargs)

    def _check(address: _Address) -> None:
        if isinstance(address, tuple) and not _is_loopback_host(str(address[0])):
            raise ConnectionRefusedError(f"{address[0]}: not loopback, refused locally")

    def connect(self: _socket.socket, address: _Address) -> None:
        _check(address)
        original_connect(self, address)

    def connect_ex(self: _socket.socket, address: _Address) -> int:
        _check(address)
        return original_connect_ex(self, address)

    def bind(self: _socket.socket, address: _Address) -> None:
        # a wildcard bind (a server in a function) listens on loopback only
        if isinstance(address, tuple) and str(address[0]) in ("", "0.0.0.0", "::"):
            address = ("::1" if self.family == socket.AF_INET6 else "127.0.0.1", *address[1:])
        _check(address)
        original_bind(self, address)

    def sendto(self: _socket.socket, data: Any, *args: Any) -> int:
        # a datagram socket sending unbound (X-Ray's UDP emitter in Powertools' Tracer) is
        # bound by the kernel to every interface: bind it to loopback first
        _check(args[-1])
        if self.family in (socket.AF_INET, socket.AF_INET6) and self.getsockname()[1] == 0:
            bind(self, ("", 0))
        return int(original_sendto(self, data, *args))

    original_bind, original_sendto = socket.socket.bind, socket.socket.sendto
    socket.getaddrinfo = getaddrinfo
    # patching the class on purpose: mypy refuses any assignment to a method (4 ignores)
    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.socket.bind = bind  # type: ignore[method-assign]
    socket.socket.sendto = sendto  # type: ignore[method-assign]


def apply_all() -> None:
    import ministack

    version = getattr(ministack, "__version__", None) or _installed_version()
    if version != PINNED_VERSION:
        raise SystemExit(
            f"ministack {version} installed, the fixes are for {PINNED_VERSION}: "
            "reinstall from requirements-emulator.lock (make emulator)"
        )
    for fix in FIXES:
        fix.apply()


def _installed_version() -> str:
    from importlib.metadata import version

    return version("ministack")


def run_canaries() -> dict[str, dict[str, Any]]:
    """Each fix's canary on a fresh (unpatched) import: {name: {defect, fixed}}."""
    results: dict[str, dict[str, Any]] = {}
    for fix in FIXES:
        try:
            results[fix.name] = {**fix.canary(), "defect_text": fix.defect}
        except Exception as exc:
            results[fix.name] = {"defect": None, "fixed": False, "error": repr(exc)}
    return results


def check_loopback_guard() -> dict[str, bool]:
    """With the guard on, a connection or name lookup off this machine is refused here,
    before anything is sent (192.0.2.1 is TEST-NET-1: never routed)."""
    refused_connect = refused_lookup = False
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        try:
            probe.connect(("192.0.2.1", 443))
        except ConnectionRefusedError as exc:
            refused_connect = "not loopback" in str(exc)
        except OSError:
            pass
    try:
        socket.getaddrinfo("auth.example.com", 443)
    except socket.gaierror as exc:
        refused_lookup = "not loopback" in str(exc)
    loopback_ok = bool(socket.getaddrinfo("abc.execute-api.localhost", 80))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.sendto(b"{}", ("127.0.0.1", 2000))  # X-Ray's daemon address
        datagram_on_loopback = udp.getsockname()[0] == "127.0.0.1"
        try:
            udp.sendto(b"{}", ("192.0.2.1", 2000))
            refused_datagram = False
        except ConnectionRefusedError as exc:
            refused_datagram = "not loopback" in str(exc)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("0.0.0.0", 0))
        wildcard_bind_on_loopback = server.getsockname()[0] == "127.0.0.1"
    return {
        "refused_connect": refused_connect,
        "refused_lookup": refused_lookup,
        "loopback_ok": loopback_ok,
        "datagram_on_loopback": datagram_on_loopback,
        "refused_datagram": refused_datagram,
        "wildcard_bind_on_loopback": wildcard_bind_on_loopback,
    }


def _canary_environment() -> str:
    """Keep the canaries' ministack state (S3 data, state files) in a throwaway dir."""
    root = tempfile.mkdtemp(prefix="ministack-canary-")
    os.environ.update(
        TMPDIR=root,
        S3_DATA_DIR=os.path.join(root, "s3"),
        STATE_DIR=os.path.join(root, "state"),
        MINISTACK_ACCOUNT_ID="123456789012",
        MINISTACK_TEST_NO_AUTOSTART="1",
        AWS_REGION="us-east-1",
    )
    tempfile.tempdir = root
    return root


if __name__ == "__main__":
    if sys.argv[1:] != ["--canaries"]:
        raise SystemExit("usage: ministack_fixes.py --canaries")
    root = _canary_environment()
    apply_loopback_guard()
    try:
        print(
            json.dumps(
                {"fixes": run_canaries(), "loopback_guard": check_loopback_guard()}, indent=2
            )
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)
