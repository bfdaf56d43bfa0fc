"""API Gateway's quota on an HTTP API's routes, checked at synth.

"Routes per API: 300", adjustable per API (Quotas for configuring and running an HTTP API):
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
Routes that share a Handler share one function, so an API stays within CloudFormation's
500 resources per stack well past 300 routes, and the deploy failed half-way.
"""

from __future__ import annotations

from aws_cdk import Annotations

from constructs_lib._validation import Validator

__all__ = ["ROUTES_QUOTA", "ROUTES_WARNING", "warn_of_route_count"]

#: API Gateway's default quota on an HTTP API's routes (adjustable, per API).
ROUTES_QUOTA = 300
ROUTES_WARNING = "constructs_lib:routesPerApiQuota"


def warn_of_route_count(v: Validator, routes: int) -> None:
    """Warns when ``routes`` pass the default quota (an API's may have been raised)."""
    if routes <= ROUTES_QUOTA:
        return
    Annotations.of(v.scope).add_warning_v2(
        ROUTES_WARNING,
        f"`routes` has {routes} routes, and API Gateway's quota 'Routes per API' is "
        f"{ROUTES_QUOTA} by default: unless this API's is higher the deploy fails half-way. "
        "Fix: serve some routes from another ServerlessApi (a `{proxy+}` route can serve a "
        "whole subtree with one handler), or request a higher 'Routes per API' for this API "
        f"(Service Quotas, Amazon API Gateway) before deploying. If it is higher, "
        f"acknowledge '{ROUTES_WARNING}'.",
    )
