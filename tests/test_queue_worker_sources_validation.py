"""QueueWorker's ``sources``: every validation rule by its message, all problems at once."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template

from constructs_lib import BucketEvents, ConstructError, QueueWorker
from tests.support import (
    InStack,
    RuleCase,
    assert_every_problem,
    assert_rule,
    build,
    echo_handler,
    new_app,
    new_stack,
    rule_cases,
)

HANDLER = echo_handler()


def _bucket(stack: cdk.Stack) -> s3.IBucket:
    return s3.Bucket.from_bucket_name(stack, "Uploads", "uploads-bucket")


def _sources(*sources: Any) -> InStack:
    """``[BucketEvents(<the stack's bucket>, **options), ...]``, built in the stack."""

    def make(stack: cdk.Stack) -> list[BucketEvents]:
        bucket = _bucket(stack)
        return [BucketEvents(bucket, **options) for options in sources]

    return InStack(make)


def _worker(**props: Any) -> tuple[QueueWorker, Template]:
    return build(QueueWorker, "Worker", **{"handler": HANDLER, **props})


def _queue(**options: Any) -> InStack:
    return InStack(
        lambda stack: sqs.Queue(
            stack, "Mine", visibility_timeout=cdk.Duration.seconds(60), **options
        )
    )


def _buckets(count: int) -> InStack:
    """Events of ``count`` buckets, one BucketEvents each."""
    return InStack(
        lambda stack: [
            BucketEvents(s3.Bucket.from_bucket_name(stack, f"B{i}", f"uploads-{i}"))
            for i in range(count)
        ]
    )


def _queue_with_statements(count: int) -> InStack:
    def make(stack: cdk.Stack) -> sqs.Queue:
        queue = sqs.Queue(stack, "Mine", visibility_timeout=cdk.Duration.seconds(60))
        for i in range(count):
            queue.add_to_resource_policy(
                iam.PolicyStatement(
                    sid=f"Own{i}",
                    principals=[iam.AccountRootPrincipal()],
                    actions=["sqs:SendMessage"],
                    resources=[queue.queue_arn],
                )
            )
        return queue

    return InStack(make)


CASES: list[RuleCase] = [
    # Proves (quotas): each bucket of `sources` adds a statement to the queue's policy, and
    # SQS takes 20 ("Statements", Amazon SQS policy quotas): 20 buckets (plus the queue's
    # TLS-only statement) passed synth and cdk-nag and failed the deploy
    (
        "more buckets than a queue policy holds",
        {"sources": _buckets(20)},
        r"`sources` name 20 buckets, each a statement of the queue's policy \(which has 1 "
        r"more\): SQS takes at most 20 statements in a queue policy, so the deploy would "
        r"fail\. Fix: give the events of 1 of the buckets to another QueueWorker",
    ),
    (
        "an existing queue's own statements count",
        {"existing_queue": _queue_with_statements(5), "sources": _buckets(16)},
        r"`sources` name 16 buckets, each a statement of the queue's policy \(which has 5 "
        r"more\).*give the events of 1 of the buckets",
    ),
    (
        "bare BucketEvents",
        {"sources": InStack(lambda stack: BucketEvents(_bucket(stack)))},
        r"Test/Worker: `sources` is a BucketEvents, not a list.*sources=\[BucketEvents",
    ),
    ("not a list", {"sources": "uploads"}, r"`sources` is 'uploads'; it must be a list"),
    (
        "item type",
        {"sources": ["uploads"]},
        r"`sources\[0\]` is 'uploads', a str, not a BucketEvents",
    ),
    # Proves (messages review): a bucket given where BucketEvents(bucket) belongs was shown
    # as '<aws_cdk.aws_s3.Bucket object at 0x...>'
    (
        "item a bucket",
        {"sources": InStack(lambda s: [s3.Bucket(s, "Raw")])},
        r"`sources\[0\]` is the aws_s3.Bucket 'Test/Raw', not a BucketEvents",
    ),
    (
        "bucket not a bucket",
        {"sources": [BucketEvents("uploads-bucket")]},
        r"`sources\[0\].bucket` is 'uploads-bucket', not an s3.IBucket",
    ),
    (  # Proves (user trial): the table showed as <aws_cdk.aws_dynamodb._TableBaseProxy ...>
        "a table as the bucket",
        {
            "sources": InStack(
                lambda stack: [BucketEvents(dynamodb.Table.from_table_name(stack, "Files", "f"))]
            )
        },
        r"`sources\[0\].bucket` is the aws_dynamodb.TableBase 'Test/Files', not an s3.IBucket",
    ),
    (
        "events empty",
        {"sources": _sources({"events": []})},
        r"`sources\[0\].events` is \[\]; it must be a non-empty list of s3.EventType",
    ),
    (
        "events bare",
        {"sources": _sources({"events": s3.EventType.OBJECT_CREATED})},
        # Proves (messages review): the fix read events=[EventType.OBJECT_CREATED], a
        # NameError where s3 is imported as the README does (aws_s3 as s3)
        r"`sources\[0\].events` is s3.EventType.OBJECT_CREATED, not a list.*"
        r"pass events=\[s3.EventType.OBJECT_CREATED\]",
    ),
    (
        "event not an EventType",
        {"sources": _sources({"events": ["s3:ObjectCreated:*"]})},
        r"`sources\[0\].events\[0\]` is 's3:ObjectCreated:\*', a str.*s3.EventType",
    ),
    (
        "prefix not a string",
        {"sources": _sources({"prefix": 7})},
        r"`sources\[0\].prefix` is 7; it must be a non-empty string",
    ),
    (
        "suffix empty",
        {"sources": _sources({"suffix": ""})},
        r"`sources\[0\].suffix` is ''; it must be a non-empty string\. Fix: pass e\.g\. "
        r"suffix='\.json'",
    ),
    # Proves (user trial): suffix=[".json"] (SAM's Filter rules are a list) and an empty
    # suffix got the fix "pass e.g. 'incoming/'", a prefix's example
    (
        "suffix a list",
        {"sources": _sources({"suffix": [".json", ".csv"]})},
        r"`sources\[0\].suffix` is \['.json', '.csv'\]; it must be a non-empty string\. "
        r"Fix: pass suffix='\.json'; another suffix is another BucketEvents",
    ),
    # Proves (user trial): a glob was taken literally: 'incoming/*' and '*.csv' matched
    # (almost) no upload, and nothing said so.
    # Proves (sweep25): a key filter with a newline or of only spaces synthesized a
    # notification no uploaded key would ever match
    (
        "prefix trailing newline",
        {"sources": _sources({"prefix": "incoming/\n"})},
        r"`sources\[0\].prefix` is 'incoming/\\n', with a newline \('\\n'\) at character 10, "
        r"which the keys meant do not hold\. Fix: pass prefix='incoming/'",
    ),
    (
        "suffix only spaces",
        {"sources": _sources({"suffix": "   "})},
        r"`sources\[0\].suffix` is '   ', with only spaces.* Fix: leave suffix out",
    ),
    (
        "prefix ending in a glob star",
        {"sources": _sources({"prefix": "incoming/*"})},
        r"`sources\[0\].prefix` is 'incoming/\*'; S3 key filters are literal \(no wildcards\)"
        r".*Fix: pass prefix='incoming/'",
    ),
    (
        "suffix starting with a glob star",
        {"sources": _sources({"suffix": "*.csv"})},
        r"`sources\[0\].suffix` is '\*.csv'.*keys ending with '\*.csv'.*Fix: pass suffix='.csv'",
    ),
    # Proves (trial29): prefix='incoming/*.csv' (Solutions Constructs' s3_event_filters
    # ported as a glob) synthesized silently and matched no upload
    (
        "prefix a whole glob",
        {"sources": _sources({"prefix": "incoming/*.csv"})},
        r"`sources\[0\].prefix` is 'incoming/\*\.csv'; S3 key filters are literal "
        r"\(no wildcards\).*Fix: pass prefix='incoming/', suffix='\.csv'",
    ),
    (
        "suffix a whole glob",
        {"sources": _sources({"suffix": "incoming/**/*.csv"})},
        r"`sources\[0\].suffix` is 'incoming/\*\*/\*\.csv'.*keys ending with"
        r".*Fix: pass prefix='incoming/', suffix='\.csv'",
    ),
    (
        "prefix only a star",
        {"sources": _sources({"prefix": "*"})},
        r"`sources\[0\].prefix` is '\*'.*Fix: leave prefix out \(every key\)",
    ),
    # Proves (user trial): BucketEvents(bucket, prefix="/incoming/") synthesized silently
    # and matched no upload to 'incoming/...' (a Link prefix with a leading '/' was refused
    # already).
    (
        "prefix with a leading slash",
        {"sources": _sources({"prefix": "/incoming/"})},
        r"`sources\[0\].prefix` is '/incoming/', which starts with '/'; S3 object keys do not"
        r".*Fix: pass prefix='incoming/'",
    ),
    (
        "prefix only a slash",
        {"sources": _sources({"prefix": "/"})},
        r"`sources\[0\].prefix` is '/', which starts with '/'.*Fix: leave prefix out",
    ),
    (
        "prefix too long",
        {"sources": _sources({"prefix": "a" * 1025})},
        r"`sources\[0\].prefix` is 1025 bytes long; S3 allows at most 1024",
    ),
    (
        "overlapping sources",
        {"sources": _sources({"prefix": "in/"}, {"prefix": "in/csv/", "suffix": ".csv"})},
        r"`sources` has two BucketEvents of Test/Uploads whose event types and key filters "
        r"overlap; S3 rejects",
    ),
    (
        "overlapping event family",
        {
            "sources": _sources(
                {"events": [s3.EventType.OBJECT_CREATED]},
                {"events": [s3.EventType.OBJECT_CREATED_PUT]},
            )
        },
        r"whose event types and key filters overlap",
    ),
    # Proves (user trial): BucketEvents(bucket, events=[OBJECT_CREATED, OBJECT_CREATED_PUT])
    # synthesized two notification configurations with the same filters, which S3 rejects
    # at deploy ("Configurations overlap"); overlaps were checked between BucketEvents only.
    (
        "overlapping event types in one BucketEvents",
        {
            "sources": _sources(
                {
                    "events": [s3.EventType.OBJECT_CREATED, s3.EventType.OBJECT_CREATED_PUT],
                    "prefix": "in/",
                }
            )
        },
        r"`sources\[0\].events` lists s3.EventType.OBJECT_CREATED and "
        r"s3.EventType.OBJECT_CREATED_PUT, which overlap.*S3 rejects.*"
        r"Fix: list s3.EventType.OBJECT_CREATED once",
    ),
    (
        "one event type twice",
        {"sources": _sources({"events": [s3.EventType.OBJECT_REMOVED] * 2})},
        r"`sources\[0\].events` lists s3.EventType.OBJECT_REMOVED and "
        r"s3.EventType.OBJECT_REMOVED, which overlap",
    ),
    (
        "fifo",
        {"fifo": True, "sources": _sources({})},
        r"`sources` are given for a FIFO queue; S3 cannot send event notifications to FIFO.*"
        r"Fix: use a standard queue \(fifo=False\) for a worker with sources; for order per "
        r"key \(a partner's files\), link that worker to a FIFO QueueWorker "
        r"\(Handler\(links=\[ordered\]\)\) and send it each file's work with "
        r"MessageGroupId=<key>",
    ),
    (
        "existing fifo queue",
        {
            "fifo": True,
            "existing_queue": _queue(fifo=True),
            "sources": _sources({}),
        },
        r"S3 cannot send event notifications to FIFO queues",
    ),
    (
        "imported existing queue",
        {
            "existing_queue": InStack(
                lambda stack: sqs.Queue.from_queue_arn(
                    stack, "Theirs", "arn:aws:sqs:us-east-1:123456789012:theirs"
                )
            ),
            "sources": _sources({}),
        },
        r"`existing_queue` is an imported queue, whose policy QueueWorker cannot change.*"
        r"aws:SourceAccount",
    ),
    (
        "existing queue with the AWS-managed key",
        {
            "existing_queue": _queue(encryption=sqs.QueueEncryption.KMS_MANAGED),
            "sources": _sources({}),
        },
        r"`existing_queue` is encrypted with a KMS key whose key policy QueueWorker cannot "
        r"change \(alias/aws/sqs or an imported key\)",
    ),
    (
        "existing queue with an imported key",
        {
            "existing_queue": InStack(
                lambda stack: sqs.Queue(
                    stack,
                    "Mine",
                    visibility_timeout=cdk.Duration.seconds(60),
                    encryption=sqs.QueueEncryption.KMS,
                    encryption_master_key=kms.Key.from_key_arn(
                        stack,
                        "Key",
                        "arn:aws:kms:us-east-1:123456789012:key/"
                        "11111111-2222-3333-4444-555555555555",
                    ),
                )
            ),
            "sources": _sources({}),
        },
        r"`existing_queue` is encrypted with a KMS key whose key policy",
    ),
]


@rule_cases(CASES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_worker, props, message)


def _two_stacks(bucket_of: Any) -> tuple[cdk.App, cdk.Stack, BucketEvents]:
    """An app whose bucket is defined in a stack "Storage"; ``bucket_of(worker_stack,
    bucket)`` is what the worker's stack passes as the source's bucket."""
    app = new_app()
    bucket = s3.Bucket(cdk.Stack(app, "Storage"), "Uploads")
    stack = cdk.Stack(app, "Workers")
    return app, stack, BucketEvents(bucket_of(stack, bucket))


def test_a_bucket_defined_in_another_stack_is_refused_before_the_cycle() -> None:
    # GIVEN the bucket itself, from another stack: notifications and queue policy would
    # make each stack depend on the other
    _, stack, source = _two_stacks(lambda stack, bucket: bucket)
    # THEN a ConstructError names the source and the way out, instead of CDK's cycle
    with pytest.raises(
        ConstructError,
        match=r"`sources\[0\].bucket` is defined in the stack "
        r"Storage, the worker in Workers.*import the bucket",
    ):
        QueueWorker(stack, "Worker", handler=HANDLER, sources=[source])


def test_a_bucket_of_another_stack_imported_by_name_works() -> None:
    # GIVEN the fix the error names: the bucket imported into the worker's stack by name
    app, stack, source = _two_stacks(
        lambda stack, bucket: s3.Bucket.from_bucket_name(stack, "Imported", bucket.bucket_name)
    )
    QueueWorker(stack, "Worker", handler=HANDLER, sources=[source])
    # THEN it synthesizes, the worker's stack depending on the bucket's, not the reverse
    assembly = app.synth()
    assert {d.id for d in assembly.get_stack_by_name("Workers").dependencies} >= {"Storage"}
    assert {d.id for d in assembly.get_stack_by_name("Storage").dependencies} <= {"Storage.assets"}


def test_disjoint_sources_of_one_bucket_are_accepted() -> None:
    # GIVEN one prefix with disjoint suffixes, and disjoint prefixes: S3 accepts both
    _, template = _worker(
        sources=_sources(
            {"prefix": "in/", "suffix": ".csv"},
            {"prefix": "in/", "suffix": ".txt"},
            {"prefix": "other/"},
            {"events": [s3.EventType.OBJECT_REMOVED]},
        )
    )
    template.resource_count_is("Custom::S3BucketNotifications", 1)


def test_every_problem_is_reported_at_once() -> None:
    assert_every_problem(
        _worker,
        {
            "fifo": True,
            "sources": _sources({"events": [], "prefix": "", "suffix": 3}),
        },
        "Test/Worker",
        [
            "sources[0].events",
            "sources[0].prefix",
            "sources[0].suffix",
            "sources",
        ],
    )


def test_two_workers_may_not_ask_one_bucket_for_overlapping_notifications() -> None:
    # GIVEN a worker taking in/ of a bucket
    stack = new_stack()
    bucket = s3.Bucket(stack, "Uploads")
    QueueWorker(stack, "First", handler=HANDLER, sources=[BucketEvents(bucket, prefix="in/")])
    # THEN a second worker may take other/ ...
    QueueWorker(
        stack,
        "Other",
        handler=echo_handler(name="Other"),
        sources=[BucketEvents(bucket, prefix="other/")],
    )
    # ... but not in/x (S3 would reject the bucket's configuration at deploy time)
    with pytest.raises(
        ConstructError,
        match=r"`sources\[0\]` overlaps a BucketEvents of Test/Uploads that "
        r"Test/First already has",
    ):
        QueueWorker(
            stack,
            "Second",
            handler=echo_handler(name="Second"),
            sources=[BucketEvents(bucket, prefix="in/x")],
        )


def _tenant_worker(app: cdk.App, tenant: str, prefix: str, bucket_name: str) -> None:
    """A tenant's stack: the platform's bucket imported by name, its events under prefix."""
    stack = cdk.Stack(app, f"Tenant-{tenant}")
    bucket = s3.Bucket.from_bucket_name(stack, "Files", bucket_name)
    QueueWorker(stack, "Ingest", handler=HANDLER, sources=[BucketEvents(bucket, prefix=prefix)])


def test_workers_of_other_stacks_may_not_ask_one_imported_bucket_for_overlaps() -> None:
    # Proves (user trial): tenant stacks each importing the platform's bucket by name (as
    # the cycle's error says to) with a copy-pasted prefix synthesized; S3 rejects the
    # second configuration at deploy. Imports of one name are one bucket to S3.
    app = new_app()
    platform = cdk.Stack(app, "Platform")
    files = s3.Bucket(platform, "Files")
    _tenant_worker(app, "acme", "acme/", files.bucket_name)
    _tenant_worker(app, "globex", "globex/", files.bucket_name)  # disjoint: fine
    with pytest.raises(
        ConstructError,
        match=r"Tenant-initech/Ingest: `sources\[0\]` overlaps a BucketEvents of "
        r"Tenant-initech/Files that Tenant-acme/Ingest already has .* at deploy time "
        r"\(Tenant-initech/Files and Tenant-acme/Files are one bucket: one name\)\. Fix: make "
        r"the prefixes or suffixes disjoint",
    ):
        _tenant_worker(app, "initech", "acme/", files.bucket_name)
    # a literal name too
    _tenant_worker(app, "umbrella", "in/", "landing-bucket")
    with pytest.raises(ConstructError, match=r"Tenant-hooli/Ingest: `sources\[0\]` overlaps"):
        _tenant_worker(app, "hooli", "in/x/", "landing-bucket")


def test_another_app_of_the_process_may_import_the_same_bucket() -> None:
    # GIVEN an app (a test's) whose worker takes in/ of a bucket imported by name
    _tenant_worker(new_app(), "acme", "in/", "landing-bucket")
    # THEN a new app (the next test's, a snapshot's) may build the same worker again
    _tenant_worker(new_app(), "acme", "in/", "landing-bucket")


def test_a_queue_policy_with_room_for_every_bucket_is_fine() -> None:
    # 19 buckets and the TLS-only statement: 20, SQS's most
    _, template = _worker(sources=_buckets(19))
    policies = template.find_resources("AWS::SQS::QueuePolicy").values()
    counts = [len(p["Properties"]["PolicyDocument"]["Statement"]) for p in policies]
    assert sorted(counts) == [1, 20]  # the dead-letter queue's, the worker queue's


def test_sibling_event_types_whose_names_extend_each_other_do_not_overlap() -> None:
    # Proves (sweep26): OBJECT_REMOVED_DELETE (s3:ObjectRemoved:Delete) and
    # OBJECT_REMOVED_DELETE_MARKER_CREATED (s3:ObjectRemoved:DeleteMarkerCreated) are two
    # types S3 takes together, but the name of one starts with the other's: they were
    # refused as overlapping, in one BucketEvents and between two workers.
    stack = new_stack()
    bucket = s3.Bucket(stack, "Uploads")
    QueueWorker(
        stack,
        "Deletes",
        handler=HANDLER,
        sources=[
            BucketEvents(
                bucket,
                events=[
                    s3.EventType.OBJECT_REMOVED_DELETE,
                    s3.EventType.OBJECT_REMOVED_DELETE_MARKER_CREATED,
                ],
            )
        ],
    )
    QueueWorker(
        stack,
        "Expiry",
        handler=echo_handler(name="Expiry"),
        sources=[BucketEvents(bucket, events=[s3.EventType.LIFECYCLE_EXPIRATION_DELETE])],
    )
    QueueWorker(
        stack,
        "Markers",
        handler=echo_handler(name="Markers"),
        sources=[
            BucketEvents(bucket, events=[s3.EventType.LIFECYCLE_EXPIRATION_DELETE_MARKER_CREATED])
        ],
    )
    # THEN the template has each type's configuration
    events = [
        event
        for config in Template.from_stack(stack)
        .find_resources("Custom::S3BucketNotifications")
        .popitem()[1]["Properties"]["NotificationConfiguration"]["QueueConfigurations"]
        for event in config["Events"]
    ]
    assert sorted(events) == [
        "s3:LifecycleExpiration:Delete",
        "s3:LifecycleExpiration:DeleteMarkerCreated",
        "s3:ObjectRemoved:Delete",
        "s3:ObjectRemoved:DeleteMarkerCreated",
    ]
    # AND a family still overlaps its members
    with pytest.raises(ConstructError, match=r"lists s3.EventType.OBJECT_REMOVED and s3.Event"):
        QueueWorker(
            stack,
            "Family",
            handler=echo_handler(name="Family"),
            sources=[
                BucketEvents(
                    bucket,
                    events=[
                        s3.EventType.OBJECT_REMOVED,
                        s3.EventType.OBJECT_REMOVED_DELETE_MARKER_CREATED,
                    ],
                    prefix="other/",
                )
            ],
        )


def test_a_key_filter_may_hold_the_joiners_of_words_and_emoji() -> None:
    # Proves (sweep26): a Persian prefix ('\u06af\u0632\u0627\u0631\u0634\u200c\u0647\u0627/',
    # "reports", written with a zero width non-joiner as Persian is) and an emoji sequence
    # (a zero width joiner) were refused as holding a character no key holds.
    persian = "\u06af\u0632\u0627\u0631\u0634\u200c\u0647\u0627/"
    emoji = "\U0001f469\u200d\U0001f4bb/"
    stack = new_stack()
    bucket = s3.Bucket(stack, "Uploads")
    QueueWorker(
        stack,
        "Worker",
        handler=HANDLER,
        sources=[BucketEvents(bucket, prefix=persian), BucketEvents(bucket, prefix=emoji)],
    )
    rules = [
        rule["Filter"]["Key"]["FilterRules"][0]["Value"]
        for rule in Template.from_stack(stack)
        .find_resources("Custom::S3BucketNotifications")
        .popitem()[1]["Properties"]["NotificationConfiguration"]["QueueConfigurations"]
    ]
    assert sorted(rules) == sorted([persian, emoji])
    # AND a joiner alone is still no key filter; a newline still refused
    with pytest.raises(ConstructError, match=r"`sources\[0\].prefix` is 'in/\\n', with a newline"):
        QueueWorker(
            stack,
            "Other",
            handler=echo_handler(name="Other"),
            sources=[BucketEvents(bucket, prefix="in/\n")],
        )


def test_the_fix_for_a_key_filter_keeps_its_joiners() -> None:
    # Proves (review): a Persian prefix with a trailing newline was told to become the
    # prefix without its zero width non-joiner, a key filter matching none of the keys
    # meant; the fix drops the newline only.
    persian = "\u06af\u0632\u0627\u0631\u0634\u200c\u0647\u0627/"
    stack = new_stack()
    bucket = s3.Bucket(stack, "Uploads")
    with pytest.raises(ConstructError) as raised:
        QueueWorker(
            stack, "Worker", handler=HANDLER, sources=[BucketEvents(bucket, prefix=persian + "\n")]
        )
    assert f"Fix: pass prefix={persian!r}" in str(raised.value)
