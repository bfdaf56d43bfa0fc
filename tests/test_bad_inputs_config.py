"""Props read from configuration (user trial config50): a platform team's app reads every
construct's props from a JSON or TOML file per stage, ``-c key=value`` context and
environment variables, so its values arrive as text ("512", "false", "30s", "a,b"), as
floats of whole numbers (512.0 from JSON and TOML), or as None for "not set". The library
takes none of them where it takes numbers, bools, Durations, Sizes or lists; each is
refused naming the prop and, where the value reads one way, the value to pass instead of
an example (the fix said "pass e.g. memory_mib=256" for "512", "pass True or False" for
"false" and "pass ['a,b']" for a comma-separated list). The same values converted as the
fixes say synthesize what was meant, under cdk-nag with no finding."""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import Duration
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3_deployment as s3deploy

from constructs_lib import (
    ApiAuth,
    CorsPolicy,
    Deployment,
    EventHandler,
    FunctionDefaults,
    Monitoring,
    Network,
    QueueWorker,
    Route,
    ScheduledJob,
    ServerlessApi,
    StaticSite,
    TableOptions,
    Throttle,
)
from constructs_lib._config_values import (
    bool_fix,
    duration_fix,
    list_fix,
    number_fix,
    size_fix,
    whole_number,
)
from tests.support import CDK_CONTEXT, SITE, echo_handler, nag_findings, only_problem

TEXT = "a value read from a config file, -c context or an environment variable is text"
BOOL_TEXT = (
    f"({TEXT}: convert it with value.strip().lower() in ('true', '1', 'yes'), not "
    "bool(value), which is True for 'false' too)"
)
JWT = ApiAuth.jwt("https://id.example.com/", ["orders"])


def _int_text(number: int, text: str) -> str:
    return f"pass {number}, the number, not the text {text!r} ({TEXT}: convert it with int(...))"


def _int_float(number: int) -> str:
    return (
        f"pass {number}, a whole number, not the float {float(number)!r} (JSON and TOML read "
        f"{float(number)!r} as a float: convert it with int(...))"
    )


def _worker(**props: Any) -> Callable[[cdk.Stack], object]:
    return lambda stack: QueueWorker(stack, "Worker", **{"handler": echo_handler(), **props})


def _handler(**options: Any) -> Callable[[cdk.Stack], object]:
    return _worker(handler=echo_handler(**options))


def _api(**props: Any) -> Callable[[cdk.Stack], object]:
    routes = {"GET /a": echo_handler()}
    return lambda stack: ServerlessApi(stack, "Worker", **{"routes": routes, "auth": JWT, **props})


def _site(**props: Any) -> Callable[[cdk.Stack], object]:
    return lambda stack: StaticSite(stack, "Worker", **{"source": SITE, **props})


# (what a config gives, the construct it reaches, the prop named, the fix)
CASES: list[tuple[str, Callable[[cdk.Stack], object], str, str]] = [
    # whole numbers as text and as JSON's and TOML's floats, by each rule that reads one
    ("memory text", _handler(memory_mib="512"), "handler.memory_mib", _int_text(512, "512")),
    (
        "memory text from a file",
        _handler(memory_mib=" 512\n"),
        "handler.memory_mib",
        _int_text(512, " 512\n"),
    ),
    ("memory float", _handler(memory_mib=512.0), "handler.memory_mib", _int_float(512)),
    ("memory 1e3", _handler(memory_mib=1e3), "handler.memory_mib", _int_float(1000)),
    (
        "reserved concurrency text",
        _handler(reserved_concurrency="5"),
        "handler.reserved_concurrency",
        _int_text(5, "5"),
    ),
    ("batch size text", _worker(batch_size="10"), "batch_size", _int_text(10, "10")),
    ("receive count float", _worker(max_receive_count=3.0), "max_receive_count", _int_float(3)),
    ("concurrency text", _worker(max_concurrency="5"), "max_concurrency", _int_text(5, "5")),
    (
        "canary percent text",
        _worker(deployment=Deployment.canary(percent="10", minutes=5)),
        "deployment.percent",
        _int_text(10, "10"),
    ),
    (
        "provisioned capacity float",
        _api(table=TableOptions(read_capacity=5.0, write_capacity=5)),
        "table.read_capacity",
        _int_float(5),
    ),
    (
        "site deployment memory float",
        _site(deployment_memory_mib=1024.0),
        "deployment_memory_mib",
        _int_float(1024),
    ),
    (
        "availability zones text",
        lambda stack: Network(stack, "Worker", max_azs="2"),
        "max_azs",
        _int_text(2, "2"),
    ),
    # True or False as text, and as 0 and 1
    (
        "fifo 'false'",
        _worker(fifo="false"),
        "fifo",
        f"pass False, not the text 'false' {BOOL_TEXT}",
    ),
    (
        "enabled 'no'",
        _worker(enabled="no"),
        "enabled",
        f"pass False, not the text 'no' {BOOL_TEXT}",
    ),
    ("alarms 1", _worker(alarms=1), "alarms", "pass True, not the number 1"),
    (
        "powertools 'True'",
        _handler(powertools="True"),
        "handler.powertools",
        f"pass True, not the text 'True' {BOOL_TEXT}",
    ),
    (
        "flow logs 'False'",
        lambda stack: Network(stack, "Worker", flow_logs="False"),
        "flow_logs",
        f"pass False, not the text 'False' {BOOL_TEXT}",
    ),
    (
        "dashboard '0'",
        lambda stack: Monitoring(stack, dashboard="0"),
        "dashboard",
        f"pass False, not the text '0' {BOOL_TEXT}",
    ),
    # None for "not set" where the prop takes none: its default
    (
        "batch size null",
        _worker(batch_size=None),
        "batch_size",
        "leave batch_size out for its default (10), or pass a whole number",
    ),
    (
        "fifo null",
        _worker(fifo=None),
        "fifo",
        "leave fifo out for its default (False), or pass True or False",
    ),
    # Proves (papercuts50): a Throttle's null limits were told "leave rate out for its
    # default" without the number (its default an int that knows it was not given)
    (
        "throttle rate null",
        _api(throttling=Throttle(rate=None)),
        "throttling.rate",
        "leave rate out for its default (50; a route's Throttle: the API's), or pass a number",
    ),
    (
        "route throttle burst null",
        _api(routes={"GET /a": Route(echo_handler(), throttle=Throttle(burst=None))}),
        "routes['GET /a'].throttle.burst",
        "leave burst out for its default (100; a route's Throttle: the API's), or pass a "
        "whole number",
    ),
    # Proves (papercuts50): told "no api is given whose routes it would prefix"
    (
        "site api path null",
        _site(api_path=None),
        "api_path",
        "leave api_path out for its default ('/api'), or pass a string",
    ),
    # Proves (papercuts50): countries as a config writes them were told "pass an
    # aws_cloudfront.GeoRestriction", not the call
    (
        "geo restriction text",
        _site(geo_restriction="DE,FR"),
        "geo_restriction",
        "pass cloudfront.GeoRestriction.allowlist('DE', 'FR') to serve these countries only, "
        "or cloudfront.GeoRestriction.denylist('DE', 'FR') to serve every country but these",
    ),
    (
        "geo restriction list in lower case",
        _site(geo_restriction=["de", " at"]),
        "geo_restriction",
        "pass cloudfront.GeoRestriction.allowlist('DE', 'AT') to serve these countries only, "
        "or cloudfront.GeoRestriction.denylist('DE', 'AT') to serve every country but these",
    ),
    (
        "geo restriction dict",
        _site(geo_restriction={"type": "blacklist", "locations": "RU BY"}),
        "geo_restriction",
        "pass cloudfront.GeoRestriction.denylist('RU', 'BY')",
    ),
    # Durations as text: counted, ISO 8601, and a bare number in the unit a number means
    (
        "timeout '30'",
        _handler(timeout="30"),
        "handler.timeout",
        f"pass Duration.seconds(30) if '30' counts seconds, not the text ({TEXT})",
    ),
    (
        "timeout '30s'",
        _handler(timeout="30s"),
        "handler.timeout",
        f"pass Duration.seconds(30), not the text ({TEXT})",
    ),
    (
        "timeout 'PT30S'",
        _handler(timeout="PT30S"),
        "handler.timeout",
        f"pass Duration.parse('PT30S'), not the text ({TEXT})",
    ),
    (
        "event age '5 minutes'",
        lambda stack: EventHandler(
            stack,
            "Worker",
            handler=echo_handler(),
            event_pattern={"source": ["orders"]},
            max_event_age="5 minutes",
        ),
        "max_event_age",
        f"pass Duration.minutes(5), not the text ({TEXT})",
    ),
    (
        "flexible window '15'",
        lambda stack: ScheduledJob(
            stack,
            "Worker",
            handler=echo_handler(),
            schedule="rate(1 hour)",
            flexible_window="15",
        ),
        "flexible_window",
        f"pass Duration.minutes(15) if '15' counts minutes, not the text ({TEXT})",
    ),
    (
        "noncurrent versions '30'",
        _site(noncurrent_version_expiration="30"),
        "noncurrent_version_expiration",
        f"pass Duration.days(30) if '30' counts days, not the text ({TEXT})",
    ),
    (
        "cors max age '600'",
        _api(cors=CorsPolicy(allow_origins=["https://app.example.com"], max_age="600")),
        "cors.max_age",
        f"pass Duration.seconds(600) if '600' counts seconds, not the text ({TEXT})",
    ),
    # retention as JSON's float of days
    (
        "log retention 7.0",
        _handler(log_retention=7.0),
        "handler.log_retention",
        "pass Duration.days(7)",
    ),
    (
        "access logs 30.0",
        _api(access_log_retention=30.0),
        "access_log_retention",
        "pass Duration.days(30)",
    ),
    # Sizes as text and as a float of bytes
    (
        "message size text",
        _worker(max_message_size="256 KiB"),
        "max_message_size",
        f"pass Size.kibibytes(256), not the text ({TEXT})",
    ),
    (
        "message size float",
        _worker(max_message_size=262144.0),
        "max_message_size",
        "pass Size.kibibytes(256) (= 262144 bytes)",
    ),
    # a comma-separated list (an environment variable's or -c context's way to write one)
    (
        "origins",
        _api(cors=CorsPolicy(allow_origins="https://a.example.com,https://b.example.com")),
        "cors.allow_origins",
        "pass ['https://a.example.com', 'https://b.example.com'] (value.split(',') with each "
        "item stripped), or ['https://a.example.com,https://b.example.com'] if it is one value",
    ),
    (
        "audiences",
        _api(auth=ApiAuth.jwt("https://id.example.com/", "web, mobile")),
        "auth.audiences",
        "pass ['web', 'mobile'] (value.split(',') with each item stripped), or "
        "['web, mobile'] if it is one value",
    ),
    (
        "endpoints",
        _handler(endpoints="sqs,sns"),
        "handler.endpoints",
        "pass ['sqs', 'sns'] (value.split(',') with each item stripped), or ['sqs,sns'] if "
        "it is one value",
    ),
    (
        "api origins",
        _site(api_origins="https://a.example.com,https://b.example.com"),
        "api_origins",
        "pass ['https://a.example.com', 'https://b.example.com'] (value.split(',') with each "
        "item stripped), or ['https://a.example.com,https://b.example.com'] if it is one value",
    ),
    # a list of objects is no list of strings: the fix was "pass ['max-age=60']"
    (
        "cache control text",
        _site(cache_control="max-age=60"),
        "cache_control",
        "pass a list of aws_s3_deployment.CacheControl",
    ),
    # a number of an event pattern as text (a pattern kept in a JSON or YAML file as "5")
    (
        "numeric operand text",
        lambda stack: EventHandler(
            stack,
            "Worker",
            handler=echo_handler(),
            event_pattern={
                "source": ["x"],
                "detail": {"n": [{"numeric": [">=", " 10", "<", 20.5]}]},
            },
        ),
        "event_pattern.detail['n'][0]['numeric']",
        "write {'numeric': ['>=', 10, '<', 20.5]}, numbers, not text",
    ),
    # a config's null for the partition key: one problem (it also named the sort key, None
    # too, "the partition key too")
    (
        "partition key null",
        _api(table=TableOptions(partition_key=None)),
        "table.partition_key",
        "leave partition_key out for its default ('pk'), or name the partition key attribute",
    ),
    # an empty string for "not set" where None is the default
    (
        "function name blank",
        _handler(name=" "),
        "handler.name",
        "pass a short PascalCase name such as 'ListTodos', or leave name out for its default",
    ),
    (
        "domain name empty",
        _site(domain_name=""),
        "domain_name",
        "pass the host name only: no scheme, path, port or trailing dot, or leave domain_name "
        "out for its default",
    ),
    (  # its fix said None already: said once
        "sort key empty",
        _api(table=TableOptions(sort_key="")),
        "table.sort_key",
        "pass an attribute name, or None for none",
    ),
    # a dict where a value object goes: the call its keys make (a "type" names the factory)
    (
        "handler dict",
        _worker(handler={"code": "handlers/orders", "entry": "orders.handle"}),
        "handler",
        "pass Handler(code=..., entry=...), Handler(**value) of the dict",
    ),
    (
        "auth dict",
        _api(auth={"type": "jwt", "issuer": "https://id.example.com/", "audiences": ["web"]}),
        "auth",
        "pass ApiAuth.jwt(issuer=..., audiences=...), the factory the dict's type names",
    ),
    (
        "deployment dict",
        _worker(deployment={"kind": "Canary", "percent": 10, "minutes": 5}),
        "deployment",
        "pass Deployment.canary(percent=..., minutes=...), the factory the dict's type names",
    ),
    (
        "throttle dict",
        _api(throttling={"rate": 10, "burst": 20}),
        "throttling",
        "pass Throttle(rate=..., burst=...), Throttle(**value) of the dict",
    ),
    (
        "cors dict",
        _api(cors={"allow_origins": ["https://app.example.com"]}),
        "cors",
        "pass CorsPolicy(allow_origins=...), CorsPolicy(**value) of the dict",
    ),
    (
        "table dict",
        _api(table={"partition_key": "pk", "sort_key": "sk"}),
        "table",
        "pass TableOptions(partition_key=..., sort_key=...), TableOptions(**value) of the dict",
    ),
    (  # a key that is no argument: the dict says no one call, the factories are listed
        "deployment dict with an unknown key",
        _worker(deployment={"type": "canary", "percent": 10, "interval": 5}),
        "deployment",
        "pass Deployment.canary(...), Deployment.linear(...) or Deployment.all_at_once()",
    ),
    (
        "auth dict of no kind",
        _api(auth={"type": "oauth"}),
        "auth",
        "pass ApiAuth.jwt(...), ApiAuth.cognito(...), ApiAuth.iam(), ApiAuth.function(handler) "
        "or ApiAuth.none(reason=...)",
    ),
    # names with a config's case or whitespace
    (
        "deployment kind in capitals",
        _worker(deployment=Deployment("CANARY", percent=10, minutes=5)),
        "deployment.kind",
        "pass 'canary', DeploymentKind's value (lower case, no whitespace), or build it with "
        "Deployment.canary(...)",
    ),
    (
        "schedule with its newline",
        lambda stack: ScheduledJob(
            stack, "Worker", handler=echo_handler(), schedule=" rate(1 hour)\n"
        ),
        "schedule",
        "write 'rate(1 hour)'",
    ),
]


@pytest.mark.parametrize(
    ("build", "prop", "fix"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_config_value_is_refused_with_the_value_it_means(
    build: Callable[[cdk.Stack], object], prop: str, fix: str
) -> None:
    problem = only_problem(build)
    assert (problem.prop, problem.fix) == (prop, fix)


def test_a_numeric_operand_that_reads_as_no_number_keeps_the_examples() -> None:
    problem = only_problem(
        lambda stack: EventHandler(
            stack,
            "Worker",
            handler=echo_handler(),
            event_pattern={"source": ["x"], "detail": {"n": [{"numeric": [">", "five"]}]}},
        )
    )
    assert problem.fix == "write e.g. {'numeric': ['>', 0]} or {'numeric': ['>=', 10, '<', 20]}"


def test_the_kind_of_a_deployment_is_named_with_the_kinds_taken() -> None:
    problem = only_problem(_worker(deployment=Deployment(" canary\n", percent=10, minutes=5)))
    assert problem.message == "is ' canary\\n', not one of 'all_at_once', 'canary', 'linear'"
    # a kind that reads no way keeps the factories as its fix
    problem = only_problem(_worker(deployment=Deployment("blue-green", percent=10, minutes=5)))
    assert problem.fix == (
        "pass Deployment.canary(...), Deployment.linear(...) or Deployment.all_at_once()"
    )


@pytest.mark.parametrize(
    ("value", "meant"),
    [
        *[("512", 512), (" 30\n", 30), ("1e3", 1000), (512.0, 512)],
        *[("512.5", None), (512.5, None), ("nan", None), ("inf", None), (float("inf"), None)],
        *[(True, None), (512, None), ("", None), ("0x10", None)],
    ],
)
def test_only_a_value_that_reads_as_one_whole_number_is_one(value: object, meant: int) -> None:
    assert whole_number(value) == meant


@pytest.mark.parametrize(
    ("convert", "value"),
    [
        (bool_fix, "maybe"),
        (bool_fix, ""),
        (bool_fix, 2),
        (bool_fix, True),
        (number_fix, 10.5),  # a float is a number already
        (number_fix, "ten"),
        (duration_fix, "1 fortnight"),
        (duration_fix, "P1M"),  # months: Duration.parse takes none (their length varies)
        (duration_fix, "30.5s"),
        (duration_fix, 30),
        (size_fix, "256 KB"),  # 1000 or 1024 bytes a KB: not read
        (size_fix, "big"),
    ],
)
def test_a_value_that_reads_no_one_way_gets_no_converted_fix(
    convert: Callable[[object], str | None], value: object
) -> None:
    assert convert(value) is None


def test_a_list_without_a_comma_is_the_one_item() -> None:
    assert list_fix("https://a.example.com") == "pass ['https://a.example.com']"
    assert list_fix(",") == "pass [',']"
    assert number_fix(" 10.5 ") == f"pass 10.5, the number, not the text ' 10.5 ' ({TEXT}: " + (
        "convert it with float(...))"
    )
    assert duration_fix("P1DT2H") == f"pass Duration.parse('P1DT2H'), not the text ({TEXT})"


# What a platform team's stage reads: a JSON file (a YAML one gives the same values), a TOML
# file, -c context (always strings) and environment variables (always strings).
STAGE_JSON = """{
  "memory_mib": 512.0, "timeout_seconds": 30.0, "batch_size": 10, "fifo": false,
  "log_retention": "ONE_WEEK", "origins": "https://a.example.com, https://b.example.com",
  "throttle": {"rate": 10.5, "burst": 20.0}, "canary": {"type": "canary", "percent": 10,
  "minutes": 5}, "dashboard": null
}"""
STAGE_TOML = 'schedule = "rate(1 hour)\\n"\nretry_attempts = 2\nmax_event_age = "PT30M"\n'


def _flag(text: str) -> bool:
    # as the fixes say: never bool(text), which is True for "false"
    return text.strip().lower() in ("true", "1", "yes")


def _config_stack(app: cdk.App) -> cdk.Stack:
    stage: dict[str, Any] = json.loads(STAGE_JSON)
    job: dict[str, Any] = tomllib.loads(STAGE_TOML)
    context = {"enabled": app.node.try_get_context("enabled"), "azs": "2"}  # -c enabled=false
    environ = {"ORDERS_CONCURRENCY": os.environ.get("CONFIG50_UNSET", " 5\n")}
    stack = cdk.Stack(app, "Test")
    FunctionDefaults.of(stack).set(
        memory_mib=int(stage["memory_mib"]),
        log_retention=getattr(logs.RetentionDays, stage["log_retention"]),
    )
    Monitoring(stack, dashboard=stage["dashboard"])  # null: not set, as documented
    canary = {k: v for k, v in stage["canary"].items() if k != "type"}
    QueueWorker(
        stack,
        "Orders",
        handler=echo_handler(timeout=Duration.seconds(stage["timeout_seconds"])),
        batch_size=stage["batch_size"],
        fifo=stage["fifo"],
        max_concurrency=int(environ["ORDERS_CONCURRENCY"]),
        enabled=_flag(context["enabled"]),
        deployment=getattr(Deployment, stage["canary"]["type"])(**canary),
        alarms=False,
    )
    api = ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler()},
        auth=JWT,
        cors=CorsPolicy(allow_origins=[o.strip() for o in stage["origins"].split(",")]),
        throttling=Throttle(rate=stage["throttle"]["rate"], burst=int(stage["throttle"]["burst"])),
        alarms=False,
    )
    cdk.RemovalPolicies.of(api).destroy()
    ScheduledJob(
        stack,
        "Nightly",
        handler=echo_handler(),
        schedule=job["schedule"].strip(),
        retry_attempts=job["retry_attempts"],
        max_event_age=Duration.parse(job["max_event_age"]),
        alarms=False,
    )
    StaticSite(
        stack,
        "Site",
        source=SITE,
        cache_control=[s3deploy.CacheControl.from_string("max-age=60")],
        alarms=False,
    )
    Network(stack, "Network", max_azs=int(context["azs"]))
    return stack


def test_config_values_converted_as_the_fixes_say_build_what_was_meant(tmp_path: Path) -> None:
    # GIVEN a stage's values converted as the fixes say (-c enabled=false: a string)
    app = cdk.App(outdir=str(tmp_path), context={**CDK_CONTEXT, "enabled": "false"})
    _config_stack(app)
    # WHEN it synthesizes under cdk-nag
    assert nag_findings(app, tmp_path) == set()
    template = json.loads((tmp_path / "Test.template.json").read_text())
    resources = template["Resources"].values()

    def of(kind: str) -> list[dict[str, Any]]:
        return [r["Properties"] for r in resources if r["Type"] == kind]

    # THEN each value is the one meant: 512 MiB and 30 s from JSON's floats, the worker off
    # ("false" is not taken as true), 5 from the environment's " 5\n"
    worker = next(f for f in of("AWS::Lambda::Function") if f.get("Timeout") == 30)
    assert worker["MemorySize"] == 512
    (mapping,) = of("AWS::Lambda::EventSourceMapping")
    assert mapping["Enabled"] is False
    assert mapping["BatchSize"] == 10
    assert mapping["ScalingConfig"] == {"MaximumConcurrency": 5}
    assert {g["RetentionInDays"] for g in of("AWS::Logs::LogGroup")} == {7}
    (schedule,) = of("AWS::Scheduler::Schedule")
    assert schedule["ScheduleExpression"] == "rate(1 hour)"
    assert schedule["Target"]["RetryPolicy"] == {
        "MaximumEventAgeInSeconds": 1800,
        "MaximumRetryAttempts": 2,
    }
    (stage,) = of("AWS::ApiGatewayV2::Stage")
    assert stage["DefaultRouteSettings"]["ThrottlingRateLimit"] == 10.5
    assert stage["DefaultRouteSettings"]["ThrottlingBurstLimit"] == 20
    (api,) = of("AWS::ApiGatewayV2::Api")
    assert api["CorsConfiguration"]["AllowOrigins"] == [
        "https://a.example.com",
        "https://b.example.com",
    ]
    (group,) = of("AWS::CodeDeploy::DeploymentGroup")
    assert group["DeploymentConfigName"] == "CodeDeployDefault.LambdaCanary10Percent5Minutes"
