"""``ServerlessApi.grant_invoke``: a machine client's ``execute-api:Invoke`` on some routes
behind ``ApiAuth.iam()``, and cdk-nag's AwsSolutions-IAM5 findings of that one statement
acknowledged on the client's policy alone.

The ARNs are ``arn_for_route``'s (each path parameter a ``*``, or its value); the findings
are computed as cdk-nag computes them (``_iam_findings``), so an acknowledgement names the
API's logical ID and the stack's env exactly as the report would, and a later change of a
route or of the env cannot leave an acknowledgement that matches nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from aws_cdk import Stack, Stage, Token
from aws_cdk import aws_iam as iam

from constructs_lib import _nag
from constructs_lib._core.link_grants import acknowledge_wildcards
from constructs_lib._jsii import given, is_unresolved
from constructs_lib._nag_rules import REASON_AT_SYNTH
from constructs_lib._reason_length import short_reason
from constructs_lib._validation import Validator
from constructs_lib.errors import ConstructError
from constructs_lib.serverless_api.route_arns import check_route, checked_route_arn

if TYPE_CHECKING:
    from constructs_lib.serverless_api import ServerlessApi

__all__ = ["grant_invoke"]

_GRANTEE = "grant_invoke(grantee)"
_KEYS = "grant_invoke(route_keys)"
_VALUES = "grant_invoke(path_parameters)"
_REASON = "grant_invoke(reason)"
_ACTION = "execute-api:Invoke"
# where aws-cdk-lib puts a principal's statements: Role, User, Group (and a function's
# role) in "DefaultPolicy", a role imported by its ARN in "Policy"
_POLICY_IDS = ("DefaultPolicy", "Policy")
_ASSUME = (
    "give the client a role of the API's account that it assumes (iam.Role(..., "
    "assumed_by=iam.AccountPrincipal(<its account>))) and pass that role: an HTTP API takes "
    "no resource policy, so API Gateway admits signers of its own account only"
)


def grant_invoke(
    api: ServerlessApi,
    grantee: object,
    route_keys: Sequence[object],
    path_parameters: object,
    reason: object,
) -> iam.Grant:
    """Grants ``grantee`` ``execute-api:Invoke`` on ``route_keys`` (one statement) and
    acknowledges its IAM5 findings on the grantee's policy; every problem at once."""
    v = Validator(api)
    principal = _check_grantee(v, api, grantee)
    _check_not_synthesized(v, api, principal)
    keys: list[object] = []
    for key in route_keys:  # once each (a list is no dict key)
        if key not in keys:
            keys.append(key)
        elif isinstance(key, str):  # a copy where another route was meant, most often
            v.add(
                f"{_KEYS}[{key!r}]",
                "is given twice: the client is granted one route fewer than keys were given",
                "remove the repeat, or write the route key that was meant there",
            )
    if not keys:
        v.add(
            _KEYS,
            "are none: a grant of no route lets the client call nothing",
            "pass the route keys the client calls, as written in routes: "
            "api.grant_invoke(role, 'POST /records')",
        )
    for key in keys:
        check_route(v, api, key, path_parameters, (f"{_KEYS}[{key!r}]", _VALUES))
    _check_reason(v, reason)
    if v.problems:  # a value's problem is each route's: said once
        raise ConstructError(list(dict.fromkeys(v.problems)))
    granted = tuple(str(key) for key in keys)
    arns = [
        checked_route_arn(api, key, path_parameters, granted=granted, caller="grant_invoke")
        for key in granted
    ]
    grant = iam.Grant.add_to_principal(
        grantee=cast(iam.IGrantable, grantee), actions=[_ACTION], resource_arns=arns
    )
    policy = _policy_of(principal)
    if policy is None or grant.principal_statement is None:
        v.add(
            _GRANTEE,
            f"is {given(grantee)}, whose grants aws-cdk-lib drops (a role imported with "
            "mutable=False): no policy of this app holds the grant, so its calls get 403",
            f"pass a role, user or function of this app, or {_ASSUME}",
        )
        raise ConstructError(v.problems)
    routes = ", ".join(map(repr, granted)) + _values_text(path_parameters)
    text = _nag.invoke_grant(api.node.path, routes, reason if isinstance(reason, str) else None)
    acknowledge_wildcards(policy, [grant.principal_statement.to_statement_json()], text)
    return grant


def _check_grantee(v: Validator, api: ServerlessApi, grantee: object) -> Any:
    """The grantee's principal, if a policy of this app can be given the grant."""
    principal = getattr(grantee, "grant_principal", None)
    if principal is None:
        v.add(
            _GRANTEE,
            f"is {given(grantee)}, not an iam.IGrantable",
            "pass the client's role (iam.Role), user or function, which signs its calls",
        )
        return None
    if not hasattr(principal, "node"):  # a service or account principal: no policy here
        v.add(
            _GRANTEE,
            f"is {given(grantee)}, whose principal ({given(principal)}) has no IAM policy "
            "in this app to hold the grant (a service or account principal, a function "
            "imported by its ARN)",
            f"pass a role, user or function created in this app, or {_ASSUME}",
        )
        return None
    _check_reach(v, api, grantee, principal)
    account = getattr(principal, "principal_account", None)
    api_account = Stack.of(api).account
    known = not (account is None or is_unresolved(account) or Token.is_unresolved(api_account))
    if known and account != api_account:
        v.add(
            _GRANTEE,
            f"is {given(grantee)}, of the account {account}, not the API's "
            f"({api_account}): a policy of this app cannot be attached to a role of another "
            "account (aws-cdk-lib drops the statement), and API Gateway admits signers of the "
            "API's account only",
            _ASSUME,
        )
    return principal


def _check_reach(v: Validator, api: ServerlessApi, grantee: object, principal: Any) -> None:
    """A principal of another stage, or of a stack whose region is another or unknown
    where the API's is not: CDK refuses the reference to the API's id there at synth
    (NoCrossStageDependency, CrossRegionReferencesRequireExplicitRegion) with a trace
    naming neither grant_invoke nor the grantee, so it is said here, with the other
    problems."""
    own, api_stack = Stack.of(principal), Stack.of(api)
    if own is api_stack:
        return
    if Stage.of(own) is not Stage.of(api_stack):
        v.add(
            _GRANTEE,
            f"is {given(grantee)}, of the stack {own.node.path} in another stage than the "
            f"API's ({api_stack.node.path}): CDK cannot reference the API's id across stages",
            "create the client's role in a stack of the API's stage, or pass the other "
            "stage the API's ARN as text and grant it there with an iam.PolicyStatement",
        )
    elif own.region != api_stack.region and (
        Token.is_unresolved(own.region) or Token.is_unresolved(api_stack.region)
    ):
        v.add(
            _GRANTEE,
            f"is {given(grantee)}, of the stack {own.node.path} (region {_region(own)}) "
            f"while the API's stack {api_stack.node.path} has region {_region(api_stack)}: "
            "CDK references the API's id across regions only between stacks of known regions",
            "give both stacks an env (cdk.Environment(account=..., region=...)), or create "
            "the client's role in the API's stack",
        )


def _check_not_synthesized(v: Validator, api: ServerlessApi, principal: Any) -> None:
    """CDK keeps an app's first synthesis: a grant made after it (into the client's policy,
    and the API's id exported to the client's stack) would be in no template, and the next
    synthesis failed with a jsii trace (``ConstructTreeModifiedAfterSynth``) naming
    neither grant_invoke nor the fix."""
    from constructs_lib._synthesis import scope_synthesized, synthesis_of

    for scope in (api, principal):
        if scope is not None and scope_synthesized(scope):
            by, when = synthesis_of(scope)
            v.add(
                "grant_invoke",
                f"is called on an app synthesized already ({by}); CDK keeps that first "
                "synthesis, so the grant would be in no template",
                "call grant_invoke(...) before anything synthesizes the app, right after "
                f"creating the API and the client's role ({when})",
            )
            return


def _region(stack: Stack) -> str:
    return "unknown (no env)" if Token.is_unresolved(stack.region) else repr(stack.region)


def _policy_of(principal: Any) -> iam.CfnPolicy | None:
    """The CloudFormation policy aws-cdk-lib put the principal's statement in."""
    for id in _POLICY_IDS:
        policy = principal.node.try_find_child(id)
        if isinstance(policy, iam.Policy) and isinstance(policy.node.default_child, iam.CfnPolicy):
            return policy.node.default_child
    return None


def _check_reason(v: Validator, reason: object) -> None:
    """None, or why the client may call the routes: a sentence known at synth."""
    if reason is None:
        return
    if is_unresolved(reason):
        v.add(
            _REASON,
            f"is {given(reason)}; it must be known at synth: {REASON_AT_SYNTH}",
            "write the reason as text",
        )
    elif message := short_reason(reason, "this client may call those routes"):
        v.add(
            _REASON,
            message,
            "write the reason a security reviewer would accept, or leave reason out for "
            "one naming the routes",
        )


def _values_text(path_parameters: object) -> str:
    if not isinstance(path_parameters, Mapping) or not path_parameters:
        return ""
    values = ", ".join(f"{{{name}}}={value!r}" for name, value in path_parameters.items())
    return f" with {values}"
