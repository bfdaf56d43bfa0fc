"""Fixes 2 and 3: AWS::EC2::SecurityGroupIngress and AWS::EC2::FlowLog."""

from __future__ import annotations

import uuid
from typing import Any

from ._base import Provisioned, _known_types, _provisioners, _register

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
