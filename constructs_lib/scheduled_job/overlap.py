"""A ScheduledJob without ``allow_overlap`` whose function may run longer than the time
between two runs (``rate(1 minute)`` with a 15-minute timeout). It reserves one instance,
so a long run holds it while the next is due: Scheduler's invocation is accepted (Lambda
queues asynchronous invocations), and Lambda throttles it and retries it from its queue
for up to the alias's maximum event age. The runs start late one after another, and one
that cannot start in time goes to the dead-letter queue, whose alarm pages someone for a
configuration choice.

A warning, not an error: a timeout is a ceiling, and a job whose runs take seconds may
carry a long one. Checked at synth on the function's timeout as the template has it, so a
timeout from ``FunctionDefaults``, the library's default or a platform's Aspect counts as
the Handler's own does."""

from __future__ import annotations

import math

from aws_cdk import Annotations
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from constructs_lib._core.asynchronous import LAMBDA_MAX_EVENT_AGE_SECONDS
from constructs_lib._facts import resource_of
from constructs_lib._synth_checks import at_synth, is_number, template_properties
from constructs_lib._words import counted
from constructs_lib.scheduled_job.gaps import shortest_gap_seconds

__all__ = ["SCHEDULE_FASTER_THAN_TIMEOUT_WARNING", "warn_of_overlapping_runs"]

#: The warning of a timeout longer than the time between two runs (one run at a time).
SCHEDULE_FASTER_THAN_TIMEOUT_WARNING = "constructs_lib:scheduleFasterThanTimeout"


def warn_of_overlapping_runs(
    job: Construct, function: lambda_.Function, expression: str, max_event_age: float
) -> None:
    """Warns at synth, on ``job``, when ``function``'s timeout is longer than the shortest
    time between two runs of ``expression`` (a job without ``allow_overlap``);
    ``max_event_age``: the seconds Scheduler is given to deliver a run."""
    gap = shortest_gap_seconds(expression)
    resource = resource_of(function)
    if gap is not None and isinstance(resource, lambda_.CfnFunction):
        at_synth(job, lambda: _warn(job, resource, expression, gap, max_event_age))


def _warn(
    job: Construct, function: lambda_.CfnFunction, expression: str, gap: int, age: float
) -> list[str]:
    timeout = template_properties(function).get("timeout")
    if not is_number(timeout) or timeout <= gap:  # a dict: a deploy-time value
        return []
    queued = min(age, LAMBDA_MAX_EVENT_AGE_SECONDS)  # Lambda keeps a run queued at most 6 h
    minutes = math.ceil(timeout / 60)
    Annotations.of(job).add_warning_v2(
        SCHEDULE_FASTER_THAN_TIMEOUT_WARNING,
        f"`handler.timeout` is {_span(timeout)}, longer than the {_span(gap)} between two "
        f"runs of {expression!r}: with allow_overlap=False the function reserves one "
        "instance, so while a long run holds it Lambda throttles the next run and retries "
        f"it for up to {_span(queued)} (max_event_age); the runs start late one after "
        "another, and one that cannot start in time goes to the dead-letter queue, whose "
        f"alarm pages. Fix: shorten handler.timeout to {_span(gap)} or less, change the "
        f"schedule to runs at least {_span(minutes * 60)} apart (e.g. "
        f"'rate({counted(minutes, 'minute')})'), or pass allow_overlap=True if runs may "
        f"overlap. If runs never last that long, acknowledge "
        f"'{SCHEDULE_FASTER_THAN_TIMEOUT_WARNING}' on the ScheduledJob.",
    )
    return []  # a warning: the synth goes on


def _span(seconds: float) -> str:
    """``15 minutes``, ``1 hour``, ``90 seconds``: the largest unit that counts it whole."""
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds % size == 0:
            return counted(int(seconds // size), unit)
    return counted(int(seconds) if seconds == int(seconds) else seconds, "second")
