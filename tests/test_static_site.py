"""StaticSite: every default as a spec, and every validation rule by its message."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from aws_cdk.assertions import Match, Template

from constructs_lib import ConstructError
from constructs_lib.static_site import (
    StaticSite,
    default_content_security_policy,
    security_headers,
)
from tests.conftest import CDK_CONTEXT, ROOT, new_app

SITE = ROOT / "stacks" / "site"
CERT_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
WEB_ACL = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/site/abcd-1234"
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"


def _site(stack: cdk.Stack | None = None, **props: Any) -> tuple[StaticSite, Template]:
    stack = stack or cdk.Stack(new_app(), "Test")
    site = StaticSite(stack, "Site", **{"source": SITE, **props})
    return site, Template.from_stack(stack)


def _api_url(stack: cdk.Stack) -> str:
    url = apigwv2.HttpApi(stack, "Api").url
    assert url is not None
    return url


@pytest.fixture(scope="module")
def default() -> tuple[StaticSite, Template]:
    stack = cdk.Stack(new_app(), "Test")
    api_url = _api_url(stack)
    return _site(stack, runtime_config={"apiUrl": api_url}, api_origins=[api_url])


@pytest.fixture(scope="module")
def template(default: tuple[StaticSite, Template]) -> Template:
    return default[1]


def _resource(template: Template, type_: str, logical_prefix: str) -> dict[str, Any]:
    (resource,) = [
        r for k, r in template.find_resources(type_).items() if k.startswith(logical_prefix)
    ]
    return dict(resource)


def _distribution_config(template: Template) -> dict[str, Any]:
    (distribution,) = template.find_resources("AWS::CloudFront::Distribution").values()
    return distribution["Properties"]["DistributionConfig"]  # type: ignore[no-any-return]


# --- content bucket -------------------------------------------------------------------------


def test_content_bucket_is_private_encrypted_versioned_and_retained(template: Template) -> None:
    bucket = _resource(template, "AWS::S3::Bucket", "SiteBucket")
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
    bucket = _resource(template, "AWS::S3::Bucket", "SiteBucket")
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
    policy = _resource(template, "AWS::S3::BucketPolicy", "SiteBucketPolicy")
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    deny = [s for s in statements if s["Effect"] == "Deny"]
    assert [s["Condition"] for s in deny] == [{"Bool": {"aws:SecureTransport": "false"}}]
    allow = [s for s in statements if s["Effect"] == "Allow" and "Service" in s["Principal"]]
    (oac,) = [s for s in allow if s["Principal"]["Service"] == "cloudfront.amazonaws.com"]
    assert oac["Action"] == "s3:GetObject"
    source_arn = json.dumps(oac["Condition"]["StringEquals"]["AWS:SourceArn"])
    assert "distribution/" in source_arn and "SiteDistribution" in source_arn
    template.resource_count_is("AWS::CloudFront::CloudFrontOriginAccessIdentity", 0)


# --- log bucket -----------------------------------------------------------------------------


def test_log_bucket_accepts_cloudfront_logs_and_expires_them(template: Template) -> None:
    bucket = _resource(template, "AWS::S3::Bucket", "SiteLogBucket")
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
    policy = _resource(template, "AWS::S3::BucketPolicy", "SiteLogBucketPolicy")
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
    (origin,) = _distribution_config(template)["Origins"]
    oac_id = origin["OriginAccessControlId"]["Fn::GetAtt"]
    assert oac_id[0].startswith("SiteOriginAccessControl") and oac_id[1] == "Id"
    assert origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}
    assert origin["DomainName"]["Fn::GetAtt"][1] == "RegionalDomainName"


def test_distribution_defaults(template: Template) -> None:
    config = _distribution_config(template)
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
    assert _distribution_config(template)["CustomErrorResponses"] == [
        {"ErrorCode": 403, "ResponseCode": 200, "ResponsePagePath": "/index.html"},
        {"ErrorCode": 404, "ResponseCode": 200, "ResponsePagePath": "/index.html"},
    ]


def test_non_spa_serves_404_html_when_the_site_has_one() -> None:
    _, template = _site(spa=False)  # stacks/site has a 404.html
    assert _distribution_config(template)["CustomErrorResponses"] == [
        {"ErrorCode": 403, "ResponseCode": 404, "ResponsePagePath": "/404.html"},
        {"ErrorCode": 404, "ResponseCode": 404, "ResponsePagePath": "/404.html"},
    ]


def test_non_spa_without_404_html_keeps_cloudfronts_error_pages(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><title>x</title>")
    _, template = _site(source=tmp_path, spa=False)
    assert "CustomErrorResponses" not in _distribution_config(template)


def test_price_class_web_acl_and_geo_restriction_are_passed_through() -> None:
    _, template = _site(
        price_class=cloudfront.PriceClass.PRICE_CLASS_ALL,
        web_acl_id=WEB_ACL,
        geo_restriction=cloudfront.GeoRestriction.allowlist("DE", "FR"),
    )
    config = _distribution_config(template)
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


# --- security headers -----------------------------------------------------------------------


def _rendered_headers(template: Template) -> dict[str, Any]:
    """The response headers policy of ``template`` as the header values browsers get."""
    (policy,) = template.find_resources("AWS::CloudFront::ResponseHeadersPolicy").values()
    config = policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    for header in config.values():
        assert header["Override"] is True  # the origin cannot weaken them
    hsts = config["StrictTransportSecurity"]
    assert hsts["Preload"] is False
    return {
        "Strict-Transport-Security": f"max-age={hsts['AccessControlMaxAgeSec']}"
        + ("; includeSubDomains" if hsts["IncludeSubdomains"] else ""),
        "X-Content-Type-Options": "nosniff" if "ContentTypeOptions" in config else None,
        "X-Frame-Options": config["FrameOptions"]["FrameOption"],
        "Referrer-Policy": config["ReferrerPolicy"]["ReferrerPolicy"],
        "Content-Security-Policy": config["ContentSecurityPolicy"]["ContentSecurityPolicy"],
    }


def test_distribution_sends_exactly_the_headers_security_headers_returns() -> None:
    # GIVEN a concrete API URL (with a stage path)
    api = "https://api.example.com/prod/"
    _, template = _site(api_origins=[api])
    # THEN the template's policy is what the browser test serves locally
    assert _rendered_headers(template) == security_headers(api_origins=[api])
    assert security_headers(api_origins=[api]) == {
        "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self' https://api.example.com; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    }


def test_csp_lets_the_page_call_a_token_api_url_by_its_origin(template: Template) -> None:
    # GIVEN api_origins=[HttpApi.url], a token like https://{id}.execute-api.{region}.{suffix}/
    csp = _rendered_headers(template)["Content-Security-Policy"]
    # THEN connect-src gets Fn::Select 0 ("https:") + "//" + Fn::Select 2 (the host) of it
    parts = csp["Fn::Join"][1]
    assert parts[0].endswith("connect-src 'self' ")
    scheme, slashes, host = parts[1:4]
    assert scheme["Fn::Select"][0] == 0 and host["Fn::Select"][0] == 2
    assert slashes == "//"
    assert scheme["Fn::Select"][1]["Fn::Split"][0] == "/"
    url = json.dumps(host["Fn::Select"][1]["Fn::Split"][1])
    assert "execute-api" in url and "ApiF70053CD" in url
    assert parts[4].startswith("; object-src 'none'")


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://api.example.com/", "https://api.example.com"),
        ("https://API.example.com:8443/v1/todos?x=1", "https://api.example.com:8443"),
        ("wss://socket.example.com", "wss://socket.example.com"),
        ("https://*.example.com", "https://*.example.com"),
    ],
)
def test_csp_keeps_only_the_origin_of_each_api_url(url: str, origin: str) -> None:
    csp = default_content_security_policy([url, url])
    assert f"connect-src 'self' {origin};" in csp


def test_content_security_policy_replaces_the_default() -> None:
    policy = "default-src 'self'; connect-src 'self' https://api.example.com"
    _, template = _site(content_security_policy=policy)
    assert _rendered_headers(template)["Content-Security-Policy"] == policy


# --- content --------------------------------------------------------------------------------


def _deployments(template: Template) -> dict[str, dict[str, Any]]:
    return {
        k: r["Properties"]
        for k, r in template.find_resources("Custom::CDKBucketDeployment").items()
    }


def test_source_is_deployed_with_pruning_and_invalidates_everything(template: Template) -> None:
    (content,) = [p for k, p in _deployments(template).items() if k.startswith("SiteDeployment")]
    assert content["Prune"] is True
    assert content["DistributionPaths"] == ["/*"]
    assert content["DistributionId"]["Ref"].startswith("SiteDistribution")
    assert content["DestinationBucketName"]["Ref"].startswith("SiteBucket")
    assert content["SystemMetadata"] == {
        "cache-control": "public, max-age=0, must-revalidate, s-maxage=86400"
    }
    # config.json is the config deployment's: neither uploaded nor pruned here
    assert content["Exclude"] == ["config.json"]


def test_runtime_config_is_config_json_never_cached_and_never_pruned(template: Template) -> None:
    (config,) = [p for k, p in _deployments(template).items() if k.startswith("SiteConfig")]
    assert config["Prune"] is False
    assert config["SystemMetadata"] == {
        "cache-control": "no-cache",
        "content-type": "application/json",
    }
    # the API URL token goes in as a deploy-time marker
    (markers,) = config["SourceMarkers"]
    assert "execute-api" in json.dumps(markers)
    (behavior,) = _distribution_config(template)["CacheBehaviors"]
    assert behavior["PathPattern"] == "/config.json"
    assert behavior["CachePolicyId"] == CACHING_DISABLED
    assert behavior["ViewerProtocolPolicy"] == "redirect-to-https"
    assert behavior["ResponseHeadersPolicyId"]["Ref"].startswith("SiteSecurityHeaders")


def test_runtime_config_file_content(default: tuple[StaticSite, Template]) -> None:
    # WHEN synthesized THEN the config asset is config.json with a marker that the deployment
    # replaces by the API URL (a JSON string) at deploy time
    site, _ = default
    assembly = cdk.App.of(site).synth()  # type: ignore[union-attr]
    configs = list(Path(assembly.directory).glob("asset.*/config.json"))
    assert len(configs) == 1
    assert configs[0].read_text() == '{"apiUrl":<<marker:0xbaba:0>>}'


def test_without_runtime_config_there_is_one_deployment_and_no_config_behavior() -> None:
    site, template = _site()
    assert site.config_deployment is None
    (content,) = _deployments(template).values()
    assert "Exclude" not in content
    assert "CacheBehaviors" not in _distribution_config(template)


def test_deployment_function_has_memory_and_a_log_group_with_retention(template: Template) -> None:
    functions = template.find_resources(
        "AWS::Lambda::Function", {"Properties": {"Handler": "index.handler", "Timeout": 900}}
    )
    (function,) = functions.values()
    assert function["Properties"]["MemorySize"] == 1024
    log_group_ref = function["Properties"]["LoggingConfig"]["LogGroup"]["Ref"]
    log_group = template.to_json()["Resources"][log_group_ref]
    assert log_group["Type"] == "AWS::Logs::LogGroup"
    assert log_group["Properties"]["RetentionInDays"] == 30
    assert log_group["DeletionPolicy"] == "Retain"


def test_two_sites_in_a_stack_share_cdks_deployment_function_and_its_log_group() -> None:
    stack = cdk.Stack(new_app(), "Test")
    StaticSite(stack, "One", source=SITE)
    StaticSite(stack, "Two", source=SITE)
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::Lambda::Function", 1)
    template.resource_count_is("AWS::Logs::LogGroup", 1)
    template.resource_count_is("Custom::CDKBucketDeployment", 2)


def test_existing_bucket_is_served_and_deployed_into() -> None:
    stack = cdk.Stack(new_app(), "Test")
    mine = s3.Bucket.from_bucket_name(stack, "Mine", "my-site-bucket")
    site, template = _site(stack, existing_bucket=mine)
    assert site.bucket is mine
    template.resource_count_is("AWS::S3::Bucket", 1)  # the log bucket only
    (content,) = _deployments(template).values()
    assert content["DestinationBucketName"] == "my-site-bucket"
    (origin,) = _distribution_config(template)["Origins"]
    assert "my-site-bucket" in json.dumps(origin["DomainName"])


def test_durations_are_configurable() -> None:
    _, template = _site(
        noncurrent_version_expiration=cdk.Duration.days(7),
        access_log_retention=cdk.Duration.days(365),
        deployment_memory_mib=512,
        cache_control=[s3deploy.CacheControl.no_cache()],
    )
    site_bucket = _resource(template, "AWS::S3::Bucket", "SiteBucket")
    log_bucket = _resource(template, "AWS::S3::Bucket", "SiteLogBucket")
    rules = site_bucket["Properties"]["LifecycleConfiguration"]["Rules"]
    assert rules[0]["NoncurrentVersionExpiration"] == {"NoncurrentDays": 7}
    assert log_bucket["Properties"]["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"] == 365
    template.has_resource_properties(
        "AWS::Lambda::Function", {"Handler": "index.handler", "MemorySize": 512}
    )
    (content,) = _deployments(template).values()
    assert content["SystemMetadata"] == {"cache-control": "no-cache"}


# --- custom domain --------------------------------------------------------------------------


def _custom_domain(stack: cdk.Stack) -> dict[str, Any]:
    return {
        "domain_name": "www.example.com",
        "certificate": acm.Certificate.from_certificate_arn(stack, "Cert", CERT_ARN),
        "hosted_zone": route53.HostedZone.from_hosted_zone_attributes(
            stack, "Zone", hosted_zone_id="Z123", zone_name="example.com"
        ),
    }


def test_custom_domain_uses_the_certificate_with_tls_1_2_2021_and_alias_records() -> None:
    stack = cdk.Stack(new_app(), "Test")
    site, template = _site(stack, **_custom_domain(stack))
    config = _distribution_config(template)
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


def test_url_is_the_distribution_domain_by_default(default: tuple[StaticSite, Template]) -> None:
    site, _ = default
    resolved = cdk.Stack.of(site).resolve(site.url)
    assert resolved["Fn::Join"][1][0] == "https://"
    assert resolved["Fn::Join"][1][1]["Fn::GetAtt"][1] == "DomainName"


def test_attributes(default: tuple[StaticSite, Template]) -> None:
    site, _ = default
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
    default_site, _ = _site()
    assert {"AwsSolutions-CFR1", "AwsSolutions-CFR2", "AwsSolutions-CFR4"} <= _acknowledged(
        default_site.distribution
    )
    stack = cdk.Stack(new_app(), "Test")
    hardened, _ = _site(
        stack,
        web_acl_id=WEB_ACL,
        geo_restriction=cloudfront.GeoRestriction.allowlist("DE"),
        **_custom_domain(stack),
    )
    assert not {a for a in _acknowledged(hardened.distribution) if "CFR" in a}


def test_cdk_nag_finds_nothing_unacknowledged(tmp_path: Path) -> None:
    # GIVEN a default site with an API origin, two sites sharing CDK's deployment function,
    # and a hardened site (custom domain, WAF, geo restriction)
    from cdk_nag import AwsSolutionsChecks, ServerlessChecks

    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    default_stack = cdk.Stack(app, "Default")
    api_url = _api_url(default_stack)
    StaticSite(
        default_stack,
        "Site",
        source=SITE,
        runtime_config={"apiUrl": api_url},
        api_origins=[api_url],
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
        **_custom_domain(hardened),
    )
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app), ServerlessChecks(app))
    # WHEN synthesized THEN cdk-nag reports nothing (the API's own findings aside)
    with contextlib.suppress(RuntimeError):  # any finding fails synth after the report
        app.synth()
    report = json.loads((tmp_path / "validation-report.json").read_text())
    findings = [
        f"{v['ruleName']} at {c['constructPath']}"
        for plugin in report["pluginReports"]
        for v in plugin["violations"]
        for c in v["violatingConstructs"]
        if not c["constructPath"].startswith("Default/Api/")
    ]
    assert findings == []


# --- validation -----------------------------------------------------------------------------


def _empty_dir(tmp: Path) -> Path:
    path = tmp / "empty"
    path.mkdir(exist_ok=True)
    return path


def _no_index(tmp: Path) -> Path:
    path = tmp / "noindex"
    path.mkdir(exist_ok=True)
    (path / "home.html").write_text("<!doctype html>")
    return path


def _file(tmp: Path) -> Path:
    path = tmp / "file.html"
    path.write_text("<!doctype html>")
    return path


def _cert(stack: cdk.Stack, region: str) -> acm.ICertificate:
    return acm.Certificate.from_certificate_arn(
        stack, "Cert", CERT_ARN.replace("us-east-1", region)
    )


def _zone(stack: cdk.Stack) -> route53.IHostedZone:
    return route53.HostedZone.from_hosted_zone_attributes(
        stack, "Zone", hosted_zone_id="Z123", zone_name="example.com"
    )


# (id, props, message); callables receive (tmp_path) or (stack) and build the value
CASES: list[tuple[str, dict[str, Any], str]] = [
    (
        "source missing",
        {"source": "no/such/dir"},
        r"Test/Site: `source` is 'no/such/dir', which does not exist .*Fix: pass the directory",
    ),
    ("source is a file", {"source": _file}, r"`source` is '.*file.html', a file, not a directory"),
    (
        "source empty",
        {"source": _empty_dir},
        r"`source` is '.*empty', an empty directory: there is nothing to deploy",
    ),
    (
        "root object missing",
        {"source": _no_index},
        r"`default_root_object` is 'index.html', which is not in source .*Fix: add index.html",
    ),
    (
        "root object with slash",
        {"default_root_object": "/index.html"},
        r"`default_root_object` is '/index.html'; it must be a file name without a leading '/'",
    ),
    (
        "api origins as string",
        {"api_origins": "https://api.example.com"},
        r"`api_origins` is a string, not a list of URLs",
    ),
    (
        "api origin http",
        {"api_origins": ["http://api.example.com"]},
        r"`api_origins\[0\]` is 'http://api.example.com'; its scheme 'http' must be https or wss",
    ),
    (
        "api origin not a url",
        {"api_origins": ["api.example.com"]},
        r"`api_origins\[0\]` is 'api.example.com'; it must be an absolute URL",
    ),
    (
        "api origin credentials",
        {"api_origins": ["https://user:pw@api.example.com"]},
        r"`api_origins\[0\]` .* it must not contain credentials",
    ),
    (
        "api origin bad host",
        {"api_origins": ["https://api example.com"]},
        r"`api_origins\[0\]` .* its host 'api example.com' is not a valid host name",
    ),
    (
        "csp and api origins",
        {"content_security_policy": "default-src 'self'", "api_origins": ["https://a.example"]},
        r"`api_origins` is set together with content_security_policy",
    ),
    (
        "csp multi-line",
        {"content_security_policy": "default-src 'self';\nconnect-src 'self'"},
        r"`content_security_policy` is empty or spans several lines",
    ),
    (
        "csp too long",
        {"api_origins": [f"https://api{i}.example-{i:04d}.com" for i in range(80)]},
        r"`content_security_policy` is \d+ characters long; CloudFront allows at most 1783",
    ),
    (
        "runtime config not json",
        {"runtime_config": {"when": object()}},
        r"`runtime_config` cannot be written as JSON",
    ),
    ("price class", {"price_class": "PriceClass_100"}, r"`price_class` is 'PriceClass_100'; it"),
    (
        "domain name",
        {"domain_name": "https://www.example.com", "certificate": lambda s: _cert(s, "us-east-1")},
        r"`domain_name` is 'https://www.example.com'; it must be a lower-case DNS name",
    ),
    (
        "domain without certificate",
        {"domain_name": "www.example.com"},
        r"`certificate` is missing: domain_name needs a certificate",
    ),
    (
        "certificate without domain",
        {"certificate": lambda s: _cert(s, "us-east-1")},
        r"`domain_name` is missing: certificate is given, but for no domain",
    ),
    (
        "zone without domain",
        {"hosted_zone": _zone},
        r"`domain_name` is missing: hosted_zone is given",
    ),
    (
        "certificate region",
        {"domain_name": "www.example.com", "certificate": lambda s: _cert(s, "eu-west-1")},
        r"`certificate` is in 'eu-west-1'; CloudFront only uses ACM certificates from us-east-1",
    ),
    (
        "domain outside zone",
        {
            "domain_name": "www.example.org",
            "certificate": lambda s: _cert(s, "us-east-1"),
            "hosted_zone": _zone,
        },
        r"`domain_name` is 'www.example.org', which is not in hosted_zone 'example.com'",
    ),
    (
        "web acl",
        {"web_acl_id": "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/x/y"},
        r"`web_acl_id` is .*; it must be the ARN of a WAFv2 web ACL with scope CLOUDFRONT",
    ),
    (
        "existing bucket with lifecycle",
        {
            "existing_bucket": lambda s: s3.Bucket.from_bucket_name(s, "Mine", "mine"),
            "noncurrent_version_expiration": cdk.Duration.days(7),
        },
        r"`noncurrent_version_expiration` is set together with existing_bucket",
    ),
    (
        "noncurrent range",
        {"noncurrent_version_expiration": cdk.Duration.days(0)},
        r"`noncurrent_version_expiration` is 0 days; it must be between 1 and 3650 days",
    ),
    (
        "noncurrent whole days",
        {"noncurrent_version_expiration": cdk.Duration.hours(36)},
        r"`noncurrent_version_expiration` is 1.5 days; S3 lifecycle rules count whole days",
    ),
    (
        "log retention range",
        {"access_log_retention": cdk.Duration.days(5000)},
        r"`access_log_retention` is 5000 days; it must be between 1 and 3650 days",
    ),
    (
        "deployment memory",
        {"deployment_memory_mib": 64},
        r"`deployment_memory_mib` is 64 MiB; it must be between 128 and 10240 MiB",
    ),
]

_NEEDS_TMP = {_file, _empty_dir, _no_index}


@pytest.mark.parametrize(("props", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(props: dict[str, Any], message: str, tmp_path: Path) -> None:
    stack = cdk.Stack(new_app(), "Test")
    built = {
        key: (value(tmp_path) if value in _NEEDS_TMP else value(stack))
        if callable(value) and not isinstance(value, type)
        else value
        for key, value in props.items()
    }
    with pytest.raises(ConstructError, match=message):
        _site(stack, **built)


def test_certificate_of_a_stack_in_another_region_is_rejected() -> None:
    # GIVEN a certificate created in a stack whose region is known and not us-east-1
    stack = cdk.Stack(new_app(), "Test", env=cdk.Environment(region="eu-west-1"))
    certificate = acm.Certificate(stack, "Cert", domain_name="www.example.com")
    # THEN its (token) ARN is checked through the stack's region
    with pytest.raises(ConstructError, match=r"`certificate` is in 'eu-west-1'"):
        _site(stack, domain_name="www.example.com", certificate=certificate)


def test_certificate_of_an_env_agnostic_stack_is_accepted() -> None:
    stack = cdk.Stack(new_app(), "Test")
    certificate = acm.Certificate(stack, "Cert", domain_name="www.example.com")
    site, _ = _site(stack, domain_name="www.example.com", certificate=certificate)
    assert site.url == "https://www.example.com"


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ConstructError) as raised:
        _site(
            source="no/such/dir",
            price_class="cheap",
            deployment_memory_mib=1,
            domain_name="www.example.com",
        )
    assert [p.prop for p in raised.value.problems] == [
        "source",
        "price_class",
        "certificate",
        "deployment_memory_mib",
    ]
