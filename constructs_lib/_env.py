"""Whether a resource a construct is given lives in the construct's own region and account:
a function runs only in a VPC of its region and account, and a grant across environments
needs a physical name the library's resources do not have. CDK's own error for the last
comes at synth as a jsii trace about physical names; these rules name the prop instead.
(An alarm topic's rules are _alarm_topic_env's.)"""

from __future__ import annotations

from typing import cast

from aws_cdk import IResource, Resource, Stack, Stage
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct, IConstruct

from constructs_lib._agnostic_imports import warn_of_fixed_region
from constructs_lib._arns import check_imported_arn
from constructs_lib._facts import env_of, stack_of, stage_of
from constructs_lib._jsii import implements, is_unresolved, same_jsii_object, shown
from constructs_lib._resource_env import resource_env
from constructs_lib._resource_keys import check_resource_key
from constructs_lib._stage_imports import import_example, imported_from
from constructs_lib._validation import Validator

__all__ = [
    "check_existing_environment",
    "check_same_environment",
    "check_same_stage",
    "environment_hint",
    "imported_from_other_account",
    "other_environment",
    "other_stage",
    "replica_hint",
]


def other_environment(scope: Construct, resource: object) -> str | None:
    """How ``resource`` (a construct, or an aws-cdk-lib resource, imported ones included:
    their environment is read from their ARN) is in another region or account than
    ``scope``'s stack, e.g. ``"region eu-west-1, not us-east-1"``; None when it is not,
    or when either is unknown at synth (an environment-agnostic stack). A resource another
    stack of the app owns is compared as aws-cdk-lib compares them: a stack with an
    explicit region is in another environment than an environment-agnostic one."""
    here = stack_of(scope)
    owner = stack_of(resource) if isinstance(resource, Construct) else here
    known = resource_env(resource)
    if known is not None:
        account, region = known
    elif isinstance(resource, Construct):
        account, region = env_of(owner)
    else:
        return None
    strict = owner is not here and not _nested_in(owner, here)
    my_account, my_region = env_of(here)
    pairs = [
        (what, mine, theirs)
        for what, mine, theirs in (
            ("region", my_region, region),
            ("account", my_account, account),
        )
        if mine != theirs and (strict or not (is_unresolved(mine) or is_unresolved(theirs)))
    ]
    if not pairs:
        return None
    if any(is_unresolved(mine) for _, mine, _ in pairs):
        listed = " and ".join(f"{what} {theirs}" for what, _, theirs in pairs)
        return f"{listed}, not this environment-agnostic stack's"
    if any(is_unresolved(theirs) for _, _, theirs in pairs):
        listed = " and ".join(f"{what} {mine}" for what, mine, _ in pairs)
        return f"an environment-agnostic stack, not {listed}"
    return " and ".join(f"{what} {theirs}, not {mine}" for what, mine, theirs in pairs)


def imported_from_other_account(scope: IConstruct, resource: object) -> bool:
    """``resource`` is imported (by its ARN) from another account of ``scope``'s own region,
    both known at synth: another team's table or bus. Its owner's resource policy admits the
    function, and a grant here is the identity policy's half. One created in the app has no
    name a grant across accounts could use; one of another region is out of reach of the
    function's clients, which call their own region."""
    known = resource_env(resource)
    if known is None or Resource.is_owned_resource(cast(IConstruct, resource)):
        return False
    my_account, my_region = env_of(stack_of(scope))
    account, region = known
    if any(is_unresolved(value) for value in (my_account, my_region, account, region)):
        return False
    return region == my_region and account != my_account


def other_stage(scope: Construct, resource: object) -> str | None:
    """How ``resource``, created in a stack of another Stage than ``scope``'s (the App
    counts as one), or imported by a reference to one, is out of reach, e.g. ``"stage
    'Beta', not this construct's stage 'Prod'"``; None otherwise. aws-cdk-lib refuses a
    reference across stages only at synth, with a NoCrossStageDependency trace that names
    no prop."""
    imported = None
    if _is_import(resource):
        # an import is referenced by its name or ARN: by a reference, if that is one
        imported = resource = imported_from(resource)
    if not isinstance(resource, Construct):
        return None
    theirs, mine = stage_of(resource), stage_of(scope)
    # same_jsii_object: the App of ``cdk.Stack()`` is made in JavaScript, and each
    # Stage.of(...) of it is a new proxy
    if theirs is None or mine is None or same_jsii_object(theirs, mine):
        return None
    where = f"{_stage_name(theirs)}, not this construct's {_stage_name(mine)}"
    return where if imported is None else f"{where} (an import of {imported.node.path})"


def _is_import(resource: object) -> bool:
    """``resource`` is an imported resource, such as ``EventBus.from_event_bus_arn``'s: a
    class jsii does not export, so Python holds a proxy that is no ``Resource`` instance."""
    if not implements(resource, IResource):
        return False
    return not Resource.is_owned_resource(cast(IConstruct, resource))


def _stage_name(stage: Stage) -> str:
    return f"stage {stage.node.path!r}" if stage.node.path else "app (outside any stage)"


def check_same_stage(v: Validator, resource: object, prop: str) -> bool:
    """Adds a problem when ``resource`` belongs to another stage (see :func:`other_stage`);
    whether it does not."""
    elsewhere = other_stage(v.scope, resource)  # asked once: an import's is a walk
    if (
        isinstance(resource, Construct)
        and elsewhere is not None
        and not same_jsii_object(resource.node.root, v.scope.node.root)
    ):
        v.add(
            prop,
            f"is {shown(resource)} of another cdk.App: a construct can only use "
            "resources of its own app",
            "create it in this construct's app (in tests: build each App's resources in "
            "that App), or import it into this stack by name or ARN",
        )
        return False
    if elsewhere is None:
        return True  # the fix below is not built: naming the import asks the jsii kernel
    v.add(
        prop,
        f"is in {elsewhere}: a stage is deployed on its own, so nothing in it may "
        "reference a resource of another stage",
        "create the resource in a stack of this stage (each stage gets its own), or "
        f"import it into this stack ({import_example(resource)})",
    )
    return False


def _nested_in(stack: Stack, parent: Stack) -> bool:
    """``stack`` is (nested, at any depth, in) ``parent``: they share an environment."""
    return any(scope is parent for scope in stack.node.scopes)


def check_same_environment(v: Validator, resource: object, prop: str, why: str, fix: str) -> None:
    """Adds a problem when ``resource`` (None: nothing to check) is in another region or
    account than the construct ``v`` validates; ``why`` says what that breaks."""
    if resource is not None and not check_same_stage(v, resource, prop):
        return
    warn_of_fixed_region(v.scope, resource, prop)
    elsewhere = other_environment(v.scope, resource) if resource is not None else None
    if elsewhere is not None:
        v.add(prop, f"is in {elsewhere}: {why}", fix + environment_hint(v.scope, resource))


def environment_hint(scope: Construct, resource: object) -> str:
    """What else fixes a resource of another environment than ``scope``'s: a global
    table's replica of this region (:func:`replica_hint`), or, for one created in another
    stack of the app with an env where this one has none (or the other way round), an env
    for both: aws-cdk-lib tells them apart even when they deploy to one account and region."""
    hint = replica_hint(scope, resource)
    if not isinstance(resource, Construct) or (
        isinstance(resource, Resource) and not Resource.is_owned_resource(resource)
    ):
        return hint
    here, there = stack_of(scope), stack_of(resource)
    known = [(is_unresolved(stack.account), is_unresolved(stack.region)) for stack in (here, there)]
    if known[0] == known[1]:
        return hint
    return (
        hint + f"; if both stacks deploy to one account and region, give {there.node.path} "
        f"and {here.node.path} the same env=cdk.Environment(account=..., region=...)"
    )


def replica_hint(scope: Construct, resource: object) -> str:
    """How to use a global table's replica in ``scope``'s region, if it has one there."""
    region = Stack.of(scope).region
    # table.replica(r) is a table imported under the global table: its copy of another region
    node = getattr(resource, "node", None)
    table = resource if isinstance(resource, dynamodb.TableV2) else getattr(node, "scope", None)
    if not isinstance(table, dynamodb.TableV2) or is_unresolved(region):
        return ""
    if table is not resource and Stack.of(table).region == region:
        return (
            f"; it is a replica of the global table {table.node.path}, which is in {region}: "
            "pass the table itself"
        )
    there, here = Stack.of(table), Stack.of(scope)
    if there.region == region or (
        not is_unresolved(there.account)
        and not is_unresolved(here.account)
        and there.account != here.account
    ):
        return ""  # its replica here is the table itself, or another account's copy of it
    # the replicas as they will be synthesized (table.replica(region) would answer too, but
    # creates the construct it returns: the user's own call would then fail)
    cfn = table.node.default_child
    replicas = Stack.of(table).resolve(getattr(cfn, "replicas", None)) or []
    # an env-agnostic table's own replica is {"Ref": "AWS::Region"}: no region to name
    named = (r.get("region", r.get("Region")) for r in replicas if isinstance(r, dict))
    regions = {name for name in named if isinstance(name, str)}
    if region not in regions:
        return ""
    return (
        f"; the global table {table.node.path} has a replica in {region}: use "
        f"table.replica({region!r}) (an ITableV2 of this region)"
    )


def check_existing_environment(v: Validator, resource: object, prop: str, kind: str) -> None:
    """The rules of an ``existing_*`` resource the construct's functions use: of this
    environment, and (imported from an ARN) a ``kind`` indeed."""
    if not check_imported_arn(
        v, resource, prop, kind, f"the construct would wire its functions to no {kind}"
    ):
        return
    check_same_environment(
        v,
        resource,
        prop,
        f"the functions would use a {kind} of another region or account, which needs a "
        "resource policy and its full name, neither of which the construct sets up",
        f"pass a {kind} of this stack's region and account"
        + (
            f"; to use another team's {kind} of this region, link it to the functions that "
            f"use it instead (Handler(links=[Link.read_write({kind})]): see README, Links)"
            if kind == "table" and imported_from_other_account(v.scope, resource)
            else ""
        ),
    )
    check_resource_key(v, resource, prop, kind)
