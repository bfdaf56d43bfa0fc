"""`make bench`: every measurement side by side, then one summary line.

Ratios come from interleaved runs on this machine (medians); absolute times are only
printed, never asserted. The summary line is the last line of output.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]

import bundling  # noqa: E402
import idle_cost  # noqa: E402
import monitoring_choice  # noqa: E402
import synth  # noqa: E402


def main() -> None:
    results: dict[str, float] = {}
    # the benches' cloud assemblies and work dirs (some 70 a run) go into one temp dir,
    # removed at the end: they were left in /tmp
    with tempfile.TemporaryDirectory(prefix="bench-") as work:
        tempfile.tempdir = work
        try:
            for bench in (synth, bundling, idle_cost, monitoring_choice):
                results.update(bench.main())
                print(flush=True)
        finally:
            tempfile.tempdir = None
    print(
        f"bench: synth/floor {results['synth_floor']:.2f}, "
        f"todo ours/hand-written {results['todo_ratio']:.2f}, "
        f"pydantic warm re-synth pip runs {results['warm_pip_runs']:.0f}, "
        f"slowest handler import {results['slowest_import_ms']:.0f} ms, "
        f"idle defaults ${results['idle_defaults']:.2f}/month"
    )


if __name__ == "__main__":
    main()
