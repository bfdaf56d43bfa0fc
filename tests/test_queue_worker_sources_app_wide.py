"""QueueWorker's ``sources`` against the rest of the app: a bucket whose own notification
resource (aws-cdk-lib's ``Managed: true``, made by ``event_bridge_enabled``,
``add_event_notification`` or an ``S3EventSource``) puts the bucket's whole configuration
at each update, deleting what an import's resource merged in for a worker elsewhere. A
ConstructError when the worker is built after the other side, else at synth (the orders:
test_queue_worker_sources_when_built)."""

from __future__ import annotations

import re
from collections.abc import Callable

import aws_cdk as cdk
import pytest
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as event_sources
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_notifications as s3n
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Annotations, Template

from constructs_lib import BucketEvents, ConstructError, QueueWorker
from constructs_lib._bucket_notifications import (
    KEEP_IMPORTED_NOTIFICATIONS_FLAG,
    NOTIFICATIONS_OF_ANOTHER_STAGE_WARNING,
)
from tests.support import ECHO, echo_handler, new_app, synth_error
from tests.template_support import intrinsics, notifications_of

Own = Callable[[s3.Bucket], None]


def _event_bridge(bucket: s3.Bucket) -> None:
    bucket.enable_event_bridge_notification()


def _event_bridge_through_an_import(bucket: s3.Bucket) -> None:
    """The fix: EventBridge turned on by an import of the bucket, whose resource merges."""
    s3.Bucket.from_bucket_name(
        cdk.Stack.of(bucket), "UploadsByName", bucket.bucket_name
    ).enable_event_bridge_notification()


def _own_queue(bucket: s3.Bucket) -> None:
    queue = sqs.Queue(cdk.Stack.of(bucket), "Audit", enforce_ssl=True)
    bucket.add_event_notification(
        s3.EventType.OBJECT_REMOVED,
        s3n.SqsDestination(queue),
        s3.NotificationKeyFilter(prefix="a/"),
    )


def _event_source(bucket: s3.Bucket) -> None:
    function = lambda_.Function(
        cdk.Stack.of(bucket),
        "Thumbnails",
        runtime=lambda_.Runtime.PYTHON_3_14,
        handler="app.handler",
        code=lambda_.Code.from_asset(str(ECHO)),
    )
    function.add_event_source(
        event_sources.S3EventSource(bucket, events=[s3.EventType.OBJECT_REMOVED])
    )


def _storage_and_worker(
    app: cdk.App, own: Own | None, *, name: str | None = None, own_after: bool = False
) -> cdk.App:
    """Storage's bucket with its own notifications (``own``), and a worker in Processing of
    the bucket imported by name (its ``name`` when given, else its token)."""
    storage = cdk.Stack(app, "Storage")
    uploads = s3.Bucket(storage, "Uploads", bucket_name=name)
    if own is not None and not own_after:
        own(uploads)
    processing = cdk.Stack(app, "Processing")
    imported = s3.Bucket.from_bucket_name(processing, "Imported", name or uploads.bucket_name)
    QueueWorker(
        processing,
        "Ingest",
        handler=echo_handler(),
        alarms=False,
        sources=[BucketEvents(imported, prefix="incoming/")],
    )
    if own is not None and own_after:
        own(uploads)
    return app


WIPED = (
    "`sources[0]` connects Processing/Imported, and Storage/Uploads is "
    "one bucket with it (one name), with notifications of its own: Storage/Uploads is the "
    "bucket itself, whose notification resource puts the bucket's whole notification "
    "configuration at each of its updates, deleting the notifications Processing/Imported "
    "(an import) adds, so their events stop coming in silence after a later deploy. Fix: "
    "make every notification of the bucket the same way: on Storage/Uploads itself, in its "
    "stack Storage (a QueueWorker there with BucketEvents(bucket)), or through imports by "
    "name only (imported = s3.Bucket.from_bucket_name(...)), the bucket's own notifications "
    "too ({own}); or set the context flag "
    f"'{KEEP_IMPORTED_NOTIFICATIONS_FLAG}': true in cdk.json"
)
#: How the fix says to make the bucket's own notifications through an import, by the way
#: the bucket got them: an S3EventSource takes the bucket itself only.
ON_IMPORTS = {
    _event_bridge: "imported.enable_event_bridge_notification(), not the bucket's "
    "event_bridge_enabled=True or enable_event_bridge_notification()",
    _own_queue: "imported.add_event_notification(...)",
    _event_source: "S3EventSourceV2(imported, ...) for a function, whose S3EventSource takes "
    "the bucket itself only, or imported.add_event_notification(...)",
}


@pytest.mark.parametrize("own", [_event_bridge, _own_queue, _event_source])
def test_the_bucket_s_own_notifications_made_first_refuse_an_import_s_worker(own: Own) -> None:
    # Proves (user trial): the bucket's own resource (EventBridge on, a queue of the user's,
    # a function's S3EventSource) deleted the worker's notifications at its next update.
    # Proves (bucket42): the fix said to make an S3EventSource's notifications through an
    # import, which S3EventSource does not take (S3EventSourceV2 does)
    # Proves (synth42): the bucket's own notifications made before the worker were found
    # only at synth, a jsii trace; the worker is refused when it is built, with that text
    with pytest.raises(ConstructError) as error:
        _storage_and_worker(new_app(), own)
    assert f"Processing/Ingest: {WIPED.format(own=ON_IMPORTS[own])}" in str(error.value)


@pytest.mark.parametrize("own", [_event_bridge, _own_queue, _event_source])
def test_the_bucket_s_own_notifications_made_after_the_worker_fail_the_synth(own: Own) -> None:
    app = _storage_and_worker(new_app(), own, own_after=True)
    assert f"[Processing/Ingest] {WIPED.format(own=ON_IMPORTS[own])}" in synth_error(app)


@pytest.mark.parametrize(
    "prefixes", [[None], ["a/", "b/"]], ids=["one-source", "two-sources-of-one-import"]
)
def test_a_bucket_created_with_event_bridge_and_imported_by_its_literal_name_fails(
    prefixes: list[str | None],
) -> None:
    app = new_app()
    storage = cdk.Stack(app, "Storage")
    s3.Bucket(storage, "Uploads", bucket_name="acme-uploads-1", event_bridge_enabled=True)
    processing = cdk.Stack(app, "Processing")
    imported = s3.Bucket.from_bucket_name(processing, "Imported", "acme-uploads-1")
    sources = [BucketEvents(imported, prefix=prefix) for prefix in prefixes]
    with pytest.raises(ConstructError) as error:
        QueueWorker(processing, "Ingest", handler=echo_handler(), sources=sources)
    # one problem, the first source's, however many sources connect the import
    assert str(error.value) == (
        f"1 invalid prop:\n  - Processing/Ingest: {WIPED.format(own=ON_IMPORTS[_event_bridge])}"
        ", with which the bucket's own resource keeps the imports' notifications (the way "
        "for the bucket's own notifications once deployed: moved to an import, their "
        "resource is replaced, and deleting the old one empties the bucket's whole "
        "notification configuration)"
    )


def test_a_worker_of_the_bucket_itself_beside_an_import_with_the_user_s_notifications() -> None:
    # GIVEN a worker of the bucket itself in its stack, and the user's own notification of
    # an import of it in another stack
    app = new_app()
    storage = cdk.Stack(app, "Storage")
    uploads = s3.Bucket(storage, "Uploads")
    QueueWorker(storage, "Archive", handler=echo_handler(), sources=[BucketEvents(uploads)])
    processing = cdk.Stack(app, "Processing")
    imported = s3.Bucket.from_bucket_name(processing, "Imported", uploads.bucket_name)
    audit = sqs.Queue(processing, "Audit", enforce_ssl=True)
    imported.add_event_notification(s3.EventType.OBJECT_REMOVED, s3n.SqsDestination(audit))
    # WHEN it is synthesized THEN the worker's source is named, its bucket the one that wipes
    error = synth_error(app)
    assert re.search(
        r"\[Storage/Archive\] `sources\[0\]` connects Storage/Uploads, and Processing/Imported "
        r"is one bucket with it .* deleting the notifications Processing/Imported \(an import\)",
        error,
    ), error
    # AND the fix moves the user's notification of the import, not a worker, onto the bucket
    # itself, and the worker's onto an import (bucket42: it named a QueueWorker for both)
    assert (
        "on Storage/Uploads itself, in its stack Storage (bucket.add_event_notification(...)), "
        "or through imports by name only (imported = s3.Bucket.from_bucket_name(...)), the "
        "bucket's own notifications too (BucketEvents(imported) for its QueueWorker)"
    ) in error, error


def _stages(*, acknowledged: bool) -> cdk.App:
    app = new_app()
    shared = cdk.Stage(app, "Shared")
    storage = cdk.Stack(shared, "Storage")
    s3.Bucket(storage, "Uploads", bucket_name="acme-uploads-2", event_bridge_enabled=True)
    processing = cdk.Stack(cdk.Stage(app, "Service"), "Processing")
    imported = s3.Bucket.from_bucket_name(processing, "Imported", "acme-uploads-2")
    worker = QueueWorker(
        processing, "Ingest", handler=echo_handler(), alarms=False, sources=[BucketEvents(imported)]
    )
    if acknowledged:
        cdk.Annotations.of(worker).acknowledge_warning(NOTIFICATIONS_OF_ANOTHER_STAGE_WARNING)
    return app


def _service_warnings(app: cdk.App) -> list[str]:
    """The warnings of the Service stage's stack, synthesized on its own (as a pipeline's
    stage is)."""
    stage = app.node.find_child("Service")
    assert isinstance(stage, cdk.Stage)
    (stack,) = stage.synth().stacks
    return [str(entry.data) for entry in stack.find_metadata_by_type("aws:cdk:warning")]


def test_the_bucket_itself_in_another_stage_is_a_warning_it_may_be_never_deployed() -> None:
    texts = _service_warnings(_stages(acknowledged=False))
    assert any(
        t.startswith(
            "`sources[0]` connects Service/Processing/Imported, and "
            "Shared/Storage/Uploads is one bucket with it"
        )
        and f"acknowledge '{NOTIFICATIONS_OF_ANOTHER_STAGE_WARNING}'" in t
        for t in texts
    ), texts


def test_the_warning_of_another_stage_can_be_acknowledged() -> None:
    texts = _service_warnings(_stages(acknowledged=True))
    assert not [t for t in texts if NOTIFICATIONS_OF_ANOTHER_STAGE_WARNING in t], texts


# --- legitimate shapes stay silent ------------------------------------------------------


@pytest.mark.parametrize(
    "app",
    [
        # no notifications of the bucket's own: only imports' resources (the documented fix)
        lambda: _storage_and_worker(new_app(), None),
        # the flag: the bucket's own resource merges as an import's does
        lambda: _storage_and_worker(
            new_app(**{KEEP_IMPORTED_NOTIFICATIONS_FLAG: True}), _event_bridge
        ),
        lambda: _storage_and_worker(new_app(), _event_bridge_through_an_import),
    ],
    ids=["no-own-notifications", "keep-imported-flag", "event-bridge-through-an-import"],
)
def test_shapes_that_keep_every_notification_synthesize(app: Callable[[], cdk.App]) -> None:
    built = app()
    built.synth()
    processing = built.node.find_child("Processing")
    assert isinstance(processing, cdk.Stack)
    texts = [str(w.entry.data) for w in Annotations.from_stack(processing).find_warning("*", "*")]
    assert not [t for t in texts if "is one bucket with it" in t], texts


def test_another_bucket_with_its_own_notifications_beside_an_import_synthesizes() -> None:
    app = new_app()
    storage = cdk.Stack(app, "Storage")
    uploads = s3.Bucket(storage, "Uploads")
    reports = s3.Bucket(storage, "Reports", event_bridge_enabled=True)
    processing = cdk.Stack(app, "Processing")
    imported = s3.Bucket.from_bucket_name(processing, "Imported", uploads.bucket_name)
    worker = QueueWorker(
        processing, "Ingest", handler=echo_handler(), sources=[BucketEvents(imported)]
    )
    app.synth()
    # THEN the import's notification merges (Managed: false) into the uploads bucket, and the
    # other bucket keeps its own
    (notification,) = notifications_of(worker)
    assert notification["Managed"] is False
    assert intrinsics(notification["BucketName"], "Fn::ImportValue")
    found = Template.from_stack(storage).find_resources("Custom::S3BucketNotifications")
    (own,) = found.values()
    assert own["Properties"]["BucketName"] == storage.resolve(reports.bucket_name)
    assert own["Properties"]["NotificationConfiguration"] == {"EventBridgeConfiguration": {}}


def test_a_bucket_of_another_app_named_the_same_is_not_seen() -> None:
    # GIVEN one app owning the named bucket with EventBridge on, another importing the name
    owner = new_app()
    s3.Bucket(
        cdk.Stack(owner, "Storage"),
        "Uploads",
        bucket_name="acme-uploads-3",
        event_bridge_enabled=True,
    )
    app = new_app()
    processing = cdk.Stack(app, "Processing")
    imported = s3.Bucket.from_bucket_name(processing, "Imported", "acme-uploads-3")
    worker = QueueWorker(
        processing, "Ingest", handler=echo_handler(), sources=[BucketEvents(imported)]
    )
    # THEN each synthesizes: nothing says the other app is deployed (or is this one's)
    owner.synth()
    app.synth()
    # AND the worker's notification of the name merges with what the bucket has
    (notification,) = notifications_of(worker)
    assert (notification["BucketName"], notification["Managed"]) == ("acme-uploads-3", False)


def test_the_bucket_itself_with_its_own_notifications_and_a_worker_in_its_stack() -> None:
    app = new_app()
    storage = cdk.Stack(app, "Storage")
    uploads = s3.Bucket(storage, "Uploads", event_bridge_enabled=True)
    worker = QueueWorker(storage, "Ingest", handler=echo_handler(), sources=[BucketEvents(uploads)])
    app.synth()
    # THEN the bucket's one notification resource has both: EventBridge and the queue
    (notification,) = notifications_of(worker)
    assert notification["BucketName"] == storage.resolve(uploads.bucket_name)
    assert "EventBridgeConfiguration" in notification["NotificationConfiguration"]
