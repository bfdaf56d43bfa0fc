"""The typed attributes a construct around one function exposes besides ``function`` and
``alias``: what a user adds grants, statements, rules or rollback alarms to."""

from __future__ import annotations

from aws_cdk import aws_codedeploy as codedeploy
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam

from constructs_lib._core.function import FunctionCore

__all__ = ["FunctionParts"]


class FunctionParts:
    """Mixed into QueueWorker, ScheduledJob and EventHandler: their function's role,
    security group and deployment group, each typed as what it always is."""

    #: The function's execution role (``function.role`` is typed ``IRole | None``): add
    #: statements to it, or ``acknowledge`` a finding of a grant on it.
    function_role: iam.Role
    #: The function's own security group (no inbound rules, HTTPS out); None outside a
    #: Network. Allow it into a database with ``db.connections.allow_default_port_from``.
    security_group: ec2.SecurityGroup | None
    #: The CodeDeploy deployment group moving the ``live`` alias (add rollback alarms with
    #: ``add_alarm``); None when the function deploys all at once.
    deployment_group: codedeploy.LambdaDeploymentGroup | None

    def _expose_parts(self, core: FunctionCore) -> None:
        self.function_role = core.role
        self.security_group = core.security_group
        self.deployment_group = core.deployment_group
