"""Fix 8: AWS::CodeDeploy::Application / DeploymentGroup."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

from ._base import _ORIGINAL, Provisioned, _flag, _known_types, _register

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
