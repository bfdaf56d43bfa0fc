"""The fix for what is given where an ApiAuth goes: for an aws-cdk-lib authorizer the
factory of the same kind (the library builds the authorizer itself, with what goes with it:
a Lambda authorizer's function, permission and alarms, CORS headers, cdk-nag
acknowledgements), for a Handler or a factory not called the step that makes it one."""

from __future__ import annotations

from aws_cdk import aws_apigatewayv2_authorizers as authorizers

from constructs_lib._jsii import described
from constructs_lib._value_object_dicts import dict_fix
from constructs_lib.handler import Handler

__all__ = ["factory_for_cdk_authorizer", "wrong_auth"]

_FACTORIES: dict[type, str] = {
    authorizers.HttpIamAuthorizer: "ApiAuth.iam()",
    authorizers.HttpJwtAuthorizer: "ApiAuth.jwt(issuer, audiences)",
    authorizers.HttpUserPoolAuthorizer: "ApiAuth.cognito(user_pool, clients)",
    authorizers.HttpLambdaAuthorizer: "ApiAuth.function(Handler(...))",
}
# a REST API's (aws_apigateway), by name: that module is loaded only by apps using it
_REST_FACTORIES = {
    "CognitoUserPoolsAuthorizer": "ApiAuth.cognito(user_pool, clients)",
    "TokenAuthorizer": "ApiAuth.function(Handler(...))",
    "RequestAuthorizer": "ApiAuth.function(Handler(...))",
}


def factory_for_cdk_authorizer(value: object) -> str | None:
    """The fix for ``value`` if it is one of aws-cdk-lib's authorizers, else None."""
    kind = type(value)
    factory = _FACTORIES.get(kind)
    if factory is None and kind.__module__ == "aws_cdk.aws_apigateway":
        factory = _REST_FACTORIES.get(kind.__name__)
    if factory is None:
        return None
    return f"pass {factory} instead: the library builds the authorizer from it"


def wrong_auth(value: object, factories: type, kinds_fix: str) -> tuple[str, str]:
    """What ``value``, no ApiAuth, is and its fix (``factories``: ApiAuth, whose module
    imports this one; ``kinds_fix``: the fix naming every kind)."""
    if isinstance(value, Handler):  # the authorizer's code, given as it is
        return (
            f"the Handler {value.construct_id!r}",
            "pass auth=ApiAuth.function(handler) for a Lambda authorizer running it",
        )
    if getattr(value, "__self__", None) is factories:  # ApiAuth.iam, not called
        return described(value), f"call it: ApiAuth.{getattr(value, '__name__', '')}(...)"
    fix = factory_for_cdk_authorizer(value) or dict_fix(value, factories)  # a config's dict
    return described(value), fix or kinds_fix
