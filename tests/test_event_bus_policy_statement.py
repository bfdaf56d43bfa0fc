"""``events.EventBusPolicy(statement=iam.PolicyStatement(...))`` in a Python app: aws-cdk-lib
puts the statement object itself into its L1's JSON property, and every synth fails.

Without any construct of the library, the app's synth fails in aws-cdk-lib with
``CircularReferenceDetected: ... Path: /Resources/${Token[Test.P.Resource.LogicalID.<n>]}/
Properties/statement/_principals/array/0/grantPrincipal/...``: no construct path, no fix
(checked by the first test). Proves (gaps50): with an EventHandler on the bus, the synth
failed first in the library's bus-account warning Aspect (``otherAccountNotAdmittedByBus``)
with the same trace, so the user thought the library broke the app. Now the Aspect names
the EventBusPolicy's path, its ``statement`` and the call that works, and following that
fix synthesizes without the warning."""

from __future__ import annotations

from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Annotations, Match, Template

from constructs_lib import EventHandler, Handler
from constructs_lib._event_bus_accounts import OTHER_ACCOUNT_NOT_ADMITTED_WARNING
from tests.support import new_app

HANDLER = Handler(code=Path(__file__).parent / "fixtures" / "handlers" / "echo")
PARTNER = "111122223333"


def _stack() -> tuple[cdk.Stack, events.EventBus, iam.PolicyStatement]:
    stack = cdk.Stack(
        new_app(), "Test", env=cdk.Environment(account="111111111111", region="eu-west-1")
    )
    bus = events.EventBus(stack, "Bus")
    statement = iam.PolicyStatement(
        sid="PartnerPutsEvents",
        actions=["events:PutEvents"],
        principals=[iam.AccountPrincipal(PARTNER)],
        resources=[bus.event_bus_arn],
    )
    return stack, bus, statement


def _partner_handler(stack: cdk.Stack, bus: events.EventBus) -> None:
    EventHandler(
        stack, "Partner", handler=HANDLER, event_bus=bus, event_pattern={"account": [PARTNER]}
    )


def test_without_the_library_aws_cdk_lib_fails_naming_no_construct() -> None:
    # GIVEN the policy alone (no construct of the library)
    stack, bus, statement = _stack()
    events.EventBusPolicy(stack, "P", event_bus=bus, statement_id="x", statement=statement)
    # THEN aws-cdk-lib's own synth fails: a circular reference at a logical ID token
    with pytest.raises(RuntimeError, match=r"CircularReferenceDetected") as failed:
        Template.from_stack(stack)
    assert "Test/P" not in str(failed.value)


def test_with_an_event_handler_the_policy_is_named_with_the_fix() -> None:
    # GIVEN the policy and a handler of the partner's events on the bus
    stack, bus, statement = _stack()
    events.EventBusPolicy(stack, "P", event_bus=bus, statement_id="x", statement=statement)
    _partner_handler(stack, bus)
    # THEN the synth fails naming the policy, its prop and the call that works
    with pytest.raises(RuntimeError) as failed:
        Template.from_stack(stack)
    assert (
        "Test/P: `statement` is an iam.PolicyStatement, which aws-cdk-lib's "
        "events.EventBusPolicy puts into the template unconverted: the synth fails with a "
        "circular reference (CircularReferenceDetected, at the policy's logical ID). Fix: add "
        "the statement to the bus with bus.add_to_resource_policy(statement) instead of "
        "events.EventBusPolicy(...): it converts the statement and creates the policy (give "
        "the statement a sid, its statement ID)"
    ) in str(failed.value)
    assert "grantPrincipal" not in str(failed.value)


def test_following_the_fix_synthesizes_and_admits_the_partner() -> None:
    stack, bus, statement = _stack()
    bus.add_to_resource_policy(statement)
    _partner_handler(stack, bus)
    template = Template.from_stack(stack)
    template.has_resource_properties(
        "AWS::Events::EventBusPolicy",
        {"StatementId": "cdk-PartnerPutsEvents", "Statement": Match.object_like({})},
    )
    found = Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp(".*"))
    assert not [w for w in found if OTHER_ACCOUNT_NOT_ADMITTED_WARNING in str(w.entry.data)]


def test_a_policy_statement_given_as_json_is_read() -> None:
    # the L1 with the statement converted (what add_to_resource_policy writes) admits too
    stack, bus, statement = _stack()
    events.CfnEventBusPolicy(
        stack,
        "P",
        event_bus_name=bus.event_bus_name,
        statement_id="x",
        statement=statement.to_json(),
    )
    _partner_handler(stack, bus)
    Template.from_stack(stack)
    found = Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp(".*"))
    assert not [w for w in found if OTHER_ACCOUNT_NOT_ADMITTED_WARNING in str(w.entry.data)]
