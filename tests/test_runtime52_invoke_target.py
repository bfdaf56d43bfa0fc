"""Runtime helpers' papercuts (runtime52): the deployment hook's invoke_target answer is
typed (a TypedDict mypy --strict reads) and still the same dict.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from constructs_lib_runtime import deployment_hooks
from tests.support import mypy_strict

# --- invoke_target's answer, typed -----------------------------------------------------


class _Lambda:
    def invoke(self, **_: object) -> dict[str, Any]:
        from io import BytesIO

        return {"StatusCode": 200, "Payload": BytesIO(b'{"statusCode": 200}')}


def test_invoke_target_answers_the_same_dict(monkeypatch: pytest.MonkeyPatch) -> None:
    arn = "arn:aws:lambda:us-east-1:123456789012:function:api:7"
    monkeypatch.setenv(deployment_hooks.TARGET_VERSION_VARIABLE, arn)
    answer = deployment_hooks.invoke_target({"rawPath": "/health"}, client=_Lambda())
    assert type(answer) is dict
    assert answer == {"status_code": 200, "function_error": None, "payload": {"statusCode": 200}}
    assert deployment_hooks.InvokeAnswer.__required_keys__ == frozenset(answer)


def test_mypy_strict_sees_invoke_targets_keys(tmp_path: Path) -> None:
    # Proves: the answer was dict[str, Any]: a misspelt key and a str taken for the status
    # passed mypy --strict and failed in the hook, at deploy
    source = tmp_path / "hook.py"
    source.write_text(
        "from constructs_lib_runtime.deployment_hooks import invoke_target\n\n"
        "def check(target: str) -> None:\n"
        "    answer = invoke_target({'rawPath': '/health'})\n"
        "    status: int = answer['status_code']\n"
        "    error: str | None = answer['function_error']\n"
        "    reply = answer['status']\n"
        "    label: str = answer['status_code']\n"
    )
    out, status = mypy_strict(source, tmp_path / "cache")
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert status == 1, out
    assert [line.split(":")[1] for line in errors] == ["7", "8"], out
    assert '"InvokeAnswer" has no key "status"' in errors[0]
    assert 'has type "int", variable has type "str"' in errors[1]
