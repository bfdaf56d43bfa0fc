"""worker.subscribe(topic) with a key of the app: SNS may use the key for that topic only,
also where the app's cdk.json lacks @aws-cdk/aws-sns-subscriptions:restrictSqsDescryption
(aws-cdk-lib then wrote the key statement without aws:SourceArn). Proves (gaps48): an
older cdk.json gave SNS the key for any topic."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk.assertions import Template

from constructs_lib import ConstructError, QueueWorker
from constructs_lib._sqs_subscription import RESTRICT_KEY_FLAG
from tests.support import CDK_CONTEXT, echo_handler


def _template(flag: bool, region: str = "eu-west-1") -> dict[str, Any]:
    """Two keyed workers subscribed to the app's topic, an imported one of another region
    and one of the stack's region, with the flag ``flag``."""
    app = cdk.App(context={**CDK_CONTEXT, RESTRICT_KEY_FLAG: flag})
    stack = cdk.Stack(app, "Test", env=cdk.Environment(account="111111111111", region=region))
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    audit = QueueWorker(stack, "Audit", handler=echo_handler(), encryption_key=key, alarms=False)
    orders = sns.Topic(stack, "Orders")
    audit.subscribe(orders, raw_message_delivery=False)
    audit.subscribe(sns.Topic.from_topic_arn(stack, "Far", "arn:aws:sns:us-east-1:111111111111:f"))
    other = QueueWorker(
        stack,
        "Other",
        handler=echo_handler(),
        encryption_key=kms.Key(stack, "OtherKey", enable_key_rotation=True),
        alarms=False,
    )
    kind = sns.SubscriptionFilter.string_filter(allowlist=["order"])
    other.subscribe(orders, filter_policy={"kind": kind})
    near = sns.Topic.from_topic_arn(stack, "Near", f"arn:aws:sns:{region}:111111111111:n")
    other.subscribe(near, filter_policy_with_message_body={"kind": sns.FilterOrPolicy.filter(kind)})
    return app.synth().get_stack_by_name("Test").template


def _sns_key_statements(template: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        statement
        for resource in template["Resources"].values()
        if resource["Type"] == "AWS::KMS::Key"
        for statement in resource["Properties"]["KeyPolicy"]["Statement"]
        if "kms:GenerateDataKey" in statement["Action"]
    ]


@pytest.mark.parametrize("region", ["eu-west-1", "ap-east-1"], ids=["region", "opt-in region"])
def test_the_template_is_the_flag_s_with_the_flag_off(region: str) -> None:
    # GIVEN the same workers and subscriptions WHEN the flag is off THEN the template is
    # the one the flag gives: the queue policies, subscriptions (their Region, filter,
    # raw delivery, dead-letter queue, DependsOn) and key statements alike
    assert _template(False, region) == _template(True, region)


def test_each_key_statement_names_its_topic() -> None:
    statements = _sns_key_statements(_template(False))
    # THEN every statement letting SNS use a key names the topic it is for
    assert len(statements) == 4
    assert all("aws:SourceArn" in s["Condition"]["ArnEquals"] for s in statements)
    # AND an opt-in region's stack admits its own SNS principal (aws-cdk-lib's rule)
    principals = {
        s["Principal"]["Service"] for s in _sns_key_statements(_template(False, "ap-east-1"))
    }
    assert principals == {"sns.amazonaws.com", "sns.ap-east-1.amazonaws.com"}


@pytest.mark.parametrize("flag", [True, False], ids=["flag on", "flag off"])
def test_one_key_for_the_topic_and_the_queue_is_a_construct_error(flag: bool) -> None:
    # Proves (user trial brownfield49): a kms.Key given to both the topic and the worker
    # synthesized (aws-cdk-lib's validation only warning, without cdk init's
    # validateAgainstDefaultRules), but the key's statement names the topic's ARN while the
    # topic names the key: a dependency cycle CloudFormation refuses, with either flag value
    app = cdk.App(context={**CDK_CONTEXT, RESTRICT_KEY_FLAG: flag})
    stack = cdk.Stack(app, "Test")
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    worker = QueueWorker(stack, "Audit", handler=echo_handler(), encryption_key=key)
    with pytest.raises(ConstructError) as raised:
        worker.subscribe(sns.Topic(stack, "Orders", master_key=key))
    (problem,) = raised.value.problems
    assert (problem.path, problem.prop) == ("Test/Audit", "topic")
    assert problem.message == (
        "is encrypted with Test/Key, the key of this worker's queue too: the key's policy "
        "would let SNS in for this topic's ARN while the topic names the key, a dependency "
        "cycle CloudFormation refuses to deploy"
    )
    assert problem.fix.startswith("pass the topic a key of its own")
    # AND a key of its own for the topic deploys (no cycle: Template.from_stack checks)
    worker.subscribe(
        sns.Topic(stack, "Refunds", master_key=kms.Key(stack, "TopicKey", enable_key_rotation=True))
    )
    Template.from_stack(stack)
