"""Container-image functions (``Handler.from_image``): their rules and their code."""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from pathlib import Path, PurePath

from aws_cdk import Annotations
from aws_cdk import aws_ecr_assets as ecr_assets
from aws_cdk import aws_lambda as lambda_
from constructs import IConstruct

from constructs_lib import _defaults
from constructs_lib._bundling.import_scan import needs_package_in
from constructs_lib._core.runtime_client import names_in_build_files
from constructs_lib._facts import app_of
from constructs_lib._jsii import given, is_unresolved
from constructs_lib._validation import Validator
from constructs_lib._words import a_type
from constructs_lib.handler import Handler

__all__ = ["IMAGE_WITHOUT_RUNTIME_WARNING", "check_image", "image_code", "warn_of_missing_runtime"]

IMAGE_WITHOUT_RUNTIME_WARNING = "constructs_lib:imageWithoutRuntimeHelpers"
_RUNTIME = "constructs_lib_runtime"
_DISTRIBUTION = re.compile(r"constructs[-_.]lib", re.IGNORECASE)

#: Never in an image's build context, nor so in its asset hash: what only a developer's
#: machine has there, and Python's and test tools' caches. CDK matches an image's excludes
#: as .dockerignore lines (anchored: ``**/`` for any depth); the directory's own
#: .dockerignore adds to them.
_CONTEXT_EXCLUDE = [
    f"**/{pattern}"
    for pattern in (
        *_defaults.MACHINE_LOCAL_FILES,
        *("__pycache__", "*.pyc", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis"),
    )
]


def check_image(v: Validator, handler: Handler, prop: str) -> None:
    """The rules of an image function (on the Handler as given, before FunctionDefaults):
    a directory with a Dockerfile, a command of strings, no entry, no runtime, no layer;
    ``cmd`` only on an image."""
    if not v.check_type(handler.image, f"{prop}.image", bool, "pass True or False"):
        return
    no_cmd = handler.cmd is None or (isinstance(handler.cmd, list | tuple) and not handler.cmd)
    if not handler.image:
        v.check(
            no_cmd,
            f"{prop}.cmd",
            "is set on a function that is not a container image",
            "use Handler.from_image(directory, cmd=[...]), or remove cmd",
        )
        return
    _check_directory(v, handler.code, f"{prop}.code")
    if (
        not no_cmd  # None, []: the Dockerfile's CMD
        and v.known_at_synth(
            handler.cmd,
            f"{prop}.cmd",
            "aws-cdk-lib writes the image's command into the template as a list",
            "pass a list, e.g. cmd=['app.handler'] (its items may be deploy-time values)",
        )
        and v.check_sequence(handler.cmd, f"{prop}.cmd", '["app.handler"]')
    ):
        _check_command(v, handler.cmd, f"{prop}.cmd")
    v.check(
        handler.entry == _defaults.HANDLER_ENTRY,
        f"{prop}.entry",
        f"is {given(handler.entry)} on a container image, whose command says what runs",
        "remove entry=; pass cmd=['module.function'] (or set CMD in the Dockerfile)",
    )
    v.check(
        handler.runtime is None,
        f"{prop}.runtime",
        f"is {given(handler.runtime)} on a container image, whose base image picks Python",
        "remove runtime=; choose the Python version in the Dockerfile's FROM line",
    )
    v.check(
        handler.powertools is not True,
        f"{prop}.powertools",
        "is True on a container image; Lambda layers do not work with images",
        "remove powertools=True and pip install aws-lambda-powertools in the Dockerfile",
    )
    v.check(
        handler.include is None or handler.include == () or handler.include == [],
        f"{prop}.include",
        f"is {given(handler.include)} on a container image, built from its Dockerfile only",
        "remove include= and COPY the shared package in the Dockerfile (it must be inside "
        "the directory, the image's build context)",
    )


def _check_command(v: Validator, cmd: Sequence[str] | None, prop: str) -> None:
    """An empty first item (``cmd=[""]``, an unset variable's value) is the handler the
    Lambda base image looks for: every invocation fails. Later items are the entry point's
    arguments, which may be anything."""
    if cmd and not is_unresolved(cmd[0]) and not cmd[0].strip():
        v.add(
            f"{prop}[0]",
            f"is {cmd[0]!r}, an empty command",
            "pass the handler, e.g. cmd=['app.handler'], or leave cmd out for the Dockerfile's CMD",
        )


def _check_directory(v: Validator, code: object, prop: str) -> None:
    if not isinstance(code, str | PurePath):
        v.add(prop, f"is {a_type(code)}", "pass the directory holding the Dockerfile")
        return
    if not v.known_at_synth(
        code, prop, "the image is built from it", "pass the directory holding the Dockerfile"
    ):
        return
    directory = Path(code)
    if not directory.exists():
        v.add(
            prop,
            f"is {str(directory)!r}, which does not exist",
            "pass the directory holding the Dockerfile (relative to where cdk runs)",
        )
    elif not directory.is_dir():
        v.add(
            prop,
            f"is {str(directory)!r}, a file, not a directory",
            f"pass the directory holding the Dockerfile: Handler.from_image("
            f"{str(directory.parent)!r})",
        )
    else:
        v.check(
            (directory / "Dockerfile").is_file(),
            prop,
            f"is {str(directory)!r}, which has no Dockerfile",
            "add a Dockerfile building the function (FROM the AWS Lambda Python base image, "
            'COPY the code, CMD ["app.handler"]), or pass the directory that has one',
        )


def image_code(handler: Handler, architecture: str) -> lambda_.Code:
    """The image built from ``handler.code``'s Dockerfile for ``architecture`` (by
    ``cdk deploy`` when it publishes the assets; synth only records the asset)."""
    return lambda_.Code.from_asset_image(
        # absolute: aws-cdk-lib (Node.js) resolves a relative path against its own working
        # directory, not the one the directory was checked in (after an os.chdir)
        str(Path(handler.code).resolve()),
        cmd=list(handler.cmd) if handler.cmd else None,
        exclude=_CONTEXT_EXCLUDE,
        platform=ecr_assets.Platform.LINUX_AMD64
        if architecture == "x86_64"
        else ecr_assets.Platform.LINUX_ARM64,
    )


def warn_of_missing_runtime(scope: IConstruct, directory: Path) -> None:
    """Warns when the image's code imports ``constructs_lib_runtime``, which the library
    puts into zip functions only, and its build context shows no way in (no copy of the
    package beside the Dockerfile, no ``constructs-lib`` in it): the function would fail
    at the import. A copy anywhere in the context (vendored), or a Dockerfile or
    requirements file naming ``constructs-lib``, is a way in. A warning: the Dockerfile
    may get it otherwise (a base image of yours)."""
    if not needs_package_in(app_of(scope), directory, _RUNTIME):
        return
    dockerfile = (directory / "Dockerfile").read_text(encoding="utf-8", errors="replace")
    # installed by the Dockerfile, or by a requirements file it installs
    if _DISTRIBUTION.search(dockerfile) or names_in_build_files(directory, _DISTRIBUTION):
        return
    # the modules a zip function gets, not the test helpers (constructs_lib.runtime_copy)
    copy = f"python -m constructs_lib.runtime_copy {shlex.quote(str(directory))}"
    Annotations.of(scope).add_warning_v2(
        IMAGE_WITHOUT_RUNTIME_WARNING,
        f"the image's code ({directory}) imports {_RUNTIME}, which the library puts into "
        "zip functions only, and neither is a copy of it in the build context nor does the "
        "Dockerfile or a requirements file install constructs-lib: the function would fail at "
        "the import. Fix: "
        f"put a copy of the package there ({copy}: the modules a zip function gets, without the "
        "test helpers; again after upgrading the library) and COPY it "
        "into ${LAMBDA_TASK_ROOT} with the code. If the image gets it otherwise, "
        f"acknowledge '{IMAGE_WITHOUT_RUNTIME_WARNING}'.",
    )
