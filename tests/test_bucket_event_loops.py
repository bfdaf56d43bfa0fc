"""A QueueWorker whose function writes into a bucket of its own ``sources``, under keys they
report: each object it writes comes back to it, a loop. A warning naming the link, the
source and the fix; writes outside the reported keys do not warn."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_s3 as s3

import constructs_lib as library
from constructs_lib import BucketEvents, ConstructError, Handler, Link, QueueWorker, acknowledge
from constructs_lib._bucket_event_loops import BUCKET_EVENT_LOOP_WARNING
from constructs_lib._nag_rule_ids import LIBRARY_WARNINGS, library_warning
from tests.support import new_app, new_stack, warnings_of

ECHO = Path(__file__).parent / "fixtures" / "handlers" / "echo"
CREATED, REMOVED = s3.EventType.OBJECT_CREATED, s3.EventType.OBJECT_REMOVED
#: (bucket, other bucket) -> the worker's links
Links = Callable[[s3.IBucket, s3.IBucket], list[Any]]


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
    (warning,) = warnings_of(_worker(links, source), BUCKET_EVENT_LOOP_WARNING)
    assert "`handler.links` lets the function write into Test/Photos" in warning
    assert shown in warning and "`sources[0]` sends this worker" in warning
    assert "Fix: write under a prefix the BucketEvents does not match" in warning


def test_a_link_made_later_warns_too() -> None:
    # GIVEN the write link made with worker.link(...)
    stack = _worker(lambda b, o: [Link.put(b)], {"prefix": "uploads/"}, later=True)
    # THEN the same warning, naming link()
    (warning,) = warnings_of(stack, BUCKET_EVENT_LOOP_WARNING)
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
    assert warnings_of(_worker(links, source), BUCKET_EVENT_LOOP_WARNING) == []
    assert warnings_of(_worker(links, source, later=True), BUCKET_EVENT_LOOP_WARNING) == []


def test_the_warning_can_be_acknowledged() -> None:
    # GIVEN written keys the suffix filter never matches, and the user says so
    stack = _worker(lambda b, o: [Link.put(b)], {"suffix": ".jpg"}, acknowledged=True)
    # THEN no warning is left
    assert warnings_of(stack, BUCKET_EVENT_LOOP_WARNING) == []
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


@pytest.mark.parametrize(
    ("rule_id", "meant"),
    [
        ("constructs_lib:tableThroughputQuotas", "constructs_lib:tableThroughputQuota"),
        ("constructs_lib:streamWriteLoops", "constructs_lib:streamWriteLoop"),
        ("constructs_lib:publicFunctionInvok", "constructs_lib:publicFunctionInvoke"),
    ],
)
def test_a_misspelt_library_warning_is_told_the_warning_s_own_id(rule_id: str, meant: str) -> None:
    # Proves (bad46): acknowledge(scope, 'constructs_lib:tableThroughputQuotas', ...) was
    # told to acknowledge_warning('constructs_lib:tableThroughputQuotas', ...), which CDK
    # then matched to no warning, so the warning stayed
    with pytest.raises(ConstructError) as raised:
        acknowledge(new_stack(), rule_id, reason="the quota was raised to 80,000")
    assert f"the library has no warning {rule_id!r}; the nearest is {meant!r}" in str(raised.value)
    assert f"acknowledge_warning({meant!r}, reason)" in str(raised.value)


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
    (warning,) = warnings_of(stack, BUCKET_EVENT_LOOP_WARNING)
    assert "write into Test/Photos anywhere in it (put)" in warning


def _parameter_name(stack: cdk.Stack, id: str) -> str:
    return cdk.CfnParameter(stack, f"{id}Name").value_as_string


def _joined_name(stack: cdk.Stack, id: str) -> str:
    return cdk.Fn.join("-", [id.lower(), cdk.Aws.ACCOUNT_ID])


#: (stack) -> (the worker's bucket, a bucket to link: the same one imported, or another)
Pair = Callable[[cdk.Stack], tuple[s3.IBucket, s3.IBucket]]


def _named(name: Callable[[cdk.Stack, str], str], same: bool) -> Pair:
    def pair(stack: cdk.Stack) -> tuple[s3.IBucket, s3.IBucket]:
        photos = s3.Bucket(stack, "Photos", bucket_name=name(stack, "Photos"))
        other = name(stack, "Archive")
        if not same:
            s3.Bucket(stack, "Archive", bucket_name=other)
        imported = photos.bucket_name if same else other
        return photos, s3.Bucket.from_bucket_name(stack, "Imported", imported)

    return pair


def _by_arn(same: bool) -> Pair:
    def pair(stack: cdk.Stack) -> tuple[s3.IBucket, s3.IBucket]:
        photos, archive = s3.Bucket(stack, "Photos"), s3.Bucket(stack, "Archive")
        arn = (photos if same else archive).bucket_arn
        return photos, s3.Bucket.from_bucket_arn(stack, "Imported", arn)

    return pair


def _by_given_name(name: Callable[[cdk.Stack, str], str]) -> Pair:
    """A bucket named by a deploy-time value and its import by that very value."""

    def pair(stack: cdk.Stack) -> tuple[s3.IBucket, s3.IBucket]:
        given = name(stack, "Photos")
        photos = s3.Bucket(stack, "Photos", bucket_name=given)
        return photos, s3.Bucket.from_bucket_name(stack, "Imported", given)

    return pair


def _looped(pair: Pair, events: list[s3.EventType] | None = None) -> list[str]:
    stack = new_stack()
    photos, linked = pair(stack)
    QueueWorker(
        stack,
        "Thumbnails",
        handler=Handler(code=ECHO, links=[Link.put(linked, prefix="thumbs/")]),
        sources=[BucketEvents(photos, events=events or [CREATED])],
        alarms=False,
    )
    return warnings_of(stack, BUCKET_EVENT_LOOP_WARNING)


@pytest.mark.parametrize(
    "pair",
    [
        pytest.param(_by_given_name(_parameter_name), id="name from a CfnParameter"),
        pytest.param(_by_given_name(_joined_name), id="name built with Fn.join"),
        pytest.param(_named(_parameter_name, same=True), id="import by its bucket_name"),
        pytest.param(_by_arn(same=True), id="import by its bucket_arn"),
    ],
)
def test_the_same_bucket_by_a_deploy_time_name_or_arn_warns(pair: Pair) -> None:
    # Proves (fix38): a bucket named with a deploy-time value (a CfnParameter, Fn.join) and
    # its import by that name, or an import by its ARN (Bucket.from_bucket_arn), were taken
    # for another bucket, so the loop synthesized without a warning
    (warning,) = _looped(pair)
    assert "write into Test/Photos under 'thumbs/' (put)" in warning


@pytest.mark.parametrize(
    "pair",
    [
        pytest.param(_named(_parameter_name, same=False), id="two CfnParameter names"),
        pytest.param(_named(_joined_name, same=False), id="two Fn.join names"),
        pytest.param(_by_arn(same=False), id="another bucket's ARN"),
    ],
)
def test_other_buckets_by_deploy_time_names_do_not_warn(pair: Pair) -> None:
    # GIVEN another bucket, its name or ARN also a deploy-time value
    # THEN it is not taken for the worker's bucket
    assert _looped(pair) == []


@pytest.mark.parametrize(
    ("link", "events", "warns"),
    [
        (Link.put, [s3.EventType.OBJECT_TAGGING], True),
        (Link.put, [s3.EventType.OBJECT_TAGGING_PUT], True),
        (Link.read_write, [s3.EventType.OBJECT_TAGGING_DELETE], True),
        (Link.put, [s3.EventType.OBJECT_TAGGING_DELETE], False),  # put deletes no tags
        (Link.read, [s3.EventType.OBJECT_TAGGING], False),  # reads tag nothing
    ],
)
def test_tagging_the_objects_of_tagging_events_warns(
    link: Callable[..., Link], events: list[s3.EventType], warns: bool
) -> None:
    # Proves (fix38): a function allowed s3:PutObjectTagging (put, read_write) on a bucket
    # whose events include ObjectTagging gets each tag it writes back as an event, the same
    # loop, and synthesized without a warning
    stack = new_stack()
    photos = s3.Bucket(stack, "Photos")
    QueueWorker(
        stack,
        "Tagger",
        handler=Handler(code=ECHO, links=[link(photos)]),
        sources=[BucketEvents(photos, events=events)],
        alarms=False,
    )
    assert len(warnings_of(stack, BUCKET_EVENT_LOOP_WARNING)) == (1 if warns else 0)


@pytest.mark.parametrize("rule_id", ["bucketEventLoop", "BucketEventLoop", "emptyDashboard"])
def test_a_warning_s_id_without_its_prefix_names_the_full_id(rule_id: str) -> None:
    # Proves (fix38): acknowledge(scope, "bucketEventLoop", ...) got the generic message
    # (pass a cdk-nag rule such as 'AwsSolutions-S1'), which named neither the warning's
    # id nor acknowledge_warning
    stack = new_stack()
    with pytest.raises(ConstructError) as raised:
        acknowledge(stack, rule_id, reason="the worker writes .json, the events are .jpg")
    full = f"constructs_lib:{rule_id[0].lower()}{rule_id[1:]}"
    assert f"the library's synth warning {full!r} without its prefix" in str(raised.value)
    assert f"acknowledge_warning({full!r}, reason)" in str(raised.value)


@pytest.mark.parametrize(
    ("rule_id", "spelt"),
    [
        ("constructs_lib:bucketeventloop", "constructs_lib:bucketEventLoop"),
        ("Constructs_Lib:BucketEventLoop", "constructs_lib:bucketEventLoop"),
        ("constructs_lib:bucketEventLoop", "constructs_lib:bucketEventLoop"),
        # not the library's: its spelling is the user's to know
        ("@aws-cdk/aws-lambda:addPermissionsToVersionOrAlias", None),
    ],
)
def test_a_warning_s_full_id_in_another_case_gets_the_warning_s_spelling(
    rule_id: str, spelt: str | None
) -> None:
    # Proves (sweep38): acknowledge(scope, "constructs_lib:bucketeventloop", ...) got the
    # fix acknowledge_warning('constructs_lib:bucketeventloop', reason), which CDK matches
    # to no warning (it compares ids case and all), so the warning stayed
    stack = new_stack()
    with pytest.raises(ConstructError) as raised:
        acknowledge(stack, rule_id, reason="the worker writes .json, the events are .jpg")
    assert f"acknowledge_warning({spelt or rule_id!r}, reason)" in str(raised.value)


def test_the_library_s_warnings_are_all_known_by_name() -> None:
    # GIVEN every warning id the library defines (a *_WARNING constant)
    source = "\n".join(p.read_text() for p in Path(library.__file__).parent.rglob("*.py"))
    defined = set(re.findall(r'_WARNING = "constructs_lib:(\w+)"', source))
    # THEN acknowledge() knows each of them without its prefix, and nothing else
    assert defined == set(LIBRARY_WARNINGS)
    assert library_warning("AwsSolutions-S1") is None
    assert library_warning("bucketEventLoops") is None


def _two_stacks(imported: bool) -> list[str]:
    """A worker in stack B told about its bucket named after its stack, writing into a bucket
    of stack A: A's bucket of that same text, or B's bucket imported by A's reference."""
    app = new_app()
    env = cdk.Environment(account="111111111111", region="eu-west-1")
    a, b = cdk.Stack(app, "A", env=env), cdk.Stack(app, "B", env=env)
    named = f"{cdk.Aws.STACK_NAME}-files"
    uploads = s3.Bucket(b, "Uploads", bucket_name=named)
    written = (
        s3.Bucket.from_bucket_name(a, "Uploads", uploads.bucket_name)
        if imported
        else s3.Bucket(a, "Archive", bucket_name=named)
    )
    QueueWorker(
        b,
        "Thumbnails",
        handler=Handler(code=ECHO, links=[Link.put(written)]),
        sources=[BucketEvents(uploads)],
        alarms=False,
    )
    return warnings_of(b, BUCKET_EVENT_LOOP_WARNING)


def test_buckets_of_two_stacks_named_after_their_stack_are_two_buckets() -> None:
    # Proves (sweep38): bucket_name=f"{Aws.STACK_NAME}-files" in stack A and in stack B
    # (A-files, B-files) were one bucket, the names' texts being equal, so a worker of B
    # writing into A's bucket was warned of a loop through B's
    assert _two_stacks(imported=False) == []
    # the bucket itself, imported in the other stack by its reference, still warns
    (warning,) = _two_stacks(imported=True)
    assert "write into B/Uploads anywhere in it (put)" in warning


def _imported_twice(same: bool) -> list[str]:
    """A worker told about a bucket of another stack imported by its name, writing into a
    bucket imported by ARN: the same bucket's, or another's of that stack."""
    app = new_app()
    env = cdk.Environment(account="111111111111", region="eu-west-1")
    storage, workers = cdk.Stack(app, "Storage", env=env), cdk.Stack(app, "Workers", env=env)
    uploads, archive = s3.Bucket(storage, "Uploads"), s3.Bucket(storage, "Archive")
    told = s3.Bucket.from_bucket_name(workers, "Uploads", uploads.bucket_name)
    arn = (uploads if same else archive).bucket_arn
    written = s3.Bucket.from_bucket_arn(workers, "Written", arn)
    QueueWorker(
        workers,
        "Thumbnails",
        handler=Handler(code=ECHO, links=[Link.put(written, prefix="thumbs/")]),
        sources=[BucketEvents(told)],
        alarms=False,
    )
    return warnings_of(workers, BUCKET_EVENT_LOOP_WARNING)


def test_a_bucket_of_another_stack_imported_by_name_and_by_arn_is_one_bucket() -> None:
    # Proves (fix39): the two imports resolve to Ref and Fn::GetAtt Arn of one bucket, which
    # were taken for two buckets, so the loop synthesized without a warning
    (warning,) = _imported_twice(same=True)
    assert "write into Workers/Uploads under 'thumbs/' (put)" in warning
    # another bucket of that stack, imported by ARN, is another bucket
    assert _imported_twice(same=False) == []
