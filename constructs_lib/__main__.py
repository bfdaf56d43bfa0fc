"""``python -m constructs_lib``: the library is imported by a CDK app, not run. Python's own
answer ("'constructs_lib' is a package and cannot be directly executed") named no command
to run instead: this names the one the library has."""

from __future__ import annotations

import sys

__all__ = ["main"]

#: The library's one command, and what it is for.
COMMANDS = (
    "python -m constructs_lib.runtime_copy DIRECTORY (copies the runtime helpers into an "
    "image's build context)"
)


def main() -> int:
    """Names the library's command; 0 for ``--help``, else 2 (nothing was run)."""
    if sys.argv[1:] in (["-h"], ["--help"]):
        print(f"constructs_lib is imported by a CDK app; its command: {COMMANDS}")
        return 0
    print(
        "python -m constructs_lib runs nothing (the library is imported by a CDK app): run "
        f"its command instead, {COMMANDS}",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
