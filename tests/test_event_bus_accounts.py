"""An EventHandler on a bus of the app matching another account's events, which the bus's
resource policy does not let that account put: a warning naming the statement to add."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam

from constructs_lib import EventHandler, Handler
from constructs_lib._event_bus_accounts import OTHER_ACCOUNT_NOT_ADMITTED_WARNING
from tests.support import new_app, new_stack, warnings_of

HANDLER = Handler(code=Path(__file__).parent / "fixtures" / "handlers" / "echo")
PARTNER = "111122223333"
OTHER = "444455556666"


def _handler(
    stack: cdk.Stack,
    accounts: list[object],
    policy: Callable[[events.EventBus], object] | None = None,
    *,
    bus: events.IEventBus | None = None,
) -> cdk.Stack:
    if bus is None:
        custom = events.EventBus(stack, "Bus")
        if policy:
            policy(custom)
        bus = custom
    EventHandler(
        stack, "Partner", handler=HANDLER, event_bus=bus, event_pattern={"account": accounts}
    )
    return stack


def _allow(*principals: iam.IPrincipal) -> Callable[[events.EventBus], object]:
    def add(bus: events.EventBus) -> object:
        return bus.add_to_resource_policy(
            iam.PolicyStatement(
                sid="PartnerPutsEvents",
                actions=["events:PutEvents"],
                principals=list(principals),
                resources=[bus.event_bus_arn],
            )
        )

    return add


def test_another_account_the_bus_does_not_admit_warns_with_the_statement() -> None:
    # Proves (events49): a rule for a partner account's events on the app's bus, without
    # the bus policy that lets the partner put them, synthesized silently and never fired
    # GIVEN a handler of the partner's events on a bus with no policy (stack without env)
    stack = _handler(new_stack(), [PARTNER])
    # THEN one warning names the account, the bus, the statement to add
    (warning,) = warnings_of(stack, OTHER_ACCOUNT_NOT_ADMITTED_WARNING)
    assert (
        f"`event_pattern.account` names '{PARTNER}', but the resource policy of `event_bus` "
    ) in warning
    assert "(unless it is this stack's own account: the stack has no env to tell)" in warning
    assert "Fix: add a statement to the bus, bus.add_to_resource_policy(" in warning
    assert "iam.AccountPrincipal(account)" in warning


def test_only_the_accounts_the_policy_leaves_out_are_named() -> None:
    # GIVEN a policy for the partner only, and a pattern of the partner and another account
    stack = _handler(new_stack(), [PARTNER, OTHER], _allow(iam.AccountPrincipal(PARTNER)))
    # THEN the warning names the other one alone
    (warning,) = warnings_of(stack, OTHER_ACCOUNT_NOT_ADMITTED_WARNING)
    assert f"names '{OTHER}', but" in warning and PARTNER not in warning.split("Fix:")[0]


@pytest.mark.parametrize(
    "policy",
    [
        _allow(iam.AccountPrincipal(PARTNER)),
        _allow(iam.ArnPrincipal(f"arn:aws:iam::{PARTNER}:role/sender")),
        _allow(iam.OrganizationPrincipal("o-a1b2c3d4e5")),  # any principal, org condition
    ],
)
def test_a_policy_admitting_the_account_silences_it(
    policy: Callable[[events.EventBus], object],
) -> None:
    assert (
        warnings_of(_handler(new_stack(), [PARTNER], policy), OTHER_ACCOUNT_NOT_ADMITTED_WARNING)
        == []
    )


def test_the_stacks_own_account_and_other_buses_are_not_warned() -> None:
    own = cdk.Stack(new_app(), "Own", env=cdk.Environment(account=PARTNER, region="eu-west-1"))
    assert warnings_of(_handler(own, [PARTNER]), OTHER_ACCOUNT_NOT_ADMITTED_WARNING) == []
    # the default bus and an imported one: their policy is not the app's to see
    imported = new_stack()
    bus = events.EventBus.from_event_bus_name(imported, "Imported", "team-bus")
    assert (
        warnings_of(_handler(imported, [PARTNER], bus=bus), OTHER_ACCOUNT_NOT_ADMITTED_WARNING)
        == []
    )
    on_default = new_stack()
    EventHandler(on_default, "H", handler=HANDLER, event_pattern={"account": [PARTNER]})
    assert warnings_of(on_default, OTHER_ACCOUNT_NOT_ADMITTED_WARNING) == []
    # an account given as an operator or a deploy-time value is not read
    assert (
        warnings_of(
            _handler(new_stack(), [{"anything-but": PARTNER}, cdk.Aws.ACCOUNT_ID]),
            OTHER_ACCOUNT_NOT_ADMITTED_WARNING,
        )
        == []
    )


def test_an_acknowledged_warning_is_silent() -> None:
    stack = new_stack()
    _handler(stack, [PARTNER])
    cdk.Annotations.of(stack.node.find_child("Partner")).acknowledge_warning(
        OTHER_ACCOUNT_NOT_ADMITTED_WARNING, "the platform team puts the bus policy"
    )
    assert warnings_of(stack, OTHER_ACCOUNT_NOT_ADMITTED_WARNING) == []


def test_a_policy_set_on_the_bus_resource_itself_admits_too() -> None:
    def on_resource(bus: events.EventBus) -> object:
        resource = bus.node.default_child
        assert isinstance(resource, events.CfnEventBus)
        resource.policy = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{PARTNER}:root"},
                    "Action": "events:PutEvents",
                    "Resource": "*",
                }
            ],
        }
        return resource

    assert (
        warnings_of(
            _handler(new_stack(), [PARTNER], on_resource), OTHER_ACCOUNT_NOT_ADMITTED_WARNING
        )
        == []
    )
    assert (
        len(
            warnings_of(
                _handler(new_stack(), [OTHER], on_resource), OTHER_ACCOUNT_NOT_ADMITTED_WARNING
            )
        )
        == 1
    )


def test_a_policy_another_stack_of_the_app_adds_to_the_bus_admits_too() -> None:
    # Proves (sweep349): a squad's stack admitting its partner on the domain's bus (an
    # events.CfnEventBusPolicy on the bus's name: the L2 EventBusPolicy cannot take a
    # PolicyStatement from Python) was unseen, as only the bus's stack was read, and the
    # squad's handler warned although the partner's events reached it
    # GIVEN the bus in the domain's stack, the policy and the handler in the squad's
    app = new_app()
    domain = cdk.Stack(app, "Domain")
    bus = events.EventBus(domain, "Bus", event_bus_name="orders")
    squad = cdk.Stack(app, "Squad")
    statement = iam.PolicyStatement(
        sid="PartnerPutsEvents",
        actions=["events:PutEvents"],
        principals=[iam.AccountPrincipal(PARTNER)],
        resources=[bus.event_bus_arn],
    )
    events.CfnEventBusPolicy(
        squad,
        "PartnerPutsEvents",
        event_bus_name=bus.event_bus_name,
        statement_id="PartnerPutsEvents",
        statement=statement.to_json(),
    )
    # WHEN the squad's handler matches the partner's and another account's events
    _handler(squad, [PARTNER, OTHER], bus=bus)
    # THEN only the account no statement admits is named
    (warning,) = warnings_of(squad, OTHER_ACCOUNT_NOT_ADMITTED_WARNING)
    assert f"names '{OTHER}', but" in warning and PARTNER not in warning.split("Fix:")[0]


def test_a_policy_of_another_bus_in_another_stack_admits_nothing() -> None:
    # GIVEN a statement admitting the partner on another bus of the app, in another stack
    app = new_app()
    domain = cdk.Stack(app, "Domain")
    bus = events.EventBus(domain, "Bus", event_bus_name="orders")
    other = cdk.Stack(app, "Other")
    elsewhere = events.EventBus(other, "Bus", event_bus_name="billing")
    _allow(iam.AccountPrincipal(PARTNER))(elsewhere)
    # THEN the handler on the orders bus still warns of the partner
    squad = cdk.Stack(app, "Squad")
    _handler(squad, [PARTNER], bus=bus)
    assert len(warnings_of(squad, OTHER_ACCOUNT_NOT_ADMITTED_WARNING)) == 1


def test_a_policy_naming_the_bus_by_its_name_in_another_stack_admits_too() -> None:
    # GIVEN the squad's statement on the bus's name as written ("orders"), same environment
    app = new_app()
    env = cdk.Environment(account="999988887777", region="eu-west-1")
    domain = cdk.Stack(app, "Domain", env=env)
    bus = events.EventBus(domain, "Bus", event_bus_name="orders")
    squad = cdk.Stack(app, "Squad", env=env)
    events.CfnEventBusPolicy(
        squad,
        "PartnerPutsEvents",
        event_bus_name="orders",
        statement_id="PartnerPutsEvents",
        action="events:PutEvents",
        principal=PARTNER,
    )
    _handler(squad, [PARTNER], bus=bus)
    assert warnings_of(squad, OTHER_ACCOUNT_NOT_ADMITTED_WARNING) == []
