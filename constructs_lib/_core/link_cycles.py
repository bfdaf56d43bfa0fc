"""Links across stacks and the dependencies they make.

A link to a target of another stack makes the linking stack import the target's name or
ARN, so it depends on the target's stack. Links both ways between two stacks, or around
a ring of them, are a dependency cycle that CloudFormation cannot deploy; aws-cdk-lib
finds it only at synth, as a jsii ``DependencyCycle`` naming two references. Two nested
stacks of one parent are two resources of its template, and links both ways between them
a cycle there, which aws-cdk-lib does not see (the deploy fails, cfn-lint's E3004 names
it). Here the link that closes the ring is a ConstructError naming the links it closes
it with.
"""

from __future__ import annotations

from typing import TypeGuard

from aws_cdk import Stack
from constructs import Construct, IConstruct

from constructs_lib._core.link_cycles_at_synth import check_at_synth
from constructs_lib._facts import app_of, path_of, stack_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib._validation import Validator

__all__ = ["check_no_cycle", "dependency_way", "record", "record_reference"]

#: By app: (linking stack, target's stack), by path -> the first link between them.
_LINKS: IdentityMap[dict[tuple[str, str], str]] = IdentityMap()
#: By app: the stacks those links are in, by path (for their ``add_dependency``s).
_STACKS: IdentityMap[dict[str, Stack]] = IdentityMap()


_LINK_FIX = (
    "link one way only across stacks: build both in one stack (links both ways work "
    "there), or pass this function the target's name another way (a physical name, an "
    "SSM parameter)"
)


def record(function: Construct, resource: object, description: str) -> None:
    """Notes the dependency a link from ``function`` to ``resource`` makes, if any."""
    record_reference(function, resource, f"{function.node.path} links {description}", "links")


def record_reference(scope: Construct, resource: object, step: str, prop: str) -> None:
    """Notes the dependency ``scope`` referring to ``resource`` (its ``prop``) makes, if
    any, described by ``step`` (as the messages name it); the first one between two stacks
    is checked again at synth, when the app is complete (link_cycles_at_synth)."""
    if not _created(resource):
        return
    units = _units(scope, resource)
    if units is None:
        return
    source, target = units
    root = app_of(scope)
    _STACKS.remembered(root, dict).update({path_of(s): s for s in (source, target)})
    links = _LINKS.remembered(root, dict)
    key = (path_of(source), path_of(target))
    if key not in links:
        links[key] = step
        check_at_synth(scope, prop, resource, units, step, lambda: _path(root, target, source))


def check_no_cycle(
    v: Validator,
    prop: str,
    resource: object,
    what: str,
    *,
    reason: str = "links both ways across stacks are",
    fix: str = _LINK_FIX,
) -> bool:
    """Adds a problem when ``resource``'s stack already depends on ``v.scope``'s, through
    links, the references :func:`record_reference` noted, or stack dependencies
    (``add_stack_dependency``); whether it does not."""
    units = _units(v.scope, resource) if _created(resource) else None
    if units is None:
        return True
    here, there = units
    back = _path(app_of(v.scope), there, here)
    return v.check(
        back is None,
        prop,
        f"is {what}, of stack {there.node.path}, which already depends on stack "
        f"{here.node.path} ({back}): {reason} a dependency cycle that CloudFormation "
        "cannot deploy",
        fix,
    )


def dependency_way(root: IConstruct, start: Stack, goal: Stack) -> str | None:
    """How ``start`` depends on ``goal`` in the app ``root``, or None (see :func:`_path`)."""
    return _path(root, start, goal)


def _path(root: IConstruct, start: Stack, goal: Stack) -> str | None:
    """How ``start`` depends on ``goal`` (each step a link or a stack dependency), or
    None. Breadth-first: the shortest way is named."""
    links = _LINKS.get(root) or {}
    start_path, goal_path = path_of(start), path_of(goal)
    stacks = {**(_STACKS.get(root) or {}), start_path: start, goal_path: goal}
    ways: dict[str, list[str]] = {start_path: []}
    todo = [start_path]
    while todo:
        current = todo.pop(0)
        steps = [(target, link) for (source, target), link in links.items() if source == current]
        for dependency in stacks[current].dependencies if current in stacks else ():
            path = path_of(dependency)
            stacks[path] = dependency
            steps.append((path, f"{current} depends on {path} (a stack dependency)"))
        for target, step in steps:
            if target not in ways:
                ways[target] = [*ways[current], step]
                if target == goal_path:
                    return "; ".join(ways[target])
                todo.append(target)
    return None


def _created(resource: object) -> TypeGuard[Construct]:
    """A resource its stack creates (an L2 over its CloudFormation resource), whose name or
    ARN another stack imports. An imported one (``Table.from_table_name``) has no such
    resource: its name is the given string, and ``Stack.of`` is only where it was
    imported, so linking it makes no dependency."""
    return isinstance(resource, Construct) and resource.node.default_child is not None


def _units(scope: IConstruct, resource: IConstruct) -> tuple[Stack, Stack] | None:
    """The two stacks whose deploy order a reference from ``scope`` to ``resource`` sets:
    two top-level stacks, or two nested stacks of one parent, which its template holds as
    two resources (the stacks holding each, below the stacks both are in). None when both
    are in one stack, or one is in (a nested stack of) the other's: CloudFormation then
    orders the referring resource and the referred one, not the stacks."""
    mine, theirs = _chain(stack_of(scope)), _chain(stack_of(resource))
    shared = 0
    while shared < min(len(mine), len(theirs)) and path_of(mine[shared]) == path_of(theirs[shared]):
        shared += 1
    if shared in (len(mine), len(theirs)):
        return None
    return mine[shared], theirs[shared]


def _chain(stack: Stack) -> list[Stack]:
    """``stack`` and the stacks it is nested in, its top-level stack first."""
    chain = [stack]
    while chain[0].nested_stack_parent is not None:
        chain.insert(0, chain[0].nested_stack_parent)
    return chain
