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


@functools.cache
def resolve_annotation(annotation: str, module: str) -> Any:
    """The type ``annotation`` (a props field's, from ``from __future__ import
    annotations``) names in ``module``: an alias bound to a :class:`LazyModule` imports its
    aws-cdk-lib module as the annotation reads it. Raises NameError on an unknown name."""
    return eval(annotation, vars(sys.modules[module]))
