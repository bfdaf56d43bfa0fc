"""A checkout's file modes and the cache's place are the machine's, not the function's: a
code directory cloned under umask 077 (files 0600, directories 0700) gives the asset a
0022 checkout gives, which Lambda (running the code as another user) can read, and a
cache directory that cannot be written is a BundlingError saying how to move it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import aws_lambda as lambda_

from constructs_lib import BundlingError, Handler, QueueWorker
from constructs_lib._bundling import lambda_code
from constructs_lib._bundling.cache import tree_digest
from tests.support import CDK_CONTEXT

HANDLER = "from util import helper\n\ndef handler(event, context):\n    return helper()\n"


def _checkout(root: Path, *, private: bool, requirements: bool = True) -> tuple[Path, Path]:
    """A code directory (with a subpackage) and a shared module directory, as a clone under
    umask 077 (``private``) or 022 leaves them."""
    code, shared = root / "handler", root / "libs" / "util"
    for directory, name, text in [
        (code, "app.py", HANDLER),
        (code / "models", "__init__.py", "X = 1\n"),
        (shared, "__init__.py", "def helper():\n    return 1\n"),
    ]:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(text)
    if requirements:
        (code / "requirements.txt").write_text("six==1.17.0\n")
    if private:
        for path in [code, shared]:
            for directory, _, files in os.walk(path):
                Path(directory).chmod(0o700)
                for name in files:
                    (Path(directory) / name).chmod(0o600)
    return code, shared


def _modes(asset: Path) -> dict[str, int]:
    return {
        path.relative_to(asset).as_posix(): stat.S_IMODE(path.stat().st_mode)
        for path in sorted(asset.rglob("*"))
    }


def _asset(code: lambda_.Code) -> Path:
    assert isinstance(code, lambda_.AssetCode)
    return Path(code.path)


def test_a_private_checkout_bundles_the_asset_a_shared_one_does(
    fake_pip_cache: list[list[str]],
    fresh_bundling: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Proves (ci43): the code's and an include's files kept their 0600 and 0700 in the
    # asset (CDK zips each file with its mode: the function could not import them), under
    # the same asset hash as a laptop's readable copy
    # GIVEN a handler with requirements and an include, cloned under umask 077
    code, shared = _checkout(tmp_path / "ci", private=True)
    umask = os.umask(0o077)
    try:
        # WHEN it is bundled there
        private = _asset(lambda_code(code, shared=[shared]))
    finally:
        os.umask(umask)
    # AND the same code cloned under umask 022 is bundled into another cache
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "laptop-cache"))
    code, shared = _checkout(tmp_path / "laptop", private=False)
    readable = _asset(lambda_code(code, shared=[shared]))

    # THEN every file and directory is readable by others, as a laptop's asset is
    assert _modes(private) == _modes(readable)
    assert set(_modes(private).values()) == {0o644, 0o755}
    assert {"app.py", "models", "models/__init__.py", "util/__init__.py"} <= _modes(private).keys()
    # AND the two assets are the same bytes and modes under the same hash
    assert private.name == readable.name
    assert tree_digest(private) == tree_digest(readable)


def test_private_code_without_requirements_is_copied_readable_under_its_hash(
    fresh_bundling: None, tmp_path: Path
) -> None:
    # Proves (ci43): CDK staged such a directory as it was, modes and all
    # GIVEN a handler without requirements or includes, cloned under umask 077
    code, _ = _checkout(tmp_path / "ci", private=True, requirements=False)
    (code / "__pycache__").mkdir()  # (left out, as CDK leaves it out)
    (code / "__pycache__" / "app.cpython-314.pyc").write_bytes(b"stale")

    # WHEN its code is asked for
    copied = lambda_code(code)

    # THEN a copy in the cache is staged, with the modes a readable checkout has
    asset = _asset(copied)
    assert asset.parent == tmp_path / "cache" / "assets"
    assert _modes(asset) == {"app.py": 0o644, "models": 0o755, "models/__init__.py": 0o644}
    # AND under the hash CDK gives the readable checkout's directory: no redeploy between
    # the laptop and CI
    readable, _ = _checkout(tmp_path / "laptop", private=False, requirements=False)
    staged = lambda_code(readable)
    assert _asset(staged) == readable
    assert _asset_hash(copied) == _asset_hash(staged)


def test_a_virtual_environment_in_code_without_requirements_keeps_a_clean_checkouts_hash(
    fresh_bundling: None, tmp_path: Path
) -> None:
    # Proves (ci43): a developer's `python -m venv venv` in the code directory gave the
    # function another hash than CI's clean checkout (a new version on every deploy that
    # alternated between them), though the environment is never bundled
    # GIVEN a handler without requirements, with a virtual environment in it on a laptop
    laptop, _ = _checkout(tmp_path / "laptop", private=False, requirements=False)
    (laptop / "venv" / "lib").mkdir(parents=True)
    (laptop / "venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (laptop / "venv" / "lib" / "site.py").write_text("X = 1\n")
    # AND the same code cloned clean in CI
    clean, _ = _checkout(tmp_path / "ci", private=False, requirements=False)

    # WHEN both are asked for
    copied, staged = lambda_code(laptop), lambda_code(clean)

    # THEN the laptop's asset is a copy without the environment, under the clean hash
    assert _modes(_asset(copied)) == {"app.py": 0o644, "models": 0o755, "models/__init__.py": 0o644}
    assert _asset(staged) == clean
    assert _asset_hash(copied) == _asset_hash(staged)


def _asset_hash(code: lambda_.Code) -> str:
    config = code.bind(cdk.Stack(cdk.App(), "Bind"))
    assert config.s3_location is not None
    return config.s3_location.object_key


@pytest.mark.parametrize("mode", [0o644, 0o755, 0o664, 0o444])
def test_readable_code_without_requirements_is_still_staged_by_cdk(
    fresh_bundling: None, tmp_path: Path, mode: int
) -> None:
    # GIVEN a handler whose files others may read (a 022 or 002 umask, a script, read-only)
    code, _ = _checkout(tmp_path, private=False, requirements=False)
    (code / "app.py").chmod(mode)

    # WHEN its code is asked for
    asset = _asset(lambda_code(code))

    # THEN CDK stages the directory itself, as before: nothing goes through the cache
    assert asset == code
    assert not (tmp_path / "cache").exists()


@pytest.mark.parametrize("mode", [0o700, 0o750, 0o711])
def test_a_private_directory_of_readable_files_is_still_staged_by_cdk(
    fresh_bundling: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: int
) -> None:
    # Proves (sweep43): a test's tempfile.mkdtemp() or pytest's tmp_path (0700) as the code
    # directory went through the cache, whose directories' modes the zip never holds, so a
    # read-only cache failed the synth of code CDK had staged
    # GIVEN a handler whose directories others may not list, its files readable
    code, _ = _checkout(tmp_path, private=False, requirements=False)
    for directory in (code / "models", code):
        directory.chmod(mode)
    # AND a cache that cannot be written
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(_not_a_directory(tmp_path)))

    # WHEN its code is asked for
    asset = _asset(lambda_code(code))

    # THEN CDK stages the directory itself, as before
    assert asset == code


def _not_a_directory(tmp_path: Path) -> Path:
    """A cache path no process can create: below a regular file (a read-only HOME's
    ``~/.cache`` is refused alike, by the file system)."""
    (tmp_path / "home").write_text("")
    return tmp_path / "home" / ".cache" / "constructs_lib"


def test_an_unwritable_cache_is_a_bundling_error_saying_where_to_put_it(
    fake_pip_cache: list[list[str]],
    fresh_bundling: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Proves (ci43): a read-only HOME in CI raised a raw FileNotFoundError/OSError trace
    # GIVEN a cache directory that cannot be created
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(_not_a_directory(tmp_path)))
    code, _ = _checkout(tmp_path, private=False)
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Stack")

    # WHEN a function with requirements is built
    with pytest.raises(BundlingError) as caught:
        QueueWorker(stack, "Worker", handler=Handler(code=code, entry="app.handler"))

    # THEN the error names the function, the cache directory and the fix
    message = str(caught.value)
    assert "Worker" in message and "`code`" in message
    assert str(tmp_path / "home") in message
    assert "cannot be written" in message and "CONSTRUCTS_LIB_CACHE_DIR" in message
    assert not fake_pip_cache  # nothing was installed into nowhere


def test_a_cache_that_is_written_is_unaffected(
    fake_pip_cache: list[list[str]], fresh_bundling: None, tmp_path: Path
) -> None:
    # GIVEN a cache directory that can be created (the default: the fixture's own)
    code, _ = _checkout(tmp_path, private=False)

    # WHEN the function's code is bundled
    asset = _asset(lambda_code(code))

    # THEN pip ran once and the asset is in the cache
    assert len(fake_pip_cache) == 1
    assert asset.parent == tmp_path / "cache" / "assets"
