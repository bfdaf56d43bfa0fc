"""Upload processing worker: S3 notifications (through SQS) in, summaries out.

A text or CSV file uploaded under ``incoming/`` is summarised into
``processed/<name>.json`` in the same bucket (``incoming/sales/q1.csv`` ->
``processed/sales/q1.csv.json``): size, SHA-256, line and word counts, and for CSV files
(any line ending: ``\n``, ``\r\n`` or ``\r``; fields up to ``MAX_BYTES``) the columns, the
row count and each numeric column's minimum, maximum and mean (a column is numeric when
every cell is a finite decimal number; ``1_000`` is not one). The
version named by the event is read, so an upload replaced meanwhile is still summarised
as it was; writing the summary again (S3 and SQS deliver at least once) gives the same
object.

A file that cannot be summarised (not UTF-8, larger than ``MAX_BYTES``, a CSV row whose
width differs from the header, a CSV header naming a column twice, since the statistics
are keyed by name; a key outside ``incoming/``) raises: ``process_batch``
reports only that message, which SQS redelivers and then dead-letters for a human.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import math
from typing import Any

import boto3

from constructs_lib_runtime.s3_events import S3Object, for_each_s3_object
from constructs_lib_runtime.sqs_batch import process_batch

logger = logging.getLogger("uploads_worker")

INPUT_PREFIX = "incoming/"
OUTPUT_PREFIX = "processed/"
MAX_BYTES = 10 * 1024 * 1024  # larger files belong in a batch job, not a queue worker
_s3: Any = None

# A CSV field may be as large as the file (the csv module's default limit is 128 KiB)
csv.field_size_limit(MAX_BYTES)


class InvalidUpload(ValueError):
    """The upload can never be summarised as is; retrying will not help."""


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_batch(event, for_each_s3_object(summarise_upload), context)


def summarise_upload(upload: S3Object) -> str:
    """Reads the uploaded object, writes its summary; returns the summary's key."""
    name = output_name(upload.key)
    if upload.size is not None and upload.size > MAX_BYTES:
        raise InvalidUpload(f"{upload.key} has {upload.size} bytes; at most {MAX_BYTES}")
    version = {"VersionId": upload.version_id} if upload.version_id else {}
    response = s3().get_object(Bucket=upload.bucket, Key=upload.key, **version)
    data = response["Body"].read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InvalidUpload(f"{upload.key} has more than {MAX_BYTES} bytes")
    summary = {
        "source": upload.key,
        "version_id": upload.version_id,
        **summarise(upload.key, data),
    }
    key = f"{OUTPUT_PREFIX}{name}.json"
    s3().put_object(
        Bucket=upload.bucket,
        Key=key,
        Body=json.dumps(summary, indent=2, sort_keys=True, allow_nan=False).encode(),
        ContentType="application/json",
    )
    logger.info(json.dumps({"message": "summarised", "source": upload.key, "summary": key}))
    return key


def output_name(key: str) -> str:
    """The key's name below ``incoming/`` (which the summary's key repeats)."""
    name = key.removeprefix(INPUT_PREFIX)
    if name == key or not name or name.endswith("/"):
        raise InvalidUpload(f"{key!r} is not a file under {INPUT_PREFIX}")
    return name


def summarise(key: str, data: bytes) -> dict[str, Any]:
    """The summary of a text file (any name) or a CSV file (a ``.csv`` name)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidUpload(f"{key} is not UTF-8 text (byte {error.start})") from None
    summary: dict[str, Any] = {
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "lines": len(text.splitlines()),
        "words": len(text.split()),
    }
    if key.lower().endswith(".csv"):
        summary["csv"] = summarise_csv(key, text)
    return summary


def summarise_csv(key: str, text: str) -> dict[str, Any]:
    # newline=None: "\r" line endings (a "CSV (Macintosh)" export) read as lines too; the
    # csv module raises "new-line character seen in unquoted field" for them otherwise
    rows = list(csv.reader(io.StringIO(text, newline=None)))
    if not rows:
        raise InvalidUpload(f"{key} has no header row")
    header, body = rows[0], [row for row in rows[1:] if row]
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        names = ", ".join(repr(name) for name in repeated)
        raise InvalidUpload(f"{key} names the column {names} more than once in its header")
    for number, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise InvalidUpload(
                f"{key} row {number} has {len(row)} fields; the header has {len(header)}"
            )
    numeric: dict[str, dict[str, float]] = {}
    for index, column in enumerate(header):
        values = [_number(row[index]) for row in body]
        if body and all(value is not None for value in values):
            present = [value for value in values if value is not None]
            numeric[column] = {
                "min": min(present),
                "max": max(present),
                # each value divided first: the sum of two 1e308 is inf (not JSON)
                "mean": round(math.fsum(value / len(present) for value in present), 6),
            }
    return {"columns": header, "rows": len(body), "numeric": numeric}


def _number(value: str) -> float | None:
    if "_" in value:  # float() takes Python's digit separators ("1_000"); CSV means text
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def s3() -> Any:
    global _s3
    if _s3 is None:
        _s3 = boto3.client("s3")
    return _s3


__all__ = [
    "InvalidUpload",
    "handler",
    "output_name",
    "summarise",
    "summarise_csv",
    "summarise_upload",
]
