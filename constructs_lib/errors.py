"""Errors raised by constructs_lib."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from constructs_lib._token_text import unnamed
from constructs_lib._words import DEFAULT_REPR, counted

__all__ = ["BundlingError", "ConstructError", "ConstructsLibError", "Problem"]


class ConstructsLibError(Exception):
    """Base class of every error constructs_lib raises: ``except ConstructsLibError``."""


@dataclass(frozen=True)
class Problem:
    """One invalid prop: where, which prop, what is allowed and how to fix it."""

    path: str
    prop: str
    message: str
    fix: str

    def __post_init__(self) -> None:
        # the safety net: a deploy-time value's encoding, where no construct named it
        # (Validator.add names it resolved in its stack), is "a deploy-time value"
        for name in ("prop", "message", "fix"):
            text = getattr(self, name)
            if isinstance(text, str):
                object.__setattr__(self, name, unnamed(text))

    def __str__(self) -> str:
        return _without_addresses(f"{self.path}: `{self.prop}` {self.message}. Fix: {self.fix}")


# Python's default repr (DEFAULT_REPR): the rules name values by kind and path; replacing
# it in every message is the safety net.


#: A class, a function or a generator where a value was meant (``Duration`` for
#: ``Duration.seconds(10)``, ``lambda: ...``): named as written, without the address.
_CODE_REPR = re.compile(
    r"<class '(?:\w+\.)*(?P<cls>\w+)'>"
    r"|<function (?:[\w.<>]+\.)?(?P<function>[\w<>]+) at 0x[0-9a-fA-F]+>"
    r"|<generator object (?:[\w.<>]+\.)?(?P<generator>[\w<>]+) at 0x[0-9a-fA-F]+>"
)


def _without_addresses(text: str) -> str:
    """``text`` with each default repr replaced by its class (``a Bucket``, ``an Alias``),
    and a class, function or generator by its name (``the class Duration``)."""

    def kind(match: re.Match[str]) -> str:
        name = match.group(1)
        return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"

    def code(match: re.Match[str]) -> str:
        if match["cls"]:
            return f"the class {match['cls']}"
        if match["generator"]:
            return "a generator"
        function = match["function"]
        return "a lambda" if function == "<lambda>" else f"the function {function}"

    return _CODE_REPR.sub(code, DEFAULT_REPR.sub(kind, text))


class ConstructError(ConstructsLibError, ValueError):
    """Invalid construct props; lists every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem] | Problem | str) -> None:
        """``problems``: the :class:`Problem` objects found (one alone is taken too). A
        string, as ``ValueError("...")`` takes one, is the message as written, with no
        problems: read as an iterable, it listed each of its characters as a problem."""
        if isinstance(problems, str):
            self.problems: tuple[Problem, ...] = ()
            Exception.__init__(self, problems)
            return
        self.problems = (problems,) if isinstance(problems, Problem) else tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{counted(count, 'invalid prop')}:\n{lines}")


class BundlingError(ConstructError, RuntimeError):
    """A function's code could not be bundled for Lambda (its files, its requirements, pip).

    A :class:`ConstructError` (``except ConstructError`` catches every bad input, bundling's
    too), whose problems name the function and its ``code`` prop. Bundling raises it with
    one text per problem, each ending in ``Fix: ...``; the function that bundles re-raises
    it with :meth:`for_function`, which names itself.
    """

    def __init__(self, *details: str | Problem, prop: str = "code") -> None:
        #: the prop the problems are of, for :meth:`for_function`
        self.prop = prop
        #: the problems' texts as bundling wrote them
        self.details: tuple[str, ...] = tuple(str(d) for d in details)
        if all(isinstance(d, Problem) for d in details):
            super().__init__(d for d in details if isinstance(d, Problem))
        else:  # before the function names itself: the texts alone
            self.problems: tuple[Problem, ...] = ()
            Exception.__init__(self, "\n".join(self.details))

    @classmethod
    def for_function(cls, path: str, error: BundlingError) -> BundlingError:
        """``error`` as problems of the function at ``path``."""
        return cls(*(_bundling_problem(path, error.prop, d) for d in error.details))


def _bundling_problem(path: str, prop: str, detail: str) -> Problem:
    """One bundling text as a :class:`Problem`: what is before its last ``Fix:`` and after."""
    message, found, fix = detail.rpartition("Fix:")
    if not found:  # every text says its fix; this keeps one that does not readable
        message, fix = detail, f"correct `{prop}` as the message says"
    message = message.strip().rstrip(".")
    if prop == "code":  # the text names a file of the code; else it reads after the prop
        message = f"cannot be bundled for Lambda: {message}"
    return Problem(path, prop, message, fix.strip().rstrip("."))
