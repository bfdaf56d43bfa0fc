"""What is wrong with a call whose arguments do not bind to its signature (``_arguments``):
each unknown, misspelt, extra, repeated or missing argument as a Problem naming the
construct path and the fix, from the prop's documentation."""

from __future__ import annotations

import difflib
import functools
import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from constructs import Construct

from constructs_lib._existing_props import existing_prop_fix, plain_prop
from constructs_lib._sam_props import sam_prop_fix, snake_case
from constructs_lib._serverless_props import serverless_prop_fix
from constructs_lib._solutions_constructs import foreign_prop_fix
from constructs_lib._words import counted
from constructs_lib.errors import ConstructError, Problem

__all__ = ["call_place", "call_problems", "callable_name", "owner_of"]

_SELF = ("self", "cls")
_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


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


def call_problems(
    func: Callable[..., Any],
    owner: type | None,
    signature: inspect.Signature,
    args: tuple[Any, ...],
    kwargs: Mapping[str, Any],
    error: TypeError,
) -> list[Problem]:
    owner = owner or owner_of(func)
    name, path, docs = call_place(func, owner, signature, args, kwargs)
    params = signature.parameters
    found = _mismatch(params, args, kwargs)
    # a subclass's own props are the caller's to choose from too (``teem=`` meant ``team``)
    choices = {**_subclass_props(owner, args), **params}
    problems = [
        Problem(path, key, f"is not a prop of {name}", _did_you_mean(key, choices, docs, name))
        for key in found.unknown
    ]
    if found.extra:
        takes = [n for n, p in params.items() if p.kind in _POSITIONAL and n not in _SELF]
        meant = found.keyword_only or ["prop"]
        takes_any = any(n not in _SELF for n in params)
        problems.append(
            Problem(
                path,
                ", ".join(found.keyword_only) or "(arguments)",
                f"given by position: {name} takes {counted(len(takes), 'positional argument')} "
                f"({', '.join(takes) or 'none'}) and "
                f"{found.extra} more {'were' if found.extra != 1 else 'was'} given",
                "pass the props by name, e.g. " + ", ".join(f"{k}=..." for k in meant)
                if takes_any
                else f"remove the arguments: {name} takes none",
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


def call_place(
    func: Callable[..., Any],
    owner: type | None,
    signature: inspect.Signature,
    args: tuple[Any, ...],
    kwargs: Mapping[str, Any],
) -> tuple[str, str, dict[str, str]]:
    """How a problem of the call names the callable (``AcmeWorker (a QueueWorker)``), the
    path it is at, and the props' documentation (a subclass's own ``:param`` lines too)."""
    name = (
        owner.__name__ if owner is not None and getattr(func, "__name__", "") == "__init__" else ""
    )
    subclass = type(args[0]) if args else None
    docs = _param_docs(func, owner)
    if owner is not None and name and subclass not in (owner, None) and isinstance(args[0], owner):
        name = f"{subclass.__name__} (a {name})"  # a subclass's __init__ passing props on
        docs = {**_docs_of(inspect.getdoc(subclass) or ""), **docs}
    name = name or callable_name(func)
    path = _path(signature, args, kwargs, name, getattr(func, "__name__", ""), owner)
    return name, path, docs


def _subclass_props(owner: type | None, args: tuple[Any, ...]) -> dict[str, inspect.Parameter]:
    """The keyword props of the ``__init__``s of the subclasses of ``owner`` that
    ``args[0]`` (the construct being built) is made by."""
    if owner is None or not args or type(args[0]) is owner or not isinstance(args[0], owner):
        return {}
    props: dict[str, inspect.Parameter] = {}
    for cls in type(args[0]).__mro__[: type(args[0]).__mro__.index(owner)]:
        init = vars(cls).get("__init__")
        if init is None:
            continue
        params = inspect.signature(inspect.unwrap(init)).parameters
        props |= {n: p for n, p in params.items() if p.kind in _KEYWORD and n not in _SELF}
    return props


def callable_name(func: Callable[..., Any]) -> str:
    qualname = getattr(func, "__qualname__", getattr(func, "__name__", "call"))
    return qualname.removesuffix(".__init__").removesuffix(".__new__").replace(".<locals>", "")


def _path(
    signature: inspect.Signature,
    args: tuple[Any, ...],
    kwargs: Mapping[str, Any],
    name: str,
    function: str,
    owner: type | None = None,
) -> str:
    """The construct's path when the call has a scope and an ID or is a method of a built
    construct; the scope's path and the callable (``Test/QueueWorker``, ``Test/Monitoring``)
    when the ID is missing or no name (or the construct takes none); else the callable."""
    names = list(signature.parameters)
    built = function not in ("__init__", "__new__")
    if built and names[:1] == ["self"] and args and isinstance(args[0], Construct):
        return args[0].node.path or name  # a construct's method: the construct's path
    if names[:1] and names[0] in _SELF:
        names, args = names[1:], args[1:]
    given = dict(zip(names, args, strict=False)) | dict(kwargs)
    scope, id = given.get("scope"), given.get("id")
    if names[:1] != ["scope"] or not isinstance(scope, Construct):
        return name
    parent = scope.node.path
    if names[1:2] == ["id"] and isinstance(id, str) and id:
        return f"{parent}/{id}" if parent else id
    if built:
        return name  # a function taking a scope (acknowledge): the callable
    fixed = getattr(owner, "_path_in", None)  # a construct of a fixed place (Monitoring)
    try:
        return fixed(scope) if callable(fixed) else f"{parent}/{name}" if parent else name
    except ConstructError:  # a scope in no stack: its own problem, reported by the construct
        return f"{parent}/{name}" if parent else name


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
    # Solutions Constructs' lambda_function_props ..., SAM's policies (or Policies) ...,
    # serverless.yml's iamRoleStatements ...
    ported = snake_case(key)
    foreign = _ported_prop_fix(ported, name)
    if foreign is not None:
        return foreign
    if "handler" in params and name not in _HANDLER_OWNERS:
        setting = _function_setting(ported)
        if setting is not None:
            return setting
    props = [
        n for n, p in params.items() if p.kind in _KEYWORD and n not in (*_SELF, "scope", "id")
    ]
    existing = existing_prop_fix(ported, name, props)
    if existing is not None:  # a resource of yours: the closest spelling would mislead
        return existing
    plain = plain_prop(ported, props)
    close = [plain] if plain else difflib.get_close_matches(key, props, n=1, cutoff=0.6)
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


# where a function's own settings go: a construct taking handler= builds its function from it
_HANDLER_OWNERS = ("Handler", "FunctionDefaults.set")


def _function_setting(key: str) -> str | None:
    """The fix for ``key`` given to a construct that takes ``handler=`` when it is the
    function's setting (a Handler prop, or a SAM or Solutions Constructs one of the function,
    which those set on it): a spelling match to the construct's own props would mislead
    (``layers`` -> ``alarms``), and listing them names none."""
    # imported here: the constructs that take handler= import this module
    from constructs_lib.handler import Handler

    fix = _ported_prop_fix(key, "Handler")
    if fix is not None:
        return f"move it to the function's Handler (handler=Handler(...)): {fix}"
    if key in inspect.signature(Handler).parameters:
        return f"move it to the function's Handler, which takes it: handler=Handler(..., {key}=...)"
    return None


def _ported_prop_fix(key: str, owner: str) -> str | None:
    """The fix for ``key`` (snake_case) as a Solutions Constructs, SAM or Serverless
    Framework prop ``owner`` does not take, or None."""
    return (
        foreign_prop_fix(key, owner) or sam_prop_fix(key, owner) or serverless_prop_fix(key, owner)
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


def owner_of(func: Callable[..., Any]) -> type | None:
    qualname = getattr(func, "__qualname__", "")
    module = inspect.getmodule(func)
    if "." not in qualname or module is None:
        return None
    owner = getattr(module, qualname.split(".")[0], None)
    return owner if isinstance(owner, type) else None
