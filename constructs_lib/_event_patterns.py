"""EventBridge's rules for the content of an event pattern, checked before deploy (pure: no
aws_cdk import; the caller says which values are tokens).

EventBridge matches each field of an event against a list of values: a field of the
pattern is an object of fields (``detail``, and any object below it) or a non-empty list
whose items are a string, a number, a boolean, ``null`` or one comparison operator
(``{"prefix": "incoming/"}``). Anything else passes synth and fails the deploy with
"Event pattern is not valid".
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from typing import Any

from constructs_lib._event_pattern_operands import (
    COMPARISONS,
    IsToken,
    PatternProblem,
    operand_problems,
)
from constructs_lib._jsii import described, given

__all__ = [
    "OPERATORS",
    "PatternProblem",
    "detail_problems",
    "envelope_problems",
    "field_name_problems",
    "values_problems",
]

#: EventBridge's comparison operators, each the one key of an object in a values list.
OPERATORS = (
    "prefix",
    "suffix",
    "anything-but",
    "numeric",
    "exists",
    "cidr",
    "equals-ignore-case",
    "wildcard",
)
#: An object of patterns any one of which matches: ``"$or": [{...}, {...}]``.
_OR = "$or"


def values_problems(prop: str, values: Any, is_token: IsToken) -> list[PatternProblem]:
    """The problems of a field's list of values (``source``, or a field below ``detail``)."""
    if is_token(values):
        return []
    if isinstance(values, str):
        return [(prop, f"is the string {values!r}, not a list", f"pass [{values!r}]")]
    if not isinstance(values, list | tuple):
        if isinstance(values, Mapping) and _is_operator(values):
            return [
                (
                    prop,
                    f"is the operator {dict(values)!r} outside a list: EventBridge matches a "
                    "field against a list of values",
                    f"pass [{dict(values)!r}]",
                )
            ]
        return [
            (
                prop,
                f"is {described(values)}, not a list: EventBridge matches a "
                "field against a list of values",
                f"pass [{values!r}]"
                if values is None or isinstance(values, int | float)
                else "pass a list of the values to match, e.g. ['orders']",
            )
        ]
    if not values:
        return [
            (
                prop,
                "is an empty list, which matches no event",
                "list the values to match, or leave it out",
            )
        ]
    problems: list[PatternProblem] = []
    for index, item in enumerate(values):
        problems.extend(_item_problems(f"{prop}[{index}]", item, is_token))
    return problems


def envelope_problems(prop: str, values: Any, is_token: IsToken) -> list[PatternProblem]:
    """The problems of a top-level field's values (``source``, ``account``, ...): those of
    any field, and a number or boolean, which matches no event: these fields are strings in
    every event (an account id too), and EventBridge compares a value's type as well."""
    field = prop.rsplit(".", 1)[-1].replace("_", "-")
    if is_token(values) and not isinstance(values, str | list):
        # Fn.get_att(...) as an object: aws-cdk-lib's EventPattern takes a list of strings
        # here, and its argument check fails with a TypeError naming no prop
        return [
            (
                prop,
                f"is {described(values)} as an object; '{field}' is a list of strings",
                "pass cdk.Token.as_list(...) of it, or a list of cdk.Token.as_string(...)",
            )
        ]
    problems = values_problems(prop, values, is_token)
    if problems or not isinstance(values, list | tuple):
        return problems
    return [
        (
            f"{prop}[{index}]",
            f"is the {'boolean' if isinstance(item, bool) else 'number'} {item!r}, but "
            f"'{field}' is a string in every event, so the rule would never match",
            f"pass it as a string: {json.dumps(item) if isinstance(item, bool) else str(item)!r}",
        )
        for index, item in enumerate(values)
        if isinstance(item, int | float) and not is_token(item)
    ] + (_account_problems(prop, values, is_token) if field == "account" else [])


def _account_problems(prop: str, values: Any, is_token: IsToken) -> list[PatternProblem]:
    """An ``account`` value no account ID is (``'1111'``; an ID read as a number lost its
    leading zero): every event's account is 12 digits, so the rule would never match. Space
    around 12 digits is left to the whitespace warning."""
    return [
        (
            f"{prop}[{index}]",
            f"is {item!r}, which no AWS account ID is (12 digits, leading zeros included): "
            "the rule would never match",
            "write the account's 12-digit ID as a string, e.g. '012345678901' (an ID read "
            "from a config as a number loses its leading zeros: quote it there), or "
            "stack.account for the stack's own",
        )
        for index, item in enumerate(values)
        if isinstance(item, str)
        and not is_token(item)
        and not (len(item.strip()) == 12 and item.strip().isdigit() and item.strip().isascii())
    ]


def field_name_problems(prop: str, fields: Any, is_token: IsToken) -> list[PatternProblem]:
    """A field named by a deploy-time value (a token key): CloudFormation writes an event
    pattern's keys as they are, so only its values may be known at deploy time."""
    return [
        (
            prop,
            f"has a field named by {given(key)}; it must be known at synth: CloudFormation "
            "takes a pattern's field names as written (its values may be deploy-time values)",
            "write the field's name, e.g. {'bucket': {'name': [bucket.bucket_name]}}",
        )
        for key in fields
        if is_token(key)
    ]


def detail_problems(prop: str, detail: Any, is_token: IsToken) -> list[PatternProblem]:
    """The problems of an object of fields (``detail``, or an object below it)."""
    if is_token(detail):
        return []
    if not isinstance(detail, Mapping):
        return [
            (
                prop,
                f"is {described(detail)}, not an object of fields",
                "pass a dict of fields, each a list of values, e.g. {'status': ['ok']}",
            )
        ]
    if not detail:
        # EventBridge (and Lambda's filters) refuse the pattern: "Empty objects are not allowed"
        return [
            (
                prop,
                "is an empty object, which a pattern may not hold: the deploy fails with "
                '"Event pattern is not valid. Reason: Empty objects are not allowed"',
                "leave it out (the pattern then does not look at that field), or list the "
                "fields to match, e.g. {'status': ['ok']}",
            )
        ]
    problems = field_name_problems(prop, detail, is_token)
    for key, value in detail.items():
        inner = f"{prop}[{key!r}]"
        if is_token(key):
            continue
        if key == _OR:
            problems.extend(_or_problems(inner, value, is_token))
        elif isinstance(value, Mapping) and not _is_operator(value):
            problems.extend(detail_problems(inner, value, is_token))
        else:
            problems.extend(values_problems(inner, value, is_token))
    return problems


def _or_problems(prop: str, value: Any, is_token: IsToken) -> list[PatternProblem]:
    if is_token(value):
        return []
    if not isinstance(value, list | tuple) or not value:
        return [
            (
                prop,
                f"is {given(value)}; $or takes a non-empty list of objects of fields",
                "pass e.g. [{'status': ['ok']}, {'retry': [{'exists': False}]}]",
            )
        ]
    problems: list[PatternProblem] = []
    for index, item in enumerate(value):
        problems.extend(detail_problems(f"{prop}[{index}]", item, is_token))
    return problems


def _item_problems(prop: str, item: Any, is_token: IsToken) -> list[PatternProblem]:
    if item is None or isinstance(item, str | int | float | bool) or is_token(item):
        return []
    if isinstance(item, Mapping):
        keys = [str(key) for key in item]
        unknown = [key for key in keys if key not in OPERATORS]
        if len(keys) == 1 and not unknown:
            return operand_problems(prop, keys[0], next(iter(item.values())), is_token)
        if unknown:
            close = difflib.get_close_matches(unknown[0], OPERATORS, n=1, cutoff=0.6)
            example = "one operator per object, e.g. {'prefix': 'incoming/'}"
            fix = f"did you mean {close[0]!r}? Write {example}" if close else f"write {example}"
            return [
                (
                    prop,
                    f"has {', '.join(map(repr, unknown))}, not an EventBridge comparison "
                    f"operator (known: {', '.join(OPERATORS)})",
                    fix,
                )
            ]
        return [
            (
                prop,
                f"has {len(keys)} operators in one object; EventBridge takes one per object",
                "give each operator its own object in the list (any one of them matches)",
            )
        ]
    return [
        (
            prop,
            f"is {described(item)}; a value to match is a string, a number, "
            "a boolean, None or one operator object",
            "put its items into the list itself, e.g. ['a', 'b'] or [{'prefix': 'incoming/'}]",
        )
    ]


def _is_operator(value: Mapping[Any, Any]) -> bool:
    """An operator object out of its list (``{"prefix": "incoming/"}``): its keys are all
    operators and some value is no list or object, so it cannot be an object of fields, or
    is an operand no field's values would be (``{"numeric": [">", 0]}``,
    ``{"anything-but": ["a"]}``: a field ``amount`` holding an object whose field
    ``numeric`` is ``">"`` or ``0`` is not what anyone means)."""
    return (
        bool(value)
        and all(key in OPERATORS for key in value)
        and (
            not all(isinstance(item, list | tuple | Mapping) for item in value.values())
            or any(_is_list_operand(key, item) for key, item in value.items())
        )
    )


def _is_list_operand(operator: str, operand: Any) -> bool:
    """A list shaped like the operand of ``numeric`` (a comparison first) or of
    ``anything-but`` (the values it excludes)."""
    if not isinstance(operand, list | tuple) or not operand:
        return False
    if operator == "numeric":
        return isinstance(operand[0], str) and operand[0] in COMPARISONS
    return operator == "anything-but"
