"""The test processes' jsii kernel (tests/kernel.py): in-process synths write their cloud
assemblies into the process's own directory, which the process deletes at its end."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from aws_cdk.assertions import Template

from tests import kernel
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


def _a_pid_not_running() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid
