"""Questions about aws-cdk-lib objects answered in Python where Python can tell, since
every question asked of the jsii kernel is a round trip to Node (synth time)."""

from __future__ import annotations

import enum
import math
from typing import Any

from aws_cdk import Duration, IResolvable, Reference, Token, Tokenization
from constructs import Construct
from jsii._reference_map import InterfaceDynamicProxy

from constructs_lib._identity_map import IdentityMap
from constructs_lib._library_values import is_library_value, library_value
from constructs_lib._token_text import is_encoded_token, is_number_token
from constructs_lib._words import DEFAULT_REPR, a_type, named_object, with_article

__all__ = [
    "described",
    "given",
    "implements",
    "is_intrinsic",
    "is_jsii_object",
    "is_unresolved",
    "jsii_ref",
    "same_jsii_object",
    "shown",
    "shown_inside",
]


def is_unresolved(value: Any) -> bool:
    """True for CDK tokens: their value is only known at deploy time, so skip checks."""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, list) and not all(isinstance(v, str) for v in value):
        return False  # an encoded list token holds strings only
    if isinstance(value, Duration):  # Token.is_unresolved says no for Duration.seconds(token)
        return _duration_unresolved(value)
    if isinstance(value, str | list):  # aws-cdk-lib's own test of their encoding
        return is_encoded_token(value)
    if _plainly_resolved(value):
        return False  # decided here: asking the jsii kernel is a round trip to Node
    if isinstance(value, int | float) or hasattr(type(value), "__jsii_type__"):
        try:
            return bool(Token.is_unresolved(value))
        except RuntimeError:  # jsii cannot even read it (a struct holding a wrong type)
            return False
    return False  # a plain Python object (a wrong type): never a token


# A Duration is immutable and the rules ask about each one several times: one round trip
# to the jsii kernel per Duration object, not per question (as _facts' other facts)
_DURATIONS: IdentityMap[bool] = IdentityMap()


def _duration_unresolved(value: Duration) -> bool:
    return _DURATIONS.remembered(value, lambda: bool(value.is_unresolved()))


def _plainly_resolved(value: Any) -> bool:
    """Values Python can tell are not tokens without asking CDK."""
    if isinstance(value, int):
        return True  # number tokens are doubles
    if isinstance(value, float):  # NaN or infinity is no token (and jsii cannot send it)
        return not math.isfinite(value) or not is_number_token(value)  # CDK's marker bits
    if isinstance(value, enum.Enum):
        return True
    # A jsii object is a token only as an IResolvable, which has resolve() (any class
    # without it never is; a Duration holding a token is asked by is_unresolved). A
    # construct never is one: a Stack has resolve() too (a network stack passed where its
    # Network is wanted was taken for a deploy-time value and crashed later).
    return hasattr(type(value), "__jsii_type__") and (
        not hasattr(value, "resolve") or isinstance(value, Construct)
    )


def leading_reference(value: str) -> tuple[object, str] | None:
    """The construct and attribute (e.g. a ``CfnUserPool`` and ``"ProviderURL"``) of the
    reference a token string starts with; None when it starts with anything else."""
    first = Tokenization.reverse_string(value).first_token
    return (first.target, first.display_name) if isinstance(first, Reference) else None


#: The packages whose objects are jsii's (``constructs_lib`` is none of them: its value
#: objects are named by ``library_value``, its constructs by their ``__jsii_type__``).
_JSII_PACKAGES = frozenset({"jsii", "aws_cdk", "constructs"})


def is_jsii_object(value: object) -> bool:
    """An object of aws-cdk-lib / constructs (a class instance or an interface proxy)."""
    cls = type(value)
    return hasattr(cls, "__jsii_type__") or cls.__module__.partition(".")[0] in _JSII_PACKAGES


def is_intrinsic(value: object) -> bool:
    """``value`` is a deploy-time value that is an object (``Fn.get_att(...)``, an
    IResolvable), not one encoded as a string, a number or a list, nor an object holding
    one (``Duration.seconds(token)`` is a Duration)."""
    if isinstance(value, str | int | float | list) or not implements(value, IResolvable):
        return False
    return is_unresolved(value)


def shown(value: object) -> str:
    """``value`` as a message names it: an aws-cdk-lib object by its kind (where to find it)
    and a construct by its path too (``the aws_dynamodb.TableBase 'Stack/Files'``), never
    by jsii's proxy repr (``<aws_cdk.aws_dynamodb._TableBaseProxy object at 0x...>``); a
    deploy-time value by its encoding, which :func:`readable` names where the message meets
    its construct (``Validator.add``)."""
    if is_intrinsic(value):  # Fn.get_att(...): by what it resolves to, as a string token
        return repr(Token.as_string(value))
    # an object made in JavaScript (an imported VPC) is a proxy of the interfaces it has
    # (named by a service's interface, aws_ec2.IVpc, rather than by core's Resource)
    delegates = value._delegates if isinstance(value, InterfaceDynamicProxy) else [value]
    typed = {
        type(d): name
        for d in delegates
        if isinstance(name := getattr(type(d), "__jsii_type__", None), str)
    }
    # a service's type (aws_ec2.IVpc) before core's, and before constructs.Construct, which
    # every construct also is
    cls = min(
        typed,
        key=lambda t: (
            typed[t].startswith("constructs."),
            "." not in typed[t].removeprefix("aws-cdk-lib."),
        ),
        default=None,
    )
    cls = cls or type(value)
    jsii_type = typed.get(cls)
    if not isinstance(jsii_type, str):
        if isinstance(value, str | int | float | list) and is_unresolved(value):
            # e.g. bucket.bucket_name where the bucket itself was meant: its encoding, which
            # the message's construct names by what it is (readable, in Validator.add)
            return repr(value)
        return _repr(value)
    # a class of the library (or the user's) extending Construct: its own name
    kind = (
        jsii_type.removeprefix("aws-cdk-lib.")
        if cls.__module__.partition(".")[0] in ("aws_cdk", "constructs")
        else cls.__name__  # a Network, not constructs.Construct
    )
    path = _path_of(value)
    if isinstance(path, str) and path:  # an App's is ''
        return f"the {kind} {path!r}"
    if isinstance(value, enum.Enum):  # RemovalPolicy.DESTROY, not "a RemovalPolicy"
        return f"{type(value).__name__}.{value.name}"
    return with_article(kind)


def _path_of(value: object) -> object:
    """``value``'s construct path, or None: the constructs aws-cdk-lib hands out detached
    (``codedeploy.LambdaDeploymentConfig.CANARY_10_PERCENT_5_MINUTES``) raise on ``.node``,
    and their name, not that trace, is what a message needs."""
    try:
        return getattr(getattr(value, "node", None), "path", None)
    except RuntimeError:
        return None


def described(value: object) -> str:
    """``value`` with what it is, as a message names it: ``3, an int``; an aws-cdk-lib
    object or a deploy-time value as :func:`shown` names it (no proxy repr, no token), and
    None as itself (not ``None, a NoneType``)."""
    if value is None:
        return "None"
    if is_jsii_object(value) or is_unresolved(value):
        return shown(value)
    inside = shown_inside(value)
    # "a Config", "the class Config", "a constructs_lib Handler (...)": no type after it
    if inside == a_type(value) or named_object(value) or is_library_value(value):
        return inside
    return f"{inside}, {a_type(value)}"


def _repr(value: object) -> str:
    """``repr(value)``, or ``a MyClass`` where that repr is Python's default one, or a class
    or function by its name (``named_object``)."""
    if (named := named_object(value) or library_value(value)) is not None:
        return named
    if isinstance(value, enum.Enum):  # as written (Mode.FAST), not <Mode.FAST: 'fast'>
        return f"{type(value).__name__}.{value.name}"
    text = repr(value)
    return a_type(value) if DEFAULT_REPR.fullmatch(text) else text


def given(value: object) -> str:
    """``value`` as a message shows what was given, without its type (the message says what
    it must be): a string or list as its repr, an aws-cdk-lib object as :func:`shown`
    names it (never jsii's proxy repr), a list holding them as :func:`shown_inside` does."""
    if is_jsii_object(value) or is_unresolved(value):
        return shown(value)
    return shown_inside(value)


def shown_inside(value: object, depth: int = 0) -> str:
    """``repr(value)``, with the aws-cdk-lib objects and constructs in a list, tuple or
    dict named as :func:`shown` names them (``[the Network 'Net/Network']``, not
    ``[<constructs_lib.network.Network object at 0x...>]``)."""
    if depth and (is_jsii_object(value) or is_unresolved(value)):
        return shown(value)
    if depth > 3:
        return _repr(value)
    if isinstance(value, list | tuple):
        items = [shown_inside(item, depth + 1) for item in value]
        if isinstance(value, list):
            return f"[{', '.join(items)}]"
        return f"({', '.join(items)}{',' if len(items) == 1 else ''})"
    if isinstance(value, dict):
        pairs = (f"{k!r}: {shown_inside(item, depth + 1)}" for k, item in value.items())
        return "{" + ", ".join(pairs) + "}"
    return _repr(value)


def jsii_ref(value: object) -> object:
    """What stays the same for one aws-cdk-lib object across its proxies (the kernel's
    reference; a plain Python object's id): a key of sets and maps by object."""
    return getattr(getattr(value, "__jsii_ref__", None), "ref", id(value))


def same_jsii_object(a: object, b: object) -> bool:
    """Whether ``a`` and ``b`` stand for the same aws-cdk-lib object, without a call into
    the jsii kernel (reading a path costs two). An object created in JavaScript (a
    resource behind an L2, a dependency) comes back as a new proxy each time, so identity
    alone is not enough: the proxies share the kernel's reference."""
    if a is b:
        return True
    ref_a, ref_b = getattr(a, "__jsii_ref__", None), getattr(b, "__jsii_ref__", None)
    return ref_a is not None and ref_b is not None and ref_a.ref == ref_b.ref


def implements(value: object, interface: type) -> bool:
    """Whether ``value`` implements the jsii interface ``interface``: its class declares it
    (or an interface extending it), or it is the kernel's proxy of it. An imported resource
    (``Vpc.from_lookup``) comes back as a proxy of several interfaces at once; any of them
    counts. A plain Python value never does (nothing in its class names a jsii type)."""
    fqn = getattr(interface, "__jsii_type__", None)
    candidates = (
        list(object.__getattribute__(value, "_delegates"))
        if isinstance(value, InterfaceDynamicProxy)
        else [value]
    )
    for candidate in candidates:
        for cls in type(candidate).__mro__:
            if cls is interface or getattr(cls, "__jsii_type__", None) == fqn:
                return True
            declared = getattr(cls, "__jsii_ifaces__", None) or ()
            if any(interface in getattr(i, "__mro__", ()) for i in declared):
                return True
    return False
