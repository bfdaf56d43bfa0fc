"""eventbridge_event: the event an EventHandler's function gets is the one EventBridge
delivers for what a sender put (moto plays EventBridge: a rule on a bus delivers to SQS)."""

from __future__ import annotations

import decimal
import json
import re
from datetime import UTC, datetime

import boto3
import pytest
from moto import mock_aws

from constructs_lib_runtime.testing import eventbridge_event
from tests.moto_support import fake_aws


def _delivered(detail: dict[str, object]) -> dict[str, object]:
    """What a rule on a custom bus delivers for one PutEvents entry."""
    sqs, events = boto3.client("sqs"), boto3.client("events")
    url = sqs.create_queue(QueueName="delivered")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    events.create_event_bus(Name="bus")
    events.put_rule(Name="r", EventBusName="bus", EventPattern='{"source": ["data-team.ingest"]}')
    events.put_targets(Rule="r", EventBusName="bus", Targets=[{"Id": "q", "Arn": arn["QueueArn"]}])
    events.put_events(
        Entries=[
            {
                "Source": "data-team.ingest",
                "DetailType": "ItemStored",
                "Detail": json.dumps(detail),
                "EventBusName": "bus",
            }
        ]
    )
    (message,) = sqs.receive_message(QueueUrl=url)["Messages"]
    return dict(json.loads(message["Body"]))


def test_the_event_has_what_eventbridge_delivers(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN what a sender puts on a bus
    detail = {"pk": "upload#a.csv", "rows": 2, "tags": ["q1"]}
    fake_aws(monkeypatch)
    with mock_aws():
        delivered = _delivered(detail)
    # WHEN the test builds the event THEN it has the delivered event's fields and values
    event = eventbridge_event("data-team.ingest", "ItemStored", detail)
    # (moto's delivery leaves out the account, which EventBridge's has)
    assert set(event) == set(delivered) | {"account"}
    for field in ("version", "source", "detail-type", "detail", "resources"):
        assert event[field] == delivered[field], field
    assert datetime.strptime(event["time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def test_the_detail_is_what_the_function_parses_and_the_rest_is_given() -> None:
    event = eventbridge_event(
        "aws.s3",
        "Object Created",
        {"bucket": {"name": "uploads"}, "keys": ("a", "b")},
        resources=["arn:aws:s3:::uploads"],
        event_id="e-1",
        time="2026-11-27T02:00:00Z",
    )
    assert event["detail"] == {"bucket": {"name": "uploads"}, "keys": ["a", "b"]}
    assert (event["id"], event["time"], event["resources"]) == (
        "e-1",
        "2026-11-27T02:00:00Z",
        ["arn:aws:s3:::uploads"],
    )
    assert eventbridge_event("data-team.ingest", "Ping")["detail"] == {}


def _nested(levels: int) -> list[object]:
    nested: list[object] = []
    for _ in range(levels):
        nested = [nested]
    return nested


@pytest.mark.parametrize(
    ("arguments", "options", "error", "message"),
    [
        (("s", "d", '{"a": 1}'), {}, TypeError, "detail is a str; EventBridge's detail is a JSON"),
        (("s", "d", [1]), {}, TypeError, "detail is a list"),
        (
            ("s", "d", {"n": decimal.Decimal("1.5")}),
            {},
            TypeError,
            "Fix: pass what it sends, e.g. json.loads(json.dumps(detail, default=str))",
        ),
        (("s", "d", {"n": float("nan")}), {}, ValueError, "detail holds NaN or Infinity"),
        # Proves (fuzz45): both were "detail holds NaN or Infinity", or a RecursionError
        (("s", "d", {"n": 10**4400}), {}, ValueError, "an integer of over 4300 digits"),
        (("s", "d", {"n": _nested(100_000)}), {}, ValueError, "nested too deeply to write"),
        (("s", "d", {"x": "a" * 262144}), {}, ValueError, "PutEvents takes at most 262144"),
        # 2 bytes each in UTF-8: 258 KiB sent
        (("s", "d", {"x": "\u00e9" * 132000}), {}, ValueError, "the event is 264010 bytes"),
        (
            ("s", "d"),
            {"resources": "arn:aws:s3:::b"},
            TypeError,
            "Fix: pass a list, resources=[...]",
        ),
        ((b"s", "d"), {}, TypeError, "source is a bytes object"),
        (("s", None), {}, TypeError, "detail_type is None"),
    ],
)
def test_what_eventbridge_never_delivers_is_refused(
    arguments: tuple[object, ...], options: dict[str, object], error: type, message: str
) -> None:
    with pytest.raises(error, match=re.escape(message)):
        eventbridge_event(*arguments, **options)  # type: ignore[arg-type]


def test_an_event_is_measured_as_sent_in_utf_8() -> None:
    # GIVEN details of 250 KiB as a sender puts them: text of 2-byte characters, many keys.
    # Proves (sweep41): measured as json.dumps writes them ('\\u00e9' 6 bytes, ', ' and
    # ': ' 2), they were refused as over PutEvents' 256 KiB
    for detail in ({"name": "\u00e9" * (125 * 1024)}, {f"k{i}": i for i in range(18000)}):
        event = eventbridge_event("app.orders", "Renamed", detail)
        # THEN the function gets them, as EventBridge delivers them
        assert event["detail"] == detail
