"""Events as AWS sends them, for the tests of handler code (standard library only, no CDK).

    from constructs_lib_runtime.testing import object_created_body, sqs_event, sqs_record

    event = sqs_event(sqs_record(object_created_body("uploads", "in/a b.csv", size=3)))
    assert handler(event, None) == {"batchItemFailures": []}

S3's messages are those it sends into a queue (``QueueWorker(sources=[BucketEvents(...)])``,
event structure version 2.1), the key URL-encoded as S3 sends it (spaces as ``+``), so a
handler that forgets to decode it fails its test instead of its first real upload. An HTTP
API's request (:func:`http_api_event`) has its header names lower-cased, as API Gateway
sends them, so a handler that looks one up as the sender spells it fails its test too.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote_plus, urlencode

__all__ = [
    "http_api_authorizer_event",
    "http_api_event",
    "object_created_body",
    "s3_test_event_body",
    "sqs_event",
    "sqs_record",
]

REGION, ACCOUNT = "us-east-1", "123456789012"


def s3_test_event_body(bucket: str) -> str:
    """The message S3 sends first, when a notification configuration is put."""
    return json.dumps(
        {
            "Service": "Amazon S3",
            "Event": "s3:TestEvent",
            "Time": "2026-05-04T09:00:00.000Z",
            "Bucket": bucket,
            "RequestId": "5582815E1AEA5ADF",
            "HostId": "8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE",
        }
    )


def object_created_body(
    bucket: str,
    key: str,
    *,
    size: int,
    etag: str = "0123456789abcdef0123456789abcdef",
    version_id: str | None = None,
    event_name: str = "ObjectCreated:Put",
    sequencer: str = "0A1B2C3D4E5F678901",
) -> str:
    """An object event's message body; the key URL-encoded (spaces as ``+``) as S3 does."""
    obj: dict[str, Any] = {"key": quote_plus(key, safe="/"), "size": size, "eTag": etag}
    if version_id is not None:
        obj["versionId"] = version_id
    obj["sequencer"] = sequencer
    record = {
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": REGION,
        "eventTime": "2026-05-04T09:00:01.123Z",
        "eventName": event_name,
        "userIdentity": {"principalId": "AWS:AIDAEXAMPLEUSER"},
        "requestParameters": {"sourceIPAddress": "203.0.113.7"},
        "responseElements": {
            "x-amz-request-id": "C3D13FE58DE4C810",
            "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD",
        },
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": "UploadsNotifications",
            "bucket": {
                "name": bucket,
                "ownerIdentity": {"principalId": "A3NL1KOZZKExample"},
                "arn": f"arn:aws:s3:::{bucket}",
            },
            "object": obj,
        },
    }
    return json.dumps({"Records": [record]})


def sqs_record(
    body: str, message_id: str = "m-1", queue: str = "uploads", *, group_id: str | None = None
) -> dict[str, Any]:
    """The record Lambda's SQS event source mapping hands the function for a message; with
    ``group_id``, a FIFO queue's (its ARN ends in ``.fifo``, as process_batch reads it)."""
    attributes = {"ApproximateReceiveCount": "1", "SenderId": "AIDAEXAMPLES3"}
    if group_id is not None:
        queue = queue if queue.endswith(".fifo") else f"{queue}.fifo"
        attributes |= {"MessageGroupId": group_id, "MessageDeduplicationId": message_id}
    return {
        "messageId": message_id,
        "receiptHandle": f"handle-{message_id}",
        "body": body,
        "attributes": attributes,
        "messageAttributes": {},
        "eventSource": "aws:sqs",
        "eventSourceARN": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{queue}",
        "awsRegion": REGION,
    }


def sqs_event(*records: dict[str, Any]) -> dict[str, Any]:
    """The event a QueueWorker's function gets: ``records`` (see :func:`sqs_record`).
    TypeError for a record that is not a dict (a list of them: unpack it)."""
    for record in records:
        if not isinstance(record, dict):
            fix = " (unpack the list: sqs_event(*records))" if isinstance(record, list) else ""
            raise TypeError(
                f"sqs_event takes records (sqs_record(...)), not {type(record).__name__}{fix}"
            )
    return {"Records": list(records)}


def http_api_event(
    route_key: str,
    body: str | bytes | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    binary: bool = False,
    path: str | None = None,
    path_parameters: Mapping[str, str] | None = None,
    method: str | None = None,
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
        ``isBase64Encoded``; otherwise the body as text (bytes decoded as UTF-8).
    :param path: the request's path: needed for a route with parameters and ``$default``.
    :param method: the request's method: needed for an ``ANY`` route and ``$default``.
    """
    method, path = _request_line(route_key, method, path)
    received: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in (headers or {}).items():
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
        "rawQueryString": "",
        "headers": received,
        "requestContext": {
            "accountId": ACCOUNT,
            "apiId": "a1b2c3d4e5",
            "domainName": f"a1b2c3d4e5.execute-api.{REGION}.amazonaws.com",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "203.0.113.7",
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
    if cookies:
        event["cookies"] = cookies
    if path_parameters:
        event["pathParameters"] = dict(path_parameters)
    if raw is not None:
        event["body"] = base64.b64encode(raw).decode() if binary else raw.decode()
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
) -> dict[str, Any]:
    """The event an ``ApiAuth.function`` authorizer gets for a request to ``route_key``
    (payload format 2.0, ``REQUEST``): the request without its body, the ``routeArn``, and
    ``identitySource``, the values of ``identity_source`` (the API's, in its order).

    :param identity_source: as given to ``ApiAuth.function`` (its default too).
    :param query: the query string's parameters.
    :param stage_variables: the stage's variables, for ``$stageVariables.x`` sources.
    The other parameters are :func:`http_api_event`'s. ValueError for an identity source
    the request lacks (or leaves empty): API Gateway answers such a request 401 itself,
    without invoking the authorizer, so no such event exists.
    """
    event = http_api_event(
        route_key, headers=headers, path=path, path_parameters=path_parameters, method=method
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
            _identity_value(event, source, query or {}, stage_variables or {})
            for source in identity_source
        ],
        "rawQueryString": urlencode(dict(query or {})),
    }
    if query:
        event["queryStringParameters"] = dict(query)
    if stage_variables:
        event["stageVariables"] = dict(stage_variables)
    return event


#: Context variables (``$context.x``) kept elsewhere in the event's ``requestContext``
#: than their names say; the others (``routeKey``, ``stage``) are where they say.
_CONTEXT_PLACES = {
    "identity.sourceIp": "http.sourceIp",
    "identity.userAgent": "http.userAgent",
    "httpMethod": "http.method",
    "path": "http.path",
    "protocol": "http.protocol",
    "requestTime": "time",
    "requestTimeEpoch": "timeEpoch",
}


def _identity_value(
    event: Mapping[str, Any],
    source: str,
    query: Mapping[str, str],
    stage_variables: Mapping[str, str],
) -> str:
    """The value of one identity source in the request, as API Gateway reads it."""
    kind, _, name = source.removeprefix("$").partition(".")
    found: object = None
    if kind == "request" and name.lower() == "header.cookie":  # moved to the cookies list
        found = "; ".join(event.get("cookies", []))
    elif kind == "request" and name.startswith("header."):
        found = event["headers"].get(name.removeprefix("header.").lower())
    elif kind == "request" and name.startswith("querystring."):
        found = query.get(name.removeprefix("querystring."))
    elif kind == "stageVariables":
        found = stage_variables.get(name)
    elif kind == "context":
        found = event["requestContext"]
        for part in _CONTEXT_PLACES.get(name, name).split("."):
            found = found.get(part) if isinstance(found, Mapping) else None
    else:
        raise ValueError(
            f"identity source {source!r} is not one an HTTP API takes ('$request.header.X', "
            "'$request.querystring.x', '$context.x', '$stageVariables.x')"
        )
    if found in (None, ""):
        raise ValueError(
            f"the request has no {source!r}: API Gateway answers it 401 without invoking the "
            "authorizer (pass it in headers=, query=, stage_variables=)"
        )
    return str(found)


def _request_line(route_key: str, method: str | None, path: str | None) -> tuple[str, str]:
    """The request's method and path: the route key's, or those given where it has none
    (``ANY``, ``$default``, a path parameter)."""
    route_method, _, route_path = route_key.partition(" ")
    if route_key != "$default" and (not route_method.isupper() or not route_path.startswith("/")):
        raise ValueError(
            f"route_key {route_key!r} is not 'METHOD /path' (e.g. 'POST /hooks') or '$default'"
        )
    missing = [
        f"{name}=..."
        for name, needed, given in (
            ("path", route_key == "$default" or "{" in route_path, path),
            ("method", route_method in ("ANY", "$default"), method),
        )
        if needed and given is None
    ]
    if missing:
        raise ValueError(f"a request to {route_key!r} needs its {' and '.join(missing)}")
    return method or route_method, path or route_path
