"""A gradual deployment's hook functions: what each needs to test the version its
deployment moves the alias to. aws-cdk-lib gives a hook only
``codedeploy:PutLifecycleEventHookExecutionStatus`` on its group; CodeDeploy's event names
no version, so each hook also gets the version's ARN in ``TARGET_VERSION_ARN`` and may
invoke that version only (as SAM's documented hooks: ``NewVersion: !Ref Fn.Version`` and
``lambda:InvokeFunction`` on it). CloudFormation updates a hook (its variable, through
its version and alias) before the alias whose update starts the deployment: the alias's
UpdatePolicy refers to the hook's alias (a DependsOn would repeat it: cfn-lint W3005)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_

from constructs_lib._core.invocation import Invocation
from constructs_lib.deployment import Deployment
from constructs_lib.network import Network
from constructs_lib_runtime.deployment_hooks import TARGET_VERSION_VARIABLE

if TYPE_CHECKING:
    from constructs_lib._core.function import FunctionCore

__all__ = ["TARGET_VERSION_VARIABLE", "create_hooks"]


def create_hooks(
    core: FunctionCore, deployment: Deployment, network: Network | None
) -> dict[str, lambda_.Alias]:
    """One hook function per hook of ``deployment`` below ``core`` (its ``live`` alias, by
    construct id), each able to invoke the version ``core.alias`` is deployed to."""
    from constructs_lib._core.function import FunctionCore  # the module imports this one

    version = core.alias.version
    hooks: dict[str, lambda_.Alias] = {}
    for name, hook in deployment.hooks.items():
        hook_core = FunctionCore(
            core,
            name,
            handler=hook,
            invocation=Invocation.DEPLOYMENT_HOOK,
            environment={TARGET_VERSION_VARIABLE: version.function_arn},
            network=network,
        )
        # the version itself (its ARN ends in its number): not the alias, which serves
        # users, nor the function's other versions
        hook_core.role.add_to_principal_policy(
            iam.PolicyStatement(actions=["lambda:InvokeFunction"], resources=[version.function_arn])
        )
        hooks[name] = hook_core.alias
    return hooks
