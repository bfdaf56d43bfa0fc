"""An image function built FROM a general-purpose base image (``python:3.12-slim``,
``debian``, ``alpine``): without the Lambda runtime interface client, which AWS's Lambda
base images start as their ENTRYPOINT, nothing in the container asks Lambda for events,
and every invocation fails ("Runtime.InvalidEntrypoint", or the init phase times out).
A warning, not an error: the client may come in ways the Dockerfile does not show (a
requirements file it installs, a binary built with a runtime library)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from aws_cdk import Annotations

from constructs_lib._bundling.files import excluded
from constructs_lib._validation import Validator

if TYPE_CHECKING:
    from constructs_lib._core.dockerfile import Stage

__all__ = ["RUNTIME_CLIENT_WARNING", "names_in_build_files", "warn_of_missing_client"]

#: The warning's id (``cdk.Annotations.of(scope).acknowledge_warning(id, reason)``).
RUNTIME_CLIENT_WARNING = "constructs_lib:imageWithoutRuntimeClient"
# What installs or runs a client: Python's, Node.js', Java's (its artifact, its main class),
# Ruby's, .NET's and C++'s runtime interface clients, Go's and Rust's runtime libraries,
# the runtime interface emulator's wrapper, the Lambda Web Adapter extension
_CLIENT = re.compile(
    r"awslambdaric|aws[-_]lambda[-_]ric|aws-lambda-rie|runtime-interface-(?:client|emulator)"
    r"|lambda\.runtime\.api\.client|Amazon\.Lambda\.RuntimeSupport|aws-lambda-go"
    r"|\blambda_(?:runtime|http)\b|aws-lambda-cpp|lambda-adapter",
    re.IGNORECASE,
)
# A Docker Hub official image (`python:3.12-slim`, `docker.io/library/debian`): no
# registry host or namespace, so none of AWS's Lambda images nor a team's own base image
_OFFICIAL = re.compile(r"^(?:docker\.io/)?(?:library/)?([a-z0-9._-]+)(?::[^/@]*)?(?:@\S+)?$")
# Files of the build context a Dockerfile installs packages from (pip's, Poetry's, uv's,
# Pipenv's, npm's, Maven's, Gradle's, Go's, Cargo's, NuGet's), at its top or one level down
# (`requirements/prod.txt`, `src/pyproject.toml`)
_PACKAGE_FILES = (
    "requirements*.txt",
    "requirements*.in",
    "requirements/*.txt",
    "constraints*.txt",
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "Pipfile",
    "*.lock",
    "package.json",
    "pom.xml",
    "build.gradle*",
    "go.mod",
    "Cargo.toml",
    "*.csproj",
    "Gemfile",
)


def warn_of_missing_client(
    v: Validator, stage: Stage, dockerfile: Path, text: str, prop: str
) -> None:
    """Warns when ``stage`` (of ``dockerfile``, whose ``text`` is given) starts from an
    official image and nothing installs a client."""
    official = _OFFICIAL.match(stage.image)
    if official is None or official.group(1) == "scratch":  # scratch: a static binary's
        return
    # any stage's lines: a build stage may install it for the final one to copy
    if _CLIENT.search(text) or names_in_build_files(dockerfile.parent, _CLIENT):
        return
    Annotations.of(v.scope).add_warning_v2(
        RUNTIME_CLIENT_WARNING,
        f"`{prop}` is built from {dockerfile}, FROM {stage.image}, which is no AWS Lambda "
        "base image and has no Lambda runtime interface client, and nothing in the "
        "Dockerfile installs one (awslambdaric): Lambda could not run the function "
        "(Runtime.InvalidEntrypoint on every invocation). Fix: build FROM "
        "public.ecr.aws/lambda/python:<version> (the client is its ENTRYPOINT), or add "
        'RUN pip install awslambdaric and ENTRYPOINT ["python", "-m", "awslambdaric"] '
        '(with CMD ["module.function"]). If the image starts a client another way (a '
        "binary built with aws-lambda-go or lambda_runtime), acknowledge "
        f"'{RUNTIME_CLIENT_WARNING}'.",
    )


def names_in_build_files(context: Path, name: re.Pattern[str]) -> bool:
    """Whether a requirements or other package file of the build ``context`` names
    ``name`` (comments too: a warning, better missed than wrong)."""
    for pattern in _PACKAGE_FILES:
        for path in [*context.glob(pattern), *context.glob(f"*/{pattern}")]:
            if excluded(path.parent.name) or not path.is_file():
                continue  # (node_modules/, .venv/: no file of the image's own)
            try:
                if name.search(path.read_text(encoding="utf-8", errors="replace")):
                    return True
            except OSError:
                continue
    return False
