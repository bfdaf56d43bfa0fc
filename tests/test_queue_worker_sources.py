"""QueueWorker(sources=[BucketEvents(...)]): S3 notifications into the worker's queue, the
queue policy allowing exactly those buckets, and CDK's notifications handler acknowledged
for cdk-nag there and nowhere else."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Match, Template

from constructs_lib import BucketEvents, QueueWorker, _defaults
from tests.support import CDK_CONTEXT, cfn_lint, echo_handler, nag_findings, new_stack

HANDLER_ID = "BucketNotificationsHandler050a0587b7544547bf325f094a3db834"


def _worker_with_bucket(stack: cdk.Stack, **source: Any) -> tuple[QueueWorker, s3.Bucket]:
    bucket = _defaults.private_bucket(stack, "Uploads")
    worker = QueueWorker(
        stack, "Worker", handler=echo_handler(), sources=[BucketEvents(bucket, **source)]
    )
    return worker, bucket


@pytest.fixture(scope="module")
def default() -> tuple[QueueWorker, Template]:
    # GIVEN a worker fed by a bucket's new objects under incoming/ ending in .csv
    stack = new_stack()
    worker, _ = _worker_with_bucket(stack, prefix="incoming/", suffix=".csv")
    return worker, Template.from_stack(stack)


def _queue_statements(template: Template, queue: str = "WorkerQueue") -> list[Any]:
    """The statements of the policy of the queue whose logical id starts with ``queue``."""
    logical_id = _logical_id(template, "AWS::SQS::Queue", queue)
    (policy,) = [
        p
        for p in template.find_resources("AWS::SQS::QueuePolicy").values()
        if p["Properties"]["Queues"] == [{"Ref": logical_id}]
    ]
    return policy["Properties"]["PolicyDocument"]["Statement"]  # type: ignore[no-any-return]


def _logical_id(template: Template, type_: str, prefix: str) -> str:
    (logical_id,) = [k for k in template.find_resources(type_) if k.startswith(prefix)]
    return logical_id


def test_bucket_notifies_the_queue_with_its_key_filter(template: Template) -> None:
    queue = _logical_id(template, "AWS::SQS::Queue", "WorkerQueue")
    template.has_resource_properties(
        "Custom::S3BucketNotifications",
        {
            "BucketName": {"Ref": _logical_id(template, "AWS::S3::Bucket", "Uploads")},
            "NotificationConfiguration": {
                "QueueConfigurations": [
                    {
                        "Events": ["s3:ObjectCreated:*"],
                        "Filter": {
                            "Key": {
                                "FilterRules": Match.array_equals(
                                    [
                                        {"Name": "suffix", "Value": ".csv"},
                                        {"Name": "prefix", "Value": "incoming/"},
                                    ]
                                )
                            }
                        },
                        "QueueArn": {"Fn::GetAtt": [queue, "Arn"]},
                    }
                ]
            },
        },
    )


def test_queue_policy_allows_exactly_that_bucket_to_send(template: Template) -> None:
    # THEN besides the TLS-only deny, one statement: S3, SendMessage, this bucket, its account
    deny, allow = _queue_statements(template)
    assert deny["Effect"] == "Deny"
    assert allow == {
        "Effect": "Allow",
        "Principal": {"Service": "s3.amazonaws.com"},
        "Action": "sqs:SendMessage",
        "Resource": {
            "Fn::GetAtt": [_logical_id(template, "AWS::SQS::Queue", "WorkerQueue"), "Arn"]
        },
        "Condition": {
            "ArnEquals": {
                "aws:SourceArn": {
                    "Fn::GetAtt": [_logical_id(template, "AWS::S3::Bucket", "Uploads"), "Arn"]
                }
            },
            "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
        },
    }


def test_dead_letter_queue_policy_is_unchanged(template: Template) -> None:
    (statement,) = _queue_statements(template, "WorkerDeadLetterQueue")
    assert statement["Effect"] == "Deny"


def test_notifications_wait_for_the_queue_policy(template: Template) -> None:
    # S3 checks it may send when the configuration is put: the policy must exist first
    (notifications,) = template.find_resources("Custom::S3BucketNotifications").values()
    policy = _logical_id(template, "AWS::SQS::QueuePolicy", "WorkerQueuePolicy")
    assert policy in notifications["DependsOn"]


def test_s3_never_invokes_the_function(template: Template) -> None:
    # THEN the function is only driven by the queue's event source mapping
    permissions = template.find_resources("AWS::Lambda::Permission")
    assert [p for p in permissions.values() if "s3" in json.dumps(p)] == []
    template.resource_count_is("AWS::Lambda::EventSourceMapping", 1)


def test_default_events_are_every_new_object_without_filter() -> None:
    stack = new_stack()
    _worker_with_bucket(stack)
    (notifications,) = (
        Template.from_stack(stack).find_resources("Custom::S3BucketNotifications").values()
    )
    (configuration,) = notifications["Properties"]["NotificationConfiguration"][
        "QueueConfigurations"
    ]
    assert configuration["Events"] == ["s3:ObjectCreated:*"]
    assert "Filter" not in configuration


def test_one_statement_per_bucket_and_one_configuration_per_event() -> None:
    # GIVEN two sources of one bucket (three event types) and one of an imported bucket
    stack = new_stack()
    mine = _defaults.private_bucket(stack, "Uploads")
    theirs = s3.Bucket.from_bucket_name(stack, "Theirs", "their-bucket")
    QueueWorker(
        stack,
        "Worker",
        handler=echo_handler(),
        sources=[
            BucketEvents(mine, prefix="a/"),
            BucketEvents(
                mine, events=[s3.EventType.OBJECT_REMOVED, s3.EventType.OBJECT_RESTORE_COMPLETED]
            ),
            BucketEvents(theirs),
        ],
    )
    template = Template.from_stack(stack)
    # THEN one allow statement per bucket
    allows = [s for s in _queue_statements(template) if s["Effect"] == "Allow"]
    assert [s["Condition"]["ArnEquals"]["aws:SourceArn"] for s in allows] == [
        {"Fn::GetAtt": [_logical_id(template, "AWS::S3::Bucket", "Uploads"), "Arn"]},
        {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":s3:::their-bucket"]]},
    ]
    # AND each event type is a configuration of its bucket's notifications
    events = {
        json.dumps(n["Properties"]["BucketName"]): [
            c["Events"] for c in n["Properties"]["NotificationConfiguration"]["QueueConfigurations"]
        ]
        for n in template.find_resources("Custom::S3BucketNotifications").values()
    }
    assert sorted(events.values()) == [
        [["s3:ObjectCreated:*"]],
        [["s3:ObjectCreated:*"], ["s3:ObjectRemoved:*"], ["s3:ObjectRestore:Completed"]],
    ]


def test_existing_queue_with_its_own_kms_key_lets_s3_encrypt() -> None:
    # GIVEN a queue of the app encrypted with a key of the app
    stack = new_stack()
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    queue = sqs.Queue(
        stack,
        "Mine",
        encryption=sqs.QueueEncryption.KMS,
        encryption_master_key=key,
        visibility_timeout=cdk.Duration.seconds(60),
    )
    bucket = _defaults.private_bucket(stack, "Uploads")
    QueueWorker(
        stack,
        "Worker",
        handler=echo_handler(),
        existing_queue=queue,
        sources=[BucketEvents(bucket)],
    )
    # THEN S3 may use the key, for that bucket only
    template = Template.from_stack(stack)
    template.has_resource_properties(
        "AWS::KMS::Key",
        {
            "KeyPolicy": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {
                                "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                                "Principal": {"Service": "s3.amazonaws.com"},
                                "Condition": Match.object_like(
                                    {"ArnEquals": {"aws:SourceArn": Match.any_value()}}
                                ),
                            }
                        )
                    ]
                )
            }
        },
    )


def test_a_bucket_and_a_queue_encrypted_with_one_key_make_no_cycle() -> None:
    # Proves (platform): a platform's one customer-managed key on the bucket and on the
    # worker's existing_queue made a cycle (the key's policy named the bucket's ARN, the
    # bucket named the key): cfn-lint E3004 and a stack CloudFormation refuses.
    # GIVEN one key of the app encrypting the bucket and the queue
    stack = new_stack()
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    queue = sqs.Queue(
        stack,
        "Mine",
        encryption=sqs.QueueEncryption.KMS,
        encryption_master_key=key,
        visibility_timeout=cdk.Duration.seconds(60),
    )
    bucket = s3.Bucket(
        stack, "Uploads", encryption=s3.BucketEncryption.KMS, encryption_key=key, enforce_ssl=True
    )
    # WHEN a worker of that queue takes the bucket's events
    QueueWorker(
        stack,
        "Worker",
        handler=echo_handler(),
        existing_queue=queue,
        sources=[BucketEvents(bucket)],
    )
    template = Template.from_stack(stack)
    # THEN the key trusts S3 of the stack's account only, naming no bucket (no cycle) ...
    statements = template.to_json()["Resources"]
    key_policy = next(r for r in statements.values() if r["Type"] == "AWS::KMS::Key")
    s3_statement = next(
        s
        for s in key_policy["Properties"]["KeyPolicy"]["Statement"]
        if s.get("Principal") == {"Service": "s3.amazonaws.com"}
    )
    assert s3_statement["Condition"] == {
        "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}
    }
    assert cfn_lint(template.to_json()) == []
    # ... and the queue policy still lets only that bucket send
    template.has_resource_properties(
        "AWS::SQS::QueuePolicy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {
                                "Action": "sqs:SendMessage",
                                "Condition": Match.object_like(
                                    {"ArnEquals": {"aws:SourceArn": Match.any_value()}}
                                ),
                            }
                        )
                    ]
                )
            }
        },
    )


# --- cdk-nag: CDK's notifications handler ------------------------------------------------


def _synth_findings(tmp_path: Path, build: Any) -> set[tuple[str, str]]:
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    build(cdk.Stack(app, "Nag"))
    return nag_findings(app, tmp_path)


def _logged_bucket(stack: cdk.Stack) -> s3.Bucket:
    logs = _defaults.private_bucket(stack, "Logs")
    return _defaults.private_bucket(
        stack, "Uploads", server_access_logs_bucket=logs, server_access_logs_prefix="u/"
    )


def test_the_notifications_handler_leaves_no_cdk_nag_finding(tmp_path: Path) -> None:
    # GIVEN a worker fed by a bucket of the stack and by an imported bucket
    def build(stack: cdk.Stack) -> None:
        theirs = s3.Bucket.from_bucket_name(stack, "Theirs", "their-bucket")
        QueueWorker(
            stack,
            "Worker",
            handler=echo_handler(),
            sources=[BucketEvents(_logged_bucket(stack)), BucketEvents(theirs)],
        )

    # WHEN checked by AwsSolutions and Serverless THEN nothing is reported
    assert _synth_findings(tmp_path, build) == set()


def test_the_acknowledgement_is_scoped_to_the_handlers_role(tmp_path: Path) -> None:
    # GIVEN the user's own role with the same AWS-managed policy next to the handler
    def build(stack: cdk.Stack) -> None:
        QueueWorker(
            stack, "Worker", handler=echo_handler(), sources=[BucketEvents(_logged_bucket(stack))]
        )
        iam.Role(
            stack,
            "Users",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            managed_policies=[
                iam.ManagedPolicy.from_aws_managed_policy_name(
                    "service-role/AWSLambdaBasicExecutionRole"
                )
            ],
        )

    # THEN the user's role is still reported, the handler's is not
    assert {path for _, path in _synth_findings(tmp_path, build)} == {"Nag/Users/Resource"}


def test_without_sources_there_is_no_notifications_handler() -> None:
    stack = new_stack()
    QueueWorker(stack, "Worker", handler=echo_handler())
    assert stack.node.try_find_child(HANDLER_ID) is None
    Template.from_stack(stack).resource_count_is("Custom::S3BucketNotifications", 0)


def test_the_notifications_handler_passes_cfn_lint() -> None:
    # GIVEN the handler's function, whose DependsOn on its role repeated the Role GetAtt
    stack = new_stack()
    _worker_with_bucket(stack)
    template = Template.from_stack(stack).to_json()
    handler = template["Resources"][
        _logical_id(Template.from_json(template), "AWS::Lambda::Function", HANDLER_ID)
    ]
    # THEN only that repetition is gone (an empty list, as CDK renders its own providers')
    assert handler.get("DependsOn") == []
    assert cfn_lint(template, regions=["us-east-1"]) == []


def test_the_notifications_handler_logs_with_finite_retention(
    default: tuple[QueueWorker, Template],
) -> None:
    # Proves (security review): aws-cdk-lib's notifications handler has no log group, so
    # Lambda created /aws/lambda/<name> on its first run, kept forever; it now logs to a
    # log group of the stack with the library's retention, one per stack however many
    # buckets notify.
    _, template = default
    logs_id = _logical_id(template, "AWS::Logs::LogGroup", "BucketNotificationsHandlerLogs")
    handler = template.find_resources("AWS::Lambda::Function")[
        _logical_id(template, "AWS::Lambda::Function", HANDLER_ID)
    ]
    assert handler["Properties"]["LoggingConfig"] == {"LogGroup": {"Ref": logs_id}}
    group = template.find_resources("AWS::Logs::LogGroup")[logs_id]
    assert group["Properties"] == {"RetentionInDays": 30}
    assert group["DeletionPolicy"] == "Retain"


def test_two_buckets_share_the_handlers_log_group() -> None:
    # Proves (security review): the stack-wide handler gets one log group, not one per bucket
    stack = new_stack()
    QueueWorker(
        stack,
        "Worker",
        handler=echo_handler(),
        sources=[
            BucketEvents(_defaults.private_bucket(stack, "A")),
            BucketEvents(_defaults.private_bucket(stack, "B")),
        ],
    )
    groups = Template.from_stack(stack).find_resources("AWS::Logs::LogGroup")
    assert len([k for k in groups if k.startswith("BucketNotificationsHandlerLogs")]) == 1
