"""FunctionDefaults: settings every function the library creates below a scope shares."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

from aws_cdk import Duration
from aws_cdk import aws_logs as logs
from constructs import Construct, IConstruct

import constructs_lib
from constructs_lib._arguments import checked_arguments
from constructs_lib._facts import ancestors_of, app_of
from constructs_lib._identity_map import IdentityMap, IdentitySet
from constructs_lib._jsii import shown
from constructs_lib._loaded import LazyModule
from constructs_lib._prop_types import RECHECKED, check_types
from constructs_lib._validation import Validator
from constructs_lib.errors import ConstructError, Problem

if TYPE_CHECKING:
    from aws_cdk import aws_lambda as lambda_
else:  # imported on first use (typing.get_type_hints): importing this loads none
    lambda_ = LazyModule("aws_lambda")

__all__ = ["FunctionDefaults", "FunctionSettings", "setting_scope"]


@dataclass(frozen=True, kw_only=True)
class FunctionSettings:
    """The settings a scope gives its functions; None: not set here (see FunctionDefaults).
    Never changed: a new ``set`` stores new settings (resolved Handlers are cached by them)."""

    memory_mib: int | None = field(default=None, metadata=RECHECKED)
    timeout: Duration | None = None
    ephemeral_storage_mib: int | None = field(default=None, metadata=RECHECKED)
    runtime: str | lambda_.Runtime | None = None
    architecture: str | lambda_.Architecture | None = None
    environment: Mapping[str, str] | None = None
    log_retention: logs.RetentionDays | Duration | None = None
    powertools: bool | None = None
    # through the package (resolved on first use), as Handler does: importing Deployment
    # here would load the Handler, its rules and links with this module
    deployment: constructs_lib.Deployment | None = None

    def merged(self, other: FunctionSettings) -> FunctionSettings:
        """These settings with ``other``'s set fields on top (environments merge)."""
        given = {f.name: getattr(other, f.name) for f in fields(other)}
        changes: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
        if self.environment is not None and other.environment is not None:
            changes["environment"] = {**self.environment, **other.environment}
        return replace(self, **changes)


#: Each scope's own settings, by the scope's identity (the Python object the user created:
#: the constructs of a tree come back as the same objects; never a scope of another app
#: that compares equal to it). Weak: a dropped app takes its settings along. Empty, as in
#: most apps, resolving a Handler costs no jsii call.
_SETTINGS: IdentityMap[FunctionSettings] = IdentityMap()
#: The apps (``_facts.app_of``) in which some scope has settings: a function of any other
#: app (a user's test suite builds many apps in one process, some with FunctionDefaults)
#: asks the jsii kernel nothing about its scopes. An app only ever joins: settings are
#: never taken back, and a later ``set`` on a scope with functions below it is refused.
_APPS: IdentitySet = IdentitySet()


class FunctionDefaults:
    """Defaults for every function the library creates below a scope (an App, a Stack or
    any construct), like SAM's ``Globals``: ``FunctionDefaults.of(stack).set(memory_mib=512)``.

    Precedence, field by field: a value given to the ``Handler`` wins, then the nearest
    scope's ``FunctionDefaults``, then the library's default (256 MiB, 10 seconds, 512 MiB
    of ``/tmp``, Python 3.14, arm64, 30 days of logs, no Powertools layer, all-at-once
    deployments). ``environment`` merges instead: the outer scope's variables, then the
    inner scope's, then the Handler's (a Handler's key wins). ``powertools`` skips
    container images (a layer does not work with one). ``deployment`` has one more step:
    a Handler's, then the construct's ``deployment``, then the scope's; deployment hooks'
    own functions always deploy at once.

    ``reserved_concurrency`` is a Handler's only: a reservation is carved out of the
    account's concurrency in the region for each function, so one number for every
    function below a scope would multiply by their count (and Lambda refuses a deploy
    that leaves fewer than 100 unreserved).

    They apply to routes, workers, jobs, event handlers and deployment hooks, not to
    functions CDK creates for itself (custom-resource providers), except ``log_retention``:
    it is also the retention of every other log group the library creates below the scope
    (an API's access logs unless its ``access_log_retention`` says otherwise, a Network's
    flow logs) and, set on the stack or the app, of the stack-wide groups of aws-cdk-lib's
    handlers the library's constructs cause (bucket notifications, BucketDeployment, a new
    VPC's default security group). Set them before creating the constructs below the
    scope: a later ``set`` raises ConstructError.
    """

    @checked_arguments
    def __init__(self, scope: Construct) -> None:
        """Use :meth:`of`."""
        if not isinstance(scope, Construct):
            raise ConstructError(
                [
                    Problem(
                        "(no scope)",
                        "FunctionDefaults.of(scope)",
                        f"is given {shown(scope)}",
                        "pass the App, Stack or construct whose functions share the defaults",
                    )
                ]
            )
        self._scope = scope

    @classmethod
    @checked_arguments
    def of(cls, scope: Construct) -> FunctionDefaults:
        """The function defaults of ``scope``."""
        return cls(scope)

    @checked_arguments
    def set(
        self,
        *,
        memory_mib: int | None = None,
        timeout: Duration | None = None,
        ephemeral_storage_mib: int | None = None,
        runtime: str | lambda_.Runtime | None = None,
        architecture: str | lambda_.Architecture | None = None,
        environment: Mapping[str, str] | None = None,
        log_retention: logs.RetentionDays | Duration | None = None,
        powertools: bool | None = None,
        deployment: constructs_lib.Deployment | None = None,
    ) -> FunctionDefaults:
        """Sets the defaults given (None: leave as is); a second call adds to the first.

        :param memory_mib: memory in MiB, 128..10240. Default: 256.
        :param timeout: 1 second..15 minutes. Default: 10 seconds.
        :param ephemeral_storage_mib: the size of ``/tmp`` in MiB, 512..10240. Default:
            Lambda's 512 (not written into the template).
        :param runtime: ``"3.12"``, ``"3.13"`` or ``"3.14"`` (or ``lambda_.Runtime.PYTHON_3_12``,
            ``_3_13``, ``_3_14``, or Lambda's ``"python3.13"``). Default: ``"3.14"``.
        :param architecture: ``"arm64"`` or ``"x86_64"`` (or ``lambda_.Architecture.ARM_64``,
            ``X86_64``). Default: ``"arm64"``.
        :param environment: variables every function gets (a Handler's own win). Default:
            none (an outer scope's, merged).
        :param log_retention: the log groups' retention, a ``logs.RetentionDays`` or a
            ``Duration`` of days CloudWatch takes (``Duration.days(365)``): the functions'
            and every other log group the library creates below the scope (see the class).
            Default: 30 days.
        :param powertools: AWS's Powertools for AWS Lambda (Python) layer on every zip
            function (see ``Handler(powertools=...)``; container images take no layer and
            are left without it). Default: False.
        :param deployment: how a deploy moves each function's ``live`` alias, e.g.
            ``Deployment.canary(percent=10, minutes=5)`` (a CodeDeploy deployment group per
            function; a hook runs for each). A construct's or a Handler's own
            ``deployment`` wins. Default: all at once.
        :returns: self, to chain calls.
        """
        arguments = dict(locals())  # every parameter is a FunctionSettings field
        del arguments["self"]
        given = FunctionSettings(**arguments)
        problems = [*self._problems(given), *self._created_too_early()]
        if problems:
            raise ConstructError(problems)
        _SETTINGS.set(self._scope, self.settings.merged(given))
        _APPS.add(app_of(self._scope))
        return self

    @property
    def settings(self) -> FunctionSettings:
        """What was set on this scope itself (not what it inherits)."""
        settings = _SETTINGS.get(self._scope)
        return FunctionSettings() if settings is None else settings

    def _problems(self, given: FunctionSettings) -> list[Problem]:
        """The Handler's rules, on props named ``FunctionDefaults.<field>``."""
        # Imported here: the rules and the core import this module.
        from constructs_lib._core.gradual_rules import check_deployment
        from constructs_lib._core.handler_rules import check_settings
        from constructs_lib._core.resolve import resolve_with
        from constructs_lib._token_texts import check_token_texts  # loads aws_dynamodb
        from constructs_lib.handler import Handler

        v = Validator(self._scope)
        if check_token_texts(v.within("FunctionDefaults"), given):
            # the rules would take them for deploy-time values (and resolving one fails)
            return [replace(p, path=p.path or "(app)") for p in v.problems]
        environment = given.environment if given.environment is not None else {}
        probe = resolve_with(
            Handler(code=".", environment=environment), [replace(given, environment=None)]
        )
        check_settings(v, probe, "FunctionDefaults")
        # its hooks are checked where they are used, with the construct's network
        check_deployment(v, given.deployment, "FunctionDefaults.deployment")
        # what the rules let through: a deploy-time value of the wrong kind (a string
        # token as memory_mib) would be a raw TypeError in every function built later
        reported = {p.prop.removeprefix("FunctionDefaults.").split(".")[0] for p in v.problems}
        check_types(v, given, skip=reported, prefix="FunctionDefaults.")
        return [replace(p, path=p.path or "(app)") for p in v.problems]

    def _created_too_early(self) -> list[Problem]:
        from constructs_lib._core.function import FunctionCore

        path = self._scope.node.path or "(app)"
        if self._scope.node.scopes[-1] is not self._scope:  # a proxy of a construct made in
            # JavaScript (inside an L2): its children would not find the defaults
            return [
                Problem(
                    path,
                    "FunctionDefaults.of(scope)",
                    "is given a construct aws-cdk-lib created inside another one",
                    "pass the App, Stack or construct you created",
                )
            ]
        created = [c.node.path for c in self._scope.node.find_all() if isinstance(c, FunctionCore)]
        if not created:
            return []
        return [
            Problem(
                path,
                "FunctionDefaults",
                f"are set after functions were created below this scope ({', '.join(created)}), "
                "which would not get them",
                "call FunctionDefaults.of(scope).set(...) before creating the constructs below it",
            )
        ]


def settings_chain(scope: Construct) -> list[FunctionSettings]:
    """The FunctionSettings of ``scope`` and its ancestors, outermost first."""
    if not _SETTINGS or app_of(scope) not in _APPS:
        return []
    return [
        settings
        for c in (*ancestors_of(scope), scope)
        if (settings := _SETTINGS.get(c)) is not None
    ]


def setting_scope(scope: Construct, name: str) -> IConstruct | None:
    """The nearest of ``scope`` and its ancestors whose FunctionDefaults set ``name`` (where
    the value a Handler inherits comes from, for a message); None: no scope sets it."""
    if not _SETTINGS or app_of(scope) not in _APPS:
        return None
    for ancestor in reversed((*ancestors_of(scope), scope)):
        settings = _SETTINGS.get(ancestor)
        if settings is not None and getattr(settings, name) is not None:
            return ancestor
    return None
