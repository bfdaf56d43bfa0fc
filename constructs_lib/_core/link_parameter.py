"""SSM Parameter Store links: a function reads a String, StringList or SecureString
parameter at run time, by the name (or ARN) its variable holds, never by its value (a
SecureString's value in an environment would be readable by anyone who may read the
function's configuration).

aws-cdk-lib's ``grant_read`` also grants ``ssm:DescribeParameters``, which IAM authorizes
on ``*`` only (on a parameter's ARN it allows nothing), and ``ssm:GetParameterHistory``,
every earlier value of the parameter (a rotated SecureString's old ones): reading the
parameter needs neither. The link grants ``ssm:GetParameter`` and ``ssm:GetParameters``
on the parameter's exact ARN, and its key's ``kms:Decrypt`` as ``grant_read`` does
(aws-cdk-lib's own key grant, which drops it for the AWS managed key ``aws/ssm``, whose
key policy lets the account's principals decrypt through SSM already).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import IConstruct

from constructs_lib._env import imported_from_other_account
from constructs_lib._jsii import is_unresolved
from constructs_lib._token_text import ENCODED_STRING
from constructs_lib._validation import Validator

if TYPE_CHECKING:
    from constructs_lib._core.links import ResolvedLink

__all__ = [
    "check_parameter_name",
    "grant_read_parameter",
    "parameter_variable",
    "parameter_wildcard",
    "parameter_write_refusal",
]

_ACTIONS = ["ssm:GetParameter", "ssm:GetParameters"]
# what IAM reads as a pattern in a resource ARN; no parameter name holds either (names are
# letters, digits, '.', '-', '_' and '/'), so a name with one stands for many parameters
_WILDCARDS = re.compile(r"[*?]")


def grant_read_parameter(resource: Any, function: lambda_.Function) -> None:
    """``ssm:GetParameter(s)`` on the parameter's ARN, and ``kms:Decrypt`` on its key."""
    function.add_to_role_policy(
        iam.PolicyStatement(actions=_ACTIONS, resources=[resource.parameter_arn])
    )
    # the key an import was given (from_secure_string_parameter_attributes(encryption_key=))
    # is no attribute of IStringParameter: aws-cdk-lib's own key grant reaches it
    encrypted = iam.EncryptedResources.of(resource)
    if encrypted is not None:
        encrypted.grant_on_key(function, "kms:Decrypt")


def parameter_variable(scope: IConstruct, resource: Any) -> str:
    """What the variable holds: the parameter's name, or its ARN, which GetParameter takes
    too, for a parameter another account shares (GetParameter must be given its ARN), for
    one imported by ARN into an environment-agnostic stack (whose account is unknown), and
    for one imported by an ARN of a path (``StringParameter.from_string_parameter_arn``
    names it after the path's last segment only: ``key`` for ``parameter/orders/dev/key``)."""
    arn, name = resource.parameter_arn, resource.parameter_name
    if imported_from_other_account(scope, resource) or not _named_by(arn, name):
        return str(arn)
    if _written(arn) and is_unresolved(Stack.of(scope).account):
        # an environment-agnostic stack builds its parameters' ARNs with a token account:
        # one written out was imported by it, maybe another account's (unknown here)
        return str(arn)
    return str(name)


def _written(arn: object) -> bool:
    return isinstance(arn, str) and not is_unresolved(arn) and arn.startswith("arn:")


def _named_by(arn: object, name: object) -> bool:
    """``arn`` is the one aws-cdk-lib builds from ``name`` (``parameter`` + a path,
    ``parameter/`` + a simple name), or either is known only at deploy."""
    if not _written(arn) or not isinstance(name, str) or is_unresolved(name):
        return True
    return str(arn).split(":", 5)[-1] in (f"parameter{name}", f"parameter/{name}")


def parameter_wildcard(resource: Any) -> str | None:
    """The name (or ARN) of ``resource`` when its written parts hold an IAM wildcard, which
    would grant every parameter it matches (``/orders/*``); None otherwise."""
    for text in (resource.parameter_name, resource.parameter_arn):
        # the parts written around the tokens (f"/orders/{stage}/*"): a token's value is
        # the deploy's, unknown here
        if isinstance(text, str) and _WILDCARDS.search(ENCODED_STRING.sub("", text)):
            return str(text)
    return None


def parameter_write_refusal(shown: str, path: str) -> tuple[str, str]:
    """(what is wrong, the fix) for a link that would write the parameter ``path``."""
    return (
        f"is {shown} of the parameter {path}; a parameter link only reads (GetParameter): "
        "a function's configuration is written by the app or by whoever manages it, and a "
        "function that may rewrite it can change what every other function reads",
        "use Link.read(parameter) (or the parameter itself); to write it at run time, grant "
        "ssm:PutParameter on its ARN after construction: "
        "construct.function.add_to_role_policy(iam.PolicyStatement("
        "actions=['ssm:PutParameter'], resources=[parameter.parameter_arn]))",
    )


def check_parameter_name(v: Validator, link: ResolvedLink, where: str) -> bool:
    """Adds a problem when the parameter's name holds an IAM wildcard, or is a name no
    parameter has; whether it does not."""
    pattern = parameter_wildcard(link.resource)
    if pattern is None and (problem := _name_problem(link.resource.parameter_name)):
        return v.check(
            False,
            where,
            f"is the parameter {link.owner.node.path}, named {link.resource.parameter_name!r}, "
            f"{problem}: no parameter has such a name, so every GetParameter would fail",
            "import the parameter by its name as SSM shows it, e.g. "
            "ssm.StringParameter.from_string_parameter_name(self, 'ApiKey', '/orders/dev/api-key')",
        )
    return v.check(
        pattern is None,
        where,
        f"is the parameter {link.owner.node.path}, named {pattern!r}, with '*' or '?', "
        "which no parameter's name holds and IAM reads as a wildcard: the grant would "
        "cover every parameter the pattern matches (a whole hierarchy), and the variable "
        "would name none the function could read",
        "link each parameter the function reads by its own name, e.g. "
        "ssm.StringParameter.from_string_parameter_name(self, 'ApiKey', '/orders/dev/api-key')",
    )


# SSM's naming constraints (PutParameter's Name): letters, digits, '_', '.', '-' and the '/'
# of a hierarchy at most 15 levels deep; an import takes any text, and aws-cdk-lib checks
# only the name of a parameter it creates
_NAME_CHARACTERS = re.compile(r"[A-Za-z0-9_./-]*")
_MAX_LEVELS = 15


def _name_problem(name: object) -> str | None:
    """What makes the written parts of ``name`` no parameter's name; None if nothing does."""
    if not isinstance(name, str):
        return None
    written = ENCODED_STRING.sub("", name)
    bad = sorted(set(_NAME_CHARACTERS.sub("", written)))
    if bad:
        return (
            f"with {', '.join(map(repr, bad))} (a name holds letters, digits, '_', '.', '-', '/')"
        )
    levels = len([part for part in name.split("/") if part])
    if written == name and levels > _MAX_LEVELS:
        return f"{levels} levels deep (SSM takes at most {_MAX_LEVELS})"
    return None
