"""Every validation rule, asserted by its message; all problems are reported at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb

from constructs_lib import (
    ApiAuth,
    ConstructError,
    CorsPolicy,
    Handler,
    Route,
    ServerlessApi,
    TableOptions,
    Throttle,
)
from tests.conftest import new_app

ECHO = Path(__file__).parent / "fixtures" / "handlers" / "echo"
OK = Handler(code=ECHO)


def _api(**overrides: Any) -> ServerlessApi:
    stack = cdk.Stack(new_app(), "Test")
    props: dict[str, Any] = {"routes": {"GET /a": OK}, "auth": ApiAuth.iam(), **overrides}
    if props.get("existing_table") == "make":
        props["existing_table"] = dynamodb.Table.from_table_name(stack, "T", "t")
    return ServerlessApi(stack, "Api", **props)


CASES = [
    ("empty routes", {"routes": {}}, r"Test/Api: `routes` is empty"),
    ("bad method", {"routes": {"FETCH /a": OK}}, r"`routes\['FETCH /a'\]` must be 'METHOD /path'"),
    ("no slash", {"routes": {"GET a": OK}}, r"has a path that must start with '/'"),
    ("trailing slash", {"routes": {"GET /a/": OK}}, r"not end with '/'"),
    ("bad segment", {"routes": {"GET /a b": OK}}, r"invalid path segment 'a b'"),
    ("repeated param", {"routes": {"GET /{id}/{id}": OK}}, r"repeats the path parameter \{id\}"),
    ("greedy first", {"routes": {"GET /{p+}/x": OK}}, r"greedy parameter \{name\+\} that is not"),
    (
        "options behind auth",
        {"routes": {"OPTIONS /a": OK}},
        r"would put CORS preflight behind the authorizer.*pass cors=CorsPolicy",
    ),
    ("not a handler", {"routes": {"GET /a": "app.handler"}}, r"`routes\['GET /a'\]` is a str"),
    (
        "code not a dir",
        {"routes": {"GET /a": Handler(code="no/such/dir")}},
        r"`routes\['GET /a'\].code` is 'no/such/dir', which is not a directory",
    ),
    (
        "entry format",
        {"routes": {"GET /a": Handler(code=ECHO, entry="handler")}},
        r"`routes\['GET /a'\].entry` is 'handler'; it must be 'module.function'",
    ),
    (
        "entry module missing",
        {"routes": {"GET /a": Handler(code=ECHO, entry="nope.handler")}},
        r"names module 'nope', but .*nope.py does not exist",
    ),
    (
        "memory",
        {"routes": {"GET /a": Handler(code=ECHO, memory_mib=64)}},
        r"`routes\['GET /a'\].memory_mib` is 64 MiB; it must be between 128 and 10240 MiB",
    ),
    (
        "timeout",
        {"routes": {"GET /a": Handler(code=ECHO, timeout=cdk.Duration.minutes(16))}},
        r"\.timeout` is 960 seconds; it must be between 1 and 900 seconds",
    ),
    (
        "reserved concurrency",
        {"routes": {"GET /a": Handler(code=ECHO, reserved_concurrency=-1)}},
        r"\.reserved_concurrency` is -1; it must be between 0 and 10000",
    ),
    (
        "env name",
        {"routes": {"GET /a": Handler(code=ECHO, environment={"1BAD": "x"})}},
        r"\.environment` has the invalid variable name '1BAD'",
    ),
    (
        "env reserved",
        {"routes": {"GET /a": Handler(code=ECHO, environment={"AWS_REGION": "x"})}},
        r"sets 'AWS_REGION', which the Lambda runtime reserves",
    ),
    (
        "handler name",
        {"routes": {"GET /a": Handler(code=ECHO, name="my-fn")}},
        r"\.name` is 'my-fn'; it must be alphanumeric",
    ),
    (
        "two handlers one name",
        {"routes": {"GET /a": OK, "POST /a": Handler(code=ECHO, memory_mib=512)}},
        r"gives function name 'Handler' to two different handlers.*Handler\(name=",
    ),
    (
        "scopes without jwt",
        {"routes": {"GET /a": Route(OK, authorization_scopes=["read"])}},
        r"\.authorization_scopes` needs JWT or Cognito auth, but auth is 'iam'",
    ),
    (
        "table access type",
        {"routes": {"GET /a": Route(OK, table_access="read")}},
        r"is not a TableAccess",
    ),
    ("auth type", {"auth": None}, r"`auth` is None.*ApiAuth.none\(reason=...\)"),
    (
        "jwt issuer",
        {"auth": ApiAuth.jwt("http://issuer", ["a"])},
        r"`auth.issuer` is 'http://issuer'; a JWT issuer must be an https:// URL",
    ),
    ("jwt audiences", {"auth": ApiAuth.jwt("https://i/", [])}, r"`auth.audiences` is empty"),
    (
        "public without reason",
        {"auth": ApiAuth.none(reason=" ")},
        r"ApiAuth.none\(\) without a reason",
    ),
    (
        "table twice",
        {"table": TableOptions(), "existing_table": "make"},
        r"`table` and `existing_table` are both set",
    ),
    ("partition key", {"table": TableOptions(partition_key="")}, r"`table.partition_key` is empty"),
    (
        "sort key",
        {"table": TableOptions(partition_key="k", sort_key="k")},
        r"`table.sort_key` equals the partition key",
    ),
    (
        "cors origins empty",
        {"cors": CorsPolicy(allow_origins=[])},
        r"`cors.allow_origins` is empty",
    ),
    (
        "cors origin",
        {"cors": CorsPolicy(allow_origins=["https://a.com/"])},
        r"has 'https://a.com/', which is not an origin",
    ),
    (
        "cors credentials",
        {"cors": CorsPolicy(allow_origins=["*"], allow_credentials=True)},
        r"`cors.allow_credentials` is True with allow_origins '\*'",
    ),
    (
        "cors method",
        {"cors": CorsPolicy(allow_origins=["*"], allow_methods=["get"])},
        r"`cors.allow_methods` has 'get'",
    ),
    (
        "throttle rate",
        {"throttling": Throttle(rate=0)},
        r"`throttling.rate` is 0 requests/second; it must be between 1 and 10000",
    ),
    (
        "throttle burst",
        {"throttling": Throttle(burst=10_000)},
        r"`throttling.burst` is 10000 requests; it must be between 1 and 5000",
    ),
]


@pytest.mark.parametrize(("props", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(props: dict[str, Any], message: str) -> None:
    with pytest.raises(ConstructError, match=message):
        _api(**props)


def test_every_problem_is_reported_at_once_with_path_prop_and_fix() -> None:
    with pytest.raises(ConstructError) as info:
        _api(
            routes={"FETCH /a": OK, "GET /b": Handler(code=ECHO, memory_mib=1)},
            auth=ApiAuth.none(reason=""),
            throttling=Throttle(rate=0),
        )
    error = info.value
    assert isinstance(error, ValueError)
    assert [p.prop for p in error.problems] == [
        "routes['FETCH /a']",
        "routes['GET /b'].memory_mib",
        "auth",
        "throttling.rate",
    ]
    assert str(error).startswith("4 invalid props:")
    assert all(p.path == "Test/Api" and p.fix for p in error.problems)


def test_unresolved_tokens_are_not_validated() -> None:
    stack = cdk.Stack(new_app(), "Test")
    memory = cdk.CfnParameter(stack, "Memory", type="Number").value_as_number
    issuer = cdk.CfnParameter(stack, "Issuer").value_as_string
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": Handler(code=ECHO, memory_mib=memory)},  # type: ignore[arg-type]
        auth=ApiAuth.jwt(issuer, ["aud"]),
    )
