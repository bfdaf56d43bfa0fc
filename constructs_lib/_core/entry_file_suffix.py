"""The fix for an ``entry`` naming its module by its file (``"orders.py.handler"``, from
SAM's ``Handler:`` or a path typed with its suffix): Python reads ``orders.py`` as a module
``py`` in a package ``orders``, which does not exist. Pure logic, no aws_cdk import."""

from __future__ import annotations

from pathlib import Path

__all__ = ["file_suffix_fix"]


def file_suffix_fix(code: Path, module: str, function: str) -> str | None:
    """``pass entry='orders.handler'`` when ``module`` is ``orders.py`` and ``code`` holds
    ``orders.py``; else None."""
    stem, dot, suffix = module.rpartition(".")
    if (
        not dot
        or suffix != "py"
        or not code.joinpath(*stem.split(".")).with_suffix(".py").is_file()
    ):
        return None
    return (
        f"pass entry='{stem}.{function}': entry names the module without its .py "
        f"({stem}.py is the module {stem})"
    )
