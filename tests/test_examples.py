"""The example apps run against constructs_lib as an installed package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT

pytestmark = pytest.mark.slow  # a subprocess synth against the installed package


def test_hello_api_example_synthesizes_from_the_installed_package(tmp_path: Path) -> None:
    # -I: no script directory, cwd or PYTHONPATH on sys.path, so only the installed
    # package can satisfy `import constructs_lib`.
    env = {**os.environ, "CDK_OUTDIR": str(tmp_path)}
    env.pop("PYTHONPATH", None)
    subprocess.run(
        [sys.executable, "-I", str(ROOT / "examples" / "hello_api" / "app.py")],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    template = json.loads((tmp_path / "HelloApi.template.json").read_text())
    types = [r["Type"] for r in template["Resources"].values()]
    assert types.count("AWS::Lambda::Function") == 1
    assert types.count("AWS::ApiGatewayV2::Route") == 2
