"""Bad inputs of round 49 (bad49), from the wheel: a user translating from TypeScript CDK,
Solutions Constructs and SST; a user refactoring (methods in other orders, escape hatches,
``node.try_remove_child``, Aspects, removal policies); a user writing handler code with the
runtime helpers. Each defect found, asserted by its message, and legitimate variants of
the same habits synthesizing under cdk-nag with no finding."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    ConstructError,
    Deployment,
    EventHandler,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
    StaticSite,
    TableOptions,
)
from constructs_lib_runtime import deployment_hooks
from tests.support import CDK_CONTEXT, SITE, echo_handler, nag_findings, new_stack
from tests.test_message_fixes import VERBS

# --- a library resource taken out of the tree ---------------------------------------------


def _worker(stack: cdk.Stack) -> cdk.IConstruct:
    return QueueWorker(stack, "Worker", handler=echo_handler(), alarms=False)


def _api(stack: cdk.Stack) -> cdk.IConstruct:
    return ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.iam(),
        table=TableOptions(),
        alarms=False,
    )


def _job(stack: cdk.Stack) -> cdk.IConstruct:
    return ScheduledJob(stack, "Job", handler=echo_handler(), schedule="rate(1 hour)", alarms=False)


def _site(stack: cdk.Stack) -> cdk.IConstruct:
    return StaticSite(stack, "Site", source=SITE, alarms=False)


REMOVED = [
    (_worker, "DeadLetterQueue", r"\[Test/Worker\] `dead_letter_queue` \(Test/Worker/DeadLetter"),
    (_worker, "Queue", r"`queue` \(Test/Worker/Queue\).*or pass `existing_queue=` for one of"),
    (_worker, "Handler", r"(?s)`alias` \(Test/Worker/Handler/Live\).*`function` \(Test/Worker/Ha"),
    (_api, "Table", r"`table` \(Test/Api/Table\).*or pass `existing_table=` for one of yours"),
    (_api, "AccessLogs", r"`access_log_group` \(Test/Api/AccessLogs\) was taken out"),
    (_job, "DeadLetterQueue", r"\[Test/Job\] `dead_letter_queue` \(Test/Job/DeadLetterQueue\)"),
    (_site, "LogBucket", r"\[Test/Site\] `log_bucket` \(Test/Site/LogBucket\) was taken out"),
]


@pytest.mark.parametrize(
    ("build", "child", "message"),
    REMOVED,
    ids=[f"{build.__name__[1:]} {child}" for build, child, _ in REMOVED],
)
def test_a_resource_taken_out_of_the_tree_fails_the_synth_naming_it(
    build: Callable[[cdk.Stack], cdk.IConstruct], child: str, message: str
) -> None:
    # Before: the synth passed; the template's references named a resource it did not have
    # (the redrive policy the dead-letter queue, TABLE_NAME the table), refused at deploy
    stack = new_stack()
    assert build(stack).node.try_remove_child(child)
    with pytest.raises(RuntimeError, match=message) as failed:
        Template.from_stack(stack)
    assert "(node.try_remove_child)" in str(failed.value)
    assert "Fix: keep it in the tree and change it through" in str(failed.value)


def test_a_construct_of_yours_under_the_removed_id_is_refused_too() -> None:
    # it takes the logical ID, but the worker's retention check and alarms read the removed
    stack = new_stack()
    worker = _worker(stack)
    worker.node.try_remove_child("DeadLetterQueue")
    sqs.Queue(worker, "DeadLetterQueue", enforce_ssl=True)
    with pytest.raises(RuntimeError, match=r"`dead_letter_queue` \(Test/Worker/DeadLetterQueue"):
        Template.from_stack(stack)


def test_removing_the_whole_construct_or_a_child_of_yours_synthesizes() -> None:
    stack = new_stack()
    _worker(stack)
    stack.node.try_remove_child("Worker")  # takes its references with it
    worker = QueueWorker(stack, "Other", handler=echo_handler(), alarms=False)
    sqs.Queue(worker, "Extra", enforce_ssl=True)
    worker.node.try_remove_child("Extra")
    resources = Template.from_stack(stack).to_json()["Resources"]
    assert not [name for name in resources if name.startswith("Worker")]
    assert len([r for r in resources.values() if r["Type"] == "AWS::SQS::Queue"]) == 2


# --- an L2's method called on a construct ---------------------------------------------------

UNKNOWN = [
    (
        _api,
        "apply_removal_policy",
        r"Test/Api: `apply_removal_policy` is no attribute or method of ServerlessApi\. Fix: "
        r"call cdk\.RemovalPolicies\.of\(api\)\.apply\(policy\) \(or \.destroy\(\)\)",
    ),
    (_worker, "applyRemovalPolicy", r"`applyRemovalPolicy` is no attribute or method of Queue"),
    (_api, "addRoutes", r"Fix: pass every route in routes=\{\.\.\.\} when creating the Serv"),
    (_api, "add_routes", r"Fix: pass every route in routes=\{\.\.\.\} when creating the Serv"),
    (_api, "grantInvoke", r"Fix: write `grant_invoke` \(Python spells aws-cdk-lib's names in "),
    (_worker, "deadLetterQueue", r"Fix: write `dead_letter_queue`"),
    (
        _worker,
        "grant_consume_messages",
        r"Fix: use the resource's own: worker\.queue\.grant_consume_messages or "
        r"worker\.dead_letter_queue\.grant_consume_messages$",
    ),
    (_worker, "queue_url", r"Fix: use the resource's own: worker\.queue\.queue_url or"),
    (_api, "api_endpoint", r"Fix: use the resource's own: api\.http_api\.api_endpoint$"),
    (_site, "bucket_name", r"Fix: use the resource's own: site\.bucket\.bucket_name or site\.lo"),
    (_worker, "add_environment", r"Fix: pass environment=\{\.\.\.\} to its Handler\(\.\.\.\)"),
    (_worker, "funtion", r"Fix: use `function`: did you mean it\?"),
    (_job, "xyzzy", r"Fix: use one of its attributes or methods: add_rollback_alarm, alarms, "),
]


@pytest.mark.parametrize(
    ("build", "name", "message"),
    UNKNOWN,
    ids=[f"{build.__name__[1:]} {name}" for build, name, _ in UNKNOWN],
)
def test_a_name_the_construct_lacks_is_told_what_to_use(
    build: Callable[[cdk.Stack], cdk.IConstruct], name: str, message: str
) -> None:
    # Before: Python's AttributeError "'ServerlessApi' object has no attribute 'add_routes'",
    # no path, no fix, for what aws-cdk-lib's L2s and the TypeScript docs call
    construct = build(new_stack())
    with pytest.raises(ConstructError, match=message) as failed:
        getattr(construct, name)
    assert isinstance(failed.value, AttributeError)  # hasattr and getattr(..., default) too
    assert failed.value.problems[0].fix.split(" ", 1)[0] in VERBS


def test_hasattr_getattr_and_the_constructs_own_names_answer_as_before() -> None:
    worker = _worker(new_stack())
    assert not hasattr(worker, "grant_consume_messages")
    assert getattr(worker, "applyRemovalPolicy", None) is None
    assert hasattr(worker, "queue") and hasattr(worker, "link")
    with pytest.raises(AttributeError, match=r"^'QueueWorker' object has no attribute '_x'$"):
        worker._x  # type: ignore[attr-defined]  # noqa: B018  # Python's own, no ConstructError


# --- deployment hooks: an outcome that is no bool -----------------------------------------

TARGET = "arn:aws:lambda:eu-west-1:111111111111:function:f:7"
EVENT = {"DeploymentId": "d-1", "LifecycleEventHookExecutionId": "e-1"}


class _Clients:
    """boto3 stand-ins: Lambda answering ``answer`` (FunctionError ``error``), CodeDeploy
    recording the statuses reported."""

    def __init__(self, answer: object = None, error: str | None = None) -> None:
        self.answer, self.error, self.statuses = answer, error, list[str]()

    def invoke(self, **call: Any) -> dict[str, Any]:
        import io
        import json

        answer = {"StatusCode": 200, "Payload": io.BytesIO(json.dumps(self.answer).encode())}
        return {**answer, "FunctionError": self.error} if self.error else answer

    def put_lifecycle_event_hook_execution_status(self, **call: Any) -> None:
        self.statuses.append(call["status"])


def _answer(payload: object, error: str | None = None) -> dict[str, Any]:
    return {"status_code": 200, "function_error": error, "payload": payload}


@pytest.mark.parametrize(
    ("succeeded", "message"),
    [
        (
            _answer({"errorMessage": "boom"}, "Unhandled"),
            r"^report: succeeded is invoke_target's answer \(a dict\), which is true whatever "
            r"the new version answered.*Fix: pass a bool, e.g\. report\(event, "
            r"answer\['function_error'\] is None\)",
        ),
        ("false", r"^report: succeeded is 'false', a str, not True or False.*Fix: pass a bool"),
        ({"statusCode": 500}, r"^report: succeeded is \{'statusCode': 500\}, a dict, not True"),
        (1, r"^report: succeeded is 1, an int, not True or False"),
        (None, r"^report: succeeded is None, not True or False"),
    ],
    ids=["invoke_target answer", "str", "response", "int", "None"],
)
def test_report_refuses_an_outcome_that_is_no_bool(succeeded: object, message: str) -> None:
    # Before: any non-empty value reported Succeeded: report(event, invoke_target(...)) let a
    # version that failed its smoke test take all the traffic
    clients = _Clients()
    with pytest.raises(ValueError, match=message):
        deployment_hooks.report(EVENT, succeeded, client=clients)  # type: ignore[arg-type]
    assert clients.statuses == []


@pytest.mark.parametrize(
    ("check", "status"),
    [
        (lambda target: False, "Failed"),
        (lambda target: deployment_hooks.invoke_target({}), "Failed"),
        (lambda target: _answer({"statusCode": 502}), "Failed"),
        (lambda target: _answer({"statusCode": 404}), "Succeeded"),
        (lambda target: _answer({"statusCode": 200}), "Succeeded"),
        (lambda target: None, "Succeeded"),
        (lambda target: True, "Succeeded"),
        (lambda target: {"anything": "else"}, "Succeeded"),
    ],
    ids=["False", "unhandled", "5xx", "4xx", "healthy", "None", "True", "other value"],
)
def test_run_hook_fails_a_check_returning_false_or_a_failed_invocation(
    check: Callable[[str], object], status: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before: a check returning False, or invoke_target's answer of a version that raised,
    # was reported Succeeded (only an exception failed it)
    monkeypatch.setenv(deployment_hooks.TARGET_VERSION_VARIABLE, TARGET)
    clients = _Clients({"errorMessage": "boom"}, "Unhandled")
    monkeypatch.setattr(deployment_hooks, "_client", lambda service: clients)
    assert deployment_hooks.run_hook(EVENT, check, client=clients) is (status == "Succeeded")
    assert clients.statuses == [status]


@pytest.mark.parametrize("succeeded", [True, False])
def test_report_of_a_bool_is_reported(succeeded: bool) -> None:
    clients = _Clients()
    deployment_hooks.report(EVENT, succeeded, client=clients)
    assert clients.statuses == ["Succeeded" if succeeded else "Failed"]


# --- the legitimate variants, under cdk-nag -------------------------------------------------


def test_the_legitimate_variants_have_no_nag_finding(tmp_path: Path) -> None:
    app = cdk.App(context=CDK_CONTEXT, outdir=str(tmp_path))
    stack = cdk.Stack(app, "Test")
    # aws-cdk-lib's values where the library takes its own, as the TypeScript docs write them
    QueueWorker(
        stack,
        "Cdk",
        alarms=False,
        handler=echo_handler(
            runtime=lambda_.Runtime.PYTHON_3_13,
            architecture=lambda_.Architecture.X86_64,
            timeout=cdk.Duration.minutes(1),
            log_retention=logs.RetentionDays.ONE_YEAR,
        ),
        visibility_timeout=cdk.Duration.minutes(6),
    )
    QueueWorker(stack, "Lambda", handler=echo_handler(runtime="python3.13"), alarms=False)
    # a refactoring's orders: the same rollback alarm twice, a worker linking its own queue
    # (Lambda's recursion detection stops an SQS loop), an API's table destroyable
    alarm = cloudwatch.Alarm(
        stack,
        "Alarm",
        metric=cloudwatch.Metric(namespace="Orders", metric_name="Errors"),
        threshold=1,
        evaluation_periods=1,
    )
    gradual = QueueWorker(
        stack,
        "Gradual",
        handler=echo_handler(entry="app.other"),
        deployment=Deployment.canary(),
        alarms=False,
    )
    gradual.add_rollback_alarm(alarm)
    gradual.add_rollback_alarm(alarm)
    gradual.link(gradual)
    api = ServerlessApi(
        stack,
        "Api",
        routes={"ANY /{proxy+}": echo_handler()},
        auth=ApiAuth.iam(),
        table=TableOptions(),
        alarms=False,
    )
    cdk.RemovalPolicies.of(api).destroy()
    EventHandler(
        stack,
        "Events",
        handler=echo_handler(),
        event_pattern={"source": ["orders"], "detail-type": ["OrderStored"]},
        alarms=False,
    )
    ScheduledJob(
        stack,
        "Nightly",
        handler=echo_handler(),
        schedule="cron(0 3 * * ? *)",
        timezone=cdk.TimeZone.EUROPE_LONDON,
        alarms=False,
    )
    QueueWorker(stack, "Subscriber", handler=echo_handler(), alarms=False).subscribe(
        sns.Topic(stack, "Orders", enforce_ssl=True)
    )
    cdk.Tags.of(stack).add("team", "orders")
    assert nag_findings(app, tmp_path) == set()
    table = next(
        resource
        for resource in Template.from_stack(stack).to_json()["Resources"].values()
        if resource["Type"] == "AWS::DynamoDB::Table"
    )
    # README: deletion protection follows the table's final deletion policy
    assert table["DeletionPolicy"] == "Delete"
    assert not table["Properties"].get("DeletionProtectionEnabled")
