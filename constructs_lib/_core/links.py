"""Handler links: the rules a link must follow, and how it is applied to a function (grant
+ environment variable; the kinds of target in ``link_kinds``, the grant's cdk-nag
findings in ``link_grants``)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from aws_cdk import aws_lambda as lambda_
from constructs import Construct, IConstruct

from constructs_lib._agnostic_imports import warn_of_fixed_region
from constructs_lib._arns import check_imported_arn
from constructs_lib._core.link_bucket import grant_under_prefix, lists_keys
from constructs_lib._core.link_cycles import check_no_cycle
from constructs_lib._core.link_email import (
    EMAIL_KINDS,
    check_email_elsewhere,
    email_target_fix,
    grant_send_email,
)
from constructs_lib._core.link_export import check_recovery, grant_export
from constructs_lib._core.link_grants import grant_secret_read_by_identity, key_policy_out_of_reach
from constructs_lib._core.link_kinds import (
    EXPORT,
    READ_PARAMETER,
    SEND_EMAIL,
    SUPPORTED,
    Kind,
    kind_of,
)
from constructs_lib._core.link_kinds import KINDS as KINDS
from constructs_lib._core.link_names import check_names, env_name, factory_of, name_of
from constructs_lib._core.link_parameter import (
    check_parameter_name,
    grant_read_parameter,
    parameter_variable,
    parameter_write_refusal,
)
from constructs_lib._core.link_secret_arn import warn_of_partial_secret_arn
from constructs_lib._core.link_secret_key import warn_of_keyless_other_account_secret
from constructs_lib._env import (
    check_same_stage,
    environment_hint,
    imported_from_other_account,
    other_environment,
)
from constructs_lib._jsii import described, is_jsii_object, shown
from constructs_lib._resource_keys import check_resource_key
from constructs_lib._validation import Validator
from constructs_lib._whole_lists import refuse_whole_list
from constructs_lib._words import with_article
from constructs_lib.links import Link

__all__ = ["Kind", "ResolvedLink", "check_links", "resolve"]


@dataclass(frozen=True)
class ResolvedLink:
    """A valid link: the resource granted on, its variable, and the access granted."""

    kind: Kind
    resource: Any
    owner: IConstruct  # whose construct id names the variable
    access: str
    env: str
    prefix: str | None

    def value_in(self, scope: IConstruct) -> str:
        """The variable's value for a function in ``scope``."""
        if self.kind.grants[self.access] == READ_PARAMETER:
            return parameter_variable(scope, self.resource)
        arn = self.kind.arn
        other = arn is not None and imported_from_other_account(scope, self.resource)
        return str(
            getattr(self.resource, arn if arn and other else self.kind.value_for(self.access))
        )

    def grant(self, function: lambda_.Function) -> None:
        if self.access == EXPORT:
            grant_export(self.kind.name, self.resource, function, self.prefix)
            return
        if self.kind.grants[self.access] == SEND_EMAIL:
            grant_send_email(self.kind.name, self.resource, function)
            return
        if self.kind.grants[self.access] == READ_PARAMETER:
            grant_read_parameter(self.resource, function)
            return
        method = getattr(self.resource, self.kind.grants[self.access])
        if self.kind.name == "secret" and key_policy_out_of_reach(self.resource, function):
            grant_secret_read_by_identity(self.resource, function)
        elif self.kind.name == "bucket" and self.prefix and lists_keys(self.access):
            grant_under_prefix(self.resource, function, self.access, self.prefix)
        elif self.kind.name == "bucket":
            method(function, f"{self.prefix or ''}*")
        else:
            method(function)

    def describe(self) -> str:
        prefix = f" under {self.prefix!r}" if self.prefix else ""
        return f"{self.kind.name} {self.owner.node.path} ({self.access}{prefix})"

    @property
    def source(self) -> str:
        """What sets the variable, as messages name it."""
        return f"the link to the {self.kind.name} {self.owner.node.path}"


def resolve(item: object) -> ResolvedLink | tuple[str, str]:
    """The link ``item`` stands for, or (what is wrong, the fix)."""
    from constructs_lib.queue_worker import QueueWorker
    from constructs_lib.serverless_api import ServerlessApi

    link = item if isinstance(item, Link) else Link(cast(Any, item))
    target: Any = link.target
    owner, resource = target, target
    if isinstance(target, QueueWorker):
        resource = target.queue
    elif isinstance(target, ServerlessApi):
        resource = target.table
        if resource is None:
            return (
                f"is the ServerlessApi {target.node.path}, which has no table",
                "give the API table=TableOptions(...) or existing_table=..., or link what the "
                "function uses instead",
            )
    kind = kind_of(resource)
    if kind is None:
        email_fix = email_target_fix(target)  # an SES value, which an SES link would take
        fix = email_fix or "pass e.g. links=[worker, table]"
        if isinstance(target, Construct) and email_fix is None:
            # a resource no link covers (an SES identity, a state machine) is still usable:
            # the message says how, so the user need not drop the library to grant it
            fix += (
                "; grant a resource no link covers after construction, to the construct's "
                "`function`: with the resource's own grant method, or "
                "function.add_to_role_policy(...)"
            )
        return (f"is {described(target)}; a link is {SUPPORTED}", fix)
    access = link.access if link.access is not None else kind.default
    if access not in kind.grants:
        # Link(table, access="READ") is no Link.READ(...), only a factory's access is
        # shown as its call: else the prop as it was written
        factories = {grant for known in KINDS for grant in known.grants}
        shown = f"Link.{access}(...)" if access in factories else f"Link(..., access={access!r})"
        if kind.name == "parameter":
            return parameter_write_refusal(shown, owner.node.path)
        return (
            f"is {shown} of the {kind.name} {owner.node.path}; {with_article(kind.name)} link "
            f"gives {' or '.join(kind.grants)} (default {kind.default})",
            f"use {_spellings(kind)}",
        )
    problem = check_names(link, kind)
    if problem is not None:
        return problem
    env = link.env or env_name(name_of(owner, kind), kind.suffix_for(access))
    return ResolvedLink(kind, resource, owner, access, env, link.prefix)


def _spellings(kind: Kind) -> str:
    """How to ask for each access of ``kind``."""
    if len(kind.grants) == 1:
        return f"the {kind.name} itself or Link.to({kind.name}, env=...)"
    return ", ".join(f"Link.{access}({kind.name})" for access in kind.grants)


def check_links(
    v: Validator,
    links: object,
    prop: str,
    *,
    taken: Mapping[str, str] | None = None,
    reserved: Collection[str] = (),
) -> list[ResolvedLink]:
    """Adds every problem of ``links`` to ``v``; returns the valid ones.

    :param taken: variables the function already has, each with what sets it (the Handler's
        ``environment``, the construct, ``link_source(...)`` of a link): a link may not set
        them too.
    :param reserved: variables the Lambda runtime sets.
    """
    if not refuse_whole_list(v, links, prop, "a list of links", f"pass a list of {SUPPORTED}"):
        return []  # a list parameter: named as the list, not as its first item
    if isinstance(links, Link) or (is_jsii_object(links) and not isinstance(links, Sequence)):
        # one link or one target without its list (the target named, not its proxy repr)
        target = links.target if isinstance(links, Link) else links
        v.add(
            prop,
            f"is one link (of {shown(target)}), not a list of links",
            "put it in a list: links=[...]",
        )
        return []
    if isinstance(links, str) or not isinstance(links, Sequence):
        v.add(prop, f"is {described(links)}; it must be a list", f"pass a list of {SUPPORTED}")
        return []
    valid: list[ResolvedLink] = []
    names: dict[str, tuple[str, object]] = {}
    made: dict[tuple[int, str, str | None], str] = {}
    for index, item in enumerate(links):
        where = f"{prop}[{index}]"
        resolved = resolve(item)
        if isinstance(resolved, tuple):
            v.add(where, *resolved)
            continue
        # The same link twice is a copy-paste slip (another target was meant?), and
        # link(...) made twice is an error too: say so rather than drop it.
        same = made.setdefault((id(resolved.resource), resolved.access, resolved.prefix), where)
        if same != where:
            v.add(
                where,
                f"repeats `{same}`: the same {resolved.access} link to the {resolved.kind.name} "
                f"{resolved.owner.node.path}",
                "list each link once (was another target meant?)",
            )
            continue
        if not check_imported_arn(
            v,
            resolved.resource,
            where,
            resolved.kind.name,
            f"its grant and variable would name no {resolved.kind.name}",
            pattern=True,  # a grant may cover many (the app's IAM5 finding to acknowledge)
        ) or not check_same_stage(v, resolved.resource, where):
            continue
        warn_of_fixed_region(v.scope, resolved.resource, where)
        elsewhere = other_environment(v.scope, resolved.resource)
        if elsewhere is not None and resolved.kind.name in EMAIL_KINDS:
            if not check_email_elsewhere(v, resolved, where, elsewhere):
                continue
        elif elsewhere is not None and not imported_from_other_account(v.scope, resolved.resource):
            v.add(
                where,
                f"is the {resolved.kind.name} {resolved.owner.node.path}, in {elsewhere}: "
                "a grant to another region, or to another account's resource created in "
                "this app, needs a resource policy and a physical name, which a link does "
                "not set up",
                "link a resource of this stack's region and account, or import another "
                "account's resource of this region by its ARN"
                + environment_hint(v.scope, resolved.resource),
            )
            continue
        if not check_resource_key(v, resolved.resource, where, resolved.kind.name):
            continue
        if resolved.kind.name == "parameter" and not check_parameter_name(v, resolved, where):
            continue
        what = f"the {resolved.kind.name} {resolved.owner.node.path}"
        if not check_no_cycle(v, where, resolved.resource, what):
            continue
        factory = factory_of(resolved.access, resolved.kind)  # keeps the link's access
        suffix = resolved.kind.suffix_for(resolved.access)
        env, fix = resolved.env, f"name it: {factory}(..., env='OTHER_{suffix}')"
        first = names.setdefault(env, (where, resolved.resource))
        if env in reserved:
            v.add(where, f"would set {env!r}, which the Lambda runtime reserves", fix)
        elif taken and env in taken:
            v.add(
                where,
                f"would set {env!r}, which {taken[env]} sets already",
                f"{fix}; or leave this link out if the function links {what} already "
                "(a link is made once: in Handler(links=...) or one link(...) call)"
                if taken[env] == resolved.source
                else fix,
            )
        elif first[1] is not resolved.resource:
            v.add(where, f"would set {env!r}, which {first[0]} sets to another target", fix)
        else:
            valid.append(resolved)
            if resolved.access == EXPORT and resolved.kind.name == "table":
                check_recovery(v.scope, resolved.resource, where)
            if resolved.kind.name == "secret":
                warn_of_partial_secret_arn(v, resolved, where)
                warn_of_keyless_other_account_secret(v, resolved, where)
    return valid
