"""The fix for a string given where a Handler goes: other tools name a function's code by
one string (SST's ``handler="src/orders.handler"``, SAM's ``Handler: app.handler``, the
Serverless Framework's ``handler: handler.hello``), and "pass a Handler" left the user to
find how the library splits it. The fix is the Handler that string means: the directory
as ``code``, the ``module.function`` as ``entry``."""

from __future__ import annotations

import re

__all__ = ["handler_string_fix"]

#: ``module.function`` (a dotted module allowed), as Handler's ``entry`` takes it.
_ENTRY = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")


def handler_string_fix(value: str) -> str:
    """The fix for ``value`` given as a Handler: ``"src/x.handler"`` ->
    ``pass Handler(code="src", entry="x.handler")``."""
    directory, _, last = value.strip().rstrip("/").replace("\\", "/").rpartition("/")
    if _ENTRY.fullmatch(last):
        module = last.rpartition(".")[0].replace(".", "/")
        code = repr(directory) if directory else f"'<the directory holding {module}.py>'"
        return (
            f"pass Handler(code={code}, entry={last!r}): a Handler names the code's "
            "directory (code) and the module.function inside it (entry)"
        )
    if last:  # no module.function: a directory of code (SAM's CodeUri, a path)
        code = f"{directory}/{last}" if directory else last
        return (
            f"pass Handler(code={code!r}, entry='<module>.<function>') (entry's default: "
            "'app.handler'): a Handler names the code's directory and the function in it"
        )
    return "pass a constructs_lib.Handler(code=..., entry=...)"
