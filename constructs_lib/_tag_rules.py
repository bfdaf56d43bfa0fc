"""The tags a library construct's resources get, against AWS's rules for tags, at synth.

``cdk.Tags.of(scope).add(key, value)`` (an Aspect) and a stack's ``tags=`` give every
taggable resource below them the tag, and aws-cdk-lib checks neither key nor value: a tag
AWS refuses synthesized, passed cdk-nag, and failed the deploy on the first resource
created, half-way. AWS's rules, as its tagging documentation states them (the same for
IAM roles, log groups, Lambda functions, queues, tables, buckets and distributions, which
every library construct creates some of):

- "Maximum key length - 128 Unicode characters in UTF-8"; a key is at least 1 character;
- "Maximum value length - 256 Unicode characters in UTF-8" (an empty value is allowed);
- "Generally allowed characters are letters, numbers, spaces representable in UTF-8, and
  the following characters: + - = . _ : / @" (IAM's pattern: ``[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*``);
- "Don't use aws:, AWS:, or any upper or lowercase combination of such as a prefix for
  either keys or values, as it is reserved for Amazon use" (checked on keys: the services
  the library uses refuse a key so prefixed; some take such a value);
- "Maximum number of tags per resource - 50" (user tags; ``aws:`` ones do not count).

Each is certain to fail the deploy, so a synth error naming the tag, where it was added
and the fix. Read after every Aspect, on each library function (every function-backed
construct has one, and every Tags.of of a scope above it reaches it): the tags in its
properties, which the synth checks read already (no round trip to the jsii kernel more),
and its stack's own tags (``Stack(tags=...)``, which CloudFormation gives every resource;
read once per stack). Then on the library's other resources a tag may be given to alone
(``Tags.of(worker.queue)``): a QueueWorker's queue and dead-letter queue (read by its
checks already), a StaticSite's buckets and distribution, a Network's VPC, subnets and
endpoints (``_network_tags``; constructs without a function of the library's: their
stack's tags are told there too). A tag that reaches the function beside such a resource
is told by the function's check only. A function's role and log group and an API's table
and access log group are not read: each would be a round trip more per synth (the
budgets of tests/test_synth_round_trips.py). A key or value that is a token (a
parameter's value) is known only at deploy and not checked.
A tag is told once per synth, under the first construct it reaches."""

from __future__ import annotations

import functools
import unicodedata

from aws_cdk import CfnResource, Stack
from aws_cdk import aws_lambda as lambda_
from constructs import IConstruct

from constructs_lib._facts import path_of, resource_of, stack_of
from constructs_lib._jsii import is_unresolved, jsii_ref
from constructs_lib._synth_checks import at_synth, expect_properties, template_properties
from constructs_lib._synth_phase import per_validation

__all__ = [
    "MAX_KEY",
    "MAX_TAGS",
    "MAX_VALUE",
    "check_resource_tags_at_synth",
    "check_tags_at_synth",
    "tag_problems",
]

MAX_KEY, MAX_VALUE, MAX_TAGS = 128, 256, 50
_SYMBOLS = frozenset("_.:/=+-@")
_FIX_CHARACTERS = "write it with letters, digits, spaces and _ . : / = + - @ only"


def check_tags_at_synth(function: lambda_.Function) -> None:
    """Fails the synth on a tag AWS refuses that reaches ``function`` (a library
    function's), or its stack."""
    resource = resource_of(function)
    if isinstance(resource, lambda_.CfnFunction):
        at_synth(function, lambda: _problems(resource))


def check_resource_tags_at_synth(
    scope: IConstruct, construct: IConstruct, kind: str, *, beside: CfnResource | None = None
) -> None:
    """Fails the synth, under ``scope``, on a tag AWS refuses that reaches ``construct`` (a
    resource the library made: a queue, bucket, distribution, VPC, ...; ``kind`` names it,
    the message its path), or its stack. ``beside``: a library function's L1 whose own check
    tells the tags both get (one added above both), so only the tags given to ``construct``
    alone are told here. Its properties are read with the stack's others: no round trip of
    its own to resolve them."""
    resource = construct if isinstance(construct, CfnResource) else resource_of(construct)
    if isinstance(resource, CfnResource):
        expect_properties(resource)
        named = (construct, kind)
        at_synth(scope, functools.partial(_problems, resource, named=named, beside=beside))


def tag_problems(key: str, value: str, added: str) -> list[str]:
    """What is wrong with the tag ``key``=``value`` (``added``: where it was added, as a
    message names it), each with its fix; none for a key or value that is a token."""
    if is_unresolved(key):
        return []
    problems = []
    shown = f"The tag key {key!r} ({added})"
    if not key:
        problems.append(
            f"The tag with an empty key ({added}): AWS takes keys of 1 to "
            f"{MAX_KEY} characters. Fix: name the tag, or remove it"
        )
    elif key[:4].lower() == "aws:":
        problems.append(
            f"{shown} starts with {key[:4]!r}, a prefix AWS reserves for its own "
            "tags: CloudFormation fails to create the first resource it reaches. "
            f"Fix: rename it without the prefix (e.g. {key[4:] or 'team'!r})"
        )
    if len(key) > MAX_KEY:
        problems.append(
            f"The tag key {key[:40]!r}... ({added}) has {len(key)} characters; AWS "
            f"takes {MAX_KEY} at most. Fix: shorten it to {MAX_KEY} characters"
        )
    problems += _characters(key, shown, "key")
    if is_unresolved(value):
        return problems
    shown = f"The value of the tag {key!r} ({added})"
    if len(value) > MAX_VALUE:
        problems.append(
            f"{shown} has {len(value)} characters; AWS takes {MAX_VALUE} at "
            f"most. Fix: shorten it to {MAX_VALUE} characters"
        )
    return problems + _characters(value, shown, "value")


def _characters(text: str, shown: str, what: str) -> list[str]:
    refused = sorted({c for c in text if not _allowed(c)})
    if not refused:
        return []
    named = ", ".join(repr(c) for c in refused)
    return [f"{shown} holds {named}, which AWS refuses in a tag {what}. Fix: {_FIX_CHARACTERS}"]


def _allowed(character: str) -> bool:
    """A letter, number or separator (space) of Unicode, or one of AWS's symbols."""
    return character in _SYMBOLS or unicodedata.category(character)[0] in "LNZ"


def _problems(
    resource: CfnResource,
    *,
    named: tuple[IConstruct, str] | None = None,
    beside: CfnResource | None = None,
) -> list[str]:
    """``named``: the library's resource ``resource`` is the L1 of and its kind, as a
    message names them (None: a library function's, told by the same text for every
    function a tag reaches, so once)."""
    stack = stack_of(resource)
    tags: dict[str, tuple[str, str]] = {}
    if beside is None:  # ``beside``'s check tells the stack's tags
        tags = {
            key: (value, f"the tags of the stack {path_of(stack)}")
            for key, value in _stack_tags(stack).items()
        }
    rendered = _rendered(resource)
    told_beside = set(_rendered(beside).items()) if beside is not None else set()
    told_keys = {key for key, _ in told_beside}
    # a tag given above several resources (Tags.of(site)) is told at the first one read
    checked: set[tuple[str, str]] = per_validation(("tags checked",), set)
    for key, value in rendered.items():
        if (key, value) in told_beside or (key, value) in checked:
            tags.pop(key, None)  # told there (a Tags.of above the stack is its tag too)
        else:
            checked.add((key, value))
            tags[key] = (value, _added(*named) if named is not None else _FUNCTION_TAGS)
    problems = [p for key, (value, where) in tags.items() for p in tag_problems(key, value, where)]
    counted = [key for key in {**_stack_tags(stack), **rendered} if key[:4].lower() != "aws:"]
    # the tags ``beside`` gets too are counted by its check, told once
    if len(counted) > MAX_TAGS and not (beside is not None and rendered.keys() <= told_keys):
        problems.append(
            f"{len(counted)} tags reach this {named[1] if named else 'function'} with its "
            "stack's ("
            + ", ".join(sorted(repr(k) for k in counted))
            + f"); AWS takes {MAX_TAGS} per resource at most. Fix: remove "
            f"{len(counted) - MAX_TAGS} of them, or add some to fewer resources "
            "(Tags.of(scope).add(..., include_resource_types=[...]))"
        )
    told = per_validation(("tag problems told",), set)  # each once per synth
    new = [problem for problem in problems if problem not in told]
    told.update(new)
    return new


_FUNCTION_TAGS = "given by cdk.Tags.of to this function and the resources beside it"


def _added(construct: IConstruct, kind: str) -> str:
    return f"given by cdk.Tags.of to the {kind} {path_of(construct)}"


def _rendered(resource: CfnResource) -> dict[str, str]:
    """The tags in ``resource``'s template properties (a value that is no string as '')."""
    rendered = template_properties(resource).get("tags")
    return {
        tag["key"]: tag["value"] if isinstance(tag.get("value"), str) else ""
        for tag in (rendered if isinstance(rendered, list) else [])
        if isinstance(tag, dict) and isinstance(tag.get("key"), str)
    }


def _stack_tags(stack: Stack) -> dict[str, str]:
    """The stack's own tags (``Stack(tags=...)``): CloudFormation gives them to every
    resource at deploy, so they are not in the resources' properties."""
    tags = per_validation(("stack tags", jsii_ref(stack)), lambda: stack.tags.tag_values())
    return tags if isinstance(tags, dict) else {}
