"""An image function's Dockerfile, read (never built): the final stage's base image and
platform against the function's architecture, and its command."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePath

from constructs_lib._core.runtime_client import warn_of_missing_client
from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator
from constructs_lib.handler import Handler

__all__ = ["check_dockerfile", "final_stage"]

# Docker's names of each Lambda architecture's platform (`FROM --platform=...`).
_PLATFORMS = {
    "arm64": ("linux/arm64", "linux/arm64/v8", "linux/aarch64"),
    "x86_64": ("linux/amd64", "linux/x86_64", "linux/x86-64"),
}
# AWS's Lambda base images (public.ecr.aws/lambda/python, amazon/aws-lambda-python):
# they set an ENTRYPOINT (the runtime interface client), no CMD; an architecture's own
# tag ends with it (`3.12-arm64`, `3.12-x86_64`).
_LAMBDA_BASE = re.compile(r"^(?:docker\.io/)?(?:public\.ecr\.aws/lambda/|amazon/aws-lambda-)")
# Those of a language runtime, which call the handler CMD names; an OS-only base image
# (`lambda/provided:al2023`) runs the `bootstrap` its image copies in, without a CMD.
_LANGUAGE_BASE = re.compile(_LAMBDA_BASE.pattern + r"(?!provided)")
_TAG_ARCHITECTURE = re.compile(r":[^:/@]*-(arm64|x86_64)(?:@|\Z)")


@dataclass(frozen=True)
class Stage:
    """What the final stage of a Dockerfile runs on (its base stages' lines included)."""

    image: str  # the image the stage chain starts from
    platforms: tuple[str, ...]  # each `--platform=` of the chain's FROM lines
    has_cmd: bool
    has_entrypoint: bool


def final_stage(text: str) -> Stage | None:
    """The final stage of a Dockerfile, followed through `FROM <earlier stage>`; None
    when a FROM line uses a build argument (`$`), which only the build resolves."""
    stages: list[tuple[str, str | None, str | None, list[str]]] = []
    for line in _instructions(text):
        word, _, rest = line.partition(" ")
        if word.upper() == "FROM":
            words = rest.split()
            platform = next(
                (w.partition("=")[2] for w in words if w.startswith("--platform=")), None
            )
            names = [w for w in words if not w.startswith("--")]
            if not names or "$" in names[0] or (platform and "$" in platform):
                return None
            alias = names[2].lower() if len(names) >= 3 and names[1].lower() == "as" else None
            stages.append((names[0], alias, platform, []))
        elif stages:
            stages[-1][3].append(line)
    if not stages:
        return None
    chain = [stages[-1]]
    aliases = {alias: stage for stage in stages if (alias := stage[1])}
    while (earlier := aliases.get(chain[-1][0].lower())) is not None and earlier not in chain:
        chain.append(earlier)
    lines = [line for stage in reversed(chain) for line in stage[3]]
    words = [line.partition(" ")[0].upper() for line in lines]
    return Stage(
        image=chain[-1][0],
        platforms=tuple(platform for stage in chain if (platform := stage[2])),
        has_cmd="CMD" in words,
        has_entrypoint="ENTRYPOINT" in words,
    )


def check_dockerfile(v: Validator, handler: Handler, prop: str) -> None:
    """The image must run on the function's architecture, and have a command."""
    if not isinstance(handler.code, str | PurePath) or is_unresolved(str(handler.code)):
        return  # reported by the directory's own rule
    if handler.architecture not in _PLATFORMS:
        return  # reported by the architecture's rule
    dockerfile = Path(handler.code) / "Dockerfile"
    try:
        text = dockerfile.read_text(encoding="utf-8", errors="replace")
    except OSError:  # reported by the directory's own rule
        return
    stage = final_stage(text)
    if stage is None:
        return
    architecture = str(handler.architecture)
    for platform in stage.platforms:
        other = next((a for a, names in _PLATFORMS.items() if platform.lower() in names), None)
        v.check(
            other in (None, architecture),
            f"{prop}.architecture",
            f"is {architecture!r}, but {dockerfile} builds its image FROM "
            f"--platform={platform}: Lambda could not start it (exec format error on every "
            "invocation)",
            f"remove --platform={platform} from the FROM line (the image is built for the "
            f"function's architecture), or pass architecture={other!r}",
        )
    tagged = _TAG_ARCHITECTURE.search(stage.image) if _LAMBDA_BASE.match(stage.image) else None
    if tagged:
        v.check(
            tagged.group(1) == architecture,
            f"{prop}.architecture",
            f"is {architecture!r}, but {dockerfile} builds FROM {stage.image}, the "
            f"{tagged.group(1)} base image: Lambda could not start it",
            f"use the base image's {architecture} tag (or its tag without an architecture, "
            f"which has both), or pass architecture={tagged.group(1)!r}",
        )
    no_cmd = handler.cmd is None or (isinstance(handler.cmd, list | tuple) and not handler.cmd)
    v.check(
        not (no_cmd and not stage.has_cmd and not stage.has_entrypoint)
        or not _LANGUAGE_BASE.match(stage.image),
        f"{prop}.cmd",
        f"is not given and {dockerfile} has no CMD: the AWS Lambda base image "
        f"({stage.image}) has none, so Lambda would not know which function to call",
        "add CMD [\"module.function\"] to the Dockerfile, or pass cmd=['module.function']",
    )
    warn_of_missing_client(v, stage, dockerfile, text, prop)


# A heredoc's opening (`RUN <<EOF`, `COPY <<-"EOF" /app.py`): its body is no instruction.
_HEREDOC = re.compile(r"<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\2")
# A parser directive (`# escape=``), before anything else in the file.
_DIRECTIVE = re.compile(r"^#\s*([A-Za-z]+)\s*=\s*(\S+)\s*$")


def _instructions(text: str) -> list[str]:
    """The Dockerfile's instructions, continuation lines joined, comments dropped, the
    bodies of heredocs skipped; the ``escape`` parser directive followed."""
    lines: list[str] = []
    pending = ""
    escape = "\\"
    directives = True
    heredocs: list[tuple[str, bool]] = []  # (word, tabs stripped) still to skip
    for raw in text.removeprefix("\ufeff").splitlines():
        if heredocs:
            word, dash = heredocs[0]
            if (raw.lstrip("\t") if dash else raw) == word:
                heredocs.pop(0)
            continue
        stripped = raw.strip()
        if directives and (directive := _DIRECTIVE.match(stripped)):
            if directive.group(1).lower() == "escape" and directive.group(2) in ("`", "\\"):
                escape = directive.group(2)
            continue
        directives = False
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):  # a comment inside a continued instruction
            continue
        if stripped.endswith(escape):
            pending += stripped[:-1] + " "
            continue
        line = " ".join((pending + stripped).split())
        lines.append(line)
        pending = ""
        if line.partition(" ")[0].upper() in ("RUN", "COPY", "ADD"):
            heredocs = [(m.group(3), m.group(1) == "-") for m in _HEREDOC.finditer(line)]
    if pending.strip():
        lines.append(" ".join(pending.split()))
    return lines
