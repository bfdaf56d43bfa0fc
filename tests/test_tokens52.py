"""Deploy-time values (tokens) in props, the rules tokens51 left (tokens52).

Proves (tokens52): a token that resolves at synth (``Lazy.number(...)``,
``Lazy.string(...)``, ``Duration.seconds(<a Lazy>)``) reached the template in silence where
the literal is refused: a batch size of 2.5 (any number where a whole one goes), a window of
2.5 seconds, a lifecycle of 0 days, an empty or 256-byte table key name, a sort key that is
the partition key, a two-line or too long Content-Security-Policy, an empty non-key
attribute, two BucketEvents whose key filters overlap. Each is now checked when it resolves,
told as the literal is; one that resolves to a valid value passes silently, and a value
known only at deploy (a ``CfnParameter``'s, ``Fn.import_value``, an SSM parameter's) is
still a reference in the template.

And a deploy-time list (``value_as_list``) in a text, as a text's item (``[0]``), or among
other items was a jsii trace at synth (``EncodedListTokenInScalarContext``,
``CannotAddElementsListToken``) naming no prop; under a table's INCLUDE indexes one counts
as one attribute, said so where the total is told."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_ssm as ssm
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    AutoScaledCapacity,
    BucketEvents,
    ConstructError,
    CorsPolicy,
    GlobalIndex,
    LocalIndex,
    QueueWorker,
    Route,
    ScheduledJob,
    StaticSite,
    TableOptions,
    Throttle,
)
from tests.support import SITE, echo_handler, new_stack
from tests.test_tokens51 import (
    _api,
    _events,
    _number,
    _resource,
    _seconds,
    _stream,
    _synth_failure,
    _text,
    _told_text,
    _worker,
)

pytestmark = pytest.mark.slow


def _site(stack: cdk.Stack, **props: Any) -> StaticSite:
    return StaticSite(stack, "X", source=SITE, alarms=False, **props)


def _days(value: float) -> cdk.Duration:
    return cdk.Duration.days(_number(value))


def _index(**props: Any) -> TableOptions:
    return TableOptions(
        global_secondary_indexes=[
            GlobalIndex(
                name="byX",
                partition_key="a",
                projection=dynamodb.ProjectionType.INCLUDE,
                **props,
            )
        ]
    )


_FLOAT = "is 2.5, a float; it must be a whole number"

#: (id, how the construct is built with the token, path, construct, prop, problem, fix)
_WHOLE: list[tuple[str, Callable[[cdk.Stack], object], str, str, str, str, str]] = [
    (
        "QueueWorker batch_size",
        lambda s: _worker(s, batch_size=_number(2.5)),
        "Test/X",
        "QueueWorker",
        "batch_size",
        _FLOAT,
        "pass a whole number",
    ),
    (
        "QueueWorker max_receive_count",
        lambda s: _worker(s, max_receive_count=_number(2.5)),
        "Test/X",
        "QueueWorker",
        "max_receive_count",
        _FLOAT,
        "pass a whole number",
    ),
    (
        "QueueWorker max_concurrency",
        lambda s: _worker(s, max_concurrency=_number(2.5)),
        "Test/X",
        "QueueWorker",
        "max_concurrency",
        _FLOAT,
        "pass a whole number",
    ),
    (
        "StreamWorker parallelization_factor",
        lambda s: _stream(s, parallelization_factor=_number(2.5)),
        "Test/X",
        "StreamWorker",
        "parallelization_factor",
        _FLOAT,
        "pass a whole number",
    ),
    (
        "EventHandler retry_attempts",
        lambda s: _events(s, retry_attempts=_number(2.5)),
        "Test/X",
        "EventHandler",
        "retry_attempts",
        _FLOAT,
        "pass a whole number",
    ),
    (
        "Throttle burst",
        lambda s: _api(s, throttling=Throttle(rate=10, burst=_number(2.5))),
        "Test/Api",
        "ServerlessApi",
        "throttling.burst",
        _FLOAT,
        "pass a whole number",
    ),
    (
        "TableOptions max_read_request_units",
        lambda s: _api(s, table=TableOptions(max_read_request_units=_number(2.5))),
        "Test/Api",
        "ServerlessApi",
        "table.max_read_request_units",
        # its own rule's words and fix, as a literal 2.5 is told (leftovers53)
        "is 2.5, a float; a cap is a whole number of request units per second, at least 1",
        "pass e.g. 100, or None for no cap",
    ),
    (
        "QueueWorker max_batching_window",
        lambda s: _worker(s, max_batching_window=_seconds(2.5)),
        "Test/X",
        "QueueWorker",
        "max_batching_window",
        "is 2.5 seconds; it is set in whole seconds",
        "pass Duration.seconds(3)",
    ),
    (
        "QueueWorker visibility_timeout",
        lambda s: _worker(s, visibility_timeout=_seconds(200.5)),
        "Test/X",
        "QueueWorker",
        "visibility_timeout",
        "is 200.5 seconds; it is set in whole seconds",
        "pass Duration.seconds(201)",
    ),
    (
        "StreamWorker tumbling_window",
        lambda s: _stream(s, tumbling_window=_seconds(2.5)),
        "Test/X",
        "StreamWorker",
        "tumbling_window",
        "is 2.5 seconds; it is set in whole seconds",
        "pass Duration.seconds(3)",
    ),
    (
        "EventHandler max_event_age",
        lambda s: _events(s, max_event_age=_seconds(90.5)),
        "Test/X",
        "EventHandler",
        "max_event_age",
        "is 90.5 seconds; it is set in whole seconds",
        "pass Duration.seconds(91)",
    ),
    (
        "CorsPolicy max_age",
        lambda s: _api(
            s, cors=CorsPolicy(allow_origins=["https://app.example.com"], max_age=_seconds(2.5))
        ),
        "Test/Api",
        "ServerlessApi",
        "cors.max_age",
        "is 2.5 seconds; it is set in whole seconds",
        "pass Duration.seconds(3)",
    ),
    (
        "StaticSite noncurrent_version_expiration",
        lambda s: _site(s, noncurrent_version_expiration=_days(2.5)),
        "Test/X",
        "StaticSite",
        "noncurrent_version_expiration",
        "is 2.5 days; S3 lifecycle rules count whole days",
        "pass Duration.days(3)",
    ),
]


@pytest.mark.parametrize(
    ("build", "path", "construct", "prop", "problem", "fix"),
    [pytest.param(*case[1:], id=case[0]) for case in _WHOLE],
)
def test_a_fraction_token_where_a_whole_number_goes_fails_the_synth(
    build: Callable[[cdk.Stack], object],
    path: str,
    construct: str,
    prop: str,
    problem: str,
    fix: str,
) -> None:
    # GIVEN a number token that resolves at synth to a fraction where a whole number goes
    # WHEN the stack is synthesized, THEN it fails with the literal's problem and fix
    message = _synth_failure(build)
    assert _told_text(path, prop, problem, construct, fix, "number") in message, message


def test_a_lifecycle_token_out_of_range_fails_the_synth() -> None:
    # GIVEN a lifecycle duration of Duration.days(<a Lazy resolving to 0>)
    message = _synth_failure(lambda s: _site(s, noncurrent_version_expiration=_days(0)))
    # THEN it is told as a range is, in days
    assert (
        "[Test/X] `noncurrent_version_expiration` is 0 days at synth; it must be between 1 and "
        "3650 days."
    ) in message, message


def test_a_function_size_fraction_is_told_once() -> None:
    # GIVEN a Handler's memory as a token resolving to a fraction: the function's own
    # recheck reads the template, and the whole-number recheck leaves it to that one
    message = _synth_failure(
        lambda s: QueueWorker(s, "X", handler=echo_handler(memory_mib=_number(200.5)), alarms=False)
    )
    assert message.count("`memory_mib`") == 1, message
    assert "`memory_mib` is 200.5 in the template" in message


_TEXTS: list[tuple[str, Callable[[cdk.Stack], object], str, str, str, str, str]] = [
    (
        "TableOptions partition_key empty",
        lambda s: _api(s, table=TableOptions(partition_key=_text(""))),
        "Test/Api",
        "ServerlessApi",
        "table.partition_key",
        "is empty",
        "name the partition key attribute, e.g. 'pk'",
    ),
    (
        "TableOptions partition_key too long",
        lambda s: _api(s, table=TableOptions(partition_key=_text("a" * 256))),
        "Test/Api",
        "ServerlessApi",
        "table.partition_key",
        "is 256 bytes long; DynamoDB allows at most 255",
        "use a shorter attribute name",
    ),
    (
        "TableOptions sort_key empty",
        lambda s: _api(s, table=TableOptions(sort_key=_text(""))),
        "Test/Api",
        "ServerlessApi",
        "table.sort_key",
        "is the empty string",
        "pass an attribute name, or None for none",
    ),
    (
        "TableOptions sort_key the partition key",
        lambda s: _api(s, table=TableOptions(partition_key="pk", sort_key=_text("pk"))),
        "Test/Api",
        "ServerlessApi",
        "table.sort_key",
        "is 'pk', the partition key too",
        "use a different attribute name for the sort key",
    ),
    (
        "TableOptions partition_key the sort key",
        lambda s: _api(s, table=TableOptions(partition_key=_text("sk"), sort_key="sk")),
        "Test/Api",
        "ServerlessApi",
        "table.sort_key",
        "is 'sk', the partition key too",
        "use a different attribute name for the sort key",
    ),
    (
        "TableOptions time_to_live_attribute with white space",
        lambda s: _api(s, table=TableOptions(time_to_live_attribute=_text("expires "))),
        "Test/Api",
        "ServerlessApi",
        "table.time_to_live_attribute",
        "is 'expires ', with white space around it, which DynamoDB keeps in the name",
        "write 'expires'",
    ),
    (
        "GlobalIndex non_key_attributes item",
        lambda s: _api(s, table=_index(non_key_attributes=[_text("")])),
        "Test/Api",
        "ServerlessApi",
        "table.global_secondary_indexes[0].non_key_attributes[0]",
        "is 0 bytes long; DynamoDB allows 1 to 255",
        "pass an attribute name of 1 to 255 bytes",
    ),
    (
        "GlobalIndex non_key_attributes item a key",
        lambda s: _api(s, table=_index(non_key_attributes=[_text("a")])),
        "Test/Api",
        "ServerlessApi",
        "table.global_secondary_indexes[0].non_key_attributes[0]",
        "is 'a', the index's partition key: key attributes are always projected, and DynamoDB "
        "refuses one listed as a non-key attribute",
        "drop 'a' from non_key_attributes",
    ),
    (
        "GlobalIndex non_key_attributes item repeated",
        lambda s: _api(s, table=_index(non_key_attributes=["status", _text("status")])),
        "Test/Api",
        "ServerlessApi",
        "table.global_secondary_indexes[0].non_key_attributes[1]",
        "repeats 'status'",
        "list each attribute once",
    ),
    (
        "GlobalIndex sort_key its partition key",
        lambda s: _api(
            s,
            table=TableOptions(
                global_secondary_indexes=[
                    GlobalIndex(name="byX", partition_key="a", sort_key=_text("a"))
                ]
            ),
        ),
        "Test/Api",
        "ServerlessApi",
        "table.global_secondary_indexes[0].sort_key",
        "is 'a', the index's partition key too",
        "use another attribute for the index's sort key, or none",
    ),
    (
        "LocalIndex sort_key the table's",
        lambda s: _api(
            s,
            table=TableOptions(
                sort_key=_text("sk"),
                local_secondary_indexes=[LocalIndex(name="byX", sort_key="sk")],
            ),
        ),
        "Test/Api",
        "ServerlessApi",
        "table.local_secondary_indexes[0].sort_key",
        "is 'sk', the table's sort key: the index would order the items as the table does",
        "give the index another attribute as its sort key",
    ),
    (
        "GlobalIndex key typed otherwise",
        lambda s: _api(
            s,
            table=TableOptions(
                global_secondary_indexes=[
                    GlobalIndex(
                        name="byX",
                        partition_key=_text("pk"),
                        partition_key_type=dynamodb.AttributeType.NUMBER,
                    )
                ]
            ),
        ),
        "Test/Api",
        "ServerlessApi",
        "table.global_secondary_indexes[0].partition_key",
        "types the attribute 'pk' NUMBER, which table.partition_key types STRING",
        "give 'pk' one type everywhere, or use another attribute",
    ),
    (
        "AutoScaledCapacity max under min",
        lambda s: _api(
            s,
            table=TableOptions(
                read_capacity=AutoScaledCapacity(min_capacity=5, max_capacity=_number(2)),
                write_capacity=5,
            ),
        ),
        "Test/Api",
        "ServerlessApi",
        "table.read_capacity.max_capacity",
        "is 2, below min_capacity 5",
        "pass a max_capacity of at least 5",
    ),
    (
        "CorsPolicy expose_headers item",
        lambda s: _api(
            s,
            cors=CorsPolicy(
                allow_origins=["https://app.example.com"], expose_headers=[_text("x id")]
            ),
        ),
        "Test/Api",
        "ServerlessApi",
        "cors.expose_headers",
        "has 'x id', which is no HTTP header name",
        "write header names such as 'authorization' or 'x-request-id'",
    ),
    (
        "Route authorization_scopes item",
        lambda s: _api(
            s,
            auth=ApiAuth.jwt("https://auth.example.com/", ["api"]),
            routes={"GET /a": Route(echo_handler(), authorization_scopes=[_text("a b")])},
        ),
        "Test/Api",
        "ServerlessApi",
        "routes['GET /a'].authorization_scopes[0]",
        "is 'a b'; a scope is one non-empty word of the token's space-separated `scope` claim",
        "pass each scope as its own string, e.g. ['items/read', 'items/write']",
    ),
    (
        "StaticSite content_security_policy on two lines",
        lambda s: _site(s, content_security_policy=_text("default-src 'self';\nimg-src 'self'")),
        "Test/X",
        "StaticSite",
        "content_security_policy",
        "is empty or spans several lines",
        "pass one line such as \"default-src 'self'; connect-src 'self' https://api...\"",
    ),
    (
        "StaticSite content_security_policy too long",
        lambda s: _site(
            s, content_security_policy=_text("default-src 'self'; img-src " + "x" * 1800)
        ),
        "Test/X",
        "StaticSite",
        "content_security_policy",
        "is 1828 characters long; CloudFront allows at most 1783",
        "shorten the policy or list fewer api_origins",
    ),
    (
        "StaticSite content_security_policy keyword without quotes",
        lambda s: _site(s, content_security_policy=_text("default-src self")),
        "Test/X",
        "StaticSite",
        "content_security_policy",
        "has self in default-src without quotes, which browsers read as a host named 'self'",
        "write 'self' (in single quotes)",
    ),
]


@pytest.mark.parametrize(
    ("build", "path", "construct", "prop", "problem", "fix"),
    [pytest.param(*case[1:], id=case[0]) for case in _TEXTS],
)
def test_a_text_token_the_literal_rule_refuses_fails_the_synth(
    build: Callable[[cdk.Stack], object],
    path: str,
    construct: str,
    prop: str,
    problem: str,
    fix: str,
) -> None:
    # GIVEN a table key name, a non-key attribute or a site's policy as a Lazy.string that
    # resolves to what the literal rule refuses
    # WHEN synthesized, THEN the synth fails with the literal's problem and fix
    message = _synth_failure(build)
    told = _told_text(path, prop, problem, construct, fix)
    assert told[: told.index(". It was given")] in message, message
    assert f"only at synth. Fix: {fix}" in message, message


def _two_sources(s: cdk.Stack, **filters: Any) -> QueueWorker:
    bucket = s3.Bucket(s, "Up")
    return _worker(
        s,
        sources=[
            BucketEvents(bucket=bucket, **{k: _text(v) for k, v in filters.items()}),
            BucketEvents(bucket=bucket, **filters),
        ],
    )


@pytest.mark.parametrize(
    "filters", [{"prefix": "in/"}, {"suffix": ".csv"}], ids=["prefix", "suffix"]
)
def test_bucket_events_whose_token_filters_overlap_fail_the_synth(filters: dict[str, str]) -> None:
    # GIVEN two BucketEvents of one bucket, one's key filter a Lazy.string equal to the other's
    message = _synth_failure(lambda s: _two_sources(s, **filters))
    # THEN S3's refusal of overlapping configurations is told at synth
    assert (
        "[Test/X] `sources` (resolved at synth) has two BucketEvents of Test/Up whose event "
        "types and key filters overlap"
    ) in message, message


def test_another_workers_bucket_events_overlapping_at_synth_fail_the_synth() -> None:
    def build(s: cdk.Stack) -> None:
        bucket = s3.Bucket(s, "Up")
        QueueWorker(
            s,
            "A",
            handler=echo_handler(),
            sources=[BucketEvents(bucket=bucket, prefix="in/")],
            alarms=False,
        )
        QueueWorker(
            s,
            "B",
            handler=echo_handler(),
            sources=[BucketEvents(bucket=bucket, prefix=_text("in/x"))],
            alarms=False,
        )

    message = _synth_failure(build)
    assert (
        "[Test/B] `sources[0]` (resolved at synth) overlaps a BucketEvents of Test/Up that "
        "Test/A already has"
    ) in message, message


def _parameter(s: cdk.Stack, name: str = "Value", kind: str = "String") -> Any:
    parameter = cdk.CfnParameter(s, name, type=kind)
    return parameter.value_as_number if kind == "Number" else parameter.value_as_string


#: (id, how the construct is built, resource type, property, its value or a text in its JSON)
_PASSING: list[tuple[str, Callable[[cdk.Stack], object], str, str, object]] = [
    (
        "a Lazy whole batch size",
        lambda s: _worker(s, batch_size=_number(5.0)),
        "AWS::Lambda::EventSourceMapping",
        "BatchSize",
        5,
    ),
    (
        "a Lazy fraction where any number goes (Throttle's rate)",
        lambda s: _api(s, throttling=Throttle(rate=_number(2.5), burst=10)),
        "AWS::ApiGatewayV2::Stage",
        "DefaultRouteSettings",
        {"ThrottlingBurstLimit": 10, "ThrottlingRateLimit": 2.5},
    ),
    (
        "a parameter's retry count",
        lambda s: _events(s, retry_attempts=_parameter(s, kind="Number")),
        "AWS::Events::Rule",
        "Targets",
        '"MaximumRetryAttempts": {"Ref": "Value"}',
    ),
    (
        "a Lazy window in whole seconds",
        lambda s: _worker(s, max_batching_window=_seconds(3)),
        "AWS::Lambda::EventSourceMapping",
        "MaximumBatchingWindowInSeconds",
        3,
    ),
    (
        "a parameter's lifecycle days",
        lambda s: _site(
            s, noncurrent_version_expiration=cdk.Duration.days(_parameter(s, kind="Number"))
        ),
        "AWS::S3::Bucket",
        "LifecycleConfiguration",
        '"NoncurrentDays": {"Ref": "Value"}',
    ),
    (
        "Lazy key names",
        lambda s: _api(s, table=TableOptions(partition_key=_text("pk"), sort_key=_text("sk"))),
        "AWS::DynamoDB::Table",
        "KeySchema",
        [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
    ),
    (
        "parameters' key names",
        lambda s: _api(
            s,
            table=TableOptions(
                partition_key=_parameter(s, "Pk"),
                sort_key=_parameter(s, "Sk"),
                time_to_live_attribute=_parameter(s, "Ttl"),
            ),
        ),
        "AWS::DynamoDB::Table",
        "KeySchema",
        [
            {"AttributeName": {"Ref": "Pk"}, "KeyType": "HASH"},
            {"AttributeName": {"Ref": "Sk"}, "KeyType": "RANGE"},
        ],
    ),
    (
        "an imported partition key",
        lambda s: _api(s, table=TableOptions(partition_key=cdk.Fn.import_value("Key"))),
        "AWS::DynamoDB::Table",
        "KeySchema",
        [{"AttributeName": {"Fn::ImportValue": "Key"}, "KeyType": "HASH"}],
    ),
    (
        "a Lazy policy",
        lambda s: _site(s, content_security_policy=_text("default-src 'self'")),
        "AWS::CloudFront::ResponseHeadersPolicy",
        "ResponseHeadersPolicyConfig",
        '"ContentSecurityPolicy": "default-src \'self\'"',
    ),
    (
        "an SSM parameter's policy",
        lambda s: _site(
            s,
            content_security_policy=ssm.StringParameter.value_for_string_parameter(s, "/csp"),
        ),
        "AWS::CloudFront::ResponseHeadersPolicy",
        "ResponseHeadersPolicyConfig",
        '"ContentSecurityPolicy": {"Ref": "SsmParameterValue',
    ),
]


@pytest.mark.parametrize(
    ("build", "kind", "name", "value"), [pytest.param(*case[1:], id=case[0]) for case in _PASSING]
)
def test_a_token_that_passes_the_rules_reaches_the_template(
    build: Callable[[cdk.Stack], object], kind: str, name: str, value: object
) -> None:
    # GIVEN a prop as a Lazy value the rules take, or a value known only at deploy
    stack = new_stack()
    build(stack)
    # WHEN synthesized, THEN it passes silently, and is where it goes
    resources = Template.from_stack(stack).find_resources(kind).values()
    found = [r["Properties"][name] for r in resources if name in r.get("Properties", {})]
    if isinstance(value, str):
        assert any(value in json.dumps(each) for each in found), found
    else:
        assert found == [value]


def test_parameters_filters_are_left_to_s3() -> None:
    # GIVEN two BucketEvents of one bucket whose prefixes are parameters (maybe disjoint)
    stack = new_stack()
    bucket = s3.Bucket(stack, "Up")
    sources = [BucketEvents(bucket=bucket, prefix=_parameter(stack, name)) for name in ("A", "B")]
    _worker(stack, sources=sources)
    # THEN the synth passes: only S3 knows them
    notifications = Template.from_stack(stack).find_resources("Custom::S3BucketNotifications")
    (configuration,) = [
        n["Properties"]["NotificationConfiguration"] for n in notifications.values()
    ]
    assert len(configuration["QueueConfigurations"]) == 2


def _list(stack: cdk.Stack) -> list[str]:
    return cdk.CfnParameter(stack, "Names", type="CommaDelimitedList").value_as_list


_IN_TEXT = (
    "holds a deploy-time list's text (value_as_list in an f-string, or value_as_list[0]) "
    "where one text goes: aws-cdk-lib fails the synth on a list token inside a string "
    "(EncodedListTokenInScalarContext). Fix: pass Fn.join(',', param.value_as_list) for the "
    "whole list as one text, or Fn.select(0, param.value_as_list) for one item (not "
    "value_as_list[0])"
)


@pytest.mark.parametrize(
    ("build", "prop"),
    [
        pytest.param(
            lambda s: QueueWorker(
                s, "X", handler=echo_handler(environment={"NAMES": f"{_list(s)}"}), alarms=False
            ),
            "handler.environment['NAMES']",
            id="an f-string in an environment",
        ),
        pytest.param(
            lambda s: ScheduledJob(
                s, "X", handler=echo_handler(), schedule=_list(s)[0], alarms=False
            ),
            "schedule",
            id="value_as_list[0]",
        ),
        pytest.param(
            lambda s: _site(s, content_security_policy="default-src " + _list(s)[0]),
            "content_security_policy",
            id="inside a text",
        ),
    ],
)
def test_a_list_token_where_one_text_goes_is_named_as_aws_cdk_lib_names_it(
    build: Callable[[cdk.Stack], object], prop: str
) -> None:
    # Proves (tokens52): a jsii trace at synth, EncodedListTokenInScalarContext, no prop
    with pytest.raises(ConstructError) as raised:
        build(new_stack())
    assert f"`{prop}` {_IN_TEXT}" in str(raised.value), str(raised.value)


def test_a_list_token_among_other_items_is_named_as_aws_cdk_lib_names_it() -> None:
    # Proves (tokens52): a jsii trace at synth, CannotAddElementsListToken, no prop
    with pytest.raises(ConstructError) as raised:
        stack = new_stack()
        _api(stack, table=_index(non_key_attributes=[*_list(stack), "status"]))
    assert (
        "`table.global_secondary_indexes[0].non_key_attributes[0]` holds a deploy-time list "
        "(value_as_list) among other items: aws-cdk-lib fails the synth on a list token given "
        "items (CannotAddElementsListToken). Fix: pass the deploy-time list alone, or join it "
        "with the other items into one: "
        "Fn.split(',', Fn.join(',', [Fn.join(',', param.value_as_list), 'other']))"
    ) in str(raised.value), str(raised.value)


def test_a_whole_list_token_still_goes_where_a_list_of_text_goes() -> None:
    # GIVEN an INCLUDE index's non_key_attributes as a whole deploy-time list
    stack = new_stack()
    _api(stack, table=_index(non_key_attributes=_list(stack)))
    # THEN it is the template's list, as it was
    table = _resource(Template.from_stack(stack), "AWS::DynamoDB::Table")
    projection = table["GlobalSecondaryIndexes"][0]["Projection"]
    assert projection["NonKeyAttributes"] == {"Ref": "Names"}


def test_a_list_token_counts_as_one_non_key_attribute_and_says_so() -> None:
    # GIVEN five INCLUDE indexes of 20 attributes and a sixth holding a deploy-time list
    stack = new_stack()
    indexes = [
        GlobalIndex(
            name=f"by{n}",
            partition_key=f"k{n}",
            projection=dynamodb.ProjectionType.INCLUDE,
            non_key_attributes=[f"a{n}_{i}" for i in range(20)],
        )
        for n in range(5)
    ]
    names = GlobalIndex(
        name="byNames",
        partition_key="kn",
        projection=dynamodb.ProjectionType.INCLUDE,
        non_key_attributes=_list(stack),
    )
    # THEN the total is the least the indexes project, said to count the list as one
    with pytest.raises(ConstructError) as raised:
        _api(stack, table=TableOptions(global_secondary_indexes=[*indexes, names]))
    assert (
        "`table.global_secondary_indexes` project at least 101 (each deploy-time list counted "
        "as one) non-key attributes in all; DynamoDB allows at most 100"
    ) in str(raised.value), str(raised.value)
    # ... and with 99 literal ones it passes: the list's length is DynamoDB's to check
    other = new_stack()
    indexes[0] = GlobalIndex(
        name="by0",
        partition_key="k0",
        projection=dynamodb.ProjectionType.INCLUDE,
        non_key_attributes=[f"a0_{i}" for i in range(19)],
    )
    names = GlobalIndex(
        name="byNames",
        partition_key="kn",
        projection=dynamodb.ProjectionType.INCLUDE,
        non_key_attributes=_list(other),
    )
    _api(other, table=TableOptions(global_secondary_indexes=[*indexes, names]))
    assert _resource(Template.from_stack(other), "AWS::DynamoDB::Table")["GlobalSecondaryIndexes"]


def test_an_environment_token_over_lambdas_limit_fails_the_synth() -> None:
    # GIVEN a Handler's environment value as a Lazy.string of 5000 characters (counted as a
    # deploy-time value's 128 bytes when the function was built)
    message = _synth_failure(
        lambda s: QueueWorker(
            s, "X", handler=echo_handler(environment={"BIG": _text("x" * 5000)}), alarms=False
        )
    )
    # THEN the template's environment is measured at synth
    assert "[Test/X/Handler/Function] `environment` is at least 50" in message, message
    assert (
        "Lambda allows at most 4096 and would refuse the function at deploy. The Handler's "
        "environment was given a token (a deploy-time value), which its checks count as an "
        "estimate when it is built; it resolved to this text only at synth. Fix: move large "
        "values to SSM Parameter Store or Secrets Manager and pass their names"
    ) in message, message


def test_an_environment_grown_after_the_function_was_built_fails_the_synth() -> None:
    def build(s: cdk.Stack) -> None:
        worker = QueueWorker(s, "X", handler=echo_handler(), alarms=False)
        worker.function.add_environment("BIG", "x" * 5000)

    message = _synth_failure(build)
    assert "`environment` is at least 5" in message, message
    assert "Something changed it after the function was built" in message, message


def test_a_parameter_in_the_environment_is_left_to_lambda() -> None:
    stack = new_stack()
    value = _parameter(stack)
    QueueWorker(stack, "X", handler=echo_handler(environment={"BIG": value}), alarms=False)
    (function,) = Template.from_stack(stack).find_resources("AWS::Lambda::Function").values()
    assert function["Properties"]["Environment"]["Variables"]["BIG"] == {"Ref": "Value"}
