"""StaticSite: every default as a spec: buckets, distribution, domain, cdk-nag (content:
_content.py, headers: _csp.py, rules: _validation.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from aws_cdk.assertions import Match, Template

from constructs_lib.static_site import StaticSite
from tests.static_site_support import (
    WEB_ACL,
    api_url,
    build_site,
    custom_domain,
    distribution_config,
    resource,
)
from tests.support import CDK_CONTEXT, CERT_ARN, SITE, nag_findings, new_stack

CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"


@pytest.fixture(scope="module")
def template(default_site: tuple[StaticSite, Template]) -> Template:
    return default_site[1]


# --- content bucket -------------------------------------------------------------------------


def test_content_bucket_is_private_encrypted_versioned_and_retained(template: Template) -> None:
    bucket = resource(template, "AWS::S3::Bucket", "SiteBucket")
    assert bucket["DeletionPolicy"] == "Retain"
    props = bucket["Properties"]
    assert props["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"] == [
        {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
    ]
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    assert props["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    assert "WebsiteConfiguration" not in props  # CloudFront reads it through OAC only


def test_old_versions_expire_after_30_days(template: Template) -> None:
    bucket = resource(template, "AWS::S3::Bucket", "SiteBucket")
    (rule,) = bucket["Properties"]["LifecycleConfiguration"]["Rules"]
    assert rule["NoncurrentVersionExpiration"] == {"NoncurrentDays": 30}
    assert rule["ExpiredObjectDeleteMarker"] is True


def test_content_bucket_logs_access_to_the_log_bucket(template: Template) -> None:
    template.has_resource_properties(
        "AWS::S3::Bucket",
        {
            "LoggingConfiguration": {
                "DestinationBucketName": {"Ref": Match.string_like_regexp("^SiteLogBucket")},
                "LogFilePrefix": "s3/",
            }
        },
    )


def test_content_bucket_policy_denies_plain_http_and_lets_only_this_distribution_read(
    template: Template,
) -> None:
    policy = resource(template, "AWS::S3::BucketPolicy", "SiteBucketPolicy")
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    deny = [s for s in statements if s["Effect"] == "Deny"]
    assert [s["Condition"] for s in deny] == [
        {"Bool": {"aws:SecureTransport": "false"}},
        {"NumericLessThan": {"s3:TlsVersion": 1.2}},  # TLS 1.0/1.1 refused too
    ]
    allow = [s for s in statements if s["Effect"] == "Allow" and "Service" in s["Principal"]]
    (oac,) = [s for s in allow if s["Principal"]["Service"] == "cloudfront.amazonaws.com"]
    assert oac["Action"] == "s3:GetObject"
    source_arn = json.dumps(oac["Condition"]["StringEquals"]["AWS:SourceArn"])
    assert "distribution/" in source_arn and "SiteDistribution" in source_arn
    template.resource_count_is("AWS::CloudFront::CloudFrontOriginAccessIdentity", 0)


# --- log bucket -----------------------------------------------------------------------------


def test_log_bucket_accepts_cloudfront_logs_and_expires_them(template: Template) -> None:
    bucket = resource(template, "AWS::S3::Bucket", "SiteLogBucket")
    assert bucket["DeletionPolicy"] == "Retain"
    props = bucket["Properties"]
    # CloudFront standard logging (legacy) writes through ACLs
    assert props["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]}
    assert props["PublicAccessBlockConfiguration"]["BlockPublicAcls"] is True
    assert props["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"] is True
    assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"] == [
        {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
    ]
    (rule,) = props["LifecycleConfiguration"]["Rules"]
    assert rule["ExpirationInDays"] == 90


def test_log_bucket_denies_plain_http(template: Template) -> None:
    policy = resource(template, "AWS::S3::BucketPolicy", "SiteLogBucketPolicy")
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    assert {"Bool": {"aws:SecureTransport": "false"}} in [
        s.get("Condition") for s in statements if s["Effect"] == "Deny"
    ]


# --- distribution ---------------------------------------------------------------------------


def test_distribution_reads_the_bucket_through_origin_access_control(template: Template) -> None:
    template.has_resource_properties(
        "AWS::CloudFront::OriginAccessControl",
        {
            "OriginAccessControlConfig": {
                "OriginAccessControlOriginType": "s3",
                "SigningBehavior": "always",
                "SigningProtocol": "sigv4",
            }
        },
    )
    (origin,) = distribution_config(template)["Origins"]
    oac_id = origin["OriginAccessControlId"]["Fn::GetAtt"]
    assert oac_id[0].startswith("SiteOriginAccessControl") and oac_id[1] == "Id"
    assert origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}
    assert origin["DomainName"]["Fn::GetAtt"][1] == "RegionalDomainName"


def test_distribution_defaults(template: Template) -> None:
    config = distribution_config(template)
    behavior = config["DefaultCacheBehavior"]
    assert behavior["ViewerProtocolPolicy"] == "redirect-to-https"
    assert behavior["Compress"] is True
    assert behavior["AllowedMethods"] == ["GET", "HEAD"]
    assert behavior["CachePolicyId"] == CACHING_OPTIMIZED
    assert behavior["ResponseHeadersPolicyId"]["Ref"].startswith("SiteSecurityHeaders")
    assert config["HttpVersion"] == "http2and3"
    assert config["DefaultRootObject"] == "index.html"
    assert config["PriceClass"] == "PriceClass_100"
    assert config["IPV6Enabled"] is True
    assert config["Logging"]["Prefix"] == "cloudfront/"
    assert config["Logging"]["Bucket"]["Fn::GetAtt"][0].startswith("SiteLogBucket")
    assert "ViewerCertificate" not in config and "Aliases" not in config
    assert "WebACLId" not in config and "Restrictions" not in config


def test_spa_serves_index_html_for_missing_paths(template: Template) -> None:
    assert distribution_config(template)["CustomErrorResponses"] == [
        {"ErrorCode": 403, "ResponseCode": 200, "ResponsePagePath": "/index.html"},
        {"ErrorCode": 404, "ResponseCode": 200, "ResponsePagePath": "/index.html"},
    ]


def test_non_spa_serves_404_html_when_the_site_has_one() -> None:
    _, template = build_site(spa=False)  # stacks/site has a 404.html
    assert distribution_config(template)["CustomErrorResponses"] == [
        {"ErrorCode": 403, "ResponseCode": 404, "ResponsePagePath": "/404.html"},
        {"ErrorCode": 404, "ResponseCode": 404, "ResponsePagePath": "/404.html"},
    ]


def test_non_spa_without_404_html_keeps_cloudfronts_error_pages(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><title>x</title>")
    _, template = build_site(source=tmp_path, spa=False)
    assert "CustomErrorResponses" not in distribution_config(template)


def test_price_class_web_acl_and_geo_restriction_are_passed_through() -> None:
    _, template = build_site(
        price_class=cloudfront.PriceClass.PRICE_CLASS_ALL,
        web_acl_id=WEB_ACL,
        geo_restriction=cloudfront.GeoRestriction.allowlist("DE", "FR"),
    )
    config = distribution_config(template)
    assert config["PriceClass"] == "PriceClass_All"
    assert config["WebACLId"] == WEB_ACL
    assert config["Restrictions"] == {
        "GeoRestriction": {"RestrictionType": "whitelist", "Locations": ["DE", "FR"]}
    }


def test_global_cloudfront_names_include_the_region(template: Template) -> None:
    # response headers policies and OACs are account-wide: the same stack in two regions
    # must not collide
    (policy,) = template.find_resources("AWS::CloudFront::ResponseHeadersPolicy").values()
    (oac,) = template.find_resources("AWS::CloudFront::OriginAccessControl").values()
    for name in (
        policy["Properties"]["ResponseHeadersPolicyConfig"]["Name"],
        oac["Properties"]["OriginAccessControlConfig"]["Name"],
    ):
        assert {"Ref": "AWS::Region"} in name["Fn::Join"][1]


# --- custom domain --------------------------------------------------------------------------


def test_custom_domain_uses_the_certificate_with_tls_1_2_2021_and_alias_records() -> None:
    stack = new_stack()
    site, template = build_site(stack, **custom_domain(stack))
    config = distribution_config(template)
    assert config["Aliases"] == ["www.example.com"]
    assert config["ViewerCertificate"] == {
        "AcmCertificateArn": CERT_ARN,
        "MinimumProtocolVersion": "TLSv1.2_2021",
        "SslSupportMethod": "sni-only",
    }
    for record_type in ("A", "AAAA"):
        template.has_resource_properties(
            "AWS::Route53::RecordSet",
            {
                "Name": "www.example.com.",
                "Type": record_type,
                "HostedZoneId": "Z123",
                "AliasTarget": {"DNSName": Match.any_value()},
            },
        )
    assert site.url == "https://www.example.com"
    assert len(site.records) == 2


def test_a_deploy_time_domain_name_gets_its_records_under_that_name() -> None:
    # Proves (brownfield trial): a site's domain_name from an SSM parameter got alias
    # records named '<name>.example.com.', as the API's did (aws-cdk-lib appends the zone)
    stack = new_stack()
    name = cdk.CfnParameter(stack, "SiteName").value_as_string
    _, template = build_site(stack, **{**custom_domain(stack), "domain_name": name})
    records = template.find_resources("AWS::Route53::RecordSet")
    assert sorted(r["Properties"]["Type"] for r in records.values()) == ["A", "AAAA"]
    for record in records.values():
        assert record["Properties"]["Name"] == {"Fn::Join": ["", [{"Ref": "SiteName"}, "."]]}


def test_url_is_the_distribution_domain_by_default(
    default_site: tuple[StaticSite, Template],
) -> None:
    site, _ = default_site
    resolved = cdk.Stack.of(site).resolve(site.url)
    assert resolved["Fn::Join"][1][0] == "https://"
    assert resolved["Fn::Join"][1][1]["Fn::GetAtt"][1] == "DomainName"


def test_attributes(default_site: tuple[StaticSite, Template]) -> None:
    site, _ = default_site
    assert isinstance(site.bucket, s3.Bucket) and site.bucket.node.id == "Bucket"
    assert site.log_bucket.node.id == "LogBucket"
    assert isinstance(site.distribution, cloudfront.Distribution)
    assert isinstance(site.deployment, s3deploy.BucketDeployment)
    assert isinstance(site.response_headers_policy, cloudfront.ResponseHeadersPolicy)
    assert site.records == []


# --- cdk-nag --------------------------------------------------------------------------------


def _acknowledged(construct: Any) -> set[str]:
    return {
        rule.split("::")[-1]
        for entry in construct.node.metadata
        if entry.type == "aws:cdk:acknowledged-rules"
        for rule in entry.data
    }


def test_cloudfront_acknowledgements_only_where_the_prop_is_not_given() -> None:
    default_site, _ = build_site()
    assert {"AwsSolutions-CFR1", "AwsSolutions-CFR2", "AwsSolutions-CFR4"} <= _acknowledged(
        default_site.distribution
    )
    stack = new_stack()
    hardened, _ = build_site(
        stack,
        web_acl_id=WEB_ACL,
        geo_restriction=cloudfront.GeoRestriction.allowlist("DE"),
        **custom_domain(stack),
    )
    assert not {a for a in _acknowledged(hardened.distribution) if "CFR" in a}


def test_cdk_nag_finds_nothing_unacknowledged(tmp_path: Path) -> None:
    # GIVEN a default site with an API origin, two sites sharing CDK's deployment function,
    # and a hardened site (custom domain, WAF, geo restriction)

    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    default_stack = cdk.Stack(app, "Default")
    url = api_url(default_stack)
    StaticSite(
        default_stack, "Site", source=SITE, runtime_config={"apiUrl": url}, api_origins=[url]
    )
    StaticSite(default_stack, "Second", source=SITE, deployment_memory_mib=512)
    StaticSite(default_stack, "Third", source=SITE, spa=False)
    hardened = cdk.Stack(app, "Hardened")
    StaticSite(
        hardened,
        "Site",
        source=SITE,
        web_acl_id=WEB_ACL,
        geo_restriction=cloudfront.GeoRestriction.allowlist("DE"),
        **custom_domain(hardened),
    )
    # WHEN synthesized THEN cdk-nag reports nothing (the API's own findings aside)
    findings = nag_findings(app, tmp_path)
    assert {(rule, path) for rule, path in findings if not path.startswith("Default/Api/")} == set()
