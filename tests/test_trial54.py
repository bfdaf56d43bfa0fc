"""A small team's test-first, multi-tenant SaaS app and its handlers (trial 54): a stack
per tenant named after the tenant, API handlers answering the items they read from the
tenant's table, and an EventHandler's handler reading a billing event's detail as a typed
dataclass."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

import aws_cdk as cdk
import pytest
from boto3.dynamodb.types import TypeDeserializer

from constructs_lib import QueueWorker
from constructs_lib_runtime.bridge_events import BridgeEvent, MalformedBridgeEvent, bridge_event
from constructs_lib_runtime.http import json_response
from constructs_lib_runtime.testing import eventbridge_event
from tests.support import echo_handler, new_app, warnings_of

DEV = cdk.Environment(account="111111111111", region="eu-west-1")
AGNOSTIC_STACKS_OF_ONE_NAME_WARNING = "constructs_lib:agnosticStacksOfOneName"


def _slug(name: str) -> str:
    return "-".join(part for part in name.lower().replace("_", "-").split("-") if part)


def _tenant(app: cdk.App, name: str, **env: cdk.Environment) -> cdk.Stack:
    """A tenant's stack as the app makes one per tenant: named by the tenant's slug."""
    stack = cdk.Stack(app, f"Tenant-{name}", stack_name=f"tenant-{_slug(name)}", **env)
    QueueWorker(stack, "Jobs", handler=echo_handler())
    return stack


def test_two_agnostic_stacks_of_one_name_are_warned_of_naming_both() -> None:
    # Proves (trial 54): tenants "Acme" and "ACME" got one stack name, tenant-acme, and
    # environment-agnostic stacks were not compared: the synth passed, and one cdk deploy
    # put both into one stack, each deploy replacing the other tenant's resources
    app = new_app()
    first = _tenant(app, "Acme")
    second = _tenant(app, "ACME")
    assert warnings_of(first, AGNOSTIC_STACKS_OF_ONE_NAME_WARNING) == []
    assert warnings_of(second, AGNOSTIC_STACKS_OF_ONE_NAME_WARNING) == [
        "`stack_name` is 'tenant-acme' (given, or made from its stage's and its own id), the "
        "name of the stack Tenant-Acme too, and both are environment-agnostic: one `cdk "
        "deploy` puts both into the account and region of its credentials, as one "
        "CloudFormation stack, so each deploy replaces the other's resources. Fix: give each "
        "stack its own stack_name (a stack made per tenant or customer: name it by a key no "
        "two of them share once normalised), or give each its env=; acknowledge "
        "'constructs_lib:agnosticStacksOfOneName' if they are only ever deployed to "
        "different accounts or regions. [ack: constructs_lib:agnosticStacksOfOneName]"
    ]


@pytest.mark.parametrize(
    ("second", "env"),
    [("Globex", {}), ("ACME", {"env": DEV})],
    ids=["another-name", "one-with-env"],
)
def test_agnostic_stacks_of_their_own_names_or_envs_are_not_warned_of(
    second: str, env: dict[str, cdk.Environment]
) -> None:
    app = new_app()
    _tenant(app, "Acme")
    assert warnings_of(_tenant(app, second, **env), AGNOSTIC_STACKS_OF_ONE_NAME_WARNING) == []


def test_the_warning_is_acknowledged_on_the_stack() -> None:
    app = new_app()
    _tenant(app, "Acme")
    second = _tenant(app, "ACME")
    cdk.Annotations.of(second).acknowledge_warning(
        AGNOSTIC_STACKS_OF_ONE_NAME_WARNING, "deployed to each tenant's own account"
    )
    assert warnings_of(second, AGNOSTIC_STACKS_OF_ONE_NAME_WARNING) == []


def _item(**attributes: dict[str, object]) -> dict[str, object]:
    """An item as boto3's Table.get_item answers it: DynamoDB JSON read into Python."""
    reader = TypeDeserializer()
    return {name: reader.deserialize(value) for name, value in attributes.items()}


def test_an_item_of_the_table_is_answered_with_its_numbers_as_numbers() -> None:
    # Proves (trial 54): every number boto3 reads from DynamoDB is a Decimal, and
    # json_response raised a TypeError for each: the route answered 500 for any item
    # with a number, however it was tested without the table
    item = _item(
        pk={"S": "TENANT#acme"},
        qty={"N": "3"},
        price={"N": "1.50"},
        balance={"N": "-0.1"},
        views={"N": "9" * 38},
        scale={"N": "1E+2"},
        tags={"L": [{"N": "2"}, {"S": "x"}]},
    )
    assert isinstance(item["qty"], Decimal)
    answer = json_response(200, item)
    assert json.loads(answer["body"]) == {
        "pk": "TENANT#acme",
        "qty": 3,
        "price": 1.5,
        "balance": -0.1,
        "views": int("9" * 38),
        "scale": 100,
        "tags": [2, "x"],
    }
    assert '"qty":3,' in answer["body"]  # a whole number stays one, not 3.0


@pytest.mark.parametrize(
    ("value", "what"),
    [
        (Decimal("0.12345678901234567890123"), "more digits than a JSON number keeps"),
        (Decimal("1E-400"), "more digits than a JSON number keeps"),
        (Decimal("NaN"), "no number"),
    ],
    ids=["38-digits", "tiny", "nan"],
)
def test_a_decimal_no_json_number_holds_exactly_is_told_with_the_fix(
    value: Decimal, what: str
) -> None:
    with pytest.raises(TypeError) as raised:
        json_response(200, {"ratio": value})
    assert str(raised.value) == (
        f"json_response: body holds the Decimal {value}, {what} (a Decimal a float holds "
        "exactly, as DynamoDB's numbers mostly are, is written as that number). Fix: use "
        "str(value) to keep every digit, or float(value) to round it"
    )


def test_a_number_set_is_still_told_its_conversion() -> None:
    item = _item(sizes={"NS": ["1", "2"]})
    with pytest.raises(TypeError, match=r"body holds a set .* Fix: use sorted\(value\)"):
        json_response(200, item)
    assert json.loads(json_response(200, {"sizes": sorted(item["sizes"])})["body"]) == {
        "sizes": [1, 2]
    }


@dataclass(frozen=True)
class InvoicePaid:
    """A tenant's billing event, as the audit handler of every tenant stack reads it."""

    tenant: str
    invoiceId: str
    amount: int
    rate: float = 1.0
    status: Literal["paid", "refunded"] = "paid"
    lines: list[dict[str, Any]] = field(default_factory=list)
    coupon: str | None = None
    meta: Any = None


def _paid(**detail: object) -> BridgeEvent:
    sent = {"tenant": "acme", "invoiceId": "i-1", "amount": 1250, **detail}
    event = eventbridge_event("saas.billing", "InvoicePaid", sent, event_id="e-1")
    return bridge_event(event, source="saas.billing", detail_type="InvoicePaid")


def test_a_detail_of_the_declared_types_is_read() -> None:
    paid = _paid(rate=2, status="refunded", lines=[{"sku": "a"}], coupon=None, meta=[1])
    assert paid.detail_as(InvoicePaid) == InvoicePaid(
        tenant="acme",
        invoiceId="i-1",
        amount=1250,
        rate=2,  # a whole number is a float's value: JSON writes 2.0 as 2
        status="refunded",
        lines=[{"sku": "a"}],
        meta=[1],
    )


def test_a_detail_value_of_another_type_than_its_field_is_refused_naming_each() -> None:
    # Proves (trial 54): a sender's "12" for amount: int reached the handler as a str,
    # which failed later in its arithmetic as a TypeError naming no field (retried, then
    # dead-lettered with that trace)
    paid = _paid(amount="12", rate=True, status="PAID", lines={}, coupon=5)
    with pytest.raises(MalformedBridgeEvent) as raised:
        paid.detail_as(InvoicePaid)
    assert str(raised.value) == (
        "the detail of event e-1 (saas.billing InvoicePaid) is not the InvoicePaid its "
        "fields declare: 'amount' is '12', a str, not int; 'rate' is True, a bool, not "
        "float; 'status' is 'PAID', a str, not Literal['paid', 'refunded']; 'lines' is {}, "
        "an object, not list[dict[str, Any]]; 'coupon' is 5, an int, not str | None. Fix: "
        "correct the sender, or annotate each field as what senders send (a union such as "
        "int | str, or Any)"
    )


def test_an_annotation_json_does_not_answer_takes_the_value_as_parsed() -> None:
    @dataclass(frozen=True)
    class Nested:
        when: datetime
        invoice: InvoicePaid

    event = eventbridge_event("s", "d", {"when": "2026-01-01", "invoice": {"tenant": "a"}})
    nested = bridge_event(event).detail_as(Nested)
    assert nested.when == "2026-01-01"  # type: ignore[comparison-overlap]
    assert nested.invoice == {"tenant": "a"}  # type: ignore[comparison-overlap]
