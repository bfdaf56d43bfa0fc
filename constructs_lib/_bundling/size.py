"""Lambda's limit on a function's unzipped code, checked at synth instead of at deploy."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from constructs_lib import _defaults
from constructs_lib.errors import BundlingError


def tree_files(root: Path) -> Iterator[Path]:
    """Paths (relative to ``root``) of the regular files under it, links not followed."""
    for directory, _, filenames in os.walk(root):
        for filename in filenames:
            path = Path(directory) / filename
            if not path.is_symlink():
                yield path.relative_to(root)


def check_size(root: Path, relatives: Iterable[Path]) -> None:
    """Lambda refuses code over :data:`LAMBDA_UNZIPPED_LIMIT_BYTES` unzipped, at deploy time,
    after a slow upload: say so at synth, naming what takes the space."""
    sizes: dict[str, int] = {}
    for relative in relatives:
        top = relative.parts[0]
        sizes[top] = sizes.get(top, 0) + (root / relative).stat().st_size
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
