"""Props holding a resource another stack of the app creates, which the construct's stack
then refers to: a ServerlessApi's ``existing_table`` (its grants name the table's ARN),
its Cognito pool, certificate and hosted zone, a QueueWorker's ``existing_queue`` (the
event source mapping), queue keys (the queue names the key's ARN), a ``network``'s VPC
(the functions wait for its subnets' routes), a StreamWorker's
``existing_dead_letter_queue`` and ``failed_batches_bucket`` (its mapping's on-failure
destination, the function's grants) and a QueueWorker's (only read by its alarm and graph:
checked when one is made, see QueueWorker). EventHandler and ScheduledJob take no
dead-letter queue of their own. When that stack depends on the construct's already (a link
or an ``add_dependency`` back), aws-cdk-lib found the cycle only at synth, as a jsii
``DependencyCycle`` trace naming no prop (cycles46). Here it is a ConstructError naming
the prop and the way back; the reference is noted, so that a link made later that closes
the ring is one too. A StreamWorker's ``table``, an EventHandler's ``event_bus``,
StaticSite's ``api`` and ``existing_bucket``, BucketEvents' buckets and alarm topics have
checks of their own."""

from __future__ import annotations

from constructs_lib._trigger_cycles import check_source_without_cycle, record_source
from constructs_lib._validation import Validator

__all__ = ["check_referenced_prop", "check_referenced_props"]

#: (the prop, the attribute of its value holding the resource or "", what it is).
_REFERENCED = (
    ("existing_table", "", "table"),
    ("existing_queue", "", "queue"),
    ("encryption_key", "", "KMS key"),
    ("dead_letter_queue_key", "", "KMS key"),
    ("auth", "user_pool", "user pool"),
    ("domain", "certificate", "certificate"),
    ("domain", "hosted_zone", "hosted zone"),
    # a Network of another stack, or over its VPC: the functions depend on its subnets
    ("network", "vpc", "VPC"),
)


def check_referenced_props(v: Validator, props: object) -> None:
    """Adds a problem for each of ``props``' resources in a stack depending on the
    construct's already; notes the reference of each other one."""
    for field, attribute, kind in _REFERENCED:
        resource = getattr(props, field, None)
        prop = field
        if attribute:
            resource, prop = getattr(resource, attribute, None), f"{field}.{attribute}"
        check_referenced_prop(v, resource, prop, kind)


def check_referenced_prop(v: Validator, resource: object, prop: str, kind: str) -> None:
    """Adds a problem when ``resource`` (a ``kind`` given as ``prop``, which ``v``'s
    construct refers to) is in a stack depending on the construct's already; notes the
    reference otherwise. Also a StreamWorker's ``existing_dead_letter_queue`` (its
    mapping's on-failure destination), a QueueWorker's once an alarm or a graph watches it."""
    construct = type(v.scope).__name__
    if check_source_without_cycle(v, resource, prop, kind, construct, "using it"):
        record_source(v.scope, resource, f"refers ({prop}) to", prop)
