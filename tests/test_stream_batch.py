"""constructs_lib_runtime.stream_batch (a stream batch stops at its first failure, reported
by its SequenceNumber) and testing.stream_record (records in DynamoDB JSON)."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

import pytest

from constructs_lib_runtime.stream_batch import MalformedBatchError, process_batch
from constructs_lib_runtime.testing import sqs_event, sqs_record, stream_event, stream_record


def _changes(count: int) -> list[dict[str, Any]]:
    return [
        stream_record("INSERT", {"pk": f"o{n}"}, new_image={"pk": f"o{n}"}) for n in range(count)
    ]


def test_a_batch_that_succeeds_reports_no_failure() -> None:
    records, seen = _changes(3), []
    assert process_batch(stream_event(*records), lambda r: seen.append(r)) == {
        "batchItemFailures": []
    }
    assert seen == records


def test_a_failure_mid_batch_stops_it_and_reports_that_record_only(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # GIVEN a batch of four changes whose third fails
    records, attempted = _changes(4), []

    def handle(record: dict[str, Any]) -> None:
        attempted.append(record["dynamodb"]["Keys"]["pk"]["S"])
        if record is records[2]:
            raise RuntimeError("downstream refused")

    # WHEN it is processed
    with caplog.at_level(logging.ERROR):
        response = process_batch(stream_event(*records), handle)
    # THEN the failed record is reported by its sequence number, the last one never attempted
    failed = records[2]["dynamodb"]["SequenceNumber"]
    assert response == {"batchItemFailures": [{"itemIdentifier": failed}]}
    assert attempted == ["o0", "o1", "o2"]
    # AND the log names the record and the error
    assert failed in caplog.text and "RuntimeError" in caplog.text


def test_a_system_exit_stops_the_batch_at_its_record_and_an_interrupt_is_not_caught() -> None:
    records = _changes(2)

    def leave(record: dict[str, Any]) -> None:
        raise SystemExit(1)

    first = records[0]["dynamodb"]["SequenceNumber"]
    assert process_batch(stream_event(*records), leave) == {
        "batchItemFailures": [{"itemIdentifier": first}]
    }

    def interrupt(record: dict[str, Any]) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        process_batch(stream_event(*records), interrupt)


def test_an_async_handler_is_refused_before_any_record() -> None:
    async def handle(record: dict[str, Any]) -> None:
        return None

    with pytest.raises(TypeError, match="async function, whose body would never run"):
        process_batch(stream_event(*_changes(1)), handle)
    with pytest.raises(TypeError, match="handle is None, not a function"):
        process_batch(stream_event(*_changes(1)), None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (None, "not a stream event with a Records list"),
        ({"routeKey": "GET /"}, "not a DynamoDB stream event: it has no Records"),
        (
            sqs_event(sqs_record("{}")),
            r"record 0 of the batch has no dynamodb\.SequenceNumber \(got None\): it is an SQS "
            r"message \(use constructs_lib_runtime\.sqs_batch\)",
        ),
        ({"Records": [{"dynamodb": {"SequenceNumber": ""}}]}, "has no dynamodb.SequenceNumber"),
    ],
)
def test_a_malformed_batch_fails_whole_before_any_record(event: Any, message: str) -> None:
    ran = []
    with pytest.raises(MalformedBatchError, match=message):
        process_batch(event, ran.append)
    assert ran == []


def test_an_empty_event_is_an_empty_batch() -> None:
    assert process_batch({}, lambda r: None) == {"batchItemFailures": []}


# --- testing.stream_record -----------------------------------------------------------


def test_a_record_holds_its_images_in_dynamodb_json() -> None:
    record = stream_record(
        "MODIFY",
        {"pk": "order#1"},
        new_image={
            "pk": "order#1",
            "total": Decimal("12.50"),
            "count": 3,
            "paid": True,
            "note": None,
            "raw": b"hi",
            "tags": {"b", "a"},
            "sizes": {2, 1},
            "lines": [{"sku": "x"}],
        },
        old_image={"pk": "order#1", "paid": False},
        table="orders",
    )
    change = record["dynamodb"]
    assert change["Keys"] == {"pk": {"S": "order#1"}}
    assert change["NewImage"] == {
        "pk": {"S": "order#1"},
        "total": {"N": "12.50"},
        "count": {"N": "3"},
        "paid": {"BOOL": True},
        "note": {"NULL": True},
        "raw": {"B": "aGk="},
        "tags": {"SS": ["a", "b"]},
        "sizes": {"NS": ["1", "2"]},
        "lines": {"L": [{"M": {"sku": {"S": "x"}}}]},
    }
    assert change["OldImage"] == {"pk": {"S": "order#1"}, "paid": {"BOOL": False}}
    assert change["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert record["eventSource"] == "aws:dynamodb"
    assert record["eventSourceARN"].startswith(
        "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/"
    )


def test_records_made_later_have_higher_sequence_numbers() -> None:
    first, second = _changes(2)
    assert int(second["dynamodb"]["SequenceNumber"]) > int(first["dynamodb"]["SequenceNumber"])
    given = stream_record("REMOVE", {"pk": "a"}, old_image={"pk": "a"}, sequence_number="42")
    assert given["dynamodb"]["SequenceNumber"] == "42"


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        (("UPDATE", {"pk": "a"}), ValueError, "event_name 'UPDATE' is none of"),
        (
            ("INSERT", {"pk": "a"}, {"old_image": {"pk": "a"}}),
            ValueError,
            "INSERT records of a NEW_AND_OLD_IMAGES stream have NewImage, not OldImage",
        ),
        (
            ("MODIFY", {"pk": "a"}, {"new_image": {"pk": "a"}}),
            ValueError,
            "have NewImage and OldImage, not NewImage",
        ),
        (
            ("INSERT", {"pk": "a"}, {"new_image": {"pk": "a"}, "view_type": "KEYS_ONLY"}),
            ValueError,
            "INSERT records of a KEYS_ONLY stream have no image, not NewImage",
        ),
        (
            ("INSERT", {"pk": "a"}, {"new_image": {"pk": "b"}}),
            ValueError,
            "NewImage has pk='b', not the key's 'a'",
        ),
        (
            ("INSERT", {"pk": "a"}, {"new_image": {"pk": "a", "tags": set()}}),
            ValueError,
            "is no DynamoDB set",
        ),
        (
            ("INSERT", {"pk": "a"}, {"new_image": {"pk": "a", "tags": {"a", 1}}}),
            ValueError,
            "is no DynamoDB set",
        ),
        (
            ("INSERT", {"pk": "a"}, {"new_image": {"pk": "a", "n": float("nan")}}),
            ValueError,
            "is no number DynamoDB stores",
        ),
        (
            ("INSERT", {"pk": "a"}, {"new_image": {"pk": "a", "at": object()}}),
            TypeError,
            "is no DynamoDB attribute value",
        ),
    ],
)
def test_a_record_no_stream_writes_is_refused(
    arguments: tuple[Any, ...], error: type[Exception], message: str
) -> None:
    options = arguments[2] if len(arguments) > 2 else {}
    with pytest.raises(error, match=message.replace("(", r"\(")):
        stream_record(arguments[0], arguments[1], **options)
