"""A customer-managed KMS key of another account (``encryption_key``,
``dead_letter_queue_key``, ``TableOptions(encryption_key=)``): its key policy is its owner's,
so the library warns with the statement this account needs in it (fix39: it synthesized in
silence, and the deploy or every read and write failed with KMS access denied)."""

from __future__ import annotations

import json
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_kms as kms
from aws_cdk.assertions import Template

import constructs_lib as library
from constructs_lib._customer_keys import IMPORTED_KEY_POLICY_WARNING
from tests.support import echo_handler, new_app, new_stack
from tests.test_customer_keys import ENV, HANDLER

KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
OTHER_ACCOUNT = f"arn:aws:kms:eu-west-1:210987654321:key/{KEY_ID}"
SAME_ACCOUNT = f"arn:aws:kms:eu-west-1:123456789012:key/{KEY_ID}"


def _build(kind: str, arn: str, stack: cdk.Stack | None = None) -> tuple[cdk.Stack, Any]:
    stack = stack or cdk.Stack(new_app(), "Test", env=ENV)
    key = kms.Key.from_key_arn(stack, "Key", arn)
    if kind == "worker":
        return stack, library.QueueWorker(stack, "C", handler=HANDLER, encryption_key=key)
    if kind == "job":
        job = library.ScheduledJob(
            stack, "C", handler=HANDLER, schedule="rate(1 hour)", dead_letter_queue_key=key
        )
        return stack, job
    if kind == "handler":
        pattern = {"source": ["orders"]}
        return stack, library.EventHandler(
            stack, "C", handler=HANDLER, event_pattern=pattern, dead_letter_queue_key=key
        )
    api = library.ServerlessApi(
        stack,
        "C",
        routes={"GET /items": echo_handler()},
        auth=library.ApiAuth.iam(),
        table=library.TableOptions(encryption_key=key),
    )
    return stack, api


def _warnings(construct: Any) -> list[str]:
    return [
        str(entry.data)
        for entry in construct.node.metadata
        if entry.type == "aws:cdk:warning" and "of account 210987654321" in str(entry.data)
    ]


def _statement(message: str) -> dict[str, Any]:
    text = message.partition("The statement it needs: ")[2].partition(". Fix: ")[0]
    return json.loads(text)


@pytest.mark.parametrize(
    ("kind", "prop", "service"),
    [
        ("worker", "encryption_key", "sqs"),
        ("job", "dead_letter_queue_key", "sqs"),
        ("handler", "dead_letter_queue_key", "sqs"),
        ("api", "table.encryption_key", "dynamodb"),
    ],
)
def test_a_key_of_another_account_warns_with_the_statement_its_policy_needs(
    kind: str, prop: str, service: str
) -> None:
    # GIVEN a key of account 210987654321 for a stack of account 123456789012
    stack, construct = _build(kind, OTHER_ACCOUNT)
    # THEN it synthesizes (the owner may have allowed this account) with one warning naming
    # the prop, both accounts, the statement and how to acknowledge it
    (message,) = _warnings(construct)
    assert f"`{prop}` is the KMS key {OTHER_ACCOUNT} of account 210987654321, not" in message
    assert f"acknowledge '{IMPORTED_KEY_POLICY_WARNING}'" in message
    statement = _statement(message)
    assert statement["Principal"] == {"AWS": "arn:aws:iam::123456789012:root"}
    assert statement["Condition"]["StringEquals"] == {
        "kms:CallerAccount": "123456789012",
        "kms:ViaService": f"{service}.eu-west-1.amazonaws.com",
    }
    assert "kms:Decrypt" in statement["Action"]
    assert ("kms:CreateGrant" in statement["Action"]) is (service == "dynamodb")
    Template.from_stack(stack)  # and the stack synthesizes


@pytest.mark.parametrize("kind", ["worker", "job", "handler", "api"])
def test_a_key_of_the_stack_s_account_or_of_an_unknown_account_does_not_warn(kind: str) -> None:
    # the stack's own account, imported
    assert _warnings(_build(kind, SAME_ACCOUNT)[1]) == []
    # an environment-agnostic stack: its account is known at deploy time only
    assert _warnings(_build(kind, OTHER_ACCOUNT, new_stack())[1]) == []


def test_the_warning_can_be_acknowledged() -> None:
    stack = cdk.Stack(new_app(), "Test", env=ENV)
    cdk.Annotations.of(stack).acknowledge_warning(
        IMPORTED_KEY_POLICY_WARNING, "the key's owner allows this account through SQS"
    )
    _build("worker", OTHER_ACCOUNT, stack)
    found = [
        entry
        for entry in stack.node.find_all()
        for entry in entry.node.metadata
        if entry.type == "aws:cdk:warning"
    ]
    assert not [e for e in found if "of account 210987654321" in str(e.data)]
