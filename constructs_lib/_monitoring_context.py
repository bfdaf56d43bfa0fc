"""The app context Monitoring reads: ``constructs_lib:alarm_topic`` (a topic ARN or name)
and ``constructs_lib:dashboard`` (true or false), each a ConstructError when it is neither:
a misread value would page nobody, or leave a stack without the dashboard asked for."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from aws_cdk import Stack
from constructs import Construct

from constructs_lib._config_values import bool_meant
from constructs_lib._facts import path_of
from constructs_lib._monitoring_arguments import error

if TYPE_CHECKING:
    from aws_cdk import aws_sns as sns

__all__ = ["context_topic", "dashboard_from_context"]


def dashboard_from_context(stack: Stack, key: str, value: object) -> bool:
    """The app context ``key`` (``constructs_lib:dashboard``): true or false, as cdk.json's
    JSON or as the text ``-c key=true`` gives, in any case (``True``, a Python habit:
    aws-cdk-lib's own feature flags take any text as set), absent: False; anything else
    is a ConstructError, not a silent "no dashboard". ``value``: the context's, as
    ``stack`` sees it."""
    if value is None or isinstance(value, bool):
        return value is True
    text = value.strip().lower() if isinstance(value, str) else None
    if text in ("true", "false"):
        return text == "true"
    meant = bool_meant(value) if isinstance(value, str) else None
    raise error(
        path_of(stack),
        f"context {key!r}",
        f"is {value!r}; it must be true or false (any case)",
        f"pass -c {key}={str(meant).lower()}, or {str(meant).lower()} in cdk.json's context "
        f"({value!r} reads as {str(meant).lower()}, but only true and false are taken)"
        if meant is not None
        else f"pass -c {key}=true (or false), or true in cdk.json's context",
    )


def context_topic(scope: Construct, topic: object, key: str) -> sns.ITopic:
    """The topic the app's context ``key`` names: an SNS topic ARN, or a name in the
    stack's own account and region."""
    if isinstance(topic, str) and topic.endswith(".fifo"):
        raise error(
            Stack.of(scope).node.path,
            f"context {key!r}",
            f"is {topic!r}, a FIFO topic: SNS takes only messages with a message group ID "
            "there, which CloudWatch's alarm notifications have not, so the alarms would "
            "page nobody",
            f"pass -c {key}=<the name or ARN of a standard topic>",
        )
    if not isinstance(topic, str) or not (
        _TOPIC_ARN.fullmatch(topic) or _TOPIC_NAME.fullmatch(topic)
    ):
        raise error(
            Stack.of(scope).node.path,
            f"context {key!r}",
            f"is {topic!r}, neither an SNS topic ARN nor a topic name (1 to 256 letters, "
            "digits, '-' or '_'): CloudWatch would refuse it as an alarm action at deploy",
            f"pass -c {key}=<topic name> (e.g. ops-alarms) or the "
            "topic's ARN (arn:aws:sns:<region>:<account>:<name>)",
        )
    if topic.lower() in _SWITCHES:
        # `-c key=false` reaches the app as the string "false": a switch, not a topic
        raise error(
            Stack.of(scope).node.path,
            f"context {key!r}",
            f"is {topic!r}, a switch, not a topic: the alarms would notify a topic named {topic!r}",
            f"pass -c {key}=<topic name> (e.g. ops-alarms) or the topic's ARN (for a "
            "topic really named so), or leave the key out for no app-wide topic",
        )
    arn = (
        topic
        if topic.startswith("arn:")
        else Stack.of(scope).format_arn(service="sns", resource=topic)
    )
    from aws_cdk import aws_sns as sns  # with the context only

    return sns.Topic.from_topic_arn(scope, "AlarmTopic", arn)


# What `-c key=true` / `-c key=false` pass: a switch meant, not a topic's name.
_SWITCHES = frozenset({"true", "false"})
# An SNS standard topic's name (the only kind CloudWatch notifies).
_TOPIC_NAME = re.compile(r"[A-Za-z0-9_-]{1,256}")
#: arn:<partition>:sns:<region>:<account>:<name> (a partial one was aws-cdk-lib's bare
#: ArnResourceRequired error, naming neither the context key nor a construct)
_TOPIC_ARN = re.compile(r"arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}")
