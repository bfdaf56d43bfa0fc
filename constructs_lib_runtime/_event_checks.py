"""What the event builders of :mod:`constructs_lib_runtime.testing` refuse: values AWS
never sends (a body that is no string, a number for a bucket's name, a lower-case method,
a message SQS would not take). A handler tested with one passed, or failed, on an event
no real delivery looks like; a ``TypeError`` or ``ValueError`` names the argument and the
fix instead."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal, TypeVar, cast, overload

from constructs_lib_runtime._body_encoding import base64_by_api_gateway
from constructs_lib_runtime._kinds import kind_of

#: SQS's largest message (since 2025), Lambda's largest synchronous request.
SQS_MAX_MESSAGE_BYTES = 1024 * 1024
LAMBDA_MAX_REQUEST_BYTES = 6 * 1024 * 1024


T = TypeVar("T")


def plain(value: T) -> T:
    """``value`` as JSON carries it: a str, int or float subclass's own value (a
    ``StrEnum`` member's ``"a"``), as ``json.dumps`` writes it. Its ``str()`` and
    f-strings give a ``class S(str, Enum)`` member's name, ``"S.A"``, which no request or
    message AWS sends ever holds; an event keeps only plain values, as parsed JSON does."""
    if isinstance(value, bool) or type(value) in (str, int, float):
        return value
    if isinstance(value, str):
        return cast(T, str.__str__(value))
    if isinstance(value, int):
        return cast(T, int.__int__(value))
    if isinstance(value, float):
        return cast(T, float.__float__(value))
    return value


@overload
def check_text(call: str, argument: str, value: object) -> str: ...
@overload
def check_text(
    call: str, argument: str, value: object, *, optional: Literal[True]
) -> str | None: ...
def check_text(call: str, argument: str, value: object, *, optional: bool = False) -> str | None:
    """``value`` is a str (or None, when ``optional``): what AWS sends there is text.
    Returns it plain (see :func:`plain`)."""
    if optional and value is None:
        return None
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, bytes):
        fix = f"decode it: {argument}=value.decode()"
    elif isinstance(value, Mapping | list):
        fix = f"encode it as the sender does: {argument}=json.dumps(value)"
    else:
        fix = f"pass a str: {argument}=str(value)"
    raise TypeError(f"{call}: {argument} is {kind_of(value)}; AWS sends a str. Fix: {fix}")


def check_count(call: str, argument: str, value: object) -> None:
    """``value`` is a whole number of at least 0 (a bool is none)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(
            f"{call}: {argument} is {kind_of(value)}; it must be a whole number. "
            f"Fix: pass e.g. {argument}=3"
        )
    if value < 0:
        raise ValueError(
            f"{call}: {argument} is {value}; it must be 0 or more. Fix: pass e.g. {argument}=3"
        )


def check_text_mapping(call: str, argument: str, value: object) -> dict[str, str] | None:
    """``value`` is None or a mapping of str to str (headers, path parameters). Returns
    it as a dict of plain strings (see :func:`plain`)."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise TypeError(
            f"{call}: {argument} is {kind_of(value)}; it must be a dict of str to str. "
            f"Fix: pass e.g. {argument}={{'name': 'value'}}"
        )
    for name, item in value.items():
        if not isinstance(name, str) or not isinstance(item, str):
            raise TypeError(
                f"{call}: {argument} has {name!r}: {item!r}; API Gateway sends names and "
                f"values as str. Fix: pass {str(name)!r}: {str(item)!r}"
            )
    return {plain(name): plain(item) for name, item in value.items()}


def check_size(call: str, argument: str, size: int, limit: int, whose: str) -> None:
    """A body of ``size`` bytes fits ``limit`` (``whose``: who refuses a larger one)."""
    if size > limit:
        raise ValueError(
            f"{call}: {argument} is {size} bytes; {whose} takes at most {limit} bytes, so "
            "no function is ever invoked with it. Fix: test a body within the limit (and "
            "the sender's failure above it separately)"
        )


# SendMessage's allowed characters (XML 1.0's Char): controls other than tab, LF and CR,
# lone surrogates and U+FFFE/U+FFFF are refused with InvalidMessageContents.
SQS_REFUSED = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def check_sqs_body(call: str, argument: str, value: str) -> None:
    """``value`` is a message body SQS takes: at least one character (SendMessage's
    minimum), only characters it takes, 1 MiB at most."""
    if not value:
        raise ValueError(
            f"{call}: {argument} is empty; SQS takes a message of at least one character, so "
            "no function is ever invoked with an empty one. Fix: pass the body the sender "
            f"sends (e.g. {argument}=json.dumps({{'id': 1}}) or {argument}='{{}}'); a "
            "handler's test of a record without a body builds it by hand: "
            f"{{**{call}('{{}}'), 'body': None}}"
        )
    refused = SQS_REFUSED.search(value)
    if refused is not None:
        char = refused.group()
        raise ValueError(
            f"{call}: {argument} holds {char!r} (U+{ord(char):04X}) at index {refused.start()}, "
            "a character SQS refuses in a message (InvalidMessageContents), so no function is "
            "ever invoked with it. Fix: remove it or encode the body as the sender must (e.g. "
            f"{argument}=json.dumps(value), which escapes it, or base64 for binary data)"
        )
    check_size(call, argument, len(value.encode()), SQS_MAX_MESSAGE_BYTES, "SQS")


def check_http_request(
    route_key: object, body: object, headers: object, path_parameters: object, binary: object
) -> tuple[str, dict[str, str], dict[str, str], bool]:
    """What an HTTP API request to ``http_api_event`` must be (its body, headers, path
    parameters and ``binary`` flag as API Gateway sends them). Returns its route key,
    headers and path parameters plain (see :func:`plain`; the body is encoded anyway) and
    whether its body is base64-encoded (``binary``, else as its content type makes it)."""
    call = "http_api_event"
    route_key = check_text(call, "route_key", route_key)
    if not isinstance(body, bytes):
        check_text(call, "body", body, optional=True)
    headers = check_text_mapping(call, "headers", headers) or {}
    check_header_fields(call, headers)
    path_parameters = check_text_mapping(call, "path_parameters", path_parameters) or {}
    if binary is not None and not isinstance(binary, bool):
        raise TypeError(
            f"{call}: binary is {kind_of(binary)}. Fix: pass True or False, or leave it "
            "out (the content-type header decides, as in API Gateway)"
        )
    if isinstance(body, str) and not body.isascii():
        try:
            body.encode()
        except UnicodeEncodeError as error:  # a lone surrogate ("\\ud800" in a test's JSON)
            raise ValueError(
                f"{call}: body holds {body[error.start]!r} at index {error.start}, half of a "
                "surrogate pair, which no request's UTF-8 text carries. Fix: pass the text the "
                "client sends (a test of such an event sets its body by hand: "
                "http_api_event(...) | {'body': ...})"
            ) from None
    binary = _body_is_base64(call, body, headers, binary)
    if isinstance(body, bytes) and not binary:
        try:
            body.decode()
        except UnicodeDecodeError:
            raise ValueError(
                f"{call}: body is bytes that are no UTF-8 text, which API Gateway sends "
                "base64-encoded. Fix: pass binary=True"
            ) from None
    return route_key, headers, path_parameters, binary


def _body_is_base64(call: str, body: object, headers: dict[str, str], binary: bool | None) -> bool:
    """``binary`` as given, else as API Gateway decides by the content type; ``False``
    for a body its content type has API Gateway encode is an event it never sends."""
    content_type = next(
        (value for name, value in headers.items() if name.lower() == "content-type"), None
    )
    encoded = base64_by_api_gateway(content_type)
    if binary is None:
        return bool(encoded) and body is not None
    if binary is False and encoded and body is not None:
        # a handler reading event["body"] as text would pass such a test and then get
        # base64 on every request in AWS (a Slack command's form, found in a user trial)
        raise ValueError(
            f"{call}: binary is False, but API Gateway hands a body sent as {content_type!r} "
            "to the function base64-encoded (isBase64Encoded true), never as text. Fix: leave "
            "binary out (the content type decides) and read the body with raw_body(event)"
        )
    return binary


def check_records(call: str, records: tuple[object, ...], source: str, builder: str) -> None:
    """``records`` are what one event of ``source`` holds: at least one (Lambda never
    invokes a function with none), each a dict, none built for another source (an SQS
    record in a stream's event: its handler would be tested on a record it never gets)."""
    if not records:
        raise ValueError(
            f"{call}: no records; Lambda invokes the function only with at least one. Fix: "
            f"pass them, {call}({builder}(...)); a handler's test of an empty batch builds "
            "it by hand: {'Records': []}"
        )
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            fix = (
                f"unpack the list: {call}(*records)"
                if isinstance(record, list)
                else f"build each record with {builder}(...)"
            )
            raise TypeError(
                f"{call} takes records ({builder}(...)), not {kind_of(record)}. Fix: {fix}"
            )
        found = record.get("eventSource", source)
        if found != source:
            raise ValueError(
                f"{call}: records[{index}] is a record of {found!r}, not {source!r}: one event "
                f"holds the records of one event source mapping. Fix: build it with "
                f"{builder}(...)"
            )


def check_bucket_name(call: str, bucket: str) -> None:
    """``bucket`` is a bucket's name, as S3's messages carry it: not empty, not its ARN or
    URL (no ':', '/' or space is in any bucket's name)."""
    if bucket and not any(c in bucket for c in ":/ "):
        return
    name = bucket.removeprefix("arn:aws:s3:::").removeprefix("s3://").split("/")[0]
    fix = f"bucket={name!r}" if name and not any(c in name for c in ":/ ") else "bucket='uploads'"
    raise ValueError(
        f"{call}: bucket {bucket!r} is no S3 bucket name, which S3's messages carry (no ARN, "
        f"URL or path). Fix: pass the name, {fix}"
    )


# RFC 9110's field name (a token) and a value without line breaks or other controls but tab
_FIELD_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_FIELD_VALUE_REFUSED = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def check_header_fields(call: str, headers: Mapping[str, str]) -> None:
    """Each header is one HTTP can carry: a name of token characters (no space, not empty),
    a value without a line break (a client cannot send one; API Gateway never has)."""
    for name, value in headers.items():
        if not _FIELD_NAME.fullmatch(name):
            raise ValueError(
                f"{call}: headers has the name {name!r}, which no HTTP request carries (a "
                "header's name is letters, digits and -!#$%&'*+.^_`|~, no space). Fix: rename it, "
                f"e.g. {'-'.join(name.split()) or 'X-Name'!r}"
            )
        refused = _FIELD_VALUE_REFUSED.search(value)
        if refused:
            raise ValueError(
                f"{call}: headers has {name!r} holding {refused.group()!r} at index "
                f"{refused.start()}, which no HTTP header's value carries. Fix: remove it (a "
                "value of several lines is sent as several headers, or encoded)"
            )
