"""Bad inputs a user could write: each fails at synth with a ConstructError naming the
prop (never a raw TypeError/AttributeError, a jsii trace, or silence)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    ApiDomain,
    BucketEvents,
    ConstructError,
    CorsPolicy,
    Deployment,
    EventHandler,
    FunctionDefaults,
    GlobalIndex,
    Handler,
    Link,
    Monitoring,
    Network,
    QueueWorker,
    Route,
    ScheduledJob,
    ServerlessApi,
    StaticSite,
    TableOptions,
    acknowledge,
    security_headers,
)
from tests.support import CERT_ARN, ECHO, SITE, certificate, new_stack
from tests.template_support import authorizers_of, intrinsics

H = Handler(code=ECHO)
IMAGE = ECHO.parent.parent / "images" / "echo"


def _api_with_scopes(stack: cdk.Stack, scopes: Any) -> ServerlessApi:
    route = Route(H, authorization_scopes=scopes)
    auth = ApiAuth.jwt("https://issuer.example.com/", ["api"])
    return ServerlessApi(stack, "X", routes={"GET /a": route}, auth=auth)


def _api_with_client_of_another_pool(stack: cdk.Stack) -> ServerlessApi:
    client = cognito.UserPool(stack, "Other").add_client("Web")
    auth = ApiAuth.cognito(cognito.UserPool(stack, "Users"), [client])
    return ServerlessApi(stack, "X", routes={"GET /a": H}, auth=auth)


def _cognito_api_with_scope(stack: cdk.Stack, scope: str) -> ServerlessApi:
    pool = cognito.UserPool(stack, "Users")
    read = cognito.ResourceServerScope(scope_name="read", scope_description="read")
    server = pool.add_resource_server("Items", identifier="items", scopes=[read])
    scopes = [cognito.OAuthScope.resource_server(server, read)]
    client = pool.add_client("Web", o_auth=cognito.OAuthSettings(scopes=scopes))
    route = Route(H, authorization_scopes=[scope])
    return ServerlessApi(stack, "X", routes={"GET /a": route}, auth=ApiAuth.cognito(pool, [client]))


def _jwt_api_of_pool(
    stack: cdk.Stack, attribute: str, prefix: str = "", suffix: str = ""
) -> ServerlessApi:
    """An API whose JWT issuer is ``prefix`` + the pool's ``user_pool_<attribute>`` +
    ``suffix``."""
    pool = cognito.UserPool(stack, "Users")
    issuer = prefix + getattr(pool, f"user_pool_{attribute}") + suffix
    auth = ApiAuth.jwt(issuer, [pool.add_client("Web").user_pool_client_id])
    return ServerlessApi(stack, "X", routes={"GET /a": H}, auth=auth)


def _api_with_domain(stack: cdk.Stack, domain: Any) -> ServerlessApi:
    return ServerlessApi(stack, "X", routes={"GET /a": H}, auth=ApiAuth.iam(), domain=domain)


CASES: list[tuple[str, str, Callable[[cdk.Stack], Any]]] = [
    # Proves (user trial): two scopes in one string, an empty scope and a repeated one
    # synthesized a route that refuses every token (or a duplicate) without a word
    (
        "api scopes in one string",
        "routes['GET /a'].authorization_scopes[0]",
        lambda s: _api_with_scopes(s, ["items/read items/write"]),
    ),
    (
        "api scope empty",
        "routes['GET /a'].authorization_scopes[0]",
        lambda s: _api_with_scopes(s, [""]),
    ),
    (
        "api scope repeated",
        "routes['GET /a'].authorization_scopes[1]",
        lambda s: _api_with_scopes(s, ["items/read", "items/read"]),
    ),
    # Proves (user trial): a client of another user pool was taken as the audience of
    # this pool's tokens: every request got a 401
    ("api cognito client of another pool", "auth.clients[0]", _api_with_client_of_another_pool),
    # Proves (user trial): an EventHandler on a table's item changes on the default bus
    # synthesized a rule that never matches (DynamoDB sends EventBridge no item changes)
    (
        "event handler dynamodb item changes",
        "event_pattern.detail_type[0]",
        lambda s: EventHandler(
            s, "X", handler=H, event_pattern={"source": ["aws.dynamodb"], "detail-type": ["INSERT"]}
        ),
    ),
    # Proves (user trial): ApiAuth.cognito(pool, []) silently became a new client of
    # aws-cdk-lib's, so the app's own client's tokens were refused on every route
    (
        "api cognito clients empty",
        "auth.clients",
        lambda s: ServerlessApi(
            s, "X", routes={"GET /a": H}, auth=ApiAuth.cognito(cognito.UserPool(s, "Users"), [])
        ),
    ),
    # Proves (user trial): an issuer with a space, a query or no host and an empty audience
    # synthesized an authorizer that refuses every token
    *[
        (
            f"api jwt issuer {issuer!r}",
            "auth.issuer",
            lambda s, issuer=issuer: ServerlessApi(
                s, "X", routes={"GET /a": H}, auth=ApiAuth.jwt(issuer, ["api"])
            ),
        )
        for issuer in (
            "https://auth.example.com /",
            "https://a.example.com/?x=1",
            "https:///",
            # a Cognito pool's URL with the '/' its tokens' `iss` never has
            "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123/",
            # Proves (user trial): the OIDC discovery document's URL (or the JWKS URL) pasted
            # as the issuer synthesized an authorizer that refuses every token
            "https://login.example.ac.uk/.well-known/openid-configuration",
            "https://login.example.ac.uk/oauth2/default/.well-known/jwks.json",
            # Proves (sweep24): the same in capitals synthesized in silence
            "https://login.example.ac.uk/.WELL-KNOWN/openid-configuration",
        )
    ],
    # Proves (sweep24): a deploy-time issuer ending in a /.well-known/ document's path (the
    # pool's JWKS URL) synthesized an API refusing every token (only a literal was read)
    (
        "api jwt issuer pool jwks url",
        "auth.issuer",
        lambda s: _jwt_api_of_pool(
            s, "provider_url", prefix="https://", suffix="/.well-known/jwks.json"
        ),
    ),
    # Proves (user trial): the user pool's issuer as its provider URL, which has no https://
    # (cognito-idp.<region>.amazonaws.com/<id>), synthesized an API refusing every token
    *[
        (
            f"api jwt issuer user_pool_{attribute}",
            "auth.issuer",
            lambda s, attribute=attribute: _jwt_api_of_pool(s, attribute),
        )
        for attribute in ("provider_url", "provider_name")
    ],
    (
        "api jwt audience empty",
        "auth.audiences[1]",
        lambda s: ServerlessApi(
            s, "X", routes={"GET /a": H}, auth=ApiAuth.jwt("https://a.example.com/", ["api", ""])
        ),
    ),
    # Proves (user trial): a Cognito route's scope that no client of the API may request
    # (no resource server, or one the clients do not list) refused every request
    (
        "api cognito scope of no client",
        "routes['GET /a'].authorization_scopes[0]",
        lambda s: _cognito_api_with_scope(s, "items/write"),
    ),
    (
        "api cognito custom scope with the default client",
        "routes['GET /a'].authorization_scopes[0]",
        lambda s: ServerlessApi(
            s,
            "X",
            routes={"GET /a": Route(H, authorization_scopes=["items/read"])},
            auth=ApiAuth.cognito(cognito.UserPool(s, "Users")),
        ),
    ),
    # Proves (user trial): "ANY $default" was told its path must start with '/'
    (
        "api method before $default",
        "routes['ANY $default']",
        lambda s: ServerlessApi(s, "X", routes={"ANY $default": H}, auth=ApiAuth.iam()),
    ),
    # Proves (user trial): an index keyed twice on one attribute synthesized (DynamoDB
    # refuses it at deploy time); one named like the table's key with another type was a
    # jsii trace (AttributeTypeConflict)
    (
        "api index sort key is its partition key",
        "table.global_secondary_indexes[0].sort_key",
        lambda s: ServerlessApi(
            s,
            "X",
            routes={"GET /a": H},
            auth=ApiAuth.iam(),
            table=TableOptions(
                global_secondary_indexes=[GlobalIndex("by-o", partition_key="o", sort_key="o")]
            ),
        ),
    ),
    (
        "api index key typed unlike the table's",
        "table.global_secondary_indexes[0].sort_key",
        lambda s: ServerlessApi(
            s,
            "X",
            routes={"GET /a": H},
            auth=ApiAuth.iam(),
            table=TableOptions(
                partition_key="pk",
                partition_key_type=dynamodb.AttributeType.NUMBER,
                global_secondary_indexes=[
                    GlobalIndex("by-owner", partition_key="owner", sort_key="pk")
                ],
            ),
        ),
    ),
    # Proves (user trial): CORS of a JWT API without 'authorization' (or with '*', which
    # never covers it) synthesized an API no browser can send its token to
    (
        "api cors without authorization",
        "cors.allow_headers",
        lambda s: ServerlessApi(
            s,
            "X",
            routes={"GET /a": H},
            auth=ApiAuth.jwt("https://issuer.example.com/", ["api"]),
            cors=CorsPolicy(allow_origins=["https://a.example.com"], allow_headers=["*"]),
        ),
    ),
    ("api routes None", "routes", lambda s: ServerlessApi(s, "X", routes=None, auth=ApiAuth.iam())),
    (
        "api route handler None",
        "routes['GET /a']",
        lambda s: ServerlessApi(s, "X", routes={"GET /a": None}, auth=ApiAuth.iam()),
    ),
    (
        "api Route(None)",
        "routes['GET /a'].handler",  # sweep25: the Route's handler is None, not the route
        lambda s: ServerlessApi(s, "X", routes={"GET /a": Route(None)}, auth=ApiAuth.iam()),
    ),
    (
        "api route key int",
        "routes[1]",
        lambda s: ServerlessApi(s, "X", routes={1: H}, auth=ApiAuth.iam()),
    ),
    (
        "api cors list",
        "cors",
        lambda s: ServerlessApi(s, "X", routes={"GET /a": H}, auth=ApiAuth.iam(), cors=["*"]),
    ),
    (
        "api throttling dict",
        "throttling",
        lambda s: ServerlessApi(
            s, "X", routes={"GET /a": H}, auth=ApiAuth.iam(), throttling={"rate": 1}
        ),
    ),
    (
        "api table str",
        "table",
        lambda s: ServerlessApi(s, "X", routes={"GET /a": H}, auth=ApiAuth.iam(), table="t"),
    ),
    (
        "api existing_table str",
        "existing_table",
        lambda s: ServerlessApi(
            s, "X", routes={"GET /a": H}, auth=ApiAuth.iam(), existing_table="t"
        ),
    ),
    (
        "api jwt issuer None",
        "auth.issuer",
        lambda s: ServerlessApi(s, "X", routes={"GET /a": H}, auth=ApiAuth.jwt(None, ["a"])),
    ),
    (
        "api jwt audiences str",
        "auth.audiences",
        lambda s: ServerlessApi(
            s, "X", routes={"GET /a": H}, auth=ApiAuth.jwt("https://x/", "aud")
        ),
    ),
    (
        "api none reason None",
        "auth",
        lambda s: ServerlessApi(s, "X", routes={"GET /a": H}, auth=ApiAuth.none(reason=None)),
    ),
    (
        "api network str",
        "network",
        lambda s: ServerlessApi(s, "X", routes={"GET /a": H}, auth=ApiAuth.iam(), network="vpc"),
    ),
    (
        "api alarms str",
        "alarms",
        lambda s: ServerlessApi(s, "X", routes={"GET /a": H}, auth=ApiAuth.iam(), alarms="yes"),
    ),
    (
        "api alarm_topic str",
        "alarm_topic",
        lambda s: ServerlessApi(
            s, "X", routes={"GET /a": H}, auth=ApiAuth.iam(), alarm_topic="arn"
        ),
    ),
    ("api domain str", "domain", lambda s: _api_with_domain(s, "api.example.com")),
    (
        "api domain name None",
        "domain.name",
        lambda s: _api_with_domain(s, ApiDomain(name=None, certificate=certificate(s))),
    ),
    (
        "api domain certificate arn",
        "domain.certificate",
        lambda s: _api_with_domain(s, ApiDomain(name="api.example.com", certificate=CERT_ARN)),
    ),
    (
        "api domain certificate None",
        "domain.certificate",
        lambda s: _api_with_domain(s, ApiDomain(name="api.example.com", certificate=None)),
    ),
    (
        "api domain zone str",
        "domain.hosted_zone",
        lambda s: _api_with_domain(
            s, ApiDomain(name="api.example.com", certificate=certificate(s), hosted_zone="Z1")
        ),
    ),
    (
        "api domain zone by id",
        "domain.hosted_zone",
        lambda s: _api_with_domain(
            s,
            ApiDomain(
                name="api.example.com",
                certificate=certificate(s),
                hosted_zone=route53.HostedZone.from_hosted_zone_id(s, "Z", "Z1"),
            ),
        ),
    ),
    (
        "api domain base_path list",
        "domain.base_path",
        lambda s: _api_with_domain(
            s, ApiDomain(name="api.example.com", certificate=certificate(s), base_path=["v1"])
        ),
    ),
    (
        "api domain disable str",
        "domain.disable_default_endpoint",
        lambda s: _api_with_domain(
            s,
            ApiDomain(
                name="api.example.com", certificate=certificate(s), disable_default_endpoint="no"
            ),
        ),
    ),
    (
        "handler code None",
        "handler.code",
        lambda s: QueueWorker(s, "X", handler=Handler(code=None)),
    ),
    (
        "handler entry None",
        "handler.entry",
        lambda s: QueueWorker(s, "X", handler=Handler(code=ECHO, entry=None)),
    ),
    (
        "handler env None",
        "handler.environment",
        lambda s: QueueWorker(s, "X", handler=Handler(code=ECHO, environment=None)),
    ),
    (
        "handler endpoints None",
        "handler.endpoints",
        lambda s: QueueWorker(s, "X", handler=Handler(code=ECHO, endpoints=None)),
    ),
    (
        "handler name int",
        "handler.name",
        lambda s: QueueWorker(s, "X", handler=Handler(code=ECHO, name=5)),
    ),
    (
        "handler timeout str",
        "handler.timeout",
        lambda s: QueueWorker(s, "X", handler=Handler(code=ECHO, timeout="10s")),
    ),
    (
        "handler memory list",
        "handler.memory_mib",
        lambda s: QueueWorker(s, "X", handler=Handler(code=ECHO, memory_mib=[256])),
    ),
    (
        "handler links str",
        "handler.links",
        lambda s: QueueWorker(s, "X", handler=Handler(code=ECHO, links="orders")),
    ),
    (
        "handler links[0] None",
        "handler.links[0]",
        lambda s: QueueWorker(s, "X", handler=Handler(code=ECHO, links=[None])),
    ),
    (
        "handler Link.put(topic)",
        "handler.links[0]",
        lambda s: QueueWorker(
            s, "X", handler=Handler(code=ECHO, links=[Link.put(sns.Topic(s, "T"))])
        ),
    ),
    (
        "handler Link env int",
        "handler.links[0]",
        lambda s: QueueWorker(
            s, "X", handler=Handler(code=ECHO, links=[Link.to(sns.Topic(s, "T"), env=5)])
        ),
    ),
    (
        "handler Link.read(bucket, prefix=int)",
        "handler.links[0]",
        lambda s: QueueWorker(
            s, "X", handler=Handler(code=ECHO, links=[Link.read(s3.Bucket(s, "B"), prefix=1)])
        ),
    ),
    ("worker link str", "links[0]", lambda s: QueueWorker(s, "X", handler=H).link("queue")),
    (
        "api link routes str",
        "routes",
        lambda s: ServerlessApi(s, "X", routes={"GET /a": H}, auth=ApiAuth.iam()).link(
            sns.Topic(s, "T"), routes="GET /a"
        ),
    ),
    ("worker handler None", "handler", lambda s: QueueWorker(s, "X", handler=None)),
    ("worker batch str", "batch_size", lambda s: QueueWorker(s, "X", handler=H, batch_size="10")),
    (
        "worker window int",
        "max_batching_window",
        lambda s: QueueWorker(s, "X", handler=H, max_batching_window=5),
    ),
    (
        "worker visibility int",
        "visibility_timeout",
        lambda s: QueueWorker(s, "X", handler=H, visibility_timeout=60),
    ),
    (
        "worker existing str",
        "existing_queue",
        lambda s: QueueWorker(s, "X", handler=H, existing_queue="q"),
    ),
    (
        # Proves: a queue's URL (a deploy-time string) where the queue is wanted was a raw
        # AttributeError ('str' object has no attribute 'node'): a token passed every type
        "worker existing queue url",
        "existing_queue",
        lambda s: QueueWorker(s, "X", handler=H, existing_queue=sqs.Queue(s, "Q").queue_url),
    ),
    ("worker fifo str", "fifo", lambda s: QueueWorker(s, "X", handler=H, fifo="yes")),
    (
        "worker receive None",
        "max_receive_count",
        lambda s: QueueWorker(s, "X", handler=H, max_receive_count=None),
    ),
    (
        "worker sources bucket",
        "sources",
        lambda s: QueueWorker(s, "X", handler=H, sources=s3.Bucket(s, "B")),
    ),
    ("job schedule None", "schedule", lambda s: ScheduledJob(s, "X", handler=H, schedule=None)),
    (
        "job timezone int",
        "timezone",
        lambda s: ScheduledJob(s, "X", handler=H, schedule="rate(1 hour)", timezone=1),
    ),
    (
        "job payload list",
        "payload",
        lambda s: ScheduledJob(s, "X", handler=H, schedule="rate(1 hour)", payload=[1]),
    ),
    (
        "job enabled str",
        "enabled",
        lambda s: ScheduledJob(s, "X", handler=H, schedule="rate(1 hour)", enabled="no"),
    ),
    (
        "job description int",
        "description",
        lambda s: ScheduledJob(s, "X", handler=H, schedule="rate(1 hour)", description=5),
    ),
    (
        "job allow_overlap str",
        "allow_overlap",
        lambda s: ScheduledJob(s, "X", handler=H, schedule="rate(1 hour)", allow_overlap="x"),
    ),
    (  # Proves (user trial): a one-off at a London time that does not exist synthesized silently
        "job at() in the skipped DST hour",
        "schedule",
        lambda s: ScheduledJob(
            s, "X", handler=H, schedule="at(2099-03-29T01:30:00)", timezone="Europe/London"
        ),
    ),
    ("site source None", "source", lambda s: StaticSite(s, "X", source=None)),
    ("site spa str", "spa", lambda s: StaticSite(s, "X", source=SITE, spa="no")),
    (
        "site api_origins None",
        "api_origins",
        lambda s: StaticSite(s, "X", source=SITE, api_origins=None),
    ),
    (  # Proves: a newline inside an API origin synthesized silently; the URL parser drops
        # it, so the CSP allowed another origin than the one written
        "site api_origins with a newline",
        "api_origins[0]",
        lambda s: StaticSite(s, "X", source=SITE, api_origins=["https://api.exam\nple.com"]),
    ),
    (  # Proves: a trailing tab (a pasted value) in an API origin synthesized silently
        "site api_origins with a tab",
        "api_origins[0]",
        lambda s: StaticSite(s, "X", source=SITE, api_origins=["https://api.example.com\t"]),
    ),
    (  # Proves: a CORS origin with a space was refused without naming the space
        "api cors origin with a space",
        "cors.allow_origins",
        lambda s: ServerlessApi(
            s,
            "X",
            routes={"GET /a": H},
            auth=ApiAuth.iam(),
            cors=CorsPolicy(allow_origins=["https://app.example.com "]),
        ),
    ),
    (
        "site runtime_config list",
        "runtime_config",
        lambda s: StaticSite(s, "X", source=SITE, runtime_config=[1]),
    ),
    ("site domain int", "domain_name", lambda s: StaticSite(s, "X", source=SITE, domain_name=5)),
    (
        "site certificate arn",
        "certificate",
        lambda s: StaticSite(
            s, "X", source=SITE, domain_name="www.example.com", certificate=CERT_ARN
        ),
    ),
    (
        "site zone by id",
        "hosted_zone",
        lambda s: StaticSite(
            s,
            "X",
            source=SITE,
            domain_name="www.example.com",
            certificate=certificate(s),
            hosted_zone=route53.HostedZone.from_hosted_zone_id(s, "Z", "Z1"),
        ),
    ),
    (
        "site cache_control str",
        "cache_control",
        lambda s: StaticSite(s, "X", source=SITE, cache_control="no-cache"),
    ),
    (
        "site memory str",
        "deployment_memory_mib",
        lambda s: StaticSite(s, "X", source=SITE, deployment_memory_mib="1024"),
    ),
    (
        "site retention int",
        "access_log_retention",
        lambda s: StaticSite(s, "X", source=SITE, access_log_retention=90),
    ),
    (
        "site geo str",
        "geo_restriction",
        lambda s: StaticSite(s, "X", source=SITE, geo_restriction="DE"),
    ),
    (
        "site api url str",
        "api",
        lambda s: StaticSite(s, "X", source=SITE, api="https://a.execute-api.amazonaws.com/"),
    ),
    ("site api_path None", "api_path", lambda s: StaticSite(s, "X", source=SITE, api_path=None)),
    ("site api_path list", "api_path", lambda s: StaticSite(s, "X", source=SITE, api_path=["/a"])),
    ("net max_azs str", "max_azs", lambda s: Network(s, "X", max_azs="2")),
    ("net existing str", "existing_vpc", lambda s: Network(s, "X", existing_vpc="vpc-1")),
    ("net flow str", "flow_logs", lambda s: Network(s, "X", flow_logs="no")),
    (
        "event pattern None",
        "event_pattern",
        lambda s: EventHandler(s, "X", handler=H, event_pattern=None),
    ),
    (  # Proves (user trial): a raw TypeError from jsii building the EventPattern
        "event pattern dict detail list",
        "event_pattern.detail",
        lambda s: EventHandler(s, "X", handler=H, event_pattern={"source": ["a"], "detail": ["x"]}),
    ),
    (  # Proves (user trial): synthesized silently, refused by EventBridge at deploy
        "event pattern detail bare string",
        "event_pattern.detail['status']",
        lambda s: EventHandler(
            s, "X", handler=H, event_pattern=events.EventPattern(detail={"status": "ok"})
        ),
    ),
    (  # Proves (user trial): synthesized silently, refused by EventBridge at deploy
        "event pattern numeric comparison typo",
        "event_pattern.detail['size'][0]['numeric']",
        lambda s: EventHandler(
            s, "X", handler=H, event_pattern={"detail": {"size": [{"numeric": [">>", 0]}]}}
        ),
    ),
    (  # Proves (user trial): a numeric filter outside its list synthesized a rule that
        # never matched (it read a field amount.numeric equal to ">" or 1000)
        "event pattern numeric operator outside a list",
        "event_pattern.detail['amount']",
        lambda s: EventHandler(
            s,
            "X",
            handler=H,
            event_pattern={"source": ["a"], "detail": {"amount": {"numeric": [">", 1000]}}},
        ),
    ),
    (  # Proves (user trial): the same with an events.EventPattern, also silent
        "event pattern class numeric operator outside a list",
        "event_pattern.detail['amount']",
        lambda s: EventHandler(
            s,
            "X",
            handler=H,
            event_pattern=events.EventPattern(
                source=["a"], detail={"amount": {"anything-but": ["void", "test"]}}
            ),
        ),
    ),
    (  # Proves (user trial): an account id written as a number synthesized a rule that never
        # matches (every event's account is a string)
        "event pattern account as a number",
        "event_pattern.account[0]",
        lambda s: EventHandler(
            s, "X", handler=H, event_pattern={"source": ["a"], "account": [123456789012]}
        ),
    ),
    (  # Proves (user trial): synthesized a rule that never matches ("Object Created")
        "event pattern misspelt S3 detail-type",
        "event_pattern.detail_type[0]",
        lambda s: EventHandler(
            s,
            "X",
            handler=H,
            event_pattern={"source": ["aws.s3"], "detail-type": ["Object created"]},
        ),
    ),
    (
        "event bus str",
        "event_bus",
        lambda s: EventHandler(
            s, "X", handler=H, event_pattern=events.EventPattern(source=["a"]), event_bus="default"
        ),
    ),
    # Proves (sweep): a misspelt factory was Python's AttributeError ("type object 'Link'
    # has no attribute 'readwrite'"), naming neither the factories nor the one meant
    ("link factory typo", "readwrite", lambda s: Link.readwrite(s3.Bucket(s, "B"))),  # type: ignore[attr-defined]
    ("auth factory typo", "jwts", lambda s: ApiAuth.jwts("https://id.example.com/", ["a"])),  # type: ignore[attr-defined]
    ("deployment factory typo", "canery", lambda s: Deployment.canery(percent=10)),  # type: ignore[attr-defined]
    (  # Proves (sweep): the message named the hook's construct id, not the prop given
        "deploy hooks str",
        "deployment.pre_traffic",
        lambda s: QueueWorker(s, "X", handler=H, deployment=Deployment.canary(pre_traffic="x")),
    ),
    (  # Proves (user trial): alarm_topic with alarms=False synthesized no alarm, silently
        "alarm_topic with alarms=False",
        "alarm_topic",
        lambda s: QueueWorker(s, "X", handler=H, alarms=False, alarm_topic=sns.Topic(s, "T")),
    ),
    ("monitoring topic str", "alarm_topic", lambda s: Monitoring(s, alarm_topic="arn:aws:sns:x")),
    ("monitoring dashboard str", "dashboard", lambda s: Monitoring(s, dashboard="yes")),
    (
        "image directory None",
        "handler.code",
        lambda s: QueueWorker(s, "X", handler=Handler.from_image(None)),
    ),
    (
        "image without Dockerfile",
        "handler.code",
        lambda s: QueueWorker(s, "X", handler=Handler.from_image(ECHO)),
    ),
    (
        "image runtime",
        "handler.runtime",
        lambda s: QueueWorker(s, "X", handler=Handler.from_image(IMAGE, runtime="3.14")),
    ),
    (
        "image powertools",
        "handler.powertools",
        lambda s: QueueWorker(s, "X", handler=Handler.from_image(IMAGE, powertools=True)),
    ),
    (
        "image cmd ints",
        "handler.cmd",
        lambda s: QueueWorker(s, "X", handler=Handler.from_image(IMAGE, cmd=[1])),
    ),
    (
        "cmd without image",
        "handler.cmd",
        lambda s: QueueWorker(s, "X", handler=Handler(code=ECHO, cmd=["app.handler"])),
    ),
    ("defaults scope str", "FunctionDefaults.of(scope)", lambda s: FunctionDefaults.of("s")),
    (
        "defaults memory str",
        "FunctionDefaults.memory_mib",
        lambda s: FunctionDefaults.of(s).set(memory_mib="512"),
    ),
    (
        "defaults timeout int",
        "FunctionDefaults.timeout",
        lambda s: FunctionDefaults.of(s).set(timeout=20),
    ),
    (
        "defaults runtime float",
        "FunctionDefaults.runtime",
        lambda s: FunctionDefaults.of(s).set(runtime=3.13),
    ),
    (
        "defaults architecture",
        "FunctionDefaults.architecture",
        lambda s: FunctionDefaults.of(s).set(architecture="arm"),
    ),
    (
        "defaults environment list",
        "FunctionDefaults.environment",
        lambda s: FunctionDefaults.of(s).set(environment=["STAGE=prod"]),
    ),
    (
        "defaults log_retention int",
        "FunctionDefaults.log_retention",
        lambda s: FunctionDefaults.of(s).set(log_retention=30),
    ),
    (
        "defaults after functions",
        "FunctionDefaults",
        lambda s: (QueueWorker(s, "X", handler=H), FunctionDefaults.of(s).set(memory_mib=512)),
    ),
    # A falsy wrong value is no "not given": it must not fall back to the default.
    (
        "handler timeout 0",
        "handler.timeout",
        lambda s: QueueWorker(s, "X", handler=Handler(code=ECHO, timeout=0)),
    ),
    (
        "defaults timeout empty string",
        "FunctionDefaults.timeout",
        lambda s: FunctionDefaults.of(s).set(timeout=""),
    ),
    (
        "image cmd 0",
        "handler.cmd",
        lambda s: QueueWorker(s, "X", handler=Handler.from_image(IMAGE, cmd=0)),
    ),
    (
        "image cmd string",
        "handler.cmd",
        lambda s: QueueWorker(s, "X", handler=Handler.from_image(IMAGE, cmd="app.handler")),
    ),
    (
        "zip handler cmd empty string",
        "handler.cmd",
        lambda s: QueueWorker(s, "X", handler=Handler(code=ECHO, cmd="")),
    ),
    (
        "api zip handler cmd dict",
        "routes['GET /a'].cmd",
        lambda s: ServerlessApi(
            s, "X", routes={"GET /a": Handler(code=ECHO, cmd={})}, auth=ApiAuth.iam()
        ),
    ),
    (
        "api link routes int",
        "routes",
        lambda s: ServerlessApi(s, "X", routes={"GET /a": H}, auth=ApiAuth.iam()).link(
            s3.Bucket(s, "B"), routes=0
        ),
    ),
    (
        "api link routes empty",
        "routes",
        lambda s: ServerlessApi(s, "X", routes={"GET /a": H}, auth=ApiAuth.iam()).link(
            s3.Bucket(s, "B"), routes=[]
        ),
    ),
    # Proves (sweep25): Route(handler="app.handler") (or a dict, the Handler class...) was
    # "`routes['GET /a']` is a str": the route is a Route; its handler is what is wrong
    (
        "api route handler str",
        "routes['GET /a'].handler",
        lambda s: ServerlessApi(
            s, "X", routes={"GET /a": Route("app.handler")}, auth=ApiAuth.iam()
        ),
    ),
    # Proves (sweep25): security_headers() took any string as an origin ('', 'a') and an
    # empty or multi-line policy, which StaticSite(...) refuses: its headers differed
    ("headers api origin empty", "api_origins[0]", lambda s: security_headers(api_origins=[""])),
    ("headers api origin no url", "api_origins[0]", lambda s: security_headers(api_origins=["a"])),
    (
        "headers csp two lines",
        "content_security_policy",
        lambda s: security_headers(content_security_policy="default-src 'self'\n"),
    ),
    (
        "headers csp blank",
        "content_security_policy",
        lambda s: security_headers(content_security_policy="   "),
    ),
    (
        "api route handler class",
        "routes['GET /a'].handler",
        lambda s: ServerlessApi(s, "X", routes={"GET /a": Route(Handler)}, auth=ApiAuth.iam()),
    ),
]


@pytest.mark.parametrize(("prop", "build"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_bad_input_is_a_construct_error_naming_the_prop(
    prop: str, build: Callable[[cdk.Stack], Any]
) -> None:
    # GIVEN a construct with one wrong prop WHEN it is built THEN a ConstructError names it
    with pytest.raises(ConstructError, match=re.escape(f"`{prop}`")):
        build(new_stack())


@pytest.mark.parametrize(
    ("prop", "build"),
    [
        (
            "existing_queue",
            lambda s: QueueWorker(s, "X", handler=H, existing_queue=sqs.Queue(s, "Q").queue_url),
        ),
        (
            "existing_bucket",
            lambda s: StaticSite(
                s, "X", source=SITE, existing_bucket=s3.Bucket(s, "B").bucket_name
            ),
        ),
        (
            "alarm_topic",
            lambda s: QueueWorker(s, "X", handler=H, alarm_topic=sns.Topic(s, "T").topic_arn),
        ),
        (
            "handler.links[0]",
            lambda s: QueueWorker(
                s, "X", handler=Handler(code=ECHO, links=[s3.Bucket(s, "B").bucket_arn])
            ),
        ),
    ],
    ids=["queue url", "bucket name", "topic arn", "bucket arn as a link"],
)
def test_an_attribute_where_its_resource_is_wanted_is_named_as_a_deploy_time_value(
    prop: str, build: Callable[[cdk.Stack], Any]
) -> None:
    # Proves (user trial): bucket.bucket_name where the bucket is wanted was shown as
    # '${Token[TOKEN.568]}', a str (or, for existing_queue, a raw AttributeError).
    # Proves (token messages): it is named by its CloudFormation (Ref Test/Q: the resource
    # by its construct path, not its hashed logical ID Q63C6E3AB), not the token's encoding
    with pytest.raises(ConstructError) as raised:
        build(new_stack())
    assert re.search(
        rf"`{re.escape(prop)}` is a deploy-time value \((Ref Test/\w+|Fn::GetAtt Test/\w+\.Arn)\);",
        str(raised.value),
    ), str(raised.value)


def _deploy_time_number() -> Any:
    return cdk.Token.as_number(cdk.Fn.import_value("SharedNumber"))


@pytest.mark.parametrize(
    ("prop", "build"),
    [
        (
            "retry_attempts",
            lambda s: ScheduledJob(
                s, "X", handler=H, schedule="rate(1 hour)", retry_attempts=_deploy_time_number()
            ),
        ),
        (
            "deployment_memory_mib",
            lambda s: StaticSite(s, "X", source=SITE, deployment_memory_mib=_deploy_time_number()),
        ),
        ("max_azs", lambda s: Network(s, "X", max_azs=_deploy_time_number())),
        (
            "deployment.percent",
            lambda s: QueueWorker(
                s, "X", handler=H, deployment=Deployment.canary(percent=_deploy_time_number())
            ),
        ),
        (
            "handler.deployment.every_minutes",
            lambda s: QueueWorker(
                s,
                "X",
                handler=Handler(
                    code=ECHO, deployment=Deployment.linear(every_minutes=_deploy_time_number())
                ),
            ),
        ),
        ("nat_gateways", lambda s: Network(s, "X", nat_gateways=_deploy_time_number())),
    ],
    ids=[
        "job retry attempts",
        "site deployment memory",
        "network azs",
        "canary percent",
        "linear minutes",
        "network nat gateways",
    ],
)
def test_a_number_that_decides_the_resources_cannot_be_a_deploy_time_value(
    prop: str, build: Callable[[cdk.Stack], Any]
) -> None:
    # Proves: these were raw jsii RuntimeErrors (retry attempts, the deployment's memory,
    # the AZs) or silence (nat_gateways): aws-cdk-lib reads them at synth. Proves (tokens):
    # a canary's or linear deployment's numbers named its CodeDeploy configuration by the
    # token's digits (DeploymentCanary18881545897087533E289Percent...), a logical ID that
    # changed with the app's token count; AWS's predefined ones are chosen by them too
    with pytest.raises(ConstructError) as raised:
        build(new_stack())
    assert re.search(
        rf'`{prop}` is a deploy-time value \(Fn::ImportValue "SharedNumber"\); it must be known '
        "at synth",
        str(raised.value),
    ), str(raised.value)


def _deploy_time_string() -> Any:
    return cdk.Fn.import_value("SharedString")


def _deploy_time_list() -> Any:
    return cdk.Fn.split(",", cdk.Fn.import_value("SharedList"))


def _cors(**options: Any) -> Callable[[cdk.Stack], Any]:
    policy = CorsPolicy(**{"allow_origins": ["https://app.example.com"], **options})
    auth = ApiAuth.jwt("https://issuer.example.com/", ["api"])
    return lambda s: ServerlessApi(s, "X", routes={"GET /a": H}, auth=auth, cors=policy)


def _site_with_api(s: cdk.Stack, api_path: Any) -> StaticSite:
    api = ServerlessApi(
        s, "Api", routes={"GET /api/a": H}, auth=ApiAuth.jwt("https://i.example.com/", ["a"])
    )
    return StaticSite(s, "X", source=SITE, api=api, api_path=api_path)


@pytest.mark.parametrize(
    ("prop", "build"),
    [
        (
            "handler.environment",
            lambda s: QueueWorker(
                s, "X", handler=Handler(code=ECHO, environment={_deploy_time_string(): "v"})
            ),
        ),
        (
            "FunctionDefaults.environment",
            lambda s: FunctionDefaults.of(s).set(environment={_deploy_time_string(): "v"}),
        ),
        (
            "handler.endpoints",
            lambda s: QueueWorker(
                s, "X", handler=Handler(code=ECHO, endpoints=_deploy_time_list())
            ),
        ),
        (
            "handler.endpoints",
            lambda s: QueueWorker(
                s, "X", handler=Handler(code=ECHO, endpoints=(_deploy_time_string(),))
            ),
        ),
        (
            "handler.code",
            lambda s: QueueWorker(s, "X", handler=Handler(code=_deploy_time_string())),
        ),
        (
            "handler.code",
            lambda s: QueueWorker(s, "X", handler=Handler.from_image(_deploy_time_string())),
        ),
        (
            "handler.cmd",
            lambda s: QueueWorker(
                s, "X", handler=Handler.from_image(IMAGE, cmd=_deploy_time_list())
            ),
        ),
        (
            "handler.links[0]",
            lambda s: QueueWorker(
                s,
                "X",
                handler=Handler(
                    code=ECHO, links=[Link.read(s3.Bucket(s, "B"), env=_deploy_time_string())]
                ),
            ),
        ),
        (
            "handler.links[0]",
            lambda s: QueueWorker(
                s,
                "X",
                handler=Handler(
                    code=ECHO, links=[Link.read(s3.Bucket(s, "B"), prefix=_deploy_time_string())]
                ),
            ),
        ),
        (
            "routes",
            lambda s: ServerlessApi(s, "X", routes={_deploy_time_string(): H}, auth=ApiAuth.iam()),
        ),
        ("cors.allow_origins", _cors(allow_origins=_deploy_time_list())),
        ("cors.allow_methods", _cors(allow_methods=_deploy_time_list())),
        ("cors.allow_methods", _cors(allow_methods=["GET", _deploy_time_string()])),
        ("cors.allow_headers", _cors(allow_headers=_deploy_time_list())),
        (
            "auth.reason",
            lambda s: ServerlessApi(
                s, "X", routes={"GET /a": H}, auth=ApiAuth.none(reason=_deploy_time_string())
            ),
        ),
        (
            "reason",
            lambda s: acknowledge(s3.Bucket(s, "B"), "AwsSolutions-S1", _deploy_time_string()),
        ),
        ("api_path", lambda s: _site_with_api(s, _deploy_time_string())),
        ("api_origins", lambda s: StaticSite(s, "X", source=SITE, api_origins=_deploy_time_list())),
        ("api_origins", lambda s: security_headers(api_origins=_deploy_time_list())),
        ("source", lambda s: StaticSite(s, "X", source=_deploy_time_string())),
        (
            "default_root_object",
            lambda s: StaticSite(s, "X", source=SITE, default_root_object=_deploy_time_string()),
        ),
        (
            "interface_endpoint_accounts",
            lambda s: Network(s, "X", interface_endpoint_accounts=_deploy_time_list()),
        ),
        (
            "handler.reserved_concurrency",
            lambda s: ScheduledJob(
                s,
                "X",
                handler=Handler(code=ECHO, reserved_concurrency=_deploy_time_number()),
                schedule="rate(1 hour)",
            ),
        ),
        (
            "event_pattern",
            lambda s: EventHandler(
                s, "X", handler=H, event_pattern={_deploy_time_string(): ["a"], "source": ["b"]}
            ),
        ),
        (
            "event_pattern.detail",
            lambda s: EventHandler(
                s,
                "X",
                handler=H,
                event_pattern={"source": ["b"], "detail": {_deploy_time_string(): ["a"]}},
            ),
        ),
        (
            "flexible_window",
            lambda s: ScheduledJob(
                s,
                "X",
                handler=H,
                schedule="rate(1 hour)",
                flexible_window=cdk.Duration.minutes(_deploy_time_number()),
            ),
        ),
    ],
    ids=[
        "variable name",
        "defaults' variable name",
        "endpoints list",
        "endpoint",
        "code directory",
        "image directory",
        "image command list",
        "link env",
        "link prefix",
        "route key",
        "cors origins list",
        "cors methods list",
        "cors method",
        "cors headers list",
        "public api reason",
        "acknowledgement reason",
        "site api path",
        "site api origins list",
        "security headers api origins list",
        "site source",
        "site root object",
        "endpoint accounts list",
        "job reserved concurrency",
        "event pattern field",
        "event pattern detail field",
        "flexible window",
    ],
)
def test_a_value_the_library_reads_at_synth_cannot_be_a_deploy_time_value(
    prop: str, build: Callable[[cdk.Stack], Any]
) -> None:
    # Proves (tokens): each was a format error quoting '${Token[...]}' as if written
    # ("invalid variable name", "not a directory", "must be 'METHOD /path'"), a raw jsii
    # error (an image's cmd list, a flexible window's range, a pattern's field named by a
    # token), a range error quoting -1.88e+289 (a job's reserved concurrency) or silence (a
    # security_headers CSP of "connect-src 'self' ://", a reason cdk-nag recorded as a token).
    # Proves (token messages): each names the value by its CloudFormation (security_headers,
    # a function outside any stack, says "a deploy-time value" without its encoding)
    with pytest.raises(ConstructError) as raised:
        build(new_stack())
    message = str(raised.value)
    assert f"`{prop}`" in message, message
    named = (
        r'\(Fn::(ImportValue "Shared(String|Number)"|Split "," \(Fn::ImportValue "SharedList"\))\)'
    )
    outside = r"security_headers: `api_origins` is a deploy-time (value|list)"
    assert re.search(
        rf"(a deploy-time (value|list) {named}|Duration\.minutes\(a deploy-time value {named}\)|"
        rf"{outside}); (aws-cdk-lib checks|it must be known at)",
        message,
    ), message


@pytest.mark.parametrize(
    ("prop", "unit", "build"),
    [
        (
            "visibility_timeout",
            "seconds",
            lambda s, d: QueueWorker(
                s, "X", handler=H, visibility_timeout=d.minutes(_deploy_time_number())
            ),
        ),
        (
            "max_batching_window",
            "seconds",
            lambda s, d: QueueWorker(
                s, "X", handler=H, max_batching_window=d.minutes(_deploy_time_number())
            ),
        ),
        (
            "cors.max_age",
            "seconds",
            lambda s, d: _cors(max_age=d.minutes(_deploy_time_number()))(s),
        ),
        (
            "max_event_age",
            "seconds",
            lambda s, d: EventHandler(
                s,
                "X",
                handler=H,
                event_pattern={"source": ["my.app"]},
                max_event_age=d.hours(_deploy_time_number()),
            ),
        ),
        (
            "noncurrent_version_expiration",
            "days",
            lambda s, d: StaticSite(
                s, "X", source=SITE, noncurrent_version_expiration=d.seconds(_deploy_time_number())
            ),
        ),
        (
            "access_log_retention",
            "days",
            lambda s, d: StaticSite(
                s, "X", source=SITE, access_log_retention=d.hours(_deploy_time_number())
            ),
        ),
    ],
    ids=[
        "queue visibility",
        "batching window",
        "cors max age",
        "event age",
        "site versions",
        "site logs",
    ],
)
def test_a_deploy_time_duration_is_in_the_unit_cloudformation_takes(
    prop: str, unit: str, build: Callable[[cdk.Stack, Any], Any]
) -> None:
    # Proves (tokens): Duration.minutes(<token>) where CloudFormation takes seconds (or
    # Duration.seconds(<token>) where S3 takes days) was a raw jsii RuntimeError
    # ("Duration must be specified as 'Duration.seconds()' here"), naming no prop.
    # Proves (token messages): the Duration names its number ("<deploy-time value>" was all)
    with pytest.raises(ConstructError) as raised:
        build(new_stack(), cdk.Duration)
    assert re.search(
        rf"`{re.escape(prop)}` is Duration\.\w+\(a deploy-time value \(Fn::ImportValue "
        rf'"SharedNumber"\)\); [^.]* takes {unit}, ',
        str(raised.value),
    ), str(raised.value)


@pytest.mark.parametrize(
    ("prop", "build"),
    [
        ("network", lambda s: QueueWorker(s, "X", handler=H, network=s)),
        ("network", lambda s: ScheduledJob(s, "X", handler=H, schedule="rate(1 hour)", network=s)),
        ("existing_vpc", lambda s: Network(s, "X", existing_vpc=s)),
        ("existing_queue", lambda s: QueueWorker(s, "X", handler=H, existing_queue=s)),
        ("alarm_topic", lambda s: QueueWorker(s, "X", handler=H, alarm_topic=s)),
        (
            "existing_table",
            lambda s: ServerlessApi(
                s, "X", routes={"GET /a": H}, auth=ApiAuth.iam(), existing_table=s
            ),
        ),
        ("existing_bucket", lambda s: StaticSite(s, "X", source=SITE, existing_bucket=s)),
        (
            "event_bus",
            lambda s: EventHandler(s, "X", handler=H, event_pattern={"source": ["a"]}, event_bus=s),
        ),
    ],
    ids=[
        "worker network",
        "job network",
        "network existing_vpc",
        "worker existing_queue",
        "worker alarm_topic",
        "api existing_table",
        "site existing_bucket",
        "event handler event_bus",
    ],
)
def test_a_stack_where_a_resource_is_wanted_is_named_as_the_stack(
    prop: str, build: Callable[[cdk.Stack], Any]
) -> None:
    # Proves (user trial): network=network_stack (the shared network stack, not its
    # Network) was a raw AttributeError ('Stack' object has no attribute 'vpc'), and a stack
    # as existing_queue, existing_table or existing_vpc too, as existing_bucket or event_bus
    # a jsii trace: a Stack has resolve(), so it was taken for a deploy-time value
    with pytest.raises(
        ConstructError, match=re.escape(f"`{prop}` is the Stack 'Test'; it must be")
    ):
        build(new_stack())


def test_an_interface_prop_s_fix_says_how_to_get_one() -> None:
    # Proves (messages review): the fix read "pass an aws_sqs.IQueue", an interface no user
    # can call; it names the class and how to import an existing one
    with pytest.raises(ConstructError) as raised:
        QueueWorker(new_stack(), "X", handler=H, existing_queue=cdk.Duration.seconds(1))
    assert (
        "Fix: pass an aws_sqs.IQueue: an aws_sqs.Queue(...), or one imported with "
        "aws_sqs.Queue.from_queue_arn(...)"
    ) in str(raised.value)


def test_a_network_stack_given_as_network_points_at_its_network() -> None:
    # Proves (user trial): the fix names the Network to pass instead of its stack
    app = cdk.App()
    network_stack = cdk.Stack(app, "Net")
    Network(network_stack, "Network")
    with pytest.raises(ConstructError) as raised:
        QueueWorker(cdk.Stack(app, "W"), "X", handler=H, network=network_stack)
    assert "Fix: pass the Network itself, not its stack: 'Net/Network'" in str(raised.value)


@pytest.mark.parametrize(
    ("build", "shown"),
    [
        (
            lambda s: Monitoring(s, alarm_topic=sqs.Queue(s, "Q")),
            "`alarm_topic` is the aws_sqs.Queue 'Test/Q'. Fix",
        ),
        (
            lambda s: QueueWorker(s, "X", handler=H, network=[Network(s, "N")]),
            "`network` is [the Network 'Test/N'], a list; it must be a Network",
        ),
        (
            lambda s: Network(s, "X", existing_vpc=Network(s, "N")),
            "`existing_vpc` is the Network 'Test/N'; it must be an aws_ec2.IVpc",
        ),
        (
            lambda s: StaticSite(s, "X", source=SITE, api=s),
            "`api` is the Stack 'Test'; it must be a ServerlessApi",
        ),
    ],
    ids=["monitoring topic a queue", "network in a list", "a Network as existing_vpc", "site api"],
)
def test_a_wrong_construct_is_named_by_kind_and_path(
    build: Callable[[cdk.Stack], Any], shown: str
) -> None:
    # Proves (user trial): these were shown by their repr, '<aws_cdk.aws_sqs.Queue object
    # at 0x7f..>, a Queue', '[<constructs_lib.network.Network object at 0x7f..>]', and a
    # Network as "the constructs.Construct 'Test/N'"
    with pytest.raises(ConstructError) as raised:
        build(new_stack())
    assert shown in str(raised.value)
    assert "object at 0x" not in str(raised.value)


_ARN = "arn:aws:{}:eu-west-1:123456789012:{}"


def _imported_queue(s: cdk.Stack) -> sqs.IQueue:
    return sqs.Queue.from_queue_arn(s, "Q", _ARN.format("sns", "orders"))


def _imported_bucket(s: cdk.Stack) -> s3.IBucket:
    return s3.Bucket.from_bucket_arn(s, "B", _ARN.format("sqs", "uploads"))


def _imported_bus(s: cdk.Stack) -> events.IEventBus:
    return events.EventBus.from_event_bus_arn(s, "Bus", _ARN.format("sns", "partners"))


def _with_link(target: Callable[[cdk.Stack], Any]) -> Callable[[cdk.Stack], Any]:
    return lambda s: QueueWorker(s, "X", handler=Handler(code=ECHO, links=[target(s)]))


@pytest.mark.parametrize(
    ("prop", "service", "kind", "build"),
    [
        (
            "existing_queue",
            "sns",
            "an SQS queue",
            lambda s: QueueWorker(s, "X", handler=H, existing_queue=_imported_queue(s)),
        ),
        (
            "existing_table",
            "sqs",
            "a DynamoDB table",
            lambda s: ServerlessApi(
                s,
                "X",
                routes={"GET /a": H},
                auth=ApiAuth.iam(),
                existing_table=dynamodb.Table.from_table_attributes(
                    s, "T", table_arn=_ARN.format("sqs", "table/orders")
                ),
            ),
        ),
        (
            "event_bus",
            "sns",
            "an EventBridge event bus",
            lambda s: EventHandler(
                s,
                "X",
                handler=H,
                event_pattern=events.EventPattern(source=["partner.orders"]),
                event_bus=_imported_bus(s),
            ),
        ),
        (
            "existing_bucket",
            "sqs",
            "an S3 bucket",
            lambda s: StaticSite(s, "X", source=SITE, existing_bucket=_imported_bucket(s)),
        ),
        ("handler.links[0]", "sns", "an SQS queue", _with_link(_imported_queue)),
        ("handler.links[0]", "sqs", "an S3 bucket", _with_link(_imported_bucket)),
        ("handler.links[0]", "sns", "an EventBridge event bus", _with_link(_imported_bus)),
        (
            "handler.links[0]",
            "sqs",
            "an SNS topic",
            _with_link(lambda s: sns.Topic.from_topic_arn(s, "T", _ARN.format("sqs", "alerts"))),
        ),
    ],
    ids=[
        "existing queue",
        "existing table",
        "event bus",
        "site bucket",
        "linked queue",
        "linked bucket",
        "linked bus",
        "linked topic",
    ],
)
def test_a_resource_imported_from_the_arn_of_another_service_is_named(
    prop: str, service: str, kind: str, build: Callable[[cdk.Stack], Any]
) -> None:
    # Proves (user trial): from_queue_arn and the other imports take any ARN; the worker
    # then polled, and the grants named, something that was no queue (a failed deploy,
    # or AccessDenied at run time), in silence
    stack = new_stack(env=cdk.Environment(account="123456789012", region="eu-west-1"))
    with pytest.raises(ConstructError) as raised:
        build(stack)
    message = str(raised.value)
    assert f"`{prop}` was imported from 'arn:aws:{service}:" in message, message
    assert f"the ARN of '{service}', not of {kind} (arn:aws:" in message, message
    assert "Fix: import the " in message, message


def test_resources_imported_from_their_own_arns_are_linked() -> None:
    # GIVEN one resource of each kind imported from its own ARN
    stack = new_stack(env=cdk.Environment(account="123456789012", region="eu-west-1"))
    links = [
        sqs.Queue.from_queue_arn(stack, "Q", _ARN.format("sqs", "orders")),
        s3.Bucket.from_bucket_arn(stack, "B", "arn:aws:s3:::uploads-bucket"),
        sns.Topic.from_topic_arn(stack, "T", _ARN.format("sns", "alerts")),
        events.EventBus.from_event_bus_arn(stack, "Bus", _ARN.format("events", "event-bus/b")),
        dynamodb.Table.from_table_arn(stack, "Tb", _ARN.format("dynamodb", "table/orders")),
        secretsmanager.Secret.from_secret_complete_arn(
            stack, "S", _ARN.format("secretsmanager", "secret:key-AbCdEf")
        ),
    ]
    # WHEN a worker links them THEN no ARN is refused, and its role may use each
    QueueWorker(stack, "X", handler=Handler(code=ECHO, links=links))
    policies = str(Template.from_stack(stack).find_resources("AWS::IAM::Policy"))
    for arn in (
        _ARN.format("sqs", "orders"),
        "arn:aws:s3:::uploads-bucket",
        _ARN.format("sns", "alerts"),
        _ARN.format("events", "event-bus/b"),
        _ARN.format("dynamodb", "table/orders"),
        _ARN.format("secretsmanager", "secret:key-AbCdEf"),
    ):
        assert arn in policies, arn


def test_a_jwt_issuer_of_https_and_the_pool_provider_url_is_accepted() -> None:
    # the issuer a Cognito pool's tokens carry, written from the pool's attribute
    api = _jwt_api_of_pool(new_stack(), "provider_url", prefix="https://")
    # THEN the authorizer's issuer is that URL (resolved as CloudFormation will)
    (authorizer,) = authorizers_of(api)
    (parts,) = intrinsics(authorizer["jwt"]["issuer"], "Fn::Join")
    assert parts[1][0] == "https://"
    assert [attribute for _, attribute in intrinsics(parts, "Fn::GetAtt")] == ["ProviderURL"]


def test_a_discovery_url_as_the_jwt_issuer_names_the_issuer_to_pass() -> None:
    # Proves (user trial): the fix names the issuer in front of /.well-known/
    issuer = "https://login.example.ac.uk/.well-known/openid-configuration"
    with pytest.raises(ConstructError, match=re.escape("e.g. 'https://login.example.ac.uk'")):
        ServerlessApi(new_stack(), "X", routes={"GET /a": H}, auth=ApiAuth.jwt(issuer, ["api"]))


class _Thing:
    """An object of the user's (Python's repr names only its address)."""


def _with_bucket(stack: cdk.Stack, **options: Any) -> QueueWorker:
    source = BucketEvents(s3.Bucket(stack, "Uploads"), **options)
    return QueueWorker(stack, "X", handler=H, sources=[source])


@pytest.mark.parametrize(
    ("build", "shown"),
    [
        (
            lambda s: QueueWorker(s, "X", handler=Handler(code=ECHO, entry=_Thing())),
            "`handler.entry` is a _Thing; it must be 'module.function'",
        ),
        (
            lambda s: QueueWorker(s, "X", handler=Handler(code=ECHO, name=_Thing())),
            "`handler.name` is a _Thing; it must be alphanumeric",
        ),
        (
            lambda s: _with_bucket(s, prefix=_Thing()),
            "`sources[0].prefix` is a _Thing; it must be a non-empty string",
        ),
        (
            lambda s: _with_bucket(s, events=_Thing()),
            "`sources[0].events` is a _Thing; it must be a non-empty list of s3.EventType",
        ),
        (
            lambda s: ServerlessApi(
                s,
                "X",
                routes={"GET /a": H},
                auth=ApiAuth.iam(),
                table=TableOptions(global_secondary_indexes=[GlobalIndex(_Thing(), "a")]),
            ),
            "`table.global_secondary_indexes[0].name` is a _Thing; index names are 3 to 255",
        ),
        (
            lambda s: acknowledge(s, _Thing(), "a reason long enough"),
            "`rule_id` is a _Thing; it must name one cdk-nag rule",
        ),
    ],
    ids=["entry", "name", "prefix", "events", "index name", "rule id"],
)
def test_an_object_of_the_users_is_shown_by_its_type(
    build: Callable[[cdk.Stack], Any], shown: str
) -> None:
    # Proves (messages review): these showed Python's repr,
    # '<tests.test_bad_inputs._Thing object at 0x7f...>'
    with pytest.raises(ConstructError) as raised:
        build(new_stack())
    assert shown in str(raised.value)
    assert "object at 0x" not in str(raised.value)


def _handler_entry(stack: cdk.Stack, entry: Any) -> QueueWorker:
    return QueueWorker(stack, "W", handler=Handler(code=ECHO, entry=entry))


def _deployment_kind(stack: cdk.Stack, kind: Any) -> QueueWorker:
    return QueueWorker(stack, "W", handler=H, deployment=Deployment(kind=kind))


@pytest.mark.parametrize(
    ("build", "shown"),
    [
        (lambda s: _handler_entry(s, lambda: None), "`handler.entry` is a lambda;"),
        (lambda s: _handler_entry(s, print), "`handler.entry` is the function print;"),
        (lambda s: _handler_entry(s, cdk.Duration), "`handler.entry` is the class Duration;"),
        (
            lambda s: _deployment_kind(s, _handler_entry),
            "`deployment.kind` is the function _handler_entry.",
        ),
        (
            lambda s: QueueWorker(s, "W", handler=H, batch_size=Handler),
            "`batch_size` is the class Handler;",
        ),
    ],
    ids=["lambda", "builtin", "class", "function in a value object", "class for a number"],
)
def test_a_class_or_a_function_is_shown_by_its_name(
    build: Callable[[cdk.Stack], Any], shown: str
) -> None:
    # Proves (sweep25): a class or a function where a value was meant (Duration for
    # Duration.seconds(10), a lambda) was shown as "<class 'aws_cdk.Duration'>" or
    # "<function <lambda> at 0x7fcf0f45dee0>": an address the user never wrote
    with pytest.raises(ConstructError) as raised:
        build(new_stack())
    assert shown in str(raised.value)
    assert " at 0x" not in str(raised.value)
    assert "<class " not in str(raised.value)


def test_a_misspelt_factory_names_the_one_meant_and_stays_an_attribute_error() -> None:
    # Proves (sweep): WHEN a factory is misspelt THEN the fix names the closest one, and
    # hasattr/getattr with a default still work (the error is an AttributeError too)
    with pytest.raises(ConstructError, match=re.escape("Fix: write Link.read_write(...)")):
        Link.readwrite  # type: ignore[attr-defined]  # noqa: B018
    assert not hasattr(ApiAuth, "jwts")
    assert getattr(Deployment, "canery", None) is None
