"""``python -m ministack_fixes --canaries`` (in ``tools/local``, by the emulator venv's Python):
each fix's canary and the loopback guard's, as JSON."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile

from . import apply_loopback_guard, check_loopback_guard, run_canaries


def _canary_environment() -> str:
    """Keep the canaries' ministack state (S3 data, state files) in a throwaway dir."""
    root = tempfile.mkdtemp(prefix="ministack-canary-")
    os.environ.update(
        TMPDIR=root,
        S3_DATA_DIR=os.path.join(root, "s3"),
        STATE_DIR=os.path.join(root, "state"),
        MINISTACK_ACCOUNT_ID="123456789012",
        MINISTACK_TEST_NO_AUTOSTART="1",
        AWS_REGION="us-east-1",
    )
    tempfile.tempdir = root
    return root


if __name__ == "__main__":
    if sys.argv[1:] != ["--canaries"]:
        raise SystemExit("usage: python -m ministack_fixes --canaries")
    root = _canary_environment()
    apply_loopback_guard()
    try:
        print(
            json.dumps(
                {"fixes": run_canaries(), "loopback_guard": check_loopback_guard()}, indent=2
            )
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)
