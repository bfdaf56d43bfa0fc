"""What a StreamWorker filter's pattern may match: the fields of a DynamoDB stream record,
with values in Lambda's filter syntax (EventBridge's: each field a list of values).

Lambda takes a pattern it cannot match (``{"body": ...}``, an SQS message's field) and
drops every record; it refuses a value outside a list ("Invalid filter pattern definition")
only at deploy. Both synthesized silently (bad inputs, round 42).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from constructs_lib._event_patterns import PatternProblem, detail_problems
from constructs_lib._jsii import is_unresolved
from constructs_lib._prop_type_messages import wrong
from constructs_lib._words import a_type

__all__ = ["FILTER_EXAMPLE", "filter_field_problems", "filter_list_problems"]

FILTER_EXAMPLE = (
    'lambda_.FilterCriteria.filter({"eventName": lambda_.FilterRule.is_equal("INSERT")})'
)
_EXPECTED = Sequence[Mapping[str, Any]]

# The fields of a record Lambda filters (a DynamoDB stream record, as the function gets it)
_RECORD_FIELDS = (
    "eventID",
    "eventName",
    "eventVersion",
    "eventSource",
    "awsRegion",
    "dynamodb",
    "userIdentity",
    "eventSourceARN",
)
_CHANGE_FIELDS = (
    "ApproximateCreationDateTime",
    "Keys",
    "NewImage",
    "OldImage",
    "SequenceNumber",
    "SizeBytes",
    "StreamViewType",
)
_IMAGES = ("Keys", "NewImage", "OldImage")
_TYPES = ("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS")
_EVENT_NAMES = ("INSERT", "MODIFY", "REMOVE")
_OR = "$or"


def filter_list_problems(filters: object) -> list[PatternProblem]:
    """The type of ``filters``, told what a filter is: one filter alone is to be put in a
    list, a pattern's JSON text built with ``FilterCriteria.filter``."""
    if isinstance(filters, Mapping):
        return [
            (
                "filters",
                f"is one filter ({a_type(filters)}), not a list of them",
                "put it in a list: filters=[lambda_.FilterCriteria.filter({...})]",
            )
        ]
    if is_unresolved(filters):  # a list token too: CloudFormation cannot build the filters
        return [("filters", wrong(filters, _EXPECTED), f"pass [{FILTER_EXAMPLE}]")]
    if not isinstance(filters, list | tuple):
        told = f"pass [{FILTER_EXAMPLE}]"
        return [
            ("filters", wrong(filters, _EXPECTED), f"{told}, or leave filters out (every record)")
        ]
    return [
        (
            f"filters[{index}]",
            f"is the string {item[:80]!r}, not a filter: Lambda takes {{'pattern': <JSON>}}",
            "build it from the pattern: lambda_.FilterCriteria.filter(json.loads(text)), or "
            f"{FILTER_EXAMPLE}",
        )
        if isinstance(item, str) and not is_unresolved(item)
        else (f"filters[{index}]", wrong(item, Mapping[str, Any]), f"build it: {FILTER_EXAMPLE}")
        for index, item in enumerate(filters)
        if not isinstance(item, Mapping)
    ]


def filter_field_problems(prop: str, pattern: Mapping[str, Any]) -> list[PatternProblem]:
    """The problems of one filter's parsed pattern: its values' shape (EventBridge's
    rules, which Lambda's filters share), then fields no stream record has."""
    shape = detail_problems(prop, pattern, is_unresolved)
    if shape:
        return shape
    problems: list[PatternProblem] = []
    for path, name, value in _fields(prop, pattern):
        if name == "dynamodb" and isinstance(value, Mapping):
            problems += _change_problems(f"{path}['dynamodb']", value)
        elif name == "eventName" and isinstance(value, list):
            problems += _event_name_problems(f"{path}['eventName']", value)
        elif name not in _RECORD_FIELDS:
            problems.append(_unknown(path, name, _RECORD_FIELDS, "a DynamoDB stream record"))
    return problems


def _fields(prop: str, pattern: Mapping[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """``(prop, name, value)`` of each field of ``pattern``, those of its ``$or``
    alternatives too (known at synth: a token's field is its own)."""
    for name, value in pattern.items():
        if name == _OR and isinstance(value, list):
            for index, alternative in enumerate(value):
                if isinstance(alternative, Mapping):
                    yield from _fields(f"{prop}[{_OR!r}][{index}]", alternative)
        elif isinstance(name, str) and not is_unresolved(name):
            yield prop, name, value


def _change_problems(prop: str, change: Mapping[str, Any]) -> list[PatternProblem]:
    problems: list[PatternProblem] = []
    for path, name, value in _fields(prop, change):
        if name not in _CHANGE_FIELDS:
            problems.append(_unknown(path, name, _CHANGE_FIELDS, "a record's 'dynamodb'"))
        elif name in _IMAGES and isinstance(value, Mapping):
            problems += _image_problems(f"{path}[{name!r}]", value)
    return problems


def _image_problems(prop: str, image: Mapping[str, Any]) -> list[PatternProblem]:
    """Each attribute of an image holds its value under its type (``{"S": "paid"}``), so
    a pattern matches it as ``{"status": {"S": ["paid"]}}``."""
    problems: list[PatternProblem] = []
    for path, name, value in _fields(prop, image):
        attribute = f"{path}[{name!r}]"
        if isinstance(value, list):
            problems.append(
                (
                    attribute,
                    f"is the list {value!r}; a stream writes an attribute's value under its "
                    "type ({'S': 'paid'}), so this matches no record",
                    f"name the type: {{{name!r}: {{'S': {value!r}}}}} (N for a number, BOOL, ...)",
                )
            )
        elif isinstance(value, Mapping):
            problems += [
                _unknown(attribute, kind, _TYPES, "DynamoDB JSON")
                for _, kind, _ in _fields(attribute, value)
                if kind not in _TYPES
            ]
    return problems


def _event_name_problems(prop: str, values: list[Any]) -> list[PatternProblem]:
    return [
        (
            f"{prop}[{index}]",
            f"is {value!r}; a stream's eventName is INSERT, MODIFY or REMOVE (matched "
            "exactly), so this matches no record",
            f"pass {value.upper()!r}"
            if value.upper() in _EVENT_NAMES
            else "pass INSERT, MODIFY or REMOVE",
        )
        for index, value in enumerate(values)
        if isinstance(value, str) and not is_unresolved(value) and value not in _EVENT_NAMES
    ]


def _unknown(prop: str, name: str, known: tuple[str, ...], whose: str) -> PatternProblem:
    same_case = [field for field in known if field.lower() == name.lower()]
    close = same_case or difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return (
        prop,
        f"names the field {name!r}, which {whose} has not (its fields: {', '.join(known)}), "
        "so this filter matches no record",
        f"did you mean {close[0]!r}?" if close else f"filter on one of {', '.join(known)}",
    )
