"""Synthesizes the demo app, plus the stack of features the demo does not use
(``feature_tour.py``), with whatever cdk-nag the running venv has (via
constructs_lib.enable_checks) and prints, as JSON, that cdk-nag's version, where
constructs_lib came from and every cdk-nag finding.

Run by tests/test_installed_wheel.py as ``python -E -s demo_cdk_nag.py OUTDIR`` would run
it, in the clean venv's process after the examples' synths, with cdk-nag 2's directory
appended to ``sys.path`` (tests/conftest.py, ``wheel_apps``): the repository is put *after*
site-packages, so ``stacks`` comes from the repository and ``constructs_lib`` from the wheel.
"""

from __future__ import annotations

import json
import sys
from importlib import metadata
from pathlib import Path

import aws_cdk as cdk
from aws_cdk import aws_s3 as s3

ROOT = Path(__file__).resolve().parents[2]
sys.path.append(str(ROOT))
sys.path.append(str(Path(__file__).resolve().parent))

from feature_tour import build_feature_tour  # noqa: E402

import constructs_lib  # noqa: E402
from stacks import build_demo_app  # noqa: E402

context = json.loads((ROOT / "cdk.json").read_text())["context"]
app = cdk.App(outdir=sys.argv[1], context=context)
# cdk-nag 2's Aspects stop at a Stage: enable_checks (in build_demo_app) gives each stage its
# own. This stage's one finding (a bucket without access logs) is the proof they reach it.
s3.Bucket(cdk.Stack(cdk.Stage(app, "StageControl"), "Checked"), "NoLogs", enforce_ssl=True)
build_demo_app(app)
build_feature_tour(app)
# aws-cdk-lib's built-in template validation runs here as in a user's `cdk synth`; a stack
# without resources is its one finding (F0001), the proof that it ran over this app
cdk.CfnOutput(cdk.Stack(app, "BuiltinRulesControl"), "Nothing", value="no resources")
findings: list[str] = []
try:
    assembly = app.synth()
except RuntimeError as exc:  # cdk-nag 3: findings fail synth
    findings.append(str(exc))
else:  # cdk-nag 2: findings are error and warning annotations
    findings = [
        f"{message.level.name} {message.id} {message.entry.data}"
        for stack in [
            *assembly.stacks,
            *(s for nested in assembly.nested_assemblies for s in nested.nested_assembly.stacks),
        ]
        for message in stack.messages
        if "AwsSolutions-" in str(message.entry.data) or "Serverless-" in str(message.entry.data)
    ]
print(
    json.dumps(
        {
            "cdk_nag": metadata.version("cdk-nag"),
            "constructs_lib": constructs_lib.__file__,
            "findings": findings,
        }
    )
)
