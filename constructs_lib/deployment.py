"""Deployment: how a new function version reaches the ``live`` alias."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from constructs_lib._arguments import checked_arguments, checked_init
from constructs_lib._factories import Factories
from constructs_lib.handler import Handler

__all__ = ["Deployment", "DeploymentKind"]


class DeploymentKind(StrEnum):
    """How a Deployment moves the ``live`` alias to a new version (``Deployment.kind``):
    built by ``Deployment.all_at_once()``, ``.canary(...)`` and ``.linear(...)``."""

    ALL_AT_ONCE = "all_at_once"
    CANARY = "canary"
    LINEAR = "linear"


@checked_init
@dataclass(frozen=True)
class Deployment(metaclass=Factories):
    """How a deploy moves the ``live`` alias to the new version. Build it with
    :meth:`canary`, :meth:`linear` or :meth:`all_at_once` (the default: no CodeDeploy
    resources, $0 at idle).

    A gradual deployment is a CodeDeploy deployment group on the function's ``live``
    alias that shifts traffic step by step and rolls back by itself when the new
    version's errors (or, for API routes, its p99 latency) alarm, or when a hook fails.
    """

    kind: DeploymentKind | str = DeploymentKind.ALL_AT_ONCE
    percent: int = 0
    minutes: int = 0
    pre_traffic: Handler | None = None
    post_traffic: Handler | None = None

    @classmethod
    @checked_arguments
    def all_at_once(cls) -> Deployment:
        """Every deploy switches the alias to the new version at once (the default)."""
        return cls(DeploymentKind.ALL_AT_ONCE)

    @classmethod
    @checked_arguments
    def canary(
        cls,
        *,
        percent: int = 10,
        minutes: int = 5,
        pre_traffic: Handler | None = None,
        post_traffic: Handler | None = None,
    ) -> Deployment:
        """``percent`` of the traffic for ``minutes``, then all of it.

        :param percent: the share of the traffic the new version gets first, 1..99.
            Default: 10.
        :param minutes: how long before the rest, 1..2880. Default: 5.
        :param pre_traffic: a function CodeDeploy runs before shifting traffic: it gets
            the new version's ARN in ``TARGET_VERSION_ARN``, may invoke that version and
            must report its status (``constructs_lib_runtime.deployment_hooks.run_hook``).
            Default: none.
        :param post_traffic: the same, after all traffic has shifted. Default: none.
        """
        return cls(DeploymentKind.CANARY, percent, minutes, pre_traffic, post_traffic)

    @classmethod
    @checked_arguments
    def linear(
        cls,
        *,
        percent: int = 10,
        every_minutes: int = 1,
        pre_traffic: Handler | None = None,
        post_traffic: Handler | None = None,
    ) -> Deployment:
        """``percent`` more of the traffic every ``every_minutes`` until all of it.

        :param percent: the share added at each step, 1..99. Default: 10.
        :param every_minutes: the minutes between steps, 1..2880. Default: 1.
        :param pre_traffic: a function CodeDeploy runs before shifting traffic: it gets
            the new version's ARN in ``TARGET_VERSION_ARN``, may invoke that version and
            must report its status (``constructs_lib_runtime.deployment_hooks.run_hook``).
            Default: none.
        :param post_traffic: the same, after all traffic has shifted. Default: none.
        """
        return cls(DeploymentKind.LINEAR, percent, every_minutes, pre_traffic, post_traffic)

    @property
    def gradual(self) -> bool:
        """Whether the deployment shifts traffic through CodeDeploy (canary or linear)."""
        return self.kind in (DeploymentKind.CANARY, DeploymentKind.LINEAR)

    @checked_arguments  # public: a stray argument names the method, not a TypeError
    def key(self) -> tuple[object, ...]:
        """Identity for sharing one function between equal handlers."""
        hooks = tuple((name, hook.key()) for name, hook in self.hooks.items())
        return (str(self.kind), self.percent, self.minutes, hooks)

    #: Each hook's construct id and the prop a user gives it with.
    HOOK_PROPS: ClassVar[Mapping[str, str]] = {
        "PreTrafficHook": "pre_traffic",
        "PostTrafficHook": "post_traffic",
    }

    @property
    def hooks(self) -> dict[str, Handler]:
        """The hook handlers given, by construct id."""
        given = {"PreTrafficHook": self.pre_traffic, "PostTrafficHook": self.post_traffic}
        return {name: hook for name, hook in given.items() if hook is not None}
