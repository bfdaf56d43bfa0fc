"""Valid apps next to the rules this session added (sweep51): each input here
synthesized before the rule and must still pass silently, or get a message that fits."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Annotations, Match

from constructs_lib import QueueWorker
from tests.support import echo_handler, new_app

# --- featureFlagText: aws-cdk-lib's context settings under @aws-cdk/ that are no flags


def _flag_warnings(stack: cdk.Stack) -> list[str]:
    found = Annotations.from_stack(stack).find_warning("*", Match.any_value())
    return [str(w.entry.data) for w in found if "featureFlagText" in str(w.entry.data)]


@pytest.mark.parametrize(
    ("key", "text"),
    [
        # -c @aws-cdk/core:stackResourceLimit=0: aws-cdk-lib parseInt()s it, 0 turns the
        # resource limit off, as meant
        ("@aws-cdk/core:stackResourceLimit", "0"),
        ("@aws-cdk/core:bootstrapQualifier", "off"),  # any qualifier text
        ("@aws-cdk/core:assetHashSalt", "0"),  # any salt text
        ("@aws-cdk/core.slowSynthThreshold", "0"),  # milliseconds
    ],
)
def test_a_context_setting_that_is_no_flag_is_silent(key: str, text: str) -> None:
    # GIVEN a setting aws-cdk-lib reads as a number or a text, given as text (as -c does)
    app = new_app(**{key: text})
    stack = cdk.Stack(app, "Test")
    # WHEN the library sets up a stack
    QueueWorker(stack, "Worker", handler=echo_handler(), alarms=False)
    # THEN it is not called a feature flag read as on
    assert _flag_warnings(stack) == []


def test_a_resource_limit_of_zero_text_turns_the_limit_off_as_meant() -> None:
    # aws-cdk-lib reads the text "0" as the number 0 (no limit): what was written
    app = new_app(**{"@aws-cdk/core:stackResourceLimit": "1"})
    stack = cdk.Stack(app, "Test")
    cdk.CfnWaitConditionHandle(stack, "A")
    cdk.CfnWaitConditionHandle(stack, "B")
    with pytest.raises(RuntimeError, match="Number of resources"):
        app.synth()
    app = new_app(**{"@aws-cdk/core:stackResourceLimit": "0"})
    stack = cdk.Stack(app, "Test")
    cdk.CfnWaitConditionHandle(stack, "A")
    cdk.CfnWaitConditionHandle(stack, "B")
    app.synth()  # no limit
