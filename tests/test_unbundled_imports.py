"""A function whose code imports a module its asset will not hold is warned of at synth:
a monorepo's shared package next to the service, a dependency declared only in the
service's pyproject.toml. Imports that may be meant to fail are not.

No test here runs pip: no code directory has a requirements.txt, or pip is faked.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Annotations, Match

from constructs_lib import ApiAuth, FunctionDefaults, Handler, QueueWorker, ServerlessApi
from constructs_lib._bundling.unbundled_imports import asset_modules, unbundled_imports
from tests.support import new_app, write_tree

ENTRY = "def handler(event, context):\n    return {}\n"


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "cache"))


def _warnings(
    code: Path, defaults: dict[str, object] | None = None, **handler: object
) -> list[str]:
    stack = cdk.Stack(new_app(), "Test")
    if defaults:
        FunctionDefaults.of(stack).set(**defaults)
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /orders": Handler(code=code, **handler)},
        auth=ApiAuth.iam(),
        alarms=False,
    )
    found = Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp(".*"))
    return [str(w.entry.data) for w in found if "importNotBundled" in str(w.entry.data)]


def test_a_shared_package_outside_the_code_directory_is_warned_of(tmp_path: Path) -> None:
    # Proves (user trial, a monorepo): services/orders/handlers/orders_api.py imports the
    # shared libs/common, importable in the tests (pythonpath) and missing on Lambda; the
    # app synthesized without a word and every invocation would fail at the import
    write_tree(tmp_path / "libs" / "common", {"common/__init__.py": "import json\n"})
    code = write_tree(
        tmp_path / "services" / "orders", {"app.py": "import os\n\nfrom common import ok\n" + ENTRY}
    )
    (warning,) = _warnings(code)
    assert f"the function's code ({code}) imports 'common' (app.py line 3)" in warning
    assert "would fail with ModuleNotFoundError on every invocation" in warning
    assert (
        "Fix: add the import directory of a package of yours (a monorepo's shared code) to "
        "the Handler's include, Handler(include=['<path to it>/common'])"
    ) in warning
    assert (
        "If a layer you add to the function provides it (function.add_layers(...), which this "
        "check cannot see), acknowledge the warning after adding it: cdk.Annotations.of("
        "<construct>.function).acknowledge_warning('constructs_lib:importNotBundled', '<the "
        "layer> provides <module>'), or on a scope above several functions (a Stage, the "
        "App): each stage's function warns, as each is deployed on its own."
    ) in warning


def test_a_shared_package_linked_into_the_code_directory_passes(tmp_path: Path) -> None:
    # GIVEN the README's way: the shared package's import directory linked into the code
    shared = write_tree(
        tmp_path / "libs" / "common",
        {"common/__init__.py": "from .db import x\n", "common/db.py": "x = 1\n"},
    )
    code = write_tree(tmp_path / "orders", {"app.py": "from common import x\n" + ENTRY})
    os.symlink(shared / "common", code / "common")
    # THEN no warning, and the link's own relative import is found in the asset
    assert _warnings(code) == []


def test_what_a_linked_shared_package_imports_is_followed(tmp_path: Path) -> None:
    # GIVEN a linked shared package importing a dependency the service does not list
    shared = write_tree(
        tmp_path / "libs" / "common",
        {
            "common/__init__.py": "from .models import Order\n",
            "common/models.py": "import pydantic\n\nclass Order: ...\n",
        },
    )
    code = write_tree(tmp_path / "orders", {"app.py": "import common\n" + ENTRY})
    os.symlink(shared / "common", code / "common")
    (warning,) = _warnings(code)
    assert "imports 'pydantic' (common/models.py line 1)" in warning


def test_a_dependency_declared_only_in_the_services_pyproject_is_warned_of(
    tmp_path: Path,
) -> None:
    # Proves (user trial): services/billing/pyproject.toml declares requests, the code
    # directory services/billing/handlers has no requirements.txt: nothing bundled it
    write_tree(
        tmp_path / "billing",
        {"pyproject.toml": '[project]\nname = "b"\nversion = "1"\ndependencies = ["requests"]\n'},
    )
    code = write_tree(
        tmp_path / "billing" / "handlers",
        {"app.py": "import requests\nimport yaml, json\n" + ENTRY},
    )
    (warning,) = _warnings(code)
    assert "imports 'requests' (app.py line 1); 'yaml' (app.py line 2)" in warning
    assert "uv export --no-dev --no-emit-project -o requirements.txt" in warning


OPTIONAL_OR_PROVIDED = {
    "stdlib and runtime": "from __future__ import annotations\nimport json, os.path\n"
    "import boto3\nfrom botocore.config import Config\nimport dateutil, jmespath\n"
    "import __main__\n",
    "try ImportError": "try:\n    import ujson as json\nexcept ImportError:\n    import json\n",
    "try tuple": "try:\n    import orjson\nexcept (ModuleNotFoundError, OSError):\n"
    "    orjson = None\n",
    "if TYPE_CHECKING": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
    "    from mypy_boto3_s3 import S3Client\n",
    "version check": "import sys\nif sys.version_info < (3, 11):\n    import tomli\n",
    "main guard": "if __name__ == '__main__':\n    import pytest\n",
    # the fallback runs only when the first import failed, the else only when it worked
    "guard's fallback": "try:\n    import orjson\nexcept ImportError:\n"
    "    import ujson as orjson\n",
    "guard's else": "try:\n    import sentry_sdk\nexcept ImportError:\n    sentry_sdk = None\n"
    "else:\n    from sentry_sdk.integrations import aws_lambda\n",
    "suppress": "import contextlib\nwith contextlib.suppress(ImportError):\n    import ujson\n",
    "local module": "from lib.db import table\nimport helpers\n",
    "the library's helpers": "from constructs_lib_runtime.sqs_batch import process_batch\n",
}


@pytest.mark.parametrize("source", OPTIONAL_OR_PROVIDED.values(), ids=OPTIONAL_OR_PROVIDED)
def test_provided_and_optional_imports_pass(tmp_path: Path, source: str) -> None:
    # GIVEN the imports, and one the asset does not hold (so the scan is seen to run)
    code = write_tree(
        tmp_path / "code",
        {
            "app.py": source + ENTRY + "import not_bundled\n",
            "lib/__init__.py": "",
            "lib/db.py": "table = None\n",
            "helpers.py": "",
        },
    )
    # THEN only that one is warned of
    (warning,) = _warnings(code)
    assert re.findall(r"'(\w+)' \(app\.py line \d+\)", warning) == ["not_bundled"]


def test_imports_next_to_a_guard_that_always_run_are_reported(tmp_path: Path) -> None:
    # GIVEN imports beside guards: a guard's finally, an except that is no import guard, a
    # suppress of something else, a with that suppresses nothing
    code = write_tree(
        tmp_path / "code",
        {
            "app.py": "import contextlib\ntry:\n    import a\nexcept ImportError:\n    a = None\n"
            "finally:\n    import b\ntry:\n    x = {}['k']\nexcept KeyError:\n    import c\n"
            "with contextlib.suppress(KeyError):\n    import d\n"
            "with open(__file__):\n    import e\n" + ENTRY,
        },
    )
    # THEN each of them is reported, the guarded one not
    missing = unbundled_imports(code, "app", frozenset({"app", "contextlib"}))
    assert sorted(missing) == ["b", "c", "d", "e"]


def test_code_that_changes_its_import_path_is_not_second_guessed(tmp_path: Path) -> None:
    # GIVEN a handler that puts its vendored directory on sys.path before importing from it
    code = write_tree(
        tmp_path / "code",
        {
            "app.py": "import os, sys\n"
            "sys.path.insert(0, os.path.join(os.path.dirname(__file__), 'vendor'))\n"
            "import yaml\n" + ENTRY,
            "vendor/yaml/__init__.py": "",
        },
    )
    # THEN no warning: where its imports come from is the code's own business
    assert _warnings(code) == []


def test_powertools_passes_with_its_layer_only(tmp_path: Path) -> None:
    # GIVEN Powertools and the extras its layer ships (aws-lambda-powertools[all]): the
    # Parser's pydantic models, the Tracer's X-Ray SDK, the Validation's fastjsonschema
    code = write_tree(
        tmp_path / "code",
        {
            "app.py": "from aws_lambda_powertools import Logger\nfrom pydantic import BaseModel\n"
            "import aws_xray_sdk, fastjsonschema, typing_extensions\n" + ENTRY
        },
    )
    assert _warnings(code, powertools=True) == []
    assert _warnings(code, defaults={"powertools": True}) == []  # the scope's, resolved
    (warning,) = _warnings(code)
    assert re.findall(r"'(\w+)' \(app\.py", warning) == [
        "aws_lambda_powertools",
        "aws_xray_sdk",
        "fastjsonschema",
        "pydantic",
        "typing_extensions",
    ]


def test_a_listed_requirement_is_found_in_the_asset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN requests listed in requirements.txt (pip faked: it writes the package)
    def fake_run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        target = Path(next(a for a in cmd if a.startswith("--target=")).split("=", 1)[1])
        (target / "requests").mkdir(parents=True)
        (target / "requests" / "__init__.py").write_text("")
        (target / "_cffi_backend.cpython-314-aarch64-linux-gnu.so").write_bytes(b"")
        return subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_run)
    code = write_tree(
        tmp_path / "code",
        {
            "requirements.txt": "requests==2.32.3\n",
            "app.py": "import requests, _cffi_backend\n" + ENTRY,
        },
    )
    stack = cdk.Stack(new_app(), "Test")
    QueueWorker(stack, "Worker", handler=Handler(code=code), alarms=False)
    found = Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp(".*"))
    assert [w for w in found if "importNotBundled" in str(w.entry.data)] == []


def test_imports_inside_functions_count_and_relative_ones_resolve(tmp_path: Path) -> None:
    code = write_tree(
        tmp_path / "code",
        {
            "app.py": "from pkg import mod\n\ndef handler(event, context):\n    import httpx\n",
            "pkg/__init__.py": "from . import mod\n",
            "pkg/mod.py": "from . import sub\nfrom .deep.inner import f\nimport attrs\n",
            "pkg/sub.py": "",
            "pkg/deep/__init__.py": "",
            "pkg/deep/inner.py": "from ..sub import x\nfrom ... import pkg\nimport yaml\n",
        },
    )
    missing = unbundled_imports(code, "app", frozenset({"pkg", "app"}))
    assert {name: line for name, (_, line) in missing.items()} == {
        "httpx": 4,
        "attrs": 3,
        "...pkg": 2,  # pkg/deep/inner.py: three dots from a package two deep
        "yaml": 3,
    }


def test_a_relative_import_above_the_code_directory_is_warned_of(tmp_path: Path) -> None:
    # GIVEN a code directory that is a package, whose tests import it as one (from
    # orders.app import handler), so its modules' relative imports pass there
    code = write_tree(
        tmp_path / "orders",
        {
            "__init__.py": "",
            "app.py": "from .models import Order\n" + ENTRY,
            "models.py": "class Order: ...\n",
        },
    )
    # THEN Lambda, importing app as a top-level module, fails at it: warned, with the fix
    (warning,) = _warnings(code)
    assert "imports '.models' (app.py line 1)" in warning
    assert "import from the code directory's top (from models import ...)" in warning
    # a package in the code directory keeps its relative imports
    write_tree(
        code,
        {
            "app.py": "from lib.db import table\n" + ENTRY,
            "lib/__init__.py": "",
            "lib/db.py": "from .conn import table\nfrom . import conn\n",
            "lib/conn.py": "table = None\n",
        },
    )
    assert _warnings(code) == []


def _staged_workers(code: Path) -> tuple[cdk.App, list[QueueWorker]]:
    app = new_app()
    workers = [
        QueueWorker(cdk.Stack(cdk.Stage(app, stage), "Work"), "Worker", handler=Handler(code=code))
        for stage in ("Dev", "Prod")
    ]
    return app, workers


def _stage_warnings(app: cdk.App) -> list[str]:
    assembly = app.synth()
    return [
        f"{stack.hierarchical_id}: {message.entry.data}"
        for stage in ("Dev", "Prod")
        for stack in assembly.get_nested_assembly(f"assembly-{stage}").stacks
        for message in stack.messages
        if "importNotBundled" in str(message.entry.data)
    ]


def test_a_function_in_two_stages_warns_in_each(tmp_path: Path) -> None:
    # GIVEN one code directory importing a package it will not have, in two stages: two
    # functions, each deployed on its own (cdk deploy 'Prod/*' shows Prod's warnings only)
    code = write_tree(tmp_path / "orders", {"app.py": "import common\n" + ENTRY})
    app, _ = _staged_workers(code)
    # THEN each stage's function warns once
    assert [w.split(":")[0] for w in _stage_warnings(app)] == ["Dev/Work", "Prod/Work"]


def test_a_layer_added_after_construction_is_acknowledged_on_the_function(tmp_path: Path) -> None:
    # Proves (fix41): the warning was on the function's parent construct, so the
    # acknowledgement on worker.function (next to its add_layers) left it in place
    code = write_tree(tmp_path / "orders", {"app.py": "import common\n" + ENTRY})
    app, workers = _staged_workers(code)
    for worker in workers:
        layer_arn = "arn:aws:lambda:us-east-1:123456789012:layer:common:1"
        layer = cdk.aws_lambda.LayerVersion.from_layer_version_arn(worker, "Common", layer_arn)
        worker.function.add_layers(layer)
        cdk.Annotations.of(worker.function).acknowledge_warning(
            "constructs_lib:importNotBundled", "the common layer provides common"
        )
    assert _stage_warnings(app) == []


def test_one_acknowledgement_on_the_app_covers_every_stage(tmp_path: Path) -> None:
    code = write_tree(tmp_path / "orders", {"app.py": "import common\n" + ENTRY})
    app, _ = _staged_workers(code)
    cdk.Annotations.of(app).acknowledge_warning("constructs_lib:importNotBundled", "a layer")
    assert _stage_warnings(app) == []


def test_an_assets_modules_are_named_as_include_names_them(tmp_path: Path) -> None:
    # GIVEN an asset's root with a package, a module, an extension module, a dotted module
    # file and a directory Python cannot import
    write_tree(tmp_path, {"pkg/__init__.py": "", "a.py": "", "my.util.py": "", "x.txt": ""})
    (tmp_path / "_speedups.cpython-314-aarch64-linux-gnu.so").write_bytes(b"")
    (tmp_path / "bad-dir").mkdir()

    # THEN the importable names are those import_name gives: `my.util.py` is no module `my`
    assert asset_modules(tmp_path) == {"pkg", "a", "_speedups"}
