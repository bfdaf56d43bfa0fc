"""A ServerlessApi table's local secondary indexes (``LocalIndex``) and table class: what
they build, the grants and cdk-nag, and the inputs DynamoDB or aws-cdk-lib would refuse
(at deploy, or with a jsii trace) told at construct time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from aws_cdk.assertions import Template

import constructs_lib
from constructs_lib import ApiAuth, GlobalIndex, LocalIndex, ServerlessApi, TableOptions
from constructs_lib.testing import assert_stateful_resources_unchanged
from tests.support import (
    CDK_CONTEXT,
    InStack,
    RuleCase,
    assert_every_problem,
    assert_rule,
    cfn_lint,
    echo_handler,
    nag_findings,
    rule_cases,
)
from tests.test_table_options import _api

NUMBER = dynamodb.AttributeType.NUMBER
BY_CREATED = LocalIndex("by-created", sort_key="created", sort_key_type=NUMBER)
BY_STATUS = LocalIndex(
    "by-status",
    sort_key="status",
    projection=dynamodb.ProjectionType.INCLUDE,
    non_key_attributes=["total"],
)


def _table(template: Template) -> dict[str, Any]:
    (table,) = template.find_resources("AWS::DynamoDB::Table").values()
    return table["Properties"]


def test_local_indexes_are_created_with_the_table_and_granted() -> None:
    _, template = _api(
        table=TableOptions(sort_key="sk", local_secondary_indexes=[BY_CREATED, BY_STATUS])
    )
    table = _table(template)
    assert table["LocalSecondaryIndexes"] == [
        {
            "IndexName": "by-created",
            "KeySchema": [
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "created", "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "ALL"},
        },
        {
            "IndexName": "by-status",
            "KeySchema": [
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "status", "KeyType": "RANGE"},
            ],
            "Projection": {"NonKeyAttributes": ["total"], "ProjectionType": "INCLUDE"},
        },
    ]
    assert {"AttributeName": "created", "AttributeType": "N"} in table["AttributeDefinitions"]
    # AND the function's grant covers the indexes (DynamoDB's <table ARN>/index/*)
    assert '"/index/*"' in json.dumps(template.find_resources("AWS::IAM::Policy"))


def test_no_local_index_and_no_table_class_leave_the_template_as_before() -> None:
    _, template = _api(table=TableOptions(sort_key="sk"))
    assert "LocalSecondaryIndexes" not in _table(template)
    assert "TableClass" not in _table(template)


def test_table_class() -> None:
    table_class = dynamodb.TableClass.STANDARD_INFREQUENT_ACCESS
    _, template = _api(table=TableOptions(table_class=table_class))
    assert _table(template)["TableClass"] == "STANDARD_INFREQUENT_ACCESS"


@pytest.mark.parametrize("with_key", [False, True], ids=["aws-managed key", "customer key"])
@pytest.mark.parametrize("with_global", [False, True], ids=["local only", "global and local"])
def test_local_indexes_leave_no_cdk_nag_or_cfn_lint_finding(
    tmp_path: Path, with_global: bool, with_key: bool
) -> None:
    # GIVEN an API whose table has local indexes (grants on <table>/index/*), with or
    # without global ones and a customer key
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Indexed")
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler(), "POST /a": echo_handler(entry="app.other")},
        auth=ApiAuth.iam(),
        table=TableOptions(
            sort_key="sk",
            local_secondary_indexes=[BY_CREATED],
            global_secondary_indexes=[GlobalIndex("by-owner", "owner")] if with_global else (),
            encryption_key=kms.Key(stack, "Key", enable_key_rotation=True) if with_key else None,
            table_class=dynamodb.TableClass.STANDARD_INFREQUENT_ACCESS,
        ),
    )
    # THEN the library's acknowledgements cover exactly those findings, naming the indexes
    assert nag_findings(app, tmp_path) == set()
    template = Template.from_stack(stack).to_json()
    reasons = json.dumps(template)
    indexes = "global and local" if with_global else "local"
    assert f"the table's own {indexes} secondary indexes" in reasons
    assert cfn_lint(template) == []


def test_a_table_with_global_indexes_only_keeps_its_acknowledgement() -> None:
    # the reason's wording before local indexes existed (no template of a user changes)
    _, template = _api(table=TableOptions(global_secondary_indexes=[GlobalIndex("by-o", "o")]))
    assert "the table's own global secondary indexes (<table ARN>/index/*)" in json.dumps(
        template.to_json()
    )


def test_exported_from_the_package() -> None:
    assert constructs_lib.LocalIndex is LocalIndex
    assert "LocalIndex" in constructs_lib.__all__


RULES: list[RuleCase] = [
    (
        "no sort key on the table",
        {"table": TableOptions(local_secondary_indexes=[BY_CREATED])},
        r"`table.local_secondary_indexes` needs a table with a sort key: DynamoDB creates "
        r"local secondary indexes only on a table whose key has one .* Fix: give the new "
        r"table a sort_key=",
    ),
    (
        "six local indexes",
        {
            "table": TableOptions(
                sort_key="sk",
                local_secondary_indexes=[LocalIndex(f"by-a{i}", f"a{i}") for i in range(6)],
            )
        },
        r"`table.local_secondary_indexes` lists 6 indexes; DynamoDB allows at most 5 local "
        r"secondary indexes per table \(a fixed limit\)\. Fix: make the others GlobalIndex",
    ),
    (
        "sorted by the table's sort key",
        {"table": TableOptions(sort_key="sk", local_secondary_indexes=[LocalIndex("by-sk", "sk")])},
        r"`table.local_secondary_indexes\[0\].sort_key` is 'sk', the table's sort key: the "
        r"index would order the items as the table does\. Fix: give the index another",
    ),
    (
        "sorted by the table's partition key",
        {"table": TableOptions(sort_key="sk", local_secondary_indexes=[LocalIndex("by-pk", "pk")])},
        r"`table.local_secondary_indexes\[0\].sort_key` is 'pk', the table's partition key, "
        r"which is the index's partition key too",
    ),
    (
        "a name a global index has",
        {
            "table": TableOptions(
                sort_key="sk",
                global_secondary_indexes=[GlobalIndex("by-created", "owner")],
                local_secondary_indexes=[BY_CREATED],
            )
        },
        r"`table.local_secondary_indexes\[0\].name` repeats the index name 'by-created'",
    ),
    (
        "a short name",
        {"table": TableOptions(sort_key="sk", local_secondary_indexes=[LocalIndex("x", "at")])},
        r"`table.local_secondary_indexes\[0\].name` is 'x'; index names are 3 to 255",
    ),
    (
        "a GlobalIndex among the local ones",
        {
            "table": TableOptions(
                sort_key="sk", local_secondary_indexes=[GlobalIndex("by-owner", "owner")]
            )
        },
        r"`table.local_secondary_indexes\[0\]` is a constructs_lib GlobalIndex \('by-owner'\)\. "
        r"Fix: move it to global_secondary_indexes",
    ),
    (
        "a LocalIndex among the global ones",
        {"table": TableOptions(sort_key="sk", global_secondary_indexes=[BY_CREATED])},
        r"`table.global_secondary_indexes\[0\]` is a constructs_lib LocalIndex \('by-created'\)\. "
        r"Fix: move it to local_secondary_indexes",
    ),
    (
        "not a list",
        {"table": TableOptions(sort_key="sk", local_secondary_indexes=BY_CREATED)},  # type: ignore[arg-type]
        r"`table.local_secondary_indexes` is a constructs_lib LocalIndex \('by-created'\)\. Fix: "
        r"pass a list of LocalIndex",
    ),
    (
        "a sort key typed otherwise elsewhere",
        {
            "table": TableOptions(
                sort_key="sk",
                global_secondary_indexes=[GlobalIndex("by-created", "created")],
                local_secondary_indexes=[LocalIndex("by-created-at", "created", NUMBER)],
            )
        },
        r"`table.local_secondary_indexes\[0\].sort_key` types the attribute 'created' NUMBER, "
        r"which table.global_secondary_indexes\[0\].partition_key types STRING",
    ),
    (
        "a sort key with white space",
        {
            "table": TableOptions(
                sort_key="sk", local_secondary_indexes=[LocalIndex("by-at", "at ")]
            )
        },
        r"`table.local_secondary_indexes\[0\].sort_key` is 'at ', with white space",
    ),
    (
        "no sort key on the index",
        {"table": TableOptions(sort_key="sk", local_secondary_indexes=[LocalIndex("by-at", None)])},  # type: ignore[arg-type]
        r"`table.local_secondary_indexes\[0\].sort_key` is None\. Fix: name the index's sort "
        r"key attribute",
    ),
    (
        "a key projected as a non-key attribute",
        {
            "table": TableOptions(
                sort_key="sk",
                local_secondary_indexes=[
                    LocalIndex(
                        "by-at",
                        "at",
                        projection=dynamodb.ProjectionType.INCLUDE,
                        non_key_attributes=["sk"],
                    )
                ],
            )
        },
        r"`table.local_secondary_indexes\[0\].non_key_attributes\[0\]` is 'sk', the table's "
        r"sort key: key attributes are always projected",
    ),
    (
        "more than 100 non-key attributes over global and local indexes",
        {
            "table": TableOptions(
                sort_key="sk",
                local_secondary_indexes=[
                    LocalIndex(
                        f"by-l{i}",
                        f"l{i}",
                        projection=dynamodb.ProjectionType.INCLUDE,
                        non_key_attributes=[f"x{i}-{j}" for j in range(20)],
                    )
                    for i in range(5)
                ],
                global_secondary_indexes=[
                    GlobalIndex(
                        "by-g",
                        "g",
                        projection=dynamodb.ProjectionType.INCLUDE,
                        non_key_attributes=["y"],
                    )
                ],
            )
        },
        r"`table.global_secondary_indexes` project 101 non-key attributes in all; DynamoDB "
        r"allows at most 100 summed over a table's secondary indexes",
    ),
    (
        "table class as its name",
        {"table": TableOptions(table_class="STANDARD_INFREQUENT_ACCESS")},  # type: ignore[arg-type]
        r"`table.table_class` is 'STANDARD_INFREQUENT_ACCESS', a str\. Fix: pass "
        r"dynamodb.TableClass.STANDARD_INFREQUENT_ACCESS \(the enum member, not its name\)",
    ),
    (
        "table class as something else",
        {"table": TableOptions(table_class=InStack(lambda s: dynamodb.BillingMode.PROVISIONED))},
        r"`table.table_class` is .*\. Fix: pass dynamodb.TableClass.STANDARD_INFREQUENT_ACCESS, "
        r"or None for DynamoDB's STANDARD",
    ),
]


@rule_cases(RULES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_api, props, message)


def test_every_problem_of_the_local_indexes_at_once() -> None:
    assert_every_problem(
        _api,
        {
            "table": TableOptions(
                local_secondary_indexes=[LocalIndex("x", "pk"), "by-at"],  # type: ignore[list-item]
                table_class="STANDARD",  # type: ignore[arg-type]
            )
        },
        "Test/Api",
        [
            "table.local_secondary_indexes",
            "table.local_secondary_indexes[0].name",
            "table.local_secondary_indexes[0].sort_key",
            "table.local_secondary_indexes[1]",
            "table.table_class",
        ],
    )


def test_the_stateful_guard_catches_a_local_index_added_to_a_deployed_table() -> None:
    # the README's promise: DynamoDB adds no local index to a table, CloudFormation replaces it
    _, deployed = _api(table=TableOptions(sort_key="sk"))
    api, _ = _api(table=TableOptions(sort_key="sk", local_secondary_indexes=[BY_CREATED]))
    with pytest.raises(
        AssertionError, match=r"AWS::DynamoDB::Table \w+: changed LocalSecondaryIndexes"
    ):
        assert_stateful_resources_unchanged(cdk.Stack.of(api), deployed.to_json())
