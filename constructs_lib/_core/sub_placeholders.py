"""A SAM or CloudFormation ``!Sub`` body pasted without its tag: ``${AWS::Region}`` or
``${OrdersQueue.Arn}`` in a string, which only CloudFormation's ``Fn::Sub`` replaces. Given
as a function's variable (a ScheduledJob's ``payload``, an EventHandler's pattern), it
reaches the code as that text. The fix is the same value built in Python, each placeholder
a deploy-time value in its place. Pure logic, no aws_cdk import."""

from __future__ import annotations

import re

__all__ = ["sub_placeholder_fix"]

# A pseudo parameter (${AWS::Region}: '::' is no shell's or string.Template's syntax) or a
# resource's attribute (${OrdersQueue.Arn}, ${Db.Endpoint.Address}: CloudFormation's
# attribute names start with a capital, as no Spring-style `${db.url}` property's do). A
# plain ${Name} is left alone: string.Template and shells write variables so. A CDK token's
# text, ${Token[...]}, matches neither.
_PLACEHOLDER = re.compile(
    r"\$\{(?:AWS::(?P<pseudo>[A-Za-z]+)"
    r"|(?P<resource>[A-Za-z][A-Za-z0-9]*)\.(?P<attribute>[A-Z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)?))\}"
)
# Every ${...} of a value that has one of those: its plain ${Name}s are Fn::Sub's too
_ANY = re.compile(r"\$\{(?P<name>[A-Za-z][A-Za-z0-9:.]*)\}")
_PSEUDO = {
    "AccountId": "ACCOUNT_ID",
    "NotificationARNs": "NOTIFICATION_ARNS",
    "NoValue": "NO_VALUE",
    "Partition": "PARTITION",
    "Region": "REGION",
    "StackId": "STACK_ID",
    "StackName": "STACK_NAME",
    "URLSuffix": "URL_SUFFIX",
}


def sub_placeholder_fix(value: str, *, links: bool = True) -> tuple[str, str] | None:
    """(what it is, the fix) when ``value`` holds a ``!Sub`` placeholder, else None;
    ``links``: whether the fix may be a Handler's link (an environment's value)."""
    found = _PLACEHOLDER.search(value)
    if found is None:
        return None
    names = [match["name"] for match in _ANY.finditer(value)]
    resources = sorted({name.partition(".")[0] for name in names if not name.startswith("AWS::")})
    whole = _ANY.fullmatch(value)  # the value is one placeholder: its value as it is
    fix = f"pass {_replacement(whole['name'])}" if whole else f"pass f{_as_f_string(value)!r}"
    if resources:
        fix += (
            f", each <...> the attribute of the resource you made for {', '.join(resources)} "
            "(e.g. queue.queue_arn, table.table_name)"
        )
        if links:
            fix += ", or link the resource (Handler(links=[...]): its name and access in one)"
    return (
        f"a CloudFormation !Sub placeholder ({found[0]}) that nothing replaces here (SAM's "
        "!Sub did)",
        fix + ": CloudFormation fills in each value at deploy time",
    )


def _as_f_string(value: str) -> str:
    """``value`` as the body of a Python f-string, each placeholder a value in braces."""
    parts: list[str] = []
    end = 0
    for match in _ANY.finditer(value):
        parts.append(_escaped(value[end : match.start()]))
        parts.append("{" + _replacement(match["name"]) + "}")
        end = match.end()
    parts.append(_escaped(value[end:]))
    return "".join(parts)


def _replacement(name: str) -> str:
    if name.startswith("AWS::"):
        pseudo = _PSEUDO.get(name[len("AWS::") :])
        return f"cdk.Aws.{pseudo}" if pseudo else f"<{name}>"
    resource, _, attribute = name.partition(".")
    return f"<{resource}'s {attribute}>" if attribute else f"<{resource}>"


def _escaped(text: str) -> str:
    """Literal text in an f-string: its braces doubled."""
    return text.replace("{", "{{").replace("}", "}}")
