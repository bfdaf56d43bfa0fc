"""Fourth round of injector follow-ups: what a property injector
(``cdk.PropertyInjectors.of(scope).add(...)``) left open after injectors54. aws-cdk-lib's
refusal of an injector's props quoted with its reasons; lifecycle rules added beside the
library's that delete what a bucket keeps (a site's files, failed batches); the name of
aws-cdk-lib's BucketNotificationsHandler's role; the trust of a Network's flow log role;
and a StaticSite's log bucket, which CloudFront's standard logging writes through ACLs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import Duration
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template
from constructs import Construct

from constructs_lib import (
    BucketEvents,
    EventHandler,
    Network,
    QueueWorker,
    StaticSite,
    StreamWorker,
)
from tests.stream_support import stream_table
from tests.support import SITE, echo_handler, raised
from tests.test_injectors53b import _only
from tests.test_injectors54 import _with_root
from tests.test_trial53 import Blueprint, Props, _set, _stack_with

_SKIP = "Fix: leave it out of the props your property injector returns"


def _site(stack: cdk.Stack) -> StaticSite:
    return StaticSite(stack, "Site", source=SITE, alarms=False)


def _worker(stack: cdk.Stack, **props: Any) -> QueueWorker:
    return QueueWorker(stack, "Worker", handler=echo_handler(), alarms=False, **props)


# --- 1. aws-cdk-lib's reasons, quoted ------------------------------------------------------


def test_every_reason_aws_cdk_lib_gives_is_quoted() -> None:
    # GIVEN an injector giving every queue a message size, a delay and a retention SQS
    # does not take: aws-cdk-lib lists the three below a heading naming its own class
    stack = _stack_with(
        Blueprint(
            sqs.Queue,
            _set(
                maxMessageSizeBytes=2000000,
                deliveryDelay=Duration.minutes(20),
                retentionPeriod=Duration.days(30),
            ),
        )
    )
    # THEN the error quotes each reason (it quoted "Queue2 initialization failed due to the
    # following validation error(s):." and none of them)
    assert str(raised(lambda: _worker(stack))) == (
        "1 invalid prop:\n  - Test/Worker/DeadLetterQueue: `sqs.Queue props` were refused "
        "while a property injector of sqs.Queue (cdk.PropertyInjectors) applied to the "
        "library's sqs.Queue: delivery delay must be between 0 and 900 seconds, but 1200 was "
        "provided; maximum message size must be between 1,024 and 1,048,576 bytes, but "
        "2000000 was provided; message retention period must be between 60 and 1,209,600 "
        "seconds, but 2592000 was provided. Fix: correct what the injector's inject returns "
        "(or raises) for it, or leave the library's resources out of it (return "
        "original_props unchanged when any(type(s).__module__.startswith('constructs_lib') "
        "for s in scope.node.scopes))"
    )


def test_one_reason_is_quoted_without_the_heading() -> None:
    # GIVEN an injector giving every queue 2,000,000-byte messages
    stack = _stack_with(Blueprint(sqs.Queue, _set(maxMessageSizeBytes=2000000)))
    message = str(raised(lambda: _worker(stack)))
    # THEN the reason is there, the heading is not
    assert "sqs.Queue: maximum message size must be between 1,024 and 1,048,576 bytes, but " in (
        message
    )
    assert "initialization failed" not in message


# --- 2. lifecycle rules beside the library's that delete what it keeps --------------------


def _beside(rule: s3.LifecycleRule) -> Callable[[Props, Construct, str], Props]:
    return lambda props, scope, id: {
        **props,
        "lifecycleRules": [*props.get("lifecycleRules", []), rule],
    }


def test_an_unfiltered_expiry_on_the_site_bucket_is_refused() -> None:
    # GIVEN a platform's blueprint expiring every bucket's objects after 90 days
    stack = _stack_with(
        Blueprint(s3.Bucket, _beside(s3.LifecycleRule(expiration=Duration.days(90))))
    )
    # THEN the site is refused at its content bucket: the site's files would be deleted
    # 90 days after each upload (the log bucket's logs may expire: its retention)
    assert str(raised(lambda: _site(stack))) == (
        "1 invalid prop:\n  - Test/Site/Bucket: `lifecycle_rules` hold a rule that deletes "
        "the site's files (404.html, app.js, index.html, ...): a property injector of "
        "s3.Bucket (cdk.PropertyInjectors) returned a lifecycle rule with expiration after 90 "
        "days for the StaticSite's bucket, beside the library's (a rule matching none of them, "
        f"by tagFilters or a prefix of its own, passes). {_SKIP} for the library's resources "
        "(return original_props unchanged when any(type(s).__module__.startswith("
        "'constructs_lib') for s in scope.node.scopes)), or narrow your rule with tagFilters "
        "or a prefix of your own; each deploy replaces the site's files, and the replaced ones "
        "expire after the StaticSite's noncurrent_version_expiration (set that to keep them "
        "shorter)"
    )


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        pytest.param(
            s3.LifecycleRule(noncurrent_version_expiration=Duration.days(1)),
            "hold a rule that deletes the replaced versions of the site's files (404.html, "
            "app.js, index.html, ...) after 1 day, not the 30 the construct keeps them for",
            id="noncurrent-shorter",
        ),
        pytest.param(
            s3.LifecycleRule(prefix="ind", expiration=Duration.days(7)),
            "hold a rule that deletes the site's files (index.html): ",
            id="prefix-of-a-site-file",
        ),
        pytest.param(
            s3.LifecycleRule(object_size_greater_than=1024, expiration=Duration.days(7)),
            "hold a rule that deletes the site's files (404.html, app.js, index.html, ...)",
            id="size-filter",
        ),
    ],
)
def test_a_rule_deleting_site_files_or_their_versions_is_refused(
    rule: s3.LifecycleRule, expected: str
) -> None:
    stack = _stack_with(Blueprint(s3.Bucket, _only("Bucket", _beside(rule))))
    assert str(raised(lambda: _site(stack))).startswith(
        f"1 invalid prop:\n  - Test/Site/Bucket: `lifecycle_rules` {expected}"
    )


def test_rules_matching_no_site_file_pass() -> None:
    # GIVEN rules beside the library's that cannot delete a site's file: a prefix none has,
    # tags (the deployment tags nothing), incomplete uploads, a longer noncurrent expiry;
    # and an expiry on the log bucket (its retention)
    rules = [
        s3.LifecycleRule(prefix="tmp/", expiration=Duration.days(1)),
        s3.LifecycleRule(tag_filters={"expire": "soon"}, expiration=Duration.days(1)),
        s3.LifecycleRule(abort_incomplete_multipart_upload_after=Duration.days(2)),
        s3.LifecycleRule(noncurrent_version_expiration=Duration.days(60)),
    ]

    def change(props: Props, scope: Construct, id: str) -> Props:
        return {**props, "lifecycleRules": [*props.get("lifecycleRules", []), *rules]}

    logs = s3.LifecycleRule(expiration=Duration.days(7))
    stack = _stack_with(
        Blueprint(
            s3.Bucket, lambda p, s, i: change(p, s, i) if i == "Bucket" else _beside(logs)(p, s, i)
        )
    )
    _site(stack)
    # THEN they are in the template
    buckets = Template.from_stack(stack).find_resources("AWS::S3::Bucket")
    (site,) = [v for k, v in buckets.items() if k.startswith("SiteBucket")]
    (log,) = [v for k, v in buckets.items() if k.startswith("SiteLogBucket")]
    assert len(site["Properties"]["LifecycleConfiguration"]["Rules"]) == 5
    assert log["Properties"]["LifecycleConfiguration"]["Rules"][-1]["ExpirationInDays"] == 7


def test_an_expiry_on_the_failed_batches_bucket_is_refused() -> None:
    # GIVEN an injector expiring every bucket's objects after a year, and a StreamWorker
    # keeping its skipped batches in a bucket of its own (which never expires them)
    stack = _stack_with(
        Blueprint(s3.Bucket, _beside(s3.LifecycleRule(expiration=Duration.days(365))))
    )

    # THEN the worker is refused at its failed-batches bucket (its access logs may expire)
    def build() -> None:
        StreamWorker(
            stack,
            "Worker",
            handler=echo_handler(),
            table=stream_table(stack),
            failed_batches_bucket=True,
            alarms=False,
        )

    message = str(raised(build))
    assert message.startswith(
        "1 invalid prop:\n  - Test/Worker/FailedBatches/Bucket: `lifecycle_rules` hold a rule "
        "that deletes the failed batches (each the only copy of its records once the stream "
        "drops them): a property injector of s3.Bucket (cdk.PropertyInjectors) returned a "
        "lifecycle rule with expiration after 365 days for the StreamWorker's bucket"
    )
    assert message.endswith(
        "to expire failed batches, pass a bucket of yours with that rule as failed_batches_bucket="
    )


# --- 3. aws-cdk-lib's BucketNotificationsHandler's role --------------------------------------

_HANDLER_ROLE = "Test/BucketNotificationsHandler050a0587b7544547bf325f094a3db834/Role"


def test_a_role_name_on_the_notifications_handler_and_a_workers_role_is_refused() -> None:
    # GIVEN an injector naming every role "platform-role" and a worker fed by a bucket
    # (aws-cdk-lib's notifications handler configures the bucket, with a role of its own)
    stack = _stack_with(Blueprint(iam.Role, _set(roleName="platform-role")))
    bucket = s3.Bucket(stack, "Uploads")
    # THEN it is refused: two roles of one name (it passed, and the deploy failed)
    message = str(raised(lambda: _worker(stack, sources=[BucketEvents(bucket)])))
    assert "`role_name` is 'platform-role'" in message
    assert _HANDLER_ROLE in message


def test_the_notifications_handler_of_an_event_handlers_bucket_is_compared() -> None:
    # GIVEN a bucket sending to EventBridge (its handler made first) and an EventHandler
    # of its events, under one role name
    stack = _stack_with(Blueprint(iam.Role, _set(roleName="platform-role")))
    bucket = s3.Bucket(stack, "Uploads", event_bridge_enabled=True)
    pattern = {"source": ["aws.s3"], "detail": {"bucket": {"name": [bucket.bucket_name]}}}

    def build() -> None:
        EventHandler(stack, "Events", handler=echo_handler(), alarms=False, event_pattern=pattern)

    # THEN the handler's role is refused, naming the EventHandler's and its own id
    assert str(raised(build)).startswith(
        f"1 invalid prop:\n  - {_HANDLER_ROLE}: `role_name` is 'platform-role': a property "
        "injector of iam.Role (cdk.PropertyInjectors) returned roleName='platform-role' for "
        "aws-cdk-lib's BucketNotificationsHandler's role and for Test/Events/Handler/Role, and "
        "two roles of one name cannot both be created (in one account, whatever the region): "
        "the deploy fails on the second. Fix: leave the name out of the props your property "
        f"injector returns for aws-cdk-lib's {_HANDLER_ROLE} (tell it by "
        "f'{scope.node.path}/{id}': the BucketNotificationsHandler's has no construct of the "
        "library's above it)"
    )


# --- 4. a Network's flow log role's trust ----------------------------------------------------


def _flow_log_role(change: Callable[[Props, Construct, str], Props]) -> Blueprint:
    return Blueprint(
        iam.Role,
        lambda props, scope, id: change(props, scope, id) if scope.node.id == "FlowLog" else props,
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            _with_root,
            'Test/Network/FlowLog/IAMRole: `assumed_by` lets AWS "arn:{Ref AWS::Partition}:iam::'
            '{Ref AWS::AccountId}:root" assume it: a property injector of iam.Role '
            "(cdk.PropertyInjectors) returned another assumedBy for aws-cdk-lib's FlowLog's "
            "role, which the library lets vpc-flow-logs.amazonaws.com assume only",
            id="wider",
        ),
        pytest.param(
            _set(assumedBy=iam.ServicePrincipal("ec2.amazonaws.com")),
            "Test/Network/FlowLog/IAMRole: `assumed_by` does not trust vpc-flow-logs.amazonaws.com",
            id="another-service",
        ),
    ],
)
def test_an_injector_widening_or_replacing_the_flow_log_roles_trust_is_refused(
    change: Callable[[Props, Construct, str], Props], expected: str
) -> None:
    stack = _stack_with(_flow_log_role(change))
    # THEN the Network is refused at the role (the library added its conditions to the
    # merged statement, and whoever else it trusted went unnamed)
    assert str(raised(lambda: Network(stack, "Network"))).startswith(
        f"1 invalid prop:\n  - {expected}"
    )


def _flow_log_trust(stack: cdk.Stack) -> list[dict[str, Any]]:
    roles = Template.from_stack(stack).find_resources("AWS::IAM::Role")
    (role,) = [v for k, v in roles.items() if k.startswith("NetworkFlowLogIAMRole")]
    statements: list[dict[str, Any]] = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    return statements


def test_the_injectors_conditions_on_the_flow_log_role_are_kept_beside_the_librarys() -> None:
    # GIVEN an injector adding an external id to every role's trust
    stack = _stack_with(_flow_log_role(_set(externalIds=["platform"])))
    Network(stack, "Network")
    # THEN the flow log role keeps it beside the library's conditions (they replaced it)
    (statement,) = _flow_log_trust(stack)
    assert set(statement["Condition"]["StringEquals"]) == {"sts:ExternalId", "aws:SourceAccount"}
    assert "aws:SourceArn" in statement["Condition"]["ArnLike"]


def test_a_second_statement_trusting_the_service_gets_the_librarys_conditions() -> None:
    # GIVEN an injector trusting the service twice, once under a condition of its own
    # (iam.CompositePrincipal keeps principals of other conditions in their own statement)
    def twice(props: Props, scope: Construct, id: str) -> Props:
        org = iam.ServicePrincipal(
            "vpc-flow-logs.amazonaws.com",
            conditions={"StringEquals": {"aws:SourceOrgID": "o-example"}},
        )
        return {**props, "assumedBy": iam.CompositePrincipal(props["assumedBy"], org)}

    stack = _stack_with(_flow_log_role(twice))
    Network(stack, "Network")
    # THEN each statement holds the library's conditions (the second was trusted without
    # them: an AssertionError, or the confused deputy's way in)
    statements = _flow_log_trust(stack)
    assert len(statements) == 2
    for statement in statements:
        assert "aws:SourceAccount" in statement["Condition"]["StringEquals"]
        assert "aws:SourceArn" in statement["Condition"]["ArnLike"]
    assert statements[1]["Condition"]["StringEquals"]["aws:SourceOrgID"] == "o-example"


# --- 5. a StaticSite's log bucket, written by CloudFront through ACLs -------------------------


@pytest.mark.parametrize(
    ("ownership", "given"),
    [
        (s3.ObjectOwnership.BUCKET_OWNER_ENFORCED, "BucketOwnerEnforced"),
        (None, "none (S3's default for a new bucket: BucketOwnerEnforced)"),
    ],
)
def test_the_log_bucket_without_acls_is_refused(
    ownership: s3.ObjectOwnership | None, given: str
) -> None:
    # GIVEN an injector turning the log bucket's ACLs off (a platform's "no ACLs" rule)
    stack = _stack_with(Blueprint(s3.Bucket, _only("LogBucket", _set(objectOwnership=ownership))))
    # THEN the site is refused: CloudFront's standard logging (legacy) writes through ACLs
    assert str(raised(lambda: _site(stack))) == (
        f"1 invalid prop:\n  - Test/Site/LogBucket: `object_ownership` is {given}: a property "
        "injector of s3.Bucket (cdk.PropertyInjectors) returned another objectOwnership for "
        "the StaticSite's log bucket, whose ACLs are then off: CloudFront's standard logging "
        "(legacy) writes through them, so the distribution's access logs are not delivered. "
        f"{_SKIP} for the library's resources (return original_props unchanged when "
        "any(type(s).__module__.startswith('constructs_lib') for s in scope.node.scopes)), or "
        "return ObjectOwnership.BUCKET_OWNER_PREFERRED"
    )


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(_set(objectOwnership=s3.ObjectOwnership.OBJECT_WRITER), id="object-writer"),
        pytest.param(_set(minimumTLSVersion=1.3), id="tls-13"),
    ],
)
def test_what_leaves_log_delivery_alone_passes(
    change: Callable[[Props, Construct, str], Props],
) -> None:
    # GIVEN an injector keeping the log bucket's ACLs on (ObjectWriter), or raising its
    # minimum TLS version (AWS documents no TLS version for either log delivery)
    stack = _stack_with(Blueprint(s3.Bucket, _only("LogBucket", change)))
    _site(stack)
    # THEN it is in the template
    buckets = Template.from_stack(stack).find_resources("AWS::S3::Bucket")
    assert any(k.startswith("SiteLogBucket") for k in buckets)
