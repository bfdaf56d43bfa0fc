"""A stack whose synthesizer cannot deploy file or image assets (a Handler's code or
image, a StaticSite's files): aws-cdk-lib refuses the asset with a bare jsii trace, turned
here into a ConstructError. (Reading ``stack.synthesizer`` beforehand would print a jsii
kernel warning on every synth of a stack given its own synthesizer.)"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from constructs import Construct

from constructs_lib.errors import ConstructError, Problem

__all__ = ["assets_allowed"]

_REFUSED = "Cannot add assets to a Stack that uses the BootstraplessSynthesizer"


@contextmanager
def assets_allowed(
    scope: Construct, prop: str, what: str, *, other_fix: str = ""
) -> Iterator[None]:
    """Runs the block that adds ``what`` (an asset, from ``prop``) below ``scope``;
    ``other_fix`` is a fix besides another synthesizer (", or ...")."""
    try:
        yield
    except RuntimeError as error:
        if _REFUSED not in str(error):
            raise
        raise ConstructError(
            [
                Problem(
                    scope.node.path,
                    prop,
                    f"needs {what}, a file asset, and the stack uses a "
                    "BootstraplessSynthesizer, which cannot deploy assets",
                    "give the stack synthesizer=cdk.DefaultStackSynthesizer() (or "
                    "cdk.CliCredentialsStackSynthesizer()) and bootstrap its environment"
                    + other_fix,
                )
            ]
        ) from None
