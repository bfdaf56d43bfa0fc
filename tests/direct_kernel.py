"""The test processes' jsii kernel without jsii's relay process.

jsii starts ``node jsii-runtime.js``, a wrapper whose only job is to start the kernel
(``program.js``) as a child process and copy every message between Python's pipes and
that child's channel (its file descriptor 3), so that console output of JavaScript code
can never be mistaken for a message. Every call from Python into aws-cdk-lib therefore
crosses two processes and four pipes each way. The suite makes about 800,000 such calls;
without the relay they take about a sixth less time (pytest 157 s -> 131 s on 2 cores).

Here the kernel is started directly, its channel on standard input and output, and a few
lines of JavaScript that run first send console output to standard error in the wrapper's
own ``{"stdout"|"stderr": <base64>}`` lines, which jsii's Python side decodes as before.
The kernel and aws-cdk-lib are the same code; only the transport differs. Users' apps,
and every test that starts a CDK app in a process of its own (``cdk synth`` of the demo,
the installed wheel, the local deploy), keep jsii's own runtime.

``CONSTRUCTS_LIB_TEST_JSII_RELAY=1`` runs the suite on jsii's own runtime instead. A jsii
whose ``program.js`` no longer has the channel this module rewrites gets its own runtime
too, and tests/test_kernel.py fails saying so (the lock pins jsii: that is an upgrade).

Imported by tests/kernel.py (it must not start jsii itself)."""

from __future__ import annotations

import os
from pathlib import Path

#: How program.js opens its channel (the wrapper's file descriptor 3), and what it becomes.
CHANNEL = "readFD:3,writeFD:3"
DIRECT_CHANNEL = "readFD:0,writeFD:1"

#: Runs before the kernel: what JavaScript writes to stdout or stderr goes to fd 2 as one
#: JSON line per write, the wrapper's format (stdout is the kernel's channel now).
_CONSOLE = """\
"use strict";
const fs = require("fs");
for (const [name, stream] of [["stdout", process.stdout], ["stderr", process.stderr]]) {
  stream.write = (chunk, encoding, callback) => {
    const data = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(String(chunk), typeof encoding === "string" ? encoding : "utf8");
    fs.writeSync(2, JSON.stringify({ [name]: data.toString("base64") }) + "\\n");
    const done = typeof encoding === "function" ? encoding : callback;
    if (typeof done === "function") process.nextTick(done);
    return true;
  };
}
require("./program.js");
"""

#: Set to anything: the suite runs on jsii's own runtime (with its relay).
OPT_OUT = "CONSTRUCTS_LIB_TEST_JSII_RELAY"
#: The script this module writes; the test in tests/test_kernel.py looks for it.
SCRIPT = "direct-kernel.js"


def environment(directory: Path) -> dict[str, str]:
    """The variables that start this process's kernel directly (its files written into
    ``directory``), or none: opted out, or a jsii this module does not fit."""
    if os.environ.get(OPT_OUT):
        return {}
    script = _write_runtime(directory)
    if script is None:
        return {}
    # jsii's wrapper starts the kernel with --preserve-symlinks (how it resolves the
    # packages it extracts); NODE_OPTIONS is the only way to give node a flag here.
    options = " ".join(filter(None, [os.environ.get("NODE_OPTIONS"), "--preserve-symlinks"]))
    return {"JSII_RUNTIME": str(script), "NODE_OPTIONS": options}


def _write_runtime(directory: Path) -> Path | None:
    """Writes jsii's runtime files as jsii itself does, program.js with its channel on
    stdin/stdout, and the script that starts it; None if program.js is not as expected."""
    from importlib import resources

    import jsii._embedded.jsii as embedded  # the files only: starts no kernel

    files = {
        directory / name.replace("/", os.sep): resources.files(embedded).joinpath(resource)
        for resource, name in embedded.EMBEDDED_FILES.items()
    }
    program = next((path for path in files if path.name == "program.js"), None)
    if program is None:
        return None
    for path, source in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(source.read_bytes())
    text = program.read_text(encoding="utf-8")
    if text.count(CHANNEL) != 1:
        return None
    program.write_text(text.replace(CHANNEL, DIRECT_CHANNEL), encoding="utf-8")
    script = program.parent / SCRIPT
    script.write_text(_CONSOLE, encoding="utf-8")
    return script
