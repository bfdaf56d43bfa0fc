"""Which BucketEvents are of one bucket: S3 knows a bucket by its name, spelt in the app as
a bucket's ``bucket_name`` (a bucket of the app's, or an import's), its own name prop, or a
name holding the stack's account (one text in every stage, a bucket in each account)."""

from __future__ import annotations

import re

import aws_cdk as cdk
import pytest
from aws_cdk import aws_s3 as s3

from constructs_lib import BucketEvents, ConstructError, QueueWorker
from tests.support import echo_handler, new_app
from tests.template_support import intrinsics, notifications_of

DEV, PROD = "111111111111", "222222222222"
BY_ACCOUNT = "uploads-{account}"


def _worker(stack: cdk.Stack, bucket: s3.IBucket, name: str = "Ingest") -> QueueWorker:
    return QueueWorker(
        stack, name, handler=echo_handler(), alarms=False, sources=[BucketEvents(bucket)]
    )


def _imported_by_account(stack: cdk.Stack, id: str = "Uploads") -> s3.IBucket:
    return s3.Bucket.from_bucket_name(stack, id, BY_ACCOUNT.format(account=cdk.Aws.ACCOUNT_ID))


@pytest.mark.parametrize(
    ("name", "accounts", "regions"),
    [
        (BY_ACCOUNT, (DEV, PROD), ("us-east-1", "us-east-1")),
        (BY_ACCOUNT + "-{region}", (DEV, DEV), ("us-east-1", "eu-west-1")),
    ],
    ids=["account", "region"],
)
def test_a_name_holding_the_account_is_one_bucket_per_stage_environment(
    name: str, accounts: tuple[str, str], regions: tuple[str, str]
) -> None:
    # GIVEN a stage per account (or region), each importing f"uploads-{Aws.ACCOUNT_ID}" to
    # the same worker. Proves (sweep41): Prod's worker overlapped "Dev's bucket" (one text)
    app = new_app()
    workers = []
    for stage, account, region in zip(("Dev", "Prod"), accounts, regions, strict=True):
        stack = cdk.Stack(
            cdk.Stage(app, stage, env=cdk.Environment(account=account, region=region)), "Work"
        )
        text = name.format(account=cdk.Aws.ACCOUNT_ID, region=cdk.Aws.REGION)
        workers.append(_worker(stack, s3.Bucket.from_bucket_name(stack, "Uploads", text)))
    app.synth()
    # THEN each stage's worker notifies its environment's bucket: the name as written
    for worker in workers:
        (notification,) = notifications_of(worker)
        assert notification["Managed"] is False
        assert intrinsics(notification["BucketName"], "Ref")[0] == "AWS::AccountId"


def test_a_name_holding_the_account_is_one_bucket_in_one_environment() -> None:
    # GIVEN two stacks of one environment importing it THEN one bucket: overlapping refused
    app = new_app()
    env = cdk.Environment(account=DEV, region="us-east-1")
    first, second = cdk.Stack(app, "A", env=env), cdk.Stack(app, "B", env=env)
    _worker(first, _imported_by_account(first))
    with pytest.raises(ConstructError, match=r"B/Ingest: `sources\[0\]` overlaps a BucketEvents"):
        _worker(second, _imported_by_account(second))


@pytest.mark.parametrize("import_first", [False, True], ids=["itself-first", "import-first"])
def test_a_bucket_of_the_app_imported_by_its_literal_name_is_one_bucket(
    import_first: bool,
) -> None:
    # GIVEN the bucket itself (bucket_name="acme-uploads") to one worker and an import by
    # "acme-uploads" to another. Proves (sweep41): their names differed as the app spells
    # them (a token and the text), so it synthesized and the import's events would stop
    app = new_app()
    storage, processing = cdk.Stack(app, "Storage"), cdk.Stack(app, "Processing")
    uploads = s3.Bucket(storage, "Uploads", bucket_name="acme-uploads")
    imported = s3.Bucket.from_bucket_name(processing, "Imported", "acme-uploads")
    order = [(processing, imported), (storage, uploads)]
    (stack, bucket), (later_stack, later) = order if import_first else order[::-1]
    _worker(stack, bucket, "First")
    with pytest.raises(
        ConstructError,
        match=re.escape(f"{later_stack.stack_name}/Second: `sources[0]` connects {later.node.path}")
        + r".* is one bucket with it \(one name\): Storage/Uploads is the bucket itself",
    ):
        _worker(later_stack, later, "Second")


def test_other_buckets_of_the_app_by_their_names_pass() -> None:
    # GIVEN a bucket of the app named "acme-uploads" and an import of "acme-uploads-2"
    app = new_app()
    stack = cdk.Stack(app, "Storage")
    first = _worker(stack, s3.Bucket(stack, "Uploads", bucket_name="acme-uploads"), "First")
    second = _worker(stack, s3.Bucket.from_bucket_name(stack, "Other", "acme-uploads-2"), "Second")
    app.synth()
    # THEN each is its own bucket: the bucket's own notifications, and the other's merged
    (own,) = notifications_of(first)
    assert own["Managed"] is True and intrinsics(own["BucketName"], "Ref")
    (other,) = notifications_of(second)
    assert (other["BucketName"], other["Managed"]) == ("acme-uploads-2", False)


@pytest.mark.parametrize("in_stages", [True, False], ids=["stages", "stacks"])
def test_buckets_named_by_the_account_in_environment_agnostic_stages_are_two(
    in_stages: bool,
) -> None:
    # GIVEN a Dev and a Prod stage (or stack) without env, deployed with each account's
    # credentials, each creating f"uploads-{Aws.ACCOUNT_ID}" with a worker of the same code.
    # Proves (upgrade trial 44): Prod's worker was refused as overlapping "Dev's bucket" (one
    # text), an app 0.3.0 synthesized; two buckets of the app are two resources, which one
    # name deploys only in two accounts (or not at all)
    app = new_app()
    workers = []
    for name in ("Dev", "Prod"):
        scope = cdk.Stage(app, name) if in_stages else app
        stack = cdk.Stack(scope, "Work" if in_stages else name)
        bucket_name = BY_ACCOUNT.format(account=cdk.Aws.ACCOUNT_ID)
        workers.append(_worker(stack, s3.Bucket(stack, "Uploads", bucket_name=bucket_name)))
    app.synth()
    # THEN each stack's bucket sends to its own worker, through its own managed resource
    for worker in workers:
        (notification,) = notifications_of(worker)
        assert notification["Managed"] is True


def test_a_bucket_named_by_the_account_and_an_agnostic_import_of_that_text_still_overlap() -> None:
    # The rule above is for two buckets of the app only: a worker of an environment-agnostic
    # import of the same text is of that bucket (one deploy, one account), as before
    app = new_app()
    storage, processing = cdk.Stack(app, "Storage"), cdk.Stack(app, "Processing")
    bucket_name = BY_ACCOUNT.format(account=cdk.Aws.ACCOUNT_ID)
    _worker(storage, s3.Bucket(storage, "Uploads", bucket_name=bucket_name))
    with pytest.raises(ConstructError, match=r"Processing/Ingest: `sources\[0\]` connects"):
        _worker(processing, _imported_by_account(processing))
