"""A SAM property passed as a prop (``policies=``, ``input=``, SAM's ``CodeUri=``) is a
ConstructError whose fix names the library's way to say it."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any

import pytest

from constructs_lib import (
    ConstructError,
    EventHandler,
    FunctionDefaults,
    Handler,
    QueueWorker,
    ScheduledJob,
    StreamWorker,
    _sam_props,
)
from tests.support import ECHO, echo_handler, new_stack

# Proves (migrate44): each of these listed every prop of the construct and named none
# (the README's SAM section promises the prop to use)
CASES: dict[str, tuple[Callable[[Any], object], str, str, str]] = {
    "policies": (
        lambda s: Handler(code=ECHO, policies=[{"DynamoDBCrudPolicy": {"TableName": "t"}}]),
        "Handler",
        "policies",
        "links=[table, Link.read(bucket), Link.to(secret), worker]",
    ),
    "SAM's own spelling": (
        lambda s: Handler(code=ECHO, CodeUri="src/"),
        "Handler",
        "CodeUri",
        "pass code='src'",
    ),
    "SAM's spelling of a Solutions Constructs prop": (
        lambda s: Handler(code=ECHO, Handler="app.handler"),
        "Handler",
        "Handler",
        "pass entry='module.function'",
    ),
    "SAM's layers": (
        lambda s: Handler(code=ECHO, Layers=[]),
        "Handler",
        "Layers",
        "`worker.function.add_layers(layer)`",
    ),
    "tracing in the defaults": (
        lambda s: FunctionDefaults.of(s).set(tracing="Active"),
        "FunctionDefaults.set",
        "tracing",
        "always active",
    ),
    "a schedule's input": (
        lambda s: ScheduledJob(
            s, "Job", handler=echo_handler(), schedule="rate(1 day)", input='{"a": 1}'
        ),
        "Test/Job",
        "input",
        "pass payload={...}",
    ),
    "an sqs event's response types": (
        lambda s: QueueWorker(
            s,
            "Worker",
            handler=echo_handler(),
            function_response_types=["ReportBatchItemFailures"],
        ),
        "Test/Worker",
        "function_response_types",
        "return process_batch(event, handle)",
    ),
    "a stream event's retries": (
        lambda s: StreamWorker(s, "Changes", handler=echo_handler(), maximum_retry_attempts=5),
        "Test/Changes",
        "maximum_retry_attempts",
        "pass retry_attempts=",
    ),
    "a rule event's pattern": (
        lambda s: EventHandler(s, "Events", handler=echo_handler(), pattern={"source": ["a"]}),
        "Test/Events",
        "pattern",
        "pass event_pattern=",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_sam_property_is_told_the_prop_to_use(case: str) -> None:
    call, path, prop, fix = CASES[case]
    with pytest.raises(ConstructError) as raised:
        call(new_stack())
    problems = {(p.path, p.prop): p for p in raised.value.problems}
    assert (path, prop) in problems, raised.value
    assert fix in problems[(path, prop)].fix


_OWNERS: dict[str, Callable[..., Any]] = {
    "Handler": Handler.__init__,
    "FunctionDefaults.set": FunctionDefaults.set,
    "QueueWorker": QueueWorker.__init__,
    "StreamWorker": StreamWorker.__init__,
    "ScheduledJob": ScheduledJob.__init__,
    "EventHandler": EventHandler.__init__,
}


@pytest.mark.parametrize("owner", sorted(_OWNERS))
def test_each_fix_is_for_a_prop_the_construct_lacks_and_names_its_own(owner: str) -> None:
    params = inspect.signature(_OWNERS[owner]).parameters
    fixes = _sam_props._BY_OWNER[owner]
    assert fixes
    for key, fix in fixes.items():
        assert key not in params, (owner, key)
        for named in re.findall(r"\bpass (\w+)=", fix):
            assert named in params, (owner, key, named)


def test_every_owner_of_a_fix_is_checked() -> None:
    assert set(_sam_props._BY_OWNER) == set(_OWNERS)
