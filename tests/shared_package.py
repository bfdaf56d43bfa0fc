"""A monorepo of functions sharing one package (``Handler(include=[...])``), built by
bundling as one synth does: the helpers of ``test_bundling_shared*.py``."""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path
from typing import Any

from aws_cdk import aws_lambda as lambda_

from constructs_lib._bundling import lambda_code
from tests.support import write_tree

FUNCTIONS = 4
ENTRY = "from common import total\n\ndef handler(event, context):\n    return total(1, 2)\n"


def aged(root: Path) -> Path:
    """``root`` as a checkout is: files and directories last changed an hour ago (what
    was written less than two seconds before it is read is read again: racy)."""
    past = time.time() - 3600
    for directory, subdirs, files in os.walk(root, topdown=False):
        for name in [*files, *subdirs]:
            os.utime(Path(directory) / name, (past, past))
    os.utime(root, (past, past))
    return root


def monorepo(root: Path, modules: int = 30) -> tuple[list[Path], Path]:
    """FUNCTIONS code directories each importing libs/common/common, a package of
    ``modules`` modules in three subpackages: (the code directories, the package)."""
    files = {"libs/common/common/__init__.py": "def total(a, b):\n    return a + b\n"}
    for i in range(modules):
        files[f"libs/common/common/part{i % 3}/__init__.py"] = ""
        files[f"libs/common/common/part{i % 3}/mod{i:02d}.py"] = f"VALUE = {i:02d}\n"
    files.update({f"services/svc{f}/svc{f}_app.py": ENTRY for f in range(FUNCTIONS)})
    aged(write_tree(root, files))
    return sorted((root / "services").iterdir()), root / "libs" / "common" / "common"


def built_assets(codes: list[Path], package: Path) -> list[Path]:
    """Each function's asset in the cache, as one synth builds them."""
    built = [lambda_code(code, shared=[package]) for code in codes]
    return [Path(code.path) for code in built if isinstance(code, lambda_.AssetCode)]


def content(directory: Path) -> dict[str, bytes]:
    return {
        path.relative_to(directory).as_posix(): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def package_counts(counted: Counter[str], directory: Path) -> Counter[str]:
    """The counts of the package's files (``common/...``) under ``directory``."""
    return Counter(
        {
            path: n
            for path, n in counted.items()
            if Path(path).is_relative_to(directory) and "common" in Path(path).parts
        }
    )


def shared_entry(cache: Path) -> Path:
    """The cache's one shared entry."""
    (entry,) = [path for path in (cache / "shared").iterdir() if path.is_dir()]
    return entry


class Forgetful(dict[Any, Any]):
    def __setitem__(self, key: Any, value: Any) -> None:
        pass


def refuse_link(source: Any, destination: Any, **kwargs: Any) -> None:
    raise PermissionError(1, "Operation not permitted", str(destination))
