"""Handler(include=[...]): a monorepo's shared package (or module) beside the service is
copied into the function's asset root, so ``import common`` works on Lambda as in the tests;
no symlink needed (Windows, git without core.symlinks).

No test here runs pip: no code directory has a requirements.txt, or pip is faked.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    BundlingError,
    ConstructError,
    Handler,
    ScheduledJob,
    ServerlessApi,
)
from tests.support import new_app, warnings_of, write_tree

ENTRY = "def handler(event, context):\n    return {'total': total(2, 3)}\n"


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "cache"))


def _monorepo(root: Path) -> tuple[Path, Path]:
    """services/orders/handlers importing libs/common/common: (code, shared package)."""
    shared = write_tree(
        root / "libs" / "common",
        {
            "pyproject.toml": "[project]\nname = 'common'\nversion = '1'\n",
            "common/__init__.py": "from .maths import total\n",
            "common/maths.py": "def total(a, b):\n    return a + b\n",
            "common/tests/test_maths.py": "def test(): pass\n",
            "common/__pycache__/maths.cpython-314.pyc": "bytecode",
        },
    )
    code = write_tree(
        root / "services" / "orders", {"app.py": "from common import total\n" + ENTRY}
    )
    return code, shared / "common"


def _job(stack: cdk.Stack, handler: Handler, id: str = "Nightly") -> ScheduledJob:
    return ScheduledJob(stack, id, handler=handler, schedule="cron(0 2 * * ? *)", alarms=False)


def _asset(handler: Handler) -> Path:
    app = new_app()
    _job(cdk.Stack(app, "Test"), handler)
    (asset,) = [p for p in Path(app.synth().directory).glob("asset.*") if (p / "app.py").is_file()]
    return asset


def _problems(handler: Handler) -> list[str]:
    with pytest.raises(ConstructError) as raised:
        _job(cdk.Stack(new_app(), "Test"), handler)
    return [str(p) for p in raised.value.problems]


def test_the_asset_holds_the_included_package_beside_the_code(tmp_path: Path) -> None:
    # GIVEN the shared package outside the code directory, named in include
    code, common = _monorepo(tmp_path)
    asset = _asset(Handler(code=code, include=[common]))
    # THEN it sits in the asset's root as the code directory's files do: caches and tests out
    assert (asset / "app.py").is_file()
    assert (asset / "common" / "maths.py").read_text() == "def total(a, b):\n    return a + b\n"
    assert not (asset / "common" / "tests").exists()
    assert not (asset / "common" / "__pycache__").exists()
    assert not (asset / "pyproject.toml").exists()


def test_the_handler_imports_the_included_package_from_the_asset_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a package and a single module included (a relative path, from the working
    # directory as code's is)
    code, _ = _monorepo(tmp_path)
    write_tree(tmp_path / "libs", {"util.py": "def shout(text):\n    return text.upper()\n"})
    (code / "app.py").write_text(
        "from common import total\nfrom util import shout\n\n"
        "def handler(event, context):\n    return {'total': total(2, 3), 'says': shout('ok')}\n"
    )
    monkeypatch.chdir(tmp_path)
    asset = _asset(Handler(code=code, include=["libs/common/common", Path("libs/util.py")]))
    # WHEN Lambda's way: the asset's root on sys.path, nothing else (-I: no cwd, no env)
    done = subprocess.run(
        [
            sys.executable,
            "-I",
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); import app; print(app.handler({}, None))",
            str(asset),
        ],
        cwd=tmp_path / "services",
        capture_output=True,
        text=True,
        check=False,
    )
    # THEN the handler runs
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "{'total': 5, 'says': 'OK'}"


def test_an_edit_of_the_shared_package_changes_the_asset_and_nothing_else_keeps_it(
    tmp_path: Path,
) -> None:
    code, common = _monorepo(tmp_path)
    first = _asset(Handler(code=code, include=[common])).name
    # an unchanged package, and a new bytecode cache or test in it: the same asset
    (common / "__pycache__" / "__init__.cpython-314.pyc").write_text("other bytecode")
    (common / "tests" / "test_more.py").write_text("def test_more(): pass\n")
    assert _asset(Handler(code=code, include=[common])).name == first
    # the same monorepo elsewhere (another machine, another checkout): the same asset
    moved = tmp_path / "elsewhere"
    shutil.copytree(tmp_path / "libs", moved / "libs")
    shutil.copytree(tmp_path / "services", moved / "services")
    moved_code, moved_common = moved / "services" / "orders", moved / "libs" / "common" / "common"
    assert _asset(Handler(code=moved_code, include=[moved_common])).name == first
    # an edit of one of its modules: a new asset (the function redeploys)
    (common / "maths.py").write_text("def total(a, b):\n    return b + a\n")
    assert _asset(Handler(code=code, include=[common])).name != first


def test_the_order_of_the_includes_changes_neither_the_asset_nor_the_function(
    tmp_path: Path,
) -> None:
    code, common = _monorepo(tmp_path)
    util = write_tree(tmp_path / "libs", {"util.py": "X = 1\n"}) / "util.py"
    one, other = (
        Handler(code=code, include=[common, util]),
        Handler(code=code, include=(util, common)),
    )
    assert one.key() == other.key()
    assert _asset(one).name == _asset(other).name


def test_handlers_differing_only_in_include_are_two_functions(tmp_path: Path) -> None:
    code, common = _monorepo(tmp_path)
    other = write_tree(tmp_path / "libs" / "other", {"common/__init__.py": "total = max\n"})
    assert Handler(code=code, include=[common]).key() != Handler(code=code).key()
    assert (
        Handler(code=code, include=[common]).key()
        != Handler(code=code, include=[other / "common"]).key()
    )
    stack = cdk.Stack(new_app(), "Test")
    ServerlessApi(
        stack,
        "Api",
        routes={
            "GET /a": Handler(code=code, include=[common]),
            # the same path written another way: the same function
            "GET /c": Handler(code=code, include=[str(common / ".." / "common")]),
            "GET /b": Handler(code=code, include=[other / "common"], name="Other"),
        },
        auth=ApiAuth.iam(),
        alarms=False,
    )
    functions = Template.from_stack(stack).find_resources("AWS::Lambda::Function")
    assert len(functions) == 2


def test_every_bad_include_is_named_at_once(tmp_path: Path) -> None:
    code, common = _monorepo(tmp_path)
    write_tree(code, {"helpers/__init__.py": "", "inner/__init__.py": ""})
    write_tree(
        tmp_path / "libs", {"notes.txt": "x", "json/__init__.py": "", "my-lib/__init__.py": ""}
    )
    write_tree(tmp_path / "libs" / "other", {"common/__init__.py": ""})
    write_tree(tmp_path / "libs" / "dup", {"helpers.py": ""})
    libs = tmp_path / "libs"
    problems = _problems(
        Handler(
            code=code,
            include=[
                common,
                libs / "missing",
                libs / "notes.txt",
                libs / "other" / "common",
                libs / "dup" / "helpers.py",
                code / "inner",
                tmp_path / "services",
                "",
                cdk.Aws.STACK_NAME,
                libs / "json",
                libs / "my-lib",
                tmp_path / "libs" / "common",
                42,
            ],
        )
    )
    prop = "Test/Nightly: `handler.include"
    expected = [
        f"{prop}[1]` is '{libs / 'missing'}', which does not exist",
        f"{prop}[2]` is {libs / 'notes.txt'}, a file that is not a Python module (.py)",
        f"{prop}[3]` is {libs / 'other' / 'common'}, copied into the asset's root as common, "
        f"as handler.include[0] ({common}) is",
        f"{prop}[4]` is {libs / 'dup' / 'helpers.py'}, copied into the asset's root as "
        f"helpers, where the code directory has helpers ({code})",
        f"{prop}[5]` is {code / 'inner'}, inside the code directory",
        f"{prop}[6]` is {tmp_path / 'services'}, which contains the code directory",
        f"{prop}[7]` is an empty path",
        f"{prop}[8]` is a deploy-time value",
        f"{prop}[9]` is {libs / 'json'}, named 'json' like a module of Python's standard library",
        f"{prop}[10]` is {libs / 'my-lib'}, whose name 'my-lib' is not a Python name",
        f"{prop}[11]` is {libs / 'common'}, a project's directory (it holds pyproject.toml, "
        f"and no __init__.py)",
        f"{prop}[12]` is 42",
    ]
    assert len(problems) == len(expected), "\n".join(problems)
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start), f"{problem}\n!=\n{start}"
    assert f"Fix: pass its import directory, {common}" in problems[10]
    assert "Fix: remove helpers from the code directory if it is a copy or link" in problems[3]


@pytest.mark.parametrize(
    ("include", "message"),
    [
        ("libs/common/common", r"`handler.include` is 'libs/common/common', not a list"),
        (
            cdk.Token.as_list(cdk.Aws.NO_VALUE),
            r"`handler.include(\[0\])?` is a deploy-time (value|list)",
        ),
    ],
)
def test_include_is_a_list_of_paths_known_at_synth(
    tmp_path: Path, include: object, message: str
) -> None:
    code, _ = _monorepo(tmp_path)
    (problem,) = _problems(Handler(code=code, include=include))  # type: ignore[arg-type]
    assert re.search(message, problem), problem


def test_an_image_refuses_include_with_the_fix(tmp_path: Path) -> None:
    write_tree(
        tmp_path / "image",
        {"Dockerfile": 'FROM public.ecr.aws/lambda/python:3.14\nCMD ["app.handler"]\n'},
    )
    _, common = _monorepo(tmp_path)
    for handler in (
        Handler.from_image(tmp_path / "image", include=[common]),  # type: ignore[arg-type]
        Handler(code=tmp_path / "image", image=True, include=[common]),
    ):
        (problem,) = _problems(handler)
        assert "`handler.include` is " in problem
        assert "on a container image" in problem
        assert "COPY the shared package in the Dockerfile" in problem
    # left out, None or empty: nothing to refuse
    for include in (None, []):
        stack = cdk.Stack(new_app(), "Test")
        _job(stack, Handler.from_image(tmp_path / "image", include=include))  # type: ignore[arg-type]


def test_legitimate_includes_pass(tmp_path: Path) -> None:
    # GIVEN a namespace package (no __init__.py), a module, a package whose name the code
    # directory's other files share only in part (common_test.txt), a Path and a tuple
    code, common = _monorepo(tmp_path)
    write_tree(code, {"common_test.txt": "", "tests/test_common.py": ""})
    write_tree(tmp_path / "libs", {"ns/models.py": "M = 1\n", "util.py": "U = 1\n"})
    (code / "app.py").write_text(
        "from common import total\nfrom ns.models import M\nimport util\n" + ENTRY
    )
    asset = _asset(
        Handler(
            code=code,
            include=(common, tmp_path / "libs" / "ns", str(tmp_path / "libs" / "util.py")),
        )
    )
    assert (asset / "ns" / "models.py").is_file() and (asset / "util.py").is_file()
    assert (asset / "common_test.txt").is_file()


def test_a_requirement_installing_an_included_name_is_a_bundling_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a requirement whose package is named like the shared package (a published
    # "common" from the index): the two would mix in the asset's root
    code, common = _monorepo(tmp_path)
    (code / "requirements.txt").write_text("common==1.0\n")

    def fake_pip(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        target = Path(next(a for a in args if a.startswith("--target=")).split("=", 1)[1])
        write_tree(
            target, {"common/__init__.py": "", "common-1.0.dist-info/top_level.txt": "common\n"}
        )
        (target / "common-1.0.dist-info" / "METADATA").write_text(
            "Metadata-Version: 2.4\nName: common\nVersion: 1.0\n"
        )
        return subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_pip)
    with pytest.raises(BundlingError) as raised:
        _job(cdk.Stack(new_app(), "Test"), Handler(code=code, include=[common]))
    (problem,) = [str(p) for p in raised.value.problems]
    assert problem.startswith(
        f"Test/Nightly/Handler: `include` ships {common} as common, a name "
        f"{code / 'requirements.txt'} installs too (with common 1.0)"
    ), problem
    assert "Fix: rename the shared package (and its imports)" in problem


def _warnings(handler: Handler) -> list[str]:
    stack = cdk.Stack(new_app(), "Test")
    _job(stack, handler)
    return warnings_of(stack, "importNotBundled")


def test_an_included_package_counts_as_bundled(tmp_path: Path) -> None:
    code, common = _monorepo(tmp_path)
    (warning,) = _warnings(Handler(code=code))  # without include: the README's warning
    assert "Handler(include=['<path to it>/common'])" in warning
    assert _warnings(Handler(code=code, include=[common])) == []


def test_what_the_included_code_imports_is_followed(tmp_path: Path) -> None:
    # GIVEN a shared module importing a dependency the service does not list
    code, common = _monorepo(tmp_path)
    (common / "maths.py").write_text("import pydantic\n\ndef total(a, b):\n    return a + b\n")
    (warning,) = _warnings(Handler(code=code, include=[common]))
    # THEN named with its file and line; the shared package itself is not
    assert f"imports 'pydantic' ({common / 'maths.py'} line 1)" in warning
    assert "'common'" not in warning


def test_shared_code_importing_the_helpers_gets_them(tmp_path: Path) -> None:
    code, common = _monorepo(tmp_path)
    (common / "queue.py").write_text("from constructs_lib_runtime.sqs_batch import json_body\n")
    (common / "__init__.py").write_text("from .maths import total\nfrom . import queue\n")
    asset = _asset(Handler(code=code, include=[common]))
    assert (asset / "constructs_lib_runtime" / "sqs_batch.py").is_file()


def test_a_dotenv_file_in_the_shared_package_is_refused_as_in_the_code(tmp_path: Path) -> None:
    # GIVEN a developer's .env in the shared package: uploaded with every function including it
    code, common = _monorepo(tmp_path)
    (common / ".env").write_text("DB_PASSWORD=hunter2\n")
    with pytest.raises(BundlingError) as raised:
        _job(cdk.Stack(new_app(), "Test"), Handler(code=code, include=[common]))
    assert f"{common / '.env'} would be uploaded with the function's code" in str(raised.value)
    # a template of one ships
    (common / ".env").rename(common / ".env.example")
    assert (_asset(Handler(code=code, include=[common])) / "common" / ".env.example").is_file()
