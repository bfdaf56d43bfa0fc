"""What a team's own app (two stages from a JSON config, installed from the wheel) wrote
wrong and the library let through: each rule asserted by its message."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, ConstructError, ServerlessApi, TableOptions
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
