"""A retention written as text where a ``logs.RetentionDays`` or a Duration is taken
(ServerlessApi's and StaticSite's ``access_log_retention``, a Handler's ``log_retention``).
Proves (papercuts349): ``"ONE_YEAR"``, ``"1 year"`` or ``"365"`` was told "pass e.g.
logs.RetentionDays.ONE_YEAR" whatever it said ("TEN_YEARS" too); the fix now names the
member and the Duration the text means."""

from __future__ import annotations

from typing import Any

import pytest

from constructs_lib import ApiAuth, ConstructError, ServerlessApi
from constructs_lib._retention_text import days_in_text
from tests.static_site_support import build_site
from tests.support import echo_handler, new_stack


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("ONE_YEAR", 365),
        ("one year", 365),
        ("One-Year", 365),
        ("logs.RetentionDays.TEN_YEARS", 3653),
        ("1 year", 365),
        ("1year", 365),
        ("2 years", 731),
        ("18 months", 545),
        ("365", 365),
        (" 100 ", 100),
        ("30 days", 30),
        ("2 weeks", 14),
        ("12 months", None),  # no member: 360 or 365 days?
        ("INFINITE", None),
        ("a year", None),
        ("", None),
    ],
)
def test_the_days_a_text_means(text: str, days: int | None) -> None:
    assert days_in_text(text) == days


def _api(value: object) -> None:
    ServerlessApi(
        new_stack(),
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.iam(),
        access_log_retention=value,
    )


def _handler(value: object) -> None:
    ServerlessApi(
        new_stack(), "Api", routes={"GET /a": echo_handler(log_retention=value)}, auth=ApiAuth.iam()
    )


def _site(value: object) -> None:
    build_site(access_log_retention=value)


BUILDS = {
    "api": (_api, "access_log_retention"),
    "handler": (_handler, "routes['GET /a'].log_retention"),
    "site": (_site, "access_log_retention"),
}


def _problem(build: str, value: Any) -> tuple[str, str]:
    call, prop = BUILDS[build]
    with pytest.raises(ConstructError) as raised:
        call(value)
    (problem,) = [p for p in raised.value.problems if p.prop == prop]
    return problem.message, problem.fix


@pytest.mark.parametrize("build", list(BUILDS))
@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ("ONE_YEAR", "pass logs.RetentionDays.ONE_YEAR (or Duration.days(365)), not a string"),
        ("1 year", "pass logs.RetentionDays.ONE_YEAR (or Duration.days(365)), not a string"),
        ("365", "pass logs.RetentionDays.ONE_YEAR (or Duration.days(365)), not a string"),
        ("ten_years", "pass logs.RetentionDays.TEN_YEARS (or Duration.days(3653)), not a string"),
        ("2 weeks", "pass logs.RetentionDays.TWO_WEEKS (or Duration.days(14)), not a string"),
    ],
)
def test_a_retention_as_text_is_told_its_member(build: str, text: str, fix: str) -> None:
    assert _problem(build, text) == (
        f"is {text!r}, a str, not a Duration or a logs.RetentionDays",
        fix,
    )


@pytest.mark.parametrize(
    ("build", "fix"),
    [
        # CloudWatch keeps logs for its day counts only: the ones around 100
        (
            "api",
            "pass Duration.days(90) (logs.RetentionDays.THREE_MONTHS) or Duration.days(120) "
            "(logs.RetentionDays.FOUR_MONTHS)",
        ),
        (
            "handler",
            "pass Duration.days(90) (logs.RetentionDays.THREE_MONTHS) or Duration.days(120) "
            "(logs.RetentionDays.FOUR_MONTHS)",
        ),
        # a site's access logs are kept by an S3 lifecycle rule: any whole day count
        ("site", "pass Duration.days(100), not a string"),
    ],
)
def test_a_day_count_as_text_is_told_what_each_takes(build: str, fix: str) -> None:
    assert _problem(build, "100")[1] == fix


@pytest.mark.parametrize("build", list(BUILDS))
def test_text_that_reads_no_one_way_keeps_the_example(build: str) -> None:
    fix = _problem(build, "12 months")[1]
    assert fix.startswith("pass e.g. logs.RetentionDays.ONE_YEAR")
