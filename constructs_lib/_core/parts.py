"""The typed attributes a construct around one function exposes besides ``function`` and
``alias``: what a user adds grants, statements, rules or rollback alarms to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk.interfaces.aws_cloudwatch import IAlarmRef
from constructs import Construct

from constructs_lib._arguments import checked_arguments
from constructs_lib._core.function import FunctionCore
from constructs_lib._core.read_only import ReadOnlyAttributes
from constructs_lib._core.rollback import add_rollback_alarm
from constructs_lib._loaded import LazyModule

if TYPE_CHECKING:
    from aws_cdk import aws_codedeploy as codedeploy
else:  # imported on first use (typing.get_type_hints): importing this loads none
    codedeploy = LazyModule("aws_codedeploy")

__all__ = ["FunctionParts"]


class FunctionParts(ReadOnlyAttributes):
    """Mixed into QueueWorker, ScheduledJob and EventHandler: their function's role,
    security group and deployment group, read-only (:class:`ReadOnlyAttributes` refuses
    an assignment), each typed as what it always is."""

    _function_core: FunctionCore

    def _expose_parts(self, core: FunctionCore) -> None:
        self._function_core = core

    @property
    def function_role(self) -> iam.Role:
        """The function's execution role (``function.role`` is typed ``IRole | None``): add
        statements to it, or ``acknowledge`` a finding of a grant on it."""
        return self._function_core.role

    @property
    def security_group(self) -> ec2.SecurityGroup | None:
        """The function's own security group (no inbound rules, HTTPS out); None outside a
        Network. Let it into a database with ``db.connections.allow_default_port_from``."""
        return self._function_core.security_group

    @property
    def deployment_group(self) -> codedeploy.LambdaDeploymentGroup | None:
        """The CodeDeploy deployment group moving the ``live`` alias (``add_alarm`` adds a
        rollback alarm CodeDeploy may read); None when the function deploys all at once
        (``add_rollback_alarm`` works in both)."""
        return self._function_core.deployment_group

    @checked_arguments
    def add_rollback_alarm(self, alarm: IAlarmRef) -> None:
        """Rolls back a gradual deployment of the function when ``alarm`` fires, and lets
        its deployment group's service role read it; in a stage where the function deploys
        all at once, checks the alarm the same way and does nothing else, so code shared by
        every stage needs no ``if deployment_group is not None``.

        :param alarm: a ``cloudwatch.Alarm``, ``CompositeAlarm`` or ``CfnAlarm`` of this
            stack's region and account.
        """
        assert isinstance(self, Construct)
        add_rollback_alarm(self, [self._function_core.deployment_group], alarm)
