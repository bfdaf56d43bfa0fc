"""A function's ``/tmp`` size and timeout, checked again at synth within the limits a Handler
is checked against when built (``ephemeral_storage_mib`` 512..10240, ``timeout`` a whole
number of seconds 1..900). Proves (papercuts349): given as tokens that resolve at synth
(``Lazy.number(...)``, ``Duration.seconds(<a Lazy>)``), or set out of range by a
platform's Aspect on the CfnFunction, they synthesized in silence and Lambda refused the
function at deploy; now the synth fails naming the prop, the function and the fix, as for
memory and reserved concurrency."""

from __future__ import annotations

import re

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Template
from constructs import IConstruct

from constructs_lib import ApiAuth, FunctionDefaults, ServerlessApi
from tests.support import echo_handler
from tests.test_sizes_recheck import TOKEN, _lazy, _problem, _stack, _synth

STORAGE = ("ephemeral_storage_mib", "gives a function's /tmp a whole number of MiB", 512, 10240)
TIMEOUT = ("timeout", "runs a function for a whole number of seconds", 1, 900)


@pytest.mark.parametrize("value", [20000, 100, 600.5])
def test_a_lazy_tmp_size_out_of_range_fails_the_synth(value: float) -> None:
    with pytest.raises(RuntimeError) as failed:
        _synth(ephemeral_storage_mib=_lazy(value))
    expected = _problem(STORAGE, value) + TOKEN.format(low=512, high=10240)
    assert re.search(expected, str(failed.value)), str(failed.value)


@pytest.mark.parametrize("value", [1000, 0])
def test_a_lazy_timeout_out_of_range_fails_the_synth(value: int) -> None:
    with pytest.raises(RuntimeError) as failed:
        _synth(timeout=cdk.Duration.seconds(_lazy(value)))
    expected = _problem(TIMEOUT, value) + TOKEN.format(low=1, high=900)
    assert re.search(expected, str(failed.value)), str(failed.value)


def test_a_lazy_timeout_of_function_defaults_names_them() -> None:
    stack = _stack()
    FunctionDefaults.of(stack).set(timeout=cdk.Duration.seconds(_lazy(1000)))
    with pytest.raises(RuntimeError) as failed:
        _synth(stack)
    assert re.search(
        _problem(TIMEOUT, 1000)
        + r"The FunctionDefaults the Handler takes its timeout from were given a token \(a "
        r"deploy-time value\), which their checks pass; it resolved to this number only at "
        r"synth\. Fix: change what produces the token to a whole number from 1 to 900",
        str(failed.value),
    ), str(failed.value)


@jsii.implements(cdk.IAspect)
class _Standard:
    """A platform's Aspect setting every function's timeout and /tmp size."""

    def __init__(self, timeout: int | None = None, storage: int | None = None) -> None:
        self._timeout, self._storage = timeout, storage

    def visit(self, node: IConstruct) -> None:
        if isinstance(node, lambda_.CfnFunction):
            if self._timeout is not None:
                node.timeout = self._timeout
            if self._storage is not None:
                node.ephemeral_storage = lambda_.CfnFunction.EphemeralStorageProperty(
                    size=self._storage
                )


@pytest.mark.parametrize(
    ("aspect", "limits", "value", "setting"),
    [
        (_Standard(timeout=1800), TIMEOUT, 1800, r"timeout=Duration\.seconds\(\.\.\.\)"),
        (_Standard(storage=256), STORAGE, 256, r"ephemeral_storage_mib=\.\.\."),
    ],
    ids=["timeout", "tmp"],
)
def test_an_aspect_setting_one_out_of_range_fails_the_synth(
    aspect: _Standard, limits: tuple[str, str, int, int], value: int, setting: str
) -> None:
    stack = _stack()
    cdk.Aspects.of(stack).add(aspect)
    with pytest.raises(RuntimeError) as failed:
        _synth(stack)
    _, _, low, high = limits
    assert re.search(
        _problem(limits, value)
        + r"Something changed it after the function was built \(an Aspect, or an escape hatch "
        rf"on its CfnFunction\)\. Fix: leave the function out of what changed it, and set "
        rf"Handler\({setting}\) from {low} to {high}",
        str(failed.value),
    ), str(failed.value)


def test_lazy_values_at_the_limits_synthesize() -> None:
    function = _synth(ephemeral_storage_mib=_lazy(10240), timeout=cdk.Duration.seconds(_lazy(900)))
    assert function["EphemeralStorage"] == {"Size": 10240}
    assert function["Timeout"] == 900


def test_a_deploy_time_timeout_is_left_to_lambda() -> None:
    stack = _stack()
    seconds = cdk.CfnParameter(stack, "Seconds", type="Number")
    function = _synth(stack, timeout=cdk.Duration.seconds(seconds.value_as_number))
    assert function["Timeout"] == {"Ref": "Seconds"}


def test_a_route_s_lazy_timeout_above_29_seconds_names_the_token() -> None:
    # Proves (papercuts349): the route re-check said "Something changed it after the
    # ServerlessApi was built (an Aspect, ...)" of a timeout the Handler was given as a token
    stack = _stack()
    handler = echo_handler(timeout=cdk.Duration.seconds(_lazy(60)))
    ServerlessApi(stack, "Api", routes={"GET /a": handler}, auth=ApiAuth.iam())
    with pytest.raises(RuntimeError) as failed:
        Template.from_stack(stack)
    assert (
        "[Test/Api] `timeout` is 60 seconds in the template (the function "
        "Test/Api/Handler/Function/Resource, serving 'GET /a'); API Gateway gives up after 30 "
        "seconds and answers 503 while the function keeps running (and may still write). The "
        "function was built with a timeout token (a deploy-time value, its Handler's or "
        "FunctionDefaults'), which the API's checks pass; it resolved to this number only at "
        "synth. Fix: change what produces the token to at most 29 seconds, and move long work "
        "to a QueueWorker and answer 202"
    ) in str(failed.value)
    assert "Something changed it" not in str(failed.value)


def test_a_route_s_lazy_timeout_within_29_seconds_synthesizes() -> None:
    stack = _stack()
    handler = echo_handler(timeout=cdk.Duration.seconds(_lazy(29)))
    ServerlessApi(stack, "Api", routes={"GET /a": handler}, auth=ApiAuth.iam())
    functions = Template.from_stack(stack).find_resources("AWS::Lambda::Function")
    assert [f["Properties"].get("Timeout") for f in functions.values()] == [29]
