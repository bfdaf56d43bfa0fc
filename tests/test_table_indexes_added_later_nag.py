"""An index added to a ServerlessApi's table after the API was built
(``api.table.add_global_secondary_index(...)``): the functions' grants cover it as
``<table>/index/*``, but the library acknowledged that cdk-nag finding only for a table
built with indexes, so cdk-nag reported AwsSolutions-IAM5 on every function's policy
(recheck47). The acknowledgement is decided at synth, before cdk-nag 2's Aspects and
cdk-nag 3's plugins, with the build-time reason; a table without indexes keeps its
template."""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any, ClassVar

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Template
from constructs import IConstruct

from constructs_lib import (
    ApiAuth,
    GlobalIndex,
    LocalIndex,
    ServerlessApi,
    TableOptions,
    checks,
    enable_checks,
)
from tests.support import CDK_CONTEXT, echo_handler, nag_findings

STRING = dynamodb.AttributeType.STRING


def _api(stack: cdk.Stack, **table: Any) -> ServerlessApi:
    return ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler(), "POST /a": echo_handler(entry="app.other")},
        auth=ApiAuth.iam(),
        table=TableOptions(partition_key="pk", sort_key="sk", **table),
    )


def _add_global(api: ServerlessApi) -> None:
    api.table.add_global_secondary_index(  # type: ignore[union-attr]
        index_name="by-owner", partition_key=dynamodb.Attribute(name="owner", type=STRING)
    )


def _add_local(api: ServerlessApi) -> None:
    api.table.add_local_secondary_index(  # type: ignore[union-attr]
        index_name="by-date", sort_key=dynamodb.Attribute(name="date", type=STRING)
    )


def _suppressions(template: Template) -> list[list[dict[str, Any]]]:
    """The cdk-nag 2 metadata of each function policy, in the template."""
    return [
        policy.get("Metadata", {}).get("cdk_nag", {}).get("rules_to_suppress", [])
        for policy in template.find_resources("AWS::IAM::Policy").values()
    ]


@pytest.mark.parametrize("add", [_add_global, _add_local], ids=["global", "local"])
def test_an_index_added_later_leaves_no_cdk_nag_finding(tmp_path: Path, add: Any) -> None:
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    add(_api(cdk.Stack(app, "Indexed")))
    # it reported AwsSolutions-IAM5[Resource::<ApiTable....Arn>/index/*] on both policies
    assert nag_findings(app, tmp_path) == set()


@pytest.mark.parametrize(
    ("add", "built_with"),
    [
        (_add_global, {"global_secondary_indexes": [GlobalIndex("by-owner", partition_key="o")]}),
        (_add_local, {"local_secondary_indexes": [LocalIndex("by-date", sort_key="date")]}),
    ],
    ids=["global", "local"],
)
def test_the_acknowledgement_is_the_one_of_a_table_built_with_the_index(
    add: Any, built_with: dict[str, Any]
) -> None:
    later_stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Test")
    add(_api(later_stack))
    built_stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Test")
    _api(built_stack, **built_with)
    later = _suppressions(Template.from_stack(later_stack))
    assert later == _suppressions(Template.from_stack(built_stack))
    assert len(later) == 2
    ((entry,), _) = later
    assert entry["id"] == "AwsSolutions-IAM5"
    assert entry["applies_to"][0].endswith(".Arn>/index/*")
    assert entry["reason"].startswith("The function's table grant covers the table's own ")


def test_a_table_without_indexes_keeps_its_template() -> None:
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Test")
    _api(stack)
    assert _suppressions(Template.from_stack(stack)) == [[], []]


@jsii.implements(cdk.IAspect)
class _SeeingPack:
    """A cdk-nag 2 pack: records the cdk_nag metadata of each policy as it checks it."""

    seen: ClassVar[list[object]] = []

    def visit(self, node: IConstruct) -> None:
        if isinstance(node, iam.CfnPolicy):
            _SeeingPack.seen.append(node.get_metadata("cdk_nag"))


@jsii.implements(cdk.IAspect)
class _Nothing:
    def visit(self, node: IConstruct) -> None:
        pass


@pytest.mark.parametrize("stabilized", [False, True], ids=["without flag", "stabilized"])
def test_cdk_nag_2_sees_the_acknowledgement_when_it_checks_the_policy(
    monkeypatch: pytest.MonkeyPatch, stabilized: bool
) -> None:
    # cdk-nag 2's packs are read-only Aspects: the acknowledgement is written before they
    # visit the policy (a validation, as for references across stacks, comes after them)
    monkeypatch.setattr(checks, "cdk_nag_major", lambda: 2)
    packs = types.SimpleNamespace(AwsSolutionsChecks=_SeeingPack, ServerlessChecks=_Nothing)
    monkeypatch.setattr(checks, "import_module", lambda name: packs)
    monkeypatch.setattr(_SeeingPack, "seen", [])
    # aws-cdk-lib runs Aspects node by node in tree order, each node's by priority; with
    # the flag @aws-cdk/core:aspectStabilization it runs them again on a changed tree
    app = cdk.App(context={**CDK_CONTEXT, "@aws-cdk/core:aspectStabilization": stabilized})
    _add_global(_api(cdk.Stack(app, "Test")))
    enable_checks(app)
    app.synth()
    assert len(_SeeingPack.seen) == 2
    for metadata in _SeeingPack.seen:
        assert isinstance(metadata, dict)
        (entry,) = metadata["rules_to_suppress"]
        assert entry["id"] == "AwsSolutions-IAM5"


@jsii.implements(cdk.IAspect)
class _IndexEveryTable:
    """A team's Aspect giving every table an index (on the L1, as an Aspect can)."""

    def visit(self, node: IConstruct) -> None:
        if isinstance(node, dynamodb.CfnTable):
            node.global_secondary_indexes = [
                dynamodb.CfnTable.GlobalSecondaryIndexProperty(
                    index_name="by-tenant",
                    key_schema=[
                        dynamodb.CfnTable.KeySchemaProperty(attribute_name="pk", key_type="HASH")
                    ],
                    projection=dynamodb.CfnTable.ProjectionProperty(projection_type="KEYS_ONLY"),
                )
            ]


def test_an_index_an_aspect_adds_leaves_no_cdk_nag_finding(tmp_path: Path) -> None:
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    _api(cdk.Stack(app, "Indexed"))
    cdk.Aspects.of(app).add(_IndexEveryTable())
    assert nag_findings(app, tmp_path) == set()
