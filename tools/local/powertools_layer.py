"""AWS's Powertools layer, stood in for on the local emulator.

``Handler(powertools=True)`` attaches the layer AWS publishes from its own account
(``arn:aws:lambda:<region>:017000801446:layer:AWSLambdaPowertoolsPythonV3-...:<version>``).
The emulator cannot fetch it (no AWS, no internet): ministack, holding no layer of that
account, attaches an empty version in its place (it logs "Layer ... is not held by
MiniStack ... the layer will not run"), so ``import aws_lambda_powertools`` fails in the
function. Before the deploy, :func:`publish_stand_ins` publishes, through the emulator's
own API and under AWS's account, a layer of the same name and version that holds
``aws-lambda-powertools`` as ``requirements-dev.lock`` pins it (with the dependencies the
lock lists for it, hash-checked, minus what the Lambda runtime provides), installed by pip
for this host, as the function code is (the emulator runs functions on its Python and
CPU), and grants it to every account, as AWS grants its layer. The templates are deployed
as synthesized: the functions attach AWS's ARN, and the emulator serves the stand-in's
bytes for it. The stand-in holds the Logger and Tracer (the ``tracer`` extra), not every
extra AWS's layer ships.

No emulator code is patched, so there is no fix in ``ministack_fixes/`` for it; the
canary (``tests/emulator/test_powertools_layer.py``) shows both sides: without the
stand-in the function cannot import Powertools, with it the function logs through it.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import platform
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import boto3

from tools.local import checks, emulator

# The library's values (constructs_lib._defaults.POWERTOOLS_LAYER_ACCOUNT,
# constructs_lib._bundling.PROVIDED_BY_RUNTIME; tests/test_local_powertools_layer.py holds
# them equal), not imported: importing constructs_lib starts aws-cdk-lib's jsii kernel.
POWERTOOLS_LAYER_ACCOUNT = "017000801446"
PROVIDED_BY_RUNTIME = frozenset({"boto3", "botocore", "s3transfer"})
LOCK = emulator.ROOT / "requirements-dev.lock"
PACKAGE = "aws-lambda-powertools"
_LAYER_ARN = re.compile(
    rf"^arn:aws:lambda:(?P<region>[a-z0-9-]+):{POWERTOOLS_LAYER_ACCOUNT}:layer:"
    r"(?P<name>[A-Za-z0-9_-]+):(?P<version>\d+)$"
)


def aws_layers(templates: dict[str, dict[str, Any]]) -> set[tuple[str, int]]:
    """(name, version) of every AWS Powertools layer the templates' functions attach."""
    found = set()
    for template in templates.values():
        for resource in template.get("Resources", {}).values():
            if resource.get("Type") != "AWS::Lambda::Function":
                continue
            layers = checks.resolve(resource.get("Properties", {}).get("Layers", []), {})
            for arn in layers:
                match = _LAYER_ARN.match(arn) if isinstance(arn, str) else None
                if match:
                    found.add((match["name"], int(match["version"])))
    return found


def _lock_entries(text: str) -> dict[str, tuple[str, list[str]]]:
    """name -> (its pinned block, the names it is needed by) from a uv-compiled lock."""
    entries: dict[str, tuple[str, list[str]]] = {}
    for block in re.split(r"\n(?=[a-z0-9])", text):
        name = re.match(r"([a-z0-9][a-z0-9._-]*)==", block)
        if name is None:
            continue
        via = re.findall(r"#\s+(?:via\s+)?([a-z0-9][a-z0-9._-]*)\s*$", block, re.MULTILINE)
        pinned = "\n".join(line for line in block.splitlines() if not line.lstrip().startswith("#"))
        entries[name.group(1)] = (pinned, via)
    return entries


def layer_requirements(lock_text: str) -> list[str]:
    """The lock's pinned, hashed entries of Powertools and of what it needs, minus the
    packages the Lambda runtime provides (boto3, botocore, s3transfer)."""
    entries = _lock_entries(lock_text)
    if PACKAGE not in entries:
        raise RuntimeError(f"{LOCK.name} pins no {PACKAGE}: add it to the dev extra, make lock")
    wanted = {PACKAGE}
    grown = True
    while grown:
        grown = False
        for name, (_, via) in entries.items():
            if name not in wanted and name not in PROVIDED_BY_RUNTIME and wanted & set(via):
                wanted.add(name)
                grown = True
    return [entries[name][0] for name in sorted(wanted)]


def layer_zip(work_dir: Path) -> bytes:
    """A layer zip (``python/...``) of the lock's Powertools, installed for this host."""
    requirements = work_dir / "powertools-layer.txt"
    requirements.write_text("\n".join(layer_requirements(LOCK.read_text())) + "\n")
    target = work_dir / "powertools-layer" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--require-hashes",
            "--no-deps",
            "--only-binary=:all:",
            "--no-compile",
            "--quiet",
            "--disable-pip-version-check",
            f"--target={target}",
            "-r",
            str(requirements),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return _zip(target.parent, sorted(target.rglob("*")))


def cache_root() -> Path:
    """The library's bundling cache (``constructs_lib._bundling.cache.cache_root``, not
    imported for the same reason as the values above)."""
    explicit = os.environ.get("CONSTRUCTS_LIB_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "constructs_lib"


def cached_layer_zip(work_dir: Path) -> bytes:
    """:func:`layer_zip`, built once per set of pins, interpreter and CPU and kept in the
    bundling cache (``powertools-layer/<key>.zip``, its SHA-256 beside it, checked on
    every read: an entry that does not match is built again)."""
    pins = "\n".join(layer_requirements(LOCK.read_text()))
    key = hashlib.sha256(f"{pins}\0{sys.version}\0{platform.machine()}".encode()).hexdigest()
    entry = cache_root() / "powertools-layer" / f"{key[:32]}.zip"
    digest = entry.with_name(entry.name + ".sha256")
    with contextlib.suppress(OSError):
        content = entry.read_bytes()
        if hashlib.sha256(content).hexdigest() == digest.read_text().strip():
            return content
    content = layer_zip(work_dir)
    entry.parent.mkdir(parents=True, exist_ok=True)
    for path, data in ((entry, content), (digest, hashlib.sha256(content).hexdigest().encode())):
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        partial.write_bytes(data)
        os.replace(partial, path)  # never seen half-written
    return content


def _zip(root: Path, files: Iterable[Path]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                archive.write(path, path.relative_to(root).as_posix())
    return buffer.getvalue()


def publish(endpoint: str, name: str, version: int, content: bytes) -> str:
    """Publishes ``content`` as ``name:version`` under AWS's account in the emulator,
    granted to every account; returns the layer version ARN. The emulator numbers
    versions 1, 2, ...: the versions before ``version`` are placeholders, deleted again."""
    client = boto3.session.Session(
        aws_access_key_id=POWERTOOLS_LAYER_ACCOUNT,  # a 12-digit key: ministack's account
        aws_secret_access_key="local",
        region_name=emulator.REGION,
    ).client("lambda", endpoint_url=endpoint)
    placeholder = io.BytesIO()
    with zipfile.ZipFile(placeholder, "w") as archive:
        archive.writestr("placeholder.txt", "a version number the stand-in needs to skip\n")
    number = 0
    while number < version - 1:
        number = client.publish_layer_version(
            LayerName=name, Content={"ZipFile": placeholder.getvalue()}
        )["Version"]
        client.delete_layer_version(LayerName=name, VersionNumber=number)
    published = client.publish_layer_version(
        LayerName=name,
        Description="local stand-in of AWS's Powertools layer (tools/local)",
        Content={"ZipFile": content},
    )
    if published["Version"] != version:
        raise RuntimeError(f"published {name}:{published['Version']}, wanted {version}")
    client.add_layer_version_permission(
        LayerName=name,
        VersionNumber=version,
        StatementId="everyone",
        Action="lambda:GetLayerVersion",
        Principal="*",
    )
    return str(published["LayerVersionArn"])


def publish_stand_ins(endpoint: str, templates: dict[str, dict[str, Any]]) -> list[str]:
    """A stand-in for each AWS Powertools layer the templates attach; their ARNs."""
    layers = aws_layers(templates)
    if not layers:
        return []
    with tempfile.TemporaryDirectory(prefix="powertools-layer-") as work:
        content = cached_layer_zip(Path(work))
    return [publish(endpoint, name, version, content) for name, version in sorted(layers)]
