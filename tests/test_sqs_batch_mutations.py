"""A callback may change the record it is handed (or, holding the event, the others): the
batch helpers report and log each record by the ``messageId`` SQS sent (a stream's by its
``SequenceNumber``), and never fail the whole batch for it."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from constructs_lib_runtime import stream_batch
from constructs_lib_runtime.sqs_batch import process_batch
from constructs_lib_runtime.testing import sqs_event, sqs_record, stream_event, stream_record


class Stop(BaseException):
    """A BaseException of the user's (``sys.exit()``'s kind)."""


@pytest.mark.parametrize("error", [ValueError("bad"), Stop()], ids=["Exception", "BaseException"])
@pytest.mark.parametrize(
    "change",
    [
        lambda record, event: record.pop("messageId"),
        lambda record, event: record.update(messageId=None, attributes="x"),
        lambda record, event: [other.clear() for other in event["Records"]],
    ],
    ids=["its id deleted", "its id and attributes replaced", "every record cleared"],
)
def test_a_record_changed_by_its_failing_callback_is_reported_by_the_id_sqs_sent(
    caplog: pytest.LogCaptureFixture, error: BaseException, change: Any
) -> None:
    # Proves (fuzz45): the reported id was the changed one (None: Lambda then fails the
    # whole batch, the records done too) or a KeyError escaped process_batch
    event = sqs_event(*(sqs_record("{}", message_id=f"m{i}") for i in range(3)))

    def handle(record: dict[str, Any]) -> None:
        if record.get("messageId") == "m1":
            change(record, event)
            raise error

    with caplog.at_level(logging.ERROR, logger="constructs_lib_runtime.sqs_batch"):
        response = process_batch(event, handle)
    expected = ["m1"] if isinstance(error, Exception) else ["m1", "m2"]
    assert [item["itemIdentifier"] for item in response["batchItemFailures"]] == expected
    (line,) = caplog.records
    assert line.messageId == "m1"  # type: ignore[attr-defined]


def test_a_stream_record_changed_by_its_failing_callback_is_reported_by_its_number(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Proves (fuzz45): the failure's log line read the changed record: a KeyError escaped
    # process_batch and the whole batch was retried, the records done too
    records = [
        stream_record("INSERT", {"pk": f"k{i}"}, new_image={"pk": f"k{i}"}) for i in range(3)
    ]
    event = stream_event(*records)
    numbers = [record["dynamodb"]["SequenceNumber"] for record in event["Records"]]

    def handle(record: dict[str, Any]) -> None:
        if record["dynamodb"]["SequenceNumber"] == numbers[1]:
            for other in event["Records"]:
                other.clear()
            raise ValueError("bad change")

    with caplog.at_level(logging.ERROR, logger="constructs_lib_runtime.stream_batch"):
        response = stream_batch.process_batch(event, handle)
    assert response == {"batchItemFailures": [{"itemIdentifier": numbers[1]}]}
    (line,) = caplog.records
    assert line.keys == {"pk": {"S": "k1"}}  # type: ignore[attr-defined]
