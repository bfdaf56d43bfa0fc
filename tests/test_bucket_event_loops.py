"""A QueueWorker whose function writes into a bucket of its own ``sources``, under keys they
report: each object it writes comes back to it, a loop. A warning naming the link, the
source and the fix; writes outside the reported keys do not warn."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Annotations, Match

from constructs_lib import BucketEvents, ConstructError, Handler, Link, QueueWorker, acknowledge
from constructs_lib._bucket_event_loops import BUCKET_EVENT_LOOP_WARNING
from tests.support import new_stack

ECHO = Path(__file__).parent / "fixtures" / "handlers" / "echo"
CREATED, REMOVED = s3.EventType.OBJECT_CREATED, s3.EventType.OBJECT_REMOVED
#: (bucket, other bucket) -> the worker's links
Links = Callable[[s3.IBucket, s3.IBucket], list[Any]]


def _warnings(stack: cdk.Stack) -> list[str]:
    found = Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp(".*"))
    return [str(w.entry.data) for w in found if BUCKET_EVENT_LOOP_WARNING in str(w.entry.data)]


def _worker(
    links: Links, source: dict[str, Any], *, later: bool = False, acknowledged: bool = False
) -> cdk.Stack:
    stack = new_stack()
    photos = s3.Bucket(stack, "Photos")
    other = s3.Bucket(stack, "Archive")
    given = links(photos, other)
    worker = QueueWorker(
        stack,
        "Thumbnails",
        handler=Handler(code=ECHO, links=[] if later else given),
        sources=[BucketEvents(photos, **source)],
        alarms=False,
    )
    if later:
        worker.link(*given)
    if acknowledged:
        cdk.Annotations.of(worker).acknowledge_warning(
            BUCKET_EVENT_LOOP_WARNING, "the worker writes .json summaries, events are .jpg"
        )
    return stack


@pytest.mark.parametrize(
    ("links", "source", "shown"),
    [
        # every key reported, every key written: thumbnails next to the uploads
        (lambda b, o: [Link.read_write(b)], {}, "anywhere in it (read_write)"),
        # the thumbnails under the reported prefix
        (
            lambda b, o: [Link.read(b, prefix="uploads/"), Link.put(b, prefix="uploads/th/")],
            {"prefix": "uploads/"},
            "under 'uploads/th/' (put)",
        ),
        # a suffix filter: the written keys may well end with it too
        (lambda b, o: [Link.put(b, prefix="thumbs/")], {"suffix": ".jpg"}, "'thumbs/' (put)"),
        # deletes under the reported prefix, removal events reported
        (
            lambda b, o: [Link.read_write(b, prefix="in/")],
            {"events": [REMOVED], "prefix": "in/"},
            "under 'in/' (read_write)",
        ),
        # the bucket itself as a link: its default access, read_write
        (lambda b, o: [b], {"prefix": "a"}, "anywhere in it (read_write)"),
    ],
)
def test_writing_keys_the_worker_is_told_about_warns(
    links: Links, source: dict[str, Any], shown: str
) -> None:
    # Proves (trial37photos): the worker synthesized silently, and each thumbnail it wrote
    # came back to it as an upload
    # GIVEN a worker told about a bucket's objects, linked to write where it is told about
    # THEN one warning names the link, the source and the fix
    (warning,) = _warnings(_worker(links, source))
    assert "`handler.links` lets the function write into Test/Photos" in warning
    assert shown in warning and "`sources[0]` sends this worker" in warning
    assert "Fix: write under a prefix the BucketEvents does not match" in warning


def test_a_link_made_later_warns_too() -> None:
    # GIVEN the write link made with worker.link(...)
    stack = _worker(lambda b, o: [Link.put(b)], {"prefix": "uploads/"}, later=True)
    # THEN the same warning, naming link()
    (warning,) = _warnings(stack)
    assert "`link()` lets the function write into Test/Photos anywhere in it (put)" in warning


@pytest.mark.parametrize(
    ("links", "source"),
    [
        # the app's own shape: uploads/ reported, thumbs/ written
        (
            lambda b, o: [Link.read(b, prefix="uploads/"), Link.put(b, prefix="thumbs/")],
            {"prefix": "uploads/"},
        ),
        (lambda b, o: [Link.put(b, prefix="uploads-thumbs/")], {"prefix": "uploads/"}),
        (lambda b, o: [Link.read(b)], {}),  # reads only
        (lambda b, o: [Link.read_write(o)], {}),  # another bucket
        (lambda b, o: [Link.put(b, prefix="in/")], {"events": [REMOVED], "prefix": "in/"}),
        (lambda b, o: [Link.put(b)], {"events": [s3.EventType.OBJECT_RESTORE_COMPLETED]}),
    ],
)
def test_writes_the_worker_is_not_told_about_do_not_warn(
    links: Links, source: dict[str, Any]
) -> None:
    assert _warnings(_worker(links, source)) == []
    assert _warnings(_worker(links, source, later=True)) == []


def test_the_warning_can_be_acknowledged() -> None:
    # GIVEN written keys the suffix filter never matches, and the user says so
    stack = _worker(lambda b, o: [Link.put(b)], {"suffix": ".jpg"}, acknowledged=True)
    # THEN no warning is left
    assert _warnings(stack) == []
    assert CREATED  # the default event type of the sources above


@pytest.mark.parametrize(
    "rule_id", [BUCKET_EVENT_LOOP_WARNING, "@aws-cdk/aws-lambda:addPermissionsToVersionOrAlias"]
)
def test_the_library_s_acknowledge_names_the_warning_s_own_way(rule_id: str) -> None:
    # Proves (sweep37b): the warning says "acknowledge 'constructs_lib:bucketEventLoop'";
    # acknowledge(worker, that id, ...) was told to pass a cdk-nag rule such as
    # 'AwsSolutions-S1', which says nothing of how to acknowledge a warning
    stack = new_stack()
    reason = "the worker writes .json summaries, the events are .jpg"
    with pytest.raises(ConstructError) as raised:
        acknowledge(stack, rule_id, reason=reason)
    assert f"`rule_id` is {rule_id!r}, a synth warning's id, not a cdk-nag rule" in str(
        raised.value
    )
    assert f"cdk.Annotations.of(scope).acknowledge_warning({rule_id!r}, reason)" in str(
        raised.value
    )
    # the cdk-nag ids of the same shape stay taken
    for nag_id in ("AwsSolutions-S1", "AwsSolutions::AwsSolutions-S1"):
        acknowledge(stack, nag_id, reason=reason)


def test_the_same_bucket_imported_by_its_name_warns() -> None:
    # Proves (sweep37b): a bucket named in its props (bucket_name="photos-prod") and the
    # link to it imported by that name (Bucket.from_bucket_name) were taken for two
    # buckets: the Bucket's bucket_name is a reference, the import's the literal name
    stack = new_stack()
    photos = s3.Bucket(stack, "Photos", bucket_name="photos-prod")
    same = s3.Bucket.from_bucket_name(stack, "Imported", "photos-prod")
    other = s3.Bucket.from_bucket_name(stack, "Other", "photos-archive")
    QueueWorker(
        stack,
        "Thumbnails",
        handler=Handler(code=ECHO, links=[Link.put(same), Link.put(other)]),
        sources=[BucketEvents(photos)],
        alarms=False,
    )
    # THEN the import of the same name warns; the other bucket's does not
    (warning,) = _warnings(stack)
    assert "write into Test/Photos anywhere in it (put)" in warning
