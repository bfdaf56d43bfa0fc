"""The KMS key a resource the construct is given says it is encrypted with (an imported
table's, bucket's, queue's, topic's or secret's ``encryption_key``): the functions are
granted its use, which only a key's ARN of the resource's own region grants. An imported
alias (``kms.Alias.from_alias_name``) grants nothing (aws-cdk-lib drops the grant), an
alias's ARN grants only alias operations (IAM names a key by its key ARN), and a key of
another region is not the one the service uses: each synthesized, then the functions
were denied at run time."""

from __future__ import annotations

from typing import Any

from aws_cdk import FeatureFlags, Resource

from constructs_lib._jsii import implements, is_unresolved
from constructs_lib._key_ids import key_id_problem
from constructs_lib._loaded import loaded_module
from constructs_lib._validation import Validator

__all__ = ["KEY_ARN_FIX", "alias_problem", "aws_managed_alias", "check_resource_key"]

# the resource's own key, by the name of the attribute each kind holds it in
_KEY_ATTRIBUTES = ("encryption_key", "encryption_master_key", "master_key")
# the ARN an imported resource's region is read from (aws-cdk-lib gives some of them the
# importing stack's environment whatever the ARN says)
_ARN_ATTRIBUTES = ("table_arn", "queue_arn", "topic_arn", "secret_arn")
#: How to import a key so that grants name it.
KEY_ARN_FIX = (
    "kms.Key.from_key_arn(self, 'Key', 'arn:aws:kms:<region>:<account>:key/<key id>') "
    "(aws kms describe-key --key-id alias/<name> prints it)"
)
_FIX = "import the key by its key ARN, of the {kind}'s region: " + KEY_ARN_FIX


def check_resource_key(v: Validator, resource: Any, prop: str, kind: str) -> bool:
    """Adds a problem when ``resource``'s key cannot be granted as given; whether it can
    (or the resource names no key)."""
    key = next(
        (found for name in _KEY_ATTRIBUTES if (found := getattr(resource, name, None))), None
    )
    kms = loaded_module("aws_kms")  # reading the key imported it, if there is one
    if key is None or kms is None or not implements(key, kms.IKey):
        return True
    fix = _FIX.format(kind=kind)
    what = f"is the {kind} {resource.node.path}"
    problem, granted = _granted(key)
    if problem is not None:
        return v.check(False, prop, f"{what}, encrypted with {problem}", fix)
    if granted is None:
        return True
    arn = granted.key_arn
    theirs, mine = _region(arn), _region_of(resource)
    return v.check(
        theirs is None or mine is None or theirs == mine,
        prop,
        f"{what}, in region {mine}, encrypted with a key of {theirs} ({arn}): a {kind} uses "
        "a key of its own region only, so the grant would name another key",
        _replica_fix(arn, mine) or fix,
    )


def _replica_fix(arn: str, region: str | None) -> str | None:
    """A multi-Region key's (``key/mrk-...``) fix: its replica in ``region`` has the same
    key ID, so its ARN is known (the key must be replicated there)."""
    if region is None or not arn.split(":", 5)[-1].startswith("key/mrk-"):
        return None
    parts = arn.split(":")
    replica = ":".join([*parts[:3], region, *parts[4:]])
    return (
        f"import the multi-Region key's replica in {region} (replicate it there first): "
        f"kms.Key.from_key_arn(self, 'Key', {replica!r})"
    )


# with it, an alias imported by its name grants on the keys of its name, not nothing
_ALIAS_FLAG = "@aws-cdk/aws-kms:applyImportedAliasPermissionsToPrincipal"


def _alias_target(alias: Any) -> Any:
    """The key of an alias imported with ``Alias.from_alias_attributes``; None for one
    imported by its name, whose ``alias_target_key`` aws-cdk-lib refuses to read."""
    try:
        return alias.alias_target_key
    except RuntimeError:  # jsii's ValidationError ("Cannot access aliasTargetKey ...")
        return None


def alias_problem(key: Any) -> str | None:
    """Why a grant on ``key`` would let the functions use no key: an alias imported by its
    name (without aws-cdk-lib's feature flag), or a key imported by its alias's ARN. None
    for a key, an alias created in the app (its grants go to its key), an alias imported
    with its target key (checked as that key), or an AWS managed key's alias (no grant
    needed)."""
    return _granted(key)[0]


def _granted(key: Any) -> tuple[str | None, Any]:
    """What a grant on ``key`` names: (why it names no key, None), or (None, the imported
    key whose ARN's region counts), or (None, None) when there is nothing to check."""
    kms = loaded_module("aws_kms")
    if kms is None or not implements(key, kms.IKey) or aws_managed_alias(key) is not None:
        return None, None  # (an AWS managed key: its policy lets the account's principals in)
    if implements(key, kms.IAlias) and not Resource.is_owned_resource(key):
        if FeatureFlags.of(key).is_enabled(_ALIAS_FLAG):
            return None, None  # the flag grants the keys the alias names (kms:ResourceAliases)
        target = _alias_target(key)
        if target is not None:
            return _granted(target)  # Alias.from_alias_attributes grants on its target key
        return (
            f"the imported alias {key.alias_name!r}: aws-cdk-lib grants nothing on an alias "
            f"imported by its name, so the functions could not decrypt (unless you set the "
            f"feature flag {_ALIAS_FLAG!r} to true in cdk.json's context: aws-cdk-lib then "
            "grants the keys the alias names)"
        ), None
    arn = key.key_arn
    if is_unresolved(arn) or not isinstance(arn, str):
        return None, None
    if ":alias/" not in arn:
        problem = key_id_problem(arn)
        return (problem, None) if problem is not None else (None, key)
    return (
        f"the key {arn!r}, an alias's ARN: IAM names a KMS key by its key ARN only, so the "
        "grant would let the functions use no key"
    ), None


def aws_managed_alias(key: Any) -> str | None:
    """The alias of an AWS managed key (``alias/aws/sqs``) ``key`` is imported by (its
    name or its ARN), whose key policy AWS keeps; None for any other key."""
    kms = loaded_module("aws_kms")
    if kms is None or not implements(key, kms.IKey):
        return None
    if implements(key, kms.IAlias) and not Resource.is_owned_resource(key):
        name = key.alias_name
    else:
        arn = key.key_arn
        plain = isinstance(arn, str) and not is_unresolved(arn) and ":alias/" in arn
        name = arn.split(":", 5)[-1] if plain else None
    return name if _aws_managed(name) else None


def _aws_managed(alias: object) -> bool:
    """An AWS managed key (``alias/aws/sqs``): its key policy lets the account's principals
    use it through the service, with no grant."""
    return isinstance(alias, str) and alias.startswith("alias/aws/")


def _region_of(resource: object) -> str | None:
    for name in _ARN_ATTRIBUTES:
        region = _region(getattr(resource, name, None))
        if region is not None:
            return region
    env = getattr(resource, "env", None)
    region = getattr(env, "region", None)
    return None if region is None or is_unresolved(region) else str(region)


def _region(arn: object) -> str | None:
    if not isinstance(arn, str) or is_unresolved(arn) or not arn.startswith("arn:"):
        return None
    parts = arn.split(":")
    return parts[3] or None if len(parts) > 5 else None
