"""The dashboard graphs what the lost-on-the-way alarms read (``DeadLetterDeliveryAlarm``:
EventHandler, ScheduledJob, StreamWorker), beside the dead-letter queue's depth, so the
on-call engineer paged by one sees what alarmed."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_cdk import aws_sns as sns
from aws_cdk.assertions import Template

from constructs_lib import EventHandler, Monitoring, ScheduledJob, StreamWorker
from tests.stream_support import WITH_STREAM
from tests.support import echo_handler, new_stack

#: each construct, and what its failed-sends graph is titled
BUILT = {
    "Events": "events lost",
    "Job": "runs lost",
    "Stream": "batches lost",
}


@pytest.fixture(scope="module")
def template() -> Template:
    # GIVEN each construct with its alarms and the stack's dashboard
    stack = new_stack()
    Monitoring(stack, alarm_topic=sns.Topic(stack, "Topic"), dashboard=True)
    EventHandler(stack, "Events", handler=echo_handler(), event_pattern={"source": ["orders"]})
    ScheduledJob(stack, "Job", handler=echo_handler(), schedule="rate(1 hour)")
    StreamWorker(stack, "Stream", handler=echo_handler(), table=WITH_STREAM.make(stack))
    return Template.from_stack(stack)


def _widgets(template: Template) -> list[dict[str, Any]]:
    """The dashboard's widgets, each deploy-time value written as its logical ID."""
    (dashboard,) = template.find_resources("AWS::CloudWatch::Dashboard").values()
    parts = dashboard["Properties"]["DashboardBody"]["Fn::Join"][1]
    body = "".join(p if isinstance(p, str) else _logical_id(p) for p in parts)
    return list(json.loads(body)["widgets"])


def _logical_id(part: dict[str, Any]) -> str:
    value = next(iter(part.values()))
    return value if isinstance(value, str) else str(value[0])


def _alarm(template: Template, construct: str) -> dict[str, Any]:
    (alarm,) = [
        a["Properties"]
        for key, a in template.find_resources("AWS::CloudWatch::Alarm").items()
        if key.startswith(f"{construct}DeadLetterDeliveryAlarm")
    ]
    return alarm


def _read_by_alarm(alarm: dict[str, Any]) -> list[tuple[str, ...]]:
    """What an alarm reads: its expression, then each metric with its dimensions, period
    and statistic (a single metric's, or each of its metric math's)."""
    if "Metrics" not in alarm:
        dimensions = [(d["Name"], _logical_id(d["Value"])) for d in alarm["Dimensions"]]
        return [
            (alarm["Namespace"], alarm["MetricName"], *(x for d in dimensions for x in d)),
            (str(alarm["Period"]), alarm["Statistic"]),
        ]
    read: list[tuple[str, ...]] = []
    for query in alarm["Metrics"]:
        if "Expression" in query:
            read.append((query["Expression"],))
            continue
        stat = query["MetricStat"]
        metric = stat["Metric"]
        dimensions = [
            (d["Name"], d["Value"] if isinstance(d["Value"], str) else _logical_id(d["Value"]))
            for d in metric["Dimensions"]
        ]
        read.append(
            (metric["Namespace"], metric["MetricName"], *(x for d in dimensions for x in d))
        )
        read.append((str(stat["Period"]), stat["Stat"]))
    return read


def _graphed(widget: dict[str, Any]) -> list[tuple[str, ...]]:
    """What a graph shows, in the same shape as :func:`_read_by_alarm`."""
    graphed: list[tuple[str, ...]] = []
    for line in widget["properties"]["metrics"]:
        *names, options = line
        if "expression" in options:
            graphed.append((options["expression"],))
            continue
        graphed.append(tuple(names))
        graphed.append((str(options["period"]), options["stat"]))
    return graphed


@pytest.mark.parametrize("construct", BUILT)
def test_the_dashboard_graphs_the_failed_sends_the_alarm_reads(
    template: Template, construct: str
) -> None:
    # Proves (alarms46): the DeadLetterDeliveryAlarm paged the on-call engineer, but no
    # graph of the dashboard showed its metrics: only the queue's depth, which stays 0
    # when the sends fail
    title = f"Failed sends to the dead-letter queue ({BUILT[construct]})"
    (graph,) = [w for w in _widgets(template) if w["properties"].get("title") == title]
    # THEN it reads what the alarm reads: the same expression, metrics, period, statistic
    alarm = _alarm(template, construct)
    assert sorted(_graphed(graph)) == sorted(_read_by_alarm(alarm))
    # AND it stands beside the dead-letter queue's depth, each half the dashboard's width
    depth = next(
        w
        for w in _widgets(template)
        if w["properties"].get("title", "").startswith("Dead-letter queue depth")
        and w["y"] == graph["y"]
    )
    assert (depth["width"], graph["width"]) == (12, 12)
    assert (depth["x"], graph["x"]) == (0, 12)


def test_the_graph_is_there_without_alarms_as_the_queues_depth_is() -> None:
    # widgets are registered whatever the alarms: the failed sends are worth seeing when no
    # alarm watches them (no destination yet)
    stack = new_stack()
    Monitoring(stack, dashboard=True)
    ScheduledJob(stack, "Job", handler=echo_handler(), schedule="rate(1 hour)")
    titles = [w["properties"].get("title") for w in _widgets(Template.from_stack(stack))]
    assert "Failed sends to the dead-letter queue (runs lost)" in titles
    assert Template.from_stack(stack).find_resources("AWS::CloudWatch::Alarm") == {}
