"""The warning of an alarm topic nobody subscribes to, followed as it reads: the
subscription it shows, with its dead-letter queue, and the two cdk-nag acknowledgements it
names, synthesize under enable_checks' packs with no finding and no warning left."""

from __future__ import annotations

from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Annotations, Match

from constructs_lib import Monitoring, QueueWorker, acknowledge
from tests.support import CDK_CONTEXT, echo_handler, nag_findings

#: The rules the warning names for the subscription's dead-letter queue.
QUEUE_RULES = ("AwsSolutions-SQS3", "Serverless-SQSRedrivePolicy")


def _stack(tmp_path: Path) -> tuple[cdk.App, cdk.Stack, sns.Topic]:
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Test")
    topic = sns.Topic(stack, "Pager", enforce_ssl=True)
    Monitoring(stack, alarm_topic=topic)
    QueueWorker(stack, "Worker", handler=echo_handler())
    return app, stack, topic


def _unsubscribed_warnings(stack: cdk.Stack) -> list[str]:
    found = Annotations.from_stack(stack).find_warning(
        "/Test", Match.string_like_regexp("alarms notify a topic with no subscription")
    )
    return [str(w.entry.data) for w in found]


def test_the_warning_names_the_acknowledgements_its_subscription_needs(tmp_path: Path) -> None:
    # Proves (upgrade trial 47): the warning's own example, an EmailSubscription with a
    # dead-letter queue, failed enable_checks on that queue (AwsSolutions-SQS3,
    # Serverless-SQSRedrivePolicy), and the warning did not say so
    _, stack, _ = _stack(tmp_path)
    (warning,) = _unsubscribed_warnings(stack)
    assert (
        "EmailSubscription('oncall@...', dead_letter_queue=queue)) or an HTTPS endpoint of "
        "your paging service; cdk-nag (enable_checks) wants that dead-letter queue on the "
        "subscription, TLS-only (queue = sqs.Queue(self, 'Undelivered', enforce_ssl=True): "
        "AwsSolutions-SQS4 otherwise), and then reports the queue itself, so acknowledge "
        "AwsSolutions-SQS3 and Serverless-SQSRedrivePolicy on it"
    ) in warning


@pytest.mark.parametrize("acknowledged", [True, False], ids=["as the warning says", "not"])
def test_the_warning_followed_as_written_leaves_no_finding(
    tmp_path: Path, acknowledged: bool
) -> None:
    app, stack, topic = _stack(tmp_path)
    undelivered = sqs.Queue(stack, "Undelivered", enforce_ssl=True)  # as the warning's queue
    if acknowledged:
        for rule in QUEUE_RULES:
            acknowledge(undelivered, rule, reason="The alarm subscription's dead-letter queue.")
    topic.add_subscription(
        subscriptions.EmailSubscription("oncall@example.com", dead_letter_queue=undelivered)
    )
    findings = nag_findings(app, tmp_path)
    if not acknowledged:  # the two findings the warning names, and nothing else
        assert findings == {(rule, "Test/Undelivered/Resource") for rule in QUEUE_RULES}
        return
    assert findings == set()
    assert _unsubscribed_warnings(stack) == []


def test_a_queue_without_enforce_ssl_is_the_third_finding_the_warning_names(
    tmp_path: Path,
) -> None:
    # Proves (sweep47): the warning named the two acknowledgements, not that the queue must
    # be TLS-only: a user's sqs.Queue(self, "Undelivered") as aws-cdk-lib defaults it, both
    # acknowledged, still failed enable_checks (AwsSolutions-SQS4)
    app, stack, topic = _stack(tmp_path)
    undelivered = sqs.Queue(stack, "Undelivered")
    for rule in QUEUE_RULES:
        acknowledge(undelivered, rule, reason="The alarm subscription's dead-letter queue.")
    topic.add_subscription(
        subscriptions.EmailSubscription("oncall@example.com", dead_letter_queue=undelivered)
    )
    assert nag_findings(app, tmp_path) == {("AwsSolutions-SQS4", "Test/Undelivered/Resource")}
