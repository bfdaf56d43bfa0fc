"""Props every construct shares, and how a constructor turns its arguments into props."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import Construct

from constructs_lib._alarm_topic_env import check_alarm_topic_environment
from constructs_lib._core.gradual_rules import check_deployment, rollback_alarms
from constructs_lib._core.handler_rules import check_handler
from constructs_lib._core.hook_reach import check_hook_reach
from constructs_lib._core.network import check_network_stack
from constructs_lib._core.resolve import scope_deployment
from constructs_lib._env import check_same_environment
from constructs_lib._loaded import LazyModule
from constructs_lib._monitoring.register import register
from constructs_lib._prop_cycles import check_referenced_props
from constructs_lib._validated import props_from, validated
from constructs_lib._validation import Validator
from constructs_lib.deployment import Deployment
from constructs_lib.network import Network
from constructs_lib_runtime.deployment_hooks import TARGET_VERSION_VARIABLE

if TYPE_CHECKING:
    from aws_cdk import aws_sns as sns
else:  # imported on first use (typing.get_type_hints): importing this loads none
    sns = LazyModule("aws_sns")

__all__ = ["FunctionBackedProps", "MonitoredProps", "props_from", "validated"]


@dataclass(frozen=True, kw_only=True)
class MonitoredProps:
    """:param alarms: True: create the construct's alarms; False: none. Default: None:
        create them when they have a destination (``alarm_topic``, the stack's
        ``Monitoring`` topic or the app's ``constructs_lib:alarm_topic``), else none and a
        synth warning. Dashboard widgets are registered either way.
    :param alarm_topic: SNS topic the alarms notify (besides the stack's Monitoring
        topic). Default: none.
    """

    alarms: bool | None = None
    alarm_topic: sns.ITopic | None = None

    def validate(self, v: Validator) -> None:
        """Adds every problem of these props to ``v``."""
        check_alarm_topic_environment(v, self.alarm_topic)
        check_referenced_props(v, self)
        v.check(
            self.alarms is not False or self.alarm_topic is None,
            "alarm_topic",
            "is given, but alarms=False creates no alarm to notify it",
            "drop alarm_topic to have no alarms, or drop alarms=False to have them notify it",
        )

    def monitor(
        self,
        construct: Construct,
        *,
        widgets: Callable[[], Sequence[cloudwatch.IWidget]],
        alarms: Callable[[], Sequence[cloudwatch.Alarm]],
    ) -> Sequence[cloudwatch.Alarm]:
        """Registers ``construct``'s widgets (built by ``widgets`` once the stack has a
        dashboard) and its alarms, created by calling ``alarms``
        when they have a destination (see :class:`constructs_lib.Monitoring`); its
        functions' rollback alarms then notify that destination too."""
        return register(
            construct,
            widgets=widgets,
            alarms=alarms,
            enabled=self.alarms,
            alarm_topic=self.alarm_topic,
            followers=lambda: rollback_alarms(construct),
        )


@dataclass(frozen=True, kw_only=True)
class FunctionBackedProps(MonitoredProps):
    """:param network: run the functions in this Network (VPC). Default: no VPC.
    :param deployment: how a deploy moves each function's ``live`` alias (a Handler's own
        ``deployment`` wins). Default: the scope's ``FunctionDefaults``, else all at once,
        no CodeDeploy resources.
    """

    network: Network | None = None
    deployment: Deployment | None = None

    def validate(self, v: Validator) -> None:
        super().validate(v)
        before = v.count
        check_same_environment(
            v,
            self.network if isinstance(self.network, Network) else None,
            "network",
            "a function runs only in a VPC of its own region and account",
            "pass a Network of this stack's region and account",
        )
        if isinstance(self.network, Network) and v.count == before:  # same env and stage
            check_network_stack(v, self.network)
        check_deployment(v, self.deployment, "deployment")
        deployment, prop = self.deployment, "deployment"
        if deployment is None:  # the scope's: its hooks need this construct's network
            deployment, prop = scope_deployment(v.scope), "FunctionDefaults.deployment"
        hooks = deployment.hooks if isinstance(deployment, Deployment) else {}
        for name, hook in hooks.items():
            check_handler(
                v,
                hook,
                f"{prop}.{Deployment.HOOK_PROPS[name]}",
                construct_environment=(TARGET_VERSION_VARIABLE,),
                network=self.network,
            )
            check_hook_reach(v, hook, f"{prop}.{Deployment.HOOK_PROPS[name]}", self.network)
