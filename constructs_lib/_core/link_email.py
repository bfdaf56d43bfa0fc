"""SES links: sending from an email identity, through the configuration sets SES checks too,
and what a value that looks like an SES target but is none should be told.

SES authorizes ``ses:SendEmail`` (v2's SendEmail; raw content may be checked as
``ses:SendRawEmail`` too, so both are granted) and v1's ``SendEmail``/``SendRawEmail`` on
the sending identity and, when the email goes through one, on its configuration set: the
identity's own (``EmailIdentity(configuration_set=...)``, which SES applies by default) or
the call's ``ConfigurationSetName``. aws-cdk-lib's ``grant_send_email`` covers the identity
only, so an identity with a configuration set could send nothing (aws/aws-cdk#34402).
Both ARNs are exact: the grant needs no wildcard, and cdk-nag reports none.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from aws_cdk import Annotations, ArnFormat, Resource, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_

from constructs_lib._core.link_kinds import jsii_types
from constructs_lib._env import imported_from_other_account
from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator

if TYPE_CHECKING:
    from constructs_lib._core.links import ResolvedLink

__all__ = [
    "EMAIL_KINDS",
    "OTHER_REGION_IDENTITY_WARNING",
    "check_email_elsewhere",
    "email_target_fix",
    "grant_send_email",
]

EMAIL_KINDS = frozenset({"email identity", "configuration set"})
#: The id to acknowledge (``cdk.Annotations.of(scope).acknowledge_warning(...)``).
OTHER_REGION_IDENTITY_WARNING = "constructs_lib:emailIdentityRegion"
# aws-cdk-lib's grant_send_email's actions
_SEND = ["ses:SendEmail", "ses:SendRawEmail"]
# a domain name as SES verifies one (example.com, mail.example.co.uk)
_DOMAIN = re.compile(r"(?i)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}")


def grant_send_email(kind: str, resource: Any, function: lambda_.Function) -> None:
    """Sending from an identity (and its own configuration set), or through a configuration
    set the call names."""
    if kind == "configuration set":
        _grant_on_configuration_set(function, resource, resource.configuration_set_name)
        return
    resource.grant_send_email(function)
    own = _own_configuration_set(resource)
    if own is not None:
        _grant_on_configuration_set(function, resource, own)


def _grant_on_configuration_set(function: lambda_.Function, owner: Any, name: str) -> None:
    arn = Stack.of(owner).format_arn(
        service="ses",
        resource="configuration-set",
        resource_name=name,
        arn_format=ArnFormat.SLASH_RESOURCE_NAME,
    )
    function.add_to_role_policy(iam.PolicyStatement(actions=_SEND, resources=[arn]))


def _own_configuration_set(identity: Any) -> str | None:
    """The name of the configuration set an identity of the app sends through by default
    (an imported identity's is unknown here: its README says to link it)."""
    if not Resource.is_owned_resource(identity):
        return None
    attributes = getattr(identity.node.default_child, "configuration_set_attributes", None)
    name = getattr(attributes, "configuration_set_name", None)
    return name if isinstance(name, str) else None


def check_email_elsewhere(v: Validator, link: ResolvedLink, where: str, elsewhere: str) -> bool:
    """A link to an SES target of another environment: another account's identity of this
    region imported by its ARN is linked (sending authorization), as is one of another
    region of this account, with a warning (the code must call that region's SES);
    anything else is a problem. Whether the link stands."""
    resource, path = link.resource, link.owner.node.path
    if imported_from_other_account(v.scope, resource):
        return True
    region = _imported_region(v, resource)
    if region is not None:
        Annotations.of(v.scope).add_warning_v2(
            OTHER_REGION_IDENTITY_WARNING,
            f"`{where}` links the email identity {path}, of region {region}, not this "
            f"stack's {Stack.of(v.scope).region}: SES identities are regional, and a client "
            "of the function's own region finds no "
            f"such identity, so its sends fail. Fix: send through {region}'s SES "
            f"(boto3.client('sesv2', region_name={region!r})), or verify the identity in "
            "this stack's region and link that one. If the code calls that region, "
            f"acknowledge '{OTHER_REGION_IDENTITY_WARNING}'.",
        )
        return True
    if not elsewhere.startswith("region"):  # another account's stack of this region
        v.add(
            where,
            f"is the {link.kind.name} {path}, in {elsewhere}: a value of another account's "
            "stack cannot be read here, and sending from another account's identity takes "
            "that account's sending authorization",
            "import the identity by its ARN (ses.EmailIdentity.from_email_identity_arn(self, "
            "'Sender', <its ARN>)), whose owner's identity policy allows the function's role",
        )
        return False
    v.add(
        where,
        f"is the {link.kind.name} {path}, in {elsewhere}: SES identities and configuration "
        "sets are regional (and a value of another environment's stack cannot be read "
        "here), so the function's SES client would find neither",
        "link an identity verified in this stack's region (an ses.EmailIdentity in a stack "
        "of this region); to send through another region's SES, import the identity by its "
        "ARN of this account: "
        "ses.EmailIdentity.from_email_identity_arn(self, 'Sender', <its ARN>)",
    )
    return False


def _imported_region(v: Validator, resource: Any) -> str | None:
    """The region of an identity imported by a literal ARN of this stack's account and
    another region, else None."""
    arn = getattr(resource, "email_identity_arn", None)
    if Resource.is_owned_resource(resource) or not isinstance(arn, str) or is_unresolved(arn):
        return None
    parts = arn.split(":")
    here = Stack.of(v.scope)
    if len(parts) < 6 or parts[4] != here.account or parts[3] == here.region:
        return None
    return parts[3]


def email_target_fix(target: object) -> str | None:
    """The fix for an SES value no link takes (an identity's name, an L1, a receipt rule
    set, a template), or None if ``target`` is none of them."""
    if isinstance(target, str):
        return _name_fix(target)
    types = jsii_types(target)
    if "aws-cdk-lib.aws_ses.CfnEmailIdentity" in types:
        shown = _literal(getattr(target, "email_identity", None))
        return (
            "link the identity as an ses.IEmailIdentity: ses.EmailIdentity(...) in place of "
            "the CfnEmailIdentity, or "
            f"ses.EmailIdentity.from_email_identity_name(self, 'Sender', {shown})"
        )
    if "aws-cdk-lib.aws_ses.CfnConfigurationSet" in types:
        return (
            "link it as an ses.IConfigurationSet: ses.ConfigurationSet(...) in place of the "
            "CfnConfigurationSet, or "
            "ses.ConfigurationSet.from_configuration_set_name(self, 'Tracking', <its name>)"
        )
    if "aws-cdk-lib.aws_ses.CfnTemplate" in types:
        shown = _literal(getattr(getattr(target, "template", None), "template_name", None))
        return (
            "link the identity the emails are sent from (an ses.EmailIdentity); no link "
            "grants a template: a templated send (SendEmail with Content.Template) is also "
            "authorized on the template's ARN, so grant that after construction, "
            "construct.function.add_to_role_policy(iam.PolicyStatement(actions="
            "['ses:SendEmail'], resources=[Stack.of(self).format_arn(service='ses', "
            f"resource='template', resource_name={shown})]))"
        )
    if any(t.startswith("aws-cdk-lib.aws_ses.") for t in types):
        return (
            "link the ses.EmailIdentity the function sends from (and an ses.ConfigurationSet "
            "the call names): a function sends email through that link; receiving (a "
            "ReceiptRuleSet's rules) invokes a function with ses_actions.Lambda, no link"
        )
    return None


def _literal(name: object) -> str:
    """A name known at synth as Python writes it, else a placeholder."""
    return repr(name) if isinstance(name, str) and not is_unresolved(name) else "<its name>"


def _name_fix(name: str) -> str | None:
    if name.startswith("arn:") and ":ses:" in name:  # before '@': an address's ARN has one
        resource, _, named = name.split(":", 5)[-1].partition("/")
        if resource == "configuration-set":
            return (
                "link the SES configuration set itself: "
                f"ses.ConfigurationSet.from_configuration_set_name(self, 'Tracking', {named!r})"
            )
        return (
            "link the SES identity itself, not its ARN: "
            f"ses.EmailIdentity.from_email_identity_arn(self, 'Sender', {name!r})"
        )
    if "@" in name:
        return (
            "link the SES identity itself, not its name: "
            f"ses.EmailIdentity.from_email_identity_name(self, 'Sender', {name!r})"
        )
    if _DOMAIN.fullmatch(name):
        return (
            "pass e.g. links=[worker, table]; for a domain verified in SES, link the "
            f"identity: ses.EmailIdentity.from_email_identity_name(self, 'Sender', {name!r})"
        )
    return None
