"""One validation per stack for what the library checks and fixes at synth.

Adding a validation to a construct and running it are each a round trip to the jsii
kernel (the validation object made in the kernel, added, and called back at synth): a
validation per function (its re-checks) and two more per stack (DependsOn, the resource
count) were nine of the demo TodoApi's messages per stack and three per function. CDK
validates a synth root's tree top down (a construct before its children), so the stack's
one validation runs before that of any construct in it: it runs every part registered on
the stack, and a construct's problems go out under the construct's own path through a
validation added to the construct only once it has some (``_Reported``), which CDK then
runs when it reaches the construct, as before."""

from __future__ import annotations

from typing import Protocol

import jsii
from aws_cdk import Stack
from constructs import IConstruct, IValidation

from constructs_lib._facts import node_of
from constructs_lib._identity_map import IdentityMap

__all__ = ["StackPart", "add_to_stack", "report"]


class StackPart(Protocol):
    """What the stack's validation runs: its problems are the stack's."""

    def validate(self) -> list[str]: ...


def add_to_stack(stack: Stack, part: StackPart) -> None:
    """Runs ``part`` in ``stack``'s one validation, after the parts added before it."""

    def validation() -> list[StackPart]:
        parts: list[StackPart] = []
        node_of(stack).add_validation(_StackValidation(parts))
        return parts

    _PARTS.remembered(stack, validation).append(part)


def report(scope: IConstruct, problems: list[str]) -> None:
    """Makes ``problems`` (found by the validation of ``scope``'s stack, which runs first)
    the problems of ``scope``'s own validation in this synth: CDK prints each under
    ``scope``'s path. A scope's validation is added when it first has any, and says nothing
    in a synth without them."""
    reported = _REPORTED.get(scope)
    if reported is None and not problems:
        return
    if reported is None:
        reported = _Reported()
        _REPORTED.set(scope, reported)
        node_of(scope).add_validation(reported)  # CDK visits it after the stack
    reported.problems = problems


#: Each stack's parts, in the order they were added.
_PARTS: IdentityMap[list[StackPart]] = IdentityMap()
#: The validation of each scope that has had problems.
_REPORTED: IdentityMap[_Reported] = IdentityMap()


@jsii.implements(IValidation)
class _StackValidation:
    def __init__(self, parts: list[StackPart]) -> None:
        self._parts = parts

    def validate(self) -> list[str]:
        return [problem for part in self._parts for problem in part.validate()]


@jsii.implements(IValidation)
class _Reported:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def validate(self) -> list[str]:
        problems, self.problems = self.problems, []  # this synth's, said once
        return problems
