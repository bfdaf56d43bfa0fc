"""tools/local/powertools_layer.py: which layers it stands in for, what it installs, and
its canary on the pinned emulator.

Defect: a function attaching AWS's Powertools layer deploys, but the emulator attaches an
empty version in its place, so the function cannot import Powertools. Stand-in: with
:func:`powertools_layer.publish_stand_ins` run first, the same function logs through
Powertools' Logger (a JSON line in its log group).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from constructs_lib import QueueWorker
from constructs_lib._bundling import PROVIDED_BY_RUNTIME
from constructs_lib._bundling.cache import cache_root
from constructs_lib._defaults import POWERTOOLS_LAYER_ACCOUNT, POWERTOOLS_LAYER_VERSION
from tests.support import build, echo_handler
from tools.local import emulator, powertools_layer

NAME, VERSION = "AWSLambdaPowertoolsPythonV3-python314-arm64", 27
ARN = f"arn:aws:lambda:{emulator.REGION}:017000801446:layer:{NAME}:{VERSION}"
CODE = """
from aws_lambda_powertools import Logger

logger = Logger(service="canary")


@logger.inject_lambda_context
def handler(event, context):
    logger.info("order stored", order_id=event["order_id"])
    return {"stored": event["order_id"]}
"""
TEMPLATE = {
    "Resources": {
        "Worker": {
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "Layers": [
                    {
                        "Fn::Join": [
                            "",
                            [
                                "arn:",
                                {"Ref": "AWS::Partition"},
                                ":lambda:",
                                {"Ref": "AWS::Region"},
                                f":017000801446:layer:{NAME}:{VERSION}",
                            ],
                        ]
                    }
                ]
            },
        }
    }
}


def test_its_copies_of_the_library_values_are_the_library_values(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert powertools_layer.POWERTOOLS_LAYER_ACCOUNT == POWERTOOLS_LAYER_ACCOUNT
    assert powertools_layer.PROVIDED_BY_RUNTIME == PROVIDED_BY_RUNTIME
    for name, value in (("XDG_CACHE_HOME", tmp_path), ("CONSTRUCTS_LIB_CACHE_DIR", tmp_path / "c")):
        assert powertools_layer.cache_root() == cache_root()
        monkeypatch.setenv(name, str(value))
    assert powertools_layer.cache_root() == cache_root() == tmp_path / "c"


def test_the_layer_zip_is_built_once_and_rebuilt_when_its_cache_entry_changed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # GIVEN an empty cache and a build that counts its runs (no pip)
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path))
    builds: list[Path] = []

    def build(work_dir: Path) -> bytes:
        builds.append(work_dir)
        return f"layer {len(builds)}".encode()

    monkeypatch.setattr(powertools_layer, "layer_zip", build)
    # WHEN it is asked for twice THEN it is built once
    assert powertools_layer.cached_layer_zip(tmp_path) == b"layer 1"
    assert powertools_layer.cached_layer_zip(tmp_path) == b"layer 1"
    assert len(builds) == 1
    # WHEN the cached entry is edited THEN it is not used: built again
    (entry,) = (tmp_path / "powertools-layer").glob("*.zip")
    entry.write_bytes(b"edited")
    assert powertools_layer.cached_layer_zip(tmp_path) == b"layer 2"
    assert entry.read_bytes() == b"layer 2"


def test_it_finds_the_layer_a_powertools_handler_attaches_and_no_other() -> None:
    _, with_powertools = build(QueueWorker, "Worker", handler=echo_handler(powertools=True))
    _, without = build(QueueWorker, "Worker", handler=echo_handler())
    assert powertools_layer.aws_layers({"S": with_powertools.to_json()}) == {
        (NAME, POWERTOOLS_LAYER_VERSION)
    }
    assert powertools_layer.aws_layers({"S": without.to_json()}) == set()


def test_it_installs_the_dev_lock_pins_of_powertools_and_its_tracer_minus_the_runtime() -> None:
    requirements = powertools_layer.layer_requirements(powertools_layer.LOCK.read_text())
    assert [r.split("==")[0] for r in requirements] == [
        "aws-lambda-powertools",
        "aws-xray-sdk",
        "jmespath",
        "typing-extensions",
        "wrapt",
    ]
    assert all("--hash=sha256:" in r and "#" not in r for r in requirements)


@pytest.fixture(scope="module")
def local(emulator_environment: None) -> Iterator[tuple[emulator.Emulator, Any]]:
    with emulator.running() as em:
        session = boto3.session.Session(
            aws_access_key_id="local", aws_secret_access_key="local", region_name=emulator.REGION
        )
        yield em, session.client("lambda", endpoint_url=em.endpoint)


def _function(client: Any, name: str) -> None:
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("app.py", CODE)
    client.create_function(
        FunctionName=name,
        Runtime="python3.14",
        Role=f"arn:aws:iam::{emulator.ACCOUNT}:role/canary",
        Handler="app.handler",
        Code={"ZipFile": code.getvalue()},
        Layers=[ARN],
        LoggingConfig={"LogFormat": "JSON", "LogGroup": f"/canary/{name}"},
        Timeout=30,
    )


def _invoke(client: Any, name: str) -> tuple[str | None, Any]:
    result = client.invoke(FunctionName=name, Payload=json.dumps({"order_id": "o-1"}).encode())
    return result.get("FunctionError"), json.loads(result["Payload"].read() or b"null")


@pytest.mark.slow  # pip installs the layer (from its cache), a function starts twice
def test_without_the_stand_in_no_powertools_with_it_a_json_log_line(
    local: tuple[emulator.Emulator, Any],
) -> None:
    em, client = local
    # GIVEN a function attaching AWS's layer, deployed before any stand-in exists
    _function(client, "before")
    # THEN it cannot import Powertools (the defect: an empty layer in its place)
    error, payload = _invoke(client, "before")
    assert error is not None and "aws_lambda_powertools" in json.dumps(payload), payload

    # WHEN the stand-in is published for the templates' layer
    arns = powertools_layer.publish_stand_ins(em.endpoint, {"Stack": TEMPLATE})
    assert arns == [ARN]
    # THEN a function attaching the same ARN runs and logs one JSON line through Powertools
    _function(client, "after")
    assert _invoke(client, "after") == (None, {"stored": "o-1"})
    logs = boto3.session.Session(
        aws_access_key_id="local", aws_secret_access_key="local", region_name=emulator.REGION
    ).client("logs", endpoint_url=em.endpoint)
    events = logs.filter_log_events(logGroupName="/canary/after")["events"]
    lines = [json.loads(e["message"]) for e in events if e["message"].startswith("{")]
    (stored,) = [line for line in lines if line.get("message") == "order stored"]
    assert (stored["service"], stored["order_id"], stored["level"]) == ("canary", "o-1", "INFO")
    assert stored["function_name"] == "after"
