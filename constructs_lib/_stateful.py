"""What replaces a stateful resource (``constructs_lib.testing``'s guard): the resource
types whose replacement loses data, the properties whose change replaces them in place,
and which new resource probably took a removed one's place. Plain dicts, no CDK."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = [
    "REPLACING_PROPERTIES",
    "STATEFUL_RESOURCE_TYPES",
    "likely_successors",
    "replacing_changes",
]

#: Resource types whose replacement loses data (or orphans it, with RETAIN), each with the
#: properties whose change makes CloudFormation replace the resource under the same logical
#: ID (its "Update requires: Replacement" / create-only properties).
REPLACING_PROPERTIES: Mapping[str, frozenset[str]] = {
    "AWS::DynamoDB::Table": frozenset(
        {"TableName", "KeySchema", "LocalSecondaryIndexes", "ImportSourceSpecification"}
    ),
    "AWS::DynamoDB::GlobalTable": frozenset({"TableName", "KeySchema", "LocalSecondaryIndexes"}),
    "AWS::S3::Bucket": frozenset({"BucketName", "BucketNamePrefix", "BucketNamespace"}),
    "AWS::S3Express::DirectoryBucket": frozenset({"BucketName", "LocationName", "DataRedundancy"}),
    "AWS::SQS::Queue": frozenset({"QueueName", "FifoQueue"}),
    "AWS::Logs::LogGroup": frozenset({"LogGroupName"}),
    "AWS::Cognito::UserPool": frozenset({"AliasAttributes", "UsernameAttributes"}),
    "AWS::Kinesis::Stream": frozenset({"Name"}),
    "AWS::EFS::FileSystem": frozenset(
        {"AvailabilityZoneName", "Encrypted", "KmsKeyId", "PerformanceMode"}
    ),
    "AWS::RDS::DBCluster": frozenset(
        {"DBClusterIdentifier", "DatabaseName", "EngineMode", "KmsKeyId", "StorageEncrypted"}
    ),
    "AWS::RDS::DBInstance": frozenset(
        {"DBInstanceIdentifier", "DBName", "KmsKeyId", "MasterUsername", "StorageEncrypted"}
    ),
    "AWS::KMS::Key": frozenset(),  # a new key cannot decrypt what the old one encrypted
    "AWS::SecretsManager::Secret": frozenset({"Name"}),
    "AWS::ECR::Repository": frozenset({"RepositoryName", "EncryptionConfiguration"}),
    "AWS::Backup::BackupVault": frozenset({"BackupVaultName", "EncryptionKeyArn"}),
    "AWS::OpenSearchService::Domain": frozenset({"DomainName", "EngineMode"}),
}

#: Resource types whose replacement loses data (or orphans it, with RETAIN).
STATEFUL_RESOURCE_TYPES: frozenset[str] = frozenset(REPLACING_PROPERTIES)

# The hash CDK appends to a logical ID, and how much of the rest two ids must share at
# their end for one to be taken as the other's successor (more than a "Table" or a "Logs")
_LOGICAL_ID_HASH = re.compile(r"[0-9A-F]{8}$")
_MIN_COMMON_END = 6


def likely_successors(gone: Mapping[str, str], added: Mapping[str, str]) -> dict[str, list[str]]:
    """For each of ``gone`` (id -> type), the ``added`` resources of its type whose ids
    (without CDK's hash) end like it longest, if by more than a "Queue"; else those no other
    gone resource ends like so (a worker's new ``..Queue``, not its ``..DeadLetterQueue``)."""

    def common_end(a: str, b: str) -> int:
        a, b = _LOGICAL_ID_HASH.sub("", a), _LOGICAL_ID_HASH.sub("", b)
        n = 0
        while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
            n += 1
        return n

    scores = {
        old: {new: common_end(old, new) for new, kind in added.items() if kind == gone[old]}
        for old in gone
    }
    best = {old: max(score.values(), default=0) for old, score in scores.items()}
    strong = {
        old: [new for new, n in score.items() if n == best[old] >= _MIN_COMMON_END]
        for old, score in scores.items()
    }
    claimed = {new for news in strong.values() for new in news}
    return {
        old: sorted(strong[old] or [new for new in score if new not in claimed] or score)
        for old, score in scores.items()
    }


def replacing_changes(
    resource_type: str, old: Mapping[str, Any], new: Mapping[str, Any]
) -> list[str]:
    """The properties of ``REPLACING_PROPERTIES[resource_type]`` that differ."""
    old_props, new_props = old.get("Properties") or {}, new.get("Properties") or {}
    return sorted(
        name
        for name in REPLACING_PROPERTIES[resource_type]
        if old_props.get(name) != new_props.get(name)
    )
