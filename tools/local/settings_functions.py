"""Settings read back and compared with the template's: the functions and what runs them
(their aliases, log groups, event source mappings, invoke configs, schedules, alarms and
CodeDeploy deployment groups).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tools.local.deployed import Clients, Outcome, Resource, ref_id, resolve
from tools.local.probes import function_of, log_group

Checker = Callable[[Clients, Resource, dict[str, Resource], Outcome, str], None]


def _function_settings(
    c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str
) -> None:
    conf = c.lambda_.get_function_configuration(FunctionName=r.physical_id)
    p, t = r.props, r.type
    o.compare(w, "Architectures", p.get("Architectures", ["x86_64"]), conf.get("Architectures"), t)
    o.compare(w, "Runtime", p.get("Runtime"), conf.get("Runtime"), t)
    o.compare(w, "MemorySize", p.get("MemorySize", 128), conf.get("MemorySize"), t)
    o.compare(w, "Timeout", p.get("Timeout", 3), conf.get("Timeout"), t)
    o.compare(w, "Handler", p.get("Handler"), conf.get("Handler"), t)
    if "TracingConfig" in p:
        o.compare(
            w,
            "TracingConfig.Mode",
            p["TracingConfig"]["Mode"],
            conf.get("TracingConfig", {}).get("Mode"),
            t,
        )
    logging_config = p.get("LoggingConfig", {})
    if "LogFormat" in logging_config:
        o.compare(
            w,
            "LoggingConfig.LogFormat",
            logging_config["LogFormat"],
            conf.get("LoggingConfig", {}).get("LogFormat"),
            t,
        )
    if "LogGroup" in logging_config:
        o.compare(
            w,
            "LoggingConfig.LogGroup",
            ref_id(logging_config["LogGroup"], rs),
            conf.get("LoggingConfig", {}).get("LogGroup"),
            t,
        )
    if "Layers" in p:  # AWS's Powertools layer: its local stand-in (powertools_layer.py)
        layers = conf.get("Layers", [])
        o.compare(w, "Layers", p["Layers"], [layer.get("Arn") for layer in layers], t)
        o.check(w, "Layers hold code", all(layer.get("CodeSize") for layer in layers), str(layers))
    expected_env = sorted(p.get("Environment", {}).get("Variables", {}))
    o.compare(
        w,
        "Environment keys",
        expected_env,
        sorted(conf.get("Environment", {}).get("Variables", {})),
        t,
    )
    if "ReservedConcurrentExecutions" in p:
        got = c.lambda_.get_function_concurrency(FunctionName=r.physical_id).get(
            "ReservedConcurrentExecutions"
        )
        o.compare(w, "ReservedConcurrentExecutions", p["ReservedConcurrentExecutions"], got, t)


def _alias_settings(c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str) -> None:
    name = function_of(ref_id(r.props["FunctionName"], rs) or "")[0]
    alias = c.lambda_.get_alias(FunctionName=name, Name=r.props["Name"])
    version = r.props["FunctionVersion"]
    o.compare(w, "Name", r.props["Name"], alias["Name"], r.type)
    o.compare(w, "FunctionVersion", function_of(version or "")[1], alias["FunctionVersion"], r.type)


def _log_group_settings(
    c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str
) -> None:
    group = log_group(c, r.deployed_id) or {}
    o.compare(
        w, "RetentionInDays", r.props.get("RetentionInDays"), group.get("retentionInDays"), r.type
    )


def _schedule_settings(
    c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str
) -> None:
    group = ref_id(r.props.get("GroupName", "default"), rs)
    got = c.scheduler.get_schedule(Name=r.deployed_id.split("|")[-1], GroupName=group)
    p, t = r.props, r.type
    o.compare(w, "ScheduleExpression", p["ScheduleExpression"], got["ScheduleExpression"], t)
    o.compare(
        w,
        "ScheduleExpressionTimezone",
        p.get("ScheduleExpressionTimezone", "UTC"),
        got.get("ScheduleExpressionTimezone", "UTC"),
        t,
    )
    o.compare(w, "FlexibleTimeWindow", p["FlexibleTimeWindow"], got["FlexibleTimeWindow"], t)
    o.compare(w, "State", p.get("State", "ENABLED"), got.get("State"), t)
    target = got["Target"]
    o.compare(w, "Target.Arn", p["Target"]["Arn"], target["Arn"], t)
    if "RetryPolicy" in p["Target"]:
        o.compare(w, "Target.RetryPolicy", p["Target"]["RetryPolicy"], target.get("RetryPolicy"), t)
    if "Input" in p["Target"]:
        o.compare(
            w,
            "Target.Input",
            json.loads(p["Target"]["Input"]),
            json.loads(target.get("Input", "null")),
            t,
        )
    o.check(
        w,
        "Target.DeadLetterConfig",
        bool(target.get("DeadLetterConfig", {}).get("Arn")) == ("DeadLetterConfig" in p["Target"]),
    )


def _event_source_settings(
    c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str
) -> None:
    got = c.lambda_.get_event_source_mapping(UUID=r.physical_id)
    p, t = r.props, r.type
    o.compare(
        w,
        "FunctionResponseTypes",
        p.get("FunctionResponseTypes", []),
        got.get("FunctionResponseTypes", []),
        t,
    )
    o.compare(w, "BatchSize", p.get("BatchSize", 10), got.get("BatchSize"), t)
    if "ScalingConfig" in p:
        o.compare(w, "ScalingConfig", p["ScalingConfig"], got.get("ScalingConfig"), t)
    o.check(w, "targets the live alias", got["FunctionArn"].endswith(":live"), got["FunctionArn"])


def _invoke_config_settings(
    c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str
) -> None:
    name = function_of(ref_id(r.props["FunctionName"], rs) or "")[0]
    got = c.lambda_.get_function_event_invoke_config(
        FunctionName=name, Qualifier=r.props["Qualifier"]
    )
    p, t = r.props, r.type
    o.compare(
        w, "MaximumRetryAttempts", p.get("MaximumRetryAttempts"), got.get("MaximumRetryAttempts"), t
    )
    o.compare(
        w,
        "MaximumEventAgeInSeconds",
        p.get("MaximumEventAgeInSeconds"),
        got.get("MaximumEventAgeInSeconds"),
        t,
    )
    o.check(
        w,
        "DestinationConfig.OnFailure",
        bool(got.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination")),
    )


def _alarm_settings(c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str) -> None:
    alarm = c.cloudwatch.describe_alarms(AlarmNames=[r.physical_id])["MetricAlarms"][0]
    o.compare(w, "Threshold", float(r.props["Threshold"]), alarm["Threshold"], r.type)
    o.compare(
        w, "ComparisonOperator", r.props["ComparisonOperator"], alarm["ComparisonOperator"], r.type
    )
    o.compare(
        w,
        "TreatMissingData",
        r.props.get("TreatMissingData", "missing"),
        alarm.get("TreatMissingData", "missing"),
        r.type,
    )
    _alarm_actions(c, r, o, w, alarm)


def _alarm_actions(c: Clients, r: Resource, o: Outcome, w: str, alarm: dict[str, Any]) -> None:
    for setting in ("AlarmActions", "OKActions", "InsufficientDataActions"):
        if setting in r.props:
            o.compare(w, setting, r.props[setting], alarm.get(setting, []), r.type)


def _codedeploy_app_settings(
    c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str
) -> None:
    app = c.codedeploy.get_application(applicationName=r.physical_id)["application"]
    o.compare(
        w, "ComputePlatform", r.props.get("ComputePlatform"), app.get("computePlatform"), r.type
    )


def _deployment_group_settings(
    c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str
) -> None:
    p, t = r.props, r.type
    got = c.codedeploy.get_deployment_group(
        applicationName=p["ApplicationName"], deploymentGroupName=r.physical_id
    )["deploymentGroupInfo"]
    o.compare(
        w, "DeploymentConfigName", p.get("DeploymentConfigName"), got.get("deploymentConfigName"), t
    )
    alarms = p.get("AlarmConfiguration", {})
    o.compare(
        w,
        "AlarmConfiguration",
        [alarms.get("Enabled", False), sorted(a["Name"] for a in alarms.get("Alarms", []))],
        [
            got["alarmConfiguration"]["enabled"],
            sorted(a["name"] for a in got["alarmConfiguration"]["alarms"]),
        ],
        t,
    )
    rollback = p.get("AutoRollbackConfiguration", {})
    o.compare(
        w,
        "AutoRollbackConfiguration",
        [rollback.get("Enabled", False), sorted(rollback.get("Events", []))],
        [
            got["autoRollbackConfiguration"]["enabled"],
            sorted(got["autoRollbackConfiguration"]["events"]),
        ],
        t,
    )
    style = p.get("DeploymentStyle", {})
    o.compare(
        w,
        "DeploymentStyle",
        [style.get("DeploymentType"), style.get("DeploymentOption")],
        [got["deploymentStyle"]["deploymentType"], got["deploymentStyle"]["deploymentOption"]],
        t,
    )
    # every rollback alarm exists
    for name in (a["Name"] for a in alarms.get("Alarms", [])):
        o.check(w, f"rollback alarm {name} exists", _found_alarm(c, name))
    # the aliases it deploys name it in their UpdatePolicy
    aliases = [
        a
        for a in rs.values()
        if a.type == "AWS::Lambda::Alias"
        and resolve(
            a.update_policy.get("CodeDeployLambdaAliasUpdate", {}).get("DeploymentGroupName"),
            {x.logical_id: x.physical_id for x in rs.values()},
        )
        == r.physical_id
    ]
    o.check(w, f"deploys {len(aliases)} alias(es) (their UpdatePolicy names it)", bool(aliases))


def _found_alarm(c: Clients, name: str) -> bool:
    return bool(c.cloudwatch.describe_alarms(AlarmNames=[name])["MetricAlarms"])


SETTINGS: dict[str, Checker] = {
    "AWS::Lambda::Function": _function_settings,
    "AWS::Lambda::Alias": _alias_settings,
    "AWS::Logs::LogGroup": _log_group_settings,
    "AWS::Scheduler::Schedule": _schedule_settings,
    "AWS::Lambda::EventSourceMapping": _event_source_settings,
    "AWS::Lambda::EventInvokeConfig": _invoke_config_settings,
    "AWS::CloudWatch::Alarm": _alarm_settings,
    "AWS::CodeDeploy::Application": _codedeploy_app_settings,
    "AWS::CodeDeploy::DeploymentGroup": _deployment_group_settings,
}
