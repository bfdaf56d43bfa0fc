"""Whether two bucket objects are one S3 bucket: the same object, the same name as written
(``bucket_name="photos"`` and ``Bucket.from_bucket_name(self, "B", "photos")``), or names
and ARNs that resolve to one bucket's. A worker's event loop (a link writing into its own
source) and two workers' notification configurations of one bucket are found with it."""

from __future__ import annotations

import json
import re

from aws_cdk import Reference, Stack, Tokenization
from aws_cdk.aws_s3 import CfnBucket, IBucket

from constructs_lib._jsii import is_unresolved

__all__ = ["same_bucket"]

# The pseudo parameters whose value differs between two stacks of one account and region.
_STACK_PSEUDO = re.compile(r'"AWS::Stack(Name|Id)"')


def same_bucket(a: IBucket, b: IBucket) -> bool:
    """``a`` and ``b`` are one bucket: the same object, the same literal name, or (in one
    stack) a name or ARN of one that resolves as the other's: a bucket named with a
    deploy-time value (``Fn.join``, a CfnParameter) and its import by that name, a bucket
    and its import by ARN (``Bucket.from_bucket_arn(bucket.bucket_arn)``), or two imports
    of one bucket, by its name and by its ARN (the name the ARN holds). Buckets of two
    deploy-time names are two buckets, whatever their names' parts."""
    if a is b or not _resources(a).isdisjoint(_resources(b)):
        return True
    names = _literal_name(a), _literal_name(b)
    if None not in names:
        return names[0] == names[1]
    stack = Stack.of(a)
    if Stack.of(b) is not stack:  # their references resolve in one stack only
        return not _identities(a, None).isdisjoint(_identities(b, None))
    return not _identities(a, stack).isdisjoint(_identities(b, stack))


def _resources(bucket: IBucket) -> set[str]:
    """The paths of the CfnBuckets ``bucket`` is, or whose name (``Ref``) or ARN its own
    name or ARN is: a bucket of another stack imported there once by name and once by ARN
    resolves to two expressions (``Ref``, ``Fn::GetAtt`` ``Arn``) of that one resource."""
    cfn = bucket.node.default_child
    found = {cfn.node.path} if isinstance(cfn, CfnBucket) else set()
    for value in (bucket.bucket_name, bucket.bucket_arn):
        fragments = Tokenization.reverse_string(value) if isinstance(value, str) else None
        if fragments is None or fragments.length != 1:
            continue  # a literal, or a value built around a reference (another bucket's key)
        token = fragments.first_token
        if not isinstance(token, Reference) or token.display_name not in ("Ref", "Arn"):
            continue  # another attribute (its domain name), or no reference at all
        if isinstance(token.target, CfnBucket):
            found.add(token.target.node.path)
    return found


def _literal_name(bucket: IBucket) -> str | None:
    """The bucket's name where it is written (``bucket_name="photos"``, an import by name
    or by ARN of a literal), else None."""
    cfn = bucket.node.default_child
    given = cfn.bucket_name if isinstance(cfn, CfnBucket) else bucket.bucket_name
    return given if isinstance(given, str) and not is_unresolved(given) else None


def _identities(bucket: IBucket, stack: Stack | None) -> set[str]:
    """The bucket's name as given, its name and its ARN attributes, resolved in ``stack``
    (CloudFormation's expressions, as JSON), or as their token texts without one."""
    cfn = bucket.node.default_child
    given = cfn.bucket_name if isinstance(cfn, CfnBucket) else None
    values = [v for v in (given, bucket.bucket_name, bucket.bucket_arn) if isinstance(v, str)]
    if stack is None:  # one text in two stacks: the same value unless it names its stack
        own = Stack.of(bucket)
        return {value for value in values if not _STACK_PSEUDO.search(_resolved(own, value))}
    resolved = [_resolved(stack, value) for value in values]
    # an unnamed bucket's name prop is a token resolving to nothing: no bucket's identity
    return {value for value in resolved if value != "null"}


def _resolved(stack: Stack, value: str) -> str:
    """``value`` as CloudFormation's expression in ``stack``, as JSON."""
    return json.dumps(stack.resolve(value), sort_keys=True)
