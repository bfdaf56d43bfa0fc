"""The function-backed core: one function, its role, log group, network wiring, the
``live`` alias every trigger invokes, and the function's alarms and widgets."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from aws_cdk import Aws, Size, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

import constructs_lib_runtime
from constructs_lib import _defaults, _nag
from constructs_lib._assets import assets_allowed
from constructs_lib._bundling import lambda_code
from constructs_lib._bundling.import_scan import needs_package_in
from constructs_lib._cfn import drop_redundant_dependency
from constructs_lib._core.asset_warnings import warn_of_asset_contents
from constructs_lib._core.environment_recheck import keep_variables
from constructs_lib._core.function_role import function_role
from constructs_lib._core.image import image_code, warn_of_missing_runtime
from constructs_lib._core.invocation import Invocation
from constructs_lib._core.link_apply import link_function
from constructs_lib._core.link_reach import remember_reach
from constructs_lib._core.network import function_security_group
from constructs_lib._core.platform_recheck import recheck_platform_at_synth
from constructs_lib._core.provisioned_recheck import recheck_provisioned_at_synth
from constructs_lib._core.public_invoke import warn_of_public_invoke
from constructs_lib._core.reserved_quota import count_reservation
from constructs_lib._core.resolve import ResolvedHandler, resolve_handler, scope_deployment
from constructs_lib._core.sizes_recheck import recheck_sizes_at_synth
from constructs_lib._facts import (
    app_of,
    context_of,
    remember_attribute,
    remember_scope,
    resource_of,
)
from constructs_lib._injected_settings import check_injected_core
from constructs_lib._injector_errors import injector_errors, may_inject
from constructs_lib._monitoring.function import function_alarms, function_widgets, spillover_alarm
from constructs_lib._stack_resources import count_function
from constructs_lib._tag_rules import check_tags_at_synth
from constructs_lib.deployment import Deployment
from constructs_lib.errors import BundlingError
from constructs_lib.handler import Handler
from constructs_lib.network import Network

if TYPE_CHECKING:
    from aws_cdk import aws_codedeploy as codedeploy
    from aws_cdk import aws_iam as iam
    from aws_cdk import aws_logs as logs

__all__ = ["RUNTIME_PACKAGE", "FunctionCore"]

#: Stdlib-only helpers for handler code (e.g. ``constructs_lib_runtime.sqs_batch``).
RUNTIME_PACKAGE = Path(constructs_lib_runtime.__file__).parent


class FunctionCore(Construct):
    """One function, its own role and log group, and the ``live`` alias triggers invoke.

    Defaults it never gives up: the newest Python runtime on ARM64, a role of its own with
    only an inline logs policy (no AWS-managed policy), an explicit log group with finite
    retention (no ``logRetention`` custom resource), JSON logs, X-Ray active tracing,
    explicit memory and timeout, a published version behind the ``live`` alias. The
    ``invocation`` mode picks the cdk-nag acknowledgements that apply to its trigger.

    :param include_runtime: put ``constructs_lib_runtime`` into the asset (else only
        when the code imports it).
    :param network: run in the Network's subnets with a security group of its own.
    """

    # Declared, not inferred from the assignments: the constructs hand these out as their
    # own typed attributes, and pyright reads an undeclared one as ambiguous
    log_group: logs.LogGroup
    """Log group the function writes to."""
    role: iam.Role
    """Execution role: may write to its own log group, nothing else until granted."""
    function: lambda_.Function
    """The function (unqualified); triggers use :attr:`alias`."""
    alias: lambda_.Alias
    """The ``live`` alias on the function's current version: what every trigger invokes."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        handler: Handler,
        invocation: Invocation,
        environment: Mapping[str, str] | None = None,
        include_runtime: bool = False,
        network: Network | None = None,
        deployment: Deployment | None = None,
        latency_rollback: bool = False,
        service_name: str | None = None,
    ) -> None:
        """:param deployment: how a deploy moves the alias; the Handler's own wins.
        :param latency_rollback: a gradual deployment also rolls back on p99 latency.
        :param service_name: what the function is called in its logs and traces
            (Powertools' service name). Default: this construct's id.
        """
        super().__init__(scope, id)
        remember_scope(self, scope, id)
        self._service_name = service_name or id
        resolved = resolve_handler(self, handler)  # FunctionDefaults, library defaults
        self.log_group = _defaults.log_group(self, "LogGroup", retention=resolved.log_retention)
        self.role, self._role_resource = function_role(
            self, self.log_group, in_network=network is not None
        )
        #: The function's own security group (None outside a Network).
        self.security_group: ec2.SecurityGroup | None = (
            function_security_group(network, self, ("xray", *handler.endpoints))
            if network is not None
            else None
        )
        variables = {
            **resolved.environment,
            **(environment or {}),
            **(self._powertools_environment() if resolved.powertools is True else {}),
        }
        with assets_allowed(self, "handler", "its image" if resolved.image else "its code"):
            self.function = self._create_function(
                resolved, variables, include_runtime, network, invocation
            )
        if may_inject(self):  # a property injector's role, log group, VPC, code or name
            check_injected_core(
                self,
                self._function_resource,
                code=self._bound_code,
                entry=None if resolved.image else resolved.entry,
                owner=f"the {type(scope).__name__}",
                network=network,
            )
        if network is not None:
            remember_reach(self.function, network, handler.endpoints)
        link_function(self.function, handler.links, existing=list(variables))  # validated before
        keep_variables(self.function, environment or {}, f"the {type(scope).__name__}")
        self.alias = lambda_.Alias(
            self,
            "Live",
            alias_name=_defaults.LIVE_ALIAS_NAME,
            version=self.function.current_version,
            provisioned_concurrent_executions=handler.provisioned_concurrency,
        )
        recheck_provisioned_at_synth(self.function, self.alias, resolved)
        recheck_sizes_at_synth(self.function, handler, resolved)
        count_reservation(self.function, handler)
        check_tags_at_synth(self.function)
        self._provisioned = handler.provisioned_concurrency  # its spillover alarm's
        # On its alias too (its resource was acknowledged when made): below the alias only
        # event source mappings, added later, can be reported (an Aspect each).
        resource = self._function_resource
        mappings = _nag.reported_on("AWS::Lambda::EventSourceMapping", invocation.acknowledgements)
        if mappings:
            _nag.acknowledge(self.alias, *mappings)
        if not resolved.image and resolved.runtime != _defaults.LAMBDA_PYTHON_VERSION:
            _nag.acknowledge(resource, *_nag.chosen_runtime(resolved.runtime))
        #: The CodeDeploy deployment group moving the alias (None: all at once).
        self.deployment_group: codedeploy.LambdaDeploymentGroup | None = None
        chosen = handler.deployment or deployment
        if chosen is None and invocation is not Invocation.DEPLOYMENT_HOOK:
            # a hook's function deploys at once (and would build hooks of its own)
            chosen = scope_deployment(self)
        if chosen is not None and chosen.gradual:
            self.deployment_group = self._deploy_gradually(chosen, network, latency_rollback)

    def _create_function(
        self,
        handler: ResolvedHandler,
        environment: Mapping[str, str],
        include_runtime: bool,
        network: Network | None,
        invocation: Invocation,
    ) -> lambda_.Function:
        """The function with ``environment`` (the Handler's, the construct's, Powertools'),
        its resource acknowledged for ``invocation``."""
        powertools = handler.powertools is True
        code = self._bound_code = self._code(handler, include_runtime)
        with injector_errors(self, "Function", lambda_.Function, "lambda_.Function"):
            function = lambda_.Function(
                self,
                "Function",
                runtime=lambda_.Runtime.FROM_IMAGE
                if handler.image
                else _defaults.lambda_runtime(handler.runtime),
                architecture=_defaults.lambda_architecture(handler.architecture),
                code=code,
                handler=lambda_.Handler.FROM_IMAGE if handler.image else handler.entry,
                memory_size=handler.memory_mib,
                timeout=handler.timeout,
                ephemeral_storage_size=_mebibytes(handler.ephemeral_storage_mib),
                environment=dict(environment),
                layers=[self._powertools_layer(handler)] if powertools else None,
                reserved_concurrent_executions=handler.reserved_concurrency,
                role=self.role,
                log_group=self.log_group,
                logging_format=lambda_.LoggingFormat.JSON,
                vpc=network.vpc if network is not None else None,
                vpc_subnets=network.subnets if network is not None else None,
                # The platform's groups go in at creation: aws-cdk-lib writes VpcConfig once,
                # so function.connections.add_security_group later changes nothing.
                security_groups=[self.security_group, *network.function_security_groups]
                if network is not None and self.security_group
                else None,
            )
        resource = resource_of(function)
        assert isinstance(resource, lambda_.CfnFunction)
        remember_scope(function, self, "Function")
        # aws-cdk-lib keeps the Duration it is given: the route timeout re-check reads it
        remember_attribute(function, "timeout", handler.timeout)
        remember_scope(resource, function)
        # Kept: every read of a jsii property is a round trip to Node.
        self._function_resource = resource
        # On this function's resource only, not on hook functions. The resource itself, not
        # the L2 Function: nothing else below the L2 is a function, and a resource needs no
        # Aspect at synth. Made just above: no metadata of anyone else's to merge with.
        reported = _nag.reported_on("AWS::Lambda::Function", invocation.acknowledgements)
        _nag.acknowledge(resource, *reported, new=True)
        # Active tracing set on the resource: the L2 option would add the X-Ray actions to
        # the role's DefaultPolicy, next to the user's grants (see function_role.py).
        resource.tracing_config = lambda_.CfnFunction.TracingConfigProperty(mode="Active")
        drop_redundant_dependency(resource, self._role_resource)
        count_function(resource)
        # on the function: acknowledged on it (or a scope above) once a layer that provides
        # the module is added (function.add_layers), which no scan can see
        warn_of_asset_contents(function, handler, code)
        recheck_platform_at_synth(function, code, handler)
        warn_of_public_invoke(function)
        return function

    def _deploy_gradually(
        self, deployment: Deployment, network: Network | None, latency_rollback: bool
    ) -> codedeploy.LambdaDeploymentGroup:
        from constructs_lib._core.hooks import create_hooks

        hooks = create_hooks(self, deployment, network)
        # only here: aws_codedeploy loads with the functions that deploy gradually
        from constructs_lib._core.gradual import create_deployment_group

        return create_deployment_group(
            self,
            alias=self.alias,
            deployment=deployment,
            hooks=hooks,
            latency_alarm=latency_rollback,
        )

    def _powertools_layer(self, handler: ResolvedHandler) -> lambda_.ILayerVersion:
        """AWS's published Powertools layer for this region, runtime and architecture."""
        name = (
            f"AWSLambdaPowertoolsPythonV3-python{handler.runtime.replace('.', '')}"
            f"-{handler.architecture}"
        )
        arn = (
            f"arn:{Aws.PARTITION}:lambda:{Aws.REGION}:{_defaults.POWERTOOLS_LAYER_ACCOUNT}:"
            f"layer:{name}:{_defaults.POWERTOOLS_LAYER_VERSION}"
        )
        return lambda_.LayerVersion.from_layer_version_arn(self, "Powertools", arn)

    def _powertools_environment(self) -> dict[str, str]:
        return {
            "POWERTOOLS_SERVICE_NAME": self._service_name,
            "POWERTOOLS_METRICS_NAMESPACE": Stack.of(self).stack_name,
        }

    def alarms(self) -> list[cloudwatch.Alarm]:
        """Creates the function's alarms (errors, throttles; spillover past provisioned
        concurrency when it has some) below this construct."""
        alarms = function_alarms(self, self.function)
        if self._provisioned:
            alarms.append(spillover_alarm(self, self.alias, self._provisioned))
        return alarms

    def widgets(self, title: str) -> list[cloudwatch.IWidget]:
        """The function's dashboard widgets, titled ``title``."""
        return function_widgets(title, self.function)

    def _code(self, handler: ResolvedHandler, include_runtime: bool) -> lambda_.Code:
        if handler.image:  # the Dockerfile installs the dependencies
            warn_of_missing_runtime(self, Path(handler.code))
            return image_code(handler, handler.architecture)
        try:
            code = lambda_code(
                handler.code,
                python_version=handler.runtime,
                architecture=handler.architecture,
                include=[RUNTIME_PACKAGE] if self._uses_runtime(handler, include_runtime) else (),
                shared=handler.include,
                context=functools.partial(context_of, self),  # read only when it bundles
            )
        except BundlingError as exc:  # say which function, not just which package
            raise BundlingError.for_function(self.node.path, exc) from exc
        return code

    def _uses_runtime(self, handler: ResolvedHandler, include_runtime: bool) -> bool:
        """A QueueWorker's function always gets the helpers; any other function when its
        code imports them (an EventHandler sharing a module with a worker), which would
        otherwise pass its tests and fail on Lambda at the import; but not over a copy
        its code has (vendored), with which the library's files would mix."""
        if include_runtime:
            return True
        # the shared code it includes may be what imports them
        directories = [Path(handler.code), *(p for p in map(Path, handler.include) if p.is_dir())]
        return any(needs_package_in(app_of(self), d, RUNTIME_PACKAGE.name) for d in directories)


def _mebibytes(mib: int | None) -> Size | None:
    """None (Lambda's default, no property in the template) or ``mib`` MiB."""
    return None if mib is None else Size.mebibytes(mib)
