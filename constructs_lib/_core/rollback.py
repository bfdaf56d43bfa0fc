"""``add_rollback_alarm``: a rollback alarm of the user's, in code every stage shares. A
stage that deploys all at once has no deployment group (``deployment_group`` is None), so
``worker.deployment_group.add_alarm(alarm)`` there was an AttributeError; the construct's
method adds the alarm to the deployment group(s) when there are some, and otherwise checks
it the same way and leaves it alone (nothing deploys gradually, nothing rolls back)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from aws_cdk.interfaces.aws_cloudwatch import IAlarmRef
from constructs import Construct

from constructs_lib._arguments import checked_arguments
from constructs_lib._core.rollback_alarms import check_rollback_alarm
from constructs_lib._core.route_keys import checked_route_keys
from constructs_lib._validation import Validator

if TYPE_CHECKING:
    from aws_cdk import aws_codedeploy as codedeploy

__all__ = ["RouteRollbackAlarms", "add_rollback_alarm"]


def add_rollback_alarm(
    owner: Construct,
    groups: Sequence[codedeploy.LambdaDeploymentGroup | None],
    alarm: IAlarmRef,
) -> None:
    """Adds ``alarm`` to each of ``groups`` (once per group); with none, checks it as a
    group would (one alarm, of this region, before synth) and adds it nowhere."""
    gradual = [group for group in groups if group is not None]
    if not gradual:
        check_rollback_alarm(owner, alarm, 0)
        return
    done: list[object] = []
    for group in gradual:
        if not any(group is seen for seen in done):  # routes sharing a function's group
            group.add_alarm(alarm)
            done.append(group)


class _Routes(Protocol):
    @property
    def deployment_groups(self) -> Mapping[str, codedeploy.LambdaDeploymentGroup | None]: ...


class RouteRollbackAlarms:
    """Mixed into ServerlessApi: a rollback alarm for the deployments of some routes."""

    @checked_arguments
    def add_rollback_alarm(
        self: _Routes, alarm: IAlarmRef, *, routes: Sequence[str] | None = None
    ) -> None:
        """Rolls back a gradual deployment of the functions of ``routes`` when ``alarm``
        fires, and lets their deployment groups' service roles read it; in a stage where
        they deploy all at once, checks the alarm the same way and does nothing else, so
        code shared by every stage needs no ``if``.

        :param alarm: a ``cloudwatch.Alarm``, ``CompositeAlarm`` or ``CfnAlarm`` of this
            stack's region and account.
        :param routes: route keys whose deployments it rolls back. Default: every route's.
        """
        assert isinstance(self, Construct)
        groups = self.deployment_groups
        v = Validator(self)
        keys = checked_route_keys(
            v, routes, list(groups), "the alarm would roll back no deployment"
        )
        v.raise_if_any()
        add_rollback_alarm(self, [groups[key] for key in keys], alarm)
