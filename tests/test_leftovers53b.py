"""Leftovers of this session's helpers (leftovers53b): each reproduced with a small app,
then fixed where its rule lives. Each test failed before its fix."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template
from constructs import IValidation

from constructs_lib import BucketEvents, Monitoring, QueueWorker
from tests.support import echo_handler, new_app, new_stack, raised

_AFTER_SYNTH = (
    "comes after its stack 'Test' was synthesized (by app.synth(), template_snapshot(...) "
    "or Template.from_stack(...)); CDK keeps that synthesis, so the stack's Monitoring (its "
    "alarm destination and dashboard, made on first use by Monitoring(stack), "
    "Monitoring.of(scope) or the library's first construct in the stack) would be in no "
    "template (and the next one fails with ConstructTreeModifiedAfterSynth)"
)


@pytest.mark.parametrize(
    ("create", "call"),
    [
        (lambda stack: Monitoring(stack, dashboard=True), "Monitoring(scope)"),
        (lambda stack: Monitoring.of(stack), "Monitoring.of(scope)"),
    ],
    ids=["Monitoring(stack)", "Monitoring.of(stack)"],
)
def test_a_monitoring_made_after_its_stack_synthesized_is_refused(create: Any, call: str) -> None:
    # Proves (leftovers53b): the Monitoring was created in the synthesized tree, and the
    # next synth failed with jsii's ConstructTreeModifiedAfterSynth trace, naming no call
    stack = new_stack()
    sqs.Queue(stack, "Queue", enforce_ssl=True)
    before = Template.from_stack(stack).to_json()
    (problem,) = raised(lambda: create(stack)).problems
    assert (problem.path, problem.prop, problem.message) == ("Test/Monitoring", call, _AFTER_SYNTH)
    assert problem.fix == (
        "create the stack's Monitoring and the library's constructs before anything "
        "synthesizes the stack (a test synthesizes once its app is complete)"
    )
    # THEN nothing was added: the app synthesizes again as it did
    assert stack.node.try_find_child("Monitoring") is None
    assert Template.from_stack(stack).to_json() == before


def test_a_monitoring_made_before_the_synth_is_still_found_after_it() -> None:
    stack = new_stack()
    monitoring = Monitoring(stack)
    Template.from_stack(stack)
    assert Monitoring.of(stack) is monitoring is Monitoring(stack)


@jsii.implements(IValidation)
class _FailOnce:
    def __init__(self) -> None:
        self.failed = False

    def validate(self) -> list[str]:
        if self.failed:
            return []
        self.failed = True
        return ["fails the first synth"]


def test_a_monitoring_made_after_a_failed_synth_is_taken() -> None:
    # a synth that failed kept nothing: the next one builds the tree again, with it
    app = new_app()
    stack = cdk.Stack(app, "Test")
    sqs.Queue(stack, "Queue", enforce_ssl=True)
    stack.node.add_validation(_FailOnce())
    with pytest.raises(RuntimeError, match="fails the first synth"):
        app.synth()
    monitoring = Monitoring(stack, dashboard=True)
    Template.from_stack(stack).resource_count_is("AWS::CloudWatch::Dashboard", 1)
    assert Monitoring.of(stack) is monitoring


@pytest.mark.parametrize(
    ("filters", "prop"),
    [
        ({"prefix": 1}, "prefix"),  # jsii's TypeError named neither the prop nor a fix
        ({"suffix": ["a"]}, "suffix"),
        ({"prefix": ""}, "prefix"),  # an empty filter went to S3, which refuses it
        ({"prefix": "/incoming/"}, "prefix"),  # matched no key S3 writes
        ({"prefix": "incoming/*"}, "prefix"),
    ],
)
def test_bucket_events_key_filters_tells_what_queue_worker_tells(
    filters: dict[str, Any], prop: str
) -> None:
    # Proves (leftovers53b): BucketEvents(bucket, prefix=1).key_filters() called on its
    # own (to build a notification by hand) raised jsii's TypeError, or returned a filter
    # QueueWorker(sources=...) refuses
    stack = new_stack()
    bucket = s3.Bucket(stack, "Uploads", enforce_ssl=True)
    events = BucketEvents(bucket, **filters)
    (own,) = raised(events.key_filters).problems
    worker = raised(lambda: QueueWorker(stack, "Worker", handler=echo_handler(), sources=[events]))
    (as_source,) = [p for p in worker.problems if p.prop == f"sources[0].{prop}"]
    assert (own.path, own.prop) == ("BucketEvents.key_filters", prop)
    assert (own.message, own.fix) == (as_source.message, as_source.fix)


def test_bucket_events_key_filters_lists_both_problems_and_keeps_good_filters() -> None:
    stack = new_stack()
    bucket = s3.Bucket(stack, "Uploads", enforce_ssl=True)
    problems = raised(BucketEvents(bucket, prefix=2, suffix="\tcsv").key_filters).problems
    assert [(p.prop, p.message) for p in problems] == [
        ("prefix", "is 2; it must be a non-empty string"),
        (
            "suffix",
            "is '\\tcsv', with a tab ('\\t') at character 1, which the keys meant do not hold",
        ),
    ]
    (kept,) = BucketEvents(bucket, prefix="incoming/", suffix=".csv").key_filters()
    assert (kept.prefix, kept.suffix) == ("incoming/", ".csv")
    assert BucketEvents(bucket).key_filters() == []


_ONE_SPACE = "Scheduler reads 'rate(value unit)' with one space"


@pytest.mark.parametrize(
    ("rate", "message", "fix"),
    [
        (
            "rate( 5minutes )",
            "it has whitespace after 'rate(' and before ')', and no space between the value "
            f"and the unit; {_ONE_SPACE}",
            "write 'rate(5 minutes)'",
        ),
        (
            "rate(\t1minutes)",
            "it has whitespace after 'rate(', and no space between the value and the unit; "
            f"{_ONE_SPACE}; and the unit must be singular for 1",
            "write 'rate(1 minute)'",
        ),
        (
            "rate( 5  minutes )",
            "it has whitespace after 'rate(' and before ')', and whitespace other than one "
            f"space between the value and the unit; {_ONE_SPACE}",
            "write 'rate(5 minutes)'",
        ),
        (
            "rate( 2 Hours )",
            f"it has whitespace after 'rate(' and before ')'; {_ONE_SPACE}; and 'Hours' is not "
            "a unit; rates are in minutes, hours or days, written out in lowercase",
            "write 'rate(2 hours)'",
        ),
    ],
)
def test_a_rate_s_every_spacing_and_unit_problem_is_told_in_one_message(
    rate: str, message: str, fix: str
) -> None:
    # Proves (leftovers53b): 'rate( 5minutes )' was told only "no space between the value
    # and the unit", though the fix also removed the spaces around it; 'rate( 2 Hours )'
    # only "whitespace after 'rate('", though the fix also changed the unit's case
    from constructs_lib.scheduled_job.expressions import expression_problem

    assert expression_problem(rate) == (f"is {rate!r}: {message}", fix)
