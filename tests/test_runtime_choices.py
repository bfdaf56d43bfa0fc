"""Handler(runtime=, architecture=): the way out for a dependency without a wheel for the
newest Python on arm64; the defaults stay Python 3.14 on arm64."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk

from constructs_lib import QueueWorker
from tests.support import (
    CDK_CONTEXT,
    RuleCase,
    assert_rule,
    build,
    echo_handler,
    nag_findings,
    rule_cases,
)


def _function(**options: Any) -> dict[str, Any]:
    _, template = build(QueueWorker, "Worker", handler=echo_handler(**options))
    (function,) = template.find_resources("AWS::Lambda::Function").values()
    return dict(function["Properties"])


def test_the_defaults_are_the_newest_python_on_arm64() -> None:
    properties = _function()
    assert (properties["Runtime"], properties["Architectures"]) == ("python3.14", ["arm64"])


def test_an_older_python_on_x86_64_when_asked() -> None:
    properties = _function(runtime="3.12", architecture="x86_64")
    assert (properties["Runtime"], properties["Architectures"]) == ("python3.12", ["x86_64"])


def test_the_chosen_runtime_leaves_no_cdk_nag_finding_for_the_user(tmp_path: Path) -> None:
    # GIVEN a function the user put on Python 3.13 (cdk-nag flags non-latest runtimes)
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    QueueWorker(cdk.Stack(app, "Older"), "Worker", handler=echo_handler(runtime="3.13"))
    # THEN the library acknowledges it, naming the user's choice as the reason
    assert nag_findings(app, tmp_path) == set()


RULES: list[RuleCase] = [
    ("unknown runtime", {"runtime": "3.9"}, r"`handler.runtime` is '3.9'; the library builds"),
    ("runtime as a float", {"runtime": 3.12}, r"`handler.runtime` is 3.12"),
    ("unknown architecture", {"architecture": "aarch64"}, r"`handler.architecture` is 'aarch64'"),
]


@rule_cases(RULES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(lambda **p: build(QueueWorker, "Worker", handler=echo_handler(**p)), props, message)
