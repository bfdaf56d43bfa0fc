"""The constructs_lib:log_encryption_key context: every log group the library creates
encrypted with the platform's key (a customer-managed-key rule)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template

from constructs_lib import (
    ConstructError,
    QueueWorker,
)
from tests.support import (
    CDK_CONTEXT,
    echo_handler,
    every_kind_of_resource,
    every_log_group,
    new_app,
)

KEY = "constructs_lib:log_encryption_key"
ARN = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"
ENV = cdk.Environment(account="111111111111", region="eu-west-1")
ZONES = {"availability-zones:account=111111111111:region=eu-west-1": ["eu-west-1a", "eu-west-1b"]}


def test_every_log_group_the_library_creates_takes_the_platforms_key(tmp_path: Path) -> None:
    # Proves (platform): an Aspect requiring a customer-managed KMS key on every log group
    # failed on each of the library's (functions', API access logs, flow logs, aws-cdk-lib
    # helpers'): no prop or setting took a key.
    # GIVEN the platform's key in the app's context
    app = cdk.App(outdir=str(tmp_path), context={**CDK_CONTEXT, KEY: ARN})
    stack = cdk.Stack(app, "Test")
    # WHEN every kind of log group is created
    every_kind_of_resource(stack)
    # THEN the stack stays cdk-nag and cfn-lint clean, and each has the key
    groups = every_log_group(app, tmp_path)
    assert len(groups) == 7
    assert {properties.get("KmsKeyId") for properties in groups.values()} == {ARN}


def test_without_the_context_log_groups_use_cloudwatch_logs_encryption() -> None:
    stack = cdk.Stack(new_app(), "Test")
    QueueWorker(stack, "Worker", handler=echo_handler())
    (group,) = Template.from_stack(stack).find_resources("AWS::Logs::LogGroup").values()
    assert "KmsKeyId" not in group["Properties"]


def test_a_stage_sets_its_own_regions_key() -> None:
    # GIVEN a stage of another region, with its own key set right after creating it
    app = new_app(**{KEY: ARN})
    stage = cdk.Stage(app, "Prod", env=cdk.Environment(account="222222222222", region="us-east-1"))
    other = ARN.replace("eu-west-1", "us-east-1").replace("111111111111", "222222222222")
    stage.node.set_context(KEY, other)
    stack = cdk.Stack(stage, "Service")
    QueueWorker(stack, "Worker", handler=echo_handler())
    (group,) = Template.from_stack(stack).find_resources("AWS::Logs::LogGroup").values()
    assert group["Properties"]["KmsKeyId"] == other


@pytest.mark.parametrize(
    ("value", "env", "message"),
    [
        (
            "alias/platform-logs",
            None,
            r"Test/Worker/Handler: `context 'constructs_lib:log_encryption_key'` is "
            r"'alias/platform-logs'; CloudWatch Logs takes a KMS key's ARN .*not an alias.*"
            r"Fix: set it to the key's ARN",
        ),
        (
            "arn:aws:kms:eu-west-1:111111111111:alias/platform-logs",
            None,
            r"takes a KMS key's ARN",
        ),
        (
            ARN.replace("111111111111", "\uff11" * 12),
            None,
            r"takes a KMS key's ARN",
        ),
        # Proves (bad inputs, round 38): a key ID that is no UUID (key/abc) or has capitals
        # synthesized, then failed aws-cdk-lib's template validation naming the log group
        ("arn:aws:kms:eu-west-1:111111111111:key/abc", None, r"the ID a lowercase UUID or mrk-"),
        (ARN.replace("1234abcd-12ab-34cd", "1234ABCD-12AB-34CD"), None, r"a lowercase UUID"),
        (
            ARN,
            cdk.Environment(region="us-east-1"),
            r"Test/Worker/Handler: `context 'constructs_lib:log_encryption_key'` is a key of "
            r"eu-west-1 and the stack is in us-east-1: CloudWatch Logs uses a key of the log "
            r"group's own region only.*Fix: set the context per stage to a key of its region",
        ),
        # Proves (sweep21): a key ARN of another partition whose region is the stack's
        # ("arn:aws-cn:kms:eu-west-1:..." in eu-west-1) synthesized, and the deploy failed
        (
            ARN.replace("arn:aws:", "arn:aws-cn:"),
            cdk.Environment(region="eu-west-1"),
            r"Test/Worker/Handler: `context 'constructs_lib:log_encryption_key'` is a key of "
            r"the partition aws-cn and the stack's region eu-west-1 is in aws: .*"
            r"Fix: set it to the ARN of a key of eu-west-1 \(arn:aws:kms:eu-west-1:...\)",
        ),
        (
            ARN.replace("arn:aws:", "arn:aws-us-gov:").replace("eu-west-1", "cn-north-1"),
            cdk.Environment(region="cn-north-1"),
            r"is a key of the partition aws-us-gov and the stack's region cn-north-1 is in aws-cn",
        ),
    ],
    ids=[
        "alias",
        "alias-arn",
        "full-width-account",
        "key-id-no-uuid",
        "key-id-capitals",
        "other-region",
        "other-partition",
        "gov-key-in-china",
    ],
)
def test_a_key_cloudwatch_logs_cannot_use_is_a_construct_error(
    value: Any, env: cdk.Environment | None, message: str
) -> None:
    # Proves (platform): CloudWatch Logs refuses these at deploy, after the functions exist.
    stack = cdk.Stack(new_app(**{KEY: value}), "Test", env=env)
    with pytest.raises(ConstructError, match=message):
        QueueWorker(stack, "Worker", handler=echo_handler())


def test_a_multi_region_key_is_taken() -> None:
    key = "arn:aws:kms:eu-west-1:111111111111:key/mrk-1234abcd12ab34cd56ef1234567890ab"
    stack = cdk.Stack(new_app(**{KEY: key}), "Test")
    QueueWorker(stack, "Worker", handler=echo_handler())
    (group,) = Template.from_stack(stack).find_resources("AWS::Logs::LogGroup").values()
    assert group["Properties"]["KmsKeyId"] == key


@pytest.mark.parametrize(
    ("partition", "region"), [("aws-cn", "cn-north-1"), ("aws-us-gov", "us-gov-west-1")]
)
def test_a_key_of_the_stacks_own_partition_is_taken(partition: str, region: str) -> None:
    # Proves (sweep21): the partition check refuses no key of the stack's own partition
    key = ARN.replace("arn:aws:", f"arn:{partition}:").replace("eu-west-1", region)
    stack = cdk.Stack(new_app(**{KEY: key}), "Test", env=cdk.Environment(region=region))
    QueueWorker(stack, "Worker", handler=echo_handler())
    (group,) = Template.from_stack(stack).find_resources("AWS::Logs::LogGroup").values()
    assert group["Properties"]["KmsKeyId"] == key


def test_the_context_key_is_known() -> None:
    # a constructs_lib: key the library does not read is a ConstructError; this one it reads
    stack = cdk.Stack(new_app(**{KEY: ARN}), "Test")
    QueueWorker(stack, "Worker", handler=echo_handler())
    s3.Bucket(stack, "Other")
    # THEN it is read: the worker's log group takes the key (a bucket has no log group)
    (group,) = Template.from_stack(stack).find_resources("AWS::Logs::LogGroup").values()
    assert group["Properties"]["KmsKeyId"] == ARN


def test_an_api_asks_for_the_key_once_for_its_access_logs_and_its_functions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Proves (speed54): a ServerlessApi asked the kernel for the context twice, once for its
    # access log group (made in the API) and once more for its functions' log groups (made
    # below it, asked of the API through their scopes); the API has a child by then, so its
    # context no longer changes.
    from jsii._kernel.providers import process

    from constructs_lib import ApiAuth, ServerlessApi

    asked: list[object] = []
    send = process._NodeProcess.send

    def counting(self: object, request: Any, response_type: object) -> object:
        if getattr(request, "method", None) == "tryGetContext" and request.args == [KEY]:
            asked.append(request)
        return send(self, request, response_type)

    monkeypatch.setattr(process._NodeProcess, "send", counting)
    stack = cdk.Stack(new_app(**{KEY: ARN}), "Test", env=ENV)
    ServerlessApi(
        stack,
        "Api",
        routes={f"GET /r{n}": echo_handler(entry="app.handler", name=f"R{n}") for n in range(2)},
        auth=ApiAuth.none(reason="a test's public API"),
    )
    assert len(asked) == 1
    # THEN every log group of the API takes the key, as before
    groups = Template.from_stack(stack).find_resources("AWS::Logs::LogGroup")
    assert len(groups) == 3
    assert {group["Properties"].get("KmsKeyId") for group in groups.values()} == {ARN}
