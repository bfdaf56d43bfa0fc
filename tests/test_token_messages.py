"""A deploy-time value (a CDK token) in a message is named by what it is: its
CloudFormation, resolved in the construct's stack, never its encoding."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_ssm as ssm

from constructs_lib import (
    ApiAuth,
    ConstructError,
    CorsPolicy,
    FunctionDefaults,
    Handler,
    Link,
    Monitoring,
    Network,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
    StaticSite,
    acknowledge,
    security_headers,
)
from constructs_lib._token_text import LogicalNames, compact, unnamed
from tests.support import ECHO, SITE, new_stack

H = Handler(code=ECHO)

#: What a message shows of a token when it shows its encoding.
_ENCODINGS = re.compile(r"\$\{Token\[|#\{Token\[|e\+28\d|e\+29\d")


def _stage(s: cdk.Stack) -> str:
    return cdk.CfnParameter(s, "Stage").value_as_string


def _number(s: cdk.Stack, name: str) -> Any:
    return cdk.CfnParameter(s, name, type="Number").value_as_number


def _origins(s: cdk.Stack) -> Any:
    return cdk.CfnParameter(s, "Origins", type="CommaDelimitedList").value_as_list


@jsii.implements(cdk.IStringProducer)
class _Producer:
    def produce(self, context: cdk.IResolveContext) -> str:
        return "index.html"


def _cors_api(s: cdk.Stack, origins: Any) -> ServerlessApi:
    cors = CorsPolicy(allow_origins=origins)
    auth = ApiAuth.jwt("https://issuer.example.com/", ["api"])
    return ServerlessApi(s, "X", routes={"GET /a": H}, auth=auth, cors=cors)


def _site_with_api(s: cdk.Stack, api_path: Any) -> StaticSite:
    auth = ApiAuth.jwt("https://i.example.com/", ["a"])
    api = ServerlessApi(s, "Api", routes={"GET /api/a": H}, auth=auth)
    return StaticSite(s, "X", source=SITE, api=api, api_path=api_path)


def _assign_role(s: cdk.Stack) -> None:
    worker = QueueWorker(s, "X", handler=H)
    worker.function_role = _stage(s)  # type: ignore[assignment]


# (prop, what the message names the value, build)
CASES: dict[str, tuple[str, str, Callable[[cdk.Stack], Any]]] = {
    "string parameter as a variable name": (
        "handler.environment",
        "is a deploy-time value (Ref Stage); it must be known at synth",
        lambda s: QueueWorker(s, "X", handler=Handler(code=ECHO, environment={_stage(s): "v"})),
    ),
    "number parameter as retry attempts": (
        "retry_attempts",
        "is a deploy-time value (Ref Retries); it must be known at synth",
        lambda s: ScheduledJob(
            s, "X", handler=H, schedule="rate(1 hour)", retry_attempts=_number(s, "Retries")
        ),
    ),
    "list parameter as CORS origins": (
        "cors.allow_origins",
        "is a deploy-time list (Ref Origins); it must be known at synth",
        lambda s: _cors_api(s, _origins(s)),
    ),
    "f-string as a route key": (
        "routes",
        'has a key that is a string with a deploy-time value ("GET /{Ref Stage}"); it must',
        lambda s: ServerlessApi(s, "X", routes={f"GET /{_stage(s)}": H}, auth=ApiAuth.iam()),
    ),
    "import_value as the site's source": (
        "source",
        'is a deploy-time value (Fn::ImportValue "SiteDirectory"); it must be known at synth',
        lambda s: StaticSite(s, "X", source=cdk.Fn.import_value("SiteDirectory")),
    ),
    "SSM parameter as the api path": (
        "api_path",
        "is a deploy-time value (the SSM parameter /app/api-path); it must be known at synth",
        lambda s: _site_with_api(
            s, ssm.StringParameter.value_for_string_parameter(s, "/app/api-path")
        ),
    ),
    "GetAtt where the bucket is wanted": (
        "existing_bucket",
        # Proves (token messages): a resource is named by its construct path, not the
        # hashed logical ID Uploads4F6EB0FD
        "is a deploy-time value (Fn::GetAtt Test/Uploads.Arn); it must be an aws_s3.IBucket",
        lambda s: StaticSite(
            s, "X", source=SITE, existing_bucket=s3.Bucket(s, "Uploads").bucket_arn
        ),
    ),
    "Lazy as the root object": (
        "default_root_object",
        "is a deploy-time value (a Lazy value, resolved at synth); it must be known at synth",
        lambda s: StaticSite(s, "X", source=SITE, default_root_object=cdk.Lazy.string(_Producer())),
    ),
    "imported number as AZs": (
        "max_azs",
        'is a deploy-time value (Fn::ImportValue "Azs"); it must be known at synth',
        lambda s: Network(s, "X", max_azs=cdk.Token.as_number(cdk.Fn.import_value("Azs"))),
    ),
    "pseudo parameter in a link's variable": (
        "handler.links[0]",
        'has env=a string with a deploy-time value ("{Ref AWS::Region}_FILES"); it must',
        lambda s: QueueWorker(
            s,
            "X",
            handler=Handler(
                code=ECHO, links=[Link.read(s3.Bucket(s, "B"), env=f"{cdk.Aws.REGION}_FILES")]
            ),
        ),
    ),
    "split import as endpoint accounts": (
        "interface_endpoint_accounts",
        'is a deploy-time list (Fn::Split "," (Fn::ImportValue "Accounts")); it must',
        lambda s: Network(
            s, "X", interface_endpoint_accounts=cdk.Fn.split(",", cdk.Fn.import_value("Accounts"))
        ),
    ),
    "SSM parameter as a default's memory": (
        "FunctionDefaults.memory_mib",
        "is a deploy-time value (the SSM parameter /app/memory); it must be a whole number",
        lambda s: FunctionDefaults.of(s).set(
            memory_mib=ssm.StringParameter.value_for_string_parameter(s, "/app/memory")
        ),
    ),
    "number parameter as a job's reserved concurrency": (
        "handler.reserved_concurrency",
        "is a deploy-time value (Ref Concurrency); it must be known at synth",
        lambda s: ScheduledJob(
            s,
            "X",
            handler=Handler(code=ECHO, reserved_concurrency=_number(s, "Concurrency")),
            schedule="rate(1 hour)",
        ),
    ),
    "f-string as a dashboard title": (
        "title",
        'is a string with a deploy-time value ("Orders {Ref Stage}"); it is the section',
        lambda s: Monitoring.of(s).add_section(f"Orders {_stage(s)}", []),
    ),
    "import_value as an acknowledgement's reason": (
        "reason",
        'is a deploy-time value (Fn::ImportValue "Why"); it must be known at synth',
        lambda s: acknowledge(s3.Bucket(s, "B"), "AwsSolutions-S1", cdk.Fn.import_value("Why")),
    ),
    "string parameter as an endpoint's service": (
        "service",
        "is a deploy-time value (Ref Stage), not a known service",
        lambda s: Network(s, "X").endpoint(_stage(s)),
    ),
    "string parameter assigned to a worker's role": (
        "function_role",
        "is assigned a deploy-time value (Ref Stage), but it is what the construct built",
        _assign_role,
    ),
    "no stack at hand: security headers' origins": (
        "api_origins",
        "is a deploy-time list; it must be known at synth",
        lambda s: security_headers(api_origins=_origins(s)),
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_deploy_time_value_is_named_by_what_it_is(case: str) -> None:
    # Proves (token messages): each message quoted the token's encoding, which names nothing
    # the user wrote ("(the token '${Token[TOKEN.16]}')", "(the token -1.888e+289)", "(the
    # token ['#{Token[TOKEN.1]}'])", "'GET /${Token[TOKEN.16]}'"); it names the parameter,
    # import, SSM parameter, attribute, f-string or Lazy, resolved in the construct's stack
    prop, named, build = CASES[case]
    with pytest.raises(ConstructError) as raised:
        build(new_stack())
    message = str(raised.value)
    assert f"`{prop}` {named}" in message, message
    assert not _ENCODINGS.search(message), message
    assert not any(_ENCODINGS.search(p.message + p.fix) for p in raised.value.problems)


def test_a_plain_value_reads_as_before() -> None:
    # a plain value that looks like neither an encoding nor a token double stays as written
    with pytest.raises(ConstructError) as raised:
        Network(new_stack(), "X", max_azs=-1.5e300)
    assert "`max_azs` is -1.5e+300, a float; it must be a whole number" in str(raised.value)


# --- the pure renderer: without a stack, and CloudFormation written compactly


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("is '${Token[TOKEN.16]}'; it", "is a deploy-time value; it"),
        ("is ['#{Token[TOKEN.1]}']; it", "is a deploy-time list; it"),
        ("is -1.8881545897087626e+289; it", "is a deploy-time value; it"),
        ("is 'orders-${Token[TOKEN.3]}'; it", "is a string with a deploy-time value; it"),
        (
            "the site's URL https://${Token[TOKEN.7]}.example.com.",
            "the site's URL a string with a deploy-time value.",
        ),
        ("is 'it''s', 1.5e+289 and 3", "is 'it''s', 1.5e+289 and 3"),
    ],
)
def test_without_a_stack_a_token_is_a_deploy_time_value(text: str, expected: str) -> None:
    # Proves (token messages): Problem's safety net, where no stack is at hand
    assert unnamed(text) == expected


@pytest.mark.parametrize(
    ("cfn", "expected"),
    [
        ({"Ref": "Stage"}, "Ref Stage"),
        ({"Fn::GetAtt": ["Uploads4F6EB0FD", "Arn"]}, "Fn::GetAtt Uploads4F6EB0FD.Arn"),
        ({"Fn::ImportValue": "Shared"}, 'Fn::ImportValue "Shared"'),
        ({"Fn::Join": ["", ["orders-", {"Ref": "Stage"}]]}, '"orders-{Ref Stage}"'),
        ({"Fn::Join": [",", ["a", {"Ref": "B"}]]}, 'Fn::Join "," ["a", Ref B]'),
        (
            {"Fn::Split": [",", {"Fn::ImportValue": "L"}]},
            'Fn::Split "," (Fn::ImportValue "L")',
        ),
        ({"a": 1, "b": [2]}, '{"a": 1, "b": [2]}'),
    ],
)
def test_cloudformation_is_written_compactly(cfn: Any, expected: str) -> None:
    assert compact(cfn) == expected


def test_logical_ids_are_named_by_what_they_stand_for() -> None:
    names = LogicalNames(
        ssm={"SsmParameterValueappname": "the SSM parameter /app/name"},
        paths={"Uploads4F6EB0FD": "Test/Uploads"},
    )
    cfn = {
        "Fn::Join": [
            "",
            [{"Ref": "SsmParameterValueappname"}, "-", {"Fn::GetAtt": ["Uploads4F6EB0FD", "Arn"]}],
        ]
    }
    assert compact(cfn, names) == '"{the SSM parameter /app/name}-{Fn::GetAtt Test/Uploads.Arn}"'
    assert compact({"Ref": "Uploads4F6EB0FD"}, names) == "Ref Test/Uploads"
    assert compact({"Ref": "Stage"}, names) == "Ref Stage"  # a parameter: its own name
