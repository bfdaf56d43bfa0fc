"""What Monitoring checks of its arguments (the constructor's and its methods') before it
touches the stack."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aws_cdk import Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import Construct

from constructs_lib._alarm_topic_env import check_alarm_topic_environment
from constructs_lib._config_values import bool_fix
from constructs_lib._facts import path_of
from constructs_lib._facts import stack_of as _stack_of
from constructs_lib._jsii import described, implements, is_unresolved, shown
from constructs_lib._loaded import loaded_module
from constructs_lib._validation import Validator, problem
from constructs_lib.errors import ConstructError, Problem

__all__ = [
    "check_alarms",
    "check_arguments",
    "check_dashboard_kept",
    "check_registration",
    "check_title",
    "check_topic",
    "check_widgets",
    "checked_row",
    "error",
    "monitoring_path",
    "stack_of",
]


def stack_of(scope: object) -> Stack:
    """The stack of ``scope``; a ConstructError when it is no construct or in no stack."""
    fix = "pass the stack (or a construct in it): Monitoring(stack, ...)"
    if not isinstance(scope, Construct):
        raise error("(no scope)", "scope", f"is {shown(scope)}, not a construct", fix)
    try:
        return _stack_of(scope)
    except RuntimeError:  # jsii: "No stack could be identified for the construct at path"
        raise error(scope.node.path or "(app)", "scope", "is in no stack", fix) from None


def monitoring_path(stack: Stack) -> str:
    """The path of ``stack``'s Monitoring (its id is fixed), made or still to be made: where
    a problem with its arguments is."""
    return f"{path_of(stack)}/Monitoring"


def check_arguments(
    stack: Stack, ids: tuple[str, ...], alarm_topic: object, dashboard: object
) -> None:
    """Raises a ConstructError for an id (there is one Monitoring per stack), a topic that
    is not an SNS topic of the stack's region and account, or a dashboard flag that is not
    a bool."""
    if ids:  # an id would suggest a second Monitoring, whose topic no alarm would use
        raise error(
            monitoring_path(stack),
            "id",
            f"is given ({ids[0]!r}), but a stack has exactly one Monitoring",
            "call Monitoring(stack, alarm_topic=...) without an id",
        )
    for prop, value, ok, fix in (
        (
            "alarm_topic",
            alarm_topic,
            alarm_topic is None or _is_topic(alarm_topic),
            "pass an sns.ITopic (sns.Topic.from_topic_arn(...) for an ARN)",
        ),
        (
            "dashboard",
            dashboard,
            dashboard is None or isinstance(dashboard, bool),
            bool_fix(dashboard) or "pass True or False",  # "false" from a config: False
        ),
    ):
        if not ok:
            raise error(monitoring_path(stack), prop, f"is {described(value)}", fix)
    v = Validator(stack)
    check_alarm_topic_environment(v, alarm_topic)
    v.raise_if_any()


def check_dashboard_kept(stack: Stack, dashboard: object, *, has_one: bool) -> None:
    """Raises a ConstructError for ``dashboard=False`` on a stack that has a dashboard
    already: it stays (nothing removes it), so the False would be ignored."""
    if dashboard is False and has_one:
        raise error(
            monitoring_path(stack),
            "dashboard",
            "is False, but the stack already has a dashboard (from an earlier "
            "Monitoring(..., dashboard=True) or the app's constructs_lib:dashboard context), "
            "which stays",
            "drop dashboard=False; for a stack without one, drop the earlier dashboard=True, "
            "or the context key and pass dashboard=True to the stacks that want a dashboard",
        )


def error(path: str | Construct, prop: str, message: str, fix: str) -> ConstructError:
    """One problem at ``path``, or of a construct (its deploy-time values named in its stack)."""
    if isinstance(path, Construct):
        return ConstructError([problem(path, prop, message, fix)])
    return ConstructError([Problem(path, prop, message, fix)])


def check_topic(
    path: str | Construct,
    prop: str,
    topic: object,
    scope: Construct,
    *,
    env_prop: str = "alarm_topic",
) -> None:
    """A topic given to a method of Monitoring: an SNS topic of the stack's environment
    (``env_prop``: the prop its environment's problems name)."""
    if not _is_topic(topic):
        raise error(
            path,
            prop,
            f"is {described(topic)}",
            "pass an sns.ITopic (sns.Topic.from_topic_arn(...) for an ARN)",
        )
    v = Validator(scope)
    check_alarm_topic_environment(v, topic, env_prop)
    v.raise_if_any()


def check_title(path: str | Construct, title: object) -> None:
    """``add_section``'s title: the heading of its row (a number or None rendered as one)."""
    if isinstance(title, str) and title.strip() and not is_unresolved(title):
        return
    what = (
        "is empty"
        if isinstance(title, str) and not is_unresolved(title)
        else f"is {described(title)}"
    )
    raise error(
        path, "title", f"{what}; it is the section's heading", "pass a heading, e.g. 'Orders'"
    )


def check_widgets(path: str | Construct, widgets: object, *, built: bool = False) -> None:
    """``add_section``'s widgets: a list of cloudwatch widgets (``built``: what a function
    given instead returned)."""
    what = "returns" if built else "is"
    if isinstance(widgets, str | bytes) or not isinstance(widgets, Sequence):
        problem = f"{what} {described(widgets)}, not a list of widgets"
    else:
        wrong = [w for w in widgets if not implements(w, cloudwatch.IWidget)]
        if not wrong:
            return
        problem = f"{what} a list holding {described(wrong[0])}"
    raise error(
        path,
        "widgets",
        problem,
        "pass a list of cloudwatch widgets (GraphWidget, TextWidget, ...), or a function "
        "returning one",
    )


def check_alarms(
    path: str | Construct, prop: str, alarms: object, stack: Stack, *, built: bool = False
) -> None:
    """Alarms for Monitoring: a list of alarms (``Alarm``, ``CompositeAlarm``) of ``stack``
    (an alarm notifies only a topic of its own region; an imported one takes no action)."""
    what = "returns" if built else "is"
    fix = (
        f"pass a list of cloudwatch alarms created in {stack.node.path}; register another "
        "stack's alarms with Monitoring.of(that_stack)"
    )
    if isinstance(alarms, str | bytes) or not isinstance(alarms, Sequence):
        raise error(path, prop, f"{what} {described(alarms)}, not a list", fix)
    for index, alarm in enumerate(alarms):
        if not isinstance(alarm, cloudwatch.AlarmBase) or alarm.node.default_child is None:
            message = f"{what} a list whose item {index} is {described(alarm)}"
            if implements(alarm, cloudwatch.IAlarm):
                message += " (an imported alarm, which takes no actions)"
            raise error(path, prop, message, fix)
        if Stack.of(alarm) is not stack:
            raise error(
                path,
                prop,
                f"{what} a list holding the alarm {alarm.node.path} of another stack",
                fix,
            )


def check_registration(
    scope: Construct, alarms: object, enabled: object, topic: object, followers: object = None
) -> None:
    """``Monitoring.register``'s values: an alarm factory, a bool or None, a topic or None,
    a followers' alarm factory or None."""
    path = scope
    for prop, value, ok, fix in (
        ("alarms", alarms, callable(alarms), "pass a function returning the alarms"),
        (
            "followers",
            followers,
            followers is None or callable(followers),
            "pass a function returning the alarms (followers=lambda: [alarm]), or None",
        ),
        (
            "enabled",
            enabled,
            enabled is None or isinstance(enabled, bool),
            "pass True, False or None",
        ),
    ):
        if not ok:
            raise error(path, prop, f"is {described(value)}", fix)
    if topic is not None:
        check_topic(path, "topic", topic, scope)


def checked_row(
    path: str | Construct, build: Callable[[], Sequence[cloudwatch.IWidget]]
) -> Callable[[], Sequence[cloudwatch.IWidget]]:
    """``build``, whose result is checked to be a list of widgets when it is called."""

    def row() -> Sequence[cloudwatch.IWidget]:
        widgets = build()
        check_widgets(path, widgets, built=True)
        return widgets

    return row


def _is_topic(value: object) -> bool:
    sns = loaded_module("aws_sns")  # a topic was built or imported with it
    return sns is not None and implements(value, sns.ITopic)
