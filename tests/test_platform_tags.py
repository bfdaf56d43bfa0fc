"""A platform's mandatory tags (README "Platform rules"): ``cdk.Tags`` on a stage reaches
every resource of the library's constructs that CloudFormation can tag, aws-cdk-lib's
helpers included, the two it renders untaggable too (the default security group
provider's role and function, which a Network's new VPC brings)."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk.assertions import Template

from constructs_lib import Network
from tests.support import CDK_CONTEXT, every_kind_of_resource

TAGS = {"cost-centre": "cc-1234", "data-classification": "confidential", "owner": "platform"}
#: CloudFormation types without a Tags property, among those the constructs make.
UNTAGGABLE = {
    "AWS::ApiGatewayV2::ApiMapping",
    "AWS::ApiGatewayV2::Authorizer",
    "AWS::ApiGatewayV2::Integration",
    "AWS::ApiGatewayV2::Route",
    "AWS::CloudFront::CloudFrontOriginAccessIdentity",
    "AWS::CloudFront::Function",
    "AWS::CloudFront::OriginAccessControl",
    "AWS::CloudFront::ResponseHeadersPolicy",
    "AWS::CloudWatch::Dashboard",
    "AWS::CodeDeploy::DeploymentConfig",
    "AWS::EC2::SecurityGroupEgress",
    "AWS::EC2::SecurityGroupIngress",
    "AWS::EC2::SubnetRouteTableAssociation",
    "AWS::EC2::VPCEndpoint",
    "AWS::EC2::VPCGatewayAttachment",
    "AWS::EC2::Route",
    "AWS::Events::Rule",
    "AWS::IAM::Policy",
    "AWS::Lambda::Alias",
    "AWS::Lambda::EventInvokeConfig",
    "AWS::Lambda::EventSourceMapping",
    "AWS::Lambda::LayerVersion",
    "AWS::Lambda::Permission",
    "AWS::Lambda::Version",
    "AWS::S3::BucketPolicy",
    "AWS::SQS::QueuePolicy",
    "AWS::Scheduler::Schedule",
    "AWS::SNS::TopicPolicy",
    "AWS::CDK::Metadata",
}


def _tags(resource: dict[str, Any]) -> dict[str, str]:
    tags = resource.get("Properties", {}).get("Tags") or []
    if isinstance(tags, dict):  # a few types take a map
        return tags
    return {tag["Key"]: tag["Value"] for tag in tags}


def _untagged(stack: cdk.Stack) -> list[str]:
    resources = Template.from_stack(stack).to_json()["Resources"]
    return sorted(
        f"{r['Type']} {logical_id}"
        for logical_id, r in resources.items()
        if r["Type"] not in UNTAGGABLE
        and not r["Type"].startswith("Custom::")
        and not TAGS.items() <= _tags(r).items()
    )


def test_tags_on_a_stage_reach_every_taggable_resource_of_its_stacks() -> None:
    # Proves (user trial): the default security group provider's role and function, plain
    # CfnResources, got none of a platform's mandatory tags (an SCP denying untagged
    # lambda:CreateFunction fails the deploy of any new Network)
    stage = cdk.Stage(cdk.App(context=CDK_CONTEXT), "Dev")
    stack = cdk.Stack(stage, "Photos")
    every_kind_of_resource(stack)
    assert stack.node.try_find_child("Custom::VpcRestrictDefaultSGCustomResourceProvider")
    for key, value in TAGS.items():
        cdk.Tags.of(stage).add(key, value)
    assert _untagged(stack) == []


def test_a_stack_without_tags_gives_the_provider_none() -> None:
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Plain")
    Network(stack, "Network")
    resources = Template.from_stack(stack).to_json()["Resources"]
    providers = {k: r for k, r in resources.items() if "CustomResourceProvider" in k}
    assert len(providers) == 2  # its role and its function, each read below
    for logical_id, resource in providers.items():
        assert "Tags" not in resource["Properties"], logical_id
