"""ServerlessApi's table options (global secondary indexes, streams, a removal policy for
throwaway environments) and per-Handler log retention."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_logs as logs
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, GlobalIndex, ServerlessApi, TableOptions
from constructs_lib.serverless_api.options import GLOBAL_INDEXES_WARNING
from tests.support import (
    CDK_CONTEXT,
    InStack,
    RuleCase,
    assert_rule,
    build,
    echo_handler,
    nag_findings,
    new_stack,
    rule_cases,
)

STRING = dynamodb.AttributeType.STRING
BY_OWNER = GlobalIndex("by-owner", partition_key="owner", sort_key="created")


def _api(**props: Any) -> tuple[ServerlessApi, Template]:
    return build(
        ServerlessApi,
        "Api",
        **{"routes": {"GET /a": echo_handler()}, "auth": ApiAuth.iam(), **props},
    )


def _table(template: Template) -> dict[str, Any]:
    (table,) = template.find_resources("AWS::DynamoDB::Table").values()
    return table


def test_global_secondary_indexes_are_created_and_granted() -> None:
    _, template = _api(table=TableOptions(global_secondary_indexes=[BY_OWNER]))
    (index,) = _table(template)["Properties"]["GlobalSecondaryIndexes"]
    assert index["IndexName"] == "by-owner"
    assert index["KeySchema"] == [
        {"AttributeName": "owner", "KeyType": "HASH"},
        {"AttributeName": "created", "KeyType": "RANGE"},
    ]
    # AND the function's grant covers the index (DynamoDB's <table ARN>/index/*)
    policies = json.dumps(template.find_resources("AWS::IAM::Policy"))
    assert '"/index/*"' in policies


def test_index_grants_leave_no_cdk_nag_finding_for_the_user(tmp_path: Path) -> None:
    # GIVEN an API whose table has an index (grants on <table>/index/*)
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    ServerlessApi(
        cdk.Stack(app, "Indexed"),
        "Api",
        routes={"GET /a": echo_handler(), "POST /a": echo_handler(entry="app.other")},
        auth=ApiAuth.iam(),
        table=TableOptions(global_secondary_indexes=[BY_OWNER]),
    )
    # THEN the library's acknowledgement covers exactly that finding
    assert nag_findings(app, tmp_path) == set()


def test_a_stream_and_a_throwaway_table() -> None:
    _, template = _api(
        table=TableOptions(
            stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
            removal_policy=cdk.RemovalPolicy.DESTROY,
        )
    )
    table = _table(template)
    assert table["Properties"]["StreamSpecification"] == {"StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert table["DeletionPolicy"] == "Delete"
    assert "DeletionProtectionEnabled" not in table["Properties"]


def test_tables_are_retained_and_protected_by_default() -> None:
    _, template = _api(table=TableOptions())
    table = _table(template)
    assert table["DeletionPolicy"] == "Retain"
    assert table["Properties"]["DeletionProtectionEnabled"] is True


@pytest.mark.parametrize(
    ("removal_policy", "app_wide", "protected"),
    [
        (cdk.RemovalPolicy.RETAIN, cdk.RemovalPolicy.DESTROY, False),
        (cdk.RemovalPolicy.DESTROY, cdk.RemovalPolicy.RETAIN, True),
        (cdk.RemovalPolicy.DESTROY, cdk.RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE, True),
    ],
    ids=["destroy-drops-it", "retain-adds-it", "retain-on-update-or-delete-adds-it"],
)
def test_deletion_protection_follows_an_app_wide_removal_policy(
    removal_policy: cdk.RemovalPolicy, app_wide: cdk.RemovalPolicy, protected: bool
) -> None:
    # Proves (platform): cdk.RemovalPolicies.of(app).destroy() (a platform's throwaway
    # stage) made the table's DeletionPolicy Delete but kept DeletionProtectionEnabled:
    # deleting the stack failed on the table. A platform's RETAIN on every resource left
    # a TableOptions(removal_policy=DESTROY) table retained but unprotected.
    # GIVEN an app-wide removal policy applied after the construct
    stack = new_stack()
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.iam(),
        table=TableOptions(removal_policy=removal_policy),
    )
    cdk.RemovalPolicies.of(stack).apply(app_wide)
    # THEN deletion protection follows the table's final deletion policy
    table = _table(Template.from_stack(stack))
    assert table["Properties"].get("DeletionProtectionEnabled", False) is protected


def test_log_retention_per_handler() -> None:
    _, template = _api(routes={"GET /a": echo_handler(log_retention=logs.RetentionDays.ONE_YEAR)})
    retentions = [
        g["Properties"]["RetentionInDays"]
        for g in template.find_resources("AWS::Logs::LogGroup").values()
    ]
    assert sorted(retentions) == [30, 365]  # the access logs keep the default


RULES: list[RuleCase] = [
    (
        "index name",
        {"table": TableOptions(global_secondary_indexes=[GlobalIndex("x", "owner")])},
        r"`table.global_secondary_indexes\[0\].name` is 'x'; index names are 3 to 255",
    ),
    (
        "repeated index",
        {"table": TableOptions(global_secondary_indexes=[BY_OWNER, BY_OWNER])},
        r"`table.global_secondary_indexes\[1\].name` repeats the index name 'by-owner'",
    ),
    (
        "index not a GlobalIndex",
        {"table": TableOptions(global_secondary_indexes=["by-owner"])},  # type: ignore[list-item]
        r"`table.global_secondary_indexes\[0\]` is a str",
    ),
    (
        "stream not a view type",
        {"table": TableOptions(stream="NEW_IMAGE")},  # type: ignore[arg-type]
        r"`table.stream` is 'NEW_IMAGE', a str",
    ),
    (
        "infinite log retention",
        {"routes": {"GET /a": echo_handler(log_retention=logs.RetentionDays.INFINITE)}},
        r"`routes\['GET /a'\].log_retention` is INFINITE",
    ),
    (
        "log retention as days",
        {"routes": {"GET /a": echo_handler(log_retention=30)}},
        r"`routes\['GET /a'\].log_retention` is 30, an int",
    ),
    (  # Proves (messages review): the fix read "pass a StreamViewType" (no module, no member)
        "stream fix",
        {"table": TableOptions(stream="NEW_IMAGE")},  # type: ignore[arg-type]
        r"Fix: pass e.g. dynamodb.StreamViewType.NEW_AND_OLD_IMAGES",
    ),
    (
        # Proves (messages review): the fix offered only RemovalPolicy.DESTROY, which deletes the
        # data
        "removal policy fix",
        {"table": TableOptions(removal_policy="destroy")},  # type: ignore[arg-type]
        r"`table.removal_policy` is 'destroy', a str\. Fix: pass RemovalPolicy.RETAIN \(the "
        r"default\) or RemovalPolicy.DESTROY",
    ),
    (
        # Proves (messages review): "must be 1..255 bytes long" showed neither the length nor a fix
        # that fits an empty name ("use a shorter attribute name")
        "index key empty",
        {"table": TableOptions(global_secondary_indexes=[GlobalIndex("by-owner", "")])},
        r"partition_key` is 0 bytes long; DynamoDB allows 1 to 255\. Fix: pass an attribute "
        r"name of 1 to 255 bytes",
    ),
    (
        # Proves (user trial): the sort key (a STRING timestamp) as the TTL attribute
        # synthesized, and DynamoDB's time to live skipped every item: nothing expired
        "time to live on a string key",
        {
            "table": TableOptions(
                partition_key="sub", sort_key="created", time_to_live_attribute="created"
            )
        },
        r"`table.time_to_live_attribute` is 'created', which table.sort_key types STRING: "
        r"DynamoDB's time to live reads a Number .* so no item would ever expire\. Fix: name "
        r"an attribute that holds the expiry time in epoch seconds",
    ),
    (
        "time to live on a string index key",
        {
            "table": TableOptions(
                time_to_live_attribute="owner",
                global_secondary_indexes=[GlobalIndex("by-owner", "owner")],
            )
        },
        r"`table.time_to_live_attribute` is 'owner', which "
        r"table.global_secondary_indexes\[0\].partition_key types STRING",
    ),
    # Proves (sweep25): a key or TTL attribute name with white space around it (a trailing
    # newline, only spaces) synthesized a table whose items the code's item["pk"] never found
    (
        "partition key trailing newline",
        {"table": TableOptions(partition_key="pk\n")},
        r"`table.partition_key` is 'pk\\n', with white space around it, which DynamoDB keeps "
        r"in the name\. Fix: write 'pk'",
    ),
    (
        "time to live only spaces",
        {"table": TableOptions(time_to_live_attribute="   ")},
        r"`table.time_to_live_attribute` is '   ', with white space .* Fix: name the attribute",
    ),
    (
        "index sort key leading space",
        {"table": TableOptions(global_secondary_indexes=[GlobalIndex("by-owner", "o", " at")])},
        r"`table.global_secondary_indexes\[0\].sort_key` is ' at', with white space around "
        r"it.* Fix: write 'at'",
    ),
    # Proves (novice43): a table's name, or a table of the app, given to `table=` was told
    # only "pass TableOptions(partition_key=...)", which creates another, empty table
    (
        "a table's name",
        {"table": "TodosTable"},
        r"`table` is 'TodosTable', a str: `table` takes the new table's options, not a name\. "
        r"Fix: pass TableOptions\(partition_key=\.\.\.\) to create a table, or "
        r"existing_table=dynamodb\.Table\.from_table_name\(self, 'Table', 'TodosTable'\) ",
    ),
    (
        "a table of the app",
        {
            "table": InStack(
                lambda s: dynamodb.TableV2(
                    s, "Todos", partition_key=dynamodb.Attribute(name="id", type=STRING)
                )
            )
        },
        r"`table` is the aws_dynamodb.TableV2 'Test/Todos', a table that exists: `table` "
        r"creates one\. Fix: pass it as existing_table= to use it",
    ),
    (
        "options as a dict",
        {"table": {"partition_key": "id"}},
        # the call the dict's keys make (config50)
        r"`table` is \{'partition_key': 'id'\}, a dict\. Fix: pass "
        r"TableOptions\(partition_key=\.\.\.\), TableOptions\(\*\*value\) of the dict$",
    ),
]


def test_a_number_key_may_be_the_time_to_live_attribute() -> None:
    # GIVEN a sort key typed NUMBER (epoch seconds) WHEN it is the TTL attribute THEN fine
    _, template = _api(
        table=TableOptions(
            partition_key="sub",
            sort_key="expires",
            sort_key_type=dynamodb.AttributeType.NUMBER,
            time_to_live_attribute="expires",
        )
    )
    assert _table(template)["Properties"]["TimeToLiveSpecification"] == {
        "AttributeName": "expires",
        "Enabled": True,
    }


@rule_cases(RULES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_api, props, message)


@pytest.mark.parametrize(("count", "warned"), [(20, False), (21, True)])
def test_more_indexes_than_dynamodbs_default_quota_warn(count: int, warned: bool) -> None:
    # Proves (quotas): 21 global secondary indexes passed synth and cdk-nag, and DynamoDB's
    # default quota of 20 per table (adjustable) failed the deploy; now a warning
    indexes = [GlobalIndex(f"by-attribute-{i}", partition_key=f"a{i}") for i in range(count)]
    api, _ = _api(table=TableOptions(global_secondary_indexes=indexes))
    warnings = [
        str(entry.data)
        for entry in api.node.metadata
        if entry.type == "aws:cdk:warning" and GLOBAL_INDEXES_WARNING in str(entry.data)
    ]
    assert bool(warnings) is warned
    if warned:
        assert (
            "`table.global_secondary_indexes` lists 21 indexes, and Amazon DynamoDB's quota"
            in (warnings[0])
        )
        assert "is 20 by default" in warnings[0]
