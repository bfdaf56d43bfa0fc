"""StaticSite given what another account owns: an ``existing_bucket`` imported with that
account is supported, warning of the grants only its owner can make; an ``alarm_topic``
imported from another account of the site's region is notified (its owner's topic policy
lets CloudWatch publish: see tests/test_alarm_topic_other_account.py)."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk.assertions import Annotations, Match, Template

from constructs_lib import StaticSite
from constructs_lib.static_site.existing_bucket import SITE_BUCKET_OF_ANOTHER_ACCOUNT_WARNING
from tests.support import CDK_CONTEXT, SITE

HERE, THERE = "111111111111", "222222222222"


def _stack() -> cdk.Stack:
    app = cdk.App(context=CDK_CONTEXT)
    return cdk.Stack(app, "Test", env=cdk.Environment(account=HERE, region="us-east-1"))


def _site(account: str | None) -> tuple[cdk.Stack, dict[str, Any]]:
    stack = _stack()
    owner = {} if account is None else {"account": account}
    bucket = s3.Bucket.from_bucket_attributes(stack, "Content", bucket_name="site-b", **owner)
    StaticSite(stack, "Site", source=SITE, existing_bucket=bucket, alarms=False)
    return stack, Template.from_stack(stack).to_json()


def _warnings(stack: cdk.Stack) -> list[str]:
    found = Annotations.from_stack(stack).find_warning(
        "/Test/Site", Match.string_like_regexp(SITE_BUCKET_OF_ANOTHER_ACCOUNT_WARNING)
    )
    return [str(f.entry.data) for f in found]


def test_a_bucket_of_another_account_is_served_and_warns_of_the_owner_s_grants() -> None:
    # GIVEN a content bucket imported with another account (a central web account's)
    stack, template = _site(THERE)
    # THEN the site synthesizes as with a bucket of its own account: the same resources
    assert template == _site(HERE)[1] == _site(None)[1]
    # AND warns once, naming both accounts and every grant only the owner can make
    (warning,) = _warnings(stack)
    assert warning.startswith(f"existing_bucket is in account {THERE}, the site in {HERE}")
    for grant in (
        "s3:GetObject, s3:PutObject, s3:DeleteObject and s3:ListBucket",
        "cloudfront.amazonaws.com s3:GetObject with the condition AWS:SourceArn",
        "Object Ownership must be BucketOwnerEnforced",
        f"once granted, acknowledge '{SITE_BUCKET_OF_ANOTHER_ACCOUNT_WARNING}'",
    ):
        assert grant in warning


@pytest.mark.parametrize("account", [HERE, None])
def test_a_bucket_of_the_site_s_account_or_of_no_known_account_does_not_warn(
    account: str | None,
) -> None:
    assert _warnings(_site(account)[0]) == []


def test_an_alarm_topic_of_another_account_is_notified() -> None:
    # GIVEN a site whose alarm topic is another account's, in its region (was refused)
    stack = _stack()
    arn = f"arn:aws:sns:us-east-1:{THERE}:ops"
    topic = sns.Topic.from_topic_arn(stack, "Ops", arn)
    StaticSite(stack, "Site", source=SITE, alarm_topic=topic)
    # THEN its alarms notify that topic
    alarms = Template.from_stack(stack).find_resources("AWS::CloudWatch::Alarm")
    assert alarms
    assert all(a["Properties"]["AlarmActions"] == [arn] for a in alarms.values())


def test_the_warning_is_acknowledged_by_its_name_once_granted() -> None:
    stack, _ = _site(THERE)
    site = stack.node.find_child("Site")
    cdk.Annotations.of(site).acknowledge_warning(
        SITE_BUCKET_OF_ANOTHER_ACCOUNT_WARNING, "The web account granted it (WEB-42)."
    )
    assert _warnings(stack) == []
