"""The built wheel, installed as users install it, is enough: it carries every module and
the version, synthesizes every app in examples/ in a clean venv, and its cdk-nag
acknowledgements hold under cdk-nag 2 as well as 3. One wheel, one venv per session, and two
processes that start jsii (each costs 2.5-3 CPU-s before it synthesizes anything): one
for the examples' synths and then cdk-nag 2, one for the examples' own tests (tests/conftest.py,
``wheel_apps`` and ``example_test_runs``; tests/scripts/one_process.py)."""

from __future__ import annotations

import ast
import json
import sys
import zipfile
from pathlib import Path

import pytest

import constructs_lib
from tests.installed import EXAMPLES, Run, Step, Venv
from tests.support import ROOT, report_findings


def test_wheel_carries_every_module_and_the_version(wheel: Path, user_venv: Venv) -> None:
    # GIVEN the wheel built from the sources
    sources = {
        p.relative_to(ROOT).as_posix()
        for package in ("constructs_lib", "constructs_lib_runtime")
        for p in (ROOT / package).rglob("*.py")
    }
    # THEN every module is in it, under the version the package declares
    names = set(zipfile.ZipFile(wheel).namelist())
    assert sources <= names
    # AND both packages are typed (PEP 561). Proves (user trial): constructs_lib_runtime
    # had no py.typed, so mypy --strict and pyright refused every handler importing it
    assert {"constructs_lib/py.typed", "constructs_lib_runtime/py.typed"} <= names
    assert wheel.name == f"constructs_lib-{constructs_lib.__version__}-py3-none-any.whl"
    result = user_venv.run(
        "-c",
        "import constructs_lib, importlib.metadata as m;"
        "print(constructs_lib.__version__, m.version('constructs-lib'), constructs_lib.__file__)",
        cwd=ROOT.parent,
    )
    version, installed_version, location = result.stdout.split()
    assert version == installed_version == constructs_lib.__version__
    assert location.startswith(str(user_venv.path))


def test_wheel_marks_both_packages_as_typed(wheel: Path) -> None:
    # Proves (runtime trial): handler code importing constructs_lib_runtime from the
    # installed wheel failed `mypy --strict` ("module is installed, but missing library
    # stubs or py.typed marker"), and process_batch's result was Any
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"constructs_lib/py.typed", "constructs_lib_runtime/py.typed"} <= names


def test_clean_venv_has_only_the_wheel_and_its_two_dependencies(user_venv: Venv) -> None:
    result = user_venv.run("-m", "pip", "list", "--format=json", cwd=ROOT.parent)
    names = {p["name"].lower() for p in json.loads(result.stdout)}
    assert {"constructs-lib", "aws-cdk-lib", "constructs"} <= names
    assert not names & {"cdk-nag", "pytest", "syrupy", "moto", "boto3", "cfn-lint"}


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_synthesizes_from_the_wheel_in_a_clean_venv(
    wheel_apps: dict[str, Run], example: str
) -> None:
    # WHEN the example's app.py runs as `cdk synth` runs it (its own directory as cwd and
    # first on sys.path, its own modules, no PYTHONPATH: constructs_lib can only come from
    # the venv; see the wheel_apps fixture)
    result = wheel_apps[example]
    # THEN it synthesizes at least one stack, with none of the dev tools importable
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.present == []
    assert result.outdir is not None and list(result.outdir.glob("*.template.json"))


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_runs_cdk_nag_where_its_files_and_the_readme_say(example: str) -> None:
    # Proves (fix39b): the README's app.py calls enable_checks, the examples' did not and
    # their requirements.txt had no [nag], with nothing saying where their cdk-nag runs
    directory = ROOT / "examples" / example
    app = (directory / "app.py").read_text()
    requirements = (directory / "requirements.txt").read_text()
    tests = "".join(p.read_text() for p in (directory / "tests").rglob("test_*.py"))
    # THEN cdk-nag runs in its tests, from requirements-dev.txt's [nag] extra ...
    assert "enable_checks(app)" in tests
    assert "constructs-lib[nag]" in (directory / "requirements-dev.txt").read_text()
    # ... app.py synthesizes without it (the wheel_apps venv has no cdk-nag) ...
    calls = [n.func for n in ast.walk(ast.parse(app)) if isinstance(n, ast.Call)]
    assert not [f for f in calls if getattr(f, "id", getattr(f, "attr", "")) == "enable_checks"]
    assert not any(line.startswith("constructs-lib[") for line in requirements.splitlines())
    # ... and app.py, requirements.txt and the README say so, and how to move it into app.py
    assert "cdk-nag runs in tests/unit" in app and "enable_checks(app)" in app
    assert "install constructs-lib[nag] here instead" in requirements
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert "They run cdk-nag in their tests only (`test_cdk_nag_finds_nothing`" in readme


def test_demo_app_has_no_cdk_nag_2_findings(wheel_apps: dict[str, Run]) -> None:
    # GIVEN the demo app and a stack of the features it does not use (custom domain,
    # FunctionDefaults, an image function, a link of every kind), with enable_checks, in
    # a venv with the wheel and cdk-nag 2 (tests/scripts/demo_cdk_nag.py)
    # WHEN synthesized
    result = wheel_apps["cdk-nag-2"]
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.splitlines()[-1])
    # THEN cdk-nag 2 ran over the wheel's constructs and found nothing unacknowledged
    assert report["cdk_nag"].startswith("2.")
    assert "/site-packages/constructs_lib/" in report["constructs_lib"]
    # but for the control stage's one finding: cdk-nag 2's Aspects stop at a Stage, and
    # enable_checks gives each stage its own (Proves (user trial): they reached none, so an
    # app deployed as stages was never checked, in silence)
    [finding] = report["findings"]
    assert finding.startswith("ERROR /StageControl/Checked/NoLogs/Resource AwsSolutions-S1:")
    outdir = result.cwd  # the script's outdir
    assert list(outdir.glob("AwsSolutions-*-NagReport.csv")), "cdk-nag 2 did not run"
    assert (outdir / "FeatureTour.template.json").is_file()
    # AND aws-cdk-lib's built-in template rules (on in this process, as in a user's `cdk
    # synth`) found nothing in the demo app or the feature tour: their one finding is the
    # control stack's, which has no resources
    found = report_findings(outdir / "validation-report.json")
    assert found == {("F0001", "BuiltinRulesControl")}


@pytest.mark.parametrize("example", EXAMPLES)
def test_examples_own_tests_pass_against_the_wheel(
    example_test_runs: dict[str, Run], example: str
) -> None:
    # WHEN the example's tests run as in its own CI (its directory is the rootdir, the
    # repository's pytest configuration is not read; see the example_test_runs fixture)
    result = example_test_runs[example]
    # THEN they pass: snapshot, stateful guard, cdk-nag
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "snapshot" in result.stdout


def test_one_process_runs_each_step_as_its_own_command_would(tmp_path: Path) -> None:
    # GIVEN two apps with a package of the same name, one that fails, one that exits 3
    for name in ("one", "two"):
        (tmp_path / name / "pkg").mkdir(parents=True)
        (tmp_path / name / "pkg" / "__init__.py").write_text(f"VALUE = {name!r}\n")
        (tmp_path / name / "app.py").write_text(
            "import os, sys, pkg\nprint(pkg.VALUE, sys.path[0], os.getcwd(), sys.argv[1:])\n"
        )
    (tmp_path / "bad.py").write_text("raise RuntimeError('boom')\n")
    (tmp_path / "exit.py").write_text("import sys\nsys.exit(3)\n")
    dev = Venv(Path(sys.prefix))
    steps = [
        Step("one", tmp_path / "one", ("app.py", "x"), absent=("json", "no_such_module")),
        Step("bad", tmp_path, ("bad.py",)),
        Step("two", tmp_path / "two", ("app.py",)),
        Step("exit", tmp_path, ("exit.py",)),
        Step("module", tmp_path / "one", ("-m", "pkg")),
    ]
    # WHEN run in one process
    runs = dev.run_each(steps, tmp_path / "work")
    # THEN each ran from its directory, first on sys.path, with its own modules and
    # arguments; a failure is its own, with its traceback, and the next step still runs
    assert runs["one"].stdout.split() == ["one", *[str(tmp_path / "one")] * 2, "['x']"]
    assert runs["one"].present == ["json"]
    assert runs["bad"].returncode == 1 and "RuntimeError: boom" in runs["bad"].stderr
    assert runs["two"].stdout.split() == ["two", *[str(tmp_path / "two")] * 2, "[]"]
    assert [runs[name].returncode for name in ("one", "two", "exit")] == [0, 0, 3]
    # (`python -m pkg` of a package without __main__ fails, as it does outside)
    assert runs["module"].returncode == 1 and "pkg" in runs["module"].stderr
