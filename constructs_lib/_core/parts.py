"""The typed attributes a construct around one function exposes besides ``function`` and
``alias``: what a user adds grants, statements, rules or rollback alarms to."""

from __future__ import annotations

from aws_cdk import aws_codedeploy as codedeploy
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from constructs import Construct

from constructs_lib._core.function import FunctionCore
from constructs_lib._jsii import shown
from constructs_lib._token_names import readable
from constructs_lib.errors import ConstructError, Problem

__all__ = ["FunctionParts"]


class FunctionParts:
    """Mixed into QueueWorker, ScheduledJob and EventHandler: their function's role,
    security group and deployment group, read-only, each typed as what it always is."""

    _function_core: FunctionCore

    def _expose_parts(self, core: FunctionCore) -> None:
        self._function_core = core

    @property
    def function_role(self) -> iam.Role:
        """The function's execution role (``function.role`` is typed ``IRole | None``): add
        statements to it, or ``acknowledge`` a finding of a grant on it."""
        return self._function_core.role

    @function_role.setter
    def function_role(self, value: object) -> None:
        _refuse(self, "function_role", value)

    @property
    def security_group(self) -> ec2.SecurityGroup | None:
        """The function's own security group (no inbound rules, HTTPS out); None outside a
        Network. Let it into a database with ``db.connections.allow_default_port_from``."""
        return self._function_core.security_group

    @security_group.setter
    def security_group(self, value: object) -> None:
        _refuse(self, "security_group", value)

    @property
    def deployment_group(self) -> codedeploy.LambdaDeploymentGroup | None:
        """The CodeDeploy deployment group moving the ``live`` alias (``add_alarm`` adds a
        rollback alarm CodeDeploy may read); None when the function deploys all at once."""
        return self._function_core.deployment_group

    @deployment_group.setter
    def deployment_group(self, value: object) -> None:
        _refuse(self, "deployment_group", value)


def _refuse(construct: object, attribute: str, value: object) -> None:
    path = construct.node.path if isinstance(construct, Construct) else type(construct).__name__
    assigned = readable(shown(value), construct if isinstance(construct, Construct) else None)
    raise ConstructError(
        [
            Problem(
                path,
                attribute,
                f"is assigned {assigned}, but it is what the construct built (its "
                "function uses it whatever the attribute holds)",
                f"change the {attribute} itself (its methods), or build the construct with "
                "other props",
            )
        ]
    )
