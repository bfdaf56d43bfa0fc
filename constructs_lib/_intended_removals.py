"""``assert_stateful_resources_unchanged(..., removed=[...])``: the stateful resources a
change removes (or replaces) on purpose, its data loss accepted in review.

Each declared logical ID must be one the guard would report: a misspelt one would excuse
nothing while the review reads it as done, and one the template keeps (or the deployed
template no longer has, once its removal is deployed and the snapshot updated) is stale,
and would excuse a later accident to a resource of that ID.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Mapping, Set

from constructs_lib._jsii import described
from constructs_lib.errors import ConstructError, Problem

__all__ = ["intended_removals"]


def intended_removals(
    where: str, removed: Collection[str], before: Collection[str], replaced: Collection[str]
) -> set[str]:
    """The logical IDs of ``removed``, each one of ``replaced`` (those the guard reports,
    a subset of ``before``, the snapshot's stateful resources); a ConstructError lists
    every one that is not."""
    if isinstance(removed, str):  # its characters would be the IDs
        raise ConstructError(
            [
                Problem(
                    where,
                    "removed",
                    f"is the string {removed!r}, whose characters would each be read as a "
                    "logical ID",
                    f"pass a list: removed=[{removed!r}]",
                )
            ]
        )
    if not isinstance(removed, Iterable) or isinstance(removed, bytes | Mapping):
        # None (the default is an empty tuple) raised Python's "not iterable" TypeError
        raise ConstructError(
            [
                Problem(
                    where,
                    "removed",
                    f"is {described(removed)}, not a list of logical IDs",
                    "pass a list of the snapshot's logical IDs, e.g. "
                    "removed=['ItemsTableA1B2C3D4'], or leave removed= out (nothing removed)",
                )
            ]
        )
    # read twice: a generator would be empty the second time; a set (order does not matter
    # here) in a stable order, so each problem's removed[i] is the same from run to run
    removed = sorted(removed, key=repr) if isinstance(removed, Set) else list(removed)
    problems = []
    for index, logical_id in enumerate(removed):
        prop = f"removed[{index}]"
        if not isinstance(logical_id, str):
            problems.append(
                Problem(
                    where,
                    prop,
                    f"is {described(logical_id)}",
                    "pass the logical ID (str) as the snapshot's Resources name it",
                )
            )
        elif logical_id not in before:
            problems.append(_unknown(where, prop, logical_id, before))
        elif logical_id not in replaced:
            problems.append(
                Problem(
                    where,
                    prop,
                    f"is {logical_id!r}, which the template keeps unchanged: nothing of it is lost",
                    "remove it from removed= (a stale entry would excuse a later accident "
                    "to a resource of that ID)",
                )
            )
    if problems:
        raise ConstructError(problems)
    return set(removed)


def _unknown(where: str, prop: str, logical_id: str, before: Collection[str]) -> Problem:
    """``logical_id`` is none of the snapshot's stateful resources: a nested stack's written
    without its nested stack (as its own template names it: the guard's report writes
    ``<nested stack's ID>/<ID>``), else misspelt or stale."""
    nested = sorted(i for i in before if i.rpartition("/")[2] == logical_id and "/" in i)
    if nested:
        return Problem(
            where,
            prop,
            f"is {logical_id!r}, which the snapshot has in a nested stack only",
            f"pass it with its nested stack's logical ID, as the guard reports it: {nested[0]!r}",
        )
    close = difflib.get_close_matches(logical_id, list(before), n=1, cutoff=0.6)
    return Problem(
        where,
        prop,
        f"is {logical_id!r}, no stateful resource of the snapshot (the template deployed today)",
        f"did you mean {close[0]!r}?"
        if close
        else "remove it from removed= (once the snapshot no longer has the resource, its "
        "removal is deployed), or spell it as the snapshot's Resources do",
    )
