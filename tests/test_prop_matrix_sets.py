"""Every list prop (annotated ``Sequence[...]``) of every public construct and value object
given a set: a set's order is not the same in every run (strings are hashed with a random
seed per process), so a set taken as a list would write its items in another order in each
synth, and a snapshot test of the template would fail at random. Each must be a
ConstructError naming the prop and asking for a list, never a template. The props are read
from the signatures, so a list prop added later is covered the day it is added (and fails
here until its items are listed in ``ITEMS``). Proves (papercuts49): no list prop takes a
set; a generator is taken in its order (sweep25), which is the same in every run."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    BucketEvents,
    ConstructError,
    CorsPolicy,
    GlobalIndex,
    Handler,
    LocalIndex,
    ServerlessApi,
)
from tests.support import ECHO, new_stack
from tests.test_prop_matrix import TARGETS, _keywords

pytestmark = pytest.mark.slow


def _strings(*values: str) -> Callable[[cdk.Stack], list[Any]]:
    return lambda stack: list(values)


#: Two items each list prop takes, by (what, prop); a str: why it is not tried.
ITEMS: dict[tuple[str, str], Callable[[cdk.Stack], list[Any]] | str] = {
    ("QueueWorker", "sources"): lambda s: [
        BucketEvents(s3.Bucket(s, "Up1")),
        BucketEvents(s3.Bucket(s, "Up2")),
    ],
    ("StaticSite", "api_origins"): _strings("https://a.example.com", "https://b.example.com"),
    ("StaticSite", "cache_control"): lambda s: [
        s3deploy.CacheControl.no_cache(),
        s3deploy.CacheControl.max_age(cdk.Duration.days(1)),
    ],
    ("StreamWorker", "filters"): "dicts: a set cannot hold them",
    ("Network", "interface_endpoint_accounts"): _strings("111111111111", "222222222222"),
    ("Network", "function_security_groups"): lambda s: [
        ec2.SecurityGroup.from_security_group_id(s, f"Platform{n}", f"sg-0{n}") for n in (1, 2)
    ],
    ("Handler", "endpoints"): _strings("sns", "ssm"),
    ("Handler", "links"): lambda s: [sqs.Queue(s, "Q1"), sqs.Queue(s, "Q2")],
    ("Handler", "cmd"): "only an image takes cmd: Handler.from_image's is tried",
    ("Handler", "include"): _strings(str(ECHO.parent / "a"), str(ECHO.parent / "b")),
    ("Handler.from_image", "cmd"): _strings("app.handler", "app.other"),
    ("Handler.from_image", "endpoints"): _strings("sns", "ssm"),
    ("Handler.from_image", "links"): lambda s: [sqs.Queue(s, "Q1"), sqs.Queue(s, "Q2")],
    ("ApiAuth.jwt", "audiences"): _strings("a", "b"),
    ("ApiAuth.function", "identity_source"): _strings("$request.header.A", "$request.header.B"),
    ("Route", "authorization_scopes"): _strings("read", "write"),
    ("CorsPolicy", "allow_origins"): _strings("https://a.example.com", "https://b.example.com"),
    ("CorsPolicy", "allow_methods"): _strings("GET", "POST"),
    ("CorsPolicy", "allow_headers"): _strings("x-a", "x-b"),
    ("CorsPolicy", "expose_headers"): _strings("x-a", "x-b"),
    ("TableOptions", "global_secondary_indexes"): lambda s: [
        GlobalIndex(name="byA", partition_key="a"),
        GlobalIndex(name="byB", partition_key="b"),
    ],
    ("TableOptions", "local_secondary_indexes"): lambda s: [
        LocalIndex(name="byA", sort_key="a"),
        LocalIndex(name="byB", sort_key="b"),
    ],
    ("GlobalIndex", "non_key_attributes"): _strings("a", "b"),
    ("BucketEvents", "events"): lambda s: [
        s3.EventType.OBJECT_CREATED,
        s3.EventType.OBJECT_REMOVED,
    ],
}


#: Other props a list prop needs besides the callable's own, by (what, prop).
NEEDS: dict[tuple[str, str], Callable[[cdk.Stack], dict[str, Any]]] = {
    ("Network", "function_security_groups"): lambda s: {"existing_vpc": _platform_vpc(s)},
}


def _platform_vpc(stack: cdk.Stack) -> ec2.IVpc:
    found = stack.node.try_find_child("PlatformVpc")
    return found if isinstance(found, ec2.Vpc) else ec2.Vpc(stack, "PlatformVpc")


def _list_props() -> list[tuple[str, str, Callable[..., Any], Any]]:
    """(what, prop, the callable's other props, how it is built) of every list prop."""
    found = []
    for what, call, others, build in TARGETS:
        signature = inspect.signature(call)
        for prop in _keywords(call):
            annotation = signature.parameters[prop].annotation
            text = annotation if isinstance(annotation, str) else repr(annotation)
            if re.search(r"\b(Sequence|list|tuple)\[", text):
                found.append((what, prop, others, build))
    return found


LIST_PROPS = _list_props()


def test_every_list_prop_has_its_items_listed() -> None:
    listed = {(what, prop) for what, prop, *_ in LIST_PROPS}
    assert listed == set(ITEMS), "add the items of a new list prop to ITEMS"


@pytest.mark.parametrize(
    ("what", "prop", "others", "build"), LIST_PROPS, ids=[f"{t[0]}.{t[1]}" for t in LIST_PROPS]
)
def test_a_set_for_a_list_prop_is_a_construct_error_asking_for_a_list(
    what: str, prop: str, others: Callable[[cdk.Stack], dict[str, Any]], build: Any
) -> None:
    items = ITEMS[(what, prop)]
    if isinstance(items, str):
        pytest.skip(items)
    # GIVEN a set of two items the prop takes as a list
    stack = new_stack()
    needs = NEEDS.get((what, prop), lambda s: {})(stack)
    props = {**others(stack), **needs, prop: set(items(stack))}
    # WHEN the construct is built THEN it is a ConstructError naming the prop, asking for a
    # list (never a template whose order changes from one run to the next)
    with pytest.raises(ConstructError) as raised:
        build(stack, props)
    field = {"directory": "code"}.get(prop, prop)
    named = [
        line
        for line in str(raised.value).splitlines()
        if re.search(rf"`[^`]*\b{field}`", line) and "list" in line
    ]
    assert named, str(raised.value)


def test_a_set_of_route_keys_to_link_is_a_construct_error() -> None:
    # ServerlessApi.link(..., routes=...) is a method: not in TARGETS
    stack = new_stack()
    routes = {"GET /a": Handler(code=ECHO), "GET /b": Handler(code=ECHO, entry="app.other")}
    api = ServerlessApi(stack, "Api", routes=routes, auth=ApiAuth.iam())
    with pytest.raises(ConstructError) as raised:
        api.link(sqs.Queue(stack, "Jobs"), routes={"GET /a", "GET /b"})
    assert "`routes` is {" in str(raised.value)
    assert "not a list of this API's route keys" in str(raised.value)


def test_a_generator_is_taken_in_its_order() -> None:
    # GIVEN the same origins as a list and as a generator (read once, in a fixed order)
    origins = ["https://b.example.com", "https://a.example.com"]
    templates = []
    for given in (list(origins), (origin for origin in origins)):
        stack = new_stack()
        ServerlessApi(
            stack,
            "Api",
            routes={"GET /a": Handler(code=ECHO)},
            auth=ApiAuth.iam(),
            cors=CorsPolicy(allow_origins=given),  # type: ignore[arg-type]
        )
        templates.append(Template.from_stack(stack).find_resources("AWS::ApiGatewayV2::Api"))
    # THEN both templates are the one template, the origins in the order given
    assert templates[0] == templates[1]
    (api,) = templates[0].values()
    assert api["Properties"]["CorsConfiguration"]["AllowOrigins"] == origins
