"""The dead-letter alarms of the constructs whose failures have no source queue to go back
to (EventHandler, ScheduledJob): each names its own sender and the command that reads the
queue, and a second alarm fires when a failure could not even be put in the queue (the
event or run is then lost, and nothing else says so); a StreamWorker's batch likewise."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_cdk import Stack
from aws_cdk import aws_events as events
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template
from constructs import Construct

from constructs_lib import EventHandler, Monitoring, ScheduledJob, StreamWorker
from tests.stream_support import WITH_STREAM
from tests.support import echo_handler, new_stack

PATTERN = {"source": ["orders"]}
# CloudWatch's limit on a description, and the longest each deploy-time value can be
DESCRIPTION_MAX = 1024
LONGEST = {"url": 137, "QueueName": 80, "function": 64}


def _alarms(stack: Stack) -> dict[str, dict[str, Any]]:
    return {
        key: alarm["Properties"]
        for key, alarm in Template.from_stack(stack)
        .find_resources("AWS::CloudWatch::Alarm")
        .items()
    }


def _one(alarms: dict[str, dict[str, Any]], kind: str) -> dict[str, Any]:
    (found,) = [alarm for key, alarm in alarms.items() if kind in key]
    return found


def _text(alarm: dict[str, Any]) -> str:
    """The description, deploy-time values as ``<logical id>``."""
    description = alarm["AlarmDescription"]
    if isinstance(description, str):
        return description
    return "".join(
        part if isinstance(part, str) else f"<{_referenced(part)}>"
        for part in description["Fn::Join"][1]
    )


def _referenced(part: dict[str, Any]) -> str:
    value = next(iter(part.values()))
    return value if isinstance(value, str) else ".".join(value)


@pytest.fixture(scope="module")
def alarms() -> dict[str, dict[str, Any]]:
    # GIVEN an EventHandler on the default bus, one on a bus of the app, and a job
    stack = new_stack()
    Monitoring(stack, alarm_topic=sns.Topic(stack, "Topic"))
    EventHandler(stack, "Events", handler=echo_handler(), event_pattern=PATTERN)
    bus = events.EventBus(stack, "Bus")
    EventHandler(stack, "OnBus", handler=echo_handler(), event_pattern=PATTERN, event_bus=bus)
    ScheduledJob(stack, "Job", handler=echo_handler(), schedule="rate(1 hour)")
    StreamWorker(stack, "Stream", handler=echo_handler(), table=WITH_STREAM.make(stack))
    return _alarms(stack)


def test_an_event_handlers_dead_letter_alarm_names_its_rule_not_scheduler(
    alarms: dict[str, dict[str, Any]],
) -> None:
    # Proves (earlier sessions' notes): both constructs' alarms said the events came "from
    # EventBridge or Scheduler", so the on-call engineer of an EventHandler looked for a
    # schedule it does not have
    text = _text(_one(alarms, "EventsDeadLetterQueueAlarm"))
    assert (
        "from the EventBridge rule (it could not invoke the function), the event, with "
        "ERROR_CODE and ERROR_MESSAGE attributes" in text
    )
    assert "Scheduler" not in text
    assert "put the event on its bus again (aws events put-events" in text


def test_a_jobs_dead_letter_alarm_names_scheduler_not_a_rule(
    alarms: dict[str, dict[str, Any]],
) -> None:
    text = _text(_one(alarms, "JobDeadLetterQueueAlarm"))
    assert (
        "from EventBridge Scheduler (it could not invoke the function), the schedule's "
        "payload, with ERROR_CODE and ERROR_MESSAGE attributes" in text
    )
    assert "rule" not in text and "EventBridge or" not in text
    assert "run it again (Lambda console, <JobHandlerFunction" in text


@pytest.mark.parametrize("construct", ["Events", "Job"])
def test_the_dead_letter_alarm_gives_the_command_reading_its_own_queue(
    alarms: dict[str, dict[str, Any]], construct: str
) -> None:
    text = _text(_one(alarms, f"{construct}DeadLetterQueueAlarm"))
    # the queue's Ref is its URL: the command runs as it is written
    assert (
        f"First: read it (aws sqs receive-message --queue-url <{construct}DeadLetterQueue"
    ) in text
    assert "> --attribute-names All --message-attribute-names All) and the function's log" in text


def test_events_lost_on_the_way_to_the_dead_letter_queue_alarm(
    alarms: dict[str, dict[str, Any]],
) -> None:
    # Proves (earlier sessions' notes): when EventBridge or Lambda could not send a failed
    # event to the dead-letter queue (its policy, its key, the queue deleted), the event was
    # gone and no alarm fired: the dead-letter queue stayed empty
    lost = _one(alarms, "EventsDeadLetterDeliveryAlarm")
    assert lost["Threshold"] == 1 and lost["EvaluationPeriods"] == 1
    assert lost["TreatMissingData"] == "notBreaching"
    metrics = _metrics(lost)
    assert metrics == {
        ("AWS/Events", "InvocationsFailedToBeSentToDlq"): [("RuleName", "EventsRule")],
        ("AWS/Lambda", "DestinationDeliveryFailures"): [("FunctionName", "EventsHandlerFunction")],
    }
    # one alarm reads both senders: billed per metric, as two alarms would be
    (expression,) = [m["Expression"] for m in lost["Metrics"] if "Expression" in m]
    assert expression == "SUM([undelivered, unrecorded])"
    text = _text(lost)
    assert text.startswith(
        "Test/Events: events were lost: EventBridge (InvocationsFailedToBeSentToDlq of the rule)"
    )
    assert "could not send them to the dead-letter queue <EventsDeadLetterQueue" in text


def test_a_rule_on_a_bus_of_its_own_is_watched_with_the_buses_name(
    alarms: dict[str, dict[str, Any]],
) -> None:
    # EventBridge publishes a custom bus's rule metrics with EventBusName and RuleName
    metrics = _metrics(_one(alarms, "OnBusDeadLetterDeliveryAlarm"))
    assert metrics[("AWS/Events", "InvocationsFailedToBeSentToDlq")] == [
        ("EventBusName", "Bus"),
        ("RuleName", "OnBusRule"),
    ]


def test_the_default_bus_named_explicitly_is_watched_as_the_default_bus() -> None:
    # a legitimate input of the same shape: the default bus imported by its name
    stack = new_stack()
    default = events.EventBus.from_event_bus_name(stack, "Default", "default")
    EventHandler(
        stack,
        "Events",
        handler=echo_handler(),
        event_pattern=PATTERN,
        event_bus=default,
        alarms=True,
    )
    metrics = _metrics(_one(_alarms(stack), "DeadLetterDeliveryAlarm"))
    assert metrics[("AWS/Events", "InvocationsFailedToBeSentToDlq")] == [("RuleName", "EventsRule")]


def test_runs_lost_on_the_way_to_the_dead_letter_queue_alarm(
    alarms: dict[str, dict[str, Any]],
) -> None:
    lost = _one(alarms, "JobDeadLetterDeliveryAlarm")
    metrics = _metrics(lost)
    assert set(metrics) == {
        ("AWS/Scheduler", "InvocationsFailedToBeSentToDeadLetterCount"),
        ("AWS/Lambda", "DestinationDeliveryFailures"),
    }
    ((dimension, _),) = metrics[("AWS/Scheduler", "InvocationsFailedToBeSentToDeadLetterCount")]
    assert dimension == "ScheduleGroup"
    text = _text(lost)
    lost_runs = "runs were lost: EventBridge Scheduler (InvocationsFailedToBeSentToDeadLetterCount"
    assert f"{lost_runs} of the schedule group)" in text
    assert "run it again (Lambda console, that function, alias live" in text


def test_batches_lost_on_the_way_to_a_stream_workers_dead_letter_queue_alarm(
    alarms: dict[str, dict[str, Any]],
) -> None:
    # Proves (alarms46): when Lambda could not send a skipped batch's pointers to the
    # mapping's on-failure destination (its policy, its key, the queue deleted), the batch
    # was gone and no alarm fired: the dead-letter queue stayed empty. Lambda counts such a
    # send in the function's DestinationDeliveryFailures (for DynamoDB and Kinesis event
    # source mappings too, AWS Lambda Developer Guide, "Types of metrics for Lambda
    # functions"), with no event source mapping metrics to turn on (those are billed)
    lost = _one(alarms, "StreamDeadLetterDeliveryAlarm")
    assert (lost["Namespace"], lost["MetricName"]) == ("AWS/Lambda", "DestinationDeliveryFailures")
    assert [(d["Name"], _prefix(d["Value"])) for d in lost["Dimensions"]] == [
        ("FunctionName", "StreamHandlerFunction")
    ]
    assert (lost["Period"], lost["Statistic"]) == (60, "Sum")
    assert (lost["Threshold"], lost["EvaluationPeriods"]) == (1, 1)
    assert lost["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
    assert lost["TreatMissingData"] == "notBreaching"
    text = _text(lost)
    assert text.startswith(
        "Test/Stream: batches were lost: skipped, but Lambda (the event source mapping's "
        "sends, DestinationDeliveryFailures of <StreamHandlerFunction"
    )
    assert "could not send them to the dead-letter queue <StreamDeadLetterQueue" in text
    assert "so no message says where their records are" in text
    # the log line names no shard, and shards written at once overlap (streams47)
    assert "find each failed record in the function's log (sequenceNumber, keys; no shard" in text
    assert "the one whose get-shard-iterator AT_SEQUENCE_NUMBER read starts with it" in text


def test_a_stream_worker_on_a_dead_letter_queue_of_its_own_alarms_on_lost_batches_too() -> None:
    # a legitimate input of the same shape: the user's queue is the on-failure destination
    stack = new_stack()
    queue = sqs.Queue(stack, "Skipped")
    worker = StreamWorker(
        stack,
        "Stream",
        handler=echo_handler(),
        table=WITH_STREAM.make(stack),
        existing_dead_letter_queue=queue,
        alarms=True,
    )
    assert worker.dead_letter_delivery_alarm is not None
    lost = _one(_alarms(stack), "DeadLetterDeliveryAlarm")
    assert "could not send them to the dead-letter queue <Skipped" in _text(lost)


def test_no_alarm_is_made_without_a_destination_or_with_alarms_false() -> None:
    # the defaults still cost nothing at idle: the new alarms follow the others
    stack = new_stack()
    EventHandler(stack, "Events", handler=echo_handler(), event_pattern=PATTERN)
    ScheduledJob(stack, "Job", handler=echo_handler(), schedule="rate(1 hour)", alarms=False)
    StreamWorker(stack, "Stream", handler=echo_handler(), table=WITH_STREAM.make(stack))
    assert _alarms(stack) == {}


def test_a_deeply_nested_constructs_descriptions_fit_cloudwatchs_limit_when_deployed() -> None:
    # the queue's URL (up to 137 characters) counted as a name (128) let a description
    # shortened to the limit at synth pass it at deploy
    stack = new_stack()
    scope: Construct = stack
    for level in range(12):
        scope = Construct(scope, f"LevelOfAVeryDeeplyNestedConstructTree{level}")
    Monitoring(stack, alarm_topic=sns.Topic(stack, "Topic"))
    built = [
        EventHandler(scope, "Events", handler=echo_handler(), event_pattern=PATTERN),
        ScheduledJob(scope, "Job", handler=echo_handler(), schedule="rate(1 hour)"),
        StreamWorker(scope, "Stream", handler=echo_handler(), table=WITH_STREAM.make(stack)),
    ]
    resources = Template.from_stack(stack).to_json()["Resources"]
    # the dead-letter queues' alarms, by the queue they watch (their logical IDs, cut to
    # CloudFormation's length, no longer say so)
    queues = {stack.get_logical_id(c.dead_letter_queue.node.default_child) for c in built}

    def longest(part: dict[str, Any]) -> int:
        value = next(iter(part.values()))
        if isinstance(value, list):
            return LONGEST[value[1]]  # Fn::GetAtt [queue, QueueName]
        kind = resources[value]["Type"]
        return LONGEST["url" if kind == "AWS::SQS::Queue" else "function"]  # a queue's Ref

    alarms = _alarms(stack)
    dead_letter = {
        key
        for key, alarm in alarms.items()
        if any(
            f'"{queue}"' in json.dumps([alarm.get("Dimensions"), alarm.get("Metrics")])
            for queue in queues
        )
    }
    assert (len(alarms), len(dead_letter)) == (14, 3)  # one per dead-letter queue
    for key, alarm in alarms.items():
        description = alarm["AlarmDescription"]
        parts = description["Fn::Join"][1] if isinstance(description, dict) else [description]
        length = sum(len(p) if isinstance(p, str) else longest(p) for p in parts)
        assert length <= DESCRIPTION_MAX, key
        if key in dead_letter:  # the long ones: the path was shortened, not the text
            assert str(parts[0]).startswith("…"), key


def _metrics(alarm: dict[str, Any]) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Each metric an alarm reads, its dimensions as (name, logical ID prefix or value)."""
    found = {}
    for query in alarm["Metrics"]:
        if "MetricStat" not in query:
            continue
        assert query["MetricStat"]["Period"] == 60 and query["MetricStat"]["Stat"] == "Sum"
        metric = query["MetricStat"]["Metric"]
        found[metric["Namespace"], metric["MetricName"]] = sorted(
            (d["Name"], _prefix(d["Value"])) for d in metric["Dimensions"]
        )
    return found


def _prefix(value: Any) -> str:
    """A Ref's logical ID without its hash; a literal value as it is."""
    if isinstance(value, dict):
        return str(value["Ref"])[:-8]
    return str(value)
