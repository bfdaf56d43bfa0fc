"""A QueueWorker's queue that deletes a failing message before its last receive is over: the
message never reaches the dead-letter queue, and no alarm tells of it.

SQS counts a message's retention from when it was sent (also across receives), and moves
it to the dead-letter queue only when it is received once more after ``max_receive_count``
receives. Each receive hides it for the visibility timeout, counted from the receive (a
batching window is spent inside it; Lambda does not show a failed message again sooner),
and a delay queue hides it before the first: a message that fails every time can move
only ``delay + max_receive_count x visibility timeout`` after it was sent. A queue keeping
messages no longer than that deletes every such message first: a ConstructError.

A retention only a little longer loses the message when it also waits in a backlog (a
throttled or paused function) before its receives: a warning when that wait is shorter than
what the oldest-message alarm waits for (15 minutes), so the message could be gone before
any alarm fires. The worker's own queue keeps SQS's default, 4 days; an ``existing_queue``
of the app shows its own settings and redrive policy; an imported queue, or a setting known
only at deploy, is its owner's to size."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypeGuard

from aws_cdk import Annotations
from aws_cdk import aws_sqs as sqs
from constructs import IConstruct

from constructs_lib import _defaults
from constructs_lib._dead_letter_retention import SQS_DEFAULT_RETENTION_SECONDS
from constructs_lib._facts import node_of, path_of
from constructs_lib._identity_map import IdentityMap, IdentitySet
from constructs_lib._jsii import is_unresolved
from constructs_lib._retention_fixes import longest_visibility, shortest_retention
from constructs_lib._synth_checks import changed_after, is_number, template_properties
from constructs_lib._validation import Validator

__all__ = [
    "GIVEN_AS_TOKENS",
    "RETENTION_NEAR_RETRIES_WARNING",
    "check_existing_retries",
    "check_own_retries",
    "may_outlast_retention",
    "retries_at_synth",
]

RETENTION_NEAR_RETRIES_WARNING = "constructs_lib:retentionNearRetries"
_MAX_RECEIVE_COUNT = 1000  # SQS's redrive policy's range is 1..1000
#: The ``existing_queue``s whose retention, visibility timeout, delay or receive count was
#: a token when the worker was built: :func:`retries_at_synth` names it as the cause.
GIVEN_AS_TOKENS = IdentitySet()
#: The settings each worker's queue was checked with when built, by worker: the same ones at
#: synth were warned of then; others (an Aspect's) are warned of at synth.
_BUILT: IdentityMap[_Retries] = IdentityMap()


@dataclass(frozen=True)
class _Retries:
    """A queue's settings that decide whether a failing message outlives its receives."""

    retention: float
    visibility: float
    receives: int
    delay: float = 0

    @property
    def span(self) -> float:
        """Seconds from the send until a message failing every time can move on."""
        return self.delay + self.receives * self.visibility

    @property
    def fewest(self) -> int:
        """The largest max_receive_count that leaves the oldest-message alarm's wait spare
        (0: none does)."""
        spare = self.retention - self.delay - _defaults.QUEUE_OLDEST_MESSAGE_SECONDS
        return max(math.floor(spare / self.visibility), 0)

    def how(self) -> str:
        delay = f" after a delay of {_n(self.delay)} seconds" if self.delay else ""
        return (
            f"a message that fails every time is received {self.receives} times{delay}, each "
            f"receive hiding it for the visibility timeout of {_n(self.visibility)} seconds, "
            f"so it can move to the dead-letter queue only {_n(self.span)} seconds after it "
            "was sent"
        )


def may_outlast_retention(max_receive_count: object) -> bool:
    """Whether ``max_receive_count`` receives of the longest visibility timeout SQS takes
    (12 hours) could come near the worker's own queue's retention (SQS's default, 4 days):
    the default count and any up to 7 cannot, and need no timeout read (each read is a
    call into the jsii kernel)."""
    if not _known(max_receive_count):
        return False
    longest = max_receive_count * _defaults.MAX_VISIBILITY_TIMEOUT_SECONDS
    return bool(longest + _defaults.QUEUE_OLDEST_MESSAGE_SECONDS > SQS_DEFAULT_RETENTION_SECONDS)


def check_own_retries(v: Validator, max_receive_count: object, visibility: float | None) -> None:
    """The worker's own queue (SQS's default retention) against ``max_receive_count``
    receives of ``visibility`` seconds (None: unknown until deploy)."""
    if visibility is None or not visibility > 0 or not _known(max_receive_count):
        return
    receives = int(max_receive_count)
    if not 1 <= receives <= _MAX_RECEIVE_COUNT:
        return  # out of SQS's range: that is the problem told
    retries = _Retries(SQS_DEFAULT_RETENTION_SECONDS, visibility, receives)
    _BUILT.set(v.scope, retries)
    kept = (
        f"the worker's queue keeps a message {_n(retries.retention)} seconds (SQS's default, "
        "4 days)"
    )
    shorter = _shorter_visibility(retries)
    fix = (
        f"pass max_receive_count={retries.fewest} or less, or "
        f"{f'visibility_timeout={shorter} or less' if shorter else 'a shorter visibility_timeout'}"
        " (6x the handler's timeout at least)"
    )
    _check(v, "max_receive_count", retries, f"is {max_receive_count}: {retries.how()}", kept, fix)


def check_existing_retries(v: Validator, existing: sqs.IQueue) -> None:
    """An ``existing_queue`` of the app whose settings and redrive policy show."""
    queue = existing.node.default_child
    if not isinstance(queue, sqs.CfnQueue):
        return  # imported: its settings are its owner's
    receive_setting = _receive_setting(existing, queue)
    receives = int(receive_setting) if _known(receive_setting) else None
    retention = queue.message_retention_period
    visibility = queue.visibility_timeout
    delay = queue.delay_seconds
    if retention is None:
        retention = SQS_DEFAULT_RETENTION_SECONDS
    if visibility is None:
        visibility = _defaults.SQS_DEFAULT_VISIBILITY_TIMEOUT_SECONDS
    if delay is None:
        delay = 0
    settings = (retention, visibility, delay, receive_setting)
    if any(is_number(each) and is_unresolved(each) for each in settings):
        GIVEN_AS_TOKENS.add(existing)  # a Lazy one is read on the template at synth
    if receives is None or not (_known(retention) and _known(visibility) and _known(delay)):
        return  # no redrive policy (nothing moves), or a deploy-time value
    retries = _Retries(float(retention), float(visibility), receives, float(delay))
    _BUILT.set(v.scope, retries)
    if retries.retention <= retries.visibility:
        return  # _existing_queue_retention refuses it: no receive at all is retried
    default = " (SQS's default: it sets none)" if queue.message_retention_period is None else ""
    _check(
        v,
        "existing_queue",
        retries,
        f"is the queue {existing.node.path}, whose redrive policy moves a message after "
        f"{receives} receives: {retries.how()}",
        f"the queue keeps a message {_n(retries.retention)} seconds{default}",
        _existing_fix(retries),
    )


def _existing_fix(retries: _Retries) -> str:
    """What makes an ``existing_queue``'s retention outlast its receives with the
    oldest-message alarm's wait to spare: each way, computed from its settings."""
    fixes = []
    longer = shortest_retention(retries.span + _defaults.QUEUE_OLDEST_MESSAGE_SECONDS)
    if longer:
        fixes.append(f"set the queue's retention_period to {longer} or more")
    if retries.fewest:
        fixes.append(f"set its redrive policy's max_receive_count to {retries.fewest} or less")
    shorter = _shorter_visibility(retries)
    visibility = f"to {shorter} or less" if shorter else "shorter"
    fixes.append(f"set its visibility_timeout {visibility} (6x the handler's timeout at least)")
    return ", or ".join(fixes)


def _shorter_visibility(retries: _Retries) -> str | None:
    """The longest visibility timeout whose receives leave the alarm's wait spare."""
    room = retries.retention - retries.delay - _defaults.QUEUE_OLDEST_MESSAGE_SECONDS
    return longest_visibility(room, retries.receives)


def _check(v: Validator, prop: str, retries: _Retries, what: str, kept: str, fix: str) -> None:
    """A ConstructError when the retention ends before the receives do; a warning when it
    leaves less spare time than the oldest-message alarm waits for."""
    if retries.retention <= retries.span:
        v.add(
            prop,
            f"{what}, but {kept}: SQS deletes it first, so it never reaches the dead-letter "
            "queue, and no alarm tells of it",
            fix,
        )
        return
    _warn_if_near(v.scope, prop, retries, what, kept, fix)


def _warn_if_near(
    scope: IConstruct, prop: str, retries: _Retries, what: str, kept: str, fix: str, cause: str = ""
) -> None:
    """The warning on ``scope`` when the retention leaves less spare time than the
    oldest-message alarm waits for; ``cause``: how the values came to be (at synth)."""
    spare, alarm = retries.retention - retries.span, _defaults.QUEUE_OLDEST_MESSAGE_SECONDS
    if spare >= alarm:
        return
    Annotations.of(scope).add_warning_v2(
        RETENTION_NEAR_RETRIES_WARNING,
        f"`{prop}` {what}, and {kept}, only {_n(spare)} seconds more: a failing message that "
        "also waits that long in a backlog (a throttled or paused function) is deleted "
        "before it reaches the dead-letter queue, sooner than the oldest-message alarm "
        f"fires ({alarm // 60} minutes), so no alarm tells of it. {cause}Fix: {fix}; if the "
        f"queue never has a backlog, acknowledge '{RETENTION_NEAR_RETRIES_WARNING}'.",
    )


def retries_at_synth(
    worker: IConstruct, queue: sqs.CfnQueue, *, token: bool = False, existing: bool = False
) -> list[str]:
    """The ``worker``'s queue (its own, or an ``existing_queue`` of the app: ``existing``)
    as the template has it, after every Aspect: a platform's retention for every queue
    (``Duration.hours(1)``) or a longer visibility timeout passed the worker's checks when
    it was built, and so did a setting given as a token resolving at synth (``token``: the
    queue had one, so the worker could not warn when built that little time is spare).
    Either warns now when little time is spare (settings as built were warned of then)."""
    properties = template_properties(queue)
    redrive = properties.get("redrivePolicy")
    receives = redrive.get("maxReceiveCount") if isinstance(redrive, dict) else None
    retention = properties.get("messageRetentionPeriod", SQS_DEFAULT_RETENTION_SECONDS)
    visibility = properties.get(
        "visibilityTimeout", _defaults.SQS_DEFAULT_VISIBILITY_TIMEOUT_SECONDS
    )
    delay = properties.get("delaySeconds", 0)
    if not (
        is_number(receives) and is_number(retention) and is_number(visibility) and is_number(delay)
    ):
        return []  # no redrive policy, or a deploy-time value
    retries = _Retries(retention, visibility, int(receives), delay)
    if token and retention <= visibility:
        return []  # no receive is retried, which its own re-check tells
    if retries.retention > retries.span:
        near = retries.retention - retries.span < _defaults.QUEUE_OLDEST_MESSAGE_SECONDS
        if near and (token or retries != _BUILT.get(worker)):  # else warned of when built
            _warn_near_at_synth(worker, queue, retries, token=token, existing=existing)
        return []
    fewer = f"its maxReceiveCount at most {retries.fewest}, " if retries.fewest else ""
    how = (
        "change what produces the token, or leave the worker's queue out of what changed it: "
        if token
        else "leave the worker's queue out of what changed it, or "
    )
    return [
        f"`MessageRetentionPeriod` is {_n(retries.retention)} seconds in the template (the "
        f"queue {queue.node.path}), whose RedrivePolicy moves a message after "
        f"{retries.receives} receives: {retries.how()}, so SQS deletes it first: it never "
        "reaches the dead-letter queue, and no alarm tells of it. "
        f"{changed_after('QueueWorker', 'CfnQueue', token=token)}. Fix: {how}"
        f"keep its MessageRetentionPeriod above {_n(retries.span)} seconds (or {fewer}its "
        "VisibilityTimeout shorter)"
    ]


def _warn_near_at_synth(
    worker: IConstruct, queue: sqs.CfnQueue, retries: _Retries, *, token: bool, existing: bool
) -> None:
    """The warning the worker gives literal settings when built, for settings read on the
    template (given as tokens, or changed after the worker was built)."""
    owner = node_of(queue).scope  # the sqs.Queue whose L1 this is
    fix = (
        f"change what produces the token, or {_existing_fix(retries)}"
        if token
        else "leave the worker's queue out of what changed it, or keep its retention above "
        f"{_n(retries.span + _defaults.QUEUE_OLDEST_MESSAGE_SECONDS)} seconds"
    )
    _warn_if_near(
        worker,
        "existing_queue" if existing else "queue",
        retries,
        f"is the queue {path_of(owner) if owner else node_of(queue).path}, whose redrive "
        f"policy moves a message after {retries.receives} receives (read at synth): "
        f"{retries.how()}",
        f"the queue keeps a message {_n(retries.retention)} seconds",
        fix,
        f"{changed_after('QueueWorker', 'CfnQueue', token=token)}. ",
    )


def _receive_setting(existing: sqs.IQueue, queue: sqs.CfnQueue) -> object:
    """The redrive policy's max_receive_count as given (a token too), None without one."""
    redrive = existing.dead_letter_queue if isinstance(existing, sqs.Queue) else None
    if isinstance(redrive, sqs.DeadLetterQueue):
        return redrive.max_receive_count
    policy = queue.redrive_policy
    return policy.get("maxReceiveCount") if isinstance(policy, dict) else None


def _n(seconds: float) -> str:
    """Seconds as a message shows them: 1296000, not 1.296e+06."""
    return f"{seconds:.0f}" if float(seconds).is_integer() else f"{seconds:g}"


def _known(value: object) -> TypeGuard[int | float]:
    """A number known at synth (not a deploy-time one, not None)."""
    return is_number(value) and not is_unresolved(value)
