"""An index added to a table after a grant the library acknowledged exactly
(``grant_and_acknowledge``: a ServerlessApi's table with the user's ``encryption_key``,
its ``existing_table``, a Handler link to a table): aws-cdk-lib's grant names
``<table>/index/*`` only once the table has an index (a lazy value), so the finding is
not there when the grant is made. The acknowledgement at synth validation covered it for
cdk-nag 3 (a plugin, after the synth), but cdk-nag 2's packs are Aspects, which run
before any validation: they reported AwsSolutions-IAM5 on the function's policy
(cycles48). It is written before they check the policy now, under both majors; a table
that gets no index keeps its template. Also: an index added between two synths
(``app.synth(force=True)``) is acknowledged in the second, as aws-cdk-lib runs every
Aspect again in each synth."""

from __future__ import annotations

import contextlib
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import IConstruct

from constructs_lib import ApiAuth, Handler, ServerlessApi, TableOptions, checks, enable_checks
from constructs_lib._iam_findings import wildcard_findings
from tests.support import CDK_CONTEXT, ECHO, report_findings

STRING = dynamodb.AttributeType.STRING


@jsii.implements(cdk.IAspect)
class _Iam5Pack:
    """cdk-nag 2's AwsSolutions-IAM5, as an Aspect: each wildcard of a policy, resolved in
    its stack as the Aspect sees it, that its ``cdk_nag`` metadata does not suppress."""

    findings: ClassVar[set[tuple[str, str]]] = set()

    def visit(self, node: IConstruct) -> None:
        if not isinstance(node, iam.CfnPolicy):
            return
        document = cdk.Stack.of(node).resolve(node.policy_document)
        suppressed = {
            finding
            for rule in (node.get_metadata("cdk_nag") or {}).get("rules_to_suppress", [])
            if rule["id"] == "AwsSolutions-IAM5"
            for finding in rule.get("applies_to", [])
        }
        for finding in wildcard_findings(document.get("Statement", [])):
            if finding not in suppressed:
                _Iam5Pack.findings.add((finding, node.node.path))


@jsii.implements(cdk.IAspect)
class _Nothing:
    def visit(self, node: IConstruct) -> None:
        pass


@pytest.fixture
def cdk_nag_2(monkeypatch: pytest.MonkeyPatch) -> None:
    """enable_checks as with cdk-nag 2 installed (this venv has cdk-nag 3)."""
    monkeypatch.setattr(checks, "cdk_nag_major", lambda: 2)
    packs = types.SimpleNamespace(AwsSolutionsChecks=_Iam5Pack, ServerlessChecks=_Nothing)
    monkeypatch.setattr(checks, "import_module", lambda name: packs)
    monkeypatch.setattr(_Iam5Pack, "findings", set())


def _add_index(table: dynamodb.ITable) -> None:
    assert isinstance(table, dynamodb.Table)
    table.add_global_secondary_index(
        index_name="by-owner", partition_key=dynamodb.Attribute(name="owner", type=STRING)
    )


def _keyed(stack: cdk.Stack) -> dynamodb.ITable:
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    options = TableOptions(partition_key="pk", encryption_key=key)
    api = ServerlessApi(
        stack, "Api", routes={"GET /a": Handler(code=ECHO)}, auth=ApiAuth.iam(), table=options
    )
    assert api.table is not None
    return api.table


def _table(stack: cdk.Stack) -> dynamodb.Table:
    recovery = dynamodb.PointInTimeRecoverySpecification(point_in_time_recovery_enabled=True)
    return dynamodb.Table(
        stack,
        "Table",
        partition_key=dynamodb.Attribute(name="pk", type=STRING),
        point_in_time_recovery_specification=recovery,
    )


def _existing(stack: cdk.Stack) -> dynamodb.ITable:
    data = cdk.Stack(stack.node.scope, "Data")  # type: ignore[arg-type]
    table = _table(data)
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": Handler(code=ECHO)},
        auth=ApiAuth.iam(),
        existing_table=table,
    )
    return table


def _linked(stack: cdk.Stack) -> dynamodb.ITable:
    table = _table(stack)
    ServerlessApi(
        stack, "Api", routes={"GET /a": Handler(code=ECHO, links=[table])}, auth=ApiAuth.iam()
    )
    return table


GRANTS: dict[str, Callable[[cdk.Stack], dynamodb.ITable]] = {
    "encryption_key": _keyed,
    "existing_table": _existing,
    "link": _linked,
}


@pytest.mark.usefixtures("cdk_nag_2")
@pytest.mark.parametrize("grant", GRANTS.values(), ids=GRANTS.keys())
def test_cdk_nag_2_reports_no_finding_of_an_index_added_later(grant: Any) -> None:
    app = cdk.App(context=CDK_CONTEXT)
    table = grant(cdk.Stack(app, "Service"))
    _add_index(table)
    enable_checks(app)
    app.synth()
    # it reported ('Resource::<...Table....Arn>/index/*', 'Service/Api/.../DefaultPolicy/Resource')
    assert _Iam5Pack.findings == set()


@pytest.mark.parametrize("grant", GRANTS.values(), ids=GRANTS.keys())
def test_cdk_nag_3_reports_no_finding_of_an_index_added_later(tmp_path: Path, grant: Any) -> None:
    from cdk_nag import AwsSolutionsChecks

    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    _add_index(grant(cdk.Stack(app, "Service")))
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    with contextlib.suppress(RuntimeError):
        app.synth()
    assert report_findings(tmp_path / "validation-report.json") == set()


@pytest.mark.parametrize("grant", GRANTS.values(), ids=GRANTS.keys())
def test_a_table_without_an_index_gets_no_late_acknowledgement(grant: Any) -> None:
    app = cdk.App(context=CDK_CONTEXT)
    grant(cdk.Stack(app, "Service"))
    template = app.synth().get_stack_by_name("Service").template
    types = [resource["Type"] for resource in template["Resources"].values()]
    assert "AWS::IAM::Policy" in types  # the grant's: the loop below reads it
    for policy in template["Resources"].values():
        if policy["Type"] == "AWS::IAM::Policy":
            rules = policy.get("Metadata", {}).get("cdk_nag", {}).get("rules_to_suppress", [])
            assert not any("/index/*" in str(rule.get("applies_to")) for rule in rules)


def _index_suppressions(assembly: Any) -> list[str]:
    template = assembly.get_stack_by_name("Service").template
    return [
        finding
        for resource in template["Resources"].values()
        if resource["Type"] == "AWS::IAM::Policy"
        for rule in resource.get("Metadata", {}).get("cdk_nag", {}).get("rules_to_suppress", [])
        for finding in rule.get("applies_to", [])
        if finding.endswith("/index/*")
    ]


def _api_table(stack: cdk.Stack) -> dynamodb.ITable:
    options = TableOptions(partition_key="pk")
    api = ServerlessApi(
        stack, "Api", routes={"GET /a": Handler(code=ECHO)}, auth=ApiAuth.iam(), table=options
    )
    assert api.table is not None
    return api.table


@pytest.mark.usefixtures("cdk_nag_2")
@pytest.mark.parametrize("grant", [*GRANTS.values(), _api_table], ids=[*GRANTS.keys(), "api table"])
def test_an_index_added_between_two_synths_is_acknowledged_in_the_second(grant: Any) -> None:
    app = cdk.App(context=CDK_CONTEXT)
    table = grant(cdk.Stack(app, "Service"))
    enable_checks(app)
    assert _index_suppressions(app.synth()) == []
    _add_index(table)
    # aws-cdk-lib runs every Aspect again in a forced synth: the packs check the policy
    # again, and the acknowledgement is written before they do
    (finding,) = _index_suppressions(app.synth(force=True))
    assert finding.startswith("Resource::") and finding.endswith("/index/*")
    assert _Iam5Pack.findings == set()
