"""The synth warning of a function whose code imports the library's test helpers
(``constructs_lib_runtime.testing``, or a private module only it uses), which its asset
does not hold (:mod:`constructs_lib._library_files`): the handler's tests pass,
where the library is installed, and on Lambda the import fails.

A warning, not an error: the scan reads every import of the code the entry reaches,
those in a function only a test calls too, which never runs on Lambda."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from aws_cdk import Annotations
from constructs import IConstruct

import constructs_lib_runtime
from constructs_lib._bundling.unbundled_imports import shown_imports

__all__ = ["TESTING_IMPORT_WARNING", "warn_of_testing_imports"]

TESTING_IMPORT_WARNING = "constructs_lib:runtimeTestingImported"

_RUNTIME = constructs_lib_runtime.__name__
_PACKAGE = Path(constructs_lib_runtime.__file__).parent


def warn_of_testing_imports(
    scope: IConstruct,
    code_dir: Path,
    asset: Path,
    reached: Mapping[tuple[str, ...], tuple[Path, int]],
) -> None:
    """Warns, once per function, of each module of the library's helpers that its code
    imports (``reached``: :func:`~constructs_lib._bundling.unbundled_imports.reached_imports`)
    and its ``asset`` (the directory staged) does not hold."""
    found: dict[str, tuple[Path, int]] = {}
    for parts, where in reached.items():
        if len(parts) > 1 and parts[0] == _RUNTIME and _left_out(parts[1], asset):
            found.setdefault(f"{_RUNTIME}.{parts[1]}", where)
    if not found:
        return
    imports = shown_imports(found, code_dir, quoted=False)
    Annotations.of(scope).add_warning_v2(
        TESTING_IMPORT_WARNING,
        f"the function's code ({code_dir}) imports {imports}: builders of test events, "
        f"which the library leaves out of the {_RUNTIME} it puts into functions (a "
        "function gets the modules a handler runs, so an edit to a test helper redeploys "
        "nothing), so on Lambda the import fails with ModuleNotFoundError on every "
        "invocation (the handler's tests, where the library is installed, pass). Fix: "
        "import them in the tests only (a tests/ directory, which is never bundled, or "
        "beside the code directory), and in the handler only what it runs "
        f"({_RUNTIME}.sqs_batch, .http, ...). If the import never runs on Lambda (in a "
        "function only tests call), acknowledge the warning: cdk.Annotations.of("
        f"<construct>.function).acknowledge_warning('{TESTING_IMPORT_WARNING}', "
        "'<why the import never runs>').",
    )


def _left_out(module: str, asset: Path) -> bool:
    """Whether ``module`` is one of the library's helpers that ``asset`` lacks (one it
    does not know of is ``importNotBundled``'s concern, or an attribute of the package)."""
    file = f"{module}.py"
    return (_PACKAGE / file).is_file() and not (asset / _RUNTIME / file).is_file()
