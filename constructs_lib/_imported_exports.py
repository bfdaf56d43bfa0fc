"""An export named by hand, imported by name in a prop: ``cdk.CfnOutput(a, "Out",
value=..., export_name="orders-table-arn")`` in one stack, and in another
``Table.from_table_arn(b, "T", Fn.import_value("orders-table-arn"))`` as a construct's
``existing_table`` (or ``Fn.import_value(...)`` in a Handler's ``environment``). The import
names a string, not the output: aws-cdk-lib orders no stacks for it and sees no cycle, so
the synth passed and the deploy failed (cycles48). What the library can see, at synth when
the app is complete: an ``Fn::ImportValue`` of a literal name in the construct's props, and
the app's one ``CfnOutput`` exporting that name (of a stack whose account and region, where
known, are the importing stack's). Then:

- the export of the importing stack itself, or of a stack depending on it already: an
  error (CloudFormation cannot import what the stack, or one deployed after it, creates);
- of a stack the importing one does not depend on: a warning, ``IMPORTED_EXPORT_WARNING``
  (the two deploy in any order, and the importing one first fails).

An export of a stack outside the app (deployed earlier by another app) or named by a token
is not looked at."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from aws_cdk import Annotations, CfnOutput, Reference, Resource, Stack
from constructs import Construct, IConstruct

from constructs_lib._core.link_cycles import dependency_way
from constructs_lib._cross_account_reads import string_tokens, value_parts
from constructs_lib._facts import app_of, attribute_of, path_of, stack_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib._jsii import is_unresolved, jsii_ref
from constructs_lib._stage_imports import IDENTIFIERS, may_refer
from constructs_lib._synth_checks import at_synth
from constructs_lib._synth_phase import per_validation

__all__ = ["IMPORTED_EXPORT_WARNING", "check_imported_exports"]

#: The warning's id (``cdk.Annotations.of(construct).acknowledge_warning(id, reason)``).
IMPORTED_EXPORT_WARNING = "constructs_lib:importedExportUnordered"

#: How deep a prop's value is walked (a route's Handler's environment is at 3).
_DEPTH = 4

_FIX = (
    "pass the output's value itself (the resource, or its attribute) instead of "
    "Fn.import_value: aws-cdk-lib then exports it and orders the stacks"
)

#: Each construct's imports checked at synth already (its props may be validated twice).
_NOTED: IdentityMap[set[tuple[str, str]]] = IdentityMap()


def check_imported_exports(scope: Construct, props: object) -> None:
    """Checks at synth each ``Fn.import_value`` of a literal name in ``props`` (the
    construct ``scope``'s) against the app's output exporting that name."""
    here = stack_of(scope)
    noted = _NOTED.remembered(scope, set)
    imports = [i for i in dict.fromkeys(_imports(props, "", here, _DEPTH, set())) if i not in noted]
    if imports:
        noted.update(imports)
        at_synth(scope, lambda: _problems(scope, here, imports))


def _imports(
    value: object, where: str, here: Stack, depth: int, seen: set[int]
) -> Iterator[tuple[str, str]]:
    """(where, export name) of each ``Fn::ImportValue`` of a literal name in ``value``: in
    a string, or in the name or ARN of a resource imported with one."""
    if depth < 0 or id(value) in seen:
        return
    if isinstance(value, str):
        yield from ((where, name) for name in _import_names(value, here))
        return
    if isinstance(value, Construct):
        if isinstance(value, Resource) and not Resource.is_owned_resource(value):
            for attribute in IDENTIFIERS:
                text = attribute_of(value, attribute)
                if isinstance(text, str):
                    yield from ((where, name) for name in _import_names(text, here))
        return
    seen.add(id(value))
    for key, item in value_parts(value):
        yield from _imports(item, (where + key).lstrip("."), here, depth - 1, seen)


def _import_names(text: str, here: Stack) -> list[str]:
    """The literal names ``text`` imports: resolved only when it holds a token that is no
    reference (an intrinsic such as ``Fn.import_value``; the pseudo parameters of an ARN
    ``format_arn`` wrote are not asked about)."""
    if not may_refer(text) or all(isinstance(t, Reference) for t in string_tokens(text)):
        return []
    try:
        resolved = here.resolve(text)
    except RuntimeError:  # a Lazy value of the user's, not ready yet: no answer
        return []
    return list(dict.fromkeys(_names_in(resolved)))


def _names_in(value: object) -> Iterator[str]:
    if isinstance(value, Mapping):
        name = value.get("Fn::ImportValue")
        if isinstance(name, str):
            yield name
        for item in value.values():
            yield from _names_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _names_in(item)


def _problems(scope: Construct, here: Stack, imports: list[tuple[str, str]]) -> list[str]:
    root = app_of(scope)
    exports = per_validation(("exports", jsii_ref(root)), lambda: _exports(root))
    problems = []
    for where, name in imports:
        producers = [(s, o) for s, o in exports.get(name, []) if _same_env(s, here)]
        if len(producers) != 1:  # outside the app, or which one is deployed there unknown
            continue
        ((there, output),) = producers
        said = f"`{where}` imports the export {name!r} (Fn.import_value), which {output} creates"
        if path_of(there) == path_of(here):
            problems.append(
                f"{said}, in this construct's own stack: CloudFormation cannot import an "
                f"export of the stack it deploys. Fix: {_FIX}"
            )
        elif (back := dependency_way(root, there, here)) is not None:
            problems.append(
                f"{said}, in stack {path_of(there)}, which depends on stack {path_of(here)} "
                f"({back}), so it is deployed after it: CloudFormation cannot import an "
                f"export before the stack creating it is deployed. Fix: {_FIX}, or drop "
                "what makes that stack depend on this one"
            )
        elif dependency_way(root, here, there) is None:
            Annotations.of(scope).add_warning_v2(
                IMPORTED_EXPORT_WARNING,
                f"{said}, in stack {path_of(there)}, and stack {path_of(here)} does not "
                f"depend on it: the two deploy in any order, and a first deploy of stack "
                f"{path_of(here)} before it fails on the missing export. Fix: make stack "
                f"{path_of(here)} depend on it (add_stack_dependency), or {_FIX}; acknowledge "
                f"'{IMPORTED_EXPORT_WARNING}' on the construct when the export exists already.",
            )
    return problems


def _exports(root: IConstruct) -> dict[str, list[tuple[Stack, str]]]:
    """The app's outputs by the literal name they export: (stack, the output's path)."""
    found: dict[str, list[tuple[Stack, str]]] = {}
    for node in root.node.find_all():
        if isinstance(node, CfnOutput) and node.export_name is not None:
            stack = stack_of(node)
            name: Any = node.export_name
            if is_unresolved(name):
                name = stack.resolve(name)
            if isinstance(name, str):
                found.setdefault(name, []).append((stack, f"the output {node.node.path}"))
    return found


def _same_env(there: Stack, here: Stack) -> bool:
    """An export is imported in its own account and region: a stack whose account or
    region is known and another's exports elsewhere."""
    for attribute in ("account", "region"):
        mine, theirs = getattr(here, attribute), getattr(there, attribute)
        if not is_unresolved(mine) and not is_unresolved(theirs) and mine != theirs:
            return False
    return True
