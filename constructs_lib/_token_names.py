"""Deploy-time values (tokens) named in messages by what they are: each encoding a text
quotes (``'${Token[TOKEN.16]}'``, ``-1.88e+289``) resolved in a construct's stack and
written as compact CloudFormation (``_token_text`` does the text; this module, the jsii)."""

from __future__ import annotations

from aws_cdk import CfnParameter, CfnResource, Reference, Stack, Tokenization
from constructs import IConstruct

from constructs_lib._token_text import (
    ENCODED_STRING,
    LogicalNames,
    Renderers,
    compact,
    has_encoding,
    named,
    unnamed,
)

__all__ = ["readable"]


def readable(text: str, scope: IConstruct | None) -> str:
    """``text`` with each deploy-time value it quotes by its encoding (``'${Token[TOKEN.16]}'``,
    ``['#{Token[TOKEN.1]}']``, ``-1.88e+289``) named by what it is, resolved in ``scope``'s
    stack: ``a deploy-time value (Fn::ImportValue "Shared")``, ``a string with a deploy-time
    value ("orders-{Ref Stage}")``; with no scope, ``a deploy-time value``."""
    if scope is None or not has_encoding(text):
        return unnamed(text)
    try:
        stack = Stack.of(scope)
    except RuntimeError:  # the App or a Stage: no stack to resolve in
        return unnamed(text)
    return named(text, _Resolved(stack))


class _Resolved(Renderers):
    """Names each token by its CloudFormation, resolved in ``stack``."""

    def __init__(self, stack: Stack) -> None:
        self._stack = stack

    def string(self, value: str) -> str | None:
        if ENCODED_STRING.fullmatch(value):
            return self._value(value)
        parts = ENCODED_STRING.split(value)
        text = parts[0]
        for encoding, literal in zip(ENCODED_STRING.findall(value), parts[1:], strict=True):
            text += "{" + (self._cfn(encoding) or "a deploy-time value") + "}" + literal
        return f'a string with a deploy-time value ("{text}")'

    def items(self, item: str) -> str | None:
        return self._value([item], "a deploy-time list")

    def number(self, value: float) -> str | None:
        try:
            token = Tokenization.reverse_number(value)
        except RuntimeError:
            return "a deploy-time value"
        return None if token is None else self._value(value)

    def _value(self, encoded: str | list[str] | float, kind: str = "a deploy-time value") -> str:
        cfn = self._cfn(encoded)
        return f"{kind} ({cfn})" if cfn else kind

    def _cfn(self, encoded: str | list[str] | float) -> str | None:
        """Compact CloudFormation of ``encoded``; None for a token this app does not know."""
        try:
            if isinstance(encoded, str):
                tokens: list[object] = list(Tokenization.reverse_string(encoded).tokens)
            else:
                tokens = [Tokenization.reverse(encoded)]
            names = self._logical_names(tokens)
        except RuntimeError:  # jsii: UnrecognizedTokenKey
            return None
        try:
            resolved = self._stack.resolve(encoded)
        except RuntimeError:  # a Lazy's Python producer, which jsii calls only at synth
            return "a Lazy value, resolved at synth"
        text = compact(resolved, names)
        if "Ref " in text or "Fn::" in text or names.ssm:
            return text
        return f"a Lazy value, now {text}"

    def _logical_names(self, tokens: list[object]) -> LogicalNames:
        """What the references among ``tokens`` point at, by logical ID: an SSM parameter
        (``value_for_string_parameter``) by its name, a resource by its construct path
        (without the L2's ``/Resource``)."""
        ssm: dict[str, str] = {}
        paths: dict[str, str] = {}
        for token in tokens:
            target = token.target if isinstance(token, Reference) else None
            if isinstance(target, CfnParameter) and target.type.startswith("AWS::SSM::"):
                ssm[self._stack.resolve(target.logical_id)] = f"the SSM parameter {target.default}"
            elif isinstance(target, CfnResource):
                path = target.node.path.removesuffix("/Resource")
                paths[self._stack.resolve(target.logical_id)] = path
        return LogicalNames(ssm=ssm, paths=paths)
