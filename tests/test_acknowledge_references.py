"""acknowledge() of an AwsSolutions-IAM5 resource finding whose reference (<LogicalId> or
<LogicalId.Attr>) names no resource of the stack warns at synth, naming the id: cdk-nag
would match the acknowledgement to nothing and report the finding it was meant for. A
warning, not an error: one acknowledgement written for stacks with and without the
resource (a prod-only bucket) is harmless where the resource is not."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3

from constructs_lib import acknowledge
from constructs_lib._nag_finding_refs import referenced_logical_ids
from tests.support import new_app, new_stack, warnings_of

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


WARNING = "constructs_lib:acknowledgementNamesNoResource"


def test_a_misspelt_logical_id_warns_naming_it() -> None:
    # GIVEN a role's IAM5 finding acknowledged with a logical ID one character off
    stack = new_stack()
    _, role, bucket_id = _reader(stack)
    wrong = bucket_id[:-1] + ("A" if bucket_id[-1] != "A" else "B")
    acknowledge(role, f"AwsSolutions-IAM5[Resource::<{wrong}.Arn>/*]", reason=REASON)
    # WHEN the app is synthesized, THEN a warning names the id and the nearest one, once
    (warning,) = warnings_of(stack, WARNING)
    assert warning.startswith(
        f"`rule_id` of acknowledge() is 'AwsSolutions-IAM5[Resource::<{wrong}"
        f".Arn>/*]', whose finding references '{wrong}', a logical ID no resource of the "
        f"stack has (the nearest: '{bucket_id}'): cdk-nag reports no finding by that id"
    )
    assert "Fix: spell the id as cdk-nag prints it after 'Acknowledge with'" in warning
    cdk.App.of(stack).synth(force=True)  # type: ignore[union-attr]
    assert len(warnings_of(stack, WARNING)) == 1  # a second synth adds none


def test_the_warning_can_be_acknowledged_where_the_resource_is_created_elsewhere() -> None:
    # GIVEN a stage without the prod-only bucket one shared acknowledgement names
    stack = new_stack()
    _, role, _ = _reader(stack)
    acknowledge(role, "AwsSolutions-IAM5[Resource::<ProdOnly1234.Arn>/*]", reason=REASON)
    cdk.Annotations.of(role).acknowledge_warning(WARNING, "the bucket is prod's only")
    assert warnings_of(stack, WARNING) == []


def test_an_id_of_the_stack_synthesizes_without_a_warning() -> None:
    stack = new_stack()
    _, role, bucket_id = _reader(stack)
    acknowledge(role, f"AwsSolutions-IAM5[Resource::<{bucket_id}.Arn>/*]", reason=REASON)
    acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::x/*]", reason=REASON)
    assert warnings_of(stack, WARNING) == []


def _app_warnings(app: cdk.App) -> list[str]:
    app.synth()
    return [str(entry.data) for entry in app.node.metadata if WARNING in str(entry.data)]


def test_an_acknowledgement_on_the_app_reads_the_stacks_below_it() -> None:
    # GIVEN an acknowledgement on the app of a finding of a stack in a stage
    app = new_app()
    stack = cdk.Stack(cdk.Stage(app, "Prod"), "Files")
    _, _, bucket_id = _reader(stack)
    acknowledge(app, f"AwsSolutions-IAM5[Resource::<{bucket_id}.Arn>/*]", reason=REASON)
    # THEN its id is found there; a stray one is not
    assert _app_warnings(app) == []
    other = new_app()
    _reader(cdk.Stack(other, "Files"))
    acknowledge(other, "AwsSolutions-IAM5[Resource::<Gone1234.Arn>/*]", reason=REASON)
    (warning,) = _app_warnings(other)
    assert "'Gone1234', a logical ID no resource of the stack has" in warning


def _find_alls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many walks of a tree (``node.find_all``) the jsii kernel is asked for."""
    from jsii._kernel.providers import process

    count = [0]
    send = process._NodeProcess.send

    def counting(self: object, request: object, response_type: object) -> object:
        count[0] += getattr(request, "method", None) == "findAll"
        return send(self, request, response_type)

    monkeypatch.setattr(process._NodeProcess, "send", counting)
    return count


def _acknowledged_readers(readers: int) -> cdk.Stack:
    """``readers`` roles of one stack, each granted its bucket and acknowledged by its id."""
    stack = new_stack()
    for n in range(readers):
        bucket = s3.Bucket(stack, f"Reports{n}")
        role = iam.Role(stack, f"Reader{n}", assumed_by=iam.AccountPrincipal("111122223333"))
        bucket.grant_read(role)
        logical_id = stack.get_logical_id(bucket.node.default_child)
        acknowledge(role, f"AwsSolutions-IAM5[Resource::<{logical_id}.Arn>/*]", reason=REASON)
    return stack


def test_a_stack_s_logical_ids_are_read_once_per_synth_for_all_its_acknowledgements(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Proves (speed48): each acknowledgement walked its stack at synth, resolving every
    # element's logical ID (three round trips per element, per acknowledgement)
    walks = _find_alls(monkeypatch)
    warnings_of(_acknowledged_readers(1), WARNING)  # the modules loaded
    walks[0] = 0
    warnings_of(_acknowledged_readers(1), WARNING)
    one = walks[0]
    walks[0] = 0
    # WHEN four acknowledgements of one stack are checked at synth
    stack = _acknowledged_readers(4)
    # THEN none warns (each names its bucket), and the stack is walked as for one: the
    # three more walks are cdk-nag 2's metadata on each acknowledged role's own subtree
    # (four more before: the stack's, per acknowledgement)
    assert warnings_of(stack, WARNING) == []
    assert walks[0] == one + 3


def test_a_resource_renamed_after_a_synth_is_read_again_by_the_next() -> None:
    # GIVEN an acknowledgement of a bucket's id, synthesized clean
    stack = new_stack()
    bucket, role, bucket_id = _reader(stack)
    acknowledge(role, f"AwsSolutions-IAM5[Resource::<{bucket_id}.Arn>/*]", reason=REASON)
    assert warnings_of(stack, WARNING) == []
    # WHEN the bucket's logical ID is overridden and the app synthesized again
    resource = bucket.node.default_child
    assert isinstance(resource, s3.CfnBucket)
    resource.override_logical_id("RenamedReports")
    # THEN the next synth reads the stack's ids again, and warns of the id now gone
    (warning,) = warnings_of(stack, WARNING)
    assert f"references '{bucket_id}', a logical ID no resource of the stack has" in warning
