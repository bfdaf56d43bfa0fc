"""An imported key given as an alias (``kms.Alias.from_alias_attributes``, or by its name
under aws-kms's alias flag) is warned of as the key itself, by every construct whose queue
an AWS service sends to: one rule (``_customer_keys.allow_service``) for QueueWorker's
``sources`` (S3) and EventHandler's dead-letter queue (EventBridge)."""

from __future__ import annotations

from collections.abc import Callable

import aws_cdk as cdk
import pytest
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3

from constructs_lib import BucketEvents, EventHandler, QueueWorker
from constructs_lib._customer_keys import IMPORTED_KEY_POLICY_WARNING
from tests.support import echo_handler, new_app

HANDLER = echo_handler(timeout=cdk.Duration.seconds(30))
ENV = cdk.Environment(account="123456789012", region="eu-west-1")
KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
ALIAS_FLAG = "@aws-cdk/aws-kms:applyImportedAliasPermissionsToPrincipal"

Keys = Callable[[cdk.Stack], kms.IKey]
KEYS: dict[str, Keys] = {
    "key-arn": lambda stack: kms.Key.from_key_arn(stack, "Imported", KEY_ARN),
    "alias-attributes": lambda stack: kms.Alias.from_alias_attributes(
        stack,
        "Alias",
        alias_name="alias/orders",
        alias_target_key=kms.Key.from_key_arn(stack, "Imported", KEY_ARN),
    ),
    "alias-name-flag": lambda stack: kms.Alias.from_alias_name(stack, "Alias", "alias/orders"),
}


def _warned(stack: cdk.Stack) -> set[str]:
    return {
        construct.node.path
        for construct in stack.node.find_all()
        for entry in construct.node.metadata
        if entry.type == "aws:cdk:warning" and IMPORTED_KEY_POLICY_WARNING in str(entry.data)
    }


def _both(key: Keys) -> cdk.Stack:
    stack = cdk.Stack(new_app(**{ALIAS_FLAG: True}), "Test", env=ENV)
    shared = key(stack)
    QueueWorker(
        stack,
        "Worker",
        handler=HANDLER,
        encryption_key=shared,
        sources=[BucketEvents(s3.Bucket(stack, "Uploads"))],
    )
    EventHandler(
        stack,
        "Orders",
        handler=HANDLER,
        event_pattern={"source": ["orders"]},
        dead_letter_queue_key=shared,
    )
    return stack


@pytest.mark.parametrize("key", KEYS.values(), ids=KEYS.keys())
def test_a_worker_with_sources_and_an_event_handler_warn_alike(key: Keys) -> None:
    # Checked (fix42, reported as the worker's gap): the same imported key, as a key or
    # an alias, is warned of by both; the warning names the statement S3 or EventBridge needs
    assert _warned(_both(key)) == {"Test/Worker/Queue", "Test/Orders"}


def test_an_alias_of_a_key_of_the_app_is_not_warned_of() -> None:
    # the alias passes the statement on to its key, whose policy the app writes
    assert (
        _warned(
            _both(
                lambda stack: kms.Alias.from_alias_attributes(
                    stack,
                    "Alias",
                    alias_name="alias/orders",
                    alias_target_key=kms.Key(stack, "Key"),
                )
            )
        )
        == set()
    )
