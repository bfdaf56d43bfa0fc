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


# --- parallel runs: `make test` is `pytest -n auto --dist loadgroup --no-loadscope-reorder`

#: Session fixtures worth building once per run: every test that uses one (directly or
#: through another fixture) runs in that xdist group, on one worker, which builds it once.
SHARED_FIXTURE_GROUPS: dict[str, str] = {"demo": "demo", "default_site": "site"}
#: Markers that make a group of their own (a browser, the local emulator): run together,
#: scheduled first, still part of every run.
GROUP_MARKERS: tuple[str, ...] = ("browser", "deploy_local")


def _xdist_group(item: pytest.Item) -> str:
    for marker in GROUP_MARKERS:
        if item.get_closest_marker(marker) is not None:
            return marker
    fixtures = getattr(item, "fixturenames", ())
    for fixture, group in SHARED_FIXTURE_GROUPS.items():
        if fixture in fixtures:
            return group
    # otherwise the test's module: module-scoped fixtures are built by one worker
    return item.nodeid.split("::", 1)[0]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Puts every test in an xdist group (an explicit ``xdist_group`` mark wins) and moves
    the groups holding a ``slow`` or group-marked test to the front, in their order, so the
    long ones start first instead of ending a parallel run on one worker."""
    groups: dict[pytest.Item, str] = {}
    for item in items:
        marker = item.get_closest_marker("xdist_group")
        if marker is None:
            groups[item] = _xdist_group(item)
            item.add_marker(pytest.mark.xdist_group(groups[item]))
        else:
            groups[item] = str(marker.args[0] if marker.args else marker.kwargs.get("name"))
    first = {
        groups[item]
        for item in items
        if item.get_closest_marker("slow") is not None
        or groups[item] in GROUP_MARKERS
        or groups[item] in SHARED_FIXTURE_GROUPS.values()
    }
    items.sort(key=lambda item: groups[item] not in first)  # stable: order kept otherwise
