"""What a team's own app (two stages from a JSON config, installed from the wheel) wrote
wrong and the library let through: each rule asserted by its message."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    ConstructError,
    EventHandler,
    ServerlessApi,
    StreamWorker,
    TableOptions,
)
from tests.support import echo_handler, new_stack

AUTH = ApiAuth.jwt("https://auth.example.com/", ["expenses"])


def expenses_api(stack: cdk.Stack, table: TableOptions) -> ServerlessApi:
    return ServerlessApi(
        stack,
        "Api",
        routes={"GET /api/expenses": echo_handler(entry="app.handler")},
        auth=AUTH,
        table=table,
    )


def test_a_snapshot_removal_policy_on_the_table_is_refused() -> None:
    # GIVEN a team that wants "a backup when the stack goes": SNAPSHOT, as for a database
    # WHEN the API creates its table
    # THEN a ConstructError names the prop: CloudFormation snapshots no DynamoDB table
    # (aws-cdk-lib only warns, and writes DeletionPolicy Snapshot all the same)
    with pytest.raises(ConstructError) as raised:
        expenses_api(new_stack(), TableOptions(removal_policy=cdk.RemovalPolicy.SNAPSHOT))
    (problem,) = raised.value.problems
    assert (problem.path, problem.prop) == ("Test/Api", "table.removal_policy")
    assert "is RemovalPolicy.SNAPSHOT, which a DynamoDB table does not take" in problem.message
    assert problem.fix.startswith("pass RemovalPolicy.RETAIN (the default")


@pytest.mark.parametrize(
    ("policy", "deletion_policy"),
    [
        (cdk.RemovalPolicy.RETAIN, "Retain"),
        (cdk.RemovalPolicy.DESTROY, "Delete"),
        (cdk.RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE, "RetainExceptOnCreate"),
    ],
)
def test_the_removal_policies_a_table_takes_are_kept(
    policy: cdk.RemovalPolicy, deletion_policy: str
) -> None:
    # GIVEN each removal policy a DynamoDB table takes, WHEN the API creates its table
    stack = new_stack()
    expenses_api(stack, TableOptions(removal_policy=policy))
    # THEN the table has it, as before
    tables = Template.from_stack(stack).find_resources("AWS::DynamoDB::Table")
    assert [t["DeletionPolicy"] for t in tables.values()] == [deletion_policy]


EMPTY_OBJECT = "is an empty object, which a pattern may not hold"


@pytest.mark.parametrize(
    ("pattern", "prop"),
    [
        # a placeholder for the fields to match later, left in
        ({"source": ["expenses.approvals"], "detail": {}}, "event_pattern.detail"),
        (events.EventPattern(source=["expenses.approvals"], detail={}), "event_pattern.detail"),
        (
            {"source": ["expenses.approvals"], "detail": {"expense": {}}},
            "event_pattern.detail['expense']",
        ),
        (
            {"source": ["expenses.approvals"], "detail": {"$or": [{}, {"state": ["ok"]}]}},
            "event_pattern.detail['$or'][0]",
        ),
    ],
)
def test_an_empty_object_in_an_event_pattern_is_refused(pattern: object, prop: str) -> None:
    # GIVEN a pattern holding an empty object, which EventBridge's PutRule refuses
    # WHEN an EventHandler is created with it
    with pytest.raises(ConstructError) as raised:
        EventHandler(
            new_stack(),
            "OnApproved",
            handler=echo_handler(entry="app.handler"),
            event_pattern=pattern,
        )
    # THEN the problem names the object, not the deploy
    (problem,) = raised.value.problems
    assert (problem.path, problem.prop) == ("Test/OnApproved", prop)
    assert problem.message.startswith(EMPTY_OBJECT)
    assert problem.fix.startswith("leave it out")


def test_an_empty_object_in_a_stream_filter_is_refused() -> None:
    # GIVEN a StreamWorker filter whose NewImage is an empty object (Lambda reads filters
    # as EventBridge reads patterns)
    stack = new_stack()
    api = expenses_api(stack, TableOptions(stream=dynamodb.StreamViewType.NEW_IMAGE))
    assert api.table is not None
    empty = lambda_.FilterCriteria.filter({"dynamodb": {"NewImage": {}}})
    # WHEN the worker is created, THEN the filter's object is named
    with pytest.raises(ConstructError) as raised:
        StreamWorker(
            stack,
            "Changes",
            handler=echo_handler(entry="app.handler"),
            table=api.table,
            filters=[empty],
        )
    (problem,) = raised.value.problems
    assert problem.prop == "filters[0]['dynamodb']['NewImage']"
    assert problem.message.startswith(EMPTY_OBJECT)


def test_a_pattern_with_fields_in_its_detail_still_builds_its_rule() -> None:
    # GIVEN the pattern the team meant, WHEN the EventHandler is created
    stack = new_stack()
    pattern = {"source": ["expenses.approvals"], "detail": {"expense": {"state": ["ok"]}}}
    EventHandler(
        stack, "OnApproved", handler=echo_handler(entry="app.handler"), event_pattern=pattern
    )
    # THEN the rule matches on it as written
    rules = Template.from_stack(stack).find_resources("AWS::Events::Rule")
    assert [r["Properties"]["EventPattern"] for r in rules.values()] == [pattern]


@pytest.mark.parametrize(
    "account",
    [
        "1111",  # a typo
        "12345678901",  # '012345678901' read from a config as a number, then str()
        "arn:aws:iam::123456789012:root",  # the principal, not the account
    ],
)
def test_an_account_in_a_pattern_that_no_account_id_is_is_refused(account: str) -> None:
    # GIVEN an event pattern on an account whose ID is not 12 digits: every event's
    # `account` is, so the rule would never fire
    with pytest.raises(ConstructError) as raised:
        EventHandler(
            new_stack(),
            "OnPartnerEvents",
            handler=echo_handler(entry="app.handler"),
            event_pattern=events.EventPattern(source=["partner.expenses"], account=[account]),
        )
    # THEN the value is named, with the ID to write
    (problem,) = raised.value.problems
    assert problem.prop == "event_pattern.account[0]"
    assert problem.message == (
        f"is {account!r}, which no AWS account ID is (12 digits, leading zeros included): "
        "the rule would never match"
    )
    assert problem.fix.startswith("write the account's 12-digit ID as a string")


def test_the_accounts_a_pattern_may_name_still_build_its_rule() -> None:
    # GIVEN a 12-digit ID with its leading zero, the stack's own account (a deploy-time
    # value) and an operator on accounts
    stack = new_stack()
    pattern = {
        "source": ["partner.expenses"],
        "account": ["012345678901", cdk.Aws.ACCOUNT_ID, {"anything-but": "123456789012"}],
    }
    # WHEN the EventHandler is created, THEN its rule matches on all three
    EventHandler(
        stack, "OnPartnerEvents", handler=echo_handler(entry="app.handler"), event_pattern=pattern
    )
    (rule,) = Template.from_stack(stack).find_resources("AWS::Events::Rule").values()
    assert rule["Properties"]["EventPattern"]["account"] == [
        "012345678901",
        {"Ref": "AWS::AccountId"},
        {"anything-but": "123456789012"},
    ]
