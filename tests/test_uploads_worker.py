"""The Uploads demo end to end against moto: upload -> S3's notification in the queue ->
the worker -> the summary object; a bad upload -> partial batch failure -> dead-letter queue.

moto does not run Lambda code, so the test plays the event source mapping (receive, invoke,
delete what the handler did not report, release the rest), as tests/test_orders_worker.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
import uploads_worker
from moto import mock_aws

from tests.event_source import poll_once
from tests.moto_support import fake_aws
from tests.s3_notifications import ACCOUNT, REGION, object_created_body, s3_test_event_body

BUCKET, MAX_RECEIVE_COUNT = "uploads", 3
CSV = b"region,units,price\nnorth,3,9.5\nsouth,5,10.5\n"


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    fake_aws(monkeypatch, REGION)
    with mock_aws():
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket=BUCKET)
        s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
        sqs = boto3.client("sqs")
        dlq_url = sqs.create_queue(QueueName="uploads-dlq")["QueueUrl"]
        dlq_arn = f"arn:aws:sqs:{REGION}:{ACCOUNT}:uploads-dlq"
        redrive = {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(MAX_RECEIVE_COUNT)}
        queue_url = sqs.create_queue(
            QueueName="uploads", Attributes={"RedrivePolicy": json.dumps(redrive)}
        )["QueueUrl"]
        monkeypatch.setattr(uploads_worker, "_s3", None)
        yield {"s3": s3, "sqs": sqs, "queue_url": queue_url, "dlq_url": dlq_url}


def _upload(aws: dict[str, Any], key: str, data: bytes) -> None:
    """Puts the object, then sends the message S3 sends for it into the queue."""
    put = aws["s3"].put_object(Bucket=BUCKET, Key=key, Body=data)
    body = object_created_body(
        BUCKET, key, size=len(data), etag=put["ETag"].strip('"'), version_id=put["VersionId"]
    )
    aws["sqs"].send_message(QueueUrl=aws["queue_url"], MessageBody=body)


def _poll_once(aws: dict[str, Any]) -> dict[str, Any] | None:
    """One event source mapping poll of the uploads queue (see tests/event_source.py)."""
    arn = f"arn:aws:sqs:{REGION}:{ACCOUNT}:uploads"
    return poll_once(aws["sqs"], aws["queue_url"], arn, uploads_worker.handler)


def _summary(aws: dict[str, Any], key: str) -> dict[str, Any]:
    body = aws["s3"].get_object(Bucket=BUCKET, Key=key)["Body"].read()
    return json.loads(body)  # type: ignore[no-any-return]


def _messages(aws: dict[str, Any], queue: str) -> list[str]:
    response = aws["sqs"].receive_message(QueueUrl=aws[queue], MaxNumberOfMessages=10)
    return [m["Body"] for m in response.get("Messages", [])]


def test_an_upload_is_summarised_into_processed(aws: dict[str, Any]) -> None:
    # GIVEN S3's test event (sent when the notification is configured), then an upload
    aws["sqs"].send_message(QueueUrl=aws["queue_url"], MessageBody=s3_test_event_body(BUCKET))
    _upload(aws, "incoming/sales/q1 2026.csv", CSV)

    # WHEN the worker polls
    response = _poll_once(aws)

    # THEN nothing failed (the test event is skipped), the summary is written ...
    assert response == {"batchItemFailures": []}
    summary = _summary(aws, "processed/sales/q1 2026.csv.json")
    assert summary["source"] == "incoming/sales/q1 2026.csv"
    assert summary["bytes"] == len(CSV) and summary["lines"] == 3
    assert summary["csv"] == {
        "columns": ["region", "units", "price"],
        "rows": 2,
        "numeric": {
            "units": {"min": 3.0, "max": 5.0, "mean": 4.0},
            "price": {"min": 9.5, "max": 10.5, "mean": 10.0},
        },
    }
    # ... and both messages are gone, none dead-lettered
    assert _messages(aws, "queue_url") == [] and _messages(aws, "dlq_url") == []


def test_the_version_named_by_the_event_is_summarised(aws: dict[str, Any]) -> None:
    # GIVEN an upload replaced before the worker ran
    _upload(aws, "incoming/notes.txt", b"first version here")
    aws["s3"].put_object(Bucket=BUCKET, Key="incoming/notes.txt", Body=b"second")
    # WHEN processed THEN the summary describes the version the event named
    _poll_once(aws)
    summary = _summary(aws, "processed/notes.txt.json")
    assert (summary["words"], summary["bytes"]) == (3, 18)


def test_a_bad_upload_is_reported_retried_then_dead_lettered(aws: dict[str, Any]) -> None:
    # GIVEN a good upload, a CSV whose row is wider than its header, and a malformed message
    _upload(aws, "incoming/good.txt", b"hello world")
    _upload(aws, "incoming/ragged.csv", b"a,b\n1,2,3\n")
    aws["sqs"].send_message(QueueUrl=aws["queue_url"], MessageBody='{"Records": "nope"}')

    # WHEN the worker polls the batch
    first = _poll_once(aws)

    # THEN only the two bad messages are reported; the good upload is summarised
    assert first is not None and len(first["batchItemFailures"]) == 2
    assert _summary(aws, "processed/good.txt.json")["words"] == 2

    # WHEN it keeps polling THEN both bad messages end in the dead-letter queue, no summary
    for _ in range(MAX_RECEIVE_COUNT + 2):
        _poll_once(aws)
    dead = _messages(aws, "dlq_url")
    assert len(dead) == 2 and '{"Records": "nope"}' in dead
    assert _messages(aws, "queue_url") == []
    listed = aws["s3"].list_objects_v2(Bucket=BUCKET, Prefix="processed/")["Contents"]
    assert [o["Key"] for o in listed] == ["processed/good.txt.json"]


def test_moto_s3_notifications_reach_the_worker(aws: dict[str, Any]) -> None:
    # GIVEN the bucket's notification configuration as the Uploads stack deploys it (moto
    # then sends the s3:TestEvent and an event per matching upload into the queue)
    queue_arn = f"arn:aws:sqs:{REGION}:{ACCOUNT}:uploads"
    aws["s3"].put_bucket_notification_configuration(
        Bucket=BUCKET,
        NotificationConfiguration={
            "QueueConfigurations": [
                {
                    "QueueArn": queue_arn,
                    "Events": ["s3:ObjectCreated:*"],
                    "Filter": {
                        "Key": {
                            "FilterRules": [
                                {"Name": "prefix", "Value": "incoming/"},
                                {"Name": "suffix", "Value": suffix},
                            ]
                        }
                    },
                }
                for suffix in (".csv", ".txt")
            ]
        },
    )
    aws["s3"].put_object(Bucket=BUCKET, Key="incoming/q2.csv", Body=CSV)
    aws["s3"].put_object(Bucket=BUCKET, Key="elsewhere/skip.csv", Body=CSV)

    # WHEN the worker drains the queue
    while _poll_once(aws) is not None:
        pass

    # THEN the matching upload is summarised, nothing failed
    assert _summary(aws, "processed/q2.csv.json")["csv"]["rows"] == 2
    assert _messages(aws, "dlq_url") == []


@pytest.mark.parametrize(
    ("key", "data", "message"),
    [
        ("incoming/a.txt", b"\xff\xfe", r"incoming/a.txt is not UTF-8 text \(byte 0\)"),
        ("incoming/a.csv", b"", r"incoming/a.csv has no header row"),
        ("incoming/a.csv", b"a,b\n1\n", r"row 2 has 1 fields; the header has 2"),
        # Proves (fuzz): the last of two columns of one name silently replaced the first's
        # statistics in the summary
        ("incoming/a.csv", b"n,x,n\n1,2,3\n", r"names the column 'n' more than once"),
        ("incoming/a.csv", b",,a\n1,2,3\n", r"names the column '' more than once"),
    ],
)
def test_unsummarisable_content_raises(key: str, data: bytes, message: str) -> None:
    with pytest.raises(uploads_worker.InvalidUpload, match=message):
        uploads_worker.summarise(key, data)


@pytest.mark.parametrize("key", ["processed/a.txt", "incoming/", "incoming/dir/", "a.txt"])
def test_keys_outside_incoming_are_rejected(key: str) -> None:
    with pytest.raises(uploads_worker.InvalidUpload, match="is not a file under incoming/"):
        uploads_worker.output_name(key)


def test_non_numeric_and_non_finite_columns_are_not_summarised() -> None:
    summary = uploads_worker.summarise("x.csv", b"name,ratio,n\nada,nan,1\nbob,2,2\n")
    assert summary["csv"]["numeric"] == {"n": {"min": 1.0, "max": 2.0, "mean": 1.5}}


def test_python_digit_separators_are_not_numbers() -> None:
    # Proves (fuzz): float("1_000") is 1000.0, so a column of codes such as 1_000 was
    # summarised as numbers
    summary = uploads_worker.summarise("x.csv", b"code,n\n1_000,1\n2_000,2\n")
    assert summary["csv"]["numeric"] == {"n": {"min": 1.0, "max": 2.0, "mean": 1.5}}


def test_a_csv_with_cr_line_endings_is_summarised() -> None:
    # Proves (fuzz): a "CSV (Macintosh)" export (lines ending in "\r") raised the csv
    # module's "new-line character seen in unquoted field": a good upload dead-lettered
    summary = uploads_worker.summarise("x.csv", b"region,units\rnorth,3\rsouth,5\r")
    assert summary["csv"] == {
        "columns": ["region", "units"],
        "rows": 2,
        "numeric": {"units": {"min": 3.0, "max": 5.0, "mean": 4.0}},
    }


def test_a_csv_field_over_128_kib_is_summarised() -> None:
    # Proves (fuzz): a field over the csv module's default limit (131072 characters)
    # raised "field larger than field limit": a good upload dead-lettered
    data = b"name,note\nada," + b"x" * 200_000 + b"\n"
    assert uploads_worker.summarise("x.csv", data)["csv"]["rows"] == 1


def test_the_mean_of_huge_numbers_is_finite_and_the_summary_is_json() -> None:
    # Proves (fuzz): the mean of 1e308 and 1.7e308 was inf (their sum overflows), written
    # as Infinity: the summary was not JSON, and the upload counted as a success
    summary = uploads_worker.summarise("x.csv", b"v\n1e308\n1.7e308\n")
    assert summary["csv"]["numeric"]["v"] == {"min": 1e308, "max": 1.7e308, "mean": 1.35e308}
    json.dumps(summary, allow_nan=False)
