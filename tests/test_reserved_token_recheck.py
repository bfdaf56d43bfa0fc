"""A worker's reserved concurrency given as a token (``Lazy.number``), re-checked at synth.
Proves (papercuts349): the QueueWorker's re-check (a reservation below what its event source
invokes at once, a negative one) and the switched-off warnings of QueueWorker, StreamWorker
and a Lambda authorizer said "Something changed it after the QueueWorker was built (an
Aspect, or an escape hatch ...)" of a value that came from the token the Handler was built
with, and asked to leave the function out of what changed it; now they name the token and
ask to change what produces it, as the memory and provisioned concurrency re-checks do."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk.assertions import Template

from constructs_lib import QueueWorker
from tests.support import echo_handler, new_app
from tests.test_switched_off_at_synth import WARNINGS, _warnings
from tests.test_synth_rechecks import warnings_after

TOKEN = (
    "The Handler was built with a token (a deploy-time value), which its checks pass; it "
    "resolved to this number only at synth. Fix: change what produces the token to "
)


@jsii.implements(cdk.IStableNumberProducer)
class _Later:
    """A number another construct fills in before synth (``Lazy.number``)."""

    def __init__(self, value: float) -> None:
        self._value = value

    def produce(self) -> float:
        return self._value


def _lazy(value: float) -> float:
    return cdk.Lazy.number(_Later(value))


def _synth_failure(**worker: Any) -> str:
    stack = cdk.Stack(new_app(), "Test")
    QueueWorker(stack, "Worker", alarms=False, **worker)
    with pytest.raises(RuntimeError) as failed:
        Template.from_stack(stack)
    return str(failed.value)


def test_a_token_reservation_below_max_concurrency_names_the_token() -> None:
    message = _synth_failure(handler=echo_handler(reserved_concurrency=_lazy(3)), max_concurrency=5)
    assert (
        "[Test/Worker] `reserved_concurrency` is 3 in the template (the function "
        "Test/Worker/Handler/Function/Resource), but its event source (the mapping "
    ) in message
    assert (
        f"{TOKEN}at least 5, or set QueueWorker(max_concurrency=...) to at most what it "
        "produces (2 at least)"
    ) in message
    assert "Something changed it" not in message


def test_a_token_reservation_without_max_concurrency_asks_for_1000() -> None:
    message = _synth_failure(handler=echo_handler(reserved_concurrency=_lazy(10)))
    assert "has no MaximumConcurrency and invokes up to 1000 batches at once" in message
    assert f"{TOKEN}at least 1000, or set QueueWorker(max_concurrency=...)" in message
    assert "Something changed it" not in message


def test_a_negative_token_reservation_names_the_token() -> None:
    message = _synth_failure(handler=echo_handler(reserved_concurrency=_lazy(-1)))
    assert (
        "[Test/Worker] `reserved_concurrency` is -1 in the template (the function "
        "Test/Worker/Handler/Function/Resource): Lambda reserves 0 or more concurrent "
        f"executions, and CloudFormation refuses a negative number at deploy. {TOKEN}at "
        "least the worker's max_concurrency (1000 without one), or None for no reservation"
    ) in message
    assert "Something changed it" not in message


@pytest.mark.parametrize(
    ("name", "pause"),
    [
        (
            "QueueWorker",
            "to pause the worker and keep its messages in the queue, pass "
            "QueueWorker(enabled=False) instead. If draining the queue into the dead-letter "
            "queue is meant, acknowledge 'constructs_lib:queueWorkerSwitchedOff'.",
        ),
        (
            "StreamWorker",
            "to pause the worker and keep the records in the stream (24 hours), pass "
            "StreamWorker(enabled=False) instead. If skipping them is meant, acknowledge "
            "'constructs_lib:streamWorkerSwitchedOff'.",
        ),
        (
            "authorizer",
            'an authorizer that must deny everyone returns {"isAuthorized": false}. If '
            "closing the API this way is meant, acknowledge "
            "'constructs_lib:authorizerSwitchedOff'.",
        ),
    ],
)
def test_a_token_resolving_to_0_warns_of_the_token(name: str, pause: str) -> None:
    build, warning, expected = WARNINGS[name]
    found = _warnings(lambda s: build(s, reserved_concurrency=_lazy(0)))
    assert [w for _, w in found] == [
        "`reserved_concurrency` is 0 in the template (the function "
        + expected[: expected.index(" Something changed it")]
        + f" {TOKEN}1 or more (or None for no reservation); {pause} "
        f"[ack: constructs_lib:{warning}]"
    ]


def test_a_token_resolving_to_a_reservation_that_covers_the_worker_does_not_warn() -> None:
    build = WARNINGS["QueueWorker"][0]
    found = warnings_after(
        lambda s: build(s, reserved_concurrency=_lazy(1000)), containing="SwitchedOff"
    )
    assert found == []
