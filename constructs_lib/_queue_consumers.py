"""How QueueWorkers consume their queues. One QueueWorker per queue: two workers polling
one queue would each get an arbitrary share of its messages, so each function would
handle some of them and never see the rest. And the event source never invokes more
batches at once than the function may run: Lambda throttles the batches above a reserved
concurrency, and each goes back to the queue as a failed receive."""

from __future__ import annotations

from typing import TypeGuard

from aws_cdk import Annotations

from constructs_lib._identity_map import IdentityMap
from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator

__all__ = [
    "EVENT_SOURCE_MAX_CONCURRENCY",
    "PROVISIONED_UNUSED_WARNING",
    "SWITCHED_OFF_WARNING",
    "THROTTLED",
    "check_concurrency",
    "check_single_consumer",
    "remember_consumer",
]

#: The worker consuming each queue of the app (its own, or an ``existing_queue``).
_CONSUMERS: IdentityMap[str] = IdentityMap()

#: The batches an SQS event source invokes at once without max_concurrency (Lambda's
#: limit), and the least max_concurrency it takes.
EVENT_SOURCE_MAX_CONCURRENCY, _MIN_MAX_CONCURRENCY = 1000, 2

THROTTLED = (
    "Lambda throttles the batches above the reserved concurrency; each goes back to the "
    "queue as a failed receive, and its messages reach the dead-letter queue after "
    "max_receive_count receives without having run"
)
#: The warning of provisioned environments the event source can never use (billed idle).
PROVISIONED_UNUSED_WARNING = "constructs_lib:provisionedAboveMaxConcurrency"
#: The warning of a worker whose function may never run (reserved concurrency 0).
SWITCHED_OFF_WARNING = "constructs_lib:queueWorkerSwitchedOff"
#: What it says follows (when built, and at synth: ``_switched_off``).
SWITCHED_OFF_EFFECT = (
    "the function never runs, but the queue's event source still receives every message; "
    "each batch is throttled and goes back to the queue, and after max_receive_count "
    "receives each message is in the dead-letter queue without having been handled"
)
# A reservation of 1 meant "one message at a time", which an SQS event source cannot do.
_ONE_AT_A_TIME = (
    "; to handle one message at a time, pass fifo=True and send every message with the "
    "same MessageGroupId (a message group is handled in order, one batch at a time)"
)


def check_single_consumer(v: Validator, queue: object, *, enabled: object = True) -> None:
    """``existing_queue`` is not consumed by another QueueWorker already. A worker created
    paused (``enabled=False``) consumes nothing: it may stand beside the queue's consumer,
    the next one while moving off the current."""
    if enabled is False:
        return
    worker = _CONSUMERS.get(queue)
    v.check(
        worker is None,
        "existing_queue",
        f"is consumed by the QueueWorker {worker} already: each message would reach only one "
        "of the two functions, whichever polled first",
        "handle the messages in one QueueWorker (raise its max_concurrency), or give each "
        "worker its own queue (an SNS topic with a subscription per queue fans out)",
    )


def check_concurrency(
    v: Validator, max_concurrency: int | None, handler: object, *, enabled: object = True
) -> None:
    """``max_concurrency`` is 2..1000, and the handler's ``reserved_concurrency`` covers
    every batch the event source may invoke at once: ``max_concurrency``, else Lambda's
    1000. A reservation of 0 (the function switched off) warns unless the event source is
    created disabled too (``enabled=False``: nothing is received); values of the wrong
    type or range are left to their rules."""
    if max_concurrency is not None:
        v.check_range(
            max_concurrency,
            "max_concurrency",
            _MIN_MAX_CONCURRENCY,
            EVENT_SOURCE_MAX_CONCURRENCY,
            whole=True,
        )
    _warn_of_unused_provisioned(v, max_concurrency, handler)
    reserved = getattr(handler, "reserved_concurrency", None)
    if reserved == 0 and _whole(reserved) and enabled is not False:
        _warn_switched_off(v)
    if not _whole(reserved) or reserved < 1:
        return
    if max_concurrency is None:
        if reserved >= EVENT_SOURCE_MAX_CONCURRENCY:
            return
        cap = max(reserved, _MIN_MAX_CONCURRENCY)
        fix = (
            f"pass max_concurrency={cap} to the QueueWorker (its event source then stops "
            f"reading the queue at {cap}) and drop reserved_concurrency, or keep it at "
            f"max_concurrency or more"
        )
        if reserved < _MIN_MAX_CONCURRENCY:  # the event source reads with 2 at least
            fix = (
                f"pass max_concurrency={_MIN_MAX_CONCURRENCY} to the QueueWorker (the least "
                "an SQS event source takes) and drop reserved_concurrency or raise it to "
                f"{_MIN_MAX_CONCURRENCY}{_ONE_AT_A_TIME}"
            )
        v.add(
            "handler.reserved_concurrency",
            f"is {reserved}, but the queue's event source has no max_concurrency: it "
            f"invokes up to {EVENT_SOURCE_MAX_CONCURRENCY} batches at once (5 to start "
            f"with), and {THROTTLED}",
            fix,
        )
    elif _whole(max_concurrency) and reserved < max_concurrency <= EVENT_SOURCE_MAX_CONCURRENCY:
        v.add(
            "max_concurrency",
            f"is {max_concurrency}, above handler.reserved_concurrency ({reserved}): {THROTTLED}",
            f"pass max_concurrency={reserved} (at most the reserved concurrency), or raise "
            f"reserved_concurrency to {max_concurrency}"
            if reserved >= _MIN_MAX_CONCURRENCY
            else f"set reserved_concurrency to {max_concurrency}, or drop it (max_concurrency "
            f"is {_MIN_MAX_CONCURRENCY} at least){_ONE_AT_A_TIME}",
        )


def _warn_of_unused_provisioned(v: Validator, max_concurrency: object, handler: object) -> None:
    """The event source invokes at most ``max_concurrency`` batches at once (else Lambda's
    1000): provisioned environments above that are never used, and billed every hour.
    An out-of-range ``max_concurrency`` is its rule's, not this warning's."""
    provisioned = getattr(handler, "provisioned_concurrency", None)
    cap = EVENT_SOURCE_MAX_CONCURRENCY if max_concurrency is None else max_concurrency
    if not (_whole(provisioned) and _whole(cap)) or provisioned <= cap:
        return
    if not _MIN_MAX_CONCURRENCY <= cap <= EVENT_SOURCE_MAX_CONCURRENCY:
        return
    if max_concurrency is None:
        limit, other = f"the {cap} batches (Lambda's limit without max_concurrency)", ""
    else:
        limit = f"max_concurrency ({cap}), the batches"
        other = f", or raise max_concurrency to {min(provisioned, EVENT_SOURCE_MAX_CONCURRENCY)}"
    Annotations.of(v.scope).add_warning_v2(
        PROVISIONED_UNUSED_WARNING,
        f"handler.provisioned_concurrency is {provisioned}, above {limit} the queue's event "
        f"source invokes at once at most: {provisioned - cap} of the provisioned environments "
        "are never used, and each is billed every hour. Fix: set "
        f"provisioned_concurrency={cap} or less{other}. If other callers invoke the "
        f"function's live alias too, acknowledge '{PROVISIONED_UNUSED_WARNING}'.",
    )


def _warn_switched_off(v: Validator) -> None:
    """A reservation of 0 stops the function, not the queue's event source: it still
    receives every message, each invocation is throttled, and after max_receive_count
    receives the message is in the dead-letter queue, never handled (a kill switch that
    empties the queue)."""
    Annotations.of(v.scope).add_warning_v2(
        SWITCHED_OFF_WARNING,
        f"handler.reserved_concurrency is 0: {SWITCHED_OFF_EFFECT}. Fix: pass enabled=False "
        "instead to pause the worker and keep its messages in the queue (the event source "
        "mapping is disabled; the messages wait up to the queue's retention), or drop "
        "reserved_concurrency=0. If draining the queue into the "
        f"dead-letter queue is meant, acknowledge '{SWITCHED_OFF_WARNING}'.",
    )


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and not is_unresolved(value)


def remember_consumer(queue: object, worker: str, *, enabled: object = True) -> None:
    if enabled is not False:
        _CONSUMERS.set(queue, worker)
