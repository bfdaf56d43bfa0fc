"""Canaries of tools/local/ministack_fixes/, run in the emulator's own venv.

For each fix: the pinned ministack still has the defect (else: an upgrade fixed it,
delete the fix) and the fix works (else: the fix broke). Plus the loopback guard.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
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
        [str(emulator.EMULATOR_PYTHON), "-m", "ministack_fixes", "--canaries"],
        cwd=emulator.HERE,  # the package is ministack_fixes there, as ministack_server.py has it
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env=_ENV,
    )
    return json.loads(result.stdout)  # type: ignore[no-any-return]


_ENV = {"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"}
#: ministack_server.py's way: tools/local on sys.path, a bare import of the package, its
#: two calls (every fix applied to the pinned ministack); then each module of it
_IMPORT_AS_THE_SERVER_DOES = """
import importlib, json, pkgutil, sys
sys.path.insert(0, sys.argv[1])
import ministack_fixes
ministack_fixes.apply_loopback_guard()
ministack_fixes.apply_all()
from ministack.services.cloudformation import provisioners
modules = sorted(m.name for m in pkgutil.iter_modules(ministack_fixes.__path__))
for name in modules:
    importlib.import_module("ministack_fixes." + name)
print(json.dumps({
    "modules": modules,
    "fixes": [fix.name for fix in ministack_fixes.FIXES],
    "provisioned": sorted(t for t in provisioners._RESOURCE_HANDLERS if "CodeDeploy" in t),
}))
"""


def test_the_emulator_s_python_applies_the_fixes_as_the_server_does(
    emulator_environment: None, tmp_path: Path
) -> None:
    # Proves (code54): ministack_fixes.py was split into a package of modules; the server's
    # bare import and calls work in the emulator's venv (its own botocore), and every
    # module of the package imports there
    state = {"TMPDIR": str(tmp_path), "S3_DATA_DIR": str(tmp_path / "s3")}
    result = subprocess.run(
        [str(emulator.EMULATOR_PYTHON), "-c", _IMPORT_AS_THE_SERVER_DOES, str(emulator.HERE)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**_ENV, **state, "STATE_DIR": str(tmp_path / "state"), "AWS_REGION": "us-east-1"},
    )
    imported = json.loads(result.stdout)
    assert imported["modules"] == sorted(
        p.stem for p in (emulator.HERE / "ministack_fixes").glob("*.py") if p.stem != "__init__"
    )
    assert imported["fixes"] == list(FIXES)
    assert imported["provisioned"] == [
        "AWS::CodeDeploy::Application",
        "AWS::CodeDeploy::DeploymentGroup",
    ]


def test_every_fix_has_a_canary(canaries: dict[str, Any]) -> None:
    assert set(canaries["fixes"]) == set(FIXES)


@pytest.mark.parametrize("fix", FIXES)
def test_the_pinned_emulator_still_has_the_defect(canaries: dict[str, Any], fix: str) -> None:
    result = canaries["fixes"][fix]
    assert "error" not in result, result.get("error")
    assert result["defect"], (
        f"ministack no longer shows the defect '{result['defect_text']}': "
        f"delete the fix {fix!r} from tools/local/ministack_fixes/"
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
