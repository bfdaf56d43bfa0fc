"""A ServerlessApi's Lambda authorizers' alarms by name, as its routes' functions' are:
``authorizer_errors_alarm`` / ``authorizer_throttles_alarm`` (the API's ``ApiAuth.function``)
and ``authorizer_errors_alarms[route]`` / ``authorizer_throttles_alarms[route]`` (each
route's Lambda authorizer, its own or the API's). They were in ``alarms`` only, found by
construct path."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_sns as sns

from constructs_lib import ApiAuth, ConstructError, Monitoring, Route, ServerlessApi
from tests.support import echo_handler, new_stack

#: the API's authorizer, and a route's own (Handlers of their own, named as their functions)
TOKENS = echo_handler(entry="app.other")
DEVICES = echo_handler(entry="app.other", name="DeviceTokens")
NAMES = ("authorizer_errors_alarm", "authorizer_throttles_alarm")
MAPPINGS = ("authorizer_errors_alarms", "authorizer_throttles_alarms")


def _api(stack: cdk.Stack, auth: ApiAuth | None = None, **props: Any) -> ServerlessApi:
    """Routes behind the API's Lambda authorizer, one behind its own, one public."""
    return ServerlessApi(
        stack,
        "Api",
        routes={
            "GET /items": echo_handler(),
            "POST /items": echo_handler(),
            "POST /telemetry": Route(
                echo_handler(name="Telemetry"), auth=ApiAuth.function(DEVICES)
            ),
            "GET /health": Route(echo_handler(name="Health"), public="load balancer checks"),
        },
        auth=auth or ApiAuth.function(TOKENS),
        **props,
    )


@pytest.fixture(scope="module")
def alarmed() -> ServerlessApi:
    """GIVEN an API with a Lambda authorizer and a route with one of its own, with alarms
    (read by the tests that use it; none changes it)."""
    return _api(new_stack(), alarms=True)


def test_the_authorizers_alarms_are_named(alarmed: ServerlessApi) -> None:
    # Proves (alarms46): an authorizer function's alarms were in `alarms` only, so a
    # composite alarm or a rollback on them had to find them by construct path
    api = alarmed
    # THEN the API's authorizer's alarms are named, beside its function
    errors, throttles = api.authorizer_errors_alarm, api.authorizer_throttles_alarm
    assert errors is not None and errors.node.path == "Test/Api/Authorizer/ErrorsAlarm"
    assert throttles is not None and throttles.node.path == "Test/Api/Authorizer/ThrottlesAlarm"
    # AND each route's authorizer's, by route key: the API's, the route's own, none if public
    by_route = api.authorizer_errors_alarms
    assert (
        set(by_route)
        == set(api.authorizer_functions)
        == {
            "GET /items",
            "POST /items",
            "POST /telemetry",
        }
    )
    assert by_route["GET /items"] is errors and by_route["POST /items"] is errors
    assert by_route["POST /telemetry"].node.path == "Test/Api/DeviceTokens/ErrorsAlarm"
    own = api.authorizer_throttles_alarms["POST /telemetry"]
    assert own.node.path == "Test/Api/DeviceTokens/ThrottlesAlarm"
    # AND every alarm of the API has a name: the stage's, the routes' and the authorizers'
    named = [api.server_errors_alarm, api.latency_alarm, errors, throttles]
    for mapping in ("errors_alarms", "throttles_alarms", *MAPPINGS):
        named += getattr(api, mapping).values()
    assert {id(alarm) for alarm in named} == {id(alarm) for alarm in api.alarms}


def test_an_authorizers_alarms_are_none_until_a_destination_appears() -> None:
    stack = new_stack()
    api = _api(stack)
    assert [getattr(api, name) for name in NAMES] == [None, None]
    assert [dict(getattr(api, mapping)) for mapping in MAPPINGS] == [{}, {}]
    Monitoring.of(stack).set_alarm_topic(sns.Topic(stack, "Topic"))
    assert all(isinstance(getattr(api, name), cloudwatch.Alarm) for name in NAMES)
    assert all(len(getattr(api, mapping)) == 3 for mapping in MAPPINGS)


@pytest.mark.parametrize(
    "auth",
    [ApiAuth.iam(), ApiAuth.jwt("https://auth.example.com/", ["api"])],
    ids=["iam", "jwt"],
)
def test_an_api_without_a_lambda_authorizer_names_none(auth: ApiAuth) -> None:
    # legitimate inputs of the same shape: no authorizer function, so no alarm of one
    api = ServerlessApi(
        new_stack(), "Api", routes={"GET /a": echo_handler()}, auth=auth, alarms=True
    )
    assert [getattr(api, name) for name in NAMES] == [None, None]
    assert [dict(getattr(api, mapping)) for mapping in MAPPINGS] == [{}, {}]
    assert len(api.alarms) == 4  # the stage's two, the route's function's two


def test_only_a_routes_own_lambda_authorizer_is_named_by_route() -> None:
    # the API's auth is a JWT: only the telemetry route is behind a Lambda authorizer
    api = _api(new_stack(), auth=ApiAuth.jwt("https://auth.example.com/", ["api"]), alarms=True)
    assert api.authorizer_errors_alarm is None
    assert set(api.authorizer_errors_alarms) == {"POST /telemetry"}


def test_an_authorizers_alarm_cannot_be_rebound(alarmed: ServerlessApi) -> None:
    # (refused, so the shared API stays as it was)
    api = alarmed
    with pytest.raises(ConstructError, match=r"`authorizer_errors_alarm` is assigned None"):
        api.authorizer_errors_alarm = None  # type: ignore[misc]
    with pytest.raises(TypeError, match="read-only"):
        api.authorizer_errors_alarms["GET /x"] = None  # type: ignore[index]


def test_an_authorizers_spillover_alarm_is_named() -> None:
    # Proves (gaps49): a Lambda authorizer with provisioned_concurrency got its spillover
    # alarm (in `alarms`) but no name, while every route's function's had one
    # GIVEN the API's authorizer keeps 2 environments warm; the route's own does not
    warm = echo_handler(entry="app.other", provisioned_concurrency=2)
    api = _api(new_stack(), auth=ApiAuth.function(warm), alarms=True)
    # THEN the API's authorizer's spillover alarm is named, beside its function
    spillover = api.authorizer_provisioned_concurrency_spillover_alarm
    assert spillover is not None
    assert spillover.node.path == "Test/Api/Authorizer/ProvisionedConcurrencySpilloverAlarm"
    # AND by route key: only the routes behind that authorizer (the route's own has none)
    by_route = api.authorizer_provisioned_concurrency_spillover_alarms
    assert dict(by_route) == {"GET /items": spillover, "POST /items": spillover}
    # AND every alarm of the API still has a name
    named = [api.server_errors_alarm, api.latency_alarm, spillover]
    named += [getattr(api, name) for name in NAMES]
    for mapping in ("errors_alarms", "throttles_alarms", *MAPPINGS):
        named += getattr(api, mapping).values()
    assert {id(alarm) for alarm in named} == {id(alarm) for alarm in api.alarms}


def test_an_authorizer_without_provisioned_concurrency_has_no_spillover_alarm(
    alarmed: ServerlessApi,
) -> None:
    api = alarmed
    assert api.authorizer_provisioned_concurrency_spillover_alarm is None
    assert dict(api.authorizer_provisioned_concurrency_spillover_alarms) == {}
    with pytest.raises(
        ConstructError,
        match=r"`authorizer_provisioned_concurrency_spillover_alarm` is assigned None",
    ):
        api.authorizer_provisioned_concurrency_spillover_alarm = None  # type: ignore[misc]
