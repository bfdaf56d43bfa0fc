"""Fifth round of injector follow-ups: what a property injector
(``cdk.PropertyInjectors.of(scope).add(...)``) left open after injectors54b. A StaticSite's
distribution refused by aws-cdk-lib for an injector's props, named at the resource; and
lifecycle transitions that archive a site's files where CloudFront cannot read them."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import Duration
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template
from constructs import Construct

from constructs_lib import StaticSite
from tests.support import SITE, raised
from tests.test_injectors53b import _only
from tests.test_trial53 import Blueprint, Props, _set, _stack_with


def _site(stack: cdk.Stack) -> StaticSite:
    return StaticSite(stack, "Site", source=SITE, alarms=False)


# --- 1. the distribution's props refused by aws-cdk-lib ------------------------------------


def test_a_distribution_refused_for_an_injectors_props_names_the_resource() -> None:
    # GIVEN a platform's blueprint turning every distribution's logging off: aws-cdk-lib
    # refuses it beside the site's log bucket
    stack = _stack_with(Blueprint(cloudfront.Distribution, _set(enableLogging=False)))
    # THEN the site's error names the distribution and quotes aws-cdk-lib (it was a bare
    # jsii RuntimeError, "Explicitly disabled logging but provided a logging bucket.")
    assert str(raised(lambda: _site(stack))) == (
        "1 invalid prop:\n  - Test/Site/Distribution: `cloudfront.Distribution props` were "
        "refused while a property injector of cloudfront.Distribution (cdk.PropertyInjectors) "
        "applied to the library's cloudfront.Distribution: Explicitly disabled logging but "
        "provided a logging bucket. Fix: correct what the injector's inject returns (or "
        "raises) for it, or leave the library's resources out of it (return original_props "
        "unchanged when any(type(s).__module__.startswith('constructs_lib') for s in "
        "scope.node.scopes))"
    )


def test_without_a_distribution_injector_the_site_synthesizes_as_before() -> None:
    # GIVEN an injector of another kind only
    stack = _stack_with(Blueprint(cloudfront.Function, lambda props, scope, id: props))
    _site(stack)
    # THEN the distribution is there, logging to the site's log bucket
    (distribution,) = (
        Template.from_stack(stack).find_resources("AWS::CloudFront::Distribution").values()
    )
    assert distribution["Properties"]["DistributionConfig"]["Logging"]["Prefix"] == "cloudfront/"


# --- 2. transitions archiving the site's files ---------------------------------------------


def _site_bucket_with(**extra: Any) -> cdk.Stack:
    """A stack whose injector adds ``extra`` (camelCase props; ``lifecycleRules`` beside the
    library's) to the StaticSite's content bucket."""

    def change(props: Props, scope: Construct, id: str) -> Props:
        rules = [*props.get("lifecycleRules", []), *extra.get("lifecycleRules", [])]
        return {**props, **extra, "lifecycleRules": rules}

    return _stack_with(Blueprint(s3.Bucket, _only("Bucket", change)))


def _moving_to(storage: s3.StorageClass, **filters: Any) -> s3.LifecycleRule:
    return s3.LifecycleRule(
        transitions=[s3.Transition(storage_class=storage, transition_after=Duration.days(90))],
        **filters,
    )


def test_a_transition_to_glacier_on_the_site_bucket_is_refused() -> None:
    # GIVEN a platform's blueprint moving every bucket's objects to Glacier after 90 days
    stack = _site_bucket_with(lifecycleRules=[_moving_to(s3.StorageClass.GLACIER)])
    # THEN the site is refused at its content bucket: CloudFront's GET of an archived file
    # is refused until it is restored
    assert str(raised(lambda: _site(stack))) == (
        "1 invalid prop:\n  - Test/Site/Bucket: `lifecycle_rules` hold a rule that archives "
        "the site's files (404.html, app.js, index.html, ...): a property injector of "
        "s3.Bucket (cdk.PropertyInjectors) returned a lifecycle rule with a transition to "
        "GLACIER after 90 days for the StaticSite's bucket, and S3 Glacier Flexible Retrieval "
        "keeps each object archived: CloudFront's GET of it is refused until it is restored "
        "(InvalidObjectState), so every page using a moved file fails. Fix: leave it out of "
        "the props your property injector returns for the library's resources (return "
        "original_props unchanged when any(type(s).__module__.startswith('constructs_lib') for "
        "s in scope.node.scopes)), or narrow your rule with tagFilters or a prefix of your "
        "own, or move them to a class a GET reads (GLACIER_IR, STANDARD_IA)"
    )


def test_a_transition_added_to_the_librarys_own_rule_is_refused_with_the_expiry() -> None:
    # GIVEN an injector giving the library's own rule a Deep Archive transition, and a rule
    # beside it expiring the site's files
    def change(props: Props, scope: Construct, id: str) -> Props:
        (own,) = props["lifecycleRules"]  # the library's, as the L2's props hold it
        archived = {
            **own,
            "transitions": [
                {
                    "storageClass": s3.StorageClass.DEEP_ARCHIVE,
                    "transitionAfter": Duration.days(180),
                }
            ],
        }
        expiry = s3.LifecycleRule(expiration=Duration.days(400))
        return {**props, "lifecycleRules": [archived, expiry]}

    stack = _stack_with(Blueprint(s3.Bucket, _only("Bucket", change)))
    message = str(raised(lambda: _site(stack)))
    # THEN both problems are told at once
    assert message.startswith("2 invalid props:")
    assert "`lifecycle_rules` hold a rule that deletes the site's files" in message
    assert (
        "returned a lifecycle rule with a transition to DEEP_ARCHIVE after 180 days for the "
        "StaticSite's bucket, and S3 Glacier Deep Archive keeps each object archived"
    ) in message


def test_intelligent_tiering_with_an_archive_tier_is_refused() -> None:
    # GIVEN a transition to Intelligent-Tiering and its opt-in Archive Access tier
    stack = _site_bucket_with(
        lifecycleRules=[_moving_to(s3.StorageClass.INTELLIGENT_TIERING)],
        intelligentTieringConfigurations=[
            s3.IntelligentTieringConfiguration(
                name="archive", archive_access_tier_time=Duration.days(90)
            )
        ],
    )
    # THEN it is refused, naming the tier
    assert (
        "returned a lifecycle rule with a transition to INTELLIGENT_TIERING after 90 days "
        "for the StaticSite's bucket, and the bucket's Intelligent-Tiering configuration "
        "moves each object not read for a while to its ARCHIVE_ACCESS tier, which keeps it "
        "archived: "
    ) in str(raised(lambda: _site(stack)))


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param(
            {"lifecycleRules": [_moving_to(s3.StorageClass.GLACIER_INSTANT_RETRIEVAL)]},
            id="glacier-instant-retrieval",
        ),
        pytest.param(
            {"lifecycleRules": [_moving_to(s3.StorageClass.INFREQUENT_ACCESS)]},
            id="standard-ia",
        ),
        pytest.param(
            {"lifecycleRules": [_moving_to(s3.StorageClass.INTELLIGENT_TIERING)]},
            id="intelligent-tiering-without-archive-tiers",
        ),
        pytest.param(
            {
                "lifecycleRules": [_moving_to(s3.StorageClass.INTELLIGENT_TIERING)],
                "intelligentTieringConfigurations": [
                    s3.IntelligentTieringConfiguration(
                        name="archive",
                        prefix="exports/",
                        archive_access_tier_time=Duration.days(90),
                    )
                ],
            },
            id="archive-tier-of-another-prefix",
        ),
        pytest.param(
            {"lifecycleRules": [_moving_to(s3.StorageClass.GLACIER, prefix="exports/")]},
            id="glacier-for-another-prefix",
        ),
        pytest.param(
            {"lifecycleRules": [_moving_to(s3.StorageClass.DEEP_ARCHIVE, tag_filters={"a": "b"})]},
            id="deep-archive-for-tagged-objects",
        ),
        pytest.param(
            {
                "lifecycleRules": [
                    s3.LifecycleRule(
                        noncurrent_version_transitions=[
                            s3.NoncurrentVersionTransition(
                                storage_class=s3.StorageClass.GLACIER,
                                transition_after=Duration.days(7),
                            )
                        ]
                    )
                ]
            },
            id="replaced-versions-to-glacier",
        ),
    ],
)
def test_transitions_a_get_still_reads_pass(extra: dict[str, Any]) -> None:
    # GIVEN a transition CloudFront's GET still reads through, or one no site file meets
    stack = _site_bucket_with(**extra)
    _site(stack)
    # THEN it is in the template
    buckets = Template.from_stack(stack).find_resources("AWS::S3::Bucket")
    (site,) = [v for k, v in buckets.items() if k.startswith("SiteBucket")]
    (rule,) = site["Properties"]["LifecycleConfiguration"]["Rules"][1:]
    assert "Transitions" in rule or "NoncurrentVersionTransitions" in rule


def test_the_site_bucket_s_tls_version_and_its_rules_are_told_at_once() -> None:
    # GIVEN an injector raising the content bucket's minimum TLS version and archiving it
    stack = _site_bucket_with(
        minimumTLSVersion=1.3, lifecycleRules=[_moving_to(s3.StorageClass.GLACIER)]
    )
    message = str(raised(lambda: _site(stack)))
    # THEN both are told in one error (the TLS version was raised alone, first)
    assert message.startswith("2 invalid props:\n  - Test/Site/Bucket: `minimum_tls_version`")
    assert "`lifecycle_rules` hold a rule that archives the site's files" in message
