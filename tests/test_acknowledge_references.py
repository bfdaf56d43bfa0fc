"""acknowledge() of an AwsSolutions-IAM5 resource finding whose reference (<LogicalId> or
<LogicalId.Attr>) names no resource of the stack fails the synth, naming the id: cdk-nag
would match the acknowledgement to nothing and report the finding it was meant for."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3

from constructs_lib import acknowledge
from constructs_lib._nag_finding_refs import referenced_logical_ids
from tests.support import new_app, new_stack

REASON = "The client reads every object of its own bucket."


def _reader(stack: cdk.Stack) -> tuple[s3.Bucket, iam.Role, str]:
    """A bucket, a role granted its objects, and the logical ID of the bucket."""
    bucket = s3.Bucket(stack, "Reports")
    role = iam.Role(stack, "Reader", assumed_by=iam.AccountPrincipal("111122223333"))
    bucket.grant_read(role)
    return bucket, role, stack.get_logical_id(bucket.node.default_child)


@pytest.mark.parametrize(
    ("rule_id", "ids"),
    [
        ("AwsSolutions-IAM5[Resource::<Reports1234ABCD.Arn>/*]", ["Reports1234ABCD"]),
        ("AwsSolutions::AwsSolutions-IAM5[Resource::<Api1234>/GET/*]", ["Api1234"]),
        (
            "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:"
            "<AWS::AccountId>:<PartnersHttpApi71D95B3C>/$default/GET/*]",
            ["PartnersHttpApi71D95B3C"],
        ),
        ("AwsSolutions-IAM5[Resource::*]", []),
        ("AwsSolutions-IAM5[Action::s3:GetObject*]", []),
        ("AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/X]", []),
        ("AwsSolutions-S1", []),
    ],
)
def test_the_logical_ids_a_finding_references(rule_id: str, ids: list[str]) -> None:
    assert referenced_logical_ids(rule_id) == ids


def test_a_misspelt_logical_id_fails_the_synth_naming_it() -> None:
    # GIVEN a role's IAM5 finding acknowledged with a logical ID one character off
    stack = new_stack()
    _, role, bucket_id = _reader(stack)
    wrong = bucket_id[:-1] + ("A" if bucket_id[-1] != "A" else "B")
    acknowledge(role, f"AwsSolutions-IAM5[Resource::<{wrong}.Arn>/*]", reason=REASON)
    # WHEN the app is synthesized, THEN it fails, naming the id and the nearest one
    with pytest.raises(RuntimeError) as raised:
        cdk.App.of(stack).synth()  # type: ignore[union-attr]
    assert (
        f"[Test/Reader] `rule_id` of acknowledge() is 'AwsSolutions-IAM5[Resource::<{wrong}"
        f".Arn>/*]', whose finding references '{wrong}', a logical ID no resource of the "
        f"stack has (the nearest: '{bucket_id}'): cdk-nag reports no finding by that id"
    ) in str(raised.value)
    assert "Fix: spell the id as cdk-nag prints it after 'Acknowledge with'" in str(raised.value)


def test_an_id_of_the_stack_synthesizes() -> None:
    stack = new_stack()
    _, role, bucket_id = _reader(stack)
    acknowledge(role, f"AwsSolutions-IAM5[Resource::<{bucket_id}.Arn>/*]", reason=REASON)
    acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::x/*]", reason=REASON)
    cdk.App.of(stack).synth()  # type: ignore[union-attr]


def test_an_acknowledgement_on_the_app_reads_the_stacks_below_it() -> None:
    # GIVEN an acknowledgement on the app of a finding of a stack in a stage
    app = new_app()
    stack = cdk.Stack(cdk.Stage(app, "Prod"), "Files")
    _, _, bucket_id = _reader(stack)
    acknowledge(app, f"AwsSolutions-IAM5[Resource::<{bucket_id}.Arn>/*]", reason=REASON)
    # THEN its id is found there; a stray one is not
    app.synth()
    other = new_app()
    _reader(cdk.Stack(other, "Files"))
    acknowledge(other, "AwsSolutions-IAM5[Resource::<Gone1234.Arn>/*]", reason=REASON)
    with pytest.raises(RuntimeError, match=r"\[\] `rule_id` of acknowledge\(\) is .*'Gone1234'"):
        other.synth()
