"""A testing kit for users' CI: stable template snapshots and a guard against the refactor
that loses data.

.. code-block:: python

    from constructs_lib.testing import assert_stateful_resources_unchanged, template_snapshot

    def test_stack(snapshot):                      # syrupy's fixture
        assert template_snapshot(stack) == snapshot.use_extension(JSONSnapshotExtension)

    def test_no_stateful_resource_is_replaced():   # against the committed snapshot's file
        assert_stateful_resources_unchanged(stack, SNAPSHOTS / "test_stack.json")

Needs no test framework itself: plain dicts (or a snapshot's file) in, ``AssertionError``
out.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any, cast

from aws_cdk import Stack

from constructs_lib._arguments import checked_arguments
from constructs_lib._intended_removals import intended_removals
from constructs_lib._jsii import is_unresolved, shown
from constructs_lib._legacy_asset_parameters import number_legacy_asset_parameters
from constructs_lib._stateful import (
    REPLACING_PROPERTIES,
    STATEFUL_RESOURCE_TYPES,
    likely_successors,
    replacing_changes,
)
from constructs_lib._templates import DEPLOYED, NESTED_TEMPLATE, template_of
from constructs_lib.errors import ConstructError, Problem

__all__ = [
    "NESTED_TEMPLATE",
    "REPLACING_PROPERTIES",
    "STATEFUL_RESOURCE_TYPES",
    "MissingBaselineError",
    "assert_stateful_resources_unchanged",
    "stateful_resources",
    "template_snapshot",
]

# What changes without a real change: asset hashes (S3 keys "<hash>.zip", image tags,
# bundling output hashes) and the hash suffix of a function's current-version logical ID.
_ASSET_HASH = re.compile(r"[0-9a-f]{64}")
_VERSION_ID = re.compile(r"(CurrentVersion)[0-9A-F]{8}[0-9a-f]{32}")


@checked_arguments
def template_snapshot(stack_or_template: Stack | Mapping[str, Any]) -> dict[str, Any]:
    """The stack's template (or a template dict) with asset hashes, S3 asset keys, bundling
    output hashes and current-version logical-ID suffixes replaced by fixed markers, and
    the CLI's ``CDKMetadata`` (construct versions, not infrastructure) left out, so a
    snapshot of it changes only when the infrastructure does: ``assert
    template_snapshot(stack) == snapshot`` with syrupy (any extension; JSON reads best:
    ``snapshot.use_extension(JSONSnapshotExtension)``). Each nested stack's template is
    embedded in its ``AWS::CloudFormation::Stack`` resource under ``NestedTemplate``. A
    ``LegacyStackSynthesizer`` stack's asset parameters are numbered by the order its
    resources use them (``AssetParametersASSET_1S3BucketHASH``): their names hold hashes
    of the assets' content too."""
    template = _without_cdk_metadata(
        template_of(stack_or_template, "template_snapshot", "stack_or_template")
    )
    text = json.dumps(template, sort_keys=True)
    text = number_legacy_asset_parameters(
        text, json.dumps(template.get("Resources", {}), sort_keys=True)
    )
    text = _ASSET_HASH.sub("ASSET_HASH", text)
    text = _VERSION_ID.sub(r"\1HASH", text)
    normalised: dict[str, Any] = json.loads(text)
    return normalised


def _without_cdk_metadata(template: Mapping[str, Any]) -> dict[str, Any]:
    result = dict(template)
    resources = {k: v for k, v in template.get("Resources", {}).items() if k != "CDKMetadata"}
    result["Resources"] = {
        logical_id: (
            {**resource, NESTED_TEMPLATE: _without_cdk_metadata(resource[NESTED_TEMPLATE])}
            if NESTED_TEMPLATE in resource
            else resource
        )
        for logical_id, resource in resources.items()
    }
    conditions = {
        k: v for k, v in template.get("Conditions", {}).items() if k != "CDKMetadataAvailable"
    }
    if conditions:
        result["Conditions"] = conditions
    else:
        result.pop("Conditions", None)
    return result


@checked_arguments
def stateful_resources(template: Stack | Mapping[str, Any]) -> dict[str, str]:
    """The template's (or stack's) stateful resources: logical ID -> resource type. A
    nested stack's are listed as ``<nested stack's logical ID>/<logical ID>``."""
    found = _stateful(template_of(template, "stateful_resources", "template"))
    return {logical_id: resource["Type"] for logical_id, resource in found.items()}


def _stateful(template: Mapping[str, Any], prefix: str = "") -> dict[str, Mapping[str, Any]]:
    found: dict[str, Mapping[str, Any]] = {}
    for logical_id, resource in template.get("Resources", {}).items():
        if resource.get("Type") in STATEFUL_RESOURCE_TYPES:
            found[prefix + logical_id] = resource
        if isinstance(resource.get(NESTED_TEMPLATE), Mapping):
            found.update(_stateful(resource[NESTED_TEMPLATE], f"{prefix}{logical_id}/"))
    return found


class MissingBaselineError(AssertionError):
    """The guard's first run: the committed snapshot it compares with is not written yet."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"No deployed template to compare with: {path} does not exist (yet).\nFix: run "
            "`pytest --snapshot-update` once: the snapshot test (`assert "
            "template_snapshot(stack) == snapshot.use_extension(JSONSnapshotExtension)`) "
            "writes it. Review it and commit it: from then on, this test compares each "
            "change with it. (If the file exists elsewhere, pass that path.)"
        )
        #: The snapshot file that does not exist.
        self.path = path


def _read_snapshot(path: Path, where: str) -> object:
    """The template of a committed JSON snapshot (syrupy's JSONSnapshotExtension)."""
    if is_unresolved(str(path)):  # its encoding names no file: it would be "missing"
        raise ConstructError(
            [Problem(where, "snapshot", f"is {shown(str(path))}", "pass " + DEPLOYED)]
        )
    if not path.exists():
        raise MissingBaselineError(path.absolute())
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        reason = "a directory" if path.is_dir() else f"not a JSON file ({exc})"
        raise ConstructError(
            [Problem(where, "snapshot", f"is {str(path)!r}, {reason}", "pass " + DEPLOYED)]
        ) from None


@checked_arguments
def assert_stateful_resources_unchanged(
    template: Stack | Mapping[str, Any],
    snapshot: Mapping[str, Any] | str | os.PathLike[str],
    *,
    removed: Collection[str] = (),
) -> None:
    """Fails when a table, bucket, queue, log group, user pool (any of
    ``STATEFUL_RESOURCE_TYPES``, nested stacks' included) of ``snapshot`` (the template
    deployed today: a committed snapshot's JSON file, by path, or its template dict)
    would be replaced by ``template``: missing
    under the same logical ID and type, or with a changed property that CloudFormation
    can only apply by replacement (``REPLACING_PROPERTIES``: a new key schema, a new
    physical name). CloudFormation would create a new, empty resource and delete (or,
    with RETAIN, orphan) the old one. The message lists each replaced resource, what
    probably took its place, and the fix.

    :param removed: the logical IDs (a nested stack's as ``<nested stack's ID>/<ID>``) of
        the snapshot's stateful resources this change removes or replaces on purpose,
        their data loss accepted: the guard passes them and reports the rest. A list, a
        tuple or a set (order does not matter); a single ID is a list of one, not a str.
        Each must be one the guard would report, else a ConstructError (a misspelt ID,
        one the template keeps, one the snapshot no longer has: drop it once the removal
        is deployed).
        Default: none.
    """
    where = "assert_stateful_resources_unchanged"
    if isinstance(snapshot, Stack):  # swapped, a removed resource would pass unseen
        raise ConstructError(
            [
                Problem(
                    where,
                    "snapshot",
                    f"is {shown(snapshot)}; it is the template deployed today, as a dict, "
                    "and `template` the stack to deploy",
                    "pass (stack, deployed template), in that order (were they swapped?): "
                    + DEPLOYED,
                )
            ]
        )
    if isinstance(snapshot, str | os.PathLike):
        snapshot = cast(Mapping[str, Any], _read_snapshot(Path(snapshot), where))
    current = _stateful(template_snapshot(template_of(template, where, "template")))
    before = _stateful(template_snapshot(template_of(snapshot, where, "snapshot")))
    replaced: dict[str, str] = {}  # logical ID -> its line in the message
    gone = {i: r["Type"] for i, r in before.items() if current.get(i, {}).get("Type") != r["Type"]}
    added = {i: r["Type"] for i, r in current.items() if i not in before}
    successors = likely_successors(gone, added)
    for logical_id, old in sorted(before.items()):
        resource_type = old["Type"]
        if logical_id in gone:
            candidates = successors[logical_id]
            instead = f" -> new {', '.join(candidates)}" if candidates else " (removed)"
            replaced[logical_id] = f"  - {resource_type} {logical_id}{instead}"
        elif changed := replacing_changes(resource_type, old, current[logical_id]):
            replaced[logical_id] = f"  - {resource_type} {logical_id}: changed {', '.join(changed)}"
    intended = intended_removals(where, removed, before, replaced)
    lines = [line for logical_id, line in replaced.items() if logical_id not in intended]
    if not lines:
        return
    raise AssertionError(
        f"{len(lines)} stateful resource(s) would be replaced, losing their data:\n"
        + "\n".join(lines)
        + "\nFix: keep the construct ids and parents of these resources (a renamed or moved "
        "construct changes its logical ID): restore the old id, keep a handler's function "
        "name with Handler(name=...), or move the resources with `cdk refactor` "
        "(CDK CLI) before deploying. A changed key schema or physical name replaces the "
        "resource in place: restore the old value, or create a new resource next to the old "
        "one and migrate the data. Only if losing the data is intended: pass "
        "removed=[<its logical ID>, ...] for this change (or update the snapshot)."
    )
