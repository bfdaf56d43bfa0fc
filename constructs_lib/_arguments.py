"""A call with a missing, misspelt or extra argument as a ConstructError.

Python's own TypeError ("missing 1 required keyword-only argument: 'auth'", "unexpected
keyword argument 'throttle'") names neither the construct path nor the fix, and it comes
before any of the library's validation runs. ``checked_arguments`` binds the arguments
first and reports every problem of the call at once, with the prop's documentation.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Iterator, KeysView, ValuesView
from typing import Any, TypeVar, cast

from constructs_lib._argument_problems import call_place, call_problems, callable_name, owner_of
from constructs_lib._argument_types import type_problems
from constructs_lib._value_content import compare_by_content
from constructs_lib._words import a_type
from constructs_lib.errors import ConstructError, Problem

__all__ = ["checked_arguments", "checked_init"]

F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C", bound=type)


def checked_arguments(func: F) -> F:
    """Wraps ``func`` (a construct's ``__init__``, a factory): a call whose arguments do
    not bind to its signature raises a ConstructError instead of Python's TypeError.

    Public (``from constructs_lib import checked_arguments``) for a platform team's own
    constructs that compose the library's (a subclass of one is checked without it): a
    missing, misspelt or positional prop names the construct path and, from the class
    docstring's ``:param`` entries, the fix. Decorate the ``__init__`` (a class decorated
    is its ``__init__`` decorated; a ``staticmethod`` or ``classmethod`` is its function's)."""
    if isinstance(func, type):  # the class itself would become a function: no isinstance
        return cast(F, _decorated_init(func))
    if isinstance(func, staticmethod | classmethod):  # no call of its own on Python 3.11
        return cast(F, type(func)(_checked(func.__func__, None)))
    if not callable(func):  # else a call of the decorated name failed far from here
        raise TypeError(
            f"checked_arguments decorates a function, not {func!r}, {a_type(func)}: "
            "write @checked_arguments on the line above `def __init__`"
        )
    return _checked(func, None)


def _decorated_init(cls: C) -> C:
    target: Any = cls  # a class's own __init__, replaced (mypy reads it as an instance's)
    target.__init__ = _checked(target.__init__, cls)
    return cls


def checked_init(cls: C) -> C:
    """Class decorator (above ``@dataclass``): :func:`checked_arguments` on ``__init__``;
    a frozen one compares and hashes by its contents (``_value_content``), in subclasses
    too."""
    _decorated_init(cls)
    params = getattr(cls, "__dataclass_params__", None)
    if params is not None and params.frozen and params.eq:
        compare_by_content(cls)
    return cls


def _checked(func: F, owner: type | None) -> F:
    signature: inspect.Signature | None = None
    if not func.__doc__ and getattr(func, "__name__", None) == "__init__":
        # else help() and editors show the base class's ("Creates a new construct node.")
        owner_name = func.__qualname__.rpartition(".")[0]
        func.__doc__ = f"Builds the {owner_name}; its props are documented on the class."

    method_of: type | None = None  # a method's class, its first argument's (found once)

    @functools.wraps(func)
    def call(*args: Any, **kwargs: Any) -> Any:
        nonlocal signature, method_of
        if signature is None:
            signature = inspect.signature(func)
            if getattr(func, "__name__", "") not in ("__init__", "__new__") and [
                *signature.parameters
            ][:1] == ["self"]:
                method_of = owner_of(func)
        if method_of is not None:
            _check_bound(func, method_of, args)
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as exc:
            problems = call_problems(func, owner, signature, args, kwargs, exc)
            raise ConstructError(problems) from None
        # a user's own construct's props against their annotations (the library's own
        # constructors: by their props' check, with every rule of the construct)
        place = functools.partial(_place, func, owner, signature, args, kwargs)
        wrong = type_problems(func, bound, place)
        if wrong:
            raise ConstructError(wrong)
        if any(_is_iterator(value) for value in bound.arguments.values()):
            _listed(signature, bound)
            return func(*bound.args, **bound.kwargs)
        return func(*args, **kwargs)

    return cast(F, call)


def _place(
    func: Callable[..., Any],
    owner: type | None,
    signature: inspect.Signature,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> str:
    """The path a problem of the call is at."""
    return call_place(func, owner or owner_of(func), signature, args, kwargs)[1]


def _check_bound(func: Callable[..., Any], owner: type, args: tuple[Any, ...]) -> None:
    """A method called on its class (``FunctionDefaults.set(stack, memory_mib=512)``), not
    on an object of it: Python would take the first argument as ``self`` and fail inside."""
    if args and isinstance(args[0], owner):
        return
    name, cls = callable_name(func), owner.__name__
    on = (
        f"the object {cls}.of gives: {cls}.of(scope).{func.__name__}(...)"
        if callable(getattr(owner, "of", None))
        else f'the {cls} you built: x = {cls}(self, "Id", ...), then x.{func.__name__}(...)'
    )
    from constructs_lib._jsii import shown  # (it imports aws_cdk; this module does not)

    what = f"is {shown(args[0])}, not a {cls}" if args else "is not given"
    raise ConstructError(
        [Problem(name, "self", f"{what}: the method was called on the class", f"call it on {on}")]
    )


def _is_iterator(value: object) -> bool:
    """An iterator, or a dict's keys or values (``ORIGINS.keys()``): items in a fixed order,
    unlike a set's, so the template is the same in every run."""
    if isinstance(value, KeysView | ValuesView):
        return True
    return isinstance(value, Iterator) and not isinstance(value, str | bytes)


def _listed(signature: inspect.Signature, bound: inspect.BoundArguments) -> None:
    """A generator (or another iterator: ``map(...)``, ``iter(...)``) given for a prop that
    takes a list, as the tuple of its items: a frozen value object or props dataclass would
    keep the iterator, which the first check that reads it empties."""
    for name, value in bound.arguments.items():
        annotation = signature.parameters[name].annotation
        text = annotation if isinstance(annotation, str) else repr(annotation)
        if _is_iterator(value) and re.search(r"\b(Sequence|list|tuple)\[", text):
            bound.arguments[name] = tuple(value)
