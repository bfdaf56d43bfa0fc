"""The fixes config50 gave values read from configuration stay true for ordinary bad input
(sweep50): a number read from text (or a float of a whole one) is the fix only where that
number is allowed, and a number is a Duration's or a Size's fix only where one can be made
of it. Before, ``memory_mib="20000"`` was told ``pass 20000`` (the limit is 10240),
``reserved_concurrency=-1.0`` ``pass -1``, ``max_receive_count="0"`` ``pass 0``,
``timeout="-30"`` and ``timeout=-5`` ``pass Duration.seconds(-30)`` / ``(-5)`` (aws-cdk-lib
raises for a negative Duration), ``timeout=True`` ``pass Duration.seconds(True)``,
``max_message_size=-5`` ``pass Size.bytes(-5)``, ``log_retention=2`` ``pass
Duration.days(2)`` (no count CloudWatch keeps) and ``-5.0`` ``pass Duration.days(-5)``;
a dict naming no kind where the factories choose one, ``{"issuer": ..., "audiences":
...}`` for auth, ``pass ApiAuth(issuer=..., audiences=...)`` (a ConstructError: no kind)
and ``{"percent": 10, "minutes": 5}`` for a deployment ``pass Deployment(percent=...,
minutes=...)`` (all at once). Also: StaticSite's
``source`` typed ``str | os.PathLike[str]`` refused an os.PathLike of the app's own class
as ``'<its repr>', which does not exist``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    Deployment,
    EventHandler,
    QueueWorker,
    ServerlessApi,
    StaticSite,
)
from constructs_lib._config_values import duration_fix, whole_number_fix
from constructs_lib._value_object_dicts import dict_fix
from tests.support import SITE, echo_handler, new_stack, only_problem

TEXT = "a value read from a config file, -c context or an environment variable is text"


def _worker(**props: Any) -> Callable[[cdk.Stack], object]:
    return lambda stack: QueueWorker(stack, "Worker", **{"handler": echo_handler(), **props})


def _handler(**options: Any) -> Callable[[cdk.Stack], object]:
    return _worker(handler=echo_handler(**options))


def _api(**props: Any) -> Callable[[cdk.Stack], object]:
    return lambda stack: ServerlessApi(
        stack, "Api", **{"routes": {"GET /a": echo_handler()}, "auth": ApiAuth.iam(), **props}
    )


CASES: list[tuple[str, Callable[[cdk.Stack], object], str, str, str]] = [
    # (case, construct, prop, what, fix): out of range, the range's fix stays
    (
        "memory above the limit, as text",
        _handler(memory_mib="20000"),
        "handler.memory_mib",
        "is '20000', a str; it must be a whole number",
        "pass e.g. memory_mib=256",
    ),
    (
        "memory negative, as a float",
        _handler(memory_mib=-3.0),
        "handler.memory_mib",
        "is -3.0, a float; it must be a whole number",
        "pass e.g. memory_mib=256",
    ),
    (
        "reserved concurrency negative",
        _handler(reserved_concurrency="-1"),
        "handler.reserved_concurrency",
        "is '-1', a str; it must be a whole number",
        "pass e.g. reserved_concurrency=5",
    ),
    (
        "provisioned concurrency zero",
        _handler(provisioned_concurrency="0"),
        "handler.provisioned_concurrency",
        "is '0', a str; it must be a whole number",
        "pass e.g. provisioned_concurrency=5",
    ),
    (
        "receive count zero, as text",
        _worker(max_receive_count="0"),
        "max_receive_count",
        "is '0', a str; it must be a whole number",
        "pass a whole number from 1 to 1000",
    ),
    (
        "retry attempts negative, as text",
        lambda stack: EventHandler(
            stack,
            "Events",
            handler=echo_handler(),
            event_pattern={"source": ["orders"]},
            retry_attempts="-1",
        ),
        "retry_attempts",
        "is '-1', a str; it must be a whole number",
        "pass a whole number from 0 to 185",
    ),
    (
        "batch size negative, as text (the type's fix)",
        _worker(batch_size="-1"),
        "batch_size",
        "is '-1', a str; it must be a whole number",
        "pass a whole number",
    ),
    # no Duration or Size is negative, none is True
    (
        "timeout negative, as text",
        _handler(timeout="-30"),
        "handler.timeout",
        "is '-30', a str, not a Duration",
        "pass e.g. Duration.seconds(10)",
    ),
    (
        "timeout negative",
        _handler(timeout=-5),
        "handler.timeout",
        "is -5, an int, not a Duration",
        "pass e.g. Duration.seconds(10)",
    ),
    (
        "timeout True",
        _handler(timeout=True),
        "handler.timeout",
        "is True, a bool, not a Duration",
        "pass e.g. Duration.seconds(10)",
    ),
    (
        "message size negative",
        _worker(max_message_size=-5),
        "max_message_size",
        "is -5, an int; it must be a Size",
        "pass a Size",
    ),
    # a number of days: one CloudWatch keeps, or the counts around it; S3's range
    (
        "log retention of days CloudWatch does not keep",
        _handler(log_retention=2),
        "handler.log_retention",
        "is 2, an int, not a Duration or a logs.RetentionDays",
        "pass Duration.days(1) (logs.RetentionDays.ONE_DAY) or Duration.days(3) "
        "(logs.RetentionDays.THREE_DAYS)",
    ),
    (
        "log retention negative, as a float",
        _handler(log_retention=-5.0),
        "handler.log_retention",
        "is -5.0, a float, not a Duration or a logs.RetentionDays",
        "pass Duration.days(1) (logs.RetentionDays.ONE_DAY)",
    ),
    (
        "site access log retention negative",
        lambda stack: StaticSite(stack, "Site", source=SITE, access_log_retention=-5),
        "access_log_retention",
        "is -5, an int, not a Duration or a logs.RetentionDays",
        "pass e.g. logs.RetentionDays.ONE_YEAR or Duration.days(365)",
    ),
    # a dict without the kind the constructor needs: the factory its keys are the arguments of
    (
        "auth dict naming no kind",
        _api(auth={"issuer": "https://id.example.com/", "audiences": ["web"]}),
        "auth",
        "is {'issuer': 'https://id.example.com/', 'audiences': ['web']}, a dict",
        "pass ApiAuth.jwt(issuer=..., audiences=...), the factory taking the dict's keys",
    ),
    (
        "deployment dict naming no kind",
        _handler(deployment={"percent": 10, "minutes": 5}),
        "handler.deployment",
        "is {'percent': 10, 'minutes': 5}, a dict",
        "pass Deployment.canary(percent=..., minutes=...), the factory taking the dict's keys",
    ),
    (
        "deployment dict of two factories' keys",
        _handler(deployment={"percent": 10}),
        "handler.deployment",
        "is {'percent': 10}, a dict",
        "pass Deployment.canary(percent=...) or Deployment.linear(percent=...) (each takes "
        "the dict's keys), whichever kind you meant",
    ),
]


@pytest.mark.parametrize(
    ("build", "prop", "what", "fix"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_fix_names_only_a_value_that_is_allowed(
    build: Callable[[cdk.Stack], object], prop: str, what: str, fix: str
) -> None:
    problem = only_problem(build)
    assert (problem.prop, problem.message, problem.fix) == (prop, what, fix)


@pytest.mark.parametrize(
    ("build", "prop", "fix"),
    [
        (
            _handler(memory_mib="10240"),
            "handler.memory_mib",
            f"pass 10240, the number, not the text '10240' ({TEXT}: convert it with int(...))",
        ),
        (
            _worker(max_receive_count="1000"),
            "max_receive_count",
            f"pass 1000, the number, not the text '1000' ({TEXT}: convert it with int(...))",
        ),
        (  # 0 seconds is no timeout Lambda takes: the fix names its least (gaps51)
            _handler(timeout="0"),
            "handler.timeout",
            "pass Duration.seconds(1) (0 seconds is under the 1 to 900 seconds it takes) if "
            f"'0' counts seconds, not the text ({TEXT})",
        ),
        (_handler(timeout=30), "handler.timeout", "pass Duration.seconds(30)"),
        (_handler(log_retention=365.0), "handler.log_retention", "pass Duration.days(365)"),
        (
            lambda stack: StaticSite(stack, "Site", source=SITE, access_log_retention=2),
            "access_log_retention",
            "pass Duration.days(2)",
        ),
        (
            _worker(max_message_size=1024),
            "max_message_size",
            "pass Size.kibibytes(1) (= 1024 bytes)",
        ),
    ],
)
def test_a_number_in_range_is_still_the_fix(
    build: Callable[[cdk.Stack], object], prop: str, fix: str
) -> None:
    problem = only_problem(build)
    assert (problem.prop, problem.fix) == (prop, fix)


def test_the_bounds_of_the_converters() -> None:
    assert whole_number_fix("0", at_least=1) is None
    assert whole_number_fix("7", at_least=1, at_most=6) is None
    assert whole_number_fix(6.0, at_least=1, at_most=6) is not None
    assert duration_fix("-30") is None
    assert duration_fix(" -0 ") is not None  # zero, which is a Duration


def test_following_the_dict_fixes_synthesizes() -> None:
    # the calls the two dicts' fixes name build what the dicts meant
    assert dict_fix({"percent": 10, "minutes": 5}, Deployment) is not None
    stack = new_stack()
    QueueWorker(
        stack, "Worker", handler=echo_handler(deployment=Deployment.canary(percent=10, minutes=5))
    )
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.jwt(issuer="https://id.example.com/", audiences=["web"]),
    )
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::CodeDeploy::DeploymentGroup", 1)
    template.has_resource_properties("AWS::ApiGatewayV2::Authorizer", {"AuthorizerType": "JWT"})


class _SitePath:
    """An os.PathLike of an app's own (a build tool's output path object)."""

    def __init__(self, path: Path) -> None:
        self._path = path

    def __fspath__(self) -> str:
        return str(self._path)


def test_a_site_source_of_the_apps_own_path_like_class_is_read() -> None:
    by_path, by_own = new_stack(), new_stack()
    StaticSite(by_path, "Site", source=SITE)
    StaticSite(by_own, "Site", source=_SitePath(SITE))
    assert Template.from_stack(by_own).to_json() == Template.from_stack(by_path).to_json()
