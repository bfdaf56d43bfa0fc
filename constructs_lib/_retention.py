"""How long logs are kept: the rules the library's retention props share (a function's
``log_retention``, an API's and a site's ``access_log_retention``)."""

from __future__ import annotations

from collections.abc import Callable

from aws_cdk import Duration
from aws_cdk import aws_logs as logs

from constructs_lib._config_values import whole_number
from constructs_lib._jsii import described, is_unresolved
from constructs_lib._retention_text import (
    CLOUDWATCH_RETENTION_DAYS,
    days_in_text,
    member_or_duration,
)
from constructs_lib._validation import Validator

__all__ = [
    "CLOUDWATCH_RETENTION_DAYS",
    "check_log_group_retention",
    "check_log_retention",
    "log_group_retention",
    "retention_days",
    "whole_days",
]


def check_log_retention(v: Validator, value: object, prop: str) -> None:
    """A ``logs.RetentionDays`` that ends: INFINITE would keep (and bill) logs forever."""
    v.check_type(value, prop, logs.RetentionDays, "pass e.g. logs.RetentionDays.ONE_YEAR")
    v.check(
        value != logs.RetentionDays.INFINITE,
        prop,
        "is INFINITE: logs would be kept (and paid for) forever",
        "pass a finite retention such as logs.RetentionDays.TEN_YEARS",
    )


def whole_days(
    v: Validator,
    value: object,
    prop: str,
    takes: str,
    whole: str,
    fix: Callable[[float], str] | None = None,
    within: tuple[float, float] | None = None,
) -> int | None:
    """The days of a Duration that ``takes`` (who reads it) sets in whole days (``whole``
    says so): None for None, a deploy-time number (in days) or a problem, whose fix is
    ``fix(days)`` (default: the day count rounded up, which a ``duration_range`` in days
    checked next fits into its range). A Duration.days(<a token>) that resolves at synth is
    checked then: whole, and ``within`` the caller's range."""
    if isinstance(value, logs.RetentionDays):  # a log group's retention, moved here
        count = retention_days(value)
        v.add(
            prop,
            f"is logs.RetentionDays.{value.name}, not a Duration",
            f"pass Duration.days({count})" if count else "pass Duration.days(<a number of days>)",
        )
        return None
    in_days = v.deploy_time_unit(value, prop, "days", takes)
    if in_days and within and isinstance(value, Duration) and is_unresolved(value):
        v.recheck_whole(value.to_days(), prop, within, "days", whole)
    seconds = v.duration_seconds(value, prop, unit="days")  # None for a token too
    if seconds is None:
        return None
    days = seconds / (24 * 60 * 60)
    if fix is None:  # rounded up, and fitted by the caller's duration_range (as seconds are)
        return v.whole(days, prop, whole, unit="days")
    if not v.check(days == int(days), prop, f"is {days:g} days; {whole}", fix(days)):
        return None
    return int(days)


def check_log_group_retention(v: Validator, value: object, prop: str) -> None:
    """A log group's retention given as a function's ``log_retention`` is (a
    ``logs.RetentionDays``) or as StaticSite's ``access_log_retention`` is (a Duration in
    whole days), one of the day counts CloudWatch takes."""
    if value is None or isinstance(value, logs.RetentionDays):
        check_log_retention(v, value, prop)
        return
    if not isinstance(value, Duration):
        # the days text means, or a whole number of days, as an int or as JSON's and TOML's
        # float (365.0); a count CloudWatch does not keep is told the counts around it
        text = isinstance(value, str)
        if isinstance(value, str):
            days = days_in_text(value)
        else:
            days = value if type(value) is int else whole_number(value)
        if days is None:
            fix = "pass e.g. logs.RetentionDays.ONE_YEAR"
        elif days in CLOUDWATCH_RETENTION_DAYS:
            # "ONE_YEAR", "1 year", "365": its member; a number: its Duration
            fix = member_or_duration(days) if text else f"pass Duration.days({days})"
        else:
            fix = _cloudwatch_days_fix(days)
        v.add(prop, f"is {described(value)}, not a Duration or a logs.RetentionDays", fix)
        return
    if not v.known_at_synth(
        value,
        prop,
        "CloudWatch keeps logs for certain day counts only, one of which is chosen at synth",
        "pass Duration.days(n) with a number, or a logs.RetentionDays member",
    ):
        return
    # a fraction of a day is fixed by CloudWatch's day counts around it, as another count
    # is (a rounded one, Duration.days(2) for 36 hours, is refused next)
    days = whole_days(
        v,
        value,
        prop,
        "CloudWatch Logs",
        "CloudWatch keeps logs for whole days",
        _cloudwatch_days_fix,
    )
    if days is None or days in CLOUDWATCH_RETENTION_DAYS:
        return
    allowed = sorted(CLOUDWATCH_RETENTION_DAYS)
    v.add(
        prop,
        f"is {days:g} days; CloudWatch keeps logs for {', '.join(map(str, allowed[:-1]))} "
        f"or {allowed[-1]} days",
        _cloudwatch_days_fix(days),
    )


def _cloudwatch_days_fix(days: float) -> str:
    """The day counts CloudWatch takes next to ``days``, as the fix names them."""
    allowed = sorted(CLOUDWATCH_RETENTION_DAYS)
    shorter = [d for d in allowed if d < days][-1:]
    longer = [d for d in allowed if d > days][:1]
    return "pass " + " or ".join(
        f"Duration.days({d}) (logs.RetentionDays.{CLOUDWATCH_RETENTION_DAYS[d]})"
        for d in shorter + longer
    )


def log_group_retention(value: Duration | logs.RetentionDays | None) -> logs.RetentionDays | None:
    """The ``logs.RetentionDays`` of a retention :func:`check_log_group_retention` let pass."""
    if value is None or isinstance(value, logs.RetentionDays):
        return value
    return logs.RetentionDays[CLOUDWATCH_RETENTION_DAYS[int(value.to_days())]]


def retention_days(value: logs.RetentionDays) -> int | None:
    """The days a ``logs.RetentionDays`` member keeps logs (None: INFINITE, never)."""
    return next((d for d, name in CLOUDWATCH_RETENTION_DAYS.items() if name == value.name), None)
