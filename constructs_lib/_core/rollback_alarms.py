"""What ``deployment_group.add_alarm`` takes: aws-cdk-lib's own method takes anything and
fails later as a jsii trace (a string, None), an AttributeError (a topic), a
reference across apps at synth, or at deploy (an alarm of another region, an eleventh
alarm), none of which names the call."""

from __future__ import annotations

from aws_cdk.interfaces.aws_cloudwatch import IAlarmRef
from constructs import Construct

from constructs_lib._env import check_same_environment
from constructs_lib._jsii import described, implements, is_unresolved
from constructs_lib._synthesis import check_not_synthesized
from constructs_lib._validation import Validator
from constructs_lib.errors import ConstructError, Problem

__all__ = ["MAX_DEPLOYMENT_GROUP_ALARMS", "check_rollback_alarm"]

#: CodeDeploy's alarms per deployment group (AlarmsLimitExceededException above it).
MAX_DEPLOYMENT_GROUP_ALARMS = 10

_PROP = "alarm"


def check_rollback_alarm(group: Construct, alarm: object, count: int) -> None:
    """Raises a ConstructError unless ``alarm`` can join ``group``, which has ``count``
    alarms already (the library's rollback alarms and the user's)."""
    # IAlarmRef, as aws-cdk-lib's method: an L1 cloudwatch.CfnAlarm is one too
    if not implements(alarm, IAlarmRef):
        raise ConstructError(
            [
                Problem(
                    group.node.path,
                    _PROP,
                    f"is {described(alarm)}, not a CloudWatch alarm",
                    "pass one alarm: a cloudwatch.Alarm, CompositeAlarm or CfnAlarm, or "
                    "cloudwatch.Alarm.from_alarm_name(self, 'Alarm', <name>) for one of this "
                    "region (add_alarm takes one at a time)",
                )
            ]
        )
    check_not_synthesized(group, _PROP, "the rollback alarm", "add it")
    v = Validator(group)
    _check_alarm_arn(v, getattr(alarm, "alarm_arn", None))
    v.raise_if_any()  # an import from another ARN has no name the checks below could read
    check_same_environment(
        v,
        alarm,
        _PROP,
        "CodeDeploy reads the alarms of its deployment group's own region and account only, "
        "so every deployment would fail",
        "pass an alarm of this stack's region and account",
    )
    v.check(
        count < MAX_DEPLOYMENT_GROUP_ALARMS,
        _PROP,
        f"would be alarm {count + 1} of the deployment group (the library's rollback alarms "
        f"included): CodeDeploy takes at most {MAX_DEPLOYMENT_GROUP_ALARMS} per group and "
        "would refuse it at deploy",
        "merge alarms into one cloudwatch.CompositeAlarm(alarm_rule=AlarmRule.any_of(...)) "
        "and add that",
    )
    v.raise_if_any()


def _check_alarm_arn(v: Validator, arn: object) -> None:
    """An alarm imported from an ARN (``Alarm.from_alarm_arn`` takes any) names a CloudWatch
    alarm: another's (a topic's, a metric stream's) has no alarm name, which aws-cdk-lib
    reported as a jsii trace and CodeDeploy would not find."""
    fix = (
        "import the alarm by its own ARN, cloudwatch.Alarm.from_alarm_arn(self, 'Alarm', "
        "'arn:aws:cloudwatch:<region>:<account>:alarm:<name>'), or by its name"
    )
    if not v.check_arn_service(arn, "cloudwatch", _PROP, "a CloudWatch alarm", fix):
        return
    if isinstance(arn, str) and not is_unresolved(arn) and arn.count(":") >= 5:
        v.check(
            arn.split(":")[5] == "alarm" and arn.count(":") >= 6,
            _PROP,
            f"was imported from {arn!r}, a CloudWatch ARN of no alarm",
            fix,
        )
