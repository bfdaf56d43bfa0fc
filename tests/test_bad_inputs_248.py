"""Bad inputs on round 48's newest surface (bad248), from the wheel: each defect found,
asserted by its message, and the legitimate variants beside them synthesizing under
cdk-nag. QueueWorker.subscribe's message-body policy, delivery flag and topic reach, a
rollback alarm imported from another ARN, parameter names no parameter has, and the
deployment hook helpers given what is not CodeDeploy's event or a JSON payload."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_ssm as ssm
from aws_cdk.assertions import Match, Template

from constructs_lib import ConstructError, Deployment, QueueWorker
from constructs_lib_runtime import deployment_hooks
from tests.support import (
    CDK_CONTEXT,
    assert_every_problem,
    assert_rule,
    echo_handler,
    nag_findings,
    new_app,
    new_stack,
    rule_cases,
)

ENV = cdk.Environment(account="111111111111", region="eu-west-1")
SF = sns.SubscriptionFilter
KIND = SF.string_filter(allowlist=["order"])
BODY_KIND = sns.FilterOrPolicy.filter(KIND)


def _subscribe(**options: Any) -> None:
    """A worker of a stack in ``ENV`` subscribing to a topic of that stack."""
    stack = new_stack(env=ENV)
    worker = QueueWorker(stack, "Worker", handler=echo_handler(), alarms=False)
    worker.subscribe(sns.Topic(stack, "Orders"), **options)


def _values(count: int) -> sns.FilterOrPolicy:
    return sns.FilterOrPolicy.filter(SF.string_filter(allowlist=[str(i) for i in range(count)]))


SUBSCRIBE_CASES = [
    (
        "raw delivery not a bool",
        {"raw_message_delivery": "yes"},
        r"Test/Worker: `raw_message_delivery` is 'yes', a str, not True or False\. Fix: pass "
        r"True",
    ),
    (
        "raw delivery None",
        {"raw_message_delivery": None},
        r"`raw_message_delivery` is None, not True or False\. Fix: pass True",
    ),
    (
        "body policy a string",
        {"filter_policy_with_message_body": "{}"},
        r"`filter_policy_with_message_body` is '\{\}', a str, not a mapping of key names to "
        r"sns\.FilterOrPolicy\. Fix: pass e\.g\. \{\"kind\": sns\.FilterOrPolicy\.filter\(",
    ),
    (
        "body policy of attribute filters",
        {"filter_policy_with_message_body": {"kind": KIND}},
        r"`filter_policy_with_message_body` is \{'kind': an aws_sns\.SubscriptionFilter\}.*not "
        r"a mapping of key names to sns\.FilterOrPolicy",
    ),
    (
        "body policy of 6 keys",
        {"filter_policy_with_message_body": {f"k{i}": BODY_KIND for i in range(6)}},
        r"`filter_policy_with_message_body` names 6 body keys; SNS takes at most 5 in a filter "
        r"policy\. Fix: remove 1 of them",
    ),
    (
        # aws-cdk-lib's count: each value list's length times its depth (2 * 10 * 2 * 5)
        "body policy over 150 combinations, nested",
        {
            "filter_policy_with_message_body": {
                "a": _values(10),
                "order": sns.FilterOrPolicy.policy({"b": _values(10)}),
            }
        },
        r"`filter_policy_with_message_body` has 200 combinations of values .*SNS takes at "
        r"most 150\. Fix: remove values",
    ),
    (
        "both policies",
        {"filter_policy": {"kind": KIND}, "filter_policy_with_message_body": {"kind": BODY_KIND}},
        r"`filter_policy_with_message_body` is given with filter_policy: .*aws-cdk-lib would "
        r"keep filter_policy and drop this one in silence\. Fix: pass one of them",
    ),
    (
        "empty attribute policy",
        {"filter_policy": {}},
        r"`filter_policy` is empty: it names no key, so it filters nothing .*\. Fix: "
        r"leave filter_policy out to deliver every message",
    ),
    (
        "empty body policy",
        {"filter_policy_with_message_body": {}},
        r"`filter_policy_with_message_body` is empty: .*Fix: leave "
        r"filter_policy_with_message_body out",
    ),
    (
        "empty allowlist",
        {"filter_policy": {"kind": SF.string_filter(allowlist=[])}},
        r"`filter_policy` matches no value for 'kind' \(an empty allowlist\): SNS refuses an "
        r"empty list of values at deploy\. Fix: list at least one value",
    ),
    (
        "empty allowlist in a nested body policy",
        {
            "filter_policy_with_message_body": {
                "order": sns.FilterOrPolicy.policy({"kind": _values(0)})
            }
        },
        # papercuts348: it said "(an empty allowlist)" of 'order', a nested policy
        r"`filter_policy_with_message_body` matches no value for 'order' \(a nested policy "
        r"whose 'kind' is an empty allowlist\): SNS refuses an empty list of values at "
        r"deploy\. Fix: list at least one value",
    ),
    (
        "empty nested body policy",
        {
            "filter_policy_with_message_body": {
                "kind": BODY_KIND,
                "order": sns.FilterOrPolicy.policy({}),
            }
        },
        r"`filter_policy_with_message_body` matches no value for 'order' \(an empty nested "
        r"policy\): SNS",
    ),
    (
        "empty attribute name",
        {"filter_policy": {"": KIND}},
        r"`filter_policy` has the key\(s\) '': a name SNS filters on is a non-empty string\. "
        r"Fix: use the message attribute's",
    ),
    (
        "number beyond SNS's range",
        {"filter_policy": {"total": SF.numeric_filter(greater_than=2_000_000_000)}},
        r"`filter_policy` compares with 2000000000: SNS matches numbers from -1,000,000,000 to "
        r"1,000,000,000 only .*Fix: use a bound within that range",
    ),
    (
        "number beyond SNS's range in a body policy",
        {
            "filter_policy_with_message_body": {
                "total": sns.FilterOrPolicy.filter(SF.numeric_filter(less_than=-1.5e9))
            }
        },
        r"`filter_policy_with_message_body` compares with -1500000000",
    ),
]


@rule_cases(SUBSCRIBE_CASES)
def test_subscribe_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_subscribe, props, message)


def test_every_problem_of_the_filters_is_listed_at_once() -> None:
    assert_every_problem(
        _subscribe,
        {
            "raw_message_delivery": "no",
            "filter_policy": {"": KIND},
            "filter_policy_with_message_body": {f"k{i}": BODY_KIND for i in range(6)},
        },
        "Test/Worker",
        [
            "raw_message_delivery",
            "filter_policy_with_message_body",
            "filter_policy",
            "filter_policy_with_message_body",
        ],
    )


def _worker_and_topic_in(topic_env: cdk.Environment | None, **topic_props: Any) -> cdk.App:
    """A worker in ``ENV`` subscribing to a topic another stack creates in ``topic_env``."""
    app = new_app()
    theirs = cdk.Stack(app, "Topics", env=topic_env)
    topic = sns.Topic(theirs, "Orders", **topic_props)
    stack = cdk.Stack(app, "Test", env=ENV)
    QueueWorker(stack, "Worker", handler=echo_handler(), alarms=False).subscribe(topic)
    return app


@pytest.mark.parametrize(
    ("topic_env", "where"),
    [
        (
            cdk.Environment(account="111111111111", region="us-east-1"),
            "region us-east-1, not eu-west-1",
        ),
        (cdk.Environment(account="222222222222", region="eu-west-1"), "account 222222222222"),
        (None, "an environment-agnostic stack"),
    ],
    ids=["region", "account", "environment-agnostic"],
)
def test_a_topic_created_in_another_environment_is_named_with_the_fix(
    topic_env: cdk.Environment | None, where: str
) -> None:
    # Before: CannotUseCrossEnvironment, a jsii trace naming neither worker nor topic
    with pytest.raises(
        ConstructError,
        match=rf"Test/Worker: `topic` is Topics/Orders, created in {where}.*Fix: give the topic "
        r"a name \(sns\.Topic\(\.\.\., topic_name=PhysicalName\.GENERATE_IF_NEEDED\)\)",
    ):
        _worker_and_topic_in(topic_env)


def test_the_fix_a_named_topic_of_another_region_is_subscribed_from_there() -> None:
    app = _worker_and_topic_in(
        cdk.Environment(account="111111111111", region="us-east-1"),
        topic_name=cdk.PhysicalName.GENERATE_IF_NEEDED,
    )
    template = Template.from_stack(app.node.find_child("Test"))  # type: ignore[arg-type]
    template.has_resource_properties(
        "AWS::SNS::Subscription", {"Region": "us-east-1", "RawMessageDelivery": True}
    )


def test_a_topic_of_another_stage_or_app_is_a_construct_error() -> None:
    # Before: NoCrossStageDependency at synth
    app = new_app()
    topic = sns.Topic(cdk.Stack(cdk.Stage(app, "Beta"), "Topics", env=ENV), "Orders")
    worker = QueueWorker(cdk.Stack(app, "Test", env=ENV), "Worker", handler=echo_handler())
    with pytest.raises(ConstructError, match=r"`topic` is in stage 'Beta', not this construct's"):
        worker.subscribe(topic)
    other = sns.Topic(new_stack(env=ENV), "Orders")
    with pytest.raises(
        ConstructError, match=r"`topic` is the aws_sns\.Topic 'Test/Orders' of another cdk\.App"
    ):
        worker.subscribe(other)


def test_a_topic_of_the_parent_of_the_workers_nested_stack_is_named() -> None:
    # Before: CannotDependOnParent at subscribe, a jsii trace
    stack = new_stack(env=ENV)
    topic = sns.Topic(stack, "Orders")
    worker = QueueWorker(cdk.NestedStack(stack, "Workers"), "Worker", handler=echo_handler())
    message = (
        r"Test/Workers/Worker: `topic` is Test/Orders, of the stack 'Test' this worker's nested "
        r"stack 'Test/Workers' is part of: a nested stack cannot depend on its parent.*Fix: "
        r"create the topic in 'Test/Workers' \(or in a stack of its own\), or the worker in 'Test'"
    )
    with pytest.raises(ConstructError, match=message):
        worker.subscribe(topic)


def test_a_worker_subscribes_to_a_topic_of_its_nested_stack() -> None:
    stack = new_stack(env=ENV)
    topic = sns.Topic(cdk.NestedStack(stack, "Topics"), "Orders")
    QueueWorker(stack, "Worker", handler=echo_handler(), alarms=False).subscribe(topic)
    Template.from_stack(stack).resource_count_is("AWS::SNS::Subscription", 1)


def test_a_topic_imported_from_another_services_arn_is_refused() -> None:
    stack = new_stack(env=ENV)
    worker = QueueWorker(stack, "Worker", handler=echo_handler())
    queue_arn = "arn:aws:sqs:eu-west-1:111111111111:orders"
    with pytest.raises(
        ConstructError,
        match=rf"`topic` was imported from '{queue_arn}', the ARN of 'sqs', not of an SNS topic",
    ):
        worker.subscribe(sns.Topic.from_topic_arn(stack, "Orders", queue_arn))


def test_subscribe_after_synth_is_refused() -> None:
    # Before: nothing happened, and the subscription was in no template
    stack = new_stack(env=ENV)
    worker = QueueWorker(stack, "Worker", handler=echo_handler())
    topic = sns.Topic(stack, "Orders")
    Template.from_stack(stack)
    with pytest.raises(
        ConstructError,
        match=r"Test/Worker: `topic` comes after its stack 'Test' was synthesized.*Fix: call "
        r"subscribe\(topic\) before",
    ):
        worker.subscribe(topic)


def test_a_nested_body_policy_is_rendered_with_its_scope() -> None:
    stack = new_stack(env=ENV)
    worker = QueueWorker(stack, "Worker", handler=echo_handler(), alarms=False)
    worker.subscribe(
        sns.Topic(stack, "Orders"),
        filter_policy_with_message_body={"order": sns.FilterOrPolicy.policy({"kind": BODY_KIND})},
    )
    Template.from_stack(stack).has_resource_properties(
        "AWS::SNS::Subscription",
        {"FilterPolicyScope": "MessageBody", "FilterPolicy": {"order": {"kind": ["order"]}}},
    )


# --- add_rollback_alarm: an alarm imported from another ARN ---------------------------


@pytest.mark.parametrize(
    ("arn", "message"),
    [
        (
            "arn:aws:sns:eu-west-1:111111111111:alarms",
            r"`alarm` was imported from 'arn:aws:sns:eu-west-1:111111111111:alarms', the ARN of "
            r"'sns', not of a CloudWatch alarm\. Fix: import the alarm by its own ARN",
        ),
        (
            "arn:aws:cloudwatch:eu-west-1:111111111111:dashboard/ops",
            r"`alarm` was imported from .*dashboard/ops', a CloudWatch ARN of no alarm\. Fix: "
            r"import the alarm",
        ),
    ],
    ids=["sns", "dashboard"],
)
@pytest.mark.parametrize("deployment", [Deployment.canary(), None], ids=["gradual", "at-once"])
def test_a_rollback_alarm_imported_from_another_arn_is_named(
    arn: str, message: str, deployment: Deployment | None
) -> None:
    # Before: "Of property ...alarmName: Unable to serialize value as string" (jsii)
    stack = new_stack(env=ENV)
    worker = QueueWorker(stack, "Worker", handler=echo_handler(), deployment=deployment)
    with pytest.raises(ConstructError, match=message):
        worker.add_rollback_alarm(cloudwatch.Alarm.from_alarm_arn(stack, "Alarm", arn))


def test_an_imported_alarm_of_its_own_arn_joins_the_deployment_group() -> None:
    stack = new_stack(env=ENV)
    worker = QueueWorker(stack, "Worker", handler=echo_handler(), deployment=Deployment.canary())
    arn = "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:orders-errors"
    worker.add_rollback_alarm(cloudwatch.Alarm.from_alarm_arn(stack, "Alarm", arn))
    Template.from_stack(stack).has_resource_properties(
        "AWS::CodeDeploy::DeploymentGroup",
        {"AlarmConfiguration": {"Alarms": Match.array_with([{"Name": "orders-errors"}])}},
    )


# --- parameter links: names no parameter has --------------------------------------------


def _link_parameter(name: str) -> cdk.Stack:
    stack = new_stack(env=ENV)
    parameter = ssm.StringParameter.from_string_parameter_name(stack, "Parameter", name)
    QueueWorker(stack, "Worker", handler=echo_handler(links=[parameter]))
    return stack


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("/orders/api#key", r"named '/orders/api#key', with '#' \(a name holds letters"),
        ("/orders/ключ", r"named '/orders/ключ', with 'к', 'л', 'ч', 'ю'"),
        (
            "/" + "/".join("abcdefghijklmnop"),
            r"named '/a/b/.*/p', 16 levels deep \(SSM takes at most 15\)",
        ),
    ],
    ids=["'#'", "letters SSM does not take", "16 levels"],
)
def test_a_parameter_name_no_parameter_has_is_refused(name: str, message: str) -> None:
    # Before: synthesized, and every GetParameter failed at run time (ValidationException)
    with pytest.raises(
        ConstructError,
        match=r"Test/Worker: `handler\.links\[0\]` is the parameter Test/Parameter, "
        + message
        + r".*no parameter has such a name.*Fix: import the parameter by its name",
    ):
        _link_parameter(name)


@pytest.mark.parametrize(
    "name",
    [
        "/" + "/".join("abcdefghijklmno"),
        "/aws/service/global-infrastructure/regions",
        "orders.key_1-a",
    ],
    ids=["15 levels", "AWS public parameter", "simple name"],
)
def test_parameter_names_ssm_takes_are_linked(name: str) -> None:
    template = Template.from_stack(_link_parameter(name)).to_json()
    (function,) = (
        resource
        for resource in template["Resources"].values()
        if resource["Type"] == "AWS::Lambda::Function"
    )
    assert name in function["Properties"]["Environment"]["Variables"].values()


# --- deployment hook helpers ------------------------------------------------------------


class _Recorder:
    """A boto3 client stand-in: records its calls."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def put_lifecycle_event_hook_execution_status(self, **call: Any) -> None:
        self.calls.append(call)

    def invoke(self, **call: Any) -> dict[str, Any]:
        self.calls.append(call)
        raise AssertionError("invoked")


MESSAGE = (
    r"the event is (an? \w+|None), not CodeDeploy's hook event \(an object\)\. Fix: pass the event"
)


@pytest.mark.parametrize("event", [None, ["DeploymentId"], "d-1"], ids=["None", "list", "str"])
def test_report_and_run_hook_name_an_event_that_is_none(event: object) -> None:
    # Before: AttributeError: 'NoneType' object has no attribute 'get', after the check ran
    client, ran = _Recorder(), []
    with pytest.raises(
        ValueError,
        match=r"^report: " + MESSAGE,
    ):
        deployment_hooks.report(event, True, client=client)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^run_hook: " + MESSAGE):
        deployment_hooks.run_hook(event, ran.append, client=client)  # type: ignore[arg-type]
    assert ran == [] and client.calls == []


def test_run_hook_refuses_a_check_that_is_no_function(monkeypatch: pytest.MonkeyPatch) -> None:
    # Before: reported Failed (every deployment rolled back) with "'NoneType' object is not
    # callable" in the hook's log
    monkeypatch.setenv("TARGET_VERSION_ARN", "arn:aws:lambda:eu-west-1:111111111111:function:f:7")
    client = _Recorder()
    event = {"DeploymentId": "d-1", "LifecycleEventHookExecutionId": "e-1"}
    with pytest.raises(
        ValueError, match=r"run_hook: check is None, not a function.*Fix: pass a function"
    ):
        deployment_hooks.run_hook(event, None, client=client)  # type: ignore[arg-type]
    assert client.calls == []


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (
            [1, 2],
            r"invoke_target: payload is a list, not an event \(a dict\)\. Fix: pass the event",
        ),
        ("hi", r"invoke_target: payload is a str, not an event"),
        ({"at": object()}, r"invoke_target: payload is no JSON \(.*\)\. Fix: pass only str"),
    ],
    ids=["list", "str", "not JSON"],
)
def test_invoke_target_names_a_payload_that_is_no_json_object(
    payload: object, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before: TypeError "cannot convert dictionary update sequence element #0 to a sequence"
    monkeypatch.setenv("TARGET_VERSION_ARN", "arn:aws:lambda:eu-west-1:111111111111:function:f:7")
    client = _Recorder()
    with pytest.raises(ValueError, match=message):
        deployment_hooks.invoke_target(payload, client=client)  # type: ignore[arg-type]
    assert client.calls == []


# --- the legitimate variants, under cdk-nag ---------------------------------------------


def test_the_legitimate_variants_have_no_nag_finding(tmp_path: Path) -> None:
    app = cdk.App(context=CDK_CONTEXT, outdir=str(tmp_path))
    stack = cdk.Stack(app, "Test", env=ENV)
    key = kms.Key(stack, "TopicKey", enable_key_rotation=True)
    topic = sns.Topic(stack, "Orders", master_key=key, enforce_ssl=True)
    fifo = sns.Topic(stack, "Ledger", master_key=key, enforce_ssl=True, fifo=True)
    imported = sns.Topic.from_topic_arn(stack, "Theirs", "arn:aws:sns:us-east-1:222222222222:t")
    handler = echo_handler()
    QueueWorker(stack, "Attributes", handler=handler).subscribe(
        topic, filter_policy={"kind": SF.string_filter(allowlist=["order", "refund"])}
    )
    QueueWorker(stack, "Body", handler=handler).subscribe(
        topic,
        filter_policy_with_message_body={"order": sns.FilterOrPolicy.policy({"kind": BODY_KIND})},
        raw_message_delivery=False,
    )
    QueueWorker(stack, "Fifo", handler=handler, fifo=True).subscribe(fifo)
    QueueWorker(stack, "Imported", handler=handler).subscribe(imported)
    parameter = ssm.StringParameter.from_string_parameter_name(stack, "Key", "/orders/dev/key")
    gradual = QueueWorker(
        stack,
        "Gradual",
        handler=echo_handler(entry="app.other", links=[parameter]),
        deployment=Deployment.canary(),
    )
    gradual.add_rollback_alarm(
        cloudwatch.Alarm.from_alarm_arn(
            stack, "Alarm", "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:orders-errors"
        )
    )
    assert nag_findings(app, tmp_path) == set()
