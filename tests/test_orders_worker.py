"""Nothing is lost: a poison message is reported, retried, then dead-lettered (moto SQS).

moto does not run Lambda code, so the test plays the event source mapping: it receives
real messages from the moto queue, calls the handler with them as SQS records, deletes
the messages the handler did not report, and lets the failed ones become visible again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import orders_worker
import pytest
from moto import mock_aws

from constructs_lib_runtime.sqs_batch import process_batch

MAX_RECEIVE_COUNT = 3


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    for name, value in {
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }.items():
        monkeypatch.setenv(name, value)
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
        dynamodb = boto3.client("dynamodb")
        dynamodb.create_table(
            TableName="orders",
            KeySchema=[{"AttributeName": "order_id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "order_id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        monkeypatch.setenv("ORDERS_TABLE", "orders")
        monkeypatch.setattr(orders_worker, "_table", None)
        yield {"sqs": sqs, "queue_url": queue_url, "dlq_url": dlq_url, "queue_arn": dlq_arn}


def _order(order_id: str, quantity: object = 1) -> str:
    return json.dumps(
        {"order_id": order_id, "customer": "ada", "items": [{"sku": "A-1", "quantity": quantity}]}
    )


def _poll_once(aws: dict[str, Any]) -> dict[str, Any] | None:
    """One event source mapping poll: receive, invoke, delete successes, release failures."""
    sqs = aws["sqs"]
    messages = sqs.receive_message(
        QueueUrl=aws["queue_url"], MaxNumberOfMessages=10, AttributeNames=["All"]
    ).get("Messages", [])
    if not messages:
        return None
    arn = aws["queue_arn"].replace("orders-dlq", "orders")
    event = {
        "Records": [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "attributes": m.get("Attributes", {}),
                "eventSource": "aws:sqs",
                "eventSourceARN": arn,
            }
            for m in messages
        ]
    }
    response = orders_worker.handler(event, None)
    failed = {f["itemIdentifier"] for f in response["batchItemFailures"]}
    for m in messages:
        if m["MessageId"] in failed:  # visible again at once, as after the timeout
            sqs.change_message_visibility(
                QueueUrl=aws["queue_url"], ReceiptHandle=m["ReceiptHandle"], VisibilityTimeout=0
            )
        else:
            sqs.delete_message(QueueUrl=aws["queue_url"], ReceiptHandle=m["ReceiptHandle"])
    return response


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
    ],
)
def test_invalid_orders_are_rejected_with_a_reason(body: str, message: str) -> None:
    with pytest.raises(orders_worker.InvalidOrder, match=message):
        orders_worker.parse_order({"messageId": "m", "body": body})


def test_process_batch_on_fifo_fails_the_rest_of_the_batch_after_a_failure() -> None:
    # GIVEN a FIFO batch whose second record fails
    arn = "arn:aws:sqs:us-east-1:123456789012:q.fifo"
    records = [{"messageId": str(i), "body": str(i), "eventSourceARN": arn} for i in range(4)]

    def handle(record: dict[str, Any]) -> None:
        if record["body"] == "1":
            raise ValueError("boom")

    # THEN later records are reported too, to keep the group's order
    result = process_batch({"Records": records}, handle)
    assert result == {"batchItemFailures": [{"itemIdentifier": i} for i in ("1", "2", "3")]}
