"""StreamWorker's failed-batches bucket (``failed_batches_bucket``): skipped batches written
to S3 with their records, so they outlive the stream's 24 hours; the grants Lambda needs
and no more, the alarm on a batch written there, and the inputs Lambda cannot write to."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Match, Template

from constructs_lib import Monitoring, StreamWorker
from tests.stream_support import (
    ACCOUNT,
    ENV,
    HANDLER,
    KEY,
    RECOVERY,
    REGION,
    STREAM,
    build_worker,
    mapping_of,
    worker_in_env,
)
from tests.support import (
    CDK_CONTEXT,
    InStack,
    assert_every_problem,
    assert_rule,
    cfn_lint,
    nag_paths,
    new_app,
)

_BUCKET_ARN = "arn:aws:s3:::order-changes-failed"


def _statements(template: Template) -> list[dict[str, Any]]:
    (policy,) = template.find_resources("AWS::IAM::Policy").values()
    return list(policy["Properties"]["PolicyDocument"]["Statement"])


@pytest.fixture(scope="module")
def new_bucket() -> tuple[StreamWorker, Template]:
    return build_worker(failed_batches_bucket=True, alarms=True)


def _bucket_id(template: Template) -> str:
    (found,) = template.find_resources(
        "AWS::S3::Bucket", {"Properties": {"MetricsConfigurations": Match.any_value()}}
    )
    return found


def test_skipped_batches_go_to_a_new_bucket_instead_of_a_queue(
    new_bucket: tuple[StreamWorker, Template],
) -> None:
    # GIVEN a worker with failed_batches_bucket=True
    worker, template = new_bucket
    bucket = _bucket_id(template)
    # THEN the mapping's on-failure destination is the bucket, and no queue is created
    assert mapping_of(template)["DestinationConfig"] == {
        "OnFailure": {"Destination": {"Fn::GetAtt": [bucket, "Arn"]}}
    }
    template.resource_count_is("AWS::SQS::Queue", 0)
    # AND the attributes say so: the bucket, no dead-letter queue
    assert worker.dead_letter_queue is None
    assert isinstance(worker.failed_batches_bucket, s3.Bucket)
    assert worker.failed_batches_bucket.node.path == "Test/Worker/FailedBatches/Bucket"


def test_the_new_bucket_has_the_secure_defaults_and_keeps_every_batch(
    new_bucket: tuple[StreamWorker, Template],
) -> None:
    _, template = new_bucket
    bucket = _bucket_id(template)
    resource = template.to_json()["Resources"][bucket]
    # THEN it is retained, private, encrypted, logged, and its batches never expire
    assert resource["DeletionPolicy"] == "Retain"
    properties = resource["Properties"]
    assert properties["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert properties["BucketEncryption"] == {
        "ServerSideEncryptionConfiguration": [
            {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
        ]
    }
    assert properties["LifecycleConfiguration"] == {
        "Rules": [
            {"AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}, "Status": "Enabled"}
        ]
    }
    assert properties["LoggingConfiguration"]["LogFilePrefix"] == "s3/"
    assert properties["MetricsConfigurations"] == [{"Id": "FailedBatches", "Prefix": "aws/lambda/"}]
    # AND its policy refuses requests without TLS
    template.has_resource_properties(
        "AWS::S3::BucketPolicy",
        {
            "Bucket": {"Ref": bucket},
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {
                                "Effect": "Deny",
                                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                            }
                        )
                    ]
                )
            },
        },
    )
    # AND its access logs expire after 90 days in a bucket of their own, also retained
    logs = properties["LoggingConfiguration"]["DestinationBucketName"]["Ref"]
    assert template.to_json()["Resources"][logs]["DeletionPolicy"] == "Retain"
    template.has_resource_properties(
        "AWS::S3::Bucket",
        {
            "LifecycleConfiguration": {
                "Rules": [Match.object_like({"ExpirationInDays": 90, "Status": "Enabled"})]
            }
        },
    )


def test_the_function_may_write_failed_batches_and_nothing_more(
    new_bucket: tuple[StreamWorker, Template],
) -> None:
    _, template = new_bucket
    bucket = _bucket_id(template)
    arn = {"Fn::GetAtt": [bucket, "Arn"]}
    s3_grants = [
        (s["Action"], s["Resource"])
        for s in _statements(template)
        if any(a.startswith("s3:") for a in _actions(s))
    ]
    # THEN Lambda's two actions, PutObject under its prefix only: no read, no delete
    assert s3_grants == [
        ("s3:PutObject", {"Fn::Join": ["", [arn, "/aws/lambda/*"]]}),
        ("s3:ListBucket", arn),
    ]
    # AND only in the bucket's own account: a bucket of its name recreated by another
    # account after this one is deleted receives nothing
    assert [
        s["Condition"]
        for s in _statements(template)
        if any(a.startswith("s3:") for a in _actions(s))
    ] == [{"StringEquals": {"s3:ResourceAccount": {"Ref": "AWS::AccountId"}}}] * 2


def _actions(statement: dict[str, Any]) -> list[str]:
    action = statement["Action"]
    return [action] if isinstance(action, str) else list(action)


def test_a_batch_written_to_the_bucket_alarms(new_bucket: tuple[StreamWorker, Template]) -> None:
    worker, template = new_bucket
    bucket = _bucket_id(template)
    # THEN the alarm reads the bucket's request metrics on Lambda's prefix, every minute
    template.has_resource_properties(
        "AWS::CloudWatch::Alarm",
        {
            "Namespace": "AWS/S3",
            "MetricName": "PutRequests",
            "Dimensions": [
                {"Name": "BucketName", "Value": {"Ref": bucket}},
                {"Name": "FilterId", "Value": "FailedBatches"},
            ],
            "Statistic": "Sum",
            "Period": 60,
            "Threshold": 1,
            "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "TreatMissingData": "notBreaching",
        },
    )
    assert worker.failed_batches_alarm is not None
    assert worker.dead_letter_queue_alarm is None
    # AND its description says how to read a failed batch back
    description = json.dumps(_description(template, "PutRequests"))
    assert "aws s3 ls s3://" in description
    assert "under payload, as a JSON string" in description  # not an object: AWS escapes it
    # AND a batch Lambda could not write alarms too, naming the bucket
    lost = json.dumps(_description(template, "DestinationDeliveryFailures"))
    assert "could not write them to the failed-batches bucket" in lost
    assert worker.dead_letter_delivery_alarm is not None
    assert len(worker.alarms) == 5  # errors, throttles, iterator age, written, lost


def _description(template: Template, metric: str) -> Any:
    (alarm,) = template.find_resources(
        "AWS::CloudWatch::Alarm", {"Properties": {"MetricName": metric}}
    ).values()
    return alarm["Properties"]["AlarmDescription"]


def test_a_bucket_of_the_app_with_its_key_is_the_destination_and_is_watched() -> None:
    # GIVEN the user's bucket, encrypted with a customer-managed key
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Test", env=ENV)
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    bucket = s3.Bucket(
        stack, "Failed", encryption=s3.BucketEncryption.KMS, encryption_key=key, enforce_ssl=True
    )
    worker = StreamWorker(
        stack,
        "Worker",
        handler=HANDLER,
        table=dynamodb.Table.from_table_attributes(
            stack, "Orders", table_name="orders", table_stream_arn=STREAM
        ),
        failed_batches_bucket=bucket,
        alarms=True,
    )
    template = Template.from_stack(stack)
    assert worker.failed_batches_bucket is bucket
    # THEN the function may use the key to write (kms:GenerateDataKey), nothing else of it
    key_id = next(iter(template.find_resources("AWS::KMS::Key")))
    assert [
        (s["Action"], s["Resource"]) for s in _statements(template) if "kms:" in str(s["Action"])
    ] == [("kms:GenerateDataKey", {"Fn::GetAtt": [key_id, "Arn"]})]
    # AND the bucket's writes hold in the stack's account, named
    assert {
        json.dumps(s["Condition"]) for s in _statements(template) if "s3:" in str(s["Action"])
    } == {json.dumps({"StringEquals": {"s3:ResourceAccount": ACCOUNT}})}
    # AND the bucket gets the request metrics filter the alarm reads
    template.has_resource_properties(
        "AWS::S3::Bucket",
        {"MetricsConfigurations": [{"Id": "FailedBatches", "Prefix": "aws/lambda/"}]},
    )
    assert worker.failed_batches_alarm is not None


def test_workers_sharing_a_bucket_of_the_app_share_its_filter() -> None:
    # GIVEN two workers of one table writing their skipped batches to one bucket of the app
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Test", env=ENV)
    bucket = s3.Bucket(stack, "Failed", enforce_ssl=True)
    table = dynamodb.Table.from_table_attributes(
        stack, "Orders", table_name="orders", table_stream_arn=STREAM
    )
    workers = [
        StreamWorker(
            stack, name, handler=HANDLER, table=table, failed_batches_bucket=bucket, alarms=True
        )
        for name in ("Changes", "Audit")
    ]
    template = Template.from_stack(stack)
    # THEN the bucket has the filter once (twice was cfn-lint's E3037, non-unique elements)
    (found,) = template.find_resources("AWS::S3::Bucket").values()
    assert found["Properties"]["MetricsConfigurations"] == [
        {"Id": "FailedBatches", "Prefix": "aws/lambda/"}
    ]
    # AND each worker's alarm reads it
    assert all(worker.failed_batches_alarm is not None for worker in workers)
    assert cfn_lint(template.to_json()) == []


def test_a_filter_of_the_apps_own_beside_lambdas_is_kept() -> None:
    # GIVEN a bucket of the app measuring its reports/ prefix under an id of its own
    worker, template = build_worker(
        failed_batches_bucket=_bucket_measuring(id="Reports", prefix="reports/"), alarms=True
    )
    # THEN the worker adds its filter beside it, as for a bucket without one
    (found,) = template.find_resources("AWS::S3::Bucket").values()
    assert found["Properties"]["MetricsConfigurations"] == [
        {"Id": "Reports", "Prefix": "reports/"},
        {"Id": "FailedBatches", "Prefix": "aws/lambda/"},
    ]
    assert worker.failed_batches_alarm is not None


def test_an_imported_bucket_is_not_changed_and_its_batches_not_watched() -> None:
    # GIVEN a bucket imported by its ARN
    worker, template = build_worker(
        failed_batches_bucket=InStack(lambda s: s3.Bucket.from_bucket_arn(s, "B", _BUCKET_ARN)),
        alarms=True,
    )
    # THEN the mapping writes to it, and the function may
    assert mapping_of(template)["DestinationConfig"] == {"OnFailure": {"Destination": _BUCKET_ARN}}
    assert ("s3:PutObject", f"{_BUCKET_ARN}/aws/lambda/*") in [
        (s["Action"], s["Resource"]) for s in _statements(template)
    ]
    # AND no request metrics are there to read: no written alarm, the lost one stays
    template.resource_count_is("AWS::S3::Bucket", 0)
    assert worker.failed_batches_alarm is None
    assert worker.dead_letter_delivery_alarm is not None


def test_a_lost_batch_alarm_tells_how_to_find_its_shard() -> None:
    # GIVEN a worker with its dead-letter queue (the default)
    _, template = build_worker(alarms=True)
    description = json.dumps(_description(template, "DestinationDeliveryFailures"))
    # THEN it says the log has no shard id, and how to find the shard holding the record
    assert "sequenceNumber, keys; no shard id" in description
    assert "several may span it" in description
    assert "get-shard-iterator AT_SEQUENCE_NUMBER" in description
    assert "lists the shard whose sequence number range holds one" not in description


def _imported_bucket(**env: str) -> InStack:
    return InStack(
        lambda s: s3.Bucket.from_bucket_attributes(
            s, "B", bucket_name="order-changes-failed", **env
        )
    )


def _bucket_measuring(**metrics: Any) -> InStack:
    """A bucket of the app with a request metrics filter of the user's, ``metrics``."""
    return InStack(
        lambda s: s3.Bucket(s, "Reports", enforce_ssl=True, metrics=[s3.BucketMetrics(**metrics)])
    )


_QUEUE = f"arn:aws:sqs:{REGION}:{ACCOUNT}:order-changes-dlq"
_CLASH = (
    r"`failed_batches_bucket` is the bucket Test/Reports, whose request metrics filter "
    r"'FailedBatches' counts {what}, not Lambda's prefix 'aws/lambda/' alone: the worker's "
    r"failed-batches alarm reads the filter of that id, and a second filter of one id is a "
    r"template S3 refuses\. Fix: rename your filter of Test/Reports \(s3.BucketMetrics"
    r"\(id=\.\.\.\) or add_metric\(id=\.\.\.\)\): the worker adds 'FailedBatches' on "
    r"'aws/lambda/' itself"
)


@pytest.mark.parametrize(
    ("props", "message"),
    [
        pytest.param(
            {"failed_batches_bucket": _imported_bucket(region="eu-west-1")},
            r"Test/Worker.*`failed_batches_bucket` is in region eu-west-1, not us-east-1.*"
            r"Fix: pass a bucket of this stack's region and account",
            id="a bucket of another region",
        ),
        pytest.param(
            {"failed_batches_bucket": _imported_bucket(account="210987654321")},
            r"`failed_batches_bucket` is in account 210987654321, not 123456789012",
            id="a bucket of another account",
        ),
        pytest.param(
            {
                "failed_batches_bucket": True,
                "existing_dead_letter_queue": InStack(
                    lambda s: sqs.Queue.from_queue_arn(s, "Dlq", _QUEUE)
                ),
            },
            r"`failed_batches_bucket` is set together with existing_dead_letter_queue; an "
            r"event source mapping has one on-failure destination.*Fix: drop "
            r"existing_dead_letter_queue",
            id="both destinations",
        ),
        pytest.param(
            {
                "failed_batches_bucket": True,
                "dead_letter_queue_key": InStack(lambda s: kms.Key(s, "Key")),
            },
            r"`failed_batches_bucket` is set together with dead_letter_queue_key",
            id="a bucket and the queue's key",
        ),
        pytest.param(
            {"failed_batches_bucket": _bucket_measuring(id="FailedBatches", prefix="reports/")},
            _CLASH.format(what="the prefix 'reports/'"),
            id="the app's own filter FailedBatches on another prefix",
        ),
        pytest.param(
            {"failed_batches_bucket": _bucket_measuring(id="FailedBatches")},
            _CLASH.format(what="every object"),
            id="the app's own filter FailedBatches on the whole bucket",
        ),
        pytest.param(
            {
                "failed_batches_bucket": _bucket_measuring(
                    id="FailedBatches", prefix="aws/lambda/", tag_filters={"team": "orders"}
                )
            },
            _CLASH.format(what="the prefix 'aws/lambda/' and filters by tags"),
            id="the app's own filter FailedBatches on Lambda's prefix and a tag",
        ),
        pytest.param(
            {"failed_batches_bucket": "order-changes-failed"},
            r"`failed_batches_bucket` is 'order-changes-failed', a str; it must be an "
            r"aws_s3.IBucket or True or False",
            id="a bucket's name",
        ),
    ],
)
def test_a_bucket_lambda_cannot_write_to_is_refused(props: dict[str, Any], message: str) -> None:
    assert_rule(worker_in_env, props, message)


def test_every_problem_is_listed_at_once() -> None:
    # GIVEN a FIFO queue (still refused) and a bucket of another region, both destinations
    error = assert_every_problem(
        worker_in_env,
        {
            "failed_batches_bucket": _imported_bucket(region="eu-west-1"),
            "existing_dead_letter_queue": InStack(
                lambda s: sqs.Queue.from_queue_arn(s, "Dlq", _QUEUE + ".fifo")
            ),
        },
        "Test/Worker",
        ["existing_dead_letter_queue", "failed_batches_bucket", "failed_batches_bucket"],
    )
    assert "is a FIFO queue" in str(error)


def test_cdk_nag_reports_nothing_on_a_new_or_a_keyed_bucket(tmp_path: Path) -> None:
    # GIVEN a worker with a new bucket, another with the app's bucket and its key
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Sketch")
    table = dynamodb.Table(
        stack,
        "Orders",
        partition_key=KEY,
        stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
        point_in_time_recovery_specification=RECOVERY,
    )
    StreamWorker(stack, "New", handler=HANDLER, table=table, failed_batches_bucket=True)
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    logs = s3.Bucket(stack, "Logs", enforce_ssl=True)
    bucket = s3.Bucket(
        stack,
        "Failed",
        encryption_key=key,
        enforce_ssl=True,
        server_access_logs_bucket=logs,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
    )
    StreamWorker(stack, "Given", handler=HANDLER, table=table, failed_batches_bucket=bucket)
    # THEN cdk-nag reports nothing of the workers (the user's log bucket is theirs)
    assert {path for path in nag_paths(app, tmp_path) if "/Logs" not in path} == set()
    # AND cfn-lint nothing
    template = json.loads((tmp_path / "Sketch.template.json").read_text())
    assert cfn_lint(template) == []


def test_the_dashboard_graphs_the_batches_written_and_lost() -> None:
    # GIVEN a stack with an alarm topic and a dashboard, and a worker with the bucket
    stack = cdk.Stack(new_app(), "Test")
    Monitoring(stack, alarm_topic=sns.Topic(stack, "Topic"), dashboard=True)
    table = dynamodb.Table(
        stack, "Orders", partition_key=KEY, stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES
    )
    worker = StreamWorker(stack, "Worker", handler=HANDLER, table=table, failed_batches_bucket=True)
    template = Template.from_stack(stack)
    # THEN its alarms notify the topic
    assert worker.failed_batches_alarm in worker.alarms
    for alarm in template.find_resources("AWS::CloudWatch::Alarm").values():
        assert len(alarm["Properties"]["AlarmActions"]) == 1
    # AND the dashboard graphs what the bucket's alarms read, and no queue
    (dashboard,) = template.find_resources("AWS::CloudWatch::Dashboard").values()
    body = json.dumps(dashboard["Properties"]["DashboardBody"])
    for title in (
        "Iterator age (behind the table's writes)",
        "Batches written to the failed-batches bucket (skipped)",
        "Failed writes to the failed-batches bucket (batches lost)",
        "PutRequests",
        "FailedBatches",
    ):
        assert title in body
    assert "Dead-letter queue" not in body
