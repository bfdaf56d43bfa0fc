"""ScheduledJob: a Lambda function run on a schedule by EventBridge Scheduler."""

from __future__ import annotations

import json
import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from functools import cache
from typing import Any

from aws_cdk import Duration, RemovalPolicy, Stack, TimeZone
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_destinations as destinations
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_scheduler_targets as targets
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_lib import _defaults, _nag
from constructs_lib._core import FunctionCore, Invocation
from constructs_lib._core.handler_rules import check_handler
from constructs_lib._monitoring.queue import dead_letter_queue_alarm, dead_letter_queue_widget
from constructs_lib._monitoring.register import register
from constructs_lib._monitoring.schedule import schedule_alarm, schedule_widget
from constructs_lib._validation import Validator, is_unresolved
from constructs_lib.handler import Handler
from constructs_lib.network import Network

# Lambda's own limits for asynchronous invocations (EventInvokeConfig).
_LAMBDA_MAX_RETRY_ATTEMPTS = 2
_LAMBDA_MAX_EVENT_AGE_SECONDS = 6 * 3600

_EXPRESSION = re.compile(r"^(cron|rate|at)\((.*)\)$", re.DOTALL)
_RATE = re.compile(r"^(\S+) (\S+)$")
_RATE_UNITS = ("minute", "hour", "day")
_AT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")
_CRON_LAYOUT = "minutes hours day-of-month month day-of-week year"
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")


class ScheduledJob(Construct):
    """A function's ``live`` alias invoked on a schedule by EventBridge Scheduler.

    Default settings: EventBridge Scheduler (not an EventBridge rule) with an explicit
    time zone (UTC) and no flexible window; a fixed JSON ``payload``; a retry policy and
    a dead-letter queue (SQS-managed encryption, TLS-only policy, 14-day retention,
    retained on stack deletion); an execution role that Scheduler alone may assume (for
    this account's default schedule group) and that may invoke only the ``live`` alias
    and send only to the dead-letter queue; reserved concurrency 1, so runs never
    overlap; the function with the library's secure defaults; alarms on function errors
    and throttles and on any dead-lettered run, and a section on the stack's dashboard.

    How a run fails. Scheduler invokes Lambda asynchronously, so there are two stages:

    1. Delivery: if Lambda does not accept the invocation, Scheduler retries it
       (``retry_attempts``, ``max_event_age``) and then sends the event to the
       dead-letter queue (message attributes ``ERROR_CODE`` and ``ERROR_MESSAGE``).
    2. The run: if the function raises or times out, Lambda retries it
       (``min(retry_attempts, 2)`` times, a minute or two apart; Lambda allows at most 2)
       and then sends an invocation record (the payload, the error and the stack trace)
       to the same dead-letter queue through the alias's on-failure destination. While a
       previous run still holds the one reserved instance, Lambda keeps the new
       invocation queued and retries it until ``max_event_age`` (at most 6 hours for
       Lambda) is reached, then dead-letters it: a slow run delays the next one, and a
       run that cannot start in time is recorded, never silently dropped.

    One queue, so there is one place to alarm on and to look: a message there is a run
    that did not succeed. Handlers should be idempotent (a retry repeats the run): key
    the work by the scheduled time, e.g. put ``ContextAttribute.scheduled_time`` in the
    payload.

    :param handler: the function to run.
    :param schedule: ``"cron(minutes hours day-of-month month day-of-week year)"`` (one
        of day-of-month and day-of-week must be ``?``), ``"rate(1 hour)"`` (minutes,
        hours or days; singular for 1, plural above), ``"at(2030-01-31T09:00:00)"``
        (once), or a ``scheduler.ScheduleExpression``.
    :param timezone: IANA time zone the expression is evaluated in (daylight saving time
        included), e.g. ``"Europe/Berlin"``. Default: ``"UTC"``; with a
        ``ScheduleExpression``, its own time zone (passing a different one is an error).
    :param payload: the JSON object every run receives as its event. Values may be
        Scheduler context attributes such as ``ContextAttribute.scheduled_time``.
        Default: ``{}``.
    :param retry_attempts: retries, 0..185: by Scheduler when Lambda does not accept the
        invocation, and (at most 2) by Lambda when the run fails. Default: 2.
    :param max_event_age: how long to keep retrying, 1 minute..24 hours (for the run
        itself, Lambda caps it at 6 hours). Default: 1 hour.
    :param allow_overlap: let a run start while the previous one is still running.
        Default: False: the function gets reserved concurrency 1 (a handler setting other
        than 1 is then an error). Accounts whose concurrency quota is still the new-account
        10 cannot reserve any: pass True there.
    :param flexible_window: let Scheduler start each run at any time within this window
        after the scheduled time, 1..1440 whole minutes. Default: None (exactly on time).
    :param enabled: create the schedule enabled. Default: True.
    :param description: the schedule's description. Default: none.
    :param network: run the function in this Network (VPC). Default: no VPC.
    :param alarms: create alarms (function errors and throttles, any message in the
        dead-letter queue). Default: True. Dashboard widgets are added either way.
    :param alarm_topic: SNS topic the alarms notify (besides the stack's Monitoring
        topic). Default: none.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        handler: Handler,
        schedule: str | scheduler.ScheduleExpression,
        timezone: str | None = None,
        payload: Mapping[str, Any] | None = None,
        retry_attempts: int = _defaults.SCHEDULE_RETRY_ATTEMPTS,
        max_event_age: Duration | None = None,
        allow_overlap: bool = False,
        flexible_window: Duration | None = None,
        enabled: bool = True,
        description: str | None = None,
        network: Network | None = None,
        alarms: bool = True,
        alarm_topic: sns.ITopic | None = None,
    ) -> None:
        super().__init__(scope, id)
        payload = {} if payload is None else payload
        max_event_age = max_event_age or Duration.seconds(_defaults.SCHEDULE_MAX_EVENT_AGE_SECONDS)
        _validate(
            self,
            handler,
            schedule,
            timezone,
            payload,
            retry_attempts,
            max_event_age,
            allow_overlap,
            flexible_window,
        )
        if not allow_overlap:
            handler = replace(handler, reserved_concurrency=1)

        #: Where runs that did not succeed end up (Scheduler and Lambda both send here).
        self.dead_letter_queue: sqs.Queue = _defaults.dead_letter_queue(self)
        _nag.acknowledge(self.dead_letter_queue, _nag.SCHEDULE_DEAD_LETTER_QUEUE)

        built = FunctionCore(
            self, "Handler", handler=handler, invocation=Invocation.ASYNCHRONOUS, network=network
        )
        #: The function (unqualified); the schedule invokes :attr:`alias`.
        self.function: lambda_.Function = built.function
        #: The ``live`` alias the schedule invokes.
        self.alias: lambda_.Alias = built.alias
        self.alias.configure_async_invoke(
            on_failure=destinations.SqsDestination(self.dead_letter_queue),
            retry_attempts=_lambda_retry_attempts(retry_attempts),
            max_event_age=_lambda_max_event_age(max_event_age),
        )

        #: The job's own schedule group: its Scheduler metrics (target errors, drops)
        #: are the job's alone, and the role trusts Scheduler for this group only.
        self.schedule_group = scheduler.ScheduleGroup(
            self, "ScheduleGroup", removal_policy=RemovalPolicy.DESTROY
        )
        #: The role Scheduler assumes: invoke the ``live`` alias, send to the queue.
        self.role: iam.Role = iam.Role(
            self,
            "SchedulerRole",
            assumed_by=_scheduler_principal(self, self.schedule_group),
            description="EventBridge Scheduler: invoke the job's live alias",
            inline_policies={
                "Invoke": iam.PolicyDocument(
                    statements=[
                        iam.PolicyStatement(
                            actions=["lambda:InvokeFunction"],
                            resources=[self.alias.function_arn],
                        ),
                        iam.PolicyStatement(
                            actions=["sqs:SendMessage"],
                            resources=[self.dead_letter_queue.queue_arn],
                        ),
                    ]
                )
            },
        )
        #: The EventBridge Scheduler schedule (L2).
        self.schedule: scheduler.Schedule = scheduler.Schedule(
            self,
            "Schedule",
            schedule=_expression(schedule, timezone),
            schedule_group=self.schedule_group,
            # The role's policy is complete and exact: the target may not widen it.
            target=targets.LambdaInvoke(
                self.alias,
                role=self.role.without_policy_updates(),
                input=scheduler.ScheduleTargetInput.from_object(dict(payload)),
                dead_letter_queue=self.dead_letter_queue,
                retry_attempts=retry_attempts,
                max_event_age=max_event_age,
            ),
            time_window=(
                scheduler.TimeWindow.flexible(flexible_window)
                if flexible_window is not None
                else scheduler.TimeWindow.off()
            ),
            enabled=enabled,
            description=description,
        )
        # GroupName is rendered as a plain string, which orders nothing.
        self.schedule.node.add_dependency(self.schedule_group)
        #: The construct's alarms (empty with ``alarms=False``).
        self.alarms: list[cloudwatch.Alarm] = register(
            self,
            widgets=self._widgets(built),
            alarms=self._alarms(built) if alarms else [],
            alarm_topic=alarm_topic,
        )

    def _alarms(self, built: FunctionCore) -> list[cloudwatch.Alarm]:
        return [
            *built.alarms(),
            dead_letter_queue_alarm(
                self, self.dead_letter_queue, "a run did not succeed (dead-lettered)"
            ),
            schedule_alarm(self, self.schedule_group),
        ]

    def _widgets(self, built: FunctionCore) -> list[cloudwatch.IWidget]:
        return [
            dead_letter_queue_widget(
                self.dead_letter_queue, "Dead-letter queue depth (runs that did not succeed)"
            ),
            schedule_widget(self.schedule_group),
            *built.widgets("Handler"),
        ]


def _scheduler_principal(scope: Construct, group: scheduler.ScheduleGroup) -> iam.IPrincipal:
    """Scheduler, acting for the job's schedule group only (confused deputy)."""
    return iam.ServicePrincipal(
        "scheduler.amazonaws.com",
        conditions={
            "StringEquals": {
                "aws:SourceAccount": Stack.of(scope).account,
                "aws:SourceArn": group.schedule_group_arn,
            }
        },
    )


def _expression(
    schedule: str | scheduler.ScheduleExpression, timezone: str | None
) -> scheduler.ScheduleExpression:
    if isinstance(schedule, scheduler.ScheduleExpression):
        return schedule
    return scheduler.ScheduleExpression.expression(
        schedule, TimeZone.of(timezone or _defaults.SCHEDULE_TIMEZONE)
    )


def _lambda_retry_attempts(retry_attempts: int) -> int:
    if is_unresolved(retry_attempts):
        return _LAMBDA_MAX_RETRY_ATTEMPTS
    return min(retry_attempts, _LAMBDA_MAX_RETRY_ATTEMPTS)


def _lambda_max_event_age(max_event_age: Duration) -> Duration:
    if is_unresolved(max_event_age):
        return Duration.seconds(_LAMBDA_MAX_EVENT_AGE_SECONDS)
    return Duration.seconds(min(max_event_age.to_seconds(), _LAMBDA_MAX_EVENT_AGE_SECONDS))


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _validate(
    scope: Construct,
    handler: Handler,
    schedule: object,
    timezone: str | None,
    payload: object,
    retry_attempts: int,
    max_event_age: Duration,
    allow_overlap: bool,
    flexible_window: Duration | None,
) -> None:
    v = Validator(scope)
    check_handler(v, handler, "handler")
    if isinstance(schedule, scheduler.ScheduleExpression):
        _check_expression(v, "schedule", schedule.expression_string)
        own = schedule.time_zone.timezone_name if schedule.time_zone else None
        if own is not None and not is_unresolved(own):
            _check_timezone(v, "schedule", own)
            v.check(
                timezone is None or timezone == own,
                "timezone",
                f"is {timezone!r}, but the ScheduleExpression's time zone is {own!r}",
                f"pass time_zone=TimeZone.of({timezone!r}) to the ScheduleExpression and omit "
                "timezone, or pass the expression as a string",
            )
    elif isinstance(schedule, str):
        _check_expression(v, "schedule", schedule)
    else:
        v.add(
            "schedule",
            f"is a {type(schedule).__name__}",
            "pass 'cron(...)', 'rate(...)' or 'at(...)' as a string, or a ScheduleExpression",
        )
    if timezone is not None:
        _check_timezone(v, "timezone", timezone)
    _check_payload(v, payload)
    v.check_range(retry_attempts, "retry_attempts", 0, 185)
    if not is_unresolved(max_event_age):
        v.check_range(max_event_age.to_seconds(), "max_event_age", 60, 86400, "seconds")
    if flexible_window is not None and not is_unresolved(flexible_window):
        seconds = flexible_window.to_seconds()
        if v.check(
            seconds % 60 == 0,
            "flexible_window",
            f"is {seconds:g} seconds, not a whole number of minutes",
            "pass Duration.minutes(n) with n from 1 to 1440",
        ):
            v.check_range(int(seconds // 60), "flexible_window", 1, 1440, "minutes")
    if (
        isinstance(handler, Handler)
        and not allow_overlap
        and handler.reserved_concurrency not in (None, 1)
    ):
        v.add(
            "handler.reserved_concurrency",
            f"is {handler.reserved_concurrency}, but allow_overlap=False needs 1 (one run "
            "at a time)",
            "remove handler.reserved_concurrency (ScheduledJob sets 1), or pass "
            "allow_overlap=True to keep it",
        )
    v.raise_if_any()


def _check_timezone(v: Validator, prop: str, timezone: str) -> None:
    v.check(
        timezone in _time_zones(),
        prop,
        f"is {timezone!r}, which is not an IANA time zone name",
        "pass a name such as 'UTC', 'Europe/Berlin' or 'America/New_York'",
    )


def _check_payload(v: Validator, payload: object) -> None:
    if not isinstance(payload, Mapping):
        v.add(
            "payload",
            f"is a {type(payload).__name__}; it must be a JSON object (a dict)",
            "pass a dict such as {'report': 'daily'}",
        )
        return
    try:
        json.dumps(payload, allow_nan=False)
    except (TypeError, ValueError) as exc:
        v.add(
            "payload",
            f"is not JSON-serialisable ({exc})",
            "use only str, int, float (finite), bool, None, lists and dicts with str keys",
        )


def _check_expression(v: Validator, prop: str, expression: str) -> None:
    if is_unresolved(expression):
        return
    match = _EXPRESSION.match(expression)
    if match is None:
        v.add(
            prop,
            f"is {expression!r}; it must be 'cron(...)', 'rate(...)' or 'at(...)'",
            "pass e.g. 'cron(0 3 * * ? *)', 'rate(1 hour)' or 'at(2030-01-31T09:00:00)'",
        )
        return
    kind, body = match.groups()
    problem = {"cron": _cron_problem, "rate": _rate_problem, "at": _at_problem}[kind](body)
    if problem is not None:
        message, fix = problem
        v.add(prop, f"is {expression!r}: {message}", fix)


def _rate_problem(body: str) -> tuple[str, str] | None:
    fix = "pass 'rate(1 minute)', 'rate(5 minutes)', 'rate(1 hour)' or 'rate(2 days)'"
    match = _RATE.match(body)
    if match is None:
        return "a rate is 'rate(value unit)'", fix
    value_text, unit = match.groups()
    if not value_text.isdigit() or int(value_text) < 1:
        return f"the value {value_text!r} is not a whole number of at least 1", fix
    value = int(value_text)
    singular = unit.removesuffix("s")
    if singular not in _RATE_UNITS:
        return (
            f"{unit!r} is not a unit; rates are in minutes, hours or days, and the shortest is "
            "rate(1 minute)",
            fix,
        )
    expected = singular if value == 1 else f"{singular}s"
    if unit != expected:
        return (
            f"the unit must be {'singular' if value == 1 else 'plural'} for {value}",
            f"write 'rate({value} {expected})'",
        )
    return None


def _at_problem(body: str) -> tuple[str, str] | None:
    fix = "write a one-time schedule as 'at(yyyy-mm-ddThh:mm:ss)', e.g. 'at(2030-01-31T09:00:00)'"
    if not _AT.match(body):
        return "the time must be yyyy-mm-ddThh:mm:ss (no zone: see timezone)", fix
    try:
        datetime.strptime(body, "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return f"{body!r} is not a valid date and time", fix
    return None


def _cron_problem(body: str) -> tuple[str, str] | None:
    fields = body.split()
    if len(fields) != 6:
        return (
            f"it has {len(fields)} fields; EventBridge cron has 6: {_CRON_LAYOUT}",
            "write e.g. 'cron(0 3 * * ? *)' (03:00 every day)",
        )
    for name, value in zip(_CRON_LAYOUT.split(), fields, strict=True):
        allowed = _cron_field_problem(name, value)
        if allowed is not None:
            return (
                f"the {name} field {value!r} is invalid (allowed: {allowed})",
                f"fix the {name} field; the fields are {_CRON_LAYOUT}",
            )
    day_of_month, day_of_week = fields[2], fields[4]
    if (day_of_month == "?") == (day_of_week == "?"):
        return (
            "exactly one of day-of-month and day-of-week must be '?'",
            "write '?' in the one you do not use, e.g. 'cron(0 3 * * ? *)' or "
            "'cron(0 3 ? * MON-FRI *)'",
        )
    return None


def _cron_field_problem(name: str, value: str) -> str | None:
    """None if ``value`` is a valid cron field ``name``, else what the field allows."""
    low, high, names = {
        "minutes": (0, 59, ()),
        "hours": (0, 23, ()),
        "day-of-month": (1, 31, ()),
        "month": (1, 12, _MONTHS),
        "day-of-week": (1, 7, _DAYS),
        "year": (1970, 2199, ()),
    }[name]
    wildcards = {
        "day-of-month": ", - * ? / L W",
        "day-of-week": ", - * ? L #",
    }.get(name, ", - * /")
    allowed = f"{low}-{high}{' or ' + '-'.join((names[0], names[-1])) if names else ''}, "
    allowed += f"wildcards {wildcards}"

    def is_value(text: str) -> bool:
        if text.upper() in names:
            return True
        return text.isdigit() and low <= int(text) <= high

    def is_range(text: str) -> bool:
        start, dash, end = text.partition("-")
        return is_value(start) and (not dash or is_value(end))

    def is_item(item: str) -> bool:
        if item == "*" or is_range(item):
            return True
        if "/" in item and name != "day-of-week":
            start, _, step = item.partition("/")
            return (start == "*" or is_range(start)) and step.isdigit() and 1 <= int(step) <= high
        if name == "day-of-month":
            return item in ("L", "LW") or (item.endswith("W") and is_value(item[:-1]))
        if name == "day-of-week":
            if item == "L" or (item.endswith("L") and is_value(item[:-1])):
                return True
            day, hash_, nth = item.partition("#")
            return bool(hash_) and is_value(day) and nth in ("1", "2", "3", "4", "5")
        return False

    if value == "?" and name in ("day-of-month", "day-of-week"):
        return None
    return None if all(is_item(item) for item in value.split(",")) else allowed


__all__ = ["ScheduledJob"]
