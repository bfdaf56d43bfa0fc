"""ApiAuth.function's identity sources as API Gateway reads them: which are one source
twice, and which headers a CORS policy must let a browser send."""

from __future__ import annotations

import pytest
from aws_cdk.assertions import Match, Template

from constructs_lib import ApiAuth, ConstructError, CorsPolicy, ServerlessApi
from tests.support import echo_handler, new_stack

AUTHORIZER = echo_handler(entry="app.other")
ORIGIN = "https://app.example.com"


def _api(auth: ApiAuth, cors: CorsPolicy | None = None) -> Template:
    stack = new_stack()
    ServerlessApi(stack, "Api", routes={"GET /items": echo_handler()}, auth=auth, cors=cors)
    return Template.from_stack(stack)


@pytest.mark.parametrize(
    "sources",
    [
        # query string names are case-sensitive: two parameters, as API Gateway reads them
        ["$request.querystring.apiKey", "$request.querystring.ApiKey"],
        ["$stageVariables.tenant", "$stageVariables.Tenant"],
        ["$context.routeKey", "$request.header.X-Api-Key", "$context.identity.sourceIp"],
    ],
)
def test_sources_that_differ_only_in_the_case_of_a_case_sensitive_name_are_two(
    sources: list[str],
) -> None:
    # Proves: every source but a header's was compared without case, so
    # ['$request.querystring.apiKey', '$request.querystring.ApiKey'] was "again"
    template = _api(ApiAuth.function(AUTHORIZER, identity_source=sources))
    template.has_resource_properties("AWS::ApiGatewayV2::Authorizer", {"IdentitySource": sources})


def test_a_header_in_another_case_is_still_the_same_source() -> None:
    auth = ApiAuth.function(
        AUTHORIZER, identity_source=["$request.header.X-Api-Key", "$request.header.x-api-key"]
    )
    with pytest.raises(ConstructError, match=r"identity_source\[1\].*again"):
        _api(auth)


def test_a_session_cookie_authorizer_needs_no_cookie_in_allow_headers() -> None:
    # Proves: a browser sends its cookies itself (a script may not set Cookie), yet
    # allow_headers without 'cookie' was refused and the default listed it
    auth = ApiAuth.function(AUTHORIZER, identity_source=["$request.header.Cookie"])
    own = CorsPolicy(allow_origins=[ORIGIN], allow_credentials=True, allow_headers=["content-type"])
    _api(auth, own)
    template = _api(auth, CorsPolicy(allow_origins=[ORIGIN], allow_credentials=True))
    template.has_resource_properties(
        "AWS::ApiGatewayV2::Api",
        {
            "CorsConfiguration": Match.object_like(
                {"AllowHeaders": ["authorization", "content-type"]}
            )
        },
    )


def test_a_header_a_script_sets_must_still_be_allowed_beside_a_cookie() -> None:
    auth = ApiAuth.function(
        AUTHORIZER, identity_source=["$request.header.Cookie", "$request.header.X-Csrf-Token"]
    )
    own = CorsPolicy(allow_origins=[ORIGIN], allow_credentials=True, allow_headers=["content-type"])
    with pytest.raises(ConstructError, match="without 'x-csrf-token'") as raised:
        _api(auth, own)
    assert "cookie" not in str(raised.value)
