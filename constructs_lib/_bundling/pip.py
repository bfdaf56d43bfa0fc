"""pip, asked for Lambda's platform: platform tags, requirement filtering, errors."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from constructs_lib import _defaults
from constructs_lib._bundling.requirements import requirement_lines
from constructs_lib.errors import BundlingError

__all__ = [
    "PROVIDED_BY_RUNTIME",
    "filter_requirements",
    "keyed_tags",
    "marker_environment",
    "numbered_requirements",
    "pip_install",
    "platform_tags",
]

# The Lambda Python runtime ships these; bundling them only adds megabytes and pins an
# SDK version the runtime would otherwise keep up to date.
PROVIDED_BY_RUNTIME = frozenset({"boto3", "botocore", "s3transfer"})

_MANYLINUX_ARCH = {"arm64": "aarch64", "x86_64": "x86_64"}

_NO_WHEEL = re.compile(
    r"(?:No matching distribution found for"
    r"|Could not find a version that satisfies the requirement) (\S+)"
)
# pip's warnings when it cannot reach an index (it then reports "no matching distribution")
_UNREACHABLE = re.compile(r"(?:after connection broken by|Could not fetch URL) (.+)")
# ... but an index that lists versions of the project was reached (an --extra-index-url
# down beside it): the version or the platform is what is missing.
_SERVED = re.compile(r"satisfies the requirement (\S+)[^\n]*? \(from versions: (?!none\))")
_REQUIREMENT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_UNKNOWN_EXTRA = re.compile(r"(\S+) [^\s]+ does not provide the extra '([^']+)'")

# pip evaluates environment markers (``; platform_machine == "aarch64"``,
# ``; python_version < "3.12"``) against the interpreter running it, whatever its
# ``--platform`` and ``--python-version``: on an x86_64 host with Python 3.11 an arm64
# 3.14 function would lose its ``aarch64``-only requirements and get the 3.11-only ones,
# its own and its dependencies'. So pip runs with the markers' environment set to the
# function's (``packaging.markers.default_environment``, read at each evaluation).
# A pip without these internals (another major) still runs, as ``python -m pip`` does,
# with the markers evaluated for this machine, as before.
_PIP_FOR_TARGET = """\
import json, runpy, sys
_target = json.loads(sys.argv.pop(1))
try:
    from pip._vendor.packaging import markers
    _host = markers.default_environment
    markers.default_environment = lambda: {**_host(), **_target}
    from pip._internal.cli.main import main
except (ImportError, AttributeError):
    sys.argv[0] = "pip"
    runpy.run_module("pip", run_name="__main__", alter_sys=True)
else:
    sys.exit(main())
"""


def platform_tags(architecture: str, python_version: str) -> list[str]:
    """pip ``--platform`` tags of the Lambda runtime for ``architecture`` and version."""
    arch = _MANYLINUX_ARCH.get(architecture)
    if arch is None:
        raise BundlingError(
            f"Unknown Lambda architecture {architecture!r}; use one of {sorted(_MANYLINUX_ARCH)}."
        )
    version = re.fullmatch(r"3\.(\d+)", python_version)
    if version is None:
        raise BundlingError(f"Python version must look like '3.14', got {python_version!r}.")
    # pip matches only the tags it is given (it widens manylinux2014 to 2010 and 1, never
    # manylinux_2_17 to the glibc versions between): list every glibc the runtime can load,
    # or a wheel published only for one in between (nvidia-cudnn-cu12's manylinux_2_27)
    # would be "no wheel" for Lambda. The tags asked before those were added come first
    # (pip prefers earlier tags): a requirements file that installed with them gets the
    # same wheels, so the cache key names only them (see keyed_tags) and its asset hash
    # stays the same.
    tags = keyed_tags(architecture, python_version)
    # Python 3.12+ runtimes run on Amazon Linux 2023 (glibc 2.34); older ones on Amazon
    # Linux 2 (glibc 2.26), where manylinux_2_28 wheels would fail to import.
    newest_glibc = 34 if int(version.group(1)) >= 12 else 26
    between = (f"manylinux_2_{minor}_{arch}" for minor in range(18, newest_glibc + 1))
    return tags + [tag for tag in between if tag not in tags]


def keyed_tags(architecture: str, python_version: str) -> list[str]:
    """The :func:`platform_tags` the bundling cache key names: the ones asked for before
    the glibc versions between were (a new key would redeploy every function once, with
    the same bytes)."""
    arch = _MANYLINUX_ARCH[architecture]
    tags = [f"manylinux2014_{arch}", f"manylinux_2_17_{arch}"]
    if int(python_version.removeprefix("3.")) >= 12:
        tags += [f"manylinux_2_28_{arch}", f"manylinux_2_34_{arch}"]
    return tags


def filter_requirements(text: str, source: str = "requirements.txt") -> list[str]:
    """The requirement lines pip should install: normalized, runtime-provided ones dropped.

    Comments and blank lines go, so editing them does not invalidate the cache.
    """
    return [line for _, line in numbered_requirements(text, source)]


def numbered_requirements(text: str, source: str = "requirements.txt") -> list[tuple[int, str]]:
    """:func:`filter_requirements` with the line number each requirement starts on."""
    return [
        (number, line)
        for number, line in requirement_lines(text, source)
        if (name := _REQUIREMENT_NAME.match(line)) is None
        or _normalize(name.group()) not in PROVIDED_BY_RUNTIME
    ]


def pip_install(
    requirements: list[tuple[int, str]],
    target: Path,
    platforms: list[str],
    python_version: str,
    architecture: str,
    source: str = "requirements.txt",
) -> None:
    """Installs ``requirements`` ((line number, line), from the file ``source``) into
    ``target``; pip's errors name ``source`` and its line numbers."""
    if requirements:
        _check_pip_installed(source)
        requirements_file = target.parent / f"{target.name}.requirements.txt"
        # Each requirement on its own line number, so pip's "(line N)" is the user's.
        lines = [""] * requirements[-1][0]
        for number, line in requirements:
            lines[number - 1] = line
        requirements_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        try:
            result = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    _PIP_FOR_TARGET,
                    json.dumps(marker_environment(python_version, architecture)),
                    "install",
                    *(f"--platform={tag}" for tag in platforms),
                    "--implementation=cp",
                    f"--python-version={python_version}",
                    "--only-binary=:all:",
                    f"--target={target}",
                    "--requirement",
                    str(requirements_file),
                    "--no-compile",
                    "--no-input",
                    "--disable-pip-version-check",
                    "--quiet",
                    # the CDK CLI sets FORCE_COLOR: escapes would garble the error's text
                    "--no-color",
                ],
                capture_output=True,
                text=True,
                check=False,
            )
        finally:
            requirements_file.unlink(missing_ok=True)
        if result.returncode != 0:
            stderr = result.stderr.replace(str(requirements_file), source)
            raise _pip_error(stderr, platforms, python_version, architecture, source)
        unknown = _UNKNOWN_EXTRA.findall(result.stderr)
        if unknown:
            # pip only warns and installs the project without it: the function would
            # miss what the extra brings (``requests[sock]`` for ``requests[socks]``)
            raise BundlingError(
                f"{source}: "
                + "; ".join(f"{name} has no extra {extra!r}" for name, extra in unknown)
                + " (pip installs the project without it, so the function would lack what "
                "the extra brings). Fix: spell the extra as the project's documentation "
                "does, or remove it."
            )
    # A dependency may pull in the SDK transitively; the runtime's copy is used anyway.
    for entry in target.iterdir():
        name = entry.name.removesuffix(".dist-info").split("-")[0]
        if _normalize(name) in PROVIDED_BY_RUNTIME:
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()


def marker_environment(python_version: str, architecture: str) -> dict[str, str]:
    """The environment markers of Lambda's Python ``python_version`` on ``architecture``
    (PEP 508), which the function's requirements are evaluated against."""
    return {
        "implementation_name": "cpython",
        "implementation_version": f"{python_version}.0",
        "os_name": "posix",
        "platform_machine": _MANYLINUX_ARCH[architecture],
        "platform_python_implementation": "CPython",
        "platform_system": "Linux",
        "python_full_version": f"{python_version}.0",
        "python_version": python_version,
        "sys_platform": "linux",
    }


def _check_pip_installed(source: str) -> None:
    """pip runs in the interpreter running the app: a venv made without it (``uv venv``,
    ``python -m venv --without-pip``, as a CI image's may be) would fail with Python's
    traceback, under a fix about the requirements' lines."""
    if importlib.util.find_spec("pip") is None:
        raise BundlingError(
            f"{source} is installed for Lambda with pip, which is not installed in the "
            f"Python running the app ({sys.executable}). Fix: install pip into that "
            "environment (`python -m ensurepip`, or `uv pip install pip` in a uv venv; in "
            "a pipeline's synth step, beside the app's requirements), then synth again."
        )


def _pip_error(
    stderr: str, platforms: list[str], python_version: str, architecture: str, source: str
) -> BundlingError:
    # a dependency's requirement comes with its marker: "nvidia-cudnn-cu12==9.10.2.21; ..."
    missing = list(dict.fromkeys(name.rstrip(";") for name in _NO_WHEEL.findall(stderr)))
    unreachable = _UNREACHABLE.findall(stderr)
    served = {name.rstrip(";") for name in _SERVED.findall(stderr)}
    unserved = [name for name in missing if name not in served]
    if unserved and unreachable:
        return BundlingError(
            f"pip could not reach the package index for {', '.join(unserved)} ({source}): "
            f"{unreachable[-1].strip()[:300]}. Fix: check the index it names (an "
            f"--index-url or --extra-index-url line of {source}, PIP_INDEX_URL or pip's "
            "configuration) and that this machine reaches it (proxy, VPN, credentials), "
            "then synth again."
        )
    if missing:
        arch = _MANYLINUX_ARCH[architecture]
        cp = "cp" + python_version.replace(".", "")
        return BundlingError(
            f"No wheel of {', '.join(missing)} ({source}) matches Lambda's platform "
            f"(linux {architecture}: {_tag_range(platforms)}; Python {python_version}), "
            "or no such project or version is on the package index. "
            "Fix: correct the name or version if no such one exists; else pin a version "
            "that publishes manylinux wheels "
            f"for {arch} / {cp} or abi3 (or a pure-Python py3-none-any wheel), "
            f"{_other_platforms(python_version, architecture)}, or vendor it into the code "
            "directory."
        )
    tail = "\n".join(stderr.strip().splitlines()[-15:])
    return BundlingError(
        f"pip could not install {source} for Lambda:\n{tail}\nFix: correct the lines pip "
        "names above (conflicting pins: keep one version that satisfies every requirement; "
        "--hash: give every requirement its hashes, or none)."
    )


def _other_platforms(python_version: str, architecture: str) -> str:
    """The Handler's way to a platform the pinned version may publish wheels for."""
    runtimes = " or ".join(repr(v) for v in _defaults.PYTHON_VERSIONS if v != python_version)
    other = next(a for a in _MANYLINUX_ARCH if a != architecture)
    return (
        f"build the function for a Python or architecture it has wheels for "
        f"(Handler(runtime={runtimes}) or architecture={other!r}, or FunctionDefaults)"
    )


def _tag_range(platforms: list[str]) -> str:
    """``manylinux2014_aarch64, manylinux_2_17_aarch64 to manylinux_2_34_aarch64``."""
    if len(platforms) <= 3:
        return ", ".join(platforms)
    glibc = sorted(platforms[1:], key=lambda tag: int(tag.split("_")[2]))
    return f"{platforms[0]}, {glibc[0]} to {glibc[-1]}"


def _normalize(name: str) -> str:
    """PEP 503 name normalization: ``Boto_3`` and ``boto-3`` are the same project."""
    return re.sub(r"[-_.]+", "-", name).lower()
