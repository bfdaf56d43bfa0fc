"""An enum prop given its member's name as a string (``starting_position="LATEST"``, as a
CloudFormation template or the AWS CLI writes it) is told the member to pass, in the
module's spelling the README uses; a string naming no member keeps the general fix
(bad inputs, round 42: "Fix: pass an aws_lambda.StartingPosition", no member named)."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import aws_lambda as lambda_

from constructs_lib._prop_type_messages import fix
from tests.stream_support import build_worker
from tests.support import assert_rule


@pytest.mark.parametrize(
    ("given", "member"),
    [
        ("LATEST", "lambda_.StartingPosition.LATEST"),
        ("trim_horizon", "lambda_.StartingPosition.TRIM_HORIZON"),
        (" Latest ", "lambda_.StartingPosition.LATEST"),
    ],
)
def test_a_member_s_name_is_told_the_member(given: str, member: str) -> None:
    assert_rule(
        build_worker,
        {"starting_position": given},
        rf"`starting_position` is {given!r}, a str; it must be an aws_lambda\.StartingPosition"
        rf"\. Fix: pass {member.replace('.', '[.]')}$",
    )


@pytest.mark.parametrize(
    ("value", "expected", "told"),
    [
        ("FIRST", lambda_.StartingPosition, "pass an aws_lambda.StartingPosition"),
        (3, lambda_.StartingPosition, "pass an aws_lambda.StartingPosition"),
        ("ARM_64", lambda_.Architecture, "pass an aws_lambda.Architecture"),  # a class, no enum
        ("active", lambda_.Tracing | None, "pass lambda_.Tracing.ACTIVE"),  # in a union
    ],
)
def test_other_values_keep_the_general_fix_and_unions_are_searched(
    value: Any, expected: Any, told: str
) -> None:
    assert fix(value, expected) == told
