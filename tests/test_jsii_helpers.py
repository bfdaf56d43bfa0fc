"""The helpers that answer jsii questions in Python: right, and without a kernel call
where Python can tell (synth time is mostly round trips to the jsii kernel)."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_

from constructs_lib._jsii import is_unresolved, same_jsii_object
from tests.support import new_stack

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
