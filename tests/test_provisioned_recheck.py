"""A Handler's provisioned concurrency within its reservation, checked again at synth.
Proves (papercuts348): ``Handler(provisioned_concurrency=5, reserved_concurrency=3)`` is
refused when built, but a platform's Aspect lowering every function's
``ReservedConcurrentExecutions`` afterwards synthesized, and Lambda refused the ``live``
alias's provisioned concurrency at deploy; now the synth fails naming the function, the
alias and the fix."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import aws_events as events
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Template
from constructs import IConstruct

from constructs_lib import EventHandler
from tests.support import echo_handler, new_app


@jsii.implements(cdk.IAspect)
class _Platform:
    """A platform's Aspect: ``change`` applied to every construct of the app."""

    def __init__(self, change: Callable[[IConstruct], object]) -> None:
        self._change = change

    def visit(self, node: IConstruct) -> None:
        self._change(node)


def _synth(*aspects: _Platform, **handler: Any) -> Template:
    app = new_app()
    stack = cdk.Stack(app, "Test")
    pattern = events.EventPattern(source=["aws.s3"], detail_type=["Object Created"])
    EventHandler(stack, "Worker", handler=echo_handler(**handler), event_pattern=pattern)
    for aspect in aspects:
        cdk.Aspects.of(app).add(aspect)
    return Template.from_stack(stack)


def _reserve(count: int) -> _Platform:
    def reserve(node: IConstruct) -> None:
        if isinstance(node, lambda_.CfnFunction):
            node.reserved_concurrent_executions = count

    return _Platform(reserve)


START = (
    r"Test/Worker/\w+/Function\] `reserved_concurrency` is {reserved} in the template \(the "
    r"function Test/Worker/\w+/Function/Resource\), below the provisioned concurrency of its "
    r"alias Test/Worker/\w+/Live/Resource \({provisioned}\): Lambda keeps provisioned "
    r"environments within a function's reservation and would refuse the alias's "
    r"configuration at deploy\. Something changed it after the function was built \(an "
    r"Aspect, or an escape hatch on its CfnFunction or CfnAlias\)\. Fix: leave the function "
    r"out of what changed it, or set Handler\(reserved_concurrency=\.\.\.\) to {provisioned} "
    r"or more, or "
)


def test_an_aspect_lowering_the_reservation_below_provisioned_fails_the_synth() -> None:
    with pytest.raises(RuntimeError) as failed:
        _synth(_reserve(3), provisioned_concurrency=5, reserved_concurrency=10)
    assert re.search(
        START.format(reserved=3, provisioned=5)
        + r"set Handler\(provisioned_concurrency=\.\.\.\) to 3 or less",
        str(failed.value),
    ), str(failed.value)


def test_an_aspect_reserving_0_for_a_provisioned_function_fails_the_synth() -> None:
    # a kill switch alone only warns (as queueWorkerSwitchedOff does); with provisioned
    # environments Lambda refuses the deploy, so the synth fails as when built with 0
    with pytest.raises(RuntimeError) as failed:
        _synth(_reserve(0), provisioned_concurrency=2)
    assert re.search(
        START.format(reserved=0, provisioned=2)
        + r"drop provisioned_concurrency while a reservation of 0 switches the function off",
        str(failed.value),
    ), str(failed.value)


def test_an_aspect_raising_the_alias_s_provisioned_concurrency_fails_the_synth() -> None:
    config = lambda_.CfnAlias.ProvisionedConcurrencyConfigurationProperty(
        provisioned_concurrent_executions=20
    )
    with pytest.raises(RuntimeError, match=r"`reserved_concurrency` is 10 in the template"):
        _synth(
            _Platform(
                lambda node: (
                    isinstance(node, lambda_.CfnAlias)
                    and setattr(node, "provisioned_concurrency_config", config)
                )
            ),
            provisioned_concurrency=5,
            reserved_concurrency=10,
        )


@pytest.mark.parametrize(
    ("aspects", "handler"),
    [
        ((_reserve(5),), {"provisioned_concurrency": 5, "reserved_concurrency": 10}),
        ((_reserve(0),), {}),
        ((), {"provisioned_concurrency": 2, "reserved_concurrency": 2}),
    ],
    ids=["lowered-to-provisioned", "no-provisioned", "no-aspect"],
)
def test_a_reservation_that_still_fits_synthesizes(
    aspects: tuple[_Platform, ...], handler: dict[str, Any]
) -> None:
    template = _synth(*aspects, **handler)
    assert template.find_resources("AWS::Lambda::Alias")


@jsii.implements(cdk.IStableNumberProducer)
class _Later:
    """A number another construct fills in before synth (``Lazy.number``)."""

    def __init__(self, value: float) -> None:
        self._value = value

    def produce(self) -> float:
        return self._value


TOKEN = (
    r"The Handler was built with a token \(a deploy-time value\), which its checks pass; it "
    r"resolved to this number only at synth\. Fix: "
)


@pytest.mark.parametrize("value", [0, 20000, 2.5])
def test_a_lazy_provisioned_concurrency_out_of_range_fails_the_synth(value: float) -> None:
    # Proves (gaps49): a token passed the Handler's range check when built, and a Lazy that
    # resolved to 0 or 20000 synthesized; Lambda refused the alias's configuration at deploy
    with pytest.raises(RuntimeError) as failed:
        _synth(provisioned_concurrency=cdk.Lazy.number(_Later(value)))
    assert re.search(
        rf"\[Test/Worker/\w+/Function\] `provisioned_concurrency` is {value:g} in the template "
        r"\(the alias Test/Worker/\w+/Live/Resource\): Lambda keeps a whole number of "
        r"provisioned environments from 1 to 10000 and would refuse the alias's configuration "
        r"at deploy\. " + TOKEN + r"change what produces the token to a whole number from 1 to "
        r"10000",
        str(failed.value),
    ), str(failed.value)


def test_a_lazy_provisioned_concurrency_above_the_reservation_fails_the_synth() -> None:
    with pytest.raises(RuntimeError) as failed:
        _synth(provisioned_concurrency=cdk.Lazy.number(_Later(5)), reserved_concurrency=3)
    assert re.search(
        r"`reserved_concurrency` is 3 in the template .* \(5\): Lambda keeps provisioned "
        r"environments within a function's reservation and would refuse the alias's "
        r"configuration at deploy\. " + TOKEN + r"change what produces the token, or set "
        r"Handler\(reserved_concurrency=\.\.\.\) to 5 or more, or set "
        r"Handler\(provisioned_concurrency=\.\.\.\) to 3 or less",
        str(failed.value),
    ), str(failed.value)


def test_an_aspect_setting_the_alias_out_of_range_fails_the_synth() -> None:
    config = lambda_.CfnAlias.ProvisionedConcurrencyConfigurationProperty(
        provisioned_concurrent_executions=0
    )
    set_to_0 = _Platform(
        lambda node: (
            isinstance(node, lambda_.CfnAlias)
            and setattr(node, "provisioned_concurrency_config", config)
        )
    )
    with pytest.raises(RuntimeError) as failed:
        _synth(set_to_0, provisioned_concurrency=5)
    assert re.search(
        r"`provisioned_concurrency` is 0 in the template .* Something changed it after the "
        r"function was built \(an Aspect, or an escape hatch on its CfnFunction or CfnAlias\)\. "
        r"Fix: leave the alias out of what changed it, and set "
        r"Handler\(provisioned_concurrency=\.\.\.\) from 1 to 10000",
        str(failed.value),
    ), str(failed.value)


@pytest.mark.parametrize("reserved", [None, 3])
def test_a_deploy_time_provisioned_concurrency_is_left_to_lambda(reserved: int | None) -> None:
    # legitimate input of the same shape: a CfnParameter's value is known only at deploy
    app = new_app()
    stack = cdk.Stack(app, "Test")
    warm = cdk.CfnParameter(stack, "Warm", type="Number", min_value=1, max_value=3)
    pattern = events.EventPattern(source=["aws.s3"], detail_type=["Object Created"])
    handler = echo_handler(
        provisioned_concurrency=cdk.Token.as_number(warm.value_as_number),
        reserved_concurrency=reserved,
    )
    EventHandler(stack, "Worker", handler=handler, event_pattern=pattern)
    (alias,) = Template.from_stack(stack).find_resources("AWS::Lambda::Alias").values()
    assert alias["Properties"]["ProvisionedConcurrencyConfig"] == {
        "ProvisionedConcurrentExecutions": {"Ref": "Warm"}
    }


def test_the_provisioned_problem_comes_first_in_a_combined_error() -> None:
    # Proves (gaps49): the re-check moved next to the alias it reads (it found the alias by
    # its id from the platform re-check); a combined error still lists it first
    def node_and_lower(node: IConstruct) -> None:
        if isinstance(node, lambda_.CfnFunction):
            node.reserved_concurrent_executions = 3
            node.runtime = "nodejs22.x"

    with pytest.raises(RuntimeError) as failed:
        _synth(_Platform(node_and_lower), provisioned_concurrency=5)
    message = str(failed.value)
    provisioned = message.index("`reserved_concurrency` is 3 in the template")
    assert provisioned < message.index("`runtime` is nodejs22.x in the template"), message
