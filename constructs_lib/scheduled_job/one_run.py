"""A ScheduledJob's one run at a time, checked again at synth (``_synth_checks``): the job
reserves a concurrency of 1 for its function unless ``allow_overlap``, and refuses a
handler's other reservation when built, but a platform's Aspect setting every function's
reserved concurrency (or removing it) changed the template in silence, and a run slower
than the schedule then overlapped the next."""

from __future__ import annotations

from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from constructs_lib._facts import resource_of
from constructs_lib._synth_checks import at_synth, changed_after, template_properties

__all__ = ["recheck_one_run_at_synth"]

_NEVER = " (with 0, no run would ever start: each is throttled into the dead-letter queue)"


def recheck_one_run_at_synth(job: Construct, function: lambda_.Function) -> None:
    """Checks at synth that ``function`` (of a job without ``allow_overlap``) still
    reserves a concurrency of exactly 1."""
    resource = resource_of(function)
    if isinstance(resource, lambda_.CfnFunction):
        at_synth(job, lambda: _problems(resource))


def _problems(function: lambda_.CfnFunction) -> list[str]:
    reserved = template_properties(function).get("reservedConcurrentExecutions")
    if reserved == 1 or isinstance(reserved, dict):  # a dict: a deploy-time value
        return []
    shown = "not set" if reserved is None else f"{reserved:g}"
    return [
        f"`reserved_concurrency` is {shown} in the template (the function "
        f"{function.node.path}), but allow_overlap=False needs 1: one run at a time, so a "
        f"run slower than the schedule never overlaps the next{_NEVER if reserved == 0 else ''}. "
        f"{changed_after('ScheduledJob', 'CfnFunction')}. Fix: leave the job's function out "
        "of what changed it, or pass allow_overlap=True to the ScheduledJob when runs may "
        "overlap"
    ]
