"""A whole deploy-time list (a CommaDelimitedList parameter's value_as_list, Fn::Split of an
import) where a list of items goes: named as the prop, 'a deploy-time list', or carried
into the template; and a Handler shared by several routes warns of its environment once."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_events as events
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    ConstructError,
    CorsPolicy,
    EventHandler,
    GlobalIndex,
    LocalIndex,
    Network,
    QueueWorker,
    Route,
    ServerlessApi,
    StaticSite,
    TableOptions,
)
from tests.support import SITE, echo_handler, new_stack, warnings_of

ENVIRONMENT_SIZE = "constructs_lib:environmentSizeEstimate"


_OPEN = ApiAuth.none(reason="a public test API")


# --- a Handler shared by several routes: its environment's size estimate warns once -------


def test_a_handler_shared_by_three_routes_warns_of_its_size_estimate_once() -> None:
    # GIVEN one Handler whose 60 imported values are over 4 KB only by the estimate
    stack = new_stack()
    environment = {f"VALUE_{i:02}": cdk.Fn.import_value(f"Shared{i}") for i in range(60)}
    shared = echo_handler(environment=environment)
    # WHEN three routes share it
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": shared, "GET /b": shared, "POST /c": shared},
        auth=_OPEN,
    )
    # THEN one warning, naming the first route
    (warning,) = warnings_of(stack, ENVIRONMENT_SIZE)
    assert warning.startswith("routes['GET /a'].environment is ")
    assert "60 deploy-time values" in warning


def test_separate_handlers_each_warn() -> None:
    stack = new_stack()
    environment = {f"VALUE_{i:02}": cdk.Fn.import_value(f"Shared{i}") for i in range(60)}
    ServerlessApi(
        stack,
        "Api",
        routes={
            "GET /a": echo_handler(environment=environment),
            "GET /b": echo_handler(environment=environment),
        },
        auth=_OPEN,
    )
    assert len(warnings_of(stack, ENVIRONMENT_SIZE)) == 2


# --- a whole deploy-time list where a list of items goes ----------------------------------

#: Each way to write a whole list known only at deploy: (how its CloudFormation reads in a
#: message, in the template).
LISTS: dict[str, tuple[Callable[[cdk.Stack], list[str]], str, str]] = {
    "parameter": (
        lambda stack: cdk.CfnParameter(stack, "P", type="CommaDelimitedList").value_as_list,
        "a deploy-time list (Ref P)",
        '{"Ref": "P"}',
    ),
    "split import": (
        lambda stack: cdk.Fn.split(",", cdk.Fn.import_value("Shared")),
        'a deploy-time list (Fn::Split "," (Fn::ImportValue "Shared"))',
        '{"Fn::Split": [",", {"Fn::ImportValue": "Shared"}]}',
    ),
}
WHY = (
    "a deploy-time list holds text known only at deploy, and the library builds from each "
    "item at synth"
)
Build = Callable[[cdk.Stack, list[str]], object]


def _api(stack: cdk.Stack, **props: Any) -> ServerlessApi:
    props.setdefault("routes", {"GET /a": echo_handler()})
    props.setdefault("auth", _OPEN)
    return ServerlessApi(stack, "Api", **props)


def _index_table(kind: str, projection: dynamodb.ProjectionType, names: list[str]) -> TableOptions:
    if kind == "global":
        index = GlobalIndex(
            "ByX", partition_key="x", projection=projection, non_key_attributes=names
        )
        return TableOptions(global_secondary_indexes=[index])
    local = LocalIndex("ByY", sort_key="y", projection=projection, non_key_attributes=names)
    return TableOptions(sort_key="sk", local_secondary_indexes=[local])


#: (prop as named, what it must be (None: a rule of its own says why), the fix's start, build)
REFUSED: list[tuple[str, str | None, str, Build]] = [
    (
        "sources",
        "it must be a list of BucketEvents",
        "pass a list of BucketEvents",
        lambda s, items: QueueWorker(s, "W", handler=echo_handler(), sources=items),
    ),
    (
        "handler.links",
        "it must be a list of links",
        "pass a list of a QueueWorker, a ServerlessApi with a table",
        lambda s, items: QueueWorker(s, "W", handler=echo_handler(links=items)),
    ),
    (
        "function_security_groups",
        "it must be a list of aws_ec2.ISecurityGroup",
        "pass a list of aws_ec2.ISecurityGroup",
        lambda s, items: Network(
            s, "N", existing_vpc=ec2.Vpc(s, "Vpc"), function_security_groups=items
        ),
    ),
    (
        "table.global_secondary_indexes",
        "it must be a list of GlobalIndex",
        "pass a list of GlobalIndex",
        lambda s, items: _api(s, table=TableOptions(global_secondary_indexes=items)),
    ),
    (
        "table.local_secondary_indexes",
        "it must be a list of LocalIndex",
        "pass a list of LocalIndex",
        lambda s, items: _api(s, table=TableOptions(sort_key="sk", local_secondary_indexes=items)),
    ),
    (
        "cache_control",
        "it must be a list of aws_s3_deployment.CacheControl",
        "pass a list of aws_s3_deployment.CacheControl",
        lambda s, items: StaticSite(s, "Site", source=SITE, cache_control=items, alarms=False),
    ),
    (
        "auth.clients",
        "it must be a list of user pool clients",
        "pass e.g. [user_pool.add_client('Web')]",
        lambda s, items: _api(s, auth=ApiAuth.cognito(cognito.UserPool(s, "Pool"), clients=items)),
    ),
]


@pytest.mark.parametrize("kind", LISTS)
@pytest.mark.parametrize(
    ("prop", "must", "fix", "build"), REFUSED, ids=[case[0] for case in REFUSED]
)
def test_a_whole_list_where_objects_go_is_named_as_the_prop(
    kind: str, prop: str, must: str, fix: str, build: Build
) -> None:
    # GIVEN a whole deploy-time list where the library builds from each item
    stack = new_stack()
    make, named, _ = LISTS[kind]
    # WHEN it is given
    with pytest.raises(ConstructError) as caught:
        build(stack, make(stack))
    # THEN one problem names the prop itself (not its first item), why and the fix
    (problem,) = caught.value.problems
    assert problem.prop == prop
    assert problem.message == f"is {named}; {must}: {WHY}"
    assert problem.fix.startswith(fix)


def test_a_whole_list_made_a_tuple_is_named_as_the_prop() -> None:
    stack = new_stack()
    groups = tuple(cdk.CfnParameter(stack, "P", type="CommaDelimitedList").value_as_list)
    with pytest.raises(ConstructError) as caught:
        Network(stack, "N", existing_vpc=ec2.Vpc(stack, "Vpc"), function_security_groups=groups)
    (problem,) = caught.value.problems
    assert problem.prop == "function_security_groups"
    assert problem.message == (
        f"is a deploy-time list (Ref P); it must be a list of aws_ec2.ISecurityGroup: {WHY}"
    )


@pytest.mark.parametrize("kind", LISTS)
@pytest.mark.parametrize("index", ["global", "local"])
@pytest.mark.parametrize(
    ("projection", "projected"),
    [
        (dynamodb.ProjectionType.ALL, "ALL takes none (every attribute is projected)"),
        (dynamodb.ProjectionType.KEYS_ONLY, "KEYS_ONLY takes none (only the keys are projected)"),
    ],
)
def test_non_key_attributes_as_a_whole_list_without_include_is_named_as_the_list(
    kind: str, index: str, projection: dynamodb.ProjectionType, projected: str
) -> None:
    # it listed "1 attribute": the encoding, counted as one
    stack = new_stack()
    make, named, _ = LISTS[kind]
    with pytest.raises(ConstructError) as caught:
        _api(stack, table=_index_table(index, projection, make(stack)))
    (problem,) = caught.value.problems
    assert problem.prop == f"table.{index}_secondary_indexes[0].non_key_attributes"
    assert problem.message == f"is {named}, but projection {projected}"
    assert problem.fix.startswith("pass projection=dynamodb.ProjectionType.INCLUDE")


#: Props a whole list goes into the template as it is: (where the template has it, build).
CARRIED: list[tuple[str, Build]] = [
    ("ApiAuth.jwt audiences", lambda s, items: _api(s, auth=ApiAuth.jwt(_ISSUER, items))),
    (
        "Route authorization_scopes",
        lambda s, items: _api(
            s,
            auth=ApiAuth.jwt(_ISSUER, ["orders"]),
            routes={"GET /a": Route(echo_handler(), authorization_scopes=items)},
        ),
    ),
    (
        "CorsPolicy expose_headers",
        lambda s, items: _api(
            s, cors=CorsPolicy(allow_origins=["https://app.example.com"], expose_headers=items)
        ),
    ),
    (
        "GlobalIndex non_key_attributes",
        lambda s, items: _api(
            s, table=_index_table("global", dynamodb.ProjectionType.INCLUDE, items)
        ),
    ),
    (
        "LocalIndex non_key_attributes",
        lambda s, items: _api(
            s, table=_index_table("local", dynamodb.ProjectionType.INCLUDE, items)
        ),
    ),
    (
        "EventPattern source",
        lambda s, items: EventHandler(
            s, "E", handler=echo_handler(), event_pattern=events.EventPattern(source=items)
        ),
    ),
]
_ISSUER = "https://issuer.example.com"


@pytest.mark.parametrize("kind", LISTS)
@pytest.mark.parametrize(("prop", "build"), CARRIED, ids=[case[0] for case in CARRIED])
def test_a_whole_list_of_text_goes_into_the_template(kind: str, prop: str, build: Build) -> None:
    # (these worked before: kept working, each with the list where it goes)
    stack = new_stack()
    make, _, cfn = LISTS[kind]
    build(stack, make(stack))
    template = json.dumps(Template.from_stack(stack).to_json(), separators=(", ", ": "))
    assert cfn in template, prop
