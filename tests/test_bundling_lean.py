"""Bundled assets hold what the function runs and nothing pip leaves for itself, and the
same requirements give the same bytes on every machine.

Two tests run pip against the configured package index: one shared install of two small
pure-Python wheels (pinned as in the dev lock, so they also import here), and the same
install again by another interpreter, under another umask, into another cache.
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any, NamedTuple

import aws_cdk as cdk
import pytest
from aws_cdk import aws_lambda as lambda_

import constructs_lib._bundling as bundling
from constructs_lib._bundling import lambda_code
from constructs_lib._bundling.cache import tree_digest
from constructs_lib._bundling.prune import prune

pytestmark = pytest.mark.slow  # real pip installs

# mpmath ships its own mpmath/tests package; idna has a console script, which pip writes
# with the installing interpreter's path in its #! line.
REQUIREMENTS = "mpmath==1.3.0\nidna==3.20\n"
HANDLER = "import idna, mpmath\n\ndef handler(event, context):\n    return str(mpmath.pi)\n"


class Bundled(NamedTuple):
    code_dir: Path
    asset_hash: str
    asset: Path


def _bundle(code_dir: Path) -> tuple[str, Path]:
    code = lambda_code(code_dir)
    assert isinstance(code, lambda_.AssetCode)
    config = code.bind(cdk.Stack(cdk.App(), "Bind"))
    assert config.s3_location is not None
    return config.s3_location.object_key.removesuffix(".zip"), Path(code.path)


@pytest.fixture(scope="module")
def lean(tmp_path_factory: pytest.TempPathFactory) -> Bundled:
    """The handler with ``REQUIREMENTS`` bundled for arm64 / Python 3.14 (one real pip)."""
    code_dir = tmp_path_factory.mktemp("lean") / "handler"
    code_dir.mkdir()
    (code_dir / "app.py").write_text(HANDLER)
    (code_dir / "requirements.txt").write_text(REQUIREMENTS)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path_factory.mktemp("lean-cache")))
        return Bundled(code_dir, *_bundle(code_dir))


def _another_interpreter(directory: Path) -> Path:
    """This Python at another path (another machine's venv), seeing this venv's pip."""
    venv.create(directory, with_pip=False, symlinks=True)
    (site_packages,) = directory.glob("lib/python3.*/site-packages")
    (site_packages / "this_venv.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    return directory / "bin" / "python"


def test_the_same_requirements_give_the_same_asset_on_another_machine(
    lean: Bundled, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN another cache, another interpreter path and a stricter umask
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(sys, "executable", str(_another_interpreter(tmp_path / "venv")))
    umask = os.umask(0o077)
    try:
        # WHEN the same code and requirements are bundled there (pip runs again)
        asset_hash, asset = _bundle(lean.code_dir)
    finally:
        os.umask(umask)

    # THEN the asset is another directory with the same hash and the same bytes and modes
    assert asset.parent == tmp_path / "cache" / "assets"
    assert asset_hash == lean.asset_hash
    assert tree_digest(asset) == tree_digest(lean.asset)


def test_the_asset_holds_no_pip_bookkeeping_scripts_bytecode_or_package_tests(
    lean: Bundled,
) -> None:
    asset = lean.asset
    names = {path.relative_to(asset).as_posix() for path in asset.rglob("*")}
    dist_infos = sorted(path.name for path in asset.glob("*.dist-info"))

    assert dist_infos == ["idna-3.20.dist-info", "mpmath-1.3.0.dist-info"]
    for dist_info in dist_infos:  # what importlib.metadata and a licence audit read, kept
        assert {f"{dist_info}/METADATA", f"{dist_info}/WHEEL"} <= names
        assert any(n.startswith(f"{dist_info}/") and "LICENSE" in n.upper() for n in names)
    assert "idna-3.20.dist-info/entry_points.txt" in names
    bookkeeping = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}
    assert not [n for n in names if n.rpartition("/")[2] in bookkeeping]
    assert not [n for n in names if n == "bin" or n.startswith("bin/")]
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert "mpmath/tests" not in names
    assert {"mpmath/libmp/libmpf.py", "idna/codec.py", "app.py"} <= names


def test_a_pruned_dependency_still_imports_with_its_version_and_entry_points(
    lean: Bundled,
) -> None:
    # GIVEN only the asset on the path (-S: not this venv's own mpmath and idna)
    script = (
        "import importlib.metadata as md, json, sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "import app, idna, mpmath\n"
        "print(json.dumps({\n"
        "    'files': [m.__file__ for m in (app, idna, mpmath)],\n"
        "    'handler': app.handler({}, None)[:7],\n"
        "    'idna': idna.encode('bücher.example').decode(),\n"
        "    'versions': [md.version('mpmath'), md.version('idna')],\n"
        "    'scripts': sorted(e.name for e in md.entry_points(group='console_scripts')),\n"
        "}))\n"
    )
    # WHEN the handler and its dependencies are imported from the pruned asset
    result = subprocess.run(
        [sys.executable, "-S", "-c", script, str(lean.asset)],
        capture_output=True,
        text=True,
        check=False,
    )

    # THEN they work, and importlib.metadata still reads versions and entry points
    assert result.returncode == 0, result.stderr
    found: dict[str, Any] = json.loads(result.stdout)
    assert all(file.startswith(str(lean.asset)) for file in found["files"])
    assert found["handler"] == "3.14159"
    assert found["idna"] == "xn--bcher-kva.example"
    assert found["versions"] == ["1.3.0", "3.20"]
    assert found["scripts"] == ["idna"]


def test_a_cache_entry_of_the_previous_format_is_not_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_pip_cache: list[list[str]]
) -> None:
    # GIVEN an asset built under the previous cache format (pip is faked)
    calls = fake_pip_cache
    code_dir = tmp_path / "handler"
    code_dir.mkdir()
    (code_dir / "app.py").write_text(HANDLER)
    (code_dir / "requirements.txt").write_text("six==1.17.0\n")
    with monkeypatch.context() as old:
        old.setattr(bundling, "FORMAT_VERSION", "1")
        old_hash, _ = _bundle(code_dir)

    # WHEN this version bundles the same code THEN it installs again, under a new hash
    new_hash, _ = _bundle(code_dir)
    assert new_hash != old_hash
    assert len(calls) == 2


# --- prune() on a hand-made install: what goes and what must stay ---------------------------


def _install_tree(target: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _files(target: Path) -> set[str]:
    return {p.relative_to(target).as_posix() for p in target.rglob("*") if not p.is_dir()}


def test_prune_removes_pip_bookkeeping_but_keeps_what_importlib_metadata_reads(
    tmp_path: Path,
) -> None:
    dist_info = "pkg-1.0.dist-info"
    kept = {
        f"{dist_info}/{name}"
        for name in ("METADATA", "WHEEL", "entry_points.txt", "top_level.txt", "licenses/LICENSE")
    }
    _install_tree(tmp_path, {name: "x\n" for name in kept})
    _install_tree(
        tmp_path,
        {
            f"{dist_info}/{name}": "x\n"
            for name in ("RECORD", "INSTALLER", "REQUESTED", "direct_url.json")
        },
    )

    prune(tmp_path)

    assert _files(tmp_path) == kept


def test_prune_removes_only_the_scripts_pip_generated(tmp_path: Path) -> None:
    record = "pkg/__init__.py,sha256=x,1\n../../bin/pkg-cli,sha256=y,2\n../../bin/gone,,\n"
    _install_tree(
        tmp_path,
        {
            "pkg-1.0.dist-info/RECORD": record,
            "pkg/__init__.py": "",
            "bin/pkg-cli": "#!/some/machine/python\n",
            "other-1.0.dist-info/RECORD": "../../bin/other-cli,,\n",
            "bin/other-cli": "#!/some/machine/python\n",
        },
    )
    prune(tmp_path)
    assert _files(tmp_path) == {"pkg/__init__.py"}  # bin/ went with its last script

    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "not-from-pip").write_text("kept\n")
    prune(tmp_path)
    assert "bin/not-from-pip" in _files(tmp_path)


def test_prune_drops_only_a_packages_own_tests_directory(tmp_path: Path) -> None:
    kept = {
        "pkg/__init__.py",
        "pkg/testing/__init__.py",  # imported at runtime by some packages: never touched
        "pkg/tests.py",  # a module, not a test directory
        "pkg/test_utils.py",
        "pkg/sub/tests/__init__.py",  # not the package's top level
        "tests/__init__.py",  # not inside a package
        "pkg-1.0.dist-info/METADATA",
    }
    dropped = {"pkg/tests/__init__.py", "pkg/tests/test_a.py", "pkg/test/test_b.py"}
    _install_tree(tmp_path, dict.fromkeys(kept | dropped, ""))

    prune(tmp_path)

    assert _files(tmp_path) == kept


def test_prune_drops_bytecode_but_keeps_a_sourceless_module(tmp_path: Path) -> None:
    _install_tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/__pycache__/__init__.cpython-314.pyc": "",
            "pkg/mod.py": "",
            "pkg/mod.pyc": "",  # beside its source: never imported
            "pkg/compiled_only.pyc": "",  # the module itself
        },
    )

    prune(tmp_path)

    assert _files(tmp_path) == {"pkg/__init__.py", "pkg/mod.py", "pkg/compiled_only.pyc"}


def test_prune_normalizes_modes_whatever_the_umask(tmp_path: Path) -> None:
    _install_tree(tmp_path, {"pkg/__init__.py": "", "pkg/native.so": ""})
    (tmp_path / "pkg").chmod(0o700)
    (tmp_path / "pkg" / "__init__.py").chmod(0o600)
    (tmp_path / "pkg" / "native.so").chmod(0o700)

    prune(tmp_path)

    modes = {
        p.relative_to(tmp_path).as_posix(): p.stat().st_mode & 0o777 for p in tmp_path.rglob("*")
    }
    assert modes == {"pkg": 0o755, "pkg/__init__.py": 0o644, "pkg/native.so": 0o755}
