"""QueueWorker's props: their defaults and their rules (batching, concurrency, the
visibility timeout against the handler's, an existing queue's settings and consumers)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aws_cdk import Duration, Size
from aws_cdk import aws_sqs as sqs

from constructs_lib import _defaults
from constructs_lib._core import FunctionBackedProps
from constructs_lib._core.handler_rules import check_handler
from constructs_lib._core.resolve import resolve_handler
from constructs_lib._customer_keys import check_key, check_no_key_with
from constructs_lib._env import check_existing_environment
from constructs_lib._existing_dead_letter_queue import check_existing_dead_letter_queue
from constructs_lib._existing_queue_redrive import check_existing_redrive
from constructs_lib._existing_queue_retention import check_existing_retention
from constructs_lib._existing_queue_visibility import check_existing_visibility
from constructs_lib._facts import seconds_of
from constructs_lib._jsii import is_unresolved
from constructs_lib._loaded import LazyModule
from constructs_lib._queue_consumers import check_concurrency, check_single_consumer
from constructs_lib._queue_settings import HIGH_THROUGHPUT_SETTINGS, check_message_size
from constructs_lib._receive_retention import (
    check_existing_retries,
    check_own_retries,
    may_outlast_retention,
)
from constructs_lib._s3_event_shape import check_s3_event_shape
from constructs_lib._validation import Validator
from constructs_lib.bucket_events import BucketEvents, check_sources
from constructs_lib.handler import Handler

if TYPE_CHECKING:
    from aws_cdk import aws_kms as kms

else:  # imported on first use (typing.get_type_hints): importing this loads none
    kms = LazyModule("aws_kms")

__all__ = ["QueueWorkerProps"]

_MAX_BATCHING_WINDOW_SECONDS = 300  # SQS event source limits
_MAX_BATCH_SIZE, _MAX_FIFO_BATCH_SIZE = 10000, 10


@dataclass(frozen=True, kw_only=True)
class QueueWorkerProps(FunctionBackedProps):
    """QueueWorker's props (see :class:`QueueWorker` for each one), validated together."""

    handler: Handler
    batch_size: int = _defaults.BATCH_SIZE
    max_batching_window: Duration | None = None
    max_concurrency: int | None = None
    max_receive_count: int = _defaults.MAX_RECEIVE_COUNT
    fifo: bool = False
    visibility_timeout: Duration | None = None
    existing_queue: sqs.IQueue | None = None
    existing_dead_letter_queue: sqs.IQueue | None = None
    sources: Sequence[BucketEvents] = ()
    max_message_size: Size | None = None
    fifo_high_throughput: bool = False
    encryption_key: kms.IKey | None = None
    enabled: bool = True

    def validate(self, v: Validator) -> None:
        super().validate(v)
        check_handler(
            v, self.handler, "handler", construct_environment=("QUEUE_URL",), network=self.network
        )
        # a value that is not True (a deploy-time object) is the type check's, not a FIFO queue
        max_batch = _MAX_FIFO_BATCH_SIZE if self.fifo is True else _MAX_BATCH_SIZE
        v.check_range(self.batch_size, "batch_size", 1, max_batch, whole=True)
        self._validate_batching_window(v)
        check_concurrency(v, self.max_concurrency, self.handler, enabled=self.enabled)
        v.check_range(self.max_receive_count, "max_receive_count", 1, 1000, whole=True)
        self._validate_visibility_timeout(v)
        if self.existing_queue is None and may_outlast_retention(self.max_receive_count):
            check_own_retries(v, self.max_receive_count, self._own_visibility(v))
        notified = isinstance(self.sources, list | tuple) and bool(self.sources)
        check_message_size(v, self.max_message_size, notified=notified)
        v.check(
            self.fifo_high_throughput is not True or self.fifo or self.existing_queue is not None,
            "fifo_high_throughput",
            "is True on a standard queue: high throughput is a mode of FIFO queues (a "
            "standard queue's throughput is already nearly unlimited)",
            "pass fifo=True too, or drop fifo_high_throughput",
        )
        if self.existing_queue is not None:
            self._validate_existing_queue(v, self.existing_queue)
        check_existing_dead_letter_queue(
            v, self.existing_dead_letter_queue, self.existing_queue, self.fifo
        )
        if self.existing_queue is not None and self.existing_dead_letter_queue is None:
            check_existing_redrive(v, self.existing_queue, self.fifo, alarms=self.alarms)
        check_sources(v, self.sources, fifo=self.fifo, existing_queue=self.existing_queue)
        check_s3_event_shape(v, self.handler, self.sources)
        # S3 sends the sources' notifications into the queue with its service principal
        sender = "S3" if self.sources else None
        check_key(v, self.encryption_key, "encryption_key", sender=sender)
        check_no_key_with(v, self.encryption_key, "encryption_key", self.existing_queue, "queue")

    def _validate_batching_window(self, v: Validator) -> None:
        given = self.max_batching_window  # a deploy-time one too: FIFO queues take none
        window = v.whole_seconds(
            given, "max_batching_window", within=(0, _MAX_BATCHING_WINDOW_SECONDS)
        )
        if given is not None:
            v.check(
                self.fifo is not True,
                "max_batching_window",
                "is set on a FIFO queue, which does not support batching windows",
                "remove max_batching_window or use a standard queue",
            )
        v.duration_range(window, "max_batching_window", 0, _MAX_BATCHING_WINDOW_SECONDS)
        # a deploy-time window is the user's; a window with a problem of its own (a
        # fraction, a number) is that problem alone, not also a missing window
        if not self.fifo and not is_unresolved(given) and (given is None or window is not None):
            _check_window_for_batch(v, self.batch_size, window)

    def _validate_visibility_timeout(self, v: Validator) -> None:
        high = _defaults.MAX_VISIBILITY_TIMEOUT_SECONDS
        seconds = v.whole_seconds(self.visibility_timeout, "visibility_timeout", within=(0, high))
        handler_timeout = self._handler_timeout(v)
        factor = _defaults.VISIBILITY_TIMEOUT_FACTOR
        if seconds is None:  # a number (or none): its fix names a Duration the 6x rule takes
            self._fit_visibility_timeout(v, handler_timeout, high)
            return
        v.duration_range(seconds, "visibility_timeout", 0, high)
        if handler_timeout is not None:
            minimum = handler_timeout * factor
            v.check(
                seconds >= minimum,
                "visibility_timeout",
                f"is {seconds:g} seconds, less than {factor}x the handler timeout "
                f"({minimum:g} seconds); messages would be redelivered while still being processed",
                f"pass at least Duration.seconds({math.ceil(minimum)}) or omit it",
            )

    @staticmethod
    def _fit_visibility_timeout(v: Validator, handler_timeout: float | None, high: int) -> None:
        """A number given for visibility_timeout is told a Duration of at least 6x the
        handler's timeout, and why that many (the range alone reads as arbitrary)."""
        if handler_timeout is None:
            v.duration_range(None, "visibility_timeout", 0, high)
            return
        factor = _defaults.VISIBILITY_TIMEOUT_FACTOR
        why = (
            f"at least {factor}x the handler's {handler_timeout:g}-second timeout, so a "
            "message is not received twice while a run still works on it"
        )
        low = min(math.ceil(handler_timeout * factor), high)
        v.duration_range(None, "visibility_timeout", low, high, low_why=why)

    def _validate_existing_queue(self, v: Validator, existing: sqs.IQueue) -> None:
        for prop, given, setting in (
            ("visibility_timeout", self.visibility_timeout is not None, "visibility_timeout"),
            (
                "max_receive_count",
                self.max_receive_count != _defaults.MAX_RECEIVE_COUNT,
                "max_receive_count",
            ),
            ("max_message_size", self.max_message_size is not None, "max_message_size_bytes"),
            ("fifo_high_throughput", self.fifo_high_throughput is True, HIGH_THROUGHPUT_SETTINGS),
        ):
            v.check(
                not given,
                prop,
                "is set together with existing_queue, whose settings are its owner's",
                f"set {setting} on your queue, or let QueueWorker create the queue",
            )
        self._validate_existing_visibility(v, existing)
        check_existing_retention(v, existing)
        check_existing_retries(v, existing)
        check_single_consumer(v, existing, enabled=self.enabled)
        check_existing_environment(v, existing, "existing_queue", "queue")
        if not is_unresolved(existing.fifo):
            v.check(
                existing.fifo == self.fifo,
                "fifo",
                f"is {self.fifo}, but existing_queue is {'' if existing.fifo else 'not '}FIFO",
                f"pass fifo={existing.fifo}",
            )

    def _validate_existing_visibility(self, v: Validator, existing: sqs.IQueue) -> None:
        """A queue defined in this app shows its visibility timeout; it must cover a run."""
        timeout = self._handler_timeout(v)
        if timeout is not None:
            check_existing_visibility(v, existing, timeout)

    def _own_visibility(self, v: Validator) -> float | None:
        """The seconds the worker's own queue hides a received message (its
        ``visibility_timeout``, else 6x the handler's timeout), if known."""
        given = self.visibility_timeout
        if given is None and isinstance(self.handler, Handler):
            timeout = resolve_handler(v.scope, self.handler).timeout
            # what _queue_worker_queues sizes it from; a timeout of the wrong type is its own
            # problem (checked_arguments names it), never a visibility timeout to compare
            given = (
                _defaults.visibility_timeout_for(timeout) if isinstance(timeout, Duration) else None
            )
        if not isinstance(given, Duration) or is_unresolved(given):
            return None
        seconds = seconds_of(given)
        return seconds if seconds <= _defaults.MAX_VISIBILITY_TIMEOUT_SECONDS else None

    def _handler_timeout(self, v: Validator) -> float | None:
        """The function's timeout in seconds (FunctionDefaults applied), if known."""
        if not isinstance(self.handler, Handler):
            return None
        timeout = resolve_handler(v.scope, self.handler).timeout
        if not isinstance(timeout, Duration) or is_unresolved(timeout):
            return None
        return seconds_of(timeout)


def _check_window_for_batch(v: Validator, batch_size: int, window: int | None) -> None:
    """Lambda takes a standard queue's batches above 10 only with a batching window of 1
    second or more; a batch size that resolves at synth (``Lazy.number``) is checked then."""
    if is_unresolved(batch_size):
        v.recheck_rule(batch_size, lambda found, size: _check_window_for_batch(found, size, window))
    elif batch_size > _MAX_FIFO_BATCH_SIZE and (window is None or window < 1):
        # beside the window: a batch size of the wrong kind (10.5) is the type check's too
        v.add_relation(
            "batch_size",
            f"is {batch_size}; batches above 10 need max_batching_window of at least 1 second",
            "pass max_batching_window=Duration.seconds(1) or more, or batch_size=10 or less",
        )
