"""The testing builders' times, one way for all of them: ISO 8601 text as AWS sends it or a
datetime with a time zone, written as AWS writes an event's time (UTC, to the second, Z); a
time without a zone refused with its fix. Proves (fix43): eventbridge_event(time=...)
refused a datetime (TypeError: pass ISO text) while stream_event(window=...) took one."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from constructs_lib_runtime.testing import eventbridge_event, stream_event

_LATER = "2030-01-01T00:00:00Z"

#: Each builder's time argument, and the time its event carries for it.
BUILDERS: dict[str, Callable[[object], str]] = {
    "eventbridge_event(time=)": lambda t: eventbridge_event("s", "T", time=t)["time"],  # type: ignore[arg-type]
    "stream_event(window=)": lambda t: stream_event(window=(t, _LATER))["window"]["start"],  # type: ignore[arg-type]
}
BERLIN_SUMMER = timezone(timedelta(hours=2))


@pytest.mark.parametrize("builder", BUILDERS.values(), ids=list(BUILDERS))
@pytest.mark.parametrize(
    "given",
    [
        "2026-05-04T09:00:01Z",  # as EventBridge and Lambda write it: unchanged
        "2026-05-04T09:00:01+00:00",
        "2026-05-04T11:00:01+02:00",
        "2026-05-04T09:00:01.750Z",  # an event's time is to the second
        "2026-05-04t09:00:01z",  # RFC 3339's lower case (sweep43: no ISO 8601 time)
        "2026-05-04 11:00:01.5+02:00",
        datetime(2026, 5, 4, 9, 0, 1, tzinfo=UTC),
        datetime(2026, 5, 4, 11, 0, 1, 999999, tzinfo=BERLIN_SUMMER),
    ],
    ids=repr,
)
def test_every_builder_takes_iso_text_and_aware_datetimes_alike(
    builder: Callable[[object], str], given: object
) -> None:
    assert builder(given) == "2026-05-04T09:00:01Z"


@pytest.mark.parametrize(("name", "builder"), BUILDERS.items(), ids=list(BUILDERS))
@pytest.mark.parametrize(
    ("given", "error", "message"),
    [
        (
            datetime(2026, 5, 4, 9, 0, 1),
            TypeError,
            "a time without a time zone; AWS writes its times in UTC, and which zone this one "
            "is in is not known. Fix: attach one: value.replace(tzinfo=UTC) for a UTC time, "
            "value.astimezone() for the machine's local time",
        ),
        (
            "2026-05-04T09:00:01",
            TypeError,
            "a time without a time zone; AWS writes its times in UTC, and which zone this one "
            "is in is not known. Fix: write its zone, e.g. '2026-05-04T09:00:01Z' for UTC",
        ),
        ("yesterday", ValueError, "'yesterday', no ISO 8601 time. Fix: pass one, e.g. "),
        (date(2026, 5, 4), TypeError, "neither ISO 8601 text nor a datetime with a time zone"),
        (1777885201, TypeError, "neither ISO 8601 text nor a datetime with a time zone"),
    ],
    ids=["naive datetime", "naive text", "no time", "a date", "epoch seconds"],
)
def test_every_builder_refuses_a_time_it_cannot_place_alike(
    name: str, builder: Callable[[object], str], given: object, error: type, message: str
) -> None:
    call = name.partition("(")[0]
    with pytest.raises(error, match=rf"^{call}: .*{re.escape(message)}"):
        builder(given)


def test_a_window_of_one_second_truncated_to_nothing_is_refused() -> None:
    # GIVEN a window whose ends differ below the second Lambda writes them to
    start = datetime(2026, 5, 4, 9, 0, 1, 100, tzinfo=UTC)
    with pytest.raises(ValueError, match="window starts at 2026-05-04T09:00:01Z, not before"):
        stream_event(window=(start, start.replace(microsecond=900)))
