"""An ``existing_*`` prop a construct does not take is told where a resource of that kind
goes instead (a link, ``sources=``, the construct's own dead-letter queue), not the
closest spelling among the construct's props; one the construct takes by its plain name
(``event_bus``, ``table``) is told that name."""

from __future__ import annotations

import inspect
import re
from typing import Any

import pytest
from aws_cdk import aws_sqs as sqs

import constructs_lib
from constructs_lib import (
    ApiAuth,
    EventHandler,
    Network,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
    StreamWorker,
)
from constructs_lib._existing_props import EXISTING_PROPS, existing_prop_fix
from constructs_lib.errors import ConstructError
from tests.support import echo_handler, new_stack

QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:orders"


def _fix_of(build: Any) -> str:
    stack = new_stack()
    queue = sqs.Queue.from_queue_arn(stack, "Queue", QUEUE_ARN)
    with pytest.raises(ConstructError) as raised:
        build(stack, queue)
    [problem] = [p for p in raised.value.problems if p.message.startswith("is not a prop")]
    return problem.fix


def _events(scope: Any, **props: Any) -> EventHandler:
    return EventHandler(
        scope, "Events", handler=echo_handler(), event_pattern={"source": ["billing"]}, **props
    )


@pytest.mark.parametrize(
    ("build", "fix"),
    [
        (
            lambda s, q: _events(s, **{"existing_dead_letter_queue": q}),
            r"^leave it out: EventHandler creates its dead-letter queue itself, .* takes none of "
            r"yours "
            r"\(QueueWorker and StreamWorker take `existing_dead_letter_queue`\): "
            r"dead_letter_queue_key= encrypts it with your key",
        ),
        (
            lambda s, q: ScheduledJob(
                s,
                "Job",
                handler=echo_handler(),
                schedule="rate(1 hour)",
                **{"existing_dead_letter_queue": q},
            ),
            r"^leave it out: ScheduledJob creates its dead-letter queue itself",
        ),
        (
            lambda s, q: ServerlessApi(
                s,
                "Api",
                routes={"GET /a": echo_handler()},
                auth=ApiAuth.iam(),
                **{"existing_queue": q},
            ),
            r"^leave it out: ServerlessApi takes no queue of yours as its own \(QueueWorker takes "
            r"`existing_queue`\); for its functions to use yours, link it: its routes' "
            r"Handler\(links=\[\.\.\.\]\)",
        ),
        (
            lambda s, q: ScheduledJob(
                s, "Job", handler=echo_handler(), schedule="rate(1 hour)", **{"existing_topic": q}
            ),
            r"^leave it out: ScheduledJob takes no topic of yours as its own; .* "
            r"Handler\(links=\[\.\.\.\]\)",
        ),
        (
            lambda s, q: QueueWorker(s, "Worker", handler=echo_handler(), **{"existing_bucket": q}),
            r"^leave it out: QueueWorker takes no bucket of yours \(StaticSite takes "
            r"`existing_bucket`\): "
            r"its S3 events go into the worker's queue with sources=\[BucketEvents\(",
        ),
    ],
    ids=[
        "EventHandler dead-letter queue",
        "ScheduledJob dead-letter queue",
        "API queue",
        "job topic",
        "worker bucket",
    ],
)
def test_an_existing_prop_the_construct_lacks_is_told_where_yours_goes(
    build: Any, fix: str
) -> None:
    # Proves (brownfield trial): existing_dead_letter_queue= on an EventHandler was told
    # "did you mean `dead_letter_queue_key`?", existing_queue= on an API `existing_table`,
    # existing_bucket= on a worker `existing_queue`: each a wrong fix
    assert re.search(fix, _fix_of(build))


@pytest.mark.parametrize(
    ("build", "fix"),
    [
        (
            lambda s, q: _events(s, **{"existing_event_bus": q}),
            "did you mean `event_bus`?",
        ),
        (
            lambda s, q: StreamWorker(
                s, "Changes", handler=echo_handler(), **{"existing_table": q}
            ),
            "did you mean `table`?",
        ),
        (
            lambda s, q: Network(s, "Network", **{"existing_vpc_id": q}),
            "did you mean `existing_vpc`?",
        ),
        (
            lambda s, q: QueueWorker(s, "Worker", handler=echo_handler(), **{"existing_queues": q}),
            "did you mean `existing_queue`?",
        ),
    ],
    ids=["bus by its plain name", "table by its plain name", "misspelt vpc", "misspelt queue"],
)
def test_a_plain_name_or_a_misspelling_is_still_told_the_prop(build: Any, fix: str) -> None:
    assert _fix_of(build).startswith(fix)


def test_other_keys_are_not_this_rule_s() -> None:
    assert existing_prop_fix("dead_letter_queue", "EventHandler", ["dead_letter_queue_key"]) is None
    assert existing_prop_fix("existing_widget", "Network", ["existing_vpc"]) is None


def test_the_table_of_existing_props_is_the_constructs_signatures() -> None:
    taken: dict[str, set[str]] = {}
    for name in constructs_lib.__all__:
        value = getattr(constructs_lib, name)
        if not inspect.isclass(value):
            continue
        for prop in inspect.signature(value.__init__).parameters:
            if prop.startswith("existing_"):
                taken.setdefault(prop, set()).add(name)
    assert {k: set(v) for k, v in EXISTING_PROPS.items()} == taken
