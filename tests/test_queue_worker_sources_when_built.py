"""When a QueueWorker's source is refused for one bucket's notifications made both through
the bucket itself and through an import of it: when the worker is built, if the other side
exists already (a ConstructError naming the source), else at synth, with one text, never
twice (test_queue_worker_sources_app_wide has the messages)."""

from __future__ import annotations

import re

import aws_cdk as cdk
import pytest
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_notifications as s3n
from aws_cdk import aws_sqs as sqs

from constructs_lib import BucketEvents, ConstructError, QueueWorker
from constructs_lib._bucket_notifications import (
    KEEP_IMPORTED_NOTIFICATIONS_FLAG,
    NOTIFICATIONS_OF_ANOTHER_STAGE_WARNING,
)
from tests.support import echo_handler, new_app
from tests.template_support import notifications_of


def _notify_import(scope: cdk.Stack, name: str) -> None:
    """The user's own notification of an import of the bucket ``name`` in ``scope``."""
    imported = s3.Bucket.from_bucket_name(scope, "Imported", name)
    audit = sqs.Queue(scope, "Audit", enforce_ssl=True)
    imported.add_event_notification(s3.EventType.OBJECT_REMOVED, s3n.SqsDestination(audit))


def _worker_of_itself(
    app: cdk.App, *, import_first: bool, stage: cdk.Stage | None = None
) -> tuple[cdk.App, cdk.Stack]:
    """A worker of Storage's bucket itself, and the user's notification of an import of it
    in Processing (in ``stage``, if given), made first or after the worker."""
    storage = cdk.Stack(app, "Storage")
    uploads = s3.Bucket(storage, "Uploads", bucket_name="acme-uploads-4")
    processing = cdk.Stack(stage or app, "Processing")
    if import_first:
        _notify_import(processing, "acme-uploads-4")
    QueueWorker(storage, "Archive", handler=echo_handler(), sources=[BucketEvents(uploads)])
    if not import_first:
        _notify_import(processing, "acme-uploads-4")
    return app, storage


def _body(text: str) -> str:
    """A problem's text from its "`sources[0]`" on (the error's prefix names the path)."""
    return text[text.index("`sources[0]`") :].rstrip()


def test_a_worker_of_the_bucket_itself_after_an_import_s_own_notifications_is_refused() -> None:
    # GIVEN the user's notification of an import, made first WHEN the worker of the bucket
    # itself is built THEN it is refused then (synth42: only at synth, as a jsii trace)
    with pytest.raises(ConstructError) as error:
        _worker_of_itself(new_app(), import_first=True)
    (found,) = error.value.problems
    assert (found.path, found.prop) == ("Storage/Archive", "sources[0]")
    assert found.message.startswith(
        "connects Storage/Uploads, and Processing/Imported is one bucket with it (one name)"
    ), found.message
    # AND its text is the synth's, where the import's notification comes after the worker
    app, _ = _worker_of_itself(new_app(), import_first=False)
    with pytest.raises(RuntimeError) as late:
        app.synth()
    assert f"[Storage/Archive] {_body(str(found))}" in str(late.value), str(late.value)


def test_an_error_found_at_synth_is_listed_once() -> None:
    app, _ = _worker_of_itself(new_app(), import_first=False)
    with pytest.raises(RuntimeError) as error:
        app.synth()
    assert len(re.findall(r"\[Storage/Archive\] `sources\[0\]`", str(error.value))) == 1


def _warnings(stack: cdk.Stack) -> list[str]:
    (artifact,) = [s for s in stack.node.root.synth().stacks if s.stack_name == stack.stack_name]
    return [
        str(entry.data)
        for entry in artifact.find_metadata_by_type("aws:cdk:warning")
        if "is one bucket with it" in str(entry.data)
    ]


@pytest.mark.parametrize("import_first", [True, False], ids=["import-first", "worker-first"])
def test_another_stage_s_import_is_one_warning_whichever_came_first(import_first: bool) -> None:
    # GIVEN the import's notification in another stage, made before or after the worker
    app = new_app()
    app, storage = _worker_of_itself(app, import_first=import_first, stage=cdk.Stage(app, "Svc"))
    # THEN the worker is built, and warned once (when built or at synth, never both)
    (warning,) = _warnings(storage)
    assert warning.startswith(
        "`sources[0]` connects Storage/Uploads, and Svc/Processing/Imported is one bucket"
    ), warning
    assert f"acknowledge '{NOTIFICATIONS_OF_ANOTHER_STAGE_WARNING}'" in warning


def test_a_worker_of_an_import_after_one_of_the_bucket_itself_has_one_problem() -> None:
    # GIVEN a worker of the bucket itself WHEN a worker of an import follows THEN one
    # problem: _bucket_overlaps' (two workers), not a second one of the same pair
    app = new_app()
    storage = cdk.Stack(app, "Storage")
    uploads = s3.Bucket(storage, "Uploads", event_bridge_enabled=True)
    QueueWorker(storage, "Archive", handler=echo_handler(), sources=[BucketEvents(uploads)])
    processing = cdk.Stack(app, "Processing")
    imported = s3.Bucket.from_bucket_name(processing, "Imported", uploads.bucket_name)
    with pytest.raises(ConstructError) as error:
        QueueWorker(processing, "Ingest", handler=echo_handler(), sources=[BucketEvents(imported)])
    (found,) = error.value.problems
    assert "Storage/Archive's Storage/Uploads is one bucket" in found.message, found.message


# --- legitimate shapes are built and synthesize -------------------------------------------


@pytest.mark.parametrize(
    "context",
    [{}, {KEEP_IMPORTED_NOTIFICATIONS_FLAG: True}],
    ids=["imports-only", "keep-imported-flag"],
)
def test_notifications_made_one_way_or_with_the_flag_are_built(context: dict[str, bool]) -> None:
    app = new_app(**context)
    storage = cdk.Stack(app, "Storage")
    uploads = s3.Bucket(storage, "Uploads", bucket_name="acme-uploads-6")
    # imports' notifications only (the documented fix), or the bucket's own with the flag
    if context:
        uploads.enable_event_bridge_notification()
        archived = BucketEvents(uploads, prefix="archive/")
        QueueWorker(storage, "Archive", handler=echo_handler(), sources=[archived])
    else:
        s3.Bucket.from_bucket_name(
            storage, "UploadsByName", "acme-uploads-6"
        ).enable_event_bridge_notification()
    processing = cdk.Stack(app, "Processing")
    _notify_import(processing, "acme-uploads-6")
    imported = processing.node.find_child("Imported")
    assert isinstance(imported, s3.BucketBase)
    incoming = BucketEvents(imported, prefix="incoming/")
    QueueWorker(processing, "Ingest", handler=echo_handler(), sources=[incoming])
    app.synth()


def test_the_bucket_itself_with_a_worker_and_its_own_notifications_is_built() -> None:
    # the bucket's own resource holds both: nothing of an import's to delete
    app = new_app()
    storage = cdk.Stack(app, "Storage")
    uploads = s3.Bucket(storage, "Uploads", event_bridge_enabled=True)
    _notify_import(cdk.Stack(app, "Processing"), "another-bucket")
    worker = QueueWorker(
        storage, "Archive", handler=echo_handler(), sources=[BucketEvents(uploads)]
    )
    app.synth()
    # THEN the bucket's own notification resource has its EventBridge and the queue
    (notification,) = notifications_of(worker)
    assert notification["BucketName"] == storage.resolve(uploads.bucket_name)
    assert notification["Managed"] is True
    assert "EventBridgeConfiguration" in notification["NotificationConfiguration"]
