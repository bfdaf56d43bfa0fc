"""Docker-free bundling: pip runs once per requirements set, never on an unchanged re-synth.

Only two tests run pip against the configured package index (one shared install of a tiny
pure-Python wheel, one package that does not exist); the rest reuse that cache.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple

import aws_cdk as cdk
import pytest
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Match, Template

from constructs_lib import BundlingError
from constructs_lib._bundling import filter_requirements, lambda_code, platform_tags
from constructs_lib._bundling import pip as pip_module
from constructs_lib._bundling.cache import build_atomically, verified

pytestmark = pytest.mark.slow  # real pip installs

HANDLER = "def handler(event, context):\n    return {'ok': True}\n"
REQUIREMENTS = "six==1.17.0\nboto3\n"


def _no_subprocess(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError(f"subprocess.run called: {args}")


def _write_code(code_dir: Path, requirements: str | None = REQUIREMENTS) -> Path:
    code_dir.mkdir(parents=True, exist_ok=True)
    (code_dir / "app.py").write_text(HANDLER)
    (code_dir / "__pycache__").mkdir(exist_ok=True)
    (code_dir / "__pycache__" / "app.cpython-314.pyc").write_bytes(b"stale")
    (code_dir / "tests").mkdir(exist_ok=True)
    (code_dir / "tests" / "test_app.py").write_text("def test(): pass\n")
    if requirements is not None:
        (code_dir / "requirements.txt").write_text(requirements)
    return code_dir


def _asset_hash(code: lambda_.Code) -> str:
    """The S3 object key's hash part, as CDK computes it when the code is bound."""
    config = code.bind(cdk.Stack(cdk.App(), "Bind"))
    assert config.s3_location is not None
    return config.s3_location.object_key.removesuffix(".zip")


def _asset_dir(code: lambda_.Code) -> Path:
    assert isinstance(code, lambda_.AssetCode)
    return Path(code.path)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for the module: the single real pip install all bundled tests share."""
    return tmp_path_factory.mktemp("bundling-cache")


class Bundled(NamedTuple):
    """A handler with requirements, bundled once: its code, asset hash and asset directory."""

    code_dir: Path
    asset_hash: str
    asset: Path


@pytest.fixture(scope="module")
def bundled(cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Bundled:
    """The handler with ``six`` + ``boto3`` bundled for arm64 / Python 3.14."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(cache))
        code_dir = _write_code(tmp_path_factory.mktemp("bundled") / "handler")
        code = lambda_code(code_dir)
        return Bundled(code_dir, _asset_hash(code), _asset_dir(code))


@pytest.fixture
def use_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(cache))
    return cache


@pytest.fixture
def no_pip(monkeypatch: pytest.MonkeyPatch) -> None:
    """pip (any subprocess) must not run: a call fails the test."""
    monkeypatch.setattr(subprocess, "run", _no_subprocess)


def test_without_requirements_the_directory_is_the_asset_and_pip_never_runs(
    no_pip: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "cache"))
    code_dir = _write_code(tmp_path / "handler", requirements=None)

    code = lambda_code(code_dir)

    assert isinstance(code, lambda_.AssetCode)
    assert Path(code.path) == code_dir
    assert not (tmp_path / "cache").exists()


def test_bundled_asset_has_dependencies_and_code_but_not_the_sdk(
    use_cache: Path, bundled: Bundled
) -> None:
    asset = bundled.asset
    assert asset.parent == use_cache / "assets"

    assert (asset / "six.py").is_file()
    assert (asset / "app.py").read_text() == HANDLER
    assert (asset / "requirements.txt").is_file()
    names = {path.name.split("-")[0].lower() for path in asset.iterdir()}
    assert not names & {"boto3", "botocore", "s3transfer"}
    assert not (asset / "__pycache__").exists()
    assert not (asset / "tests").exists()
    assert not list(use_cache.glob("*/.*"))  # no temporary build directory left behind


def test_bundled_code_synthesizes_into_an_arm64_python_function(
    use_cache: Path, no_pip: None, bundled: Bundled
) -> None:
    stack = cdk.Stack(cdk.App(), "Bundled")
    lambda_.Function(
        stack,
        "Fn",
        code=lambda_code(bundled.code_dir),
        runtime=lambda_.Runtime.PYTHON_3_14,
        architecture=lambda_.Architecture.ARM_64,
        handler="app.handler",
    )

    Template.from_stack(stack).has_resource_properties(
        "AWS::Lambda::Function",
        {
            "Code": {"S3Bucket": Match.any_value(), "S3Key": f"{bundled.asset_hash}.zip"},
            "Runtime": "python3.14",
            "Architectures": ["arm64"],
        },
    )


def test_unchanged_resynth_runs_no_pip_and_keeps_the_asset_hash(
    use_cache: Path, no_pip: None, bundled: Bundled
) -> None:
    assert _asset_hash(lambda_code(bundled.code_dir)) == bundled.asset_hash


def test_asset_hash_depends_on_file_contents_not_on_the_directory_location(
    use_cache: Path, no_pip: None, bundled: Bundled, tmp_path: Path
) -> None:
    moved = _write_code(tmp_path / "elsewhere")
    (moved / "__pycache__" / "other.pyc").write_bytes(b"excluded files do not count")
    assert _asset_hash(lambda_code(moved)) == bundled.asset_hash


def test_changed_code_changes_the_asset_hash_but_reuses_the_installed_deps(
    use_cache: Path, no_pip: None, bundled: Bundled, tmp_path: Path
) -> None:
    code_dir = _write_code(tmp_path / "handler")
    (code_dir / "app.py").write_text(HANDLER + "# changed\n")
    (code_dir / "six.py").write_text("VENDORED = True\n")

    code = lambda_code(code_dir)

    assert _asset_hash(code) != bundled.asset_hash
    asset = _asset_dir(code)
    assert (asset / "app.py").read_text().endswith("# changed\n")
    assert (asset / "six.py").read_text() == "VENDORED = True\n"  # code wins over deps
    assert (asset / "six-1.17.0.dist-info").is_dir()
    # The deps are hard-linked into each asset: overwriting one must not touch the others.
    assert "VENDORED" not in (bundled.asset / "six.py").read_text()


def test_changed_requirements_change_the_deps_key(
    tmp_path: Path, fake_pip_cache: list[list[str]]
) -> None:
    calls = fake_pip_cache
    code_dir = _write_code(tmp_path / "handler", requirements="six==1.16.0\n")
    first = _asset_hash(lambda_code(code_dir))
    assert len(calls) == 1
    # Comments, blank lines and runtime-provided packages do not change what gets installed:
    # the copied requirements.txt changes the asset, but the installed deps are reused.
    (code_dir / "requirements.txt").write_text("# pinned\nsix==1.16.0  # why\n\nBoto3>=1\n")
    second = _asset_hash(lambda_code(code_dir))
    assert len(calls) == 1

    (code_dir / "requirements.txt").write_text("six==1.16.0\nattrs\n")
    assert _asset_hash(lambda_code(code_dir)) not in {first, second}
    assert len(calls) == 2
    assert "--requirement" in calls[-1]
    assert _asset_hash(lambda_code(code_dir, architecture="x86_64")) not in {first, second}
    assert len(calls) == 3
    assert "--platform=manylinux2014_x86_64" in calls[-1]
    assert "--python-version=3.14" in calls[-1]


def test_sdk_pulled_in_transitively_is_removed_after_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "cache"))

    def fake_pip(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        target = Path(next(a for a in args if a.startswith("--target=")).split("=", 1)[1])
        for name in ("needs_sdk", "boto3", "botocore", "s3transfer", "jmespath"):
            (target / name).mkdir()
        for name in ("needs_sdk-1.0", "boto3-1.40.0", "botocore-1.40.0", "s3transfer-0.14.0"):
            (target / f"{name}.dist-info").mkdir()
        return subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_pip)
    code_dir = _write_code(tmp_path / "handler", requirements="needs-sdk==1.0\n")

    asset = _asset_dir(lambda_code(code_dir))

    assert sorted(p.name for p in asset.iterdir()) == [
        "app.py",
        "jmespath",
        "needs_sdk",
        "needs_sdk-1.0.dist-info",
        "requirements.txt",
    ]


def test_only_runtime_provided_requirements_need_no_pip(
    no_pip: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "cache"))
    code_dir = _write_code(tmp_path / "handler", requirements="boto3==1.40.0\nbotocore\n")

    asset = _asset_dir(lambda_code(code_dir))

    assert sorted(p.name for p in asset.iterdir()) == ["app.py", "requirements.txt"]


def test_package_without_a_matching_wheel_is_named_in_the_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "cache"))
    # Proves (user trial): under `cdk synth` (whose CLI sets FORCE_COLOR) the message named
    # the package twice, the second time with pip's colour escapes glued to it.
    monkeypatch.setenv("FORCE_COLOR", "1")
    requirements = "constructs-lib-no-such-package-xyz==1.0\n"
    code_dir = _write_code(tmp_path / "handler", requirements=requirements)

    with pytest.raises(BundlingError) as raised:
        lambda_code(code_dir)

    message = str(raised.value)
    assert message.count("constructs-lib-no-such-package-xyz") == 1
    assert "\x1b" not in message
    assert "manylinux2014_aarch64" in message
    assert "Python 3.14" in message
    assert "vendor it into the code directory" in message
    # A failed build leaves nothing a later synth could mistake for a finished entry.
    assert not list((tmp_path / "cache" / "deps").iterdir())
    assert not (tmp_path / "cache" / "assets").exists()


def test_environment_markers_are_evaluated_for_the_functions_platform_not_the_hosts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (user trial): pip evaluated markers on the synth's host (x86_64, its Python),
    # so an arm64 function lost `; platform_machine == "aarch64"` requirements and got the
    # ones only an older Python needs.
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "cache"))
    requirements = (
        'six==1.17.0 ; platform_machine == "aarch64" and python_version >= "3.14"'
        ' and sys_platform == "linux"\n'
        'constructs-lib-no-such-package-xyz ; python_version < "3.12"\n'
        'constructs-lib-no-such-package-xyz ; platform_machine == "x86_64"\n'
    )
    code_dir = _write_code(tmp_path / "handler", requirements=requirements)

    asset = _asset_dir(lambda_code(code_dir))

    assert (asset / "six.py").is_file()


def test_other_pip_failures_report_pips_last_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "cache"))
    stderr = "WARNING: noise\nERROR: Could not install packages due to an OSError: disk full\n"
    monkeypatch.setattr(
        subprocess, "run", lambda args, **_: subprocess.CompletedProcess(args, 1, "", stderr)
    )
    code_dir = _write_code(tmp_path / "handler", requirements="six\n")

    with pytest.raises(BundlingError, match="disk full"):
        lambda_code(code_dir)


@pytest.mark.parametrize(
    "line",
    [
        "boto3",
        "Boto3==1.40.0",
        "botocore>=1.34,<2",
        "BotoCore ; python_version >= '3.9'",
        "s3transfer~=0.10",
        "S3Transfer",
        "boto3[crt]==1.40.0",
        "boto3 @ https://example.com/boto3-1.40.0-py3-none-any.whl",
        "  boto3  # provided by Lambda",
    ],
)
def test_runtime_provided_packages_are_filtered(line: str) -> None:
    assert filter_requirements(f"six==1.17.0\n{line}\n") == ["six==1.17.0"]


def test_filter_keeps_other_packages_and_options() -> None:
    text = (
        "# comment\n"
        "--extra-index-url https://example.com/simple\n"
        "boto3-stubs==1.40.0\n"
        "aws-lambda-powertools[tracer]==3.0.0 \\\n"
        "    ; python_version >= '3.12'\n"
        "\n"
        "botocorex\n"
    )
    assert filter_requirements(text) == [
        "--extra-index-url https://example.com/simple",
        "boto3-stubs==1.40.0",
        "aws-lambda-powertools[tracer]==3.0.0     ; python_version >= '3.12'",
        "botocorex",
    ]


@pytest.mark.parametrize("line", ["-e .", "--editable=../shared", "-e ../shared"])
def test_editable_requirements_are_rejected(line: str) -> None:
    with pytest.raises(BundlingError, match="not supported: an editable requirement"):
        filter_requirements(f"six\n{line}\n")


def test_a_requirements_file_that_is_not_utf8_is_a_bundling_error_naming_it(
    no_pip: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a requirements.txt saved as Latin-1 (an editor's default on some systems)
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "cache"))
    code_dir = _write_code(tmp_path / "handler")
    (code_dir / "requirements.txt").write_bytes("café==1.0\n".encode("latin-1"))
    # THEN the error names the file and the fix, not a UnicodeDecodeError
    with pytest.raises(
        BundlingError, match=r"requirements.txt is not UTF-8 text.*save it as UTF-8"
    ):
        lambda_code(code_dir)


def test_platform_tags() -> None:
    # Proves (trial31): only manylinux_2_17, _2_28 and _2_34 were listed, and pip widens
    # none of them, so a wheel published for a glibc in between (nvidia-cudnn-cu12's
    # manylinux_2_27, a torch dependency) was "no wheel for Lambda's platform", though
    # Amazon Linux 2023 (glibc 2.34) loads it.
    tags = platform_tags("arm64", "3.14")
    assert sorted(tags) == ["manylinux2014_aarch64"] + [
        f"manylinux_2_{minor}_aarch64" for minor in range(17, 35)
    ]
    assert "manylinux_2_27_aarch64" in tags
    # Proves (sweep33): the tags asked before come first, so pip (which prefers earlier
    # tags) picks the wheels it picked before for requirements that installed then.
    assert tags[:4] == [
        "manylinux2014_aarch64",
        "manylinux_2_17_aarch64",
        "manylinux_2_28_aarch64",
        "manylinux_2_34_aarch64",
    ]
    # Amazon Linux 2 runtimes: glibc 2.26, so no manylinux_2_27 or newer wheels.
    x86_311 = platform_tags("x86_64", "3.11")
    assert x86_311[:2] == ["manylinux2014_x86_64", "manylinux_2_17_x86_64"]
    assert max(x86_311[1:], key=lambda tag: int(tag.split("_")[2])) == "manylinux_2_26_x86_64"
    with pytest.raises(BundlingError, match="architecture"):
        platform_tags("arm", "3.14")


@pytest.mark.parametrize(
    ("python_version", "architecture", "asset_hash"),
    [
        ("3.14", "arm64", "796c2125907a548254bc104439a79ec383897a80b06f832a61f8e5d4c143d319"),
        ("3.12", "x86_64", "144af65c8399725e370f76651ae9c89908576453f4b12c783d686b755faf2787"),
        ("3.11", "arm64", "0f2c33ebd03ba16d33d24dd72968518943c8f406d5de1b59ea8c3b3682e629d2"),
    ],
)
def test_the_glibc_tags_in_between_keep_the_asset_hash(
    tmp_path: Path,
    fake_pip_cache: list[list[str]],
    python_version: str,
    architecture: str,
    asset_hash: str,
) -> None:
    # Proves (sweep33): asking pip for manylinux_2_18..2_27 too changed the cache key, so
    # every function with a requirements.txt (or runtime helpers) got a new asset hash and
    # was redeployed once, with the same bytes (requests, numpy, lxml, pydantic, orjson,
    # cryptography, psycopg[binary]: identical trees on arm64 and x86_64, 3.12 and 3.14).
    # These are the hashes 0.4.0.dev0 gave before that change.
    code_dir = tmp_path / "handler"
    code_dir.mkdir()
    (code_dir / "app.py").write_text(HANDLER)
    (code_dir / "requirements.txt").write_text("six==1.16.0\n")
    code = lambda_code(code_dir, python_version=python_version, architecture=architecture)
    assert _asset_dir(code).name == asset_hash
    # (and pip is still asked for the glibc versions in between)
    machine = "aarch64" if architecture == "arm64" else "x86_64"
    assert f"--platform=manylinux_2_20_{machine}" in fake_pip_cache[-1]


def test_cache_root_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from constructs_lib._bundling import cache_root

    monkeypatch.delenv("CONSTRUCTS_LIB_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_root() == tmp_path / ".cache" / "constructs_lib"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "constructs_lib"
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "explicit"))
    assert cache_root() == tmp_path / "explicit"


def test_bundling_error_names_the_function(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN a handler whose requirements have no Lambda wheel (pip is faked: no network)
    from constructs_lib import ApiAuth, Handler, ServerlessApi
    from tests.support import new_stack

    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "cache"))
    code = tmp_path / "fn"
    code.mkdir()
    (code / "app.py").write_text("def handler(event, context):\n    return {}\n")
    (code / "requirements.txt").write_text("no-such-wheel==1.0\n")

    def fake_pip(*args: object, **kwargs: object) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(
            args, 1, "", "ERROR: No matching distribution found for no-such-wheel==1.0\n"
        )

    monkeypatch.setattr(subprocess, "run", fake_pip)
    # WHEN the construct builds the function THEN the error names function and package
    with pytest.raises(
        BundlingError,
        match=r"- Test/Api/Handler: `code` cannot be bundled for Lambda: No wheel of no-such-wheel",
    ):
        ServerlessApi(
            new_stack(),
            "Api",
            routes={"GET /a": Handler(code=code)},
            auth=ApiAuth.iam(),
        )


# --- a cached entry is verified against the digest stored when it was built ---------------


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {
        path.relative_to(directory).as_posix(): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def _swap_for_symlink(asset: Path) -> None:
    """The entry replaced by a symlink to an edited copy of it."""
    copy = asset.with_name("edited-copy")
    shutil.copytree(asset, copy)
    (copy / "app.py").write_text("STOLEN = 1\n")
    shutil.rmtree(asset)
    asset.symlink_to(copy)


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda asset: (asset / "app.py").write_text("STOLEN = 1\n"), id="edit-code"),
        pytest.param(lambda asset: (asset / "evil.py").write_text("x = 1\n"), id="add-file"),
        pytest.param(lambda asset: (asset / "requirements.txt").unlink(), id="delete-file"),
        pytest.param(
            lambda asset: (asset / "six-1.17.0.dist-info" / "METADATA").unlink(),
            id="delete-nested",
        ),
        pytest.param(lambda asset: (asset / "app.py").chmod(0o777), id="chmod"),
        pytest.param(_swap_for_symlink, id="symlinked-entry"),
    ],
)
def test_a_tampered_asset_is_rebuilt_not_shipped(
    fake_pip_cache: list[list[str]], tmp_path: Path, tamper: Any
) -> None:
    # GIVEN a built asset, then a file of it changed in the cache
    code_dir = _write_code(tmp_path / "handler", requirements="six==1.17.0\n")
    code = lambda_code(code_dir)
    asset, asset_hash, original = _asset_dir(code), _asset_hash(code), _snapshot(_asset_dir(code))
    tamper(asset)

    # WHEN the next synth asks for the code
    again = lambda_code(code_dir)

    # THEN it gets the original content under the same hash, without running pip again
    assert _asset_dir(again) == asset
    assert _snapshot(asset) == original
    assert (asset / "app.py").stat().st_mode & 0o777 != 0o777
    assert _asset_hash(again) == asset_hash
    assert len(fake_pip_cache) == 1
    assert not (tmp_path / "cache" / "assets" / asset.name).is_symlink()
    assert not list((tmp_path / "cache").glob("*/.*"))  # nothing left behind


def test_a_dependency_edited_through_its_hard_link_reinstalls_the_deps(
    fake_pip_cache: list[list[str]], tmp_path: Path
) -> None:
    # GIVEN a built asset whose dependency file is edited in place: the asset shares that
    # file with the deps entry (hard link), so both entries are tampered
    code_dir = _write_code(tmp_path / "handler", requirements="six==1.17.0\n")
    asset = _asset_dir(lambda_code(code_dir))
    with (asset / "six.py").open("a") as six:
        six.write("STOLEN = 1\n")

    # WHEN the next synth asks for the code THEN the deps are installed again
    assert _asset_dir(lambda_code(code_dir)) == asset
    assert (asset / "six.py").read_text() == "# the real six\n"
    assert len(fake_pip_cache) == 2


@pytest.mark.parametrize("entry", ["assets", "deps"])
@pytest.mark.parametrize("damage", ["delete", "garbage"])
def test_an_entry_without_its_digest_is_rebuilt(
    fake_pip_cache: list[list[str]], tmp_path: Path, entry: str, damage: str
) -> None:
    # GIVEN a built asset whose digest file is missing or wrong, as after a crash between
    # renaming the entry into place and writing its digest (a half-written entry)
    code_dir = _write_code(tmp_path / "handler", requirements="six==1.17.0\n")
    asset = _asset_dir(lambda_code(code_dir))
    original = _snapshot(asset)
    (digest_file,) = (tmp_path / "cache" / entry).glob("*.sha256")
    if damage == "delete":
        digest_file.unlink()
    else:
        digest_file.write_text("0" * 64 + "\n")
    if entry == "deps":  # only a rebuilt asset looks at its deps entry
        (asset / "app.py").write_text("STOLEN = 1\n")

    # WHEN the next synth asks for the code THEN the entry is rebuilt and verified again
    assert _snapshot(_asset_dir(lambda_code(code_dir))) == original
    assert len(fake_pip_cache) == (2 if entry == "deps" else 1)
    assert digest_file.is_file()
    # AND the one after that trusts it: no pip, nothing rebuilt
    assert _snapshot(_asset_dir(lambda_code(code_dir))) == original
    assert len(fake_pip_cache) == (2 if entry == "deps" else 1)


def test_a_verified_asset_is_used_without_rebuilding(
    fake_pip_cache: list[list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code_dir = _write_code(tmp_path / "handler", requirements="six==1.17.0\n")
    asset = _asset_dir(lambda_code(code_dir))
    inode = asset.stat().st_ino
    monkeypatch.setattr(subprocess, "run", _no_subprocess)
    assert _asset_dir(lambda_code(code_dir)) == asset
    assert asset.stat().st_ino == inode  # the same directory, not a rebuilt one


def test_an_entry_another_synth_finished_meanwhile_is_kept_not_replaced(tmp_path: Path) -> None:
    # Proves (trial29ci): two synths with a cold cache (pytest -n auto, parallel CI jobs)
    # built the same entry; the later one deleted the earlier one's finished entry to put
    # its own copy in place, while the earlier synth's CDK was still copying from it:
    # "ENOENT: no such file or directory, copyfile '<cache>/assets/<key>/pydantic/typing.py'".
    final = tmp_path / "cache" / "assets" / "key"

    def write(target: Path) -> None:
        (target / "app.py").write_text("X = 1\n")

    in_use: list[int] = []

    def write_while_another_synth_finishes(target: Path) -> None:
        write(target)
        build_atomically(final, write)  # the other synth, done first, now copying from it
        in_use.append((final / "app.py").stat().st_ino)

    build_atomically(final, write_while_another_synth_finishes)
    assert verified(final)
    assert (final / "app.py").stat().st_ino == in_use[0]  # the entry in use is still there
    assert not list(final.parent.glob(".*"))  # no temporary or stale directory left


def test_pip_runs_for_the_function_and_still_runs_without_the_internals_it_patches() -> None:
    # GIVEN the script that runs pip with the function's marker environment, as it is and
    # as on a pip without the internal modules it patches (a user's venv may hold any pip)
    env = json.dumps(pip_module.marker_environment("3.14", "arm64"))
    missing = pip_module._PIP_FOR_TARGET.replace(
        "pip._internal.cli.main", "pip._internal.no_such_module"
    )
    for script in (pip_module._PIP_FOR_TARGET, missing):
        # WHEN it is asked for pip's version THEN pip answers, either way
        result = subprocess.run(
            [sys.executable, "-c", script, env, "--version"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("pip "), result.stdout


def _pip_failure(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    stderr: str,
    requirements: str,
    **options: Any,
) -> str:
    """The BundlingError's message when pip fails with ``stderr`` on ``requirements``."""
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "cache"))

    def fake_pip(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(args, 1, "", stderr)

    monkeypatch.setattr(subprocess, "run", fake_pip)
    code_dir = _write_code(tmp_path / "handler", requirements=requirements)
    with pytest.raises(BundlingError) as raised:
        lambda_code(code_dir, **options)
    return str(raised.value)


def test_dependency_without_a_wheel_is_named_without_its_marker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (trial31): torch's dependency was named "nvidia-cudnn-cu12==9.10.2.21;" (the
    # marker's separator glued to it), and the message listed every platform tag.
    stderr = (
        "ERROR: Could not find a version that satisfies the requirement "
        'nvidia-cudnn-cu12==9.10.2.21; platform_system == "Linux" (from torch) '
        "(from versions: none)\n"
    )
    message = _pip_failure(tmp_path, monkeypatch, stderr, "torch==2.9.0\n", architecture="x86_64")
    assert "No wheel of nvidia-cudnn-cu12==9.10.2.21 (" in message
    assert "manylinux2014_x86_64, manylinux_2_17_x86_64 to manylinux_2_34_x86_64" in message
    # Proves (trial31): numpy==1.26.4 (no cp314 wheel) was told to pin another version or
    # vendor it, never the Handler's own way out the README gives: an older runtime.
    assert "(Handler(runtime='3.12' or '3.13') or architecture='arm64', or FunctionDefaults)" in (
        message
    )


def test_an_unreachable_index_is_named_not_blamed_on_the_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (trial31): a requirements.txt whose `--index-url` names an index this machine
    # cannot reach failed with "No wheel of pandas==2.3.3 matches Lambda's platform";
    # pip's own reason (its connection warnings) was dropped.
    stderr = (
        "WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, "
        "status=None)) after connection broken by 'NameResolutionError(\"HTTPSConnection("
        "host='pypi.internal.test', port=443): Failed to resolve 'pypi.internal.test'\")': "
        "/simple/pandas/\n"
        "ERROR: Could not find a version that satisfies the requirement pandas==2.3.3 "
        "(from versions: none)\n"
        "ERROR: No matching distribution found for pandas==2.3.3\n"
    )

    requirements = "--index-url https://pypi.internal.test/simple\npandas==2.3.3\n"
    message = _pip_failure(tmp_path, monkeypatch, stderr, requirements)
    assert "pip could not reach the package index for pandas==2.3.3" in message
    assert "Failed to resolve 'pypi.internal.test'" in message
    assert "--index-url or --extra-index-url line of" in message
    assert "matches Lambda's platform" not in message


def test_a_missing_wheel_beside_an_unreachable_extra_index_is_named_as_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (sweep33): numpy==1.26.4 (no cp314 wheel) with an --extra-index-url this
    # machine cannot reach was "pip could not reach the package index", though PyPI was
    # reached and listed numpy's versions: the version has no wheel for Lambda's Python.
    stderr = (
        "WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, "
        "status=None)) after connection broken by 'NewConnectionError('<HTTPConnection "
        "object>: Failed to establish a new connection: [Errno 111] Connection refused')': "
        "/simple/numpy/\n"
        "ERROR: Could not find a version that satisfies the requirement numpy==1.26.4 "
        "(from versions: 2.3.2, 2.3.3)\n"
        "ERROR: No matching distribution found for numpy==1.26.4\n"
    )

    requirements = "--extra-index-url http://127.0.0.1:9/simple\nnumpy==1.26.4\n"
    message = _pip_failure(tmp_path, monkeypatch, stderr, requirements)
    assert "No wheel of numpy==1.26.4" in message
    assert "could not reach" not in message
