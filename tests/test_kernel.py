"""The test processes' jsii kernel (tests/kernel.py): in-process synths write their cloud
assemblies into the process's own directory, which the process deletes at its end."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

import jsii
import pytest
from aws_cdk import BundlingOptions, DockerImage, ILocalBundling
from aws_cdk import aws_s3_assets as s3_assets
from aws_cdk.assertions import Template

from tests import direct_kernel, kernel
from tests.support import new_stack


def test_in_process_synths_write_into_the_processs_own_directory() -> None:
    # GIVEN the private directory the kernel started with
    assemblies = kernel._assemblies
    assert assemblies is not None and assemblies.is_dir()

    # WHEN a stack of an App without outdir is synthesized
    stack = new_stack()
    Template.from_stack(stack)

    # THEN its cloud assembly is in that directory (deleted with it at the process's end),
    # not in a cdk.out* directory of the machine's /tmp that a killed kernel leaves behind
    outdir = Path(stack.node.root.outdir)
    assert outdir.parent == assemblies
    assert (outdir / "Test.template.json").is_file()


def test_the_kernels_temporary_directory_is_not_the_tests() -> None:
    # tmp_path, subprocesses and the local deploy keep the machine's temporary directory
    assert os.environ.get("TMPDIR") != str(kernel._assemblies)
    assert Path(tempfile.gettempdir()) != kernel._assemblies


def test_directories_of_processes_that_no_longer_run_are_removed(tmp_path: Path) -> None:
    # GIVEN the directories of a process that was killed before its end, of this (live)
    # process, and one whose name holds no process ID
    dead_pid = _a_pid_not_running()
    orphan = tmp_path / f"constructs-lib-cdk-out-{dead_pid}-abc123"
    mine = tmp_path / f"constructs-lib-cdk-out-{os.getpid()}-def456"
    unnamed = tmp_path / "constructs-lib-cdk-out-xyz789"
    for directory in (orphan, mine, unnamed):
        (directory / "cdk.out1").mkdir(parents=True)

    # WHEN a test process starts its kernel there
    kernel.remove_orphans(tmp_path)

    # THEN only the dead process's directory is gone (it held RAM on /dev/shm until the
    # machine restarted)
    assert not orphan.exists()
    assert mine.is_dir() and unnamed.is_dir()


def test_the_processs_own_directory_is_named_by_its_process_id() -> None:
    assert kernel._assemblies is not None
    assert kernel._assemblies.name.startswith(f"constructs-lib-cdk-out-{os.getpid()}-")


def test_the_kernel_runs_without_jsiis_relay_process() -> None:
    # GIVEN the suite's own transport (tests/direct_kernel.py), unless opted out
    if os.environ.get(direct_kernel.OPT_OUT):
        pytest.skip(f"{direct_kernel.OPT_OUT} is set: the suite runs on jsii's own runtime")

    # WHEN this process's kernel is looked for among its child processes
    commands = [_command_line(pid) for pid in _children(os.getpid())]

    # THEN it is node running the kernel directly: a jsii whose program.js no longer opens
    # its channel as tests/direct_kernel.py expects gets jsii's own runtime (the relay),
    # and the suite runs about a sixth slower
    kernels = [c for c in commands if any(direct_kernel.SCRIPT in part for part in c)]
    assert kernels, (
        f"no kernel running {direct_kernel.SCRIPT} among {commands}: this jsii's "
        f"program.js does not contain {direct_kernel.CHANNEL!r} once. Fix: update "
        "tests/direct_kernel.py for it (or set "
        f"{direct_kernel.OPT_OUT}=1 to run on jsii's own runtime)"
    )


@jsii.implements(ILocalBundling)
class _WritesAFile:
    def try_bundle(self, output_dir: str, *, image: DockerImage, **_: object) -> bool:
        Path(output_dir, "bundled.txt").write_text("bundled")
        return True


def test_javascripts_console_output_reaches_pythons_stderr(
    capfd: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # GIVEN an asset bundled locally: aws-cdk-lib writes "Bundling asset <path>..." on
    # Node's stderr, which under the direct kernel is rewritten into jsii's console lines
    (tmp_path / "source.txt").write_text("source")
    stack = new_stack()
    s3_assets.Asset(
        stack,
        "Bundled",
        path=str(tmp_path),
        bundling=BundlingOptions(image=DockerImage.from_registry("unused"), local=_WritesAFile()),
    )

    # WHEN it is synthesized
    Template.from_stack(stack)

    # THEN the line reaches Python's stderr as it does through jsii's relay (jsii's thread
    # copies it there: wait for it), and the kernel's channel was not disturbed (the synth
    # worked)
    err = ""
    for _ in range(100):
        err += capfd.readouterr().err
        if "Bundling asset" in err:
            break
        time.sleep(0.05)
    assert "Bundling asset Test/Bundled/Stage..." in err


def _children(parent: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rpartition(")")[2].split()[1]) == parent:
            children.append(int(entry.name))
    return children


def _command_line(pid: int) -> list[str]:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_text().split("\0")
    except OSError:
        return []


def _a_pid_not_running() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid
