"""The synth warning of a function whose code imports a module its asset does not hold
(:mod:`constructs_lib._bundling.unbundled_imports`): on Lambda the import fails on every
invocation, while the developer's tests, with the monorepo or venv on ``sys.path``, pass."""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Annotations
from aws_cdk import aws_lambda as lambda_
from constructs import IConstruct

from constructs_lib._bundling.unbundled_imports import (
    PROVIDED_BY_LAMBDA,
    asset_modules,
    import_name,
    reached_imports,
    shown_imports,
    unbundled,
)
from constructs_lib._core.resolve import ResolvedHandler
from constructs_lib._core.runtime_python import stdlib_module_names
from constructs_lib._core.testing_import_warning import warn_of_testing_imports
from constructs_lib._facts import asset_path_of

__all__ = ["UNBUNDLED_IMPORT_WARNING", "warn_of_unbundled_imports"]

UNBUNDLED_IMPORT_WARNING = "constructs_lib:importNotBundled"

# What the layer Handler(powertools=True) adds holds: AWS builds it with
# aws-lambda-powertools[all], so the extras its utilities import are there too (the Parser's
# models are pydantic's, the Tracer's X-Ray SDK), with the packages they are used through.
_POWERTOOLS_LAYER = frozenset(
    {
        "aws_lambda_powertools",
        "typing_extensions",
        "jmespath",
        "pydantic",
        "pydantic_core",
        "annotated_types",
        "aws_xray_sdk",
        "wrapt",
        "fastjsonschema",
        "aws_encryption_sdk",
        "cryptography",
        "jsonpath_ng",
    }
)

# A relative import above the code directory ('.models' in its app.py): tests importing the
# code directory as a package pass, Lambda imports the entry as a top-level module.
_RELATIVE_FIX = (
    "; for a relative import above the code directory ('.models'), which fails with "
    "ImportError as Lambda imports the entry as a top-level module, not from a package: "
    "import from the code directory's top (from models import ...)"
)


def warn_of_unbundled_imports(
    scope: IConstruct, handler: ResolvedHandler, code: lambda_.AssetCode
) -> None:
    """Warns, once per function, of every module its code (or the shared code it
    includes) imports that neither the asset (the code, the shared code, its requirements'
    packages, the library's helpers), the runtime (the standard library of its Python,
    boto3) nor its Powertools layer provides; and, apart, of the library's test helpers
    it imports (:mod:`.testing_import_warning`)."""
    code_dir = Path(handler.code).resolve()
    included = {import_name(p): p for p in (Path(i).resolve() for i in handler.include)}
    reached = reached_imports(code_dir, handler.module, included)
    if reached is None:  # the code changes its import path: no import can be told missing
        return
    asset_dir = Path(asset_path_of(code) or code.path)  # asked once per Code object
    warn_of_testing_imports(scope, code_dir, asset_dir, reached)
    available = (
        asset_modules(asset_dir)
        | stdlib_module_names(handler.runtime)
        | PROVIDED_BY_LAMBDA
        | (_POWERTOOLS_LAYER if handler.powertools else frozenset())
    )
    missing = unbundled(reached, frozenset(available))
    if not missing:
        return
    first = min((name for name in missing if not name.startswith(".")), default="common")
    found = shown_imports(missing, code_dir)
    Annotations.of(scope).add_warning_v2(
        UNBUNDLED_IMPORT_WARNING,
        f"the function's code ({code_dir}) imports {found}, which the function will not "
        "have: Lambda imports from the code directory, the shared code it includes, the "
        "packages its requirements.txt lists, the standard library of Python "
        f"{handler.runtime} and boto3 only, so the import would fail with "
        "ModuleNotFoundError on every invocation (tests that run with the module on "
        "sys.path pass). Fix: add the import directory of a package of yours (a "
        f"monorepo's shared code) to the Handler's include, Handler(include=['<path to it>/"
        f"{first}']) (or link it into "
        "the code directory: the link is followed and bundled); for a published one, list "
        f"it in {code_dir / 'requirements.txt'} (the service's pyproject.toml's "
        "dependencies: uv export --no-dev --no-emit-project -o requirements.txt)"
        f"{_RELATIVE_FIX if min(missing).startswith('.') else ''}. If a layer you add to "
        "the function provides it (function.add_layers(...), which this check cannot see), "
        "acknowledge the warning after adding it: cdk.Annotations.of(<construct>.function)"
        f".acknowledge_warning('{UNBUNDLED_IMPORT_WARNING}', '<the layer> provides "
        "<module>'), or on a scope above several functions (a Stage, the App): each stage's "
        "function warns, as each is deployed on its own.",
    )
