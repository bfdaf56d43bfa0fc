"""Trial 53 (a platform team's blueprint app): property injectors
(``cdk.PropertyInjectors.of(scope).add(...)``) reach the L2s the library creates inside its
constructs. What one gives up there that the construct cannot take back (a queue's TLS-only
policy, encryption or redrive, a bucket's blocked public access, a table's point-in-time
recovery, a function's role, log group or network) is a ConstructError naming the resource,
the property and the fix; what the platform may set (memory, retention, removal policy, a
key of its own) passes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import Duration
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Match, Template
from aws_cdk.aws_s3 import mixins as s3_mixins
from constructs import Construct

from constructs_lib import (
    ApiAuth,
    EventHandler,
    Network,
    QueueWorker,
    ServerlessApi,
    StaticSite,
    TableOptions,
)
from constructs_lib._injector_errors import injector_errors
from tests.support import SITE, echo_handler, new_stack, raised, warnings_of

Props = dict[str, Any]


@jsii.implements(cdk.IPropertyInjector)
class Blueprint:
    """A platform's injector: ``change`` returns the props the L2 is built with."""

    def __init__(self, kind: Any, change: Callable[[Props, Construct, str], Props]) -> None:
        self._id: str = kind.PROPERTY_INJECTION_ID
        self._change = change

    @property
    def construct_unique_id(self) -> str:
        # a property: jsii reads it through a getter (an instance attribute is never seen)
        return self._id

    def inject(self, original_props: Props, *, id: str, scope: Construct) -> Props:
        return self._change(dict(original_props), scope, id)


def _set(**values: Any) -> Callable[[Props, Construct, str], Props]:
    return lambda props, scope, id: {**props, **values}


def _stack_with(*injectors: Blueprint) -> cdk.Stack:
    stack = new_stack()
    cdk.PropertyInjectors.of(stack).add(*injectors)
    return stack


def _worker(stack: cdk.Stack) -> None:
    QueueWorker(stack, "Worker", handler=echo_handler(), alarms=False)


def _api(stack: cdk.Stack) -> None:
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /items": echo_handler()},
        auth=ApiAuth.iam(),
        table=TableOptions(),
        alarms=False,
    )


def _other_role(props: Props, scope: Construct, id: str) -> Props:
    role = iam.Role(scope, "PlatformRole", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    return {**props, "role": role}


def _other_log_group(props: Props, scope: Construct, id: str) -> Props:
    return {**props, "logGroup": logs.LogGroup(scope, "PlatformLogs")}


# --- what an injector may not give up: one ConstructError each ---------------------------


@pytest.mark.parametrize(
    ("injector", "build", "expected"),
    [
        pytest.param(
            Blueprint(sqs.Queue, _set(enforceSSL=False)),
            _worker,
            "Test/Worker/DeadLetterQueue: `enforce_ssl` is off: a property injector of sqs.Queue "
            "(cdk.PropertyInjectors) returned props without enforceSSL for the QueueWorker's "
            "queue, so it has no TLS-only policy and takes requests over plain HTTP. Fix: "
            "leave it out of the props your property injector returns",
            id="queue-tls",
        ),
        pytest.param(
            Blueprint(sqs.Queue, _set(encryption=sqs.QueueEncryption.UNENCRYPTED)),
            lambda stack: EventHandler(
                stack, "Events", handler=echo_handler(), event_pattern={"source": ["a"]}
            ),
            "Test/Events/DeadLetterQueue: `encryption` is UNENCRYPTED: a property injector "
            "of sqs.Queue (cdk.PropertyInjectors) returned encryption=UNENCRYPTED for the "
            "EventHandler's queue, whose messages are then stored in plain text",
            id="queue-encryption",
        ),
        pytest.param(
            Blueprint(sqs.Queue, _set(deadLetterQueue=None)),
            _worker,
            "Test/Worker/Queue: `dead_letter_queue` is not the one the QueueWorker built: a "
            "property injector of sqs.Queue (cdk.PropertyInjectors) returned another "
            "deadLetterQueue, so a message that fails 5 times no longer moves to "
            "Test/Worker/DeadLetterQueue, which the construct's alarm watches",
            id="queue-redrive",
        ),
        pytest.param(
            Blueprint(
                dynamodb.Table,
                _set(pointInTimeRecoverySpecification={"pointInTimeRecoveryEnabled": False}),
            ),
            _api,
            "Test/Api/Table: `point_in_time_recovery` is off: a property injector of "
            "dynamodb.Table (cdk.PropertyInjectors) returned no "
            "pointInTimeRecoverySpecification for the ServerlessApi's table",
            id="table-recovery",
        ),
        pytest.param(
            Blueprint(s3.Bucket, _set(blockPublicAccess=s3.BlockPublicAccess.BLOCK_ACLS_ONLY)),
            lambda stack: StaticSite(stack, "Site", source=SITE, alarms=False),
            "`block_public_access` does not block everything: a property injector of "
            "s3.Bucket (cdk.PropertyInjectors) returned another blockPublicAccess for the "
            "StaticSite's bucket (block_public_policy, restrict_public_buckets not true)",
            id="bucket-public",
        ),
        pytest.param(
            Blueprint(s3.Bucket, _set(versioned=False)),
            lambda stack: StaticSite(stack, "Site", source=SITE, alarms=False),
            "Test/Site/Bucket: `versioned` is off: a property injector of s3.Bucket "
            "(cdk.PropertyInjectors) returned props without versioned for the StaticSite's "
            "bucket, whose object versions are what a bad deployment is undone with",
            id="bucket-versioning",
        ),
        pytest.param(
            Blueprint(s3.Bucket, _set(encryption=s3.BucketEncryption.KMS_MANAGED)),
            lambda stack: StaticSite(stack, "Site", source=SITE, alarms=False),
            "Test/Site/LogBucket: `encryption` is aws:kms: a property injector of s3.Bucket "
            "(cdk.PropertyInjectors) returned another encryption for the StaticSite's bucket, "
            "whose S3-managed keys the library keeps: S3 delivers server access logs to "
            "SSE-S3 buckets only",
            id="bucket-encryption",
        ),
        pytest.param(
            Blueprint(s3.Bucket, _set(serverAccessLogsBucket=None, serverAccessLogsPrefix=None)),
            lambda stack: StaticSite(stack, "Site", source=SITE, alarms=False),
            "Test/Site/Bucket: `server_access_logs_bucket` is gone: a property injector of "
            "s3.Bucket (cdk.PropertyInjectors) returned props without serverAccessLogsBucket "
            "for the StaticSite's bucket, so no request to it is logged",
            id="bucket-access-logs",
        ),
        pytest.param(
            Blueprint(lambda_.Function, _other_role),
            _worker,
            "Test/Worker/Handler/Function: `role` is not the role the QueueWorker built: a "
            "property injector of lambda_.Function (cdk.PropertyInjectors) returned another "
            "role, so the permissions the library grants its function (its log group, "
            "X-Ray, Test/Worker/Handler/Role's policies) reach no function",
            id="function-role",
        ),
        pytest.param(
            Blueprint(lambda_.Function, _other_log_group),
            _api,
            "Test/Api/Handler/Function: `log_group` is not the log group the ServerlessApi "
            "built: a property injector of lambda_.Function (cdk.PropertyInjectors) returned "
            "another logGroup, and the function's role may write to Test/Api/Handler/LogGroup "
            "only: it writes no logs. Fix: leave it out",
            id="function-log-group",
        ),
        pytest.param(
            Blueprint(lambda_.Function, _set(vpc=None, vpcSubnets=None, securityGroups=None)),
            lambda stack: QueueWorker(
                stack, "Worker", handler=echo_handler(), network=Network(stack, "Network")
            ),
            "Test/Worker/Handler/Function: `vpc` moved the function out of its Network's "
            "VPC: a property injector of lambda_.Function (cdk.PropertyInjectors) returned a "
            "vpc that the QueueWorker's network= did not give it",
            id="function-network",
        ),
    ],
)
def test_an_injector_giving_up_what_the_construct_keeps_is_refused(
    injector: Blueprint, build: Callable[[cdk.Stack], object], expected: str
) -> None:
    # GIVEN a platform's injector that changes what the library builds
    stack = _stack_with(injector)
    # WHEN a construct creates that L2 / THEN a ConstructError names resource, prop and fix
    error = raised(lambda: build(stack))
    assert expected in str(error)
    assert "Fix: leave it out of the props your property injector returns" in str(error)


def test_every_problem_of_a_queue_is_listed_at_once() -> None:
    # GIVEN an injector turning off both the TLS-only policy and encryption
    stack = _stack_with(
        Blueprint(sqs.Queue, _set(enforceSSL=False, encryption=sqs.QueueEncryption.UNENCRYPTED))
    )
    error = raised(lambda: _worker(stack))
    # THEN both, on the first queue the worker creates (its dead-letter queue)
    assert [(p.path, p.prop) for p in error.problems] == [
        ("Test/Worker/DeadLetterQueue", "enforce_ssl"),
        ("Test/Worker/DeadLetterQueue", "encryption"),
    ]


def test_an_injector_that_skips_the_library_leaves_its_resources_as_built() -> None:
    # GIVEN the README's way of keeping the library's resources out of a blueprint
    def public_unless_library(props: Props, scope: Construct, id: str) -> Props:
        if any(type(s).__module__.startswith("constructs_lib") for s in scope.node.scopes):
            return props
        return {**props, "enforceSSL": False}

    stack = _stack_with(Blueprint(sqs.Queue, public_unless_library))
    _worker(stack)
    sqs.Queue(stack, "TeamQueue")
    # THEN the worker's queues keep their TLS-only policy; the team's queue has none
    template = Template.from_stack(stack)
    policies = template.find_resources("AWS::SQS::QueuePolicy").values()
    guarded = sorted(policy["Properties"]["Queues"][0]["Ref"] for policy in policies)
    queues = sorted(template.find_resources("AWS::SQS::Queue"))
    assert [q for q in queues if q.startswith("Worker")] == guarded
    assert [q for q in queues if q.startswith("TeamQueue")] != []


# --- what an injector may set: the template takes it, nothing is refused ----------------


def test_an_injector_of_company_defaults_reaches_the_library() -> None:
    # GIVEN company defaults for functions, log groups, queues and tables
    stack = _stack_with(
        Blueprint(lambda_.Function, _set(memorySize=1024, tracing=lambda_.Tracing.DISABLED)),
        Blueprint(logs.LogGroup, _set(retention=logs.RetentionDays.ONE_YEAR)),
        Blueprint(sqs.Queue, _set(removalPolicy=cdk.RemovalPolicy.DESTROY)),
        Blueprint(dynamodb.Table, _set(removalPolicy=cdk.RemovalPolicy.DESTROY)),
    )
    _api(stack)
    _worker(stack)
    template = Template.from_stack(stack)
    # THEN each is in the template; active tracing stays (the library sets it on the L1)
    template.all_resources_properties(
        "AWS::Lambda::Function",
        {"MemorySize": 1024, "TracingConfig": {"Mode": "Active"}},
    )
    template.all_resources_properties("AWS::Logs::LogGroup", {"RetentionInDays": 365})
    template.all_resources("AWS::SQS::Queue", {"DeletionPolicy": "Delete"})
    # a DESTROY table drops its deletion protection, as with RemovalPolicies.of(...)
    template.has_resource(
        "AWS::DynamoDB::Table",
        {
            "DeletionPolicy": "Delete",
            "Properties": Match.object_like(
                {
                    "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
                }
            ),
        },
    )


def test_a_visibility_an_injector_shortens_still_fails_the_synth() -> None:
    # GIVEN an injector shortening every queue's visibility below 6x the function timeout
    stack = _stack_with(Blueprint(sqs.Queue, _set(visibilityTimeout=Duration.seconds(20))))
    _worker(stack)
    # THEN the worker's synth-time re-check names the queue (as for an Aspect)
    with pytest.raises(RuntimeError, match=r"Test/Worker/Queue/Resource"):
        Template.from_stack(stack)


# --- a subclass's own prop given again by its caller -----------------------------------


class CompanyApi(ServerlessApi):
    """The company's API: IAM auth always.

    :param routes: as ServerlessApi's.
    """

    def __init__(self, scope: Construct, id: str, **props: Any) -> None:
        super().__init__(scope, id, auth=ApiAuth.iam(), **props)


def test_a_prop_the_subclass_sets_itself_given_again_is_named() -> None:
    # GIVEN a product team passing auth= to a subclass that sets auth itself
    stack = new_stack()
    error = raised(
        lambda: CompanyApi(
            stack, "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.none(reason="demo")
        )
    )
    # THEN a ConstructError at the construct's path (it was Python's bare TypeError)
    assert str(error.problems[0]) == (
        "Test/Api: `auth` is given to CompanyApi, which passes its own auth to the "
        "ServerlessApi (super().__init__(..., auth=...)): Python refuses a prop given twice. "
        "Fix: leave auth out of CompanyApi(...): CompanyApi sets it (or let CompanyApi take "
        "it from its props, e.g. props.setdefault('auth', ...))"
    )


def test_a_type_error_inside_the_subclass_body_is_left_as_it_is() -> None:
    # GIVEN a subclass whose own body raises a TypeError of another kind
    class Broken(CompanyApi):
        def __init__(self, scope: Construct, id: str, **props: Any) -> None:
            super().__init__(scope, id, **props)
            len(5)  # type: ignore[arg-type]

    # THEN it is raised unchanged: only the prop given twice is the library's to name
    with pytest.raises(TypeError, match="has no len"):
        Broken(new_stack(), "Api", routes={"GET /a": echo_handler()})


# --- the alarm topic context: a partial ARN ---------------------------------------------


def test_a_partial_topic_arn_in_the_context_is_named() -> None:
    # GIVEN -c constructs_lib:alarm_topic=arn:aws:sns:eu-west-1 (the name cut off)
    stack = cdk.Stack(cdk.App(context={"constructs_lib:alarm_topic": "arn:aws:sns:eu-west-1"}), "S")
    # THEN the context key is named (it was aws-cdk-lib's bare ArnResourceRequired)
    error = raised(lambda: QueueWorker(stack, "Worker", handler=echo_handler()))
    assert str(error.problems[0]).startswith(
        "S: `context 'constructs_lib:alarm_topic'` is 'arn:aws:sns:eu-west-1', neither an "
        "SNS topic ARN nor a topic name"
    )


# --- aws-cdk-lib's refusal of an injector's props, and an injector that raises ----------


def _raises(props: Props, scope: Construct, id: str) -> Props:
    return {**props, "memorySize": props["memory"]}  # a typo: the key is memorySize


@pytest.mark.parametrize(
    ("injector", "build", "expected"),
    [
        pytest.param(
            Blueprint(lambda_.Function, _set(logRetention=logs.RetentionDays.ONE_DAY)),
            _worker,
            "Test/Worker/Handler/Function: `lambda_.Function props` were refused while a "
            "property injector of lambda_.Function (cdk.PropertyInjectors) applied to the "
            "library's lambda_.Function: CDK does not support setting logRetention and "
            "logGroup. Fix: correct what the injector's inject returns (or raises) for it",
            id="function-log-retention",
        ),
        pytest.param(
            Blueprint(s3.Bucket, _set(enforceSSL=False)),
            lambda stack: StaticSite(stack, "Site", source=SITE, alarms=False),
            "Test/Site/LogBucket: `s3.Bucket props` were refused while a property injector "
            "of s3.Bucket (cdk.PropertyInjectors) applied to the library's s3.Bucket: "
            "'enforceSSL' must be enabled for 'minimumTLSVersion' to be applied",
            id="bucket-tls",
        ),
        pytest.param(
            Blueprint(lambda_.Function, _raises),
            _worker,
            "Test/Worker/Handler/Function: `lambda_.Function props` were refused while a "
            "property injector of lambda_.Function (cdk.PropertyInjectors) applied to the "
            "library's lambda_.Function: 'memory'",
            id="injector-raises",
        ),
    ],
)
def test_an_injectors_refused_props_name_the_resource(
    injector: Blueprint, build: Callable[[cdk.Stack], object], expected: str
) -> None:
    # GIVEN an injector whose props aws-cdk-lib refuses, or whose inject raises
    stack = _stack_with(injector)
    # THEN a ConstructError at the resource (it was a bare RuntimeError naming none)
    assert str(raised(lambda: build(stack))).startswith(f"1 invalid prop:\n  - {expected}")


@pytest.mark.parametrize("registered", [None, sqs.Queue])
def test_an_error_without_an_injector_of_that_class_is_left_as_it_is(registered: Any) -> None:
    # GIVEN no injector, or one of another class than the L2 being built
    stack = new_stack()
    if registered is not None:
        cdk.PropertyInjectors.of(stack).add(Blueprint(registered, _set()))
    # WHEN aws-cdk-lib refuses a function's props / THEN its error is raised unchanged
    with (
        pytest.raises(RuntimeError, match=r"^refused$"),
        injector_errors(stack, "Function", lambda_.Function, "lambda_.Function"),
    ):
        raise RuntimeError("refused")


# --- Mixins on a StaticSite's content bucket, checked at synth ---------------------------


def _site_with(mixin: Any) -> tuple[cdk.Stack, StaticSite]:
    stack = new_stack()
    site = StaticSite(stack, "Site", source=SITE, alarms=False)
    cdk.Mixins.of(stack).apply(mixin)
    return stack, site


def test_a_mixin_turning_off_the_site_buckets_versioning_warns() -> None:
    # GIVEN a platform's BucketVersioning(False) on every bucket of the stack
    stack, _ = _site_with(s3_mixins.BucketVersioning(False))
    # THEN a warning on the site (cdk-nag's AwsSolutions pack does not report it)
    (warning,) = warnings_of(stack, "constructs_lib:siteBucketVersioningOff")
    assert warning.startswith(
        "versioning is off in the template (the bucket Test/Site/Bucket/Resource): each "
        "deployment of the site deletes the files it replaces"
    )
    assert "Fix: leave the site's bucket out of what turned it off" in warning


def test_a_mixin_making_the_site_bucket_public_fails_the_synth() -> None:
    # GIVEN a statement letting anyone read every bucket of the stack
    public = iam.PolicyStatement(
        actions=["s3:GetObject"], resources=["*"], principals=[iam.AnyPrincipal()]
    )
    stack, _ = _site_with(s3_mixins.BucketPolicyStatements([public]))
    # THEN the synth fails naming the policy (S3 would refuse it at deploy)
    with pytest.raises(RuntimeError, match=r"Test/Site/Bucket/Policy lets anyone in"):
        Template.from_stack(stack)


def test_the_site_bucket_as_built_neither_warns_nor_fails() -> None:
    stack = new_stack()
    StaticSite(stack, "Site", source=SITE, alarms=False)
    Template.from_stack(stack)
    assert warnings_of(stack, "constructs_lib:siteBucketVersioningOff") == []


# --- where an injector is registered: any scope above the construct ---------------------


@pytest.mark.parametrize("where", ["stage", "team construct", "stack after a first worker"])
def test_an_injector_is_checked_wherever_it_is_registered(where: str) -> None:
    # GIVEN an injector on a stage, on a construct of the team's, or on the stack after a
    # first worker was built (which it does not reach)
    app = cdk.App()
    stage = cdk.Stage(app, "Dev")
    stack = cdk.Stack(stage, "Test")
    scope: Construct = stack
    injector = Blueprint(sqs.Queue, _set(enforceSSL=False))
    if where == "stage":
        cdk.PropertyInjectors.of(stage).add(injector)
    elif where == "team construct":
        scope = Construct(stack, "Team")
        cdk.PropertyInjectors.of(scope).add(injector)
    else:
        QueueWorker(stack, "First", handler=echo_handler(), alarms=False)
        cdk.PropertyInjectors.of(stack).add(injector)
    # THEN the worker built below it is refused, at its path
    error = raised(lambda: QueueWorker(scope, "Worker", handler=echo_handler(), alarms=False))
    assert error.problems[0].prop == "enforce_ssl"
    assert error.problems[0].path.endswith(
        "Test/" + ("Team/" if scope is not stack else "") + "Worker/DeadLetterQueue"
    )
