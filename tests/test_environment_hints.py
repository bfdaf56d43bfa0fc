"""A resource refused for its environment (another region or account than the
construct's) and created in a stack without an env beside one with it: the fix also names
the env both stacks need, which is what such an app usually means (it said only "pass a
table of this stack's region and account"). Two known environments are told as before."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events

from constructs_lib import (
    ConstructError,
    EventHandler,
    Handler,
    Network,
    QueueWorker,
    ServerlessApi,
)
from tests.support import ECHO
from tests.test_stack_references import EU, JWT, REGION_ONLY, US, Build, _security_group, _stacks

ENV_FIX = (
    "if both stacks deploy to one account and region, give There and Here the same "
    "env=cdk.Environment(account=..., region=...)"
)


def _table(scope: cdk.Stack) -> dynamodb.TableV2:
    key = dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING)
    return dynamodb.TableV2(scope, "Orders", partition_key=key)


REFUSED: dict[str, tuple[str, Build]] = {
    "existing_table": (
        "existing_table",
        lambda t, h: ServerlessApi(
            h, "Api", routes={"GET /a": Handler(code=ECHO)}, auth=JWT, existing_table=_table(t)
        ),
    ),
    "link": (
        "handler.links[0]",
        lambda t, h: QueueWorker(h, "W", handler=Handler(code=ECHO, links=[_table(t)])),
    ),
    "network": (
        "network",
        lambda t, h: QueueWorker(h, "W", handler=Handler(code=ECHO), network=Network(t, "Net")),
    ),
    "event_bus": (
        "event_bus",
        lambda t, h: EventHandler(
            h,
            "E",
            handler=Handler(code=ECHO),
            event_pattern={"source": ["orders"]},
            event_bus=events.EventBus(t, "Bus"),
        ),
    ),
    "security group": ("function_security_groups[0]", _security_group),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
@pytest.mark.parametrize(
    "envs",
    [(None, US), (US, None), (REGION_ONLY, US)],
    ids=["agnostic there", "agnostic here", "no account"],
)
def test_the_fix_for_a_resource_of_a_stack_without_an_env_names_the_env(
    case: str, envs: tuple[cdk.Environment | None, cdk.Environment | None]
) -> None:
    prop, build = REFUSED[case]
    with pytest.raises(ConstructError) as raised:
        build(*_stacks(*envs))
    (problem,) = [p for p in raised.value.problems if p.prop == prop]
    assert problem.fix.endswith(ENV_FIX), problem.fix


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_the_fix_for_a_resource_of_another_known_region_names_no_env(case: str) -> None:
    # both envs known: moving the resource is the fix, an env would change nothing
    prop, build = REFUSED[case]
    with pytest.raises(ConstructError) as raised:
        build(*_stacks(EU, US))
    (problem,) = [p for p in raised.value.problems if p.prop == prop]
    assert "same env=" not in problem.fix
