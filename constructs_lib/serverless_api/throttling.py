"""The API's and its routes' throttling: their ranges, a route's limits against the API's,
and the stage's ``RouteSettings`` that carry a route's own.

An HTTP API stage's ``throttling`` is its default route settings; a route's
``RouteSettings`` replace them for that route rather than apply within them ("You can set
route-level throttling to override the stage-level throttling limits for a specific route",
Throttle requests to your HTTP APIs, API Gateway Developer Guide), so a route may be given
more than the API's, which the library warns of: a route meant to take most of the traffic
is a reason, a copied number is not.
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Annotations
from aws_cdk import aws_apigatewayv2 as apigwv2
from constructs import IConstruct

from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator
from constructs_lib._value_object_dicts import dict_fix
from constructs_lib.serverless_api.options import Throttle, _Unset
from constructs_lib.serverless_api.routes import ParsedRoute

__all__ = [
    "ROUTE_THROTTLE_WARNING",
    "apply_route_throttles",
    "check_throttle",
    "route_limits",
    "warn_of_route_above_api",
]

#: The synth warning of a route whose limits pass the API's.
ROUTE_THROTTLE_WARNING = "constructs_lib:routeThrottleAboveApi"
# API Gateway's account-level defaults per Region: a stage's or a route's limits above
# them are not applied.
_MAX_RATE, _MAX_BURST = 10000, 5000


def check_throttle(v: Validator, throttle: object, prop: str) -> bool:
    """``throttle`` is a Throttle within API Gateway's ranges (a token passes); False when
    it is no Throttle."""
    fix = dict_fix(throttle, Throttle) or "pass e.g. Throttle(rate=50, burst=100)"
    if not v.check_type(throttle, prop, Throttle, fix):
        return False
    assert isinstance(throttle, Throttle)
    _check_rate(v, throttle.rate, f"{prop}.rate")
    v.check_range(throttle.burst, f"{prop}.burst", 1, _MAX_BURST, "requests", whole=True)
    return True


def route_limits(route: Throttle, api: Throttle) -> Throttle:
    """A route's limits, a rate or burst its Throttle was not given taken from the API's
    (``Throttle(rate=5)`` on a route under an API at burst 50 has burst 50, not 100)."""
    return Throttle(
        rate=api.rate if isinstance(route.rate, _Unset) else route.rate,
        burst=api.burst if isinstance(route.burst, _Unset) else route.burst,
    )


def warn_of_route_above_api(v: Validator, key: str, route: Throttle, api: object) -> None:
    """Warns when a route's rate or burst passes the API's (both known at synth; one the
    route's Throttle was not given is the API's)."""
    if not isinstance(api, Throttle):
        return  # the API's throttling is no Throttle: its own problem
    limits = (("rate", route.rate, api.rate), ("burst", route.burst, api.burst))
    above = [
        f"{name} {mine:g} above the API's {theirs:g}"
        for name, mine, theirs in limits
        if not isinstance(mine, _Unset) and _number(mine) and _number(theirs) and mine > theirs
    ]
    if not above:
        return
    Annotations.of(v.scope).add_warning_v2(
        ROUTE_THROTTLE_WARNING,
        f"`routes[{key!r}].throttle` has {' and '.join(above)} (`throttling`): API Gateway "
        "applies a route's limits in place of the stage's, so this route takes more than "
        "`throttling` says. Fix: set the route's throttle lower (or leave out the limit, "
        "which then is the API's), or `throttling` higher; if the route is meant to take more, "
        f"acknowledge '{ROUTE_THROTTLE_WARNING}'.",
    )


def apply_route_throttles(
    stage: apigwv2.HttpStage,
    wired: Sequence[tuple[ParsedRoute, Sequence[IConstruct]]],
    api: Throttle,
) -> None:
    """The own limits of the routes that have them (each with the HttpRoutes made for it;
    what they leave out the API's, ``api``) in the stage's ``RouteSettings`` by route key,
    the stage created after those routes: API Gateway refuses settings of a route key it
    does not have yet ("Unable to find Route by key ... within the provided
    RouteSettings")."""
    throttled = [(parsed, routes) for parsed, routes in wired if parsed.route.throttle]
    if not throttled:
        return  # no RouteSettings and no dependency: an API without them is unchanged
    stage_resource = stage.node.default_child
    assert isinstance(stage_resource, apigwv2.CfnStage)
    # RouteSettings is JSON to CloudFormation, a map by route key: aws-cdk-lib writes a
    # RouteSettingsProperty there in camelCase, which API Gateway does not read
    settings: dict[str, dict[str, float]] = {}
    for parsed, routes in throttled:
        assert parsed.route.throttle is not None
        throttle = route_limits(parsed.route.throttle, api)
        settings[parsed.key] = {
            "ThrottlingRateLimit": throttle.rate,
            "ThrottlingBurstLimit": throttle.burst,
        }
        for route in routes:  # the route resource alone, not its integration's permission
            stage.node.add_dependency(route.node.default_child or route)
    stage_resource.route_settings = settings


def _number(value: object) -> bool:
    """A number known at synth."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return not is_unresolved(value)


def _check_rate(v: Validator, rate: object, prop: str) -> None:
    """API Gateway's rate: a double, so a fraction is taken (0.5 is a request every
    2 seconds); up to the account's default 10 000 requests/second."""
    if not _number(rate):  # a type that is no number, or a token
        v.check_range(rate, prop, 0, _MAX_RATE, "requests/second")  # type: ignore[arg-type]
        return
    assert isinstance(rate, int | float)
    v.check(
        0 < rate <= _MAX_RATE,
        prop,
        f"is {rate:g} requests/second; it must be above 0 (a fraction too: 0.5 is a "
        f"request every 2 seconds) and at most {_MAX_RATE}",
        f"pass a number above 0 and up to {_MAX_RATE}, e.g. 50",
    )
