"""Facts of aws-cdk-lib objects that never change once made (a construct's path, stack and
stage; a Duration's seconds), asked of the jsii kernel once per object: every question is a
round trip to Node, and the rules and builders ask most of them several times."""

from __future__ import annotations

from aws_cdk import Duration, Stack, Stage
from constructs import Construct, IConstruct

from constructs_lib._identity_map import IdentityMap

__all__ = ["app_of", "path_of", "seconds_of", "stack_of", "stage_of"]

# Seconds of each Duration object, asked once: a Duration is immutable and the rules and
# builders read most of them several times (one round trip to Node each).
_SECONDS: IdentityMap[int | float] = IdentityMap()


def seconds_of(value: Duration) -> int | float:
    """Seconds of a resolved ``Duration``: whole ones as an int, a fraction (of
    ``Duration.millis(1500)``) as a float, where ``to_seconds()`` would raise."""

    def ask() -> int | float:
        exact = float(value.to_milliseconds(integral=False)) / 1000
        return int(exact) if exact.is_integer() else exact

    return _SECONDS.remembered(value, ask)


# A construct's path, stack and stage never change; the library reads some paths (alarm
# descriptions, which alarms notify which topic) once per alarm, and the rules ask for the
# stack and stage per prop. By identity: a user's construct may compare equal to another
# app's (IdentityMap says why).
_PATHS: IdentityMap[str] = IdentityMap()
_STACKS: IdentityMap[Stack] = IdentityMap()
_STAGES: IdentityMap[Stage | None] = IdentityMap()
_ROOTS: IdentityMap[IConstruct] = IdentityMap()
# The App of ``cdk.Stack()`` is made in JavaScript: each ``node.root`` of it is a new proxy,
# which nothing keeps, so a registry of an app's host names (routes, links...) keyed by it
# forgot every construct before this one. One proxy stands for each App, by its jsii
# reference; jsii keeps every object alive anyway (the kernel cannot tell when one is free).
_APPS: dict[str, IConstruct] = {}


def path_of(construct: Construct) -> str:
    """``construct.node.path``, asked of the jsii kernel once per construct."""
    return _PATHS.remembered(construct, lambda: construct.node.path)


def stack_of(construct: IConstruct) -> Stack:
    """``Stack.of(construct)`` (which raises outside any stack), asked once per construct."""
    return _STACKS.remembered(construct, lambda: Stack.of(construct))


def stage_of(construct: IConstruct) -> Stage | None:
    """``Stage.of(construct)`` (None outside any stage), asked once per construct."""
    return _STAGES.remembered(construct, lambda: Stage.of(construct))


def app_of(construct: IConstruct) -> IConstruct:
    """The root of ``construct``'s tree (its App), the same Python object for every construct
    of one App, also one made in JavaScript (``cdk.Stack()``'s): the key of a registry by app."""

    def ask() -> IConstruct:
        root = construct.node.root
        ref = getattr(root, "__jsii_ref__", None)
        return root if ref is None else _APPS.setdefault(ref.ref, root)

    return _ROOTS.remembered(construct, ask)
