"""The cache's copy of a package many functions include (``Handler(include=[...])``),
which their assets hard-link: an edit of it in the cache, an interrupted build, an edit
while it is copied, a file system without hard links, a dependency's file of the same
path; none ships what the package does not hold, nor changes another entry.

No test here runs pip: no code directory has a requirements.txt, or pip is faked.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from constructs_lib import BundlingError
from constructs_lib._bundling import assets, digests, listings
from constructs_lib._bundling.cache import link_or_copy
from tests.shared_package import ENTRY, built_assets, content, monorepo, refuse_link, shared_entry
from tests.support import write_tree

pytestmark = pytest.mark.usefixtures("fresh_bundling")


def _tamper_keeping_times(file: Path) -> None:
    before = file.stat()
    with file.open("r+") as opened:  # in place: every hard link to it sees it
        opened.write("STOLEN")
    os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))


@pytest.mark.parametrize("new_process", [False, True])
def test_a_shared_file_edited_in_the_cache_is_rebuilt_not_shipped(
    tmp_path: Path, new_process: bool
) -> None:
    # GIVEN assets built, then a package file edited in the cache through one asset's
    # link, its times put back: the shared entry and every asset hold the edit
    codes, package = monorepo(tmp_path)
    built = built_assets(codes, package)
    original = [content(asset) for asset in built]
    _tamper_keeping_times(built[0] / "common" / "part1" / "mod01.py")
    if new_process:
        digests.forget_digests()
        listings.forget_listings()
    # WHEN the functions are built again THEN every asset holds the package's files again
    again = built_assets(codes, package)
    assert [asset.name for asset in again] == [asset.name for asset in built]
    assert [content(asset) for asset in again] == original
    assert content(shared_entry(tmp_path / "cache") / "common") == content(package)
    assert not list((tmp_path / "cache").glob("*/.*"))  # nothing left behind


def test_a_shared_entry_without_its_digest_is_rebuilt(tmp_path: Path) -> None:
    # GIVEN a shared entry whose digest is missing (interrupted) and whose file is edited,
    # and an asset to build from it
    codes, package = monorepo(tmp_path)
    (built,) = built_assets(codes[:1], package)
    (digest,) = (tmp_path / "cache" / "shared").glob("*.sha256")
    digest.unlink()
    entry = digest.with_suffix("")
    (entry / "common" / "part1" / "mod01.py").unlink()
    (entry / "common" / "part1" / "mod01.py").write_text("STOLEN\n")
    # WHEN another function including it is built THEN the entry is built again
    (other,) = built_assets(codes[1:2], package)
    assert content(other / "common") == content(package)
    assert digest.is_file()
    assert content(entry / "common") == content(package)
    assert content(built / "common") == content(package)


def test_without_hard_links_every_asset_holds_a_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a cache whose file system refuses hard links
    monkeypatch.setattr(os, "link", refuse_link)
    codes, package = monorepo(tmp_path)
    # WHEN two functions are built THEN each holds the package's files in copies of its own
    built = built_assets(codes[:2], package)
    module = Path("common", "part1", "mod01.py")
    assert len({(asset / module).stat().st_ino for asset in built}) == 2
    assert all(content(asset / "common") == content(package) for asset in built)


def test_a_file_edited_while_its_package_is_copied_into_the_cache_fails_bundling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a module of the package edited after the asset's key was computed, while it
    # is copied into the cache
    codes, package = monorepo(tmp_path)
    place = assets._place

    def place_then_edit(target: Path, files: Any) -> None:
        place(target, files)
        if target.parent.name == "shared":
            (target / "common" / "part1" / "mod01.py").write_text("VALUE = 99\n")

    monkeypatch.setattr(assets, "_place", place_then_edit)
    # WHEN the function is built THEN bundling fails naming the package, and no entry
    # holds contents under another's key
    with pytest.raises(BundlingError, match=rf"a file of {package} changed while it was copied"):
        built_assets(codes[:1], package)
    assert not list((tmp_path / "cache" / "shared").iterdir())


def test_a_dependency_file_of_the_packages_path_is_replaced_never_written_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a namespace package's portion included (acme/common) beside a requirement
    # installing another portion (acme/sdk), both shipping acme/py.typed
    code = write_tree(tmp_path / "svc", {"app.py": ENTRY, "requirements.txt": "acme-sdk\n"})
    shared = write_tree(
        tmp_path / "libs", {"acme/common/__init__.py": "X = 1\n", "acme/py.typed": "ours\n"}
    )

    def fake_pip(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        target = Path(next(a for a in args if a.startswith("--target=")).split("=", 1)[1])
        write_tree(target, {"acme/sdk/__init__.py": "Y = 1\n", "acme/py.typed": "theirs\n"})
        return subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_pip)
    # WHEN the function is built
    (asset,) = built_assets([code], shared / "acme")
    # THEN the asset holds the package's file, and the dependency's stays what pip wrote
    assert (asset / "acme" / "py.typed").read_text() == "ours\n"
    (deps,) = [path for path in (tmp_path / "cache" / "deps").iterdir() if path.is_dir()]
    assert (deps / "acme" / "py.typed").read_text() == "theirs\n"
    assert (asset / "acme" / "sdk" / "__init__.py").read_text() == "Y = 1\n"


def test_a_link_or_copy_over_an_existing_file_fails_instead_of_writing_through(
    tmp_path: Path,
) -> None:
    # GIVEN a file of an entry, linked into an asset
    entry = write_tree(tmp_path / "deps", {"six.py": "theirs\n"})
    link_or_copy(str(entry / "six.py"), str(tmp_path / "six.py"))
    ours = write_tree(tmp_path / "code", {"six.py": "ours\n"})
    # WHEN another file is linked or copied there THEN it fails, the entry's file unchanged
    with pytest.raises(FileExistsError):
        link_or_copy(str(ours / "six.py"), str(tmp_path / "six.py"))
    assert (entry / "six.py").read_text() == "theirs\n"
