"""The retention of the log groups the library creates for what is no function of its own
(an API's access logs, a VPC's flow logs, the logs of aws-cdk-lib's stack-wide handlers:
bucket notifications, the VPC's default security group, BucketDeployment): the nearest
scope's ``FunctionDefaults(log_retention=...)``, else what the group was built with: the
library's 30 days, or a property injector's retention for every ``logs.LogGroup``. A
compliance rule ("one year of logs everywhere") set once, either way, then reaches every log
group in the template.

Read at synth: these groups are created where no function is (a Network alone), or once
per stack by whichever construct comes first, so a ``set`` on the stack after them still
counts (a ``set`` after functions raises, FunctionDefaults says why)."""

from __future__ import annotations

import jsii
from aws_cdk import IStableNumberProducer, Lazy
from aws_cdk import aws_logs as logs
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._core.setting_choices import as_retention
from constructs_lib._defaults import values
from constructs_lib._facts import node_of, stack_of
from constructs_lib._retention import CLOUDWATCH_RETENTION_DAYS
from constructs_lib.function_defaults import settings_chain

__all__ = ["follow_scope_retention", "stack_log_group"]

_DAYS = {name: days for days, name in CLOUDWATCH_RETENTION_DAYS.items()}


def follow_scope_retention(group: logs.LogGroup, scope: Construct) -> None:
    """``group`` keeps its logs as long as ``scope``'s FunctionDefaults say (a group given
    a retention of its own, such as ``access_log_retention``, is not passed here)."""
    resource = group.node.default_child
    assert isinstance(resource, logs.CfnLogGroup)
    # what the L2 was built with: 30 days, or what a property injector of logs.LogGroup
    # returned (None: never expire), which FunctionDefaults would otherwise replace unseen
    built = resource.retention_in_days
    resource.retention_in_days = Lazy.number(_ScopeRetention(scope, built))


def stack_log_group(scope: Construct, id: str) -> logs.LogGroup:
    """The log group ``id`` of ``scope``'s stack, for a stack-wide function of aws-cdk-lib's
    (created by the first construct that needs it), kept as the stack's FunctionDefaults
    say: a construct's own scope would be the first one's only."""
    stack = stack_of(scope)
    group = node_of(stack).try_find_child(id)
    if isinstance(group, logs.LogGroup):
        return group
    group = _defaults.log_group(stack, id)
    follow_scope_retention(group, stack)
    return group


@jsii.implements(IStableNumberProducer)
class _ScopeRetention:
    def __init__(self, scope: Construct, built: float | None) -> None:
        self._scope = scope
        self._built = built

    def produce(self) -> float | None:
        given = [s.log_retention for s in settings_chain(self._scope) if s.log_retention]
        if not given:
            return self._built
        # FunctionDefaults.set checked it: a RetentionDays member or a Duration of one
        retention = as_retention(given[-1])
        if not isinstance(retention, logs.RetentionDays) or retention.name not in _DAYS:
            retention = values.LOG_RETENTION
        return _DAYS[retention.name]
