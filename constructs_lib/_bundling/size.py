"""Lambda's limit on a function's unzipped code, checked at synth instead of at deploy."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

from constructs_lib import _defaults
from constructs_lib.errors import BundlingError


def tree_sizes(root: Path) -> dict[str, int]:
    """The bytes of the regular files below each top-level entry of ``root`` (links not
    followed)."""
    top = os.fspath(root)
    sizes: dict[str, int] = {}
    for directory, _, filenames in os.walk(top):  # (os.path: an asset's thousands of files)
        name = os.path.relpath(directory, top).split(os.sep)[0]
        for filename in filenames:
            info = os.lstat(os.path.join(directory, filename))
            if not stat.S_ISLNK(info.st_mode):
                key = filename if name == "." else name
                sizes[key] = sizes.get(key, 0) + info.st_size
    return sizes


def check_size(files: Mapping[Path, os.stat_result]) -> None:
    """Lambda refuses code over :data:`LAMBDA_UNZIPPED_LIMIT_BYTES` unzipped, at deploy time,
    after a slow upload: say so at synth, naming what takes the space. ``files``: each
    relative path's stat."""
    sizes: dict[str, int] = {}
    for relative, info in files.items():
        top = relative.parts[0]
        sizes[top] = sizes.get(top, 0) + info.st_size
    check_sizes(sizes)


def check_sizes(sizes: dict[str, int]) -> None:
    """:func:`check_size` of code whose ``sizes`` (bytes by top-level entry) are known."""
    total = sum(sizes.values())
    if total < _defaults.LAMBDA_UNZIPPED_LIMIT_BYTES:
        return
    largest = ", ".join(
        f"{name} {size / 1e6:.0f} MB"
        for name, size in sorted(sizes.items(), key=lambda item: -item[1])[:5]
    )
    raise BundlingError(
        f"the function's code is {total / 1e6:.0f} MB unzipped; Lambda refuses more than "
        f"{_defaults.LAMBDA_UNZIPPED_LIMIT_BYTES} bytes (250 MB, its layers included) at "
        f"deploy time. Largest: {largest}. Fix: drop dependencies the handler does not "
        "import, move large data to S3, or use a container image (`Handler.from_image`, "
        "up to 10 GB)"
    )
