"""Shared fixtures: the demo app is synthesized once per test session."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from stacks import build_demo_app

ROOT = Path(__file__).resolve().parent.parent
CDK_CONTEXT: dict[str, Any] = json.loads((ROOT / "cdk.json").read_text())["context"]


def new_app(**context: Any) -> cdk.App:
    """An App with the same feature flags as cdk.json, so tests see what cdk synth sees."""
    return cdk.App(context={**CDK_CONTEXT, **context})


@dataclass(frozen=True)
class DemoSynth:
    """The demo app synthesized once: templates by stack name plus the cdk-nag report."""

    templates: dict[str, dict[str, Any]]
    validation_report: dict[str, Any] | None
    validation_error: str | None

    def template(self, stack_name: str) -> Template:
        return Template.from_json(self.templates[stack_name])


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoSynth:
    outdir = tmp_path_factory.mktemp("cdk.out")
    app = cdk.App(outdir=str(outdir), context=CDK_CONTEXT)
    stacks = build_demo_app(app)
    error = None
    try:
        app.synth()
    except RuntimeError as exc:  # cdk-nag findings fail synth after templates are written
        error = str(exc)
    report_file = outdir / "validation-report.json"
    report = json.loads(report_file.read_text()) if report_file.exists() else None
    templates = {
        name: json.loads((outdir / f"{stack.artifact_id}.template.json").read_text())
        for name, stack in stacks.items()
    }
    return DemoSynth(templates, report, error)
