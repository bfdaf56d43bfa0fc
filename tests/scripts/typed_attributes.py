"""A user's code reading every public attribute of every construct, type-checked by
``make lint`` (mypy --strict, pyproject.toml's ``files``): each attribute has the type its
documentation gives (``assert_type``), and what a user does with the common ones (a grant,
an acknowledgement, a rollback alarm, a database rule) type-checks without a cast or an
``assert ... is not None``; rebinding an attribute or changing a collection is an error
mypy reports (each ``type: ignore`` below is one: strict mypy fails on an unused one).
Never run: the constructs' tests build each of them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import assert_type

import aws_cdk as cdk
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_codedeploy as codedeploy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as event_sources
from aws_cdk import aws_logs as logs
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs

from constructs_lib import (
    ApiAuth,
    EventHandler,
    Handler,
    Monitoring,
    Network,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
    StaticSite,
    acknowledge,
)

REASON = "The job writes under reports/ only: keys carry the run's date."


def function_constructs(stack: cdk.Stack, network: Network) -> None:
    handler = Handler(code="handlers/jobs", entry="app.handler")
    worker = QueueWorker(stack, "Worker", handler=handler, network=network)
    job = ScheduledJob(stack, "Job", handler=handler, schedule="rate(1 hour)")
    on_event = EventHandler(stack, "OnEvent", handler=handler, event_pattern={"source": ["a"]})
    for construct in (worker, job, on_event):
        assert_type(construct.function, lambda_.Function)
        assert_type(construct.alias, lambda_.Alias)
        assert_type(construct.function_role, iam.Role)
        assert_type(construct.security_group, ec2.SecurityGroup | None)
        assert_type(construct.deployment_group, codedeploy.LambdaDeploymentGroup | None)
        assert_type(construct.alarms, Sequence[cloudwatch.Alarm])
        acknowledge(construct.function_role, "AwsSolutions-IAM5[Resource::*]", REASON)
    assert_type(worker.queue, sqs.IQueue)
    assert_type(worker.dead_letter_queue, sqs.Queue | None)
    assert_type(worker.event_source, event_sources.SqsEventSource)
    assert_type(job.dead_letter_queue, sqs.Queue)
    assert_type(job.role, iam.Role)
    assert_type(job.schedule, scheduler.Schedule)
    assert_type(job.schedule_group, scheduler.ScheduleGroup)
    assert_type(on_event.dead_letter_queue, sqs.Queue)
    assert_type(on_event.rule, events.Rule)
    if worker.security_group is not None:
        worker.security_group.connections.allow_to(ec2.Peer.ipv4("10.0.0.0/16"), ec2.Port.tcp(5432))
    if job.deployment_group is not None:
        job.deployment_group.add_alarm(job.alarms[0])
    worker.add_rollback_alarm(job.alarms[0])  # in every stage, no None check
    assert_type(worker.provisioned_concurrency_spillover_alarm, cloudwatch.Alarm | None)


def api_and_site(stack: cdk.Stack) -> None:
    api = ServerlessApi(
        stack,
        "Api",
        routes={"GET /api/a": Handler(code="handlers/api", entry="app.handler")},
        auth=ApiAuth.iam(),
    )
    assert_type(api.url, str)
    assert_type(api.http_api, apigwv2.HttpApi)
    assert_type(api.stage, apigwv2.HttpStage)
    assert_type(api.access_log_group, logs.LogGroup)
    assert_type(api.table, dynamodb.ITable | None)
    assert_type(api.domain_name, apigwv2.IDomainName | None)
    assert_type(api.api_mapping, apigwv2.ApiMapping | None)
    assert_type(api.records, Sequence[route53.RecordSet])
    assert_type(api.functions["GET /api/a"], lambda_.Function)
    assert_type(api.aliases["GET /api/a"], lambda_.Alias)
    assert_type(api.function_roles["GET /api/a"], iam.Role)
    assert_type(api.security_groups["GET /api/a"], ec2.SecurityGroup | None)
    assert_type(api.deployment_groups["GET /api/a"], codedeploy.LambdaDeploymentGroup | None)
    assert_type(api.alarms, Sequence[cloudwatch.Alarm])
    assert_type(api.provisioned_concurrency_spillover_alarms, Mapping[str, cloudwatch.Alarm])
    api.add_rollback_alarm(api.alarms[0], routes=["GET /api/a"])
    assert_type(api.authorizer, apigwv2.IHttpRouteAuthorizer | None)
    site = StaticSite(stack, "Site", source="site", api=api)
    assert_type(site.url, str)
    assert_type(site.bucket, s3.IBucket)
    assert_type(site.log_bucket, s3.Bucket)
    assert_type(site.distribution, cloudfront.Distribution)
    assert_type(site.response_headers_policy, cloudfront.ResponseHeadersPolicy)
    assert_type(site.deployment, s3deploy.BucketDeployment)
    assert_type(site.config_deployment, s3deploy.BucketDeployment | None)
    assert_type(site.records, Sequence[route53.RecordSet])
    assert_type(site.alarms, Sequence[cloudwatch.Alarm])


def network_and_monitoring(stack: cdk.Stack) -> Network:
    network = Network(stack, "Network")
    assert_type(network.vpc, ec2.IVpc)
    assert_type(network.subnets, ec2.SubnetSelection)
    assert_type(network.flow_log_group, logs.LogGroup | None)
    assert_type(network.gateway_endpoints, Mapping[str, ec2.GatewayVpcEndpoint])
    assert_type(network.endpoint_security_group, ec2.SecurityGroup | None)
    assert_type(network.interface_endpoints, Mapping[str, ec2.InterfaceVpcEndpoint])
    assert_type(network.creates_interface_endpoints, bool)
    assert_type(network.internet_egress, bool)
    assert_type(network.owns_vpc, bool)
    assert_type(network.endpoint("sqs"), ec2.InterfaceVpcEndpoint)
    monitoring = Monitoring(stack)
    assert_type(monitoring.alarm_topic, sns.ITopic | None)
    assert_type(monitoring.dashboard, cloudwatch.Dashboard | None)
    assert_type(monitoring.alarms, Sequence[cloudwatch.Alarm])
    return network


def read_only(api: ServerlessApi, worker: QueueWorker, network: Network) -> None:
    """What fails at construct time (a ConstructError, or the view's TypeError) fails mypy."""
    api.table = None  # type: ignore[misc]
    worker.queue = worker.queue  # type: ignore[misc]
    worker.function_role = worker.function_role  # type: ignore[misc]
    api.functions["GET /b"] = api.functions["GET /api/a"]  # type: ignore[index]
    network.gateway_endpoints.clear()  # type: ignore[attr-defined]
    worker.alarms.append(worker.alarms[0])  # type: ignore[attr-defined]
