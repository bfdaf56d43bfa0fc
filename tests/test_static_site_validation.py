"""StaticSite: every validation rule by its message; all problems at once."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_wafv2 as wafv2
from aws_cdk.assertions import Template

from constructs_lib import ConstructError, ServerlessApi, StaticSite
from tests.static_site_support import build_site, todo_api
from tests.support import (
    InStack,
    RuleCase,
    assert_every_problem,
    assert_rule,
    certificate,
    hosted_zone,
    new_stack,
    rule_cases,
)
from tests.template_support import config_json, config_text, intrinsics, properties_of


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


@dataclass(frozen=True)
class InTmp:
    """A source path that the case writes under the test's tmp_path when it runs."""

    make: Callable[[Path], Path]


CASES: list[RuleCase] = [
    (
        "source missing",
        {"source": "no/such/dir"},
        r"Test/Site: `source` is 'no/such/dir', which does not exist .*Fix: pass the directory",
    ),
    (
        "source is a file",
        {"source": InTmp(_file)},
        r"`source` is '.*file.html', a file, not a directory",
    ),
    (
        "source empty",
        {"source": InTmp(_empty_dir)},
        r"`source` is '.*empty', an empty directory: there is nothing to deploy",
    ),
    (
        "root object missing",
        {"source": InTmp(_no_index)},
        r"`default_root_object` is 'index.html', which is not in source .*Fix: add index.html",
    ),
    (
        "root object with slash",
        {"default_root_object": "/index.html"},
        r"`default_root_object` is '/index.html'; it must be a file name without a leading '/'",
    ),
    # Proves (trial29): a web ACL or an API given where its ARN or URL goes got the fix
    # "pass a string" / "pass a list of strings", naming neither
    (
        "web acl object for its arn",
        {
            "web_acl_id": InStack(
                lambda s: wafv2.CfnWebACL(
                    s,
                    "WebAcl",
                    default_action={"allow": {}},
                    scope="CLOUDFRONT",
                    visibility_config={
                        "cloudWatchMetricsEnabled": True,
                        "metricName": "site",
                        "sampledRequestsEnabled": True,
                    },
                )
            )
        },
        r"`web_acl_id` is the aws_wafv2.CfnWebACL 'Test/WebAcl'; it must be a string\. "
        r"Fix: pass its ARN \(`\.attr_arn`\)",
    ),
    (
        "api object for its url",
        {"api_origins": InStack(lambda s: [todo_api(s)])},
        r"`api_origins` is \[the ServerlessApi 'Test/Api'\].*Fix: pass each one's URL "
        r"\(`\.url`\)",
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
    (  # Proves (review): a port in another script's digits (Python's \d) passed, and the
        # CSP allowed an origin no browser sends
        "api origin port in full-width digits",
        {"api_origins": ["https://api.example.com:\uff18\uff14\uff14\uff13"]},
        "`api_origins\\[0\\]` is 'https://api.example.com:\uff18\uff14\uff14\uff13'",
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
        {"api_origins": ["https://api_example.com"]},
        r"`api_origins\[0\]` .* its host 'api_example.com' is not a valid host name",
    ),
    (  # Proves: a newline inside the URL synthesized silently; the parser drops it, so the
        # CSP allowed 'https://api.example.com', not the origin written
        "api origin with a newline",
        {"api_origins": ["https://api.exam\nple.com"]},
        r"`api_origins\[0\]` is 'https://api.exam\\nple.com'; it has a newline \('\\n'\) at "
        r"character 17, which URL parsers drop \(or keep\) without a word, so the page could be "
        r"allowed an origin other than the one written\. Fix: write 'https://api.example.com' "
        r"\(no spaces, tabs, newlines or control characters\)",
    ),
    (  # Proves: a space (leading, or in the host) was dropped or named as a bad host
        "api origin with a space",
        {"api_origins": [" https://api.example.com"]},
        r"`api_origins\[0\]` is ' https://api.example.com'; it has a space \(' '\) at character 1",
    ),
    (  # Proves: a control character at the end (a pasted value) synthesized silently
        "api origin with a control character",
        {"api_origins": ["https://api.example.com\x01"]},
        r"it has the character U\+0001 \('\\x01'\) at character 24",
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
    # Proves (user trial): each of these synthesized, and the browser ignored the misspelt
    # directive, read `self` as a host, or blocked the page's own fetches
    (
        "csp misspelt directive",
        {"content_security_policy": "default-src 'self'; scrpt-src 'self'"},
        r"`content_security_policy` has the directive 'scrpt-src', which browsers do not know "
        r"and ignore\. Fix: write 'script-src'",
    ),
    (
        "csp keyword without quotes",
        {"content_security_policy": "default-src self; object-src none"},
        r"`content_security_policy` has self in default-src without quotes, which browsers "
        r"read as a host named 'self'\. Fix: write 'self' \(in single quotes\)",
    ),
    (
        "csp blocks config.json",
        {"runtime_config": {"a": 1}, "content_security_policy": "default-src 'none'"},
        r"`content_security_policy` does not let the page fetch from its own origin "
        r"\(default-src 'none'\), so it cannot fetch /config.json\. Fix: add the directive "
        r"connect-src 'self' \(default-src stays for the rest\)",
    ),
    (
        "csp blocks the api",
        {
            "api": InStack(todo_api),
            "content_security_policy": "default-src 'self'; connect-src https://x.example",
        },
        r"`content_security_policy` does not let the page fetch from its own origin "
        r"\(connect-src https://x.example\), so it cannot fetch /config.json or the API "
        r"under /api\. Fix: add 'self' to connect-src",
    ),
    # Proves (user trial): GeoRestriction.allowlist("UK") synthesized; CloudFront refuses it
    (
        "geo restriction UK",
        {"geo_restriction": cloudfront.GeoRestriction.allowlist("DE", "UK")},
        r"`geo_restriction` has 'UK', which is no ISO 3166-1 alpha-2 country code: CloudFront "
        r"refuses it at deploy time\. Fix: write GB \(the United Kingdom's ISO code\)",
    ),
    (
        "geo restriction unknown code",
        {"geo_restriction": cloudfront.GeoRestriction.denylist("XX")},
        r"`geo_restriction` has 'XX', which is no ISO 3166-1 alpha-2 country code.* Fix: write "
        r"the country's two-letter ISO code",
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
    # Proves (fix41): "cannot be written as JSON (Object of type Intrinsic is not JSON
    # serializable)", naming neither where it was nor how to pass one
    (
        "runtime config holding deploy-time objects",
        {
            "runtime_config": {
                "a": cdk.Fn.get_att("Limits", "Value"),
                "b": [cdk.Fn.get_att("L", "V")],
            }
        },
        r"^2 invalid props:\n  - Test/Site: `runtime_config\['a'\]` is a deploy-time value "
        r"\(Fn::GetAtt Limits\.Value\) as an object: the JSON is written at synth, and whether "
        r"it holds this value as a string or as a number is not known\. Fix: pass "
        r"cdk\.Token\.as_string\(\.\.\.\) of it for a string, or cdk\.Token\.as_number\(\.\.\.\) "
        r"for a number: the deployment writes its value into config\.json\n"
        r"  - Test/Site: `runtime_config\['b'\]\[0\]` is a deploy-time value",
    ),
    # Proves (sweep25): {1: "x"} was written to /config.json as {"1": "x"} in silence
    (
        "runtime config int key",
        {"runtime_config": {1: "x"}},
        r"`runtime_config` cannot be written as JSON \(the key 1 is an int, not a string\)",
    ),
    ("price class", {"price_class": "PriceClass_100"}, r"`price_class` is 'PriceClass_100'; it"),
    # Proves (messages review): a wrong object was shown by its repr ('<aws_cdk...Bucket
    # object at 0x...>'), not by its kind and path
    (
        "price class an object",
        {"price_class": InStack(lambda s: s)},
        r"`price_class` is the Stack 'Test'; it must be a cloudfront.PriceClass",
    ),
    # Proves (user trial): a certificate of the app for another name synthesized
    (
        "certificate imported from another service's ARN",
        {
            "domain_name": "www.example.com",
            "certificate": InStack(
                lambda s: acm.Certificate.from_certificate_arn(
                    s, "C", "arn:aws:iam::123456789012:server-certificate/site"
                )
            ),
        },
        r"`certificate` was imported from '.*server-certificate/site', the ARN of 'iam', not "
        r"of an ACM certificate",
    ),
    (
        "certificate for another name",
        {
            "domain_name": "www.example.com",
            "certificate": InStack(lambda s: acm.Certificate(s, "C", domain_name="app.other.com")),
        },
        r"`certificate` is for app\.other\.com, which does not cover domain_name "
        r"'www.example.com': the deploy would fail\. Fix: request the certificate for "
        r"'www.example.com'",
    ),
    (
        "domain name",
        {"domain_name": "https://www.example.com", "certificate": InStack(certificate)},
        r"`domain_name` is 'https://www.example.com'; it must be a lower-case DNS name",
    ),
    (
        "domain without certificate",
        {"domain_name": "www.example.com"},
        r"`certificate` is missing: domain_name needs a certificate",
    ),
    (
        "certificate without domain",
        {"certificate": InStack(certificate)},
        r"`domain_name` is missing: certificate is given, but for no domain",
    ),
    (
        "zone without domain",
        {"hosted_zone": InStack(hosted_zone)},
        r"`domain_name` is missing: hosted_zone is given",
    ),
    (
        "certificate region",
        {
            "domain_name": "www.example.com",
            "certificate": InStack(lambda stack: certificate(stack, "eu-west-1")),
        },
        r"`certificate` is in 'eu-west-1'; CloudFront only uses ACM certificates from us-east-1",
    ),
    (
        "domain outside zone",
        {
            "domain_name": "www.example.org",
            "certificate": InStack(certificate),
            "hosted_zone": InStack(hosted_zone),
        },
        r"`domain_name` is 'www.example.org', which is not in hosted_zone 'example.com'",
    ),
    (
        "zone without a name",
        {
            "domain_name": "www.example.com",
            "certificate": InStack(certificate),
            "hosted_zone": InStack(
                lambda stack: route53.HostedZone.from_hosted_zone_id(stack, "Zone", "Z1")
            ),
        },
        r"`hosted_zone` was imported with HostedZone.from_hosted_zone_id, which has no zone name",
    ),
    (
        "certificate another resource",
        {
            "domain_name": "www.example.com",
            "certificate": InStack(lambda stack: s3.Bucket.from_bucket_name(stack, "B", "bkt")),
        },
        r"`certificate` is .*; it must be an ACM certificate \(acm.ICertificate\)",
    ),
    (  # Proves (review): an account ID in another script's digits passed (Python's \d)
        "web acl account in full-width digits",
        {"web_acl_id": "arn:aws:wafv2:us-east-1:" + "\uff11" * 12 + ":global/webacl/x/y"},
        r"`web_acl_id` is .*; it must be the ARN of a WAFv2 web ACL with scope CLOUDFRONT",
    ),
    (
        "web acl",
        {"web_acl_id": "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/x/y"},
        r"`web_acl_id` is .*; it must be the ARN of a WAFv2 web ACL with scope CLOUDFRONT",
    ),
    (
        "existing bucket with lifecycle",
        {
            "existing_bucket": InStack(
                lambda stack: s3.Bucket.from_bucket_name(stack, "Mine", "mine")
            ),
            "noncurrent_version_expiration": cdk.Duration.days(7),
        },
        r"`noncurrent_version_expiration` is set together with existing_bucket",
    ),
    (  # Proves (fuzz): accepted, then synth failed with aws-cdk-lib's DependencyCycle
        # (or CannotUseCrossEnvironment for a stack of another environment)
        "existing bucket of another stack",
        {
            "existing_bucket": InStack(
                lambda stack: s3.Bucket(
                    cdk.Stack(stack.node.scope, "Content"), "Bucket", enforce_ssl=True
                )
            ),
        },
        r"`existing_bucket` is the bucket Content/Bucket of the stack Content: its policy would "
        r"name the distribution .* Fix: create the StaticSite in the bucket's stack",
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
        r"`access_log_retention` is 5000 days; it must be between 1 and 3653 days",
    ),
    (  # Proves (feat38): the fix was "pass Duration.seconds(90)" for 90 days of logs
        "log retention a bare number of days",
        {"access_log_retention": 90},
        r"`access_log_retention` is 90, an int, not a Duration or a logs\.RetentionDays\. Fix: "
        r"pass Duration\.days\(90\)",
    ),
    (
        "deployment memory",
        {"deployment_memory_mib": 64},
        r"`deployment_memory_mib` is 64 MiB; it must be between 128 and 10240 MiB",
    ),
    (  # Proves (messages review): the fix read "pass its directory"
        "source is a file fix",
        {"source": InTmp(_file)},
        r"`source` is '.*file.html', a file.*Fix: pass the directory that holds it: '.+'$",
    ),
    (  # Proves (messages review): the fix read "pass Duration.days(n)", and the range's fix "pass a
        # value from 1 to 3650", a number, which is refused
        "noncurrent whole days fix",
        {"noncurrent_version_expiration": cdk.Duration.hours(36)},
        r"is 1.5 days; S3 lifecycle rules count whole days\. Fix: pass Duration.days\(2\)",
    ),
    (
        "noncurrent range fix",
        {"noncurrent_version_expiration": cdk.Duration.days(0)},
        r"Fix: pass Duration.days\(n\) with n from 1 to 3650",
    ),
    (  # Proves (messages review): "is not a mapping" did not show what was given
        "runtime config not a mapping",
        {"runtime_config": ["apiUrl"]},
        r"`runtime_config` is \['apiUrl'\], a list, not a mapping\. Fix: pass a dict",
    ),
]


@rule_cases(CASES)
def test_rule(props: dict[str, Any], message: str, tmp_path: Path) -> None:
    sources = {k: v.make(tmp_path) for k, v in props.items() if isinstance(v, InTmp)}
    assert_rule(build_site, {**props, **sources}, message)


def test_certificate_of_a_stack_in_another_region_is_rejected() -> None:
    # GIVEN a certificate created in a stack whose region is known and not us-east-1
    stack = new_stack(env=cdk.Environment(region="eu-west-1"))
    certificate = acm.Certificate(stack, "Cert", domain_name="www.example.com")
    # THEN its (token) ARN is checked through the stack's region
    with pytest.raises(ConstructError, match=r"`certificate` is in 'eu-west-1'"):
        build_site(stack, domain_name="www.example.com", certificate=certificate)


def test_certificate_of_an_env_agnostic_stack_is_accepted() -> None:
    stack = new_stack()
    certificate = acm.Certificate(stack, "Cert", domain_name="www.example.com")
    site, _ = build_site(stack, domain_name="www.example.com", certificate=certificate)
    assert site.url == "https://www.example.com"


def test_every_problem_is_reported_at_once() -> None:
    assert_every_problem(
        build_site,
        {
            "source": "no/such/dir",
            "price_class": "cheap",
            "deployment_memory_mib": 1,
            "domain_name": "www.example.com",
        },
        "Test/Site",
        ["source", "price_class", "certificate", "deployment_memory_mib"],
    )


@pytest.mark.parametrize(
    ("region", "partition"), [("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov")]
)
def test_a_stack_outside_the_aws_partition_is_refused(region: str, partition: str) -> None:
    # Proves (fuzz): a site in a China or GovCloud stack synthesized a template that fails at
    # deploy (no Origin Access Control in aws-cn, no CloudFront in aws-us-gov), reported
    # only by aws-cdk-lib's template validation as warnings.
    stack = new_stack(env=cdk.Environment(account="123456789012", region=region))
    with pytest.raises(
        ConstructError,
        match=rf"Test/Site: `scope` is in region {region} \(partition {partition}\), whose "
        r"CloudFormation has no CloudFront Origin Access Control.*Fix: create the StaticSite "
        r"in a stack of "
        r"a region of the aws partition",
    ):
        build_site(stack)


def test_a_stack_that_cannot_deploy_assets_is_named_with_the_fix() -> None:
    # Proves (fuzz): the site's files in a stack with a BootstraplessSynthesizer raised
    # aws-cdk-lib's bare jsii trace "Cannot add assets to a Stack that uses the
    # BootstraplessSynthesizer".
    stack = new_stack(synthesizer=cdk.BootstraplessSynthesizer())
    with pytest.raises(
        ConstructError,
        match=r"Test/Site: `source` needs the site's files, a file asset, and the stack uses "
        r"a BootstraplessSynthesizer",
    ):
        build_site(stack)


def test_a_secret_in_runtime_config_is_an_error() -> None:
    # Proves (trial35): runtime_config (served to anyone as /config.json) took a client
    # secret, a password or a Secrets Manager value silently
    from aws_cdk import aws_cognito as cognito
    from aws_cdk import aws_secretsmanager as secretsmanager

    stack = new_stack()
    pool = cognito.UserPool(stack, "Users")
    client = pool.add_client("Backend", generate_secret=True)
    secret = secretsmanager.Secret(stack, "Stripe")
    with pytest.raises(ConstructError) as raised:
        build_site(
            stack,
            runtime_config={
                "clientId": client.user_pool_client_id,
                "clientSecret": client.user_pool_client_secret.unsafe_unwrap(),
                "auth": {"adminPassword": "hunter2hunter2"},
                "stripe": secret.secret_value.unsafe_unwrap(),
            },
        )
    message = str(raised.value)
    assert "4 invalid props" in message  # and clientId: see the test below
    assert (
        "Test/Site: `runtime_config['clientSecret']` is a secret's value (from Secrets Manager "
        "or a user pool client's secret), written into /config.json, which anyone on the "
        "internet may read. Fix: keep secrets out of the page: a public client" in message
    )
    assert "`runtime_config['auth']['adminPassword']` looks like a secret" in message
    assert "`runtime_config['stripe']` is a secret's value" in message


def test_public_browser_keys_in_runtime_config_are_fine() -> None:
    # Proves (trial35): what a SPA's config.json holds by design is not taken for a secret
    given = {
        "apiKey": "AIzaSyExample",  # Firebase's web key is public
        "mapboxAccessToken": "pk.example",
        "userPoolId": "us-east-1_AbCdEf123",
        "clientId": "1example",
        "secretsEnabled": True,
        "passwordMinLength": 12,
        # Proves (trial35's follow-up): a page's own paths and labels under such names
        "routes": {"resetPassword": "/reset-password", "docsSecret": "https://x.example/s"},
        "labels": {"forgotPassword": "Forgot your password?"},
    }
    site, _ = build_site(runtime_config=given)
    # THEN the page's config.json holds each as given
    assert config_json(site) == given


def test_an_api_url_in_runtime_config_the_csp_does_not_allow_is_an_error() -> None:
    # Proves (trial35): runtime_config={'apiUrl': api.url} without api_origins (or a policy
    # of one's own with connect-src 'self' only) synthesized a page whose every API call the
    # browser blocks, silently
    for csp in (None, "default-src 'self'; connect-src 'self'"):
        stack = new_stack()
        api = todo_api(stack)
        with pytest.raises(
            ConstructError,
            match=r"Test/Site: `runtime_config\['apiUrl'\]` is Test/Api's url, another origin "
            r"than the site's, which the Content-Security-Policy's connect-src does not "
            r"allow.*Fix: pass api=<the ServerlessApi>",
        ):
            build_site(stack, runtime_config={"apiUrl": api.url}, content_security_policy=csp)


def test_the_served_apis_url_in_runtime_config_gets_one_problem_and_the_sites_path() -> None:
    # Proves (sweep36's follow-up): with api= given, 'apiUrl': api.url got two problems, one
    # of them fixing it with "pass api=" (given already); another key got that fix too
    stack = new_stack()
    api = todo_api(stack)
    with pytest.raises(ConstructError) as raised:
        build_site(stack, api=api, runtime_config={"apiUrl": api.url})
    assert str(raised.value).startswith("1 invalid prop:")
    assert "pass api=" not in str(raised.value)
    stack = new_stack()
    api = todo_api(stack)
    with pytest.raises(
        ConstructError,
        match=r"`runtime_config\['backend'\]` is Test/Api's url.*Fix: call the path the site "
        r"serves it on, on its own origin: '/api' \(config.json's 'apiUrl'\), or api_origins=",
    ):
        build_site(stack, api=api, runtime_config={"backend": api.url})


def test_an_api_url_in_runtime_config_the_csp_allows_is_fine() -> None:
    # Proves (trial35): the check above reads api_origins and a policy naming the API
    stack = new_stack()
    api = todo_api(stack)
    site, template = build_site(stack, runtime_config={"apiUrl": api.url}, api_origins=[api.url])
    _assert_connects_to(site, template, api)
    stack = new_stack()
    api = todo_api(stack)
    site, template = build_site(
        stack,
        runtime_config={"apiUrl": api.url},
        content_security_policy=f"default-src 'self'; connect-src 'self' {api.url}",
    )
    _assert_connects_to(site, template, api)


def _assert_connects_to(site: StaticSite, template: Template, api: ServerlessApi) -> None:
    """THEN config.json's apiUrl is the API's URL (a marker CDK fills in at deploy) and the
    site's content security policy lets the page connect to it."""
    assert config_text(site) == '{"apiUrl":<<marker:0xbaba:0>>}'
    logical_id = cdk.Stack.of(api).get_logical_id(api.http_api.node.default_child)
    config = properties_of(site.response_headers_policy)["ResponseHeadersPolicyConfig"]
    csp = config["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    assert "connect-src 'self' " in json.dumps(csp)
    assert logical_id in intrinsics(csp, "Ref")


def test_the_id_of_a_client_with_a_secret_in_runtime_config_is_an_error() -> None:
    # Proves (trial35): a SPA given a client made with generate_secret=True synthesized; its
    # sign-in fails (the page cannot send the secret the client's token requests need)
    from aws_cdk import aws_cognito as cognito

    stack = new_stack()
    pool = cognito.UserPool(stack, "Users")
    web = pool.add_client("Web", generate_secret=True)
    with pytest.raises(
        ConstructError,
        match=r"Test/Site: `runtime_config\['clientId'\]` is the id of Test/Users/Web, a client "
        r"with a secret \(generate_secret=True\).*Fix: give the page a public client",
    ):
        build_site(stack, runtime_config={"clientId": web.user_pool_client_id})
    stack = new_stack()
    pool = cognito.UserPool(stack, "Users")
    public = pool.add_client("Web", generate_secret=False)
    build_site(stack, runtime_config={"clientId": public.user_pool_client_id})


def test_a_hosted_ui_in_runtime_config_the_csp_does_not_allow_is_an_error() -> None:
    # Proves (trial35): runtime_config={'authDomain': domain.base_url()} with a CSP whose
    # connect-src lacks the hosted UI synthesized; the page's token request is blocked
    from aws_cdk import aws_cognito as cognito

    stack = new_stack()
    pool = cognito.UserPool(stack, "Users")
    domain = pool.add_domain(
        "Hosted", cognito_domain=cognito.CognitoDomainOptions(domain_prefix="todo-auth")
    )
    with pytest.raises(
        ConstructError,
        match=r"Test/Site: `runtime_config\['authDomain'\]` is the hosted UI of "
        r"Test/Users/Hosted, whose origin the Content-Security-Policy's connect-src does not "
        r"allow.*Fix: add its origin to connect-src",
    ):
        build_site(stack, runtime_config={"authDomain": domain.base_url()})
    # named in a policy of one's own: fine
    stack = new_stack()
    pool = cognito.UserPool(stack, "Users")
    domain = pool.add_domain(
        "Hosted", cognito_domain=cognito.CognitoDomainOptions(domain_prefix="todo-auth")
    )
    build_site(
        stack,
        runtime_config={"authDomain": domain.base_url()},
        content_security_policy=f"default-src 'self'; connect-src 'self' {domain.base_url()}",
    )
    # and in api_origins, with the default policy
    stack = new_stack()
    pool = cognito.UserPool(stack, "Users")
    domain = pool.add_domain(
        "Hosted", cognito_domain=cognito.CognitoDomainOptions(domain_prefix="todo-auth")
    )
    build_site(
        stack, runtime_config={"authDomain": domain.base_url()}, api_origins=[domain.base_url()]
    )


def test_a_secrets_arn_under_a_secret_name_in_runtime_config_is_fine() -> None:
    # Proves (sweep36): runtime_config={'dbSecret': 'arn:aws:secretsmanager:...'} (the ARN
    # names the secret and gives nothing away) was "looks like a secret", a ConstructError
    given = {"dbSecret": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCd"}
    site, _ = build_site(runtime_config=given)
    # THEN the page's config.json holds it as given
    assert config_json(site) == given


@pytest.mark.parametrize(
    "source",
    ["https://*.execute-api.eu-west-1.amazonaws.com", "https://*.amazonaws.com"],
)
def test_an_api_url_in_runtime_config_a_wildcard_of_its_region_allows_is_fine(
    source: str,
) -> None:
    # Proves (sweep36): connect-src naming https://*.execute-api.eu-west-1.amazonaws.com (the
    # API's region) was "does not allow" the API's url, a ConstructError
    stack = new_stack(env=cdk.Environment(account="123456789012", region="eu-west-1"))
    api = todo_api(stack)
    build_site(
        stack,
        runtime_config={"apiUrl": api.url},
        content_security_policy=f"default-src 'self'; connect-src 'self' {source}",
    )
    # another region's wildcard does not cover it
    stack = new_stack(env=cdk.Environment(account="123456789012", region="eu-west-1"))
    api = todo_api(stack)
    with pytest.raises(ConstructError, match=r"`runtime_config\['apiUrl'\]` is Test/Api's url"):
        build_site(
            stack,
            runtime_config={"apiUrl": api.url},
            content_security_policy=(
                "default-src 'self'; connect-src 'self' https://*.execute-api.us-east-1.amazonaws.com"
            ),
        )


@pytest.mark.parametrize(
    ("source", "allowed"),
    [
        ("https://auth.example.com", True),
        ("https://*.example.com", True),
        ("https://login.example.com", False),
    ],
)
def test_a_hosted_ui_on_a_custom_domain_named_in_the_csp_as_written(
    source: str, allowed: bool
) -> None:
    # Proves (sweep36): a hosted UI on auth.example.com with connect-src naming
    # https://auth.example.com was "does not allow" it, a ConstructError
    from aws_cdk import aws_cognito as cognito

    stack = new_stack()
    pool = cognito.UserPool(stack, "Users")
    certificate = acm.Certificate.from_certificate_arn(
        stack, "Cert", "arn:aws:acm:us-east-1:123456789012:certificate/abc"
    )
    domain = pool.add_domain(
        "Hosted",
        custom_domain=cognito.CustomDomainOptions(
            domain_name="auth.example.com", certificate=certificate
        ),
    )

    def build() -> None:
        build_site(
            stack,
            runtime_config={"authDomain": domain.base_url()},
            content_security_policy=f"default-src 'self'; connect-src 'self' {source}",
        )

    if allowed:
        build()
    else:
        with pytest.raises(ConstructError, match=r"is the hosted UI of Test/Users/Hosted"):
            build()


def test_countries_as_text_are_told_the_call_and_each_code_that_is_no_country_s() -> None:
    # Proves (papercuts50): geo_restriction="DE,UK" (a config's list) was told "pass an
    # aws_cloudfront.GeoRestriction", not the call with its codes
    with pytest.raises(ConstructError) as raised:
        build_site(geo_restriction="de,UK")
    assert [(p.prop, p.message, p.fix) for p in raised.value.problems] == [
        (
            "geo_restriction",
            "is 'de,UK', a str; it must be an aws_cloudfront.GeoRestriction",
            "pass cloudfront.GeoRestriction.allowlist('DE', 'UK') to serve these countries "
            "only, or cloudfront.GeoRestriction.denylist('DE', 'UK') to serve every country "
            "but these",
        ),
        (
            "geo_restriction",
            "has 'UK', which is no ISO 3166-1 alpha-2 country code: CloudFront refuses it at "
            "deploy time",
            "write GB (the United Kingdom's ISO code)",
        ),
    ]


def test_the_call_a_geo_restriction_fix_names_builds_what_was_meant() -> None:
    # GIVEN the call the fix names for "DE,FR"
    _, template = build_site(geo_restriction=cloudfront.GeoRestriction.allowlist("DE", "FR"))
    # THEN the distribution serves those countries only
    template.has_resource_properties(
        "AWS::CloudFront::Distribution",
        {
            "DistributionConfig": {
                "Restrictions": {
                    "GeoRestriction": {"RestrictionType": "whitelist", "Locations": ["DE", "FR"]}
                }
            }
        },
    )
