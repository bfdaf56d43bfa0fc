"""Fuzz of the demo's nightly report job (seeded, tests/runtime_fuzz.py), against moto S3.

Random schedule payloads: valid ones (any instant from year 1 to 9999 in any UTC offset,
either format, any Unicode execution id) must write the report of the UTC day before,
computed here from day ordinals rather than with ``astimezone``; the day before out of
0001-01-01..9999-12-30 and every other payload (fields missing, of a wrong type, odd
strings, not an object) must raise ``InvalidReportRequest`` and nothing else.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date
from typing import Any

import boto3
import pytest
import report_job
from moto import mock_aws

from tests.moto_support import fake_aws
from tests.runtime_fuzz import SEED, case, hostile, mutate, text

PAYLOADS = 300
BUCKET = "reports-fuzz"
LAST_DAY = date(9999, 12, 30).toordinal()  # the last day a report can cover
ODD_TIMES = (
    "",
    "Z",
    "2030-01-31",
    "2030-01-31T02:00:00",
    "2030-13-01T00:00:00Z",
    "2030-01-31T02:00:00+24:00",
    "2030-01-31T02:00:00ZZ",
    "2030-01-31T02:00:00\nZ",
    "\u0662030-01-31T02:00:00Z",
    "0000-12-31T00:00:00Z",
    "10000-01-01T00:00:00Z",
)


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    fake_aws(monkeypatch, REPORT_BUCKET=BUCKET)
    with mock_aws():
        client = boto3.client("s3")
        client.create_bucket(Bucket=BUCKET)
        monkeypatch.setattr(report_job, "_s3", None)
        yield client


def _scheduled(rng: random.Random) -> tuple[str, int | None]:
    """An ISO 8601 time with an offset, and the ordinal of the UTC day before it (None
    when that day is out of range)."""
    year = rng.choice((1, 2, 1970, 2030, 9999, rng.randint(1, 9999)))
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    if year in (1, 9999):
        month, day = rng.choice(((1, 1), (1, 2), (12, 30), (12, 31)))
    hour, minute = rng.randint(0, 23), rng.choice((0, 30, 59))
    offset = rng.choice((0, 0, 14 * 60, -12 * 60, 5 * 60 + 30, -(9 * 60 + 30)))  # minutes
    sign = "+" if offset >= 0 else "-"
    zone = "Z" if offset == 0 and rng.random() < 0.5 else f"{sign}{abs(offset) // 60:02d}:"
    zone += "" if zone == "Z" else f"{abs(offset) % 60:02d}"
    fraction = rng.choice(("", ".5", ".123456"))
    iso = f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00{fraction}{zone}"
    local_minutes = date(year, month, day).toordinal() * 1440 + hour * 60 + minute
    before = (local_minutes - offset) // 1440 - 1
    return iso, before if 1 <= before <= LAST_DAY else None


def _payload(rng: random.Random) -> tuple[Any, int | None]:
    """A payload and the ordinal of the day its report covers (None: it must raise)."""
    iso, before = _scheduled(rng)
    payload: dict[str, Any] = {"report": "daily-summary", "scheduled_time": iso}
    if rng.random() < 0.7:
        payload["format"] = rng.choice(("json", "csv"))
    if rng.random() < 0.7:
        payload["execution_id"] = text(rng).encode("utf-8", "ignore").decode()
    roll = rng.random()
    if roll < 0.15:
        payload["scheduled_time"] = rng.choice((*ODD_TIMES, text(rng)))
        return payload, None
    if roll < 0.3:
        return mutate(rng, payload, ("report", "format", "scheduled_time", "execution_id")), -1
    if roll < 0.35:
        return hostile(rng), None
    return payload, before


def _day(payload: dict[str, Any], ordinal: int) -> tuple[str, str]:
    day = date.fromordinal(ordinal)
    fmt = payload.get("format", "json")
    return f"reports/daily-summary/{day.year:04d}/{day.month:02d}/{day.day:02d}.{fmt}", fmt


def test_the_report_job_writes_the_right_report_or_raises_invalid_report_request(
    s3: Any,
) -> None:
    for index in range(PAYLOADS):
        payload, before = _payload(case(SEED, index))
        try:
            result = report_job.handler(payload, None)
        except report_job.InvalidReportRequest:
            assert before is None or before == -1, f"case {index}: a valid payload raised"
            continue
        assert before is not None, f"case {index}: {payload!r:.300} did not raise"
        if before == -1:  # a mutated payload may still be valid: the key must match it
            before = date.fromisoformat(result["key"][22:32].replace("/", "-")).toordinal()
        key, fmt = _day(payload, before)
        assert result == {"key": key}, f"case {index}"
        body = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read().decode()
        day = key[22:32].replace("/", "-")
        if fmt == "json":
            assert json.loads(body)["date"] == day, f"case {index}"
        else:  # the header, then the row: its first fields are report and date
            assert body.startswith("report,date,"), f"case {index}"
            assert f"\ndaily-summary,{day}," in body, f"case {index}"
