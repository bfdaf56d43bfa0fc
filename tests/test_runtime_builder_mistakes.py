"""The testing builders given what a test could write by mistake and AWS never sends: an
event of no records or of another source's, a stream's records of two tables or out of
order, numbers and items DynamoDB does not store, a queue's ARN for its name, a request's
method its route never answers, an EventBridge event without a source. Each a ValueError
or TypeError naming the argument and the fix (bad inputs, round 42: each built an event
silently); the legitimate events of the same shapes still build."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest

from constructs_lib_runtime.testing import (
    eventbridge_event,
    http_api_authorizer_event,
    http_api_event,
    object_created_body,
    s3_test_event_body,
    sqs_event,
    sqs_record,
    stream_event,
    stream_record,
)

KEY = {"pk": "o1"}


def _removed(pk: str = "o1", **options: Any) -> dict[str, Any]:
    return stream_record("REMOVE", {"pk": pk}, old_image={"pk": pk}, **options)


def _inserted(**attributes: Any) -> dict[str, Any]:
    return stream_record("INSERT", KEY, new_image={**KEY, **attributes})


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        pytest.param(
            lambda: sqs_event(),
            ValueError,
            r"^sqs_event: no records; Lambda invokes the function only with at least one\. "
            r"Fix: pass them, sqs_event\(sqs_record\(\.\.\.\)\)",
            id="an SQS event of no records",
        ),
        pytest.param(
            lambda: stream_event(),
            ValueError,
            r"^stream_event: no records",
            id="a stream event of no records",
        ),
        pytest.param(
            lambda: stream_event(sqs_record("{}")),
            ValueError,
            r"^stream_event: records\[0\] is a record of 'aws:sqs', not 'aws:dynamodb'.*Fix: "
            r"build it with stream_record\(\.\.\.\)",
            id="an SQS record in a stream event",
        ),
        pytest.param(
            lambda: sqs_event(sqs_record("{}"), _removed()),
            ValueError,
            r"^sqs_event: records\[1\] is a record of 'aws:dynamodb', not 'aws:sqs'",
            id="a stream record in an SQS event",
        ),
        pytest.param(
            lambda: stream_event(_removed(table="orders"), _removed(table="invoices")),
            ValueError,
            r"^stream_event: the records are of 2 streams .*Fix: build them with one table=",
            id="records of two tables",
        ),
        pytest.param(
            lambda: stream_event(
                _removed(sequence_number="200"), _removed("o2", sequence_number="100")
            ),
            ValueError,
            r"^stream_event: records\[1\] has the sequence number 100, not after "
            r"records\[0\]'s 200.*Fix: pass them in order",
            id="records out of order",
        ),
        pytest.param(
            lambda: _inserted(n=10**200),
            ValueError,
            r"^stream_record: 1000.* is no number DynamoDB stores: it takes up to 38 "
            r"significant digits, magnitudes from 1E-130",
            id="a number over DynamoDB's range",
        ),
        pytest.param(
            lambda: _inserted(n=Decimal("1234567890123456789012345678901234567890.5")),
            ValueError,
            r"is no number DynamoDB stores",
            id="a number of 41 digits",
        ),
        pytest.param(
            lambda: _inserted(n=Decimal("1E-131")),
            ValueError,
            r"is no number DynamoDB stores",
            id="a number under DynamoDB's smallest",
        ),
        pytest.param(
            lambda: _inserted(blob="x" * 410_000),
            ValueError,
            r"^stream_record: new_image is an item of at least 410\d+ bytes; DynamoDB stores "
            r"items of at most 409600",
            id="an item over 400 KB",
        ),
        pytest.param(
            lambda: stream_record("REMOVE", {"pk": "x" * 2049}, old_image={"pk": "x" * 2049}),
            ValueError,
            r"^stream_record: keys has pk of 2049 bytes; DynamoDB takes a partition key of at "
            r"most 2048 bytes",
            id="a partition key over 2048 bytes",
        ),
        pytest.param(
            lambda: _inserted(**{"": 1}),
            ValueError,
            r"^stream_record: new_image has an attribute named ''",
            id="an attribute without a name",
        ),
        pytest.param(
            lambda: sqs_record("{}", queue="arn:aws:sqs:us-east-1:123456789012:uploads"),
            ValueError,
            r"^sqs_record: queue 'arn:aws:sqs:.*' is no SQS queue name.*Fix: pass the queue's "
            r"name, queue='uploads'",
            id="a queue's ARN",
        ),
        pytest.param(
            lambda: object_created_body("arn:aws:s3:::uploads", "a.csv", size=1),
            ValueError,
            r"^object_created_body: bucket 'arn:aws:s3:::uploads' is no S3 bucket name.*Fix: "
            r"pass the name, bucket='uploads'",
            id="a bucket's ARN",
        ),
        pytest.param(
            lambda: s3_test_event_body("s3://uploads/in/"),
            ValueError,
            r"^s3_test_event_body: bucket 's3://uploads/in/' .*bucket='uploads'",
            id="a bucket's URL",
        ),
        pytest.param(
            lambda: object_created_body("uploads", "", size=1),
            ValueError,
            r"^object_created_body: key is 0 bytes long; S3's keys are 1 to 1024 bytes",
            id="an empty key",
        ),
        pytest.param(
            lambda: object_created_body("uploads", "a.csv", size=1, etag=123),
            TypeError,
            r"^object_created_body: etag is an int",
            id="an etag that is no str",
        ),
        pytest.param(
            lambda: object_created_body("uploads", "a.csv", size=1, sequencer=None),
            TypeError,
            r"^object_created_body: sequencer is None",
            id="no sequencer",
        ),
        pytest.param(
            lambda: http_api_event("POST /hooks", method="GET"),
            ValueError,
            r"^http_api_event: method 'GET' never reaches 'POST /hooks'.*Fix: pass method='POST', "
            r"or leave it out",
            id="a method the route does not answer",
        ),
        pytest.param(
            lambda: http_api_event("ANY /hooks", method="ANY"),
            ValueError,
            r"^http_api_event: method 'ANY' never reaches 'ANY /hooks'.*never ANY\. Fix: "
            r"pass method='GET'",
            id="ANY as a request's method",
        ),
        pytest.param(
            lambda: http_api_event("post /hooks"),
            ValueError,
            r"^http_api_event: route_key 'post /hooks' is not 'METHOD /path' or '\$default'.*"
            r"Fix: write it so, e\.g\. route_key='POST /hooks'",
            id="a lower-case route key",
        ),
        pytest.param(
            lambda: http_api_event("GET /x", claims={"address": {"country": "DE"}}),
            TypeError,
            r"^http_api_event: claim 'address' is a dict",
            id="a claim that is an object",
        ),
        pytest.param(
            lambda: http_api_authorizer_event(
                "GET /x", identity_source=["Authorization"], headers={"authorization": "t"}
            ),
            ValueError,
            r"^http_api_authorizer_event: identity source 'Authorization' is not one an HTTP "
            r"API takes .*Fix: use one of them, e\.g\. '\$request\.header\.Authorization'",
            id="a bare header as an identity source",
        ),
        pytest.param(
            lambda: eventbridge_event("", "ItemStored"),
            ValueError,
            r"^eventbridge_event: source is ''; PutEvents refuses an entry without it.*Fix: "
            r"pass the sender's, e\.g\. source='data-team\.ingest'",
            id="an empty source",
        ),
        pytest.param(
            lambda: eventbridge_event("data-team.ingest", " "),
            ValueError,
            r"^eventbridge_event: detail_type is ' '",
            id="a blank detail type",
        ),
        pytest.param(
            lambda: eventbridge_event("s", "T", time="yesterday"),
            ValueError,
            r"^eventbridge_event: time is 'yesterday', no ISO 8601 time\. "
            r"Fix: pass one, e\.g\. time='2026-05-04T09:00:01Z'",
            id="a time that is no ISO 8601",
        ),
        pytest.param(
            lambda: eventbridge_event("s", "T", time=datetime(2026, 5, 4)),
            TypeError,
            r"^eventbridge_event: time is datetime\.datetime\(2026, 5, 4, 0, 0\), a time "
            r"without a time zone.*Fix: attach one: value\.replace\(tzinfo=UTC\)",
            id="a datetime without a time zone",
        ),
        pytest.param(
            lambda: http_api_event("GET /x", headers={"X Api Key": "k"}),
            ValueError,
            r"^http_api_event: headers has the name 'X Api Key', which no HTTP request carries"
            r".*Fix: rename it, e\.g\. 'X-Api-Key'",
            id="a header name with spaces",
        ),
        pytest.param(
            # Proves (fuzz45): "'utf-8' codec can't encode character '\\ud800'..."
            lambda: http_api_event("POST /x", '{"a": "\ud800"}'),
            ValueError,
            r"^http_api_event: body holds '\\ud800' at index 7, half of a surrogate pair.*"
            r"Fix: pass the text the client sends",
            id="a body holding a lone surrogate",
        ),
        pytest.param(
            lambda: http_api_event("GET /x", headers={"": "k"}),
            ValueError,
            r"^http_api_event: headers has the name ''.*Fix: rename it, e\.g\. 'X-Name'",
            id="an empty header name",
        ),
        pytest.param(
            lambda: http_api_event("GET /x", headers={"x-key": "a\nb"}),
            ValueError,
            r"^http_api_event: headers has 'x-key' holding '\\n' at index 1, which no HTTP "
            r"header's value carries",
            id="a header value with a line break",
        ),
        pytest.param(
            lambda: sqs_record("{}", ""),
            ValueError,
            r"^sqs_record: message_id is ''; SQS gives every message message_id, never empty",
            id="an empty message id",
        ),
        pytest.param(
            lambda: sqs_record("{}", group_id=""),
            ValueError,
            r"^sqs_record: group_id is ''.*Fix: pass one, e\.g\. group_id='g-1'",
            id="an empty group id",
        ),
        pytest.param(
            lambda: object_created_body("uploads", "a.csv", size=1, version_id=""),
            ValueError,
            r"^object_created_body: version_id is ''; S3 sends one only for a versioned bucket",
            id="an empty version id",
        ),
        pytest.param(
            lambda: stream_record("REMOVE", {"pk": {"S": "o1"}}, old_image={"pk": {"S": "o1"}}),
            ValueError,
            r"^stream_record: keys has pk=\{'S': 'o1'\}, which no key attribute holds: .*; it "
            r"is DynamoDB JSON, which the builder writes itself\. Fix: pass pk='o1'",
            id="a key in DynamoDB JSON",
        ),
        pytest.param(
            lambda: http_api_event("GET /orders/{id}"),
            ValueError,
            r"^http_api_event: a request to 'GET /orders/\{id\}' needs its path=\.\.\. \(or "
            r"path_parameters=\.\.\.\), which the route key leaves open\. Fix: pass them, e\.g\. "
            r"path_parameters=\{'id': '\.\.\.'\}",
            id="a route's parameters left out",
        ),
        pytest.param(
            lambda: http_api_event("GET /x", scopes=["a/read"]),
            ValueError,
            r"^http_api_event: scopes= come with a token\. Fix: pass its claims= too",
            id="scopes without claims",
        ),
        pytest.param(
            lambda: http_api_event("GET /x", authorizer_context="acme"),
            TypeError,
            r"^http_api_event: authorizer_context is a str\. Fix: pass the authorizer's context "
            r"as a dict",
            id="a context that is no dict",
        ),
        pytest.param(
            lambda: http_api_authorizer_event("GET /x"),
            ValueError,
            r"^http_api_authorizer_event: the request has no '\$request\.header\.Authorization'"
            r".*Fix: pass it in headers=",
            id="a request without its identity source",
        ),
    ],
)
def test_an_event_aws_never_sends_is_refused_naming_the_argument(
    build: Callable[[], object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        build()


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda: sqs_event(sqs_record("a"), sqs_record("b", "m-2")), id="SQS"),
        pytest.param(
            lambda: sqs_event({**sqs_record("{}"), "body": None}), id="a malformed SQS record"
        ),
        pytest.param(
            lambda: sqs_record("{}", queue="orders.fifo", group_id="g"), id="a FIFO queue"
        ),
        pytest.param(
            lambda: stream_event(_removed(sequence_number="100"), _removed("o2")),
            id="records in order",
        ),
        pytest.param(lambda: stream_event(_removed(sequence_number="a")), id="a named record"),
        pytest.param(
            lambda: _inserted(
                big=Decimal("9.9999999999999999999999999999999999999E+125"),
                small=Decimal("1E-130"),
                zero=0,
                negative=-(10**37),
                ratio=1 / 3,
            ),
            id="numbers at DynamoDB's limits",
        ),
        pytest.param(lambda: _inserted(blob="x" * 300_000), id="an item of 300 KB"),
        pytest.param(
            lambda: stream_record(
                "REMOVE",
                {"pk": "x" * 2048, "sk": "y" * 1024},
                old_image={"pk": "x" * 2048, "sk": "y" * 1024},
            ),
            id="keys at their limits",
        ),
        pytest.param(
            lambda: object_created_body("my.bucket-1", "/a b.csv", size=0), id="an S3 object"
        ),
        pytest.param(lambda: s3_test_event_body("b"), id="a short bucket name"),
        pytest.param(lambda: http_api_event("ANY /hooks", method="DELETE"), id="ANY route"),
        pytest.param(
            lambda: http_api_event(
                "POST /hooks", headers={"X-Hub-Signature-256": "sha256=a", "x-v": "a\tb c"}
            ),
            id="headers HTTP carries",
        ),
        pytest.param(lambda: http_api_event("POST /hooks", method="POST"), id="the route's method"),
        pytest.param(
            lambda: eventbridge_event("aws.s3", "Object Created", time="2026-11-27T02:00:00Z"),
            id="an EventBridge event",
        ),
    ],
)
def test_events_aws_sends_of_the_same_shapes_build(build: Callable[[], object]) -> None:
    assert build()
