"""A testing kit for users' CI: stable template snapshots and a guard against the refactor
that loses data.

.. code-block:: python

    from constructs_lib.testing import assert_stateful_resources_unchanged, template_snapshot

    def test_stack(snapshot):                      # syrupy's fixture
        assert template_snapshot(stack) == snapshot

Needs no test framework itself: plain dicts in, ``AssertionError`` out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from aws_cdk import Stack
from aws_cdk.assertions import Template

from constructs_lib._arguments import checked_arguments
from constructs_lib.errors import ConstructError, Problem

__all__ = [
    "STATEFUL_RESOURCE_TYPES",
    "assert_stateful_resources_unchanged",
    "stateful_resources",
    "template_snapshot",
]

#: Resource types whose replacement loses data (or orphans it, with RETAIN).
STATEFUL_RESOURCE_TYPES = frozenset(
    {
        "AWS::DynamoDB::Table",
        "AWS::DynamoDB::GlobalTable",
        "AWS::S3::Bucket",
        "AWS::SQS::Queue",
        "AWS::Logs::LogGroup",
        "AWS::Cognito::UserPool",
    }
)

# What changes without a real change: asset hashes (S3 keys "<hash>.zip", image tags,
# bundling output hashes) and the hash suffix of a function's current-version logical ID.
_ASSET_HASH = re.compile(r"[0-9a-f]{64}")
_VERSION_ID = re.compile(r"(CurrentVersion)[0-9A-F]{8}[0-9a-f]{32}")


@checked_arguments
def template_snapshot(stack_or_template: Stack | Mapping[str, Any]) -> dict[str, Any]:
    """The stack's template (or a template dict) with asset hashes, S3 asset keys, bundling
    output hashes and current-version logical-ID suffixes replaced by fixed markers, so a
    snapshot of it changes only when the infrastructure does: ``assert
    template_snapshot(stack) == snapshot`` with syrupy (any extension; JSON reads best:
    ``snapshot.use_extension(JSONSnapshotExtension)``)."""
    template = _template(stack_or_template, "template_snapshot", "stack_or_template")
    text = json.dumps(template, sort_keys=True)
    text = _ASSET_HASH.sub("ASSET_HASH", text)
    text = _VERSION_ID.sub(r"\1HASH", text)
    normalised: dict[str, Any] = json.loads(text)
    return normalised


def _template(value: object, function: str, param: str) -> Mapping[str, Any]:
    """A stack's template, or ``value`` itself when it is a template dict."""
    if isinstance(value, Stack):
        return dict(Template.from_stack(value).to_json())
    if isinstance(value, Mapping) and isinstance(value.get("Resources", {}), Mapping):
        return value
    raise ConstructError(
        [
            Problem(
                function,
                param,
                f"is {value!r}, neither a Stack nor a template dict",
                "pass the stack, or its template as a dict (Template.from_stack(s).to_json(), "
                "or a snapshot of it)",
            )
        ]
    )


def stateful_resources(template: Mapping[str, Any]) -> dict[str, str]:
    """The template's stateful resources: logical ID -> resource type."""
    return {
        logical_id: resource["Type"]
        for logical_id, resource in template.get("Resources", {}).items()
        if resource.get("Type") in STATEFUL_RESOURCE_TYPES
    }


@checked_arguments
def assert_stateful_resources_unchanged(
    template: Stack | Mapping[str, Any], snapshot: Mapping[str, Any]
) -> None:
    """Fails when a table, bucket, queue, log group or user pool of ``snapshot`` (the
    template deployed today, e.g. a committed snapshot) is missing from ``template`` under
    the same logical ID and type: CloudFormation would create a new, empty one and delete
    (or, with RETAIN, orphan) the old one. The message lists each replaced resource, the
    new resources of that type that probably took its place, and the fix."""
    where = "assert_stateful_resources_unchanged"
    current = stateful_resources(_template(template, where, "template"))
    before = stateful_resources(_template(snapshot, where, "snapshot"))
    replaced = {i: t for i, t in before.items() if current.get(i) != t}
    if not replaced:
        return
    added = {i: t for i, t in current.items() if i not in before}
    lines = []
    for logical_id, resource_type in sorted(replaced.items()):
        candidates = sorted(i for i, t in added.items() if t == resource_type)
        instead = f" -> new {', '.join(candidates)}" if candidates else " (removed)"
        lines.append(f"  - {resource_type} {logical_id}{instead}")
    raise AssertionError(
        f"{len(replaced)} stateful resource(s) would be replaced, losing their data:\n"
        + "\n".join(lines)
        + "\nFix: keep the construct ids and parents of these resources (a renamed or moved "
        "construct changes its logical ID): restore the old id, keep a handler's function "
        "name with Handler(name=...), or move the resources with `cdk refactor` "
        "(CDK CLI) before deploying. Update the snapshot only if losing the data is intended."
    )
