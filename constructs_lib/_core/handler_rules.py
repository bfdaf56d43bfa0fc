"""The rules every Handler must satisfy, wherever it is passed."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from constructs_lib import _defaults
from constructs_lib._core.dockerfile import check_dockerfile
from constructs_lib._core.environment_size import EnvironmentSize
from constructs_lib._core.environment_values import string_value_fix
from constructs_lib._core.environment_warnings import first_of_handler, warn_of_environment
from constructs_lib._core.function_sizes import check_sizes
from constructs_lib._core.gradual_rules import check_deployment
from constructs_lib._core.handler_include import check_include
from constructs_lib._core.handler_module import check_code_and_entry
from constructs_lib._core.handler_strings import handler_string_fix
from constructs_lib._core.hook_reach import check_hook_reach
from constructs_lib._core.image import check_image
from constructs_lib._core.link_reach import check_links_reach
from constructs_lib._core.links import check_links
from constructs_lib._core.network import check_endpoints
from constructs_lib._core.pasted_variables import pasted_variable_fix
from constructs_lib._core.resolve import resolve_handler
from constructs_lib._core.setting_choices import check_choice
from constructs_lib._jsii import described, given, is_unresolved
from constructs_lib._library_values import held_handler_fix
from constructs_lib._retention import check_log_group_retention
from constructs_lib._token_text import literal_text
from constructs_lib._validation import Validator
from constructs_lib._value_object_dicts import dict_fix
from constructs_lib._words import a_type, as_ascii, lookalike_note
from constructs_lib.deployment import Deployment
from constructs_lib.handler import Handler
from constructs_lib_runtime.deployment_hooks import TARGET_VERSION_VARIABLE

__all__ = ["RESERVED_ENVIRONMENT", "check_handler", "check_settings"]

_ENV_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*\Z")
# Set by the Lambda service; a function may not override them.
RESERVED_ENVIRONMENT = _RESERVED_ENV = frozenset(
    {
        "_HANDLER",
        "_X_AMZN_TRACE_ID",
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
        "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API",
        "LAMBDA_TASK_ROOT",
        "LAMBDA_RUNTIME_DIR",
    }
)


# What Handler(powertools=True) sets (the user may not set them too).
_POWERTOOLS_ENVIRONMENT = ("POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE")
# Powertools reads these names only: a renamed variable would not reach it.
_POWERTOOLS_FIX = {
    "POWERTOOLS_SERVICE_NAME": "drop it: powertools=True names the service after the "
    "function's id, which Handler(name=...) sets (or pass Logger(service=...) in the code)",
    "POWERTOOLS_METRICS_NAMESPACE": "drop it: powertools=True sets the stack's name (or pass "
    "Metrics(namespace=...) in the code)",
}
_LAMBDA_ENV_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]+\Z")
#: Why a variable's name cannot be a deploy-time value (its value can), and the fix.
_ENV_NAME_AT_SYNTH = (
    "CloudFormation takes the names of a function's variables as written (values may be "
    "deploy-time values)",
    "write the name, e.g. {'TABLE_NAME': table.table_name}",
)


def check_handler(
    v: Validator,
    handler: object,
    prop: str,
    *,
    construct_environment: Sequence[str] = (),
    network: object = None,
) -> bool:
    """Adds every problem of ``handler`` to ``v``; ``prop`` names where it was passed.

    :param construct_environment: variables the construct sets itself (e.g. TABLE_NAME):
        the handler may not set them too.
    :param network: the construct's Network; ``endpoints`` need one.
    :returns: whether the handler is valid, so that its ``key()`` may be used.
    """
    if not isinstance(handler, Handler):
        if is_unresolved(handler):  # Fn.get_att(...), a parameter: no function is known
            v.add(
                prop,
                f"is {given(handler)}, not a Handler: a function's code and settings are "
                "built into the template at synth",
                "pass a constructs_lib.Handler(code=..., entry=...); a deploy-time value goes "
                "into its settings, e.g. environment={'NAME': cdk.Token.as_string(...)}",
            )
        else:
            what = f"is {a_type(handler)}"
            if isinstance(handler, str):  # another tool's spelling of the function's code
                v.add(prop, f"{what} ({handler!r})", handler_string_fix(handler))
            else:
                fix = dict_fix(handler, Handler) or held_handler_fix(handler)
                v.add(prop, what, fix or "pass a constructs_lib.Handler(...)")
        return False
    before = v.count
    check_image(v, handler, prop)  # as given: runtime/powertools on an image are errors
    own = set(handler.environment) if isinstance(handler.environment, Mapping) else None
    as_given, handler = handler, resolve_handler(v.scope, handler)  # the function's values
    if handler.image is False:
        check_code_and_entry(v, handler, prop)
        check_include(v, handler, prop)
    elif handler.image is True:
        check_dockerfile(v, handler, prop)  # its architecture resolved
    first = first_of_handler(v.scope, as_given)  # its warnings: once per Handler and construct
    check_settings(v, handler, prop, construct_environment, own_environment=own, warn=first)
    if first:
        warn_of_environment(v, handler, prop, own)
    check_endpoints(v, handler.endpoints, f"{prop}.endpoints", network)
    check_links_reach(v, handler.links, f"{prop}.links", network, handler.endpoints)
    _check_deployment(v, handler, prop, network)
    v.check_type(handler.powertools, f"{prop}.powertools", bool, "pass True or False")
    if handler.name is not None:
        name = handler.name
        v.check(
            isinstance(name, str) and bool(_NAME.match(name)),
            f"{prop}.name",
            f"is {given(name)}; it must be alphanumeric, starting with a letter"
            + lookalike_note(name),
            f"write {as_ascii(name)!r}"
            if lookalike_note(name) and _NAME.match(as_ascii(name))
            else "pass a short PascalCase name such as 'ListTodos'",
        )
    return v.count == before


def check_settings(
    v: Validator,
    handler: Handler,
    prop: str,
    construct_environment: Sequence[str] = (),
    *,
    own_environment: Collection[str] | None = None,
    warn: bool = True,
) -> None:
    """Memory, timeout, concurrency, environment, runtime, architecture, log retention
    (also the rules of FunctionDefaults). ``own_environment``: the names the Handler set
    itself; the others came from FunctionDefaults (None: all are the Handler's). ``warn``:
    whether to warn too (a Handler shared by routes warns once, of its first route)."""
    check_sizes(v, handler, prop)
    _check_environment(v, handler, prop, construct_environment, own_environment, warn=warn)
    for name, value, allowed in (
        ("runtime", handler.runtime, _defaults.PYTHON_VERSIONS),
        ("architecture", handler.architecture, _defaults.ARCHITECTURES),
    ):
        check_choice(v, f"{prop}.{name}", name, value, allowed)
    # a Duration of CloudWatch's day counts was mapped when resolved; any other is named
    check_log_group_retention(v, handler.log_retention, f"{prop}.log_retention")


_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*\Z")


def _check_environment(
    v: Validator,
    handler: Handler,
    prop: str,
    construct_environment: Sequence[str],
    own: Collection[str] | None = None,
    *,
    warn: bool = True,
) -> None:
    environment = handler.environment
    prop = f"{prop}.environment"
    if not isinstance(environment, Mapping):
        v.add(prop, f"is {a_type(environment)}", "pass a dict of str to str")
        return
    construct_environment = (
        *construct_environment,
        *(_POWERTOOLS_ENVIRONMENT if handler.powertools is True else ()),
    )
    links = check_links(
        v,
        handler.links,
        prop.removesuffix(".environment") + ".links",
        taken=_setters(v, environment, construct_environment, own),
        reserved=_RESERVED_ENV,
    )
    names = [*construct_environment, *(link.env for link in links)]
    size = EnvironmentSize()
    for name in names:  # each the construct's or a link's: its value known at deploy
        size.add(name, deploy_time=True)
    for name, value in environment.items():
        if not v.known_at_synth(name, prop, *_ENV_NAME_AT_SYNTH):
            continue
        if not isinstance(name, str) or not _LAMBDA_ENV_NAME.match(name):
            v.add(
                prop,
                f"has the invalid variable name {name!r}",
                "use at least 2 letters, digits and underscores, starting with a letter",
            )
            continue
        if name in _RESERVED_ENV:
            v.add(prop, f"sets {name!r}, which the Lambda runtime reserves", "rename the variable")
        elif name in construct_environment:
            # a variable of FunctionDefaults is named there, where it must be renamed
            inherited = own is not None and name not in own
            v.add(
                "FunctionDefaults.environment" if inherited else prop,
                f"sets {name!r}, which the construct sets itself (it would be overwritten)",
                _POWERTOOLS_FIX.get(name)
                or f"rename your variable{' in FunctionDefaults' if inherited else ''}; "
                f"the construct's {name} holds what its name says",
            )
        if not isinstance(value, str):
            v.add(
                prop,
                f"has {name}={described(value)}; Lambda variables are strings",
                string_value_fix(name, value, deploy_time=is_unresolved(value)),
            )
            continue
        if (pasted := pasted_variable_fix(value)) is not None:
            v.add(prop, f"has {name}={value!r}, {pasted[0]}", pasted[1])
        size.add(name)
        token = is_unresolved(value)
        size.add(literal_text(value) if token else value, deploy_time=token)
    size.check(v, prop, links, warn=warn)


def _setters(
    v: Validator,
    environment: Mapping[str, object],
    construct_environment: Sequence[str],
    own: Collection[str] | None,
) -> dict[str, str]:
    """What sets each variable a function has before its links, as messages name it."""
    construct = f"the {type(v.scope).__name__} itself"
    return {
        **{
            name: "FunctionDefaults' `environment`"
            if own is not None and name not in own
            else "the Handler's `environment`"
            for name in environment
        },
        **{
            name: "powertools=True" if name in _POWERTOOLS_ENVIRONMENT else construct
            for name in construct_environment
        },
    }


def _check_deployment(v: Validator, handler: Handler, prop: str, network: object) -> None:
    deployment = handler.deployment
    check_deployment(v, deployment, f"{prop}.deployment")
    hooks = deployment.hooks if isinstance(deployment, Deployment) else {}
    for name, hook in hooks.items():
        where = f"{prop}.deployment.{Deployment.HOOK_PROPS[name]}"  # the prop, not the id
        check_handler(
            v, hook, where, construct_environment=(TARGET_VERSION_VARIABLE,), network=network
        )
        check_hook_reach(v, hook, where, network)
