"""ServerlessApi(domain=...): every rule of ApiDomain, asserted by its message; all
problems at once; tokens skip the checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, ApiDomain, ConstructError, ServerlessApi, StaticSite
from tests.support import (
    CERT_ARN,
    SITE,
    InStack,
    RuleCase,
    assert_every_problem,
    assert_rule,
    certificate,
    echo_handler,
    hosted_zone,
    in_stack,
    new_stack,
    rule_cases,
)

REGION = cdk.Environment(region="eu-west-1")


def _certificate(stack: cdk.Stack) -> acm.ICertificate:
    return certificate(stack, "eu-west-1")


def _api(stack: cdk.Stack | None = None, **domain: Any) -> ServerlessApi:
    """An API "Api" in eu-west-1 whose ``domain`` is ApiDomain(name="api.example.com",
    certificate in eu-west-1, then ``domain``), ``InStack`` values built in the stack."""
    stack = stack or new_stack(env=REGION)
    props = in_stack(
        {"name": "api.example.com", "certificate": InStack(_certificate), **domain}, stack
    )
    return ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.iam(),
        domain=ApiDomain(**props),
    )


NAME_FIX = r"\. Fix: pass the host name only: no scheme, path, port or trailing dot"

CASES: list[RuleCase] = [
    (
        "scheme",
        {"name": "https://api.example.com"},
        r"Test/Api: `domain.name` is 'https://api.example.com'; it must be a lower-case DNS "
        r"name such as api.example.com" + NAME_FIX,
    ),
    ("trailing dot", {"name": "api.example.com."}, r"`domain.name` is 'api.example.com.'"),
    ("upper case", {"name": "API.example.com"}, r"`domain.name` is 'API.example.com'"),
    ("path", {"name": "api.example.com/v1"}, r"`domain.name` is 'api.example.com/v1'"),
    ("single label", {"name": "localhost"}, r"`domain.name` is 'localhost'"),
    ("label too long", {"name": f"{'a' * 64}.example.com"}, r"`domain.name` is 'a{64}\.example"),
    (
        "wildcard",
        {"name": "*.example.com"},
        r"`domain.name` is '\*.example.com'.*\(a wildcard name is not supported here\)",
    ),
    ("name type", {"name": 5}, r"`domain.name` is 5, an int\. Fix: .*pass the host name"),
    (
        "certificate as an ARN",
        {"certificate": CERT_ARN},
        r"`domain.certificate` is 'arn:aws:acm:.*'; it must be an ACM certificate "
        r"\(acm.ICertificate\)\. Fix: .*acm.Certificate.from_certificate_arn\(self, 'Cert', arn\)",
    ),
    (
        "certificate another resource",
        {"certificate": InStack(lambda s: s3.Bucket.from_bucket_name(s, "B", "my-bucket"))},
        r"`domain.certificate` is .*; it must be an ACM certificate",
    ),
    (
        "certificate region",
        {"certificate": InStack(certificate)},
        r"`domain.certificate` is in 'us-east-1', but the API is in 'eu-west-1'; a regional "
        r"custom domain needs a certificate in the API's own region\. Fix: .*in eu-west-1",
    ),
    # Proves (user trial): a certificate of the app for another name synthesized, and the
    # deploy would fail
    # Proves (user trial): a certificate imported from an IAM server certificate's ARN
    # synthesized (no region to compare); API Gateway refuses it
    (
        "certificate imported from another service's ARN",
        {
            "certificate": InStack(
                lambda s: acm.Certificate.from_certificate_arn(
                    s, "C", "arn:aws:iam::123456789012:server-certificate/api"
                )
            )
        },
        r"`domain.certificate` was imported from 'arn:aws:iam::123456789012:server-certificate/"
        r"api', the ARN of 'iam', not of an ACM certificate",
    ),
    # Proves (user trial): the zone's name as its ID (or the /hostedzone/ path) synthesized
    (
        "zone name as the zone ID",
        {
            "hosted_zone": InStack(
                lambda s: route53.HostedZone.from_hosted_zone_attributes(
                    s, "Z", hosted_zone_id="example.com", zone_name="example.com"
                )
            )
        },
        r"`domain.hosted_zone` was imported with hosted_zone_id='example.com'; a hosted zone's "
        r"ID is upper-case letters and digits.* Fix: pass the zone's ID",
    ),
    (
        "zone ID as its path",
        {
            "hosted_zone": InStack(
                lambda s: route53.HostedZone.from_hosted_zone_attributes(
                    s, "Z", hosted_zone_id="/hostedzone/Z123", zone_name="example.com"
                )
            )
        },
        r"hosted_zone_id='/hostedzone/Z123'.* Fix: pass hosted_zone_id='Z123'",
    ),
    (
        "certificate for another name",
        {"certificate": InStack(lambda s: acm.Certificate(s, "C", domain_name="*.other.com"))},
        r"`domain.certificate` is for \*\.other\.com, which does not cover domain.name "
        r"'api.example.com': the deploy would fail\. Fix: request the certificate for "
        r"'api.example.com' \(or add it to subject_alternative_names\)",
    ),
    (
        "wildcard certificate two levels up",
        {
            "name": "a.api.example.com",
            "certificate": InStack(lambda s: acm.Certificate(s, "C", domain_name="*.example.com")),
        },
        r"`domain.certificate` is for \*\.example\.com, which does not cover domain.name "
        r"'a.api.example.com'",
    ),
    (
        "zone as an ID",
        {"hosted_zone": "Z123"},
        r"`domain.hosted_zone` is 'Z123'; it must be a Route 53 hosted zone.*\. Fix: "
        r"pass route53.HostedZone.from_hosted_zone_attributes",
    ),
    (
        "zone without a name",
        {"hosted_zone": InStack(lambda s: route53.HostedZone.from_hosted_zone_id(s, "Z", "Z1"))},
        r"`domain.hosted_zone` was imported with HostedZone.from_hosted_zone_id, which has no "
        r"zone name",
    ),
    (
        "name outside the zone",
        {"name": "api.example.org", "hosted_zone": InStack(hosted_zone)},
        r"`domain.name` is 'api.example.org', which is not in domain.hosted_zone 'example.com'",
    ),
    (
        "name a suffix of the zone, not in it",
        {"name": "notexample.com", "hosted_zone": InStack(hosted_zone)},
        r"`domain.name` is 'notexample.com', which is not in",
    ),
    (
        "base path leading slash",
        {"base_path": "/v1"},
        r"`domain.base_path` is '/v1'; an API mapping key is one or more path segments of "
        r"letters, digits and \$-_.\+!\*'\(\) joined by '/', without a leading or trailing '/'"
        r"\. Fix: .*base_path='v1'",
    ),
    ("base path trailing slash", {"base_path": "v1/"}, r"`domain.base_path` is 'v1/'"),
    ("base path empty", {"base_path": ""}, r"`domain.base_path` is ''.*or None to serve"),
    ("base path double slash", {"base_path": "a//b"}, r"`domain.base_path` is 'a//b'"),
    ("base path space", {"base_path": "v 1"}, r"`domain.base_path` is 'v 1'"),
    ("base path type", {"base_path": 1}, r"`domain.base_path` is 1, an int"),
    (
        "disable default endpoint type",
        {"disable_default_endpoint": "yes"},
        r"`domain.disable_default_endpoint` is 'yes'; it must be True or False",
    ),
    (
        # Proves (messages review): a wrong resource was shown as '<aws_cdk...Bucket object at
        # 0x...>'
        "certificate a bucket",
        {"certificate": InStack(lambda s: s3.Bucket(s, "Raw"))},
        r"`domain.certificate` is the aws_s3.Bucket 'Test/Raw'; it must be an ACM certificate",
    ),
    (
        "zone a bucket",
        {"hosted_zone": InStack(lambda s: s3.Bucket(s, "Raw"))},
        r"`domain.hosted_zone` is the aws_s3.Bucket 'Test/Raw'; it must be a Route 53 hosted",
    ),
]


@rule_cases(CASES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_api, props, message)


def test_domain_of_the_wrong_type() -> None:
    assert_rule(
        lambda: ServerlessApi(
            new_stack(),
            "Api",
            routes={"GET /a": echo_handler()},
            auth=ApiAuth.iam(),
            domain="api.example.com",  # type: ignore[arg-type]
        ),
        {},
        r"`domain` is 'api.example.com', a str\. Fix: .*pass ApiDomain\(name='api.example.com'",
    )


def test_every_problem_is_reported_at_once_with_path_prop_and_fix() -> None:
    assert_every_problem(
        _api,
        {
            "name": "API.example.com",
            "certificate": "arn",
            "hosted_zone": "Z123",
            "base_path": "/v1",
            "disable_default_endpoint": 1,
        },
        "Test/Api",
        [
            "domain.name",
            "domain.certificate",
            "domain.hosted_zone",
            "domain.base_path",
            "domain.disable_default_endpoint",
        ],
    )


def test_accepted_names_and_base_paths() -> None:
    # GIVEN the zone apex, a deep name, and multi-level / punctuated mapping keys
    for name, base_path in (
        ("example.com", "orders/v1/items"),
        ("a-1.b.example.com", "$v1_-.+!*'()"),
    ):
        # WHEN the API is built THEN nothing is rejected
        api = _api(name=name, base_path=base_path, hosted_zone=InStack(hosted_zone))
        # AND the domain, its mapping and its records take them as given
        assert _domain(api) == (name, base_path)
        stack = cdk.Stack.of(api)
        assert api.records and {
            stack.resolve(record.node.default_child.name) for record in api.records
        } == {f"{name}."}


def test_unresolved_tokens_are_not_validated() -> None:
    # GIVEN a name, base path, zone name and certificate region known only at deploy time
    stack = new_stack()
    name = cdk.CfnParameter(stack, "Name").value_as_string
    base_path = cdk.CfnParameter(stack, "BasePath").value_as_string
    zone = route53.HostedZone.from_hosted_zone_attributes(
        stack,
        "Zone",
        hosted_zone_id="Z1",
        zone_name=cdk.CfnParameter(stack, "ZoneName").value_as_string,
    )
    certificate = acm.Certificate(stack, "Cert", domain_name="api.example.com")
    # WHEN the API is built THEN nothing is rejected
    _api(stack, name=name, base_path=base_path, hosted_zone=zone, certificate=certificate)
    # AND the template passes the tokens through
    Template.from_stack(stack).has_resource_properties(
        "AWS::ApiGatewayV2::ApiMapping", {"ApiMappingKey": {"Ref": "BasePath"}}
    )


def test_the_certificate_region_is_not_checked_in_an_environment_agnostic_stack() -> None:
    # GIVEN an API whose stack has no region and a certificate from us-east-1
    stack = new_stack()
    # WHEN the API is built THEN nothing is rejected (the region is known at deploy only)
    api = _api(stack, certificate=certificate(stack, "us-east-1"))
    # AND the domain uses the certificate
    assert _certificate_arns(api) == [CERT_ARN]


def _domain(api: ServerlessApi) -> tuple[str, str | None]:
    """The custom domain's name and its API mapping's key, resolved without a synth."""
    assert api.domain_name is not None and api.api_mapping is not None
    stack = cdk.Stack.of(api)
    name = stack.resolve(api.domain_name.node.default_child.domain_name)
    return name, stack.resolve(api.api_mapping.node.default_child.api_mapping_key)


def _certificate_arns(api: ServerlessApi) -> list[Any]:
    """The certificate ARN of each configuration of the API's custom domain."""
    assert api.domain_name is not None
    stack = cdk.Stack.of(api)
    configurations = stack.resolve(api.domain_name.node.default_child.domain_name_configurations)
    return [configuration["certificateArn"] for configuration in configurations]


def test_a_function_may_not_take_the_name_of_a_domain_resource() -> None:
    # GIVEN a handler named like the construct the domain creates WHEN the API is built
    # THEN the name is rejected (the two would collide, with or without a domain)
    assert_rule(
        lambda: ServerlessApi(
            new_stack(),
            "Api",
            routes={"GET /a": echo_handler(name="DomainName")},
            auth=ApiAuth.iam(),
        ),
        {},
        r"gives the function the name 'DomainName', which the API uses for its own resources",
    )


def test_a_certificate_of_the_app_that_covers_the_name_is_accepted() -> None:
    # GIVEN certificates requested in the app: by a wildcard, an alternative name, any case
    for domain_name, alternatives in (
        ("*.example.com", None),
        ("example.com", ["www.example.com", "api.example.com"]),
        ("API.Example.com", None),
    ):
        stack = new_stack()
        certificate = acm.Certificate(
            stack, "C", domain_name=domain_name, subject_alternative_names=alternatives
        )
        # WHEN the API is built on api.example.com THEN nothing is rejected
        api = _api(stack, certificate=certificate)
        # THEN the domain uses the certificate of the app
        assert _certificate_arns(api) == [stack.resolve(certificate.certificate_arn)]


def _api_on(stack: cdk.Stack, id: str, name: str) -> ServerlessApi:
    cert = acm.Certificate.from_certificate_arn(stack, f"{id}Cert", CERT_ARN)
    domain = ApiDomain(name=name, certificate=cert)
    return ServerlessApi(
        stack, id, routes={"GET /a": echo_handler()}, auth=ApiAuth.iam(), domain=domain
    )


def test_a_host_name_another_api_or_the_site_answers_on_is_refused() -> None:
    # Proves (user trial): the API given the site's own host name (app.example.com, "same
    # origin"), and two APIs or two sites on one name, synthesized; the deploy fails
    stack = new_stack()  # env-agnostic: the certificates' regions are not compared
    site_cert = certificate(stack)
    StaticSite(stack, "Site", source=SITE, domain_name="app.example.com", certificate=site_cert)
    with pytest.raises(
        ConstructError,
        match=r"Test/Api: `domain.name` is 'app.example.com', which the site Test/Site answers "
        r"on already: a host name reaches one CloudFront distribution or API Gateway domain.*"
        r"Fix: give each site and API its own host name",
    ):
        _api_on(stack, "Api", "app.example.com")
    _api_on(stack, "Api2", "api.example.com")
    with pytest.raises(ConstructError, match=r"which the API Test/Api2 answers on already"):
        _api_on(stack, "Api3", "api.example.com")
    with pytest.raises(ConstructError, match=r"which the API Test/Api2 answers on already"):
        StaticSite(
            stack, "Site2", source=SITE, domain_name="api.example.com", certificate=site_cert
        )


def test_one_api_host_name_in_two_regions_is_two_domains() -> None:
    # GIVEN the same API host name in two regions (latency-based routing) THEN both are built
    app = cdk.App()
    for region in ("eu-west-1", "us-east-1"):
        stack = cdk.Stack(app, region, env=cdk.Environment(account="123456789012", region=region))
        api = _api(stack, certificate=InStack(lambda s, r=region: certificate(s, r)))
        # THEN each region's domain has the name and its region's certificate
        assert _domain(api)[0] == "api.example.com"
        assert _certificate_arns(api) == [CERT_ARN.replace("us-east-1", region)]


def test_one_api_host_name_in_two_regions_with_records_in_one_zone_is_refused() -> None:
    # Proves (trial38multiregion): an API per region on api.example.com, each ApiDomain
    # with the same hosted_zone, synthesized; the library's A and AAAA records are simple
    # ones, so the second region's deploy fails on records that already exist
    app = cdk.App()

    def regional(region: str, **domain: Any) -> ServerlessApi:
        env = cdk.Environment(account="123456789012", region=region)
        stack = cdk.Stack(app, region, env=env)
        return _api(stack, certificate=InStack(lambda s: certificate(s, region)), **domain)

    regional("eu-west-1", hosted_zone=InStack(hosted_zone))
    with pytest.raises(
        ConstructError,
        match=r"us-east-1/Api: `domain.hosted_zone` would get the A and AAAA records of "
        r"'api.example.com', which the API eu-west-1/Api \(eu-west-1\) creates in this zone "
        r"already.*Fix: leave out hosted_zone on each region's ApiDomain of api.example.com "
        r"and create the region's alias records",
    ):
        regional("us-east-1", hosted_zone=InStack(hosted_zone))
    # WHEN the other regions leave the records to the app (latency records of its own), or
    # put them into another zone (a private one), THEN they are built
    regional("us-east-2")
    private = InStack(
        lambda s: route53.HostedZone.from_hosted_zone_attributes(
            s, "Private", hosted_zone_id="Z999", zone_name="example.com"
        )
    )
    regional("ap-southeast-2", hosted_zone=private)


def test_one_api_host_name_in_zones_looked_up_in_two_regions_is_built() -> None:
    # Proves (sweep38c): each region's API with its records in a zone of its own found by
    # HostedZone.from_lookup (a public one here, the region's private one there) was
    # refused: before the CLI looks them up, every lookup's zone id is "DUMMY", the same
    # zone to the rule, so the synthesis that asks for the lookups failed and none was made
    app = cdk.App()
    for region, private in (("eu-west-1", False), ("us-east-1", True)):
        env = cdk.Environment(account="123456789012", region=region)
        stack = cdk.Stack(app, region, env=env)
        zone = InStack(
            lambda s, p=private: route53.HostedZone.from_lookup(
                s, "Zone", domain_name="example.com", private_zone=p
            )
        )
        _api(stack, certificate=InStack(lambda s, r=region: certificate(s, r)), hosted_zone=zone)
    # THEN the stacks ask for their zones (the synthesis with their ids compares them)
    manifest = json.loads((Path(app.synth().directory) / "manifest.json").read_text())
    assert [m["provider"] for m in manifest["missing"]] == ["hosted-zone", "hosted-zone"]


def _stage_api(app: cdk.App, stage: str, account: str) -> ServerlessApi:
    env = cdk.Environment(account=account, region="eu-west-1")
    stack = cdk.Stack(cdk.Stage(app, stage, env=env), "Api")
    arn = f"arn:aws:acm:eu-west-1:{account}:certificate/11111111-2222-3333-4444-555555555555"
    cert = acm.Certificate.from_certificate_arn(stack, "Cert", arn)
    return ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.iam(),
        domain=ApiDomain(name="api.example.com", certificate=cert),
    )


def test_one_api_host_name_in_two_accounts_of_a_region_is_refused_naming_the_stages() -> None:
    # Proves (trial30): a pipeline's dev (111111111111) and prod (222222222222) stages in
    # eu-west-1, both given ApiDomain(name="api.example.com"), synthesized; API Gateway
    # takes a regional custom domain name once per region across all accounts, and its DNS
    # record points at one of them: the second stage's deploy fails
    app = cdk.App()
    _stage_api(app, "Dev", "111111111111")
    with pytest.raises(
        ConstructError,
        match=r"Prod/Api/Api: `domain.name` is 'api.example.com', which the API "
        r"Dev/Api/Api answers on already.*Fix: give each stage its own host name \(e\.g\. "
        r"prod\.api\.example\.com here, api\.example\.com in the stage Dev\)",
    ):
        _stage_api(app, "Prod", "222222222222")


def test_one_api_host_name_beside_an_environment_agnostic_stage_says_its_region_is_unknown() -> (
    None
):
    # Proves (sweep31): refused (an agnostic stage may deploy to the same region) without
    # saying why two regional domains were taken for one
    app = cdk.App()
    stack = cdk.Stack(cdk.Stage(app, "Dev"), "Api")
    arn = "arn:aws:acm:eu-west-1:111111111111:certificate/11111111-2222-3333-4444-555555555555"
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.iam(),
        domain=ApiDomain(
            name="api.example.com",
            certificate=acm.Certificate.from_certificate_arn(stack, "C", arn),
        ),
    )
    with pytest.raises(
        ConstructError,
        match=r"which the API Dev/Api/Api answers on already \(an environment-agnostic "
        r"stack's region is known only at deploy: both may be in one\).*Fix: give each stage",
    ):
        _stage_api(app, "Prod", "222222222222")


def test_one_site_host_name_in_two_stages_names_the_stages() -> None:
    # Proves (trial30): the same StaticSite domain in dev and prod was told "give each site
    # and API its own host name (e.g. app.example.com ...)", not that each stage needs one
    app = cdk.App()
    for stage, account in (("Dev", "111111111111"), ("Prod", "222222222222")):
        env = cdk.Environment(account=account, region="us-east-1")
        stack = cdk.Stack(cdk.Stage(app, stage, env=env), "Site")
        arn = f"arn:aws:acm:us-east-1:{account}:certificate/11111111-2222-3333-4444-555555555555"
        cert = acm.Certificate.from_certificate_arn(stack, "Cert", arn)
        if stage == "Dev":
            StaticSite(stack, "Site", source=SITE, domain_name="app.example.com", certificate=cert)
            continue
        with pytest.raises(
            ConstructError,
            match=r"Fix: give each stage its own host name \(e\.g\. prod\.app\.example\.com here",
        ):
            StaticSite(stack, "Site", source=SITE, domain_name="app.example.com", certificate=cert)


def test_a_stage_id_that_is_no_dns_label_is_made_one_in_the_fix() -> None:
    # Proves (review32's follow-up): the fix suggested prod_eu.api.example.com for a stage
    # 'Prod_EU' (its id lowercased), a host name no DNS zone takes (a stage id may hold '_'
    # when its stacks are named explicitly)
    app = cdk.App()
    for stage, account in (("Dev_EU", "111111111111"), ("Prod_EU", "222222222222")):
        env = cdk.Environment(account=account, region="eu-west-1")
        stack = cdk.Stack(cdk.Stage(app, stage, env=env), "Api", stack_name=f"api-{account}")
        arn = f"arn:aws:acm:eu-west-1:{account}:certificate/11111111-2222-3333-4444-555555555555"
        domain = ApiDomain(
            name="api.example.com",
            certificate=acm.Certificate.from_certificate_arn(stack, "C", arn),
        )
        if stage == "Dev_EU":
            ServerlessApi(
                stack, "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam(), domain=domain
            )
            continue
        with pytest.raises(ConstructError, match=r"e\.g\. prod-eu\.api\.example\.com here"):
            ServerlessApi(
                stack, "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam(), domain=domain
            )
