"""A function's memory and reserved concurrency, checked again at synth within the limits a
Handler is checked against when built. Proves (papercuts49): ``Handler(memory_mib=...)`` and
``reserved_concurrency`` given as tokens that resolve at synth (``Lazy.number(...)``
producing 20000, 0, 2.5, 100000) passed the checks when built, as any deploy-time value
does, and synthesized in silence; Lambda refused the function at deploy. Now the synth
fails naming the prop, the function and the fix, as the provisioned concurrency's re-check
does; a CfnParameter's value (a Ref) is still left to Lambda."""

from __future__ import annotations

import re
from typing import Any

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import aws_events as events
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Template
from constructs import IConstruct

from constructs_lib import EventHandler, FunctionDefaults
from tests.support import echo_handler, new_app

PATTERN = events.EventPattern(source=["aws.s3"], detail_type=["Object Created"])


@jsii.implements(cdk.IStableNumberProducer)
class _Later:
    """A number another construct fills in before synth (``Lazy.number``)."""

    def __init__(self, value: float) -> None:
        self._value = value

    def produce(self) -> float:
        return self._value


@jsii.implements(cdk.IAspect)
class _MemoryStandard:
    """A platform's Aspect setting every function's memory."""

    def __init__(self, memory: int) -> None:
        self._memory = memory

    def visit(self, node: IConstruct) -> None:
        if isinstance(node, lambda_.CfnFunction):
            node.memory_size = self._memory


def _stack() -> cdk.Stack:
    return cdk.Stack(new_app(), "Test")


def _synth(stack: cdk.Stack | None = None, **handler: Any) -> dict[str, Any]:
    """The function's template properties of an EventHandler built with ``handler``."""
    stack = stack or _stack()
    EventHandler(stack, "Worker", handler=echo_handler(**handler), event_pattern=PATTERN)
    (function,) = Template.from_stack(stack).find_resources("AWS::Lambda::Function").values()
    properties: dict[str, Any] = function["Properties"]
    return properties


def _lazy(value: float) -> float:
    return cdk.Lazy.number(_Later(value))


def _problem(limits: tuple[str, str, int, int], value: float) -> str:
    prop, kept, low, high = limits
    return (
        rf"\[Test/Worker/\w+/Function\] `{prop}` is {value:g} in the template \(the function "
        rf"Test/Worker/\w+/Function/Resource\): Lambda {kept} from {low} to {high} and would "
        r"refuse the function at deploy\. "
    )


MEMORY = ("memory_mib", "gives a function a whole number of MiB", 128, 10240)
RESERVED = (
    "reserved_concurrency",
    "reserves a whole number of concurrent executions for a function",
    0,
    10000,
)
TOKEN = (
    r"The Handler was built with a token \(a deploy-time value\), which its checks pass; it "
    r"resolved to this number only at synth\. Fix: change what produces the token to a whole "
    r"number from {low} to {high}"
)


@pytest.mark.parametrize(
    ("limits", "value"),
    [(MEMORY, 20000), (MEMORY, 0), (MEMORY, 2.5), (RESERVED, 100000), (RESERVED, 2.5)],
)
def test_a_lazy_size_out_of_range_fails_the_synth(
    limits: tuple[str, str, int, int], value: float
) -> None:
    prop, _, low, high = limits
    with pytest.raises(RuntimeError) as failed:
        _synth(**{prop: _lazy(value)})
    expected = _problem(limits, value) + TOKEN.format(low=low, high=high)
    assert re.search(expected, str(failed.value)), str(failed.value)


def test_a_lazy_memory_of_function_defaults_out_of_range_fails_the_synth() -> None:
    # GIVEN FunctionDefaults whose memory is a token resolving to 20000 MiB
    stack = _stack()
    FunctionDefaults.of(stack).set(memory_mib=_lazy(20000))
    with pytest.raises(RuntimeError) as failed:
        _synth(stack)
    # THEN the problem says where the token came from
    assert re.search(
        _problem(MEMORY, 20000)
        + r"The FunctionDefaults the Handler takes its memory from were given a token \(a "
        r"deploy-time value\), which their checks pass; it resolved to this number only at "
        r"synth\. Fix: change what produces the token to a whole number from 128 to 10240",
        str(failed.value),
    ), str(failed.value)


def test_an_aspect_setting_memory_out_of_range_fails_the_synth() -> None:
    stack = _stack()
    cdk.Aspects.of(stack).add(_MemoryStandard(20480))
    with pytest.raises(RuntimeError) as failed:
        _synth(stack)
    assert re.search(
        _problem(MEMORY, 20480)
        + r"Something changed it after the function was built \(an Aspect, or an escape hatch "
        r"on its CfnFunction\)\. Fix: leave the function out of what changed it, and set "
        r"Handler\(memory_mib=\.\.\.\) from 128 to 10240",
        str(failed.value),
    ), str(failed.value)


def test_both_out_of_range_are_listed_at_once() -> None:
    with pytest.raises(RuntimeError) as failed:
        _synth(memory_mib=_lazy(20000), reserved_concurrency=_lazy(100000))
    assert "`memory_mib` is 20000 in the template" in str(failed.value)
    assert "`reserved_concurrency` is 100000 in the template" in str(failed.value)


@pytest.mark.parametrize(
    ("handler", "memory", "reserved"),
    [
        ({"memory_mib": _lazy(10240), "reserved_concurrency": _lazy(0)}, 10240, 0),  # a kill switch
        ({"memory_mib": _lazy(128), "reserved_concurrency": _lazy(10000)}, 128, 10000),
    ],
    ids=["upper-memory-reserved-0", "lower-memory-upper-reserved"],
)
def test_a_lazy_size_within_range_synthesizes(
    handler: dict[str, Any], memory: int, reserved: int
) -> None:
    function = _synth(**handler)
    assert function["MemorySize"] == memory
    assert function["ReservedConcurrentExecutions"] == reserved


def test_a_deploy_time_size_is_left_to_lambda() -> None:
    # legitimate input of the same shape: a CfnParameter's value is known only at deploy
    stack = _stack()
    size = cdk.CfnParameter(stack, "Size", type="Number")
    function = _synth(
        stack, memory_mib=size.value_as_number, reserved_concurrency=size.value_as_number
    )
    assert function["MemorySize"] == {"Ref": "Size"}
    assert function["ReservedConcurrentExecutions"] == {"Ref": "Size"}
