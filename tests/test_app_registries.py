"""What the library remembers per App (the host names its sites and APIs answer on, the
API mappings of a domain, the bucket notifications its workers have) holds for an App made
in JavaScript too: ``cdk.Stack()`` without an App, whose ``node.root`` is a new Python
proxy each time it is asked."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_s3 as s3

from constructs_lib import (
    ApiAuth,
    ApiDomain,
    ApiDomainMapping,
    BucketEvents,
    ConstructError,
    QueueWorker,
    ServerlessApi,
    StaticSite,
)
from tests.support import CERT_ARN, SITE, echo_handler, new_app

TAKEN = r"`domain_name` is 'app.example.com', which the site Default/Site answers on already"


def _site(stack: cdk.Stack, id: str = "Site", name: str = "app.example.com") -> StaticSite:
    cert = acm.Certificate.from_certificate_arn(stack, f"{id}Cert", CERT_ARN)
    return StaticSite(stack, id, source=SITE, domain_name=name, certificate=cert)


def test_one_host_name_twice_in_a_stack_without_an_app_is_refused() -> None:
    # Proves (fix41): the second site on app.example.com synthesized; the deploy fails
    stack = cdk.Stack()
    _site(stack)
    with pytest.raises(ConstructError, match=rf"Default/Site2: {TAKEN}"):
        _site(stack, "Site2")


def test_one_host_name_in_two_stacks_of_a_javascript_app_is_refused() -> None:
    stack = cdk.Stack()
    _site(stack)
    with pytest.raises(ConstructError, match=rf"Two/Site: {TAKEN}"):
        _site(cdk.Stack(stack.node.root, "Two"))


def test_one_host_name_in_two_stacks_of_an_app_is_refused() -> None:
    app = new_app()
    _site(cdk.Stack(app, "Default"))
    with pytest.raises(ConstructError, match=rf"Two/Site: {TAKEN}"):
        _site(cdk.Stack(app, "Two"))


def test_each_stack_without_an_app_is_its_own_app() -> None:
    # GIVEN two stacks made without an App (two apps: two test cases, say) THEN each may
    # answer on the name; and one app's sites on two names are built
    _site(cdk.Stack())
    stack = cdk.Stack()
    _site(stack)
    _site(stack, "Www", "www.example.com")


def test_one_base_path_of_a_domain_twice_in_a_stack_without_an_app_is_refused() -> None:
    stack = cdk.Stack(env=cdk.Environment(account="123456789012", region="us-east-1"))
    cert = acm.Certificate.from_certificate_arn(stack, "Cert", CERT_ARN)
    api = ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.iam(),
        domain=ApiDomain(name="api.example.com", certificate=cert, base_path="v1"),
    )
    with pytest.raises(ConstructError, match=r"the API Default/Api is mapped at base path 'v1'"):
        ServerlessApi(
            stack,
            "Api2",
            routes={"GET /a": echo_handler()},
            auth=ApiAuth.iam(),
            domain=ApiDomainMapping(domain_name=api.domain_name, base_path="v1"),
        )


def test_overlapping_notifications_of_two_workers_in_a_stack_without_an_app_are_refused() -> None:
    stack = cdk.Stack()
    bucket = s3.Bucket(stack, "Uploads")
    QueueWorker(stack, "A", handler=echo_handler(), sources=[BucketEvents(bucket, prefix="in/")])
    with pytest.raises(
        ConstructError,
        match=r"`sources\[0\]` overlaps a BucketEvents of Default/Uploads that Default/A already",
    ):
        QueueWorker(
            stack, "B", handler=echo_handler(), sources=[BucketEvents(bucket, prefix="in/x/")]
        )
