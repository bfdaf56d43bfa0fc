"""Whether two bucket constructs of an app are one bucket in S3: the one answer the checks of
one bucket's notifications share (overlapping configurations, a bucket's own notification
resource wiping an import's).

The rules, as S3 and CloudFormation see the names the app spells:

- A bucket of the app (``s3.Bucket``) is its CloudFormation resource. Its ``bucket_name``
  and ``bucket_arn`` are references to that resource, and so is an import made from either
  (``from_bucket_name(..., bucket.bucket_name)``, ``from_bucket_arn(..., bucket.bucket_arn)``)
  in any stack: two imports of it, one by name and one by ARN, are that one bucket too.
- A literal name is one bucket everywhere (``bucket_name="acme-uploads"``,
  ``from_bucket_name(..., "acme-uploads")``, ``from_bucket_arn(..., "arn:aws:s3:::acme-uploads")``):
  S3 names are global, so an import of it in a stack of another account or region is that
  account's access to the same bucket, not another bucket.
- A name holding ``Aws.ACCOUNT_ID``, ``Aws.REGION`` or ``Aws.STACK_NAME`` takes each from the
  stack it is written in. Where the stack's env tells the value it is the literal name it
  deploys as: ``f"uploads-{Aws.ACCOUNT_ID}"`` in account 111111111111's stack is
  ``uploads-111111111111`` (one bucket with an import of that literal anywhere), another
  bucket than the same text in account 222222222222's stack. Where the env does not tell
  (an environment-agnostic stack) the text stays: the environment-agnostic stacks of one
  deploy all go to the CLI's account and region, so it is one bucket among them, and none
  of the known-env stacks' (whose account may differ: not refused on a guess). Two buckets
  of the app are never one, whatever their names: each is a resource of its own, and one
  name deploys twice only in two accounts or regions (an environment-agnostic Dev and Prod
  stage, each deployed with its account's credentials, each with its
  ``f"uploads-{Aws.ACCOUNT_ID}"``), or not at all (S3 names are global). A nested
  stack's name is known at deploy only, and is its own (CloudFormation makes one per
  nested stack): ``Aws.STACK_NAME`` there is that stack's, another name than every other
  stack's (two instances of one nested stack, each with its ``f"{Aws.STACK_NAME}-uploads"``,
  are two buckets).
- Any other deploy-time value (a parameter's value, an ``Fn.import_value``) is compared by
  its text: one value object is one name wherever it is used. Two objects are two names,
  even of one value (``Fn.import_value("Uploads")`` written twice): nothing is refused
  then, the checks miss that pair rather than resolve every value in every stack.
"""

from __future__ import annotations

from functools import cache

from aws_cdk import Aws, Reference, Tokenization
from aws_cdk import aws_s3 as s3

from constructs_lib._facts import stack_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib._jsii import is_unresolved, same_jsii_object
from constructs_lib._token_text import TOKEN_MARKER

__all__ = ["bucket_keys", "bucket_resource", "one_bucket"]

# How a key was reached, for the messages that say why two constructs are one bucket.
_NAME, _ARN, _ITSELF = "name", "ARN", "itself"

_KEYS: IdentityMap[dict[str, str]] = IdentityMap()


@cache
def _pseudo_parameters() -> tuple[tuple[str, str], ...]:
    """The pseudo parameters a bucket name may hold whose value its stack may tell, with the
    stack attribute telling it (a token where the env does not say)."""
    return ((Aws.ACCOUNT_ID, "account"), (Aws.REGION, "region"), (Aws.STACK_NAME, "stack_name"))


def one_bucket(a: s3.IBucket, b: s3.IBucket) -> str | None:
    """Why ``a`` and ``b`` are one bucket (``"one name"``, ``"one ARN"``, ``"the name and
    the ARN of one bucket"``, ``"one construct"``), or None when they are two."""
    if a is b or same_jsii_object(a, b):
        return "one construct"
    if _of_the_app(a) and _of_the_app(b):
        return None
    keys_a, keys_b = _keys(a), _keys(b)
    reached = [{keys_a[key], keys_b[key]} - {_ITSELF} for key in keys_a.keys() & keys_b.keys()]
    if not reached:
        return None
    if {_NAME} in reached:
        return "one name"
    return "one ARN" if {_ARN} in reached else "the name and the ARN of one bucket"


def _of_the_app(bucket: s3.IBucket) -> bool:
    """Whether ``bucket`` is a bucket the app creates (its own resource), not an import."""
    return isinstance(bucket, s3.Bucket) and isinstance(bucket.node.default_child, s3.CfnBucket)


def bucket_keys(bucket: s3.IBucket) -> frozenset[str]:
    """What S3 knows ``bucket`` by, as texts: two constructs sharing one are one bucket."""
    return frozenset(_keys(bucket))


def _keys(bucket: s3.IBucket) -> dict[str, str]:
    def ask() -> dict[str, str]:
        keys: dict[str, str] = {}
        cfn = bucket.node.default_child
        if isinstance(bucket, s3.Bucket) and isinstance(cfn, s3.CfnBucket):
            keys[f"resource {cfn.node.path}"] = _ITSELF
            if isinstance(cfn.bucket_name, str):  # given, or the token of a generated one
                keys[f"name {_as_deployed(bucket, cfn.bucket_name)}"] = _NAME
            return keys
        for value, how in ((bucket.bucket_name, _NAME), (bucket.bucket_arn, _ARN)):
            if not isinstance(value, str):
                continue
            resource = bucket_resource(value)
            kind = "name" if how == _NAME else "arn"
            key = f"resource {resource}" if resource else f"{kind} {_as_deployed(bucket, value)}"
            keys.setdefault(key, how)
        return keys

    return _KEYS.remembered(bucket, ask)


def bucket_resource(value: str) -> str | None:
    """The path of the app's ``CfnBucket`` whose name (``Ref``) or ARN ``value`` is (a
    bucket's ``bucket_name`` or ``bucket_arn``, wherever used), else None: a literal, or a
    value built around a reference (another bucket's key)."""
    if TOKEN_MARKER not in value:
        return None
    fragments = Tokenization.reverse_string(value)
    if fragments is None or fragments.length != 1:
        return None
    token = fragments.first_token
    if not isinstance(token, Reference) or token.display_name not in ("Ref", "Arn"):
        return None  # another attribute (its domain name), or no reference at all
    return token.target.node.path if isinstance(token.target, s3.CfnBucket) else None


def _as_deployed(bucket: s3.IBucket, name: str) -> str:
    """``name`` as it deploys from ``bucket``'s stack: each pseudo parameter its env tells
    replaced by its value (the rules above)."""
    if TOKEN_MARKER not in name:
        return name
    stack = stack_of(bucket)
    for token, attribute in _pseudo_parameters():
        if token not in name:
            continue
        value = getattr(stack, attribute)
        if not is_unresolved(value):
            name = name.replace(token, value)
        elif attribute == "stack_name":  # a nested stack's: its own, whatever it will be
            name = name.replace(token, f"<the name of the stack {stack.node.path}>")
    return name
