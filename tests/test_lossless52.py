"""Nothing is lost: a QueueWorker's queue that deletes a failing message before its last
receive is over (the message never reaches the dead-letter queue, and no alarm tells of it)
is refused; one that leaves less spare time than the oldest-message alarm waits for warns;
the nearest valid settings stay silent."""

from __future__ import annotations

import re
from typing import Any

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import Duration
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Annotations, Match, Template
from constructs import IConstruct

from constructs_lib import QueueWorker
from tests.support import echo_handler, new_app, new_stack, raised, warnings_of

WARNING = "constructs_lib:retentionNearRetries"


def warnings(stack: cdk.Stack) -> list[str]:
    return warnings_of(stack, WARNING)


def team_queue(stack: cdk.Stack, *, receives: int = 5, **props: Any) -> sqs.Queue:
    """The team's queue with a dead-letter queue keeping a message 14 days."""
    dead_letter = sqs.Queue(stack, "JobsDlq", enforce_ssl=True, retention_period=Duration.days(14))
    return sqs.Queue(
        stack,
        "Jobs",
        enforce_ssl=True,
        dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letter, max_receive_count=receives),
        **props,
    )


# --- the worker's own queue: SQS's default retention, 4 days -------------------------------


def test_own_queue_receives_outlasting_its_retention_are_refused() -> None:
    # GIVEN a worker whose queue hides a message 12 hours per receive, 8 receives: the
    # 8th is over 96 hours (4 days) after the send, when SQS's default retention ends
    stack = new_stack()
    error = raised(
        lambda: QueueWorker(
            stack,
            "Worker",
            handler=echo_handler(),
            max_receive_count=8,
            visibility_timeout=Duration.hours(12),
        )
    )
    # THEN refused, naming the prop, the seconds and the count that fits
    (problem,) = error.problems
    assert (problem.path, problem.prop) == ("Test/Worker", "max_receive_count")
    assert problem.message == (
        "is 8: a message that fails every time is received 8 times, each receive hiding it "
        "for the visibility timeout of 43200 seconds, so it can move to the dead-letter "
        "queue only 345600 seconds after it was sent, but the worker's queue keeps a "
        "message 345600 seconds (SQS's default, 4 days): SQS deletes it first, so it never "
        "reaches the dead-letter queue, and no alarm tells of it"
    )
    assert problem.fix == (
        "pass max_receive_count=7 or less, or visibility_timeout=Duration.hours(11) or less "
        "(6x the handler's timeout at least)"
    )


def test_own_queue_sized_from_a_long_handler_timeout_is_refused_at_many_receives() -> None:
    # GIVEN a 15-minute handler (visibility 6x: 5400 s) and 64 receives (345600 s)
    stack = new_stack()
    error = raised(
        lambda: QueueWorker(
            stack,
            "Worker",
            handler=echo_handler(timeout=Duration.minutes(15)),
            max_receive_count=64,
        )
    )
    (problem,) = error.problems
    assert problem.prop == "max_receive_count"
    assert "visibility timeout of 5400 seconds" in problem.message
    assert problem.fix.startswith("pass max_receive_count=63 or less")


def test_own_queue_with_little_spare_retention_warns() -> None:
    # GIVEN 8 receives of 43150 s: 345200 s, 400 s short of the 4 days
    stack = new_stack()
    QueueWorker(
        stack,
        "Worker",
        handler=echo_handler(),
        max_receive_count=8,
        visibility_timeout=Duration.seconds(43150),
    )
    # THEN a warning: a backlog of 400 s loses a failing message before the 15-minute alarm
    (warning,) = warnings(stack)
    assert warning.startswith(
        "`max_receive_count` is 8: a message that fails every time is received 8 times, "
        "each receive hiding it for the visibility timeout of 43150 seconds, so it can move "
        "to the dead-letter queue only 345200 seconds after it was sent, and the worker's "
        "queue keeps a message 345600 seconds (SQS's default, 4 days), only 400 seconds "
        "more: a failing message that also waits that long in a backlog"
    )
    assert "sooner than the oldest-message alarm fires (15 minutes)" in warning
    assert "Fix: pass max_receive_count=7 or less" in warning
    assert f"acknowledge '{WARNING}'" in warning


@pytest.mark.parametrize(
    "props",
    [
        {},  # the defaults: 5 receives of 60 s
        {"max_receive_count": 1000},  # 1000 x 60 s: 16.7 hours
        {"max_receive_count": 7, "visibility_timeout": Duration.hours(12)},  # 84 hours
        {"handler": echo_handler(timeout=Duration.minutes(15)), "max_receive_count": 63},
    ],
)
def test_own_queue_receives_within_its_retention_are_silent(props: dict[str, Any]) -> None:
    stack = new_stack()
    QueueWorker(stack, "Worker", **{"handler": echo_handler(), **props})
    assert warnings(stack) == []


def test_own_queue_with_deploy_time_settings_is_its_deployers() -> None:
    # GIVEN a visibility timeout and a receive count known only at deploy
    stack = new_stack()
    visibility = cdk.CfnParameter(stack, "Visibility", type="Number", default=43200)
    QueueWorker(
        stack,
        "Worker",
        handler=echo_handler(),
        max_receive_count=20,
        visibility_timeout=Duration.seconds(visibility.value_as_number),
    )
    # THEN nothing to compare at synth: silent, and the template has the parameter
    assert warnings(stack) == []
    queues = Template.from_stack(stack).find_resources(
        "AWS::SQS::Queue", {"Properties": {"VisibilityTimeout": {"Ref": "Visibility"}}}
    )
    assert len(queues) == 1


# --- an existing_queue of the app: its own settings and redrive policy ---------------------


def test_existing_queue_deleting_a_message_before_its_last_receive_is_refused() -> None:
    # GIVEN the team's queue keeping a message 1 hour, hiding it 15 minutes per receive,
    # and moving it after 5 receives (75 minutes)
    stack = new_stack()
    queue = team_queue(
        stack, retention_period=Duration.hours(1), visibility_timeout=Duration.minutes(15)
    )
    error = raised(
        lambda: QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)
    )
    (problem,) = error.problems
    assert (problem.path, problem.prop) == ("Test/Worker", "existing_queue")
    assert problem.message == (
        "is the queue Test/Jobs, whose redrive policy moves a message after 5 receives: a "
        "message that fails every time is received 5 times, each receive hiding it for the "
        "visibility timeout of 900 seconds, so it can move to the dead-letter queue only "
        "4500 seconds after it was sent, but the queue keeps a message 3600 seconds: SQS "
        "deletes it first, so it never reaches the dead-letter queue, and no alarm tells of it"
    )
    assert problem.fix == (
        "set the queue's retention_period to Duration.hours(2) or more, or set its redrive "
        "policy's max_receive_count to 3 or less, or set its visibility_timeout to "
        "Duration.minutes(9) or less (6x the handler's timeout at least)"
    )


def test_existing_fifo_queue_at_its_longest_retention_names_the_receives_only() -> None:
    # GIVEN a FIFO queue keeping 14 days (SQS's longest), 30 receives of 12 hours (15 days)
    stack = new_stack()
    dead_letter = sqs.Queue(stack, "JobsDlq", fifo=True, retention_period=Duration.days(14))
    queue = sqs.Queue(
        stack,
        "Jobs",
        fifo=True,
        retention_period=Duration.days(14),
        visibility_timeout=Duration.hours(12),
        dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letter, max_receive_count=30),
    )
    error = raised(
        lambda: QueueWorker(
            stack, "Worker", handler=echo_handler(), existing_queue=queue, fifo=True
        )
    )
    (problem,) = error.problems
    assert "only 1296000 seconds after it was sent, but the queue keeps a message 1209600" in (
        problem.message
    )
    # no longer retention fits: the fix names fewer receives and a shorter timeout
    assert problem.fix.startswith("set its redrive policy's max_receive_count to 27 or less")


def test_existing_queue_with_a_delivery_delay_and_little_spare_warns() -> None:
    # GIVEN 60 s of delay and 5 receives of 540 s (2760 s), retention 3000 s
    stack = new_stack()
    queue = team_queue(
        stack,
        retention_period=Duration.seconds(3000),
        visibility_timeout=Duration.seconds(540),
        delivery_delay=Duration.seconds(60),
    )
    QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)
    (warning,) = warnings(stack)
    assert "received 5 times after a delay of 60 seconds, each receive hiding it" in warning
    assert "only 2760 seconds after it was sent" in warning
    assert "only 240 seconds more" in warning


def test_existing_queue_redrive_written_on_its_cfn_queue_is_read() -> None:
    # GIVEN a redrive policy on the L1 (an escape hatch) of 10 receives of 600 s
    stack = new_stack()
    dead_letter = sqs.Queue(stack, "JobsDlq", retention_period=Duration.days(14))
    queue = sqs.Queue(
        stack,
        "Jobs",
        retention_period=Duration.hours(1),
        visibility_timeout=Duration.minutes(10),
    )
    cfn = queue.node.default_child
    assert isinstance(cfn, sqs.CfnQueue)
    cfn.redrive_policy = {"deadLetterTargetArn": dead_letter.queue_arn, "maxReceiveCount": 10}
    error = raised(
        lambda: QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)
    )
    (problem,) = error.problems
    assert problem.message.startswith(
        "is the queue Test/Jobs, whose redrive policy moves a message after 10 receives"
    )


@pytest.mark.parametrize(
    "props",
    [
        {},  # SQS's defaults: 4 days, 30 s
        {"retention_period": Duration.days(14), "visibility_timeout": Duration.hours(12)},
        {"retention_period": Duration.hours(2), "visibility_timeout": Duration.minutes(15)},
    ],
)
def test_existing_queue_receives_within_its_retention_are_silent(props: dict[str, Any]) -> None:
    stack = new_stack()
    queue = team_queue(stack, **props)
    QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)
    assert warnings(stack) == []


def test_existing_queue_imported_or_deploy_time_is_its_owners() -> None:
    stack = new_stack()
    imported = sqs.Queue.from_queue_arn(
        stack, "Imported", f"arn:aws:sqs:{stack.region}:{stack.account}:jobs"
    )
    QueueWorker(stack, "Imported Worker", handler=echo_handler(), existing_queue=imported)
    retention = cdk.CfnParameter(stack, "Retention", type="Number", default=600)
    queue = team_queue(
        stack,
        retention_period=Duration.seconds(retention.value_as_number),
        visibility_timeout=Duration.minutes(15),
    )
    QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)
    assert warnings(stack) == []


# --- at synth: a platform's Aspect that cuts every queue's retention -----------------------


@jsii.implements(cdk.IAspect)
class _EveryQueueKeeps:
    """A platform's Aspect: every CfnQueue keeps a message ``seconds``."""

    def __init__(self, seconds: int) -> None:
        self._seconds = seconds

    def visit(self, node: IConstruct) -> None:
        if isinstance(node, sqs.CfnQueue):
            node.message_retention_period = self._seconds


def _synth_with_retention(seconds: int, **props: Any) -> cdk.Stack:
    app = new_app()
    stack = cdk.Stack(app, "Test")
    QueueWorker(stack, "Worker", alarms=False, **{"handler": echo_handler(), **props})
    cdk.Aspects.of(app).add(_EveryQueueKeeps(seconds))
    app.synth()
    return stack


def test_an_aspect_cutting_the_queues_retention_below_its_receives_fails_the_synth() -> None:
    # GIVEN a 15-minute handler (visibility 5400 s, 5 receives: 27000 s) and an Aspect
    # giving every queue 1 hour: the worker's checks passed when it was built
    with pytest.raises(RuntimeError) as failed:
        _synth_with_retention(3600, handler=echo_handler(timeout=Duration.minutes(15)))
    # THEN the synth fails on the template's values, naming the queue and the fix
    message = str(failed.value)
    assert (
        "[Test/Worker] `MessageRetentionPeriod` is 3600 seconds in the template (the queue "
        "Test/Worker/Queue/Resource), whose RedrivePolicy moves a message after 5 receives: a "
        "message that fails every time is received 5 times, each receive hiding it for the "
        "visibility timeout of 5400 seconds, so it can move to the dead-letter queue only "
        "27000 seconds after it was sent, so SQS deletes it first"
    ) in message
    assert "Something changed it after the QueueWorker was built" in message
    assert "Fix: leave the worker's queue out of what changed it" in message


def test_an_aspect_keeping_the_receives_within_the_retention_synthesizes() -> None:
    # GIVEN the same Aspect over a worker whose 5 receives of 60 s take 300 s
    stack = _synth_with_retention(3600)
    queues = Template.from_stack(stack).find_resources(
        "AWS::SQS::Queue", {"Properties": {"MessageRetentionPeriod": 3600}}
    )
    assert len(queues) == 2  # the queue and its dead-letter queue (which warns apart)


# --- an existing_queue's own redrive policy: SQS's rules on the pair, or none at all ----------

ENV = cdk.Environment(account="111111111111", region="eu-west-1")
NO_REDRIVE = "constructs_lib:existingQueueWithoutRedrive"


def _with_dead_letter(stack: cdk.Stack, dead_letter: sqs.IQueue, *, fifo: bool) -> sqs.Queue:
    return sqs.Queue(
        stack,
        "Jobs",
        fifo=fifo or None,
        dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letter, max_receive_count=5),
    )


@pytest.mark.parametrize(
    ("fifo", "dead_letter", "shown"),
    [
        (
            True,
            lambda s: sqs.Queue(s, "Dlq"),
            "a FIFO queue, whose redrive policy names Test/Dlq, a standard queue",
        ),
        (
            False,
            lambda s: sqs.Queue(s, "Dlq", fifo=True),
            "a standard queue, whose redrive policy names Test/Dlq, a FIFO queue",
        ),
        # imported by the ARN of a standard queue (a FIFO queue's name ends in .fifo)
        (
            True,
            lambda s: sqs.Queue.from_queue_arn(
                s, "Dlq", "arn:aws:sqs:eu-west-1:111111111111:jobs-dlq"
            ),
            "a FIFO queue, whose redrive policy names Test/Dlq, a standard queue",
        ),
    ],
)
def test_existing_queue_with_a_dead_letter_queue_of_the_other_type_is_refused(
    fifo: bool, dead_letter: Any, shown: str
) -> None:
    stack = new_stack(env=ENV)
    queue = _with_dead_letter(stack, dead_letter(stack), fifo=fifo)
    error = raised(
        lambda: QueueWorker(
            stack, "Worker", handler=echo_handler(), existing_queue=queue, fifo=fifo
        )
    )
    (problem,) = error.problems
    assert (problem.path, problem.prop) == ("Test/Worker", "existing_queue")
    assert problem.message == (
        f"is the queue Test/Jobs, {shown}: SQS requires a dead-letter queue of its source "
        "queue's type, so the deploy of the queue fails"
    )
    kind = "a FIFO queue" if fifo else "a standard queue"
    assert problem.fix == (
        f"give the queue a dead-letter queue that is {kind} (sqs.Queue(..., fifo={fifo}))"
    )


@pytest.mark.parametrize(
    ("arn", "where"),
    [
        (
            "arn:aws:sqs:us-east-1:111111111111:jobs-dlq",
            "region us-east-1, not existing_queue's eu-west-1",
        ),
        (
            "arn:aws:sqs:eu-west-1:222222222222:jobs-dlq",
            "account 222222222222, not existing_queue's 111111111111",
        ),
    ],
)
def test_existing_queue_with_a_dead_letter_queue_elsewhere_is_refused(arn: str, where: str) -> None:
    stack = new_stack(env=ENV)
    queue = _with_dead_letter(stack, sqs.Queue.from_queue_arn(stack, "Dlq", arn), fifo=False)
    error = raised(
        lambda: QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)
    )
    (problem,) = error.problems
    assert problem.message == (
        f"is the queue Test/Jobs, whose redrive policy names Test/Dlq, in {where}: SQS keeps "
        "a dead-letter queue in its source queue's region and account, so the deploy of the "
        "queue fails"
    )
    assert problem.fix.startswith("give the queue a dead-letter queue of its own region")


def test_existing_queue_without_a_redrive_policy_warns() -> None:
    # GIVEN the team's queue with no dead-letter queue at all
    stack = new_stack()
    queue = sqs.Queue(stack, "Jobs", enforce_ssl=True)
    QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)
    # THEN a warning: a failing message is retried until the retention deletes it
    (warning,) = warnings_of(stack, NO_REDRIVE)
    assert warning.startswith(
        "existing_queue Test/Jobs shows no redrive policy: SQS moves none of its messages to "
        "a dead-letter queue, so a message that fails every time is received again until "
        "the queue's retention deletes it, and no dead-letter alarm tells of it. Fix: give "
        "the queue its dead-letter queue"
    )


@pytest.mark.parametrize(
    "queue",
    [
        # a dead-letter queue of the app, of the queue's type (FIFO too)
        lambda s: _with_dead_letter(s, sqs.Queue(s, "Dlq"), fifo=False),
        lambda s: _with_dead_letter(s, sqs.Queue(s, "Dlq", fifo=True), fifo=True),
        # imported by an ARN of the stack's region and account
        lambda s: _with_dead_letter(
            s,
            sqs.Queue.from_queue_arn(s, "Dlq", "arn:aws:sqs:eu-west-1:111111111111:jobs-dlq"),
            fifo=False,
        ),
        # a redrive policy on the L1, and an imported queue (its owner's)
        lambda s: _cfn_redrive(s),
        lambda s: sqs.Queue.from_queue_arn(s, "Jobs", "arn:aws:sqs:eu-west-1:111111111111:jobs"),
    ],
)
def test_existing_queue_with_its_dead_letter_queue_is_silent(queue: Any) -> None:
    stack = new_stack(env=ENV)
    given = queue(stack)
    QueueWorker(
        stack, "Worker", handler=echo_handler(), existing_queue=given, fifo=given.fifo is True
    )
    assert warnings_of(stack, NO_REDRIVE) == []


def _cfn_redrive(stack: cdk.Stack) -> sqs.Queue:
    dead_letter = sqs.Queue(stack, "Dlq")
    queue = sqs.Queue(stack, "Jobs")
    cfn = queue.node.default_child
    assert isinstance(cfn, sqs.CfnQueue)
    cfn.redrive_policy = {"deadLetterTargetArn": dead_letter.queue_arn, "maxReceiveCount": 5}
    return queue


# --- a queue policy past SQS's 8,192 bytes, before its 20 statements -----------------------

POLICY_SIZE = "constructs_lib:queuePolicySizeEstimate"


def _subscribed(stack_name: str, topics: int) -> list[str]:
    app = new_app()
    stack = cdk.Stack(
        app, stack_name, env=cdk.Environment(account="111111111111", region=ENV.region)
    )
    worker = QueueWorker(stack, "FulfilmentWorker", handler=echo_handler())
    for index in range(topics):
        worker.subscribe(sns.Topic(stack, f"OrderEventsTopicNumber{index}"))
    found = Annotations.from_stack(stack).find_warning(
        "*", Match.string_like_regexp(f".*{POLICY_SIZE}.*")
    )
    return [str(entry.entry.data) for entry in found]


def test_a_queue_policy_past_sqss_bytes_warns() -> None:
    # GIVEN 19 topics (20 statements, which the statement rule takes) and an 84-character
    # stack name, which each generated topic and queue name starts with
    found = _subscribed(
        "OrdersProcessingServiceProductionStackForTheEuropeanMarketsAndTheirFulfilmentCentres", 19
    )
    # THEN both policies (the queue's and its dead-letter queue's) warn, with their sizes
    assert len(found) == 2
    queue = next(w for w in found if "FulfilmentWorker/Queue/Policy" in w)
    assert re.match(
        r"the queue policy \S+/FulfilmentWorker/Queue/Policy is about (\d+) bytes "
        r"\(20 statements: ",
        queue,
    )
    assert int(re.findall(r"about (\d+) bytes", queue)[0]) > 8192
    assert "over SQS's quota of 8192 bytes for a queue policy" in queue
    assert "Fix: give some of the topics to another QueueWorker" in queue


@pytest.mark.parametrize(
    ("stack_name", "topics"),
    [
        ("OrdersProcessingServiceProductionStack", 19),  # about 7,600 bytes
        (
            "OrdersProcessingServiceProductionStackForTheEuropeanMarketsAndTheirFulfilmentCentres",
            12,
        ),
        ("Test", 0),
    ],
)
def test_a_queue_policy_within_sqss_bytes_is_silent(stack_name: str, topics: int) -> None:
    assert _subscribed(stack_name, topics) == []
