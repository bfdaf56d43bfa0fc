"""A StreamWorker's filters against the records a DynamoDB stream sends (pure: no aws_cdk
import). Lambda drops every record no filter matches, without a trace, so a pattern
naming a field no record has (``NewImage`` outside ``dynamodb``, ``newImage``, an SQS
message's ``body``), an ``eventName`` no record carries (``insert``), an image the
table's stream does not keep (``NewImage`` on a KEYS_ONLY stream) or an attribute
compared as a plain value (``{"status": ["PAID"]}``, where the image holds
``{"status": {"S": "PAID"}}``) deploys a worker that never runs; filters of another type
(one filter alone, a pattern's JSON text) are told "a list of filter patterns (dicts)".

Only sure mistakes are named: a field's content is checked where the record's shape is
fixed (its top level, ``dynamodb``, an image's attributes); a deploy-time name or value
is left alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from difflib import get_close_matches
from typing import Any

from constructs_lib._event_patterns import PatternProblem
from constructs_lib._jsii import is_unresolved
from constructs_lib._prop_type_messages import wrong
from constructs_lib._words import a_type

__all__ = [
    "FILTERS_KIND",
    "FILTER_EXAMPLE",
    "STREAM_EVENT_NAMES",
    "filter_field_problems",
    "filter_list_problems",
]

FILTER_EXAMPLE = (
    'lambda_.FilterCriteria.filter({"eventName": lambda_.FilterRule.is_equal("INSERT")})'
)
_EXPECTED = Sequence[Mapping[str, Any]]
#: What ``filters`` must be, as its problems say (the type alone reads "a list of dicts").
FILTERS_KIND = "a list of filter patterns (dicts)"
#: A DynamoDB stream record's eventName.
STREAM_EVENT_NAMES = frozenset({"INSERT", "MODIFY", "REMOVE"})
# the fields of a record Lambda matches a filter against (userIdentity: TTL deletions)
_RECORD_FIELDS = (
    "eventID",
    "eventName",
    "eventVersion",
    "eventSource",
    "awsRegion",
    "dynamodb",
    "eventSourceARN",
    "userIdentity",
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
_ATTRIBUTE_MAPS = ("Keys", "NewImage", "OldImage")
_TYPE_DESCRIPTORS = ("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS")
# which images each view type keeps (KEYS_ONLY: none)
_IMAGES = {
    "KEYS_ONLY": (),
    "NEW_IMAGE": ("NewImage",),
    "OLD_IMAGE": ("OldImage",),
    "NEW_AND_OLD_IMAGES": ("NewImage", "OldImage"),
}
# which images the records of each change carry (an INSERT has no old item, a REMOVE no new)
_CARRIED = {"INSERT": ("NewImage",), "MODIFY": ("NewImage", "OldImage"), "REMOVE": ("OldImage",)}

# an object of patterns any one of which matches (EventBridge's syntax, which Lambda reads)
_OR = "$or"
#: (what is wrong, the fix), for the filter's prop.
Problem = tuple[str, str]


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
        return [("filters", wrong(filters, _EXPECTED, FILTERS_KIND), f"pass [{FILTER_EXAMPLE}]")]
    if not isinstance(filters, list | tuple):
        told = f"pass [{FILTER_EXAMPLE}]"
        return [
            (
                "filters",
                wrong(filters, _EXPECTED, FILTERS_KIND),
                f"{told}, or leave filters out (every record)",
            )
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


def filter_field_problems(
    pattern: Mapping[str, Any],
    view_type: str | None,
    names: tuple[str, ...] | None = None,
) -> list[Problem]:
    """What in ``pattern`` (a parsed filter) no record of a stream keeping ``view_type``
    (``None``: unknown, an imported table) could match; ``names``: the eventNames an
    enclosing pattern selects (for the alternatives of its ``$or``)."""
    if "eventName" in pattern:
        names = _names(pattern["eventName"])
    problems: list[Problem] = []
    for field, value in pattern.items():
        if field == _OR:  # any one of these patterns, each beside the other fields
            for alternative in value if isinstance(value, list) else []:
                if isinstance(alternative, Mapping):
                    problems += filter_field_problems(alternative, view_type, names)
        elif not isinstance(field, str) or is_unresolved(field):
            continue
        elif field not in _RECORD_FIELDS:
            problems.append(_unknown(field, _RECORD_FIELDS, "a stream record", _moved(field)))
        elif field == "eventName":
            problems += _event_names(value)
        elif field == "dynamodb" and isinstance(value, Mapping):
            problems += _change(value, view_type, names)
    return problems


def _items(fields: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """The known fields of an object below the top level, those of its ``$or``
    alternatives too (a deploy-time name is its own)."""
    for name, value in fields.items():
        if name == _OR and isinstance(value, list):
            for alternative in value:
                if isinstance(alternative, Mapping):
                    yield from _items(alternative)
        elif isinstance(name, str) and not is_unresolved(name):
            yield name, value


def _names(value: Any) -> tuple[str, ...] | None:
    """The eventNames a filter matches exactly; None when it matches others too."""
    names = value if isinstance(value, list) else None
    if not names or not all(isinstance(n, str) and n in STREAM_EVENT_NAMES for n in names):
        return None
    return tuple(names)


def _moved(field: str) -> str | None:
    """The spelling under ``dynamodb`` of a change's field given at the top level."""
    found = get_close_matches(field, _CHANGE_FIELDS, n=1, cutoff=0.8)
    return f'"dynamodb": {{"{found[0]}": ...}}' if found else None


def _unknown(field: str, known: tuple[str, ...], where: str, hint: str | None) -> Problem:
    same_case = [name for name in known if name.lower() == field.lower()]
    close = hint or next(iter(same_case or get_close_matches(field, known, n=1, cutoff=0.6)), None)
    matched = close or f"one of {', '.join(known)}"
    fix = f"change the filter to match {matched}"
    return (
        f"matches the field {field!r}, which {where} never has (it has {', '.join(known)}): "
        "Lambda drops every record the filter does not match",
        f"{fix} (field names are case-sensitive)",
    )


def _event_names(value: Any) -> list[Problem]:
    names = value if isinstance(value, list) else [value]
    return [
        (
            f"matches the eventName {name!r}; a stream record's is INSERT, MODIFY or REMOVE "
            "(compared exactly), so Lambda drops every record the filter does not match",
            f"write {name.upper()!r}"
            if name.upper() in STREAM_EVENT_NAMES
            else 'write "INSERT", "MODIFY" or "REMOVE"',
        )
        for name in names
        if isinstance(name, str) and not is_unresolved(name) and name not in STREAM_EVENT_NAMES
    ]


def _change(
    change: Mapping[str, Any], view_type: str | None, names: tuple[str, ...] | None
) -> list[Problem]:
    problems: list[Problem] = []
    kept = _IMAGES.get(view_type or "", _ATTRIBUTE_MAPS)
    for field, value in _items(change):
        if field not in _CHANGE_FIELDS:
            problems.append(_unknown(field, _CHANGE_FIELDS, "a record's dynamodb", None))
        elif field in ("NewImage", "OldImage") and field not in kept:
            problems.append(
                (
                    f"matches dynamodb.{field}, which the table's {view_type} stream does not "
                    "keep: no record has it, so Lambda drops every record",
                    "change the filter to match dynamodb."
                    f"{' or dynamodb.'.join(kept)}, or give the table a stream that keeps it "
                    "(NEW_AND_OLD_IMAGES keeps both)"
                    if kept
                    else "change the filter to match dynamodb.Keys, or give the table a stream "
                    "that keeps the "
                    "image (NEW_AND_OLD_IMAGES keeps both)",
                )
            )
        elif field in _IMAGES["NEW_AND_OLD_IMAGES"] and names and not _carried(field, names):
            problems.append(_not_carried(field, names))
        elif field in _ATTRIBUTE_MAPS and isinstance(value, Mapping):
            problems += _attributes(value, f"dynamodb.{field}")
    return problems


def _carried(image: str, names: tuple[str, ...]) -> bool:
    """Whether a record of one of the changes ``names`` has ``image`` (every record has
    the other fields of ``dynamodb``)."""
    return any(image in _CARRIED[name] for name in names)


def _not_carried(image: str, names: tuple[str, ...]) -> Problem:
    other = "OldImage" if image == "NewImage" else "NewImage"
    return (
        f"matches dynamodb.{image} of {' and '.join(names)} records, which carry none (an "
        "INSERT has no OldImage, a REMOVE no NewImage): Lambda drops every record",
        f"change the filter to match dynamodb.{other} (the item "
        f"{'before' if other == 'OldImage' else 'after'} the change), or the eventName of the "
        "changes that carry it",
    )


def _attributes(attributes: Mapping[str, Any], where: str) -> list[Problem]:
    """An image's (or ``M``'s) attributes: each an object keyed by its type descriptor."""
    problems: list[Problem] = []
    for name, value in _items(attributes):
        at = f"{where}.{name}"
        # any list: an attribute is an object, and `exists` works on leaf fields only
        # (an empty list is the shape rules' problem)
        if isinstance(value, list) and value:
            problems.append(
                (
                    f"matches {at} as a plain value; a stream image holds each attribute in "
                    'DynamoDB JSON, {"S": "..."}, {"N": "..."}, so the filter never compares '
                    "the attribute's value (nor finds it with exists)",
                    f'put the values under the attribute\'s type: {{"{name}": {{"S": '
                    f'{_compact(value)}}}}} (a number\'s under "N", as a string)',
                )
            )
        elif isinstance(value, Mapping):
            for descriptor, inner in _items(value):
                if descriptor not in _TYPE_DESCRIPTORS:
                    problems.append(_not_a_type(descriptor, at))
                elif descriptor == "M" and isinstance(inner, Mapping):
                    problems += _attributes(inner, f"{at}.M")
    return problems


def _not_a_type(descriptor: str, at: str) -> Problem:
    close = get_close_matches(descriptor.upper(), _TYPE_DESCRIPTORS, n=1, cutoff=1.0)
    return (
        f"matches {at}.{descriptor}, which is no DynamoDB type descriptor (an image's "
        f"attribute is keyed by one of {', '.join(_TYPE_DESCRIPTORS)}): Lambda drops every "
        "record the filter does not match",
        f"change the filter to match {at}.{close[0] if close else 'S'} (descriptors are "
        "case-sensitive)",
    )


def _compact(value: list[Any]) -> str:
    text = json.dumps(value)
    return text if len(text) <= 60 else text[:57] + "..."
