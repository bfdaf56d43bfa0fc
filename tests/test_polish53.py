"""Small defects the session's helpers found: how a prop of another type is named (None,
a class, a function, bytes), ..."""

from __future__ import annotations

import enum
from typing import Any

import pytest

from constructs_lib import QueueWorker
from tests.support import echo_handler, new_stack, raised

# --- 1. a prop of another type: what it is, in words a reader uses ----------------------


class Settings:
    """A user's class with Python's default repr (an address nobody wrote)."""


class Mode(enum.Enum):
    FAST = "fast"


def make_batch() -> int:
    return 10


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (None, "is None; it must be a whole number"),
        ({"n": 1}, "is {'n': 1}, a dict; it must be a whole number"),
        ((10,), "is (10,), a tuple; it must be a whole number"),
        ([10], "is [10], a list; it must be a whole number"),
        (Settings(), "is a Settings; it must be a whole number"),
        (Settings, "is the class Settings; it must be a whole number"),
        (Mode.FAST, "is Mode.FAST, a Mode; it must be a whole number"),
        (make_batch, "is the function make_batch; it must be a whole number"),
        (b"10", "is b'10', a bytes object; it must be a whole number"),
        (3j, "is 3j, a complex number; it must be a whole number"),
    ],
    ids=[
        "None",
        "dict",
        "tuple",
        "list",
        "instance",
        "class",
        "enum",
        "function",
        "bytes",
        "complex",
    ],
)
def test_a_prop_of_another_type_is_named_as_a_reader_names_it(given: Any, message: str) -> None:
    # Proves (polish53): None was "None, a NoneType", a class "<class 'tests...Settings'>,
    # a type" (the ConstructError then read "the class Settings, a type"), a function
    # "the function make_batch, a function", bytes "a bytes", a user's object "a Settings,
    # a Settings"
    error = raised(lambda: QueueWorker(new_stack(), "W", handler=echo_handler(), batch_size=given))
    assert [(p.prop, p.message) for p in error.problems] == [("batch_size", message)]
