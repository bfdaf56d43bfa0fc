"""A user's own construct's props checked against their annotations (``_arguments``): a
platform team's subclass (``AcmeWorker(QueueWorker)`` with ``team: str``) or an L3 of
theirs decorated with ``checked_arguments``. ``team=3`` went through in silence, or failed
later as an AttributeError naming no prop (``team.isidentifier()``). The library's own
constructors are left to their props' check (``_validated``), which lists every problem
of the construct at once; this one names the user's props before their ``__init__`` runs,
with the same words (``_prop_type_messages``).

An annotation naming what only a type checker imports (``if TYPE_CHECKING:``), or a
shape the check does not know, is not checked."""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from typing import Any

from constructs_lib.errors import Problem

__all__ = ["type_problems"]

#: Parameters the call binds that are no props of the construct.
_NOT_PROPS = ("self", "cls")
_VARIADIC = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)


def type_problems(
    func: Callable[..., Any],
    bound: inspect.BoundArguments,
    place: Callable[[], str],
) -> list[Problem]:
    """A problem for each argument of ``bound`` that does not fit its parameter's
    annotation in ``func`` (a function of the library's own: none), at the path ``place``
    gives (asked only when one does not fit)."""
    if (getattr(func, "__module__", None) or "").startswith("constructs_lib"):
        return []
    hints = _hints(func)
    # imported here: _prop_types loads aws_cdk, and ``_arguments`` is imported by what
    # must stay cheap (errors, the value objects)
    from constructs_lib._prop_type_messages import fix, wrong
    from constructs_lib._prop_types import fits

    misfits = [
        (name, value, hints[name])
        for name, value in bound.arguments.items()
        if name in hints and not _fits(fits, value, hints[name])
    ]
    if not misfits:
        return []
    path = place()
    return [
        Problem(path, name, wrong(value, expected), fix(value, expected))
        for name, value, expected in misfits
    ]


def _fits(fits: Callable[[object, Any], bool], value: object, expected: Any) -> bool:
    """``fits(value, expected)``; True where ``isinstance`` cannot tell (a Protocol that is
    not ``runtime_checkable``, a ``NewType``): the annotation is the type checker's."""
    try:
        return fits(value, expected)
    except TypeError:
        return True


@functools.cache
def _hints(func: Callable[..., Any]) -> dict[str, Any]:
    """The annotations of ``func``'s props, resolved in its module (each one alone: an
    annotation naming a type only a type checker imports is left out, not the others)."""
    hints: dict[str, Any] = {}
    namespace = {**vars(typing), **getattr(func, "__globals__", {})}
    for name, param in inspect.signature(func).parameters.items():
        annotation = param.annotation
        if name in _NOT_PROPS or param.kind in _VARIADIC or annotation is param.empty:
            continue
        try:
            hint = eval(annotation, namespace) if isinstance(annotation, str) else annotation
        except Exception:  # any failure to resolve it: that prop is not checked
            continue
        if _checkable(hint):
            hints[name] = hint
    return hints


def _checkable(hint: Any) -> bool:
    """Whether ``hint`` names only types a value can be checked against: not a type
    variable (``T``) nor a name left in quotes inside it (``list["Order"]``)."""
    if isinstance(hint, typing.TypeVar | typing.ForwardRef | str):
        return False
    return all(_checkable(arg) for arg in typing.get_args(hint) if not isinstance(arg, int))
