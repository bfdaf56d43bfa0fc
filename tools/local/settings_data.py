"""Settings read back and compared with the template's: tables, queues, buckets (their
policies and notifications), EventBridge rules and CloudFront distributions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tools.local.deployed import Clients, Outcome, Resource, ref_id
from tools.local.probes import queue_arn, queue_url, rule_name

Checker = Callable[[Clients, Resource, dict[str, Resource], Outcome, str], None]


def _table_settings(c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str) -> None:
    table = c.dynamodb.describe_table(TableName=r.physical_id)["Table"]
    t = r.type
    o.compare(w, "KeySchema", r.props["KeySchema"], table["KeySchema"], t)
    o.compare(
        w,
        "BillingMode",
        r.props.get("BillingMode", "PROVISIONED"),
        table.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED"),
        t,
    )
    if "DeletionProtectionEnabled" in r.props:
        o.compare(
            w,
            "DeletionProtectionEnabled",
            r.props["DeletionProtectionEnabled"],
            table.get("DeletionProtectionEnabled"),
            t,
        )
    pitr = r.props.get("PointInTimeRecoverySpecification", {}).get("PointInTimeRecoveryEnabled")
    if pitr is not None:
        backups = c.dynamodb.describe_continuous_backups(TableName=r.physical_id)
        status = backups["ContinuousBackupsDescription"].get("PointInTimeRecoveryDescription", {})
        o.compare(
            w,
            "PointInTimeRecovery",
            "ENABLED" if pitr else "DISABLED",
            status.get("PointInTimeRecoveryStatus"),
            t,
        )
    if "SSESpecification" in r.props:
        enabled = r.props["SSESpecification"].get("SSEEnabled", False)
        o.compare(
            w,
            "SSEEnabled",
            enabled,
            table.get("SSEDescription", {}).get("Status") == "ENABLED" if enabled else False,
            t,
        )


def _queue_settings(c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str) -> None:
    attrs = c.sqs.get_queue_attributes(
        QueueUrl=queue_url(c, r.deployed_id), AttributeNames=["All"]
    )["Attributes"]
    p, t = r.props, r.type
    for setting in (
        "VisibilityTimeout",
        "MessageRetentionPeriod",
        "SqsManagedSseEnabled",
        "FifoQueue",
    ):
        if setting in p:
            o.compare(w, setting, str(p[setting]).lower(), str(attrs.get(setting)).lower(), t)
    if "RedrivePolicy" in p:
        redrive = json.loads(attrs.get("RedrivePolicy", "{}"))
        o.compare(
            w,
            "RedrivePolicy.maxReceiveCount",
            int(p["RedrivePolicy"]["maxReceiveCount"]),
            int(redrive.get("maxReceiveCount", 0)),
            t,
        )
        dlq_url = p["RedrivePolicy"]["deadLetterTargetArn"]
        dlq_arn = c.sqs.get_queue_attributes(
            QueueUrl=queue_url(c, dlq_url), AttributeNames=["QueueArn"]
        )["Attributes"]["QueueArn"]
        o.compare(
            w, "RedrivePolicy.deadLetterTargetArn", dlq_arn, redrive.get("deadLetterTargetArn"), t
        )


def _queue_policy_settings(
    c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str
) -> None:
    for url in r.props.get("Queues", []):
        policy = json.loads(
            c.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])["Attributes"][
                "Policy"
            ]
        )
        denies_plain = any(
            s.get("Effect") == "Deny"
            and "aws:SecureTransport" in json.dumps(s.get("Condition", {}))
            for s in policy.get("Statement", [])
        )
        o.check(w, "denies non-TLS access", denies_plain)


def _bucket_settings(c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str) -> None:
    p, t = r.props, r.type
    if "PublicAccessBlockConfiguration" in p:
        block = c.s3.get_public_access_block(Bucket=r.physical_id)["PublicAccessBlockConfiguration"]
        o.compare(
            w, "PublicAccessBlockConfiguration", p["PublicAccessBlockConfiguration"], block, t
        )
    if "VersioningConfiguration" in p:
        o.compare(
            w,
            "Versioning",
            p["VersioningConfiguration"]["Status"],
            c.s3.get_bucket_versioning(Bucket=r.physical_id).get("Status"),
            t,
        )
    if "BucketEncryption" in p:
        rules = c.s3.get_bucket_encryption(Bucket=r.physical_id)[
            "ServerSideEncryptionConfiguration"
        ]["Rules"]
        expected = p["BucketEncryption"]["ServerSideEncryptionConfiguration"][0][
            "ServerSideEncryptionByDefault"
        ]["SSEAlgorithm"]
        o.compare(
            w,
            "SSEAlgorithm",
            expected,
            rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"],
            t,
        )
    if "OwnershipControls" in p:
        rules = c.s3.get_bucket_ownership_controls(Bucket=r.physical_id)["OwnershipControls"][
            "Rules"
        ]
        o.compare(
            w,
            "ObjectOwnership",
            p["OwnershipControls"]["Rules"][0]["ObjectOwnership"],
            rules[0]["ObjectOwnership"],
            t,
        )


def _bucket_policy_settings(
    c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str
) -> None:
    bucket = ref_id(r.props["Bucket"], rs)
    policy = json.loads(c.s3.get_bucket_policy(Bucket=bucket)["Policy"])
    o.check(
        w,
        "denies non-TLS access",
        any(
            s.get("Effect") == "Deny"
            and "aws:SecureTransport" in json.dumps(s.get("Condition", {}))
            for s in policy.get("Statement", [])
        ),
    )


def _rule_settings(c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str) -> None:
    p, t = r.props, r.type
    name, bus = rule_name(r)
    got = c.events.describe_rule(Name=name, EventBusName=bus)
    o.compare(w, "EventBusName", p.get("EventBusName", "default"), got.get("EventBusName"), t)
    o.compare(w, "State", p.get("State", "ENABLED"), got.get("State"), t)
    if "EventPattern" in p:
        o.compare(
            w, "EventPattern", p["EventPattern"], json.loads(got.get("EventPattern", "null")), t
        )
    if "ScheduleExpression" in p:
        o.compare(
            w, "ScheduleExpression", p["ScheduleExpression"], got.get("ScheduleExpression"), t
        )
    targets = {
        x["Id"]: x for x in c.events.list_targets_by_rule(Rule=name, EventBusName=bus)["Targets"]
    }
    o.compare(w, "Targets.Id", sorted(x["Id"] for x in p.get("Targets", [])), sorted(targets), t)
    for expected in p.get("Targets", []):
        target = targets.get(expected["Id"], {})
        where = f"{w} target {expected['Id']}"
        o.compare(where, "Arn", expected["Arn"], target.get("Arn"), t)
        if "RetryPolicy" in expected:
            o.compare(where, "RetryPolicy", expected["RetryPolicy"], target.get("RetryPolicy"), t)
        if "DeadLetterConfig" in expected:
            o.compare(
                where,
                "DeadLetterConfig.Arn",
                queue_arn(c, expected["DeadLetterConfig"]["Arn"]),
                target.get("DeadLetterConfig", {}).get("Arn"),
                t,
            )


def _notification_settings(
    c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str
) -> None:
    config = c.s3.get_bucket_notification_configuration(Bucket=r.props["BucketName"])

    def comparable(kind: str, items: list[dict[str, Any]], arn_key: str) -> list[Any]:
        return sorted(
            (
                queue_arn(c, i[arn_key]) if kind == "QueueConfigurations" else i[arn_key],
                sorted(i.get("Events", [])),
                sorted(
                    (f["Name"].lower(), f["Value"])
                    for f in i.get("Filter", {}).get("Key", {}).get("FilterRules", [])
                ),
            )
            for i in items
        )

    arn_keys = {
        "QueueConfigurations": "QueueArn",
        "TopicConfigurations": "TopicArn",
        "LambdaFunctionConfigurations": "LambdaFunctionArn",
    }
    for kind, items in r.props.get("NotificationConfiguration", {}).items():
        if kind in arn_keys:
            o.compare(
                w,
                f"{kind} (destination, events, filter)",
                comparable(kind, items, arn_keys[kind]),
                comparable(kind, config.get(kind, []), arn_keys[kind]),
                r.type,
            )


def _distribution_settings(
    c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str
) -> None:
    config = c.cloudfront.get_distribution_config(Id=r.physical_id)["DistributionConfig"]
    p = r.props["DistributionConfig"]
    o.compare(
        w,
        "DefaultRootObject",
        p.get("DefaultRootObject", ""),
        config.get("DefaultRootObject", ""),
        r.type,
    )
    o.compare(
        w,
        "ViewerProtocolPolicy",
        p["DefaultCacheBehavior"]["ViewerProtocolPolicy"],
        config["DefaultCacheBehavior"]["ViewerProtocolPolicy"],
        r.type,
    )
    o.compare(
        w, "PriceClass", p.get("PriceClass", "PriceClass_All"), config.get("PriceClass"), r.type
    )


SETTINGS: dict[str, Checker] = {
    "AWS::DynamoDB::Table": _table_settings,
    "AWS::SQS::Queue": _queue_settings,
    "AWS::SQS::QueuePolicy": _queue_policy_settings,
    "AWS::S3::Bucket": _bucket_settings,
    "AWS::S3::BucketPolicy": _bucket_policy_settings,
    "AWS::CloudFront::Distribution": _distribution_settings,
    "AWS::Events::Rule": _rule_settings,
    "Custom::S3BucketNotifications": _notification_settings,
}
