"""The rules every ConstructError's problems keep, read where users read them: from the
errors the library raises while the tests run, not only from the literals a scan of the
source can see (tests/test_message_fixes.py). A fix a rule returns inside a tuple
(``return (message, fix)``), looks up in a table or builds at run time escaped the scan:
that is how ScheduledJob's "pick a day ..." fixes went out.

``tests/conftest.py`` records every ConstructError made while a test (or a fixture it
uses) runs, and the test fails at teardown on each problem that breaks a rule. The
warnings the library adds (``Annotations.add_warning_v2`` with a ``constructs_lib:`` id)
are recorded the same way: each says what to do in a ``Fix:`` sentence that starts with
an instruction, as a ConstructError's fix does (``Fix: match fewer values`` went out)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from constructs_lib.errors import ConstructError, Problem

#: The words a fix may start with: each an instruction ("did" only as "did you mean").
VERBS = frozenset(
    [
        "acknowledge",
        "add",
        "attach",
        "build",
        "call",
        "change",
        "convert",
        "correct",
        "create",
        "decode",
        "define",
        "did",
        "drop",
        "encode",
        "encrypt",
        "give",
        "handle",
        "import",
        "keep",
        "leave",
        "link",
        "list",
        "make",
        "merge",
        "move",
        "name",
        "pass",
        "put",
        "raise",
        "remove",
        "rename",
        "request",
        "send",
        "serve",
        "set",
        "shorten",
        "spell",
        "start",
        "take",
        "test",
        "unpack",
        "use",
        "write",
    ]
)

#: Where a problem is: a construct's path (``Test/Worker``; the app's is ``(app)``, a
#: scope that is none ``(no scope)``), or, for a value object or a function called
#: without a construct, its name (``Handler``, ``ApiAuth.jwt``, ``Handler (a
#: TeamHandler)``): never empty, never padded, one line.
_PATH = re.compile(r"\((?:app|no scope)\)|[^\s(/][^\n]*(?<!\s)")

_RECORDED: list[Problem] = []
#: (warning id, text) of each library warning added since the last check.
_WARNINGS: list[tuple[str, str]] = []
#: The id every warning of the library has (README names each).
_WARNING_PREFIX = "constructs_lib:"


def broken_rules(problem: Problem) -> list[str]:
    """What ``problem`` does against the rules of a message: empty when it keeps them."""
    broken = []
    if not _PATH.fullmatch(problem.path):
        broken.append(f"names no construct path (or callable): {problem.path!r}")
    if not problem.prop.strip():
        broken.append("names no prop")
    if problem.fix.split(" ", 1)[0] not in VERBS:
        broken.append(f"has a fix that does not start with what to do: {problem.fix!r}")
    return broken


def broken_warning_rules(text: str) -> list[str]:
    """What a library warning's ``text`` does against the rules of a message: it has a
    ``Fix: `` sentence (the first, if it names several ways), starting with an instruction."""
    _, found, fix = text.partition("Fix: ")
    if not found:
        return ["says no fix (a 'Fix: ' sentence saying what to do)"]
    if fix.split(" ", 1)[0] not in VERBS:
        return [f"has a fix that does not start with what to do: {fix[:80]!r}"]
    return []


def record_construct_errors() -> None:
    """From now on, every ConstructError made in this process is recorded (once)."""
    if getattr(ConstructError.__init__, "_records", False):
        return
    original = ConstructError.__init__

    @functools.wraps(original)
    def init(self: ConstructError, problems: Iterable[Problem]) -> None:
        original(self, problems)
        _RECORDED.extend(self.problems)

    setattr(init, "_records", True)  # noqa: B010 (a mark on the function: no attribute of its type)
    setattr(ConstructError, "__init__", init)  # noqa: B010 (replacing a method: mypy refuses `=`)


def recorded_breaks() -> list[str]:
    """Each rule a problem recorded since the last call breaks (the record is emptied)."""
    found = [f"{problem}\n    {rule}" for problem in _RECORDED for rule in broken_rules(problem)]
    _RECORDED.clear()
    return sorted(set(found))


def record_warnings() -> None:
    """From now on, every warning the library adds in this process is recorded (once)."""
    from aws_cdk import Annotations

    if getattr(Annotations.add_warning_v2, "_records", False):
        return
    original = Annotations.add_warning_v2

    @functools.wraps(original)
    def add_warning_v2(self: Annotations, id: str, message: str) -> None:
        if isinstance(id, str) and id.startswith(_WARNING_PREFIX):
            _WARNINGS.append((id, str(message)))
        original(self, id, message)

    setattr(add_warning_v2, "_records", True)  # noqa: B010 (as record_construct_errors)
    setattr(Annotations, "add_warning_v2", add_warning_v2)  # noqa: B010 (as above)


def recorded_warning_breaks() -> list[str]:
    """Each rule a library warning recorded since the last call breaks (emptied)."""
    found = [
        f"[{id}] {text}\n    {rule}"
        for id, text in _WARNINGS
        for rule in broken_warning_rules(text)
    ]
    _WARNINGS.clear()
    return sorted(set(found))
