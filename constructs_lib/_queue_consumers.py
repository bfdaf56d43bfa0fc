"""One QueueWorker per queue: two workers polling one queue would each get an arbitrary
share of its messages, so each function would handle some of them and never see the rest."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from constructs_lib._validation import Validator

__all__ = ["check_single_consumer", "remember_consumer"]

#: The worker consuming each queue of the app (its own, or an ``existing_queue``).
_CONSUMERS: WeakKeyDictionary[object, str] = WeakKeyDictionary()


def check_single_consumer(v: Validator, queue: object) -> None:
    """``existing_queue`` is not consumed by another QueueWorker already."""
    worker = _CONSUMERS.get(queue)
    v.check(
        worker is None,
        "existing_queue",
        f"is consumed by the QueueWorker {worker} already: each message would reach only one "
        "of the two functions, whichever polled first",
        "handle the messages in one QueueWorker (raise its max_concurrency), or give each "
        "worker its own queue (an SNS topic with a subscription per queue fans out)",
    )


def remember_consumer(queue: object, worker: str) -> None:
    _CONSUMERS[queue] = worker
