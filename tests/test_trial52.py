"""A platform team's multi-account, multi-region app (trial 52): what it could write that
passed the synth and failed the deploy, or deployed over another stack."""

from __future__ import annotations

from collections.abc import Callable

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns

from constructs_lib import ApiAuth, ConstructError, EventHandler, QueueWorker, ServerlessApi
from constructs_lib._agnostic_imports import FIXED_REGION_IN_AGNOSTIC_STACK_WARNING
from tests.support import echo_handler, new_app, warnings_of

DEV = cdk.Environment(account="111111111111", region="eu-west-1")


def _worker(stack: cdk.Stack) -> QueueWorker:
    return QueueWorker(stack, "Worker", handler=echo_handler())


@pytest.mark.parametrize(
    ("region", "message"),
    [
        (
            "eu-west-1a",
            "`env.region` is 'eu-west-1a', an availability zone of the region "
            "eu-west-1, not a region. Fix: pass env=cdk.Environment(region='eu-west-1', ...)",
        ),
        (
            "eu-west1",
            "`env.region` is 'eu-west1'; an AWS region's name is lowercase words and "
            "a number joined by dashes (eu-west-1)",
        ),
        ("eu-west", "`env.region` is 'eu-west'; an AWS region's name is lowercase words"),
    ],
    ids=["zone", "no-dash", "no-number"],
)
def test_a_region_no_aws_region_has_the_shape_of_is_named(region: str, message: str) -> None:
    # Proves (trial 52): each passed the synth (aws-cdk-lib takes any text as a region), and
    # the deploy found no such region
    env = cdk.Environment(account="111111111111", region=region)
    with pytest.raises(ConstructError) as raised:
        _worker(cdk.Stack(new_app(), "Orders", env=env))
    assert f"  - Orders: {message}" in str(raised.value)


def test_two_stacks_of_one_name_in_one_account_and_region_are_refused() -> None:
    # Proves (trial 52): a stack_name copied from the dev stage into the staging stage of the
    # same account passed the synth; each stage's deploy replaced the other's resources
    app = new_app()
    for stage in ("Dev", "Staging"):
        stack = cdk.Stack(cdk.Stage(app, stage, env=DEV), "Orders", stack_name="orders")
        if stage == "Dev":
            _worker(stack)
    with pytest.raises(ConstructError) as raised:
        _worker(stack)
    assert (
        "  - Staging/Orders: `stack_name` is 'orders' (given, or made from its stage's and its "
        "own id), the name of the stack Dev/Orders too, both in account 111111111111 and region "
        "eu-west-1: CloudFormation holds one stack of a name there, so each deploy would replace "
        "the other's resources. Fix: give each stack its own stack_name"
    ) in str(raised.value)


def test_a_top_level_stack_named_like_a_stages_stack_is_refused() -> None:
    # a stage's stack is named '<stage>-<stack id>': the same as a top-level 'Dev-Orders'
    app = new_app()
    _worker(cdk.Stack(app, "Dev-Orders", env=DEV))
    with pytest.raises(ConstructError, match=r"Dev/Orders: `stack_name` is 'Dev-Orders'"):
        _worker(cdk.Stack(cdk.Stage(app, "Dev", env=DEV), "Orders"))


@pytest.mark.parametrize(
    "envs",
    [
        [DEV, cdk.Environment(account="222222222222", region="eu-west-1")],
        [DEV, cdk.Environment(account="111111111111", region="us-east-1")],
        [DEV, cdk.Environment()],
        [cdk.Environment(), cdk.Environment()],
    ],
    ids=["accounts", "regions", "one-agnostic", "both-agnostic"],
)
def test_one_stack_name_in_other_accounts_or_regions_passes(
    envs: list[cdk.Environment],
) -> None:
    # the usual shape: prod's stacks keep dev's names in their own account, or per region;
    # an environment-agnostic stack's account and region are the deploy's
    app = new_app()
    stacks = [
        cdk.Stack(cdk.Stage(app, f"Stage{index}", env=env), "Orders", stack_name="orders")
        for index, env in enumerate(envs)
    ]
    for stack in stacks:
        _worker(stack)
    assembly = app.synth()
    # THEN each stage deploys its stack under the one name
    deployed = [
        assembly.get_nested_assembly(f"assembly-Stage{index}").get_stack_artifact(stack.artifact_id)
        for index, stack in enumerate(stacks)
    ]
    assert [artifact.stack_name for artifact in deployed] == ["orders", "orders"]


def _fixed_region_warnings(stack: cdk.Stack) -> list[str]:
    return warnings_of(stack, FIXED_REGION_IN_AGNOSTIC_STACK_WARNING)


TABLE_ARN = "arn:aws:dynamodb:eu-west-1:111111111111:table/customers"
KEY_ARN = "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555"


@pytest.mark.parametrize(
    ("build", "prop"),
    [
        (
            lambda s: ServerlessApi(
                s,
                "Api",
                auth=ApiAuth.iam(),
                routes={"GET /a": echo_handler()},
                existing_table=dynamodb.Table.from_table_arn(s, "T", TABLE_ARN),
            ),
            "existing_table",
        ),
        (
            lambda s: QueueWorker(
                s,
                "Worker",
                handler=echo_handler(links=[dynamodb.Table.from_table_arn(s, "T", TABLE_ARN)]),
            ),
            "handler.links[0]",
        ),
        (
            lambda s: EventHandler(
                s,
                "Events",
                handler=echo_handler(),
                event_pattern={"source": ["acme"]},
                alarm_topic=sns.Topic.from_topic_arn(
                    s, "T", "arn:aws:sns:eu-west-1:111111111111:alarms"
                ),
            ),
            "alarm_topic",
        ),
        (
            lambda s: EventHandler(
                s,
                "Events",
                handler=echo_handler(),
                event_pattern={"source": ["acme"]},
                event_bus=events.EventBus.from_event_bus_arn(
                    s, "B", "arn:aws:events:eu-west-1:111111111111:event-bus/orders"
                ),
            ),
            "event_bus",
        ),
        (
            lambda s: QueueWorker(
                s,
                "Worker",
                handler=echo_handler(),
                encryption_key=kms.Key.from_key_arn(s, "K", KEY_ARN),
            ),
            "encryption_key",
        ),
    ],
    ids=["existing-table", "link", "alarm-topic", "event-bus", "key"],
)
def test_an_import_of_one_region_in_an_environment_agnostic_stack_warns(
    build: Callable[[cdk.Stack], object], prop: str
) -> None:
    # Proves (trial 52): synthesized in silence; the stack deployed to any other region than
    # eu-west-1 failed (an alarm action, a rule's bus) or its functions were denied
    stack = cdk.Stack(new_app(), "Shared")
    build(stack)
    (warning,) = _fixed_region_warnings(stack)
    assert warning.startswith(
        f"`{prop}` was imported by an ARN of region eu-west-1, but the stack Shared is "
        "environment-agnostic: deployed to another region, it would use a resource of "
        "another region, which fails"
    )
    assert "Fix: give the stack env=cdk.Environment(account=..., region='eu-west-1')" in warning
    assert f"acknowledge '{FIXED_REGION_IN_AGNOSTIC_STACK_WARNING}'" in warning


@pytest.mark.parametrize(
    "env",
    [DEV, cdk.Environment(account="222222222222", region="eu-west-1")],
    ids=["own-account", "other-account"],
)
def test_the_same_import_in_a_stack_of_its_region_does_not_warn(env: cdk.Environment) -> None:
    stack = cdk.Stack(new_app(), "Shared", env=env)
    QueueWorker(
        stack,
        "Worker",
        handler=echo_handler(links=[dynamodb.Table.from_table_arn(stack, "T", TABLE_ARN)]),
    )
    assert _fixed_region_warnings(stack) == []


def test_an_import_by_name_in_an_environment_agnostic_stack_does_not_warn() -> None:
    # by its name, the import is the deploy's region's: nothing fixes it
    stack = cdk.Stack(new_app(), "Shared")
    QueueWorker(
        stack,
        "Worker",
        handler=echo_handler(links=[dynamodb.Table.from_table_name(stack, "T", "customers")]),
    )
    assert _fixed_region_warnings(stack) == []
