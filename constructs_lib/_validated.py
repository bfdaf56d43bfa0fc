"""A construct's props built from its constructor's arguments (scope and id checked first)
and validated: every problem of its rules and of its fields' types in one ConstructError."""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import fields
from typing import Any, Protocol, TypeVar

from constructs import Construct

from constructs_lib._cross_account_reads import (
    check_cross_account_reads,
    check_cross_stage_reads,
)
from constructs_lib._empty_strings import with_default_hint
from constructs_lib._facts import node_of, remember_parent, stack_of
from constructs_lib._imported_exports import check_imported_exports
from constructs_lib._jsii import described, is_unresolved
from constructs_lib._prop_types import check_types
from constructs_lib._removed_children import check_children_at_synth
from constructs_lib._stack_env import check_stack_environment
from constructs_lib._stack_names import claim_stack_name
from constructs_lib._token_texts import check_token_texts
from constructs_lib._validation import Validator
from constructs_lib._whole_lists import check_whole_lists, items_of
from constructs_lib.errors import ConstructError, Problem

__all__ = ["Props", "props_from", "validated"]


class Props(Protocol):
    """A construct's props: a dataclass that can check itself."""

    def validate(self, v: Validator) -> None: ...


P = TypeVar("P", bound=Props)


def props_from(cls: type[P], arguments: Mapping[str, Any]) -> P:
    """``cls`` (a props dataclass) built from a constructor's arguments (its ``locals()``,
    taken first thing), after checking that its ``scope`` and ``id`` can take the construct:
    CDK's own error for a taken id is a long jsii trace that names no fix."""
    scope = arguments.get("scope")
    _check_scope_and_id(scope, arguments.get("id"), cls.__name__)
    construct = arguments.get("self")
    if isinstance(construct, Construct) and isinstance(scope, Construct):
        # each constructor calling this makes itself in ``scope`` next (super().__init__)
        given = arguments.get("id")  # checked above: a string
        remember_parent(construct, scope, given if isinstance(given, str) else None)
    names = {field.name for field in fields(typing.cast(Any, cls))}
    return cls(**{name: value for name, value in arguments.items() if name in names})


def validated(scope: Construct, props: P) -> P:
    """``props`` after checking them all; raises one ConstructError listing every problem."""
    v = Validator(scope)
    # first: the rules take a token's text for a deploy-time value (and aws-cdk-lib fails
    # on it when they resolve it), so theirs would be no problem of the prop to report
    faked = check_token_texts(v, props)
    # a whole deploy-time list where objects go: named as the prop, not as its first item
    listed = v.count
    lists = check_whole_lists(v, props)
    first = v.count
    try:
        props.validate(v)
    except (TypeError, AttributeError, RuntimeError) as exc:
        # The construct's rules met a type they do not expect: the wrong types are the
        # problems to report (a jsii trace or an AttributeError names no prop).
        v = Validator(scope)
        faked = check_token_texts(v, props)
        lists = check_whole_lists(v, props)
        if check_types(v, props, skip=set(lists)) and not faked and not lists:
            raise
        raise ConstructError(v.problems) from exc
    # the rules' own words of a whole list (why they read it at synth) over the generic
    # ones; theirs of its "items" (the encoding, taken for one) go
    own = {problem.prop for problem in v.problems[first:]}
    v.keep(
        lambda index, problem: (
            index < listed
            or (index < first and problem.prop not in own)
            or (index >= first and not faked.said_of(problem) and not items_of(problem, lists))
        )
    )
    # what the construct's rules let through; a problem beside another prop ("is set
    # without existing_queue") says nothing of the value's type, which is still checked
    reported = {_top_prop(p.prop) for p in v.problems if not v.is_relation(p)}
    check_types(v, props, skip=reported)
    v.revise(lambda problem: with_default_hint(props, problem))  # a config's "" for None
    if not v.problems:  # a wrong value is reported as such, not walked
        check_cross_account_reads(v, props)
        check_cross_stage_reads(v, props)
    v.raise_if_any()
    check_imported_exports(scope, props)
    # every construct validates its props: the one place each gets the check that the
    # resources it then builds are still in the tree at synth
    check_children_at_synth(scope)
    return props


def _top_prop(prop: str) -> str:
    return prop.split(".")[0].split("[")[0]


def _check_scope_and_id(scope: object, id: object, props: str) -> None:
    if not isinstance(scope, Construct):
        raise ConstructError(
            [
                Problem(
                    "(no scope)",
                    "scope",
                    f"is {described(scope)}; it must be a construct",
                    "pass the stack (or a construct in it) as the first argument",
                )
            ]
        )
    node = node_of(scope)
    try:
        check_stack_environment(stack_of(scope))
        claim_stack_name(stack_of(scope))
    except RuntimeError:  # jsii: "No stack could be identified for the construct at path"
        name = props.removesuffix("Props")
        raise ConstructError(
            [
                Problem(
                    node.path or "(app)",
                    "scope",
                    "is in no stack (the App or a Stage), and its resources must be in one",
                    f'create a Stack and build the construct in it: {name}(stack, "MyId", ...)',
                )
            ]
        ) from None
    if not isinstance(id, str) or not id or is_unresolved(id):
        # a token's encoding would end up in every child's path and logical ID (and CDK's
        # asset names refuse it with a trace): an id is known at synth
        known = "; it must be known at synth: it names the resources" if is_unresolved(id) else ""
        raise ConstructError(
            [
                Problem(
                    f"{node.path}/{props.removesuffix('Props')}",  # where it was being made
                    "id",
                    f"is {described(id)}{known}",
                    "pass a non-empty string, e.g. 'Orders'",
                )
            ]
        )
    if node.try_find_child(id) is not None:
        path = node.path or "(app)"
        raise ConstructError(
            [
                Problem(
                    path,
                    "id",
                    f"is {id!r}, which another construct in {path} already has",
                    "give each construct in a scope its own id",
                )
            ]
        )
