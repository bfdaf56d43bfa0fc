"""Deploy-time values (tokens) in props, swept construct by construct (tokens51).

Proves (tokens51): a number or text given as a token that resolves only at synth
(``Lazy.number(...)``, ``Lazy.string(...)``, ``Duration.seconds(<a Lazy>)``, a value another
construct fills in) passed every rule of its prop when the construct was built, as any
deploy-time value does, and reached the template as it resolved: a batch size of -7, a
schedule 'every hour', a JWT issuer over http. It is now checked when it resolves and fails
the synth naming the prop, the number or text and the fix. A value known only at deploy (a
``CfnParameter``'s, ``Fn.import_value``) is still a reference in the template. A CORS
``allow_headers`` with a deploy-time item was told to add headers that item may name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    ApiDomain,
    BucketEvents,
    ConstructError,
    CorsPolicy,
    EventHandler,
    GlobalIndex,
    Network,
    QueueWorker,
    Route,
    ScheduledJob,
    ServerlessApi,
    StaticSite,
    StreamWorker,
    TableOptions,
    Throttle,
)
from tests.support import CERT_ARN, SITE, echo_handler, hosted_zone, new_stack

pytestmark = pytest.mark.slow


@jsii.implements(cdk.IStableNumberProducer)
class _Number:
    """A number another construct fills in before synth."""

    def __init__(self, value: float) -> None:
        self._value = value

    def produce(self) -> float:
        return self._value


@jsii.implements(cdk.IStableStringProducer)
class _Text:
    """A text another construct fills in before synth."""

    def __init__(self, value: str) -> None:
        self._value = value

    def produce(self) -> str:
        return self._value


def _number(value: float) -> float:
    return cdk.Lazy.number(_Number(value))


def _seconds(value: float) -> cdk.Duration:
    return cdk.Duration.seconds(_number(value))


def _text(value: str) -> str:
    return cdk.Lazy.string(_Text(value))


def _table(stack: cdk.Stack) -> dynamodb.TableV2:
    return dynamodb.TableV2(
        stack,
        "Items",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        dynamo_stream=dynamodb.StreamViewType.NEW_IMAGE,
    )


def _worker(stack: cdk.Stack, **props: Any) -> QueueWorker:
    return QueueWorker(stack, "X", handler=echo_handler(), alarms=False, **props)


def _stream(stack: cdk.Stack, **props: Any) -> StreamWorker:
    return StreamWorker(
        stack, "X", handler=echo_handler(), table=_table(stack), alarms=False, **props
    )


def _events(stack: cdk.Stack, **props: Any) -> EventHandler:
    return EventHandler(
        stack, "X", handler=echo_handler(), event_pattern={"source": ["app"]}, alarms=False, **props
    )


def _api(stack: cdk.Stack, **props: Any) -> ServerlessApi:
    props.setdefault("routes", {"GET /a": echo_handler()})
    props.setdefault("auth", ApiAuth.iam())
    return ServerlessApi(stack, "Api", alarms=False, **props)


def _job(stack: cdk.Stack, **props: Any) -> ScheduledJob:
    props.setdefault("schedule", "cron(0 3 * * ? *)")
    return ScheduledJob(stack, "X", handler=echo_handler(), alarms=False, **props)


def _synth_failure(build: Callable[[cdk.Stack], object]) -> str:
    stack = new_stack()
    build(stack)  # THEN building passes: a token passes every rule when built
    with pytest.raises(RuntimeError) as failed:
        Template.from_stack(stack)
    return str(failed.value)


def _told_number(path: str, prop: str, value: str, allowed: str, construct: str, to: str) -> str:
    return (
        f"[{path}] `{prop}` is {value} at synth; it must be {allowed}. It was given as a token "
        f"(such as Lazy.number(...)), which the {construct}'s checks pass when it is built; it "
        f"resolved to this number only at synth. Fix: change what produces the token to {to}"
    )


def _told_text(
    path: str, prop: str, problem: str, construct: str, fix: str, kind: str = "string"
) -> str:
    return (
        f"[{path}] `{prop}` (resolved at synth) {problem}. It was given as a token (such as "
        f"Lazy.{kind}(...)), which the {construct}'s checks pass when it is built; it resolved "
        f"to this {'text' if kind == 'string' else kind} only at synth. Fix: {fix}"
    )


#: (id, how the construct is built with the token, prop, resolved value, allowed, construct,
#: what to change the token to)
_NUMBERS: list[tuple[str, Callable[[cdk.Stack], object], str, str, str, str, str, str]] = [
    (
        "QueueWorker batch_size",
        lambda s: _worker(s, batch_size=_number(-7)),
        "Test/X",
        "batch_size",
        "-7",
        "between 1 and 10000",
        "QueueWorker",
        "a number from 1 to 10000",
    ),
    (
        "QueueWorker max_receive_count",
        lambda s: _worker(s, max_receive_count=_number(0)),
        "Test/X",
        "max_receive_count",
        "0",
        "between 1 and 1000",
        "QueueWorker",
        "a number from 1 to 1000",
    ),
    (
        "QueueWorker max_concurrency",
        lambda s: _worker(s, max_concurrency=_number(1)),
        "Test/X",
        "max_concurrency",
        "1",
        "between 2 and 1000",
        "QueueWorker",
        "a number from 2 to 1000",
    ),
    (
        "QueueWorker max_batching_window",
        lambda s: _worker(s, max_batching_window=_seconds(301)),
        "Test/X",
        "max_batching_window",
        "301 seconds",
        "between 0 and 300 seconds",
        "QueueWorker",
        "a number from 0 to 300",
    ),
    (
        "QueueWorker visibility_timeout",
        lambda s: _worker(s, visibility_timeout=_seconds(43201)),
        "Test/X",
        "visibility_timeout",
        "43201 seconds",
        "between 0 and 43200 seconds",
        "QueueWorker",
        "a number from 0 to 43200",
    ),
    (
        "StreamWorker batch_size",
        lambda s: _stream(s, batch_size=_number(10001)),
        "Test/X",
        "batch_size",
        "10001",
        "between 1 and 10000",
        "StreamWorker",
        "a number from 1 to 10000",
    ),
    (
        "StreamWorker parallelization_factor",
        lambda s: _stream(s, parallelization_factor=_number(11)),
        "Test/X",
        "parallelization_factor",
        "11",
        "between 1 and 10",
        "StreamWorker",
        "a number from 1 to 10",
    ),
    (
        "StreamWorker retry_attempts",
        lambda s: _stream(s, retry_attempts=_number(-1)),
        "Test/X",
        "retry_attempts",
        "-1",
        "between 0 and 10000",
        "StreamWorker",
        "a number from 0 to 10000",
    ),
    (
        "StreamWorker tumbling_window",
        lambda s: _stream(s, tumbling_window=_seconds(901)),
        "Test/X",
        "tumbling_window",
        "901 seconds",
        "between 0 and 900 seconds",
        "StreamWorker",
        "a number from 0 to 900",
    ),
    (
        "EventHandler retry_attempts",
        lambda s: _events(s, retry_attempts=_number(186)),
        "Test/X",
        "retry_attempts",
        "186",
        "between 0 and 185",
        "EventHandler",
        "a number from 0 to 185",
    ),
    (
        "EventHandler max_event_age",
        lambda s: _events(s, max_event_age=_seconds(59)),
        "Test/X",
        "max_event_age",
        "59 seconds",
        "between 60 and 86400 seconds",
        "EventHandler",
        "a number from 60 to 86400",
    ),
    (
        "ServerlessApi throttling.burst",
        lambda s: _api(s, throttling=Throttle(rate=10, burst=_number(5001))),
        "Test/Api",
        "throttling.burst",
        "5001 requests",
        "between 1 and 5000 requests",
        "ServerlessApi",
        "a number from 1 to 5000",
    ),
    (
        "ServerlessApi throttling.rate",
        lambda s: _api(s, throttling=Throttle(rate=_number(-1), burst=10)),
        "Test/Api",
        "throttling.rate",
        "-1 requests/second",
        "between 0 and 10000 requests/second",
        "ServerlessApi",
        "a number from 0 to 10000",
    ),
    (
        "a route's throttle.burst",
        lambda s: _api(
            s,
            routes={"GET /a": Route(echo_handler(), throttle=Throttle(rate=1, burst=_number(0)))},
        ),
        "Test/Api",
        "routes['GET /a'].throttle.burst",
        "0 requests",
        "between 1 and 5000 requests",
        "ServerlessApi",
        "a number from 1 to 5000",
    ),
    (
        "CorsPolicy max_age",
        lambda s: _api(
            s, cors=CorsPolicy(allow_origins=["https://app.example.com"], max_age=_seconds(86401))
        ),
        "Test/Api",
        "cors.max_age",
        "86401 seconds",
        "between 0 and 86400 seconds",
        "ServerlessApi",
        "a number from 0 to 86400",
    ),
    # a table's caps and capacities (TableOptions, AutoScaledCapacity) resolving to 0 are
    # told by their own rule: tests/test_leftovers53.py
]


@pytest.mark.parametrize(
    ("build", "path", "prop", "value", "allowed", "construct", "to"),
    [pytest.param(*case[1:], id=case[0]) for case in _NUMBERS],
)
def test_a_number_token_out_of_range_at_synth_fails_the_synth(
    build: Callable[[cdk.Stack], object],
    path: str,
    prop: str,
    value: str,
    allowed: str,
    construct: str,
    to: str,
) -> None:
    # GIVEN a prop given as a token that resolves at synth to a number out of its range
    # WHEN the stack is synthesized, THEN the synth fails naming the prop and the fix
    message = _synth_failure(build)
    assert _told_number(path, prop, value, allowed, construct, to) in message, message


def _cert(stack: cdk.Stack) -> acm.ICertificate:
    return acm.Certificate.from_certificate_arn(stack, "Cert", CERT_ARN)


_TEXTS: list[tuple[str, Callable[[cdk.Stack], object], str, str, str, str, str]] = [
    (
        "ScheduledJob schedule",
        lambda s: _job(s, schedule=_text("every day at 3")),
        "Test/X",
        "ScheduledJob",
        "schedule",
        "is 'every day at 3'; it must be 'cron(...)', 'rate(...)' or 'at(...)'",
        "pass e.g. 'cron(0 3 * * ? *)', 'rate(1 hour)' or 'at(2030-01-31T09:00:00)'",
    ),
    (
        "ScheduledJob timezone",
        lambda s: _job(s, timezone=_text("Europe/Berln")),
        "Test/X",
        "ScheduledJob",
        "timezone",
        "is 'Europe/Berln', which is not an IANA time zone name",
        "did you mean 'Europe/Berlin'?",
    ),
    (
        "ApiAuth.jwt issuer",
        lambda s: _api(s, auth=ApiAuth.jwt(_text("http://auth.example.com/"), ["api"])),
        "Test/Api",
        "ServerlessApi",
        "auth.issuer",
        "is 'http://auth.example.com/'; a JWT issuer must be an https:// URL",
        "pass the OIDC issuer URL, e.g. 'https://example.auth0.com/'",
    ),
    (
        "ApiAuth.jwt audiences",
        lambda s: _api(s, auth=ApiAuth.jwt("https://auth.example.com/", [_text(" ")])),
        "Test/Api",
        "ServerlessApi",
        "auth.audiences[0]",
        "is ' ': no token is issued for an empty audience",
        "pass the client ID or API identifier the tokens carry in `aud`",
    ),
    (
        "a route's own audiences",
        lambda s: _api(
            s,
            routes={
                "GET /a": Route(
                    echo_handler(), auth=ApiAuth.jwt("https://auth.example.com/", [_text("")])
                )
            },
        ),
        "Test/Api",
        "ServerlessApi",
        "routes['GET /a'].auth.audiences[0]",
        "is '': no token is issued for an empty audience",
        "pass the client ID or API identifier the tokens carry in `aud`",
    ),
    (
        "CorsPolicy allow_origins",
        lambda s: _api(s, cors=CorsPolicy(allow_origins=[_text("https://app.example.com/")])),
        "Test/Api",
        "ServerlessApi",
        "cors.allow_origins",
        "has 'https://app.example.com/', which is not an origin (scheme://host[:port], no path)",
        "write origins like 'https://app.example.com' without a trailing slash",
    ),
    (
        "ApiDomain name",
        lambda s: _api(s, domain=ApiDomain(name=_text("API.example.com"), certificate=_cert(s))),
        "Test/Api",
        "ServerlessApi",
        "domain.name",
        "is 'API.example.com'; it must be a lower-case DNS name such as api.example.com",
        "pass the host name only: no scheme, path, port or trailing dot",
    ),
    (
        "ScheduledJob description",
        lambda s: _job(s, description=_text("y" * 513)),
        "Test/X",
        "ScheduledJob",
        "description",
        "is 513 characters long; Scheduler allows at most 512",
        "shorten it to 512 characters or fewer",
    ),
    (
        "GlobalIndex partition_key",
        lambda s: _api(
            s,
            table=TableOptions(
                global_secondary_indexes=[GlobalIndex(name="byX", partition_key=_text(""))]
            ),
        ),
        "Test/Api",
        "ServerlessApi",
        "table.global_secondary_indexes[0].partition_key",
        "is 0 bytes long; DynamoDB allows 1 to 255",
        "pass an attribute name of 1 to 255 bytes",
    ),
    (
        "BucketEvents prefix",
        lambda s: _worker(
            s, sources=[BucketEvents(bucket=s3.Bucket(s, "Up"), prefix=_text("/in"))]
        ),
        "Test/X",
        "QueueWorker",
        "sources[0].prefix",
        "is '/in', which starts with '/'; S3 object keys do not, so it matches only keys such "
        "as '/inx', not 'inx'",
        "pass prefix='in'",
    ),
    (
        "Network interface_endpoint_accounts",
        lambda s: Network(s, "X", interface_endpoint_accounts=[_text("1111")]),
        "Test/X",
        "Network",
        "interface_endpoint_accounts[0]",
        "is '1111', not an AWS account ID (12 digits)",
        "pass each account's 12-digit ID as a string, e.g. '111122223333'",
    ),
    (
        "StaticSite api_origins",
        lambda s: StaticSite(s, "X", source=SITE, api_origins=[_text("ftp://x")], alarms=False),
        "Test/X",
        "StaticSite",
        "api_origins[0]",
        "is 'ftp://x'; its scheme 'ftp' must be https or wss (http only for localhost)",
        "pass the API's URL, e.g. 'https://api.example.com' or api.url",
    ),
    (
        "StaticSite web_acl_id",
        lambda s: StaticSite(s, "X", source=SITE, web_acl_id=_text("my-acl"), alarms=False),
        "Test/X",
        "StaticSite",
        "web_acl_id",
        "is 'my-acl'; it must be the ARN of a WAFv2 web ACL with scope CLOUDFRONT "
        "(arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>)",
        "create the web ACL in us-east-1 with scope CLOUDFRONT and pass its ARN",
    ),
    (
        "QueueWorker batch_size without a window",
        lambda s: _worker(s, batch_size=_number(20)),
        "Test/X",
        "QueueWorker",
        "batch_size",
        "is 20; batches above 10 need max_batching_window of at least 1 second",
        "pass max_batching_window=Duration.seconds(1) or more, or batch_size=10 or less",
    ),
    (
        "ApiDomain base_path",
        lambda s: _api(
            s,
            domain=ApiDomain(name="api.example.com", certificate=_cert(s), base_path=_text("/v1/")),
        ),
        "Test/Api",
        "ServerlessApi",
        "domain.base_path",
        "is '/v1/'; an API mapping key is one or more path segments of letters, digits and "
        "$-_.+!*'() joined by '/', without a leading or trailing '/'",
        "pass e.g. base_path='v1' or 'orders/v1', or None to serve the API at the domain's root",
    ),
    (
        "StaticSite domain_name",
        lambda s: StaticSite(
            s,
            "X",
            source=SITE,
            domain_name=_text("www.example.com."),
            certificate=_cert(s),
            hosted_zone=hosted_zone(s),
            alarms=False,
        ),
        "Test/X",
        "StaticSite",
        "domain_name",
        "is 'www.example.com.'; it must be a lower-case DNS name such as www.example.com",
        "pass the host name only: no scheme, path, port or trailing dot",
    ),
]


@pytest.mark.parametrize(
    ("build", "path", "construct", "prop", "problem", "fix"),
    [pytest.param(*case[1:], id=case[0]) for case in _TEXTS],
)
def test_a_text_token_its_rule_refuses_at_synth_fails_the_synth(
    build: Callable[[cdk.Stack], object],
    path: str,
    construct: str,
    prop: str,
    problem: str,
    fix: str,
) -> None:
    # GIVEN a prop given as a token that resolves at synth to a text its rule refuses
    # WHEN the stack is synthesized, THEN the synth fails with the rule's problem and fix
    message = _synth_failure(build)
    kind = "number" if prop == "batch_size" else "string"
    assert _told_text(path, prop, problem, construct, fix, kind) in message, message


def test_a_function_size_token_is_told_once() -> None:
    # GIVEN a Handler's memory as a token that resolves below Lambda's 128 MiB
    message = _synth_failure(
        lambda s: QueueWorker(s, "X", handler=echo_handler(memory_mib=_number(64)), alarms=False)
    )
    # THEN the function's own recheck tells it, and no second rule repeats it
    assert message.count("`memory_mib`") == 1, message
    assert "`memory_mib` is 64 in the template" in message


def _resource(template: Template, kind: str) -> dict[str, Any]:
    (properties,) = [resource["Properties"] for resource in template.find_resources(kind).values()]
    return properties


#: (id, how the construct is built with the token, resource type, property, its value)
_WORKING: list[tuple[str, Callable[[cdk.Stack], object], str, str, object]] = [
    (
        "a Lazy batch size in range",
        lambda s: _worker(s, batch_size=_number(5)),
        "AWS::Lambda::EventSourceMapping",
        "BatchSize",
        5,
    ),
    (
        "a parameter's batch size",
        lambda s: _worker(
            s, batch_size=cdk.CfnParameter(s, "Batch", type="Number").value_as_number
        ),
        "AWS::Lambda::EventSourceMapping",
        "BatchSize",
        {"Ref": "Batch"},
    ),
    (
        "a Lazy parallelization factor in range",
        lambda s: _stream(s, parallelization_factor=_number(2)),
        "AWS::Lambda::EventSourceMapping",
        "ParallelizationFactor",
        2,
    ),
    (
        "a parameter's window",
        lambda s: _worker(
            s,
            max_batching_window=cdk.Duration.seconds(
                cdk.CfnParameter(s, "Window", type="Number").value_as_number
            ),
        ),
        "AWS::Lambda::EventSourceMapping",
        "MaximumBatchingWindowInSeconds",
        {"Ref": "Window"},
    ),
    (
        "a Lazy schedule",
        lambda s: _job(s, schedule=_text("rate(2 hours)"), timezone=None),
        "AWS::Scheduler::Schedule",
        "ScheduleExpression",
        "rate(2 hours)",
    ),
    (
        "a parameter's schedule",
        lambda s: _job(s, schedule=cdk.CfnParameter(s, "Schedule").value_as_string),
        "AWS::Scheduler::Schedule",
        "ScheduleExpression",
        {"Ref": "Schedule"},
    ),
    (
        "a Lazy time zone",
        lambda s: _job(s, timezone=_text("Europe/Berlin")),
        "AWS::Scheduler::Schedule",
        "ScheduleExpressionTimezone",
        "Europe/Berlin",
    ),
    (
        "an imported issuer",
        lambda s: _api(s, auth=ApiAuth.jwt(cdk.Fn.import_value("Issuer"), ["api"])),
        "AWS::ApiGatewayV2::Authorizer",
        "JwtConfiguration",
        {"Audience": ["api"], "Issuer": {"Fn::ImportValue": "Issuer"}},
    ),
]


@pytest.mark.parametrize(
    ("build", "kind", "name", "value"), [pytest.param(*case[1:], id=case[0]) for case in _WORKING]
)
def test_a_token_that_passes_its_rules_reaches_the_template(
    build: Callable[[cdk.Stack], object], kind: str, name: str, value: object
) -> None:
    # GIVEN a prop given as a token (a Lazy value in range, or a parameter's Ref)
    stack = new_stack()
    build(stack)
    # WHEN synthesized, THEN the template carries it where it goes
    assert _resource(Template.from_stack(stack), kind)[name] == value


@pytest.mark.parametrize(
    ("auth", "headers"),
    [
        (ApiAuth.iam(), ["x-amz-date", "x-amz-security-token"]),
        (ApiAuth.jwt("https://auth.example.com/", ["api"]), []),
    ],
    ids=["IAM", "JWT"],
)
def test_a_deploy_time_header_may_name_the_header_the_auth_needs(
    auth: ApiAuth, headers: list[str]
) -> None:
    # Proves (tokens51): "`cors.allow_headers` is [a deploy-time value (Ref Header), ...],
    # without 'authorization'", though the parameter may hold 'authorization'
    stack = new_stack()
    header = cdk.CfnParameter(stack, "Header").value_as_string
    cors = CorsPolicy(allow_origins=["https://app.example.com"], allow_headers=[header, *headers])
    _api(stack, auth=auth, cors=cors)
    cors_config = _resource(Template.from_stack(stack), "AWS::ApiGatewayV2::Api")[
        "CorsConfiguration"
    ]
    assert cors_config["AllowHeaders"] == [{"Ref": "Header"}, *headers]


def test_a_deploy_time_header_cannot_name_every_missing_header() -> None:
    # GIVEN one deploy-time header on an IAM API, which needs three
    stack = new_stack()
    header = cdk.CfnParameter(stack, "Header").value_as_string
    cors = CorsPolicy(allow_origins=["https://app.example.com"], allow_headers=[header])
    # THEN it is still refused: one value names one header at most
    with pytest.raises(ConstructError, match=r"`cors\.allow_headers` is \[a deploy-time value"):
        _api(stack, cors=cors)


@pytest.mark.parametrize(
    ("build", "told"),
    [
        pytest.param(
            lambda s, value: _job(s, description="x" * 500 + value),
            "`description` is 516 characters long without its deploy-time values; Scheduler "
            "allows at most 512",
            id="ScheduledJob description",
        ),
        pytest.param(
            lambda s, value: _api(
                s,
                table=TableOptions(
                    global_secondary_indexes=[
                        GlobalIndex(name="byX", partition_key="a" * 240 + value)
                    ]
                ),
            ),
            "`table.global_secondary_indexes[0].partition_key` is 256 bytes long without its "
            "deploy-time values; DynamoDB allows 1 to 255",
            id="GlobalIndex partition_key",
        ),
    ],
)
def test_a_length_rule_counts_the_literal_text_around_a_deploy_time_value(
    build: Callable[[cdk.Stack, str], object], told: str
) -> None:
    # Proves (tokens51): the length counted the parameter's encoding ("${Token[...]}", about
    # 20 characters) as text, so 500 characters and a parameter were "520 characters long"
    stack = new_stack()
    build(stack, cdk.CfnParameter(stack, "Value").value_as_string)
    assert "Value" in str(Template.from_stack(stack).to_json()["Resources"])
    # ... and literal text past the limit with a parameter still fails, told as such
    with pytest.raises(ConstructError) as raised:
        other = new_stack()
        build(other, "x" * 16 + cdk.CfnParameter(other, "Value").value_as_string)
    assert told in str(raised.value), str(raised.value)


def test_a_visibility_timeout_token_below_6x_the_timeout_is_told_as_a_token() -> None:
    # Proves (tokens51): it said "Something changed one of them after the QueueWorker was
    # built (an Aspect, or an escape hatch ...)" of the token the worker was given
    message = _synth_failure(
        lambda s: QueueWorker(
            s,
            "X",
            handler=echo_handler(timeout=cdk.Duration.seconds(30)),
            visibility_timeout=_seconds(60),
            alarms=False,
        )
    )
    assert (
        "[Test/X] `visibility_timeout` is 60 seconds in the template (the queue "
        "Test/X/Queue/Resource), less than 6x the timeout of the function "
        "Test/X/Handler/Function/Resource (30 seconds there, so at least 180): messages would "
        "be redelivered while still being processed. The worker's visibility_timeout or its "
        "function's timeout was given as a token (such as Lazy.number(...)), which its checks "
        "pass when it is built; it resolved only at synth. Fix: change what produces the "
        "token so that the visibility timeout is at least 180 seconds"
    ) in message, message
    assert "Something changed" not in message
