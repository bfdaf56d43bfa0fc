"""Shared fixtures, each built once per session: the demo app, the default StaticSite."""

from __future__ import annotations

import json
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from constructs_lib.static_site import StaticSite
from stacks import build_demo_app
from tests.static_site_support import api_url, build_site
from tests.support import CDK_CONTEXT, DemoSynth, new_stack


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


@pytest.fixture(scope="module")
def template(default: tuple[Any, Template]) -> Template:
    """The template of the module's ``default`` fixture, a (construct, template) pair."""
    return default[1]


@pytest.fixture(scope="session")
def default_site() -> tuple[StaticSite, Template]:
    # GIVEN a site whose page calls an HTTP API: runtime_config and api_origins get its URL
    stack = new_stack()
    url = api_url(stack)
    return build_site(stack, runtime_config={"apiUrl": url}, api_origins=[url])
