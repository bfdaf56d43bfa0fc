"""API Gateway's quota on an HTTP API's routes, and CloudFormation's limit on a stack's
resources that an API with many distinct handlers reaches first, checked at synth.

"Routes per API: 300", adjustable per API (Quotas for configuring and running an HTTP API):
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
Routes that share a Handler share one function, so an API stays within CloudFormation's
500 resources per stack well past 300 routes, and the deploy failed half-way.

CloudFormation quotas, "Resources: 500" per template (a stack):
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
aws-cdk-lib refuses such a stack at synth, as a jsii error naming resource types only.
"""

from __future__ import annotations

from aws_cdk import CfnResource
from constructs import Construct

from constructs_lib._quotas import Quota, warn_of_quota
from constructs_lib._stack_resources import RESOURCES_MAX
from constructs_lib._validation import Validator
from constructs_lib.errors import ConstructError, Problem

__all__ = [
    "RESOURCES_BOUND_API",
    "RESOURCES_BOUND_PER_FUNCTION",
    "RESOURCES_BOUND_PER_ROUTE",
    "RESOURCES_MAX",
    "ROUTES_QUOTA",
    "ROUTES_WARNING",
    "check_resource_count",
    "warn_of_route_count",
]

#: API Gateway's default quota on an HTTP API's routes (adjustable, per API).
ROUTES_QUOTA = 300
ROUTES_WARNING = "constructs_lib:routesPerApiQuota"
_ROUTES = Quota(
    service="Amazon API Gateway",
    name="Routes per API",
    default=ROUTES_QUOTA,
    whose="this API's",
    request_for=" for this API",
)


def warn_of_route_count(v: Validator, routes: int) -> None:
    """Warns when ``routes`` pass the default quota (an API's may have been raised)."""
    if routes <= ROUTES_QUOTA:
        return
    warn_of_quota(
        v.scope,
        ROUTES_WARNING,
        f"`routes` has {routes} routes",
        _ROUTES,
        fix="serve some routes from another ServerlessApi (a `{proxy+}` route can serve a "
        "whole subtree with one handler)",
    )


#: More resources than an API makes itself (stage, logs, authorizer, table, alarms, domain),
#: per distinct handler (function, role, policies, log group, version, alias, alarms,
#: deployment group, network rules) and per route (route, integration, permission), in
#: any configuration (tests/test_serverless_api.py holds a heavy one to it).
RESOURCES_BOUND_API, RESOURCES_BOUND_PER_FUNCTION, RESOURCES_BOUND_PER_ROUTE = 60, 30, 4


def check_resource_count(api: Construct, functions: int, routes: int) -> None:
    """A ConstructError when ``api`` alone (``functions``: its distinct handlers, behind
    ``routes``) makes more resources than a stack may hold: no stack could deploy it.
    An API whose upper bound fits is not walked (a jsii call per construct, ~3.5 ms for
    the demo's API on every synth)."""
    bound = (
        RESOURCES_BOUND_API
        + functions * RESOURCES_BOUND_PER_FUNCTION
        + routes * RESOURCES_BOUND_PER_ROUTE
    )
    if bound <= RESOURCES_MAX:
        return
    resources = sum(isinstance(c, CfnResource) for c in api.node.find_all())
    if resources <= RESOURCES_MAX:
        return
    raise ConstructError(
        [
            Problem(
                api.node.path,
                "routes",
                f"make {resources} resources ({functions} distinct handlers, each a function "
                f"with its role, log group, version, alias and alarms, and {routes} routes), "
                f"and CloudFormation takes at most {RESOURCES_MAX} in a stack",
                "serve some routes from a ServerlessApi in another stack (one API per "
                "service, mapped under one domain with ApiDomainMapping), "
                + (
                    "or let routes share a Handler (one function for all of them)"
                    if functions > 1
                    # one function already: the routes are what is left to merge
                    else "or serve a subtree with one greedy route ('ANY /orders/{proxy+}')"
                ),
            )
        ]
    )
