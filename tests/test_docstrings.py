"""The public API's docstrings, as IDE hovers and help() show them: every public name of
``constructs_lib`` and ``constructs_lib_runtime`` (each public module's ``__all__``) has
one, and every optional parameter of the library's constructs, value objects, factories
and functions says its default. (tests/test_readme_props.py checks the constructs'
``:param:`` lists, attributes and the README against them.)"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

import constructs_lib
import constructs_lib_runtime

_PARAM = re.compile(r":param (\w+):(.*?)(?=\n\s*:|\Z)", re.S)


def _public_modules(package: ModuleType) -> Iterator[ModuleType]:
    """The package and its modules whose names do not start with ``_``."""
    yield package
    for info in pkgutil.iter_modules(package.__path__):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"{package.__name__}.{info.name}")


def _public_names() -> dict[str, Any]:
    """Each public class and function by the first module that exports it (aliases and
    constants carry no docstring of their own: their ``#:`` comments document them)."""
    found: dict[int, tuple[str, Any]] = {}
    for package in (constructs_lib, constructs_lib_runtime):
        for module in _public_modules(package):
            for name in getattr(module, "__all__", ()):
                value = getattr(module, name)
                if isinstance(value, type) or inspect.isfunction(value):
                    found.setdefault(id(value), (f"{module.__name__}.{name}", value))
    return dict(found.values())


PUBLIC = _public_names()


def _own_doc(value: Any) -> str:
    """The docstring written for ``value`` itself (a class's own, not its base's)."""
    doc = vars(value).get("__doc__") if isinstance(value, type) else value.__doc__
    return (doc or "").strip()


def test_every_public_module_of_both_packages_is_seen() -> None:
    # GIVEN the enumeration the other tests use THEN it reaches both packages' modules
    assert "constructs_lib.QueueWorker" in PUBLIC
    assert "constructs_lib_runtime.sqs_batch.process_batch" in PUBLIC
    assert "constructs_lib.deployment.DeploymentKind" in PUBLIC


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_every_public_name_has_a_docstring(name: str) -> None:
    # Proves (docs49): DeploymentKind (Deployment.kind's type) and runtime_copy.main had
    # none: help() showed StrEnum's text, a hover nothing
    assert _own_doc(PUBLIC[name]), name


def _public_methods() -> Iterator[tuple[str, Any]]:
    """The public methods, class/static methods and properties the library's public
    classes define themselves."""
    for name, value in sorted(PUBLIC.items()):
        if not isinstance(value, type) or issubclass(value, BaseException):
            continue
        for attribute, member in vars(value).items():
            if attribute.startswith("_"):
                continue
            if isinstance(member, classmethod | staticmethod):
                yield f"{name}.{attribute}", member.__func__
            elif inspect.isfunction(member) or isinstance(member, property):
                yield f"{name}.{attribute}", member


METHODS = dict(_public_methods())


@pytest.mark.parametrize("name", sorted(METHODS))
def test_every_public_method_has_a_docstring(name: str) -> None:
    assert (inspect.getdoc(METHODS[name]) or "").strip(), name


#: Public classes whose constructors' parameters are documented elsewhere: the validated
#: props of each construct (their docstrings point to the construct's, which documents
#: each prop with its default), the settings FunctionDefaults stores (None: not set
#: there), and the value objects built by their factories (checked as methods) only.
_FIELDS_DOCUMENTED_ELSEWHERE = re.compile(
    r"Props$|^constructs_lib\.function_defaults\.|^constructs_lib\.(ApiAuth|Deployment)$"
)


def _library_callables() -> Iterator[tuple[str, Any, str]]:
    """What a user of ``constructs_lib`` calls with optional parameters: its functions, its
    classes' constructors (documented on the class), factories and public methods, each
    with the docstring that documents it."""
    for name, value in sorted(PUBLIC.items()):
        if not name.startswith("constructs_lib."):
            continue
        if not isinstance(value, type):
            yield name, value, inspect.getdoc(value) or ""
            continue
        if issubclass(value, BaseException):
            continue
        if not _FIELDS_DOCUMENTED_ELSEWHERE.search(name):
            yield name, value.__init__, inspect.getdoc(value) or ""
        for method_name, method in METHODS.items():
            if method_name.startswith(f"{name}.") and not isinstance(method, property):
                bound = getattr(value, method_name.rsplit(".", 1)[1])
                yield method_name, bound, inspect.getdoc(bound) or ""


def _undocumented_defaults(function: Any, doc: str) -> list[str]:
    """The optional parameters of ``function`` whose ``:param:`` has no "Default"."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return []
    documented = {m[1]: m[2] for m in _PARAM.finditer(doc)}
    return [
        p.name
        for p in parameters
        if p.default is not p.empty
        and p.name not in ("self", "cls")
        and "Default" not in documented.get(p.name, "")
    ]


LIBRARY_CALLABLES = {name: (function, doc) for name, function, doc in _library_callables()}


@pytest.mark.parametrize("name", sorted(LIBRARY_CALLABLES))
def test_every_optional_parameter_says_its_default(name: str) -> None:
    # Proves (docs49): tests/test_readme_props.py left out ApiAuth's and Deployment's
    # factories and the public modules' functions (constructs_lib.testing, static_site's
    # security_headers helpers, runtime_copy.main)
    assert _undocumented_defaults(*LIBRARY_CALLABLES[name]) == [], name


def test_the_factories_are_checked_too() -> None:
    # GIVEN the factories users build ApiAuth and Deployment with THEN they are covered
    assert {"constructs_lib.ApiAuth.function", "constructs_lib.Deployment.canary"} <= set(
        LIBRARY_CALLABLES
    )

    # AND the check finds an optional parameter without a default
    def undocumented(*, size: int = 1, name: str = "a") -> None:
        """:param size: how big. Default: 1.
        :param name: what it is called."""

    assert _undocumented_defaults(undocumented, inspect.getdoc(undocumented) or "") == ["name"]
