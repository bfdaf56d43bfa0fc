"""aws-cdk-lib's own values for a function's settings, which a CDK user writes first:
``lambda_.Runtime.PYTHON_3_13``, ``lambda_.Architecture.ARM_64`` and ``Duration.days(365)``
stand for the library's ``"3.13"``, ``"arm64"`` and ``logs.RetentionDays.ONE_YEAR`` (the
same template), in a Handler and in FunctionDefaults; any other is refused, naming the
supported ones."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    ConstructError,
    Deployment,
    FunctionDefaults,
    Handler,
    QueueWorker,
    ServerlessApi,
)
from tests.support import echo_handler, new_app

CDK_VALUES: dict[str, Any] = {
    "runtime": lambda_.Runtime.PYTHON_3_13,
    "architecture": lambda_.Architecture.X86_64,
    "log_retention": cdk.Duration.days(365),
}
LIBRARY_VALUES: dict[str, Any] = {
    "runtime": "3.13",
    "architecture": "x86_64",
    "log_retention": logs.RetentionDays.ONE_YEAR,
}


def _in_handler(settings: dict[str, Any]) -> dict[str, Any]:
    stack = cdk.Stack(new_app(), "Test")
    QueueWorker(stack, "Worker", handler=echo_handler(**settings), alarms=False)
    return Template.from_stack(stack).to_json()


def _in_defaults(settings: dict[str, Any]) -> dict[str, Any]:
    stack = cdk.Stack(new_app(), "Test")
    FunctionDefaults.of(stack).set(**settings)
    QueueWorker(stack, "Worker", handler=echo_handler(), alarms=False)
    return Template.from_stack(stack).to_json()


@pytest.mark.parametrize("build", [_in_handler, _in_defaults], ids=["handler", "defaults"])
def test_aws_cdk_lib_s_values_make_the_template_of_the_library_s(
    build: Callable[[dict[str, Any]], dict[str, Any]],
) -> None:
    # Proves (user trial): Handler(runtime=lambda_.Runtime.PYTHON_3_13, ...) was refused
    template = build(CDK_VALUES)
    assert template == build(LIBRARY_VALUES)
    (function,) = (
        r["Properties"]
        for r in template["Resources"].values()
        if r["Type"] == "AWS::Lambda::Function"
    )
    assert (function["Runtime"], function["Architectures"]) == ("python3.13", ["x86_64"])
    (group,) = (r for r in template["Resources"].values() if r["Type"] == "AWS::Logs::LogGroup")
    assert group["Properties"]["RetentionInDays"] == 365


def test_arm_64_is_the_default_architecture_s_template() -> None:
    assert _in_handler({"architecture": lambda_.Architecture.ARM_64}) == _in_handler({})


def test_a_handler_of_aws_cdk_lib_s_values_shares_the_function_of_the_library_s() -> None:
    stack = cdk.Stack(new_app(), "Test")
    ServerlessApi(
        stack,
        "Api",
        auth=ApiAuth.iam(),
        routes={
            "GET /a": echo_handler(**CDK_VALUES),
            "GET /b": echo_handler(**LIBRARY_VALUES),
        },
    )
    Template.from_stack(stack).resource_count_is("AWS::Lambda::Function", 1)


def test_equal_hooks_of_aws_cdk_lib_s_values_are_one_function() -> None:
    # GIVEN two routes, each a new Handler with a new pre-traffic hook of the same values
    def handler() -> Handler:
        hook = echo_handler(name="PreTraffic", log_retention=cdk.Duration.days(365))
        return echo_handler(
            **CDK_VALUES, deployment=Deployment.canary(percent=10, minutes=5, pre_traffic=hook)
        )

    stack = cdk.Stack(new_app(), "Test")
    ServerlessApi(
        stack, "Api", auth=ApiAuth.iam(), routes={"GET /a": handler(), "GET /b": handler()}
    )
    # THEN one function serves both routes (jsii's Duration and Runtime compare by identity),
    # beside its hook's
    Template.from_stack(stack).resource_count_is("AWS::Lambda::Function", 2)


SUPPORTED_RUNTIMES = (
    "the library builds Python functions for 3.12, 3.13, 3.14. Fix: pass one of '3.12', "
    "'3.13', '3.14' (or lambda_.Runtime.PYTHON_3_12, lambda_.Runtime.PYTHON_3_13, "
    "lambda_.Runtime.PYTHON_3_14)"
)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {"runtime": lambda_.Runtime.NODEJS_20_X},
            f"runtime` is lambda_.Runtime 'nodejs20.x'; {SUPPORTED_RUNTIMES}",
        ),
        (
            {"runtime": lambda_.Runtime.PYTHON_3_9},
            f"runtime` is lambda_.Runtime 'python3.9'; {SUPPORTED_RUNTIMES}",
        ),
        (
            {"architecture": lambda_.Architecture.custom("riscv64", "linux/riscv64")},
            "architecture` is lambda_.Architecture 'riscv64'; the library builds Python "
            "functions for arm64, x86_64. Fix: pass one of 'arm64', 'x86_64' (or "
            "lambda_.Architecture.ARM_64, lambda_.Architecture.X86_64)",
        ),
        (
            {"log_retention": cdk.Duration.days(366)},
            "log_retention` is 366 days; CloudWatch keeps logs for 1, 3, 5, 7, 14, 30, 60, 90, "
            "120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 "
            "days. Fix: pass Duration.days(365) (logs.RetentionDays.ONE_YEAR) or "
            "Duration.days(400) (logs.RetentionDays.THIRTEEN_MONTHS)",
        ),
        (
            {"log_retention": cdk.Duration.hours(36)},
            "log_retention` is 1.5 days; CloudWatch keeps logs for whole days. Fix: pass "
            "Duration.days(1) (logs.RetentionDays.ONE_DAY) or Duration.days(3)",
        ),
    ],
    ids=["nodejs", "python-3.9", "custom-architecture", "366-days", "36-hours"],
)
@pytest.mark.parametrize("build", [_in_handler, _in_defaults], ids=["handler", "defaults"])
def test_aws_cdk_lib_s_values_the_library_does_not_build_are_refused(
    build: Callable[[dict[str, Any]], dict[str, Any]], settings: dict[str, Any], message: str
) -> None:
    prop = "handler" if build is _in_handler else "FunctionDefaults"
    with pytest.raises(ConstructError, match=re.escape(f"`{prop}.{message}")):
        build(settings)


def test_a_deploy_time_duration_as_log_retention_is_refused() -> None:
    days = cdk.Token.as_number(cdk.Fn.get_att("Settings", "Days"))
    with pytest.raises(ConstructError, match=r"log_retention` is .*it must be known at synth"):
        _in_handler({"log_retention": cdk.Duration.days(days)})
