"""What every function-backed construct needs of gradual deployments, without loading
CodeDeploy (``gradual`` builds the deployment group, imported only for one): the checks
of a ``deployment`` prop and the rollback alarms of the groups built."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from constructs import Construct

from constructs_lib._core.hook_variables import check_hook_variables
from constructs_lib._jsii import described
from constructs_lib._validation import Validator
from constructs_lib._value_object_dicts import dict_fix
from constructs_lib.deployment import Deployment, DeploymentKind

if TYPE_CHECKING:
    from aws_cdk import aws_cloudwatch as cloudwatch

__all__ = ["check_deployment", "rollback_alarms"]

# CodeDeploy's limits for time-based traffic shifting.
_PERCENT = (1, 99)
_MINUTES = (1, 2880)
_DEPLOYMENT_FIX = "pass Deployment.canary(...), Deployment.linear(...) or Deployment.all_at_once()"


def check_deployment(v: Validator, deployment: object, prop: str) -> None:
    """Adds every problem of ``deployment`` (hooks are checked by the caller)."""
    if deployment is None:
        return
    if isinstance(deployment, Deployment) and deployment.kind not in set(DeploymentKind):
        prop, deployment = f"{prop}.kind", deployment.kind
        if isinstance(deployment, str):
            _check_kind_text(v, deployment, prop)
            return
    if not isinstance(deployment, Deployment):
        shown, fix = described(deployment), dict_fix(deployment, Deployment) or _DEPLOYMENT_FIX
        if "aws_codedeploy." in shown:
            # aws-cdk-lib's habit (LambdaDeploymentGroup(deployment_config=...)): the
            # library builds CodeDeploy's config from a Deployment
            shown += " (CodeDeploy's config, which the library builds from a Deployment)"
            # named as Python's aws-cdk-lib spells it (TypeScript's is CANARY_10PERCENT_...)
            fix += (
                ", e.g. Deployment.canary(percent=10, minutes=5) for "
                "LambdaDeploymentConfig.CANARY_10_PERCENT_5_MINUTES"
            )
        v.add(prop, f"is {shown}", fix)
        return
    if not deployment.gradual:
        _check_all_at_once(v, deployment, prop)
        return
    every = "minutes" if deployment.kind == DeploymentKind.CANARY else "every_minutes"
    for name, value, (low, high) in (
        ("percent", deployment.percent, _PERCENT),
        (every, deployment.minutes, _MINUTES),
    ):
        if v.check_int(value, f"{prop}.{name}", f"pass e.g. {name}={low}", within=(low, high)):
            v.check_range(value, f"{prop}.{name}", low, high, literal=True)
    _check_hooks_deploy_at_once(v, deployment, prop)
    check_hook_variables(v, deployment, prop)


def _check_kind_text(v: Validator, kind: str, prop: str) -> None:
    """A kind written as text that is none of DeploymentKind's values: ``"CANARY"`` or
    ``" canary\n"`` from a config file (the value read one way is named)."""
    kinds = [member.value for member in DeploymentKind]
    meant = re.sub(r"[\s-]+", "_", kind.strip().lower())
    fix = (
        f"pass {meant!r}, DeploymentKind's value (lower case, no whitespace), or build it with "
        f"Deployment.{meant}(...)"
        if meant in kinds
        else _DEPLOYMENT_FIX
    )
    v.add(prop, f"is {kind!r}, not one of {', '.join(map(repr, kinds))}", fix)


def _check_hooks_deploy_at_once(v: Validator, deployment: Deployment, prop: str) -> None:
    """A hook's own function always deploys at once (gradually, it would need hooks and a
    deployment of its own while CodeDeploy waits on it): a gradual ``deployment=`` on a
    hook's Handler would be dropped in silence. Nor does it keep environments warm: it runs
    once per deployment, and provisioned ones would be billed every hour for nothing. A
    hook reserved 0 never runs: CodeDeploy waits an hour for its status, then fails every
    deployment of the function (no kill switch is meant there: a hook is dropped instead)."""
    for name, hook in deployment.hooks.items():
        reserved = getattr(hook, "reserved_concurrency", None)
        if reserved == 0 and not isinstance(reserved, bool):
            hook_prop = Deployment.HOOK_PROPS[name]
            v.add(
                f"{prop}.{hook_prop}.reserved_concurrency",
                "is 0: the hook's function never runs (Lambda throttles every invocation), "
                "so CodeDeploy waits an hour for its status and then fails the deployment "
                "and rolls it back, every time the function is deployed",
                f"drop reserved_concurrency=0 from the {hook_prop} Handler, or drop "
                f"{hook_prop}= to deploy without that check",
            )
        provisioned = getattr(hook, "provisioned_concurrency", None)
        if provisioned is not None:
            hook_prop = Deployment.HOOK_PROPS[name]
            v.add(
                f"{prop}.{hook_prop}.provisioned_concurrency",
                f"is {provisioned!r}, but a hook's function runs once per deployment "
                "(CodeDeploy invokes it once, before or after shifting the traffic): its "
                "provisioned environments would be billed every hour and never spare a cold "
                "start that matters",
                f"drop provisioned_concurrency from the {hook_prop} Handler",
            )
        own = getattr(hook, "deployment", None)
        if isinstance(own, Deployment) and own.gradual:
            hook_prop = Deployment.HOOK_PROPS[name]
            v.add(
                f"{prop}.{hook_prop}.deployment",
                f"is a {own.kind} deployment, but a hook's own function always deploys at "
                "once (CodeDeploy runs it during the deployment it checks)",
                f"drop deployment= from the {hook_prop} Handler",
            )


def _check_all_at_once(v: Validator, deployment: Deployment, prop: str) -> None:
    """What only a gradual deployment reads, given to an all-at-once one (``Deployment(
    percent=10, minutes=5)``, whose kind is all at once by default): no CodeDeploy group
    would shift traffic or run a hook, in silence."""
    given = [name for name in ("percent", "minutes") if getattr(deployment, name)]
    given += [hook for name, hook in Deployment.HOOK_PROPS.items() if name in deployment.hooks]
    for name in given:
        v.add(
            f"{prop}.{name}",
            f"is given to an all-at-once deployment, which uses no {name} (the alias "
            "moves to a new version at once, no CodeDeploy deployment, no hook)",
            f"build it with Deployment.canary(...) or Deployment.linear(...), or drop {name}",
        )


def rollback_alarms(construct: Construct) -> list[cloudwatch.Alarm]:
    """The library's rollback alarms of ``construct``'s gradually deployed functions (its
    FunctionCores are its children, each one's deployment group their attribute: read in
    Python, where asking each child's node for it is two round trips to Node)."""
    groups = [
        group
        for child in construct.node.children
        if (group := getattr(child, "deployment_group", None)) is not None
    ]
    if not groups:
        return []  # no gradual deployment: CodeDeploy need not load
    from constructs_lib._core.gradual import DeploymentGroup  # loaded: it built them

    return [
        alarm
        for group in groups
        if isinstance(group, DeploymentGroup)
        for alarm in group.rollback_alarms
    ]
