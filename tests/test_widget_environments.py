"""Monitoring.add_section with a widget graphing a resource of a stack of another
environment: aws-cdk-lib names that resource in the dashboard's stack only by a physical
name. Without one, the synth failed with a CannotUseCrossEnvironment trace naming no prop;
the section is a ConstructError when it is added (or built, for a function)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Match, Template

from constructs_lib import ConstructError, Monitoring
from tests.support import new_app

EU = cdk.Environment(account="111111111111", region="eu-west-1")
US = cdk.Environment(account="111111111111", region="us-east-1")
OTHER_ACCOUNT = cdk.Environment(account="222222222222", region="eu-west-1")


def _graph(queue: sqs.Queue) -> list[cloudwatch.IWidget]:
    return [cloudwatch.GraphWidget(left=[queue.metric_approximate_number_of_messages_visible()])]


def _stacks(
    there: cdk.Environment | None, here: cdk.Environment | None
) -> tuple[cdk.Stack, cdk.Stack]:
    app = new_app()
    return cdk.Stack(app, "There", env=there), cdk.Stack(app, "Here", env=here)


@pytest.mark.parametrize(
    "envs",
    [(EU, US), (OTHER_ACCOUNT, EU), (None, EU), (EU, None)],
    ids=["other region", "other account", "agnostic there", "agnostic here"],
)
def test_a_section_graphing_a_resource_of_another_environment_is_named(
    envs: tuple[cdk.Environment | None, cdk.Environment | None],
) -> None:
    there, here = _stacks(*envs)
    queue = sqs.Queue(there, "Jobs")
    monitoring = Monitoring(here, dashboard=True)
    with pytest.raises(ConstructError) as raised:
        monitoring.add_section("Jobs", [cloudwatch.TextWidget(markdown="# Jobs"), *_graph(queue)])
    message = str(raised.value)
    assert (
        "Here/Monitoring: `widgets[1]` (section 'Jobs') graphs There/Jobs, a resource of "
        "another environment than this dashboard's stack Here"
    ) in message
    assert "Fix: add the section to the dashboard of the resource's stack" in message
    assert "give the resource a physical name (e.g. queue_name=...)" in message


def test_a_section_built_by_a_function_is_named_when_built() -> None:
    there, here = _stacks(EU, US)
    queue = sqs.Queue(there, "Jobs")
    build: Callable[[], Sequence[cloudwatch.IWidget]] = lambda: _graph(queue)  # noqa: E731
    Monitoring(here).add_section("Jobs", build)
    with pytest.raises(
        ConstructError, match=r"`widgets\[0\]` \(section 'Jobs'\) graphs There/Jobs"
    ):
        Monitoring.of(here).enable_dashboard()


@pytest.mark.parametrize(
    ("envs", "queue_name"),
    [((EU, EU), None), ((None, None), None), ((EU, US), "jobs"), ((OTHER_ACCOUNT, EU), "jobs")],
    ids=["same env", "both agnostic", "other region, named", "other account, named"],
)
def test_a_section_graphing_a_resource_it_can_name_is_on_the_dashboard(
    envs: tuple[cdk.Environment | None, cdk.Environment | None], queue_name: str | None
) -> None:
    there, here = _stacks(*envs)
    queue = sqs.Queue(there, "Jobs", queue_name=queue_name)
    Monitoring(here, dashboard=True).add_section("Jobs", _graph(queue))
    Template.from_stack(here).has_resource("AWS::CloudWatch::Dashboard", Match.any_value())


def test_a_section_coming_again_resolves_its_new_widgets_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN a synthesized dashboard with a section
    stack = cdk.Stack(new_app(), "Here")
    queue = sqs.Queue(stack, "Queue")
    monitoring = Monitoring(stack, dashboard=True)
    monitoring.add_section("Ops", _graph(queue))
    Template.from_stack(stack)
    resolved: list[object] = []
    resolve = stack.resolve
    monkeypatch.setattr(stack, "resolve", lambda value: resolved.append(value) or resolve(value))
    # WHEN the same section comes again (an Aspect's, at the next synthesis)
    monitoring.add_section("Ops", _graph(queue))
    # THEN its new widget is resolved once, by the environment check, which the comparison
    # with the section on the dashboard reuses; that section is resolved once too
    assert len(resolved) == 2


def test_a_section_whose_graph_got_a_metric_since_is_not_the_same_section() -> None:
    # GIVEN a synthesized dashboard's section, whose graph was given a metric afterwards
    stack = cdk.Stack(new_app(), "Here")
    queue = sqs.Queue(stack, "Queue")
    monitoring = Monitoring(stack, dashboard=True)
    (graph,) = _graph(queue)
    monitoring.add_section("Ops", [graph])
    Template.from_stack(stack)
    assert isinstance(graph, cloudwatch.GraphWidget)
    graph.add_left_metric(queue.metric_number_of_messages_deleted())
    # WHEN the section comes again as it was first added
    # THEN it is not taken for the same one: the dashboard's is compared as it is now
    with pytest.raises(ConstructError, match=r"other widgets than the synthesized section"):
        monitoring.add_section("Ops", _graph(queue))
