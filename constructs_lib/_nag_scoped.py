"""cdk-nag 3's packs, each checking the stacks of the stage it was enabled on, once.

A cdk-nag 3 pack walks the construct tree CDK hands every plugin (``appConstruct``: the
whole app), whichever stage it was added to: a pack enabled on a stage checked the app's
other stacks too, and packs enabled on a stage and on the app (or on two sibling stages)
each reported every finding. Here each pack checks its own stage's tree
(``validate_scope``), and none when an enclosing stage or the app has checks of its own
(they cover it): whatever the order of the calls, every stack is checked exactly once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import aws_cdk as cdk
import jsii

from constructs_lib._identity_map import IdentitySet

__all__ = ["scoped_packs"]


def scoped_packs(
    stage: cdk.Stage,
    packs: Sequence[Callable[..., Any]],
    checked: IdentitySet,
) -> list[cdk.IPolicyValidationPlugin]:
    """One plugin per pack class in ``packs`` (cdk-nag 3's), checking ``stage``'s tree
    unless a scope above it is in ``checked`` when the app is synthesized."""
    return [_ScopedPack(pack(stage), stage, checked) for pack in packs]


@jsii.implements(cdk.IPolicyValidationPlugin)
class _ScopedPack:
    """A cdk-nag 3 pack checking one stage's tree (see the module's docstring)."""

    def __init__(self, pack: Any, stage: cdk.Stage, checked: IdentitySet) -> None:
        self._pack = pack
        self._stage = stage
        self._checked = checked

    @property
    def name(self) -> str:
        """The pack's name, as cdk-nag reports it (``AwsSolutions``)."""
        return str(self._pack.name)

    @property
    def version(self) -> str | None:
        """The pack's version."""
        version: str | None = self._pack.version
        return version

    @property
    def rule_ids(self) -> list[str] | None:
        """The pack's rule ids."""
        rule_ids: list[str] | None = self._pack.rule_ids
        return rule_ids

    def validate(self, context: cdk.IPolicyValidationContext) -> cdk.PolicyValidationPluginReport:
        """The pack's report on this stage's tree; an empty one when a scope above it has
        checks of its own (which report its findings)."""
        if any(scope in self._checked for scope in self._stage.node.scopes[:-1]):
            return cdk.PolicyValidationPluginReport(success=True, violations=[])
        report: cdk.PolicyValidationPluginReport = self._pack.validate_scope(self._stage)
        return report
