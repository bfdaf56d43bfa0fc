"""What a user's code directory and requirements.txt may hold: each either bundles as pip
would read it, or is a BundlingError naming the file, the line and the fix.

No test here runs pip: it is faked, or never reached.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from constructs_lib import BundlingError, ConstructError
from constructs_lib._bundling import filter_requirements, lambda_code
from tests.support import new_stack


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "cache"))


def _code(tmp_path: Path, requirements: str = "") -> Path:
    code = tmp_path / "code"
    code.mkdir(parents=True)
    (code / "app.py").write_text("def handler(event, context):\n    return {}\n")
    (code / "requirements.txt").write_text(requirements, newline="")
    return code


@pytest.mark.parametrize(
    "text",
    [
        "\ufeffsix==1.17.0\nboto3\n",  # a BOM (Notepad's UTF-8)
        "six==1.17.0\r\nboto3\r\n",  # CRLF endings
        "six \\\r\n  ==1.17.0\r\n",  # a continuation with CRLF
        "six==1.17.0 \\",  # a dangling backslash on the last line
    ],
)
def test_requirements_are_read_as_pip_reads_them(text: str) -> None:
    # Proves (fuzz): a BOM kept boto3 in the bundle (its name no longer matched) and made
    # the cache key differ from the same file without one; CRLF continuations and a final
    # backslash reached pip as separate, broken lines.
    assert [line.replace(" ", "") for line in filter_requirements(text)] == ["six==1.17.0"]


def test_a_comment_ending_in_a_backslash_does_not_swallow_the_next_requirement() -> None:
    # Proves (fuzz): "# pinned for X \" joined the next line into the comment, so its
    # package was silently never installed; pip ends a continuation at a comment line.
    assert filter_requirements("# pinned for the runtime \\\nsix==1.17.0\n") == ["six==1.17.0"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("foo @ git+https://example.com/foo.git", "VCS requirement"),
        ("git+https://example.com/foo.git#egg=foo", "VCS requirement"),
        ("foo @ file:///tmp/foo-1.0-py3-none-any.whl", "local path or file: URL"),
        ("./libs/foo", "local path or file: URL"),
        ("../wheels/foo-1.0-py3-none-any.whl", "local path or file: URL"),
        ("foo-1.0-py3-none-any.whl", "local path or file: URL"),
        ("-e .", "an editable requirement"),
        ("--find-links ./wheels", "local path or file: URL"),
        ("-f/opt/wheels", "local path or file: URL"),
        # Proves (trial31): these lifted --only-binary=:all:, so pip compiled pandas from
        # source for the synth's x86_64 Python 3.11 (7 minutes) and an arm64 3.14 function
        # got `lib.cpython-311-x86_64-linux-gnu.so`, without a word.
        ("--no-binary pandas", "build from source on this machine"),
        ("--no-binary=:all:", "build from source on this machine"),
        ("--only-binary :none:", "build from source on this machine"),
        ("--only-binary=:none:", "build from source on this machine"),
        # Proves (sweep33): a :none: after a name also empties pip's only-binary set, and a
        # second option on the line counts too; both were passed to pip without a word.
        ("--only-binary pandas,:none:", "build from source on this machine"),
        ("--prefer-binary --no-binary pandas", "build from source on this machine"),
        ("--no-binary :all:,:none:", "build from source on this machine"),
    ],
)
def test_requirements_bundling_cannot_honour_name_the_file_and_line(line: str, reason: str) -> None:
    # Proves (fuzz): VCS lines made pip run `git clone` (network, then a raw pip trace);
    # local paths and file: URLs bundled, but their content is not in the cache key, so
    # a rebuilt wheel shipped the stale one.
    with pytest.raises(BundlingError) as raised:
        filter_requirements(f"six==1.17.0\n\n{line}\n", "code/requirements.txt")
    message = str(raised.value)
    assert message.startswith(f"code/requirements.txt line 3: {line!r} is not supported")
    assert reason in message
    assert "Fix:" in message


@pytest.mark.parametrize(
    "line",
    [
        "--only-binary :all:",
        "--prefer-binary",
        "--pre",
        # Proves (sweep33): these were refused, though --no-binary :none: only empties pip's
        # no-binary set and a named --only-binary narrows nothing: wheels stay required.
        "--no-binary=:none:",
        "--no-binary :none:",
        # Proves (sweep35's follow-up): quoted, as pip's shell-like split reads it
        '--no-binary ":none:"',
        "--no-binary=':none:'",
        "--only-binary=pandas",
    ],
)
def test_options_that_keep_wheels_only_are_passed_to_pip(line: str) -> None:
    assert filter_requirements(f"{line}\nsix==1.17.0\n") == [line, "six==1.17.0"]


def test_every_unsupported_line_is_listed_at_once() -> None:
    with pytest.raises(BundlingError) as raised:
        filter_requirements("-e a\nsix\n./b\n")
    assert str(raised.value).count("\n") == 1
    assert "line 1" in str(raised.value)
    assert "line 3" in str(raised.value)


def test_a_pip_error_names_the_users_file_and_its_line_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (fuzz): pip's errors named a temporary file under the cache, numbered without
    # the user's comments and blank lines, and gave no fix.
    code = _code(tmp_path, "# pins\nsix==1.16.0\n\nsix==1.17.0\n")
    given: list[str] = []

    def fake_pip(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        requirements = Path(args[args.index("--requirement") + 1])
        given.append(requirements.read_text())
        return subprocess.CompletedProcess(
            args,
            1,
            "",
            f"ERROR: Cannot install -r {requirements} (line 2) and -r {requirements} "
            "(line 4) because these package versions have conflicting dependencies.\n",
        )

    monkeypatch.setattr(subprocess, "run", fake_pip)
    with pytest.raises(BundlingError) as raised:
        lambda_code(code)
    message = str(raised.value)
    user_file = code / "requirements.txt"
    assert given == ["\nsix==1.16.0\n\nsix==1.17.0\n"]  # the user's line numbers
    assert f"-r {user_file} (line 2) and -r {user_file} (line 4)" in message
    assert "Fix: correct the lines pip names above (conflicting pins" in message
    assert str(tmp_path / "cache") not in message


def test_symlinked_files_and_directories_are_bundled(tmp_path: Path) -> None:
    # Proves (fuzz): a symlinked package directory was silently left out of the asset.
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "util.py").write_text("X = 1\n")
    code = _code(tmp_path)
    (code / "shared").symlink_to(shared)
    (code / "util.py").symlink_to(shared / "util.py")
    asset = Path(lambda_code(code).path)  # type: ignore[attr-defined]
    assert (asset / "shared" / "util.py").read_text() == "X = 1\n"
    assert (asset / "util.py").read_text() == "X = 1\n"


def test_a_broken_symlink_is_a_bundling_error_naming_it(tmp_path: Path) -> None:
    # Proves (fuzz): a broken symlink raised a raw FileNotFoundError.
    code = _code(tmp_path)
    (code / "gone.py").symlink_to(tmp_path / "missing.py")
    with pytest.raises(BundlingError, match=r"code/gone.py is a broken symlink .*Fix: "):
        lambda_code(code)


def test_an_editors_lock_file_is_not_bundled(tmp_path: Path) -> None:
    # Proves: while Emacs edited app.py, its lock `.#app.py` (a link to "user@host.pid")
    # made every synth of the function a "broken symlink" BundlingError.
    code = _code(tmp_path)
    (code / ".#app.py").symlink_to("user@host.1234:1700000000")
    asset = Path(lambda_code(code).path)  # type: ignore[attr-defined]
    assert not list(asset.rglob(".#*"))
    assert (asset / "app.py").is_file()


# What a developer's checkout holds and CI's clean clone has not: tools' state, OS folder
# metadata, version control, editors' swap and backup files.
_MACHINE_LOCAL = (
    ".hypothesis/examples/1a2b",
    "Thumbs.db",
    "desktop.ini",
    "._app.py",
    ".app.py.swp",
    "app.py~",
    ".git/HEAD",
    "pkg/.DS_Store",
    "node_modules/aws-cdk/package.json",
)


@pytest.mark.parametrize("requirements", [True, False], ids=["bundled", "cdk-staged"])
def test_files_only_a_developers_machine_has_leave_the_asset_unchanged(
    tmp_path: Path, requirements: bool
) -> None:
    # Proves (trial29ci): a `.hypothesis` database, a vim swap file, an editor's backup or
    # Windows' Thumbs.db in the code directory went into the asset, so the function's asset
    # hash (and its published version) differed between a developer's synth and CI's.
    def asset_key(code: Path) -> str:
        if not requirements:
            (code / "requirements.txt").unlink()
        (code / "pkg").mkdir(exist_ok=True)
        (code / "pkg" / "mod.py").write_text("X = 1\n")
        config = lambda_code(code).bind(new_stack())
        assert config.s3_location is not None
        return config.s3_location.object_key

    clean = asset_key(_code(tmp_path / "clean"))
    noisy = _code(tmp_path / "noisy")
    for relative in _MACHINE_LOCAL:
        (noisy / relative).parent.mkdir(parents=True, exist_ok=True)
        (noisy / relative).write_text("local state\n")
    assert asset_key(noisy) == clean


@pytest.mark.parametrize("requirements", [True, False], ids=["bundled", "cdk-staged"])
def test_a_dot_files_backup_leaves_the_asset_unchanged_and_lookalikes_stay(
    tmp_path: Path, requirements: bool
) -> None:
    # Proves (sweep31): an editor's backup of a dot file (`.settings.py~`, `.htaccess~`)
    # went into a CDK-staged asset (CDK's "*~" matches no leading dot) while the library's
    # own view of the code left it out; files only named like machine-local ones stay
    def asset_key(name: str, *files: str) -> str:
        code = _code(tmp_path / name)
        if not requirements:
            (code / "requirements.txt").unlink()
        for relative in files:
            (code / relative).parent.mkdir(parents=True, exist_ok=True)
            (code / relative).write_text("x = 1\n")
        config = lambda_code(code).bind(new_stack())
        assert config.s3_location is not None
        return config.s3_location.object_key

    kept = (".gitkeep", "node_modules_helper/__init__.py", "~draft.py", ".github/ci.yml")
    clean = asset_key("clean", *kept)
    assert asset_key("noisy", *kept, ".settings.py~", "pkg/.htaccess~") == clean
    for i, relative in enumerate(kept):  # each one is part of the asset
        assert asset_key(f"without{i}", *(k for k in kept if k != relative)) != clean


def test_a_directory_link_back_into_its_parents_is_a_bundling_error(tmp_path: Path) -> None:
    code = _code(tmp_path)
    (code / "pkg").mkdir()
    (code / "pkg" / "up").symlink_to(code)
    with pytest.raises(BundlingError, match=r"code/pkg/up links to .*endless\. Fix: "):
        lambda_code(code)


@pytest.mark.parametrize("kind", ["directory", "broken link"])
def test_a_requirements_txt_that_is_no_file_is_a_bundling_error(tmp_path: Path, kind: str) -> None:
    # Proves: a requirements.txt directory (or a broken link) silently meant "no
    # dependencies", so the function failed on its first import in AWS.
    code = tmp_path / "code"
    code.mkdir()
    (code / "app.py").write_text("def handler(event, context):\n    return {}\n")
    if kind == "directory":
        (code / "requirements.txt").mkdir()
    else:
        (code / "requirements.txt").symlink_to(tmp_path / "missing.txt")
    with pytest.raises(
        BundlingError, match=r"code/requirements.txt is not a readable file: .* Fix: make it"
    ):
        lambda_code(code)


@pytest.mark.parametrize("requirements", ["", "six==1.17.0\n"])
def test_a_virtual_environment_of_any_name_is_not_bundled(
    tmp_path: Path, fake_pip_cache: list[list[str]], requirements: str
) -> None:
    # Proves: `python -m venv venv` inside a handler's directory (only `.venv` was
    # excluded) put the developer's interpreter and packages into the Lambda asset.
    code = _code(tmp_path, requirements)
    if not requirements:
        (code / "requirements.txt").unlink()
    for name in ("venv", "lib/env"):
        environment = code / name
        (environment / "lib").mkdir(parents=True)
        (environment / "pyvenv.cfg").write_text("home = /usr/bin\n")
        (environment / "lib" / "big.py").write_text("X = 1\n")
    (code / "lib" / "util.py").write_text("Y = 2\n")  # a package beside it stays
    asset = Path(lambda_code(code).path)  # type: ignore[attr-defined]
    files = {p.relative_to(asset).as_posix() for p in asset.rglob("*") if p.is_file()}
    assert "app.py" in files
    assert "lib/util.py" in files
    assert not any(f.startswith(("venv/", "lib/env/")) for f in files), files
    assert ("six.py" in files) == bool(requirements)


@pytest.mark.parametrize("requirements", ["", "six==1.17.0\n"])
@pytest.mark.parametrize("outdir", ["cdk.out", "build/assembly"])
def test_the_apps_cloud_assembly_is_not_bundled(
    tmp_path: Path, fake_pip_cache: list[list[str]], requirements: str, outdir: str
) -> None:
    # Proves (user trial): a SAM user's `CodeUri: .` (Handler(code=".", ...) in the app's
    # own directory) bundled the last synth's cdk.out into the function: the asset doubled
    # and got a new hash on every synth (a new version, and a canary, on every deploy).
    code = _code(tmp_path, requirements)
    if not requirements:
        (code / "requirements.txt").unlink()
    assembly = code / outdir  # `cdk synth` (or `--output build/assembly`) in this directory
    (assembly / "asset.abc").mkdir(parents=True)
    (assembly / "cdk.out").write_text('{"version":"55.0.0"}')
    (assembly / "manifest.json").write_text("{}")
    (assembly / "asset.abc" / "app.py").write_text("X = 1\n")
    (code / "build" / "keep.py").parent.mkdir(exist_ok=True)
    (code / "build" / "keep.py").write_text("Y = 2\n")  # the code beside it stays
    files = _staged(tmp_path, lambda_code(code))
    assert {"app.py", "build/keep.py"} <= files
    assert not any(f.startswith(f"{outdir}/") for f in files), files


def _staged(tmp_path: Path, code: object) -> set[str]:
    """The files of ``code``'s asset as a synth stages them (CDK applies the excludes)."""
    import aws_cdk as cdk
    from aws_cdk import aws_lambda as lambda_

    app = cdk.App(outdir=str(tmp_path / "synth"))
    stack = cdk.Stack(app, "Bundled")
    function = lambda_.Function(
        stack, "F", code=code, handler="app.handler", runtime=lambda_.Runtime.PYTHON_3_13
    )
    app.synth()
    key = stack.resolve(function.node.default_child.code)["s3Key"]  # type: ignore[union-attr]
    asset = tmp_path / "synth" / f"asset.{key.removesuffix('.zip')}"
    return {p.relative_to(asset).as_posix() for p in asset.rglob("*") if p.is_file()}


def test_code_over_lambdas_unzipped_limit_is_a_bundling_error_naming_the_largest(
    tmp_path: Path,
) -> None:
    # Proves: 250 MB of code (a model, a data file) synthesized and failed at deploy
    # ("Unzipped size must be smaller than 262144000 bytes") after its upload.
    code = _code(tmp_path)
    (code / "requirements.txt").unlink()
    (code / "model").mkdir()
    with (code / "model" / "weights.bin").open("wb") as file:
        file.truncate(262_144_000)  # sparse: no disk space used
    with pytest.raises(BundlingError) as raised:
        lambda_code(code)
    message = str(raised.value)
    assert "the function's code is 262 MB unzipped" in message
    assert "Largest: model 262 MB, app.py 0 MB" in message
    assert "Fix: drop dependencies the handler does not import" in message
    (code / "model" / "weights.bin").unlink()
    with (code / "model" / "weights.bin").open("wb") as file:
        file.truncate(262_144_000 - 1_000)  # with app.py, just under the limit
    lambda_code(code)


def test_installed_dependencies_count_towards_the_limit(
    tmp_path: Path, fake_pip_cache: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from constructs_lib import _defaults

    code = _code(tmp_path, "six==1.17.0\n")
    code_size = sum(p.stat().st_size for p in code.iterdir())
    monkeypatch.setattr(_defaults, "LAMBDA_UNZIPPED_LIMIT_BYTES", code_size + 1)
    with pytest.raises(BundlingError, match=r"Largest: .*six.py"):
        lambda_code(code)  # the code alone fits; with pip's six.py it does not
    monkeypatch.setattr(_defaults, "LAMBDA_UNZIPPED_LIMIT_BYTES", 10_000)
    lambda_code(code)
    # the asset now cached, its size is the one its verification reads
    monkeypatch.setattr(_defaults, "LAMBDA_UNZIPPED_LIMIT_BYTES", code_size + 1)
    with pytest.raises(BundlingError, match=r"Largest: .*six.py"):
        lambda_code(code)


def test_the_construct_names_its_function_in_the_error(tmp_path: Path) -> None:
    from constructs_lib import ApiAuth, Handler, ServerlessApi
    from tests.support import new_stack

    code = _code(tmp_path)
    (code / "requirements.txt").unlink()
    (code / "requirements.txt").mkdir()
    with pytest.raises(ConstructError) as raised:
        ServerlessApi(
            new_stack(),
            "Api",
            routes={"GET /a": Handler(code=code)},
            auth=ApiAuth.iam(),
        )
    # Proves: a bundling error is a ConstructError like every other bad input (a user's
    # `except ConstructError`, or a test of bad inputs, caught none of them), whose problem
    # names the function, its `code` prop and the fix
    assert isinstance(raised.value, BundlingError)
    [problem] = raised.value.problems
    assert (problem.path, problem.prop) == ("Test/Api/Handler", "code")
    assert problem.message.startswith("cannot be bundled for Lambda: ")
    assert "requirements.txt is not a readable file" in problem.message
    assert problem.fix.startswith("make it a requirements file")


def test_each_bad_requirement_line_is_a_problem_of_its_own(tmp_path: Path) -> None:
    from constructs_lib import Handler, QueueWorker
    from tests.support import new_stack

    code = _code(tmp_path)
    (code / "requirements.txt").write_text("git+https://example.invalid/a.git\nok==1\n-e ./b\n")
    with pytest.raises(ConstructError) as raised:
        QueueWorker(new_stack(), "Worker", handler=Handler(code=code))
    where = [(p.path, p.prop) for p in raised.value.problems]
    assert where == [("Test/Worker/Handler", "code")] * 2
    first, second = raised.value.problems
    assert f"{code / 'requirements.txt'} line 1: 'git+" in first.message
    assert f"{code / 'requirements.txt'} line 3: '-e ./b'" in second.message
    # each with its own fix, not the other line's
    assert "Fix" not in first.message + second.message and first.fix and second.fix


@pytest.mark.parametrize(
    ("name", "text", "fix"),
    [
        ("pyproject.toml", "[project]\nname = 'x'\ndependencies = ['six']\n", "uv pip compile"),
        ("pyproject.toml", "[tool.poetry.dependencies]\npython = '^3.12'\nsix = '*'\n", "uv pip"),
        ("uv.lock", "version = 1\n", "uv export"),
        ("poetry.lock", "", "poetry export"),
        ("Pipfile", "[packages]\nsix = '*'\n", "pipenv requirements"),
        ("requirements.in", "six\n", "pip-compile"),
        ("Requirements.txt", "six\n", "rename it to requirements.txt"),
    ],
)
def test_dependencies_declared_in_a_file_bundling_does_not_read_are_a_bundling_error(
    tmp_path: Path, name: str, text: str, fix: str
) -> None:
    # Proves (user trial): a code directory whose dependencies were in a pyproject.toml,
    # uv.lock, poetry.lock, Pipfile, requirements.in or Requirements.txt (no
    # requirements.txt) synthesized without them: the function failed on its first import.
    code = tmp_path / "code"
    code.mkdir()
    (code / "app.py").write_text("def handler(event, context):\n    return {}\n")
    (code / name).write_text(text)
    with pytest.raises(BundlingError, match=rf"code/{name}.*Fix: .*{fix}"):
        lambda_code(code)


@pytest.mark.parametrize(
    "text", ["[tool.ruff]\nline-length = 100\n", "[tool.poetry.dependencies]\npython = '^3.12'\n"]
)
def test_a_pyproject_toml_without_dependencies_or_beside_a_requirements_txt_bundles(
    tmp_path: Path, text: str, fake_pip_cache: list[list[str]]
) -> None:
    code = tmp_path / "code"
    code.mkdir()
    (code / "app.py").write_text("def handler(event, context):\n    return {}\n")
    (code / "pyproject.toml").write_text(text)
    assert Path(lambda_code(code).path).is_dir()  # type: ignore[attr-defined]
    (code / "pyproject.toml").write_text("[project]\nname = 'x'\ndependencies = ['six']\n")
    (code / "requirements.txt").write_text("six==1.17.0\n")
    assert (Path(lambda_code(code).path) / "six.py").is_file()  # type: ignore[attr-defined]


def test_a_misspelt_extra_is_a_bundling_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (user trial): `requests[sock]` (for `requests[socks]`) synthesized: pip only
    # warned, and the function lacked what the extra brings.
    code = _code(tmp_path, "requests[sock]==2.32.3\n")
    stderr = "WARNING: requests 2.32.3 does not provide the extra 'sock'\n"
    monkeypatch.setattr(
        subprocess, "run", lambda args, **_: subprocess.CompletedProcess(args, 0, "", stderr)
    )
    with pytest.raises(BundlingError, match=r"requests has no extra 'sock' .*Fix: spell the"):
        lambda_code(code)


def test_a_code_module_named_like_a_dependencys_package_is_a_bundling_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (user trial): the code's requests.py beside requirements.txt's requests
    # synthesized, and in the function Python imported the dependency's package instead.
    code = _code(tmp_path, "requests==2.32.3\n")
    (code / "requests.py").write_text("X = 1\n")

    def fake_pip(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        target = Path(next(a for a in args if a.startswith("--target=")).split("=", 1)[1])
        (target / "requests").mkdir()
        (target / "requests" / "__init__.py").write_text("")
        return subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_pip)
    with pytest.raises(
        BundlingError,
        match=r"the code's requests.py is hidden by the dependency's package requests/ .*"
        r"Fix: rename the code's module",
    ):
        lambda_code(code)


def _fake_pip_reading(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """pip faked: records the requirements file it was given (then "installs" nothing)."""
    given: list[str] = []

    def fake_pip(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        given.append(Path(args[args.index("--requirement") + 1]).read_text())
        return subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_pip)
    return given


def test_included_and_constraint_files_are_read_and_part_of_the_cache_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (user trial): `-r common.txt` and `-c constraints.txt`, as teams write them
    # (also a monorepo's `-r ../shared/common.txt`), were refused: every requirement had
    # to be copied into each function's requirements.txt.
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "common.txt").write_text("six\n-c constraints.txt\n")
    (shared / "constraints.txt").write_text("six==1.17.0\n")
    code = _code(tmp_path, "# shared pins\n-r ../shared/common.txt\n--constraint=local.txt\n")
    (code / "local.txt").write_text("idna==3.10\n")
    given = _fake_pip_reading(monkeypatch)

    lambda_code(code)
    lambda_code(code)  # unchanged: no pip
    (shared / "constraints.txt").write_text("six==1.16.0\n")  # an edit of a nested file
    lambda_code(code)

    assert given[0] == f"\n-r {shared / 'common.txt'}\n--constraint {code / 'local.txt'}\n"
    assert len(given) == 2  # the edit reinstalled


@pytest.mark.parametrize(
    ("files", "line", "message"),
    [
        ({}, "-r missing.txt", r"'-r missing.txt' names .*missing.txt, which is not a file"),
        ({}, "-r https://example.com/r.txt", r"a file fetched from a URL is not part"),
        ({"a.txt": "-r requirements.txt\n"}, "-r a.txt", r"includes it again"),
        ({"a.txt": "git+https://example.com/x.git\n"}, "-r a.txt", r"a.txt line 1: .*VCS"),
    ],
)
def test_an_include_bundling_cannot_read_is_a_bundling_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], line: str, message: str
) -> None:
    code = _code(tmp_path, f"six\n{line}\n")
    for name, text in files.items():
        (code / name).write_text(text)
    _fake_pip_reading(monkeypatch)
    with pytest.raises(BundlingError, match=message):
        lambda_code(code)


@pytest.mark.parametrize("requirements", ["", "six==1.16.0\n"], ids=["no deps", "deps"])
def test_a_dotenv_file_is_a_bundling_error_and_editor_state_is_left_out(
    tmp_path: Path, fake_pip_cache: list[list[str]], requirements: str
) -> None:
    # Proves (dependencies user trial): a developer's .env (often secrets) and the editors'
    # and test tools' state were uploaded with the function's code
    code = _code(tmp_path, requirements)
    if not requirements:
        (code / "requirements.txt").unlink()
    (code / ".env").write_text("DB_PASSWORD=hunter2\n")
    with pytest.raises(BundlingError, match=r"\.env would be uploaded with the function's code"):
        lambda_code(code)
    (code / ".env").unlink()
    if not requirements:
        return  # CDK stages that code itself, with the same exclusions (not seen here)
    (code / ".env.example").write_text("DB_PASSWORD=\n")  # a template of it ships
    for name in (".idea", ".vscode", "htmlcov"):
        (code / name).mkdir()
        (code / name / "state.xml").write_text("<x/>\n")
    (code / ".coverage").write_text("")
    asset = Path(lambda_code(code).path)  # type: ignore[attr-defined]
    files = {p.relative_to(asset).as_posix() for p in asset.rglob("*") if p.is_file()}
    assert {"app.py", ".env.example"} <= files
    assert not any(f.startswith((".idea", ".vscode", "htmlcov", ".coverage")) for f in files), files


@pytest.mark.parametrize("name", [".env.local", ".env.production"])
def test_a_dotenv_file_of_an_environment_is_a_bundling_error(
    tmp_path: Path, fake_pip_cache: list[list[str]], name: str
) -> None:
    # Proves (sweep): dotenv's per-environment files (.env.local, .env.production), as
    # likely to hold secrets as .env, were uploaded with the function's code in silence
    code = _code(tmp_path, "six==1.16.0\n")
    (code / ".env.sample").write_text("DB_PASSWORD=\n")  # a template: ships
    (code / name).write_text("DB_PASSWORD=hunter2\n")
    with pytest.raises(BundlingError, match=rf"{re.escape(name)} would be uploaded with the"):
        lambda_code(code)


def test_every_dotenv_file_of_the_code_is_named_at_once(
    tmp_path: Path, fake_pip_cache: list[list[str]]
) -> None:
    # Proves (review): with .env and .env.local in the code directory only the first was
    # named; the user removed it, synthesized again and only then learnt of the other
    code = _code(tmp_path, "six==1.16.0\n")
    for name in (".env", ".env.local"):
        (code / name).write_text("DB_PASSWORD=hunter2\n")
    with pytest.raises(BundlingError) as raised:
        lambda_code(code)
    assert [Path(d.split(" would be uploaded")[0]).name for d in raised.value.details] == [
        ".env",
        ".env.local",
    ]
