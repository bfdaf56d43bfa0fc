"""The filter policies and delivery setting of ``worker.subscribe(topic, ...)``: what SNS
takes (its developer guide's "Filter policy constraints"), checked with the construct and
the argument named. aws-cdk-lib checks some of it with errors that name neither, lets a
wrong type through as a jsii trace, and keeps only ``filter_policy`` when both policies are
given (the message-body policy is dropped in silence)."""

from __future__ import annotations

from collections.abc import Mapping
from math import prod

from aws_cdk import aws_sns as sns

from constructs_lib._config_values import bool_fix
from constructs_lib._jsii import described
from constructs_lib._validation import Validator

__all__ = ["check_filter_policies"]

# SNS's filter policy constraints; aws-cdk-lib counts a message-body policy's combinations
# the same way (each value list's length times its depth), and refuses the synth beyond
_MAX_FILTER_KEYS = 5
_MAX_FILTER_COMBINATIONS = 150
_MAX_NUMBER = 1_000_000_000  # numeric matching's range, either sign
_BODY = "filter_policy_with_message_body"
_ATTRIBUTES_EXAMPLE = '{"kind": sns.SubscriptionFilter.string_filter(allowlist=["order"])}'
_BODY_EXAMPLE = (
    '{"kind": sns.FilterOrPolicy.filter(sns.SubscriptionFilter.string_filter(allowlist=["order"]))}'
)


def check_filter_policies(
    v: Validator, filter_policy: object, body_policy: object, raw_message_delivery: object
) -> None:
    """Adds every problem of ``subscribe``'s filter policies and ``raw_message_delivery``."""
    v.check(
        isinstance(raw_message_delivery, bool),
        "raw_message_delivery",
        f"is {described(raw_message_delivery)}, not True or False",
        bool_fix(raw_message_delivery)  # "false" from a config: False
        or "pass True (the record's body is the message as published) or False (SNS's JSON "
        "envelope), or leave it out (True)",
    )
    v.check(
        filter_policy is None or body_policy is None,
        _BODY,
        "is given with filter_policy: a subscription filters either on the message's "
        "attributes or on its body (SNS's FilterPolicyScope), and aws-cdk-lib would keep "
        "filter_policy and drop this one in silence",
        f"pass one of them: filter_policy for message attributes, or {_BODY} for the JSON body",
    )
    if filter_policy is not None and _check_shape(
        v,
        filter_policy,
        "filter_policy",
        sns.SubscriptionFilter,
        _ATTRIBUTES_EXAMPLE,
        "attribute names",
    ):
        assert isinstance(filter_policy, Mapping)  # _check_shape checked it
        combinations = prod(len(value.conditions) for value in filter_policy.values())
        _check_limits(v, "filter_policy", "message attributes", len(filter_policy), combinations)
    if body_policy is not None and _check_shape(
        v, body_policy, _BODY, sns.FilterOrPolicy, _BODY_EXAMPLE, "key names"
    ):
        assert isinstance(body_policy, Mapping)
        _check_limits(v, _BODY, "body keys", len(body_policy), _body_combinations(body_policy))


def _check_shape(
    v: Validator, policy: object, prop: str, kind: type, example: str, names: str
) -> bool:
    """A non-empty mapping of attribute names (non-empty strings) to ``kind``, each with at
    least one value: SNS refuses an empty value list at deploy ("Empty arrays are not
    allowed"), and aws-cdk-lib reports another type as a jsii trace."""
    if not isinstance(policy, Mapping) or not all(
        isinstance(value, kind) for value in policy.values()
    ):
        v.add(
            prop,
            f"is {described(policy)}, not a mapping of {names} to sns.{kind.__name__}",
            f"pass e.g. {example}",
        )
        return False
    if not policy:
        v.add(
            prop,
            "is empty: it names no key, so it filters nothing (an empty policy reads as a "
            "filter that was forgotten)",
            f"leave {prop} out to deliver every message, or pass e.g. {example}",
        )
        return False
    wrong = [name for name in policy if not isinstance(name, str) or not name]
    empty = [f"{name!r} ({what})" for name, value in policy.items() if (what := _empty(value))]
    v.check(
        not wrong,
        prop,
        f"has the key(s) {', '.join(map(repr, wrong))}: a name SNS filters on is a "
        "non-empty string",
        "use the message attribute's (or body key's) name as the key",
    )
    v.check(
        not empty,
        prop,
        f"matches no value for {', '.join(empty)}: SNS refuses an empty list of values at deploy",
        "list at least one value, or remove the key to match any value",
    )
    numbers = sorted(
        {repr(n) for value in policy.values() for n in _numbers(value) if abs(n) > _MAX_NUMBER}
    )
    v.check(
        not numbers,
        prop,
        f"compares with {', '.join(numbers)}: SNS matches numbers from -1,000,000,000 to "
        "1,000,000,000 only and refuses the policy at deploy",
        "use a bound within that range, or filter in the handler",
    )
    return not wrong and not empty


def _leaf(value: object) -> sns.SubscriptionFilter | None:
    """The filter ``value`` is (an attribute policy's value, a body policy's
    ``FilterOrPolicy.filter``); None for a nested body policy."""
    if isinstance(value, sns.SubscriptionFilter):
        return value
    return value.filter_doc if isinstance(value, sns.Filter) else None


def _nested(value: object) -> Mapping[str, sns.FilterOrPolicy]:
    """The policy a body policy's ``FilterOrPolicy.policy`` nests (empty for a filter)."""
    return value.policy_doc if isinstance(value, sns.Policy) else {}


def _numbers(value: object) -> list[float]:
    """The numbers a filter's numeric conditions compare with (a nested policy's too)."""
    leaf = _leaf(value)
    if leaf is None:
        return [n for inner in _nested(value).values() for n in _numbers(inner)]
    return [
        n
        for condition in leaf.conditions
        if isinstance(condition, Mapping) and isinstance(condition.get("numeric"), list)
        for n in condition["numeric"]
        if isinstance(n, int | float) and not isinstance(n, bool)
    ]


def _empty(value: object) -> str | None:
    """What matches no value in ``value`` (a filter, or a nested body policy), in words;
    None when it matches some. A nested policy says which of its keys is empty: "an empty
    allowlist" alone misnamed an empty part a level or more down."""
    leaf = _leaf(value)
    if leaf is not None:
        return None if leaf.conditions else "an empty allowlist"
    nested = _nested(value)
    if not nested:
        return "an empty nested policy"
    inner = [f"{name!r} is {what}" for name, part in nested.items() if (what := _empty(part))]
    return f"a nested policy whose {' and '.join(inner)}" if inner else None


def _body_combinations(policy: Mapping[str, sns.FilterOrPolicy], depth: int = 1) -> int:
    """The combinations aws-cdk-lib counts for a message-body policy (its
    ``buildFilterPolicyWithMessageBody``): each value list's length times its depth."""
    total = 1
    for value in policy.values():
        leaf = _leaf(value)
        if leaf is None:
            total *= _body_combinations(_nested(value), depth + 1)
        else:
            total *= len(leaf.conditions) * depth
    return total


def _check_limits(v: Validator, prop: str, what: str, keys: int, combinations: int) -> None:
    v.check(
        keys <= _MAX_FILTER_KEYS,
        prop,
        f"names {keys} {what}; SNS takes at most {_MAX_FILTER_KEYS} in a filter policy",
        f"remove {keys - _MAX_FILTER_KEYS} of them, or filter in the handler",
    )
    v.check(
        combinations <= _MAX_FILTER_COMBINATIONS,
        prop,
        f"has {combinations} combinations of values (the product of each key's number of "
        f"values); SNS takes at most {_MAX_FILTER_COMBINATIONS}",
        "remove values from the allowlists, or filter in the handler",
    )
