"""template_snapshot under every synthesizer an existing app may use: an edit of a handler
or of a site's file leaves the snapshot as it is, whatever the bootstrap."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest

from constructs_lib import Handler, QueueWorker, StaticSite
from constructs_lib.testing import template_snapshot
from tests.support import ECHO, new_app

SYNTHESIZERS: dict[str, Callable[[], cdk.IStackSynthesizer]] = {
    "default": cdk.DefaultStackSynthesizer,
    "qualifier": lambda: cdk.DefaultStackSynthesizer(qualifier="acme1234"),
    "cli-credentials": lambda: cdk.CliCredentialsStackSynthesizer(qualifier="acme1234"),
    "legacy": cdk.LegacyStackSynthesizer,
}


def _snapshot(
    synthesizer: Callable[[], cdk.IStackSynthesizer], code: Path, site: Path, memory: int = 256
) -> dict[str, Any]:
    stack = cdk.Stack(new_app(), "Test", synthesizer=synthesizer())
    QueueWorker(stack, "Worker", handler=Handler(code=code, memory_mib=memory))
    StaticSite(stack, "Site", source=site)
    return template_snapshot(stack)


def _sources(tmp_path: Path) -> tuple[Path, Path]:
    code, site = tmp_path / "code", tmp_path / "site"
    shutil.copytree(ECHO, code)
    site.mkdir()
    (site / "index.html").write_text("<p>v1</p>")
    return code, site


@pytest.mark.parametrize("synthesizer", SYNTHESIZERS.values(), ids=SYNTHESIZERS.keys())
def test_an_edit_of_the_code_or_the_site_leaves_the_snapshot_unchanged(
    synthesizer: Callable[[], cdk.IStackSynthesizer], tmp_path: Path
) -> None:
    # Proves (user trial): with cdk.LegacyStackSynthesizer (a years-old app's stack) every
    # handler or site edit changed 38 lines of the snapshot: each asset parameter's name
    # ends in a hash of a name that holds the asset's hash
    code, site = _sources(tmp_path)
    before = _snapshot(synthesizer, code, site)
    # WHEN the handler and the site's page change
    (code / "app.py").write_text((code / "app.py").read_text() + "\n# edited\n")
    (site / "index.html").write_text("<p>v2</p>")
    # THEN the snapshot does not; a change of the infrastructure still shows
    assert _snapshot(synthesizer, code, site) == before
    assert _snapshot(synthesizer, code, site, memory=512) != before


def test_a_legacy_stack_s_asset_parameters_are_numbered_by_their_first_use(
    tmp_path: Path,
) -> None:
    # GIVEN a LegacyStackSynthesizer stack with four assets (the handler, the site, and
    # aws-cdk-lib's BucketDeployment function and its layer)
    code, site = _sources(tmp_path)
    snapshot = _snapshot(cdk.LegacyStackSynthesizer, code, site)
    # THEN each asset's three parameters carry its number and no hash
    names = set(snapshot["Parameters"]) - {"BootstrapVersion"}
    assert names == {
        f"AssetParametersASSET_{n}{kind}HASH"
        for n in range(1, 5)
        for kind in ("S3Bucket", "S3VersionKey", "ArtifactHash")
    }
    text = str(snapshot)
    assert not re.search(r"AssetParameters\w*[0-9A-F]{8}", text)
    # and the handler's code is read from its own asset's parameters: the last to be
    # numbered, as the worker's function comes after aws-cdk-lib's BucketDeployment
    # (CustomCDKBucketDeployment...) and the site's (Site...) in logical-ID order
    function = next(
        r for i, r in snapshot["Resources"].items() if i.startswith("WorkerHandlerFunction")
    )
    assert function["Properties"]["Code"]["S3Bucket"] == {
        "Ref": "AssetParametersASSET_4S3BucketHASH"
    }
