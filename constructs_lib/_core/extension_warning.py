"""The synth warning of a function whose own files (its code directory, the shared code
it includes) hold a compiled extension module built for another platform
(:mod:`constructs_lib._bundling.extension_platforms`): it ships, and the import fails
on Lambda on every invocation, while the developer's tests, on the machine it was built
for, pass. A warning: a file the code never imports (a fixture, a tool's) is harmless."""

from __future__ import annotations

import functools
from pathlib import Path

from aws_cdk import Annotations
from constructs import IConstruct

from constructs_lib._bundling.extension_platforms import foreign_extensions
from constructs_lib._bundling.platform import bundling_platform
from constructs_lib._bundling.unbundled_imports import shown_path
from constructs_lib._core.resolve import ResolvedHandler
from constructs_lib._facts import context_of
from constructs_lib.errors import BundlingError

__all__ = ["EXTENSION_PLATFORM_WARNING", "warn_of_foreign_extensions"]

EXTENSION_PLATFORM_WARNING = "constructs_lib:extensionOfOtherPlatform"

_SHOWN = 5  # files named; a copied environment holds hundreds, the first show which


def warn_of_foreign_extensions(scope: IConstruct, handler: ResolvedHandler) -> None:
    """Warns, once per function, of the extension modules of its own files that the
    platform it runs on (its Python and architecture, or the host's when bundling for
    the host: :mod:`constructs_lib._bundling.platform`) would not load."""
    try:
        python, architecture = bundling_platform(
            handler.runtime, handler.architecture, functools.partial(context_of, scope)
        )
    except BundlingError:  # a platform the host cannot give: bundling says so
        python, architecture = handler.runtime, handler.architecture
    code = Path(handler.code).resolve()
    directories = [code, *(p for p in (Path(i).resolve() for i in handler.include) if p.is_dir())]
    found = list(foreign_extensions(directories, architecture, python))
    if not found:
        return
    shown = "; ".join(f"{shown_path(f, code)}, built for {what}" for f, what in found[:_SHOWN])
    more = f" (and {len(found) - _SHOWN} more)" if len(found) > _SHOWN else ""
    Annotations.of(scope).add_warning_v2(
        EXTENSION_PLATFORM_WARNING,
        "the function's files hold compiled extension modules built for another platform "
        f"than its own, Linux {architecture} (glibc) with CPython {python}: {shown}{more}. "
        "Lambda's Python does not load them: the import fails with ImportError on every "
        "invocation (the tests, on the machine they were built for, pass). Fix: list the "
        f"package that provides them in {code / 'requirements.txt'} and remove the copied "
        "files (bundling installs the wheels built for the function's platform), or "
        f"rebuild your own for Linux {architecture} and CPython {python} (a manylinux "
        "wheel: pip wheel, or cibuildwheel, for that platform); for Linux ones of Lambda's "
        "other architecture, Handler(architecture=...) may take theirs. If the code never "
        "loads them, acknowledge the warning: cdk.Annotations.of(<construct>.function)"
        f".acknowledge_warning('{EXTENSION_PLATFORM_WARNING}', '<why they are never "
        "loaded>').",
    )
