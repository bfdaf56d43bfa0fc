"""A call with a missing, misspelt or extra argument as a ConstructError.

Python's own TypeError ("missing 1 required keyword-only argument: 'auth'", "unexpected
keyword argument 'throttle'") names neither the construct path nor the fix, and it comes
before any of the library's validation runs. ``checked_arguments`` binds the arguments
first and reports every problem of the call at once, with the prop's documentation.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import re
from collections.abc import Callable, Iterator, KeysView, Mapping, ValuesView
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from constructs import Construct

from constructs_lib._solutions_constructs import foreign_prop_fix
from constructs_lib._value_content import compare_by_content
from constructs_lib.errors import ConstructError, Problem

__all__ = ["checked_arguments", "checked_init"]

F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C", bound=type)

_SELF = ("self", "cls")
_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


def checked_arguments(func: F) -> F:
    """Wraps ``func`` (a construct's ``__init__``, a factory): a call whose arguments do
    not bind to its signature raises a ConstructError instead of Python's TypeError."""
    return _checked(func, None)


def checked_init(cls: C) -> C:
    """Class decorator (above ``@dataclass``): :func:`checked_arguments` on ``__init__``;
    a frozen one compares and hashes by its contents (``_value_content``), in subclasses
    too."""
    target: Any = cls  # a class's own __init__, replaced (mypy reads it as an instance's)
    target.__init__ = _checked(target.__init__, cls)
    params = getattr(cls, "__dataclass_params__", None)
    if params is not None and params.frozen and params.eq:
        compare_by_content(cls)
    return cls


def _checked(func: F, owner: type | None) -> F:
    signature: inspect.Signature | None = None
    if not func.__doc__ and func.__name__ == "__init__":
        # else help() and editors show the base class's ("Creates a new construct node.")
        owner_name = func.__qualname__.rpartition(".")[0]
        func.__doc__ = f"Builds the {owner_name}; its props are documented on the class."

    method_of: type | None = None  # a method's class, its first argument's (found once)

    @functools.wraps(func)
    def call(*args: Any, **kwargs: Any) -> Any:
        nonlocal signature, method_of
        if signature is None:
            signature = inspect.signature(func)
            if func.__name__ not in ("__init__", "__new__") and [*signature.parameters][:1] == [
                "self"
            ]:
                method_of = _owner(func)
        if method_of is not None:
            _check_bound(func, method_of, args)
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as exc:
            problems = _problems(func, owner, signature, args, kwargs, exc)
            raise ConstructError(problems) from None
        if any(_is_iterator(value) for value in bound.arguments.values()):
            _listed(signature, bound)
            return func(*bound.args, **bound.kwargs)
        return func(*args, **kwargs)

    return cast(F, call)


def _check_bound(func: Callable[..., Any], owner: type, args: tuple[Any, ...]) -> None:
    """A method called on its class (``FunctionDefaults.set(stack, memory_mib=512)``), not
    on an object of it: Python would take the first argument as ``self`` and fail inside."""
    if args and isinstance(args[0], owner):
        return
    name, cls = _callable_name(func), owner.__name__
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


@dataclass(frozen=True)
class _Mismatch:
    """How a call's arguments miss its signature."""

    unknown: list[str]  # keywords it does not take
    extra: int  # positional arguments beyond those it takes
    twice: list[str]  # given by position and by keyword
    missing: list[str]  # required and not given
    keyword_only: list[str]  # what the extra positional arguments were probably meant for


def _mismatch(
    params: Mapping[str, inspect.Parameter], args: tuple[Any, ...], kwargs: Mapping[str, Any]
) -> _Mismatch:
    kinds = {p.kind for p in params.values()}
    positional = [p.name for p in params.values() if p.kind in _POSITIONAL]
    keyword_only = [n for n, p in params.items() if p.kind is inspect.Parameter.KEYWORD_ONLY]
    extra = 0 if inspect.Parameter.VAR_POSITIONAL in kinds else max(0, len(args) - len(positional))
    given = set(positional[: len(args)])
    unknown = (
        []
        if inspect.Parameter.VAR_KEYWORD in kinds
        else [k for k in kwargs if k not in params or params[k].kind not in _KEYWORD]
    )
    missing = [
        n
        for n, p in params.items()
        if p.default is inspect.Parameter.empty
        and p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
        and n not in given
        and n not in kwargs
        and not (extra and p.kind is inspect.Parameter.KEYWORD_ONLY)
    ]
    twice = [k for k in kwargs if k in given]
    return _Mismatch(unknown, extra, twice, missing, keyword_only[:extra])


def _problems(
    func: Callable[..., Any],
    owner: type | None,
    signature: inspect.Signature,
    args: tuple[Any, ...],
    kwargs: Mapping[str, Any],
    error: TypeError,
) -> list[Problem]:
    owner = owner or _owner(func)
    name = owner.__name__ if owner is not None and func.__name__ == "__init__" else ""
    name = name or _callable_name(func)
    path = _path(signature, args, name, func.__name__)
    params = signature.parameters
    docs = _param_docs(func, owner)
    found = _mismatch(params, args, kwargs)
    problems = [
        Problem(path, key, f"is not a prop of {name}", _did_you_mean(key, params, docs, name))
        for key in found.unknown
    ]
    if found.extra:
        takes = [n for n, p in params.items() if p.kind in _POSITIONAL and n not in _SELF]
        meant = found.keyword_only or ["prop"]
        problems.append(
            Problem(
                path,
                ", ".join(found.keyword_only) or "(arguments)",
                f"given by position: {name} takes {len(takes)} positional argument"
                f"{'s' if len(takes) != 1 else ''} ({', '.join(takes) or 'none'}) and "
                f"{found.extra} more {'were' if found.extra != 1 else 'was'} given",
                "pass the props by name, e.g. " + ", ".join(f"{k}=..." for k in meant),
            )
        )
    problems += [
        Problem(path, key, "is given twice, by position and by name", "pass it once")
        for key in found.twice
    ]
    problems += [_missing(path, name, key, params, docs) for key in found.missing]
    names = ", ".join(n for n in params if n not in _SELF) or "no argument"
    return problems or [
        Problem(path, "(arguments)", str(error), f"pass what {name} takes: {names}")
    ]


_KEYWORD = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


def _callable_name(func: Callable[..., Any]) -> str:
    qualname = getattr(func, "__qualname__", getattr(func, "__name__", "call"))
    return qualname.removesuffix(".__init__").removesuffix(".__new__").replace(".<locals>", "")


def _path(signature: inspect.Signature, args: tuple[Any, ...], name: str, function: str) -> str:
    """The construct's path when the call has a scope and an ID or is a method of a built
    construct, else the callable."""
    names = list(signature.parameters)
    built = function not in ("__init__", "__new__")
    if built and names[:1] == ["self"] and args and isinstance(args[0], Construct):
        return args[0].node.path or name  # a construct's method: the construct's path
    if names[:1] and names[0] in _SELF:
        names, args = names[1:], args[1:]
    if names[:2] == ["scope", "id"] and len(args) >= 2:
        scope, id = args[0], args[1]
        if isinstance(scope, Construct) and isinstance(id, str):
            parent = scope.node.path
            return f"{parent}/{id}" if parent else id
    return name


def _missing(
    path: str,
    name: str,
    key: str,
    params: Mapping[str, inspect.Parameter],
    docs: Mapping[str, str],
) -> Problem:
    if key in ("scope", "id"):
        if "id" in params:
            fix = f'pass the scope and the construct ID first: {name}(self, "MyId", ...)'
        else:
            fix = f"pass the scope: {name}(self)"
        return Problem(path, key, "is required", fix)
    annotation = params[key].annotation
    kind = annotation if isinstance(annotation, str) else ""
    hint = f" ({kind})" if kind else ""
    doc = docs.get(key)
    return Problem(
        path,
        key,
        "is required and not given",
        f"pass {key}=...{hint}" + (f": {doc}" if doc else ""),
    )


def _did_you_mean(
    key: str, params: Mapping[str, inspect.Parameter], docs: Mapping[str, str], name: str
) -> str:
    foreign = foreign_prop_fix(key, name)  # Solutions Constructs' lambda_function_props ...
    if foreign is not None:
        return foreign
    props = [
        n for n, p in params.items() if p.kind in _KEYWORD and n not in (*_SELF, "scope", "id")
    ]
    close = difflib.get_close_matches(key, props, n=1, cutoff=0.6)
    if close:
        doc = docs.get(close[0])
        return f"did you mean `{close[0]}`?" + (f" ({doc})" if doc else "")
    if props:
        return "use one of its props: " + ", ".join(f"`{p}`" for p in props)
    # e.g. QueueWorker.link(*targets): no keyword at all
    rest = [f"*{n}" for n, p in params.items() if p.kind is inspect.Parameter.VAR_POSITIONAL]
    return f"remove `{key}=`: {name} takes no keyword argument" + (
        f", only {rest[0]}" if rest else ""
    )


_PARAM = re.compile(r":param (\w+):\s*(.*?)(?=\n\s*:param |\n\s*\n|\Z)", re.DOTALL)
# the end of the first sentence, not the dot of "e.g." or "i.e."
_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)\. ")


@functools.cache
def _docs_of(doc: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, text in _PARAM.findall(doc):
        words = " ".join(text.split()).replace("``", "`")
        # the first sentence: what the prop is (defaults and details follow it)
        found[key] = _SENTENCE_END.split(words, maxsplit=1)[0].rstrip(".")
    return found


def _param_docs(func: Callable[..., Any], owner: type | None) -> dict[str, str]:
    """``:param x:`` lines of the function's docstring, or else of its class's."""
    docs = _docs_of(inspect.getdoc(func) or "") if func.__doc__ else {}
    if owner is not None:
        docs = {**_docs_of(inspect.getdoc(owner) or ""), **docs}
    return docs


def _owner(func: Callable[..., Any]) -> type | None:
    qualname = getattr(func, "__qualname__", "")
    module = inspect.getmodule(func)
    if "." not in qualname or module is None:
        return None
    owner = getattr(module, qualname.split(".")[0], None)
    return owner if isinstance(owner, type) else None
