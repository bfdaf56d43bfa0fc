"""Context keys meant for the library but spelt so that it never reads them: each is a
ConstructError with the key it meant, not a setting ignored without a word."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cloudwatch as cloudwatch
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
    _refused(
        rf"Test: `context {re.escape(repr(key))}` is not a context key constructs_lib reads.*"
        rf"Fix: did you mean {re.escape(repr(meant))}\?",
        **{key: value},
    )


def _refused(match: str, **context: Any) -> None:
    """A QueueWorker in a stack of an app with ``context`` fails, matching ``match``."""
    stack = cdk.Stack(new_app(**context), "Test")
    with pytest.raises(ConstructError, match=match):
        QueueWorker(stack, "Worker", handler=echo_handler())


def test_keys_nested_under_the_library_name_say_the_context_is_flat() -> None:
    # Proves (bad inputs, round 38): cdk.json's {"constructs_lib": {"dashboard": true}}
    # was ignored
    _refused(
        r"Test: `context 'constructs_lib'` holds keys nested under it; CDK's context "
        r"is flat.*Fix: write each key whole at the top of cdk.json's context: "
        r"'constructs_lib:dashboard', 'constructs_lib:alarm_topic'",
        constructs_lib={"dashboard": True, "alarm_topic": "ops"},
    )


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


def test_a_key_at_the_top_of_cdk_json_says_to_move_it_into_context(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (bad inputs, round 38): {"app": ..., "constructs_lib:dashboard": true} next
    # to "app" is a setting of the CLI, never handed to the app: no dashboard, in silence
    settings = {"app": "python3 app.py", "constructs_lib:dashboard": True, "context": {}}
    (tmp_path / "cdk.json").write_text(json.dumps(settings))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CDK_CLI_VERSION", "2.1148.0")  # run by the CDK CLI
    _refused(
        r"Test: `cdk.json 'constructs_lib:dashboard'` is at the top level of cdk.json, "
        r"where the CDK CLI reads its own settings.*Fix: move it into cdk.json's \"context\": "
        r"\{\"constructs_lib:dashboard\": ...\}"
    )
    # AND outside the CLI (a test's App), or with the key under "context", nothing is read
    monkeypatch.delenv("CDK_CLI_VERSION")
    outside = QueueWorker(cdk.Stack(new_app(), "Test"), "Worker", handler=echo_handler())
    monkeypatch.setenv("CDK_CLI_VERSION", "2.1148.0")
    settings = {"app": "python3 app.py", "context": {"constructs_lib:dashboard": True}}
    (tmp_path / "cdk.json").write_text(json.dumps(settings))
    under = QueueWorker(cdk.Stack(new_app(), "Test"), "Worker", handler=echo_handler())
    # (the CLI hands "context" to the app; this App is not given it: no dashboard either)
    for worker in (outside, under):
        stack = cdk.Stack.of(worker)
        assert not [c for c in stack.node.find_all() if isinstance(c, cloudwatch.CfnDashboard)]
