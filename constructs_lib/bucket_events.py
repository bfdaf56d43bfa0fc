"""BucketEvents: S3 event notifications delivered into a QueueWorker's queue.

S3 sends into the queue, never straight to the function: a throttled or failing function
only leaves the notifications waiting in the queue (then the dead-letter queue), where a
direct S3 -> Lambda invocation would be retried twice and dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aws_cdk import Stack
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._agnostic_imports import warn_of_fixed_region
from constructs_lib._arguments import checked_arguments, checked_init
from constructs_lib._bucket_accounts import warn_of_bucket_account
from constructs_lib._bucket_filter_rules import filter_problems, key_filter_problems
from constructs_lib._bucket_notifications import watch_notifications
from constructs_lib._bucket_notifications_now import check_notified
from constructs_lib._bucket_overlaps import check_event_types, check_overlaps, remember
from constructs_lib._bucket_queue import QueueDestination, allow_bucket
from constructs_lib._cdk_internals import acknowledge_notifications_handler
from constructs_lib._env import check_same_stage
from constructs_lib._injected_helpers import check_notifications_handler_name
from constructs_lib._injector_errors import may_inject
from constructs_lib._jsii import described, given, implements, is_unresolved, same_jsii_object
from constructs_lib._validation import Validator

__all__ = ["BucketEvents", "check_sources", "connect_sources"]

_SQS_MANAGED_KMS_ALIAS = "alias/aws/sqs"
# SQS's limit on a queue policy's statements (Amazon SQS policy quotas, "Statements: 20"):
# https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html
_MAX_QUEUE_POLICY_STATEMENTS = 20


@checked_init
@dataclass(frozen=True)
class BucketEvents:
    """S3 event notifications of one bucket, delivered into a QueueWorker's queue.

    ``QueueWorker(..., sources=[BucketEvents(bucket, prefix="incoming/")])``: each
    message body is S3's event JSON (``Records``); read it with
    ``constructs_lib_runtime.s3_events``.

    :param bucket: the bucket whose events are sent (created in the app or imported).
    :param events: the event types. Default: ``[s3.EventType.OBJECT_CREATED]``.
    :param prefix: only keys starting with this. Default: every key.
    :param suffix: only keys ending with this. Default: every key.
    """

    bucket: s3.IBucket
    events: Sequence[s3.EventType] = _defaults.BUCKET_EVENT_TYPES
    prefix: str | None = None
    suffix: str | None = None

    @checked_arguments  # public: a stray argument names the method, not a TypeError
    def key_filters(self) -> list[s3.NotificationKeyFilter]:
        """The key filter S3 applies (none without prefix and suffix); a ConstructError
        for a prefix or suffix QueueWorker(sources=...) would refuse, with its words."""
        if self.prefix is None and self.suffix is None:
            return []
        key_filter_problems("BucketEvents.key_filters", self.prefix, self.suffix)
        return [s3.NotificationKeyFilter(prefix=self.prefix, suffix=self.suffix)]


def check_sources(
    v: Validator, sources: object, *, fifo: bool, existing_queue: sqs.IQueue | None
) -> None:
    """Adds every problem of QueueWorker's ``sources`` (and of its queue for them) to ``v``."""
    if isinstance(sources, BucketEvents):
        v.add("sources", "is a BucketEvents, not a list", "pass sources=[BucketEvents(...)]")
        return
    if not isinstance(sources, list | tuple):
        fix = "pass sources=[BucketEvents(...)]"
        v.add("sources", f"is {given(sources)}; it must be a list", fix)
        return
    if not sources:
        return
    checked = [s for i, s in enumerate(sources) if _check_source(v, s, f"sources[{i}]")]
    check_overlaps(v, checked)
    check_notified(v, checked)
    _check_statement_count(v, checked, existing_queue)
    queue_fifo = existing_queue is not None and existing_queue.fifo is True
    v.check(
        not (fifo or queue_fifo),
        "sources",
        "are given for a FIFO queue; S3 cannot send event notifications to FIFO queues",
        "use a standard queue (fifo=False) for a worker with sources; for order per key "
        "(a partner's files), link that worker to a FIFO QueueWorker "
        "(Handler(links=[ordered])) and send it each file's work with MessageGroupId=<key>",
    )
    if existing_queue is not None:
        _check_existing_queue(v, existing_queue)


def _check_statement_count(
    v: Validator, sources: Sequence[BucketEvents], existing_queue: sqs.IQueue | None
) -> None:
    """Each bucket adds a statement to the queue's policy (``_bucket_queue.allow_bucket``) to the
    ones it has: a new queue's denial of non-TLS requests, an existing one's own."""
    buckets = len({source.bucket.node.path for source in sources})
    policy = existing_queue.node.try_find_child("Policy") if existing_queue else None
    others = (
        1
        if existing_queue is None
        else policy.document.statement_count
        if isinstance(policy, sqs.QueuePolicy)
        else 0
    )
    v.check(
        buckets + others <= _MAX_QUEUE_POLICY_STATEMENTS,
        "sources",
        f"name {buckets} buckets, each a statement of the queue's policy (which has {others} "
        f"more): SQS takes at most {_MAX_QUEUE_POLICY_STATEMENTS} statements in a queue "
        "policy, so the deploy would fail",
        f"give the events of {buckets + others - _MAX_QUEUE_POLICY_STATEMENTS} of the buckets "
        "to another QueueWorker",
    )


def _check_source(v: Validator, source: object, prop: str) -> bool:
    if not isinstance(source, BucketEvents):
        v.add(prop, f"is {described(source)}, not a BucketEvents", "pass BucketEvents(bucket, ...)")
        return False
    before = v.count
    if not implements(source.bucket, s3.IBucket):
        v.add(
            f"{prop}.bucket",
            f"is {given(source.bucket)}, not an s3.IBucket",
            "pass a bucket (s3.Bucket(...) or s3.Bucket.from_bucket_name(...))",
        )
    elif _check_bucket_region(v, source.bucket, prop):
        _check_bucket_stack(v, source.bucket, prop)
        warn_of_bucket_account(v, source.bucket, prop)
    events = source.events
    if isinstance(events, s3.EventType):
        v.add(f"{prop}.events", f"is s3.{events}, not a list", f"pass events=[s3.{events}]")
    elif not v.known_at_synth(  # a list parameter: named as the list, not its first item
        events,
        f"{prop}.events",
        "S3's notifications name each event type, and the queue policy is built from them",
        "pass a list of s3.EventType members, e.g. events=[s3.EventType.OBJECT_CREATED]",
    ):
        pass
    elif not isinstance(events, list | tuple) or not events:
        v.add(
            f"{prop}.events",
            f"is {given(events)}; it must be a non-empty list of s3.EventType",
            "pass e.g. events=[s3.EventType.OBJECT_CREATED]",
        )
    else:
        types = [
            v.check_type(
                event, f"{prop}.events[{index}]", s3.EventType, "pass an s3.EventType member"
            )
            for index, event in enumerate(events)
        ]
        if all(types):
            check_event_types(v, f"{prop}.events", events)
    for name in ("prefix", "suffix"):
        _check_filter(v, getattr(source, name), f"{prop}.{name}", name)
    return v.count == before


def _check_filter(v: Validator, value: object, prop: str, name: str) -> None:
    if value is None or is_unresolved(value):  # one that resolves at synth is checked then
        v.recheck_rule(value, lambda found, text: _check_filter(found, text, prop, name))
        return
    for message, fix in filter_problems(value, name):
        v.add(prop, message, fix)


def _check_existing_queue(v: Validator, queue: sqs.IQueue) -> None:
    fix = (
        "leave existing_queue out (QueueWorker creates the queue), or define the queue in "
        "this app (sqs.Queue) "
        "with SQS-managed encryption or a kms.Key of this app"
    )
    if not isinstance(queue, sqs.Queue):
        v.add(
            "existing_queue",
            "is an imported queue, whose policy QueueWorker cannot change to let the "
            "buckets of sources send to it",
            f"{fix}; or allow s3.amazonaws.com sqs:SendMessage (aws:SourceArn of the bucket, "
            "aws:SourceAccount) in the queue's own policy and call "
            "bucket.add_event_notification where the queue is defined",
        )
        return
    key = queue.encryption_master_key
    resource = queue.node.default_child
    aws_managed = getattr(resource, "kms_master_key_id", None) == _SQS_MANAGED_KMS_ALIAS
    v.check(
        not aws_managed and (key is None or isinstance(key, kms.Key)),
        "existing_queue",
        "is encrypted with a KMS key whose key policy QueueWorker cannot change "
        f"({_SQS_MANAGED_KMS_ALIAS} or an imported key); S3 could not send to it",
        fix,
    )


def _check_bucket_region(v: Validator, bucket: s3.IBucket, prop: str) -> bool:
    """The bucket is in the worker's region (when both are known): S3 sends event
    notifications only to a queue of the bucket's own region. Whether it is."""
    region, here = bucket.env.region, Stack.of(v.scope).region
    warn_of_fixed_region(v.scope, bucket, f"{prop}.bucket")  # an environment-agnostic stack
    return (
        is_unresolved(region)
        or is_unresolved(here)
        or v.check(
            region == here,
            f"{prop}.bucket",
            f"is in region {region}, the worker's queue in {here}: S3 sends event "
            "notifications only to a queue of the bucket's own region, so the deploy would fail",
            f"create the QueueWorker in a stack of region {region} (the bucket's)",
        )
    )


def _check_bucket_stack(v: Validator, bucket: s3.IBucket, prop: str) -> None:
    """A bucket defined in another stack than the worker: its notification configuration
    (in the bucket's stack) names the queue, and the queue's policy names the bucket, so
    each stack would depend on the other (a cycle CloudFormation cannot deploy)."""
    if not isinstance(bucket, s3.Bucket):  # imported: its notifications go where it is used
        return
    worker, owner = Stack.of(v.scope), Stack.of(bucket)
    if same_jsii_object(worker, owner) or not check_same_stage(v, bucket, f"{prop}.bucket"):
        return  # of another app or stage: named as such, not as a cycle of two stacks
    v.add(
        f"{prop}.bucket",
        f"is defined in the stack {owner.node.path}, the worker in {worker.node.path}: the "
        "bucket's notifications would name the queue and the queue's policy the bucket, so "
        "each stack would depend on the other",
        "create the QueueWorker in the bucket's stack, or import the bucket into the "
        "worker's stack (s3.Bucket.from_bucket_name(self, 'Uploads', bucket_name))",
    )


def connect_sources(
    queue: sqs.IQueue, sources: Sequence[BucketEvents], *, worker: Construct
) -> None:
    """Lets each bucket of ``sources`` send to ``queue`` (and only it, from its account)
    and configures its notifications into the queue, for the QueueWorker ``worker``."""
    if not sources:
        return
    assert isinstance(queue, sqs.Queue)  # checked by check_sources
    buckets: dict[str, s3.IBucket] = {}
    for source in sources:
        if source.bucket.node.path not in buckets:
            buckets[source.bucket.node.path] = source.bucket
            allow_bucket(queue, source.bucket)
        for event in source.events:
            source.bucket.add_event_notification(
                event, QueueDestination(queue), *source.key_filters()
            )
    for bucket in buckets.values():
        acknowledge_notifications_handler(Stack.of(bucket))
        if may_inject(worker):  # a name an injector gave aws-cdk-lib's handler's role
            check_notifications_handler_name(Stack.of(bucket))
    remember(worker.node.path, sources)
    watch_notifications(worker, sources)
