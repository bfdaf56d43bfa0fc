"""Handler: a module is checked against the function's Python (``runtime``), not the one
running the synth: the same handler gives the same answer on 3.11, 3.12 and 3.13 (wheel
trial on 3.12 and 3.13)."""

from __future__ import annotations

import warnings
from pathlib import Path

import aws_cdk as cdk
import pytest

from constructs_lib import ConstructError, Handler, QueueWorker
from constructs_lib._core.runtime_python import newer_syntax, stdlib_module_names
from tests.support import new_stack


def _worker(code: Path, entry: str, runtime: str = "3.14") -> QueueWorker:
    return QueueWorker(new_stack(), "W", handler=Handler(code=code, entry=entry, runtime=runtime))


def _handler_of(worker: QueueWorker) -> str:
    """The handler setting (``module.function``) Lambda calls, resolved without a synth."""
    handler: str = cdk.Stack.of(worker).resolve(worker.function.node.default_child.handler)
    return handler


@pytest.mark.parametrize(
    "module",
    # PEP 594's modules, gone in 3.13; asyncore, imp and distutils, gone in 3.12
    ["pipes", "cgi", "imghdr", "telnetlib", "asyncore", "imp", "distutils"],
)
def test_a_module_named_like_one_the_functions_python_no_longer_has_is_accepted(
    tmp_path: Path, module: str
) -> None:
    # Proves (wheel trial): entry="pipes.handler" for a 3.14 function was refused on 3.11
    # and 3.12 ("a module of Python's standard library") and accepted on 3.13
    (tmp_path / f"{module}.py").write_text("def handler(event, context):\n    return {}\n")
    assert _handler_of(_worker(tmp_path, f"{module}.handler")) == f"{module}.handler"


@pytest.mark.parametrize(("module", "runtime"), [("pipes", "3.12"), ("annotationlib", "3.14")])
def test_a_module_named_like_one_of_the_functions_python_is_refused(
    tmp_path: Path, module: str, runtime: str
) -> None:
    # annotationlib is new in 3.14: refused for a 3.14 function on every Python
    (tmp_path / f"{module}.py").write_text("def handler(event, context):\n    return {}\n")
    with pytest.raises(ConstructError, match=rf"'{module}' is a module of Python's standard"):
        _worker(tmp_path, f"{module}.handler", runtime)


def test_the_standard_librarys_names_follow_the_runtime() -> None:
    assert "pipes" in stdlib_module_names("3.12")
    assert "pipes" not in stdlib_module_names("3.13")
    assert "annotationlib" in stdlib_module_names("3.14")
    assert "annotationlib" not in stdlib_module_names("3.13")
    assert "json" in stdlib_module_names("3.14")


NEWER_SYNTAX = {
    "a type statement (3.12)": "type Item = dict[str, str]\n",
    "a generic function (3.12)": "def first[T](items: list[T]) -> T:\n    return items[0]\n",
    "an f-string reusing its quotes (3.12)": 'GREETING = f"{ {"a": "b"}["a"]}"\n',
    "except without parentheses (3.14)": (
        "try:\n    import ujson\nexcept ImportError, OSError:\n    ujson = None\n"
    ),
}


@pytest.mark.parametrize("code", NEWER_SYNTAX.values(), ids=NEWER_SYNTAX.keys())
def test_syntax_of_the_functions_python_is_no_syntax_error(tmp_path: Path, code: str) -> None:
    # Proves (wheel trial): a 3.14 function with a type statement was "a syntax error at
    # line 1" on 3.11, and accepted on 3.12 and 3.13
    (tmp_path / "app.py").write_text(code + "\n\ndef handler(event, context):\n    return {}\n")
    assert _handler_of(_worker(tmp_path, "app.handler")) == "app.handler"


def test_a_misspelt_function_in_a_module_of_newer_syntax_is_refused(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        "type Item = dict[str, str]\n\n\ndef handler(event, context):\n    return {}\n"
    )
    with pytest.raises(
        ConstructError, match=r"names function 'handle', which .*app.py does not define"
    ):
        _worker(tmp_path, "app.handle")


def test_a_syntax_error_is_still_one_where_the_runtime_is_newer(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("def handler(event, context:\n    return {}\n")
    with pytest.raises(ConstructError, match=r"names module 'app', which has a syntax error"):
        _worker(tmp_path, "app.handler", "3.14")


def test_newer_syntax_counts_only_past_this_python() -> None:
    assert newer_syntax("except ValueError, TypeError:", "3.14")
    assert not newer_syntax("except ValueError, TypeError:", "3.13")
    assert not newer_syntax("def handler(event, context:", "3.14")


def test_the_compilers_warnings_are_neither_printed_nor_a_syntax_error(tmp_path: Path) -> None:
    # Proves (wheel trial): an invalid escape ("\d") printed "<unknown>:2: SyntaxWarning"
    # at synth on 3.12 and 3.13 (no file named), and where warnings are errors (pytest's
    # -W error) it was "a syntax error at line 2" on every Python
    (tmp_path / "app.py").write_text(
        'import re\nPATTERN = re.compile("\\d+")\n\n\ndef handler(event, context):\n    return {}\n'
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        worker = _worker(tmp_path, "app.handler")
    assert _handler_of(worker) == "app.handler"
