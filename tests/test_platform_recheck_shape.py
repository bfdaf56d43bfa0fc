"""A function's architectures and runtime as the template has them, whatever its code
holds: an Aspect (or ``function.node.default_child``) setting several architectures, none,
or a Node/Java runtime on a Handler's Python code synthesized in silence (recheck47; only
aws-cdk-lib's CloudFormation validation warned of the list's length), and the deploy or
every invocation failed. The platform re-check against compiled extension modules is in
test_synth_rechecks."""

from __future__ import annotations

from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import aws_lambda as lambda_

from constructs_lib import Handler
from tests.test_synth_rechecks import _code_with, _Set, _synth, _synth_failure, _worker

FUNCTION = "(the function Test/Worker/Handler/Function/Resource)"
ARM_EXTENSION = "fast.cpython-314-aarch64-linux-gnu.so"
X86_64 = lambda_.Architecture.X86_64


@pytest.mark.parametrize(
    ("architectures", "extensions", "refused"),
    [
        (["arm64", "x86_64"], [], "a list of several"),
        (["arm64", "x86_64"], [ARM_EXTENSION], "a list of several"),  # the first one matched
        ([], [], "none"),
    ],
    ids=["several, pure Python", "several, first the bundled one", "none"],
)
def test_other_than_one_architecture_fails_the_synth(
    tmp_path: Path, architectures: list[str], extensions: list[str], refused: str
) -> None:
    handler = _code_with(tmp_path, *extensions)
    message = _synth_failure(
        _worker(handler=handler), _Set(lambda_.CfnFunction, architectures=architectures)
    )
    assert (
        f"[Test/Worker/Handler/Function] `architecture` is {architectures} in the template "
        f"{FUNCTION}: Lambda runs a function on exactly one architecture and refuses "
        f"{refused} at deploy. Something changed it after the function was built (an Aspect, "
        "or an escape hatch on its CfnFunction). Fix: leave the function out of what changed "
        "it, and set its architecture where the library bundles for it, "
        "Handler(architecture=...) or FunctionDefaults.of(scope).set(architecture=...)"
    ) in message


@pytest.mark.parametrize("runtime", ["nodejs22.x", "java21", "provided.al2023"])
def test_a_runtime_of_another_language_fails_the_synth(tmp_path: Path, runtime: str) -> None:
    # pure Python code: before, only code with extension modules was compared at all
    handler = _code_with(tmp_path)
    message = _synth_failure(_worker(handler=handler), _Set(lambda_.CfnFunction, runtime=runtime))
    assert (
        f"[Test/Worker/Handler/Function] `runtime` is {runtime} in the template {FUNCTION}, "
        f"but its code is Python, bundled for Python 3.14: Lambda's {runtime} cannot load "
        "it, so every invocation fails. Something changed it after the function was built"
    ) in message
    assert (
        "Fix: leave the function out of what changed it (an Aspect meant for functions of "
        "another language), and set the Python version where the library bundles for it, "
        "Handler(runtime=...) or FunctionDefaults.of(scope).set(runtime=...)"
    ) in message
    # said once, as a runtime of another language, not as extension modules of a Python
    assert message.count("`runtime`") == 1


def test_a_runtime_of_another_language_over_extension_modules_is_said_once(
    tmp_path: Path,
) -> None:
    handler = _code_with(tmp_path, ARM_EXTENSION)
    message = _synth_failure(
        _worker(handler=handler), _Set(lambda_.CfnFunction, runtime="nodejs22.x")
    )
    assert message.count("`runtime`") == 1
    assert "its code is Python, bundled for Python 3.14: Lambda's nodejs22.x" in message


def test_a_removed_runtime_fails_the_synth(tmp_path: Path) -> None:
    message = _synth_failure(
        _worker(handler=_code_with(tmp_path)), _Set(lambda_.CfnFunction, runtime=None)
    )
    assert (
        f"`runtime` not set in the template {FUNCTION}, but its code is Python, bundled for "
        "Python 3.14: Lambda refuses a .zip function without a runtime at deploy."
    ) in message


def test_arm64_over_code_bundled_for_x86_64_fails_the_synth(tmp_path: Path) -> None:
    # an x86_64 Handler's extension modules, the function moved to ARM64 by an escape hatch
    _code_with(tmp_path, "fast.cpython-314-x86_64-linux-gnu.so")
    handler = Handler(code=str(tmp_path), entry="app.handler", architecture=X86_64)

    def build(stack: cdk.Stack) -> None:
        worker = _worker(handler=handler)(stack)
        cfn = worker.function.node.default_child
        assert isinstance(cfn, lambda_.CfnFunction)
        cfn.architectures = ["arm64"]

    message = _synth_failure(build)
    assert (
        f"`architecture` is arm64 in the template {FUNCTION}, but its code was bundled for "
        "x86_64 and holds compiled extension modules built for it "
        "('fast.cpython-314-x86_64-linux-gnu.so'): Lambda's arm64 cannot load them"
    ) in message


@pytest.mark.parametrize(
    "aspect",
    [
        _Set(lambda_.CfnFunction, architectures=["x86_64"]),  # pure Python runs anywhere
        _Set(lambda_.CfnFunction, runtime="python3.13"),
        _Set(lambda_.CfnFunction, architectures=[cdk.Fn.ref("Architecture")]),
        _Set(lambda_.CfnFunction, runtime=cdk.Fn.ref("Runtime")),
    ],
    ids=["one other architecture", "another Python", "deploy-time arch", "deploy-time runtime"],
)
def test_one_architecture_and_a_python_synthesize(tmp_path: Path, aspect: _Set) -> None:
    _synth(_worker(handler=_code_with(tmp_path)), aspect).resource_count_is(
        "AWS::Lambda::Function", 1
    )
