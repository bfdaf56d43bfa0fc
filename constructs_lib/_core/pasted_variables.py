"""Environment values pasted from a ``serverless.yml`` or a CloudFormation YAML template
(``${ssm:/orders/key}``, ``${self:custom.tableName}``, ``!Ref OrdersQueue``), which no
tool resolves here: the function would read the text itself. Each with the library's way
to get the value. Pure logic, no aws_cdk import."""

from __future__ import annotations

import re

__all__ = ["pasted_variable_fix"]

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
        "pass ssm.StringParameter.value_for_string_parameter(self, '<name>') (a String "
        "parameter, read at deploy time); a SecureString is no variable: link a Secrets "
        "Manager secret and read it at run time (links=[secret])"
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


def pasted_variable_fix(value: str) -> tuple[str, str] | None:
    """(what it is, the fix) when ``value`` holds a ``serverless.yml`` variable or starts
    with a CloudFormation YAML tag, else None."""
    if match := _SERVERLESS.search(value):
        source = match["source"] or match["aws"]
        return (
            f"a Serverless Framework variable (${{{source}:...}}) that nothing resolves "
            "here: the function would read it as text",
            _BY_SOURCE.get(source, _OTHER),
        )
    if match := _YAML_TAG.match(value):
        return (
            f"a CloudFormation YAML tag (!{match['tag']}) as text: the function would read "
            "it as it is",
            "pass the resource's attribute (e.g. queue.queue_url), or link the resource "
            "(Handler(links=[...]): its name and access in one)",
        )
    return None
