"""cdk-nag's AwsSolutions-IAM5 findings of a policy, computed as cdk-nag computes them, so
the library can acknowledge exactly the findings its own grants bring (pure, no aws_cdk)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

__all__ = ["flatten_reference", "wildcard_findings"]


def wildcard_findings(statements: Iterable[Any]) -> list[str]:
    """cdk-nag's IAM5 findings of resolved ``statements``: each action and each resource
    (flattened as cdk-nag flattens it) holding a ``*``, in order, once."""
    found: dict[str, None] = {}
    for statement in statements:
        if statement.get("Effect") != "Allow":
            continue
        for action in _as_list(statement.get("Action")):
            if isinstance(action, str) and "*" in action:
                found[f"Action::{action}"] = None
        for resource in _as_list(statement.get("Resource")):
            flat = flatten_reference(resource)
            if "*" in flat:
                found[f"Resource::{flat}"] = None
    return list(found)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def flatten_reference(node: Any) -> str:
    """cdk-nag's ``flattenCfnReference``: an intrinsic as one string (``<Id.Arn>/*``)."""
    if node is None:
        return ""
    if isinstance(node, str):
        return node.replace("${", "<").replace("}", ">")
    if isinstance(node, dict):
        if "Fn::Join" in node:
            delimiter, items = node["Fn::Join"]
            return str(delimiter).join(flatten_reference(item) for item in items)
        if "Fn::Sub" in node:
            return flatten_reference(node["Fn::Sub"])
        if "Fn::GetAtt" in node:
            resource, attribute = node["Fn::GetAtt"]
            return f"<{flatten_reference(resource)}.{flatten_reference(attribute)}>"
        if "Fn::ImportValue" in node:
            return flatten_reference(node["Fn::ImportValue"])
        if "Ref" in node:
            return f"<{flatten_reference(node['Ref'])}>"
    return json.dumps(node, separators=(",", ":"))
