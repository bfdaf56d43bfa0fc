"""Runtime helpers' papercuts (runtime52): an HTTP API event in payload format 1.0 is read
as sent by the data helpers and told a misconfiguration by authorizer_context.
"""

from __future__ import annotations

import re

import pytest

from constructs_lib_runtime import http

# --- payload format 1.0: read by the data helpers, refused by authorizer_context -------

#: AWS's sample of an HTTP API's event in payload format 1.0 (the HTTP API developer
#: guide's "Payload format version"), with a JWT authorizer's claims where 1.0 puts them.
V1 = {
    "version": "1.0",
    "resource": "/orders/{id}",
    "path": "/orders/o-1",
    "httpMethod": "POST",
    "headers": {"Content-Type": "application/json", "X-Tag": "b", "Cookie": "a=1; b=2"},
    "multiValueHeaders": {
        "Content-Type": ["application/json"],
        "X-Tag": ["a", "b"],
        "Cookie": ["a=1; b=2"],
    },
    "queryStringParameters": None,
    "multiValueQueryStringParameters": None,
    "requestContext": {
        "accountId": "123456789012",
        "apiId": "id",
        "authorizer": {"claims": {"sub": "u-1"}, "scopes": ["orders/write"]},
        "httpMethod": "POST",
        "identity": {"sourceIp": "192.0.2.1"},
        "path": "/orders/o-1",
        "resourcePath": "/orders/{id}",
        "stage": "$default",
    },
    "pathParameters": {"id": "o-1"},
    "stageVariables": None,
    "body": '{"n": 1}',
    "isBase64Encoded": False,
}


def test_the_data_helpers_read_a_payload_1_0_request_as_sent() -> None:
    # body and isBase64Encoded are the same in both formats; 1.0 keeps each header's
    # values in multiValueHeaders and the Cookie header in the headers
    assert http.json_body(V1) == http.JsonBody({"n": 1}, None)
    assert http.raw_body(V1) == b'{"n": 1}'
    assert http.header(V1, "x-tag") == "a,b"
    assert http.header(V1, "cookie") == "a=1; b=2"


def test_authorizer_context_tells_a_payload_1_0_event_a_misconfiguration() -> None:
    # Proves: it was told "not an HTTP API's (payload format 2.0). Fix: use
    # event['requestContext']['authorizer'] for a REST API's request", naming "the route":
    # an HTTP API route set to 1.0 is no REST API, and every caller got the 401
    with pytest.raises(http.NoAuthorizerContext) as raised:
        http.authorizer_context(V1)
    assert str(raised.value) == (
        "the request to 'POST /orders/{id}' has no JWT, Lambda or IAM authorizer context: "
        'the event is payload format 1.0 (version "1.0"): the route\'s integration was set '
        "to 1.0, where a ServerlessApi's routes send 2.0, and a 1.0 event's authorizer passes "
        "its caller elsewhere. Fix: set the integration's payload format version to 2.0, "
        "aws-cdk-lib's HttpLambdaIntegration default (payload_format_version="
        "PayloadFormatVersion.VERSION_2_0), as a ServerlessApi's routes have it"
    )
    assert raised.value.response["statusCode"] == 401


def test_authorizer_context_names_a_rest_api_requests_route() -> None:
    rest = {key: value for key, value in V1.items() if key != "version"}  # REST has none
    with pytest.raises(http.NoAuthorizerContext, match=re.escape("'POST /orders/{id}'")) as raised:
        http.authorizer_context(rest)
    assert str(raised.value).endswith(
        "Fix: use event['requestContext']['authorizer'] for a REST API's request"
    )
