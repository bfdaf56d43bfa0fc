"""Deploy-time values (CDK tokens) in message text, found and named without aws-cdk-lib.

A message quotes a value as Python shows it; a token shows as its encoding
(``'${Token[TOKEN.16]}'``, ``['#{Token[TOKEN.1]}']``, ``-1.8881545897087626e+289``), which
names nothing the user wrote. :func:`named` replaces each encoding with what a renderer
says of it; :func:`compact` writes resolved CloudFormation (``{"Fn::ImportValue":
"Shared"}``) as a message names it (``Fn::ImportValue "Shared"``). ``_token_names.readable``
renders them resolved in a stack; without one (``Problem``'s safety net) each is "a
deploy-time value". Pure logic: no aws_cdk import, so ``errors`` stays cheap.
"""

from __future__ import annotations

import ast
import json
import re
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ENCODED_STRING",
    "TOKEN_MARKER",
    "LogicalNames",
    "Renderers",
    "compact",
    "has_encoding",
    "is_encoded_token",
    "is_number_token",
    "named",
    "unnamed",
]

#: What every token encoded in a string holds (``${Token[...]}``, a list's ``#{Token[...]}``).
TOKEN_MARKER = "{Token["
#: One string token's encoding (``${Token[TOKEN.16]}``, ``${Token[AWS.Region.10]}``).
ENCODED_STRING = re.compile(r"\$\{Token\[[^\]\s]+\]\}")
_ENCODED_ITEM = r"#\{Token\[[^\]\s]+\]\}"
#: A number token: a double near -1.9e289, whose top 16 bits are CDK's marker.
_NUMBER = r"-\d\.\d+e\+289"
_NUMBER_MARKER = 0xFBFF
#: A character of a URL or name an encoding is written into (a dot only inside it).
_WORD = r"(?:[\w/:\-]|\.(?=[\w/]))"
#: In order: a list token's repr, a quoted string holding a token (its opening quote not
#: an apostrophe: no word character before it), a bare encoding with the word it is in
#: (``https://${Token[TOKEN.7]}.execute-api``), a number token.
_FOUND = re.compile(
    rf"(?P<list>\['(?P<item>{_ENCODED_ITEM})'\])"
    rf"|(?P<quoted>(?<!\w)(?P<q>['\"])(?:(?!(?P=q))[^\\\n]|\\.)*?"
    rf"(?:{ENCODED_STRING.pattern}|{_ENCODED_ITEM})(?:(?!(?P=q))[^\\\n]|\\.)*(?P=q))"
    rf"|(?P<bare>{_WORD}*(?:{ENCODED_STRING.pattern}|{_ENCODED_ITEM}){_WORD}*)"
    rf"|(?<![\w.])(?P<number>{_NUMBER})(?![\w.])"
)


class Renderers:
    """How :func:`named` names each kind of encoding it finds (the phrase that replaces it)."""

    def string(self, value: str) -> str | None:
        """A string holding one or more tokens (``'orders-${Token[...]}'``)."""
        return "a string with a deploy-time value" if _literal_parts(value) else _VALUE

    def items(self, item: str) -> str | None:
        """A list token, by its one encoded item (``#{Token[TOKEN.1]}``): a whole list,
        whose items are known only at deploy."""
        return _LIST

    def number(self, value: float) -> str | None:
        """A number token (None: it is a plain number after all)."""
        return _VALUE


_VALUE = "a deploy-time value"
_LIST = "a deploy-time list"


def has_encoding(text: str) -> bool:
    """Whether ``text`` quotes a deploy-time value by its encoding."""
    return TOKEN_MARKER in text or re.search(_NUMBER, text) is not None


def named(text: str, renderers: Renderers) -> str:
    """``text`` with each token's encoding replaced by the phrase ``renderers`` give it."""
    if not has_encoding(text):
        return text

    def replace(match: re.Match[str]) -> str:
        if match.group("list"):
            phrase = renderers.items(match.group("item"))
        elif match.group("quoted"):
            phrase = _quoted(match.group("quoted"), renderers)
        elif match.group("bare"):
            bare = match.group("bare")
            phrase = renderers.items(bare) if bare.startswith("#") else renderers.string(bare)
        elif is_number_token(number := float(match.group("number"))):
            phrase = renderers.number(number)
        else:
            phrase = None
        return match.group(0) if phrase is None else phrase

    return _FOUND.sub(replace, text)


def is_number_token(value: float) -> bool:
    """Whether ``value`` is a number token's encoding (its bits, as CDK marks them)."""
    bits: int = struct.unpack("<Q", struct.pack("<d", value))[0]
    return bits >> 48 == _NUMBER_MARKER


# aws-cdk-lib's own test of a string or list (core/lib/private/encoding.ts, unresolved(),
# which Token.is_unresolved is): a string holding "Token[" and a string token's encoding
# or a stringified number token; a list of one item, a list token's encoding. In ASCII
# classes, as JavaScript's \d is.
_ANY_TOKEN_MARKER = "Token["
_STRING_TOKEN = re.compile(r"\$\{Token\[[a-zA-Z0-9:._-]+\]\}|-1\.[0-9]{10,16}e\+289")
_LIST_TOKEN = re.compile(r"#\{Token\[[a-zA-Z0-9:._-]+\]\}")


def is_encoded_token(value: str | list[str]) -> bool:
    """``Token.is_unresolved(value)`` of a string or a list of strings, answered without a
    round trip to the jsii kernel."""
    if isinstance(value, str):
        return _ANY_TOKEN_MARKER in value and _STRING_TOKEN.search(value) is not None
    return len(value) == 1 and _LIST_TOKEN.search(value[0]) is not None


def literal_text(text: str) -> str:
    """``text`` without its deploy-time values' encodings: what a length rule can count
    (``f"nightly {stage}"`` is at least 8 characters, whatever ``stage`` is)."""
    return _STRING_TOKEN.sub("", text)


def unnamed(text: str) -> str:
    """``text`` with each token named "a deploy-time value", where no stack is at hand."""
    return named(text, Renderers())


def _quoted(quoted: str, renderers: Renderers) -> str | None:
    try:
        value = ast.literal_eval(quoted)
    except (ValueError, SyntaxError):
        return None
    if not isinstance(value, str):
        return None
    if re.fullmatch(_ENCODED_ITEM, value):
        return renderers.items(value)
    return renderers.string(value)


def _literal_parts(value: str) -> bool:
    return bool(ENCODED_STRING.sub("", value))


# --- resolved CloudFormation, compactly


@dataclass(frozen=True)
class LogicalNames:
    """How a message names what a logical ID stands for: an SSM parameter by its name, a
    resource by its construct path (``Test/Uploads``: the hash of ``Uploads4F6EB0FD``
    names nothing the user wrote); else the logical ID itself."""

    ssm: Mapping[str, str] = field(default_factory=dict)  # "the SSM parameter /app/x"
    paths: Mapping[str, str] = field(default_factory=dict)

    def ref(self, logical_id: str) -> str:
        return self.ssm.get(logical_id) or f"Ref {self.paths.get(logical_id, logical_id)}"

    def get_att(self, logical_id: str, attribute: object) -> str:
        return f"Fn::GetAtt {self.paths.get(logical_id, logical_id)}.{attribute}"


def compact(value: Any, names: LogicalNames | None = None) -> str:
    """Resolved CloudFormation as a message names it: ``Ref Stage``, ``Fn::GetAtt
    Test/Uploads.Arn``, ``Fn::ImportValue "Shared"``, a joined string as ``"orders-{Ref
    Stage}"``; ``names`` says what each logical ID is (by default, itself)."""
    names = names or LogicalNames()
    if isinstance(value, dict) and len(value) == 1:
        ((key, arg),) = value.items()
        if key == "Ref" and isinstance(arg, str):
            return names.ref(arg)
        if key == "Fn::GetAtt" and isinstance(arg, list) and len(arg) == 2:
            return names.get_att(str(arg[0]), arg[1])
        if key == "Fn::Join" and isinstance(arg, list) and len(arg) == 2 and arg[0] == "":
            return json.dumps(joined(arg[1], names), ensure_ascii=False)
        if key.startswith("Fn::") or key == "Condition":
            args = arg if isinstance(arg, list) else [arg]
            return " ".join([key, *(_argument(a, names) for a in args)])
    if isinstance(value, list):
        return "[" + ", ".join(compact(item, names) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def joined(parts: Any, names: LogicalNames | None = None) -> str:
    """The parts of a string joined with deploy-time values in it: ``orders-{Ref Stage}``."""
    if not isinstance(parts, list):
        return "{" + compact(parts, names) + "}"
    return "".join(p if isinstance(p, str) else "{" + compact(p, names) + "}" for p in parts)


def _argument(value: Any, names: LogicalNames) -> str:
    text = compact(value, names)
    nested = isinstance(value, dict) and len(value) == 1 and not text.startswith('"')
    return f"({text})" if nested else text
