"""Canaries of tools/local/ministack_fixes.py, run in the emulator's own venv.

For each fix: the pinned ministack still has the defect (else: an upgrade fixed it,
delete the fix) and the fix works (else: the fix broke). Plus the loopback guard.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from tools.local import emulator

FIXES = (
    "metric_math_alarms",
    "security_group_ingress",
    "flow_log",
    "custom_resource_timeout",
    "bucket_deployment",
    "http_api_case",
    "local_jwks",
    "codedeploy",
    "settled_stack_answers",
    "generic_error_body",
)


@pytest.fixture(scope="module")
def canaries(emulator_environment: None) -> dict[str, Any]:
    result = subprocess.run(
        [str(emulator.EMULATOR_PYTHON), str(emulator.HERE / "ministack_fixes.py"), "--canaries"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"},
    )
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_every_fix_has_a_canary(canaries: dict[str, Any]) -> None:
    assert set(canaries["fixes"]) == set(FIXES)


@pytest.mark.parametrize("fix", FIXES)
def test_the_pinned_emulator_still_has_the_defect(canaries: dict[str, Any], fix: str) -> None:
    result = canaries["fixes"][fix]
    assert "error" not in result, result.get("error")
    assert result["defect"], (
        f"ministack no longer shows the defect '{result['defect_text']}': "
        f"delete the fix {fix!r} from tools/local/ministack_fixes.py"
    )


@pytest.mark.parametrize("fix", FIXES)
def test_the_fix_works(canaries: dict[str, Any], fix: str) -> None:
    result = canaries["fixes"][fix]
    assert "error" not in result, result.get("error")
    assert result["fixed"], f"fix {fix!r} no longer works around: {result['defect_text']}"


def test_the_emulator_process_reaches_nothing_but_loopback(canaries: dict[str, Any]) -> None:
    assert canaries["loopback_guard"] == {
        "refused_connect": True,
        "refused_lookup": True,
        "loopback_ok": True,
        # Proves (user trial): during `make dev` a function worker using Powertools' Tracer
        # had a UDP socket on 0.0.0.0 (X-Ray's emitter sending unbound)
        "datagram_on_loopback": True,
        "refused_datagram": True,
        "wildcard_bind_on_loopback": True,
    }
