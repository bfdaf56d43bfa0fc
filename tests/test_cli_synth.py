"""The README's main job: the pinned CDK CLI synthesizes the demo app (app.py, cdk.json)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import DEMO_STACKS, ROOT

pytestmark = pytest.mark.slow  # the CLI synthesizes the whole demo app


def test_pinned_cdk_cli_synthesizes_every_demo_stack(tmp_path: Path) -> None:
    cli = ROOT / "node_modules" / ".bin" / "cdk"
    if not cli.exists():
        pytest.skip("node_modules/.bin/cdk missing: run `make test` (it runs npm ci)")
    version = json.loads((ROOT / "node_modules" / "aws-cdk" / "package.json").read_text())
    assert version["version"].startswith("2.1148."), "aws-cdk 3.x cannot read this assembly"
    # cdk runs `python app.py` with the first python (and node) on PATH: this venv's, also
    # when the suite runs as .venv/bin/pytest from a shell without the venv activated
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    env = {
        **os.environ,
        "PATH": path,
        "CDK_DISABLE_CLI_TELEMETRY": "true",
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    node = shutil.which("node", path=env.get("PATH"))
    assert node is not None
    subprocess.run(
        [str(cli), "synth", "--no-notices", "--quiet", "--output", str(tmp_path)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    expected = {f"{name}.template.json" for name in DEMO_STACKS}
    assert expected <= {p.name for p in tmp_path.glob("*.template.json")}
