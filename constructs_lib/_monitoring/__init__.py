"""Per-resource alarm and widget builders, and the registration with the stack's
Monitoring. Each builder returns fresh alarms (created under the given scope) or widgets;
thresholds and periods come from ``_defaults`` and alarm descriptions are formatted from
them."""

from constructs_lib._monitoring.alarm import alarm
from constructs_lib._monitoring.register import register

__all__ = ["alarm", "register"]
