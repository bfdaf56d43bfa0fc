"""The fix for an aws-cdk-lib authorizer given where an ApiAuth goes: the factory of the
same kind (the library builds the authorizer itself, with what goes with it: a Lambda
authorizer's function, permission and alarms, CORS headers, cdk-nag acknowledgements)."""

from __future__ import annotations

from aws_cdk import aws_apigatewayv2_authorizers as authorizers

__all__ = ["factory_for_cdk_authorizer"]

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
