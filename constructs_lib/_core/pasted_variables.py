"""Values pasted from a ``serverless.yml`` or a CloudFormation YAML template
(``${ssm:/orders/key}``, ``${self:custom.tableName}``, ``!Ref OrdersQueue``), which no
tool resolves here: a function's environment (the function would read the text itself),
a ScheduledJob's ``payload`` (a ``schedule`` event's ``input``: the run gets the text) and
an EventHandler's ``event_pattern`` (an ``eventBridge`` event's ``pattern``, which README
says to paste as it is: the rule would match the text, never an event). Each with the
library's way to get the value. Pure logic, no aws_cdk import."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from constructs_lib._core.sub_placeholders import sub_placeholder_fix

__all__ = ["pasted_variable_fix", "pasted_variables_in"]

# the Serverless Framework's variable sources (v3 and v4) and the CloudFormation YAML
# tags: a CDK token is "${Token[...]}", which none of these match. Its `aws` source has two
# variables only: any other ${aws:...} is an IAM policy variable (${aws:username}), which
# a function may hold in a policy it writes. A source's ':' followed by '-', '=', '?', '+',
# a digit or a space is a shell's parameter expansion of a variable of that name
# (${env:-dev}, ${self:=x}, ${opt:1:3}, in a command the function runs), which no
# Serverless Framework variable is: its ':' is followed by the name, path or key read
_SERVERLESS = re.compile(
    r"\$\{(?:(?P<source>self|opt|sls|ssm|env|cf|s3|param|file|git|strToBool)"
    r"(?:\(|:(?![-=?+\d\s]))"
    r"|(?P<aws>aws):(?:accountId|region)\})"
)
_YAML_TAG = re.compile(
    r"^\s*!(?P<tag>Ref|GetAtt|Sub|Join|ImportValue|Select|Split|FindInMap|If|Base64|GetAZs)\b"
)

_BY_SOURCE = {
    "ssm": (
        "link the parameter, whose name the variable then holds, and read it at run time: "
        "Link.read(ssm.StringParameter.from_string_parameter_name(self, 'Name', '<name>'), "
        "env='<NAME>') (a SecureString imported with from_secure_string_parameter_attributes, "
        "read WithDecryption=True); or pass "
        "ssm.StringParameter.value_for_string_parameter(self, '<name>') (a String parameter's "
        "value, read at deploy time)"
    ),
    "opt": "pass the stage from your app (a Stack argument, or -c stage=... read with "
    "self.node.try_get_context('stage'))",
    "sls": "pass the stage from your app (a Stack argument, or -c stage=... read with "
    "self.node.try_get_context('stage'))",
    "self": (
        "pass the value itself from your app's code (a per-stage dict of settings), or "
        "link the resource it names (Handler(links=[Link.read_write(table, env=...)]))"
    ),
    "env": "pass os.environ['<NAME>'] (read where cdk synth runs)",
    "aws": "pass cdk.Aws.ACCOUNT_ID or cdk.Aws.REGION (or the stack's self.account, self.region)",
    "cf": "pass the other stack's value: a link, or cdk.Fn.import_value('<export name>')",
    "file": "pass the value read in Python (json.loads(Path(...).read_text())[...])",
}
_OTHER = "pass the value itself, computed in your app's Python code"
# outside an environment there is no link to make: the value itself, or the attribute
_IN_VALUES = {
    "ssm": "pass ssm.StringParameter.value_for_string_parameter(self, '<name>') (a String "
    "parameter, read at deploy time)",
    "self": "pass the value itself from your app's code (a per-stage dict of settings, or "
    "the resource's attribute, e.g. table.table_name)",
}
_TAG_FIX = (
    "pass the resource's attribute (e.g. queue.queue_url), or link the resource "
    "(Handler(links=[...]): its name and access in one)"
)
_TAG_FIX_IN_VALUES = "pass the resource's attribute (e.g. queue.queue_arn)"


def pasted_variable_fix(
    value: str, reader: str = "the function would read it as text", *, links: bool = True
) -> tuple[str, str] | None:
    """(what it is, the fix) when ``value`` holds a ``serverless.yml`` variable, starts
    with a CloudFormation YAML tag or holds a ``!Sub`` placeholder, else None. ``reader``:
    what would then happen to the text; ``links``: whether the fix may be a Handler's link
    (an environment's value)."""
    if match := _SERVERLESS.search(value):
        source = match["source"] or match["aws"]
        fixes = _BY_SOURCE if links else {**_BY_SOURCE, **_IN_VALUES}
        return (
            f"a Serverless Framework variable (${{{source}:...}}) that nothing resolves "
            f"here: {reader}",
            fixes.get(source, _OTHER),
        )
    if match := _YAML_TAG.match(value):
        return (
            f"a CloudFormation YAML tag (!{match['tag']}) as text: {reader}",
            _TAG_FIX if links else _TAG_FIX_IN_VALUES,
        )
    # a !Sub body without its tag: "arn:aws:s3:::${AWS::AccountId}-uploads"
    if (placeholder := sub_placeholder_fix(value, links=links)) is not None:
        return f"{placeholder[0]}: {reader}", placeholder[1]
    return None


def pasted_variables_in(
    value: object, reader: str, where: str = ""
) -> Iterator[tuple[str, str, str]]:
    """``(where, what, fix)`` for each string of ``value`` (nested dicts and lists, ``where``
    their path, as ``['key'][0]``) holding a pasted variable (:func:`pasted_variable_fix`,
    no link offered): a payload's or an event pattern's. A dict's keys too, named at the
    dict's path: ``{"${opt:stage}": ...}`` (a serverless.yml ``input`` keyed by the stage)
    reaches the run as that text as surely as a value does."""
    if isinstance(value, str):
        if (pasted := pasted_variable_fix(value, reader, links=False)) is not None:
            yield where, f"has {value!r}, {pasted[0]}", pasted[1]
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(key, str) and (pasted := pasted_variable_fix(key, reader, links=False)):
                yield where, f"has the key {key!r}, {pasted[0]}", pasted[1]
            yield from pasted_variables_in(item, reader, f"{where}[{key!r}]")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from pasted_variables_in(item, reader, f"{where}[{index}]")
