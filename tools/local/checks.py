"""What the local deployment really created, and with which settings, read back with boto3.

Everything is driven by the synthesized templates (``cdk.out``): the resources a template
declares are looked up by the physical IDs CloudFormation reports, and each setting is
compared with the template's value, so a template change needs no edit here. A setting
the emulator is known to drop (:data:`EMULATOR_DROPS`) is listed, not failed; any other
difference fails.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError, ParamValidationError

# (resource type, setting) the emulator accepts but does not keep: listed, never failed.
EMULATOR_DROPS = {
    ("AWS::DynamoDB::Table", "PointInTimeRecovery"),
    ("AWS::Scheduler::Schedule", "ScheduleExpressionTimezone"),
    ("AWS::DynamoDB::Table", "SSEEnabled"),
    ("AWS::S3::Bucket", "ObjectOwnership"),
    ("AWS::Lambda::Function", "ReservedConcurrentExecutions"),
}


@dataclass
class Resource:
    stack: str
    logical_id: str
    type: str
    props: dict[str, Any]
    physical_id: str | None
    status: str | None
    deletion_policy: str | None
    raw: dict[str, Any] = field(default_factory=dict)  # props before Ref/GetAtt resolution
    update_policy: dict[str, Any] = field(default_factory=dict)

    @property
    def deployed_id(self) -> str:
        """The physical ID, for the probes and checks that only run once it is known
        (:func:`exists`, :func:`check_settings`)."""
        if self.physical_id is None:
            raise KeyError(f"{self.stack}/{self.logical_id} has no physical ID")
        return self.physical_id


@dataclass
class Outcome:
    passed: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def compare(self, where: str, setting: str, expected: Any, actual: Any, rtype: str) -> None:
        line = f"{where} {setting}: expected {expected!r}, got {actual!r}"
        if expected == actual:
            self.passed.append(f"{where} {setting} = {_short(expected)}")
        elif (rtype, setting) in EMULATOR_DROPS:
            self.dropped.append(line)
        else:
            self.failed.append(line)

    def check(self, where: str, what: str, ok: bool, detail: str = "") -> None:
        (self.passed if ok else self.failed).append(
            f"{where} {what}" + (f": {detail}" if detail and not ok else "")
        )


def _short(value: Any) -> str:
    text = json.dumps(value, default=str) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "..."


class Clients:
    """One boto3 client per service, made on first use. Clients may be used from several
    threads; making them may not (a boto3 session is not thread-safe), hence the lock."""

    def __init__(self, session: Any) -> None:
        self._session = session
        self._clients: dict[str, Any] = {}
        self._lock = threading.Lock()

    def __getattr__(self, service: str) -> Any:
        if service.startswith("_"):
            raise AttributeError(service)
        client = self._clients.get(service)
        if client is None:
            with self._lock:
                if service not in self._clients:
                    name = service.rstrip("_").replace("_", "-")
                    self._clients[service] = self._session.client(name)
                client = self._clients[service]
        return client


def stack_resources(clients: Clients, stack: str, template: dict[str, Any]) -> dict[str, Resource]:
    """The template's resources with the physical IDs CloudFormation reports for them."""
    reported: dict[str, dict[str, Any]] = {}
    try:
        pages = clients.cloudformation.get_paginator("list_stack_resources").paginate(
            StackName=stack
        )
        for page in pages:
            for summary in page["StackResourceSummaries"]:
                reported[summary["LogicalResourceId"]] = summary
    except ClientError:
        pass
    physical = {k: v.get("PhysicalResourceId") for k, v in reported.items()}
    return {
        logical_id: Resource(
            stack,
            logical_id,
            body["Type"],
            resolve(body.get("Properties", {}), physical),
            physical.get(logical_id),
            reported.get(logical_id, {}).get("ResourceStatus"),
            body.get("DeletionPolicy"),
            body.get("Properties", {}),
            body.get("UpdatePolicy", {}),
        )
        for logical_id, body in template["Resources"].items()
    }


PSEUDO = {
    "AWS::Region": "us-east-1",
    "AWS::AccountId": "123456789012",
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::Partition": "aws",
}


def resolve(value: Any, physical: dict[str, str | None]) -> Any:
    """Ref -> the referenced resource's physical ID; Fn::GetAtt -> the same (a stand-in
    good enough to find the resource); other intrinsics are left as they are."""
    if isinstance(value, list):
        return [resolve(v, physical) for v in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"Ref"}:
        return physical.get(value["Ref"], PSEUDO.get(value["Ref"], value))
    if set(value) == {"Fn::GetAtt"}:
        return physical.get(value["Fn::GetAtt"][0], value)
    resolved = {k: resolve(v, physical) for k, v in value.items()}
    if set(resolved) == {"Fn::Split"} and all(isinstance(a, str) for a in resolved["Fn::Split"]):
        separator, text = resolved["Fn::Split"]
        return text.split(separator)
    if set(resolved) == {"Fn::Select"}:
        index, items = resolved["Fn::Select"]
        if isinstance(items, list) and int(index) < len(items):
            return items[int(index)]
    if set(resolved) == {"Fn::Join"}:
        separator, items = resolved["Fn::Join"]
        if all(isinstance(i, str) for i in items):
            return separator.join(items)
    return resolved


# --- existence: what the emulator really holds ----------------------------------------

Probe = Callable[[Clients, Resource], bool]


def _found(call: Callable[[], Any]) -> bool:
    try:
        call()
        return True
    except (ClientError, ParamValidationError):
        return False


def _queue_url(c: Clients, physical_id: str) -> str:
    return (
        physical_id
        if physical_id.startswith("http")
        else c.sqs.get_queue_url(QueueName=physical_id)["QueueUrl"]
    )


def _function_of(arn_or_name: str) -> tuple[str, str | None]:
    """(function name, qualifier) of an ARN, a qualified ARN or a name."""
    if arn_or_name.startswith("arn:"):
        parts = arn_or_name.split(":")
        return parts[6], (parts[7] if len(parts) > 7 else None)
    return arn_or_name, None


def _log_group(c: Clients, name: str) -> dict[str, Any] | None:
    groups = c.logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"]
    return next((g for g in groups if g["logGroupName"] == name), None)


def _alarm_exists(c: Clients, r: Resource) -> bool:
    alarms = c.cloudwatch.describe_alarms(AlarmNames=[r.physical_id])
    return bool(alarms["MetricAlarms"] or alarms.get("CompositeAlarms"))


def _api_child(kind: str) -> Probe:
    def probe(c: Clients, r: Resource) -> bool:
        api = r.props["ApiId"]
        if kind == "stage":
            return _found(lambda: c.apigatewayv2.get_stage(ApiId=api, StageName=r.physical_id))
        getter = getattr(c.apigatewayv2, f"get_{kind}")
        child = (r.physical_id or "").split("/")[-1]  # routes: "<api id>/<route id>"
        return _found(lambda: getter(ApiId=api, **{f"{kind.capitalize()}Id": child}))

    return probe


def _queue_policy_exists(c: Clients, r: Resource) -> bool:
    urls = r.props.get("Queues", [])
    return bool(urls) and all(
        "Policy"
        in c.sqs.get_queue_attributes(QueueUrl=u, AttributeNames=["Policy"]).get("Attributes", {})
        for u in urls
    )


def _permission_exists(c: Clients, r: Resource) -> bool:
    name, qualifier = _function_of(r.props["FunctionName"])
    kwargs = {"Qualifier": qualifier} if qualifier else {}
    try:
        policy = json.loads(c.lambda_.get_policy(FunctionName=name, **kwargs)["Policy"])
    except ClientError:
        return False
    return bool(policy.get("Statement"))


def _role_policy_exists(c: Clients, r: Resource) -> bool:
    def has_policy(role: str) -> bool:
        return _found(
            lambda: c.iam.get_role_policy(RoleName=role, PolicyName=r.props["PolicyName"])
        )

    roles = r.props.get("Roles", [])
    return bool(roles) and all(has_policy(role) for role in roles)


def _ec2_exists(describe: str, key: str, id_key: str) -> Probe:
    def probe(c: Clients, r: Resource) -> bool:
        try:
            found = getattr(c.ec2, describe)(**{id_key: [r.physical_id]})[key]
        except ClientError:
            return False
        return bool(found)

    return probe


def _route_table_association(c: Clients, r: Resource) -> bool:
    tables = c.ec2.describe_route_tables(RouteTableIds=[r.props["RouteTableId"]])["RouteTables"]
    return any(
        a.get("SubnetId") == r.props["SubnetId"] for t in tables for a in t.get("Associations", [])
    )


def _sg_ingress(c: Clients, r: Resource) -> bool:
    groups = c.ec2.describe_security_groups(GroupIds=[r.props["GroupId"]])["SecurityGroups"]
    return any(
        p.get("FromPort") == r.props.get("FromPort") for g in groups for p in g["IpPermissions"]
    )


def _queue_arn(c: Clients, url_or_arn: str) -> str:
    if url_or_arn.startswith("arn:"):
        return url_or_arn
    return str(
        c.sqs.get_queue_attributes(QueueUrl=_queue_url(c, url_or_arn), AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
    )


def _rule_name(r: Resource) -> tuple[str, str]:
    """(rule name, bus name) of an AWS::Events::Rule ("bus|name" on a custom bus)."""
    bus, _, name = (r.physical_id or "").rpartition("|")
    return name, bus or str(r.props.get("EventBusName", "default"))


def _bucket_notifications(c: Clients, r: Resource) -> bool:
    config = c.s3.get_bucket_notification_configuration(Bucket=r.props["BucketName"])
    wanted = r.props.get("NotificationConfiguration", {})
    return all(len(config.get(kind, [])) >= len(items) for kind, items in wanted.items())


def _bucket_deployment(c: Clients, r: Resource) -> bool:
    listed = c.s3.list_objects_v2(Bucket=r.props["DestinationBucketName"])
    return bool(listed.get("KeyCount"))


PROBES: dict[str, Probe] = {
    "AWS::Lambda::Function": lambda c, r: _found(
        lambda: c.lambda_.get_function(FunctionName=r.physical_id)
    ),
    "AWS::Lambda::Version": lambda c, r: _found(
        lambda: c.lambda_.get_function_configuration(
            FunctionName=_function_of(r.deployed_id)[0],
            Qualifier=_function_of(r.deployed_id)[1] or "$LATEST",
        )
    ),
    "AWS::Lambda::Alias": lambda c, r: _found(
        lambda: c.lambda_.get_alias(
            FunctionName=_function_of(r.props["FunctionName"])[0], Name=r.props["Name"]
        )
    ),
    "AWS::Lambda::Permission": _permission_exists,
    "AWS::Lambda::EventSourceMapping": lambda c, r: _found(
        lambda: c.lambda_.get_event_source_mapping(UUID=r.physical_id)
    ),
    "AWS::Lambda::EventInvokeConfig": lambda c, r: _found(
        lambda: c.lambda_.get_function_event_invoke_config(
            FunctionName=_function_of(r.props["FunctionName"])[0], Qualifier=r.props["Qualifier"]
        )
    ),
    "AWS::Lambda::LayerVersion": lambda c, r: _found(
        lambda: c.lambda_.get_layer_version_by_arn(Arn=r.physical_id)
    ),
    "AWS::Logs::LogGroup": lambda c, r: _log_group(c, r.deployed_id) is not None,
    "AWS::IAM::Role": lambda c, r: _found(lambda: c.iam.get_role(RoleName=r.physical_id)),
    "AWS::IAM::Policy": _role_policy_exists,
    "AWS::DynamoDB::Table": lambda c, r: _found(
        lambda: c.dynamodb.describe_table(TableName=r.physical_id)
    ),
    "AWS::SQS::Queue": lambda c, r: _found(
        lambda: c.sqs.get_queue_attributes(
            QueueUrl=_queue_url(c, r.deployed_id), AttributeNames=["QueueArn"]
        )
    ),
    "AWS::SQS::QueuePolicy": _queue_policy_exists,
    "AWS::S3::Bucket": lambda c, r: _found(lambda: c.s3.head_bucket(Bucket=r.physical_id)),
    "AWS::S3::BucketPolicy": lambda c, r: _found(
        lambda: c.s3.get_bucket_policy(Bucket=r.props["Bucket"])
    ),
    "AWS::ApiGatewayV2::Api": lambda c, r: _found(
        lambda: c.apigatewayv2.get_api(ApiId=r.physical_id)
    ),
    "AWS::ApiGatewayV2::Route": _api_child("route"),
    "AWS::ApiGatewayV2::Integration": _api_child("integration"),
    "AWS::ApiGatewayV2::Authorizer": _api_child("authorizer"),
    "AWS::ApiGatewayV2::Stage": _api_child("stage"),
    "AWS::CloudWatch::Alarm": _alarm_exists,
    "AWS::CloudWatch::Dashboard": lambda c, r: _found(
        lambda: c.cloudwatch.get_dashboard(DashboardName=r.physical_id)
    ),
    "AWS::Scheduler::ScheduleGroup": lambda c, r: _found(
        lambda: c.scheduler.get_schedule_group(Name=r.physical_id)
    ),
    "AWS::Scheduler::Schedule": lambda c, r: _found(
        lambda: c.scheduler.get_schedule(
            Name=r.deployed_id.split("|")[-1], GroupName=r.props.get("GroupName", "default")
        )
    ),
    "AWS::CloudFront::Distribution": lambda c, r: _found(
        lambda: c.cloudfront.get_distribution(Id=r.physical_id)
    ),
    "AWS::CloudFront::OriginAccessControl": lambda c, r: _found(
        lambda: c.cloudfront.get_origin_access_control(Id=r.physical_id)
    ),
    "AWS::CloudFront::ResponseHeadersPolicy": lambda c, r: _found(
        lambda: c.cloudfront.get_response_headers_policy(Id=r.physical_id)
    ),
    "AWS::EC2::VPC": _ec2_exists("describe_vpcs", "Vpcs", "VpcIds"),
    "AWS::EC2::Subnet": _ec2_exists("describe_subnets", "Subnets", "SubnetIds"),
    "AWS::EC2::RouteTable": _ec2_exists("describe_route_tables", "RouteTables", "RouteTableIds"),
    "AWS::EC2::SubnetRouteTableAssociation": _route_table_association,
    "AWS::EC2::SecurityGroup": _ec2_exists(
        "describe_security_groups", "SecurityGroups", "GroupIds"
    ),
    "AWS::EC2::SecurityGroupIngress": _sg_ingress,
    "AWS::EC2::VPCEndpoint": _ec2_exists(
        "describe_vpc_endpoints", "VpcEndpoints", "VpcEndpointIds"
    ),
    "AWS::EC2::FlowLog": _ec2_exists("describe_flow_logs", "FlowLogs", "FlowLogIds"),
    "Custom::CDKBucketDeployment": _bucket_deployment,
    "Custom::S3BucketNotifications": _bucket_notifications,
    "AWS::Events::Rule": lambda c, r: _found(
        lambda: c.events.describe_rule(Name=_rule_name(r)[0], EventBusName=_rule_name(r)[1])
    ),
    "AWS::CodeDeploy::Application": lambda c, r: _found(
        lambda: c.codedeploy.get_application(applicationName=r.physical_id)
    ),
    "AWS::CodeDeploy::DeploymentGroup": lambda c, r: _found(
        lambda: c.codedeploy.get_deployment_group(
            applicationName=r.props["ApplicationName"], deploymentGroupName=r.physical_id
        )
    ),
}
# Nothing to look up: CDK's metadata record, and custom resources that only act.
NOT_A_RESOURCE = {"AWS::CDK::Metadata", "Custom::VpcRestrictDefaultSG"}


def exists(clients: Clients, resource: Resource) -> bool | None:
    """True/False when the emulator can be asked, None when nothing can be looked up."""
    probe = PROBES.get(resource.type)
    if probe is None or resource.physical_id is None:
        return None if probe is None else False
    try:
        return probe(clients, resource)
    except (ClientError, ParamValidationError, KeyError, TypeError):
        return False


# --- settings -------------------------------------------------------------------------


def _ref_id(value: Any, resources: dict[str, Resource]) -> Any:
    """A template value with Ref / GetAtt .Arn resolved far enough to compare names."""
    if isinstance(value, dict) and "Ref" in value and value["Ref"] in resources:
        return resources[value["Ref"]].physical_id
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        target = resources.get(value["Fn::GetAtt"][0])
        return target.physical_id if target else None
    return value


def check_settings(clients: Clients, resources: dict[str, Resource], outcome: Outcome) -> None:
    for r in resources.values():
        checker = SETTINGS.get(r.type)
        if checker is None or r.physical_id is None:
            continue
        where = f"{r.stack}/{r.logical_id}"
        try:
            checker(clients, r, resources, outcome, where)
        except (
            ClientError,
            ParamValidationError,
            KeyError,
            IndexError,
            TypeError,
            ValueError,
        ) as exc:
            outcome.failed.append(f"{where}: {type(exc).__name__}: {exc}")


def _function_settings(
    c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str
) -> None:
    conf = c.lambda_.get_function_configuration(FunctionName=r.physical_id)
    p, t = r.props, r.type
    o.compare(w, "Architectures", p.get("Architectures", ["x86_64"]), conf.get("Architectures"), t)
    o.compare(w, "Runtime", p.get("Runtime"), conf.get("Runtime"), t)
    o.compare(w, "MemorySize", p.get("MemorySize", 128), conf.get("MemorySize"), t)
    o.compare(w, "Timeout", p.get("Timeout", 3), conf.get("Timeout"), t)
    o.compare(w, "Handler", p.get("Handler"), conf.get("Handler"), t)
    if "TracingConfig" in p:
        o.compare(
            w,
            "TracingConfig.Mode",
            p["TracingConfig"]["Mode"],
            conf.get("TracingConfig", {}).get("Mode"),
            t,
        )
    logging_config = p.get("LoggingConfig", {})
    if "LogFormat" in logging_config:
        o.compare(
            w,
            "LoggingConfig.LogFormat",
            logging_config["LogFormat"],
            conf.get("LoggingConfig", {}).get("LogFormat"),
            t,
        )
    if "LogGroup" in logging_config:
        o.compare(
            w,
            "LoggingConfig.LogGroup",
            _ref_id(logging_config["LogGroup"], rs),
            conf.get("LoggingConfig", {}).get("LogGroup"),
            t,
        )
    if "Layers" in p:  # AWS's Powertools layer: its local stand-in (powertools_layer.py)
        layers = conf.get("Layers", [])
        o.compare(w, "Layers", p["Layers"], [layer.get("Arn") for layer in layers], t)
        o.check(w, "Layers hold code", all(layer.get("CodeSize") for layer in layers), str(layers))
    expected_env = sorted(p.get("Environment", {}).get("Variables", {}))
    o.compare(
        w,
        "Environment keys",
        expected_env,
        sorted(conf.get("Environment", {}).get("Variables", {})),
        t,
    )
    if "ReservedConcurrentExecutions" in p:
        got = c.lambda_.get_function_concurrency(FunctionName=r.physical_id).get(
            "ReservedConcurrentExecutions"
        )
        o.compare(w, "ReservedConcurrentExecutions", p["ReservedConcurrentExecutions"], got, t)


def _alias_settings(c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str) -> None:
    name = _function_of(_ref_id(r.props["FunctionName"], rs) or "")[0]
    alias = c.lambda_.get_alias(FunctionName=name, Name=r.props["Name"])
    version = r.props["FunctionVersion"]
    o.compare(w, "Name", r.props["Name"], alias["Name"], r.type)
    o.compare(
        w, "FunctionVersion", _function_of(version or "")[1], alias["FunctionVersion"], r.type
    )


def _log_group_settings(
    c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str
) -> None:
    group = _log_group(c, r.deployed_id) or {}
    o.compare(
        w, "RetentionInDays", r.props.get("RetentionInDays"), group.get("retentionInDays"), r.type
    )


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
        QueueUrl=_queue_url(c, r.deployed_id), AttributeNames=["All"]
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
            QueueUrl=_queue_url(c, dlq_url), AttributeNames=["QueueArn"]
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
    bucket = _ref_id(r.props["Bucket"], rs)
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


def _api_settings(c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str) -> None:
    api = c.apigatewayv2.get_api(ApiId=r.physical_id)
    o.compare(w, "ProtocolType", r.props.get("ProtocolType"), api["ProtocolType"], r.type)
    if "CorsConfiguration" in r.props:
        got = {k: v for k, v in api.get("CorsConfiguration", {}).items()}
        o.compare(
            w,
            "CorsConfiguration.AllowOrigins",
            r.props["CorsConfiguration"].get("AllowOrigins"),
            got.get("AllowOrigins"),
            r.type,
        )


def _route_settings(c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str) -> None:
    route = c.apigatewayv2.get_route(ApiId=r.props["ApiId"], RouteId=r.deployed_id.split("/")[-1])
    o.compare(w, "RouteKey", r.props["RouteKey"], route["RouteKey"], r.type)
    o.compare(
        w,
        "AuthorizationType",
        r.props.get("AuthorizationType", "NONE"),
        route.get("AuthorizationType", "NONE"),
        r.type,
    )
    if "AuthorizerId" in r.props:
        o.compare(
            w,
            "AuthorizerId",
            _ref_id(r.props["AuthorizerId"], rs),
            route.get("AuthorizerId"),
            r.type,
        )


def _authorizer_settings(
    c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str
) -> None:
    got = c.apigatewayv2.get_authorizer(ApiId=r.props["ApiId"], AuthorizerId=r.physical_id)
    o.compare(w, "AuthorizerType", r.props["AuthorizerType"], got["AuthorizerType"], r.type)
    if "JwtConfiguration" in r.props:
        jwt = got.get("JwtConfiguration", {})
        o.compare(
            w,
            "JwtConfiguration.Issuer",
            r.props["JwtConfiguration"]["Issuer"],
            jwt.get("Issuer"),
            r.type,
        )
        o.compare(
            w,
            "JwtConfiguration.Audience",
            r.props["JwtConfiguration"]["Audience"],
            jwt.get("Audience"),
            r.type,
        )


def _stage_settings(c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str) -> None:
    stage = c.apigatewayv2.get_stage(ApiId=r.props["ApiId"], StageName=r.physical_id)
    o.compare(
        w, "AutoDeploy", r.props.get("AutoDeploy", False), stage.get("AutoDeploy", False), r.type
    )
    expected = r.props.get("DefaultRouteSettings", {})
    if expected:
        got = stage.get("DefaultRouteSettings", {})
        o.compare(
            w,
            "DefaultRouteSettings.Throttling",
            [expected.get("ThrottlingRateLimit"), expected.get("ThrottlingBurstLimit")],
            [got.get("ThrottlingRateLimit"), got.get("ThrottlingBurstLimit")],
            r.type,
        )
    if "AccessLogSettings" in r.props:
        o.compare(
            w,
            "AccessLogSettings.DestinationArn",
            r.props["AccessLogSettings"]["DestinationArn"],
            stage.get("AccessLogSettings", {})
            .get("DestinationArn", "")
            .split(":log-group:")[-1]
            .removesuffix(":*"),
            r.type,
        )


def _schedule_settings(
    c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str
) -> None:
    group = _ref_id(r.props.get("GroupName", "default"), rs)
    got = c.scheduler.get_schedule(Name=r.deployed_id.split("|")[-1], GroupName=group)
    p, t = r.props, r.type
    o.compare(w, "ScheduleExpression", p["ScheduleExpression"], got["ScheduleExpression"], t)
    o.compare(
        w,
        "ScheduleExpressionTimezone",
        p.get("ScheduleExpressionTimezone", "UTC"),
        got.get("ScheduleExpressionTimezone", "UTC"),
        t,
    )
    o.compare(w, "FlexibleTimeWindow", p["FlexibleTimeWindow"], got["FlexibleTimeWindow"], t)
    o.compare(w, "State", p.get("State", "ENABLED"), got.get("State"), t)
    target = got["Target"]
    o.compare(w, "Target.Arn", p["Target"]["Arn"], target["Arn"], t)
    if "RetryPolicy" in p["Target"]:
        o.compare(w, "Target.RetryPolicy", p["Target"]["RetryPolicy"], target.get("RetryPolicy"), t)
    if "Input" in p["Target"]:
        o.compare(
            w,
            "Target.Input",
            json.loads(p["Target"]["Input"]),
            json.loads(target.get("Input", "null")),
            t,
        )
    o.check(
        w,
        "Target.DeadLetterConfig",
        bool(target.get("DeadLetterConfig", {}).get("Arn")) == ("DeadLetterConfig" in p["Target"]),
    )


def _event_source_settings(
    c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str
) -> None:
    got = c.lambda_.get_event_source_mapping(UUID=r.physical_id)
    p, t = r.props, r.type
    o.compare(
        w,
        "FunctionResponseTypes",
        p.get("FunctionResponseTypes", []),
        got.get("FunctionResponseTypes", []),
        t,
    )
    o.compare(w, "BatchSize", p.get("BatchSize", 10), got.get("BatchSize"), t)
    if "ScalingConfig" in p:
        o.compare(w, "ScalingConfig", p["ScalingConfig"], got.get("ScalingConfig"), t)
    o.check(w, "targets the live alias", got["FunctionArn"].endswith(":live"), got["FunctionArn"])


def _invoke_config_settings(
    c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str
) -> None:
    name = _function_of(_ref_id(r.props["FunctionName"], rs) or "")[0]
    got = c.lambda_.get_function_event_invoke_config(
        FunctionName=name, Qualifier=r.props["Qualifier"]
    )
    p, t = r.props, r.type
    o.compare(
        w, "MaximumRetryAttempts", p.get("MaximumRetryAttempts"), got.get("MaximumRetryAttempts"), t
    )
    o.compare(
        w,
        "MaximumEventAgeInSeconds",
        p.get("MaximumEventAgeInSeconds"),
        got.get("MaximumEventAgeInSeconds"),
        t,
    )
    o.check(
        w,
        "DestinationConfig.OnFailure",
        bool(got.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination")),
    )


def _alarm_settings(c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str) -> None:
    alarm = c.cloudwatch.describe_alarms(AlarmNames=[r.physical_id])["MetricAlarms"][0]
    o.compare(w, "Threshold", float(r.props["Threshold"]), alarm["Threshold"], r.type)
    o.compare(
        w, "ComparisonOperator", r.props["ComparisonOperator"], alarm["ComparisonOperator"], r.type
    )
    o.compare(
        w,
        "TreatMissingData",
        r.props.get("TreatMissingData", "missing"),
        alarm.get("TreatMissingData", "missing"),
        r.type,
    )
    _alarm_actions(c, r, o, w, alarm)


def _alarm_actions(c: Clients, r: Resource, o: Outcome, w: str, alarm: dict[str, Any]) -> None:
    for setting in ("AlarmActions", "OKActions", "InsufficientDataActions"):
        if setting in r.props:
            o.compare(w, setting, r.props[setting], alarm.get(setting, []), r.type)


def _codedeploy_app_settings(
    c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str
) -> None:
    app = c.codedeploy.get_application(applicationName=r.physical_id)["application"]
    o.compare(
        w, "ComputePlatform", r.props.get("ComputePlatform"), app.get("computePlatform"), r.type
    )


def _deployment_group_settings(
    c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str
) -> None:
    p, t = r.props, r.type
    got = c.codedeploy.get_deployment_group(
        applicationName=p["ApplicationName"], deploymentGroupName=r.physical_id
    )["deploymentGroupInfo"]
    o.compare(
        w, "DeploymentConfigName", p.get("DeploymentConfigName"), got.get("deploymentConfigName"), t
    )
    alarms = p.get("AlarmConfiguration", {})
    o.compare(
        w,
        "AlarmConfiguration",
        [alarms.get("Enabled", False), sorted(a["Name"] for a in alarms.get("Alarms", []))],
        [
            got["alarmConfiguration"]["enabled"],
            sorted(a["name"] for a in got["alarmConfiguration"]["alarms"]),
        ],
        t,
    )
    rollback = p.get("AutoRollbackConfiguration", {})
    o.compare(
        w,
        "AutoRollbackConfiguration",
        [rollback.get("Enabled", False), sorted(rollback.get("Events", []))],
        [
            got["autoRollbackConfiguration"]["enabled"],
            sorted(got["autoRollbackConfiguration"]["events"]),
        ],
        t,
    )
    style = p.get("DeploymentStyle", {})
    o.compare(
        w,
        "DeploymentStyle",
        [style.get("DeploymentType"), style.get("DeploymentOption")],
        [got["deploymentStyle"]["deploymentType"], got["deploymentStyle"]["deploymentOption"]],
        t,
    )
    # every rollback alarm exists
    for name in (a["Name"] for a in alarms.get("Alarms", [])):
        o.check(w, f"rollback alarm {name} exists", _found_alarm(c, name))
    # the aliases it deploys name it in their UpdatePolicy
    aliases = [
        a
        for a in rs.values()
        if a.type == "AWS::Lambda::Alias"
        and resolve(
            a.update_policy.get("CodeDeployLambdaAliasUpdate", {}).get("DeploymentGroupName"),
            {x.logical_id: x.physical_id for x in rs.values()},
        )
        == r.physical_id
    ]
    o.check(w, f"deploys {len(aliases)} alias(es) (their UpdatePolicy names it)", bool(aliases))


def _found_alarm(c: Clients, name: str) -> bool:
    return bool(c.cloudwatch.describe_alarms(AlarmNames=[name])["MetricAlarms"])


def _rule_settings(c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str) -> None:
    p, t = r.props, r.type
    name, bus = _rule_name(r)
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
                _queue_arn(c, expected["DeadLetterConfig"]["Arn"]),
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
                _queue_arn(c, i[arn_key]) if kind == "QueueConfigurations" else i[arn_key],
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


SETTINGS: dict[str, Callable[[Clients, Resource, dict[str, Resource], Outcome, str], None]] = {
    "AWS::Lambda::Function": _function_settings,
    "AWS::Lambda::Alias": _alias_settings,
    "AWS::Logs::LogGroup": _log_group_settings,
    "AWS::DynamoDB::Table": _table_settings,
    "AWS::SQS::Queue": _queue_settings,
    "AWS::SQS::QueuePolicy": _queue_policy_settings,
    "AWS::S3::Bucket": _bucket_settings,
    "AWS::S3::BucketPolicy": _bucket_policy_settings,
    "AWS::ApiGatewayV2::Api": _api_settings,
    "AWS::ApiGatewayV2::Route": _route_settings,
    "AWS::ApiGatewayV2::Authorizer": _authorizer_settings,
    "AWS::ApiGatewayV2::Stage": _stage_settings,
    "AWS::Scheduler::Schedule": _schedule_settings,
    "AWS::Lambda::EventSourceMapping": _event_source_settings,
    "AWS::Lambda::EventInvokeConfig": _invoke_config_settings,
    "AWS::CloudWatch::Alarm": _alarm_settings,
    "AWS::CloudFront::Distribution": _distribution_settings,
    "AWS::CodeDeploy::Application": _codedeploy_app_settings,
    "AWS::CodeDeploy::DeploymentGroup": _deployment_group_settings,
    "AWS::Events::Rule": _rule_settings,
    "Custom::S3BucketNotifications": _notification_settings,
}


def retained(resource: Resource) -> bool:
    """Kept on stack deletion: RETAIN, or a BucketDeployment's files (RetainOnDelete)."""
    if resource.type == "Custom::CDKBucketDeployment":
        return str(resource.props.get("RetainOnDelete", "true")).lower() != "false"
    return resource.deletion_policy in ("Retain", "RetainExceptOnCreate")


def iter_resources(all_resources: dict[str, dict[str, Resource]]) -> Iterator[Resource]:
    for resources in all_resources.values():
        yield from resources.values()
