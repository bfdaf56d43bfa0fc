"""Gradual deployments: CodeDeploy moves the live alias step by step and rolls back on the
new version's alarms; the default creates nothing (idle cost $0)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_sns as sns
from aws_cdk.assertions import Match, Template

from constructs_lib import ApiAuth, Deployment, Monitoring, QueueWorker, ServerlessApi
from tests.support import (
    CDK_CONTEXT,
    RuleCase,
    assert_rule,
    echo_handler,
    nag_findings,
    new_stack,
    rule_cases,
)

CANARY = Deployment.canary(percent=10, minutes=5)


def _api(stack: cdk.Stack | None = None, **props: Any) -> tuple[ServerlessApi, Template]:
    stack = stack or new_stack()
    api = ServerlessApi(
        stack, "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam(), **props
    )
    return api, Template.from_stack(stack)


@pytest.fixture(scope="module")
def canary_template() -> Template:
    """The template of an API route deployed as CANARY: built once for the tests that
    only read it."""
    return _api(deployment=CANARY)[1]


def _only(template: Template, type_: str) -> dict[str, Any]:
    (resource,) = template.find_resources(type_).values()
    return resource


@pytest.mark.parametrize("deployment", [None, Deployment.all_at_once()])
def test_all_at_once_is_the_default_and_creates_nothing(deployment: Deployment | None) -> None:
    _, template = _api(deployment=deployment)
    for type_ in ("Application", "DeploymentGroup", "DeploymentConfig"):
        template.resource_count_is(f"AWS::CodeDeploy::{type_}", 0)
    template.resource_count_is("AWS::CloudWatch::Alarm", 0)


def test_a_canary_moves_the_alias_with_codedeploy_and_rolls_back_on_alarms(
    canary_template: Template,
) -> None:
    # GIVEN an API route deployed as a 10 % / 5 minutes canary
    template = canary_template
    group = _only(template, "AWS::CodeDeploy::DeploymentGroup")["Properties"]
    # THEN AWS's predefined configuration is used (no config resource), the deployment
    # rolls back on failure, stop or alarm, and watches errors and p99 latency
    assert group["DeploymentConfigName"] == "CodeDeployDefault.LambdaCanary10Percent5Minutes"
    template.resource_count_is("AWS::CodeDeploy::DeploymentConfig", 0)
    assert sorted(group["AutoRollbackConfiguration"]["Events"]) == [
        "DEPLOYMENT_FAILURE",
        "DEPLOYMENT_STOP_ON_ALARM",
        "DEPLOYMENT_STOP_ON_REQUEST",
    ]
    assert group["AlarmConfiguration"]["Enabled"] is True
    assert len(group["AlarmConfiguration"]["Alarms"]) == 2
    alarms = template.find_resources("AWS::CloudWatch::Alarm")
    metrics = sorted(a["Properties"]["MetricName"] for a in alarms.values())
    assert metrics == ["Duration", "Errors"]
    # AND CloudFormation updates the alias through CodeDeploy
    template.has_resource(
        "AWS::Lambda::Alias",
        {"UpdatePolicy": {"CodeDeployLambdaAliasUpdate": Match.any_value()}},
    )


def test_the_service_role_is_the_librarys_own_scoped_to_the_function(
    canary_template: Template,
) -> None:
    template = canary_template
    (role,) = [
        r
        for r in template.find_resources("AWS::IAM::Role").values()
        if "codedeploy.amazonaws.com" in json.dumps(r["Properties"]["AssumeRolePolicyDocument"])
    ]
    assert "ManagedPolicyArns" not in role["Properties"]  # not AWSCodeDeployRoleForLambdaLimited
    (policy,) = role["Properties"]["Policies"]
    assert '"*"' not in json.dumps(policy)  # every statement names its resources


def test_a_rollback_alarm_added_to_the_deployment_group_is_readable_by_codedeploy() -> None:
    # Proves (API review): deployment_group.add_alarm(alarm) (the exposed group) put the
    # alarm in the group, but the service role (the library's own policy, which CDK does
    # not widen) could DescribeAlarms only the library's alarms: every deploy would fail
    stack = new_stack()
    worker = QueueWorker(stack, "Worker", handler=echo_handler(), deployment=CANARY)
    assert worker.deployment_group is not None
    backlog = worker.queue.metric_approximate_age_of_oldest_message()
    mine = cloudwatch.Alarm(stack, "Backlog", metric=backlog, threshold=60, evaluation_periods=1)
    # WHEN the user adds a rollback alarm of their own
    worker.deployment_group.add_alarm(mine)
    template = Template.from_stack(stack)
    # THEN the group rolls back on it and CodeDeploy may read it
    group = _only(template, "AWS::CodeDeploy::DeploymentGroup")["Properties"]
    alarm_names = json.dumps(group["AlarmConfiguration"]["Alarms"])
    mine_id = stack.get_logical_id(mine.node.default_child)  # type: ignore[arg-type]
    assert mine_id in alarm_names
    (role,) = [
        r
        for r in template.find_resources("AWS::IAM::Role").values()
        if "codedeploy.amazonaws.com" in json.dumps(r["Properties"]["AssumeRolePolicyDocument"])
    ]
    (read,) = [
        statement
        for statement in role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
        if statement["Action"] == "cloudwatch:DescribeAlarms"
    ]
    assert {"Fn::GetAtt": [mine_id, "Arn"]} in read["Resource"]
    assert len(read["Resource"]) == 2  # the library's errors alarm and the user's


def test_only_the_stacks_deployment_groups_may_assume_the_service_role(
    canary_template: Template,
) -> None:
    # Proves (security review): the role trusted codedeploy.amazonaws.com for any
    # deployment group of any account (the confused deputy AWS's CodeDeploy guide warns
    # about); it now names the stack's account and its CodeDeploy application's groups.
    template = canary_template
    (application,) = template.find_resources("AWS::CodeDeploy::Application")
    (role,) = [
        r
        for r in template.find_resources("AWS::IAM::Role").values()
        if "codedeploy.amazonaws.com" in json.dumps(r["Properties"]["AssumeRolePolicyDocument"])
    ]
    (statement,) = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert statement["Condition"] == {
        "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
        "ArnLike": {
            "aws:SourceArn": {
                "Fn::Join": [
                    "",
                    [
                        "arn:",
                        {"Ref": "AWS::Partition"},
                        ":codedeploy:",
                        {"Ref": "AWS::Region"},
                        ":",
                        {"Ref": "AWS::AccountId"},
                        ":deploymentgroup:",
                        {"Ref": application},
                        "/*",
                    ],
                ]
            }
        },
    }


def test_a_custom_linear_deployment_gets_one_config_per_stack_shape() -> None:
    # GIVEN two workers deployed 20 % every 2 minutes (no predefined configuration)
    stack = new_stack()
    linear = Deployment.linear(percent=20, every_minutes=2)
    for id in ("One", "Two"):
        QueueWorker(stack, id, handler=echo_handler(), deployment=linear)
    template = Template.from_stack(stack)
    # THEN one deployment configuration serves both, in one CodeDeploy application
    config = _only(template, "AWS::CodeDeploy::DeploymentConfig")["Properties"]
    assert config["TrafficRoutingConfig"] == {
        "Type": "TimeBasedLinear",
        "TimeBasedLinear": {"LinearInterval": 2, "LinearPercentage": 20},
    }
    template.resource_count_is("AWS::CodeDeploy::Application", 1)
    template.resource_count_is("AWS::CodeDeploy::DeploymentGroup", 2)
    # AND workers (no API) roll back on errors only
    assert len(template.find_resources("AWS::CloudWatch::Alarm")) == 2


def test_a_handlers_own_deployment_wins_over_the_constructs() -> None:
    stack = new_stack()
    ServerlessApi(
        stack,
        "Api",
        routes={
            "GET /a": echo_handler(),
            "GET /b": echo_handler(entry="app.other", deployment=Deployment.all_at_once()),
        },
        auth=ApiAuth.iam(),
        deployment=CANARY,
    )
    Template.from_stack(stack).resource_count_is("AWS::CodeDeploy::DeploymentGroup", 1)


def test_hooks_run_before_and_after_traffic_shifts() -> None:
    hook = echo_handler(entry="app.other")
    _, template = _api(deployment=Deployment.canary(pre_traffic=hook, post_traffic=hook))
    # THEN each hook is a function of its own, CodeDeploy may invoke it, and it may report
    template.resource_count_is("AWS::Lambda::Function", 3)  # the route + two hooks
    template.has_resource_properties(
        "AWS::IAM::Policy",
        {"PolicyDocument": {"Statement": [Match.object_like({"Action": "lambda:InvokeFunction"})]}},
    )
    template.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {"Action": "codedeploy:PutLifecycleEventHookExecutionStatus"}
                        )
                    ]
                )
            }
        },
    )


def test_cdk_nag_reports_nothing_on_gradual_deployments(tmp_path: Path) -> None:
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Deploys")
    hook = echo_handler(entry="app.other")
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.iam(),
        deployment=Deployment.canary(pre_traffic=hook, post_traffic=hook),
    )
    QueueWorker(stack, "Worker", handler=echo_handler(), deployment=Deployment.linear(percent=25))
    assert nag_findings(app, tmp_path) == set()
    Template.from_stack(stack).resource_count_is("AWS::CodeDeploy::DeploymentGroup", 2)


RULES: list[RuleCase] = [
    ("percent 0", {"deployment": Deployment.canary(percent=0)}, r"`deployment.percent` is 0"),
    ("percent 100", {"deployment": Deployment.linear(percent=100)}, r"is 100; it must be"),
    ("minutes 0", {"deployment": Deployment.canary(minutes=0)}, r"`deployment.minutes` is 0"),
    (
        "every minutes as a float",
        {"deployment": Deployment.linear(every_minutes=1.5)},  # type: ignore[arg-type]
        r"`deployment.every_minutes` is 1.5, a float",
    ),
    (
        "unknown kind",
        {"deployment": Deployment("blue-green")},
        r"`deployment.kind` is 'blue-green'",
    ),
    ("not a deployment", {"deployment": "canary"}, r"`deployment` is 'canary'"),
    (
        "hook not a handler",
        {"deployment": Deployment.canary(pre_traffic="app.hook")},  # type: ignore[arg-type]
        r"`deployment.pre_traffic` is a str",  # Proves (sweep): was the hook's construct id
    ),
    (  # Proves (release48 trial): a hook's own canary was dropped in silence
        "hook with a gradual deployment of its own",
        {
            "deployment": Deployment.canary(
                post_traffic=echo_handler(entry="app.other", deployment=CANARY)
            )
        },
        r"`deployment.post_traffic.deployment` is a canary deployment, but a hook's own "
        r"function always deploys at once .*Fix: drop deployment= from the post_traffic Handler$",
    ),
]


@rule_cases(RULES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(lambda **p: _api(**p), props, message)


def test_a_handlers_own_hook_is_named_by_its_prop() -> None:
    # Proves (sweep27): Handler(deployment=Deployment.canary(pre_traffic="app.hook")) was
    # reported as `handler.deployment.PreTrafficHook`, the hook's construct id
    assert_rule(
        lambda: QueueWorker(
            new_stack(),
            "Worker",
            handler=echo_handler(
                deployment=Deployment.canary(pre_traffic="app.hook"),  # type: ignore[arg-type]
            ),
        ),
        {},
        r"`handler.deployment.pre_traffic` is a str \('app.hook'\). Fix: pass "
        r"Handler\(code='<the directory holding app.py>', entry='app.hook'\)",
    )


def test_a_handlers_deployment_is_checked_where_it_is_passed() -> None:
    assert_rule(
        lambda **p: ServerlessApi(
            new_stack(), "Api", routes={"GET /a": echo_handler(**p)}, auth=ApiAuth.iam()
        ),
        {"deployment": Deployment.canary(percent=0)},
        r"`routes\['GET /a'\].deployment.percent` is 0",
    )


def _rollback_actions(template: Template) -> dict[str, list[str]]:
    """The topics (by logical ID) each rollback alarm notifies: alarm actions, as OK ones."""
    notified = {}
    for logical_id, alarm in template.find_resources("AWS::CloudWatch::Alarm").items():
        if "RollbackErrorsAlarm" in logical_id or "RollbackLatencyAlarm" in logical_id:
            properties = alarm["Properties"]
            actions = [a["Ref"] for a in properties.get("AlarmActions", [])]
            assert actions == [a["Ref"] for a in properties.get("OKActions", [])]
            notified[logical_id] = actions
    return notified


def _topic(stack: cdk.Stack, id: str) -> sns.Topic:
    return sns.Topic(stack, id, enforce_ssl=True)


@pytest.mark.parametrize(
    ("destination", "notified"),
    [
        ("the stack's topic", ["Ops"]),
        ("the stack's topic, set after the construct", ["Ops"]),
        ("the construct's topic", ["Team"]),
        ("the construct's topic, the stack's set after", ["Team", "Ops"]),
        ("none", []),
        ("none, alarms=True", []),
        ("the stack's topic, alarms=False", []),
    ],
)
def test_rollback_alarms_notify_the_constructs_alarm_destination(
    destination: str, notified: list[str]
) -> None:
    # Proves (on-call review): a canary's rollback alarms notified no topic: on-call never
    # learnt that a deploy had rolled back, while the construct's other alarms paged them
    stack = new_stack()
    if destination.startswith("the stack's topic") and "after" not in destination:
        Monitoring(stack, alarm_topic=_topic(stack, "Ops"))
    own = {"alarm_topic": _topic(stack, "Team")} if "construct's" in destination else {}
    alarms = {"alarms": True} if "alarms=True" in destination else {}
    alarms = {"alarms": False} if "alarms=False" in destination else alarms
    api = ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler(), "GET /b": echo_handler(entry="app.other")},
        auth=ApiAuth.iam(),
        deployment=CANARY,
        **own,
        **alarms,
    )
    if "after" in destination:
        Monitoring(stack, alarm_topic=_topic(stack, "Ops"))
    template = Template.from_stack(stack)
    topics = {
        name: logical_id
        for name in ("Ops", "Team")
        for logical_id in template.find_resources("AWS::SNS::Topic")
        if logical_id.startswith(name)
    }
    # THEN both functions' rollback alarms (errors and latency) notify the construct's
    # destination, as its other alarms do; with none, none (the template is unchanged)
    actions = _rollback_actions(template)
    assert len(actions) == 4
    assert all(topics_ == [topics[n] for n in notified] for topics_ in actions.values())
    # AND they are not the construct's alarms (its list and dashboard rows are unchanged)
    assert not any("Rollback" in alarm.node.path for alarm in api.alarms)


@pytest.mark.parametrize("given", ["canary", Deployment.canary, {"kind": "canary"}])
def test_a_handlers_deployment_of_another_type_is_named_with_the_factories(given: Any) -> None:
    # Proves (fix29): Handler.deployment's annotation resolves now (typing.get_type_hints),
    # so the annotation checker checks it too: its problem names the prop and the
    # factories, as the construct's rule does, and the rule's is the one reported
    from constructs_lib import ConstructError
    from constructs_lib._prop_types import check_types
    from constructs_lib._validation import Validator

    # GIVEN a Handler whose deployment is no Deployment
    handler = echo_handler(deployment=given)
    # WHEN the annotation checker alone checks it (as where a rule met a type it did not
    # expect), THEN it names `deployment` and the factories
    v = Validator(new_stack())
    check_types(v, handler, prefix="handler.")
    # (a config's dict naming its kind: the factory it names, config50)
    named = "pass Deployment.canary(), the factory the dict's type names"
    assert [(p.prop, p.fix) for p in v.problems] == [
        (
            "handler.deployment",
            named
            if isinstance(given, dict)
            else "pass a Deployment: Deployment.all_at_once(...), Deployment.canary(...) or "
            "Deployment.linear(...)",
        )
    ]
    # AND a construct reports it once, by its rule
    with pytest.raises(ConstructError) as raised:
        QueueWorker(new_stack(), "Worker", handler=handler)
    assert [(p.prop, p.fix) for p in raised.value.problems] == [
        (
            "handler.deployment",
            named
            if isinstance(given, dict)
            else "pass Deployment.canary(...), Deployment.linear(...) or Deployment.all_at_once()",
        )
    ]
