"""``sqs_record(message_attributes=...)``: a sender's MessageAttributes in the record as
Lambda hands them (``messageAttributes`` with ``md5OfMessageAttributes``), from Python
values or boto3's form; those SQS refuses fail as SendMessage would (a handler reading
``record["messageAttributes"]`` had to build the record by hand before)."""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import boto3
import pytest
from moto import mock_aws

from constructs_lib_runtime.testing import sqs_event, sqs_record


def _sent(attributes: Mapping[str, Any]) -> dict[str, Any]:
    """What SQS (moto's, in process) answers SendMessage with these attributes, and the
    message as ReceiveMessage hands it."""
    with mock_aws():
        sqs = boto3.client("sqs", region_name="us-east-1")
        url = sqs.create_queue(QueueName="uploads")["QueueUrl"]
        sent = sqs.send_message(QueueUrl=url, MessageBody="{}", MessageAttributes=attributes)
        (message,) = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"])["Messages"]
    return {"md5": sent["MD5OfMessageAttributes"], "attributes": message["MessageAttributes"]}


BOTO3_FORM = {
    "channel": {"DataType": "String", "StringValue": "web"},
    "attempt": {"DataType": "Number", "StringValue": "2"},
    "price": {"DataType": "Number.cents", "StringValue": "250"},
    "thumbnail": {"DataType": "Binary", "BinaryValue": b"\x89PNG\x00"},
    "Trace-Id.v1": {"DataType": "String.uuid", "StringValue": "Ünïcode ✓"},
}


def test_the_attributes_are_as_sqs_sends_them_with_its_digest() -> None:
    record = sqs_record("{}", message_attributes=BOTO3_FORM)
    sent = _sent(BOTO3_FORM)
    assert record["md5OfMessageAttributes"] == sent["md5"]
    assert record["messageAttributes"]["thumbnail"] == {
        "binaryValue": base64.b64encode(b"\x89PNG\x00").decode(),
        "stringListValues": [],
        "binaryListValues": [],
        "dataType": "Binary",
    }
    for name, received in sent["attributes"].items():
        value = record["messageAttributes"][name]
        assert value["dataType"] == received["DataType"]
        if "StringValue" in received:
            assert value["stringValue"] == received["StringValue"]


def test_python_values_are_typed_as_a_sender_would_send_them() -> None:
    given = {"channel": "web", "attempt": 2, "ratio": 0.25, "total": Decimal("12.50"), "raw": b"x"}
    record = sqs_record("{}", message_attributes=given)
    types = {name: v["dataType"] for name, v in record["messageAttributes"].items()}
    assert types == {
        "channel": "String",
        "attempt": "Number",
        "ratio": "Number",
        "total": "Number",
        "raw": "Binary",
    }
    values = {name: v.get("stringValue") for name, v in record["messageAttributes"].items()}
    assert values == {
        "channel": "web",
        "attempt": "2",
        "ratio": "0.25",
        "total": "12.50",
        "raw": None,
    }
    boto3_form = {
        "channel": {"DataType": "String", "StringValue": "web"},
        "attempt": {"DataType": "Number", "StringValue": "2"},
        "ratio": {"DataType": "Number", "StringValue": "0.25"},
        "total": {"DataType": "Number", "StringValue": "12.50"},
        "raw": {"DataType": "Binary", "BinaryValue": b"x"},
    }
    assert record["md5OfMessageAttributes"] == _sent(boto3_form)["md5"]


def test_a_record_without_attributes_is_unchanged() -> None:
    record = sqs_record("{}")
    assert record["messageAttributes"] == {}
    assert "md5OfMessageAttributes" not in record
    assert sqs_record("{}", message_attributes={}) == record


def test_a_fifo_record_takes_them_and_the_event_holds_them() -> None:
    record = sqs_record("{}", queue="orders.fifo", group_id="g-1", message_attributes={"a": "b"})
    (held,) = sqs_event(record)["Records"]
    assert held["messageAttributes"]["a"]["stringValue"] == "b"


@pytest.mark.parametrize(
    ("attributes", "error", "match"),
    [
        pytest.param(
            ["channel"],
            TypeError,
            r"is a list; it is a dict.*Fix: pass a dict, e\.g\.",
            id="a list",
        ),
        pytest.param(
            {f"a{i}": "x" for i in range(11)},
            ValueError,
            r"has 11 attributes; SQS takes at most 10",
            id="eleven",
        ),
        pytest.param({"": "x"}, ValueError, r"name '' is none SQS takes", id="empty name"),
        pytest.param({"AWS.trace": "x"}, ValueError, r"not starting with 'AWS\.'", id="AWS. name"),
        pytest.param({"amazon.x": "x"}, ValueError, r"'Amazon\.'", id="amazon. name"),
        pytest.param({".a": "x"}, ValueError, r"not first or last", id="leading dot"),
        pytest.param({"a..b": "x"}, ValueError, r"never two in a row", id="two dots"),
        pytest.param({"a b": "x"}, ValueError, r"Fix: rename it, e\.g\. 'a_b'", id="a space"),
        pytest.param({1: "x"}, TypeError, r"the name 1, an int; names are strings", id="int name"),
        pytest.param({"a": ""}, ValueError, r"\['a'\] is ''; SQS refuses an attribute", id="empty"),
        pytest.param({"a": b""}, ValueError, r"is b''", id="empty bytes"),
        pytest.param({"a": True}, TypeError, r"no boolean.*'true' \(a String\) or 1", id="bool"),
        pytest.param({"a": None}, TypeError, r"is None; an attribute is a str", id="None"),
        pytest.param({"a": {"k": 1}}, ValueError, r"\['DataType'\] is None", id="a plain dict"),
        pytest.param({"a": ["x"]}, TypeError, r"is a list.*json\.dumps", id="a list value"),
        pytest.param({"a": float("nan")}, ValueError, r"38 significant digits", id="nan"),
        pytest.param({"a": float("inf")}, ValueError, r"between -10\^128 and 10\^126", id="inf"),
        pytest.param({"a": 10**127}, ValueError, r"send it as a String", id="too large"),
        pytest.param(
            {"a": Decimal("1." + "1" * 40)}, ValueError, r"38 significant", id="precision"
        ),
        pytest.param({"a": "\x00"}, ValueError, r"U\+0000.*InvalidMessageContents", id="NUL"),
        pytest.param(
            {"a": {"DataType": "Text", "StringValue": "x"}},
            ValueError,
            r"'String', 'Number' or 'Binary'",
            id="unknown type",
        ),
        pytest.param(
            {"a": {"DataType": "Number", "StringValue": "two"}},
            ValueError,
            r"\['a'\] is 'two'; SQS takes a Number",
            id="not a number",
        ),
        # Decimal() reads these, SendMessage does not (bad44: they built a record)
        *(
            pytest.param(
                {"a": {"DataType": "Number", "StringValue": text}},
                ValueError,
                rf"\['a'\] is {re.escape(repr(text))}; SQS takes a Number",
                id=f"number text {text!r}",
            )
            for text in (" 1 ", "1_000", "\u0663", "1 000")
        ),
        pytest.param(
            {"a": {"DataType": "Number", "StringValue": 2}},
            TypeError,
            r"\['StringValue'\] is an int.*str\(value\)",
            id="number not text",
        ),
        pytest.param(
            {"a": {"DataType": "Binary", "StringValue": "x"}},
            ValueError,
            r"carries its value in BinaryValue \(not StringValue\)",
            id="binary as string",
        ),
        pytest.param(
            {"a": {"DataType": "Binary", "BinaryValue": "eA=="}},
            TypeError,
            r"boto3 takes bytes",
            id="binary as base64 text",
        ),
        pytest.param(
            {"a": {"DataType": "String"}}, ValueError, r"with no StringValue", id="no value"
        ),
    ],
)
def test_attributes_sqs_refuses_fail_naming_the_fix(
    attributes: Any, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=r"^sqs_record: " + r"(.|\n)*" + match):
        sqs_record("{}", message_attributes=attributes)


@pytest.mark.parametrize("text", ["250", "-0.5", "+3", ".5", "10.", "1e5", "2.5E-3", "007"])
def test_a_number_s_text_as_a_sender_writes_it_is_kept(text: str) -> None:
    # the ASCII check refusing ' 1 ' and '1_000' leaves every number's usual spelling
    given = {"a": {"DataType": "Number.cents", "StringValue": text}}
    record = sqs_record("{}", message_attributes=given)
    assert record["messageAttributes"]["a"]["stringValue"] == text


def test_the_attributes_count_toward_the_message_size() -> None:
    body = "x" * (1024 * 1024 - 10)
    sqs_record(body)  # fits alone
    with pytest.raises(ValueError, match=r"body with message_attributes is \d+ bytes; SQS"):
        sqs_record(body, message_attributes={"channel": "web-shop"})
