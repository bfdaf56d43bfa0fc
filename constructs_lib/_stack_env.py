"""A stack's ``env`` as written, where the library's first construct goes: an account or
region from an environment variable that is set but empty (``CDK_DEFAULT_ACCOUNT=`` in a
CI job), or with a stray space, reached aws-cdk-lib as ``""``: the construct's asset then
failed as a jsii trace about an S3 bucket name (``cdk-hnb659fds-assets--``), or the synth
as "Unable to parse environment specification", neither naming the stack's ``env``."""

from __future__ import annotations

import re

from aws_cdk import Stack

from constructs_lib._facts import env_of
from constructs_lib._identity_map import IdentitySet
from constructs_lib._jsii import is_unresolved
from constructs_lib.errors import ConstructError, Problem

__all__ = ["check_stack_environment"]

# an AWS account ID is 12 digits; a region's name is lowercase words and a number joined by
# dashes (us-gov-west-1, eusc-de-east-1): 'eu-west1' (a typo) and 'eu-west-1a' (an
# availability zone, from a subnet's settings) passed aws-cdk-lib and failed the deploy,
# whose bootstrap lookup finds no such region
_RULES = {
    "account": (re.compile(r"[0-9]{12}"), "an AWS account ID is 12 digits"),
    "region": (
        re.compile(r"[a-z]+(?:-[a-z]+)+-[0-9]+"),
        "an AWS region's name is lowercase words and a number joined by dashes (eu-west-1)",
    ),
}
_ZONE = re.compile(r"([a-z]+(?:-[a-z]+)+-[0-9]+)[a-z]")


def check_stack_environment(stack: Stack) -> None:
    """Raises a ConstructError naming ``stack``'s account or region that no AWS
    environment has (an environment-agnostic stack's, a token, passes). A stack that
    passed is not asked again: its env is fixed when it is made."""
    if stack in _PASSED:
        return
    problems = []
    for what, value in zip(("account", "region"), env_of(stack), strict=True):
        pattern, rule = _RULES[what]
        if is_unresolved(value) or pattern.fullmatch(value):
            continue
        zone = _ZONE.fullmatch(value) if what == "region" else None
        if zone is not None:
            problems.append(
                Problem(
                    stack.node.path,
                    "env.region",
                    f"is {value!r}, an availability zone of the region {zone[1]}, not a region",
                    f"pass env=cdk.Environment(region={zone[1]!r}, ...)",
                )
            )
            continue
        problems.append(
            Problem(
                stack.node.path,
                f"env.{what}",
                f"is {value!r}; {rule}"
                + (" (an environment variable set but empty?)" if not value.strip() else ""),
                f"pass the {what} (env=cdk.Environment({what}=os.environ.get(...) or None) keeps "
                "an unset or empty variable out), or leave env out for an environment-agnostic "
                "stack",
            )
        )
    if problems:
        raise ConstructError(problems)
    _PASSED.add(stack)


#: The stacks whose env passed (each of the stack's constructs asked: four round trips).
_PASSED = IdentitySet()
