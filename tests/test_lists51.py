"""A whole deploy-time list (a CommaDelimitedList parameter's value_as_list, Fn::Split of an
import) where a list of items goes: named as the prop, 'a deploy-time list', or carried
into the template; and a Handler shared by several routes warns of its environment once."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk.assertions import Annotations, Match

from constructs_lib import ApiAuth, ServerlessApi
from tests.support import echo_handler, new_stack

ENVIRONMENT_SIZE = "constructs_lib:environmentSizeEstimate"


def warnings(stack: cdk.Stack, warning: str) -> list[str]:
    found = Annotations.from_stack(stack).find_warning(
        "*", Match.string_like_regexp(f".*{warning}.*")
    )
    return [str(entry.entry.data) for entry in found]


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
    (warning,) = warnings(stack, ENVIRONMENT_SIZE)
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
    assert len(warnings(stack, ENVIRONMENT_SIZE)) == 2
