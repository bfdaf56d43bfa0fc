"""Existence: what the emulator really holds of a deployed resource (:func:`exists`), asked
per resource type by its physical ID.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError, ParamValidationError

from tools.local.deployed import Clients, Resource

Probe = Callable[[Clients, Resource], bool]


def _found(call: Callable[[], Any]) -> bool:
    try:
        call()
        return True
    except (ClientError, ParamValidationError):
        return False


def queue_url(c: Clients, physical_id: str) -> str:
    return (
        physical_id
        if physical_id.startswith("http")
        else c.sqs.get_queue_url(QueueName=physical_id)["QueueUrl"]
    )


def function_of(arn_or_name: str) -> tuple[str, str | None]:
    """(function name, qualifier) of an ARN, a qualified ARN or a name."""
    if arn_or_name.startswith("arn:"):
        parts = arn_or_name.split(":")
        return parts[6], (parts[7] if len(parts) > 7 else None)
    return arn_or_name, None


def log_group(c: Clients, name: str) -> dict[str, Any] | None:
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
    name, qualifier = function_of(r.props["FunctionName"])
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


def queue_arn(c: Clients, url_or_arn: str) -> str:
    if url_or_arn.startswith("arn:"):
        return url_or_arn
    return str(
        c.sqs.get_queue_attributes(QueueUrl=queue_url(c, url_or_arn), AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
    )


def rule_name(r: Resource) -> tuple[str, str]:
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
            FunctionName=function_of(r.deployed_id)[0],
            Qualifier=function_of(r.deployed_id)[1] or "$LATEST",
        )
    ),
    "AWS::Lambda::Alias": lambda c, r: _found(
        lambda: c.lambda_.get_alias(
            FunctionName=function_of(r.props["FunctionName"])[0], Name=r.props["Name"]
        )
    ),
    "AWS::Lambda::Permission": _permission_exists,
    "AWS::Lambda::EventSourceMapping": lambda c, r: _found(
        lambda: c.lambda_.get_event_source_mapping(UUID=r.physical_id)
    ),
    "AWS::Lambda::EventInvokeConfig": lambda c, r: _found(
        lambda: c.lambda_.get_function_event_invoke_config(
            FunctionName=function_of(r.props["FunctionName"])[0], Qualifier=r.props["Qualifier"]
        )
    ),
    "AWS::Lambda::LayerVersion": lambda c, r: _found(
        lambda: c.lambda_.get_layer_version_by_arn(Arn=r.physical_id)
    ),
    "AWS::Logs::LogGroup": lambda c, r: log_group(c, r.deployed_id) is not None,
    "AWS::IAM::Role": lambda c, r: _found(lambda: c.iam.get_role(RoleName=r.physical_id)),
    "AWS::IAM::Policy": _role_policy_exists,
    "AWS::DynamoDB::Table": lambda c, r: _found(
        lambda: c.dynamodb.describe_table(TableName=r.physical_id)
    ),
    "AWS::SQS::Queue": lambda c, r: _found(
        lambda: c.sqs.get_queue_attributes(
            QueueUrl=queue_url(c, r.deployed_id), AttributeNames=["QueueArn"]
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
        lambda: c.events.describe_rule(Name=rule_name(r)[0], EventBusName=rule_name(r)[1])
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
