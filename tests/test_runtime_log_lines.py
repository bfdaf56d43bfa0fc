"""What the handler helpers log when a record fails, as Lambda's JSON log format writes it
(the library's functions use it): the fields that find the record (an SQS message's id, its
receive count and FIFO group; a stream record's sequence number, change and item keys) at
the top level of the line, where a Logs Insights query filters on them, beside the error
the runtime adds. Lambda's formatter writes a log record's ``extra`` fields there; the one
below does the same, and so fails the test where a field is only inside the message text.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from constructs_lib_runtime import s3_events, sqs_batch, stream_batch
from constructs_lib_runtime.s3_events import for_each_s3_object
from constructs_lib_runtime.sqs_batch import MalformedBatchError
from constructs_lib_runtime.testing import (
    s3_test_event_body,
    sqs_event,
    sqs_record,
    stream_event,
    stream_record,
)

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class _LambdaJson(logging.Formatter):
    """Lambda's JSON log line: level, message, the error of ``exc_info``, where it was
    logged, and every ``extra`` field of the record at the top level (json.dumps fails on
    what JSON cannot hold, as Lambda's encoder does)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {"level": record.levelname, "message": record.getMessage()}
        if record.exc_info and record.exc_info[0] is not None:
            line["errorType"] = record.exc_info[0].__name__
        # awslambdaric's with an error, Powertools' on every line: the logging call's place
        line["location"] = f"{record.filename}:{record.funcName}"
        line.update((k, v) for k, v in vars(record).items() if k not in _STANDARD)
        return json.dumps(line)


@pytest.fixture
def lines() -> Iterator[list[dict[str, Any]]]:
    """The JSON lines the helpers log while the test runs."""
    written: list[dict[str, Any]] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            written.append(json.loads(self.format(record)))

    handler = Collect()
    handler.setFormatter(_LambdaJson())
    loggers = [logging.getLogger(m.__name__) for m in (sqs_batch, stream_batch, s3_events)]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    try:
        yield written
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)


def _fail_on(body: str) -> Any:
    def handle(record: dict[str, Any]) -> None:
        if record["body"] == body:
            raise ValueError(f"cannot store {body}")

    return handle


def test_a_failed_sqs_record_is_logged_with_its_message_id_and_receive_count(
    lines: list[dict[str, Any]],
) -> None:
    # GIVEN a batch whose second message fails on its third delivery
    event = sqs_event(
        sqs_record('{"ok": 1}', "m-1", "orders"),
        sqs_record('{"poison": 1}', "m-2", "orders", receive_count=3),
    )
    # WHEN it is processed
    sqs_batch.process_batch(event, _fail_on('{"poison": 1}'))
    # THEN one JSON line names the message (the id it keeps in the dead-letter queue), how
    # often SQS delivered it, and the error, each a field of its own
    [line] = lines
    assert line["level"] == "ERROR" and line["errorType"] == "ValueError"
    assert line["messageId"] == "m-2" and line["receiveCount"] == "3"
    assert "messageGroupId" not in line  # a standard queue has none
    # AND the message alone (Lambda's text format) names them too
    assert line["message"] == "record failed (messageId m-2, receiveCount 3)"


def test_a_fifo_record_names_its_group_and_a_stopped_batch_is_logged_alike(
    lines: list[dict[str, Any]],
) -> None:
    # GIVEN a FIFO batch whose first message fails, and a batch stopped by sys.exit()
    fifo = sqs_event(sqs_record('{"poison": 1}', "m-1", "orders.fifo", group_id="customer-7"))
    sqs_batch.process_batch(fifo, _fail_on('{"poison": 1}'))

    def leave(record: dict[str, Any]) -> None:
        raise SystemExit(1)

    sqs_batch.process_batch(sqs_event(sqs_record("{}", "m-9", "orders")), leave)
    # THEN the group is a field, and the stop names its record
    failed, stopped = lines
    assert failed["messageGroupId"] == "customer-7" and failed["messageId"] == "m-1"
    assert stopped["messageId"] == "m-9" and stopped["errorType"] == "SystemExit"
    assert stopped["message"].startswith("batch stopped")


def test_a_malformed_batch_is_logged_with_its_reason(lines: list[dict[str, Any]]) -> None:
    with pytest.raises(MalformedBatchError):
        sqs_batch.process_batch({"Records": [{"body": "1"}]}, lambda record: None)
    [line] = lines
    assert line["error"].startswith("record 0 of the batch has no messageId")
    assert line["message"].startswith("malformed batch (error record 0 of the batch")


def test_a_failed_stream_record_is_logged_with_its_sequence_number_and_item_keys(
    lines: list[dict[str, Any]],
) -> None:
    # GIVEN a stream batch whose second change fails
    paid = stream_record("INSERT", {"pk": "o1"}, new_image={"pk": "o1", "total": 5})
    empty = stream_record("INSERT", {"pk": "o2"}, new_image={"pk": "o2", "total": 0})

    def announce(record: dict[str, Any]) -> None:
        if record["dynamodb"]["NewImage"]["total"]["N"] == "0":
            raise ValueError("an order of nothing")

    stream_batch.process_batch(stream_event(paid, empty), announce)
    # THEN the line names the record by sequence number, change and item keys (what the
    # dead-letter queue's pointers do not say), never its images
    [line] = lines
    assert line["sequenceNumber"] == empty["dynamodb"]["SequenceNumber"]
    assert line["eventName"] == "INSERT" and line["keys"] == {"pk": {"S": "o2"}}
    assert line["errorType"] == "ValueError"
    assert "NewImage" not in json.dumps(line)


def test_a_field_json_cannot_hold_or_a_percent_sign_loses_no_line(
    lines: list[dict[str, Any]],
) -> None:
    # GIVEN a record (a test's own, Lambda sends JSON) whose keys hold a set, and an SQS
    # message id with a "%" (a format for logging when it is the message)
    record = stream_record("INSERT", {"pk": "o1"}, new_image={"pk": "o1"})
    record["dynamodb"]["Keys"] = {"pk": {"SS": {"a"}}}

    def fail(record: dict[str, Any]) -> None:
        raise ValueError("no")

    stream_batch.process_batch(stream_event(record), fail)
    sqs_batch.process_batch(sqs_event(sqs_record("{}", "m-%s-%d", "orders")), fail)
    # THEN both lines are written: the set as its repr, the id as sent
    keys_line, percent_line = lines
    assert keys_line["keys"] == "{'pk': {'SS': {'a'}}}"
    assert percent_line["messageId"] == "m-%s-%d"
    assert percent_line["message"] == "record failed (messageId m-%s-%d, receiveCount 1)"


def test_the_s3_test_event_is_logged_with_its_bucket(lines: list[dict[str, Any]]) -> None:
    sqs_batch.process_batch(
        sqs_event(sqs_record(s3_test_event_body("uploads"), "m-1")),
        for_each_s3_object(lambda obj: None),
    )
    [line] = lines
    assert line["level"] == "INFO" and line["bucket"] == "uploads"
    assert line["message"] == "skipped s3:TestEvent (bucket uploads)"


def _fail_on_every_record(record: dict[str, Any]) -> None:
    raise ValueError("no")


def test_each_line_is_located_where_the_helper_logs_it(lines: list[dict[str, Any]]) -> None:
    # GIVEN a failed SQS record, a failed stream record, a malformed batch and a test event
    sqs_batch.process_batch(sqs_event(sqs_record("{}", "m-1")), _fail_on("{}"))
    stream_batch.process_batch(
        stream_event(stream_record("INSERT", {"pk": "o1"}, new_image={"pk": "o1"})),
        _fail_on_every_record,
    )
    with pytest.raises(MalformedBatchError):
        sqs_batch.process_batch({"Records": [{"body": "1"}]}, lambda record: None)
    sqs_batch.process_batch(
        sqs_event(sqs_record(s3_test_event_body("uploads"))), for_each_s3_object(print)
    )
    # THEN each line's location (Lambda's JSON "location", Powertools' too) is the helper
    # that logged it, not the module that writes every line (_log_lines.py:log)
    assert [line["location"] for line in lines] == [
        "sqs_batch.py:process_batch",
        "stream_batch.py:process_batch",
        "sqs_batch.py:_malformed",
        "s3_events.py:s3_objects",
    ]
