"""Route(handler, throttle=Throttle(...)): a route's own limits in the stage's
RouteSettings, the stage created after the route (API Gateway refuses settings of a route
key it does not have), the API's ranges, and a warning when a route passes the API's."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, ConstructError, Route, ServerlessApi, Throttle
from constructs_lib.serverless_api.throttling import ROUTE_THROTTLE_WARNING
from tests.support import (
    RuleCase,
    assert_every_problem,
    assert_rule,
    echo_handler,
    new_stack,
    rule_cases,
    warnings_of,
)

HANDLER = echo_handler()


def _api(routes: dict[str, Any] | None = None, **props: Any) -> ServerlessApi:
    return ServerlessApi(
        new_stack(),
        "Api",
        routes=routes or {"GET /a": HANDLER},
        auth=ApiAuth.none(reason="a public test API"),
        **props,
    )


def _throttled(throttle: object, **props: Any) -> ServerlessApi:
    return _api({"GET /a": HANDLER, "POST /hooks": Route(HANDLER, throttle=throttle)}, **props)


def _stage(api: ServerlessApi, template: Template | None = None) -> dict[str, Any]:
    """The API's stage, in ``template`` if the test has its stack's (each
    ``Template.from_stack`` synthesizes the whole app again)."""
    template = template or Template.from_stack(cdk.Stack.of(api))
    stages = template.find_resources("AWS::ApiGatewayV2::Stage")
    (stage,) = stages.values()
    return stage


def test_without_route_throttles_the_stage_has_no_route_settings() -> None:
    # GIVEN routes without a throttle (a bare Handler, a Route without one)
    api = _api({"GET /a": HANDLER, "POST /b": Route(HANDLER)})
    # THEN the stage is as before: the API's limits only, no RouteSettings, no DependsOn
    stage = _stage(api)
    assert "RouteSettings" not in stage["Properties"]
    assert "DependsOn" not in stage
    assert stage["Properties"]["DefaultRouteSettings"] == {
        "ThrottlingBurstLimit": 100,
        "ThrottlingRateLimit": 50,
    }


def test_a_route_throttle_is_in_the_stage_s_route_settings_after_the_route() -> None:
    # GIVEN a webhook route with lower limits than the API's
    api = _throttled(Throttle(rate=5, burst=10), throttling=Throttle(rate=20, burst=50))
    template = Template.from_stack(cdk.Stack.of(api))
    stage = _stage(api, template)
    # THEN the stage carries them for that route key alone
    assert stage["Properties"]["RouteSettings"] == {
        "POST /hooks": {"ThrottlingBurstLimit": 10, "ThrottlingRateLimit": 5}
    }
    assert stage["Properties"]["DefaultRouteSettings"] == {
        "ThrottlingBurstLimit": 50,
        "ThrottlingRateLimit": 20,
    }
    # AND the stage is created after that route (API Gateway: "Unable to find Route by key")
    routes = template.find_resources(
        "AWS::ApiGatewayV2::Route", {"Properties": {"RouteKey": "POST /hooks"}}
    )
    assert set(routes) <= set(stage["DependsOn"])
    assert not warnings_of(cdk.Stack.of(api), ROUTE_THROTTLE_WARNING)


def test_the_default_route_and_a_fractional_rate_are_taken() -> None:
    # GIVEN $default with a route throttle of one request every 2 seconds
    api = _api({"$default": Route(HANDLER, throttle=Throttle(rate=0.5, burst=1))})
    template = Template.from_stack(cdk.Stack.of(api))
    stage = _stage(api, template)
    assert stage["Properties"]["RouteSettings"] == {
        "$default": {"ThrottlingBurstLimit": 1, "ThrottlingRateLimit": 0.5}
    }
    default_routes = template.find_resources(
        "AWS::ApiGatewayV2::Route", {"Properties": {"RouteKey": "$default"}}
    )
    assert set(default_routes) <= set(stage["DependsOn"])


@pytest.mark.parametrize(
    "throttle",
    [
        Throttle(rate=50, burst=100),  # the API's default limits, equal: no warning
        Throttle(rate=10000, burst=5000),  # the ranges' ends, under an API at them too
    ],
)
def test_edge_limits_are_taken_without_a_warning(throttle: Throttle) -> None:
    api = _throttled(throttle, throttling=Throttle(rate=throttle.rate, burst=throttle.burst))
    assert _stage(api)["Properties"]["RouteSettings"]["POST /hooks"] == {
        "ThrottlingBurstLimit": throttle.burst,
        "ThrottlingRateLimit": throttle.rate,
    }
    assert not warnings_of(cdk.Stack.of(api), ROUTE_THROTTLE_WARNING)


def test_a_route_above_the_api_warns_naming_both_limits() -> None:
    # GIVEN an API at 20 rps, burst 50, and a route given a burst of 100 (Throttle's default,
    # given outright: the route's own, unlike a burst left out)
    api = _throttled(Throttle(rate=5, burst=100), throttling=Throttle(rate=20, burst=50))
    # THEN it synthesizes (API Gateway applies the route's limits instead of the stage's,
    # which may be meant) with a warning naming the limit, the API's, and the fix
    (warning,) = warnings_of(cdk.Stack.of(api), ROUTE_THROTTLE_WARNING)
    assert "`routes['POST /hooks'].throttle` has burst 100 above the API's 50" in warning
    assert "in place of the stage's" in warning
    assert f"acknowledge '{ROUTE_THROTTLE_WARNING}'" in warning
    assert _stage(api)["Properties"]["RouteSettings"]["POST /hooks"]["ThrottlingBurstLimit"] == 100


@pytest.mark.parametrize(
    ("throttle", "expected"),
    [
        (Throttle(rate=5), {"ThrottlingRateLimit": 5, "ThrottlingBurstLimit": 50}),
        (Throttle(burst=10), {"ThrottlingRateLimit": 20, "ThrottlingBurstLimit": 10}),
        (Throttle(), {"ThrottlingRateLimit": 20, "ThrottlingBurstLimit": 50}),
    ],
)
def test_a_limit_a_route_leaves_out_is_the_api_s(
    throttle: Throttle, expected: dict[str, float]
) -> None:
    # GIVEN an API at 20 rps, burst 50, and a route's Throttle without rate or burst
    api = _throttled(throttle, throttling=Throttle(rate=20, burst=50))
    # THEN the route takes the API's limit for it (not Throttle's 50 / 100), without a warning
    assert _stage(api)["Properties"]["RouteSettings"]["POST /hooks"] == expected
    assert not warnings_of(cdk.Stack.of(api), ROUTE_THROTTLE_WARNING)


def test_a_limit_left_out_under_the_default_api_is_the_library_s() -> None:
    api = _throttled(Throttle(rate=5))  # no `throttling`: 50 rps, burst 100
    settings = _stage(api)["Properties"]["RouteSettings"]["POST /hooks"]
    assert settings == {"ThrottlingRateLimit": 5, "ThrottlingBurstLimit": 100}
    assert not warnings_of(cdk.Stack.of(api), ROUTE_THROTTLE_WARNING)


def test_an_unset_limit_compares_and_hashes_as_the_default_number() -> None:
    # Throttle's public behaviour is unchanged: its defaults are the numbers 50 and 100
    assert Throttle() == Throttle(rate=50, burst=100)
    assert hash(Throttle()) == hash(Throttle(rate=50, burst=100))
    assert (Throttle().rate, Throttle().burst) == (50, 100)
    assert repr(Throttle()) == "Throttle(rate=50, burst=100)"


def test_a_deploy_time_limit_is_applied_and_not_compared() -> None:
    # GIVEN a route rate known at deploy time only
    rate = cdk.Token.as_number(cdk.Fn.import_value("HookRate"))
    api = _throttled(Throttle(rate=rate, burst=10))
    settings = _stage(api)["Properties"]["RouteSettings"]["POST /hooks"]
    assert settings["ThrottlingRateLimit"] == {"Fn::ImportValue": "HookRate"}
    assert not warnings_of(cdk.Stack.of(api), ROUTE_THROTTLE_WARNING)


CASES: list[RuleCase] = [
    (
        "rate zero",
        {"throttle": Throttle(rate=0)},
        r"`routes\['POST /hooks'\]\.throttle\.rate` is 0 requests/second; it must be above 0",
    ),
    (
        "rate above the account's",
        {"throttle": Throttle(rate=10001, burst=10)},
        r"`routes\['POST /hooks'\]\.throttle\.rate` is 10001 requests/second.*at most 10000",
    ),
    (
        "burst above 5000",
        {"throttle": Throttle(rate=1, burst=5001)},
        r"`routes\['POST /hooks'\]\.throttle\.burst` is 5001",
    ),
    (
        "burst zero",
        {"throttle": Throttle(rate=1, burst=0)},
        r"`routes\['POST /hooks'\]\.throttle\.burst` is 0",
    ),
    (
        "a dict for a Throttle",
        {"throttle": {"rate": 5}},
        r"`routes\['POST /hooks'\]\.throttle` is .*Fix: pass",
    ),
]


@rule_cases(CASES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_throttled, props, message)


def test_every_problem_is_listed_at_once() -> None:
    # GIVEN a bad API throttle and two bad route throttles
    def build(**_: Any) -> ServerlessApi:
        return _api(
            {
                "GET /a": Route(HANDLER, throttle=Throttle(rate=-1, burst=10)),
                "POST /b": Route(HANDLER, throttle=Throttle(rate=1, burst=6000)),
            },
            throttling=Throttle(rate=1, burst=0),
        )

    assert_every_problem(
        build,
        {},
        "Test/Api",
        [
            "routes['GET /a'].throttle.rate",
            "routes['POST /b'].throttle.burst",
            "throttling.burst",
        ],
    )


def test_throttle_is_keyword_only() -> None:
    with pytest.raises(ConstructError, match=r"`throttle` given by position.*Fix: pass the props"):
        Route(HANDLER, None, (), Throttle())  # type: ignore[misc]
