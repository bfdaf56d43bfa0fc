"""A reference across stacks the library made (a link, a resource of another stack given as
a prop, a stream, bus or alarm topic), checked again when the app is complete.

aws-cdk-lib adds the stack dependency a reference makes only while it prepares the app
(``resolveReferences``, after every Aspect and before CDK's validation, so no validation
sees it), and a dependency going back fails the synth there as a jsii ``DependencyCycle``
naming two references and no prop: a ``stack.add_dependency`` made after the construct,
a ``construct.node.add_dependency`` across the two stacks, a reference of the user's own
(a ``CfnOutput``, an environment variable, a grant) to a resource of the construct's stack.
An Aspect on the referenced resource's L1 (a leaf: visited once), run after the other
Aspects of that L1, checks the first kind itself, as a ConstructError naming the way back
(a dependency an Aspect adds on a node visited later is the next kind). It adds a
dependency, so its priority is MUTATING: an Aspect that only reads (READONLY) already ran
on the L1 would make aws-cdk-lib refuse any Aspect of a lower priority added to the app
during the synth (``Tags.of(app).add`` in an Aspect's visit: CannotInvokeAspectWithLower
Priority, naming an Aspect "Object", where the app synthesized before). The others
it cannot see at all without resolving every resource of the app (what aws-cdk-lib does
next): it adds the stack dependency the reference makes itself, with a reason naming the
construct, its prop and the fix, so aws-cdk-lib's message for whatever closes the ring
later names them too ("'Events' depends on 'Data' (<that reason>). Adding this dependency
(Data -> Events/Queue/Resource.Ref) would create a cyclic reference.")."""

from __future__ import annotations

from collections.abc import Callable

import jsii
from aws_cdk import AspectPriority, Aspects, IAspect, Stack
from constructs import Construct, IConstruct

from constructs_lib._facts import path_of, resource_of
from constructs_lib._jsii import is_unresolved, same_jsii_object
from constructs_lib._validation import Validator

__all__ = ["FIX", "check_at_synth"]

FIX = (
    "keep references between the two stacks one way: drop the dependency (or the "
    "reference of your own) that goes back, move the resource into the stack that uses it, "
    "or pass the value another way (an SSM parameter one stack writes and the other reads "
    "by its name)"
)


def check_at_synth(
    scope: Construct,
    prop: str,
    resource: Construct,
    units: tuple[Stack, Stack],
    step: str,
    way_back: Callable[[], str | None],
) -> None:
    """At synth, before aws-cdk-lib resolves references: a ConstructError when the stack of
    ``resource`` (referred to by ``scope``'s ``prop``, as ``step`` says) depends on
    ``scope``'s by then (``way_back``: how, or None); otherwise the stack dependency the
    reference makes, added now with a reason naming them (see the module's docstring)."""
    anchor = resource_of(resource)
    check = _ClosedLater(anchor, scope, prop, units, step, way_back)
    Aspects.of(anchor).add(check, priority=AspectPriority.MUTATING)


@jsii.implements(IAspect)
class _ClosedLater:
    def __init__(
        self,
        anchor: IConstruct,
        scope: Construct,
        prop: str,
        units: tuple[Stack, Stack],
        step: str,
        way_back: Callable[[], str | None],
    ) -> None:
        self._anchor, self._scope, self._prop = anchor, scope, prop
        self._units, self._step, self._way_back = units, step, way_back

    def visit(self, node: IConstruct) -> None:
        if not same_jsii_object(node, self._anchor):  # an L1 with children of its own
            return
        if _removed(self._scope):  # node.try_remove_child: its reference is gone with it
            return
        here, there = self._units
        back = self._way_back()
        if back is not None:  # the texts only then: each path read is a round trip to Node
            v = Validator(self._scope)
            v.add(
                self._prop,
                f"makes stack {path_of(here)} depend on stack {path_of(there)} ({self._step}), "
                f"and stack {path_of(there)} depends on stack {path_of(here)} by now ({back}), "
                "made after this construct: a dependency cycle that CloudFormation cannot "
                "deploy",
                FIX,
            )
            v.raise_if_any()
        if _made_by_aws_cdk_lib(here, there):
            here.add_stack_dependency(there, self._reason())

    def _reason(self) -> str:
        here, there = self._units
        return (
            f"{self._step}: the reference constructs_lib made for `{self._prop}` of "
            f"{path_of(self._scope)}; the dependency named next goes back from stack "
            f"{path_of(there)} (a reference of your own to a resource of stack "
            f"{path_of(here)}, or a node.add_dependency). Fix: {FIX}"
        )


def _removed(scope: Construct) -> bool:
    """Whether ``scope``, or a construct it is in, was taken out of the tree
    (``parent.node.try_remove_child(id)``): its references are not in any template, and
    the stack dependency the library would add for them is none aws-cdk-lib would make. A
    resource removed below ``scope`` (its policy) is not seen: its dependency stays, an
    extra deploy-order edge."""
    child: IConstruct = scope
    while (parent := child.node.scope) is not None:
        if not same_jsii_object(parent.node.try_find_child(child.node.id), child):
            return True
        child = parent
    return False


def _made_by_aws_cdk_lib(here: Stack, there: Stack) -> bool:
    """aws-cdk-lib makes ``here`` depend on ``there`` for a reference when both are
    top-level stacks of one account (across regions too; across accounts a reference is
    read through a role, and the stacks stay unordered: one added here would make ``cdk
    deploy`` of one stack deploy the other account's too, so none is, and a dependency
    going back is still refused above, as the value must exist first). Sibling nested
    stacks are two resources of their parent's template: a dependency between them would
    be a ``DependsOn`` there, which the reference does not add."""
    if here.nested_stack_parent is not None or there.nested_stack_parent is not None:
        return False
    accounts = [None if is_unresolved(s.account) else s.account for s in (here, there)]
    return accounts[0] == accounts[1]
