"""The helpers' log lines: a short message, and the fields that find the record as the
log record's ``extra``.

The library's functions log in Lambda's JSON format, whose formatter writes each ``extra``
field at the top level of the line, beside ``errorType``, ``errorMessage`` and
``stackTrace``: a Logs Insights query filters on it (``filter messageId = "..."``). A JSON
text as the message, as these lines were, is one string field there that no query can
take apart. Lambda's text format writes the message alone, so the message names the
fields too.
"""

from __future__ import annotations

import json
import logging
import reprlib

__all__ = ["log"]


def log(
    logger: logging.Logger, level: int, message: str, *, exc_info: bool = False, **fields: object
) -> None:
    """Logs ``message (name value, ...)`` at ``level`` with ``fields`` (those not None) as
    ``extra``; with ``exc_info``, the exception being handled too."""
    shown = {name: _json_value(value) for name, value in fields.items() if value is not None}
    named = ", ".join(f"{name} {_text(value)}" for name, value in shown.items())
    text = f"{message} ({named})" if named else message
    # "%s": a value holding "%" is not a format for logging to expand; stacklevel 2: the
    # line's location (Lambda's JSON "location", Powertools') is the helper's call, not this
    logger.log(level, "%s", text, exc_info=exc_info, extra=shown, stacklevel=2)


def _json_value(value: object) -> object:
    """``value`` if JSON can hold it, else its short repr: the JSON formatter would fail on
    it, and a formatter's error loses the whole line."""
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return reprlib.repr(value)
    return value


def _text(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
