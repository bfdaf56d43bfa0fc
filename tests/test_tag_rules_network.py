"""Tags AWS refuses given to a Network's subnets or endpoints alone: the synth fails under
the Network, naming the resource, each problem once (inject54c; its VPC's since left54)."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk import aws_ec2 as ec2
from aws_cdk.assertions import Template

from constructs_lib import Network
from tests.support import new_app


def _failure(stack: cdk.Stack) -> str:
    with pytest.raises(RuntimeError) as failed:
        Template.from_stack(stack)
    return str(failed.value)


def _network() -> tuple[cdk.Stack, Network]:
    stack = cdk.Stack(new_app(), "Net")
    return stack, Network(stack, "Network")


def test_a_tag_given_to_one_subnet_alone_fails_the_synth() -> None:
    # GIVEN a reserved key on one isolated subnet of the Network's VPC (not the VPC)
    stack, network = _network()
    cdk.Tags.of(network.vpc.isolated_subnets[0]).add("aws:tier", "data")
    message = _failure(stack)
    # THEN the synth fails under the Network, naming the subnet (it deployed until
    # CloudFormation refused the tag)
    assert (
        "[Net/Network] The tag key 'aws:tier' (given by cdk.Tags.of to the subnet "
        f"{network.vpc.isolated_subnets[0].node.path}) starts with 'aws:'"
    ) in message
    assert message.count("'aws:tier'") == 1


def test_a_tag_given_to_a_gateway_endpoint_alone_fails_the_synth() -> None:
    stack, network = _network()
    cdk.Tags.of(network.gateway_endpoints["S3"]).add("team", "a#b")
    assert (
        "[Net/Network] The value of the tag 'team' (given by cdk.Tags.of to the endpoint "
        "Net/Network/"
    ) in _failure(stack)


def test_a_tag_given_to_an_interface_endpoint_alone_fails_the_synth() -> None:
    stack, network = _network()
    endpoint = network.endpoint("sqs")
    cdk.Tags.of(endpoint).add("k" * 129, "v")
    assert (
        f"(given by cdk.Tags.of to the endpoint {endpoint.node.path}) has 129 characters"
    ) in _failure(stack)


def test_a_tag_on_the_whole_network_is_told_once() -> None:
    stack, network = _network()
    network.endpoint("sqs")
    cdk.Tags.of(network).add("aws:zone", "a")
    message = _failure(stack)
    assert "(given by cdk.Tags.of to the VPC Net/Network/" in message
    assert message.count("'aws:zone'") == 1


def test_an_existing_vpc_s_subnets_are_the_user_s() -> None:
    # GIVEN a VPC of the user's, one of whose subnets has a tag AWS refuses
    stack = cdk.Stack(new_app(), "Net")
    vpc = ec2.Vpc(stack, "Vpc", nat_gateways=0, max_azs=2)
    cdk.Tags.of(vpc.public_subnets[0]).add("aws:mine", "x")
    Network(stack, "Network", existing_vpc=vpc)
    # THEN the Network does not read them (its own endpoints only)
    Template.from_stack(stack)


def test_valid_tags_on_the_network_s_resources_synthesize() -> None:
    stack, network = _network()
    endpoint = network.endpoint("sqs")
    for scope in (network, network.vpc.isolated_subnets[0], endpoint):
        cdk.Tags.of(scope).add("team", "net")
    subnets = Template.from_stack(stack).find_resources("AWS::EC2::Subnet")
    assert all(
        {"Key": "team", "Value": "net"} in subnet["Properties"]["Tags"]
        for subnet in subnets.values()
    )
