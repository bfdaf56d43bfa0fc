"""How constructs_lib_runtime reaches a function: a QueueWorker's always has it, any other
zip function when its code imports it; an image importing it without a way in is warned of.

No test here runs pip: it is faked, or no code directory has a requirements.txt.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import aws_cdk as cdk
import pytest

from constructs_lib import (
    ApiAuth,
    BundlingError,
    EventHandler,
    Handler,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
)
from constructs_lib._bundling import import_scan
from constructs_lib._bundling.files import imports_module
from tests.support import new_app, warnings_of

SHARED = "from constructs_lib_runtime.sqs_batch import json_body\n"
ENTRY = "def handler(event, context):\n    return {}\n"


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "cache"))


def _code(root: Path, files: dict[str, str]) -> Path:
    for name, text in {"app.py": ENTRY, **files}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def _event_handler(stack: cdk.Stack, handler: Handler) -> None:
    EventHandler(stack, "OnOrder", handler=handler, event_pattern={"source": ["app.orders"]})


def _scheduled_job(stack: cdk.Stack, handler: Handler) -> None:
    ScheduledJob(stack, "Nightly", handler=handler, schedule="cron(0 2 * * ? *)")


def _api(stack: cdk.Stack, handler: Handler) -> None:
    ServerlessApi(stack, "Api", routes={"GET /orders": handler}, auth=ApiAuth.iam())


def _asset(build: Callable[[cdk.Stack, Handler], None], code: Path) -> Path:
    app = new_app()
    build(cdk.Stack(app, "Test"), Handler(code=code))
    directory = Path(app.synth().directory)
    (asset,) = [p for p in directory.glob("asset.*") if (p / "app.py").is_file()]
    return asset


@pytest.mark.parametrize("build", [_event_handler, _scheduled_job, _api])
def test_a_function_whose_code_imports_the_helpers_gets_them(
    tmp_path: Path, build: Callable[[cdk.Stack, Handler], None]
) -> None:
    # Proves (runtime trial): an EventHandler sharing a module with a worker (common.py,
    # importing the helpers) synthesized without them: its tests passed where the wheel is
    # installed, and on Lambda every event failed at the import (No module named ...)
    code = _code(tmp_path / "code", {"common.py": SHARED, "app.py": "import common\n" + ENTRY})
    asset = _asset(build, code)
    assert (asset / "constructs_lib_runtime" / "sqs_batch.py").is_file()
    assert (asset / "common.py").read_text() == SHARED


def test_a_module_in_a_linked_directory_counts(tmp_path: Path) -> None:
    # GIVEN the shared code in a directory the code directory links to (followed, as the
    # asset holds what the link points to)
    shared = _code(tmp_path / "libs" / "shared", {"orders.py": SHARED})
    code = _code(tmp_path / "code", {})
    (code / "shared").symlink_to(shared)
    asset = _asset(_event_handler, code)
    assert (asset / "constructs_lib_runtime" / "sqs_batch.py").is_file()


def test_a_link_back_into_the_code_is_walked_once(tmp_path: Path) -> None:
    # (bundling refuses such a link; the question whether the code imports the helpers,
    # asked first, must still end)
    code = _code(tmp_path / "code", {"pkg/mod.py": "import json\n"})
    (code / "pkg" / "up").symlink_to(code)
    assert not imports_module(code, "constructs_lib_runtime")


@pytest.mark.parametrize(
    "files",
    [
        {"app.py": "# constructs_lib_runtime is for QueueWorkers\n" + ENTRY},
        {"app.py": "import constructs_lib_runtime_extra\n" + ENTRY},
        {"tests/test_app.py": SHARED},  # tests are never bundled
        {"venv/pyvenv.cfg": "home = /usr/bin\n", "venv/lib/site.py": SHARED},
        {"notes.txt": SHARED},
        {"app.py": f'"""Shares a module with the worker, which does\n\n    {SHARED}"""\n' + ENTRY},
        {"app.py": f'USAGE = """\n{SHARED}"""\n' + ENTRY},
    ],
    ids=["comment", "other-module", "tests", "virtualenv", "not-python", "docstring", "string"],
)
def test_code_that_does_not_import_the_helpers_is_left_as_it_is(
    tmp_path: Path, files: dict[str, str]
) -> None:
    # Proves (sweep37, docstring and string): a line of a docstring or a string showing
    # the import put the helpers into the function
    # GIVEN code mentioning the helpers only where the function never imports them
    asset = _asset(_event_handler, _code(tmp_path / "code", files))
    # THEN its asset has no copy of them
    assert not (asset / "constructs_lib_runtime").exists()


@pytest.mark.parametrize(
    "source",
    [
        "import os, constructs_lib_runtime\n",
        "try:\n    from constructs_lib_runtime import testing\nexcept ImportError:\n    pass\n",
        # code the synthesizing Python cannot parse: the statement's shape counts
        "from constructs_lib_runtime import sqs_batch\nprint 'python 2'\n",
    ],
    ids=["several-modules", "nested", "unparsed"],
)
def test_every_import_statement_counts(tmp_path: Path, source: str) -> None:
    # Proves (sweep37, several-modules): 'import os, constructs_lib_runtime' was not seen,
    # and the function failed on Lambda at the import
    assert imports_module(_code(tmp_path / "code", {"app.py": source}), "constructs_lib_runtime")


def test_a_vendored_copy_is_not_mixed_with_the_librarys(tmp_path: Path) -> None:
    # Proves (sweep37): an EventHandler whose code carries its own copy of the helpers
    # (vendored, which it imports) got the library's files added to it: one package of
    # two versions
    mine = "def process_batch(event, handle):\n    return {}\n"
    code = _code(
        tmp_path / "code",
        {"vendor/constructs_lib_runtime/__init__.py": mine, "vendor/h.py": SHARED},
    )
    asset = _asset(_event_handler, code)
    assert not (asset / "constructs_lib_runtime").exists()
    assert (asset / "vendor" / "constructs_lib_runtime" / "__init__.py").read_text() == mine


def _fake_pip_installing(monkeypatch: pytest.MonkeyPatch, *packages: str) -> None:
    """pip "installs" constructs-lib 0.3.0 (its two packages), and ``packages`` beside."""

    def fake_pip(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        target = Path(next(a for a in args if a.startswith("--target=")).split("=", 1)[1])
        for package in packages:
            (target / package).mkdir()
            (target / package / "__init__.py").write_text("")
        info = target / "constructs_lib-0.3.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            "Metadata-Version: 2.4\nName: constructs-lib\nVersion: 0.3.0\n"
        )
        (info / "top_level.txt").write_text("constructs_lib\nconstructs_lib_runtime\n")
        return subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_pip)


def test_a_requirement_installing_the_helpers_is_a_bundling_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (runtime trial): a worker's requirements.txt pinning constructs-lib (to get
    # the helpers) synthesized a 246 MB function holding aws-cdk-lib, with the pinned
    # version's helpers overwritten file by file by the synthesizing one's
    code = _code(tmp_path / "code", {"requirements.txt": "constructs-lib==0.3.0\n"})
    _fake_pip_installing(monkeypatch, "constructs_lib", "constructs_lib_runtime")
    with pytest.raises(
        BundlingError,
        match=r"Test/Worker/Handler: .*requirements.txt installs constructs_lib_runtime \(with "
        r"constructs-lib 0.3.0\), which the library puts into this function itself.*Fix: "
        r"remove that requirement",
    ):
        QueueWorker(cdk.Stack(new_app(), "Test"), "Worker", handler=Handler(code=code))


def test_a_requirement_depending_on_the_library_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (sweep37): a team's package depending on constructs-lib got "requirements.txt
    # installs constructs_lib_runtime ... Fix: remove that requirement", naming none that
    # the file has
    code = _code(tmp_path / "code", {"requirements.txt": "team-handlers==1.2\n"})
    _fake_pip_installing(monkeypatch, "constructs_lib", "constructs_lib_runtime")
    real_run = subprocess.run

    def with_team_package(args: list[str], **kwargs: object) -> object:
        done = real_run(args, **kwargs)  # (the fake above)
        target = Path(next(a for a in args if a.startswith("--target=")).split("=", 1)[1])
        (target / "team_handlers-1.2.dist-info").mkdir()
        (target / "team_handlers-1.2.dist-info" / "METADATA").write_text(
            "Metadata-Version: 2.4\nName: team-handlers\nVersion: 1.2\n"
            "Requires-Dist: boto3\nRequires-Dist: Constructs_Lib>=0.3\n\n"
            "Name: a line of the description\n"
        )
        (target / "team_handlers-1.2.dist-info" / "top_level.txt").write_text("team\n")
        return done

    monkeypatch.setattr(subprocess, "run", with_team_package)
    with pytest.raises(BundlingError) as raised:
        QueueWorker(cdk.Stack(new_app(), "Test"), "Worker", handler=Handler(code=code))
    assert (
        "installs constructs_lib_runtime (with constructs-lib 0.3.0, a dependency of "
        "team-handlers 1.2)" in str(raised.value)
    )
    assert "Fix: remove constructs-lib from the dependencies of team-handlers 1.2" in str(
        raised.value
    )


def test_requirements_beside_the_helpers_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a worker whose requirements install other packages (constructs-lib's metadata
    # among them, without the helpers' package)
    code = _code(tmp_path / "code", {"requirements.txt": "requests==2.32.3\n"})
    _fake_pip_installing(monkeypatch, "requests")
    app = new_app()
    QueueWorker(cdk.Stack(app, "Test"), "Worker", handler=Handler(code=code))
    # THEN the asset holds both
    (asset,) = [p for p in Path(app.synth().directory).glob("asset.*") if (p / "app.py").exists()]
    assert (asset / "requests" / "__init__.py").is_file()
    assert (asset / "constructs_lib_runtime" / "sqs_batch.py").is_file()


DOCKERFILE = (
    'FROM amazon/aws-lambda-python:3.14\nCOPY . ${LAMBDA_TASK_ROOT}/\nCMD ["app.handler"]\n'
)


def _image_warnings(code: Path) -> list[str]:
    stack = cdk.Stack(new_app(), "Test")
    QueueWorker(stack, "Worker", handler=Handler.from_image(code), alarms=False)
    return warnings_of(stack, "imageWithoutRuntimeHelpers")


def test_an_image_importing_the_helpers_without_a_way_in_is_warned_of(tmp_path: Path) -> None:
    # Proves (runtime trial): a QueueWorker on an image whose handler imports process_batch
    # synthesized without a word; the image has no constructs_lib_runtime, so every batch
    # failed at the import
    code = _code(tmp_path / "image", {"Dockerfile": DOCKERFILE, "app.py": SHARED + ENTRY})
    (warning,) = _image_warnings(code)
    assert "imports constructs_lib_runtime, which the library puts into zip functions only" in (
        warning
    )
    assert "Fix: put a copy of the package there (python -m constructs_lib.runtime_copy " in warning


@pytest.mark.parametrize(
    "files",
    [
        {"constructs_lib_runtime/__init__.py": ""},  # a copy beside the Dockerfile
        {"Dockerfile": DOCKERFILE + "RUN pip install constructs-lib==0.4.0\n"},
        {"app.py": ENTRY},  # no import
        {"requirements.txt": "constructs-lib==0.4.0\n"},  # which the Dockerfile installs
        {"pyproject.toml": "[project]\nname = 'x'\ndependencies = ['constructs-lib']\n"},
        {"src/constructs_lib_runtime/__init__.py": ""},  # a copy below, vendored
        {"app.py": f'"""Unlike the worker, which does\n{SHARED}"""\n' + ENTRY},
    ],
    ids=["copied", "installed", "not-imported", "required", "pyproject", "vendored", "docstring"],
)
def test_an_image_with_the_helpers_or_without_the_import_is_not_warned_of(
    tmp_path: Path, files: dict[str, str]
) -> None:
    # Proves (sweep37, required to docstring): each was warned of, having the helpers or
    # not importing them
    code = _code(tmp_path / "image", {"Dockerfile": DOCKERFILE, "app.py": SHARED + ENTRY, **files})
    assert _image_warnings(code) == []


def _handlers(stack: cdk.Stack, code: Path, *ids: str) -> None:
    for id in ids:
        EventHandler(stack, id, handler=Handler(code=code), event_pattern={"source": [id]})


def test_functions_sharing_a_directory_read_it_once_per_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (fix38): each function read every Python file of its code directory again
    # (10 functions over a directory of 10 000 files: 10 scans, seconds of synth)
    scanned: list[Path] = []
    scan = import_scan.needs_package
    monkeypatch.setattr(import_scan, "needs_package", lambda d, p: scanned.append(d) or scan(d, p))
    code = _code(tmp_path / "code", {"common.py": "import os\n"})
    stack = cdk.Stack(new_app(), "Test")
    # WHEN three functions share the directory
    _handlers(stack, code, "A", "B", "C")
    # THEN it is read once
    assert scanned == [code]
    # AND a file added before the next function is read, as is another app's
    (code / "shared.py").write_text(SHARED)
    _handlers(stack, code, "D")
    _handlers(cdk.Stack(new_app(), "Other"), code, "E")
    assert scanned == [code] * 3


def test_a_directory_changed_between_two_apps_gets_what_it_imports_now(tmp_path: Path) -> None:
    # GIVEN a directory whose code does not import the helpers, bundled in one app
    code = _code(tmp_path / "code", {})
    assert not (_asset(_event_handler, code) / "constructs_lib_runtime").exists()
    # WHEN its file is rewritten in place to import them, for another app of the process
    (code / "app.py").write_text(SHARED + ENTRY)
    # THEN that app's function has them
    assert (_asset(_event_handler, code) / "constructs_lib_runtime" / "sqs_batch.py").is_file()
