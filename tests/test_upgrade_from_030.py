"""An app deployed with 0.3.0 upgrades without losing data or breaking its other stacks.

``tests/data/demo_v0_3_0.json`` is the demo app as 0.3.0 synthesized it (its ``source``
says how it was made), trimmed to what an upgrade must keep. Today's demo templates are
the committed snapshots, which ``test_demo_stacks.test_snapshot`` holds equal to today's
synth: so a change that replaces a table, drops a retention policy, renames an export
another stack imports or replaces a function's ``live`` alias fails here, also when its
author updated the snapshots. A change of the demo itself that does so on purpose removes
the entry from the data, saying why in the commit (the data is never regenerated from
anything but the tag).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest

from constructs_lib.testing import assert_stateful_resources_unchanged
from tests.support import DEMO_STACKS, ROOT

V030 = json.loads((ROOT / "tests" / "data" / "demo_v0_3_0.json").read_text())["stacks"]
SNAPSHOTS = ROOT / "tests" / "__snapshots__" / "test_demo_stacks"


def _today(stack_name: str) -> dict[str, Any]:
    """The demo stack's template today (its committed snapshot)."""
    path = SNAPSHOTS / f"test_snapshot[{stack_name}].json"
    template: dict[str, Any] = json.loads(path.read_text())
    return template


def _policies(resource: Mapping[str, Any]) -> dict[str, Any]:
    """What CloudFormation does with the resource's data when it is deleted or replaced."""
    return {p: resource.get(p) for p in ("DeletionPolicy", "UpdateReplacePolicy")}


def _export(output: Mapping[str, Any]) -> dict[str, Any]:
    """An output as the data holds it: its export's name, if it has one."""
    return {"Export": {"Name": output["Export"]["Name"]}} if "Export" in output else {}


def _of_type(template: Mapping[str, Any], resource_type: str) -> set[str]:
    return {i for i, r in template["Resources"].items() if r["Type"] == resource_type}


def test_the_data_covers_every_demo_stack_of_0_3_0() -> None:
    # 0.3.0's demo had these stacks; a stack of the demo added since has no 0.3.0 state
    assert sorted(V030) == sorted(set(DEMO_STACKS) & set(V030))
    assert {"TodoApi", "TodoSite", "Orders", "NightlyReport", "Networked", "Uploads"} <= set(V030)


@pytest.mark.parametrize("stack_name", sorted(V030))
def test_no_stateful_resource_of_0_3_0_is_replaced(stack_name: str) -> None:
    # GIVEN the stateful resources 0.3.0 deployed (tables, buckets, queues, log groups)
    before = {"Resources": V030[stack_name]["Resources"]}
    # WHEN today's template replaces one (logical ID, type, a replacing property)
    # THEN the guard users run in their own tests says which
    assert_stateful_resources_unchanged(_today(stack_name), before)


@pytest.mark.parametrize("stack_name", sorted(V030))
def test_every_stateful_resource_keeps_its_retention_policies(stack_name: str) -> None:
    # a dropped DeletionPolicy/UpdateReplacePolicy deletes the data on the next replacement
    # or stack deletion, without replacing anything now (the guard above does not see it)
    today = _today(stack_name)["Resources"]
    before = {i: _policies(r) for i, r in V030[stack_name]["Resources"].items()}
    assert {i: _policies(today[i]) for i in before} == before


@pytest.mark.parametrize("stack_name", sorted(V030))
def test_outputs_and_exports_of_0_3_0_are_kept(stack_name: str) -> None:
    # a renamed or removed export that another stack imports fails the update ("export ...
    # in use"); a renamed output key breaks the scripts that read it
    outputs = _today(stack_name).get("Outputs", {})
    kept = {key: _export(outputs[key]) for key in V030[stack_name]["Outputs"] if key in outputs}
    assert kept == V030[stack_name]["Outputs"]


@pytest.mark.parametrize("stack_name", sorted(V030))
def test_functions_and_live_aliases_of_0_3_0_keep_their_logical_ids(stack_name: str) -> None:
    # a new alias logical ID replaces the `live` alias: a gradual deployment in flight
    # fails, and every trigger of the old alias points at a deleted resource meanwhile
    today = _today(stack_name)
    assert set(V030[stack_name]["Functions"]) - _of_type(today, "AWS::Lambda::Function") == set()
    assert set(V030[stack_name]["Aliases"]) - _of_type(today, "AWS::Lambda::Alias") == set()
