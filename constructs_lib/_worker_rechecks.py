"""A QueueWorker's concurrency and dead-letter retention, checked again at synth
(``_synth_checks``): the worker checks its props when built, but a platform's Aspect
changes the resources afterwards, in silence. Reserved concurrency set on every function
(the NIST 800-53 pack's ``LambdaConcurrency``) below what the event source invokes at
once throttles batches into the dead-letter queue without running them; a dead-letter
queue's retention cut below the queue's (the worker's own pair, or an ``existing_queue``
and its dead-letter queue of the app) deletes every message that moves there late; an
event source without ``ReportBatchItemFailures`` deletes the messages the function reports
failed; a queue's retention cut below its receives deletes a failing message before it can
reach the dead-letter queue (``_receive_retention``)."""

from __future__ import annotations

import functools

from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_lib._core.sizes_recheck import HANDLER_TOKEN, token_or_changed
from constructs_lib._dead_letter_retention import queue_retention
from constructs_lib._facts import resource_of
from constructs_lib._jsii import is_unresolved
from constructs_lib._queue_consumers import (
    EVENT_SOURCE_MAX_CONCURRENCY,
    SWITCHED_OFF_WARNING,
    THROTTLED,
)
from constructs_lib._queue_policy_size import warn_of_policy_size
from constructs_lib._receive_retention import GIVEN_AS_TOKENS, retries_at_synth
from constructs_lib._switched_off import mapping_paused, warn_if_switched_off_at_synth
from constructs_lib._synth_checks import (
    at_synth,
    changed_after,
    expect_properties,
    is_number,
    template_properties,
)
from constructs_lib._tag_rules import check_resource_tags_at_synth

__all__ = ["recheck_worker_at_synth"]

_PARTIAL_FAILURES = "ReportBatchItemFailures"


def recheck_worker_at_synth(
    worker: Construct,
    function: lambda_.Function,
    mapping: lambda_.EventSourceMapping,
    dead_letter_queue: sqs.Queue | None,
    queue: sqs.IQueue,
    *,
    reserved: object,
) -> None:
    """Checks at synth that ``function``'s reserved concurrency covers what ``mapping``
    invokes at once (0 while ``mapping`` is enabled warns, as a Handler built with it,
    ``reserved``, did), that ``mapping`` still reports batch item failures, and that the
    worker's own ``dead_letter_queue`` (or an ``existing_queue``'s of the app, both given
    literal retentions) keeps a message at least as long as its (standard) ``queue`` does.
    A ``reserved`` token (``Lazy.number``) is told as the token it is."""
    cfn_function = resource_of(function)
    cfn_mapping = resource_of(mapping)
    if isinstance(cfn_function, lambda_.CfnFunction) and isinstance(
        cfn_mapping, lambda_.CfnEventSourceMapping
    ):
        expect_properties(cfn_mapping)  # read with the stack's others (_synth_phase)
        # bound now, by argument: a closure would read each name when the check runs
        at_synth(
            worker,
            functools.partial(
                _mapping_problems, cfn_function, cfn_mapping, token=is_unresolved(reserved)
            ),
        )
        warn_if_switched_off_at_synth(
            worker,
            function,
            reserved,
            SWITCHED_OFF_WARNING,
            "QueueWorker",
            paused=lambda: mapping_paused(mapping),
        )
    cfn_dead_letter = resource_of(dead_letter_queue) if dead_letter_queue else None
    redrive_target: sqs.IQueue | None = dead_letter_queue
    if redrive_target is None and isinstance(queue, sqs.Queue):  # an existing_queue's own
        redrive = queue.dead_letter_queue
        redrive_target = redrive.queue if redrive else None
    warn_of_policy_size(worker, queue, redrive_target)
    cfn_queue = resource_of(queue)  # asked once: the visibility check read it
    if isinstance(cfn_queue, sqs.CfnQueue):
        lazy = queue in GIVEN_AS_TOKENS  # an existing_queue given a Lazy setting
        expect_properties(cfn_queue)
        existing = dead_letter_queue is None  # the worker makes one for its own queue
        recheck = functools.partial(
            retries_at_synth, worker, cfn_queue, token=lazy, existing=existing
        )
        at_synth(worker, recheck)
    if dead_letter_queue is None and isinstance(cfn_queue, sqs.CfnQueue):
        cfn_dead_letter = _literal_dead_letter_queue(cfn_queue, redrive_target)
    if isinstance(cfn_dead_letter, sqs.CfnQueue) and isinstance(cfn_queue, sqs.CfnQueue):
        at_synth(worker, functools.partial(_retention_problems, cfn_queue, cfn_dead_letter))
    # their properties are read by the checks above: telling their tags costs no round trip
    beside = cfn_function if isinstance(cfn_function, lambda_.CfnFunction) else None
    check_resource_tags_at_synth(worker, queue, "queue", beside=beside)
    if dead_letter_queue is not None:
        check_resource_tags_at_synth(worker, dead_letter_queue, "dead-letter queue", beside=beside)


def _literal_dead_letter_queue(
    queue: sqs.CfnQueue, dead_letter_queue: sqs.IQueue | None
) -> sqs.CfnQueue | None:
    """An ``existing_queue``'s dead-letter queue of the app, when both retentions were
    literal when the worker was built (its rule passed them then; a token's is re-checked by
    that rule itself, ``_existing_queue_retention``): None otherwise (imported: its owner's)."""
    resource = resource_of(dead_letter_queue) if dead_letter_queue is not None else None
    if not isinstance(resource, sqs.CfnQueue):
        return None
    given = (queue.message_retention_period, resource.message_retention_period)
    return None if any(is_unresolved(each) for each in given) else resource


def _mapping_problems(
    function: lambda_.CfnFunction, mapping: lambda_.CfnEventSourceMapping, *, token: bool
) -> list[str]:
    return [
        *_concurrency_problems(function, mapping, token=token),
        *_partial_failures_problems(mapping),
    ]


def _concurrency_problems(
    function: lambda_.CfnFunction, mapping: lambda_.CfnEventSourceMapping, *, token: bool
) -> list[str]:
    """``token``: the Handler was built with a token (its value came from there, not from
    what changed the function afterwards)."""
    reserved = template_properties(function).get("reservedConcurrentExecutions")
    if is_number(reserved) and reserved < 0:  # never deployable: said apart from a throttle
        return [
            f"`reserved_concurrency` is {reserved:g} in the template (the function "
            f"{function.node.path}): Lambda reserves 0 or more concurrent executions, and "
            "CloudFormation refuses a negative number at deploy. "
            + (
                f"{token_or_changed(HANDLER_TOKEN)}. Fix: change what produces the token to "
                "at least the worker's max_concurrency (1000 without one)"
                if token
                else f"{changed_after('QueueWorker', 'CfnFunction')}. Fix: leave the worker's "
                "function out of what changed it, or have it set a reservation of at least "
                "the worker's max_concurrency (1000 without one)"
            )
            + ", or None for no reservation"
        ]
    settings = template_properties(mapping)
    # 0 (switched off) warns (warn_if_switched_off_at_synth); a paused mapping reads none
    if not is_number(reserved) or reserved < 1 or settings.get("enabled") is False:
        return []
    scaling = settings.get("scalingConfig")
    maximum = scaling.get("maximumConcurrency") if isinstance(scaling, dict) else None
    if maximum is None:
        if reserved >= EVENT_SOURCE_MAX_CONCURRENCY:
            return []
        invokes = (
            f"its event source (the mapping {mapping.node.path}) has no MaximumConcurrency "
            f"and invokes up to {EVENT_SOURCE_MAX_CONCURRENCY} batches at once"
        )
    elif not is_number(maximum) or reserved >= maximum:
        return []
    else:
        invokes = (
            f"its event source (the mapping {mapping.node.path}) invokes up to {maximum:g} "
            "batches at once (MaximumConcurrency)"
        )
    problem = (
        f"`reserved_concurrency` is {reserved:g} in the template (the function "
        f"{function.node.path}), but {invokes}: {THROTTLED}. "
    )
    if token:
        return [
            f"{problem}{token_or_changed(HANDLER_TOKEN)}. Fix: change what produces the "
            f"token to at least {maximum or EVENT_SOURCE_MAX_CONCURRENCY:g}, or set "
            "QueueWorker(max_concurrency=...) to at most what it produces (2 at least)"
        ]
    return [
        f"{problem}"
        f"{changed_after('QueueWorker', 'CfnFunction', 'CfnEventSourceMapping')}. Fix: set "
        "both when building the worker, Handler(reserved_concurrency=...) and "
        "QueueWorker(max_concurrency=...) at most that, or leave the worker's function out "
        "of what changed it, or have it set the mapping's scaling_config "
        f"(maximum_concurrency, 2 at least) to at most {reserved:g} too"
    ]


def _partial_failures_problems(mapping: lambda_.CfnEventSourceMapping) -> list[str]:
    types = template_properties(mapping).get("functionResponseTypes")
    if isinstance(types, list) and _PARTIAL_FAILURES in types:
        return []
    if types is not None and not isinstance(types, list):
        return []  # a deploy-time value
    return [
        f"`FunctionResponseTypes` of the event source (the mapping {mapping.node.path}) is "
        f"{'not set' if types is None else types} in the template, without "
        f"{_PARTIAL_FAILURES}: the function answers a batch with the messages that failed "
        "(process_batch's batchItemFailures), which Lambda then ignores, so it deletes "
        "every message of a batch that returned, the failed ones too, never retried nor "
        f"dead-lettered. {changed_after('QueueWorker', 'CfnEventSourceMapping')}. Fix: leave "
        f"the worker's event source out of what changed it, or keep {_PARTIAL_FAILURES} in "
        "its function_response_types"
    ]


def _retention_problems(queue: sqs.CfnQueue, dead_letter_queue: sqs.CfnQueue) -> list[str]:
    kept = queue_retention(queue)
    if kept is None or template_properties(queue).get("fifoQueue") is True:
        return []  # a FIFO queue's message starts its retention again in the dead-letter queue
    dead_letter_kept = queue_retention(dead_letter_queue)
    if dead_letter_kept is None or dead_letter_kept >= kept:
        return []
    return [
        f"`message_retention_period` is {dead_letter_kept:g} seconds in the template (the "
        f"dead-letter queue {dead_letter_queue.node.path}), shorter than the queue's "
        f"({kept:g} seconds, {queue.node.path}): SQS counts a standard queue's message's "
        "retention from when it was first sent, so a message that reaches the dead-letter "
        f"queue after {dead_letter_kept:g} seconds in the queue is deleted on arrival, never "
        f"seen nor redriven. {changed_after('QueueWorker', 'CfnQueue')}. Fix: leave the "
        "dead-letter queue's retention (14 days, SQS's longest) out of what changed it, or "
        "keep it at least the queue's"
    ]
