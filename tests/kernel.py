"""The jsii kernel of a process that runs tests: started once, without aws-cdk-lib's built-in
template rules, writing the cloud assemblies of in-process synths into a directory of its
own that the process removes when it is done.

Imported by tests/conftest.py before any test module (it must not start jsii itself)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tests import direct_kernel

#: A RAM-backed directory for the assemblies, where the machine has one with room to spare.
_TMPFS = Path("/dev/shm")
#: The assemblies of one worker's session take a few hundred MiB; below this much free
#: space (a container's 64 MiB /dev/shm) they go to the temporary directory instead.
_TMPFS_MIN_FREE = 2 * 1024**3

#: The assembly directories' names: the prefix, the owning process's ID, a random part.
_PREFIX = "constructs-lib-cdk-out-"

#: The directory below the assemblies' where the kernel's own files are written.
RUNTIME = "jsii-runtime"

_assemblies: Path | None = None


def start() -> None:
    """Starts this process's jsii kernel (``import aws_cdk``).

    - Without aws-cdk-lib's built-in validation: it checks every synthesized template
      against its rules in a WASM engine that costs each process about 3 CPU-seconds to
      start, and more per synth; it only warns (a tenth of the in-process tests' CPU). The
      gate that proves the library's templates pass those rules runs them as users do, in
      its own process: the demo app and the feature tour under cdk-nag 2
      (test_installed_wheel.py).
    - With its temporary directory in one of this process's own (``TMPDIR``, which Node
      reads): every ``Template.from_stack`` of an App without ``outdir`` writes its cloud
      assembly (templates, manifest, a copy of each asset) to a new ``cdk.out*`` directory
      there, some 1,800 per worker. aws-cdk-lib deletes them when Node exits, but jsii
      gives Node 5 s to exit and then kills it: on a disk that was ~9 ms per directory,
      so every run left some 3,000 directories behind in /tmp (36 GB on this machine after
      a few weeks) and waited 5 s at each worker's end. :func:`remove_assemblies` deletes
      them first, on RAM where the machine has room.

    - Without jsii's relay process (tests/direct_kernel.py), its files in that directory.

    The variables are only the kernel's: they are restored before any test starts a
    process or asks for a temporary path."""
    global _assemblies
    tempfile.gettempdir()  # Python's stays the machine's (it is read once, and cached)
    root = _assembly_root()
    remove_orphans(Path(root or tempfile.gettempdir()))
    _assemblies = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-", dir=root))
    direct = direct_kernel.environment(_assemblies / RUNTIME)
    with _environment(CDK_VALIDATION="false", TMPDIR=str(_assemblies), **direct):
        import aws_cdk  # noqa: F401  (starts the jsii kernel)


def remove_orphans(root: Path) -> None:
    """Deletes the assembly directories of test processes that no longer run: a process
    killed before its end (a timeout, Ctrl-C twice, a crashed worker) cannot delete its
    own, and on /dev/shm they hold RAM until the machine restarts. A directory whose
    process is alive, or whose name holds no process ID, is left alone."""
    for directory in root.glob(f"{_PREFIX}*-*"):
        pid = directory.name.removeprefix(_PREFIX).partition("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(directory, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def remove_assemblies() -> None:
    """Deletes the cloud assemblies this process's synths wrote (the kernel's exit then
    has nothing left to delete)."""
    if _assemblies is not None:
        shutil.rmtree(_assemblies, ignore_errors=True)


def _assembly_root() -> str | None:
    """/dev/shm where it is a writable tmpfs with room; otherwise the temporary directory."""
    try:
        roomy = shutil.disk_usage(_TMPFS).free >= _TMPFS_MIN_FREE
    except OSError:
        return None
    return str(_TMPFS) if roomy and os.access(_TMPFS, os.W_OK | os.X_OK) else None


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
