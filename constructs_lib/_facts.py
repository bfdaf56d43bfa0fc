"""Facts of aws-cdk-lib objects that never change once made (a construct's path, stack and
stage; a Duration's seconds), asked of the jsii kernel once per object: every question is a
round trip to Node, and the rules and builders ask most of them several times."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TypeVar

from aws_cdk import Duration, Stack, Stage
from constructs import Construct, IConstruct

__all__ = ["path_of", "seconds_of", "stack_of", "stage_of"]

# Seconds of each Duration object, asked once: a Duration is immutable and the rules and
# builders read most of them several times (one round trip to Node each).
_SECONDS: weakref.WeakKeyDictionary[Duration, int | float] = weakref.WeakKeyDictionary()


def seconds_of(value: Duration) -> int | float:
    """Seconds of a resolved ``Duration``: whole ones as an int, a fraction (of
    ``Duration.millis(1500)``) as a float, where ``to_seconds()`` would raise."""
    known = _SECONDS.get(value)
    if known is None:
        exact = float(value.to_milliseconds(integral=False)) / 1000
        known = _SECONDS[value] = int(exact) if exact.is_integer() else exact
    return known


# A construct's path never changes; the library reads some (alarm descriptions, which
# alarms notify which topic) once per alarm.
_PATHS: weakref.WeakKeyDictionary[Construct, str] = weakref.WeakKeyDictionary()

# A construct's stack and stage never change either; the rules ask for them per prop.
_STACKS: weakref.WeakKeyDictionary[IConstruct, Stack] = weakref.WeakKeyDictionary()
_STAGES: weakref.WeakKeyDictionary[IConstruct, Stage | None] = weakref.WeakKeyDictionary()

_K = TypeVar("_K")
_V = TypeVar("_V")


def _remembered(cache: weakref.WeakKeyDictionary[_K, _V], key: _K, ask: Callable[[], _V]) -> _V:
    """``ask()`` once per ``key``; every time for a key Python cannot hash: a user's
    construct class defining ``__eq__`` without ``__hash__`` (a scope that compares by its
    tenant's name), which the cache must not turn into a TypeError."""
    try:
        if key in cache:
            return cache[key]
    except TypeError:  # unhashable
        return ask()
    known = cache[key] = ask()
    return known


def path_of(construct: Construct) -> str:
    """``construct.node.path``, asked of the jsii kernel once per construct."""
    return _remembered(_PATHS, construct, lambda: construct.node.path)


def stack_of(construct: IConstruct) -> Stack:
    """``Stack.of(construct)`` (which raises outside any stack), asked once per construct."""
    return _remembered(_STACKS, construct, lambda: Stack.of(construct))


def stage_of(construct: IConstruct) -> Stage | None:
    """``Stage.of(construct)`` (None outside any stage), asked once per construct."""
    return _remembered(_STAGES, construct, lambda: Stage.of(construct))
