"""Every prop checked against its annotation, into the library's own value objects (a
``TableOptions``, a ``Route``, a ``CorsPolicy``...): what a user's typo or a wrong literal
gives (a str for a Duration, an int for a bool, a list for a dict, a Duration for a queue)
is reported by prop before anything is built, instead of failing later as a raw
``TypeError`` or a jsii trace."""

from __future__ import annotations

import collections.abc
import dataclasses
import enum
import functools
import math
import os
import sys
import types
import typing
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from constructs import Construct

from constructs_lib._jsii import (
    implements,
    is_intrinsic,
    is_jsii_object,
    is_unresolved,
)
from constructs_lib._loaded import LazyModule, resolve_annotation
from constructs_lib._prop_type_messages import UNORDERED, fix, wrong
from constructs_lib._whole_number_tokens import recheck_whole_number

if TYPE_CHECKING:
    from constructs_lib._validation import Validator

#: A field's ``metadata`` when a rule of its own checks its type (``Handler.links``:
#: ``check_links`` names each target): its annotation is not evaluated (it may name what
#: importing costs, as every kind of link target) nor checked; the library's value
#: objects in it are (a ``Link``'s fields).
OWN_RULE: Mapping[str, bool] = types.MappingProxyType({"own_rule": True})
#: A field's ``metadata`` when a check at synth reads its value in the template (a
#: function's sizes: ``_core.sizes_recheck``): a number token in it is not checked as a
#: whole number here too.
RECHECKED: Mapping[str, bool] = types.MappingProxyType({"rechecked": True})

#: A field's ``metadata`` key for what its default is besides its value, shown after it
#: where a None asks for the default (Throttle's ``rate``: "a route's: the API's").
DEFAULT_NOTE = "default_note"

#: How deep value objects are followed (a Route's Handler's Deployment's Handler is 4).
_MAX_DEPTH = 4
#: How deep plain values (an event pattern, a payload) are searched for a NaN.
_MAX_NESTING = 32


def check_types(
    v: Validator, props: object, skip: set[str] | frozenset[str] = frozenset(), prefix: str = ""
) -> bool:
    """Checks every field of a props dataclass against its annotation, and the fields of
    the library's value objects in them; adds one problem per wrong field (named like
    ``table.sort_key`` or ``routes['GET /a'].authorization_scopes``, after ``prefix``) and
    returns whether all fit."""
    before = v.count
    _check_fields(v, props, prefix, skip, 0)
    return v.count == before


def _check_fields(v: Validator, obj: object, prefix: str, skip: Any, depth: int) -> None:
    hints = _hints(typing.cast(Any, type(obj)))
    for field in dataclasses.fields(typing.cast(Any, obj)):
        if field.name in skip:
            continue
        expected = hints.get(field.name)
        value = getattr(obj, field.name)
        if isinstance(expected, tuple):
            expected = _given_type(expected, value)
        prop = f"{prefix}{field.name}"
        if expected is not None and not _fits(value, expected):
            v.add(prop, wrong(value, expected), _unset(field, value) + fix(value, expected))
        elif not field.metadata.get("rechecked") and recheck_whole_number(
            v, value, prop, expected, _fits, lambda n, e: (wrong(n, e), fix(n, e))
        ):
            pass  # a number token where a whole number goes: checked when it resolves
        elif (where := _non_finite(value)) is not None:
            # never sent on: the jsii kernel dies on a NaN (every later synth then fails)
            v.add(
                f"{prop}{where}",
                "is NaN or infinity, which a CloudFormation template (JSON) cannot hold",
                "pass a finite number",
            )
        elif not _in_reach(v, value, prop):
            pass  # a resource of another app or stage: its own problem, named above
        elif depth < _MAX_DEPTH:
            _check_nested(v, value, prop, depth + 1)


def _unset(field: dataclasses.Field[Any], value: object) -> str:
    """``leave x out for its default (10), or `` for a None given where the prop takes none
    (a config's null for "not set"), before the fix saying what it takes; empty otherwise."""
    default = field.default
    if value is not None or default is None or default is dataclasses.MISSING:
        return ""
    # a subclass too (Throttle's limits are an int that knows it was not given), not an
    # enum's member (its repr is no value to pass)
    plain = isinstance(default, bool | int | float | str) and not isinstance(default, enum.Enum)
    shown = [repr(default)] if plain else []
    shown += [field.metadata[DEFAULT_NOTE]] if DEFAULT_NOTE in field.metadata else []
    said = f" ({'; '.join(shown)})" if shown else ""
    return f"leave {field.name} out for its default{said}, or "


def _in_reach(v: Validator, value: object, prop: str) -> bool:
    """``value`` (a construct, or a list of them) was not created in another App or Stage;
    adds a problem for each one that was. aws-cdk-lib refuses such a reference only at
    synth (``CannotReferenceAcrossApps``, ``NoCrossStageDependency``: a trace that names no
    prop); a prop without a rule of its own (a hosted zone) is caught here. An imported
    resource is referenced by its name or ARN, and passes."""
    items = list(enumerate(value)) if isinstance(value, list | tuple) else [(None, value)]
    if not any(isinstance(item, Construct) for _, item in items):
        return True
    from constructs_lib._env import check_same_stage  # loaded with the constructs given

    checked = [
        check_same_stage(v, item, prop if index is None else f"{prop}[{index}]")
        for index, item in items
        if isinstance(item, Construct)
    ]
    return all(checked)


def _non_finite(value: object, depth: int = 0) -> str | None:
    """Where in ``value`` (a dict, list or aws-cdk-lib struct, as given) a NaN or an
    infinity is: ``""`` for the value itself, ``"['detail']['x'][0]"`` inside; None if
    nowhere. The library's value objects are looked into by their own fields."""
    if isinstance(value, float):
        return None if math.isfinite(value) else ""
    if depth > _MAX_NESTING:
        return None
    struct = getattr(value, "_values", None) if is_jsii_object(value) else None
    items: Any = ()
    if isinstance(value, Mapping):
        items = value.items()
    elif isinstance(value, list | tuple):
        items = enumerate(value)
    elif isinstance(struct, dict):  # an aws-cdk-lib struct (events.EventPattern ...)
        items = struct.items()
    for key, item in items:
        where = _non_finite(item, depth + 1)
        if where is not None:
            return f"[{key!r}]{where}"
    return None


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """The fields' annotations, resolved; one naming an aws-cdk-lib module imported only
    for type checkers (``alarm_topic: sns.ITopic | None``) is kept as ``(text, module)``,
    resolved by ``_given_type`` once a value is given: the module loads only then."""
    hints: dict[str, Any] = {}
    own = {f.name for f in dataclasses.fields(cls) if f.metadata.get("own_rule")}
    for owner in reversed(cls.__mro__):
        # as typing.get_type_hints, but a module's LazyModule aliases are left out: the
        # annotation naming one is deferred, and its module loads only with a value
        namespace = {
            name: value
            for name, value in vars(sys.modules[owner.__module__]).items()
            if not isinstance(value, LazyModule)
        }
        for name, annotation in vars(owner).get("__annotations__", {}).items():
            if name in own:
                continue
            try:
                hints[name] = (
                    eval(annotation, namespace) if isinstance(annotation, str) else annotation
                )
            except NameError:
                hints[name] = (annotation, owner.__module__)
    return hints


def _given_type(deferred: tuple[str, str], value: object) -> Any:
    """The type of a deferred annotation (see ``_hints``); None (no check) when the value
    is None and the annotation admits None, or when it names an unknown type."""
    text, module = deferred
    if value is None and "None" in (part.strip() for part in text.split("|")):
        return None
    try:
        return resolve_annotation(text, module)
    except NameError:
        return None


def _check_nested(v: Validator, value: object, prop: str, depth: int) -> None:
    """The fields of the library's value objects in ``value`` (itself, a list, a mapping)."""
    if _is_value_object(value):
        _check_fields(v, value, f"{prop}.", frozenset(), depth)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            if _is_value_object(item):
                _check_fields(v, item, f"{prop}[{index}].", frozenset(), depth)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if _is_value_object(item):
                _check_fields(v, item, f"{prop}[{key!r}].", frozenset(), depth)


def _is_value_object(value: object) -> bool:
    cls = type(value)
    return dataclasses.is_dataclass(value) and cls.__module__.startswith("constructs_lib")


def _fits(value: object, expected: Any) -> bool:
    if expected is Any or expected is object:
        return True
    if is_unresolved(value):
        return _token_fits(value, expected)
    origin, args = typing.get_origin(expected), typing.get_args(expected)
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, arg) for arg in args)
    if expected is type(None):
        return value is None
    if expected is bool:
        return isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if expected is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if origin is not None:
        return _fits_generic(value, origin, args)
    if getattr(expected, "__jsii_type__", None) and _is_protocol(expected):
        # a jsii interface: an aws-cdk-lib object that implements it (imported resources
        # included); plain Python values and other jsii types never do
        return implements(value, expected)
    return isinstance(value, expected)


def _token_fits(value: object, expected: Any) -> bool:
    """A deploy-time value (a token) fits where a value of the kind it encodes would: a
    string token any string, a number token any number, a list token a list of strings;
    never an object (a queue, a Duration, the library's value objects), which jsii would
    refuse with a trace or the construct's rules would fail on. An IResolvable fits
    nowhere: what it encodes is unknown until it is wrapped as a string, number or list."""
    if isinstance(value, str):
        return _fits("x", expected)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _fits(1, expected)
    if isinstance(value, list):
        return _fits(["x"], expected)
    # an IResolvable (``Fn.get_att(...)``): no string, number or list, which jsii and the
    # rules read (Token.as_string(...) and its siblings encode it as one); an object of a
    # deploy-time value (Duration.seconds(token)) is the rules' to check
    return not is_intrinsic(value)


def _fits_generic(value: object, origin: Any, args: tuple[Any, ...]) -> bool:
    if origin in (collections.abc.Sequence, list, tuple):
        if isinstance(value, str) or not isinstance(value, list | tuple):
            return False
        item = args[0] if args else Any
        return all(_fits(element, item) for element in value)
    if origin in (collections.abc.Mapping, dict):
        if not isinstance(value, Mapping):
            return False
        key, item = args if len(args) == 2 else (Any, Any)
        return all(_fits(k, key) and _fits(v, item) for k, v in value.items())
    if origin in UNORDERED:
        return _fits_unordered(value, origin, args[0] if args else Any)
    if origin is collections.abc.Callable:
        return callable(value)
    if origin is os.PathLike:  # os.PathLike[str]: a pathlib.Path
        return isinstance(value, os.PathLike)
    return True  # a shape this check does not know: the construct's own rules decide


def _fits_unordered(value: object, origin: Any, item: Any) -> bool:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, origin):
        return False  # a dict would be read as its keys
    if isinstance(value, collections.abc.Iterator):
        return True  # a generator: its items are read once, by the construct
    return all(_fits(element, item) for element in typing.cast(Any, value))


def _is_protocol(cls: Any) -> bool:
    return bool(getattr(cls, "_is_protocol", False))


def field_types(obj: object) -> dict[str, Any]:
    """The annotations of ``obj``'s fields as ``check_types`` reads them (a deferred one
    resolved for the value given; a field with a rule of its own left out)."""
    hints = _hints(typing.cast(Any, type(obj)))
    return {
        name: _given_type(hint, getattr(obj, name)) if isinstance(hint, tuple) else hint
        for name, hint in hints.items()
    }


#: ``check_types``' own questions, for the walks that check as it does (``_whole_lists``).
MAX_DEPTH = _MAX_DEPTH
fits = _fits
is_value_object = _is_value_object
