"""A function reserved 0 concurrency never runs, while what invokes it goes on: a
StreamWorker's mapping keeps reading the stream, each batch throttled until it is skipped
into the dead-letter queue unprocessed; an authorizer's API answers every request behind
it with a 500, and so does a route's API for every request to the route; an
EventHandler's and a ScheduledJob's events (invoked asynchronously) are each throttled,
retried for up to ``max_event_age`` and dead-lettered unhandled. A kill switch may be meant
(as for QueueWorker's ``queueWorkerSwitchedOff``), so a warning naming the way to pause
instead. A platform's
Aspect (every function's reserved concurrency set to a company standard of 0, as a kill
switch for a stage) or an escape hatch on the ``CfnFunction`` does it after the construct
was built: the same warning then, at synth (``_synth_checks``), naming the template's value."""

from __future__ import annotations

from collections.abc import Callable

from aws_cdk import Annotations
from aws_cdk import aws_lambda as lambda_
from constructs import IConstruct

from constructs_lib._core.sizes_recheck import HANDLER_TOKEN, token_or_changed
from constructs_lib._facts import resource_of
from constructs_lib._jsii import is_unresolved
from constructs_lib._queue_consumers import SWITCHED_OFF_EFFECT as QUEUE_SWITCHED_OFF_EFFECT
from constructs_lib._queue_consumers import SWITCHED_OFF_WARNING as QUEUE_SWITCHED_OFF_WARNING
from constructs_lib._synth_checks import at_synth, is_number, template_properties

__all__ = [
    "AUTHORIZER_SWITCHED_OFF_WARNING",
    "EVENT_HANDLER_SWITCHED_OFF_WARNING",
    "ROUTE_SWITCHED_OFF_WARNING",
    "SCHEDULED_JOB_SWITCHED_OFF_WARNING",
    "STREAM_SWITCHED_OFF_WARNING",
    "mapping_paused",
    "warn_if_switched_off",
    "warn_if_switched_off_at_synth",
    "watch_switched_off",
]

STREAM_SWITCHED_OFF_WARNING = "constructs_lib:streamWorkerSwitchedOff"
AUTHORIZER_SWITCHED_OFF_WARNING = "constructs_lib:authorizerSwitchedOff"
ROUTE_SWITCHED_OFF_WARNING = "constructs_lib:routeSwitchedOff"
EVENT_HANDLER_SWITCHED_OFF_WARNING = "constructs_lib:eventHandlerSwitchedOff"
SCHEDULED_JOB_SWITCHED_OFF_WARNING = "constructs_lib:scheduledJobSwitchedOff"

# What an asynchronously invoked function reserved 0 does with each event (Lambda keeps
# a throttled event queued and retries it until it is max_event_age old, at most 6 hours;
# retry_attempts counts errors of the function, not throttles)
_DEAD_LETTERED = (
    "Lambda throttles each invocation, keeps the {0} queued and retries it for up to "
    "max_event_age (at most 6 hours), then sends it to the dead-letter queue, never handled"
)
_DEADLETTERED_EVENT = _DEAD_LETTERED.format("rule's event")
_DEADLETTERED_RUN = _DEAD_LETTERED.format("run's event")

_EFFECTS = {
    STREAM_SWITCHED_OFF_WARNING: (
        "the function never runs, but the event source mapping still reads the stream: each "
        "batch is throttled and retried until it is skipped (retry_attempts, max_record_age) "
        "into the dead-letter queue, its records never handled",
        "pass enabled=False instead to pause the worker and keep the records in the stream "
        "(24 hours), or drop reserved_concurrency=0. If skipping them is meant",
    ),
    AUTHORIZER_SWITCHED_OFF_WARNING: (
        "the authorizer never runs, so API Gateway answers every request to a route behind "
        "it with a 500 (public routes still answer)",
        "drop reserved_concurrency=0 (an authorizer that must deny everyone returns "
        '{"isAuthorized": false}). If closing the API this way is meant',
    ),
    ROUTE_SWITCHED_OFF_WARNING: (
        "the route's function never runs: Lambda throttles every invocation, and API "
        "Gateway answers every request to the route with a 500 (it does not pass Lambda's "
        "429 on)",
        "drop reserved_concurrency=0 (a route that must refuse everyone answers 403 or 503 "
        "from its code; or remove the route). If closing the route this way is meant",
    ),
    EVENT_HANDLER_SWITCHED_OFF_WARNING: (
        "the function never runs: " + _DEADLETTERED_EVENT,
        "pass enabled=False instead to create the rule disabled (no event reaches the "
        "function, and none is dead-lettered), or drop reserved_concurrency=0. If "
        "dead-lettering every event is meant",
    ),
    SCHEDULED_JOB_SWITCHED_OFF_WARNING: (
        "the function never runs: " + _DEADLETTERED_RUN,
        "pass enabled=False instead to create the schedule disabled (no run starts, and "
        "none is dead-lettered), or drop reserved_concurrency=0. If dead-lettering every "
        "run is meant",
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


#: What the warning says at synth, by warning: what follows, and how to pause instead.
_AT_SYNTH = {
    QUEUE_SWITCHED_OFF_WARNING: (
        QUEUE_SWITCHED_OFF_EFFECT,
        "to pause the worker and keep its messages in the queue, have it set the event "
        "source mapping's enabled to False instead (QueueWorker(enabled=False)). If draining "
        "the queue into the dead-letter queue is meant",
    ),
    STREAM_SWITCHED_OFF_WARNING: (
        _EFFECTS[STREAM_SWITCHED_OFF_WARNING][0],
        "to pause the worker and keep the records in the stream (24 hours), pass "
        "StreamWorker(enabled=False) instead. If skipping them is meant",
    ),
    AUTHORIZER_SWITCHED_OFF_WARNING: (
        _EFFECTS[AUTHORIZER_SWITCHED_OFF_WARNING][0],
        'an authorizer that must deny everyone returns {"isAuthorized": false}. If closing '
        "the API this way is meant",
    ),
    ROUTE_SWITCHED_OFF_WARNING: (
        _EFFECTS[ROUTE_SWITCHED_OFF_WARNING][0],
        "a route that must refuse everyone answers 403 or 503 from its code. If closing the "
        "route this way is meant",
    ),
    EVENT_HANDLER_SWITCHED_OFF_WARNING: (
        _EFFECTS[EVENT_HANDLER_SWITCHED_OFF_WARNING][0],
        "to pause the handler, pass EventHandler(enabled=False) instead. If dead-lettering "
        "every event is meant",
    ),
    SCHEDULED_JOB_SWITCHED_OFF_WARNING: (
        _EFFECTS[SCHEDULED_JOB_SWITCHED_OFF_WARNING][0],
        "to pause the job, pass ScheduledJob(enabled=False) instead. If dead-lettering "
        "every run is meant",
    ),
}


def warn_if_switched_off_at_synth(
    scope: IConstruct,
    function: lambda_.Function,
    built: object,
    warning: str,
    construct: str,
    paused: Callable[[], bool] = lambda: False,
) -> None:
    """Warns ``warning`` on ``scope`` (a ``construct``) at synth when ``function``'s
    reserved concurrency is 0 in the template and its event source is not ``paused``,
    unless the Handler was built with 0 (``built``): warned of then, once is enough. A
    ``built`` token (``Lazy.number``) resolving to 0 is told as the token it is."""
    if built == 0 and not isinstance(built, bool):
        return
    resource = resource_of(function)
    token = is_unresolved(built)
    if isinstance(resource, lambda_.CfnFunction):
        at_synth(
            scope, lambda: _warn_at_synth(scope, resource, warning, (construct, token), paused)
        )


def watch_switched_off(
    scope: IConstruct,
    reserved: object,
    prop: str,
    warning: str,
    function: lambda_.Function,
    construct: str,
) -> None:
    """Warns ``warning`` on ``scope`` of a Handler built with reserved concurrency 0
    (``prop``), else at synth of a template's 0 that an Aspect or escape hatch set."""
    warn_if_switched_off(scope, reserved, prop, warning)
    warn_if_switched_off_at_synth(scope, function, reserved, warning, construct)


def mapping_paused(mapping: IConstruct) -> bool:
    """Whether the event source ``mapping`` is disabled in the template (``enabled=False``,
    or an Aspect pausing it): it reads nothing, so a function reserved 0 throttles and skips
    nothing, and pausing is what the warning's fix asks for."""
    resource = resource_of(mapping)
    return (
        isinstance(resource, lambda_.CfnEventSourceMapping)
        and template_properties(resource).get("enabled") is False
    )


#: The ways to pause whose words are "what changed it"'s, for a token the Handler was given.
_TOKEN_PAUSE = {
    QUEUE_SWITCHED_OFF_WARNING: "to pause the worker and keep its messages in the queue, pass "
    "QueueWorker(enabled=False) instead. If draining the queue into the dead-letter queue "
    "is meant",
}


def _warn_at_synth(
    scope: IConstruct,
    function: lambda_.CfnFunction,
    warning: str,
    built: tuple[str, bool],
    paused: Callable[[], bool],
) -> list[str]:
    """``built``: the construct's name, and whether its Handler was given a token."""
    reserved = template_properties(function).get("reservedConcurrentExecutions")
    if not is_number(reserved) or reserved != 0 or paused():
        return []
    construct, token = built
    effect, pause = _AT_SYNTH[warning]
    if token:
        how = token_or_changed(HANDLER_TOKEN)
        fix = "change what produces the token to 1 or more (or None for no reservation); "
        fix += _TOKEN_PAUSE.get(warning, pause)
    else:
        how = token_or_changed(None, "CfnFunction", construct=construct)
        fix = f"leave the function out of what changed it; {pause}"
    Annotations.of(scope).add_warning_v2(
        warning,
        f"`reserved_concurrency` is 0 in the template (the function {function.node.path}): "
        f"{effect}. {how}. Fix: {fix}, acknowledge '{warning}'.",
    )
    return []  # a warning: the synth goes on
