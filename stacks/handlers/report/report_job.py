"""Nightly report job: EventBridge Scheduler's fixed payload in, one report object in S3.

The event is the schedule's payload::

    {"report": "daily-summary",                  # required, one of REPORTS
     "format": "json" | "csv",                   # optional, default "json"
     "scheduled_time": "2030-01-31T02:00:00Z",   # optional, <aws.scheduler.scheduled-time>
     "execution_id": "..."}                      # optional, <aws.scheduler.execution-id>

The report covers the UTC calendar day before ``scheduled_time`` (default: now) and is
written to ``s3://$REPORT_BUCKET/reports/<report>/<yyyy>/<mm>/<dd>.<format>``. The key
depends only on the payload, so a retried or redriven run overwrites its own report
(the bucket is versioned) instead of writing a second one.

``<yyyy>`` always has four digits (``0001``), so keys sort by date.

A payload the job cannot run raises ``InvalidReportRequest``: an event that is not an
object, an unknown report or format (including non-strings), a ``scheduled_time`` that
is not a string, not ISO 8601 in the extended format (``ISO_8601``), without a time
zone or out of range (the day before it, in UTC, must lie in 0001-01-01..9999-12-30), an
``execution_id`` that is not a string of valid Unicode. No other exception (TypeError,
OverflowError, ...) comes from the payload. Raising is deliberate: the invocation is
asynchronous, so there is no caller to return an error to. Raising fails the run; Lambda
retries it and then sends an invocation record with this error message to the job's
dead-letter queue, where an alarm or an operator finds it. Returning an error result
instead would count as a success and the report would be missing silently.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import boto3

logger = logging.getLogger()
logger.setLevel(logging.INFO)

#: ISO 8601 dates and times in the extended format: ``2030-01-31``, ``2030-01-31T02:00Z``,
#: ``2030-01-31 02:00:00.5+01:00``. Python 3.11's ``datetime.fromisoformat`` also accepts
#: one stray character before the offset (``"02:00:00\n+00:00"``), which this refuses.
ISO_8601 = re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"(?:[T ]\d{2}(?::\d{2}(?::\d{2}(?:[.,]\d+)?)?)?"
    r"(?:Z|[+-]\d{2}(?::?\d{2}(?::?\d{2}(?:\.\d+)?)?)?)?)?",
    re.ASCII,
)
PREFIX = "reports"
FORMATS = {"json": "application/json", "csv": "text/csv"}
_s3: Any = None


class InvalidReportRequest(ValueError):
    """The payload can never produce a report as is; fix the schedule's payload."""


def daily_summary(day: date, event: dict[str, Any]) -> dict[str, Any]:
    start = datetime.combine(day, time(), tzinfo=UTC)
    return {
        "report": "daily-summary",
        "date": day.isoformat(),
        "period_start": start.isoformat(),
        "period_end": (start + timedelta(days=1)).isoformat(),
        "scheduled_time": event.get("scheduled_time"),
        "execution_id": event.get("execution_id"),
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


#: Report name -> function building its (flat) record for a day.
REPORTS: dict[str, Callable[[date, dict[str, Any]], dict[str, Any]]] = {
    "daily-summary": daily_summary,
}


def handler(event: Any, context: Any) -> dict[str, str]:
    report, fmt, day = parse_request(event)
    record = REPORTS[report](day, event)
    key = report_key(report, day, fmt)
    client().put_object(
        Bucket=os.environ["REPORT_BUCKET"],
        Key=key,
        Body=render(record, fmt).encode(),
        ContentType=FORMATS[fmt],
    )
    logger.info("report written", extra={"report": report, "key": key})
    return {"key": key}


def parse_request(event: Any) -> tuple[str, str, date]:
    """(report, format, day covered) from the payload, or InvalidReportRequest."""
    if not isinstance(event, dict):
        raise InvalidReportRequest("the event must be a JSON object")
    report = event.get("report")
    if not isinstance(report, str) or report not in REPORTS:
        raise InvalidReportRequest(
            f"unknown report {report!r}; expected one of {', '.join(sorted(REPORTS))}"
        )
    fmt = event.get("format", "json")
    if not isinstance(fmt, str) or fmt not in FORMATS:
        raise InvalidReportRequest(
            f"unknown format {fmt!r}; expected one of {', '.join(sorted(FORMATS))}"
        )
    execution_id = event.get("execution_id")
    if execution_id is not None:
        if not isinstance(execution_id, str):
            raise InvalidReportRequest(
                f"execution_id must be a string, got {type(execution_id).__name__}"
            )
        _check_unicode("execution_id", execution_id)
    scheduled = event.get("scheduled_time")
    if scheduled is None:
        return report, fmt, datetime.now(UTC).date() - timedelta(days=1)
    if not isinstance(scheduled, str):
        raise InvalidReportRequest(
            f"scheduled_time must be a string, got {type(scheduled).__name__}"
        )
    try:
        if not ISO_8601.fullmatch(scheduled):  # fromisoformat takes "...02:00:00X+00:00"
            raise ValueError(scheduled)
        when = datetime.fromisoformat(scheduled.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidReportRequest(
            f"scheduled_time {scheduled!r} is not an ISO 8601 time"
        ) from None
    if when.tzinfo is None:
        raise InvalidReportRequest(f"scheduled_time {scheduled!r} has no time zone")
    try:
        day = when.astimezone(UTC).date() - timedelta(days=1)
        datetime.combine(day, time(), tzinfo=UTC) + timedelta(days=1)  # the period's end
    except OverflowError:
        raise InvalidReportRequest(
            f"scheduled_time {scheduled!r} is out of range: the day before it (UTC) must be "
            "from 0001-01-01 to 9999-12-30"
        ) from None
    return report, fmt, day


def _check_unicode(name: str, value: str) -> None:
    try:
        value.encode("utf-8")  # JSON "\ud800" decodes to a lone surrogate
    except UnicodeEncodeError:
        raise InvalidReportRequest(f"{name} must be valid Unicode") from None


def report_key(report: str, day: date, fmt: str) -> str:
    # Not strftime's %Y: it gives "1", not "0001", for the year 1 on Linux.
    return f"{PREFIX}/{report}/{day.year:04d}/{day.month:02d}/{day.day:02d}.{fmt}"


def render(record: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(record, indent=2) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(record), lineterminator="\n")
    writer.writeheader()
    writer.writerow(record)
    return out.getvalue()


def client() -> Any:
    global _s3
    if _s3 is None:
        _s3 = boto3.client("s3")
    return _s3


__all__ = ["REPORTS", "InvalidReportRequest", "handler", "parse_request", "render", "report_key"]
