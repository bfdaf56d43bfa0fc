"""Builds every Lambda function of the library with the secure defaults."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsii
from aws_cdk import CfnResource, IResolvable, IResolveContext, Stack, Token
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

import constructs_lib_runtime
from constructs_lib import _defaults, _nag
from constructs_lib._bundling import lambda_code
from constructs_lib.handler import Handler

#: Stdlib-only helpers for handler code (e.g. ``constructs_lib_runtime.sqs_batch``).
RUNTIME_PACKAGE = Path(constructs_lib_runtime.__file__).parent


class HandlerFunction(Construct):
    """One function, its own role and log group, and the ``live`` alias triggers invoke.

    Defaults it never gives up: the newest Python runtime on ARM64, a role of its own with
    only an inline logs policy (no AWS-managed policy), an explicit log group with finite
    retention (no ``logRetention`` custom resource), JSON logs, X-Ray active tracing,
    explicit memory and timeout, a published version behind the ``live`` alias.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        handler: Handler,
        environment: Mapping[str, str] | None = None,
        description: str | None = None,
        include_runtime: bool = False,
    ) -> None:
        """:param include_runtime: put ``constructs_lib_runtime`` into the asset."""
        super().__init__(scope, id)

        #: Log group the function writes to.
        self.log_group = logs.LogGroup(self, "LogGroup", **_defaults.log_group_props())  # type: ignore[arg-type]
        #: Execution role: may write to its own log group, nothing else until granted.
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            inline_policies={
                "Logs": iam.PolicyDocument(
                    statements=[
                        iam.PolicyStatement(
                            actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                            resources=[self.log_group.log_group_arn],
                        )
                    ]
                )
            },
        )
        #: The function (unqualified); triggers use :attr:`alias`.
        self.function = lambda_.Function(
            self,
            "Function",
            runtime=_defaults.LAMBDA_RUNTIME,
            architecture=_defaults.LAMBDA_ARCHITECTURE,
            code=lambda_code(
                handler.code,
                python_version=_defaults.LAMBDA_PYTHON_VERSION,
                architecture="arm64",
                include=[RUNTIME_PACKAGE] if include_runtime else (),
            ),
            handler=handler.entry,
            memory_size=handler.memory_mib,
            timeout=handler.timeout,
            environment={**handler.environment, **(environment or {})},
            reserved_concurrent_executions=handler.reserved_concurrency,
            role=self.role,
            log_group=self.log_group,
            logging_format=lambda_.LoggingFormat.JSON,
            tracing=lambda_.Tracing.ACTIVE,
            description=description,
        )
        #: The ``live`` alias on the function's current version: what every trigger invokes.
        self.alias = lambda_.Alias(
            self,
            "Live",
            alias_name=_defaults.LIVE_ALIAS_NAME,
            version=self.function.current_version,
        )
        function_resource = self.function.node.default_child
        assert isinstance(function_resource, CfnResource)
        function_resource.add_override(
            "DependsOn", _DependsOnExcept(function_resource, self.role.node.default_child)
        )
        tracing_policy = self.role.node.try_find_child("DefaultPolicy")
        if tracing_policy is not None:
            _nag.acknowledge(tracing_policy, _nag.XRAY_WILDCARD)


@jsii.implements(IResolvable)
class _DependsOnExcept:
    """A function's DependsOn without its role.

    lambda.Function makes the function depend on its role construct, which renders as
    DependsOn both the role's policy (needed: the function must not start before its
    grants exist) and the role itself (redundant: the Role GetAtt already orders them,
    and cfn-lint W3005 flags it). Resolved at synth, after CDK has turned construct
    dependencies into resource ones, so dependencies added later are kept.
    """

    def __init__(self, resource: CfnResource, excluded: Any) -> None:
        self._resource = resource
        self._excluded_path = excluded.node.path
        self.creation_stack: list[str] = []
        self.type_hint = None

    def resolve(self, context: IResolveContext) -> list[str]:
        stack = Stack.of(self._resource)
        return sorted(
            stack.resolve(stack.get_logical_id(dependency))
            for dependency in self._resource.obtain_dependencies()
            if isinstance(dependency, CfnResource) and dependency.node.path != self._excluded_path
        )

    def to_string(self) -> str:
        return Token.as_string(self)
