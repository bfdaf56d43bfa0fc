"""The context key that bundles dependencies for the host (the local emulator runs
functions on the host's Python and CPU); without it, bundling is for Lambda."""

from __future__ import annotations

import json
import sys

import pytest

from constructs_lib import BundlingError
from constructs_lib._bundling.platform import bundling_platform, host_platform

KEY = "constructs_lib:bundling_platform"


def test_without_the_key_bundling_is_for_the_function(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CDK_CONTEXT_JSON", raising=False)
    monkeypatch.delenv("CONTEXT_OVERFLOW_LOCATION_ENV", raising=False)
    assert bundling_platform("3.14", "arm64") == ("3.14", "arm64")


def test_host_bundles_for_this_interpreter_and_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CDK_CONTEXT_JSON", json.dumps({KEY: "host"}))
    python, architecture = bundling_platform("3.14", "arm64")
    assert python == f"{sys.version_info.major}.{sys.version_info.minor}"
    assert (python, architecture) == host_platform()


def test_the_key_is_read_from_the_cli_overflow_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: pytest.TempPathFactory
) -> None:
    overflow = tmp_path / "context.json"  # type: ignore[operator]
    overflow.write_text(json.dumps({KEY: "host"}))
    monkeypatch.delenv("CDK_CONTEXT_JSON", raising=False)
    monkeypatch.setenv("CONTEXT_OVERFLOW_LOCATION_ENV", str(overflow))
    assert bundling_platform("3.14", "arm64") == host_platform()


def test_an_unknown_value_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CDK_CONTEXT_JSON", json.dumps({KEY: "laptop"}))
    refused = r"is 'laptop', neither 'host' nor 'lambda'\. Fix:"
    with pytest.raises(BundlingError, match=refused) as raised:
        bundling_platform("3.14", "arm64")
    assert raised.value.prop == f"context {KEY!r}"


def test_a_functions_error_names_the_context_key_as_its_prop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Proves (sweep): the problem read "`context '...'` cannot be bundled for Lambda: ..."
    from constructs_lib import ConstructError, QueueWorker
    from tests.support import echo_handler, new_stack

    monkeypatch.setenv("CDK_CONTEXT_JSON", json.dumps({KEY: "laptop"}))
    stack = new_stack()
    stack.node.set_context(KEY, "laptop")
    with pytest.raises(ConstructError) as raised:
        QueueWorker(stack, "Worker", handler=echo_handler(), alarms=False)
    [problem] = raised.value.problems
    assert str(problem).startswith(
        f"Test/Worker/Handler: `context {KEY!r}` is 'laptop', neither 'host' nor 'lambda'. "
        "Fix: set the context key to 'host'"
    )
