"""Fuzz of constructs_lib_runtime (seeded, tests/runtime_fuzz.py): hostile SQS events and
S3 notifications through ``process_batch``, ``json_body`` and ``s3_objects``.

Each case is checked against a model of the documented contract: exactly the failed
records (and, on FIFO queues, their groups' later records; after a BaseException, every
record not yet done) are reported, each record is attempted at most once, and an event
that cannot be reported record by record raises ``MalformedBatchError`` before any record
is attempted. Anything else (another exception, a good message reported, a failed one
not reported, a record attempted twice) is a bug.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from constructs_lib_runtime.s3_events import (
    MalformedS3Event,
    S3Object,
    for_each_s3_object,
    s3_objects,
)
from constructs_lib_runtime.sqs_batch import MalformedBatchError, json_body, process_batch
from tests.runtime_fuzz import SEED, case, hostile, json_text, mutate, text, value
from tests.s3_notifications import (
    object_created_body,
    raw_sqs_record,
    s3_test_event_body,
)

BATCHES, BODIES, S3_MESSAGES = 1000, 400, 1000
FIFO_ARN = "arn:aws:sqs:us-east-1:123456789012:q.fifo"


class Stop(BaseException):
    """A BaseException of the user's (not an Exception)."""


#: What the callback does with a record, by its "fate" field; None = success.
FATES: dict[str, BaseException | None] = {
    "ok": None,
    "error": ValueError("bad message"),
    "recursion": RecursionError("deep"),
    "exit": SystemExit(3),
    "cancelled": asyncio.CancelledError(),
    "generator_exit": GeneratorExit(),
    "stop": Stop(),
}
STOPPING = ("exit", "cancelled", "generator_exit", "stop")


@pytest.fixture(autouse=True)
def _quiet(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    # every failed record is logged with its traceback: thousands of lines, no signal
    with caplog.at_level(logging.CRITICAL):
        yield


def _record(rng: random.Random, index: int, fifo: bool) -> Any:
    fate = rng.choice(("ok", "ok", "ok", "error", "recursion")) if rng.random() < 0.97 else None
    record: dict[str, Any] = {
        "messageId": f"m-{index}" if rng.random() < 0.9 else rng.choice(("m-0", "m-1")),
        "receiptHandle": "h",
        "body": json_text(rng),
        "attributes": {"ApproximateReceiveCount": "1"},
        "eventSource": "aws:sqs",
        "eventSourceARN": FIFO_ARN if fifo else "arn:aws:sqs:us-east-1:123456789012:q",
        "fate": fate or rng.choice(STOPPING),
    }
    if fifo:
        record["attributes"]["MessageGroupId"] = rng.choice(("A", "B", "C"))
    if rng.random() < 0.08:
        record = mutate(rng, record, ("messageId", "body", "attributes", "eventSourceARN"))
    if rng.random() < 0.15:
        record["attributes"] = {"MessageGroupId": hostile(rng)}
    roll = rng.random()
    if roll < 0.01:
        return hostile(rng)  # not a record at all
    if roll < 0.03:
        return _ReadOnly(record)  # a Mapping that is not a dict
    return record


class _ReadOnly(Mapping[str, Any]):
    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def _event(rng: random.Random) -> Any:
    fifo = rng.random() < 0.4
    records = [_record(rng, index, fifo) for index in range(rng.randint(0, 10))]
    roll = rng.random()
    if roll < 0.03:
        return hostile(rng)
    if roll < 0.06:
        return {"Records": rng.choice((None, "Records", 5, {"0": records[:1]}, tuple(records)))}
    if roll < 0.08:
        return {}
    return {"Records": records, "extra": value(rng)}


def _expected(event: Any) -> tuple[list[str], list[int]] | None:
    """The documented outcome: (reported ids, attempted record indexes), None = raises."""
    if not isinstance(event, Mapping) or (event and "Records" not in event):
        return None  # not an SQS event: {} alone is an empty batch
    records = event.get("Records", [])
    if not isinstance(records, (list, tuple)):
        return None
    if not all(
        isinstance(r, Mapping) and isinstance(r.get("messageId"), str) and r["messageId"]
        for r in records
    ):
        return None
    failed: list[str] = []
    attempted: list[int] = []
    stopped: set[object] = set()
    for index, record in enumerate(records):
        group: object = None
        arn = record.get("eventSourceARN")
        if isinstance(arn, str) and arn.endswith(".fifo"):
            attributes = record.get("attributes")
            group_id = attributes.get("MessageGroupId") if isinstance(attributes, Mapping) else None
            group = ("group", group_id if isinstance(group_id, str) else None)
        if group is not None and group in stopped:
            failed.append(record["messageId"])
            continue
        attempted.append(index)
        fate = record.get("fate")
        if fate in STOPPING:
            failed += [rest["messageId"] for rest in records[index:]]
            break
        if FATES.get(fate) is not None:
            failed.append(record["messageId"])
            if group is not None:
                stopped.add(group)
    return list(dict.fromkeys(failed)), attempted


def _run(event: Any) -> tuple[list[str], list[int]] | None:
    attempted: list[int] = []
    positions = {}
    if isinstance(event, Mapping) and isinstance(event.get("Records"), (list, tuple)):
        positions = {id(r): i for i, r in enumerate(event["Records"])}

    def handle(record: dict[str, Any]) -> None:
        attempted.append(positions.get(id(record), -1))
        error = FATES.get(record.get("fate"))  # type: ignore[arg-type]
        if error is not None:
            raise error

    try:
        response = process_batch(event, handle)
    except MalformedBatchError:
        assert attempted == [], "MalformedBatchError after a record was attempted"
        return None
    assert set(response) == {"batchItemFailures"}
    return [f["itemIdentifier"] for f in response["batchItemFailures"]], attempted


def _copied(event: Mapping[str, Any]) -> bool:
    """Whether a record is a Mapping that is not a dict (handed to the callback as a copy)."""
    return any(not isinstance(record, dict) for record in event.get("Records", []))


def test_process_batch_reports_exactly_the_failed_records() -> None:
    for index in range(BATCHES):
        event = _event(case(SEED, index))
        expected = _expected(event)
        got = _run(event)
        if expected is not None and got is not None and _copied(event):
            # a Mapping record is handed over as a copy: compare the reported ids only
            expected, got = (expected[0], []), (got[0], [])
        assert got == expected, f"case {index}"


def test_json_body_returns_json_or_raises_value_error() -> None:
    for index in range(BODIES):
        rng = case(SEED, index)
        body = json_text(rng) if rng.random() < 0.8 else hostile(rng)
        record = {"messageId": "m", "body": body} if rng.random() < 0.95 else {"messageId": "m"}
        # the documented error: ValueError (JSONDecodeError, UnicodeDecodeError, ...)
        try:
            parsed = json_body(record)
        except ValueError:
            assert "body" not in record or not _is_json(record["body"]), f"case {index}"
            continue
        # THEN what it returns is the body's JSON, which JSON can hand on as it is
        assert parsed == json.loads(_text(record["body"]).removeprefix(BOM)), f"case {index}"
        assert json.loads(json.dumps(parsed, allow_nan=False)) == parsed, f"case {index}"


#: A byte order mark, which json_body skips before the JSON (as a UTF-8-sig reader does).
BOM = "\ufeff"


def _is_json(body: object) -> bool:
    """Whether ``body`` is a text of JSON a strict parser takes whole (no NaN, no
    Infinity, no number beyond a float's range, no lone surrogate), after any BOM."""
    if not isinstance(body, (str, bytes, bytearray)):
        return False
    try:
        value = json.loads(_text(body).removeprefix(BOM), parse_constant=_refuse)
        json.dumps(value, allow_nan=False, ensure_ascii=False).encode()
    except (ValueError, RecursionError):  # UnicodeEncodeError is a ValueError
        return False
    return True


def _text(body: str | bytes | bytearray) -> str:
    """``body`` as text (json_body takes a body of UTF-8 bytes too)."""
    return body if isinstance(body, str) else bytes(body).decode("utf-8")


def _refuse(name: str) -> object:
    raise ValueError(name)


# --- S3 event notifications ----------------------------------------------------------------

KEYS = ("incoming/a.csv", "a b+c", "é/😀.txt", "%41", "100%", "a+b%20c", "k?x=1&y", "  ", "~")
S3_FIELDS = ("eventSource", "eventName", "s3", "eventTime")
OBJECT_FIELDS = ("key", "size", "versionId", "eTag", "sequencer")


def _s3_body(rng: random.Random) -> tuple[str, list[str] | None]:
    """A message body and the keys it holds (None: documented to be malformed or unknown)."""
    roll = rng.random()
    if roll < 0.1:
        # any text S3 could name a bucket by (never an ARN, URL or path: the builder refuses)
        bucket = "".join(c for c in text(rng)[:20] if c not in ":/ ")
        return s3_test_event_body(bucket or "b"), []
    if roll < 0.2:
        return json_text(rng), None
    if roll < 0.25:  # an S3 event through SNS, an EventBridge S3 event: not this format
        return rng.choice((_sns_envelope(), _eventbridge_s3_event())), None
    keys = [
        rng.choice(KEYS) + text(rng)[:8].replace("\ud800", "") for _ in range(rng.randint(1, 3))
    ]
    keys = [key.encode("utf-8", "ignore").decode() for key in keys]
    records = [json.loads(object_created_body("b", key, size=7))["Records"][0] for key in keys]
    if rng.random() < 0.4:
        record = rng.choice(records)
        if rng.random() < 0.3:  # a key S3 would have encoded: "%E9" is no UTF-8
            record["s3"]["object"]["key"] = text(rng)
        elif rng.random() < 0.5:
            record["s3"]["object"] = mutate(
                rng, record["s3"]["object"], OBJECT_FIELDS, jsonable=True
            )
        else:
            mutated = mutate(rng, record, S3_FIELDS, jsonable=True)
            record.clear()
            record.update(mutated)
        return json.dumps({"Records": records}), None
    if rng.random() < 0.1:
        records.append(hostile(rng, jsonable=True))
        return json.dumps({"Records": records}), None
    return json.dumps({"Records": records}), keys


def _sns_envelope() -> str:
    message = object_created_body("b", "incoming/a.csv", size=1)
    return json.dumps({"Type": "Notification", "TopicArn": "arn:aws:sns:x", "Message": message})


def _eventbridge_s3_event() -> str:
    detail = {"bucket": {"name": "b"}, "object": {"key": "incoming/a.csv", "size": 1}}
    return json.dumps({"source": "aws.s3", "detail-type": "Object Created", "detail": detail})


def _checked_objects(body: Any) -> list[S3Object] | None:
    """The objects of a body; None when MalformedS3Event is raised. Asserts their types."""
    try:
        objects = list(s3_objects(raw_sqs_record(body)))
    except MalformedS3Event:
        return None
    for obj in objects:
        assert isinstance(obj.bucket, str) and obj.bucket
        assert isinstance(obj.key, str) and obj.key and "\ufffd" not in obj.key
        obj.key.encode("utf-8")  # valid Unicode: S3 keys are UTF-8
        assert obj.size is None or (type(obj.size) is int)
        for optional in (obj.version_id, obj.etag, obj.sequencer, obj.event_time):
            assert optional is None or (isinstance(optional, str) and optional)
    return objects


def test_s3_objects_decode_every_key_or_raise_malformed_s3_event() -> None:
    for index in range(S3_MESSAGES):
        rng = case(SEED, index)
        body, keys = _s3_body(rng) if rng.random() < 0.95 else (hostile(rng), None)
        objects = _checked_objects(body)
        if keys is not None:
            assert objects is not None, f"case {index}: a good message is malformed"
            assert [o.key for o in objects] == keys, f"case {index}"
            assert all(o.size == 7 for o in objects)


def test_for_each_s3_object_reports_exactly_the_messages_that_failed() -> None:
    for index in range(S3_MESSAGES // 10):
        rng = case(SEED, index)
        bodies = [_s3_body(rng)[0] for _ in range(rng.randint(1, 10))]
        poison = {key for key in KEYS if rng.random() < 0.2}
        expected = []
        for number, body in enumerate(bodies):
            objects = _checked_objects(body)
            if objects is None or any(o.key.startswith(tuple(poison)) for o in objects):
                expected.append({"itemIdentifier": f"m-{number}"})

        def handle(obj: S3Object, poison: tuple[str, ...] = tuple(poison)) -> None:
            if obj.key.startswith(poison):
                raise RuntimeError("poison")

        event = {"Records": [raw_sqs_record(body, f"m-{n}") for n, body in enumerate(bodies)]}
        got = process_batch(event, for_each_s3_object(handle))
        assert got == {"batchItemFailures": expected}, f"case {index}"
