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

__all__ = ["loaded_module", "resolve_annotation"]


def loaded_module(name: str) -> ModuleType | None:
    """``aws_cdk.<name>`` (``"aws_kms"``) if some code imported it already, else None:
    then no object of its classes exists in this process."""
    return sys.modules.get(f"aws_cdk.{name}")


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
    return eval(annotation, dict(vars(sys.modules[module])), _Modules())
