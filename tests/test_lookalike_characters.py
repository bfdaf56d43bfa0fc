"""Letters that look like ASCII ones and are not (a Cyrillic a, U+0430; a fullwidth i,
U+FF49; an accented e), in a route key, a Handler's name or entry: the message names the
character, and the fix is the ASCII text it shows instead of the text without it (the
fix for 'GET /api' with a Cyrillic a was 'GET /pi', another route) (bad inputs, round 39)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from constructs_lib import ApiAuth, Handler, ScheduledJob, ServerlessApi
from constructs_lib._words import as_ascii, lookalike
from tests.support import ECHO, echo_handler, only_problem


@pytest.mark.parametrize(
    ("text", "ascii", "named"),
    [
        ("\u0430pi", "api", "'\u0430' (CYRILLIC SMALL LETTER A, character 1) is not the ASCII 'a'"),
        ("\uff49tems", "items", "(FULLWIDTH LATIN SMALL LETTER I, character 1)"),
        ("caf\u00e9", "cafe", "(LATIN SMALL LETTER E WITH ACUTE, character 4)"),
        ("Orders", "Orders", None),
        ("\u65e5\u672c", "\u65e5\u672c", None),  # no look-alike: kept, never named
    ],
)
def test_a_lookalike_is_named_and_written_in_ascii(
    text: str, ascii: str, named: str | None
) -> None:
    assert as_ascii(text) == ascii
    found = lookalike(text)
    assert found is None if named is None else named in str(found)


def test_a_route_key_s_lookalike_is_named_and_the_fix_keeps_the_letter() -> None:
    # Proves (bad inputs, round 39): the fix was "write 'GET /pi'", another route
    problem = only_problem(
        lambda s: ServerlessApi(
            s, "Api", routes={"GET /\u0430pi/{id}": echo_handler()}, auth=ApiAuth.iam()
        )
    )
    assert "(its '\u0430' (CYRILLIC SMALL LETTER A, character 1) is not the ASCII 'a')" in (
        problem.message
    )
    assert problem.fix.startswith("write 'GET /api/{id}'")


@pytest.mark.parametrize(
    ("props", "prop", "fix"),
    [
        ({"name": "\u041erders"}, "handler.name", "write 'Orders'"),
        ({"entry": "\u0430pp.handler"}, "handler.entry", "pass entry='app.handler'"),
    ],
    ids=["name", "entry"],
)
def test_a_handler_s_lookalike_is_named_with_the_ascii_fix(
    props: dict[str, Any], prop: str, fix: str
) -> None:
    # Proves (bad inputs, round 39): "is '\u041erders'; it must be alphanumeric" showed the
    # reader a name that looks alphanumeric, with no hint why it is not
    problem = only_problem(
        lambda s: ScheduledJob(
            s, "Job", handler=Handler(code=ECHO, **props), schedule="rate(1 hour)"
        )
    )
    assert problem.prop == prop
    assert "is not the ASCII" in problem.message
    assert problem.fix == fix


def test_a_module_file_named_with_an_accent_is_renamed_in_the_fix(tmp_path: Path) -> None:
    # Proves (sweep39b): the fix was "pass entry='cafe.handler'", a module that is not
    # there (the file is caf\u00e9.py); it follows the file's name now
    module = tmp_path / "caf\u00e9.py"
    module.write_text("def handler(event, context):\n    return None\n")
    problem = only_problem(
        lambda s: ScheduledJob(
            s,
            "Job",
            handler=Handler(code=str(tmp_path), entry="caf\u00e9.handler"),
            schedule="rate(1 hour)",
        )
    )
    assert problem.prop == "handler.entry"
    assert problem.fix.startswith(f"rename {module} to cafe.py and ")
    assert "pass entry='cafe.handler'" in problem.fix
