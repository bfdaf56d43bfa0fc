"""ServerlessApi(access_log_retention=...): how long the API's access log group keeps its
logs, as a function's ``log_retention`` (logs.RetentionDays) or StaticSite's
``access_log_retention`` (a Duration of whole days), one of CloudWatch's day counts; and
StaticSite's ``access_log_retention`` taking the API's logs.RetentionDays as its days."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_logs as logs
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, ConstructError, ServerlessApi, StaticSite, Throttle
from constructs_lib._retention import CLOUDWATCH_RETENTION_DAYS
from tests.static_site_support import build_site
from tests.support import (
    SITE,
    RuleCase,
    assert_every_problem,
    assert_rule,
    echo_handler,
    new_stack,
    rule_cases,
)


def _api(stack: cdk.Stack | None = None, id: str = "Api", **props: Any) -> ServerlessApi:
    return ServerlessApi(
        stack or new_stack(), id, routes={"GET /a": echo_handler()}, auth=ApiAuth.iam(), **props
    )


def _access_log_days(api: ServerlessApi, template: dict[str, Any] | None = None) -> object:
    """RetentionInDays of the API's access log group in ``template`` (the JSON of its
    stack's template; by default, its stack synthesized now)."""
    stack = cdk.Stack.of(api)
    resource = api.access_log_group.node.default_child
    assert isinstance(resource, cdk.CfnResource)
    template = template or Template.from_stack(stack).to_json()
    return template["Resources"][stack.get_logical_id(resource)]["Properties"]["RetentionInDays"]


def test_the_default_stays_30_days() -> None:
    # GIVEN no access_log_retention WHEN the API is built THEN its access logs keep 30 days
    assert _access_log_days(_api()) == 30


@pytest.mark.parametrize(
    "retention",
    [logs.RetentionDays.ONE_YEAR, cdk.Duration.days(365), cdk.Duration.hours(365 * 24)],
    ids=["RetentionDays", "Duration in days", "Duration of whole days in hours"],
)
def test_a_retention_days_member_or_a_duration_sets_it(retention: object) -> None:
    # GIVEN a year, as a function's log_retention or as StaticSite's access_log_retention
    # WHEN the API is built THEN its access log group keeps 365 days
    assert _access_log_days(_api(access_log_retention=retention)) == 365


def test_every_day_count_cloudwatch_takes_is_accepted_as_a_duration() -> None:
    # GIVEN each of CloudWatch's day counts as a Duration WHEN an API is built with it
    # (each its own API, all in one stack: one synth reads every log group)
    stack = new_stack()
    apis = {
        days: _api(stack, f"Api{days}", access_log_retention=cdk.Duration.days(days))
        for days in CLOUDWATCH_RETENTION_DAYS
    }
    template = Template.from_stack(stack).to_json()
    # THEN each log group keeps exactly that many days (no legitimate value is refused)
    for days, api in apis.items():
        assert _access_log_days(api, template) == days, days


def test_the_day_counts_are_aws_cdk_libs_retention_days() -> None:
    # GIVEN every finite logs.RetentionDays member
    # WHEN aws-cdk-lib writes each into a log group
    stack = new_stack()
    members = [m for m in logs.RetentionDays if m != logs.RetentionDays.INFINITE]
    for member in members:
        logs.LogGroup(stack, member.name, retention=member)
    written = {
        logical_id: group["Properties"]["RetentionInDays"]
        for logical_id, group in Template.from_stack(stack)
        .find_resources("AWS::Logs::LogGroup")
        .items()
    }
    # THEN the library's table has each member with the days aws-cdk-lib writes
    by_name = {name: days for days, name in CLOUDWATCH_RETENTION_DAYS.items()}
    assert sorted(by_name) == sorted(m.name for m in members)
    for member in members:
        resource = stack.node.find_child(member.name).node.default_child
        assert isinstance(resource, cdk.CfnResource)
        assert written[stack.get_logical_id(resource)] == by_name[member.name], member


CASES: list[RuleCase] = [
    (
        "a day count CloudWatch does not take",
        {"access_log_retention": cdk.Duration.days(100)},
        r"`access_log_retention` is 100 days; CloudWatch keeps logs for 1, 3, 5, .* or 3653 "
        r"days\. Fix: pass Duration\.days\(90\) \(logs\.RetentionDays\.THREE_MONTHS\) or "
        r"Duration\.days\(120\) \(logs\.RetentionDays\.FOUR_MONTHS\)",
    ),
    (
        "longer than CloudWatch's longest",
        {"access_log_retention": cdk.Duration.days(5000)},
        r"is 5000 days; .*Fix: pass Duration\.days\(3653\) \(logs\.RetentionDays\.TEN_YEARS\)$",
    ),
    (
        "no days",
        {"access_log_retention": cdk.Duration.days(0)},
        r"is 0 days; .*Fix: pass Duration\.days\(1\) \(logs\.RetentionDays\.ONE_DAY\)$",
    ),
    (  # Proves (bad inputs, round 39): the fix was Duration.days(2), which is refused next
        "part of a day",
        {"access_log_retention": cdk.Duration.hours(36)},
        r"`access_log_retention` is 1\.5 days; CloudWatch keeps logs for whole days\. "
        r"Fix: pass Duration\.days\(1\) \(logs\.RetentionDays\.ONE_DAY\) or "
        r"Duration\.days\(3\) \(logs\.RetentionDays\.THREE_DAYS\)$",
    ),
    (
        "forever, as a function's log_retention refuses it",
        {"access_log_retention": logs.RetentionDays.INFINITE},
        r"`access_log_retention` is INFINITE: logs would be kept \(and paid for\) forever",
    ),
    (
        "a bare number of days",
        {"access_log_retention": 90},
        r"`access_log_retention` is 90, an int, not a Duration or a logs\.RetentionDays\. "
        r"Fix: pass Duration\.days\(90\)",
    ),
    (
        "a member's name",
        {"access_log_retention": "ONE_YEAR"},
        # papercuts349: the fix names the member the text means, not an example
        r"is 'ONE_YEAR', a str, .*Fix: pass logs\.RetentionDays\.ONE_YEAR \(or "
        r"Duration\.days\(365\)\), not a string",
    ),
    (
        "a deploy-time number of days",
        {"access_log_retention": cdk.Duration.days(cdk.Token.as_number(cdk.Aws.ACCOUNT_ID))},
        r"`access_log_retention` .*it must be known at synth: CloudWatch keeps logs for "
        r"certain day counts only",
    ),
]


@rule_cases(CASES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_api, props, message)


def test_every_problem_is_listed_at_once() -> None:
    assert_every_problem(
        _api,
        {"access_log_retention": cdk.Duration.days(100), "throttling": Throttle(rate=0)},
        "Test/Api",
        ["access_log_retention", "throttling.rate"],
    )


def _site_log_days(*retentions: object) -> list[object]:
    """ExpirationInDays of the access logs of a StaticSite built with each of
    ``retentions``, the sites side by side in one stack (one synth reads them all)."""
    stack = new_stack()
    sites = [
        StaticSite(stack, f"Site{n}", source=SITE, access_log_retention=retention)
        for n, retention in enumerate(retentions)
    ]
    resources = Template.from_stack(stack).to_json()["Resources"]
    days = []
    for site in sites:
        bucket = site.log_bucket.node.default_child
        assert isinstance(bucket, cdk.CfnResource)
        resource = resources[stack.get_logical_id(bucket)]
        days.append(
            resource["Properties"]["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"]
        )
    return days


@pytest.mark.parametrize("days", sorted(CLOUDWATCH_RETENTION_DAYS))
def test_the_api_s_retention_given_to_static_site_keeps_its_days(days: int) -> None:
    # Proves (papercuts49): the API's value moved to its site (the same prop name) was a
    # ConstructError asking for a Duration; each finite member is now its days, as the same
    # days given as a Duration are (TEN_YEARS: 3653, which the site's range now reaches)
    retention = logs.RetentionDays[CLOUDWATCH_RETENTION_DAYS[days]]
    assert _site_log_days(retention, cdk.Duration.days(days)) == [days, days]


@pytest.mark.parametrize(
    ("retention", "message", "fix"),
    [
        (
            logs.RetentionDays.INFINITE,
            "is logs.RetentionDays.INFINITE: the access logs would be kept (and paid for) forever",
            "pass a finite retention such as logs.RetentionDays.ONE_YEAR or Duration.days(365)",
        ),
        (
            "ONE_YEAR",
            "is 'ONE_YEAR', a str, not a Duration or a logs.RetentionDays",
            "pass logs.RetentionDays.ONE_YEAR (or Duration.days(365)), not a string",
        ),
        (
            cdk.Duration.days(3654),
            "is 3654 days; it must be between 1 and 3653 days",
            "pass Duration.days(n) with n from 1 to 3653",
        ),
    ],
    ids=["INFINITE", "a name", "past TEN_YEARS"],
)
def test_static_site_refuses_a_retention_that_never_ends_or_is_none(
    retention: object, message: str, fix: str
) -> None:
    with pytest.raises(ConstructError) as raised:
        build_site(access_log_retention=retention)
    (problem,) = raised.value.problems
    assert (problem.prop, problem.message, problem.fix) == ("access_log_retention", message, fix)
