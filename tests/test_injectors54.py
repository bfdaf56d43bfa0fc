"""Third round of injector follow-ups: what a property injector
(``cdk.PropertyInjectors.of(scope).add(...)``) may change in a QueueWorker's dead-letter
queue against its queue, in the library's roles under ``iam.Role.customize_roles`` and
in their trust conditions, in the library's lifecycle rules, in the names of aws-cdk-lib's
own helpers below the library's constructs, and in a StaticSite's minimum TLS version.
What the construct relies on is a ConstructError naming the resource, the property and
the fix; what does not break it passes and is in the template."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import Duration, Size
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template
from constructs import Construct

from constructs_lib import Deployment, EventHandler, Network, QueueWorker, StaticSite
from tests.support import CERT_ARN, SITE, echo_handler, new_app, raised, warnings_of
from tests.test_injectors53b import _events, _job, _only
from tests.test_trial53 import Blueprint, Props, _set, _stack_with

_SKIP = "Fix: leave it out of the props your property injector returns"


def _worker(stack: cdk.Stack, **props: Any) -> QueueWorker:
    return QueueWorker(stack, "Worker", handler=echo_handler(), alarms=False, **props)


def _queues(stack: cdk.Stack) -> dict[str, dict[str, Any]]:
    """The worker's queues' properties, by construct id (``Queue``, ``DeadLetterQueue``)."""
    found = Template.from_stack(stack).find_resources("AWS::SQS::Queue")
    return {
        "DeadLetterQueue" if "DeadLetter" in k else "Queue": v["Properties"]
        for k, v in found.items()
    }


# --- 1. a QueueWorker's dead-letter queue against its queue --------------------------------


def test_a_dead_letter_queue_smaller_than_its_queue_is_refused() -> None:
    # GIVEN an injector lowering the dead-letter queue's largest message below the queue's
    # (SQS's default, 1 MiB, as the worker names none)
    stack = _stack_with(
        Blueprint(sqs.Queue, _only("DeadLetterQueue", _set(maxMessageSizeBytes=65536)))
    )
    # THEN building the worker is refused at the dead-letter queue: a failing message
    # larger than that cannot be kept there
    assert str(raised(lambda: _worker(stack))) == (
        "1 invalid prop:\n  - Test/Worker/DeadLetterQueue: `max_message_size_bytes` is 65536: "
        "a property injector of sqs.Queue (cdk.PropertyInjectors) returned "
        "maxMessageSizeBytes=65536 for the QueueWorker's dead-letter queue, below its "
        "queue's 1048576 (Test/Worker/Queue): SQS refuses a message larger than a queue's "
        "MaximumMessageSize and documents no exception for the messages a redrive policy "
        "moves, so a failing message of more than 65536 bytes is never kept there to read "
        "or redrive. Fix: leave it out of the props your property injector returns for the "
        "library's resources (return original_props unchanged when any(type(s).__module__"
        ".startswith('constructs_lib') for s in scope.node.scopes)), or return 1048576 or "
        "more (the queue's size)"
    )


def test_a_dead_letter_queue_smaller_than_the_workers_max_message_size_is_refused() -> None:
    # GIVEN a worker taking 512 KiB messages and an injector giving its dead-letter queue 256
    stack = _stack_with(
        Blueprint(sqs.Queue, _only("DeadLetterQueue", _set(maxMessageSizeBytes=262144)))
    )
    # THEN the queue's size is the one compared
    message = str(raised(lambda: _worker(stack, max_message_size=Size.kibibytes(512))))
    assert "below its queue's 524288 (Test/Worker/Queue)" in message


def test_an_injector_on_the_app_reaches_two_stacks_workers() -> None:
    # GIVEN an injector registered on the App (not the stack) shortening every dead-letter
    # queue, and a worker in each of two stacks
    app = new_app()
    cdk.PropertyInjectors.of(app).add(
        Blueprint(sqs.Queue, _only("DeadLetterQueue", _set(retentionPeriod=Duration.hours(1))))
    )
    # THEN each worker is refused at its own dead-letter queue
    for name in ("One", "Two"):
        message = str(raised(lambda name=name: _worker(cdk.Stack(app, name))))
        assert message.startswith(
            f"1 invalid prop:\n  - {name}/Worker/DeadLetterQueue: `retention_period` is 3600 "
        )


def test_one_message_size_for_every_queue_passes() -> None:
    # GIVEN a platform's blueprint giving every queue 256 KiB messages
    stack = _stack_with(Blueprint(sqs.Queue, _set(maxMessageSizeBytes=262144)))
    # WHEN a worker is built
    _worker(stack)
    # THEN both queues take 256 KiB: the dead-letter queue keeps whatever the queue took
    queues = _queues(stack)
    assert queues["Queue"]["MaximumMessageSize"] == 262144
    assert queues["DeadLetterQueue"]["MaximumMessageSize"] == 262144


def test_a_dead_letter_queue_keeping_messages_shorter_than_its_queue_is_refused() -> None:
    # GIVEN an injector giving the dead-letter queue one day (the queue keeps SQS's 4 days)
    stack = _stack_with(
        Blueprint(sqs.Queue, _only("DeadLetterQueue", _set(retentionPeriod=Duration.days(1))))
    )
    # THEN building the worker is refused as the queues are created, naming the injector
    # (the check at synth named an Aspect or an escape hatch)
    assert str(raised(lambda: _worker(stack))) == (
        "1 invalid prop:\n  - Test/Worker/DeadLetterQueue: `retention_period` is 86400 "
        "seconds: a property injector of sqs.Queue (cdk.PropertyInjectors) returned a "
        "shorter retentionPeriod for the QueueWorker's dead-letter queue than its queue's "
        "(345600 seconds, Test/Worker/Queue): SQS counts a standard queue's message's "
        "retention from when it was first sent, so a message that reaches the dead-letter "
        "queue after 86400 seconds in the queue is deleted on arrival, never seen nor "
        "redriven. Fix: leave it out of the props your property injector returns for the "
        "library's resources (return original_props unchanged when any(type(s).__module__"
        ".startswith('constructs_lib') for s in scope.node.scopes)), or return a "
        "retentionPeriod of at least the queue's (the library keeps 14 days there, SQS's "
        "longest)"
    )


def test_a_queue_kept_longer_than_its_dead_letter_queue_is_refused() -> None:
    # GIVEN an injector giving the worker's queue 14 days and its dead-letter queue 7
    def retention(props: Props, scope: Construct, id: str) -> Props:
        days = 14 if id == "Queue" else 7
        return {**props, "retentionPeriod": Duration.days(days)}

    stack = _stack_with(Blueprint(sqs.Queue, retention))
    # THEN it is refused: a message failing after 7 days in the queue is lost on arrival
    message = str(raised(lambda: _worker(stack)))
    assert "`retention_period` is 604800 seconds" in message
    assert "than its queue's (1209600 seconds, Test/Worker/Queue)" in message


def test_one_retention_for_every_queue_passes_with_the_dead_letter_warning() -> None:
    # GIVEN a platform's blueprint keeping every queue's messages 7 days
    stack = _stack_with(Blueprint(sqs.Queue, _set(retentionPeriod=Duration.days(7))))
    # WHEN a worker is built
    _worker(stack)
    # THEN both keep 7 days, and the worker warns that its dead-letter queue keeps a failed
    # message shorter than the 14 days its alarm says
    queues = _queues(stack)
    assert queues["Queue"]["MessageRetentionPeriod"] == 604800
    assert queues["DeadLetterQueue"]["MessageRetentionPeriod"] == 604800
    assert warnings_of(stack, "constructs_lib:deadLetterRetentionShortened")


def test_a_fifo_dead_letter_queue_kept_shorter_passes() -> None:
    # GIVEN a FIFO worker and an injector giving its dead-letter queue one day: a FIFO
    # queue's message starts its retention again in the dead-letter queue
    stack = _stack_with(
        Blueprint(sqs.Queue, _only("DeadLetterQueue", _set(retentionPeriod=Duration.days(1))))
    )
    _worker(stack, fifo=True)
    # THEN it passes, with the injector's retention in the template
    assert _queues(stack)["DeadLetterQueue"]["MessageRetentionPeriod"] == 86400


@pytest.mark.parametrize("size", [524288, 1048576])
def test_a_dead_letter_queue_larger_than_its_queue_passes(size: int) -> None:
    # GIVEN a worker taking 256 KiB messages and an injector giving its dead-letter queue more
    stack = _stack_with(
        Blueprint(sqs.Queue, _only("DeadLetterQueue", _set(maxMessageSizeBytes=size)))
    )
    _worker(stack, max_message_size=Size.kibibytes(256))
    # THEN it passes: the dead-letter queue keeps every message the queue took
    assert _queues(stack)["DeadLetterQueue"]["MaximumMessageSize"] == size


# --- 2. roles under iam.Role.customize_roles ---------------------------------------------


def _precreated(stack: cdk.Stack, *, prevent_synthesis: bool = True) -> None:
    roles = {"Job/Handler/Role": "job-function", "Job/SchedulerRole": "job-scheduler"}
    iam.Role.customize_roles(stack, use_precreated_roles=roles, prevent_synthesis=prevent_synthesis)


def _report(stack: cdk.Stack) -> str:
    """The iam-policy-report aws-cdk-lib writes for ``stack``'s app."""
    app = stack.node.root
    assert isinstance(app, cdk.App)
    app.synth()
    return (Path(app.outdir) / "iam-policy-report.txt").read_text()


@pytest.mark.parametrize(
    ("injector", "expected"),
    [
        pytest.param(
            Blueprint(iam.Role, _set(inlinePolicies={})),
            "Test/Job/Handler/Role: `inline_policies` lack the library's 'Logs', 'Tracing': a "
            "property injector of iam.Role (cdk.PropertyInjectors) returned other "
            "inlinePolicies for the ScheduledJob's role",
            id="inline-policies",
        ),
        pytest.param(
            Blueprint(iam.Role, _set(assumedBy=iam.ServicePrincipal("ec2.amazonaws.com"))),
            "Test/Job/Handler/Role: `assumed_by` does not trust lambda.amazonaws.com",
            id="assumed-by",
        ),
        pytest.param(
            Blueprint(
                iam.Role,
                _only(
                    "SchedulerRole",
                    _set(assumedBy=iam.ServicePrincipal("scheduler.amazonaws.com")),
                ),
            ),
            "Test/Job/SchedulerRole: `assumed_by` lacks the library's conditions "
            "aws:SourceAccount, aws:SourceArn",
            id="trust-conditions",
        ),
    ],
)
@pytest.mark.parametrize("prevent_synthesis", [True, False])
def test_an_injector_changing_a_precreated_role_is_refused(
    injector: Blueprint, expected: str, prevent_synthesis: bool
) -> None:
    # GIVEN precreated roles (customize_roles) and an injector of iam.Role: it still
    # reaches the library's roles, whose trust and policies become the iam-policy-report
    # the central team creates the role from
    stack = _stack_with(injector)
    _precreated(stack, prevent_synthesis=prevent_synthesis)
    # THEN building the construct is refused at the role, with or without a role resource
    message = str(raised(lambda: _job(stack)))
    assert message.startswith(f"1 invalid prop:\n  - {expected}")


def test_a_platforms_blueprint_on_precreated_roles_passes_into_the_report() -> None:
    # GIVEN precreated roles and an injector adding an inline policy beside the library's
    audit = iam.PolicyDocument(
        statements=[iam.PolicyStatement(actions=["s3:ListAllMyBuckets"], resources=["*"])]
    )

    def beside(props: Props, scope: Construct, id: str) -> Props:
        return {**props, "inlinePolicies": {**props.get("inlinePolicies", {}), "Audit": audit}}

    stack = _stack_with(Blueprint(iam.Role, beside))
    _precreated(stack)
    _job(stack)
    # THEN the template has no role, and the report asks for the library's statements and
    # the injector's
    assert not Template.from_stack(stack).find_resources("AWS::IAM::Role")
    report = _report(stack)
    assert report.count("s3:ListAllMyBuckets") == 2
    assert "logs:PutLogEvents" in report
    assert "aws:SourceArn" in report


# --- 3. a role's trust conditions and principals ------------------------------------------


def _deployed_events(stack: cdk.Stack) -> EventHandler:
    return _events(stack, handler=echo_handler(deployment=Deployment.canary(percent=10, minutes=5)))


def _with_root(props: Props, scope: Construct, id: str) -> Props:
    return {
        **props,
        "assumedBy": iam.CompositePrincipal(props["assumedBy"], iam.AccountRootPrincipal()),
    }


@pytest.mark.parametrize(
    ("injector", "build", "expected"),
    [
        pytest.param(
            Blueprint(
                iam.Role,
                _only(
                    "SchedulerRole",
                    _set(assumedBy=iam.ServicePrincipal("scheduler.amazonaws.com")),
                ),
            ),
            _job,
            "Test/Job/SchedulerRole: `assumed_by` lacks the library's conditions "
            "aws:SourceAccount, aws:SourceArn: a property injector of iam.Role "
            "(cdk.PropertyInjectors) returned an assumedBy without them for the ScheduledJob's "
            "role, which trusts scheduler.amazonaws.com acting for this app's own resources "
            "only (the confused deputy): without it, the service assumes the role for any "
            f"account's resource that names it. {_SKIP}",
            id="scheduler-conditions",
        ),
        pytest.param(
            Blueprint(
                iam.Role,
                _only(
                    "SchedulerRole",
                    lambda props, scope, id: {
                        **props,
                        "assumedBy": iam.ServicePrincipal(
                            "scheduler.amazonaws.com",
                            conditions={"StringEquals": {"aws:SourceAccount": "111111111111"}},
                        ),
                    },
                ),
            ),
            _job,
            "Test/Job/SchedulerRole: `assumed_by` lacks the library's conditions "
            "aws:SourceAccount, aws:SourceArn",
            id="scheduler-other-conditions",
        ),
        pytest.param(
            Blueprint(iam.Role, _only("SchedulerRole", _with_root)),
            _job,
            'Test/Job/SchedulerRole: `assumed_by` lets AWS "arn:{Ref AWS::Partition}:iam::'
            '{Ref AWS::AccountId}:root" assume it: a property injector of iam.Role '
            "(cdk.PropertyInjectors) returned another assumedBy for the ScheduledJob's role, "
            "which the library lets scheduler.amazonaws.com assume only: whoever else it "
            "trusts gets the role's permissions (what it invokes, writes and deploys). "
            f"{_SKIP}",
            id="scheduler-wider",
        ),
        pytest.param(
            Blueprint(
                iam.Role,
                _only(
                    "DeploymentRole",
                    _set(assumedBy=iam.ServicePrincipal("codedeploy.amazonaws.com")),
                ),
            ),
            _deployed_events,
            "Test/Events/Handler/DeploymentRole: `assumed_by` lacks the library's conditions "
            "aws:SourceAccount, aws:SourceArn",
            id="codedeploy-conditions",
        ),
        pytest.param(
            Blueprint(iam.Role, _only("Role", _with_root)),
            _events,
            "Test/Events/Handler/Role: `assumed_by` lets AWS",
            id="function-wider",
        ),
        pytest.param(
            Blueprint(
                iam.Role,
                _only(
                    "Role",
                    _set(
                        assumedBy=iam.CompositePrincipal(
                            iam.ServicePrincipal("lambda.amazonaws.com"),
                            iam.ServicePrincipal("ec2.amazonaws.com"),
                        )
                    ),
                ),
            ),
            _events,
            'Test/Events/Handler/Role: `assumed_by` lets Service "ec2.amazonaws.com" assume it',
            id="another-service",
        ),
    ],
)
def test_an_injector_weakening_a_roles_trust_is_refused(
    injector: Blueprint, build: Callable[[cdk.Stack], object], expected: str
) -> None:
    # GIVEN an injector keeping the library's service but dropping its conditions or
    # letting another principal in
    stack = _stack_with(injector)
    # THEN building the construct is refused at the role
    assert str(raised(lambda: build(stack))).startswith(f"1 invalid prop:\n  - {expected}")


def test_conditions_added_to_a_roles_trust_pass() -> None:
    # GIVEN an injector adding an external id (a condition more) to every role's trust
    stack = _stack_with(Blueprint(iam.Role, _set(externalIds=["platform"])))
    _job(stack)
    # THEN the Scheduler role keeps the library's conditions beside it
    roles = Template.from_stack(stack).find_resources("AWS::IAM::Role")
    (scheduler_role,) = [v for k, v in roles.items() if k.startswith("JobSchedulerRole")]
    (statement,) = scheduler_role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert statement["Condition"]["StringEquals"]["sts:ExternalId"] == "platform"
    assert set(statement["Condition"]["StringEquals"]) == {
        "aws:SourceAccount",
        "aws:SourceArn",
        "sts:ExternalId",
    }


# --- 6. a StaticSite's minimum TLS version --------------------------------------------------


def test_tls_13_on_the_site_bucket_is_refused() -> None:
    # GIVEN an injector raising the content bucket's minimum TLS version to 1.3
    stack = _stack_with(Blueprint(s3.Bucket, _only("Bucket", _set(minimumTLSVersion=1.3))))
    # THEN building the site is refused: CloudFront reads its origin over TLS 1.2 at most
    assert str(raised(lambda: StaticSite(stack, "Site", source=SITE, alarms=False))) == (
        "1 invalid prop:\n  - Test/Site/Bucket: `minimum_tls_version` is 1.3: a property "
        "injector of s3.Bucket (cdk.PropertyInjectors) returned minimumTLSVersion=1.3 for the "
        "StaticSite's bucket, which CloudFront reads the site's files from over TLS 1.2 at "
        "most (its protocols to an origin end at TLSv1.2): the bucket policy denies each of "
        "its requests, and every page is a 403. Fix: leave it out of the props your property "
        "injector returns for the library's resources (return original_props unchanged when "
        "any(type(s).__module__.startswith('constructs_lib') for s in scope.node.scopes)), or "
        "return minimumTLSVersion=1.2 (viewers reach CloudFront over TLS 1.3 whatever the "
        "bucket's: the distribution's security policy sets theirs)"
    )


@pytest.mark.parametrize(
    ("policy", "rendered"),
    [
        (cloudfront.SecurityPolicyProtocol.TLS_V1_2_2025, "TLSv1.2_2025"),
        (cloudfront.SecurityPolicyProtocol.TLS_V1_3_2025, "TLSv1.3_2025"),
    ],
)
def test_a_newer_viewer_policy_on_the_distribution_passes(
    policy: cloudfront.SecurityPolicyProtocol, rendered: str
) -> None:
    # GIVEN a site with its own domain and an injector raising the distribution's viewer
    # security policy (TLS 1.3 only with TLS_V1_3_2025): viewers' side only
    stack = _stack_with(Blueprint(cloudfront.Distribution, _set(minimumProtocolVersion=policy)))
    cert = acm.Certificate.from_certificate_arn(stack, "Cert", CERT_ARN)
    StaticSite(
        stack, "Site", source=SITE, domain_name="app.example.com", certificate=cert, alarms=False
    )
    # THEN it is in the template, and the bucket's policy still lets TLS 1.2 in (CloudFront's)
    template = Template.from_stack(stack)
    (distribution,) = template.find_resources("AWS::CloudFront::Distribution").values()
    viewer = distribution["Properties"]["DistributionConfig"]["ViewerCertificate"]
    assert viewer["MinimumProtocolVersion"] == rendered
    policies = template.find_resources("AWS::S3::BucketPolicy")
    (site_policy,) = [v for k, v in policies.items() if k.startswith("SiteBucketPolicy")]
    tls = [
        s["Condition"]["NumericLessThan"]["s3:TlsVersion"]
        for s in site_policy["Properties"]["PolicyDocument"]["Statement"]
        if "NumericLessThan" in s.get("Condition", {})
    ]
    assert tls == [1.2]


# --- 4. the library's lifecycle rules, unfiltered and unchanged ----------------------------


def _narrowed(**change: Any) -> Callable[[Props, Construct, str], Props]:
    """The library's rules with ``change`` (camelCase, as an injector gets them)."""
    return lambda props, scope, id: {
        **props,
        "lifecycleRules": [{**rule, **change} for rule in props.get("lifecycleRules", [])],
    }


@pytest.mark.parametrize(
    ("change", "filters"),
    [
        ({"prefix": "logs/"}, "prefix"),
        ({"tagFilters": {"team": "web"}}, "tagFilters"),
        ({"objectSizeGreaterThan": 1024}, "objectSizeGreaterThan"),
        ({"objectSizeLessThan": 1048576}, "objectSizeLessThan"),
    ],
)
def test_the_librarys_rule_narrowed_by_a_filter_is_refused(
    change: dict[str, Any], filters: str
) -> None:
    # GIVEN an injector narrowing the log bucket's rule (expire after 90 days) to some objects
    stack = _stack_with(Blueprint(s3.Bucket, _only("LogBucket", _narrowed(**change))))
    # THEN it is refused: the objects the filter does not match would never expire
    assert str(raised(lambda: StaticSite(stack, "Site", source=SITE, alarms=False))).startswith(
        "1 invalid prop:\n  - Test/Site/LogBucket: `lifecycle_rules` lack the library's: a "
        "property injector of s3.Bucket (cdk.PropertyInjectors) returned the library's rule "
        f"narrowed by {filters} for the StaticSite's bucket, whose objects the filter does not "
        "match lose the expiry after 90 days: its objects are then kept, and paid for, "
        f"forever. {_SKIP}"
    )


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"noncurrentVersionsToRetain": 100}, id="versions-kept"),
        pytest.param({"enabled": False}, id="disabled"),
    ],
)
def test_the_librarys_rule_changed_is_refused(change: dict[str, Any]) -> None:
    # GIVEN an injector keeping 100 replaced versions in the content bucket's rule, or
    # turning the rule off
    stack = _stack_with(Blueprint(s3.Bucket, _only("Bucket", _narrowed(**change))))
    # THEN it is refused
    assert str(raised(lambda: StaticSite(stack, "Site", source=SITE, alarms=False))).startswith(
        "1 invalid prop:\n  - Test/Site/Bucket: `lifecycle_rules` lack the library's: a "
        "property injector of s3.Bucket (cdk.PropertyInjectors) returned other lifecycleRules "
        "for the StaticSite's bucket, which loses the clean-up of incomplete uploads"
    )


def test_a_filtered_rule_beside_the_librarys_and_a_transition_pass() -> None:
    # GIVEN an injector adding a transition to the library's rules and a filtered rule
    # beside them
    glacier = {"storageClass": s3.StorageClass.GLACIER, "transitionAfter": Duration.days(30)}
    beside = s3.LifecycleRule(prefix="tmp/", expiration=Duration.days(1))

    def change(props: Props, scope: Construct, id: str) -> Props:
        rules = [{**rule, "transitions": [glacier]} for rule in props.get("lifecycleRules", [])]
        return {**props, "lifecycleRules": [*rules, beside]}

    stack = _stack_with(Blueprint(s3.Bucket, _only("LogBucket", change)))
    StaticSite(stack, "Site", source=SITE, alarms=False)
    # THEN the log bucket holds the library's rule (moved to Glacier first) and the other
    buckets = Template.from_stack(stack).find_resources("AWS::S3::Bucket")
    (logs,) = [v for k, v in buckets.items() if k.startswith("SiteLogBucket")]
    rules = logs["Properties"]["LifecycleConfiguration"]["Rules"]
    assert [r.get("ExpirationInDays") for r in rules] == [90, 1]
    assert rules[0]["Transitions"] == [{"StorageClass": "GLACIER", "TransitionInDays": 30}]
    assert rules[1]["Prefix"] == "tmp/"


# --- 5. names of aws-cdk-lib's own resources below the library's constructs ----------------


def _site(stack: cdk.Stack, id: str = "Site") -> StaticSite:
    return StaticSite(stack, id, source=SITE, alarms=False)


_DEPLOYMENT = "Test/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C1024MiB"


def test_a_function_name_on_the_bucket_deployment_and_a_workers_function_is_refused() -> None:
    # GIVEN an injector naming every function "platform-fn": the worker's and aws-cdk-lib's
    # BucketDeployment function of the site
    stack = _stack_with(Blueprint(lambda_.Function, _set(functionName="platform-fn")))
    _worker(stack)
    # THEN the site's deployment function is refused: the deploy fails on the second name
    assert str(raised(lambda: _site(stack))) == (
        f"1 invalid prop:\n  - {_DEPLOYMENT}: `function_name` is 'platform-fn': a property "
        "injector of lambda_.Function (cdk.PropertyInjectors) returned "
        "functionName='platform-fn' for aws-cdk-lib's BucketDeployment's function and for "
        "Test/Worker/Handler/Function, and two functions of one name cannot both be created "
        "(in one account and region): the deploy fails on the second. Fix: leave the name out "
        f"of the props your property injector returns for aws-cdk-lib's {_DEPLOYMENT} (tell "
        "it by f'{scope.node.path}/{id}': the BucketDeployment's has no construct of the "
        "library's above it), or return a name of each resource's own (or none: "
        "CloudFormation then names it)"
    )


def test_a_role_name_on_the_bucket_deployment_and_the_flow_log_is_refused() -> None:
    # GIVEN an injector naming every role "platform-role", a Network (aws-cdk-lib's flow log
    # role) and then a site (aws-cdk-lib's BucketDeployment role)
    stack = _stack_with(Blueprint(iam.Role, _set(roleName="platform-role")))
    Network(stack, "Network")
    # THEN the deployment's role is refused, naming the flow log's
    message = str(raised(lambda: _site(stack)))
    assert message.startswith(
        f"1 invalid prop:\n  - {_DEPLOYMENT}/ServiceRole: `role_name` is 'platform-role': a "
        "property injector of iam.Role (cdk.PropertyInjectors) returned "
        "roleName='platform-role' for aws-cdk-lib's BucketDeployment's role and for "
        "Test/Network/FlowLog/IAMRole"
    )


def test_the_deployment_function_named_in_a_site_first_refuses_the_workers() -> None:
    # GIVEN the site first, then a worker, under one function name
    stack = _stack_with(Blueprint(lambda_.Function, _set(functionName="platform-fn")))
    _site(stack)
    # THEN the worker's function is refused, naming aws-cdk-lib's deployment function
    assert f"for the QueueWorker's function and for {_DEPLOYMENT}," in str(
        raised(lambda: _worker(stack))
    )


def test_sites_sharing_the_deployment_function_and_names_of_their_own_pass() -> None:
    # GIVEN two sites of one stack (one BucketDeployment function between them) and an
    # injector naming each function by its path
    def own_name(props: Props, scope: Construct, id: str) -> Props:
        name = f"{scope.node.path}/{id}".replace("/", "-").replace(":", "")[-64:]
        return {**props, "functionName": name}

    stack = _stack_with(Blueprint(lambda_.Function, own_name))
    _site(stack)
    _site(stack, "Other")
    _worker(stack)
    # THEN they pass, each name in the template
    functions = Template.from_stack(stack).find_resources("AWS::Lambda::Function")
    names = [f["Properties"].get("FunctionName") for f in functions.values()]
    assert "Test-Worker-Handler-Function" in names
    assert len(set(names)) == len(names)


@pytest.mark.parametrize(
    ("policy", "rendered"),
    [
        (cloudfront.SecurityPolicyProtocol.TLS_V1_2016, "TLSv1_2016"),
        (cloudfront.SecurityPolicyProtocol.TLS_V1_2_2019, "TLSv1.2_2019"),
    ],
)
def test_an_older_viewer_policy_on_the_distribution_is_refused(
    policy: cloudfront.SecurityPolicyProtocol, rendered: str
) -> None:
    # GIVEN a site with its own domain and an injector lowering the distribution's viewer
    # security policy below the library's TLSv1.2_2021
    stack = _stack_with(Blueprint(cloudfront.Distribution, _set(minimumProtocolVersion=policy)))
    cert = acm.Certificate.from_certificate_arn(stack, "Cert", CERT_ARN)
    # THEN building the site is refused at the distribution
    message = str(
        raised(
            lambda: StaticSite(
                stack,
                "Site",
                source=SITE,
                domain_name="app.example.com",
                certificate=cert,
                alarms=False,
            )
        )
    )
    assert message.startswith(
        f"1 invalid prop:\n  - Test/Site/Distribution: `minimum_protocol_version` is {rendered}: "
        "a property injector of cloudfront.Distribution (cdk.PropertyInjectors) returned "
        f"minimumProtocolVersion={rendered} for the StaticSite's distribution, older than the "
        "library's TLSv1.2_2021: viewers then reach the site over protocols or ciphers it "
        "keeps out (TLS before 1.2, or CBC ciphers without forward secrecy). Fix: leave it out"
    )
