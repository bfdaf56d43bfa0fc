"""Which synth roots (an App, a Stage) CDK has synthesized, and which of their stacks, as the
cloud assembly it wrote says.

CDK validates a root before it writes anything, and a synthesis that fails (a check of the
library's, a user's own validation, a jsii error) keeps nothing: the next one starts again,
so a call made in between is in its templates. A root's validation is therefore only the
start of a synthesis; it is done once CDK wrote the root's ``manifest.json`` (last, after
every template, whatever the stacks' synthesizers), which lists the stacks it synthesized,
unless the policy validation plugins (cdk-nag 3's packs), run after it is written, failed
the synthesis: their ``validation-report.json``, written by it, then has a failure. A file
left in the outdir by an earlier run is told apart by its state when the validation
started. Known in Python and from the file system: no kernel call but a root's
``outdir``, once, when its first validation starts.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from aws_cdk import Stage

__all__ = ["root_synthesized", "stack_artifact_synthesized", "validation_starts", "watch"]

_FileState = tuple[int, int, int] | None


@dataclass
class _Root:
    stage: Stage
    #: where CDK writes the root's manifest, asked when its first validation starts
    manifest: Path | None = None
    validated: bool = False
    #: the manifest's state when the last validation started (an earlier synthesis's, or
    #: an earlier run's in a kept outdir): the same state after it, nothing was written
    before: _FileState = None
    #: the validation report's state then: another after it, this synthesis wrote it
    report_before: _FileState = None
    #: the state of the manifest read into ``artifacts``, not read again
    read: _FileState = None
    #: the artifacts (stacks by artifact id) of every synthesis CDK completed: CDK keeps
    #: the first, so a later forced one that failed leaves them synthesized
    artifacts: set[str] = field(default_factory=set)


_ROOTS: dict[object, _Root] = {}


def watch(ref: object, root: Stage) -> None:
    """Records ``root`` (by its jsii reference ``ref``) before anything synthesizes it."""
    if ref not in _ROOTS:
        _ROOTS[ref] = _Root(root)


def validation_starts(ref: object) -> None:
    """CDK validates the root ``ref``: what its manifest holds now is not this synthesis's."""
    record = _ROOTS.get(ref)
    if record is not None:
        if record.manifest is None:
            record.manifest = Path(record.stage.outdir) / "manifest.json"
        _read(record)
        record.before = _state(record.manifest)
        record.report_before = _state(_report(record.manifest))
        record.validated = True


def root_synthesized(ref: object) -> bool | None:
    """Whether CDK completed a synthesis of the root ``ref``; None for a root not watched
    or not validated since (one first watched after a synthesis: not known here)."""
    record = _ROOTS.get(ref)
    if record is None or not record.validated:
        return None
    _read(record)
    return bool(record.artifacts)


def stack_artifact_synthesized(ref: object, artifact_id: str) -> bool:
    """Whether a completed synthesis of the root ``ref`` had the stack ``artifact_id``."""
    record = _ROOTS.get(ref)
    if record is None:
        return False
    _read(record)
    return artifact_id in record.artifacts


def _read(record: _Root) -> None:
    if not record.validated or record.manifest is None:  # one there before is an earlier run's
        return
    now = _state(record.manifest)
    if now is None or now in (record.before, record.read):
        return
    record.read = now
    try:
        artifacts = json.loads(record.manifest.read_text())["artifacts"]
    except (OSError, ValueError, KeyError, TypeError):  # being written: read at the next call
        record.read = None
        return
    if isinstance(artifacts, dict) and not _plugins_failed(record):
        record.artifacts.update(str(artifact) for artifact in artifacts)


def _report(manifest: Path) -> Path:
    return manifest.with_name("validation-report.json")


def _plugins_failed(record: _Root) -> bool:
    """Whether this synthesis's policy validation failed it (after writing the manifest):
    CDK throws and keeps nothing, as for a failed validation of the tree."""
    report = _report(record.manifest) if record.manifest is not None else None
    if report is None or _state(report) in (None, record.report_before):
        return False
    try:
        reports = json.loads(report.read_text())["pluginReports"]
        return any(plugin.get("conclusion") != "success" for plugin in reports)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def _state(path: Path) -> _FileState:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)
