"""The size of a QueueWorker's queue policies against SQS's quota of 8,192 bytes ("Amazon SQS
policy quotas": bytes 8,192, statements 20). Each ``subscribe(topic)`` adds a statement
naming the topic's ARN and the queue's to the queue's policy and its dead-letter queue's,
and each of ``sources``' buckets one more: ``_subscription_rules`` refuses the 21st
statement, but with a long stack name (the generated names of a topic and a queue start
with it) the bytes run out first, and the deploy of the policy fails, after the topics
were created, naming no worker.

The ARNs are known only at deploy: each is estimated from what CloudFormation generates
(``arn:aws:<service>:<region>:<account>:<stack name>-<logical id>-<13 characters>``, a
queue's name at most 80 characters), so the check warns, at synth, on the policies as the
template has them (after every Aspect)."""

from __future__ import annotations

import functools
import json
from typing import Any

from aws_cdk import Annotations, Stack, Token
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_lib._jsii import jsii_ref
from constructs_lib._synth_checks import at_synth

__all__ = ["POLICY_SIZE_WARNING", "note_added_statement", "warn_of_policy_size"]

POLICY_SIZE_WARNING = "constructs_lib:queuePolicySizeEstimate"
_MAX_POLICY_BYTES = 8192
_NAME_SUFFIX = 13  # the random characters CloudFormation appends to a generated name
_MAX_QUEUE_NAME = 80
_UNKNOWN = 128  # a deploy-time value nothing here can size (an import, a parameter)
_REGION, _ACCOUNT = 14, 12  # the longest region names (ap-southeast-2), an account id

#: The queues (by kernel reference) a topic's or bucket's statement was added to: only
#: their policies can grow past the quota. A worker's other queues keep the TLS-only
#: denial alone, and are not asked of the kernel at each synth.
_GROWN: set[object] = set()


def note_added_statement(*queues: sqs.IQueue | None) -> None:
    """Records that a subscription or a bucket source added a statement to ``queues``'
    policies."""
    _GROWN.update(jsii_ref(queue) for queue in queues if queue is not None)


def warn_of_policy_size(worker: Construct, *queues: sqs.IQueue | None) -> None:
    """Warns at synth, on ``worker``, of each of ``queues`` (of the app) whose policy's
    estimated size passes SQS's quota."""
    for queue in queues:
        if isinstance(queue, sqs.Queue):
            at_synth(worker, functools.partial(_warn_if_grown, worker, queue))


def _warn_if_grown(worker: Construct, queue: sqs.Queue) -> list[str]:
    if jsii_ref(queue) not in _GROWN:
        return []
    policy = queue.node.try_find_child("Policy")
    return _warn(worker, policy) if isinstance(policy, sqs.QueuePolicy) else []


def _warn(worker: Construct, policy: sqs.QueuePolicy) -> list[str]:
    stack = Stack.of(policy)
    document = stack.resolve(policy.document.to_json())
    size = len(json.dumps(_estimated(document, stack), separators=(",", ":")))
    if size <= _MAX_POLICY_BYTES:
        return []
    count = policy.document.statement_count
    Annotations.of(worker).add_warning_v2(
        POLICY_SIZE_WARNING,
        f"the queue policy {policy.node.path} is about {size} bytes ({count} statements: "
        "the TLS-only denial, one per subscribed topic and per bucket of sources=, each "
        "naming the topic's or bucket's ARN and the queue's, estimated from the names "
        "CloudFormation generates, which start with the stack's name), over SQS's quota of "
        f"{_MAX_POLICY_BYTES} bytes for a queue policy: the deploy of the policy would fail, "
        "and SNS or S3 could not deliver to the queue. Fix: give some of the topics to "
        "another QueueWorker, or publish the topics' messages to one topic this worker "
        "subscribes to, or shorten the stack's name; if the estimate is wrong for these "
        f"names, acknowledge '{POLICY_SIZE_WARNING}'.",
    )
    return []  # a warning: the synth goes on


def _estimated(value: Any, stack: Stack) -> Any:
    """``value`` with each deploy-time value replaced by text of its estimated length."""
    if isinstance(value, list):
        return [_estimated(item, stack) for item in value]
    if not isinstance(value, dict):
        return value
    if "Fn::Join" in value and isinstance(value["Fn::Join"], list):
        separator, parts = value["Fn::Join"]
        return separator.join(str(_estimated(part, stack)) for part in parts)
    length = _token_length(value, stack)
    if length is not None:
        return "x" * length
    return {key: _estimated(item, stack) for key, item in value.items()}


def _token_length(value: dict[str, Any], stack: Stack) -> int | None:
    """The estimated length of a reference's ARN (None: not a reference)."""
    intrinsic = next(iter(value)) if len(value) == 1 else None
    if intrinsic == "Ref" and value["Ref"].startswith("AWS::"):
        return {"AWS::Region": _REGION, "AWS::AccountId": _ACCOUNT}.get(value["Ref"], 20)
    if intrinsic not in {"Ref", "Fn::GetAtt"}:
        return _UNKNOWN if intrinsic and intrinsic.startswith("Fn::") else None
    logical_id = value["Ref"] if intrinsic == "Ref" else value["Fn::GetAtt"][0]
    name = len(_known(stack.stack_name, 64)) + len(str(logical_id)) + 2 + _NAME_SUFFIX
    if intrinsic == "Fn::GetAtt":  # a queue's ARN (a topic's is its Ref)
        name = min(name, _MAX_QUEUE_NAME)
    region = len(_known(stack.region, _REGION))
    account = len(_known(stack.account, _ACCOUNT))
    return len("arn:aws:sqs:") + region + 1 + account + 1 + name


def _known(text: str, length: int) -> str:
    return "x" * length if Token.is_unresolved(text) else text
