"""Bad inputs and claims of round 47 (bad47) on what landed that day: StreamWorker's
``failed_batches_bucket``, ``ServerlessApi.arn_for_route``, ``sqs_record(fifo=False)``.

Each bad input fails with a message naming the construct path (or the call), the prop and
the fix; each legitimate variant builds what README says it does."""

from __future__ import annotations

import re
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Annotations, Match, Template

from constructs_lib import ApiAuth, ConstructError, Route, ServerlessApi, StreamWorker
from constructs_lib_runtime.testing import sqs_record
from tests.stream_support import ENV, HANDLER, STREAM
from tests.support import CDK_CONTEXT, ROOT, echo_handler, new_stack

RECORDS = echo_handler()
ROUTES = {
    "GET /records/{id}": RECORDS,
    "POST /records": RECORDS,
    "ANY /blobs/{proxy+}": RECORDS,
    "GET /": RECORDS,
}
KEYS = "'GET /records/{id}', 'POST /records', 'ANY /blobs/{proxy+}', 'GET /'"


def _api(routes: dict[str, Any] | None = None) -> ServerlessApi:
    return ServerlessApi(new_stack(), "Api", routes=routes or ROUTES, auth=ApiAuth.iam())


def _arn_tail(api: ServerlessApi, arn: str) -> str:
    """What the ARN names after the API's id: ``/{stage}/{METHOD}{path}``."""
    return str(cdk.Stack.of(api).resolve(arn)["Fn::Join"][1][-1])


# --- StreamWorker failed_batches_bucket -------------------------------------------------


def test_two_workers_writing_to_one_bucket_of_the_app_add_its_metrics_filter_once() -> None:
    # Proves (bad47): each worker added the filter, so the bucket had two
    # MetricsConfigurations of the Id FailedBatches (aws-cdk-lib's template validation
    # warned "Array items are not unique"; CloudFormation refuses such a bucket)
    # GIVEN one bucket of the app, and two workers writing their skipped batches there
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Test", env=ENV)
    bucket = s3.Bucket(stack, "Failed", enforce_ssl=True)
    for name in ("Orders", "Invoices"):
        table = dynamodb.Table.from_table_attributes(
            stack,
            f"{name}Table",
            table_name=name.lower(),
            table_stream_arn=STREAM.replace("table/orders", f"table/{name.lower()}"),
        )
        StreamWorker(
            stack, name, handler=HANDLER, table=table, failed_batches_bucket=bucket, alarms=True
        )
    template = Template.from_stack(stack)
    # THEN the bucket has the filter once, and both workers' alarms read it
    (found,) = template.find_resources("AWS::S3::Bucket").values()
    assert found["Properties"]["MetricsConfigurations"] == [
        {"Id": "FailedBatches", "Prefix": "aws/lambda/"}
    ]
    alarms = template.find_resources(
        "AWS::CloudWatch::Alarm", {"Properties": {"MetricName": "PutRequests"}}
    )
    assert len(alarms) == 2


@pytest.mark.parametrize(
    ("given", "shown", "fix"),
    [
        ("my-bucket", "'my-bucket', a str", "pass an aws_s3.IBucket or True or False"),
        # a config's null and 1 (config50): the default, and the bool 1 stands for
        (
            None,
            "None",
            "leave failed_batches_bucket out for its default (False), or pass an "
            "aws_s3.IBucket or True or False",
        ),
        (1, "1, an int", "pass True, not the number 1"),
        (
            "arn:aws:s3:::my-bucket",
            "'arn:aws:s3:::my-bucket', a str",
            "pass an aws_s3.IBucket or True or False",
        ),
    ],
)
def test_a_failed_batches_bucket_of_another_type_names_what_is_taken(
    given: object, shown: str, fix: str
) -> None:
    with pytest.raises(ConstructError) as raised:
        StreamWorker(
            new_stack(),
            "Worker",
            handler=HANDLER,
            table=dynamodb.TableV2.from_table_attributes(
                new_stack(), "T", table_name="t", table_stream_arn=STREAM
            ),
            failed_batches_bucket=given,
        )
    assert str(raised.value).endswith(
        f"Test/Worker: `failed_batches_bucket` is {shown}; it must be an aws_s3.IBucket or "
        f"True or False. Fix: {fix}"
    )


# --- ServerlessApi.arn_for_route --------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        (None, "None"),
        (123, "an int"),
        (["GET /"], "a list"),
        (
            Route(RECORDS, auth=ApiAuth.iam()),
            "a constructs_lib Route (tests/fixtures/handlers/echo/app.py)",
        ),
    ],
)
def test_arn_for_route_of_a_value_that_is_no_key_names_its_kind(
    given: object, shown: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (bad47): a Route was shown with its Handler's every field, an int as "123, no
    # route of this API": the method takes the key, not what routes maps it to
    monkeypatch.chdir(ROOT)  # a Handler's code is shown from the working directory
    api = _api()
    with pytest.raises(ConstructError) as raised:
        api.arn_for_route(given)  # type: ignore[arg-type]
    assert str(raised.value) == (
        "1 invalid prop:\n  - Test/Api: `arn_for_route(route_key)` is "
        f"{shown}, not a route key: the method takes the key of a route (a str, as written "
        f"in routes). Fix: pass a route key as written in routes: {KEYS}"
    )


@pytest.mark.parametrize(
    ("key", "suggested"),
    [
        ("get /records/{id}", "GET /records/{id}"),  # a lowercase method
        ("GET records", "GET /records/{id}"),  # no leading slash
        ("GET /records/{id}/", "GET /records/{id}"),  # a trailing slash
        ("GET /records?id=1", "GET /records/{id}"),  # a query string
        ("GET /records/*", "GET /records/{id}"),  # the ARN's wildcard, not the key
        ("GET /blobs/{proxy+}", "ANY /blobs/{proxy+}"),  # another method than declared
        ("ANY /blobs/{proxy+}/x", "ANY /blobs/{proxy+}"),  # a greedy parameter mid-path
        ("GET  /records/{id}", "GET /records/{id}"),  # two spaces
    ],
)
def test_arn_for_route_of_a_key_not_as_written_suggests_the_nearest(
    key: str, suggested: str
) -> None:
    api = _api()
    with pytest.raises(ConstructError) as raised:
        api.arn_for_route(key)
    assert str(raised.value) == (
        f"1 invalid prop:\n  - Test/Api: `arn_for_route(route_key)` is {key!r}, no route of "
        f"this API. Fix: did you mean {suggested!r}? Pass a route key as written in routes: "
        f"{KEYS}"
    )


def test_arn_for_route_of_another_apis_key_is_no_route_of_this_one() -> None:
    stack = new_stack()
    orders = ServerlessApi(stack, "Orders", routes={"GET /a": RECORDS}, auth=ApiAuth.iam())
    ServerlessApi(stack, "Billing", routes={"GET /b": RECORDS}, auth=ApiAuth.iam())
    with pytest.raises(ConstructError, match=re.escape("Test/Orders: `arn_for_route(route_key)`")):
        orders.arn_for_route("GET /b")


@pytest.mark.parametrize(
    ("key", "tail"),
    [
        ("GET /a/{id}/b/{sub}", "/$default/GET/a/*/b/*"),
        ("HEAD /a", "/$default/HEAD/a"),
        ("PATCH /a.json", "/$default/PATCH/a.json"),
        ("GET /v1:batch", "/$default/GET/v1:batch"),
        ("ANY /{proxy+}", "/$default/*/*"),
    ],
)
def test_arn_for_route_of_each_route_form(key: str, tail: str) -> None:
    api = _api({key: RECORDS})
    assert _arn_tail(api, api.arn_for_route(key)) == tail


# --- sqs_record -------------------------------------------------------------------------


@pytest.mark.parametrize("count", [0, -1])
def test_sqs_record_below_one_receive_names_the_first_delivery(count: int) -> None:
    # Proves (bad47): -1 was "it must be 0 or more", with no fix, and 0 is refused too
    with pytest.raises(ValueError) as raised:
        sqs_record("b", group_id="g", fifo=False, receive_count=count)
    assert str(raised.value) == (
        f"sqs_record: receive_count is {count}; a message Lambda hands the function has been "
        "received at least once. Fix: pass receive_count=1 (its first delivery), 2 and more "
        "for a delivery again"
    )


def test_sqs_record_group_of_letters_sqs_refuses_suggests_one_it_takes() -> None:
    # Proves (bad47): the suggestion for 'grüppe 1' was 'grüppe-1', refused the same way
    with pytest.raises(ValueError) as raised:
        sqs_record("b", group_id="grüppe 1", fifo=False)
    assert str(raised.value).endswith("Fix: pass one, e.g. group_id='grppe-1'")
    # AND the suggestion is a group SQS takes
    suggested = "grppe-1"
    assert sqs_record("b", group_id=suggested, fifo=False)["attributes"]["MessageGroupId"] == (
        suggested
    )


def _wider_warnings(routes: dict[str, Any], key: str) -> list[str]:
    """The texts of ``arn_for_route(key)``'s warnings on an IAM API of ``routes``."""
    api = _api(routes)
    api.arn_for_route(key)
    found = Annotations.from_stack(cdk.Stack.of(api)).find_warning(
        "/Test/Api", Match.string_like_regexp(r"^arn_for_route\(")
    )
    return [str(w.entry.data) for w in found]


def test_an_any_routes_arn_lets_in_routes_below_other_leading_segments_and_warns() -> None:
    # Proves (bad47): the warning compared the method and the path apart, but IAM matches the
    # ARN's '*/blobs/*' as one string, its '*' method spanning 'GET/admin': the client given
    # ANY /blobs/{proxy+} could call GET /admin/blobs/{id}, and nothing said so
    warnings = _wider_warnings(
        {"ANY /blobs/{proxy+}": RECORDS, "GET /admin/blobs/{id}": RECORDS}, "ANY /blobs/{proxy+}"
    )
    assert len(warnings) == 1
    assert warnings[0].startswith(
        "arn_for_route('ANY /blobs/{proxy+}') lets the client call 'GET /admin/blobs/{id}' too"
    )


@pytest.mark.parametrize(
    ("routes", "key"),
    [
        ({"GET /r/{id}": RECORDS, "GET /r": RECORDS}, "GET /r/{id}"),  # '*' is no empty tail
        ({"GET /a/{id}": RECORDS, "POST /a/b": RECORDS}, "GET /a/{id}"),  # another method
        ({"GET /a/b": RECORDS, "GET /a/{id}": RECORDS}, "GET /a/b"),  # a literal key
        ({"POST /blobs": RECORDS, "GET /admin/x": RECORDS}, "POST /blobs"),
        # API Gateway gives GET /a/x to the route of its method; ANY /a/{x} takes no a/b/c
        ({"GET /a/{id}": RECORDS, "ANY /a/{x}": RECORDS}, "GET /a/{id}"),
    ],
)
def test_an_arn_letting_in_no_other_route_warns_of_none(routes: dict[str, Any], key: str) -> None:
    assert _wider_warnings(routes, key) == []


# --- the Cognito domain prefix at synth -------------------------------------------------


def _signed_in_api(prefix: str) -> cdk.App:
    """An app with a pool, its hosted UI domain of ``prefix`` and an API it signs in to."""
    app = cdk.App(context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Test")
    pool = cognito.UserPool(stack, "Users")
    pool.add_domain("SignIn", cognito_domain=cognito.CognitoDomainOptions(domain_prefix=prefix))
    ServerlessApi(stack, "Api", routes={"GET /a": RECORDS}, auth=ApiAuth.cognito(pool))
    return app


@pytest.mark.parametrize(
    ("prefix", "nearest"),
    [("-todos", "todos"), ("todos-", "todos"), ("t" * 64, "t" * 63)],
)
def test_a_domain_prefix_cognito_refuses_fails_the_synth(prefix: str, nearest: str) -> None:
    # Proves (bad47): aws-cdk-lib refuses upper-case letters only; a '-' at either end or a
    # 64th character synthesized (a template validation warning) and failed the deploy
    with pytest.raises(RuntimeError) as raised:
        _signed_in_api(prefix).synth()
    assert (
        f"[Test/Api] `auth` is ApiAuth.cognito of the pool Test/Users, whose hosted UI domain "
        f"Test/Users/SignIn has the prefix {prefix!r} (its `cognito_domain.domain_prefix`), "
        "which Cognito refuses: a prefix is 1 to 63 lowercase letters, digits and '-', "
        "starting and ending with a letter or digit, so the deploy of the domain fails. Fix: "
        f"pass a prefix of that form, e.g. {nearest!r}"
    ) in str(raised.value)


@pytest.mark.parametrize("prefix", ["a", "acme-todos-dev-sign-in", "7" * 63])
def test_a_domain_prefix_cognito_takes_synthesizes(prefix: str) -> None:
    assembly = _signed_in_api(prefix).synth()
    # THEN the pool's hosted UI domain has the prefix as given
    resources = assembly.get_stack_by_name("Test").template["Resources"]
    domains = [r for r in resources.values() if r["Type"] == "AWS::Cognito::UserPoolDomain"]
    assert [domain["Properties"]["Domain"] for domain in domains] == [prefix]


def test_an_arn_with_a_parameter_mid_path_lets_in_a_greedy_route_and_warns() -> None:
    # Proves (bad47): the warning filled a greedy parameter with one segment only, but the
    # ARN's '*' spans '/': GET /users/*/profile lets in GET /users/a/b/profile, which API
    # Gateway gives ANY /users/{proxy+} (the one-segment {id} does not match it)
    warnings = _wider_warnings(
        {"GET /users/{id}/profile": RECORDS, "ANY /users/{proxy+}": RECORDS},
        "GET /users/{id}/profile",
    )
    assert len(warnings) == 1
    assert warnings[0].startswith(
        "arn_for_route('GET /users/{id}/profile') lets the client call 'ANY /users/{proxy+}' too"
    )


def test_an_arn_below_a_literal_lets_in_a_greedy_route_at_the_root_and_warns() -> None:
    # GET /a/* lets in GET /a/b/c, which only ANY /{proxy+} serves
    warnings = _wider_warnings({"GET /a/{id}": RECORDS, "ANY /{proxy+}": RECORDS}, "GET /a/{id}")
    assert len(warnings) == 1
    assert "lets the client call 'ANY /{proxy+}' too" in warnings[0]


def test_an_arn_of_a_literal_path_lets_in_no_greedy_route() -> None:
    # GET /a/b is its own route's request: API Gateway gives the greedy route no such call
    assert _wider_warnings({"GET /a/b": RECORDS, "ANY /{proxy+}": RECORDS}, "GET /a/b") == []


def test_an_arn_with_a_parameter_lets_in_a_more_literal_route_and_warns() -> None:
    # GET /a/* lets in GET /a/b, which API Gateway gives the literal route
    warnings = _wider_warnings({"GET /a/{id}": RECORDS, "GET /a/b": RECORDS}, "GET /a/{id}")
    assert len(warnings) == 1
    assert "lets the client call 'GET /a/b' too" in warnings[0]


@pytest.mark.parametrize(
    ("prefix", "words", "nearest"),
    [
        ("todos-cognito", "'cognito'", "todos"),
        ("my-aws-app", "'aws'", "my-app"),
        ("amazonshop-aws", "'amazon' and 'aws'", "shop"),
        # (gaps49) nothing left: named after the domain's place in the app, not README's
        # 'todos-sign-in' (which another app may hold in the region)
        ("cognito", "'cognito'", "test-users-sign-in"),
        ("aws-amazon", "'amazon' and 'aws'", "test-users-sign-in"),
        # (sweep48) the word out joins two halves into another: 'aws' was suggested
        ("shop-acognitows", "'cognito'", "shop"),
        ("shop-amazamazonon", "'amazon'", "shop"),
    ],
)
def test_a_domain_prefix_with_a_word_cognito_refuses_fails_the_synth(
    prefix: str, words: str, nearest: str
) -> None:
    # Proves (papercuts48): Cognito refuses 'aws', 'amazon' and 'cognito' anywhere in a
    # prefix (its developer guide); CreateUserPoolDomain's pattern lets them through, so
    # 'todos-cognito' synthesized and failed the deploy of the domain
    with pytest.raises(RuntimeError) as raised:
        _signed_in_api(prefix).synth()
    assert (
        f"has the prefix {prefix!r} (its `cognito_domain.domain_prefix`), which Cognito "
        "refuses: a prefix is 1 to 63 lowercase letters, digits and '-', starting and ending "
        f"with a letter or digit, and none of the words aws, amazon and cognito is in it (this "
        f"one has {words}), so the deploy of the domain fails. Fix: pass a prefix of that "
        f"form, e.g. {nearest!r}"
    ) in str(raised.value)


def test_a_prefix_of_only_refused_words_suggests_one_named_after_its_domain() -> None:
    # Proves (gaps49): 'cognito' alone was told to use README's 'todos-sign-in', a prefix
    # unrelated to the app (and taken by whoever copied it first); the suggestion is the
    # domain's path in the app, free of the refused words, telling two stages apart
    app = cdk.App(context=CDK_CONTEXT)
    stack = cdk.Stack(cdk.Stage(app, "Prod"), "TodoApi")
    pool = cognito.UserPool(stack, "CognitoUsers")
    pool.add_domain("SignIn", cognito_domain=cognito.CognitoDomainOptions(domain_prefix="aws"))
    ServerlessApi(stack, "Api", routes={"GET /a": RECORDS}, auth=ApiAuth.cognito(pool))
    with pytest.raises(RuntimeError) as raised:
        app.synth()
    assert "Fix: pass a prefix of that form, e.g. 'prod-todo-api-users-sign-in'" in str(
        raised.value
    )
