"""Importing the library is cheap: each construct loads what it needs, and nothing calls
into aws-cdk-lib (the jsii kernel) before a construct is built."""

from __future__ import annotations

import json
import subprocess
import sys

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
