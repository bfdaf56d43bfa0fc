"""Scheduler's context attributes in a job's payload, checked as plain Python (no CDK).

Scheduler replaces ``<aws.scheduler.scheduled-time>`` (and the three other attributes) in
the payload with the run's value; any other ``<aws.scheduler.…>`` it passes on as written.
So a misspelt one (``scheduled_time``, ``ScheduledTime``) reaches the job as that text.
One that is close to no attribute is left alone: aws-cdk-lib's
``ContextAttribute.from_name`` is the way to attributes Scheduler may add later.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping

__all__ = ["CONTEXT_ATTRIBUTES", "misspelt_attributes"]

#: Scheduler's context attributes, by aws-cdk-lib's ``scheduler.ContextAttribute`` name.
CONTEXT_ATTRIBUTES = {
    "schedule_arn": "schedule-arn",
    "scheduled_time": "scheduled-time",
    "execution_id": "execution-id",
    "attempt_number": "attempt-number",
}
_PLACEHOLDER = re.compile(r"<\s*aws\s*\.\s*scheduler\s*\.([^<>]*)>", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s_.]+")


def misspelt_attributes(value: object, where: str = "") -> Iterator[tuple[str, str, str]]:
    """``(where, written, meant)`` for each placeholder in ``value``'s strings (nested
    dicts and lists, ``where`` their path, as ``['key'][0]``) that is not a context attribute
    as Scheduler spells it but close to one: ``meant`` names it (aws-cdk-lib's name and
    Scheduler's spelling)."""
    if isinstance(value, str):
        for match in _PLACEHOLDER.finditer(value):
            meant = _meant(match.group(1))
            spelt = f"<aws.scheduler.{meant[1]}>" if meant else None
            if meant is not None and match.group(0) != spelt:
                yield where, match.group(0), f"scheduler.ContextAttribute.{meant[0]} ({spelt!r})"
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from misspelt_attributes(item, f"{where}[{key!r}]")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from misspelt_attributes(item, f"{where}[{index}]")


def _meant(name: str) -> tuple[str, str] | None:
    """The attribute ``name`` stands for, as (python name, Scheduler's name), if any."""
    spelt = _SEPARATORS.sub("-", re.sub(r"(?<=[a-z])(?=[A-Z])", "-", name.strip())).lower()
    by_name = {scheduler: python for python, scheduler in CONTEXT_ATTRIBUTES.items()}
    close = difflib.get_close_matches(spelt, by_name, n=1, cutoff=0.75)
    return (by_name[close[0]], close[0]) if close else None
