"""aws-cdk-lib modules looked up only when already imported.

An ``isinstance`` check against a class of a module the library does not otherwise need
(``kms.Key`` for an alarm topic's key, ``cognito.CfnUserPool`` behind an issuer URL) can
only be true when the user imported that module to build such an object: importing it
for the check would load it (and its dependencies) for every user of the construct.
"""

from __future__ import annotations

import sys
from types import ModuleType

__all__ = ["loaded_module"]


def loaded_module(name: str) -> ModuleType | None:
    """``aws_cdk.<name>`` (``"aws_kms"``) if some code imported it already, else None:
    then no object of its classes exists in this process."""
    return sys.modules.get(f"aws_cdk.{name}")
