"""Whether ``worker.subscribe(topic)`` can reach ``topic`` from the worker's stack: a topic
of another app or stage, an import from another service's ARN, and a topic
created in a stack of another environment or in the parent of the worker's nested stack
failed the synth with a jsii trace (NoCrossStageDependency, CannotUseCrossEnvironment,
CannotDependOnParent) or a deploy that failed, naming
neither the worker nor ``topic``. An imported topic of another region or account is
subscribed as before: SNS delivers across both."""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs

from constructs_lib._arns import check_imported_arn
from constructs_lib._env import check_same_stage, other_environment
from constructs_lib._jsii import is_unresolved, same_jsii_object
from constructs_lib._validation import Validator

__all__ = ["check_topic_reach"]

_PROP = "topic"
_EFFECT = "the subscription would name no topic, and SNS would refuse it at deploy"


def check_topic_reach(v: Validator, queue: sqs.IQueue, topic: sns.ITopic) -> bool:
    """Adds a problem when the worker's stack cannot refer to ``topic``; whether it can."""
    if not check_same_stage(v, topic, _PROP):
        return False
    arn = topic.topic_arn
    if isinstance(arn, str) and not is_unresolved(arn):  # an import (aws-cdk-lib parsed it)
        return check_imported_arn(v, topic, _PROP, "topic", _EFFECT)
    return _check_environment(v, queue, topic) and _check_not_parent(v, queue, topic)


def _check_environment(v: Validator, queue: sqs.IQueue, topic: sns.ITopic) -> bool:
    """A topic another stack of the app creates in another region or account (or in an
    environment-agnostic stack, for a worker's stack with one): aws-cdk-lib generates its
    name at deploy, which the worker's stack cannot read."""
    try:
        Stack.of(queue).resolve(topic.topic_arn)
    except RuntimeError as error:
        if "CannotUseCrossEnvironment" not in str(error):
            raise
    else:
        return True
    elsewhere = other_environment(v.scope, topic) or "another environment"
    v.add(
        _PROP,
        f"is {topic.node.path}, created in {elsewhere}: its name is generated at deploy, "
        "and a stack of another region or account cannot read it",
        "give the topic a name (sns.Topic(..., topic_name=PhysicalName.GENERATE_IF_NEEDED)), "
        "or import it into this stack by its ARN (sns.Topic.from_topic_arn(self, 'Topic', "
        "<its ARN>)); its topic policy must let this account subscribe",
    )
    return False


def _check_not_parent(v: Validator, queue: sqs.IQueue, topic: sns.ITopic) -> bool:
    """A topic of a stack the worker's nested stack is nested in: aws-cdk-lib makes the
    worker's stack depend on the topic's, which a nested stack cannot (its parent deploys
    it), and failed the synth with CannotDependOnParent."""
    mine, theirs = Stack.of(queue), Stack.of(topic)
    nested_in_theirs = not same_jsii_object(mine, theirs) and any(
        same_jsii_object(scope, theirs) for scope in mine.node.scopes
    )
    return v.check(
        not nested_in_theirs,
        _PROP,
        f"is {topic.node.path}, of the stack {theirs.node.path!r} this worker's nested stack "
        f"{mine.node.path!r} is part of: a nested stack cannot depend on its parent, which "
        "the subscription would need",
        f"create the topic in {mine.node.path!r} (or in a stack of its own), or the worker in "
        f"{theirs.node.path!r}",
    )
