"""StaticSite: CDK's deployment function invalidates the site's distribution, and may
invalidate that distribution only (not every distribution of the account)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from aws_cdk.assertions import Template

from constructs_lib import acknowledge
from constructs_lib.static_site import StaticSite
from tests.static_site_support import deployments
from tests.support import CDK_CONTEXT, SITE, nag_findings, new_stack

INVALIDATION = ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"]


def _invalidation_statements(template: Template) -> list[dict[str, Any]]:
    """The statements of CDK's deployment role (shared by the stack's BucketDeployments)
    that name a CloudFront action."""
    (policy,) = [
        r
        for k, r in template.find_resources("AWS::IAM::Policy").items()
        if k.startswith("CustomCDKBucketDeployment")
    ]
    return [
        s
        for s in policy["Properties"]["PolicyDocument"]["Statement"]
        if any(a.startswith("cloudfront:") for a in s["Action"])
    ]


def _logical_id(template: Template, prefix: str) -> str:
    (logical_id,) = [
        k for k in template.find_resources("AWS::CloudFront::Distribution") if k.startswith(prefix)
    ]
    return logical_id


def test_the_deployment_invalidates_the_sites_distribution_on_its_arn_only() -> None:
    # GIVEN / WHEN
    stack = new_stack()
    StaticSite(stack, "Site", source=SITE)
    template = Template.from_stack(stack)
    distribution = _logical_id(template, "SiteDistribution")
    # THEN the custom resource invalidates everything of that distribution, as before
    (content,) = [p for k, p in deployments(template).items() if k.startswith("SiteDeployment")]
    assert content["DistributionId"] == {"Ref": distribution}
    assert content["DistributionPaths"] == ["/*"]
    # and the role may invalidate that distribution, not every one ('*')
    assert _invalidation_statements(template) == [
        {
            "Action": INVALIDATION,
            "Effect": "Allow",
            "Resource": {
                "Fn::Join": [
                    "",
                    [
                        "arn:",
                        {"Ref": "AWS::Partition"},
                        ":cloudfront::",
                        {"Ref": "AWS::AccountId"},
                        ":distribution/",
                        {"Ref": distribution},
                    ],
                ]
            },
        }
    ]


def test_two_sites_share_the_deployment_role_each_granted_its_own_distribution() -> None:
    stack = new_stack()
    StaticSite(stack, "One", source=SITE)
    StaticSite(stack, "Two", source=SITE)
    template = Template.from_stack(stack)
    statements = _invalidation_statements(template)
    resources = [r for s in statements for r in _as_list(s["Resource"])]
    assert all(s["Action"] == INVALIDATION for s in statements)
    assert "*" not in resources
    granted = {r["Fn::Join"][1][-1]["Ref"] for r in resources}
    assert granted == {
        _logical_id(template, "OneDistribution"),
        _logical_id(template, "TwoDistribution"),
    }


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_the_site_acknowledges_no_wildcard_of_another_deployment_with_a_distribution(
    tmp_path: Path,
) -> None:
    # GIVEN a site, and the app's own BucketDeployment invalidating a distribution of its
    # own in the same stack (aws-cdk-lib grants that on '*', on the shared role)
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Test")
    StaticSite(stack, "Site", source=SITE)
    bucket = s3.Bucket.from_bucket_name(stack, "Other", "other-bucket")
    other = cloudfront.Distribution.from_distribution_attributes(
        stack, "OtherCdn", distribution_id="E2EXAMPLE", domain_name="d.cloudfront.net"
    )
    s3deploy.BucketDeployment(
        stack,
        "Mine",
        sources=[s3deploy.Source.asset(str(SITE))],
        destination_bucket=bucket,
        distribution=other,
        memory_limit=1024,
    )
    # WHEN cdk-nag checks the app
    findings = nag_findings(app, tmp_path)
    # THEN that '*' is reported to the app (the site's acknowledgement names none)
    role_policy = (
        "Test/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C1024MiB"
        "/ServiceRole/DefaultPolicy/Resource"
    )
    assert ("AwsSolutions-IAM5[Resource::*]", role_policy) in findings


def test_a_deployment_without_memory_limit_has_a_function_of_its_own() -> None:
    # GIVEN a site (deployment_memory_mib 1024) and the app's own BucketDeployment with a
    # distribution, no memory_limit (aws-cdk-lib's default size is 1024 MiB too)
    stack = new_stack()
    StaticSite(stack, "Site", source=SITE)
    other = cloudfront.Distribution.from_distribution_attributes(
        stack, "OtherCdn", distribution_id="E2EXAMPLE", domain_name="d.cloudfront.net"
    )
    s3deploy.BucketDeployment(
        stack,
        "Mine",
        sources=[s3deploy.Source.asset(str(SITE))],
        destination_bucket=s3.Bucket.from_bucket_name(stack, "Other", "other-bucket"),
        distribution=other,
    )
    # WHEN
    template = Template.from_stack(stack)
    # THEN aws-cdk-lib names its singleton by the memory given: two functions, two roles,
    # and the '*' grant is on the app's deployment's role, never on the site's
    policies = {
        k: [
            s["Resource"]
            for s in r["Properties"]["PolicyDocument"]["Statement"]
            if any(a.startswith("cloudfront:") for a in s["Action"])
        ]
        for k, r in template.find_resources("AWS::IAM::Policy").items()
        if k.startswith("CustomCDKBucketDeployment")
    }
    site_role = [k for k in policies if "1024MiB" in k]
    own_role = [k for k in policies if "1024MiB" not in k]
    assert len(site_role) == 1 and len(own_role) == 1
    assert "*" not in policies[site_role[0]]
    assert policies[own_role[0]] == ["*"]


def test_readme_s_acknowledgement_of_the_app_s_own_deployment_passes_cdk_nag(
    tmp_path: Path,
) -> None:
    # GIVEN a site, and the app's own BucketDeployment invalidating the site's distribution
    # on the shared role, acknowledged as README's StaticSite "Default settings" says
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Test")
    site = StaticSite(stack, "Site", source=SITE, alarms=False)
    mine = s3deploy.BucketDeployment(
        stack,
        "Robots",
        sources=[s3deploy.Source.data("robots.txt", "User-agent: *")],
        destination_bucket=site.bucket,
        prune=False,
        memory_limit=1024,
        distribution=site.distribution,
        distribution_paths=["/robots.txt"],
    )
    acknowledge(
        mine.handler_role,
        "AwsSolutions-IAM5[Resource::*]",
        reason="aws-cdk-lib grants the invalidation of robots.txt on '*'",
    )
    # WHEN cdk-nag checks the app THEN it finds nothing
    assert nag_findings(app, tmp_path) == set()
