"""Nothing is lost: a poison message is reported, retried, then dead-lettered (moto SQS).

moto does not run Lambda code, so the test plays the event source mapping: it receives
real messages from the moto queue, calls the handler with them as SQS records, deletes
the messages the handler did not report, and lets the failed ones become visible again.
process_batch itself (FIFO groups, malformed batches, exceptions of any kind) is specified
in tests/test_sqs_batch.py.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import orders_table
import orders_worker
import pytest
from moto import mock_aws

from tests.event_source import LambdaContext, poll_once
from tests.moto_support import create_orders_table, fake_aws

MAX_RECEIVE_COUNT = 3


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    fake_aws(monkeypatch)
    with mock_aws():
        sqs = boto3.client("sqs")
        dlq_url = sqs.create_queue(QueueName="orders-dlq")["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        queue_url = sqs.create_queue(
            QueueName="orders",
            Attributes={
                "RedrivePolicy": json.dumps(
                    {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(MAX_RECEIVE_COUNT)}
                )
            },
        )["QueueUrl"]
        create_orders_table()
        monkeypatch.setenv("ORDERS_TABLE", "orders")
        monkeypatch.setattr(orders_table, "_table", None)
        yield {"sqs": sqs, "queue_url": queue_url, "dlq_url": dlq_url, "queue_arn": dlq_arn}


def _order(order_id: str, quantity: object = 1) -> str:
    return json.dumps(
        {"order_id": order_id, "customer": "ada", "items": [{"sku": "A-1", "quantity": quantity}]}
    )


def _poll_once(aws: dict[str, Any]) -> dict[str, Any] | None:
    """One event source mapping poll of the orders queue (see tests/event_source.py)."""
    arn = aws["queue_arn"].replace("orders-dlq", "orders")
    return poll_once(aws["sqs"], aws["queue_url"], arn, orders_worker.handler)


def test_poison_message_is_reported_retried_then_dead_lettered(aws: dict[str, Any]) -> None:
    # GIVEN two good orders and one poison message on the queue
    sqs = aws["sqs"]
    for body in (_order("o-1"), "not json {", _order("o-2")):
        sqs.send_message(QueueUrl=aws["queue_url"], MessageBody=body)

    # WHEN the worker polls the first batch
    first = _poll_once(aws)

    # THEN only the poison message is reported as failed; the good ones are stored
    assert first is not None and len(first["batchItemFailures"]) == 1
    table = boto3.resource("dynamodb").Table("orders")
    assert {i["order_id"] for i in table.scan()["Items"]} == {"o-1", "o-2"}

    # WHEN the worker keeps polling
    for _ in range(MAX_RECEIVE_COUNT + 2):
        _poll_once(aws)

    # THEN the poison message is in the dead-letter queue and nothing is left or lost
    dead = sqs.receive_message(QueueUrl=aws["dlq_url"], MaxNumberOfMessages=10)["Messages"]
    assert [m["Body"] for m in dead] == ["not json {"]
    attributes = sqs.get_queue_attributes(
        QueueUrl=aws["queue_url"], AttributeNames=["ApproximateNumberOfMessages"]
    )["Attributes"]
    assert attributes["ApproximateNumberOfMessages"] == "0"


def test_redelivered_order_is_stored_once(aws: dict[str, Any]) -> None:
    # GIVEN the same order delivered twice (SQS is at-least-once)
    for _ in range(2):
        aws["sqs"].send_message(QueueUrl=aws["queue_url"], MessageBody=_order("o-9"))
    # WHEN processed THEN both succeed and one item exists
    response = _poll_once(aws)
    assert response == {"batchItemFailures": []}
    assert boto3.resource("dynamodb").Table("orders").scan()["Count"] == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[]", "body must be a JSON object"),
        (json.dumps({"customer": "a", "items": []}), "order_id must be"),
        (json.dumps({"order_id": "o", "customer": " ", "items": [1]}), "customer must be"),
        (json.dumps({"order_id": "o", "customer": "a", "items": []}), "items must be"),
        (_order("o", quantity=True), "quantity must be an integer"),
        (_order("o", quantity=0), "quantity must be an integer"),
        (_order("bad id!"), "order_id must be"),
        # Proves (fuzz): "o-1\n" passed ORDER_ID ($ matches before a final newline) and was
        # stored as another order than "o-1"
        (_order("o-1\n"), "order_id must be"),
        # Proves (fuzz): JSON "\ud800" (a lone surrogate) reached put_item, which cannot
        # encode it; now the order is rejected with its reason, like any invalid order (since
        # fuzz45 json_body's: it refuses a lone surrogate anywhere in a body)
        (
            json.dumps(
                {"order_id": "o", "customer": "\ud800", "items": [{"sku": "A", "quantity": 1}]}
            ),
            "^the record's body is not valid Unicode: it holds a surrogate without its pair",
        ),
        (
            json.dumps(
                {"order_id": "o", "customer": "a", "items": [{"sku": "\udfff", "quantity": 1}]}
            ),
            "^the record's body is not valid Unicode",
        ),
        (
            '{"order_id": "o", "customer": "a", "items": [{"sku": "A", "quantity": 1e400}]}',
            "^the record's body has the number 1e400, beyond the range of a float",
        ),
    ],
)
def test_invalid_orders_are_rejected_with_a_reason(body: str, message: str) -> None:
    with pytest.raises(orders_worker.InvalidOrder, match=message):
        orders_worker.parse_order({"messageId": "m", "body": body})


# --- a different order reusing an order_id is never lost -----------------------------------


def test_a_different_order_reusing_an_order_id_is_dead_lettered_not_lost(
    aws: dict[str, Any],
) -> None:
    # GIVEN an order, then a different order (other customer and items) with the same order_id
    sqs = aws["sqs"]
    first = _order("o-7")
    clash = json.dumps(
        {"order_id": "o-7", "customer": "bob", "items": [{"sku": "B-2", "quantity": 5}]}
    )
    sqs.send_message(QueueUrl=aws["queue_url"], MessageBody=first)
    _poll_once(aws)
    sqs.send_message(QueueUrl=aws["queue_url"], MessageBody=clash)

    # WHEN the worker polls the clash
    response = _poll_once(aws)

    # THEN it is reported as failed (not deleted as if stored) ...
    assert response is not None and len(response["batchItemFailures"]) == 1
    # ... and after the retries it is in the dead-letter queue, the first order untouched
    for _ in range(MAX_RECEIVE_COUNT + 2):
        _poll_once(aws)
    dead = sqs.receive_message(QueueUrl=aws["dlq_url"], MaxNumberOfMessages=10)["Messages"]
    assert [m["Body"] for m in dead] == [clash]
    (stored,) = boto3.resource("dynamodb").Table("orders").scan()["Items"]
    assert (stored["customer"], stored["items"]) == ("ada", [{"sku": "A-1", "quantity": 1}])


def test_a_clash_raises_an_error_naming_the_order(aws: dict[str, Any]) -> None:
    orders_worker.store_order({"messageId": "m-1", "body": _order("o-8")})
    with pytest.raises(
        orders_worker.ConflictingOrder,
        match=r"^order o-8 is already stored with different content \(message m-1\)",
    ):
        orders_worker.store_order({"messageId": "m-2", "body": _order("o-8", quantity=2)})


def test_the_same_message_delivered_again_is_a_success(aws: dict[str, Any]) -> None:
    record = {"messageId": "m-1", "body": _order("o-10")}
    orders_worker.store_order(record)
    orders_worker.store_order(record)  # SQS redelivery: same message, same content
    (stored,) = boto3.resource("dynamodb").Table("orders").scan()["Items"]
    assert stored["message_id"] == "m-1"


def test_an_order_stored_before_fingerprints_is_compared_by_content(aws: dict[str, Any]) -> None:
    # GIVEN an item written by the previous worker version (no fingerprint attribute)
    legacy = orders_worker.parse_order({"messageId": "m-0", "body": _order("o-11")})
    legacy.pop("fingerprint", None)
    boto3.resource("dynamodb").Table("orders").put_item(Item=legacy)
    # WHEN the same order arrives again THEN success; a different one THEN an error
    orders_worker.store_order({"messageId": "m-1", "body": _order("o-11")})
    with pytest.raises(orders_worker.ConflictingOrder):
        orders_worker.store_order({"messageId": "m-2", "body": _order("o-11", quantity=3)})


# --- Powertools: one JSON log line per order, with the Lambda context ---------------------


@pytest.fixture
def log_lines(monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[dict[str, Any]]]:
    """The worker's Powertools log lines (its handler's stream, swapped for a buffer)."""
    buffer = io.StringIO()
    monkeypatch.setattr(orders_worker.logger.registered_handler, "stream", buffer)
    return lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_each_order_is_one_json_log_line_with_its_order_id_and_the_lambda_context(
    aws: dict[str, Any], log_lines: Callable[[], list[dict[str, Any]]]
) -> None:
    # GIVEN a good order and a bad one in one batch
    for body in (_order("o-20"), _order("o-21", quantity=0)):
        aws["sqs"].send_message(QueueUrl=aws["queue_url"], MessageBody=body)

    # WHEN the worker polls them
    response = _poll_once(aws)

    # THEN the bad one is still reported, alone (Powertools changes no behaviour) ...
    assert response is not None and len(response["batchItemFailures"]) == 1
    lines = {line["message"]: line for line in log_lines()}
    # ... the stored order is logged with its keys and the injected Lambda context ...
    stored = lines["order stored"]
    assert stored["level"] == "INFO"
    assert (stored["order_id"], stored["items"], stored["duplicate"]) == ("o-20", 1, False)
    assert stored["function_request_id"] == LambdaContext().aws_request_id
    assert {"message_id", "service", "cold_start", "timestamp"} <= set(stored)
    # ... and the rejected one with its reason, without the other order's keys
    rejected = lines["order rejected"]
    assert rejected["level"] == "WARNING"
    assert "quantity must be an integer" in rejected["reason"]
    assert "order_id" not in rejected
    assert rejected["message_id"] == response["batchItemFailures"][0]["itemIdentifier"]


def test_tracing_is_off_in_tests_and_the_handler_still_runs() -> None:
    # GIVEN no X-Ray daemon: tests/conftest.py sets POWERTOOLS_TRACE_DISABLED
    assert orders_worker.tracer.disabled
    # WHEN the traced handler gets an empty batch THEN it answers as before
    assert orders_worker.handler({"Records": []}, LambdaContext()) == {"batchItemFailures": []}
