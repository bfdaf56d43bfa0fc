"""A StreamWorker filter on ``dynamodb.Keys`` naming an attribute that is no key of the
table (pure: no aws_cdk import). A record's ``Keys`` holds the table's partition and sort
key only; the item's other attributes are in its images. So ``{"dynamodb": {"Keys":
{"partner": {"S": ["acme"]}}}}`` on a table keyed by ``pk`` matches no record, and Lambda
drops every one without a trace. Checked for a table of the app (its key schema known at
synth); an import's keys are unknown."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from constructs_lib._jsii import is_unresolved

__all__ = ["key_filter_problems"]

_OR = "$or"


def key_filter_problems(
    pattern: Mapping[str, Any], keys: tuple[str, ...], table: str
) -> list[tuple[str, str]]:
    """(what is wrong, the fix) for each attribute ``pattern`` matches under
    ``dynamodb.Keys`` that is not one of ``keys`` (of the table at path ``table``)."""
    listed = ", ".join(keys)
    return [
        (
            f"matches dynamodb.Keys.{name}, which is no key attribute of the table {table} "
            f"(its keys: {listed}): a record's Keys holds those only, so Lambda drops every "
            "record",
            f"change the filter to match dynamodb.NewImage.{name} (the item's other attributes "
            f"are in its images), or a key attribute: {listed}",
        )
        for change in _fields(pattern, "dynamodb")
        for attributes in _fields(change, "Keys")
        for name, _ in _named(attributes)
        if name not in keys
    ]


def _fields(fields: object, wanted: str) -> Iterator[Mapping[str, Any]]:
    """Each object ``fields`` (or an alternative of its ``$or``) holds under ``wanted``."""
    for name, value in _named(fields, keep_or=True):
        if name == _OR and isinstance(value, list):
            for alternative in value:
                yield from _fields(alternative, wanted)
        elif name == wanted and isinstance(value, Mapping):
            yield value


def _named(fields: object, *, keep_or: bool = False) -> Iterator[tuple[str, Any]]:
    """The fields of an object known at synth (the ``$or`` of its alternatives only when
    asked: an attribute map's alternatives are attributes too)."""
    if not isinstance(fields, Mapping):
        return
    for name, value in fields.items():
        if not isinstance(name, str) or is_unresolved(name):
            continue
        if name == _OR and not keep_or:
            for alternative in value if isinstance(value, list) else []:
                yield from _named(alternative)
        else:
            yield name, value
