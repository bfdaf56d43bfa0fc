"""QueueWorker's ``sources``: one bucket given to workers both as itself and imported. The
bucket's own notification resource (aws-cdk-lib's ``Managed: true``) puts the whole
configuration at each update, deleting what an import's resource (``Managed: false``)
merged in, so the import's events stop in silence after a later deploy."""

from __future__ import annotations

import re
from collections.abc import Callable

import aws_cdk as cdk
import pytest
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template

from constructs_lib import BucketEvents, ConstructError, QueueWorker
from constructs_lib._bucket_notifications import KEEP_IMPORTED_NOTIFICATIONS_FLAG
from tests.support import echo_handler, new_app
from tests.template_support import notifications_of

Given = Callable[[cdk.Stack, s3.Bucket], s3.IBucket]
itself: Given = lambda stack, bucket: bucket  # noqa: E731


def by_name(name: str) -> Given:
    """The bucket imported by ``name`` into a stack (a second time: as "Imported2")."""

    def given(stack: cdk.Stack, bucket: s3.Bucket) -> s3.IBucket:
        id = "Imported2" if stack.node.try_find_child("Imported") else "Imported"
        return s3.Bucket.from_bucket_name(stack, id, name)

    return given


def imported(stack: cdk.Stack, bucket: s3.Bucket) -> s3.IBucket:
    """The bucket imported by its name (a reference to it) into ``stack``."""
    return by_name(bucket.bucket_name)(stack, bucket)


def _workers(
    first: Given,
    second: Given,
    *,
    second_stack: str = "Processing",
    bucket_name: str | None = None,
    **context: object,
) -> cdk.App:
    """A worker of Storage's bucket (named ``bucket_name``, if given) in Storage (given as
    ``first``) and one in ``second_stack`` (given as ``second``), under disjoint prefixes,
    in an app of ``context``."""
    app = new_app(**context)
    storage = cdk.Stack(app, "Storage")
    uploads = s3.Bucket(storage, "Uploads", bucket_name=bucket_name)
    other = storage if second_stack == "Storage" else cdk.Stack(app, second_stack)
    for stack, given, prefix, name in (
        (storage, first, "archive/", "Archive"),
        (other, second, "incoming/", "Ingest"),
    ):
        QueueWorker(
            stack,
            name,
            handler=echo_handler(name=name),
            alarms=False,
            sources=[BucketEvents(given(stack, uploads), prefix=prefix)],
        )
    return app


MIXED = (
    "`sources[0]` connects {path}, and {whose} {other} is one bucket with it (one name): "
    "Storage/Uploads is the bucket itself, whose notification resource replaces the bucket's "
    "whole notification configuration at each of its updates, deleting the notifications the "
    "import {imported} added, so their events stop coming in silence. Fix: give every worker "
    "the bucket the same way: imported by name in each worker's stack"
)


@pytest.mark.parametrize(
    ("first", "second", "second_stack", "paths"),
    [
        # a worker of the bucket itself in its stack, then another stack's of an import
        (itself, imported, "Processing", ("Processing/Imported", "Storage/Uploads")),
        # the import first, then the bucket itself (in its own stack too)
        (imported, itself, "Storage", ("Storage/Uploads", "Storage/Imported")),
    ],
    ids=["itself-then-imported", "imported-then-itself"],
)
def test_a_bucket_given_itself_and_imported_to_two_workers_is_refused(
    first: Given, second: Given, second_stack: str, paths: tuple[str, str]
) -> None:
    path, other = paths
    imported_path = path if "Imported" in path else other
    message = MIXED.format(
        path=path, whose="Storage/Archive's", other=other, imported=imported_path
    )
    with pytest.raises(ConstructError, match=re.escape(message)):
        _workers(first, second, second_stack=second_stack)


@pytest.mark.parametrize(
    ("first", "second", "second_stack"),
    [(itself, imported, "Processing"), (imported, itself, "Storage")],
    ids=["itself-then-imported", "imported-then-itself"],
)
def test_with_aws_cdk_lib_s_keep_flag_a_bucket_given_both_ways_synthesizes(
    first: Given, second: Given, second_stack: str
) -> None:
    # GIVEN the flag with which the bucket's own resource merges too (Managed: false)
    app = _workers(
        first, second, second_stack=second_stack, **{KEEP_IMPORTED_NOTIFICATIONS_FLAG: True}
    )
    # THEN both workers' notifications are kept: nothing is refused
    app.synth()
    storage = app.node.find_child("Storage")
    assert isinstance(storage, cdk.Stack)
    found = Template.from_stack(storage).find_resources("Custom::S3BucketNotifications")
    assert {r["Properties"]["Managed"] for r in found.values()} == {False}


def test_one_worker_given_the_bucket_itself_and_an_import_of_it_is_refused() -> None:
    stack = cdk.Stack(new_app(), "Storage")
    uploads = s3.Bucket(stack, "Uploads")
    sources = [BucketEvents(uploads, prefix="a/"), BucketEvents(imported(stack, uploads))]
    message = "`sources[1]` connects Storage/Imported, and an earlier source's Storage/Uploads"
    with pytest.raises(ConstructError, match=re.escape(message)):
        QueueWorker(stack, "Ingest", handler=echo_handler(), sources=sources)


@pytest.mark.parametrize(
    ("first", "second", "second_stack"),
    [
        (imported, imported, "Processing"),  # the fix: imported everywhere, its own stack too
        (itself, itself, "Storage"),  # the bucket itself, every worker in its stack
        (imported, imported, "Storage"),
    ],
    ids=["imported-in-both-stacks", "itself-in-its-stack", "imported-twice-in-its-stack"],
)
def test_a_bucket_given_the_same_way_to_every_worker_synthesizes(
    first: Given, second: Given, second_stack: str
) -> None:
    app = _workers(first, second, second_stack=second_stack)
    notifications = [
        Template.from_stack(stack).find_resources("Custom::S3BucketNotifications")
        for stack in app.node.children
        if isinstance(stack, cdk.Stack)
    ]
    managed = {r["Properties"].get("Managed") for found in notifications for r in found.values()}
    assert managed == ({False} if first is imported else {True})


def test_another_bucket_itself_beside_an_import_is_fine() -> None:
    # GIVEN the app's bucket itself in one worker, another bucket imported in another
    app = new_app()
    storage = cdk.Stack(app, "Storage")
    uploads, archive = s3.Bucket(storage, "Uploads"), s3.Bucket(storage, "Archive")
    archiver = QueueWorker(
        storage,
        "Archiver",
        handler=echo_handler(name="A"),
        sources=[BucketEvents(archive)],
        alarms=False,
    )
    processing = cdk.Stack(app, "Processing")
    ingest = QueueWorker(
        processing,
        "Ingest",
        handler=echo_handler(name="I"),
        alarms=False,
        sources=[BucketEvents(imported(processing, uploads))],
    )
    app.synth()
    # THEN the bucket itself has its own (managed) notifications, the import merged ones
    (own,) = notifications_of(archiver)
    assert (own["BucketName"], own["Managed"]) == (storage.resolve(archive.bucket_name), True)
    (merged,) = notifications_of(ingest)
    assert merged["Managed"] is False


def test_a_named_bucket_and_an_import_of_its_name_as_written_are_refused() -> None:
    # The name given to bucket_name= is the bucket's name, as a reference to it would be
    message = MIXED.format(
        path="Processing/Imported",
        whose="Storage/Archive's",
        other="Storage/Uploads",
        imported="Processing/Imported",
    )
    with pytest.raises(ConstructError, match=re.escape(message)):
        _workers(itself, by_name("acme-uploads"), bucket_name="acme-uploads")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (by_name("acme-uploads"), by_name("acme-uploads")),  # the fix: imported everywhere
        (itself, by_name("acme-archive")),  # another bucket's name
        (itself, by_name("acme-uploads-2")),  # a name that only starts like it
    ],
    ids=["imported-in-both-stacks", "another-name", "a-longer-name"],
)
def test_a_named_bucket_beside_imports_given_the_same_way_synthesizes(
    first: Given, second: Given
) -> None:
    # Imports by the name as written, as a user copies it from the bucket's stack
    app = _workers(first, second, bucket_name="acme-uploads")
    app.synth()
    # THEN each worker's bucket sends to its queue: the bucket itself through its own
    # (managed) resource, an import through a merged one naming the bucket as written
    for stack, worker, given in (("Storage", "Archive", first), ("Processing", "Ingest", second)):
        (notification,) = notifications_of(app.node.find_child(stack).node.find_child(worker))
        assert notification["Managed"] is (given is itself)
        if given is not itself:
            assert isinstance(notification["BucketName"], str)
            assert notification["BucketName"].startswith("acme-")


def _notification_ids(app: cdk.App) -> set[str]:
    """The logical IDs of Storage's notification resources."""
    storage = app.node.find_child("Storage")
    assert isinstance(storage, cdk.Stack)
    return set(Template.from_stack(storage).find_resources("Custom::S3BucketNotifications"))


def test_a_deployed_worker_of_the_bucket_itself_is_told_the_flag_not_an_import() -> None:
    # GIVEN a worker of the bucket itself, deployed (0.3.0 took it beside another stack's
    # import), whose notification resource is aws-cdk-lib's managed one
    deployed = _notification_ids(_workers(itself, itself, second_stack="Storage"))
    # THEN the fix's import in its own stack would replace that resource (CloudFormation
    # deletes the old one after creating the new, and the handler deletes a managed one by
    # putting an empty configuration: every notification of the bucket gone), the flag
    # keeps it
    assert _notification_ids(_workers(imported, imported, second_stack="Storage")) != deployed
    flag = {KEEP_IMPORTED_NOTIFICATIONS_FLAG: True}
    assert _notification_ids(_workers(itself, imported, **flag)) == deployed
    with pytest.raises(ConstructError) as error:
        _workers(itself, imported)
    assert (
        f"or set the context flag '{KEEP_IMPORTED_NOTIFICATIONS_FLAG}': true in cdk.json, with "
        "which the bucket's own resource keeps the imports' notifications (the way for the "
        "bucket's own notifications once deployed: moved to an import, their resource is "
        "replaced, and deleting the old one empties the bucket's whole notification "
        "configuration)"
    ) in str(error.value)
