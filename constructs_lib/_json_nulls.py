"""JSON nulls: jsii passes a Python ``None`` as "undefined", which aws-cdk-lib leaves out;
a value meant as JSON ``null`` (an event pattern's, a deployed file's) goes as
aws-cdk-lib's null token instead."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["contains_none", "json_null", "json_nulls"]


def contains_none(value: object) -> bool:
    """A ``None`` anywhere in ``value`` (itself, or inside its dicts, lists and tuples)."""
    if value is None:
        return True
    if isinstance(value, Mapping):
        return any(contains_none(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(contains_none(item) for item in value)
    return False


def json_null() -> Any:
    """aws-cdk-lib's token for a JSON ``null`` (the one ``events.Match.null_value()`` holds):
    it survives jsii, and JSON rendered from it at synth says ``null``."""
    from aws_cdk import aws_events as events  # only the users of a null pay for the import

    return events.Match.null_value()[0]


def json_nulls(value: Any) -> Any:
    """``value`` with every ``None`` (inside its dicts, lists and tuples too) as
    :func:`json_null`."""
    if value is None:
        return json_null()
    if isinstance(value, Mapping):
        return {key: json_nulls(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_nulls(item) for item in value]
    return value
