"""A gradual deployment's hooks can test the version being deployed: its ARN in
TARGET_VERSION_ARN, lambda:InvokeFunction on that version only, and the alias updated
(the deployment started) only after the hook has both. Proves (hooks48 trial): a hook got
codedeploy:PutLifecycleEventHookExecutionStatus only, so it could test nothing."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    ConstructError,
    Deployment,
    FunctionDefaults,
    Handler,
    QueueWorker,
    ServerlessApi,
)
from constructs_lib_runtime.deployment_hooks import TARGET_VERSION_VARIABLE
from tests.support import cfn_lint, echo_handler, new_app, new_stack

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "deployment_hooks" / "smoke_check.py"

HOOK = echo_handler(entry="app.other")


@pytest.fixture(scope="module")
def template() -> Template:
    stack = new_stack()
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.iam(),
        deployment=Deployment.canary(pre_traffic=HOOK, post_traffic=HOOK),
    )
    return Template.from_stack(stack)


def _logical_id(template: Template, type_: str, prefix: str) -> str:
    (found,) = [k for k in template.find_resources(type_) if k.startswith(prefix)]
    return found


@pytest.mark.parametrize("hook", ["PreTrafficHook", "PostTrafficHook"])
def test_each_hook_gets_the_version_being_deployed_and_may_invoke_only_it(
    template: Template, hook: str
) -> None:
    # GIVEN a canary with both hooks; THEN each hook's function names the new version
    version = {"Ref": _logical_id(template, "AWS::Lambda::Version", "ApiHandlerFunctionCurrent")}
    function = template.to_json()["Resources"][
        _logical_id(template, "AWS::Lambda::Function", f"ApiHandler{hook}Function")
    ]
    assert function["Properties"]["Environment"]["Variables"] == {TARGET_VERSION_VARIABLE: version}
    # AND its role may invoke that version (not the alias, not a wildcard) and report
    policy = template.to_json()["Resources"][
        _logical_id(template, "AWS::IAM::Policy", f"ApiHandler{hook}RoleDefaultPolicy")
    ]
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    assert statements[0]["Resource"] == version
    assert [s["Action"] for s in statements] == [
        "lambda:InvokeFunction",
        "codedeploy:PutLifecycleEventHookExecutionStatus",
    ]


def test_the_alias_moves_only_after_its_hooks_are_updated(template: Template) -> None:
    # the alias's update starts the deployment, which runs the hooks: they must have the
    # new version's ARN by then, not race CloudFormation to the old one. Its UpdatePolicy
    # refers to each hook's alias (version, function): CloudFormation updates them first
    alias = template.to_json()["Resources"][
        _logical_id(template, "AWS::Lambda::Alias", "ApiHandlerLive")
    ]
    update = json.dumps(alias["UpdatePolicy"]["CodeDeployLambdaAliasUpdate"])
    for hook in ("PreTrafficHook", "PostTrafficHook"):
        assert (
            json.dumps(
                {"Ref": _logical_id(template, "AWS::Lambda::Alias", f"ApiHandler{hook}Live")}
            )
            in update
        )
    assert "DependsOn" not in alias  # a DependsOn would repeat it (cfn-lint W3005)
    # AND cfn-lint (a gate on every template) finds nothing
    assert cfn_lint(template.to_json()) == []


def test_a_hook_s_own_variable_of_that_name_is_refused() -> None:
    hook = echo_handler(entry="app.other", environment={TARGET_VERSION_VARIABLE: "mine"})
    with pytest.raises(ConstructError) as raised:
        ServerlessApi(
            new_stack(),
            "Api",
            routes={"GET /a": echo_handler()},
            auth=ApiAuth.iam(),
            deployment=Deployment.canary(pre_traffic=hook),
        )
    (problem,) = raised.value.problems
    assert problem.prop == "deployment.pre_traffic.environment"
    assert problem.message == (
        "sets 'TARGET_VERSION_ARN', which the construct sets itself (it would be overwritten)"
    )
    assert problem.fix.startswith("rename your variable")


def test_a_handler_s_own_hook_is_refused_that_variable_too() -> None:
    hook = echo_handler(entry="app.other", environment={TARGET_VERSION_VARIABLE: "mine"})
    with pytest.raises(ConstructError) as raised:
        ServerlessApi(
            new_stack(),
            "Api",
            routes={"GET /a": echo_handler(deployment=Deployment.linear(pre_traffic=hook))},
            auth=ApiAuth.iam(),
        )
    (problem,) = raised.value.problems
    assert problem.prop.endswith("deployment.pre_traffic.environment")


def _defaults_variable_stack() -> cdk.Stack:
    stack = new_stack()
    FunctionDefaults.of(stack).set(environment={TARGET_VERSION_VARIABLE: "deploy-tool"})
    return stack


def test_a_scope_s_default_of_that_variable_is_refused_where_a_hook_gets_it() -> None:
    # GIVEN FunctionDefaults' environment with the variable, which hook functions get too
    # (sweep248: the CHANGELOG's migration named a hook Handler's own environment only)
    stack = _defaults_variable_stack()
    # WHEN a construct with a hook is built THEN the default is named, with the fix
    with pytest.raises(ConstructError) as raised:
        QueueWorker(
            stack,
            "Worker",
            handler=echo_handler(),
            deployment=Deployment.canary(pre_traffic=HOOK),
        )
    (problem,) = raised.value.problems
    assert problem.path == "Test/Worker"
    assert problem.prop == "FunctionDefaults.environment"
    assert problem.message == (
        "sets 'TARGET_VERSION_ARN', which the construct sets itself (it would be overwritten)"
    )
    assert problem.fix.startswith("rename your variable in FunctionDefaults")


def test_that_variable_stays_the_app_s_where_no_hook_gets_it() -> None:
    # GIVEN the same default, and constructs without hooks (one with its own value)
    stack = _defaults_variable_stack()
    QueueWorker(stack, "Plain", handler=echo_handler())
    QueueWorker(stack, "Own", handler=echo_handler(environment={TARGET_VERSION_VARIABLE: "mine"}))
    # THEN both synthesize and keep the app's value (only hook functions get the library's)
    functions = Template.from_stack(stack).find_resources("AWS::Lambda::Function")
    values = sorted(
        f["Properties"]["Environment"]["Variables"][TARGET_VERSION_VARIABLE]
        for f in functions.values()
    )
    assert values == ["deploy-tool", "mine"]


def test_a_function_s_own_variable_of_that_name_beside_its_hooks_is_kept() -> None:
    # GIVEN a worker whose own Handler (not its hook) sets the variable, with a hook
    stack = new_stack()
    QueueWorker(
        stack,
        "Worker",
        handler=echo_handler(environment={TARGET_VERSION_VARIABLE: "mine"}),
        deployment=Deployment.canary(pre_traffic=HOOK),
    )
    # THEN the worker's function keeps its value and the hook gets the version's ARN
    functions = Template.from_stack(stack).find_resources("AWS::Lambda::Function")
    values = {
        logical_id.startswith("WorkerHandlerPreTrafficHook"): function["Properties"]["Environment"][
            "Variables"
        ][TARGET_VERSION_VARIABLE]
        for logical_id, function in functions.items()
    }
    assert values[False] == "mine"
    assert set(values[True]) == {"Ref"}


class _Lambda:
    """Answers invoke as Lambda does: a payload stream, FunctionError on an error."""

    def __init__(self, answer: object, error: str | None = None) -> None:
        self.answer, self.error, self.calls = answer, error, list[dict[str, Any]]()

    def invoke(self, **call: Any) -> dict[str, Any]:
        self.calls.append(call)
        answer = {"StatusCode": 200, "Payload": io.BytesIO(json.dumps(self.answer).encode())}
        return {**answer, "FunctionError": self.error} if self.error else answer


class _CodeDeploy:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def put_lifecycle_event_hook_execution_status(self, **call: Any) -> None:
        self.calls.append(call)


EVENT = {"DeploymentId": "d-ABC", "LifecycleEventHookExecutionId": "hook-1"}
TARGET = "arn:aws:lambda:eu-west-1:111111111111:function:Api-Handler:7"


@pytest.fixture
def clients(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The example hook's AWS clients, as boto3 would build them in Lambda."""
    from constructs_lib_runtime import deployment_hooks

    made: dict[str, Any] = {"codedeploy": _CodeDeploy()}
    monkeypatch.setenv(TARGET_VERSION_VARIABLE, TARGET)
    monkeypatch.setattr(deployment_hooks, "_client", lambda service: made[service])
    return made


@pytest.mark.parametrize(
    ("answer", "error", "status"),
    [
        ({"statusCode": 200, "body": "{}"}, None, "Succeeded"),
        ({"statusCode": 500, "body": "{}"}, None, "Failed"),
        ({"errorMessage": "boom", "errorType": "KeyError"}, "Unhandled", "Failed"),
    ],
    ids=["healthy", "5xx", "unhandled error"],
)
def test_the_example_hook_tests_the_new_version_and_reports(
    clients: dict[str, Any], answer: object, error: str | None, status: str
) -> None:
    from examples.deployment_hooks.smoke_check import REQUEST, before_traffic

    clients["lambda"] = _Lambda(answer, error)
    # WHEN CodeDeploy runs the example pre_traffic hook
    before_traffic(EVENT, None)
    # THEN it invoked the version being deployed and reported to the deployment it came from
    (call,) = clients["lambda"].calls
    assert call["FunctionName"] == TARGET
    assert call["InvocationType"] == "RequestResponse"
    assert json.loads(call["Payload"]) == REQUEST
    assert clients["codedeploy"].calls == [
        {"deploymentId": "d-ABC", "lifecycleEventHookExecutionId": "hook-1", "status": status}
    ]


def test_without_the_variable_the_helper_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    from constructs_lib_runtime.deployment_hooks import target_version

    monkeypatch.delenv(TARGET_VERSION_VARIABLE, raising=False)
    with pytest.raises(RuntimeError, match=r"TARGET_VERSION_ARN is not set.*Fix: pass this"):
        target_version()


@pytest.mark.parametrize(
    "value",
    [
        "live",
        "arn:aws:lambda:eu-west-1:111111111111:function:Api-Handler:live",
        "arn:aws:lambda:eu-west-1:111111111111:function:Api-Handler",
        "arn:aws:lambda:eu-west-1:111111111111:function:Api-Handler:$LATEST",
        "arn:aws:sqs:eu-west-1:111111111111:function:Api-Handler:7",
    ],
    ids=["alias-name", "alias-arn", "function-arn", "latest", "other-service"],
)
def test_a_variable_that_is_no_version_arn_is_refused(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    # Proves (papercuts348): "live" or an alias's ARN was returned as is, and the hook
    # tested the version the alias named, not the one being deployed
    from constructs_lib_runtime.deployment_hooks import invoke_target, target_version

    monkeypatch.setenv(TARGET_VERSION_VARIABLE, value)
    message = (
        rf"^target_version: TARGET_VERSION_ARN is '{re.escape(value)}', not a Lambda "
        r"version's ARN \(arn:aws:lambda:<region>:<account>:function:<name>:<number>\): .*"
        r"Fix: set it to the version's ARN, or leave it to the library"
    )
    with pytest.raises(RuntimeError, match=message):
        target_version()
    invoked: list[object] = []

    class _Lambda:
        def invoke(self, **call: object) -> None:
            invoked.append(call)

    with pytest.raises(RuntimeError, match=message):
        invoke_target({}, client=_Lambda())
    assert invoked == []


@pytest.mark.parametrize(
    "value",
    [TARGET, "arn:aws-cn:lambda:cn-north-1:111111111111:function:orders_api:12"],
    ids=["aws", "aws-cn"],
)
def test_a_version_arn_is_the_target(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    from constructs_lib_runtime.deployment_hooks import target_version

    monkeypatch.setenv(TARGET_VERSION_VARIABLE, value)
    assert target_version() == value


def test_an_event_that_is_not_codedeploy_s_is_not_reported(clients: dict[str, Any]) -> None:
    from constructs_lib_runtime.deployment_hooks import report

    with pytest.raises(ValueError, match=r"no LifecycleEventHookExecutionId: it is not"):
        report({"DeploymentId": "d-ABC"}, True)
    assert clients["codedeploy"].calls == []


def test_the_example_hook_deploys_with_the_helpers_in_its_asset() -> None:
    # GIVEN the example as a route's pre_traffic hook, its directory as its code
    app = new_app()
    ServerlessApi(
        cdk.Stack(app, "Test"),
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.iam(),
        deployment=Deployment.canary(
            pre_traffic=Handler(code=EXAMPLE.parent, entry="smoke_check.before_traffic")
        ),
    )
    # THEN its asset holds the code and the helpers it imports (Lambda has no other copy)
    directory = Path(app.synth().directory)
    (asset,) = [p for p in directory.glob("asset.*") if (p / EXAMPLE.name).is_file()]
    assert (asset / "constructs_lib_runtime" / "deployment_hooks.py").is_file()


def test_readme_shows_the_example_hook_as_it_is_tested() -> None:
    # the README block is marked skip: it is this file, whose tests above run it
    code = EXAMPLE.read_text()
    assert code[code.index("from __future__") :] in (ROOT / "README.md").read_text()
