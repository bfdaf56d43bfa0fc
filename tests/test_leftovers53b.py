"""Leftovers of this session's helpers (leftovers53b): each reproduced with a small app,
then fixed where its rule lives. Each test failed before its fix."""

from __future__ import annotations

import json
from typing import Any

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Annotations, Template
from constructs import IConstruct, IValidation

from constructs_lib import BucketEvents, Monitoring, QueueWorker, acknowledge
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


def _text(markdown: str) -> list[cloudwatch.IWidget]:
    return [cloudwatch.TextWidget(markdown=markdown, width=24, height=2)]


@pytest.mark.parametrize("dashboard", [True, False], ids=["dashboard", "no dashboard yet"])
def test_a_second_section_of_one_title_is_refused_naming_the_first(dashboard: bool) -> None:
    # Proves (leftovers53b): the dashboard got a second row headed 'Ops', its widgets apart
    # from the first's
    stack = new_stack()
    monitoring = Monitoring(stack, dashboard=dashboard)
    monitoring.add_section("Ops", _text("on call"))
    (problem,) = raised(lambda: monitoring.add_section("Ops", lambda: _text("runbook"))).problems
    assert (problem.path, problem.prop, problem.message, problem.fix) == (
        "Test/Monitoring",
        "title",
        "is 'Ops', the title of the section an earlier add_section('Ops', ...) added: the "
        "dashboard would show two rows headed the same, each with its own widgets",
        "merge the widgets into the one add_section('Ops', [...]) call (a list of both "
        "calls' widgets), or give this section a title of its own",
    )
    # THEN the dashboard has the one section; another title is taken
    monitoring.add_section("Runbook", _text("runbook"))
    if dashboard:
        body = json.dumps(Template.from_stack(stack).find_resources("AWS::CloudWatch::Dashboard"))
        assert (body.count("### Ops"), body.count("### Runbook")) == (1, 1)


@jsii.implements(cdk.IAspect)
class _Runbook:
    """A platform's Aspect adding a section to each stack's Monitoring."""

    def visit(self, node: IConstruct) -> None:
        if isinstance(node, Monitoring):
            node.add_section("Runbook", _text("https://wiki.example.com/runbook"))


def test_an_aspect_s_section_added_again_at_the_next_synth_is_still_taken() -> None:
    # a forced synthesis runs the Aspects again: the same title, after the first synthesis,
    # with a dashboard or without one, changes nothing (as before)
    for dashboard in (True, False):
        app = new_app()
        stack = cdk.Stack(app, "Test")
        Monitoring(stack, dashboard=dashboard)
        cdk.Aspects.of(app).add(_Runbook())
        app.synth()
        Annotations.from_stack(stack)  # forced: the Aspect adds its section again
        body = json.dumps(Template.from_stack(stack).to_json())
        assert body.count("### Runbook") == (1 if dashboard else 0)


def test_a_second_reason_for_one_acknowledged_finding_is_refused() -> None:
    # Proves (leftovers53b): both reasons were recorded, for cdk-nag 3 and cdk-nag 2 alike
    stack = new_stack()
    queue = sqs.Queue(stack, "Queue", enforce_ssl=True)
    first = "The queue holds public catalogue events only."
    acknowledge(queue, "AwsSolutions-SQS3", first)
    second = "Redrive is the consumer team's to set up."
    (problem,) = raised(
        lambda: acknowledge(queue, "AwsSolutions::AwsSolutions-SQS3", second)
    ).problems
    assert (problem.path, problem.prop, problem.message, problem.fix) == (
        "Test/Queue",
        "reason",
        f"is {second!r}, but 'AwsSolutions::AwsSolutions-SQS3' is acknowledged on Test/Queue "
        f"already, with the reason {first!r}: cdk-nag would record both, and a reviewer "
        "could not tell which one stands",
        "keep one acknowledgement of the finding: write what both reasons say in the first "
        "acknowledge(...) call and remove this one",
    )
    # THEN the same call again records nothing more; another scope or finding is its own
    acknowledge(queue, "AwsSolutions-SQS3", first)
    acknowledge(queue, "AwsSolutions-SQS4", second)
    acknowledge(stack, "AwsSolutions-SQS3", second)
    resource = queue.node.default_child
    assert isinstance(resource, sqs.CfnQueue)
    acknowledge(resource, "AwsSolutions-SQS3", second)
    assert raised(lambda: acknowledge(queue.node.default_child, "AwsSolutions-SQS3", first))
    template = Template.from_stack(stack).to_json()
    (queue_id,) = [k for k, v in template["Resources"].items() if v["Type"] == "AWS::SQS::Queue"]
    suppressed = template["Resources"][queue_id]["Metadata"]["cdk_nag"]["rules_to_suppress"]
    assert [(rule["id"], rule["reason"]) for rule in suppressed] == [
        ("AwsSolutions-SQS3", second),
        ("AwsSolutions-SQS3", first),
        ("AwsSolutions-SQS4", second),
    ]
    acknowledged = [  # cdk-nag 3's, on the L2 (ids qualified by aws-cdk-lib)
        (rule.rpartition("::")[2], why)
        for entry in queue.node.metadata
        if entry.type == cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY
        for rule, why in entry.data.items()
    ]
    assert acknowledged == [("AwsSolutions-SQS3", first), ("AwsSolutions-SQS4", second)]
