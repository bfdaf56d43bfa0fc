"""The synth warnings about a zip function's files that would fail on Lambda: imports its
asset does not hold (:mod:`.import_warning`, :mod:`.testing_import_warning`), extension
modules of another platform (:mod:`.extension_warning`)."""

from __future__ import annotations

from aws_cdk import aws_lambda as lambda_
from constructs import IConstruct

from constructs_lib._core.extension_warning import warn_of_foreign_extensions
from constructs_lib._core.import_warning import warn_of_unbundled_imports
from constructs_lib._core.resolve import ResolvedHandler

__all__ = ["warn_of_asset_contents"]


def warn_of_asset_contents(scope: IConstruct, handler: ResolvedHandler, code: lambda_.Code) -> None:
    """Each warning, once per function (``scope``), whose ``code`` is an asset (an
    image's files are the Dockerfile's: it installs and builds them for the image)."""
    if not isinstance(code, lambda_.AssetCode):
        return
    warn_of_unbundled_imports(scope, handler, code)
    warn_of_foreign_extensions(scope, handler)
