"""A prop holding what a stack of another account creates (a user pool for ``auth``, an
API for a site's ``api``, a queue's URL in a Handler's ``environment``): aws-cdk-lib reads
it at deploy time through the consuming stack's CloudFormation execution role. A stack
without one, a CliCredentialsStackSynthesizer's (or a BootstraplessSynthesizer's given
none) or any nested stack's, fails the synth with a NoCfnExecutionRoleForCrossAccountRefs
trace that names no prop; this names it. A value of another stage's stack in a string (a
queue's URL in a Handler's ``environment``) is a reference across stages, which aws-cdk-lib
refuses only at synth (NoCrossStageDependency, naming no prop); this names it too."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterator, Mapping
from typing import Any, cast

from aws_cdk import (
    BootstraplessSynthesizer,
    CliCredentialsStackSynthesizer,
    IResolvable,
    Reference,
    Resource,
    Stack,
    Tokenization,
)
from constructs import Construct

from constructs_lib._env import other_stage
from constructs_lib._facts import env_of, stack_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib._jsii import is_jsii_object, is_unresolved
from constructs_lib._validation import Validator

__all__ = ["check_cross_account_reads", "check_cross_stage_reads", "string_tokens", "value_parts"]

#: How deep a prop's value is walked (a route's Handler's environment is at 3).
_DEPTH = 4


def check_cross_account_reads(v: Validator, props: object) -> None:
    """Adds a problem for each field of ``props`` whose value refers to a resource a stack
    of another known account creates, when ``v``'s construct's stack cannot read another
    account's outputs."""
    here = stack_of(v.scope)
    if _account_of(here) is None:
        return
    found = _found(props, lambda target: _other_account(target, here), here)
    if not found:
        return
    why, fix = _why_unreadable(here)  # the synthesizer is read only now (see below)
    if why is None:
        return
    for where, target in found:
        there = stack_of(target)
        name = target.node.path.removesuffix("/Resource")
        v.add(
            where,
            f"refers to {name}, created in the stack {there.node.path} of account "
            f"{there.account}, and this construct's stack {here.node.path} (account "
            f"{here.account}) {why}: aws-cdk-lib reads another account's value at deploy "
            "time through the reading stack's CloudFormation execution role, so the synth "
            "would fail (NoCfnExecutionRoleForCrossAccountRefs)",
            f"{fix}, or create the resource in a stack of account {here.account}, or pass "
            "the other account's value as a literal (its ARN, ID or URL as a string, or the "
            "resource imported by it)",
        )


def check_cross_stage_reads(v: Validator, props: object) -> None:
    """Adds a problem for each field of ``props`` holding a string that refers to a
    resource of another stage's stack (a construct itself is the prop types' check)."""
    found = _found(
        props,
        lambda target: other_stage(v.scope, target) is not None,
        stack_of(v.scope),
        strings=True,
    )
    for where, target in found:
        v.add(
            where,
            f"refers to {target.node.path.removesuffix('/Resource')}, in "
            f"{other_stage(v.scope, target)}: a stage is deployed on its own, so nothing in it "
            "may reference a resource of another stage (aws-cdk-lib would fail the synth with "
            "NoCrossStageDependency)",
            "create the resource in a stack of this stage, or pass the other stage's value "
            "as a literal string (its URL, name or ARN written out)",
        )


def _found(
    props: object, is_foreign: Callable[[Construct], bool], here: Stack, *, strings: bool = False
) -> list[tuple[str, Construct]]:
    """The first foreign construct each field of ``props`` refers to (in a string only,
    with ``strings``) that ``here`` would read at deploy time."""
    found = []
    for field in dataclasses.fields(cast(Any, props)):
        value = getattr(props, field.name)
        first = next(_foreign(value, field.name, is_foreign, here, _DEPTH, set(), strings), None)
        if first is not None:
            found.append(first)
    return found


def _why_unreadable(here: Stack) -> tuple[str | None, str]:
    """Why ``here`` has no CloudFormation execution role, and the fix; (None, "") when it
    has one. ``stack.synthesizer`` is read only for a stack that refers to another
    account's resource: for a synthesizer the user passed, the jsii kernel prints a warning
    when it hands it back (aws-cdk-lib binds a copy)."""
    if here.nested:
        return (
            "is a nested stack, which aws-cdk-lib gives no CloudFormation execution role",
            "build the construct in the nested stack's parent "
            f"{here.nested_stack_parent.node.path if here.nested_stack_parent else ''}",
        )
    synthesizer = here.synthesizer
    if isinstance(synthesizer, CliCredentialsStackSynthesizer):
        kind = "uses a CliCredentialsStackSynthesizer, which has no CloudFormation execution role"
    elif isinstance(synthesizer, BootstraplessSynthesizer) and (
        synthesizer.cloud_formation_execution_role is None
    ):
        kind = "uses a BootstraplessSynthesizer given no cloud_formation_execution_role_arn"
    else:
        return None, ""
    return kind, (
        "give the stack synthesizer=cdk.DefaultStackSynthesizer() (with your qualifier, if "
        "any: it deploys with the bootstrap's execution role)"
    )


def _foreign(
    value: object,
    where: str,
    is_foreign: Callable[[Construct], bool],
    here: Stack,
    depth: int,
    seen: set[int],
    strings: bool,
) -> Iterator[tuple[str, Construct]]:
    """(where, the construct) for each foreign resource ``value`` refers to: a construct
    itself (unless ``strings``), or a reference in a string token."""
    if depth < 0 or id(value) in seen:
        return
    if isinstance(value, Construct):
        if not strings and is_foreign(value):
            yield where, value
        return
    if isinstance(value, str):
        yield from ((where, target) for target in _referenced(value, is_foreign, here))
        return
    seen.add(id(value))
    for key, item in value_parts(value):
        yield from _foreign(item, where + key, is_foreign, here, depth - 1, seen, strings)


def value_parts(value: object) -> Iterator[tuple[str, object]]:
    """The parts of a container, of a library value object (a Handler, an ApiAuth) or of an
    aws-cdk-lib struct (``events.EventPattern(resources=[...])``: the fields given to it, as
    ``.resources``, which jsii reads as a dict's values at synth)."""
    if isinstance(value, Mapping):
        yield from ((f"[{key!r}]", item) for key, item in value.items())
    elif isinstance(value, list | tuple):
        yield from ((f"[{index}]", item) for index, item in enumerate(value))
    elif type(value).__module__.startswith("constructs_lib"):
        names: Any = (
            [f.name for f in dataclasses.fields(cast(Any, value))]
            if dataclasses.is_dataclass(value)
            else getattr(value, "__dict__", {})
        )
        yield from ((f".{name}", getattr(value, name, None)) for name in names)
    elif is_jsii_object(value):
        fields = getattr(value, "_values", None)  # a struct's; a class's objects have none
        if isinstance(fields, dict):
            yield from ((f".{name}", item) for name, item in fields.items())


def _referenced(
    text: str, is_foreign: Callable[[Construct], bool], here: Stack
) -> Iterator[Construct]:
    if "${Token[" not in text:
        return  # no string token: nothing to ask the jsii kernel about
    for token, target in _references(text):
        if is_foreign(target) and _read_at_deploy(token, here):
            yield target


@functools.lru_cache(maxsize=4096)
def string_tokens(text: str) -> tuple[IResolvable, ...]:
    """The tokens in ``text``, asked of the jsii kernel once per text: the cross-account,
    the cross-stage and the imported-export walks all read each string (a token string
    stands for the same tokens for the process's life)."""
    fragments = Tokenization.reverse_string(text)
    return tuple(fragments.tokens) if fragments is not None else ()


def _references(text: str) -> tuple[tuple[Reference, Construct], ...]:
    """The references in ``text`` and the construct each refers to."""
    return tuple(
        (token, target)
        for token in string_tokens(text)
        if isinstance(token, Reference) and isinstance(target := token.target, Construct)
    )


def _read_at_deploy(reference: Reference, here: Stack) -> bool:
    """Whether ``here`` reads ``reference`` from the other stack at deploy time. A
    resource's name or ARN is not when that stack is of another account (or region):
    aws-cdk-lib writes out its physical name (``bucket_name="..."``,
    ``PhysicalName.GENERATE_IF_NEEDED``), which no execution role reads."""
    try:
        resolved = here.resolve(reference)
    except RuntimeError:  # no physical name: aws-cdk-lib's CannotUseCrossEnvironment says so
        return False
    return _refers_to_resource(resolved)


def _refers_to_resource(value: object) -> bool:
    """``value`` (resolved) refers to a resource: a Ref other than a pseudo parameter's
    (``AWS::Partition`` in a written-out ARN), a GetAtt."""
    if isinstance(value, Mapping):
        ref = value.get("Ref")
        if "Fn::GetAtt" in value or (isinstance(ref, str) and not ref.startswith("AWS::")):
            return True
        return any(_refers_to_resource(item) for item in value.values())
    if isinstance(value, list):
        return any(_refers_to_resource(item) for item in value)
    return False


def _other_account(construct: Construct, here: Stack) -> bool:
    """``construct`` is created (not imported) in a stack of another known account."""
    if isinstance(construct, Resource) and not Resource.is_owned_resource(construct):
        return False  # imported: referenced by its name or ARN
    try:
        there = stack_of(construct)
    except RuntimeError:  # not in a stack
        return False
    account = _account_of(there)
    return account is not None and account != _account_of(here)


#: Each stack's account, None for an environment-agnostic one's (a stack's env is set when
#: it is made; every construct of the stack asks).
_ACCOUNTS: IdentityMap[str | None] = IdentityMap()


def _account_of(stack: Stack) -> str | None:
    def ask() -> str | None:
        account = env_of(stack)[0]  # the stack's env, asked once for every check
        return None if is_unresolved(account) else account

    return _ACCOUNTS.remembered(stack, ask)
