"""Fix 1: metric-math alarms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._base import _original, _provisioners

# --- 1. metric-math alarms ------------------------------------------------------------


def _metric_math_record(name: str, props: dict[str, Any]) -> dict[str, Any]:
    original: Callable[[str, dict[str, Any]], dict[str, Any]]
    original = _original(_provisioners(), "_cw_metric_alarm_record")
    if not props.get("Metrics"):
        return original(name, props)
    # Build the record as for a plain alarm, then keep the metric-math query instead
    # of a metric (ministack's evaluator skips alarms without MetricName/Namespace).
    plain = {k: v for k, v in props.items() if k != "Metrics"}
    record = original(name, {**plain, "MetricName": "-", "Namespace": "-"})
    record.update(MetricName=None, Namespace=None, Metrics=props["Metrics"])
    record.pop("Statistic", None)
    return record


_MATH_ALARM = {
    "ComparisonOperator": "GreaterThanOrEqualToThreshold",
    "Threshold": 5,
    "EvaluationPeriods": 1,
    "Metrics": [
        {"Id": "rate", "Expression": "100 * errors / requests", "ReturnData": True},
        {
            "Id": "errors",
            "MetricStat": {
                "Metric": {"MetricName": "5xx", "Namespace": "AWS/ApiGateway"},
                "Period": 300,
                "Stat": "Sum",
            },
            "ReturnData": False,
        },
    ],
}


def _apply_metric_math() -> None:
    p = _provisioners()
    _original(p, "_cw_metric_alarm_record")
    p._cw_metric_alarm_record = _metric_math_record


def _canary_metric_math() -> dict[str, bool]:
    original = _original(_provisioners(), "_cw_metric_alarm_record")
    try:
        original("canary", dict(_MATH_ALARM))
        defect = False
    except ValueError as exc:
        defect = "metric math" in str(exc)
    record = _metric_math_record("canary", dict(_MATH_ALARM))
    return {"defect": defect, "fixed": record.get("Metrics") == _MATH_ALARM["Metrics"]}
