"""Follow-ups of trial 52 (a multi-account, multi-region app): what still passed the synth
in silence. A resource of another partition, a KMS key ARN naming no key ID where a key
goes, an import's account that is no account ID (each a ConstructError); a region fixed in
an environment-agnostic stack by the log groups' key, a BucketEvents bucket imported with
``region=`` or an API domain's certificate (constructs_lib:fixedRegionInAgnosticStack)."""

from __future__ import annotations

from collections.abc import Callable

import aws_cdk as cdk
import pytest
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs

from constructs_lib import (
    ApiAuth,
    ApiDomain,
    BucketEvents,
    ConstructError,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
)
from constructs_lib._agnostic_imports import FIXED_REGION_IN_AGNOSTIC_STACK_WARNING
from tests.support import echo_handler, new_app, warnings_of
from tests.template_support import granted, properties_of, variables_of

EU = cdk.Environment(account="111111111111", region="eu-west-1")
CHINA = cdk.Environment(account="111111111111", region="cn-north-1")
KEY_ID = "11111111-2222-3333-4444-555555555555"
CERTIFICATE_ARN = f"arn:aws:acm:eu-west-1:111111111111:certificate/{KEY_ID}"
LOG_KEY_CONTEXT = "constructs_lib:log_encryption_key"


def _stack(env: cdk.Environment | None = None, **context: str) -> cdk.Stack:
    return cdk.Stack(new_app(**context), "Orders", env=env)


def _problem(build: Callable[[cdk.Stack], object], stack: cdk.Stack) -> str:
    with pytest.raises(ConstructError) as raised:
        build(stack)
    (problem,) = raised.value.problems
    return f"{problem.path}: `{problem.prop}` {problem.message}. Fix: {problem.fix}"


def _fixed_region_warnings(stack: cdk.Stack) -> list[str]:
    return warnings_of(stack, FIXED_REGION_IN_AGNOSTIC_STACK_WARNING)


# --- 1. a resource of another partition ------------------------------------------------


def _worker(stack: cdk.Stack, **props: object) -> QueueWorker:
    return QueueWorker(stack, "Worker", handler=echo_handler(), **props)


PARTITION_CASES = {
    "alarm-topic": (
        lambda s: _worker(
            s,
            alarm_topic=sns.Topic.from_topic_arn(
                s, "T", "arn:aws-cn:sns:eu-west-1:111111111111:alarms"
            ),
        ),
        "alarm_topic",
        "arn:aws-cn:sns:eu-west-1:111111111111:alarms",
        ": CloudWatch refuses it as an alarm action",
    ),
    "encryption-key": (
        lambda s: _worker(
            s,
            encryption_key=kms.Key.from_key_arn(
                s, "K", f"arn:aws-us-gov:kms:eu-west-1:111111111111:key/{KEY_ID}"
            ),
        ),
        "encryption_key",
        f"arn:aws-us-gov:kms:eu-west-1:111111111111:key/{KEY_ID}",
        ": the queue or table would name no key",
    ),
    "existing-queue": (
        lambda s: _worker(
            s,
            existing_queue=sqs.Queue.from_queue_arn(
                s, "Q", "arn:aws-cn:sqs:eu-west-1:111111111111:orders"
            ),
        ),
        "existing_queue",
        "arn:aws-cn:sqs:eu-west-1:111111111111:orders",
        ": the construct would wire its functions to no queue",
    ),
    "link": (
        lambda s: QueueWorker(
            s,
            "Worker",
            handler=echo_handler(
                links=[s3.Bucket.from_bucket_arn(s, "B", "arn:aws-cn:s3:::orders-archive")]
            ),
        ),
        "handler.links[0]",
        "arn:aws-cn:s3:::orders-archive",
        ": its grant and variable would name no bucket",
    ),
    "api-certificate": (
        lambda s: ServerlessApi(
            s,
            "Api",
            auth=ApiAuth.iam(),
            routes={"GET /a": echo_handler()},
            domain=ApiDomain(
                name="api.example.com",
                certificate=acm.Certificate.from_certificate_arn(
                    s, "C", CERTIFICATE_ARN.replace("arn:aws:", "arn:aws-cn:")
                ),
            ),
        ),
        "domain.certificate",
        CERTIFICATE_ARN.replace("arn:aws:", "arn:aws-cn:"),
        "",
    ),
}


@pytest.mark.parametrize(
    ("build", "prop", "arn", "effect"), PARTITION_CASES.values(), ids=PARTITION_CASES.keys()
)
def test_an_import_of_another_partition_is_refused(
    build: Callable[[cdk.Stack], object], prop: str, arn: str, effect: str
) -> None:
    # Proves (trial 52): each synthesized (only the log groups' key was checked); no
    # resource of the China or GovCloud partition can be used from eu-west-1
    partition = arn.split(":")[1]
    path = "Orders/Api" if prop == "domain.certificate" else "Orders/Worker"
    assert _problem(build, _stack(EU)) == (
        f"{path}: `{prop}` was imported from {arn!r}, an ARN of the partition {partition}, "
        "and the stack's region eu-west-1 is in the partition aws: the partitions are "
        f"separate clouds, and no resource of one can be used from another{effect}. "
        "Fix: pass the resource of this stack's partition (its ARN starts arn:aws:), or "
        f"create this construct in a stack of a region of {partition}"
    )


def test_another_partition_is_refused_without_the_partition_literals_flag() -> None:
    # without @aws-cdk/core:enablePartitionLiterals, Stack.partition is AWS::Partition even
    # for a stack of eu-west-1: the partition is read from the region
    stack = cdk.Stack(cdk.App(), "Orders", env=EU)
    build, prop, arn, _ = PARTITION_CASES["alarm-topic"]
    assert _problem(build, stack).startswith(
        f"Orders/Worker: `{prop}` was imported from {arn!r}, an ARN of the partition aws-cn"
    )


def test_an_import_of_the_aws_partition_in_a_china_stack_is_refused() -> None:
    arn = "arn:aws:dynamodb:cn-north-1:111111111111:table/customers"
    message = _problem(
        lambda s: ServerlessApi(
            s,
            "Api",
            auth=ApiAuth.iam(),
            routes={"GET /a": echo_handler()},
            existing_table=dynamodb.Table.from_table_arn(s, "T", arn),
        ),
        _stack(CHINA),
    )
    assert message.startswith(
        f"Orders/Api: `existing_table` was imported from {arn!r}, an ARN of the partition aws, "
        "and the stack's region cn-north-1 is in the partition aws-cn"
    )
    assert "Fix: pass the resource of this stack's partition (its ARN starts arn:aws-cn:)" in (
        message
    )


def test_an_import_of_the_stacks_own_partition_passes() -> None:
    stack = _stack(CHINA)
    topic = "arn:aws-cn:sns:cn-north-1:111111111111:alarms"
    key = f"arn:aws-cn:kms:cn-north-1:111111111111:key/{KEY_ID}"
    worker = _worker(
        stack,
        alarm_topic=sns.Topic.from_topic_arn(stack, "T", topic),
        encryption_key=kms.Key.from_key_arn(stack, "K", key),
    )
    stack.node.root.synth()
    # THEN the queue takes the key and every alarm notifies the topic
    assert properties_of(worker.queue)["KmsMasterKeyId"] == key
    assert worker.alarms and all(
        properties_of(alarm)["AlarmActions"] == [topic] for alarm in worker.alarms
    )


def test_another_partition_in_an_environment_agnostic_stack_warns_naming_it() -> None:
    # its partition is the deploy's (AWS::Partition): not an error, a warning that says it
    stack = _stack()
    _worker(
        stack,
        alarm_topic=sns.Topic.from_topic_arn(
            stack, "T", "arn:aws-cn:sns:cn-north-1:111111111111:alarms"
        ),
    )
    (warning,) = _fixed_region_warnings(stack)
    assert warning.startswith(
        "`alarm_topic` was imported by an ARN of region cn-north-1 (partition aws-cn), but the "
        "stack Orders is environment-agnostic"
    )
    assert "in another partition nothing of it can be used" in warning
    assert (
        "or build the ARN from the stack's partition and region "
        "(Stack.of(self).format_arn(...), or Aws.PARTITION and Aws.REGION in it)"
    ) in warning


# --- 2. a key ARN naming no key ID, for every key prop ----------------------------------

NO_KEY_IDS = {"name": "orders", "capitals": KEY_ID.replace("1", "A"), "short": "1234abcd-12ab"}


@pytest.mark.parametrize("key_id", NO_KEY_IDS.values(), ids=NO_KEY_IDS.keys())
def test_a_key_arn_naming_no_key_id_is_refused_as_encryption_key(key_id: str) -> None:
    # Proves (trial 52): refused as the log groups' key, synthesized as a queue's key (the
    # deploy failed: no such key)
    arn = f"arn:aws:kms:eu-west-1:111111111111:key/{key_id}"
    message = _problem(
        lambda s: _worker(s, encryption_key=kms.Key.from_key_arn(s, "K", arn)), _stack(EU)
    )
    assert message == (
        f"Orders/Worker: `encryption_key` is the key {arn!r}, whose key ID {key_id!r} is no "
        "KMS key ID (a "
        "lowercase UUID, or mrk- and 32 hex digits for a multi-Region key), so it names no "
        "key. Fix: pass the kms.Key, or import it by its key ARN: kms.Key.from_key_arn(self, "
        "'Key', 'arn:aws:kms:<region>:<account>:key/<key id>') (aws kms describe-key "
        "--key-id alias/<name> prints it)"
    )


def test_a_key_arn_naming_no_key_id_is_refused_as_dead_letter_queue_key() -> None:
    arn = "arn:aws:kms:eu-west-1:111111111111:key/orders"
    message = _problem(
        lambda s: ScheduledJob(
            s,
            "Job",
            handler=echo_handler(),
            schedule="rate(1 day)",
            dead_letter_queue_key=kms.Key.from_key_arn(s, "K", arn),
        ),
        _stack(EU),
    )
    assert message.startswith(
        f"Orders/Job: `dead_letter_queue_key` is the key {arn!r}, whose key ID 'orders' is no "
        "KMS key ID"
    )


def test_a_linked_tables_key_naming_no_key_id_is_refused() -> None:
    # the key an imported table says it is encrypted with: its grant would name no key
    arn = "arn:aws:kms:eu-west-1:111111111111:key/orders"

    def build(stack: cdk.Stack) -> object:
        table = dynamodb.Table.from_table_attributes(
            stack, "T", table_name="customers", encryption_key=kms.Key.from_key_arn(stack, "K", arn)
        )
        return QueueWorker(stack, "Worker", handler=echo_handler(links=[table]))

    message = _problem(build, _stack(EU))
    assert message.startswith(
        "Orders/Worker: `handler.links[0]` is the table Orders/T, encrypted with the key "
        f"{arn!r}, whose key ID 'orders' is no KMS key ID"
    )


def test_a_multi_region_key_id_passes() -> None:
    stack = _stack(EU)
    arn = f"arn:aws:kms:eu-west-1:111111111111:key/mrk-{'0123456789abcdef' * 2}"
    worker = _worker(stack, encryption_key=kms.Key.from_key_arn(stack, "K", arn))
    stack.node.root.synth()
    # THEN the queue takes the multi-Region key
    assert properties_of(worker.queue)["KmsMasterKeyId"] == arn


# --- 3. more regions fixed in an environment-agnostic stack -------------------------------


def test_the_log_groups_key_of_one_region_warns_once_per_agnostic_stack() -> None:
    # Proves (trial 52): the context's key of eu-west-1 synthesized in silence for a stack
    # deployed anywhere; CloudWatch Logs refuses a key of another region
    key = f"arn:aws:kms:eu-west-1:111111111111:key/{KEY_ID}"
    stack = _stack(**{LOG_KEY_CONTEXT: key})
    _worker(stack)
    QueueWorker(stack, "Other", handler=echo_handler())  # another log group: no second warning
    (warning,) = _fixed_region_warnings(stack)
    assert warning.startswith(
        f"The context '{LOG_KEY_CONTEXT}' is a key of region eu-west-1 (CloudWatch Logs uses a "
        "key of the log group's own region), but the stack Orders is environment-agnostic"
    )
    assert (
        "Fix: give the stack env=cdk.Environment(account=..., region='eu-west-1'), or set the "
        f"context only on a stage with that region (stage.node.set_context({LOG_KEY_CONTEXT!r}, "
        "arn) right after creating the stage)"
    ) in warning


def test_a_bucket_imported_with_a_region_warns_in_an_agnostic_stack() -> None:
    # Proves (trial 52): S3 notifies only a queue of the bucket's region, refused for a
    # stack of another region, silent for one of any
    stack = _stack()
    bucket = s3.Bucket.from_bucket_attributes(stack, "B", bucket_name="uploads", region="eu-west-1")
    _worker(stack, sources=[BucketEvents(bucket)])
    (warning,) = _fixed_region_warnings(stack)
    assert warning.startswith(
        "`sources[0].bucket` was imported with region='eu-west-1', but the stack Orders is "
        "environment-agnostic"
    )
    assert "or import it without region=;" in warning


def test_a_bucket_imported_by_name_does_not_warn() -> None:
    stack = _stack()
    _worker(stack, sources=[BucketEvents(s3.Bucket.from_bucket_name(stack, "B", "uploads"))])
    assert _fixed_region_warnings(stack) == []


def _api_with_certificate(stack: cdk.Stack) -> ServerlessApi:
    certificate = acm.Certificate.from_certificate_arn(stack, "C", CERTIFICATE_ARN)
    return ServerlessApi(
        stack,
        "Api",
        auth=ApiAuth.iam(),
        routes={"GET /a": echo_handler()},
        domain=ApiDomain(name="api.example.com", certificate=certificate),
    )


def test_an_api_certificate_of_one_region_warns_in_an_agnostic_stack() -> None:
    # Proves (trial 52): refused for a stack of another region, silent for one of any
    stack = _stack()
    _api_with_certificate(stack)
    (warning,) = _fixed_region_warnings(stack)
    assert warning.startswith(
        "`domain.certificate` is a certificate of region eu-west-1 (a regional custom domain "
        "needs one of the API's own region), but the stack Orders is environment-agnostic"
    )
    assert "or create the certificate in this stack (acm.Certificate" in warning


def test_an_api_certificate_of_the_stacks_region_does_not_warn() -> None:
    stack = _stack(EU)
    _api_with_certificate(stack)
    assert _fixed_region_warnings(stack) == []


# --- 4. a link to a bucket imported with an account that is no account ID ------------------


@pytest.mark.parametrize("account", ["abc", "", "22222222222"])
def test_a_linked_bucket_imported_with_no_account_id_is_refused(account: str) -> None:
    # Proves (trial 52): StaticSite refused it; a link synthesized grants to it
    def build(stack: cdk.Stack) -> object:
        bucket = s3.Bucket.from_bucket_attributes(
            stack, "B", bucket_name="archive", account=account
        )
        return QueueWorker(stack, "Worker", handler=echo_handler(links=[bucket]))

    assert _problem(build, _stack(EU)) == (
        f"Orders/Worker: `handler.links[0]` is imported with account={account!r}, which is no "
        "AWS account ID (12 digits). Fix: pass the bucket owner's 12-digit account ID as "
        "account=, e.g. '222222222222', or leave account= out for a bucket of this stack's "
        "account"
    )


def test_a_linked_bucket_of_another_accounts_id_passes() -> None:
    stack = _stack(EU)
    bucket = s3.Bucket.from_bucket_attributes(
        stack, "B", bucket_name="archive", account="222222222222"
    )
    worker = QueueWorker(stack, "Worker", handler=echo_handler(links=[bucket]))
    stack.node.root.synth()
    # THEN the function has the bucket's name and may read and write its objects
    assert variables_of(worker.function)["B_BUCKET_NAME"] == "archive"
    assert granted(worker.function_role, "s3:PutObject") == [
        "arn:aws:s3:::archive",
        "arn:aws:s3:::archive/*",
    ]
