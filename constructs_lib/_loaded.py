"""aws-cdk-lib modules looked up only when already imported.

An ``isinstance`` check against a class of a module the library does not otherwise need
(``kms.Key`` for an alarm topic's key, ``cognito.CfnUserPool`` behind an issuer URL) can
only be true when the user imported that module to build such an object: importing it
for the check would load it (and its dependencies) for every user of the construct.
"""

from __future__ import annotations

import functools
import importlib
import sys
from types import ModuleType
from typing import Any

__all__ = ["LazyModule", "loaded_module", "resolve_annotation"]


def loaded_module(name: str) -> ModuleType | None:
    """``aws_cdk.<name>`` (``"aws_kms"``) if some code imported it already, else None:
    then no object of its classes exists in this process."""
    return sys.modules.get(f"aws_cdk.{name}")


class LazyModule:
    """``aws_cdk.<name>`` for the annotations of a module that imports it only for type
    checkers: bound at run time to the alias (``sns``), it imports the module when an
    attribute is read, so ``typing.get_type_hints`` (users' tools: pydantic, cattrs,
    sphinx) resolves ``alarm_topic: sns.ITopic | None`` instead of raising NameError, and
    importing the construct still loads nothing. The props checker skips it (``_hints``)."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):  # copy, pickle, inspect probing: no import
            raise AttributeError(attribute)
        return getattr(importlib.import_module(f"aws_cdk.{self._name}"), attribute)

    def __repr__(self) -> str:
        return f"<aws_cdk.{self._name}, imported on first use>"


#: The library's aliases of the aws-cdk-lib modules its props annotations name only for
#: type checkers (``alarm_topic: sns.ITopic | None``): ``_prop_types`` imports one when a
#: prop annotated with it is given, to check the value against it.
_ANNOTATION_MODULES = {
    "acm": "aws_certificatemanager",
    "route53": "aws_route53",
    "sns": "aws_sns",
}


class _Modules(dict[str, ModuleType]):
    """Local names for ``eval``: an alias above is imported on first use."""

    def __missing__(self, name: str) -> ModuleType:
        module = _ANNOTATION_MODULES.get(name)
        if module is None:
            raise KeyError(name)  # eval goes on to the module's globals, then NameError
        return importlib.import_module(f"aws_cdk.{module}")


@functools.cache
def resolve_annotation(annotation: str, module: str) -> Any:
    """The type ``annotation`` (a props field's, from ``from __future__ import
    annotations``) names in ``module``, importing the aws-cdk-lib modules it names only
    under TYPE_CHECKING. Raises NameError on any other unknown name."""
    names = {k: v for k, v in vars(sys.modules[module]).items() if not isinstance(v, LazyModule)}
    return eval(annotation, names, _Modules())
