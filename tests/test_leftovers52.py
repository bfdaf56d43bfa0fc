"""Leftovers of the 52 round: an imported existing_queue whose dead-letter queue no alarm
watches warns; a dead-letter queue whose redrive allow policy refuses the worker's queue
is refused; an imported ARN that is a pattern is refused where one resource is needed;
Lazy retentions are re-checked at synth; ScheduledJob's last-run and rate spacing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import Duration
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template

from constructs_lib import QueueWorker, ScheduledJob, StreamWorker
from tests.support import echo_handler, new_stack, raised, warnings_of
from tests.test_tokens51 import _seconds

UNWATCHED = "constructs_lib:importedQueueDeadLetterUnwatched"
JOBS_ARN = "arn:aws:sqs:us-east-1:123456789012:jobs"


# --- 1. an imported existing_queue: where its failed messages go is unknown ---------------


def test_imported_queue_without_its_dead_letter_queue_warns() -> None:
    # GIVEN a worker of a queue imported by ARN, its dead-letter queue not given
    stack = new_stack(env=cdk.Environment(account="123456789012", region="us-east-1"))
    queue = sqs.Queue.from_queue_arn(stack, "Jobs", JOBS_ARN)
    QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)
    # THEN one warning, naming the queue and the prop that fixes it
    (warning,) = warnings_of(stack, UNWATCHED)
    assert warning.startswith(
        "existing_queue the aws_sqs.QueueBase 'Test/Jobs' is imported: the worker cannot "
        "see its redrive policy, so it does not know where failed messages go"
    )
    assert "Fix: pass existing_dead_letter_queue= (the queue its redrive policy names" in warning


@pytest.mark.parametrize("given", ["dead_letter_queue", "alarms_off"])
def test_imported_queue_with_its_dead_letter_queue_or_no_alarms_is_silent(given: str) -> None:
    # GIVEN the imported queue with its dead-letter queue, or a worker with no alarms
    stack = new_stack(env=cdk.Environment(account="123456789012", region="us-east-1"))
    queue = sqs.Queue.from_queue_arn(stack, "Jobs", JOBS_ARN)
    props: dict[str, Any] = (
        {"existing_dead_letter_queue": sqs.Queue.from_queue_arn(stack, "Dlq", JOBS_ARN + "-dlq")}
        if given == "dead_letter_queue"
        else {"alarms": False}
    )
    QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue, **props)
    # THEN no warning: the alarm watches the queue given, or there is no alarm to point
    assert warnings_of(stack, UNWATCHED) == []


def test_queue_of_the_app_does_not_get_the_imported_warning() -> None:
    # GIVEN a queue of the app with its dead-letter queue (the worker sees it)
    stack = new_stack()
    dead_letter = sqs.Queue(stack, "JobsDlq", retention_period=Duration.days(14))
    queue = sqs.Queue(
        stack,
        "Jobs",
        visibility_timeout=Duration.minutes(1),
        dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letter, max_receive_count=3),
    )
    QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)
    assert warnings_of(stack, UNWATCHED) == []


# --- 2. a dead-letter queue whose redrive allow policy refuses the worker's queue --------


def _allow_policy(stack: cdk.Stack, permission: str) -> sqs.RedriveAllowPolicy:
    if permission == "deny":
        return sqs.RedriveAllowPolicy(redrive_permission=sqs.RedrivePermission.DENY_ALL)
    other = sqs.Queue(stack, "Other")
    return sqs.RedriveAllowPolicy(
        redrive_permission=sqs.RedrivePermission.BY_QUEUE, source_queues=[other]
    )


@pytest.mark.parametrize(
    ("permission", "said"),
    [
        ("deny", "whose redrive_allow_policy is DENY_ALL: SQS lets no queue name it"),
        ("by_queue", "whose redrive_allow_policy (BY_QUEUE) does not list that queue: SQS"),
    ],
)
def test_dead_letter_queue_refusing_the_app_queue_is_refused(permission: str, said: str) -> None:
    # GIVEN a queue of the app whose dead-letter queue lets it not redrive there
    stack = new_stack()
    dead_letter = sqs.Queue(
        stack,
        "JobsDlq",
        retention_period=Duration.days(14),
        redrive_allow_policy=_allow_policy(stack, permission),
    )
    queue = sqs.Queue(
        stack,
        "Jobs",
        visibility_timeout=Duration.minutes(1),
        dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letter, max_receive_count=3),
    )
    error = raised(
        lambda: QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)
    )
    # THEN refused on existing_queue; the fix cannot list a queue of the app (a cycle)
    (problem,) = error.problems
    assert (problem.path, problem.prop) == ("Test/Worker", "existing_queue")
    assert problem.message == (
        "is the queue Test/Jobs, whose redrive policy names the dead-letter queue "
        f"Test/JobsDlq, {said}"
        + (
            " in a redrive policy, so the deploy of the queue fails"
            if permission == "deny"
            else " refuses a redrive policy naming it from a queue it does not list, so the "
            "deploy of the queue fails"
        )
    )
    assert problem.fix == (
        "drop the dead-letter queue's redrive_allow_policy, or pass redrive_permission="
        "sqs.RedrivePermission.ALLOW_ALL (SQS's default: every queue of its account); a "
        "BY_QUEUE list naming Test/Jobs would make each queue depend on the other, a cycle "
        "CloudFormation refuses"
    )


def test_given_dead_letter_queue_not_listing_the_imported_queue_is_refused() -> None:
    # GIVEN an imported queue and the app's dead-letter queue allowing another source only
    stack = new_stack(env=cdk.Environment(account="123456789012", region="us-east-1"))
    dead_letter = sqs.Queue(
        stack,
        "JobsDlq",
        retention_period=Duration.days(14),
        redrive_allow_policy=sqs.RedriveAllowPolicy(
            redrive_permission=sqs.RedrivePermission.BY_QUEUE,
            source_queues=[sqs.Queue.from_queue_arn(stack, "Other", JOBS_ARN + "-other")],
        ),
    )
    error = raised(
        lambda: QueueWorker(
            stack,
            "Worker",
            handler=echo_handler(),
            existing_queue=sqs.Queue.from_queue_arn(stack, "Jobs", JOBS_ARN),
            existing_dead_letter_queue=dead_letter,
        )
    )
    (problem,) = error.problems
    assert problem.prop == "existing_dead_letter_queue"
    assert "(BY_QUEUE) does not list existing_queue" in problem.message
    assert problem.fix.startswith(
        "list the queue in the dead-letter queue's redrive_allow_policy (sqs.RedriveAllowPolicy("
        "redrive_permission=sqs.RedrivePermission.BY_QUEUE, source_queues=[..., "
        f"sqs.Queue.from_queue_arn(self, 'Source', '{JOBS_ARN}')]))"
    )


def test_dead_letter_queue_listing_the_queue_passes() -> None:
    # GIVEN a dead-letter queue whose BY_QUEUE list names the imported queue
    stack = new_stack(env=cdk.Environment(account="123456789012", region="us-east-1"))
    queue = sqs.Queue.from_queue_arn(stack, "Jobs", JOBS_ARN)
    dead_letter = sqs.Queue(
        stack,
        "JobsDlq",
        retention_period=Duration.days(14),
        redrive_allow_policy=sqs.RedriveAllowPolicy(
            redrive_permission=sqs.RedrivePermission.BY_QUEUE, source_queues=[queue]
        ),
    )
    worker = QueueWorker(
        stack,
        "Worker",
        handler=echo_handler(),
        existing_queue=queue,
        existing_dead_letter_queue=dead_letter,
    )
    assert worker.queue is queue


# --- 3. an imported ARN that is a pattern where one resource is needed -------------------


def test_wildcard_queue_arn_is_refused() -> None:
    stack = new_stack(env=cdk.Environment(account="123456789012", region="us-east-1"))
    queue = sqs.Queue.from_queue_arn(stack, "Jobs", "arn:aws:sqs:us-east-1:123456789012:jobs-*")
    error = raised(
        lambda: QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)
    )
    (problem,) = error.problems
    assert (problem.path, problem.prop) == ("Test/Worker", "existing_queue")
    assert problem.message == (
        "was imported from 'arn:aws:sqs:us-east-1:123456789012:jobs-*', a pattern (*) that "
        "stands for any number of resources, not one queue's ARN: the construct would wire "
        "its functions to no queue"
    )
    assert problem.fix == (
        "import the one queue by its own ARN: sqs.Queue.from_queue_arn(self, 'Queue', "
        "<the queue's ARN>)"
    )


def test_wildcard_table_arn_of_a_stream_worker_is_refused() -> None:
    stack = new_stack(env=cdk.Environment(account="123456789012", region="us-east-1"))
    table = dynamodb.Table.from_table_attributes(
        stack,
        "Orders",
        table_arn="arn:aws:dynamodb:us-east-1:123456789012:table/orders-?",
        table_stream_arn="arn:aws:dynamodb:us-east-1:123456789012:table/orders-?/stream/x",
    )
    error = raised(lambda: StreamWorker(stack, "Worker", handler=echo_handler(), table=table))
    messages = [p.message for p in error.problems if p.prop == "table"]
    assert any("a pattern (?) that stands for any number of resources" in m for m in messages)


def test_wildcard_topic_of_a_subscription_is_refused() -> None:
    stack = new_stack(env=cdk.Environment(account="123456789012", region="us-east-1"))
    worker = QueueWorker(stack, "Worker", handler=echo_handler())
    topic = sns.Topic.from_topic_arn(stack, "Orders", "arn:aws:sns:us-east-1:123456789012:o-*")
    error = raised(lambda: worker.subscribe(topic))
    (problem,) = error.problems
    assert problem.prop == "topic"
    assert "a pattern (*) that stands for any number of resources, not one topic's" in (
        problem.message
    )


# --- 6. ScheduledJob: the day fields' L, W and # decide a last run; a rate's spacing -----

_NOW = datetime(2026, 11, 26, 13, 30, tzinfo=UTC)  # a Thursday


@pytest.mark.parametrize(
    "expression",
    [
        "cron(0 9 L 3 ? 2026)",  # 31 March
        "cron(0 9 ? 3 6#3 2026)",  # Friday 20 March
        "cron(0 9 15W 11 ? 2026)",  # the 15th is a Sunday: Monday 16 November
        "cron(0 9 ? 11 5L 2026)",  # the last Thursday is today, 09:00 is past
        "cron(0 9 ? 11 6#5 2026)",  # November 2026 has four Fridays
        "cron(0 9 LW 10 ? 2026)",  # Friday 30 October
    ],
)
def test_day_fields_l_w_and_hash_with_no_run_left_are_named(expression: str) -> None:
    from constructs_lib.scheduled_job.past import past_schedule_problem

    problem = past_schedule_problem(expression, "UTC", _NOW)
    assert problem is not None
    assert problem[0] == (
        f"is {expression!r} in UTC: its runs end in 2026 and the last one is already past "
        "(it is 2026-11-26T13:30:00 there now, as the app is synthesized), so it would "
        "never run"
    )


@pytest.mark.parametrize(
    "expression",
    [
        "cron(0 14 ? 11 5L 2026)",  # the last Thursday is today, 14:00 is to come
        "cron(0 9 LW 11 ? 2026)",  # Monday 30 November
        "cron(0 9 ? 11 6#4 2026)",  # Friday 27 November
        "cron(0 9 28W 11 ? 2026)",  # the 28th is a Saturday: Friday 27 November
        "cron(0 9 L-2 11 ? 2026)",  # an offset from the last day: not read, may run
    ],
)
def test_day_fields_l_w_and_hash_with_a_run_to_come_pass(expression: str) -> None:
    from constructs_lib.scheduled_job.past import past_schedule_problem

    assert past_schedule_problem(expression, "UTC", _NOW) is None


@pytest.mark.parametrize(
    ("expression", "where", "fix"),
    [
        ("rate(5  minutes)", "whitespace other than one space between", "write 'rate(5 minutes)'"),
        ("rate(5\tminutes)", "whitespace other than one space between", "write 'rate(5 minutes)'"),
        ("rate( 1 hour)", "whitespace after 'rate('", "write 'rate(1 hour)'"),
        ("rate(2 days )", "whitespace before ')'", "write 'rate(2 days)'"),
        ("rate(1  minutes)", "whitespace other than one space between", "write 'rate(1 minute)'"),
    ],
)
def test_rate_with_extra_whitespace_gets_the_cleaned_rate_as_fix(
    expression: str, where: str, fix: str
) -> None:
    from constructs_lib.scheduled_job.expressions import expression_problem

    problem = expression_problem(expression)
    assert problem is not None
    assert problem[0].startswith(f"is {expression!r}: it has {where}")
    assert problem[1] == fix


def test_scheduled_job_names_the_cleaned_rate() -> None:
    stack = new_stack()
    error = raised(
        lambda: ScheduledJob(stack, "Job", handler=echo_handler(), schedule="rate(5  minutes)")
    )
    (problem,) = error.problems
    assert (problem.path, problem.prop) == ("Test/Job", "schedule")
    assert problem.fix == "write 'rate(5 minutes)'"


# --- 4 and 5. an existing_queue's retention given as a Lazy value, re-checked at synth ---

_GIVEN_AS_TOKEN = (
    "It was given as a token (such as Lazy.number(...)), which the QueueWorker's checks "
    "pass when it is built; it resolved to this number only at synth."
)


def _team_queue(stack: cdk.Stack, **settings: Any) -> sqs.Queue:
    dead_letter_retention = settings.pop("dead_letter_retention", Duration.days(14))
    dead_letter = sqs.Queue(stack, "JobsDlq", retention_period=dead_letter_retention)
    return sqs.Queue(
        stack,
        "Jobs",
        dead_letter_queue=sqs.DeadLetterQueue(
            queue=dead_letter, max_receive_count=settings.pop("receives", 3)
        ),
        **settings,
    )


def _synth_failure(**settings: Any) -> str:
    stack = new_stack()
    queue = _team_queue(stack, **settings)
    QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)  # builds
    with pytest.raises(RuntimeError) as failed:
        Template.from_stack(stack)
    return str(failed.value)


def test_lazy_retention_no_longer_than_visibility_fails_the_synth_once() -> None:
    failure = _synth_failure(visibility_timeout=Duration.minutes(1), retention_period=_seconds(60))
    # THEN the literal rule's message, told as a token's, and not the retries' one too
    assert (
        "[Test/Worker] `existing_queue` (resolved at synth) is the queue Test/Jobs, which "
        "keeps a message 60 seconds, no longer than its visibility timeout (60 seconds)"
    ) in failure
    assert _GIVEN_AS_TOKEN in failure
    assert "MessageRetentionPeriod" not in failure


def test_lazy_dead_letter_retention_shorter_than_the_queue_fails_the_synth() -> None:
    failure = _synth_failure(
        visibility_timeout=Duration.minutes(1), dead_letter_retention=_seconds(3600)
    )
    assert (
        "[Test/Worker] `existing_queue` (resolved at synth) is the queue Test/Jobs; its "
        "dead-letter queue Test/JobsDlq keeps a message 3600 seconds, shorter than the "
        "queue's 345600 seconds"
    ) in failure
    assert _GIVEN_AS_TOKEN in failure
    assert "Fix: set the dead-letter queue's retention_period to at least" in failure


def test_lazy_retention_ending_before_the_receives_says_it_was_a_lazy_value() -> None:
    failure = _synth_failure(
        visibility_timeout=Duration.minutes(15), retention_period=_seconds(3600), receives=5
    )
    assert (
        "`MessageRetentionPeriod` is 3600 seconds in the template (the queue "
        "Test/Jobs/Resource), whose RedrivePolicy moves a message after 5 receives"
    ) in failure
    # THEN (5) the cause named first is the Lazy value, not only an Aspect or escape hatch
    assert (
        "It was given as a deploy-time or Lazy value (a token, such as Lazy.number(...)), "
        "which the QueueWorker's checks pass when it is built, and it resolved to this only "
        "at synth; or something changed it after the QueueWorker was built"
    ) in failure
    assert "Fix: change what produces the token, or leave the worker's queue out" in failure


def test_lazy_settings_that_fit_synthesize() -> None:
    stack = new_stack()
    queue = _team_queue(
        stack,
        visibility_timeout=_seconds(60),
        retention_period=_seconds(4 * 86400),
        dead_letter_retention=_seconds(14 * 86400),
    )
    QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)
    Template.from_stack(stack).has_resource_properties(
        "AWS::SQS::Queue", {"MessageRetentionPeriod": 4 * 86400, "VisibilityTimeout": 60}
    )


def test_an_aspect_still_reads_as_changed_after() -> None:
    # GIVEN a literal queue an Aspect shortens afterwards: the message keeps its old cause
    from constructs_lib._synth_checks import changed_after

    assert changed_after("QueueWorker", "CfnQueue") == (
        "Something changed it after the QueueWorker was built (an Aspect, or an escape hatch "
        "on its CfnQueue)"
    )


def test_wildcard_alarm_topic_is_refused() -> None:
    stack = new_stack(env=cdk.Environment(account="123456789012", region="us-east-1"))
    topic = sns.Topic.from_topic_arn(stack, "Alarms", "arn:aws:sns:us-east-1:123456789012:al-*")
    error = raised(lambda: QueueWorker(stack, "Worker", handler=echo_handler(), alarm_topic=topic))
    (problem,) = error.problems
    assert problem.prop == "alarm_topic"
    assert problem.message == (
        "was imported from 'arn:aws:sns:us-east-1:123456789012:al-*', a pattern (*) that "
        "stands for any number of resources, not one topic's ARN: CloudWatch refuses it as "
        "an alarm action"
    )
