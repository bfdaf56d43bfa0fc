"""Shared fixtures, each built once per session: the demo app, the default StaticSite."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from constructs_lib.static_site import StaticSite
from stacks import build_demo_app
from tests import installed
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


# --- the library as users install it (tests/installed.py) -------------------------------


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package built once per session (``pip wheel`` of a clean copy of the sources)."""
    return installed.build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="session")
def user_venv(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> installed.Venv:
    """A clean venv with only the wheel + aws-cdk-lib + constructs (the dev lock's pins)."""
    return installed.base_venv(tmp_path_factory.mktemp("venv") / "user", wheel)


@pytest.fixture(scope="session")
def cdk_nag_2_venv(
    tmp_path_factory: pytest.TempPathFactory, user_venv: installed.Venv
) -> installed.Venv:
    """``user_venv`` + cdk-nag 2 (the other major than the dev venv's)."""
    path = tmp_path_factory.mktemp("venv") / "cdk-nag-2"
    return installed.overlay_venv(path, user_venv, installed.CDK_NAG_2)


@pytest.fixture(scope="session")
def example_test_venv(
    tmp_path_factory: pytest.TempPathFactory, user_venv: installed.Venv
) -> installed.Venv:
    """``user_venv`` + what the examples' tests use (pytest, syrupy, cdk-nag 3)."""
    path = tmp_path_factory.mktemp("venv") / "example-tests"
    return installed.overlay_venv(path, user_venv, *installed.EXAMPLE_TEST_TOOLS)
