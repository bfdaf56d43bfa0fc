"""The HTTP API events of :mod:`constructs_lib_runtime.testing`: a route's request (payload
format 2.0) and a Lambda authorizer's, as API Gateway builds them."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from constructs_lib_runtime._event_checks import (
    LAMBDA_MAX_REQUEST_BYTES,
    check_http_request,
    check_size,
    check_text,
    check_text_mapping,
)
from constructs_lib_runtime._request_parts import (
    ACCOUNT,
    REGION,
    check_source_ip,
    identity_value,
    route_authorizer,
)
from constructs_lib_runtime._route_parameters import route_request, split_query


def http_api_event(
    route_key: str,
    body: str | bytes | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    binary: bool | None = None,
    path: str | None = None,
    path_parameters: Mapping[str, str] | None = None,
    method: str | None = None,
    claims: Mapping[str, object] | None = None,
    scopes: Sequence[str] | None = None,
    authorizer_context: Mapping[str, object] | None = None,
    iam_caller: str | None = None,
    iam_org_id: str | None = None,
    source_ip: str = "203.0.113.7",
) -> dict[str, Any]:
    """The event a ServerlessApi route's function gets for a request (payload format 2.0).

    :param route_key: the route, as the API's ``routes`` name it (``"POST /webhooks/github"``,
        ``"ANY /hooks/{proxy+}"``, ``"$default"``).
    :param body: the request's body, as the sender sent it.
    :param headers: the request's headers: their names lower-cased as API Gateway does (two
        spellings of one name joined by a comma, as it joins a repeated header); a
        ``Cookie`` header's cookies are the event's ``cookies`` list instead, as API
        Gateway moves them.
    :param binary: a body API Gateway does not take for text: base64-encoded, with
        ``isBase64Encoded``; ``False``: the body as text (bytes decoded as UTF-8). Default:
        as API Gateway decides by the ``content-type`` header: base64 for any type but
        ``text/*``, ``application/json``, ``application/xml`` and
        ``application/javascript`` (a form, ``application/x-www-form-urlencoded``, as Slack
        and many webhook senders post; ``multipart/form-data``;
        ``application/octet-stream``; ``application/vnd.api+json`` and other ``+json`` or
        ``+xml`` types), text for those and without a content type (API
        Gateway encodes a body sent without one too: pass ``True`` for such a sender).
        ``False`` with a content type API Gateway encodes is a ValueError.
    :param path: the request's path: needed for ``$default``, and for a route with
        parameters unless ``path_parameters`` are given (then it is the route's path with
        their values). A query string after ``?`` is the event's ``rawQueryString`` and
        ``queryStringParameters``, as API Gateway splits it.
    :param path_parameters: the route's parameters (``{"id": "o-1"}`` for
        ``"GET /orders/{id}"``), exactly its names, as API Gateway sends them. Default: read
        from ``path`` (ValueError for a path not of the route's shape: pass them then).
    :param method: the request's method: needed for an ``ANY`` route and ``$default``.
    :param claims: the caller's JWT claims, as a JWT or Cognito authorizer passes them on
        in ``requestContext.authorizer.jwt.claims``: every value a string, as API Gateway
        turns them into (a number ``"1700000000"``, ``true`` ``"true"``, a list such as
        ``cognito:groups`` one bracketed, space-separated string ``"[admins readers]"``),
        so a handler that reads a claim as the token holds it fails its test. Default: no
        authorizer (an ``ApiAuth.none`` route, or a ``Route(handler, public=...)``).
    :param scopes: the scopes the route required and the token had
        (``requestContext.authorizer.jwt.scopes``). Default: ``None``, as API Gateway
        passes for a route without ``authorization_scopes``; only with ``claims``.
    :param authorizer_context: the ``context`` an ``ApiAuth.function`` authorizer answered
        with, as API Gateway passes it on in ``requestContext.authorizer.lambda`` (values
        as JSON has them). Default: no authorizer. Not with ``claims`` (one auth per route).
    :param iam_caller: the ARN of the principal that signed a request to an ``ApiAuth.iam``
        route (``"arn:aws:sts::111122223333:assumed-role/Partner/session-1"``, an IAM
        user's, an account's root): ``requestContext.authorizer.iam``, its ``userArn``,
        ``accountId``, ``userId``, ``callerId``, ``accessKey`` (temporary for a session)
        and ``cognitoIdentity`` null. Default: no authorizer. Not with ``claims`` or
        ``authorizer_context``.
    :param iam_org_id: the signer's AWS Organizations ID (``principalOrgId``). Default:
        null, a caller outside an organization; only with ``iam_caller``.
    :param source_ip: the caller's IP address (``requestContext.http.sourceIp``), IPv4 or
        IPv6. Default: ``"203.0.113.7"``, a documentation address.

    TypeError or ValueError for what API Gateway never sends (a body that is neither text
    nor bytes, headers that are not str to str, a body over Lambda's 6 MiB).
    """
    route_key, headers, path_parameters, binary = check_http_request(
        route_key, body, headers, path_parameters, binary
    )
    method, given_path = _request_line(route_key, method, path, bool(path_parameters))
    given_path, raw_query, query = split_query(given_path)
    path, path_parameters = route_request(route_key, given_path, path_parameters)
    received: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in headers.items():
        key = name.lower()
        if key == "cookie":  # format 2.0 has no cookie header: its cookies, one by one
            cookies += [cookie.strip() for cookie in value.split(";") if cookie.strip()]
            continue
        received[key] = f"{received[key]},{value}" if key in received else value
    raw = body.encode() if isinstance(body, str) else body
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": path,
        "rawQueryString": raw_query,
        "headers": received,
        "requestContext": {
            "accountId": ACCOUNT,
            "apiId": "a1b2c3d4e5",
            "domainName": f"a1b2c3d4e5.execute-api.{REGION}.amazonaws.com",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": check_source_ip(source_ip),
                "userAgent": received.get("user-agent", ""),
            },
            "requestId": "JKJaXmPLvHcESHA=",
            "routeKey": route_key,
            "stage": "$default",
            "time": "04/May/2026:09:00:01 +0000",
            "timeEpoch": 1777885201000,
        },
        "isBase64Encoded": binary,
    }
    authorizer = route_authorizer(claims, scopes, authorizer_context, iam_caller, iam_org_id)
    if authorizer is not None:
        event["requestContext"]["authorizer"] = authorizer
    if cookies:
        event["cookies"] = cookies
    if path_parameters:
        event["pathParameters"] = path_parameters
    if query:
        event["queryStringParameters"] = query
    if raw is not None:
        event["body"] = base64.b64encode(raw).decode() if binary else raw.decode()
        size = len(event["body"].encode())
        check_size("http_api_event", "body", size, LAMBDA_MAX_REQUEST_BYTES, "Lambda")
    return event


def http_api_authorizer_event(
    route_key: str,
    *,
    identity_source: Sequence[str] = ("$request.header.Authorization",),
    headers: Mapping[str, str] | None = None,
    query: Mapping[str, str] | None = None,
    stage_variables: Mapping[str, str] | None = None,
    path: str | None = None,
    path_parameters: Mapping[str, str] | None = None,
    method: str | None = None,
    source_ip: str = "203.0.113.7",
) -> dict[str, Any]:
    """The event an ``ApiAuth.function`` authorizer gets for a request to ``route_key``
    (payload format 2.0, ``REQUEST``): the request without its body, the ``routeArn``, and
    ``identitySource``, the values of ``identity_source`` (the API's, in its order).

    :param identity_source: as given to ``ApiAuth.function`` (its default too).
    :param query: the query string's parameters. Default: none.
    :param stage_variables: the stage's variables, for ``$stageVariables.x`` sources.
        Default: none.
    The other parameters are :func:`http_api_event`'s. ValueError for an identity source
    the request lacks (or leaves empty): API Gateway answers such a request 401 itself,
    without invoking the authorizer, so no such event exists.
    """
    if isinstance(identity_source, str) or not isinstance(identity_source, Sequence):
        raise TypeError(
            f"http_api_authorizer_event: identity_source is {identity_source!r}; it is a "
            "list, as ApiAuth.function takes it. Fix: pass a list, e.g. identity_source="
            "['$request.header.Authorization']"
        )
    for index, source in enumerate(identity_source):
        if not isinstance(source, str):
            raise TypeError(
                f"http_api_authorizer_event: identity_source[{index}] is {source!r}; an "
                "identity source is a str, as ApiAuth.function takes it. Fix: pass a str, "
                "e.g. '$request.header.Authorization'"
            )
    query = check_text_mapping("http_api_authorizer_event", "query", query) or {}
    stage_variables = (
        check_text_mapping("http_api_authorizer_event", "stage_variables", stage_variables) or {}
    )
    event = http_api_event(
        route_key,
        headers=headers,
        path=path,
        path_parameters=path_parameters,
        method=method,
        source_ip=source_ip,
    )
    del event["isBase64Encoded"]  # an authorizer never gets the body
    context = event["requestContext"]
    http = context["http"]
    event |= {
        "type": "REQUEST",
        "routeArn": (
            f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{context['apiId']}/{context['stage']}/"
            f"{http['method']}{http['path']}"
        ),
        "identitySource": [
            identity_value(event, source, query, stage_variables) for source in identity_source
        ],
        "rawQueryString": urlencode(query),
    }
    if query:
        event["queryStringParameters"] = query
    if stage_variables:
        event["stageVariables"] = stage_variables
    return event


def _request_line(
    route_key: str, method: str | None, path: str | None, has_parameters: bool
) -> tuple[str, str | None]:
    """The request's method, and its path where given: needed where the route key has none
    (``ANY``, ``$default``, a path parameter the test does not pass)."""
    route_method, _, route_path = route_key.partition(" ")
    if route_key != "$default" and (
        not route_method.isupper()
        or not route_path.startswith("/")
        or route_path != "".join(route_path.split())
    ):
        fixed_method, fixed_path = (
            (route_method.upper(), route_path) if route_path else ("GET", route_method)
        )
        upper = f"{fixed_method} /{''.join(fixed_path.split()).lstrip('/')}"
        raise ValueError(
            f"http_api_event: route_key {route_key!r} is not 'METHOD /path' or '$default', as "
            f"the API's routes name it. Fix: write it so, e.g. route_key={upper!r}"
        )
    method = check_text("http_api_event", "method", method, optional=True)
    path = check_text("http_api_event", "path", path, optional=True)
    if method is not None and not method.isupper():
        raise ValueError(
            f"http_api_event: method {method!r} is not as API Gateway sends it, in capitals. "
            f"Fix: pass method={method.upper()!r}"
        )
    if method is not None and (method == "ANY" or route_method not in ("ANY", "$default", method)):
        fix = route_method if route_method not in ("ANY", "$default") else "GET"
        raise ValueError(
            f"http_api_event: method {method!r} never reaches {route_key!r}: a request's method "
            f"is one the route answers, never ANY. Fix: pass method={fix!r}, or leave it out"
        )
    if path is not None and not path.startswith("/"):
        raise ValueError(
            f"http_api_event: path {path!r} does not start with '/', as every request's "
            f"does. Fix: pass path={'/' + path!r}"
        )
    missing = [
        wanted
        for wanted, needed, given in (
            ("path=...", route_key == "$default", path),
            ("path=... (or path_parameters=...)", "{" in route_path and not has_parameters, path),
            ("method=...", route_method in ("ANY", "$default"), method),
        )
        if needed and given is None
    ]
    if missing:
        raise ValueError(
            f"http_api_event: a request to {route_key!r} needs its {' and '.join(missing)}, "
            "which the route key leaves open. Fix: pass them, e.g. "
            + ", ".join(_example(wanted, route_path) for wanted in missing)
        )
    return method or route_method, path


def _example(wanted: str, route_path: str) -> str:
    """What a test passes for ``wanted``, a part of the request the route key leaves open."""
    if wanted.startswith("method"):
        return "method='POST'"
    names = [s.strip("{}").removesuffix("+") for s in route_path.split("/") if s.startswith("{")]
    if names:
        return f"path_parameters={ {name: '...' for name in names}!r}"
    return "path='/hooks'"
