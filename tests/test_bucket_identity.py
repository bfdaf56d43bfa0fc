"""Which bucket constructs are one bucket (``_bucket_identity``), the one answer of the
overlapping-notifications check (when a worker is made) and of the check that a bucket's own
notification resource would wipe an import's (at synth): a bucket of the app and its imports
by name or ARN, a literal name in every environment, a name holding the account, region or
stack name as its stack deploys it."""

from __future__ import annotations

import re
from collections.abc import Callable

import aws_cdk as cdk
import pytest
from aws_cdk import Aws
from aws_cdk import aws_s3 as s3

from constructs_lib import BucketEvents, ConstructError, QueueWorker
from constructs_lib._bucket_identity import one_bucket
from tests.support import echo_handler, new_app

DEV, PROD = "111111111111", "222222222222"
BY_ACCOUNT = f"uploads-{Aws.ACCOUNT_ID}"


def _env(account: str = DEV, region: str = "us-east-1") -> cdk.Environment:
    return cdk.Environment(account=account, region=region)


def _worker(stack: cdk.Stack, bucket: s3.IBucket, name: str = "Ingest") -> QueueWorker:
    return QueueWorker(
        stack,
        name,
        handler=echo_handler(name=name),
        alarms=False,
        sources=[BucketEvents(bucket, prefix="incoming/")],
    )


# --- the answer itself: one bucket, and why ---------------------------------------------


def test_a_bucket_and_its_imports_by_name_and_by_arn_are_one_bucket() -> None:
    app = new_app()
    storage, processing = cdk.Stack(app, "Storage"), cdk.Stack(app, "Processing")
    uploads = s3.Bucket(storage, "Uploads")
    by_name = s3.Bucket.from_bucket_name(processing, "ByName", uploads.bucket_name)
    by_arn = s3.Bucket.from_bucket_arn(processing, "ByArn", uploads.bucket_arn)
    assert one_bucket(uploads, by_name) == "one name"
    assert one_bucket(by_arn, uploads) == "one ARN"
    assert one_bucket(by_name, by_arn) == "the name and the ARN of one bucket"
    assert one_bucket(uploads, uploads) == "one construct"


@pytest.mark.parametrize(
    "imported",
    [
        lambda stack: s3.Bucket.from_bucket_name(stack, "Imported", "acme-uploads"),
        lambda stack: s3.Bucket.from_bucket_arn(stack, "Imported", "arn:aws:s3:::acme-uploads"),
    ],
    ids=["literal-name", "literal-arn"],
)
def test_a_literal_name_is_one_bucket_in_every_account_and_region(
    imported: Callable[[cdk.Stack], s3.IBucket],
) -> None:
    # S3 names are global: an import of the name in another account's stack is that
    # account's access to the one bucket
    app = new_app()
    uploads = s3.Bucket(
        cdk.Stack(app, "Storage", env=_env()), "Uploads", bucket_name="acme-uploads"
    )
    other = imported(cdk.Stack(app, "Elsewhere", env=_env(PROD, "eu-west-1")))
    assert one_bucket(uploads, other) == "one name"


def test_a_name_holding_pseudo_parameters_is_the_name_its_stack_deploys() -> None:
    app = new_app()
    dev, prod = cdk.Stack(app, "Dev", env=_env()), cdk.Stack(app, "Prod", env=_env(PROD))
    uploads = s3.Bucket(dev, "Uploads", bucket_name=BY_ACCOUNT)
    files = s3.Bucket(dev, "Files", bucket_name=f"{Aws.STACK_NAME}-files-{Aws.REGION}")
    # the same text in another account's stack is that account's bucket
    assert one_bucket(uploads, s3.Bucket.from_bucket_name(prod, "Uploads", BY_ACCOUNT)) is None
    # the literal it deploys as is the same bucket, wherever imported
    literal = s3.Bucket.from_bucket_name(prod, "Literal", f"uploads-{DEV}")
    assert one_bucket(uploads, literal) == "one name"
    named = s3.Bucket.from_bucket_name(prod, "Named", "Dev-files-us-east-1")
    assert one_bucket(files, named) == "one name"
    assert (
        one_bucket(files, s3.Bucket.from_bucket_name(prod, "Other", "Prod-files-us-east-1")) is None
    )


def test_a_pseudo_parameter_name_in_environment_agnostic_stacks() -> None:
    # one deploy puts every env-agnostic stack in the CLI's account: one bucket among them;
    # against a stack of a known account, nothing tells: two (no refusal on a guess)
    app = new_app()
    uploads = s3.Bucket(cdk.Stack(app, "Storage"), "Uploads", bucket_name=BY_ACCOUNT)
    agnostic = s3.Bucket.from_bucket_name(cdk.Stack(app, "Processing"), "Imported", BY_ACCOUNT)
    known = s3.Bucket.from_bucket_name(cdk.Stack(app, "Dev", env=_env()), "Imported", BY_ACCOUNT)
    assert one_bucket(uploads, agnostic) == "one name"
    assert one_bucket(uploads, known) is None


def test_a_stack_name_in_nested_stacks_is_each_ones_own() -> None:
    # CloudFormation names each nested stack on its own: two instances of one nested stack,
    # each with its f"{Aws.STACK_NAME}-uploads" and a worker of it, are two buckets (the
    # second worker was refused as overlapping the first's); within one nested stack the
    # bucket and an import of the same text are still one
    app = new_app()
    parent = cdk.Stack(app, "Parent", env=_env())
    tenants = [cdk.NestedStack(parent, name) for name in ("Tenant1", "Tenant2")]
    buckets = [
        s3.Bucket(tenant, "Uploads", bucket_name=f"{Aws.STACK_NAME}-uploads") for tenant in tenants
    ]
    for tenant, bucket in zip(tenants, buckets, strict=True):
        _worker(tenant, bucket)
    assert one_bucket(*buckets) is None
    again = s3.Bucket.from_bucket_name(tenants[0], "Again", f"{Aws.STACK_NAME}-uploads")
    assert one_bucket(buckets[0], again) == "one name"
    assert one_bucket(buckets[1], again) is None
    app.synth()


def test_other_buckets_are_two() -> None:
    app = new_app()
    storage, processing = cdk.Stack(app, "Storage"), cdk.Stack(app, "Processing")
    uploads, archive = s3.Bucket(storage, "Uploads"), s3.Bucket(storage, "Archive")
    named = s3.Bucket(storage, "Named", bucket_name="acme-uploads")
    pairs = [
        (uploads, archive),
        (uploads, s3.Bucket.from_bucket_arn(processing, "ArchiveByArn", archive.bucket_arn)),
        (archive, s3.Bucket.from_bucket_name(processing, "Prefixed", f"{uploads.bucket_name}-x")),
        (named, s3.Bucket.from_bucket_name(processing, "Longer", "acme-uploads-2")),
        (
            s3.Bucket.from_bucket_arn(processing, "A", cdk.Fn.import_value("A")),
            s3.Bucket.from_bucket_arn(processing, "B", cdk.Fn.import_value("B")),
        ),
    ]
    assert [one_bucket(a, b) for a, b in pairs] == [None] * len(pairs)


# --- the overlapping-notifications check (when the second worker is made) ---------------


def test_workers_of_one_bucket_imported_by_name_and_by_arn_may_not_overlap() -> None:
    # Proves (bucket42): an import by the bucket's ARN was another bucket to the overlap
    # check, so two workers' overlapping prefixes of one bucket synthesized (S3 rejects them)
    app = new_app()
    storage = cdk.Stack(app, "Storage")
    uploads = s3.Bucket(storage, "Uploads")
    first, second = cdk.Stack(app, "First"), cdk.Stack(app, "Second")
    _worker(first, s3.Bucket.from_bucket_name(first, "Imported", uploads.bucket_name))
    with pytest.raises(
        ConstructError,
        match=re.escape(
            "Second/Ingest: `sources[0]` overlaps a BucketEvents of Second/Imported that "
            "First/Ingest already has"
        )
        + r".*\(Second/Imported and First/Imported are one bucket: the name and the ARN of "
        r"one bucket\)",
    ):
        _worker(second, s3.Bucket.from_bucket_arn(second, "Imported", uploads.bucket_arn))


def test_a_bucket_given_itself_and_imported_by_arn_is_refused_when_made() -> None:
    # Proves (bucket42): the bucket itself to one worker and an import by its ARN to
    # another were two buckets when made (only the synth found them)
    app = new_app()
    storage = cdk.Stack(app, "Storage")
    uploads = s3.Bucket(storage, "Uploads")
    _worker(storage, uploads, "Archive")
    processing = cdk.Stack(app, "Processing")
    imported = s3.Bucket.from_bucket_arn(processing, "Imported", uploads.bucket_arn)
    with pytest.raises(
        ConstructError,
        match=re.escape(
            "`sources[0]` connects Processing/Imported, and Storage/Archive's Storage/Uploads "
            "is one bucket with it (one ARN)"
        ),
    ):
        _worker(processing, imported)


# --- the app-wide check of a bucket's own notifications (when built, else at synth) -----


def _stage_warnings(stack: cdk.Stack) -> list[str]:
    """The warnings of one bucket of ``stack``, its stage synthesized again (as a pipeline's
    stage is, on its own)."""
    stage = cdk.Stage.of(stack)
    assert isinstance(stage, cdk.Stage)
    (artifact,) = stage.synth(force=True).stacks
    texts = [str(entry.data) for entry in artifact.find_metadata_by_type("aws:cdk:warning")]
    return [text for text in texts if "one bucket" in text]


def _own_and_imported(app: cdk.App, env: cdk.Environment | None, imported_name: str) -> cdk.App:
    storage = cdk.Stack(app, "Storage", env=env)
    s3.Bucket(storage, "Uploads", bucket_name=BY_ACCOUNT, event_bridge_enabled=True)
    processing = cdk.Stack(app, "Processing", env=env)
    _worker(processing, s3.Bucket.from_bucket_name(processing, "Imported", imported_name))
    return app


@pytest.mark.parametrize(
    ("env", "imported_name"),
    [(_env(), BY_ACCOUNT), (_env(), f"uploads-{DEV}"), (None, BY_ACCOUNT)],
    ids=["known-account-text", "known-account-literal", "env-agnostic-text"],
)
def test_a_bucket_named_by_its_account_and_an_import_of_that_name_are_refused(
    env: cdk.Environment | None, imported_name: str
) -> None:
    # Proves (bucket42): a bucket named f"uploads-{Aws.ACCOUNT_ID}" with EventBridge on and
    # a worker of an import of that name (or of the literal it deploys as) in its account
    # synthesized, the import's notifications deleted at the bucket's next update
    with pytest.raises(
        ConstructError, match=re.escape("and Storage/Uploads is one bucket with it (one name)")
    ):
        _own_and_imported(new_app(), env, imported_name)


@pytest.mark.parametrize(
    ("imported_name", "one"),
    [(BY_ACCOUNT, False), (f"uploads-{DEV}", True)],
    ids=["the-same-text", "the-literal-dev-deploys-as"],
)
def test_a_bucket_named_by_its_account_imported_in_another_account_s_stage(
    imported_name: str, one: bool
) -> None:
    # GIVEN Dev's bucket f"uploads-{Aws.ACCOUNT_ID}" with EventBridge on, and Prod (another
    # account) importing a name for a worker
    app = new_app()
    dev = cdk.Stage(app, "Dev", env=_env())
    s3.Bucket(
        cdk.Stack(dev, "Storage"), "Uploads", bucket_name=BY_ACCOUNT, event_bridge_enabled=True
    )
    prod = cdk.Stack(cdk.Stage(app, "Prod", env=_env(PROD)), "Processing")
    _worker(prod, s3.Bucket.from_bucket_name(prod, "Imported", imported_name))
    # THEN the same text is Prod's own account's bucket: no warning, each stage synthesizes;
    # the literal Dev's deploys as is Dev's bucket (S3 names are global): a warning, in
    # another stage
    warnings = _stage_warnings(prod)
    assert [w for w in warnings if "Dev/Storage/Uploads is one bucket with it (one name)" in w] == (
        warnings if one else []
    )
    assert len(warnings) == int(one)
    dev.synth()


# --- one walk of the app per synth, redone when the app grew ------------------------------


def test_a_walk_of_the_app_is_redone_at_each_synth() -> None:
    # GIVEN a worker of an import in the Service stage, synthesized once
    app = new_app()
    storage = cdk.Stack(cdk.Stage(app, "Shared"), "Storage")
    uploads = s3.Bucket(storage, "Uploads", bucket_name="acme-uploads-4")
    processing = cdk.Stack(cdk.Stage(app, "Service"), "Processing")
    _worker(processing, s3.Bucket.from_bucket_name(processing, "Imported", "acme-uploads-4"))
    assert _stage_warnings(processing) == []
    # WHEN the bucket gets notifications of its own in the other stage (cdk refuses a
    # stage's tree changed between its synths, not another's) THEN the next synth sees them
    uploads.enable_event_bridge_notification()
    (warning,) = _stage_warnings(processing)
    assert "Service/Processing/Imported, and Shared/Storage/Uploads is one bucket" in warning
