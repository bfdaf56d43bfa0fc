"""Handler(include=[...]) given what bundling would ship wrong without a word: a name the
runtime or the library already has, a file Python imports as no module, a link to nowhere,
something unreadable; and the cost of a large one. (test_handler_include.py has the
feature and its first rules.)

No test here runs pip: no code directory has a requirements.txt, or pip is faked.
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
import time
from pathlib import Path

import aws_cdk as cdk
import pytest

from constructs_lib import BundlingError, ConstructError, Handler, QueueWorker, ScheduledJob
from constructs_lib._bundling.files import EXCLUDE, excluded
from tests.support import new_app, write_tree


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "cache"))


def _code(root: Path) -> Path:
    return write_tree(root / "services" / "orders", {"app.py": "def handler(e, c):\n    pass\n"})


def _job(handler: Handler) -> cdk.Stack:
    stack = cdk.Stack(new_app(), "Test")
    ScheduledJob(stack, "Nightly", handler=handler, schedule="cron(0 2 * * ? *)", alarms=False)
    return stack


def _problems(handler: Handler) -> list[str]:
    with pytest.raises(ConstructError) as raised:
        _job(handler)
    return [str(p) for p in raised.value.problems]


def test_names_taken_by_the_runtime_or_the_library_or_importing_nothing_are_refused(
    tmp_path: Path,
) -> None:
    # GIVEN shared code that would ship in silence and break: a package hiding the
    # runtime's boto3 (or what boto3 imports), one mixing with the library's helpers, a
    # package's __init__.py alone, a module whose name Python cannot import, the code
    # directory itself, a compiled module alone (once: "not a Python module (.py)")
    code = _code(tmp_path)
    libs = write_tree(
        tmp_path / "libs",
        {
            "boto3/__init__.py": "",
            "urllib3.py": "",
            "constructs_lib_runtime/__init__.py": "",
            "common/__init__.py": "",
            "my.util.py": "",
            "_speedups.cpython-314-x86_64-linux-gnu.so": "ELF",
        },
    )
    problems = _problems(
        Handler(
            code=code,
            include=[
                libs / "boto3",
                libs / "urllib3.py",
                libs / "constructs_lib_runtime",
                libs / "common" / "__init__.py",
                libs / "my.util.py",
                code,
                libs / "_speedups.cpython-314-x86_64-linux-gnu.so",
            ],
        )
    )
    prop = "Test/Nightly: `handler.include"
    expected = [
        (
            f"{prop}[0]` is {libs / 'boto3'}, named 'boto3' like a module Lambda's Python "
            "runtime provides",
            "Fix: rename it to a name of your own, e.g. 'boto3_shared'",
        ),
        (f"{prop}[1]` is {libs / 'urllib3.py'}, named 'urllib3' like a module", "urllib3_shared"),
        (
            f"{prop}[2]` is {libs / 'constructs_lib_runtime'}, named like the library's "
            "helpers (constructs_lib_runtime)",
            "Fix: remove it from include: the code imports constructs_lib_runtime as it is",
        ),
        (
            f"{prop}[3]` is {libs / 'common' / '__init__.py'}, a package's __init__.py",
            f"Fix: pass the package's directory, {libs / 'common'}",
        ),
        (f"{prop}[4]` is {libs / 'my.util.py'}, whose name 'my.util' is not a Python name", ""),
        (f"{prop}[5]` is {code}, the code directory itself", "Fix: remove it from include"),
        (
            f"{prop}[6]` is {libs / '_speedups.cpython-314-x86_64-linux-gnu.so'}, a compiled "
            "extension module",
            "Fix: list the package that provides it in the code directory's requirements.txt",
        ),
    ]
    assert len(problems) == len(expected), "\n".join(problems)
    for problem, (start, fix) in zip(problems, expected, strict=True):
        assert problem.startswith(start), f"{problem}\n!=\n{start}"
        assert fix in problem, problem


def test_names_near_the_refused_ones_pass(tmp_path: Path) -> None:
    # GIVEN names that only resemble the refused ones, a package's other module, and a
    # code directory holding a dotted file (helpers.local.py: no module named helpers)
    code = _code(tmp_path)
    write_tree(code, {"helpers.local.py": ""})
    libs = write_tree(
        tmp_path / "libs",
        {
            "boto3_shared/__init__.py": "",
            "runtime/__init__.py": "",
            "helpers/__init__.py": "",
            "common/__init__.py": "",
            "common/models.py": "",
            "six_ext.py": "",
        },
    )
    include = [libs / n for n in ("boto3_shared", "runtime", "helpers", "six_ext.py")]
    stack = _job(Handler(code=code, include=[*include, libs / "common" / "models.py"]))
    assert stack.node.find_child("Nightly")


def test_a_queue_worker_ships_the_library_helpers_and_refuses_an_included_copy(
    tmp_path: Path,
) -> None:
    code = _code(tmp_path)
    copy = write_tree(tmp_path / "libs", {"constructs_lib_runtime/__init__.py": ""})
    with pytest.raises(ConstructError, match=r"named like the library's helpers"):
        QueueWorker(
            cdk.Stack(new_app(), "Test"),
            "Worker",
            handler=Handler(code=code, include=[copy / "constructs_lib_runtime"]),
            alarms=False,
        )


def test_a_link_to_nowhere_is_named_as_a_link(tmp_path: Path) -> None:
    code = _code(tmp_path)
    libs = tmp_path / "libs"
    libs.mkdir()
    (libs / "common").symlink_to("gone")
    (libs / "loop").symlink_to("loop")
    problems = _problems(Handler(code=code, include=[libs / "common", libs / "loop"]))
    assert problems[0].startswith(
        f"Test/Nightly: `handler.include[0]` is '{libs / 'common'}', a symbolic link to 'gone', "
        "which leads nowhere"
    ), problems[0]
    assert "links back to it" in problems[1]
    assert "Fix: make the link point at the shared package" in problems[1]


def test_an_include_this_process_may_not_read_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (faked: the suite may run as root, whom permissions do not stop)
    code = _code(tmp_path)
    libs = write_tree(tmp_path / "libs", {"common/__init__.py": "", "util.py": ""})
    readable = os.access
    locked = {libs / "common", libs / "util.py"}
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) not in locked and readable(p, mode))
    problems = _problems(Handler(code=code, include=sorted(locked)))
    assert [p.split("`")[1] for p in problems] == ["handler.include[0]", "handler.include[1]"]
    assert all("which this process may not read: bundling copies it" in p for p in problems)
    assert "Fix: make it readable by the user running cdk (chmod -R u+rX" in problems[0]


def test_an_unreadable_file_or_directory_inside_an_include_is_a_bundling_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a shared package with a directory this process may not list, then a file it may
    # not open (faked, as above): os.walk skipped the directory, and the function shipped
    # without it; the file was a raw PermissionError
    code = _code(tmp_path)
    files = {"__init__.py": "", "db/__init__.py": "", "x.py": "", "schema.json": "{}"}
    common = write_tree(tmp_path / "libs" / "common", files)
    listing = os.scandir

    def scandir(path: str) -> object:
        if Path(path) == common / "db":
            raise PermissionError(13, "Permission denied", str(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(BundlingError) as raised:
        _job(Handler(code=code, include=[common]))
    (problem,) = [str(p) for p in raised.value.problems]
    assert problem.startswith("Test/Nightly/Handler: `include` cannot be bundled"), problem
    assert (
        f"{common / 'db'} cannot be read (Permission denied), so the function would ship "
        "without it. Fix: make it readable by the user running cdk (chmod -R u+rX)"
    ) in problem
    monkeypatch.setattr(os, "scandir", listing)
    opening = Path.open

    locked: set[Path] = set()

    def open_file(self: Path, *args: object, **kwargs: object) -> object:
        if self in locked:
            raise PermissionError(13, "Permission denied", str(self))
        return opening(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", open_file)
    # a module (read to tell whether it imports the library's helpers), a data file
    for name in ("x.py", "schema.json"):
        locked = {common / name}
        with pytest.raises(BundlingError) as raised:
            _job(Handler(code=code, include=[common]))
        assert f"{common / name} cannot be read (Permission denied)" in str(raised.value)


def test_the_walk_tells_excluded_names_as_fnmatch_does_in_one_match_each() -> None:
    # GIVEN the names of a shared package of 2,000 files included by 20 functions: each one
    # tried against EXCLUDE's 30 patterns one by one took most of every function's walk
    names = [
        *("__pycache__", "a.pyc", "tests", ".DS_Store", ".venv", "node_modules", "cdk.out"),
        *(".idea", "htmlcov", "mod.py~", ".#lock", ".git", ".hypothesis", "x.swp"),
        *("test", "tests2", "x.tests", ".gitignore", "README", "app.py", "pyc", "a.pyc.py"),
    ]

    def one_by_one(name: str) -> bool:
        return any(fnmatch.fnmatch(name, pattern) for pattern in EXCLUDE)

    # THEN the same answers
    assert [n for n in names if excluded(n)] == [n for n in names if one_by_one(n)]
    assert sum(map(excluded, names)) == 13
    # and several times faster (measured interleaved, the best of 5 each: robust to load)
    many = names * 200
    times: dict[object, list[float]] = {excluded: [], one_by_one: []}
    for _ in range(5):
        for check in times:
            start = time.perf_counter()
            for name in many:
                check(name)
            times[check].append(time.perf_counter() - start)
    assert min(times[excluded]) * 5 < min(times[one_by_one]), times


def _asset_with_requirement(
    code: Path, include: list[Path], monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The asset of ``code`` including ``include``, its requirements.txt installing the
    namespace portion acme.sdk (pip faked)."""
    (code / "requirements.txt").write_text("acme-sdk==1.0\n")

    def fake_pip(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        target = Path(next(a for a in args if a.startswith("--target=")).split("=", 1)[1])
        info = "acme_sdk-1.0.dist-info"
        write_tree(target, {"acme/sdk/__init__.py": "", f"{info}/top_level.txt": "acme\n"})
        (target / info / "METADATA").write_text(
            "Metadata-Version: 2.4\nName: acme-sdk\nVersion: 1.0\n"
        )
        return subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_pip)
    app = new_app()
    stack = cdk.Stack(app, "Test")
    ScheduledJob(
        stack,
        "Nightly",
        handler=Handler(code=code, include=include),
        schedule="rate(1 day)",
        alarms=False,
    )
    (asset,) = [p for p in Path(app.synth().directory).glob("asset.*") if (p / "app.py").is_file()]
    return asset


def test_a_namespace_portion_beside_a_requirement_s_portion_of_it_ships_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN the monorepo's acme.common (a portion of the namespace package acme, no
    # __init__.py) and a requirement installing acme.sdk, another portion of it
    code = _code(tmp_path)
    acme = write_tree(tmp_path / "libs" / "acme-common", {"acme/common/__init__.py": "C = 1\n"})
    # THEN one acme directory holds both, as Python would merge them from two
    asset = _asset_with_requirement(code, [acme / "acme"], monkeypatch)
    assert (asset / "acme" / "common" / "__init__.py").read_text() == "C = 1\n"
    assert (asset / "acme" / "sdk" / "__init__.py").is_file()


def test_namespace_portions_sharing_a_name_still_fail_bundling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN the monorepo's own acme.sdk, or a regular package acme: they would mix
    code = _code(tmp_path)
    ours = write_tree(tmp_path / "libs" / "ours", {"acme/sdk/__init__.py": ""})
    regular = write_tree(tmp_path / "libs" / "regular", {"acme/__init__.py": ""})
    for include in (ours / "acme", regular / "acme"):
        with pytest.raises(BundlingError, match=r"`include` ships .* as acme, a name"):
            _asset_with_requirement(code, [include], monkeypatch)
