"""The demo's TodoApi stack written by hand with plain aws-cdk-lib L2 constructs.

The same 50 resources, logical IDs and properties as ``stacks.todo_api_stack`` (without
the demo's monitoring opt-in and canary): ``synth.py`` checks the templates are identical,
then measures what our abstraction costs at synth (``tests/test_bench.py`` keeps them so).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import jsii
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_authorizers as authorizers
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

HANDLERS = Path(__file__).resolve().parent.parent / "stacks" / "handlers"
EXCLUDE = ["__pycache__", "*.pyc", ".pytest_cache", ".mypy_cache", ".ruff_cache", "tests"]
EXCLUDE += [".venv", ".git", ".DS_Store"]
ACCESS_LOG = {
    "requestId": "$context.requestId",
    "requestTime": "$context.requestTime",
    "ip": "$context.identity.sourceIp",
    "userAgent": "$context.identity.userAgent",
    "httpMethod": "$context.httpMethod",
    "routeKey": "$context.routeKey",
    "path": "$context.path",
    "protocol": "$context.protocol",
    "status": "$context.status",
    "responseLength": "$context.responseLength",
    "responseLatency": "$context.responseLatency",
    "integrationLatency": "$context.integrationLatency",
    "integrationStatus": "$context.integrationStatus",
    "integrationError": "$context.integrationErrorMessage",
    "authorizerError": "$context.authorizer.error",
    "subject": "$context.authorizer.claims.sub",
    "callerArn": "$context.identity.userArn",
    "errorMessage": "$context.error.message",
}
ROUTES = [  # (method, path, construct id, function, writes)
    ("GET", "/api/todos", "ListTodos", "list_todos", False),
    ("POST", "/api/todos", "CreateTodo", "create_todo", True),
    ("GET", "/api/todos/{id}", "GetTodo", "get_todo", False),
    ("PUT", "/api/todos/{id}", "UpdateTodo", "update_todo", True),
    ("DELETE", "/api/todos/{id}", "DeleteTodo", "delete_todo", True),
]


XRAY = (
    "X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support "
    "resource-level permissions, so AWS requires Resource '*' for them."
)
# (rule, granular finding or None, reason)
ROLE_ACKS = [
    ("AwsSolutions-IAM5", "Resource::*", XRAY),
    ("Serverless-LambdaStarPermissions", None, XRAY),
]
FUNCTION_ACKS = [
    (
        "Serverless-LambdaDLQ",
        None,
        "Invoked synchronously by API Gateway: a failure is returned to the caller, and a "
        "dead-letter queue only ever receives asynchronous invocations.",
    ),
    (
        "Serverless-LambdaAsyncFailureDestination",
        None,
        "Invoked synchronously by API Gateway: on-failure destinations apply only to "
        "asynchronous invocations.",
    ),
]


def _acknowledge(
    resource: cdk.CfnResource, scopes: list[Construct], acks: Sequence[tuple[str, str | None, str]]
) -> None:
    """As a careful user would, for cdk-nag 3 (Validations) and 2 (resource metadata)."""
    suppressions: list[dict[str, Any]] = []
    for rule, finding, reason in acks:
        entry: dict[str, Any] = {"reason": reason, "id": rule}
        if finding:
            entry["applies_to"] = [finding]
        suppressions.append(entry)
        rule_id = f"{rule}[{finding}]" if finding else rule
        for scope in scopes:
            cdk.Validations.of(scope).acknowledge(cdk.Acknowledgment(id=rule_id, reason=reason))
    resource.add_metadata("cdk_nag", {"rules_to_suppress": suppressions})


@jsii.implements(apigwv2.IAccessLogSettings)
class _AccessLogs:
    def __init__(self, log_group: logs.ILogGroup) -> None:
        self._log_group = log_group

    @property
    def destination(self) -> apigwv2.IAccessLogDestination:
        return apigwv2.LogGroupLogDestination(self._log_group)

    @property
    def format(self) -> apigw.AccessLogFormat:
        return apigw.AccessLogFormat.custom(json.dumps(ACCESS_LOG))


def _log_group(scope: Construct, id: str) -> logs.LogGroup:
    return logs.LogGroup(
        scope,
        id,
        retention=logs.RetentionDays.ONE_MONTH,
        removal_policy=cdk.RemovalPolicy.RETAIN,
    )


def _function(
    scope: Construct, id: str, entry: str, table: dynamodb.Table
) -> tuple[lambda_.Function, lambda_.Alias]:
    group = Construct(scope, id)
    log_group = _log_group(group, "LogGroup")
    logs_policy = iam.PolicyStatement(
        actions=["logs:CreateLogStream", "logs:PutLogEvents"],
        resources=[log_group.log_group_arn],
    )
    tracing = iam.PolicyStatement(
        actions=["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources=["*"]
    )
    role = iam.Role(
        group,
        "Role",
        assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
        inline_policies={
            "Logs": iam.PolicyDocument(statements=[logs_policy]),
            "Tracing": iam.PolicyDocument(statements=[tracing]),
        },
    )
    function = lambda_.Function(
        group,
        "Function",
        runtime=lambda_.Runtime.PYTHON_3_14,
        architecture=lambda_.Architecture.ARM_64,
        code=lambda_.Code.from_asset(str(HANDLERS / "todos"), exclude=EXCLUDE),
        handler=f"todos_api.{entry}",
        memory_size=256,
        timeout=cdk.Duration.seconds(10),
        environment={"TABLE_NAME": table.table_name},
        role=role,
        log_group=log_group,
        logging_format=lambda_.LoggingFormat.JSON,
    )
    resource = function.node.default_child
    assert isinstance(resource, lambda_.CfnFunction)
    resource.tracing_config = lambda_.CfnFunction.TracingConfigProperty(mode="Active")
    alias = lambda_.Alias(group, "Live", alias_name="live", version=function.current_version)
    role_resource = role.node.default_child
    assert isinstance(role_resource, cdk.CfnResource)
    _acknowledge(role_resource, [role_resource], ROLE_ACKS)
    _acknowledge(resource, [function, alias], FUNCTION_ACKS)
    return function, alias


class HandWrittenTodoApiStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str, **kwargs: Any) -> None:
        super().__init__(scope, id, description="constructs_lib demo: todo API", **kwargs)
        todos = Construct(self, "Todos")
        table = dynamodb.Table(
            todos,
            "Table",
            partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            encryption=dynamodb.TableEncryption.AWS_MANAGED,
            deletion_protection=True,
            removal_policy=cdk.RemovalPolicy.RETAIN,
        )
        access_logs = _log_group(todos, "AccessLogs")
        api = apigwv2.HttpApi(
            todos,
            "HttpApi",
            create_default_stage=False,
        )
        stage = apigwv2.HttpStage(
            todos,
            "DefaultStage",
            http_api=api,
            stage_name="$default",
            auto_deploy=True,
            throttle=apigwv2.ThrottleSettings(rate_limit=50, burst_limit=100),
            access_log_settings=_AccessLogs(access_logs),
        )
        authorizer = authorizers.HttpJwtAuthorizer(
            "JwtAuthorizer", "https://auth.example.com/", jwt_audience=["todo-api"]
        )
        for method, path, name, entry, writes in ROUTES:
            function, alias = _function(todos, name, entry, table)
            api.add_routes(
                path=path,
                methods=[apigwv2.HttpMethod[method]],
                integration=integrations.HttpLambdaIntegration(f"{name}Integration", alias),
                authorizer=authorizer,
            )
            if writes:
                table.grant_read_write_data(function)
            else:
                table.grant_read_data(function)
            # after the grants: DependsOn the role's policy, not the role (cfn-lint W3005)
            policy = function.role.node.find_child("DefaultPolicy").node.default_child  # type: ignore[union-attr]
            resource = function.node.default_child
            assert isinstance(resource, lambda_.CfnFunction)
            resource.add_override("DependsOn", [self.get_logical_id(policy)])  # type: ignore[arg-type]
        cdk.CfnOutput(self, "ApiUrl", value=stage.url)
        cdk.CfnOutput(self, "TableName", value=table.table_name)
