"""The routes' function timeouts, checked again at synth (``_synth_checks``): the API
refuses a route handler's timeout above 29 seconds when it is built, but a platform's
Aspect raising every function's ``Timeout`` (a company standard of 60 s) changed the
template in silence, and every call running past 30 seconds was a 503 to its caller while
the function kept running."""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from constructs_lib._facts import attribute_of, path_of, resource_of
from constructs_lib._jsii import is_unresolved
from constructs_lib._synth_checks import at_synth, changed_after, is_number, template_properties
from constructs_lib._words import listed

__all__ = ["MAX_ROUTE_TIMEOUT", "recheck_route_timeouts_at_synth"]

#: The longest a route's function may run, in seconds: HTTP API's integration timeout is 30.
MAX_ROUTE_TIMEOUT = 29


def recheck_route_timeouts_at_synth(
    api: Construct, functions: Mapping[str, lambda_.Function]
) -> None:
    """Checks at synth that each route's function (of ``functions``, by route key) times
    out after :data:`MAX_ROUTE_TIMEOUT` seconds at most."""
    routes: dict[str, tuple[lambda_.CfnFunction, list[str], bool]] = {}
    for route, function in functions.items():  # routes sharing a Handler share a function
        resource = resource_of(function)
        if isinstance(resource, lambda_.CfnFunction):
            # built with a token (Handler's or FunctionDefaults'): its checks passed it
            # (the Duration FunctionCore gave it: aws-cdk-lib answers a new proxy each read)
            token = is_unresolved(attribute_of(function, "timeout"))
            routes.setdefault(path_of(function), (resource, [], token))[1].append(route)
    if routes:
        at_synth(api, lambda: [p for r, keys, t in routes.values() for p in _problems(r, keys, t)])


#: How a route's function built with a timeout token came to have the template's timeout.
_TOKEN = (
    "The function was built with a timeout token (a deploy-time value, its Handler's or "
    "FunctionDefaults'), which the API's checks pass; it resolved to this number only at synth"
)


def _problems(function: lambda_.CfnFunction, routes: list[str], token: bool) -> list[str]:
    most = MAX_ROUTE_TIMEOUT
    timeout = template_properties(function).get("timeout")
    if not is_number(timeout) or timeout <= most:
        return []  # none: Lambda's 3 seconds
    problem = (
        f"`timeout` is {timeout:g} seconds in the template (the function "
        f"{function.node.path}, serving {listed([repr(r) for r in routes])}); API Gateway "
        "gives up after 30 seconds and answers 503 while the function keeps running (and "
        "may still write). "
    )
    if token:
        return [
            f"{problem}{_TOKEN}. Fix: change what produces the token to at most {most} "
            "seconds, and move long work to a QueueWorker and answer 202"
        ]
    return [
        f"{problem}{changed_after('ServerlessApi', 'CfnFunction')}. Fix: leave the API's "
        f"functions out of what changed it (at most {most} seconds: Handler(timeout=...) or "
        "FunctionDefaults set it when the API is built), and move long work to a "
        "QueueWorker and answer 202"
    ]
