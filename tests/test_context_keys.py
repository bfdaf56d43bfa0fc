"""Context keys meant for the library but spelt so that it never reads them: each is a
ConstructError with the key it meant, not a setting ignored without a word."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from constructs_lib import ConstructError, QueueWorker
from tests.support import echo_handler, new_app


@pytest.mark.parametrize(
    ("key", "value", "meant"),
    [
        ("constructs_lib.dashboard", True, "constructs_lib:dashboard"),
        ("constructs-lib:alarm_topic", "ops", "constructs_lib:alarm_topic"),
        ("Constructs_Lib:dashboard", True, "constructs_lib:dashboard"),
        ("constructs_lib/dashboard", True, "constructs_lib:dashboard"),
        ("constructslib:log_encryption_key", "x", "constructs_lib:log_encryption_key"),
        ("constructs_lib::bundling_platform", "host", "constructs_lib:bundling_platform"),
    ],
)
def test_a_key_with_a_misspelt_prefix_names_the_key_it_meant(
    key: str, value: Any, meant: str
) -> None:
    # Proves (bad inputs, round 38): only keys starting with exactly 'constructs_lib:' were
    # checked; these were ignored: no dashboard, no alarm topic, no log key
    stack = cdk.Stack(new_app(**{key: value}), "Test")
    with pytest.raises(ConstructError) as raised:
        QueueWorker(stack, "Worker", handler=echo_handler())
    assert f"Test: `context {key!r}` is not a context key constructs_lib reads" in str(raised.value)
    assert f"Fix: did you mean {meant!r}?" in str(raised.value)


def test_keys_nested_under_the_library_name_say_the_context_is_flat() -> None:
    # Proves (bad inputs, round 38): cdk.json's {"constructs_lib": {"dashboard": true}}
    # was ignored
    nested = {"constructs_lib": {"dashboard": True, "alarm_topic": "ops"}}
    stack = cdk.Stack(new_app(**nested), "Test")
    with pytest.raises(
        ConstructError,
        match=r"Test: `context 'constructs_lib'` holds keys nested under it; CDK's context "
        r"is flat.*Fix: write each key whole at the top of cdk.json's context: "
        r"'constructs_lib:dashboard', 'constructs_lib:alarm_topic'",
    ):
        QueueWorker(stack, "Worker", handler=echo_handler())


def test_keys_of_other_libraries_with_a_similar_name_are_not_refused() -> None:
    others = {
        "constructs_library:setting": "x",
        "my_constructs_lib:dashboard": True,
        "constructs:dashboard": True,
        "libconstructs:x": 1,
        "constructs_lib:dashboard": "false",
    }
    stack = cdk.Stack(new_app(**others), "Test")
    QueueWorker(stack, "Worker", handler=echo_handler())
    Template.from_stack(stack).resource_count_is("AWS::CloudWatch::Dashboard", 0)
