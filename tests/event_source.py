"""The SQS event source mapping, played by the tests (moto runs no Lambda code)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LambdaContext:
    """What Lambda passes as ``context`` (the attributes Powertools' Logger reads)."""

    function_name: str = "test-function"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:test-function:live"
    aws_request_id: str = "00000000-0000-4000-8000-000000000000"


def poll_once(
    sqs: Any, queue_url: str, queue_arn: str, handler: Callable[[dict[str, Any], Any], Any]
) -> dict[str, Any] | None:
    """One poll: receive up to 10 messages, invoke ``handler`` with them as SQS records,
    delete the ones it did not report as failed and make the failed ones visible again at
    once (as after the visibility timeout). None when the queue had nothing."""
    messages = sqs.receive_message(
        QueueUrl=queue_url, MaxNumberOfMessages=10, AttributeNames=["All"]
    ).get("Messages", [])
    if not messages:
        return None
    event = {
        "Records": [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "attributes": m.get("Attributes", {}),
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
            }
            for m in messages
        ]
    }
    response: dict[str, Any] = handler(event, LambdaContext())
    failed = {f["itemIdentifier"] for f in response["batchItemFailures"]}
    for m in messages:
        if m["MessageId"] in failed:
            sqs.change_message_visibility(
                QueueUrl=queue_url, ReceiptHandle=m["ReceiptHandle"], VisibilityTimeout=0
            )
        else:
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=m["ReceiptHandle"])
    return response
