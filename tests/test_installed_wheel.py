"""The built wheel, installed as users install it, is enough: it carries every module and
the version, synthesizes every app in examples/ in a clean venv, and its cdk-nag
acknowledgements hold under cdk-nag 2 as well as 3. One wheel, one venv per session."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

import constructs_lib
from tests.installed import Venv
from tests.support import ROOT

EXAMPLES = sorted(p.name for p in (ROOT / "examples").iterdir() if (p / "app.py").is_file())


def test_wheel_carries_every_module_and_the_version(wheel: Path, user_venv: Venv) -> None:
    # GIVEN the wheel built from the sources
    sources = {
        p.relative_to(ROOT).as_posix()
        for package in ("constructs_lib", "constructs_lib_runtime")
        for p in (ROOT / package).rglob("*.py")
    }
    # THEN every module is in it, under the version the package declares
    assert sources <= set(zipfile.ZipFile(wheel).namelist())
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


def test_clean_venv_has_only_the_wheel_and_its_two_dependencies(user_venv: Venv) -> None:
    result = user_venv.run("-m", "pip", "list", "--format=json", cwd=ROOT.parent)
    names = {p["name"].lower() for p in json.loads(result.stdout)}
    assert {"constructs-lib", "aws-cdk-lib", "constructs"} <= names
    assert not names & {"cdk-nag", "pytest", "syrupy", "moto", "boto3", "cfn-lint"}


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_synthesizes_from_the_wheel_in_a_clean_venv(
    user_venv: Venv, example: str, tmp_path: Path
) -> None:
    # WHEN the example's app.py runs as `cdk synth` runs it (its own directory first on
    # sys.path, no PYTHONPATH: constructs_lib can only come from the venv)
    result = user_venv.run(
        "-E", "-s", "app.py", cwd=ROOT / "examples" / example, CDK_OUTDIR=str(tmp_path)
    )
    # THEN it synthesizes at least one stack
    assert result.returncode == 0, result.stderr[-3000:]
    assert list(tmp_path.glob("*.template.json"))


def test_demo_app_has_no_cdk_nag_2_findings(cdk_nag_2_venv: Venv, tmp_path: Path) -> None:
    # GIVEN the demo app and a stack of the features it does not use (custom domain,
    # FunctionDefaults, an image function, a link of every kind), with enable_checks, in
    # a venv with the wheel and cdk-nag 2
    script = ROOT / "tests" / "scripts" / "demo_cdk_nag.py"
    # WHEN synthesized
    result = cdk_nag_2_venv.run("-E", "-s", script, tmp_path, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.splitlines()[-1])
    # THEN cdk-nag 2 ran over the wheel's constructs and found nothing unacknowledged
    assert report["cdk_nag"].startswith("2.")
    assert "/site-packages/constructs_lib/" in report["constructs_lib"]
    assert report["findings"] == []
    assert list(tmp_path.glob("AwsSolutions-*-NagReport.csv")), "cdk-nag 2 did not run"
    assert (tmp_path / "FeatureTour.template.json").is_file()


@pytest.mark.parametrize("example", EXAMPLES)
def test_examples_own_tests_pass_against_the_wheel(example_test_venv: Venv, example: str) -> None:
    # WHEN the example's tests run as in its own CI (its directory is the rootdir, the
    # repository's pytest configuration is not read)
    result = example_test_venv.run(
        "-E",
        "-s",
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--rootdir",
        ".",
        "-c",
        "/dev/null",
        cwd=ROOT / "examples" / example,
    )
    # THEN they pass: snapshot, stateful guard, cdk-nag
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "snapshot" in result.stdout
