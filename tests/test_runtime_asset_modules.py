"""A function gets the modules of constructs_lib_runtime a handler runs, not the builders
of test events (``testing`` and the private modules only it imports): an edit to them
changes no function's asset, and a handler importing them is warned of at synth.

No test here runs pip: no code directory has a requirements.txt.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest

from constructs_lib import Handler, QueueWorker
from constructs_lib._core import function as function_core
from constructs_lib._core.function import RUNTIME_PACKAGE
from constructs_lib._library_files import shipped_modules
from tests.function_warnings import function_warnings
from tests.support import new_app, write_tree

ENTRY = "def handler(event, context):\n    return {}\n"
TESTING = "from constructs_lib_runtime.testing import sqs_event\n"
WARNING = "runtimeTestingImported"

# Decided for each module: a function's asset holds these ...
SHIPPED = {
    "__init__",
    "_authorizer",
    "bridge_events",
    "_detail_types",
    "_callbacks",
    "deployment_hooks",
    "_event_sources",
    "_json",
    "_kinds",
    "_log_lines",
    "http",
    "s3_events",
    "sns_messages",
    "sqs_batch",
    "stream_batch",
    "_time_left",
}
# ... and not these, for tests only
LEFT_OUT = {
    "testing",
    "_body_encoding",
    "_bridge_events",
    "_dynamodb_json",
    "_event_checks",
    "_http_events",
    "_other_events",
    "_request_parts",
    "_route_parameters",
    "_sqs_message_attributes",
    "_sqs_records",
    "_stream_events",
    "_stream_records",
    "_stream_windows",
    "_times",
}


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "cache"))


def test_every_module_of_the_helpers_is_decided() -> None:
    # A new module is shipped when a shipped one imports it, left out when only testing
    # does: this list makes its author say which they meant
    modules = {file.stem for file in RUNTIME_PACKAGE.glob("*.py")}
    assert modules == SHIPPED | LEFT_OUT, (
        "a module of constructs_lib_runtime was added or removed: put it into SHIPPED (a "
        "handler runs it) or LEFT_OUT (for tests only), and check shipped_modules agrees"
    )
    assert shipped_modules(RUNTIME_PACKAGE) == SHIPPED
    # flat: shipped_modules reads modules, not subpackages
    assert not [p for p in RUNTIME_PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"]


def test_the_shipped_modules_import_without_the_others(tmp_path: Path) -> None:
    # GIVEN only the shipped files, as a function's asset holds them
    copy = tmp_path / "asset" / RUNTIME_PACKAGE.name
    copy.mkdir(parents=True)
    for module in SHIPPED:
        shutil.copy2(RUNTIME_PACKAGE / f"{module}.py", copy / f"{module}.py")
    # WHEN a Python with nothing else on its path (-S: no site-packages, where the
    # library is installed) imports each of them, and testing
    script = (
        "import importlib, json, sys\n"
        f"sys.path[:0] = [{str(copy.parent)!r}]\n"
        "found = {}\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n"
        "        importlib.import_module('constructs_lib_runtime.' + name)\n"
        "        found[name] = 'ok'\n"
        "    except ImportError as error:\n"
        "        found[name] = type(error).__name__\n"
        "print(json.dumps(found))\n"
    )
    names = [*sorted(SHIPPED - {"__init__"}), "testing"]
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", script, *names],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    # THEN each shipped module imports, and testing is not there to import
    found = json.loads(done.stdout)
    shipped = {name: "ok" for name in SHIPPED - {"__init__"}}
    assert found == {**shipped, "testing": "ModuleNotFoundError"}


def _assets(app: cdk.App) -> list[Path]:
    directory = Path(app.synth().directory)
    return [p for p in directory.glob("asset.*") if (p / "app.py").is_file()]


def test_a_workers_asset_holds_the_shipped_modules_only(tmp_path: Path) -> None:
    # Proves (assets42): every QueueWorker's asset held testing.py and the six modules
    # only it imports, 1 000 lines no handler runs
    app = new_app()
    code = write_tree(tmp_path / "code", {"app.py": ENTRY})
    QueueWorker(cdk.Stack(app, "Test"), "Worker", handler=Handler(code=code), alarms=False)
    (asset,) = _assets(app)
    assert {p.name for p in (asset / RUNTIME_PACKAGE.name).iterdir()} == {
        f"{module}.py" for module in SHIPPED
    }


def _worker_asset_hash(code: Path) -> str:
    stack = cdk.Stack(new_app(), "Test")
    QueueWorker(stack, "Worker", handler=Handler(code=code), alarms=False)
    template = cdk.assertions.Template.from_stack(stack).to_json()
    (function,) = [
        r for r in template["Resources"].values() if r["Type"] == "AWS::Lambda::Function"
    ]
    return str(function["Properties"]["Code"]["S3Key"])


def test_an_edit_to_a_test_helper_changes_no_function_asset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (assets42): a changed test helper changed the asset hash of every function
    # using the helpers, and an upgrade of the library redeployed them all
    # GIVEN the helpers as a copy this test may edit
    runtime = tmp_path / "runtime" / RUNTIME_PACKAGE.name
    shutil.copytree(RUNTIME_PACKAGE, runtime, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(function_core, "RUNTIME_PACKAGE", runtime)
    code = write_tree(tmp_path / "code", {"app.py": ENTRY})
    before = _worker_asset_hash(code)
    # WHEN testing.py and a module only it imports change
    with (runtime / "testing.py").open("a") as file:
        file.write("\n\ndef a_new_builder() -> None:\n    pass\n")
    with (runtime / "_http_events.py").open("a") as file:
        file.write("\n# a comment\n")
    # THEN the function's asset is the same
    assert _worker_asset_hash(code) == before
    # AND an edit to a module a handler runs does change it
    with (runtime / "sqs_batch.py").open("a") as file:
        file.write("\n# a comment\n")
    assert _worker_asset_hash(code) != before


def _warnings(code: Path, stack: cdk.Stack | None = None, **handler: Any) -> list[str]:
    return function_warnings(WARNING, code, stack, **handler)


@pytest.mark.parametrize(
    ("files", "shown"),
    [
        ({"app.py": TESTING + ENTRY}, "constructs_lib_runtime.testing (app.py line 1)"),
        (
            {"app.py": "import os\nimport constructs_lib_runtime.testing as t\n" + ENTRY},
            "constructs_lib_runtime.testing (app.py line 2)",
        ),
        (
            {"app.py": "from constructs_lib_runtime import testing, sqs_batch\n" + ENTRY},
            "constructs_lib_runtime.testing (app.py line 1)",
        ),
        (
            {"app.py": "import common\n" + ENTRY, "common.py": "import json\n" + TESTING},
            "constructs_lib_runtime.testing (common.py line 2)",
        ),
        (
            {"app.py": "from constructs_lib_runtime._http_events import http_api_event\n" + ENTRY},
            "constructs_lib_runtime._http_events (app.py line 1)",
        ),
    ],
    ids=["from-import", "import-as", "from-package", "reached-module", "private-module"],
)
def test_a_handler_importing_the_test_helpers_is_warned_of(
    tmp_path: Path, files: dict[str, str], shown: str
) -> None:
    # Proves (assets42): with the test helpers left out of the asset, a handler importing
    # them passes its tests and fails on Lambda at the import: said at synth
    code = write_tree(tmp_path / "code", files)
    (warning,) = _warnings(code)
    assert f"the function's code ({code}) imports {shown}" in warning
    assert "fails with ModuleNotFoundError on every invocation" in warning
    assert "Fix: import them in the tests only" in warning
    assert "acknowledge_warning('constructs_lib:runtimeTestingImported'" in warning


def test_shared_code_importing_the_test_helpers_is_warned_of(tmp_path: Path) -> None:
    shared = write_tree(tmp_path / "libs" / "common", {"__init__.py": TESTING})
    code = write_tree(tmp_path / "code", {"app.py": "import common\n" + ENTRY})
    (warning,) = _warnings(code, include=[shared])
    assert f"imports constructs_lib_runtime.testing ({shared / '__init__.py'} line 1)" in warning


@pytest.mark.parametrize(
    "files",
    [
        {"app.py": "from constructs_lib_runtime.sqs_batch import process_batch\n" + ENTRY},
        {"app.py": "from constructs_lib_runtime import http, s3_events\n" + ENTRY},
        # tests in the code directory: never bundled, or never imported by the entry
        {"app.py": ENTRY, "tests/test_app.py": TESTING},
        {"app.py": ENTRY, "test_app.py": "import app\n" + TESTING},
        # a guarded import, which may fail
        {"app.py": f"try:\n    {TESTING}except ImportError:\n    pass\n" + ENTRY},
        # a vendored copy holding testing, which the asset then holds
        {
            "app.py": TESTING + ENTRY,
            "constructs_lib_runtime/__init__.py": "",
            "constructs_lib_runtime/testing.py": "def sqs_event(): ...\n",
        },
    ],
    ids=["worker-helpers", "public-modules", "tests-dir", "test-beside", "guarded", "vendored"],
)
def test_code_that_runs_no_test_helper_is_not_warned_of(
    tmp_path: Path, files: dict[str, str]
) -> None:
    assert _warnings(write_tree(tmp_path / "code", files)) == []


def test_the_warning_can_be_acknowledged(tmp_path: Path) -> None:
    # GIVEN a handler whose import of testing never runs on Lambda (a function only its
    # tests call), acknowledged
    code = write_tree(tmp_path / "code", {"app.py": ENTRY + f"\ndef _sample():\n    {TESTING}"})
    assert len(_warnings(code)) == 1
    assert _warnings(code, acknowledged="only the tests call _sample") == []


def test_every_form_of_import_within_the_package_is_followed(tmp_path: Path) -> None:
    # GIVEN a package whose public modules import its others in each way Python allows
    package = write_tree(
        tmp_path / "pkg",
        {
            "__init__.py": "",
            "a.py": "from . import b\n",
            "b.py": "from .c import x\n",
            "c.py": "x = 1\n",
            "d.py": "def later():\n    import pkg.e\n",
            "e.py": "from pkg import _g\n",
            "_g.py": "if False:\n    from pkg._h import y\n",
            "_h.py": "",
            "_only_tests.py": "",
            "testing.py": "from pkg._only_tests import z\nfrom . import a\n",
        },
    )
    # THEN each module they reach is shipped, and none only testing reaches
    assert shipped_modules(package) == {"__init__", "a", "b", "c", "d", "e", "_g", "_h"}


def test_the_modules_are_parsed_once_per_content_and_an_edit_is_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (issue #13): every function with the helpers parsed each of the package's
    # modules again, half of the library's Python time in building a QueueWorker
    # GIVEN a package listed once, and ast.parse counted from then on (each module's text
    # is this test's own: the parses of other tests' packages are remembered too)
    own = f"# {tmp_path}\n"
    package = write_tree(
        tmp_path / "pkg", {f"{m}.py": f"{own}# {m}\n" for m in ("__init__", "a", "b")}
    )
    assert shipped_modules(package) == {"__init__", "a", "b"}
    parsed: list[bytes] = []
    parse = ast.parse
    monkeypatch.setattr(ast, "parse", lambda s, *a: parsed.append(s) or parse(s))
    # WHEN it is listed again THEN no module is parsed again
    assert shipped_modules(package) == {"__init__", "a", "b"}
    assert parsed == []
    # WHEN a module is edited THEN that module alone is parsed again, and what it now
    # imports is shipped
    (package / "a.py").write_text(f"{own}from . import _c\n")
    (package / "_c.py").write_text(f"{own}# _c\n")
    assert shipped_modules(package) == {"__init__", "a", "b", "_c"}
    assert sorted(parsed) == sorted(
        f"{own}{text}\n".encode() for text in ("from . import _c", "# _c")
    )
