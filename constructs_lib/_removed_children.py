"""A library construct's resources taken out of the construct tree after it built them
(``worker.node.try_remove_child("DeadLetterQueue")``), checked at synth.

CDK writes no template for a removed construct, but the construct's other resources keep
their references to it: a queue's redrive policy names the removed dead-letter queue, a
function's ``TABLE_NAME`` and grants the removed table. The synth passed (aws-cdk-lib's
template validation only warns, and tests run without it), and CloudFormation refused the
template at deploy ("Unresolved resource dependencies"). A construct of the user's made
under the same id afterwards takes the logical ID, but not the construct's checks, alarms
and attributes, which still read the removed one. Each resource a construct exposes as a
declared attribute must still be in the tree, where the construct put it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from constructs import Construct

from constructs_lib._core.read_only import ReadOnlyAttributes
from constructs_lib._facts import node_of, path_of
from constructs_lib._jsii import jsii_ref
from constructs_lib._synth_checks import at_synth

__all__ = ["check_children_at_synth"]


def check_children_at_synth(construct: Construct) -> None:
    """Fails the synth naming each resource of ``construct``'s declared attributes that
    was built below it and is no longer in the tree."""
    if isinstance(construct, ReadOnlyAttributes):
        at_synth(construct, lambda: _removed(construct))


def _removed(construct: ReadOnlyAttributes) -> list[str]:
    assert isinstance(construct, Construct)
    own = path_of(construct) + "/"
    # one call for the whole subtree; the jsii reference of each object tells a removed
    # resource from one of the user's made later under its id
    attached = {jsii_ref(found) for found in node_of(construct).find_all()}
    kind = type(construct).__name__
    problems: list[str] = []
    for name in _declared(type(construct)):
        for resource in _resources(vars(construct).get(name)):
            if jsii_ref(resource) in attached or not path_of(resource).startswith(own):
                continue  # in the tree, or not the construct's own (an existing_... prop)
            prop = construct._given_by.get(name)
            instead = f", or pass `{prop}=` for one of yours" if prop else ""
            problems.append(
                f"`{name}` ({resource.node.path}) was taken out of the construct tree after "
                f"the {kind} built it (node.try_remove_child), but the {kind}'s other "
                "resources still refer to it: CloudFormation refuses a template whose "
                "references name a resource it does not have, and a construct of yours "
                f"made under its id gets none of the {kind}'s checks and alarms. Fix: keep "
                f"it in the tree and change it through `{name}` (its methods, or its "
                f"node.default_child), or build the {kind} with other props{instead}"
            )
    return problems


def _declared(cls: type) -> list[str]:
    """The public attributes the library's classes among ``cls``'s bases declare (those
    ReadOnlyAttributes keeps read-only), in a stable order."""
    names = (
        name
        for base in cls.__mro__
        if base.__module__.partition(".")[0] == "constructs_lib"
        for name in vars(base).get("__annotations__", {})
    )
    return sorted({name for name in names if not name.startswith("_")})


def _resources(value: object) -> Iterator[Construct]:
    """The constructs an attribute holds: itself, or a list's or mapping's items."""
    if isinstance(value, Construct):
        yield value
    elif isinstance(value, Mapping):
        yield from (item for item in value.values() if isinstance(item, Construct))
    elif isinstance(value, list | tuple):  # a ReadOnlyList is a list
        yield from (item for item in value if isinstance(item, Construct))
