"""StaticSite is right with any cdk.json: the empty context of an old app, the one
`cdk init app --language python` writes (examples/), and the demo's."""

from __future__ import annotations

import json
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Match, Template

from constructs_lib.static_site import StaticSite
from tests.support import CDK_CONTEXT, ROOT, SITE, cfn_lint

INIT_CONTEXT: dict[str, Any] = json.loads(
    (ROOT / "examples" / "hello_api" / "cdk.json").read_text()
)["context"]


@pytest.fixture(scope="module", params=["empty", "cdk-init", "demo"])
def template(request: pytest.FixtureRequest) -> Template:
    context = {"empty": {}, "cdk-init": INIT_CONTEXT, "demo": CDK_CONTEXT}[request.param]
    stack = cdk.Stack(cdk.App(context=context), "Site")
    StaticSite(stack, "Site", source=SITE)
    return Template.from_stack(stack)


def test_log_bucket_takes_s3_access_logs_through_its_policy_not_an_acl(
    template: Template,
) -> None:
    buckets = template.find_resources("AWS::S3::Bucket")
    assert all("AccessControl" not in b["Properties"] for b in buckets.values())
    template.has_resource_properties(
        "AWS::S3::BucketPolicy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {
                                "Principal": {"Service": "logging.s3.amazonaws.com"},
                                "Action": "s3:PutObject",
                            }
                        )
                    ]
                )
            }
        },
    )


def test_cfn_lint_is_clean_with_any_context(template: Template) -> None:
    assert cfn_lint(template.to_json(), regions=["us-east-1"]) == []
