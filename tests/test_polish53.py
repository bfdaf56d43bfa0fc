"""Small defects the session's helpers found: how a prop of another type is named (None,
a class, a function, bytes); a late call to a stack synthesized by a synthesizer without a
BootstrapVersion parameter; a construct built in a synthesized stack, named as itself."""

from __future__ import annotations

import enum
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_events as events
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Annotations, Template
from constructs import Construct

from constructs_lib import EventHandler, Monitoring, QueueWorker
from tests.support import echo_handler, new_app, new_stack, raised

# --- 1. a prop of another type: what it is, in words a reader uses ----------------------


class Settings:
    """A user's class with Python's default repr (an address nobody wrote)."""


class Mode(enum.Enum):
    FAST = "fast"


def make_batch() -> int:
    return 10


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (None, "is None; it must be a whole number"),
        ({"n": 1}, "is {'n': 1}, a dict; it must be a whole number"),
        ((10,), "is (10,), a tuple; it must be a whole number"),
        ([10], "is [10], a list; it must be a whole number"),
        (Settings(), "is a Settings; it must be a whole number"),
        (Settings, "is the class Settings; it must be a whole number"),
        (Mode.FAST, "is Mode.FAST, a Mode; it must be a whole number"),
        (make_batch, "is the function make_batch; it must be a whole number"),
        (b"10", "is b'10', a bytes object; it must be a whole number"),
        (3j, "is 3j, a complex number; it must be a whole number"),
    ],
    ids=[
        "None",
        "dict",
        "tuple",
        "list",
        "instance",
        "class",
        "enum",
        "function",
        "bytes",
        "complex",
    ],
)
def test_a_prop_of_another_type_is_named_as_a_reader_names_it(given: Any, message: str) -> None:
    # Proves (polish53): None was "None, a NoneType", a class "<class 'tests...Settings'>,
    # a type" (the ConstructError then read "the class Settings, a type"), a function
    # "the function make_batch, a function", bytes "a bytes", a user's object "a Settings,
    # a Settings"
    error = raised(lambda: QueueWorker(new_stack(), "W", handler=echo_handler(), batch_size=given))
    assert [(p.prop, p.message) for p in error.problems] == [("batch_size", message)]


# --- 2. a late call to a stack whose synthesizer adds no BootstrapVersion parameter -----

SYNTHESIZERS = {
    "no bootstrap rule": lambda: cdk.DefaultStackSynthesizer(generate_bootstrap_version_rule=False),
    "legacy": cdk.LegacyStackSynthesizer,
    "CLI credentials": cdk.CliCredentialsStackSynthesizer,
}
LATE_CALLS = {
    "alarm topic": lambda stack: Monitoring.of(stack).set_alarm_topic(sns.Topic(stack, "Late")),
    "add_alarms": lambda stack: Monitoring.of(stack).add_alarms(
        [
            cloudwatch.Alarm(
                stack,
                "LateAlarm",
                metric=cloudwatch.Metric(namespace="App", metric_name="Errors"),
                threshold=1,
                evaluation_periods=1,
            )
        ]
    ),
    "dashboard": lambda stack: Monitoring.of(stack).enable_dashboard(),
}


def _synthesized_worker_stack(synthesizer: cdk.IStackSynthesizer) -> cdk.Stack:
    stack = cdk.Stack(new_app(), "Test", synthesizer=synthesizer)
    QueueWorker(stack, "Worker", handler=echo_handler())
    Template.from_stack(stack)
    return stack


@pytest.mark.parametrize("late", LATE_CALLS.values(), ids=LATE_CALLS.keys())
@pytest.mark.parametrize("synthesizer", SYNTHESIZERS.values(), ids=SYNTHESIZERS.keys())
def test_a_late_call_is_refused_whatever_the_stack_s_synthesizer(
    synthesizer: Any, late: Any
) -> None:
    # Proves (polish53): the check read only the default synthesizer's BootstrapVersion
    # parameter: with these synthesizers the call passed, and the next synth failed with
    # jsii's ConstructTreeModifiedAfterSynth naming neither the call nor the fix
    stack = _synthesized_worker_stack(synthesizer())
    error = raised(lambda: late(stack))
    [problem] = error.problems
    assert problem.message.startswith("comes after its stack 'Test' was synthesized")
    assert problem.fix.endswith(
        "before anything synthesizes the stack (a test synthesizes once its app is complete)"
    )


def test_a_stack_built_after_its_app_s_forced_synthesis_is_not_refused() -> None:
    # GIVEN an app of legacy-synthesized stacks, synthesized by Annotations.from_stack (a
    # forced synthesis, after which CDK lets the app grow)
    first = cdk.Stack(new_app(), "Test", synthesizer=cdk.LegacyStackSynthesizer())
    QueueWorker(first, "Worker", handler=echo_handler())
    Annotations.from_stack(first)
    # WHEN a new stack of it gets a worker and an alarm topic
    later = cdk.Stack(first.node.root, "Later", synthesizer=cdk.LegacyStackSynthesizer())
    QueueWorker(later, "Worker", handler=echo_handler())
    Monitoring.of(later).set_alarm_topic(sns.Topic(later, "Alarms"))
    # THEN nothing is refused: only the stacks the synthesis had are
    Annotations.from_stack(later)
    Template.from_stack(later).resource_count_is("AWS::SNS::Topic", 1)
    assert raised(lambda: Monitoring.of(first).enable_dashboard()).problems[0].path == (
        "Test/Monitoring"
    )


def test_a_stack_whose_synth_the_library_s_check_failed_still_takes_late_calls() -> None:
    # GIVEN a stack (no BootstrapVersion) whose synth a check of the library's refused
    stack = cdk.Stack(new_app(), "Test", synthesizer=cdk.LegacyStackSynthesizer())
    worker = QueueWorker(stack, "Worker", handler=echo_handler())
    cfn_queue = worker.queue.node.default_child
    assert isinstance(cfn_queue, sqs.CfnQueue)
    cfn_queue.visibility_timeout = 1  # below the function's timeout: refused at synth
    with pytest.raises(RuntimeError, match=r"`visibility_timeout` is 1 seconds in the template"):
        Template.from_stack(stack)
    # WHEN the user adds an alarm topic THEN it is taken: CDK kept no synthesis to miss it
    Monitoring.of(stack).set_alarm_topic(sns.Topic(stack, "Alarms"))
    assert Monitoring.of(stack).alarm_topic is not None


# --- 3. a construct built in a stack synthesized already: named as itself ---------------


def test_a_construct_built_after_its_stack_synthesized_is_named_with_its_fix() -> None:
    # Proves (polish53): the problem named `Monitoring.of(scope)` at Test/Monitoring, a call
    # the user never wrote, and told them to "create the stack's Monitoring"
    stack = new_stack()
    Template.from_stack(stack)
    error = raised(lambda: QueueWorker(stack, "Worker", handler=echo_handler()))
    [problem] = error.problems
    assert (problem.path, problem.prop) == ("Test/Worker", "QueueWorker(...)")
    assert "so the QueueWorker (its resources, alarms and dashboard widgets) would be in no" in (
        problem.message
    )
    assert problem.fix == (
        "build the QueueWorker before anything synthesizes the stack (a test synthesizes "
        "once its app is complete)"
    )


def test_monitoring_of_after_synth_is_still_named_as_the_call() -> None:
    stack = new_stack()
    Template.from_stack(stack)
    [problem] = raised(lambda: Monitoring.of(stack)).problems
    assert (problem.path, problem.prop) == ("Test/Monitoring", "Monitoring.of(scope)")


# --- 4. a cross-account or cross-stage read inside an aws-cdk-lib struct prop ------------


def _pattern_reading(queue: sqs.Queue) -> events.EventPattern:
    return events.EventPattern(source=["my.app"], resources=[queue.queue_url])


def test_a_cross_account_read_inside_an_event_pattern_names_the_field() -> None:
    # Proves (polish53): value_parts did not look inside aws-cdk-lib structs: the synth
    # failed with aws-cdk-lib's NoCfnExecutionRoleForCrossAccountRefs, naming no prop
    app = new_app()
    stage = cdk.Stage(app, "dev")
    cli = cdk.CliCredentialsStackSynthesizer
    data = cdk.Stack(
        stage,
        "Data",
        env=cdk.Environment(account="222222222222", region="eu-west-1"),
        synthesizer=cli(),
    )
    here = cdk.Stack(
        stage,
        "App",
        env=cdk.Environment(account="111111111111", region="eu-west-1"),
        synthesizer=cli(),
    )
    queue = sqs.Queue(data, "Queue", enforce_ssl=True)
    error = raised(
        lambda: EventHandler(
            here, "Handler", handler=echo_handler(), event_pattern=_pattern_reading(queue)
        )
    )
    [problem] = error.problems
    assert problem.prop == "event_pattern.resources[0]"
    assert problem.message.startswith("refers to dev/Data/Queue, created in the stack dev/Data")


def test_a_cross_stage_read_inside_an_event_pattern_names_the_field() -> None:
    # Proves (polish53): the synth failed with NoCrossStageDependency, naming no prop
    app = new_app()
    queue = sqs.Queue(cdk.Stack(cdk.Stage(app, "Dev"), "Data"), "Queue", enforce_ssl=True)
    here = cdk.Stack(cdk.Stage(app, "Prod"), "App")
    error = raised(
        lambda: EventHandler(
            here, "Handler", handler=echo_handler(), event_pattern=_pattern_reading(queue)
        )
    )
    [problem] = error.problems
    assert problem.prop == "event_pattern.resources[0]"
    assert problem.message.startswith("refers to Dev/Data/Queue, in stage 'Dev'")


# --- 5. a subclass's own props' types, then the base construct's problems ----------------


class TeamWorker(QueueWorker):
    """A platform team's worker.

    :param team: the owning team's slug, e.g. ``"payments"``.
    """

    def __init__(self, scope: Construct, id: str, *, team: str, **props: Any) -> None:
        self.slug = team.lower()  # a subclass may use its props before super().__init__
        super().__init__(scope, id, **props)


def test_a_subclass_s_own_type_problems_come_before_the_base_construct_s() -> None:
    # Proves (polish53, README "A subclass"): the subclass's body may use its props before
    # super().__init__ (team.lower() of 3 is an AttributeError naming no prop), so its own
    # props' types are told first, alone; the base construct's problems come at the next run
    stack = new_stack()
    first = raised(
        lambda: TeamWorker(stack, "Worker", team=3, handler=echo_handler(), batch_size=0)
    )
    assert [(p.prop, p.message) for p in first.problems] == [
        ("team", "is 3, an int; it must be a string")
    ]
    second = raised(
        lambda: TeamWorker(stack, "Worker2", team="orders", handler=echo_handler(), batch_size=0)
    )
    assert [p.prop for p in second.problems] == ["batch_size"]
