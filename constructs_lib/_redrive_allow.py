"""A dead-letter queue's redrive allow policy, which says which source queues may name it
in their redrive policy: ``denyAll`` none, ``byQueue`` those listed. SQS refuses the
source queue's redrive policy otherwise, so the deploy of the queue fails (and a queue
imported elsewhere fails at its owner's next update). Read on a dead-letter queue of the
app (an imported one shows no policy): its ``sourceQueueArns`` are compared as the
template will show them, a list item the library cannot read (a parameter, an import
value) taken as maybe this queue."""

from __future__ import annotations

import json

from aws_cdk import Stack
from aws_cdk import aws_sqs as sqs

from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator

__all__ = ["check_redrive_allowed"]

_ALLOW_ALL = (
    "drop the dead-letter queue's redrive_allow_policy, or pass redrive_permission="
    "sqs.RedrivePermission.ALLOW_ALL (SQS's default: every queue of its account)"
)


def check_redrive_allowed(
    v: Validator,
    prop: str,
    dead_letter_queue: sqs.IQueue,
    queue: sqs.IQueue,
    *,
    where: str,
    source: str,
) -> None:
    """Adds a problem on ``prop`` when ``dead_letter_queue``'s redrive allow policy does
    not let ``queue`` redrive into it; ``where`` says how the pair was given, ``source``
    names ``queue``."""
    if not isinstance(dead_letter_queue, sqs.Queue):
        return
    cfn = dead_letter_queue.node.default_child
    policy = cfn.redrive_allow_policy if isinstance(cfn, sqs.CfnQueue) else None
    if not isinstance(policy, dict):
        return  # none (SQS allows every queue of the account) or a token: unknown
    permission = policy.get("redrivePermission")
    name = dead_letter_queue.node.path
    fix = _fix(queue)
    if permission == "denyAll":
        v.add(
            prop,
            f"{where} the dead-letter queue {name}, whose redrive_allow_policy is DENY_ALL: "
            "SQS lets no queue name it in a redrive policy, so the deploy of the queue fails",
            fix,
        )
    elif permission == "byQueue" and not _listed(dead_letter_queue, policy, queue):
        v.add(
            prop,
            f"{where} the dead-letter queue {name}, whose redrive_allow_policy (BY_QUEUE) "
            f"does not list {source}: SQS refuses a redrive policy naming it from a queue "
            "it does not list, so the deploy of the queue fails",
            fix,
        )


def _listed(dead_letter_queue: sqs.Queue, policy: dict[str, object], queue: sqs.IQueue) -> bool:
    """Whether ``queue`` is (or may be) among the policy's ``sourceQueueArns``."""
    sources = policy.get("sourceQueueArns")
    if not isinstance(sources, list):
        return True  # a token: unknown
    stack = Stack.of(dead_letter_queue)
    mine = _template_text(stack, queue.queue_arn)
    for source in sources:
        text = _template_text(stack, source)
        if text is None or text == mine:
            return True
    return False


def _template_text(stack: Stack, arn: object) -> str | None:
    """An ARN as the template shows it (a literal, or a queue of the app's ``Fn::GetAtt``),
    or None when it is a value the library cannot match (a parameter, an import)."""
    if not is_unresolved(arn):
        return arn if isinstance(arn, str) else None
    resolved = stack.resolve(arn)
    if isinstance(resolved, dict) and set(resolved) == {"Fn::GetAtt"}:
        return json.dumps(resolved, sort_keys=True)
    return None


def _fix(queue: sqs.IQueue) -> str:
    """A queue imported by its ARN can be listed; one of the app cannot: its ARN is the
    queue's attribute, and the two queues would each depend on the other (a cycle)."""
    arn = queue.queue_arn
    if isinstance(arn, str) and not is_unresolved(arn):
        return (
            "list the queue in the dead-letter queue's redrive_allow_policy (sqs."
            "RedriveAllowPolicy(redrive_permission=sqs.RedrivePermission.BY_QUEUE, "
            f"source_queues=[..., sqs.Queue.from_queue_arn(self, 'Source', {arn!r})])), or "
            + _ALLOW_ALL[0].lower()
            + _ALLOW_ALL[1:]
        )
    return (
        f"{_ALLOW_ALL}; a BY_QUEUE list naming {queue.node.path} would make each queue "
        "depend on the other, a cycle CloudFormation refuses"
    )
