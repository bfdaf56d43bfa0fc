"""An interface endpoint of the user's serves the functions of a Network without NAT
whatever the order the app defines it in. Proves (gaps50): the reach rules of deployment
hooks (CodeDeploy, Lambda), SES links and other links saw an endpoint the user added only
when it was defined before the construct; defined after it (later in the stack, in a
stack built later, in a nested stack), the construct was refused, its fix telling the
user to add the endpoint they had added. The rules now decide at synth."""

from __future__ import annotations

from collections.abc import Callable

import aws_cdk as cdk
import pytest
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sqs as sqs

from constructs_lib import Deployment, Handler, Network, QueueWorker
from tests.support import ECHO, echo_handler, new_app, synth_error

pytestmark = pytest.mark.slow  # 28 synths of apps with Networks

HERE = cdk.Environment(account="111111111111", region="eu-west-1")
_SERVICES = ec2.InterfaceVpcEndpointAwsService

#: What each construct of the app needs, and the endpoints that serve it.
_NEEDS: dict[str, tuple[ec2.InterfaceVpcEndpointAwsService, ...]] = {
    "hook": (_SERVICES.CODEDEPLOY, _SERVICES.LAMBDA_),
    "email link": (_SERVICES.EMAIL,),
    "queue linked later": (_SERVICES.SQS,),
}
#: Where the user's endpoints are: beside the Network (its own VPC), in the existing VPC's
#: stack, in a third stack, in a nested stack of the Network's.
_WHERE = ["network's stack", "vpc's stack", "another stack", "nested stack"]


def _isolated_vpc(scope: cdk.Stack) -> ec2.Vpc:
    return ec2.Vpc(
        scope,
        "Vpc",
        max_azs=2,
        nat_gateways=0,
        subnet_configuration=[
            ec2.SubnetConfiguration(name="app", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)
        ],
    )


_Add = Callable[..., None]


def _app(where: str) -> tuple[cdk.App, cdk.Stack, Network, _Add]:
    """The app, the functions' stack, its Network, and a call adding the user's endpoints
    of the services it is given where ``where`` says."""
    app = new_app()
    stack = cdk.Stack(app, "Test", env=HERE)
    if where in ("vpc's stack", "another stack"):
        vpc_stack = cdk.Stack(app, "Net", env=HERE)
        network = Network(stack, "Network", existing_vpc=_isolated_vpc(vpc_stack))
    else:
        network = Network(stack, "Network")
    vpc = network.vpc

    def add(*services: ec2.InterfaceVpcEndpointAwsService) -> None:
        for number, service in enumerate(services):
            if where == "network's stack":  # README's way: behind the Network's group
                group = network.endpoint_security_group
                vpc.add_interface_endpoint(
                    f"Mine{number}", service=service, open=False, security_groups=[group]
                )
            elif where == "vpc's stack":
                vpc.add_interface_endpoint(f"Mine{number}", service=service)
            else:
                scope = (
                    cdk.Stack(app, f"Endpoints{number}", env=HERE)
                    if where == "another stack"
                    else cdk.NestedStack(stack, f"Endpoints{number}")
                )
                ec2.InterfaceVpcEndpoint(scope, "Mine", vpc=vpc, service=service)

    return app, stack, network, add


def _build(kind: str, stack: cdk.Stack, network: Network) -> None:
    """The construct that needs ``kind``'s services, its Handler listing no endpoint."""
    if kind == "hook":
        canary = Deployment.canary(pre_traffic=echo_handler(entry="app.other"))
        QueueWorker(stack, "Worker", handler=echo_handler(), network=network, deployment=canary)
    elif kind == "email link":
        identity = ses.EmailIdentity(stack, "Sender", identity=ses.Identity.domain("example.com"))
        QueueWorker(stack, "Worker", handler=Handler(code=ECHO, links=[identity]), network=network)
    else:
        worker = QueueWorker(stack, "Worker", handler=echo_handler(), network=network)
        worker.link(sqs.Queue(stack, "Jobs", enforce_ssl=True))


@pytest.mark.parametrize("where", _WHERE)
@pytest.mark.parametrize("kind", list(_NEEDS))
@pytest.mark.parametrize("order", ["before", "after"])
def test_the_user_s_endpoints_serve_the_functions_in_either_order(
    order: str, kind: str, where: str
) -> None:
    # GIVEN the user's endpoints of what the construct needs, defined before or after it
    app, stack, network, add = _app(where)
    if order == "before":
        add(*_NEEDS[kind])
    _build(kind, stack, network)
    if order == "after":
        add(*_NEEDS[kind])
    # WHEN the app is synthesized THEN it passes
    assert app.synth().get_stack_by_name("Test").template["Resources"]
    # AND the Network created none of its own for it (X-Ray's only)
    assert sorted(network.interface_endpoints) == ["xray"]


@pytest.mark.parametrize("kind", list(_NEEDS))
def test_without_them_the_synth_fails_naming_the_construct_and_prop(kind: str) -> None:
    # GIVEN the same constructs, no endpoint of the user's (the app otherwise complete)
    _, stack, network, _ = _app("network's stack")
    _build(kind, stack, network)
    # THEN the synth fails with today's message, under the construct's path
    prop = {
        "hook": "`deployment.pre_traffic.endpoints` is ()",
        "email link": "`handler.links[0]` is the email identity Test/Sender",
        "queue linked later": "`links[0]` is the queue Test/Jobs",
    }[kind]
    assert f"[Test/Worker] {prop}, but " in synth_error(stack)


def test_an_endpoint_of_another_service_does_not_count() -> None:
    _, stack, network, _ = _app("network's stack")
    _build("email link", stack, network)
    network.vpc.add_interface_endpoint("Smtp", service=_SERVICES.EMAIL_SMTP)
    assert "creates no ses interface endpoint" in synth_error(stack)
