"""An EventHandler's ``event_pattern`` as the construct takes it: an ``events.EventPattern``
or a dict in EventBridge's own spelling, its fields checked (``_event_patterns.py`` holds
the rules for their content) and passed through jsii intact."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aws_cdk import Token
from aws_cdk import aws_events as events

from constructs_lib._aws_event_names import event_name_problems
from constructs_lib._bucket_event_bridge import check_s3_event_buckets
from constructs_lib._core.pasted_variables import pasted_variables_in
from constructs_lib._event_patterns import detail_problems, envelope_problems, field_name_problems
from constructs_lib._jsii import is_unresolved
from constructs_lib._json_nulls import json_null, json_nulls
from constructs_lib._validation import Validator
from constructs_lib._words import a_type

__all__ = ["check_pattern", "event_pattern", "pattern_fields", "pattern_strings"]

# The fields of an event pattern (EventPattern's names; detail is an object, the rest lists).
_FIELDS = (
    "source",
    "detail_type",
    "detail",
    "account",
    "region",
    "resources",
    "id",
    "time",
    "version",
)


_PATTERN_READER = "the rule would match that text, never the value it stands for"


def check_pattern(v: Validator, pattern: object) -> None:
    """``event_pattern``: known fields, at least one, each as EventBridge takes it."""
    if isinstance(pattern, Mapping):
        for problem in field_name_problems("event_pattern", pattern, is_unresolved):
            v.add(*problem)
        unknown = sorted(
            str(k) for k in pattern if not is_unresolved(k) and _field(str(k)) not in _FIELDS
        )
        if "$or" in unknown:
            # EventBridge takes it at the top, but aws-cdk-lib's EventPattern has no field
            # for it: "spell it as EventBridge does" would send the user in a circle
            v.add(
                "event_pattern",
                "has '$or' at its top level, which EventBridge takes but aws-cdk-lib's "
                "EventPattern (what the rule is built from) has no field for",
                "put the alternatives inside detail ({'detail': {'$or': [{...}, {...}]}}) "
                "when they are detail fields; else build one EventHandler per alternative",
            )
            unknown.remove("$or")
            if not unknown:
                return  # the fields it holds are not checked: they cannot be built
        if unknown:
            v.add(
                "event_pattern",
                f"has unknown fields {', '.join(map(repr, unknown))}; known: "
                f"{', '.join(f.replace('_', '-') for f in _FIELDS)}",
                "spell the fields as EventBridge does, e.g. 'detail-type'",
            )
            return
    elif not isinstance(pattern, events.EventPattern):
        v.add(
            "event_pattern",
            f"is {a_type(pattern)}",
            "pass events.EventPattern(source=[...], detail_type=[...])",
        )
        return
    fields = pattern_fields(pattern)
    v.check(
        bool(fields),
        "event_pattern",
        "is empty; a rule must match on at least one field",
        "pass e.g. events.EventPattern(source=['orders'], detail_type=['OrderStored'])",
    )
    for name, value in fields.items():
        rules = detail_problems if name == "detail" else envelope_problems
        for problem in rules(f"event_pattern.{name}", value, is_unresolved):
            v.add(*problem)
        # a serverless.yml eventBridge pattern pasted as it is, its ${self:...} included
        for where, what, fix in pasted_variables_in(value, _PATTERN_READER):
            v.add(f"event_pattern.{name}{where}", what, fix)
    for problem in event_name_problems(fields, "event_pattern"):
        v.add(*problem)
    check_s3_event_buckets(v, fields, "event_pattern")


def event_pattern(pattern: events.EventPattern | Mapping[str, Any]) -> events.EventPattern:
    """``pattern`` as an EventPattern (a dict in EventBridge's own spelling is read too),
    ``None`` in a list as EventBridge's ``null`` (through jsii it would be dropped), a list
    field holding operators (``[{"prefix": "aws."}]``) as a list token."""
    fields = pattern_fields(pattern)
    return events.EventPattern(**{name: _jsii_safe(name, v) for name, v in fields.items()})


def pattern_fields(pattern: events.EventPattern | Mapping[str, Any]) -> dict[str, Any]:
    """The fields given in ``pattern`` (a dict in EventBridge's spelling too), by
    EventPattern's name."""
    if isinstance(pattern, Mapping):
        given = {_field(str(key)): value for key, value in pattern.items()}
        return {name: given[name] for name in _FIELDS if given.get(name) is not None}
    return {name: getattr(pattern, name) for name in _FIELDS if getattr(pattern, name) is not None}


#: The operators whose operand is no string compared with the event's value.
_NOT_TEXT_OPERATORS = ("numeric", "cidr", "exists")
# Below this many lists and objects a pattern is not read on (EventBridge nests far less).
_MAX_DEPTH = 16


def pattern_strings(fields: Mapping[str, Any]) -> list[tuple[str, str, tuple[Any, ...]]]:
    """``(where, text, keys)`` of each string of ``fields`` (the pattern's, as
    :func:`pattern_fields` gives them) compared with an event's value: ``where`` as a
    message names it, in EventBridge's spelling (``['detail']['key'][0]['prefix']``),
    ``keys`` the object keys above it within its field (detail fields, operators). A
    deploy-time value, and a ``numeric``, ``cidr`` or ``exists`` operand, are left out:
    what the warnings about a value's text read."""
    found: list[tuple[str, str, tuple[Any, ...]]] = []
    for name, value in fields.items():
        _strings(value, f"[{_spelled(name)!r}]", (), 0, found)
    return found


def _strings(
    value: Any,
    where: str,
    keys: tuple[Any, ...],
    depth: int,
    found: list[tuple[str, str, tuple[Any, ...]]],
) -> None:
    if isinstance(value, str):
        if not is_unresolved(value):
            found.append((where, value, keys))
        return
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _strings(item, f"{where}[{index}]", keys, depth + 1, found)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if key not in _NOT_TEXT_OPERATORS:
                _strings(item, f"{where}[{key!r}]", (*keys, key), depth + 1, found)


def _jsii_safe(name: str, value: Any) -> Any:
    """A field's value as jsii passes it on intact: ``None`` as JSON ``null``, and a list
    field holding more than strings (operators, numbers, nulls) as one list token, which
    EventPattern's ``Sequence[str]`` fields accept and synth renders as written."""
    if name != "detail" and isinstance(value, list | tuple):
        if all(isinstance(item, str) for item in value):
            return list(value)  # a tuple is no jsii list: its kernel fails on one
        return Token.as_list(json_nulls(list(value)))
    return _nulls_kept(value)


def _nulls_kept(value: Any) -> Any:
    """``value`` with each ``None`` in a list as ``Match.null_value()`` (matches ``null``)."""
    if isinstance(value, Mapping):
        return {key: _nulls_kept(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_null() if item is None else _nulls_kept(item) for item in value]
    return value


def _field(name: str) -> str:
    """EventPattern's name of an EventBridge pattern field: ``detail-type`` -> ``detail_type``."""
    return name.replace("-", "_")


def _spelled(name: str) -> str:
    """EventBridge's name of an EventPattern field: ``detail_type`` -> ``detail-type``."""
    return name.replace("_", "-")
