"""The helpers that answer jsii questions in Python: right, and without a kernel call
where Python can tell (synth time is mostly round trips to the jsii kernel)."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template
from constructs import Construct

from constructs_lib import FunctionDefaults, QueueWorker
from constructs_lib._facts import path_of, stack_of, stage_of
from constructs_lib._jsii import implements, is_unresolved, same_jsii_object
from tests.support import echo_handler, new_stack

TOKENS: list[Any] = [
    cdk.Aws.REGION,
    f"prefix-{cdk.Aws.STACK_NAME}-suffix",
    cdk.Token.as_number(cdk.Aws.ACCOUNT_ID),
    cdk.Token.as_list(cdk.Fn.split(",", cdk.Aws.REGION)),
    cdk.Fn.get_att("Resource", "Arn"),
]
PLAIN: list[Any] = [
    "abc",
    "${not a token}",
    5,
    3.5,
    -1e300,
    float("nan"),  # a NaN sent to the kernel would kill it (it is not JSON)
    float("inf"),
    ["a", "b"],
    [],
    None,
    True,
    cdk.Duration.seconds(3),
    cdk.RemovalPolicy.RETAIN,
    lambda_.Architecture.ARM_64,
]


# Ids by position: a token's repr holds a counter that differs between xdist workers.
@pytest.mark.parametrize("value", TOKENS, ids=lambda _: "token")
def test_tokens_are_unresolved(value: Any) -> None:
    assert is_unresolved(value)


@pytest.mark.parametrize("value", PLAIN, ids=lambda value: type(value).__name__)
def test_plain_values_are_resolved(value: Any) -> None:
    assert not is_unresolved(value)


#: Strings and lists holding a token's marker: tokens, and look-alikes that are not.
ENCODED: list[Any] = [
    cdk.Aws.REGION,
    f"arn:{cdk.Aws.PARTITION}:sqs:{cdk.Aws.REGION}:{cdk.Aws.ACCOUNT_ID}:q",
    cdk.Token.as_string(cdk.Token.as_number(cdk.Aws.ACCOUNT_ID)),
    f"Token[ {cdk.Token.as_string(cdk.Token.as_number(cdk.Aws.ACCOUNT_ID))}",
    cdk.Token.as_list(cdk.Fn.split(",", cdk.Aws.REGION)),
    [*cdk.Token.as_list(cdk.Fn.split(",", cdk.Aws.REGION)), "b"],
    [cdk.Aws.REGION],
    "${Token[]}",
    "${Token[has space]}",
    "${Token[TOKEN.1]",
    "#{Token[TOKEN.1]}",
    "${Token[TOKEN.1]}",  # the shape of an encoding, whatever it stands for
    ["#{Token[TOKEN.1]}"],
    ["${Token[TOKEN.1]}"],
    "Token[ -1.8881545897087626e+289",
    "Token[ -1.888e+289",
    "${Token[\u0661]}",  # not an ASCII character
]


@pytest.mark.parametrize("value", ENCODED, ids=lambda _: "encoded")
def test_a_string_or_list_is_a_token_as_aws_cdk_lib_says_without_asking_it(
    value: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (speed50): a string or list holding a token's marker was a round trip to the
    # jsii kernel each; aws-cdk-lib's test of their encoding, written in Python, answers
    # the same.
    expected = cdk.Token.is_unresolved(value)
    monkeypatch.setattr(cdk.Token, "is_unresolved", None)  # any call fails
    assert is_unresolved(value) is expected


def test_same_jsii_object_sees_through_new_proxies_of_one_resource() -> None:
    # GIVEN a resource created in JavaScript: each read returns a new Python proxy
    role = iam.Role(new_stack(), "Role", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    first, second = role.node.default_child, role.node.default_child
    assert first is not second
    # THEN both stand for one resource, and other constructs are told apart
    assert same_jsii_object(first, second)
    assert same_jsii_object(role, role)
    assert not same_jsii_object(role, first)
    assert not same_jsii_object(role, "Role")


def _resources(stack: cdk.Stack) -> list[tuple[Any, Any]]:
    """(interface, object) pairs: new L2s and imported ones, whose proxies come back as a
    class proxy, one interface's proxy, or several interfaces' at once."""
    return [
        (sqs.IQueue, sqs.Queue(stack, "Q")),
        (sqs.IQueue, sqs.Queue.from_queue_arn(stack, "QI", "arn:aws:sqs:us-east-1:1:q")),
        (sns.ITopic, sns.Topic.from_topic_arn(stack, "TI", "arn:aws:sns:us-east-1:1:t")),
        (dynamodb.ITable, dynamodb.Table.from_table_name(stack, "TN", "t")),
        (dynamodb.ITable, dynamodb.TableV2.from_table_name(stack, "TN2", "t2")),
        (events.IEventBus, events.EventBus.from_event_bus_name(stack, "EN", "bus")),
        (
            ec2.IVpc,
            ec2.Vpc.from_vpc_attributes(stack, "VA", vpc_id="vpc-1", availability_zones=["a"]),
        ),
        (ec2.IVpc, ec2.Vpc(stack, "V")),
        (
            acm.ICertificate,
            acm.Certificate.from_certificate_arn(
                stack, "C", "arn:aws:acm:us-east-1:1:certificate/x"
            ),
        ),
        (
            route53.IHostedZone,
            route53.HostedZone.from_hosted_zone_attributes(
                stack, "HZ", hosted_zone_id="Z1", zone_name="example.com"
            ),
        ),
        (iam.IRole, iam.Role.from_role_name(stack, "R", "r")),
    ]


def test_implements_accepts_new_and_imported_resources_of_the_interface() -> None:
    for interface, resource in _resources(new_stack()):
        assert implements(resource, interface), (interface.__name__, type(resource).__name__)


def test_implements_refuses_other_aws_cdk_lib_objects() -> None:
    stack = new_stack()
    assert not implements(cdk.Duration.seconds(1), sqs.IQueue)
    assert not implements(sqs.Queue(stack, "Q"), sns.ITopic)
    assert not implements(stack, dynamodb.ITable)
    assert not implements(events.EventBus.from_event_bus_name(stack, "E", "bus"), ec2.IVpc)


@pytest.mark.parametrize("value", [None, "arn:aws:sqs:us-east-1:1:q", {"queueArn": "x"}, object()])
def test_implements_refuses_plain_python_values(value: Any) -> None:
    assert not implements(value, sqs.IQueue)


def test_a_scope_python_cannot_hash_is_asked_every_time() -> None:
    # Proves (sweep26): a user's construct defining __eq__ (so no __hash__), as the scope of
    # a library construct, was a bare "TypeError: unhashable type" from the per-construct
    # stack/stage/path caches; it synthesized before they were added.
    class Tenant(Construct):
        def __init__(self, scope: Construct, id: str, name: str) -> None:
            super().__init__(scope, id)
            self.name = name

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Tenant) and other.name == self.name

    stack = new_stack()
    FunctionDefaults.of(stack).set(memory_mib=512)  # its lookup walks the scopes too
    tenant = Tenant(stack, "Acme", "acme")
    worker = QueueWorker(tenant, "Worker", handler=echo_handler())
    assert stack_of(tenant) is stack and stage_of(tenant) is stack.node.root
    assert path_of(tenant) == "Test/Acme"
    assert worker.queue.node.path == "Test/Acme/Worker/Queue"
    assert Template.from_stack(stack).find_resources(
        "AWS::Lambda::Function", {"Properties": {"MemorySize": 512}}
    )


class _Tenant(Construct):
    """A user's scope that compares (and hashes) by its tenant's name."""

    def __init__(self, scope: Construct, id: str, name: str) -> None:
        super().__init__(scope, id)
        self.name = name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Tenant) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)


def test_a_scope_equal_to_another_apps_has_its_own_stack_path_and_defaults() -> None:
    # Proves (review): the per-construct caches and FunctionDefaults were keyed by equality:
    # a tenant scope equal to one of an earlier App (another test, another stage's app) was
    # given that app's stack, path and function defaults (a 2048 MB function, alarms
    # described by the other app's path). They mean this object.
    first = new_stack()
    earlier = _Tenant(first, "Acme", "acme")
    FunctionDefaults.of(earlier).set(memory_mib=2048)
    assert stack_of(earlier) is first and path_of(earlier) == "Test/Acme"

    app = cdk.App()
    stack = cdk.Stack(app, "Other")
    tenant = _Tenant(stack, "Acme", "acme")
    assert tenant == earlier
    QueueWorker(tenant, "Worker", handler=echo_handler())
    assert stack_of(tenant) is stack and stage_of(tenant) is app
    assert path_of(tenant) == "Other/Acme"
    assert FunctionDefaults.of(tenant).settings == FunctionDefaults.of(stack).settings
    memory = [
        f["Properties"].get("MemorySize")
        for f in Template.from_stack(stack).find_resources("AWS::Lambda::Function").values()
    ]
    assert 2048 not in memory
