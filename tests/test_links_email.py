"""A link that sends email through SES: ``Link.to(identity)`` grants ``ses:SendEmail`` and
``ses:SendRawEmail`` on the identity's exact ARN, and on the configuration set SES checks
too (the identity's own, or one linked for the call's ``ConfigurationSetName``); its
variable holds the identity's name. What is no SES target a link takes is told how."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ses as ses
from aws_cdk.assertions import Template

from constructs_lib import ConstructError, Handler, Link, Network, QueueWorker
from constructs_lib._core.link_email import OTHER_REGION_IDENTITY_WARNING
from tests.support import CDK_CONTEXT, ECHO, cfn_lint, nag_findings, new_app, synth_error

HERE = cdk.Environment(account="111111111111", region="eu-west-1")
_SEND = ["ses:SendEmail", "ses:SendRawEmail"]


def _stack(app: cdk.App | None = None, id: str = "Test", env: Any = HERE) -> cdk.Stack:
    return cdk.Stack(app or new_app(), id, env=env)


def _worker(stack: cdk.Stack, *links: Any) -> QueueWorker:
    return QueueWorker(stack, "Worker", handler=Handler(code=ECHO, links=list(links)))


def _linked(stack: cdk.Stack, template: Template | None = None) -> tuple[dict[str, Any], list[Any]]:
    """The worker's variables (without its own QUEUE_URL) and its SES statements."""
    template = template or Template.from_stack(stack)
    (function,) = template.find_resources("AWS::Lambda::Function").values()
    variables = dict(function["Properties"]["Environment"]["Variables"])
    variables.pop("QUEUE_URL")
    (policy,) = template.find_resources("AWS::IAM::Policy").values()
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    return variables, [s for s in statements if str(s["Action"]).startswith("['ses:")]


def _arn(resource: str, name: Any) -> Any:
    """An SES ARN as aws-cdk-lib's format_arn writes it in a stack of HERE."""
    prefix = f"arn:aws:ses:eu-west-1:111111111111:{resource}/"
    return prefix + name if isinstance(name, str) else {"Fn::Join": ["", [prefix, name]]}


def _send(resource: Any) -> dict[str, Any]:
    return {"Action": _SEND, "Effect": "Allow", "Resource": resource}


def _domain(stack: cdk.Stack, **props: Any) -> ses.EmailIdentity:
    return ses.EmailIdentity(stack, "Sender", identity=ses.Identity.domain("example.com"), **props)


def test_a_new_identity_grants_sending_from_it_exactly_and_names_it() -> None:
    # GIVEN a worker linked to a domain identity of its stack
    stack = _stack()
    identity = _domain(stack)
    _worker(stack, identity)
    variables, statements = _linked(stack)
    ref = {"Ref": stack.get_logical_id(identity.node.default_child)}
    # THEN its variable holds the identity's name (the domain), named after its id
    assert variables == {"SENDER_EMAIL_IDENTITY_NAME": ref}
    # AND it may send from that identity only: no wildcard, no condition
    assert statements == [_send(_arn("identity", ref))]


def test_the_identity_s_own_configuration_set_is_granted_too() -> None:
    # Proves: aws-cdk-lib's grant_send_email names the identity only, and SES authorizes
    # the identity's default configuration set as well: every send was denied
    # (aws/aws-cdk#34402)
    stack = _stack()
    tracking = ses.ConfigurationSet(stack, "Tracking")
    identity = _domain(stack, configuration_set=tracking)
    _worker(stack, identity)
    variables, statements = _linked(stack)
    # THEN the function may send from the identity and through its configuration set
    identity_ref = {"Ref": stack.get_logical_id(identity.node.default_child)}
    tracking_ref = {"Ref": stack.get_logical_id(tracking.node.default_child)}
    # (one statement: the project's cdk.json merges statements of the same actions)
    assert statements == [
        _send([_arn("configuration-set", tracking_ref), _arn("identity", identity_ref)])
    ]
    # AND the set needs no variable: SES applies it by default
    assert variables == {"SENDER_EMAIL_IDENTITY_NAME": identity_ref}


def test_a_configuration_set_link_grants_sending_through_it_and_names_it() -> None:
    # GIVEN an imported identity (its default set unknown here) and the set the call names
    stack = _stack()
    identity = ses.EmailIdentity.from_email_identity_name(stack, "Alerts", "alerts@example.com")
    tracking = ses.ConfigurationSet.from_configuration_set_name(stack, "Tracking", "tracking")
    _worker(stack, Link.to(identity, env="ALERTS_FROM"), tracking)
    variables, statements = _linked(stack)
    # THEN each has its variable and its exact grant
    assert variables == {
        "ALERTS_FROM": "alerts@example.com",
        "TRACKING_CONFIGURATION_SET_NAME": "tracking",
    }
    assert statements == [
        _send([_arn("configuration-set", "tracking"), _arn("identity", "alerts@example.com")])
    ]


def test_an_identity_imported_by_its_arn_is_granted_on_that_arn() -> None:
    stack = _stack()
    arn = "arn:aws:ses:eu-west-1:111111111111:identity/example.com"
    _worker(stack, ses.EmailIdentity.from_email_identity_arn(stack, "Sender", arn))
    variables, statements = _linked(stack)
    assert variables == {"SENDER_EMAIL_IDENTITY_NAME": "example.com"}
    assert statements == [_send(arn)]


def test_another_account_s_identity_is_named_by_its_arn() -> None:
    # GIVEN a partner's identity of this region, which authorizes this account to send
    stack = _stack()
    arn = "arn:aws:ses:eu-west-1:222222222222:identity/partner.example"
    _worker(stack, ses.EmailIdentity.from_email_identity_arn(stack, "Partner", arn))
    variables, statements = _linked(stack)
    # THEN the variable holds its ARN, which SendEmail's FromEmailAddressIdentityArn takes
    assert variables == {"PARTNER_EMAIL_IDENTITY_NAME": arn}
    assert statements == [_send(arn)]


def test_an_identity_of_another_region_is_linked_with_a_warning() -> None:
    # GIVEN an identity of us-east-1, imported by its ARN into a stack of eu-west-1
    stack = _stack()
    arn = "arn:aws:ses:us-east-1:111111111111:identity/example.com"
    _worker(stack, ses.EmailIdentity.from_email_identity_arn(stack, "Sender", arn))
    template = Template.from_stack(stack)
    # THEN the grant names it, and a warning says the code must call us-east-1's SES
    variables, statements = _linked(stack, template)
    assert statements == [_send(arn)]
    assert variables == {"SENDER_EMAIL_IDENTITY_NAME": "example.com"}
    (warning,) = [
        m.entry.data
        for m in cdk.assertions.Annotations.from_stack(stack).find_warning(
            "*", cdk.assertions.Match.string_like_regexp("emailIdentityRegion")
        )
    ]
    assert warning.startswith(
        "`handler.links[0]` links the email identity Test/Sender, of region us-east-1, not "
        "this stack's eu-west-1: SES identities are regional"
    )
    assert "boto3.client('sesv2', region_name='us-east-1')" in warning
    assert f"acknowledge '{OTHER_REGION_IDENTITY_WARNING}'" in warning


def test_an_identity_of_this_region_links_without_a_warning() -> None:
    stack = _stack()
    arn = "arn:aws:ses:eu-west-1:111111111111:identity/example.com"
    _worker(stack, ses.EmailIdentity.from_email_identity_arn(stack, "Sender", arn))
    Template.from_stack(stack)
    assert not cdk.assertions.Annotations.from_stack(stack).find_warning(
        "*", cdk.assertions.Match.string_like_regexp("emailIdentityRegion")
    )


def test_an_identity_a_stack_of_another_region_creates_is_refused() -> None:
    app = new_app()
    mail = _stack(app, "Mail", cdk.Environment(account="111111111111", region="us-east-1"))
    identity = _domain(mail)
    with pytest.raises(ConstructError) as raised:
        _worker(_stack(app), identity)
    assert str(raised.value).endswith(
        "`handler.links[0]` is the email identity Mail/Sender, in region us-east-1, not "
        "eu-west-1: SES identities and configuration sets are regional (and a value of another "
        "environment's stack cannot be read here), so the function's SES client would find "
        "neither. Fix: link an identity verified in this stack's region (an ses.EmailIdentity "
        "in a stack of this region); to send through another region's SES, import the "
        "identity by its ARN of this account: "
        "ses.EmailIdentity.from_email_identity_arn(self, 'Sender', <its ARN>)"
    )


def test_an_identity_of_another_stack_links_one_way_under_cdk_nag(tmp_path: Path) -> None:
    # GIVEN an identity with its configuration set in one stack, the worker in another
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    mail = cdk.Stack(app, "Mail", env=HERE)
    identity = _domain(mail, configuration_set=ses.ConfigurationSet(mail, "Tracking"))
    workers = cdk.Stack(app, "Workers", env=HERE)
    _worker(workers, identity)
    # THEN cdk-nag finds nothing (the ARNs are exact) and cfn-lint neither
    assert nag_findings(app, tmp_path) == set()
    template = Template.from_stack(workers)
    assert cfn_lint(template.to_json(), regions=["eu-west-1"]) == []
    # AND the names arrive as imports, the stacks depending one way
    variables, statements = _linked(workers, template)
    assert "Fn::ImportValue" in str(variables["SENDER_EMAIL_IDENTITY_NAME"])
    (statement,) = statements
    assert [str(arn).count("Fn::ImportValue") for arn in statement["Resource"]] == [1, 1]
    assert [s.stack_name for s in workers.dependencies] == ["Mail"]
    assert mail.dependencies == []


def _problems(*links: Any) -> list[str]:
    stack = _stack()
    with pytest.raises(ConstructError) as raised:
        _worker(stack, *(link(stack) if callable(link) else link for link in links))
    return [f"{p.prop}: {p.message} Fix: {p.fix}" for p in raised.value.problems]


def test_what_is_no_ses_target_is_told_how_to_link_one_all_at_once() -> None:
    # Proves (novice and payments trials): an identity's name, SES's L1s, a receipt rule
    # set and a template got the generic "a link is a QueueWorker, ..." with no word of
    # the SES identity a link takes
    problems = _problems(
        "noreply@example.com",
        "example.com",
        lambda s: ses.CfnEmailIdentity(s, "L1", email_identity="example.com"),
        lambda s: ses.CfnTemplate(
            s,
            "Welcome",
            template=ses.CfnTemplate.TemplateProperty(subject_part="Hi", template_name="welcome"),
        ),
        lambda s: ses.ReceiptRuleSet(s, "Inbound"),
        lambda s: ses.CfnConfigurationSet(s, "L1Set"),
        lambda s: Link.read(_domain(s)),
        lambda s: Link.put(ses.ConfigurationSet(s, "Set")),
    )
    fixes = [p.split(" Fix: ")[1] for p in problems]
    assert problems[0].startswith("handler.links[0]: is 'noreply@example.com', a str; a link is")
    assert fixes[0] == (
        "link the SES identity itself, not its name: "
        "ses.EmailIdentity.from_email_identity_name(self, 'Sender', 'noreply@example.com')"
    )
    assert fixes[1] == (
        "pass e.g. links=[worker, table]; for a domain verified in SES, link the identity: "
        "ses.EmailIdentity.from_email_identity_name(self, 'Sender', 'example.com')"
    )
    assert fixes[2].startswith("link the identity as an ses.IEmailIdentity: ")
    assert fixes[2].endswith("from_email_identity_name(self, 'Sender', 'example.com')")
    assert "no link grants a template" in fixes[3]
    assert "resource='template', resource_name='welcome')" in fixes[3]
    assert "ses_actions.Lambda, no link" in fixes[4]
    assert fixes[5].startswith("link it as an ses.IConfigurationSet: ")
    assert problems[6] == (
        "handler.links[6]: is Link.read(...) of the email identity Test/Sender; an email "
        "identity link gives send (default send) Fix: use the email identity itself or "
        "Link.to(email identity, env=...)"
    )
    assert "a configuration set link gives send (default send)" in problems[7]


def test_a_string_of_no_ses_shape_keeps_the_plain_fix() -> None:
    # a queue's or table's name says nothing of SES: the fix stays the general one
    (problem,) = _problems("orders")
    assert problem.endswith("Fix: pass e.g. links=[worker, table]")


def test_the_same_identity_twice_is_refused() -> None:
    stack = _stack()
    identity = _domain(stack)
    with pytest.raises(ConstructError, match=r"`handler.links\[1\]` repeats `handler.links\[0\]`"):
        _worker(stack, identity, Link.to(identity, env="FROM_DOMAIN"))


def test_two_identities_and_a_set_link_side_by_side() -> None:
    # the usual shapes pass: two identities (a domain, a tester's address in the sandbox)
    # and the identity's own set linked for the call too
    stack = _stack()
    tracking = ses.ConfigurationSet(stack, "Tracking")
    tester = ses.EmailIdentity.from_email_identity_name(stack, "Tester", "me@example.org")
    _worker(stack, _domain(stack, configuration_set=tracking), tester, tracking)
    variables, statements = _linked(stack)
    assert sorted(variables) == [
        "SENDER_EMAIL_IDENTITY_NAME",
        "TESTER_EMAIL_IDENTITY_NAME",
        "TRACKING_CONFIGURATION_SET_NAME",
    ]
    (statement,) = statements
    assert len(statement["Resource"]) == 3  # the set's ARN once


def test_a_function_in_a_network_without_nat_cannot_reach_ses() -> None:
    # Proves: the rule of reach told a zero-NAT Network's function to add 'ses' to the
    # Handler's endpoints, which names no endpoint a Handler may ask for
    stack = _stack()
    identity = _domain(stack)
    QueueWorker(
        stack,
        "Worker",
        handler=Handler(code=ECHO, links=[identity]),
        network=Network(stack, "Net"),
    )
    assert synth_error(stack).endswith(
        "[Test/Worker] `handler.links[0]` is the email identity Test/Sender, but the function "
        "runs in the Network Test/Net's isolated subnets, with no NAT gateway, and the Network "
        "creates no ses interface endpoint: every call to it would time out. Fix: give the Network "
        "nat_gateways, or give its VPC the interface endpoint 'email' behind the Network's "
        "endpoint security group (network.vpc.add_interface_endpoint('Email', "
        "service=ec2.InterfaceVpcEndpointAwsService.EMAIL, open=False, "
        "security_groups=[network.endpoint_security_group]): about $7.30 per AZ per month), or "
        "run the function outside the Network"
    )
    # AND through a NAT gateway it links
    other = _stack()
    egress = Network(other, "Egress", nat_gateways=1)
    QueueWorker(other, "Out", handler=Handler(code=ECHO, links=[_domain(other)]), network=egress)
    Template.from_stack(other)


def test_an_identity_a_stack_of_another_account_creates_is_refused() -> None:
    app = new_app()
    mail = _stack(app, "Mail", cdk.Environment(account="222222222222", region="eu-west-1"))
    with pytest.raises(ConstructError) as raised:
        _worker(_stack(app), _domain(mail))
    assert str(raised.value).endswith(
        "`handler.links[0]` is the email identity Mail/Sender, in account 222222222222, not "
        "111111111111: a value of another account's stack cannot be read here, and sending "
        "from another account's identity takes that account's sending authorization. Fix: "
        "import the identity by its ARN (ses.EmailIdentity.from_email_identity_arn(self, "
        "'Sender', <its ARN>)), whose owner's identity policy allows the function's role"
    )


@pytest.mark.parametrize(
    ("service", "reached"),
    [("EMAIL", True), ("EMAIL_SMTP", False)],
    ids=["email", "smtp-only"],
)
def test_an_email_endpoint_the_user_added_to_the_network_s_vpc_reaches_ses(
    service: str, reached: bool
) -> None:
    # Proves (gaps49): the reach rule did not see an SES endpoint the user added to the
    # Network's VPC (network.vpc.add_interface_endpoint) and refused a working app
    stack = _stack()
    identity = _domain(stack)
    network = Network(stack, "Net")
    endpoint_service = getattr(ec2.InterfaceVpcEndpointAwsService, service)
    network.vpc.add_interface_endpoint("Ses", service=endpoint_service)

    def build() -> QueueWorker:
        handler = Handler(code=ECHO, links=[identity])
        return QueueWorker(stack, "Worker", handler=handler, network=network)

    assert build().function.node.path == "Test/Worker/Handler/Function"
    if reached:  # the SDK's calls go to com.amazonaws.<region>.email
        Template.from_stack(stack)
    else:  # the SMTP interface is not the SDK's: still refused
        assert "creates no ses interface endpoint" in synth_error(stack)
