"""A shared package many functions include (``Handler(include=[...])``): listed and read
once per process while it is unchanged, stored once in the cache (hard links), with the
asset hashes of reading every file every time, and every edit between two synths seen.

No test here runs pip: no code directory has a requirements.txt.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import aws_cdk as cdk
import pytest

from constructs_lib import Handler, ScheduledJob
from constructs_lib._bundling import assets, digests, listings
from constructs_lib._bundling.cache import tree_digest
from constructs_lib._bundling.files import code_files
from tests.shared_package import (
    FUNCTIONS,
    Forgetful,
    built_assets,
    content,
    monorepo,
    package_counts,
    refuse_link,
    shared_entry,
)
from tests.support import new_app, write_tree

pytestmark = pytest.mark.usefixtures("fresh_bundling")


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Each file whose bytes bundling reads, with how often."""
    counted: Counter[str] = Counter()
    read = digests._read

    def counting(path: str | os.PathLike[str]) -> bytes:
        counted[os.fspath(path)] += 1
        return read(path)

    monkeypatch.setattr(digests, "_read", counting)
    return counted


@pytest.fixture
def listed(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Each directory bundling walks for its files, with how often."""
    counted: Counter[str] = Counter()

    def counting(directory: Path, looked_into: list[str] | None = None) -> Iterator[Path]:
        counted[str(directory)] += 1
        return code_files(directory, looked_into)

    monkeypatch.setattr(assets, "code_files", counting)
    return counted


def test_each_file_is_listed_and_read_once_for_every_function_and_stored_once(
    tmp_path: Path, reads: Counter[str], listed: Counter[str]
) -> None:
    # GIVEN 4 functions including one package, a cold cache
    codes, package = monorepo(tmp_path)
    # WHEN one synth builds their assets
    built = built_assets(codes, package)
    # THEN the package was listed once, and each of its files read once (for the key), as
    # was each file of its one copy in the cache (the assets' links to it: never)
    cache, entry = tmp_path / "cache", shared_entry(tmp_path / "cache")
    files = len([path for path in package.rglob("*") if path.is_file()])
    assert listed[str(package)] == 1
    assert set(package_counts(reads, package).values()) == {1}
    assert len(package_counts(reads, package)) == files
    assert set(package_counts(reads, cache / "shared").values()) == {1}
    assert len(package_counts(reads, cache / "shared")) == files
    assert not package_counts(reads, cache / "assets")
    # AND every asset holds that copy's files (one inode), not a copy of its own
    module = Path("common", "part1", "mod01.py")
    assert {(asset / module).stat().st_ino for asset in built} == {(entry / module).stat().st_ino}
    assert len({asset.name for asset in built}) == FUNCTIONS
    # AND the next synth of this process reads and lists nothing of it, and builds nothing
    reads.clear()
    listed.clear()
    assert built_assets(codes, package) == built
    assert not package_counts(reads, tmp_path)
    assert not listed[str(package)]


def test_a_new_process_reads_each_file_once_and_rebuilds_nothing(
    tmp_path: Path, reads: Counter[str], listed: Counter[str]
) -> None:
    # GIVEN the assets a first synth built
    codes, package = monorepo(tmp_path)
    built = built_assets(codes, package)
    inodes = [asset.stat().st_ino for asset in built]
    digests.forget_digests()  # WHEN a new process synthesizes the app again
    listings.forget_listings()
    reads.clear()
    listed.clear()
    assert built_assets(codes, package) == built
    # THEN it lists the package once, reads each source file once, and verifies each asset
    # reading the shared files once for all (the first asset's links), nothing rebuilt
    files = len([path for path in package.rglob("*") if path.is_file()])
    assert listed[str(package)] == 1
    assert set(package_counts(reads, package).values()) == {1}
    assert set(package_counts(reads, tmp_path / "cache").values()) == {1}
    assert len(package_counts(reads, tmp_path / "cache")) == files
    assert [asset.stat().st_ino for asset in built] == inodes


def test_the_asset_hashes_and_contents_are_those_of_reading_every_file_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN the assets built twice in one process (the second time from what it remembers)
    codes, package = monorepo(tmp_path)
    built_assets(codes, package)
    remembered = built_assets(codes, package)
    # WHEN they are built again in a cache of their own, remembering nothing, links refused
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "plain"))
    monkeypatch.setattr(digests, "_KNOWN", Forgetful())
    monkeypatch.setattr(listings, "_KNOWN", Forgetful())
    monkeypatch.setattr(os, "link", refuse_link)
    plain = built_assets(codes, package)
    # THEN each asset has the same hash and the same files, modes included
    assert [a.name for a in remembered] == [a.name for a in plain]
    assert [tree_digest(a) for a in remembered] == [tree_digest(a) for a in plain]
    # AND the digest keying them is the one bundling always computed: each file's path
    # and content, in order
    files = [
        *sorted((p.relative_to(package.parent), p) for p in package.rglob("*.py")),
        (Path("svc0_app.py"), codes[0] / "svc0_app.py"),
    ]
    expected = hashlib.sha256()
    for relative, path in files:
        expected.update(relative.as_posix().encode() + b"\0")
        expected.update(hashlib.sha256(path.read_bytes()).digest())
    assert assets.files_digest([(path, relative) for relative, path in files]) == (
        expected.hexdigest()
    )


def _edit_in_place(package: Path) -> None:
    (package / "part1" / "mod01.py").write_text("VALUE = 99\n")  # the same size


def _edit_keeping_times(package: Path) -> None:  # cp -p, rsync -t, tar: the old times back
    module = package / "part1" / "mod01.py"
    before = module.stat()
    module.write_text("VALUE = 99\n")
    os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))


def _add_module(package: Path) -> None:
    (package / "part2" / "new.py").write_text("VALUE = 99\n")


def _add_module_keeping_times(package: Path) -> None:  # tar over the checkout
    part = package / "part2"
    before = part.stat()
    (part / "new.py").write_text("VALUE = 99\n")
    for path in (part / "new.py", part):
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def _remove_module(package: Path) -> None:
    (package / "part1" / "mod01.py").unlink()


def _replace_directory_keeping_times(package: Path) -> None:  # an older version's archive
    part = package / "part1"
    times = {p.name: p.stat().st_mtime_ns for p in [part, *part.iterdir()]}
    shutil.rmtree(part)
    write_tree(part, {name: "VALUE = 99\n" for name in times if name != "part1"})
    for name, mtime in times.items():
        os.utime(part if name == "part1" else part / name, ns=(mtime, mtime))


@pytest.mark.parametrize(
    "edit",
    [
        _edit_in_place,
        _edit_keeping_times,
        _add_module,
        _add_module_keeping_times,
        _remove_module,
        _replace_directory_keeping_times,
    ],
)
def test_an_edit_between_two_builds_in_one_process_is_seen(
    tmp_path: Path, edit: Callable[[Path], None]
) -> None:
    # GIVEN assets built (every file remembered), then the package edited
    codes, package = monorepo(tmp_path)
    before = built_assets(codes, package)
    old = content(package)
    edit(package)
    # WHEN the same process builds them again THEN each is a new asset, holding the edit
    after = built_assets(codes, package)
    assert not {a.name for a in before} & {a.name for a in after}
    assert all(content(asset / "common") == content(package) != old for asset in after)
    # AND the assets built before hold what they held
    assert all(content(asset / "common") == old for asset in before)


def test_an_edit_between_two_synths_of_one_process_redeploys_the_functions(
    tmp_path: Path,
) -> None:
    # GIVEN an app of two functions including the package, synthesized
    codes, package = monorepo(tmp_path)

    def synth() -> dict[str, str]:
        app = new_app()
        stack = cdk.Stack(app, "Test")
        for code in codes[:2]:
            entry = f"{code.name}_app.handler"
            handler = Handler(code=code, entry=entry, include=[package])
            ScheduledJob(stack, code.name, handler=handler, schedule="rate(1 day)", alarms=False)
        template = app.synth().get_stack_by_name("Test").template
        return {
            name: resource["Properties"]["Code"]["S3Key"]
            for name, resource in template["Resources"].items()
            if resource["Type"] == "AWS::Lambda::Function"
        }

    first = synth()
    assert synth() == first
    # WHEN a module is edited (its size and times kept) and the app synthesized again
    _edit_keeping_times(package)
    second = synth()
    # THEN both functions get a new asset
    assert second.keys() == first.keys()
    assert all(second[name] != first[name] for name in first)


def test_what_was_written_just_before_it_was_read_is_read_again(
    tmp_path: Path, reads: Counter[str], listed: Counter[str]
) -> None:
    # GIVEN a package written this instant (an edit in the same tick of a coarse clock
    # would keep its times): nothing of it is remembered
    codes, package = monorepo(tmp_path)
    now = time.time()
    for path in [package, *package.rglob("*")]:
        os.utime(path, (now, now))
    built_assets(codes[:1], package)
    reads.clear()
    listed.clear()
    built_assets(codes[:1], package)
    assert listed[str(package)] == 1
    assert set(package_counts(reads, package).values()) == {1}
