"""A function reserved 0 concurrency never runs, while what invokes it goes on: a
StreamWorker's mapping keeps reading the stream, each batch throttled until it is skipped
into the dead-letter queue unprocessed; an authorizer's API answers every request behind
it with a 500. A kill switch may be meant (as for QueueWorker's
``queueWorkerSwitchedOff``), so a warning naming the way to pause instead."""

from __future__ import annotations

from aws_cdk import Annotations
from constructs import IConstruct

from constructs_lib._jsii import is_unresolved

__all__ = ["AUTHORIZER_SWITCHED_OFF_WARNING", "STREAM_SWITCHED_OFF_WARNING", "warn_if_switched_off"]

STREAM_SWITCHED_OFF_WARNING = "constructs_lib:streamWorkerSwitchedOff"
AUTHORIZER_SWITCHED_OFF_WARNING = "constructs_lib:authorizerSwitchedOff"

_EFFECTS = {
    STREAM_SWITCHED_OFF_WARNING: (
        "the function never runs, but the event source mapping still reads the stream: each "
        "batch is throttled and retried until it is skipped (retry_attempts, max_record_age) "
        "into the dead-letter queue, its records never handled",
        "to pause the worker and keep the records in the stream (24 hours), pass "
        "enabled=False instead, or drop reserved_concurrency=0. If skipping them is meant",
    ),
    AUTHORIZER_SWITCHED_OFF_WARNING: (
        "the authorizer never runs, so API Gateway answers every request to a route behind "
        "it with a 500 (public routes still answer)",
        "drop reserved_concurrency=0 (an authorizer that must deny everyone returns "
        '{"isAuthorized": false}). If closing the API this way is meant',
    ),
}


def warn_if_switched_off(scope: IConstruct, reserved: object, prop: str, warning: str) -> None:
    """Warns ``warning`` when ``reserved`` (``prop``, a Handler's reserved_concurrency) is
    0, known at synth."""
    if reserved != 0 or isinstance(reserved, bool) or is_unresolved(reserved):
        return
    effect, fix = _EFFECTS[warning]
    Annotations.of(scope).add_warning_v2(
        warning, f"{prop} is 0: {effect}. Fix: {fix}, acknowledge '{warning}'."
    )
