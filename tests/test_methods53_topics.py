"""Topics given to methods after construction (methods53): ``worker.subscribe`` of a
topic the queue subscribes to already under another import of its ARN, and the prop that
``Monitoring.add_alarms``' topic problems name."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_sns as sns
from aws_cdk.assertions import Template

from constructs_lib import Monitoring, QueueWorker
from tests.support import echo_handler, new_stack, raised

ARN = "arn:aws:sns:us-east-1:111111111111:orders"


def _worker(stack: cdk.Stack, id: str = "Worker") -> QueueWorker:
    return QueueWorker(stack, id, handler=echo_handler())


def test_a_second_import_of_a_subscribed_topic_s_arn_is_refused() -> None:
    # Proves (methods53): only the same topic object was found; two imports of one ARN
    # made two AWS::SNS::Subscription of one queue, which SNS keeps as one
    stack = new_stack()
    worker = _worker(stack)
    worker.subscribe(sns.Topic.from_topic_arn(stack, "Orders", ARN))
    again = sns.Topic.from_topic_arn(stack, "OrdersAgain", ARN)
    (problem,) = raised(lambda: worker.subscribe(again)).problems
    assert (problem.path, problem.prop) == ("Test/Worker", "topic")
    assert problem.message.startswith(
        "has the ARN of Test/Orders, which this worker's queue already subscribes to: SNS "
        "keeps one subscription per topic and queue"
    )
    assert problem.fix.startswith("remove the second subscribe() call")


def test_an_import_of_a_created_topic_s_arn_is_the_same_topic() -> None:
    stack = new_stack()
    worker = _worker(stack)
    topic = sns.Topic(stack, "Orders", enforce_ssl=True)
    worker.subscribe(topic)
    same = sns.Topic.from_topic_arn(stack, "OrdersImport", topic.topic_arn)
    (problem,) = raised(lambda: worker.subscribe(same)).problems
    assert problem.message.startswith("has the ARN of Test/Orders")


def test_one_topic_for_two_workers_and_two_topics_for_one_stay_allowed() -> None:
    stack = new_stack()
    first, second = _worker(stack, "First"), _worker(stack, "Second")
    topic = sns.Topic.from_topic_arn(stack, "Orders", ARN)
    first.subscribe(topic)
    second.subscribe(sns.Topic.from_topic_arn(stack, "OrdersToo", ARN))
    first.subscribe(sns.Topic.from_topic_arn(stack, "Refunds", ARN.replace("orders", "refunds")))
    Template.from_stack(stack).resource_count_is("AWS::SNS::Subscription", 3)


def test_add_alarms_names_its_own_topic_argument() -> None:
    # Proves (methods53): a FIFO (or another region's) topic given to add_alarms was told
    # as `alarm_topic`, a prop add_alarms does not have
    stack = new_stack()
    alarm = cloudwatch.Metric(namespace="Shop", metric_name="Orders").create_alarm(
        stack, "Alarm", threshold=1, evaluation_periods=1
    )
    fifo = sns.Topic(stack, "Pager", fifo=True, enforce_ssl=True)
    (problem,) = raised(lambda: Monitoring.of(stack).add_alarms([alarm], fifo)).problems
    assert (problem.path, problem.prop) == ("Test/Monitoring", "topic")
    assert "a FIFO topic" in problem.message
