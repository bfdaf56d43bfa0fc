"""How API Gateway may invoke a route's function within Lambda's limit on the function's
resource-based policy.

aws-cdk-lib's ``HttpLambdaIntegration`` gives a function one permission per route it serves
(the tightest: only that route may invoke it), and each is one statement of the function's
(here: its ``live`` alias's) resource-based policy. Lambda refuses a policy over 20 KB, at
deploy time: the route whose permission would pass it fails with "The final policy size
(...) is bigger than the limit (20480)", half-way through the stack. A Handler that serves
many routes (one function for a whole API, say) therefore gets one permission for the
whole API instead, which the policy always holds.

Lambda quotas, "Function resource-based policy: 20 KB" (not adjustable):
https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import TypeVar

from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_lambda as lambda_

from constructs_lib.serverless_api.routes import DEFAULT_ROUTE, ParsedRoute

__all__ = ["POLICY_MAX_BYTES", "RouteIntegrations", "paths_by_function", "permission_per_route"]

K = TypeVar("K", bound=Hashable)

#: Lambda's limit on a function's resource-based policy.
POLICY_MAX_BYTES = 20_480
# The policy's own JSON around its statements ({"Version":...,"Id":"default","Statement":[]}).
_POLICY_BYTES = 64
# A route's statement without the route's path, at its longest: a 100-character Sid (the
# limit on a statement id; CloudFormation names it after the stack and the permission), the
# alias's ARN with a 64-character function name in the longest partition and region, the
# API's execute-api ARN and the JSON around them (465 bytes, measured).
_STATEMENT_BYTES = 470


def permission_per_route(paths: Iterable[str]) -> bool:
    """Whether one statement per route (``paths``: the routes a function serves) fits in
    the function's resource-based policy, counting each at its longest."""
    size = _POLICY_BYTES + sum(_STATEMENT_BYTES + len(path.encode()) for path in paths)
    return size <= POLICY_MAX_BYTES


class RouteIntegrations:
    """The integration of each route: one per function, with a permission per route while
    the function's routes fit in its policy, else one permission for the whole API (every
    route of it may invoke the function; only the routes integrated with it do).

    aws-cdk-lib's API-wide permission (``{api}/*/*/*``) does not match the ``$default``
    route's source ARN (``{api}/{stage}/$default``), so that route keeps a permission of
    its own, through an integration of its own.
    """

    def __init__(self, routes: Sequence[tuple[Hashable, ParsedRoute]]) -> None:
        self._per_route = {
            key: permission_per_route(paths) for key, paths in paths_by_function(routes).items()
        }
        self._made: dict[tuple[Hashable, bool], integrations.HttpLambdaIntegration] = {}

    def of(
        self, key: Hashable, parsed: ParsedRoute, id: str, alias: lambda_.IFunction
    ) -> integrations.HttpLambdaIntegration:
        """The integration of ``parsed``, served by ``alias`` (the function ``key``)."""
        per_route = self._per_route[key]
        own = not per_route and parsed.method == DEFAULT_ROUTE
        if (key, own) not in self._made:
            self._made[key, own] = (
                integrations.HttpLambdaIntegration(id, alias)  # aws-cdk-lib's default
                if per_route
                else integrations.HttpLambdaIntegration(f"{id}Default", alias)
                if own
                else integrations.HttpLambdaIntegration(id, alias, scope_permission_to_route=False)
            )
        return self._made[key, own]


def paths_by_function(routes: Iterable[tuple[K, ParsedRoute]]) -> dict[K, list[str]]:
    """The paths each function serves, from ``(function key, route)`` pairs."""
    paths: dict[K, list[str]] = {}
    for key, parsed in routes:
        paths.setdefault(key, []).append(parsed.path)
    return paths
