"""ScheduledJob: a Lambda function run on a schedule by EventBridge Scheduler."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Final

from aws_cdk import Duration, RemovalPolicy, TimeZone
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_sqs as sqs
from constructs import Construct

import constructs_lib
from constructs_lib import _defaults, _nag
from constructs_lib._arguments import checked_arguments
from constructs_lib._core import FunctionCore, Invocation, props_from, validated
from constructs_lib._core.alarm_attributes import ScheduledJobAlarms
from constructs_lib._core.asynchronous import send_failures_to
from constructs_lib._core.link_apply import link_after
from constructs_lib._core.parts import FunctionParts
from constructs_lib._dead_letter_retention import warn_of_shorter_retention
from constructs_lib._facts import seconds_of
from constructs_lib._injected_storage import check_dead_letter_size
from constructs_lib._injector_errors import may_inject
from constructs_lib._jsii import is_unresolved
from constructs_lib._loaded import LazyModule
from constructs_lib._monitoring.dead_letters import job_dead_letter_alarms, job_dead_letter_widgets
from constructs_lib._monitoring.schedule import schedule_alarm, schedule_widget
from constructs_lib._switched_off import SCHEDULED_JOB_SWITCHED_OFF_WARNING, watch_switched_off
from constructs_lib._validation import Validator
from constructs_lib.deployment import Deployment
from constructs_lib.handler import Handler
from constructs_lib.links import Link
from constructs_lib.network import Network
from constructs_lib.scheduled_job.one_run import recheck_one_run_at_synth
from constructs_lib.scheduled_job.overlap import warn_of_overlapping_runs
from constructs_lib.scheduled_job.props import ScheduledJobProps
from constructs_lib.scheduled_job.schedule import job_schedule
from constructs_lib.scheduled_job.scheduler_role import scheduler_role

if TYPE_CHECKING:
    from aws_cdk import aws_kms as kms
    from aws_cdk import aws_sns as sns

else:  # imported on first use (typing.get_type_hints): importing this loads none
    sns = LazyModule("aws_sns")
    kms = LazyModule("aws_kms")

__all__ = ["ScheduledJob", "ScheduledJobProps"]


class ScheduledJob(ScheduledJobAlarms, FunctionParts, Construct):
    """A function's ``live`` alias invoked on a schedule by EventBridge Scheduler.

    Default settings: EventBridge Scheduler (not an EventBridge rule) with an explicit
    time zone (UTC) and no flexible window; a fixed JSON ``payload``; a retry policy and
    a dead-letter queue (SQS-managed encryption, TLS-only policy, 14-day retention,
    retained on stack deletion); an execution role that Scheduler alone may assume (for
    this account's default schedule group) and that may invoke only the ``live`` alias
    and send only to the dead-letter queue; reserved concurrency 1, so runs never
    overlap; the function with the library's secure defaults; alarms on function errors
    and throttles, any run dead-lettered or lost, and a section on the stack's dashboard.

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
        (once), or a ``scheduler.ScheduleExpression``. A schedule with no run left when
        the app is synthesized (an ``at`` already past, a cron's years over) is a synth
        warning, ``constructs_lib:scheduleHasNoRunLeft`` (not an error: it reads the clock).
    :param timezone: IANA time zone the expression is evaluated in (daylight saving time
        included), e.g. ``"Europe/Berlin"`` or ``cdk.TimeZone.EUROPE_BERLIN``. Default:
        ``"UTC"``; with a ``ScheduleExpression``, its own time zone (passing a different one
        is an error). A deploy-time value (a parameter) is passed to Scheduler unchecked,
        without the daylight-saving warnings.
    :param payload: the JSON object every run receives as its event. Values may be
        Scheduler context attributes such as ``ContextAttribute.scheduled_time``, and
        deploy-time values as strings (``cdk.Token.as_string(...)``; a number token is
        written as a string too). Default: ``{}``.
    :param retry_attempts: retries, 0..185, known at synth (aws-cdk-lib checks the range):
        by Scheduler when Lambda does not accept the invocation, and (at most 2) by Lambda
        when the run fails. Default: 2.
    :param max_event_age: how long to keep retrying, 1 minute..24 hours, known at synth
        (aws-cdk-lib checks the range; for the run itself, Lambda caps it at 6 hours).
        Default: 1 hour.
    :param allow_overlap: let a run start while the previous one is still running.
        Default: False: the function gets reserved concurrency 1 (a handler setting other
        than 1 is then an error). Accounts whose concurrency quota is still the new-account
        10 cannot reserve any: pass True there. A function timeout longer than the
        shortest time between two runs (``rate(1 minute)`` with a 15-minute timeout; a
        cron's in its time zone, on the nights clocks change too) is a synth warning,
        ``constructs_lib:scheduleFasterThanTimeout``: a long run delays or dead-letters
        the next ones.
    :param flexible_window: let Scheduler start each run at any time within this window
        after the scheduled time, 1..1440 whole minutes, known at synth (aws-cdk-lib checks
        the range). Default: None (exactly on time).
    :param enabled: create the schedule enabled. Default: True.
    :param description: the schedule's description. Default: none.
    :param dead_letter_queue_key: encrypt the dead-letter queue with this KMS key of the
        stack's region; Scheduler's role and the function (both send to it) get its
        kms:GenerateDataKey and kms:Decrypt. Default: SQS-managed encryption.
    :param network: run the function in this Network (VPC). Default: no VPC.
    :param alarms: function errors and throttles, any run in the dead-letter queue or
        lost on its way there, Scheduler's failed invocations. True: always; False: never.
        Default: when they have a destination (see Monitoring).
    :param alarm_topic: SNS topic the job's alarms notify, also a destination. Default:
        the stack's Monitoring topic only.
    :param deployment: ``Deployment.canary(...)`` etc. (see Deployment). Default: the
        scope's ``FunctionDefaults``, else at once.
    """

    dead_letter_queue: Final[sqs.Queue]
    """Where runs that did not succeed end up (Scheduler and Lambda both send here)."""
    function: Final[lambda_.Function]
    """The function (unqualified); the schedule invokes :attr:`alias`."""
    alias: Final[lambda_.Alias]
    """The ``live`` alias the schedule invokes."""
    schedule_group: Final[scheduler.ScheduleGroup]
    """The job's own schedule group: its Scheduler metrics (target errors, drops)
    are the job's alone, and the role trusts Scheduler for this group only."""
    role: Final[iam.Role]
    """The role Scheduler assumes: invoke the ``live`` alias, send to the queue (the
    function's own is :attr:`function_role`)."""
    schedule: Final[scheduler.Schedule]
    """The EventBridge Scheduler schedule (L2)."""
    alarms: Final[Sequence[cloudwatch.Alarm]]
    """The construct's alarms: empty with ``alarms=False``, and while they have no
    destination (by default they are created once one is named: ``alarm_topic``, the
    stack's ``Monitoring`` topic or the app's context, also after the construct)."""

    @checked_arguments
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        handler: Handler,
        schedule: str | scheduler.ScheduleExpression,
        timezone: str | TimeZone | None = None,
        payload: Mapping[str, Any] | None = None,
        retry_attempts: int = _defaults.SCHEDULE_RETRY_ATTEMPTS,
        max_event_age: Duration | None = None,
        allow_overlap: bool = False,
        flexible_window: Duration | None = None,
        enabled: bool = True,
        description: str | None = None,
        dead_letter_queue_key: kms.IKey | None = None,
        network: Network | None = None,
        alarms: bool | None = None,
        alarm_topic: sns.ITopic | None = None,
        deployment: Deployment | None = None,
    ) -> None:
        if isinstance(timezone, TimeZone):  # aws-cdk-lib's way to name a zone: its name
            timezone = timezone.timezone_name
        props = props_from(ScheduledJobProps, locals())
        super().__init__(scope, id)
        self._props = validated(self, props)
        self.dead_letter_queue = self._create_dead_letter_queue()
        core = self._create_function()
        self.function = core.function
        if not self._props.allow_overlap:
            recheck_one_run_at_synth(self, self.function)
            self._warn_of_overlapping_runs()
        self.alias = core.alias
        self._expose_parts(core)  # function_role, security_group, deployment_group
        self._send_failed_runs_to_the_dead_letter_queue()
        self.schedule_group = scheduler.ScheduleGroup(
            self, "ScheduleGroup", removal_policy=RemovalPolicy.DESTROY
        )
        self.role = scheduler_role(
            self,
            self.schedule_group,
            self.alias,
            self.dead_letter_queue,
            self._props.dead_letter_queue_key,
        )
        self.schedule = job_schedule(
            self,
            self._props,
            group=self.schedule_group,
            role=self.role,
            alias=self.alias,
            dead_letter_queue=self.dead_letter_queue,
        )
        self.alarms = self._monitor(core)

    @checked_arguments
    def link(self, *targets: Link | constructs_lib.Linkable) -> None:
        """Links the function to ``targets`` after construction, as ``Handler(links=...)``
        does (grant + environment variable): for links both ways between two constructs,
        one side links after the other exists."""
        link_after(Validator(self), [self.function], targets)

    def _create_dead_letter_queue(self) -> sqs.Queue:
        queue = _defaults.dead_letter_queue(self, encryption_key=self._props.dead_letter_queue_key)
        _nag.acknowledge(queue, _nag.SCHEDULE_DEAD_LETTER_QUEUE)
        if may_inject(self):  # a message size below the failed runs' (an injector's)
            check_dead_letter_size(queue, "the ScheduledJob")
        warn_of_shorter_retention(self, queue, "ScheduledJob", "a failed run (its payload)")
        return queue

    def _create_function(self) -> FunctionCore:
        props = self._props
        handler = props.handler
        if not props.allow_overlap:  # one run at a time
            handler = replace(handler, reserved_concurrency=1)
        core = FunctionCore(
            self,
            "Handler",
            handler=handler,
            invocation=Invocation.ASYNCHRONOUS,
            network=props.network,
            deployment=props.deployment,
            service_name=self.node.id,
        )
        if props.allow_overlap:  # else 1, a promise recheck_one_run_at_synth keeps
            reserved, prop = handler.reserved_concurrency, "handler.reserved_concurrency"
            warning = SCHEDULED_JOB_SWITCHED_OFF_WARNING
            watch_switched_off(self, reserved, prop, warning, core.function, "ScheduledJob")
        return core

    def _warn_of_overlapping_runs(self) -> None:
        """A timeout longer than the time between two runs, which one run at a time makes
        late or dead-lettered (a warning at synth)."""
        expression = self._props.expression.expression_string
        if not is_unresolved(expression):
            window = self._props.flexible_window
            warn_of_overlapping_runs(
                self,
                self.function,
                expression,
                timezone=self._props.run_zone,
                max_event_age=seconds_of(self._props.scheduler_max_event_age),
                flexible_window=0 if window is None else seconds_of(window),
            )

    def _send_failed_runs_to_the_dead_letter_queue(self) -> None:
        """Lambda retries a failed run (within its limits), then records it in the queue."""
        send_failures_to(
            self.alias,
            self.dead_letter_queue,
            retry_attempts=self._props.retry_attempts,
            max_event_age=self._props.scheduler_max_event_age,
        )

    def _monitor(self, core: FunctionCore) -> Sequence[cloudwatch.Alarm]:
        return self._props.monitor(
            self,
            widgets=lambda: [
                *job_dead_letter_widgets(
                    self.dead_letter_queue, self.function, self.schedule_group
                ),
                schedule_widget(self.schedule_group),
                *core.widgets("Handler"),
            ],
            alarms=lambda: [
                *core.alarms(),
                *job_dead_letter_alarms(
                    self, self.dead_letter_queue, self.function, self.schedule_group
                ),
                schedule_alarm(self, self.schedule_group),
            ],
        )
