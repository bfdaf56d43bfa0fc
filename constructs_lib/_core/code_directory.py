"""The fix for a Handler's ``code`` that names no directory. A relative path is read from
the directory ``cdk synth`` runs in (the app's); one written from elsewhere (from the
stack's module, ``../handlers/todos``) often names, less its first parts, the directory
meant: the fix then names that one, which the user can check at a glance."""

from __future__ import annotations

from pathlib import Path

__all__ = ["missing_code_fix"]

_ANYWHERE = (
    "a path built from the module that defines the stack finds it from any directory cdk "
    "synth, pytest or a pipeline's synth step runs in: Path(__file__).parent / 'handlers' "
    "/ 'items'"
)


def missing_code_fix(code: Path) -> str:
    """The fix for ``code``, which is no directory."""
    near = _from_here(code)
    if near is None:
        return f"pass the directory holding the handler module; {_ANYWHERE}"
    return (
        f"pass {near.as_posix()!r}, the directory of that name from here (the path reads as "
        f"if written from another directory); or, {_ANYWHERE}"
    )


def _from_here(code: Path) -> Path | None:
    """The longest tail of relative ``code`` (less its first parts) that is a directory
    from here, if any: ``handlers/todos`` for ``../handlers/todos``."""
    if code.is_absolute():
        return None
    parts = code.parts
    for start in range(1, len(parts)):
        tail = Path(*parts[start:])
        if parts[start] not in ("..", ".") and tail.is_dir():
            return tail
    return None
