"""A Network's new VPC in a stack with an environment (a platform's accounts from a config
file): CDK writes the zones it looked up into the subnets, and the template still passes
cfn-lint with no finding, as an environment-agnostic stack's does."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from constructs_lib import Network, QueueWorker
from tests.support import CDK_CONTEXT, cfn_lint, echo_handler

ZONES = {
    "availability-zones:account=111111111111:region=eu-west-1": [
        "eu-west-1a",
        "eu-west-1b",
        "eu-west-1c",
    ]
}


@pytest.mark.parametrize("nat_gateways", [0, 1])
def test_a_network_of_a_stack_with_an_environment_passes_cfn_lint(nat_gateways: int) -> None:
    # Proves (user trial): cfn-lint warned W3010 ("Avoid hardcoding availability zones") on
    # every subnet of a Network in a stack with an env, in a CI that fails on warnings
    app = cdk.App(context={**CDK_CONTEXT, **ZONES})
    stack = cdk.Stack(app, "Dev", env=cdk.Environment(account="111111111111", region="eu-west-1"))
    network = Network(stack, "Network", nat_gateways=nat_gateways)
    QueueWorker(stack, "Worker", network=network, handler=echo_handler())
    template = Template.from_stack(stack).to_json()
    assert "eu-west-1a" in str(template)  # the zones are written out
    assert cfn_lint(template, regions=["eu-west-1"]) == []


def test_an_environment_agnostic_network_has_no_lint_metadata() -> None:
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Agnostic")
    Network(stack, "Network")
    template = Template.from_stack(stack).to_json()
    assert "cfn-lint" not in str(template)
    assert cfn_lint(template) == []
