"""A public way into a library function added after it was built: a function URL without
auth (``function.add_function_url(auth_type=NONE)``) or a permission letting anyone invoke
it (``function.add_permission(..., principal=AnyPrincipal())``). The constructs invoke
their functions through the trigger they wire (an API's authorizer, a queue), and an API
route is public only with ``Route(public=...)``'s reason; either call put the function on
the internet beside that, and nothing said so (cdk-nag has no rule for it). A warning, not
an error: a URL streaming a response (which API Gateway cannot) may check its callers in
its own code. Acknowledge it with the reason."""

from __future__ import annotations

from aws_cdk import Annotations, Stack
from aws_cdk import aws_lambda as lambda_
from constructs import IConstruct

from constructs_lib._facts import node_of
from constructs_lib._synth_checks import at_synth

__all__ = ["PUBLIC_INVOKE_WARNING", "warn_of_public_invoke"]

#: The warning's id (``cdk.Annotations.of(scope).acknowledge_warning(id, reason)``).
PUBLIC_INVOKE_WARNING = "constructs_lib:publicFunctionInvoke"


def warn_of_public_invoke(function: lambda_.Function) -> None:
    """Warns at synth of a URL without auth or a permission for any principal added to
    ``function`` (the children it has then, after every Aspect: a function's subtree is a
    few constructs, listed in one round trip; an Aspect of its own was a round trip to the
    jsii kernel per construct it visited)."""
    at_synth(function, lambda: _warn_of_public_ways(function))


def _warn_of_public_ways(function: lambda_.Function) -> list[str]:
    for node in node_of(function).find_all():
        if isinstance(node, lambda_.CfnUrl):
            if Stack.of(node).resolve(node.auth_type) == "NONE":
                _warn(node, function.node.path, "a function URL with auth_type NONE")
        elif isinstance(node, lambda_.CfnPermission):
            stack = Stack.of(node)
            if (
                stack.resolve(node.principal) == "*"
                # not the URL's own two (the URL is warned of)
                and stack.resolve(node.function_url_auth_type) is None
                and stack.resolve(node.invoked_via_function_url) is not True
                and all(stack.resolve(c) is None for c in _conditions(node))
            ):
                _warn(node, function.node.path, "a permission letting any principal invoke it")
    return []  # a warning: the synth goes on


def _conditions(permission: lambda_.CfnPermission) -> tuple[object, ...]:
    return (permission.source_arn, permission.source_account, permission.principal_org_id)


def _warn(node: IConstruct, function: str, what: str) -> None:
    Annotations.of(node).add_warning_v2(
        PUBLIC_INVOKE_WARNING,
        f"The function {function} has {what} ({node.node.path}): anyone on the internet can "
        "invoke it, past the trigger its construct wired (an API's authorizer, a queue). "
        "Fix: serve public requests through the API (Route(public='why') on a route), use "
        "auth_type AWS_IAM or a principal with a source_arn; or, when the function checks "
        f"its callers itself, acknowledge '{PUBLIC_INVOKE_WARNING}' with the reason.",
    )
