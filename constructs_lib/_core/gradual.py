"""Gradual deployments: a CodeDeploy deployment group on a function's ``live`` alias,
rolled back by the new version's alarms, with a service role of the library's own.
Imported only when a function deploys gradually (``gradual_rules`` holds what every
construct needs): aws_codedeploy loads with it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from aws_cdk import ArnFormat, Duration, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_codedeploy as codedeploy
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk.interfaces.aws_cloudwatch import IAlarmRef
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._core.rollback_alarms import check_rollback_alarm
from constructs_lib._customize_roles import roles_are_precreated
from constructs_lib._facts import scope_of
from constructs_lib._injected_roles import library_role
from constructs_lib._jsii import same_jsii_object
from constructs_lib._monitoring.alarm import alarm
from constructs_lib.deployment import Deployment, DeploymentKind

__all__ = ["DeploymentGroup", "create_deployment_group"]

_APPLICATION_ID = "LambdaDeployments"
# AWS's own configurations (no resource): CodeDeploy's names, as aws-cdk-lib spells them.
_PREDEFINED = frozenset(
    {
        "CANARY_10_PERCENT_5_MINUTES",
        "CANARY_10_PERCENT_10_MINUTES",
        "CANARY_10_PERCENT_15_MINUTES",
        "CANARY_10_PERCENT_30_MINUTES",
        "LINEAR_10_PERCENT_EVERY_1_MINUTE",
        "LINEAR_10_PERCENT_EVERY_2_MINUTES",
        "LINEAR_10_PERCENT_EVERY_3_MINUTES",
        "LINEAR_10_PERCENT_EVERY_10_MINUTES",
    }
)


def create_deployment_group(
    scope: Construct,
    *,
    alias: lambda_.Alias,
    deployment: Deployment,
    hooks: Mapping[str, lambda_.IFunction],
    latency_alarm: bool,
) -> codedeploy.LambdaDeploymentGroup:
    """The deployment group (construct id "Deployment") moving ``alias`` gradually."""
    alarms = _rollback_alarms(scope, alias, latency_alarm)
    application = _application(scope)
    read_alarms = iam.PolicyStatement(
        actions=["cloudwatch:DescribeAlarms"], resources=[a.alarm_arn for a in alarms]
    )
    assumed_by, policies = (
        _codedeploy_of(application),
        {"Deploy": _deploy_policy(alias, read_alarms)},
    )
    role = library_role(
        scope,
        "DeploymentRole",
        assumed_by=assumed_by,
        description="CodeDeploy: shift this function's live alias, read its rollback alarms",
        inline_policies=policies,
        owner=lambda: f"the {type(scope_of(scope)).__name__}",
    )
    if hooks:
        invoke_hooks = iam.PolicyStatement(
            actions=["lambda:InvokeFunction"],
            resources=[hook.function_arn for hook in hooks.values()],
        )
        if roles_are_precreated(role):
            # customize_roles: into the iam-policy-report of the precreated role; a
            # Policy would attach to a role the app does not own
            role.add_to_principal_policy(invoke_hooks)
        else:
            # A policy of its own: inline, it would make the role (which the group needs)
            # depend on the hooks, whose roles depend on the group (a cycle).
            iam.Policy(scope, "DeploymentHooksPolicy", roles=[role], statements=[invoke_hooks])
    return DeploymentGroup(
        scope,
        "Deployment",
        read_alarms=read_alarms,
        application=application,
        alias=alias,
        deployment_config=_config(scope, deployment),
        alarms=alarms,
        auto_rollback=codedeploy.AutoRollbackConfig(
            deployment_in_alarm=True, failed_deployment=True, stopped_deployment=True
        ),
        pre_hook=hooks.get("PreTrafficHook"),
        post_hook=hooks.get("PostTrafficHook"),
        # The policy above is complete and exact: CDK would add AWS's managed
        # AWSCodeDeployRoleForLambdaLimited (wildcards) to a role it may change.
        role=role.without_policy_updates(),
    )


class DeploymentGroup(codedeploy.LambdaDeploymentGroup):
    """A deployment group whose service role may also read the alarms added later with
    ``add_alarm`` (a user's rollback alarm): its policy is the library's own, which CDK
    does not widen, and CodeDeploy fails a deployment whose alarms it cannot read."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        read_alarms: iam.PolicyStatement,
        alarms: list[cloudwatch.Alarm],
        **props: Any,
    ) -> None:
        super().__init__(scope, id, alarms=alarms, **props)
        self._read_alarms = read_alarms
        #: The library's rollback alarms (not the user's, added with add_alarm).
        self.rollback_alarms = alarms
        self._added: list[IAlarmRef] = []  # the user's, each once

    def add_alarm(self, alarm: IAlarmRef) -> None:
        """Rolls the deployment back when ``alarm`` fires; CodeDeploy may read it. An alarm
        added already is not added again (CodeDeploy takes each name once)."""
        if any(same_jsii_object(alarm, added) for added in self._added):
            return
        check_rollback_alarm(self, alarm, len(self.rollback_alarms) + len(self._added))
        super().add_alarm(alarm)
        self._added.append(alarm)
        self._read_alarms.add_resources(alarm.alarm_ref.alarm_arn)


def _codedeploy_of(application: codedeploy.ILambdaApplication) -> iam.ServicePrincipal:
    """CodeDeploy, for the deployment groups of the stack's application only: the
    conditions AWS's CodeDeploy guide recommends against the confused deputy (the group's
    own ARN would be a cycle: the group names this role)."""
    stack = Stack.of(application)
    groups = stack.format_arn(
        service="codedeploy",
        resource="deploymentgroup",
        resource_name=f"{application.application_name}/*",
        arn_format=ArnFormat.COLON_RESOURCE_NAME,
    )
    return iam.ServicePrincipal(
        "codedeploy.amazonaws.com",
        conditions={
            "StringEquals": {"aws:SourceAccount": stack.account},
            "ArnLike": {"aws:SourceArn": groups},
        },
    )


def _rollback_alarms(
    scope: Construct, alias: lambda_.Alias, latency_alarm: bool
) -> list[cloudwatch.Alarm]:
    period = Duration.minutes(_defaults.DEPLOYMENT_ALARM_PERIOD_MINUTES)
    alarms: list[cloudwatch.Alarm] = [
        alarm(
            scope,
            "RollbackErrorsAlarm",
            _alias_metric(alias, "Errors", "Sum", period),
            threshold=_defaults.FUNCTION_ERRORS_THRESHOLD,
            description="the live alias failed during a deployment (CodeDeploy rolls back)",
        )
    ]
    if latency_alarm:
        latency = _defaults.API_P99_LATENCY_MS
        alarms.append(
            alarm(
                scope,
                "RollbackLatencyAlarm",
                _alias_metric(alias, "Duration", "p99", period),
                threshold=latency,
                evaluation_periods=_defaults.DEPLOYMENT_LATENCY_EVALUATION_PERIODS,
                description=f"p99 duration of the live alias >= {latency / 1000:g} s during a "
                "deployment (CodeDeploy rolls back)",
            )
        )
    return alarms


def _alias_metric(
    alias: lambda_.Alias, name: str, statistic: str, period: Duration
) -> cloudwatch.Metric:
    """A metric of the alias named by its function and alias name, not by a reference to
    the alias resource: the alias's UpdatePolicy names the deployment group, which names
    these alarms (a reference back would be a cycle)."""
    function_name = alias.version.lambda_.function_name
    return cloudwatch.Metric(
        namespace="AWS/Lambda",
        metric_name=name,
        dimensions_map={
            "FunctionName": function_name,
            "Resource": f"{function_name}:{_defaults.LIVE_ALIAS_NAME}",
        },
        statistic=statistic,
        period=period,
    )


def _deploy_policy(alias: lambda_.Alias, read_alarms: iam.PolicyStatement) -> iam.PolicyDocument:
    """What AWSCodeDeployRoleForLambdaLimited allows, scoped to this function and its
    alarms (``read_alarms``, no wildcard); invoking the hooks is a policy of its own."""
    function_arn = alias.version.lambda_.function_arn
    # The alias ARN spelled out, not referenced (see _alias_metric).
    function_arns = [function_arn, f"{function_arn}:{_defaults.LIVE_ALIAS_NAME}"]
    statements = [
        iam.PolicyStatement(
            actions=[
                "lambda:GetAlias",
                "lambda:UpdateAlias",
                "lambda:GetProvisionedConcurrencyConfig",
            ],
            resources=function_arns,
        ),
        read_alarms,
    ]
    return iam.PolicyDocument(statements=statements)


def _application(scope: Construct) -> codedeploy.ILambdaApplication:
    """One CodeDeploy application per stack holds every function's deployment group."""
    stack = Stack.of(scope)
    existing = stack.node.try_find_child(_APPLICATION_ID)
    if isinstance(existing, codedeploy.LambdaApplication):
        return existing
    return codedeploy.LambdaApplication(stack, _APPLICATION_ID)


def _config(scope: Construct, deployment: Deployment) -> codedeploy.ILambdaDeploymentConfig:
    """AWS's predefined configuration when one matches, else one per stack and shape."""
    canary = deployment.kind == DeploymentKind.CANARY
    plural = "S" if deployment.minutes > 1 else ""
    name = (
        f"{'CANARY' if canary else 'LINEAR'}_{deployment.percent}_PERCENT_"
        f"{'' if canary else 'EVERY_'}{deployment.minutes}_MINUTE{plural}"
    )
    if name in _PREDEFINED:
        return cast(
            codedeploy.ILambdaDeploymentConfig, getattr(codedeploy.LambdaDeploymentConfig, name)
        )
    stack = Stack.of(scope)
    id = f"Deployment{name.title().replace('_', '')}"
    existing = stack.node.try_find_child(id)
    if isinstance(existing, codedeploy.LambdaDeploymentConfig):
        return existing
    interval, percentage = Duration.minutes(deployment.minutes), deployment.percent
    routing = (
        codedeploy.TimeBasedCanaryTrafficRouting(interval=interval, percentage=percentage)
        if canary
        else codedeploy.TimeBasedLinearTrafficRouting(interval=interval, percentage=percentage)
    )
    return codedeploy.LambdaDeploymentConfig(stack, id, traffic_routing=routing)
