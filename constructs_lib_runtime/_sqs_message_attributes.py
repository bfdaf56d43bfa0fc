"""A message's own attributes (SendMessage's ``MessageAttributes``) as Lambda hands them to
a QueueWorker's function in an SQS record (``messageAttributes``, camel-cased, with the
``md5OfMessageAttributes`` SQS computes), for ``sqs_record(message_attributes=...)``.

Given as Python values (``"web"`` a String, ``3`` or ``Decimal("2.5")`` a Number, bytes a
Binary) or as the sender wrote them for boto3 (``{"DataType": "Number.cents",
"StringValue": "250"}``), so a test can reuse the producer's dict."""

from __future__ import annotations

import base64
import hashlib
import math
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from constructs_lib_runtime._event_checks import SQS_REFUSED
from constructs_lib_runtime._kinds import kind_of

__all__ = ["record_attributes"]

_CALL = "sqs_record"
_MAX_ATTRIBUTES = 10  # SendMessage refuses more
# a name: letters, digits, '_', '-', '.', up to 256; not starting or ending with '.', no
# '..', and not AWS's own prefixes (SendMessage's rules)
_NAME = re.compile(r"(?!\.)(?!.*\.\.)[A-Za-z0-9_.-]{1,256}(?<!\.)")
_RESERVED = ("aws.", "amazon.")
_TYPE = re.compile(r"(String|Number|Binary)(\.[\x21-\x7e]+)?")
_MAX_DIGITS = 38  # a Number's precision
# a Number's text in ASCII digits: Decimal() also reads ' 1 ', '1_000' and other scripts'
# digits ('٣'), which SendMessage refuses
_NUMBER_TEXT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_EXAMPLE = "message_attributes={'channel': 'web', 'attempt': 2}"


def record_attributes(given: object) -> tuple[dict[str, Any], str | None, int]:
    """The record's ``messageAttributes``, its ``md5OfMessageAttributes`` (None without
    attributes: the record then has none) and their size as SQS counts it toward the
    message's (names, types and values)."""
    if given is None:
        return {}, None, 0
    if not isinstance(given, Mapping):
        raise TypeError(
            f"{_CALL}: message_attributes is {kind_of(given)}; it is a dict of the "
            f"attributes by name. Fix: pass a dict, e.g. {_EXAMPLE}"
        )
    if len(given) > _MAX_ATTRIBUTES:
        raise ValueError(
            f"{_CALL}: message_attributes has {len(given)} attributes; SQS takes at most "
            f"{_MAX_ATTRIBUTES} on a message, so no function is ever invoked with more. Fix: "
            "keep the ones the handler reads (or put the rest into the body)"
        )
    typed = {_name(name): _typed(name, value) for name, value in given.items()}
    attributes: dict[str, Any] = {}
    digest, size = b"", 0
    for name in sorted(typed):  # SQS's digest takes them in name order
        data_type, value = typed[name]
        if isinstance(value, bytes):
            raw, kind, shown = value, b"\x02", {"binaryValue": base64.b64encode(value).decode()}
        else:
            raw, kind, shown = value.encode(), b"\x01", {"stringValue": value}
        attributes[name] = {
            **shown,
            "stringListValues": [],
            "binaryListValues": [],
            "dataType": data_type,
        }
        digest += _length_prefixed(name.encode()) + _length_prefixed(data_type.encode())
        digest += kind + _length_prefixed(raw)
        size += len(name.encode()) + len(data_type.encode()) + len(raw)
    md5 = hashlib.md5(digest, usedforsecurity=False).hexdigest() if attributes else None
    return attributes, md5, size


def _length_prefixed(part: bytes) -> bytes:
    return len(part).to_bytes(4, "big") + part


def _name(name: object) -> str:
    if not isinstance(name, str):
        raise TypeError(
            f"{_CALL}: message_attributes has the name {name!r}, {kind_of(name)}; "
            f"names are strings. Fix: name them with str, e.g. {_EXAMPLE}"
        )
    if not _NAME.fullmatch(name) or name.lower().startswith(_RESERVED):
        raise ValueError(
            f"{_CALL}: message_attributes name {name!r} is none SQS takes: 1 to 256 letters, "
            "digits, '_', '-' and '.' (not first or last, never two in a row), not starting "
            "with 'AWS.' or 'Amazon.'. Fix: rename it, e.g. "
            f"{re.sub(r'[^A-Za-z0-9_-]+', '_', name).strip('_')[:256] or 'channel'!r}"
        )
    return name


def _typed(name: str, value: object) -> tuple[str, str | bytes]:
    """The attribute's data type and its value (text, or bytes for a Binary)."""
    where = f"message_attributes[{name!r}]"
    if isinstance(value, Mapping):
        return _as_sent(where, value)
    if isinstance(value, bool):
        raise TypeError(
            f"{_CALL}: {where} is {value!r}; SQS has no boolean attributes. Fix: send it as "
            f"the sender does, e.g. {str(value).lower()!r} (a String) or {int(value)} (a Number)"
        )
    if isinstance(value, str):
        return "String", _text(where, value)
    if isinstance(value, int | float | Decimal):
        return "Number", _number(where, value)
    if isinstance(value, bytes | bytearray):
        return "Binary", _binary(where, bytes(value))
    raise TypeError(
        f"{_CALL}: {where} is {kind_of(value)}; an attribute is a str (String), a "
        "number (Number), bytes (Binary) or boto3's {'DataType': ..., 'StringValue': ...}. "
        f"Fix: send it as text, e.g. {where}=json.dumps(value), or put it into the body"
    )


def _as_sent(where: str, value: Mapping[Any, Any]) -> tuple[str, str | bytes]:
    """boto3's form: ``DataType`` with ``StringValue`` (String, Number) or ``BinaryValue``."""
    data_type = value.get("DataType")
    if not isinstance(data_type, str) or not _TYPE.fullmatch(data_type) or len(data_type) > 256:
        raise ValueError(
            f"{_CALL}: {where}['DataType'] is {data_type!r}; SQS takes 'String', 'Number' or "
            "'Binary', each with an optional custom label ('Number.cents'). Fix: pass "
            f"one, e.g. {where}={{'DataType': 'String', 'StringValue': 'web'}}"
        )
    binary = data_type.startswith("Binary")
    key, other = ("BinaryValue", "StringValue") if binary else ("StringValue", "BinaryValue")
    extra = sorted(set(map(str, value)) - {"DataType", key})
    if key not in value or extra:
        raise ValueError(
            f"{_CALL}: {where} is a {data_type} attribute with "
            f"{'keys ' + ', '.join(extra) if extra else 'no ' + key}; a {data_type.split('.')[0]} "
            f"carries its value in {key}{' (not ' + other + ')' if other in extra else ''}. Fix: "
            f"pass {where}={{'DataType': {data_type!r}, {key!r}: ...}}"
        )
    given = value[key]
    if binary:
        if not isinstance(given, bytes | bytearray):
            raise TypeError(
                f"{_CALL}: {where}['BinaryValue'] is {kind_of(given)}; boto3 takes bytes "
                "(it base64-encodes them). Fix: pass the bytes, e.g. b'...'"
            )
        return data_type, _binary(where, bytes(given))
    if not isinstance(given, str):
        raise TypeError(
            f"{_CALL}: {where}['StringValue'] is {kind_of(given)}; SQS takes text (a "
            f"Number's too). Fix: pass {where}['StringValue']=str(value)"
        )
    if data_type.startswith("Number"):
        try:
            number = Decimal(given) if _NUMBER_TEXT.fullmatch(given) else Decimal("NaN")
        except InvalidOperation:
            number = Decimal("NaN")
        return data_type, _number(where, number, shown=given)
    return data_type, _text(where, given)


def _text(where: str, value: str) -> str:
    if not value:
        raise ValueError(
            f"{_CALL}: {where} is ''; SQS refuses an attribute without a value. Fix: leave "
            "the attribute out, or give it the value the sender sends"
        )
    refused = SQS_REFUSED.search(value)
    if refused is not None:
        raise ValueError(
            f"{_CALL}: {where} holds {refused.group()!r} (U+{ord(refused.group()):04X}), a "
            "character SQS refuses (InvalidMessageContents). Fix: remove or encode it"
        )
    return value


def _binary(where: str, value: bytes) -> bytes:
    if not value:
        raise ValueError(
            f"{_CALL}: {where} is b''; SQS refuses an attribute without a value. Fix: leave "
            "the attribute out, or give it the bytes the sender sends"
        )
    return value


def _number(where: str, value: int | float | Decimal, shown: str | None = None) -> str:
    """The Number's text as SQS keeps it: 38 digits of precision, from -10^128 to 10^126."""
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    finite = exact.is_finite() and not (isinstance(value, float) and not math.isfinite(value))
    # significant digits, counted by hand: normalize() would round to the context's 28
    digits = len("".join(map(str, exact.as_tuple().digits)).strip("0")) if finite else 0
    if not finite or digits > _MAX_DIGITS or not -(10**128) <= exact <= 10**126:
        raise ValueError(
            f"{_CALL}: {where} is {shown if shown is not None else value!r}; SQS takes a "
            f"Number of at most {_MAX_DIGITS} significant digits between -10^128 and 10^126. "
            "Fix: send it as a String (or round it as the sender must)"
        )
    if shown is not None:
        return shown  # the sender's own text, as SQS hands it on
    return str(value) if isinstance(value, int) else format(exact, "f")
