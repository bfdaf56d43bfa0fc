"""Bundling and cold start, measured on this machine.

Bundling: a handler with real dependencies (pydantic + requests, the dev lock's pins)
synthesized with an empty cache (cold: pip runs), then again in a new app (warm: no pip
process at all), and what its asset holds (no boto3/botocore, no ``__pycache__``, no
tests, no ``.dist-info/RECORD``, no ``bin/`` scripts). Cold-start proxy: ``python -X
importtime`` of each demo handler module (and the pydantic one) from its asset (boto3
comes from this venv, as the Lambda runtime provides it), median of several runs, and
each asset's zip size.

    make bench        # or: .venv/bin/python bench/bundling.py
"""

from __future__ import annotations

import io
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

IMPORT_RUNS = 5
#: What a function's asset should not hold (the runtime has the SDK; caches, tests,
#: install records and the scripts pip writes for this machine's interpreter are dead weight).
UNWANTED = ("boto3", "botocore", "__pycache__", "tests", "RECORD", "bin")
HANDLER = '''"""A handler with real dependencies."""
import pydantic
import requests


class Todo(pydantic.BaseModel):
    title: str


def handler(event, context):
    return {"todo": Todo(title=event["title"]).model_dump(), "requests": requests.__version__}
'''


def _pins(*names: str) -> list[str]:
    lock = (ROOT / "requirements-dev.lock").read_text()
    return [re.search(rf"^{name}==\S+", lock, re.MULTILINE).group(0) for name in names]  # type: ignore[union-attr]


def _synth_handler(code: Path) -> tuple[float, int, Path]:
    """Synthesizes one function from ``code``; returns seconds, pip runs and its asset."""
    import aws_cdk as cdk

    from constructs_lib import Handler, QueueWorker

    pip_runs = 0
    real_run = subprocess.run

    def counting_run(*args: Any, **kwargs: Any) -> Any:
        nonlocal pip_runs
        pip_runs += "pip" in " ".join(map(str, args[0] if args else kwargs["args"]))
        return real_run(*args, **kwargs)

    context = json.loads((ROOT / "cdk.json").read_text())["context"]
    outdir = Path(tempfile.mkdtemp(prefix="bench-bundling-"))
    subprocess.run = counting_run
    try:
        start = time.perf_counter()
        app = cdk.App(outdir=str(outdir), context=context)
        QueueWorker(
            cdk.Stack(app, "Bundled"), "Worker", handler=Handler(code=code, entry="app.handler")
        )
        app.synth()
        seconds = time.perf_counter() - start
    finally:
        subprocess.run = real_run
    template = json.loads((outdir / "Bundled.template.json").read_text())
    function = next(
        r for r in template["Resources"].values() if r["Type"] == "AWS::Lambda::Function"
    )
    key = function["Properties"]["Code"]["S3Key"].removesuffix(".zip")
    return seconds, pip_runs, outdir / f"asset.{key}"


def _zip_size(directory: Path) -> int:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(directory).as_posix())
    return buffer.tell()


def _unwanted(asset: Path) -> list[str]:
    parts = [p.relative_to(asset).parts for p in asset.rglob("*")]
    return sorted(
        {
            "/".join(part[: i + 1])
            for part in parts
            for i, name in enumerate(part)
            if name in UNWANTED
        }
    )


def demo_assets() -> list[tuple[str, Path]]:
    """(handler module, asset directory) of every demo function, from one demo synth."""
    outdir = Path(tempfile.mkdtemp(prefix="bench-demo-"))
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "_app.py"), "demo", str(outdir)],
        check=True,
        capture_output=True,
    )
    assets: dict[str, Path] = {}
    for template_file in sorted(outdir.glob("*.template.json")):
        for resource in json.loads(template_file.read_text())["Resources"].values():
            props = resource.get("Properties", {})
            key = props.get("Code", {}).get("S3Key", "")
            module = props.get("Handler", "").rpartition(".")[0]
            if resource["Type"] == "AWS::Lambda::Function" and module.endswith(
                ("_api", "_worker", "_job")
            ):
                assets.setdefault(module, outdir / f"asset.{key.removesuffix('.zip')}")
    return sorted(assets.items())


def import_ms(asset: Path, module: str) -> float:
    """Median cumulative ``-X importtime`` of ``module`` from ``asset``, in ms."""
    env = {**os.environ, "PYTHONPATH": str(asset), "PYTHONDONTWRITEBYTECODE": "1"}
    samples = []
    for _ in range(IMPORT_RUNS):
        stderr = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import {module}"],
            cwd=asset,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stderr
        line = next(li for li in stderr.splitlines() if li.rstrip().endswith(f"| {module}"))
        samples.append(int(line.split("|")[1]) / 1000)
    return statistics.median(samples)


def main() -> dict[str, float]:
    work = Path(tempfile.mkdtemp(prefix="bench-handler-"))
    code = work / "handler"
    code.mkdir()
    (code / "app.py").write_text(HANDLER)
    (code / "requirements.txt").write_text("\n".join(_pins("pydantic", "requests")) + "\n")
    os.environ["CONSTRUCTS_LIB_CACHE_DIR"] = str(work / "cache")
    cold, cold_pip, asset = _synth_handler(code)
    warm, warm_pip, warm_asset = _synth_handler(code)
    print("bundling: pydantic + requests, a QueueWorker's function, this machine")
    print(f"  cold synth (empty cache)  {cold:6.2f} s, pip runs {cold_pip}")
    ratio = warm / cold
    print(
        f"  warm re-synth (new app)   {warm:6.2f} s, pip runs {warm_pip}  warm / cold x{ratio:.2f}"
    )
    found = Counter(path.rpartition("/")[2] for path in _unwanted(asset))
    print(
        f"  asset {_zip_size(asset) / 1024:.0f} KiB zipped, the same asset when warm: "
        f"{warm_asset.name == asset.name}; in it: "
        + ", ".join(f"{name} x{found[name]}" for name in UNWANTED)
    )

    slowest = 0.0
    print(f"cold-start proxy: python -X importtime of each handler module, median of {IMPORT_RUNS}")
    handlers = demo_assets()
    if platform.machine() in ("aarch64", "arm64"):  # its wheels are built for Lambda's arm64
        handlers.append(("app", asset))
    else:
        print(f"  (the pydantic handler's wheels are arm64; this machine is {platform.machine()})")
    for module, handler_asset in handlers:
        ms = import_ms(handler_asset, module)
        slowest = max(slowest, ms)
        print(f"  {module:16} {ms:7.1f} ms   zip {_zip_size(handler_asset) / 1024:6.1f} KiB")
    return {"warm_pip_runs": warm_pip, "slowest_import_ms": slowest}


if __name__ == "__main__":
    main()
