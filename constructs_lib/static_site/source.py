"""StaticSite's ``source``: the files of the built site it deploys (machine-local files
left out, as the deployment leaves them out), and its rules: a directory known at synth,
not empty, holding the ``default_root_object``."""

from __future__ import annotations

import os
from fnmatch import fnmatch
from pathlib import Path
from typing import TYPE_CHECKING

from constructs_lib import _defaults
from constructs_lib._jsii import described
from constructs_lib._validation import Validator

if TYPE_CHECKING:
    from constructs_lib.static_site.props import StaticSiteProps

__all__ = ["check_source", "site_files"]

_SOURCE_FIX = "pass the directory that holds the built site, e.g. Path(__file__).parent / 'site'"


def site_files(source: str | os.PathLike[str]) -> frozenset[str]:
    """The files in ``source`` as relative POSIX paths (none if it is no directory)."""
    path = Path(source)
    if not path.is_dir():
        return frozenset()
    return frozenset(
        file.relative_to(path).as_posix()
        for file in path.rglob("*")
        if file.is_file() and not _machine_local(file.relative_to(path))
    )


def _machine_local(relative: Path) -> bool:
    """In a part the deployment leaves out (a .git, a .DS_Store: MACHINE_LOCAL_FILES)."""
    return any(fnmatch(part, p) for part in relative.parts for p in _defaults.MACHINE_LOCAL_FILES)


def check_source(v: Validator, props: StaticSiteProps) -> None:
    """``source``: a directory, known at synth, that holds files, among them
    ``default_root_object``."""
    if not v.known_at_synth(
        props.source, "source", "the site's files are uploaded from it", _SOURCE_FIX
    ) or not v.known_at_synth(
        props.default_root_object,
        "default_root_object",
        "the library checks that the site has it",
        "pass the file name of the start page, e.g. 'index.html'",
    ):
        return
    if not isinstance(props.source, str | os.PathLike) or isinstance(
        os.fspath(props.source), bytes
    ):  # str() of bytes, a list or an s3deploy.Source names a directory nobody has
        v.add("source", f"is {described(props.source)}, not a directory's path", _SOURCE_FIX)
        return
    # os.fspath: str() of an os.PathLike of the app's own is its repr, no path
    source, root = os.fspath(props.source), props.default_root_object
    path = Path(source)
    if not path.exists():
        v.add(
            "source",
            f"is {source!r}, which does not exist (relative paths are resolved from {Path.cwd()})",
            _SOURCE_FIX,
        )
    elif not path.is_dir():
        fix = f"pass the directory that holds it: {str(path.parent)!r}"
        v.add("source", f"is {source!r}, a file, not a directory", fix)
    elif not props.source_files:
        v.add(
            "source",
            f"is {source!r}, an empty directory: there is nothing to deploy",
            "build the site into it first, or point source at the build output",
        )
    elif v.check(
        bool(root) and not root.startswith("/"),
        "default_root_object",
        f"is {root!r}; it must be a file name without a leading '/'",
        "pass e.g. 'index.html'",
    ):
        v.check(
            root in props.source_files,
            "default_root_object",
            f"is {root!r}, which is not in source {source!r}",
            f"add {root} to the site or pass the name of its start page",
        )
