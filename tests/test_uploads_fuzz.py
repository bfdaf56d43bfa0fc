"""Fuzz of the demo's upload worker (seeded, tests/runtime_fuzz.py), against moto S3.

Random batches of S3 notifications for random uploads (text, CSV with odd cells, line
endings, a byte-order mark, huge fields, ragged rows; bytes that are not UTF-8; keys
inside and outside ``incoming/``; a declared size over the limit) and messages that are
not S3 events. Exactly the messages the module's docstring says cannot be summarised
must be reported, and every other upload must get a summary that is valid JSON (no
NaN/Infinity) describing it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import random
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
import uploads_worker
from moto import mock_aws

from tests.moto_support import fake_aws
from tests.runtime_fuzz import SEED, case, json_text, text
from tests.s3_notifications import REGION, object_created_body, raw_sqs_record, s3_test_event_body

BATCHES = 40
BUCKET = "uploads"
CELLS = ("1", "-2.5", "1e308", "-1e308", "nan", "inf", " 3 ", "1_000", "", "a,b", 'q"t', "x\ry")
NAMES = ("a.csv", "sales/q1 2026.CSV", "é😀.txt", "x+y.csv", "%41.txt", "notes", "dir/", "")


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> Iterator[Any]:
    fake_aws(monkeypatch, REGION)
    caplog.set_level(logging.CRITICAL)  # a line (and traceback) per upload
    with mock_aws():
        client = boto3.client("s3")
        client.create_bucket(Bucket=BUCKET)
        client.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
        monkeypatch.setattr(uploads_worker, "_s3", None)
        yield client


def _cell(rng: random.Random, numeric: bool) -> str:
    roll = rng.random()
    if numeric:  # a column of numbers (huge ones: their sum overflows)
        return rng.choice(("1", "-2.5", "1e308", "1.7e308", "-1e308", " 3 ", "0", "1_000"))
    if roll < 0.6:
        return rng.choice(CELLS)
    if roll < 0.98:
        return text(rng)[:30].encode("utf-8", "ignore").decode()
    return "x" * 200_000  # a cell larger than the csv module's default field limit


def _csv(rng: random.Random) -> tuple[str, list[list[str]]]:
    """CSV text and its rows as written (the header first)."""
    width = rng.randint(0, 4)
    header = rng.sample(("region", "units", "é", "", "a,b"), width)
    if width > 1 and rng.random() < 0.1:
        header[-1] = header[0]  # a column named twice
    rows = [header]
    numeric = rng.random() < 0.3
    for _ in range(rng.randint(0, 6)):
        ragged = rng.random() < 0.08
        cells = width + rng.choice((-1, 1)) if ragged and width else width
        rows.append([_cell(rng, numeric) for _ in range(cells)])
        if rng.random() < 0.1:
            rows.append([])  # a blank line
    # A line break in a field must be quoted (RFC 4180); the csv module quotes only the
    # characters of its lineterminator
    breaks = any("\r" in cell or "\n" in cell for row in rows for cell in row)
    quoting = csv.QUOTE_ALL if breaks or rng.random() < 0.2 else csv.QUOTE_MINIMAL
    out = io.StringIO(newline="")
    # "\r": the line endings of a "CSV (Macintosh)" export
    terminator = rng.choice(("\n", "\r\n", "\r"))
    csv.writer(out, lineterminator=terminator, quoting=quoting).writerows(rows)
    return out.getvalue(), rows


def _upload(rng: random.Random, name: str) -> tuple[bytes, list[list[str]] | None]:
    """The uploaded bytes and, for a CSV, its rows (None: not a CSV or not UTF-8 text)."""
    if rng.random() < 0.15:  # 0xff is never UTF-8
        return b"\xff" + bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 50))), None
    if name.lower().endswith(".csv"):
        content, rows = _csv(rng)
        bom = "\ufeff" if rng.random() < 0.1 else ""
        return (bom + content).encode(), rows
    return text(rng).encode("utf-8", "ignore"), None


def _summarisable(key: str, data: bytes, rows: list[list[str]] | None, size: int) -> bool:
    """The rules of uploads_worker's docstring, read independently of the code."""
    name = key.removeprefix("incoming/")
    if name == key or not name or name.endswith("/") or size > uploads_worker.MAX_BYTES:
        return False
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if not key.lower().endswith(".csv"):
        return True
    header, body = (rows or [[]])[0], (rows or [])[1:]
    return (
        bool(data)
        and len(set(header)) == len(header)
        and all(len(row) == len(header) for row in body if row)
    )


def _message(rng: random.Random, s3: Any, where: str) -> tuple[str, Any]:
    """A message body and what the summary must be (None: the message must be reported)."""
    roll = rng.random()
    if roll < 0.05:
        return s3_test_event_body(BUCKET), "no summary"
    if roll < 0.1:
        return json_text(rng), None
    name = rng.choice(NAMES)
    key = f"incoming/{where}/{name}" if rng.random() < 0.9 else f"{where}/{name or 'x'}"
    data, rows = _upload(rng, name)
    put = s3.put_object(Bucket=BUCKET, Key=key, Body=data)
    size = rng.choice((len(data), len(data), uploads_worker.MAX_BYTES + 1))
    body = object_created_body(BUCKET, key, size=size, version_id=put["VersionId"])
    if not _summarisable(key, data, rows, size):
        return body, None
    csv_rows = None if rows is None else len([row for row in rows[1:] if row])
    return body, (key, data, csv_rows)


def _strict_json(raw: bytes) -> Any:
    def refuse(constant: str) -> Any:
        raise AssertionError(f"the summary holds {constant}: not JSON")

    return json.loads(raw, parse_constant=refuse)


def test_the_upload_worker_reports_exactly_the_uploads_it_cannot_summarise(s3: Any) -> None:
    for index in range(BATCHES):
        rng = case(SEED, index)
        messages = [_message(rng, s3, f"c{index}-{n}") for n in range(rng.randint(1, 4))]
        records = [raw_sqs_record(body, f"m-{n}") for n, (body, _) in enumerate(messages)]
        event = {"Records": records}
        response = uploads_worker.handler(event, None)
        expected = [
            {"itemIdentifier": f"m-{n}"} for n, (_, want) in enumerate(messages) if not want
        ]
        assert response == {"batchItemFailures": expected}, f"case {index}"
        for want in (want for _, want in messages if isinstance(want, tuple)):
            key, data, csv_rows = want
            name = key.removeprefix("incoming/")
            stored = s3.get_object(Bucket=BUCKET, Key=f"processed/{name}.json")["Body"].read()
            summary = _strict_json(stored)
            assert summary["source"] == key, f"case {index}"
            assert summary["bytes"] == len(data)
            assert summary["sha256"] == hashlib.sha256(data).hexdigest()
            if csv_rows is not None:
                assert summary["csv"]["rows"] == csv_rows, f"case {index}: {key}"
