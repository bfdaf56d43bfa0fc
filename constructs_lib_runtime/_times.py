"""The times the builders of :mod:`constructs_lib_runtime.testing` take, one way for every
builder: ISO 8601 text, as AWS sends it (``"2026-05-04T09:00:00Z"``), or a datetime with a
time zone; each written as AWS writes an event's times (UTC, to the second, ``Z``)."""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["aws_time", "utc_instant"]


def utc_instant(call: str, subject: str, value: object, example: str) -> datetime:
    """``value`` (ISO 8601 text or an aware datetime) in UTC, for the message ``f"{call}:
    {subject} {value!r}"``. A time without a zone is refused rather than read as UTC or as
    the machine's: either guess would shift a test's event by hours on some machine."""
    given = value
    if isinstance(value, str):
        try:  # (RFC 3339 lets its 'T' and 'Z' be lower case, as some loggers write them)
            value = datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(
                f"{call}: {subject} {given!r}, no ISO 8601 time. Fix: pass one, e.g. {example}"
            ) from None
    if not isinstance(value, datetime):
        raise TypeError(
            f"{call}: {subject} {given!r}, neither ISO 8601 text nor a datetime with a time "
            f"zone. Fix: pass one, e.g. {example}"
        )
    if value.utcoffset() is None:
        fix = (
            f"write its zone, e.g. {aws_time(value.replace(tzinfo=UTC))!r} for UTC"
            if isinstance(given, str)
            else "attach one: value.replace(tzinfo=UTC) for a UTC time, value.astimezone() "
            "for the machine's local time"
        )
        raise TypeError(
            f"{call}: {subject} {given!r}, a time without a time zone; AWS writes its times "
            f"in UTC, and which zone this one is in is not known. Fix: {fix}"
        )
    return value.astimezone(UTC)


def aws_time(instant: datetime) -> str:
    """``instant`` (aware) as AWS writes an event's time: UTC, to the second, ``Z``."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
