"""ScheduledJob and event-source papercuts left open by earlier sessions (sched52), each
with the exact gap, warning or error a user now meets:

1. the gap between two cron runs ignored daylight saving time: ``cron(0,45 1,3 * * ? *)``
   in Europe/Berlin runs at 01:45 and 03:00 on the night clocks skip 02:00-02:59 (15
   minutes apart, not 45), and a time the clocks repeat runs once;
2. wrapping ranges (``22-2``, ``FRI-MON``) and the day fields' ``L``, ``W``, ``#`` got no
   gap (and ``L``/``W``/``#`` no skipped-run check); such items among other days, several
   ``#`` items and a year range that ends before it starts synthesized, and failed at
   deploy;
3. a cron with two spaces between fields, or a space inside its parentheses, synthesized;
5. a BucketEvents suffix without its dot (``suffix="jpg"`` also matches ``photojpg``), and
   a prefix that differs from the worker's bucket link's prefix in case only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import Duration
from aws_cdk import aws_s3 as s3

from constructs_lib import BucketEvents, ConstructError, Link, QueueWorker, ScheduledJob
from constructs_lib._bucket_key_filters import PREFIX_CASE_WARNING as CASE
from constructs_lib._bucket_key_filters import SUFFIX_WITHOUT_DOT_WARNING as SUFFIX
from constructs_lib.scheduled_job.daylight import skipped_run_problem
from constructs_lib.scheduled_job.expressions import expression_problem
from constructs_lib.scheduled_job.gaps import Gap, shortest_gap
from tests.support import echo_handler, new_stack, warnings_of

FASTER = "constructs_lib:scheduleFasterThanTimeout"
#: A synth date the pure tests read from (the gaps are named from it on).
TODAY = date(2026, 11, 28)


def _job(stack: cdk.Stack, timeout: Duration, schedule: str, **props: Any) -> None:
    handler = echo_handler(timeout=timeout)
    ScheduledJob(stack, "Job", handler=handler, schedule=schedule, alarms=False, **props)


# --- 1. the gap on the real instants Scheduler starts runs at (daylight saving time)


@pytest.mark.parametrize(
    ("expression", "timezone", "gap"),
    [
        # 01:45 CET and 03:00 CEST on 28 March 2027: 15 minutes (45 on other days, in UTC)
        ("cron(0,45 1,3 * * ? *)", "Europe/Berlin", Gap(15 * 60, date(2027, 3, 28))),
        ("cron(0,45 1,3 * * ? *)", "UTC", Gap(45 * 60)),
        # 01:30 CET and 03:30 CEST: one hour apart that night, two on the others
        ("cron(30 1,3 * * ? *)", "Europe/Berlin", Gap(3600, date(2027, 3, 28))),
        # 00:00 EST and 12:00 EDT: 11 hours on the night clocks spring forward
        ("cron(0 0,12 * * ? *)", "America/New_York", Gap(11 * 3600, date(2027, 3, 14))),
        # the issue's: 02:00 is skipped, 01:00 CET to 03:00 CEST is still an hour
        ("cron(0 1-3 * * ? *)", "Europe/Berlin", Gap(3600)),
        # 01:50 runs once in the hour New York repeats (not again an hour later): the
        # shortest gap is the spring night's 23 hours
        ("cron(50 1 * * ? *)", "America/New_York", Gap(23 * 3600, date(2027, 3, 14))),
        ("cron(50 1 * * ? *)", "UTC", Gap(24 * 3600)),
        # years to come: read from the first of them
        ("cron(0,30 12 * * ? 2040-2042)", "UTC", Gap(30 * 60)),
        ("cron(0,30 12 * * ? 2020)", "UTC", None),  # no run left
        ("rate(5 minutes)", "Europe/Berlin", Gap(300)),
        ("at(2030-01-31T09:00:00)", "Europe/Berlin", None),
    ],
)
def test_the_gap_is_between_the_instants_scheduler_runs_at(
    expression: str, timezone: str, gap: Gap | None
) -> None:
    assert shortest_gap(expression, timezone, TODAY) == gap


def test_a_gap_a_clock_change_shortens_is_warned_of_with_its_night() -> None:
    # GIVEN 50 minutes between runs but 10 (01:50 CET, 03:00 CEST) on the night Berlin
    # skips 02:00-02:59, and a 15-minute timeout
    stack = new_stack()
    _job(stack, Duration.minutes(15), "cron(0,50 1,3 * * ? *)", timezone="Europe/Berlin")
    # THEN the warning names the 10 minutes and the night (its date: the next March's)
    (text,) = warnings_of(stack, FASTER)
    before, _, after = text.partition(" on ")
    assert before == (
        "`handler.timeout` is 15 minutes, longer than the 10 minutes between two runs of "
        "'cron(0,50 1,3 * * ? *)' in Europe/Berlin"
    )
    assert date.fromisoformat(after[:10]).month == 3
    assert after[10:].startswith(
        ", when its clocks change (Scheduler skips a run at a time the change skips, and runs "
        "one at a repeated time once): with allow_overlap=False"
    )
    assert "shorten handler.timeout to 10 minutes or less" in text


def test_the_same_cron_in_utc_is_not_warned_of() -> None:
    stack = new_stack()
    _job(stack, Duration.minutes(15), "cron(0,50 1,3 * * ? *)")
    assert warnings_of(stack, FASTER) == []


# --- 2. wrapping ranges and L, W, #: computed, accepted, or refused with the fix


@pytest.mark.parametrize(
    ("expression", "seconds"),
    [
        ("cron(0 22-2 * * ? *)", 3600),  # 22:00, 23:00, 00:00, 01:00, 02:00
        ("cron(0 2,22-23 * * ? *)", 3600),
        ("cron(50-10/5 * * * ? *)", 300),  # 50, 55, 0, 5, 10
        ("cron(0 23 ? * FRI-MON *)", 86400),  # Friday to Monday, each at 23:00
        ("cron(0 12 ? NOV-FEB MON *)", 7 * 86400),
        ("cron(0 12 L * ? *)", 28 * 86400),  # 31 January, then 28 February
        ("cron(0 12 LW * ? *)", 28 * 86400),  # e.g. Fri 29 January, Fri 26 February 2027
        ("cron(0 12 ? * 6#3 *)", 28 * 86400),  # third Fridays: 4 or 5 weeks apart
        ("cron(0 12 ? * 6L *)", 28 * 86400),  # last Fridays
        ("cron(0 9,21 ? * L *)", 12 * 3600),  # L alone: Saturday, the week's last day
    ],
)
def test_wrapping_ranges_and_calendar_days_have_a_gap(expression: str, seconds: int) -> None:
    gap = shortest_gap(expression, "UTC", TODAY)
    assert gap is not None
    assert gap.seconds == seconds


def test_the_nearest_weekday_stays_in_its_month() -> None:
    # 1W on a Saturday runs Monday the 3rd; 30W... 1 May 2027 is a Saturday: Mon 3 May
    from constructs_lib.scheduled_job.cron_days import run_days

    assert run_days("1W", "?", 2027, 5) == {3}
    assert run_days("31W", "?", 2027, 10) == {29}  # Sunday the 31st: Friday the 29th
    assert run_days("15W", "?", 2027, 5) == {14}  # Saturday the 15th: Friday the 14th
    assert run_days("31W", "?", 2027, 4) == set()  # April has no 31st
    assert run_days("?", "2#5", 2027, 2) == set()  # February 2027 has four Mondays


def test_a_wrapping_range_faster_than_the_timeout_is_warned_of() -> None:
    stack = new_stack()
    _job(stack, Duration.minutes(10), "cron(50-10 * * * ? *)")
    (text,) = warnings_of(stack, FASTER)
    assert text.startswith(
        "`handler.timeout` is 10 minutes, longer than the 1 minute between two runs of "
        "'cron(50-10 * * * ? *)':"
    )


def test_runs_on_the_months_last_sunday_are_warned_of_on_the_clock_change() -> None:
    # GIVEN runs at 01:00, 01:50, 03:00 and 03:50 on March's last Sunday ('1L') in Berlin:
    # the night its clocks skip 02:00-02:59, so 01:50 CET and 03:00 CEST are 10 minutes apart
    stack = new_stack()
    _job(stack, Duration.minutes(15), "cron(0,50 1,3 ? MAR 1L *)", timezone="Europe/Berlin")
    (text,) = warnings_of(stack, FASTER)
    assert (
        "longer than the 10 minutes between two runs of 'cron(0,50 1,3 ? MAR 1L *)' in "
        "Europe/Berlin on " in text
    )


@pytest.mark.parametrize(
    "expression",
    [
        "cron(0 22-2 * * ? *)",
        "cron(0 12 ? * FRI-MON *)",
        "cron(0 12 1 NOV-FEB ? *)",
        "cron(0 12 L * ? *)",
        "cron(0 12 LW * ? *)",
        "cron(0 12 15W * ? *)",
        "cron(0 12 ? * 6#3 *)",
        "cron(0 12 ? * 6L *)",
        "cron(0 12 ? * L *)",
        "cron(0 12 * * ? 2030-2035)",
    ],
)
def test_what_eventbridge_accepts_is_accepted(expression: str) -> None:
    assert expression_problem(expression) is None


_ALONE_MONTH = (
    "lists 'L', 'LW' or a day's 'W' with other days; Scheduler takes each of them alone",
    "write the day-of-month as one of them alone (e.g. 'L'), and make the other days "
    "another ScheduledJob",
)
_ALONE_WEEK = (
    "lists an 'L' or '#' day with other days; Scheduler takes 'L', '6L' or '6#3' alone "
    "(EventBridge: one '#' expression only)",
    "write the day-of-week as one of them alone (e.g. '6#3'), and make the other days "
    "another ScheduledJob",
)


@pytest.mark.parametrize(
    ("expression", "field", "problem"),
    [
        ("cron(0 12 L,15 * ? *)", "the day-of-month field 'L,15'", _ALONE_MONTH),
        ("cron(0 12 1,15W * ? *)", "the day-of-month field '1,15W'", _ALONE_MONTH),
        ("cron(0 12 ? * L,MON *)", "the day-of-week field 'L,MON'", _ALONE_WEEK),
        ("cron(0 12 ? * 2,6L *)", "the day-of-week field '2,6L'", _ALONE_WEEK),
        ("cron(0 12 ? * 3#1,6#3 *)", "the day-of-week field '3#1,6#3'", _ALONE_WEEK),
    ],
)
def test_stand_alone_day_items_among_others_are_refused(
    expression: str, field: str, problem: tuple[str, str]
) -> None:
    message, fix = problem
    assert expression_problem(expression) == (f"is {expression!r}: {field} {message}", fix)


def test_a_year_range_that_ends_before_it_starts_is_refused() -> None:
    assert expression_problem("cron(0 12 * * ? 2030-2025)") == (
        "is 'cron(0 12 * * ? 2030-2025)': the year range '2030-2025' ends before it starts; "
        "years do not wrap as other fields' ranges do",
        "write '2025-2030'",
    )


def test_both_day_fields_set_stay_refused() -> None:
    problem = expression_problem("cron(0 12 L * 6L *)")
    assert problem is not None
    assert "exactly one of day-of-month and day-of-week must be '?'" in problem[0]


def test_a_skipped_hour_on_the_months_last_day_is_named() -> None:
    # 31 March 2030 is the month's last day and the Sunday Berlin skips 02:00-02:59
    problem = skipped_run_problem("cron(30 2 L * ? *)", "Europe/Berlin", TODAY)
    assert problem is not None
    assert "does not exist there on 2030-03-31" in problem[0]


def test_a_wrapping_range_of_hours_is_not_read_as_one_hour() -> None:
    # 02:30 is skipped on the spring night, but 23:30, 00:30 and 01:30 still run: no warning
    assert skipped_run_problem("cron(30 2,23-1 * * ? *)", "America/New_York", TODAY) is None


# --- 3. spaces where Scheduler reads one


@pytest.mark.parametrize(
    ("expression", "where"),
    [
        ("cron(0  12 * * ? *)", "two spaces in a row at character 7"),
        ("cron( 0 12 * * ? *)", "a space after 'cron('"),
        ("cron(0 12 * * ? * )", "a space before ')'"),
    ],
)
def test_extra_spaces_are_refused_with_the_cleaned_expression(expression: str, where: str) -> None:
    with pytest.raises(ConstructError) as raised:
        ScheduledJob(new_stack(), "Job", handler=echo_handler(), schedule=expression)
    (problem,) = raised.value.problems
    assert problem.prop == "schedule"
    assert problem.message == (
        f"is {expression!r}: it has {where}; Scheduler reads the six fields parted by one "
        "space each"
    )
    assert problem.fix == "write 'cron(0 12 * * ? *)'"


# --- 5. BucketEvents key filters most likely not meant

LinkOf = Callable[[s3.IBucket], Link]


def _worker(
    source: dict[str, Any], links: Sequence[LinkOf] = (), *, later: bool = False
) -> cdk.Stack:
    stack = new_stack()
    photos = s3.Bucket(stack, "Photos")
    given = [link(photos) for link in links]
    worker = QueueWorker(
        stack,
        "Thumbnails",
        handler=echo_handler(links=[] if later else given),
        sources=[BucketEvents(photos, **source)],
        alarms=False,
    )
    if later:
        worker.link(*given)
    return stack


@pytest.mark.parametrize("suffix", ["jpg", "JSON", "mp4", "gz", "webp"])
def test_a_suffix_without_its_dot_is_warned_of(suffix: str) -> None:
    stack = _worker({"suffix": suffix})
    assert warnings_of(stack, SUFFIX) == [
        f"`sources[0].suffix` is {suffix!r}, a file extension without its dot: S3 compares "
        f"the end of each key literally, so 'photo{suffix}' and 'report-{suffix}' match as "
        f"well as 'photo.{suffix}'. Fix: pass suffix={'.' + suffix!r} for files of that type. "
        f"If keys ending in {suffix!r} without a dot are meant, acknowledge '{SUFFIX}'. "
        f"[ack: {SUFFIX}]"
    ]


@pytest.mark.parametrize("suffix", [".jpg", "2024", "_done", "-thumb.jpg", "x", "report"])
def test_a_suffix_with_its_dot_or_not_an_extension_is_not(suffix: str) -> None:
    assert warnings_of(_worker({"suffix": suffix}), SUFFIX) == []


@pytest.mark.parametrize("later", [False, True])
def test_a_prefix_a_read_link_covers_but_for_case_is_warned_of(later: bool) -> None:
    # GIVEN events under 'incoming/' and a link reading 'Incoming/' only
    stack = _worker(
        {"prefix": "incoming/raw/"}, [lambda b: Link.read(b, prefix="Incoming/")], later=later
    )
    prop = "link()" if later else "handler.links"
    # THEN the warning names both prefixes and the fix in either case
    assert warnings_of(stack, CASE) == [
        f"`sources[0].prefix` is 'incoming/raw/', and `{prop}` lets the function read that "
        "bucket under 'Incoming/' only: S3 keys are case-sensitive, so the worker is told of "
        "keys it may not read, and each read is refused (AccessDenied). Fix: write both "
        "prefixes in the case the keys have (prefix='Incoming/raw/', or Link.read(bucket, "
        "prefix='incoming/raw/')). If the function reads only other keys, acknowledge "
        f"'{CASE}'. [ack: {CASE}]"
    ]


@pytest.mark.parametrize(
    ("prefix", "links"),
    [
        ("incoming/", [lambda b: Link.read(b, prefix="incoming/")]),  # the same case
        ("incoming/", [lambda b: Link.read(b)]),  # every key
        ("incoming/", [lambda b: Link.put(b, prefix="Incoming/")]),  # writes, reads nothing
        ("incoming/", [lambda b: Link.read(b, prefix="archive/")]),  # another prefix
    ],
)
def test_prefixes_that_match_as_written_are_not(prefix: str, links: list[LinkOf]) -> None:
    assert warnings_of(_worker({"prefix": prefix}, links), CASE) == []
