"""A small team's test-first, multi-tenant SaaS app and its handlers (trial 54): a stack
per tenant, named after the tenant, and API handlers answering the items they read from
the tenant's table."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from boto3.dynamodb.types import TypeDeserializer

from constructs_lib_runtime.http import json_response


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
