"""The public value objects (Handler, CorsPolicy, ...) compare and hash by content, and
users' subclasses of them do too, however they are declared."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
import pydoc
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from aws_cdk import Duration, Token

import constructs_lib
from constructs_lib import CorsPolicy, Deployment, Handler


@dataclass(frozen=True, unsafe_hash=True)
class _UnsafeHash(Handler):
    team: str = "core"


@dataclass(frozen=True)
class _Frozen(Handler):
    tags: list[str] = field(default_factory=list)
    owners: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class _NoEq(Handler):
    tag: str = ""


@dataclass(frozen=True, slots=True)
class _Slots(Handler):
    extra: list[str] = field(default_factory=list)


class _Plain(Handler):
    pass


@dataclass(frozen=True)
class _OverPlain(_Plain):
    team: str = "core"


# module-level (as users write them): pickle finds them by name
_SUBCLASSES: dict[str, Any] = {
    "unsafe_hash=True": _UnsafeHash,
    "frozen=True, list/dict fields": _Frozen,
    "eq=False": _NoEq,
    "slots=True (a copy of the class)": _Slots,
    "plain subclass": _Plain,
    "dataclass over a plain subclass": _OverPlain,
}


@pytest.mark.parametrize("name", list(_SUBCLASSES))
def test_a_users_handler_subclass_compares_and_hashes_by_content(name: str) -> None:
    # Proves (fix37): `@dataclass(frozen=True, unsafe_hash=True) class MyHandler(Handler)`
    # raised "TypeError: Cannot overwrite attribute __hash__" where the class was defined
    # (the library wrote a __hash__ into the subclass before the decorator ran)
    cls = _SUBCLASSES[name]
    # GIVEN two equal objects of the subclass, each with its own Duration and dict
    first = cls(code="src", timeout=Duration.seconds(3), environment={"MODE": "a"})
    same = cls(code="src", timeout=Duration.seconds(3), environment={"MODE": "a"})
    other = cls(code="src", timeout=Duration.seconds(4), environment={"MODE": "a"})
    # THEN they are equal, hash alike, and a set or a dict holds one of them
    assert first == same and hash(first) == hash(same)
    assert len({first, same}) == 1 and {first: "x"}[same] == "x"
    assert first != other and len({first, other}) == 2
    # and copies are equal too
    assert copy.deepcopy(first) == first and pickle.loads(pickle.dumps(first)) == first


def test_a_subclass_compares_its_own_fields_unless_eq_is_false() -> None:
    # GIVEN subclass objects differing only in a field of the subclass
    # THEN a compared field tells them apart; with eq=False the base's fields are compared
    assert _UnsafeHash(code="src", team="a") != _UnsafeHash(code="src", team="b")
    assert _Frozen(code="src", tags=["a"]) != _Frozen(code="src", tags=["b"])
    assert _Frozen(code="src", tags=["a"]) == _Frozen(code="src", tags=["a"])
    assert _NoEq(code="src", tag="a") == _NoEq(code="src", tag="b")
    # and objects of different classes differ, as dataclass's own __eq__ has it
    assert _Plain(code="src") != Handler(code="src")


def test_a_subclass_keeps_the_eq_and_hash_its_body_defines() -> None:
    # GIVEN subclasses defining __hash__ and __eq__ themselves, with and without @dataclass
    @dataclass(frozen=True)
    class OwnHash(Handler):
        def __hash__(self) -> int:
            return 7

    class OwnBoth(Handler):
        def __eq__(self, other: object) -> bool:
            return isinstance(other, OwnBoth)

        def __hash__(self) -> int:
            return 8

    @dataclass(frozen=True)
    class OwnEq(Handler):
        def __eq__(self, other: object) -> bool:
            return isinstance(other, OwnEq)

    # THEN theirs are called
    assert hash(OwnHash(code="a")) == 7 and hash(OwnBoth(code="a")) == 8
    assert OwnBoth(code="a") == OwnBoth(code="b") and OwnEq(code="a") == OwnEq(code="b")


def test_a_mixins_new_after_the_library_class_still_runs() -> None:
    # Proves (sweep37): the library's __new__ made the object itself, so a user's mixin
    # listed after Handler (class MyHandler(Handler, Registered)) never had its __new__
    # called, which plain dataclasses do call
    made: list[tuple[str, dict[str, object]]] = []

    class Registered:
        def __new__(cls, *args: object, **kwargs: object) -> Registered:
            made.append((cls.__name__, kwargs))
            return super().__new__(cls)

    @dataclass(frozen=True)
    class MyHandler(Handler, Registered):
        pass

    # WHEN two are made, and compared
    assert MyHandler(code="a") == MyHandler(code="a")
    # THEN the mixin's __new__ saw each, with its arguments
    assert made == [("MyHandler", {"code": "a"}), ("MyHandler", {"code": "a"})]
    # AND they still compare by content
    assert MyHandler(code="a") != MyHandler(code="b")


def test_a_cors_policy_equals_an_equal_one() -> None:
    # Proves (fix37): CorsPolicy(...) != CorsPolicy(...): its max_age default is a new
    # Duration each time, and aws-cdk-lib's Durations equal only themselves
    # GIVEN policies built apart
    policy = CorsPolicy(allow_origins=["https://a.example.com"])
    same = CorsPolicy(allow_origins=("https://a.example.com",))
    # THEN they are equal and hash alike
    assert policy == same and hash(policy) == hash(same) and len({policy, same}) == 1


@pytest.mark.parametrize(
    ("first", "second", "equal"),
    [
        (Duration.minutes(5), Duration.minutes(5), True),
        (Duration.minutes(5), Duration.minutes(6), False),
        # the same length in another unit is written differently into the template
        (Duration.minutes(1), Duration.seconds(60), False),
        (Duration.seconds(0.5), Duration.seconds(0.5), True),
    ],
)
def test_a_duration_is_compared_by_its_amount_and_unit(
    first: Duration, second: Duration, equal: bool
) -> None:
    # GIVEN value objects holding Durations built apart
    a = CorsPolicy(allow_origins=["https://a.example.com"], max_age=first)
    b = CorsPolicy(allow_origins=["https://a.example.com"], max_age=second)
    pre = Deployment.canary(percent=10, minutes=5, pre_traffic=Handler(code="h", timeout=first))
    pre_b = Deployment.canary(percent=10, minutes=5, pre_traffic=Handler(code="h", timeout=second))
    # THEN they are equal exactly when the Durations say the same
    assert (a == b) is equal and (pre == pre_b) is equal
    if equal:
        assert hash(a) == hash(b) and hash(pre) == hash(pre_b)


def test_a_deploy_time_duration_equals_one_of_the_same_value() -> None:
    # GIVEN Durations of the same deploy-time value, and of another
    seconds = Token.as_number({"Ref": "Timeout"})
    first = Handler(code="src", timeout=Duration.seconds(seconds))
    same = Handler(code="src", timeout=Duration.seconds(seconds))
    other = Handler(code="src", timeout=Duration.seconds(Token.as_number({"Ref": "Other"})))
    # THEN only the same value is equal
    assert first == same and hash(first) == hash(same) and first != other


def test_every_public_value_object_compares_by_content() -> None:
    # GIVEN every public frozen dataclass a user passes as a prop (a ConstructError's
    # Problem, strings only, is none)
    classes = [
        value
        for name in constructs_lib.__all__
        if isinstance(value := getattr(constructs_lib, name), type)
        and dataclasses.is_dataclass(value)
        and value.__dataclass_params__.frozen  # type: ignore[attr-defined]
        and value is not constructs_lib.Problem
    ]
    # THEN each compares and hashes by content (a Duration default or field included)
    assert classes
    for cls in classes:
        assert cls.__eq__.__module__ == "constructs_lib._value_content", cls
        assert cls.__hash__.__module__ == "constructs_lib._value_content", cls


def _value_objects() -> list[type]:
    return [
        value
        for name in constructs_lib.__all__
        if isinstance(value := getattr(constructs_lib, name), type)
        and dataclasses.is_dataclass(value)
        and value is not constructs_lib.Problem
    ]


def _help_header(cls: type) -> str:
    """help(cls)'s signature line, spaces left out: Python 3.13's pydoc breaks a long one
    over several lines (and ends a blank line of the text without the spaces 3.11 keeps)."""
    text = pydoc.render_doc(cls, renderer=pydoc.plaintext).split("\n |  ", 1)[1]
    return _no_spaces(re.split(r"\n \|\s*\n", text, maxsplit=1)[0].replace("\n |", ""))


def _no_spaces(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("cls", [*_value_objects(), _Frozen], ids=lambda c: c.__name__)
def test_a_value_object_s_signature_names_its_props(cls: type) -> None:
    # Proves (sweep37b): inspect.signature(Handler), and so help(Handler)'s first line and
    # a notebook's hints, was (*args, **kwargs): Python reads a class's __new__ first, and
    # the content comparison's takes anything
    signature = inspect.signature(cls)
    # THEN it is the props, as the dataclass's __init__ takes them (a subclass's own too)
    assert [*signature.parameters] == [f.name for f in dataclasses.fields(cls) if f.init]
    assert str(signature).startswith("(") and "*args" not in str(signature)
    assert _help_header(cls) == _no_spaces(f"{cls.__name__}{signature}")
