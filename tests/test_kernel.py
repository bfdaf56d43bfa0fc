"""The test processes' jsii kernel (tests/kernel.py): in-process synths write their cloud
assemblies into the process's own directory, which the process deletes at its end."""

from __future__ import annotations

import os
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
