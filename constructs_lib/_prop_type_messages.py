"""What a prop of the wrong type is told: the type it must be, as a user reads it (``a
list of strings``, ``an aws_sqs.IQueue``), and the fix, with how such a value is made (an
interface's class and its ``from_*`` import, a value object's factories, a Network for a
VPC, an object's ARN or URL where a string goes)."""

from __future__ import annotations

import collections.abc
import enum
import os
import re
import sys
import types
import typing
from typing import Any

from aws_cdk import Duration, Size, Stack

from constructs_lib._config_values import (
    bool_fix,
    duration_fix,
    duration_of_number,
    list_fix,
    number_fix,
    size_fix,
    whole_number,
    whole_number_fix,
)
from constructs_lib._core.handler_strings import handler_string_fix
from constructs_lib._factories import Factories, factories_of
from constructs_lib._jsii import (
    described,
    implements,
    is_intrinsic,
    is_jsii_object,
    is_unresolved,
    shown,
)
from constructs_lib._value_object_dicts import dict_fix
from constructs_lib._words import with_article

__all__ = ["UNORDERED", "fix", "wrong"]

#: The collections whose order a prop does not depend on (``Collection[str]``), checked by
#: ``_prop_types``: a set fits, as a list or tuple does; a string (whose characters would
#: be the items) never.
UNORDERED = (
    collections.abc.Collection,
    collections.abc.Iterable,
    collections.abc.Set,
    set,
    frozenset,
)


def _describe(expected: Any, article: bool = True) -> str:
    """``expected`` as a user reads it: one value of it (``a list of strings``), or, without
    ``article``, several, as a container's items (``a list of lists of strings``, ``a list
    of dicts``)."""
    origin, args = typing.get_origin(expected), typing.get_args(expected)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_describe(arg, article) for arg in args if arg is not type(None))
    items = _describe(args[0], article=False) if args else "values"
    if origin in (collections.abc.Sequence, list, tuple):
        return f"{'a list' if article else 'lists'} of {items}"
    if origin in UNORDERED:  # order does not matter: a set does too
        return f"{'a list or set' if article else 'lists or sets'} of {items}"
    if origin in (collections.abc.Mapping, dict):
        kind = "a dict" if article else "dicts"
        if len(args) == 2 and args[1] is not Any:
            key, item = (_describe(arg, article=False) for arg in args)
            return f"{kind} from {key} to {item}"
        return kind
    if origin is os.PathLike or expected is os.PathLike:
        return "a path (a str or pathlib.Path)" if article else "paths (each a str or pathlib.Path)"
    name = getattr(expected, "__name__", str(expected))
    plain = {  # (one, in a list of them)
        "bool": ("True or False", "True/False values"),
        "int": ("a whole number", "whole numbers"),
        "float": ("a number", "numbers"),
        "str": ("a string", "strings"),
    }
    if name in plain:
        return plain[name][0 if article else 1]
    module = getattr(expected, "__module__", "")
    if module.startswith("aws_cdk.") and getattr(expected, "__jsii_type__", None):
        name = f"{module.removeprefix('aws_cdk.')}.{name}"  # where to find it: aws_sqs.IQueue
    if not article:
        return name
    return with_article(name)


def wrong(value: object, expected: Any, kind: str | None = None) -> str:
    """What ``value`` is, and that it must be ``kind`` (default: ``expected`` described)."""
    kind = kind or _describe(expected)
    if isinstance(value, str) and "list" in kind:
        return f"is the string {value!r}, not a list"
    if is_intrinsic(value):
        return (
            f"is {shown(value)} as an object, not encoded as a string, number or list; it "
            f"must be {kind}"
        )
    if is_jsii_object(value) or is_unresolved(value):  # no proxy repr
        return f"is {shown(value)}; it must be {kind}"
    # a number where a Duration goes: the unit is what is missing (None is no number)
    duration = ", not a Duration" if value is not None and _mentions(expected, Duration) else ""
    return f"is {described(value)}{duration}; it must be {kind}"


def fix(value: object, expected: Any) -> str:
    if isinstance(value, str) and _mentions_handler(expected):
        return handler_string_fix(value)  # SST's "src/x.handler": the Handler it means
    if _mentions_network(expected) and _is_vpc(value):
        return (
            "pass a Network wrapping the VPC, made once per stack: "
            'Network(stack, "Network", existing_vpc=vpc) (see Network in the README)'
        )
    if _mentions_network(expected) and (networks := _networks_in_stack(value)) is not None:
        if networks:
            return f"pass the Network itself, not its stack: {' or '.join(map(repr, networks))}"
        return 'pass a Network, not a stack (this one holds none): Network(stack, "Network")'
    if _mentions(expected, Duration) and (seconds := duration_of_number(value)) is not None:
        return seconds
    if (converted := _config_fix(value, expected)) is not None:
        return converted
    for kind in typing.get_args(expected) or (expected,):
        ours = isinstance(kind, type) and kind.__module__.startswith("constructs_lib")
        if ours and (built := dict_fix(value, kind)) is not None:  # a config's dict of props
            return built
    if _mentions(expected, Size) and (size := _size_fix(value)) is not None:
        return size
    if isinstance(value, str) and re.search(r"\blist (or set )?of strings", _describe(expected)):
        return list_fix(value)
    if is_intrinsic(value) and (encoded := _encoded(expected)):
        return f"pass {encoded}(...) of it, the deploy-time value as {_describe(expected)}"
    if isinstance(value, str) and (member := _member_named(value, expected)):
        return f"pass {member}"
    return _string_of(value, expected) or f"pass {_describe(expected)}{_made_how(expected)}"


# how the README and the messages import these aws-cdk-lib modules (lambda is a keyword)
_MODULE_NAMES = {"aws_lambda": "lambda_", "aws_apigatewayv2": "apigwv2"}


def _member_named(name: str, expected: Any) -> str | None:
    """The enum member ``name`` names (``"LATEST"`` for a ``lambda_.StartingPosition``), as
    a fix writes it; None where ``expected`` is no enum or has no such member."""
    for kind in typing.get_args(expected) or (expected,):
        if not (isinstance(kind, type) and issubclass(kind, enum.Enum)):
            continue
        for member in kind:
            if name.strip().upper() in (member.name, str(member.value).upper()):
                module = kind.__module__.removeprefix("aws_cdk.")
                alias = _MODULE_NAMES.get(module, module.removeprefix("aws_"))
                return f"{alias}.{kind.__name__}.{member.name}"
    return None


def _config_fix(value: object, expected: Any) -> str | None:
    """The value a configuration's text or float means (``"512"``, ``512.0``, ``"false"``,
    ``"30s"``) where a whole number, a number, True or False or a Duration goes (see
    ``_config_values``); None for anything else."""
    if is_unresolved(value) or not isinstance(value, str | float | int):
        return None
    kinds = typing.get_args(expected) or (expected,)
    if bool in kinds and (converted := bool_fix(value)) is not None:
        return converted
    # no prop of the library takes a negative number: "-1" is no fix where a count goes
    if int in kinds and (converted := whole_number_fix(value, at_least=0)) is not None:
        return converted
    if float in kinds and (converted := number_fix(value, at_least=0)) is not None:
        return converted
    return duration_fix(value) if _mentions(expected, Duration) else None


def _size_fix(value: object) -> str | None:
    """The Size a number of bytes (``1024``, a config's ``262144.0``) or a config's
    ``"256 KiB"`` means, as a fix; None for a negative number, which no Size is
    (aws-cdk-lib raises), and for anything else."""
    if isinstance(value, int) and not isinstance(value, bool):
        number: int | None = value
    else:
        number = whole_number(value) if isinstance(value, float) else None
    if number is not None:
        return _size_of(number) if number >= 0 else None
    return size_fix(value)


def _encoded(expected: Any) -> str | None:
    """The aws-cdk-lib call that encodes an IResolvable as what ``expected`` takes."""
    described = _describe(expected)
    for kind, call in (
        ("a list of strings", "cdk.Token.as_list"),
        ("a string", "cdk.Token.as_string"),
        ("number", "cdk.Token.as_number"),
    ):
        if kind in described:
            return call
    return None


def _size_of(number: int) -> str:
    """The fix for a number where a Size goes: the Size of as many bytes, and of as many
    KiB when it is too few bytes to be meant as bytes."""
    if number >= 1024 and number % 1024 == 0:
        return f"pass Size.kibibytes({number // 1024}) (= {number} bytes)"
    kib = f", or Size.kibibytes({number}) if you meant KiB" if 0 < number < 1024 else ""
    return f"pass Size.bytes({number}){kib}"


def _string_of(value: object, expected: Any) -> str | None:
    """The fix for an object given where its ARN or URL goes (a string): a web ACL for
    ``web_acl_id``, a ServerlessApi in ``api_origins``; None for anything else."""
    if "string" not in _describe(expected):
        return None
    items = value if isinstance(value, list | tuple) else [value]
    whose = "each one's" if items is value else "its"
    for item in items:
        for attr, what in (("attr_arn", "ARN"), ("url", "URL")):
            # a jsii property (an L1's attr_arn), or a construct's attribute (api.url)
            if hasattr(type(item), attr) or attr in getattr(item, "__dict__", {}):
                return f"pass {whose} {what} (`.{attr}`)"
    return None


def _made_how(expected: Any) -> str:
    """How a user gets an aws-cdk-lib interface (``: an aws_sqs.Queue, or one imported with
    aws_sqs.Queue.from_queue_arn(...)``): an interface is no class to call. Empty otherwise."""
    if typing.get_origin(expected) in (typing.Union, types.UnionType):
        given = [arg for arg in typing.get_args(expected) if arg is not type(None)]
        return _made_how(given[0]) if len(given) == 1 else ""
    if isinstance(expected, Factories):  # the library's value object its factories build
        made = [f"{expected.__name__}.{n}(...)" for n in factories_of(expected)]
        return f": {' or '.join([', '.join(made[:-1]), made[-1]] if made[1:] else made)}"
    name, module = getattr(expected, "__name__", ""), getattr(expected, "__module__", "")
    if not (module.startswith("aws_cdk.") and name[:1] == "I" and name[1:2].isupper()):
        return ""
    cls = getattr(sys.modules.get(module), name[1:], None)
    if not isinstance(cls, type):
        return ""
    where = f"{module.removeprefix('aws_cdk.')}.{cls.__name__}"
    imports = [m for m in dir(cls) if m.startswith("from_")]
    imports.sort(key=lambda m: (not m.endswith("_arn"), not m.endswith("_name"), m))
    how = f", or one imported with {where}.{imports[0]}(...)" if imports else ""
    return f": {with_article(where)}(...){how}"


def _mentions_network(expected: Any) -> bool:
    """``expected`` names the library's Network (compared by name: importing the module here
    would build what a Network needs for every construct)."""
    if getattr(expected, "__qualname__", None) == "Network":
        return getattr(expected, "__module__", "") == "constructs_lib.network"
    return any(_mentions_network(arg) for arg in typing.get_args(expected))


def _mentions_handler(expected: Any) -> bool:
    """``expected`` names the library's Handler (by name, as ``_mentions_network``)."""
    if getattr(expected, "__qualname__", None) == "Handler":
        return getattr(expected, "__module__", "") == "constructs_lib.handler"
    return any(_mentions_handler(arg) for arg in typing.get_args(expected))


def _networks_in_stack(value: object) -> list[str] | None:
    """The paths of the Networks in ``value`` when it is a stack (a shared network stack
    passed as ``network=`` instead of its Network), else None."""
    from constructs_lib.network import Network  # loaded by now: the user made the stack

    if not isinstance(value, Stack):
        return None
    return [c.node.path for c in value.node.find_all() if isinstance(c, Network)]


def _is_vpc(value: object) -> bool:
    if not is_jsii_object(value):
        return False
    from aws_cdk import aws_ec2 as ec2  # loaded already: the user built the VPC with it

    return implements(value, ec2.IVpc)


def _mentions(expected: Any, cls: type) -> bool:
    return expected is cls or any(_mentions(arg, cls) for arg in typing.get_args(expected))
