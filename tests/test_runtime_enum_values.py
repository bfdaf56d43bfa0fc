"""constructs_lib_runtime.testing with enum values (a ``StrEnum``, a ``class S(str, Enum)``,
an ``IntEnum``-like ``class N(int, Enum)``): the event holds their values, as the JSON AWS
sends holds them (json.dumps writes "a"), never their names ("S.A", what str() and
f-strings give a ``(str, Enum)`` member)."""

from __future__ import annotations

import json
from enum import Enum, StrEnum
from typing import Any

import pytest

from constructs_lib_runtime.testing import (
    http_api_authorizer_event,
    http_api_event,
    object_created_body,
    sqs_record,
)


class Mixed(str, Enum):  # noqa: UP042 (the case under test: str() is "Mixed.A")
    A = "a"
    GET = "GET"
    ROUTE = "ANY /orders"


class Plain(StrEnum):
    A = "a"
    GET = "GET"
    ROUTE = "ANY /orders"


class Number(int, Enum):
    ONE = 1


KINDS = pytest.mark.parametrize("kind", [Mixed, Plain], ids=["str-Enum", "StrEnum"])


def _only_plain_values(value: Any, where: str = "event") -> None:
    """Every name and value of ``value`` is a plain str, int, bool, list or dict, as an
    event parsed from JSON is."""
    if isinstance(value, dict):
        for name, item in value.items():
            assert type(name) is str, f"{where} has the key {name!r}"
            _only_plain_values(item, f"{where}.{name}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _only_plain_values(item, f"{where}[{index}]")
    else:
        assert value is None or type(value) in (str, int, bool), f"{where} is {value!r}"


@KINDS
def test_an_authorizer_event_holds_the_values_of_enum_members(kind: type[Any]) -> None:
    # Proves (bad40): a (str, Enum) query value was 'S.A' in identitySource and rawQueryString
    event = http_api_authorizer_event(
        "GET /orders/{id}",
        identity_source=[
            "$request.querystring.tenant",
            "$request.header.X-Api-Key",
            "$stageVariables.env",
        ],
        query={"tenant": kind.A},
        headers={"X-Api-Key": kind.A, "x-api-key": kind.GET},  # joined, as API Gateway does
        stage_variables={kind.A: kind.A, "env": kind.GET},
        path="/orders/1",
        path_parameters={"id": kind.A},
    )
    assert event["identitySource"] == ["a", "a,GET", "GET"]
    assert event["rawQueryString"] == "tenant=a"
    assert event["queryStringParameters"] == {"tenant": "a"}
    assert event["stageVariables"] == {"a": "a", "env": "GET"}
    assert event["pathParameters"] == {"id": "a"}
    _only_plain_values(event)


@KINDS
def test_a_request_holds_the_values_of_enum_members(kind: type[Any]) -> None:
    event = http_api_event(
        kind.ROUTE,
        kind.A,
        headers={"X-Tenant": kind.A},
        method=kind.GET,
        path="/orders",
        claims={"sub": kind.A, "level": Number.ONE, "cognito:groups": [kind.A, Number.ONE]},
        scopes=[kind.A],
    )
    assert (event["routeKey"], event["requestContext"]["http"]["method"]) == ("ANY /orders", "GET")
    assert event["headers"] == {"x-tenant": "a"} and event["body"] == "a"
    jwt = event["requestContext"]["authorizer"]["jwt"]
    assert jwt == {"claims": {"sub": "a", "level": "1", "cognito:groups": "[a 1]"}, "scopes": ["a"]}
    _only_plain_values(event)


@KINDS
def test_a_message_holds_the_values_of_enum_members(kind: type[Any]) -> None:
    record = sqs_record(kind.A, kind.A, kind.A, group_id=kind.A)
    assert record["receiptHandle"] == "handle-a"
    assert record["eventSourceARN"] == "arn:aws:sqs:us-east-1:123456789012:a.fifo"
    assert record["attributes"]["MessageGroupId"] == "a"
    body = object_created_body(kind.A, kind.A, size=Number.ONE, version_id=kind.A)
    (s3,) = [r["s3"] for r in json.loads(body)["Records"]]
    assert s3["bucket"] == {
        "name": "a",
        "ownerIdentity": {"principalId": "A3NL1KOZZKExample"},
        "arn": "arn:aws:s3:::a",
    }
    assert (s3["object"]["key"], s3["object"]["size"], s3["object"]["versionId"]) == ("a", 1, "a")
    _only_plain_values(record)
