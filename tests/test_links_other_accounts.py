"""A link to another team's resource, imported by its ARN from another account of the
stack's region: the grant is the identity policy's half (the owner's resource policy is the
other), and the variable addresses that account (a table's or event bus's ARN, which
DynamoDB's TableName and EventBridge's EventBusName take). What a link cannot reach stays
a ConstructError: another region, or a resource another account's stack of the app creates."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    ConstructError,
    Handler,
    Link,
    Network,
    QueueWorker,
    ServerlessApi,
)
from tests.support import CDK_CONTEXT, ECHO, nag_findings, new_app

HERE = cdk.Environment(account="111111111111", region="eu-west-1")
TABLE = "arn:aws:dynamodb:eu-west-1:222222222222:table/customers"
BUS = "arn:aws:events:eu-west-1:222222222222:event-bus/central"
QUEUE = "arn:aws:sqs:eu-west-1:222222222222:orders"
TOPIC = "arn:aws:sns:eu-west-1:222222222222:orders"
SECRET = "arn:aws:secretsmanager:eu-west-1:222222222222:secret:orders-AbCdEf"

#: (import, the variable's value, the ARN the grant names) per kind of target.
TARGETS: dict[str, tuple[Callable[[cdk.Stack], Any], str, str]] = {
    "table": (lambda s: dynamodb.TableV2.from_table_arn(s, "Customers", TABLE), TABLE, TABLE),
    "table v1": (lambda s: dynamodb.Table.from_table_arn(s, "Customers", TABLE), TABLE, TABLE),
    "event bus": (lambda s: events.EventBus.from_event_bus_arn(s, "Central", BUS), BUS, BUS),
    "queue": (
        lambda s: sqs.Queue.from_queue_arn(s, "Orders", QUEUE),
        "/222222222222/orders",
        QUEUE,
    ),
    "topic": (lambda s: sns.Topic.from_topic_arn(s, "Orders", TOPIC), TOPIC, TOPIC),
    "secret": (
        lambda s: secretsmanager.Secret.from_secret_complete_arn(s, "Orders", SECRET),
        SECRET,
        SECRET,
    ),
}


def _worker(stack: cdk.Stack, target: object) -> QueueWorker:
    return QueueWorker(
        stack, "Worker", handler=Handler(code=ECHO, links=[Link.to(target, env="PARTNER")])
    )


def _variables(stack: cdk.Stack, template: Template | None = None) -> Any:
    """The variables of the stack's one function with PARTNER (a Network brings
    aws-cdk-lib's own functions too), in ``template`` if the test has the stack's."""
    functions = (
        (template or Template.from_stack(stack)).find_resources("AWS::Lambda::Function").values()
    )
    (variables,) = (
        found
        for function in functions
        if "PARTNER"
        in (found := function["Properties"].get("Environment", {}).get("Variables", {}))
    )
    return variables


@pytest.mark.parametrize("kind", TARGETS)
def test_a_resource_of_another_account_imported_by_its_arn_is_linked(kind: str) -> None:
    # Proves (user trial): a platform team's worker linking another team's table, bus,
    # queue, topic or secret (same region, another account) was a ConstructError saying a
    # physical name was missing, and the table's and bus's variables named them only
    stack = cdk.Stack(new_app(), "Test", env=HERE)
    imported, value, arn = TARGETS[kind]
    _worker(stack, imported(stack))
    template = Template.from_stack(stack)  # each from_stack synthesizes the app again
    assert value in json.dumps(_variables(stack, template)["PARTNER"])
    policies = template.find_resources("AWS::IAM::Policy")
    assert arn in json.dumps(policies)  # the grant names the other account's resource


def test_a_resource_of_another_account_passes_cdk_nag(tmp_path: Path) -> None:
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Test", env=HERE)
    QueueWorker(
        stack,
        "Worker",
        handler=Handler(
            code=ECHO,
            links=[
                Link.read(dynamodb.TableV2.from_table_arn(stack, "T", TABLE), env="CUSTOMERS"),
                Link.to(events.EventBus.from_event_bus_arn(stack, "B", BUS), env="CENTRAL"),
            ],
        ),
        alarms=False,
    )
    assert nag_findings(app, tmp_path) == set()


def test_a_resource_of_the_stacks_own_account_keeps_its_name() -> None:
    # the name, as before: DynamoDB and EventBridge find it in the function's own account
    stack = cdk.Stack(new_app(), "Test", env=HERE)
    table = dynamodb.TableV2.from_table_arn(
        stack, "T", "arn:aws:dynamodb:eu-west-1:111111111111:table/customers"
    )
    _worker(stack, table)
    assert _variables(stack)["PARTNER"] == "customers"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda s: dynamodb.TableV2.from_table_arn(
                s, "T", "arn:aws:dynamodb:us-east-1:222222222222:table/customers"
            ),
            "region us-east-1, not eu-west-1 and account 222222222222, not 111111111111",
        ),
        (
            lambda s: sqs.Queue(
                cdk.Stack(
                    s.node.root,
                    "Other",
                    env=cdk.Environment(account="222222222222", region="eu-west-1"),
                ),
                "Q",
            ),
            "account 222222222222, not 111111111111",
        ),
    ],
    ids=["imported from another region", "created in another account's stack"],
)
def test_what_a_link_cannot_reach_is_still_named(
    build: Callable[[cdk.Stack], Any], message: str
) -> None:
    stack = cdk.Stack(new_app(), "Test", env=HERE)
    with pytest.raises(ConstructError, match=rf"`handler.links\[0\]` is the .*{message}: a grant"):
        _worker(stack, build(stack))


def test_an_environment_agnostic_stack_keeps_the_name() -> None:
    # its account is known only at deploy: the link is accepted as before, with the name
    stack = cdk.Stack(new_app(), "Test")
    _worker(stack, dynamodb.TableV2.from_table_arn(stack, "T", TABLE))
    assert _variables(stack)["PARTNER"] == "customers"


def test_an_existing_table_of_another_account_points_at_a_link() -> None:
    # existing_table wires the API's own table (TABLE_NAME: its name): another team's is linked
    stack = cdk.Stack(new_app(), "Test", env=HERE)
    table = dynamodb.TableV2.from_table_arn(stack, "T", TABLE)
    with pytest.raises(
        ConstructError,
        match=r"`existing_table` is in account 222222222222, not 111111111111: .*Fix: pass a "
        r"table of this stack's region and account; to use another team's table of this "
        r"region, link it to the functions that use it instead \(Handler\(links=\[Link",
    ):
        ServerlessApi(
            stack,
            "Api",
            routes={"GET /a": Handler(code=ECHO)},
            auth=ApiAuth.iam(),
            existing_table=table,
        )


def _networked(stack: cdk.Stack, target: object, **network: Any) -> QueueWorker:
    return QueueWorker(
        stack,
        "Worker",
        handler=Handler(code=ECHO, links=[Link.to(target, env="PARTNER")]),
        network=Network(stack, "Network", **network),
    )


@pytest.mark.parametrize(
    ("build", "endpoint"),
    [
        (lambda s: dynamodb.TableV2.from_table_arn(s, "T", TABLE), "DynamoDB"),
        (
            lambda s: s3.Bucket.from_bucket_attributes(
                s, "B", bucket_name="partner-bucket", account="222222222222"
            ),
            "S3",
        ),
    ],
    ids=["table", "bucket"],
)
def test_another_accounts_table_or_bucket_behind_own_account_endpoints_is_named(
    build: Callable[[cdk.Stack], Any], endpoint: str
) -> None:
    # Proves (sweep 38b): synthesized, and every call was denied by the Network's gateway
    # endpoint policy (aws:ResourceAccount: the stack's own account, its default)
    stack = cdk.Stack(new_app(), "Test", env=HERE)
    with pytest.raises(ConstructError) as raised:
        _networked(stack, build(stack), nat_gateways=1)
    assert "`handler.links[0]` is the " in str(raised.value)
    assert f"whose {endpoint} gateway endpoint admits only this account's" in str(raised.value)
    assert "Fix: give the Network other_accounts=True" in str(raised.value)


def test_another_accounts_table_behind_endpoints_that_admit_it_is_linked() -> None:
    # other_accounts=True, or no gateway endpoints of the Network's (the VPC's own), or a
    # table of the stack's own account: linked
    for network in ({"other_accounts": True}, {"gateway_endpoints": False, "nat_gateways": 1}):
        stack = cdk.Stack(new_app(), "Test", env=HERE)
        _networked(stack, dynamodb.TableV2.from_table_arn(stack, "T", TABLE), **network)
        assert _variables(stack)["PARTNER"] == TABLE
    stack = cdk.Stack(new_app(), "Test", env=HERE)
    own = "arn:aws:dynamodb:eu-west-1:111111111111:table/customers"
    _networked(stack, dynamodb.TableV2.from_table_arn(stack, "T", own))
    assert _variables(stack)["PARTNER"] == "customers"
