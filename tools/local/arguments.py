"""``python -m tools.local.deploy_local``'s arguments (``make deploy-local``, ``make dev``):
each mistake told on one line naming the argument or variable and the fix. argparse's own
answer was two lines, the usage and an error without a fix ("invalid float value: 'abc'"),
and ``--timeout -5`` or ``--port 70000`` passed it, to fail later inside the run."""

from __future__ import annotations

import argparse
import math
import os
from typing import NoReturn

__all__ = ["OneLineParser", "from_environment", "port", "seconds"]

#: The fix for what argparse itself tells (an unknown option, a missing value).
_HELP = "run python -m tools.local.deploy_local --help for the options"


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose every usage error is one line, with its fix."""

    def error(self, message: str) -> NoReturn:
        fix = "" if ": set " in message or ": pass " in message else f": {_HELP}"
        self.exit(2, f"{self.prog}: {message}{fix}\n")


def seconds(text: str) -> float:
    """``--timeout``'s value: a positive, finite number of seconds."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of seconds: pass one above 0, e.g. --timeout 900"
        )
    return value


def port(text: str) -> int:
    """``--port``'s value: a TCP port, 1..65535."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a port: pass one from 1 to 65535, e.g. --port 4566 (or leave "
            "--port out for a free one)"
        )
    return value


def from_environment(
    parser: argparse.ArgumentParser, name: str, default: float, *, is_port: bool = False
) -> float:
    """A number from the environment, or the usage error that names the variable and the
    fix (the rules of ``--port`` and ``--timeout``; unset, or a port of 0: the default)."""
    text = os.environ.get(name, "").strip()
    if not text or (is_port and text == "0"):  # port 0: a free one, as unset
        return default
    try:
        return port(text) if is_port else seconds(text)
    except argparse.ArgumentTypeError:
        example = 4566 if is_port else default
        parser.error(
            f"{name}={text!r} is not a {'port' if is_port else 'number of seconds'}: "
            f"set it to one (e.g. {name}={example:g}) or unset it"
        )
