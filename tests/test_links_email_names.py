"""SES link targets named wrong: an identity or configuration set imported by a name none
has (its ARN, an empty text), whose grant named ``identity/arn:aws:ses:...`` and whose
variable held the ARN, and an SES ARN given as the link itself, told the import that takes
it (bad inputs, round 44: the imports synthesized, and every send was denied)."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_ses as ses
from aws_cdk.assertions import Template

from constructs_lib import ConstructError, Handler, QueueWorker
from tests.support import ECHO, new_app

HERE = cdk.Environment(account="111111111111", region="eu-west-1")
IDENTITY_ARN = "arn:aws:ses:eu-west-1:111111111111:identity/noreply@example.com"
SET_ARN = "arn:aws:ses:eu-west-1:111111111111:configuration-set/tracking"


def _stack() -> cdk.Stack:
    return cdk.Stack(new_app(), "Test", env=HERE)


def _worker(stack: cdk.Stack, *links: Any) -> QueueWorker:
    return QueueWorker(stack, "Worker", handler=Handler(code=ECHO, links=list(links)))


def _problem(link: Any) -> tuple[str, str, str]:
    stack = _stack()
    with pytest.raises(ConstructError) as raised:
        _worker(stack, link(stack) if callable(link) else link)
    (problem,) = raised.value.problems
    return problem.prop, problem.message, problem.fix


def test_an_identity_imported_by_its_arn_as_its_name_is_told_to_import_the_arn() -> None:
    prop, message, fix = _problem(
        lambda s: ses.EmailIdentity.from_email_identity_name(s, "Sender", IDENTITY_ARN)
    )
    assert prop == "handler.links[0]"
    assert message == (
        f"is an email identity imported by the name {IDENTITY_ARN!r}, which no identity has "
        "(a domain or an email address): its grant would name no email identity"
    )
    assert fix == (
        "import it by its ARN: "
        f"ses.EmailIdentity.from_email_identity_arn(self, 'Sender', {IDENTITY_ARN!r})"
    )


def test_a_configuration_set_imported_by_its_arn_is_told_its_name() -> None:
    _, message, fix = _problem(
        lambda s: ses.ConfigurationSet.from_configuration_set_name(s, "Tracking", SET_ARN)
    )
    assert "which no configuration set has (1 to 64 letters, digits, '_' or '-')" in message
    assert fix == (
        "import it by its ARN: ses.ConfigurationSet.from_configuration_set_name(self, "
        "'Tracking', 'tracking'), the name its ARN ends in"
    )


@pytest.mark.parametrize(
    "imported",
    [
        lambda s: ses.EmailIdentity.from_email_identity_name(s, "Sender", ""),
        lambda s: ses.EmailIdentity.from_email_identity_name(s, "Sender", "example.com/x"),
        lambda s: ses.ConfigurationSet.from_configuration_set_name(s, "Tracking", "a.b"),
    ],
    ids=["empty", "a slash", "a dot in a set's name"],
)
def test_a_name_no_ses_target_has_is_refused(imported: Any) -> None:
    _, message, fix = _problem(imported)
    assert "which no " in message
    assert fix.startswith("import it by its name: ")


@pytest.mark.parametrize(
    "imported",
    [
        lambda s: ses.EmailIdentity.from_email_identity_name(s, "Sender", "example.com"),
        lambda s: ses.EmailIdentity.from_email_identity_name(s, "Sender", "no-reply+x@ex.co.uk"),
        lambda s: ses.EmailIdentity.from_email_identity_name(
            s, "Sender", cdk.CfnParameter(s, "Domain").value_as_string
        ),
        lambda s: ses.EmailIdentity.from_email_identity_arn(s, "Sender", IDENTITY_ARN),
        lambda s: ses.ConfigurationSet.from_configuration_set_name(s, "Tracking", "Tracking_v-2"),
        lambda s: ses.ConfigurationSet.from_configuration_set_name(s, "Tracking", "t" * 64),
    ],
    ids=["domain", "address", "a parameter", "by ARN", "set name", "set name of 64"],
)
def test_names_ses_takes_still_link(imported: Any) -> None:
    stack = _stack()
    _worker(stack, imported(stack))
    assert Template.from_stack(stack).find_resources("AWS::Lambda::Function")


@pytest.mark.parametrize(
    ("arn", "fix"),
    [
        (
            IDENTITY_ARN,
            "link the SES identity itself, not its ARN: "
            f"ses.EmailIdentity.from_email_identity_arn(self, 'Sender', {IDENTITY_ARN!r})",
        ),
        (
            SET_ARN,
            "link the SES configuration set itself: "
            "ses.ConfigurationSet.from_configuration_set_name(self, 'Tracking', 'tracking')",
        ),
    ],
    ids=["identity", "configuration set"],
)
def test_an_ses_arn_given_as_a_link_is_told_the_import_that_takes_it(arn: str, fix: str) -> None:
    # Proves: an address identity's ARN (it holds '@') was told to import the ARN by name
    assert _problem(arn)[2] == fix
