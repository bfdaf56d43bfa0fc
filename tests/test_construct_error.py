"""``ConstructError`` raised by a user's own construct, the ways Python's errors are raised:
with a message as written, or one Problem alone (README: Your own constructs on the
library)."""

from __future__ import annotations

import pytest

from constructs_lib import ConstructError
from constructs_lib.errors import Problem

_TEAM = Problem("Orders/Api", "team", "is ''", "pass the owning team's name")


def test_a_message_is_kept_as_written() -> None:
    # a string is an iterable: read as problems it listed each character ("3 invalid props")
    error = ConstructError("team is required")

    assert str(error) == "team is required"
    assert error.problems == ()
    assert isinstance(error, ValueError)


def test_one_problem_alone_is_one_problem() -> None:
    error = ConstructError(_TEAM)

    assert error.problems == (_TEAM,)
    assert str(error) == (
        "1 invalid prop:\n  - Orders/Api: `team` is ''. Fix: pass the owning team's name"
    )


def test_problems_are_listed_together() -> None:
    other = Problem("Orders/Api", "cost_center", "is 5, an int", "pass a string")

    error = ConstructError([_TEAM, other])

    assert error.problems == (_TEAM, other)
    assert str(error).startswith("2 invalid props:\n  - Orders/Api: `team`")


def test_it_is_raised_and_caught_as_the_librarys() -> None:
    with pytest.raises(ConstructError, match=r"^team is required$"):
        raise ConstructError("team is required")
