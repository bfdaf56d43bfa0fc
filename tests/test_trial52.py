"""A platform team's multi-account, multi-region app (trial 52): what it could write that
passed the synth and failed the deploy, or deployed over another stack."""

from __future__ import annotations

import aws_cdk as cdk
import pytest

from constructs_lib import ConstructError, QueueWorker
from tests.support import echo_handler, new_app

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
    for index, env in enumerate(envs):
        _worker(cdk.Stack(cdk.Stage(app, f"Stage{index}", env=env), "Orders", stack_name="orders"))
    app.synth()
