"""ScheduledJob's props: their defaults, the values derived from them, and their rules."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aws_cdk import Duration, TimeZone
from aws_cdk import aws_scheduler as scheduler

from constructs_lib import _defaults
from constructs_lib._core import FunctionBackedProps
from constructs_lib._core.handler_rules import check_handler
from constructs_lib._core.pasted_variables import pasted_variables_in
from constructs_lib._customer_keys import check_key
from constructs_lib._duration_numbers import fitted_duration_fix
from constructs_lib._jsii import is_unresolved, shown
from constructs_lib._json_nulls import json_nulls
from constructs_lib._json_values import json_error, plain_json
from constructs_lib._loaded import LazyModule
from constructs_lib._token_text import literal_text
from constructs_lib._validation import Validator
from constructs_lib._words import a_type
from constructs_lib.handler import Handler
from constructs_lib.scheduled_job.payload import misspelt_attributes
from constructs_lib.scheduled_job.payload_tokens import check_payload_tokens
from constructs_lib.scheduled_job.schedule_rules import check_schedule, check_zone_matters
from constructs_lib.scheduled_job.schedule_warnings import (
    warn_of_no_run_left,
    warn_of_numbered_days,
    warn_of_skipped_runs,
)
from constructs_lib.scheduled_job.time_zone_checks import check_time_zone

if TYPE_CHECKING:
    from aws_cdk import aws_kms as kms

else:  # imported on first use (typing.get_type_hints): importing this loads none
    kms = LazyModule("aws_kms")

__all__ = ["ScheduledJobProps"]

# EventBridge Scheduler's limits for a target's retry policy and flexible time window.
_SCHEDULER_MAX_RETRY_ATTEMPTS = 185
_SCHEDULER_EVENT_AGE_SECONDS = (60, 86400)
_SCHEDULER_FLEXIBLE_WINDOW_MINUTES = (1, 1440)
_DESCRIPTION_MAX_LENGTH = 512


@dataclass(frozen=True, kw_only=True)
class ScheduledJobProps(FunctionBackedProps):
    """ScheduledJob's props (see :class:`ScheduledJob` for each one), validated together."""

    handler: Handler
    schedule: str | scheduler.ScheduleExpression
    timezone: str | None = None
    payload: Mapping[str, Any] | None = None
    retry_attempts: int = _defaults.SCHEDULE_RETRY_ATTEMPTS
    max_event_age: Duration | None = None
    allow_overlap: bool = False
    flexible_window: Duration | None = None
    enabled: bool = True
    description: str | None = None
    dead_letter_queue_key: kms.IKey | None = None

    @property
    def expression(self) -> scheduler.ScheduleExpression:
        """The schedule, evaluated in ``timezone`` (default UTC) when given as a string."""
        if isinstance(self.schedule, scheduler.ScheduleExpression):
            return self.schedule
        return scheduler.ScheduleExpression.expression(
            self.schedule, TimeZone.of(self.timezone or _defaults.SCHEDULE_TIMEZONE)
        )

    @property
    def run_zone(self) -> str:
        """The IANA zone the schedule runs in, for the gaps between runs; UTC for one known
        at deploy only (its clock changes are then not counted)."""
        zone = self.expression.time_zone
        name = zone.timezone_name if zone is not None else _defaults.SCHEDULE_TIMEZONE
        return _defaults.SCHEDULE_TIMEZONE if is_unresolved(name) else name

    @property
    def event(self) -> dict[str, Any]:
        """The JSON object every run receives (default ``{}``)."""
        event: dict[str, Any] = plain_json(self.payload or {})
        return event

    @property
    def target_input(self) -> scheduler.ScheduleTargetInput:
        """The payload as the target's input, ``null`` values included: through jsii a
        ``None`` is "undefined", which ``from_object`` drops (``[1, None]`` -> ``[1]``)."""
        return scheduler.ScheduleTargetInput.from_object(json_nulls(self.event))

    @property
    def scheduler_max_event_age(self) -> Duration:
        """How long Scheduler keeps retrying (default 1 hour)."""
        return self.max_event_age or Duration.seconds(_defaults.SCHEDULE_MAX_EVENT_AGE_SECONDS)

    @property
    def time_window(self) -> scheduler.TimeWindow:
        """Flexible within ``flexible_window``, else exactly on time."""
        if self.flexible_window is None:
            return scheduler.TimeWindow.off()
        return scheduler.TimeWindow.flexible(self.flexible_window)

    def validate(self, v: Validator) -> None:
        super().validate(v)
        check_handler(v, self.handler, "handler", network=self.network)
        check_key(v, self.dead_letter_queue_key, "dead_letter_queue_key")
        valid = check_schedule(v, self.schedule, self.timezone)
        if self.timezone is not None and not is_unresolved(self.timezone):
            check_time_zone(v, "timezone", self.timezone)
        else:  # a name that resolves at synth (Lazy.string) is checked then
            v.recheck_rule(
                self.timezone, lambda found, name: check_time_zone(found, "timezone", name)
            )
        if valid is not None:
            check_zone_matters(v, *valid, given=self.timezone)
            warn_of_no_run_left(v, *valid)
            warn_of_skipped_runs(v, *valid)
            warn_of_numbered_days(v, valid[0])
        self._validate_payload(v)
        v.check_range(
            self.retry_attempts,
            "retry_attempts",
            0,
            _SCHEDULER_MAX_RETRY_ATTEMPTS,
            literal=True,
            whole=True,
        )
        low, high = _SCHEDULER_EVENT_AGE_SECONDS
        if _check_range_known(
            v,
            self.max_event_age,
            "max_event_age",
            f"pass a literal Duration from {low:g} to {high:g} seconds, e.g. Duration.hours(1)",
        ):  # a token's unit is no matter: it is refused in any
            max_event_age = v.whole_seconds(self.max_event_age, "max_event_age")
            v.duration_range(max_event_age, "max_event_age", low, high)
        self._validate_flexible_window(v)
        if v.check_type(
            self.description,
            "description",
            str,
            f"pass a string of at most {_DESCRIPTION_MAX_LENGTH} characters",
        ):
            _check_description(v, self.description)
        self._validate_concurrency(v)

    def _validate_payload(self, v: Validator) -> None:
        payload = {} if self.payload is None else self.payload
        if not isinstance(payload, Mapping):
            v.add(
                "payload",
                f"is {a_type(payload)}; it must be a JSON object (a dict)",
                _payload_text_fix(payload) or "pass a dict such as {'report': 'daily'}",
            )
            return
        if not check_payload_tokens(v, payload):
            return
        if (error := json_error(payload)) is not None:
            v.add(
                "payload",
                f"is not JSON-serialisable ({error})",
                "use only str, int, float (finite), bool, None, lists and dicts with str keys",
            )
            return
        for where, written, meant in misspelt_attributes(payload):
            v.add(
                f"payload{where}",
                f"has {written!r}, not a context attribute as Scheduler spells it: Scheduler "
                "passes it on as written, so the job would receive that text, not the run's value",
                f"write {meant}",
            )
        # a serverless.yml schedule's input pasted: ${opt:stage} reaches the run as text
        for where, what, fix in pasted_variables_in(payload, "the run would get it as text"):
            v.add(f"payload{where}", what, fix)

    def _validate_flexible_window(self, v: Validator) -> None:
        low, high = _SCHEDULER_FLEXIBLE_WINDOW_MINUTES
        _check_range_known(
            v,
            self.flexible_window,
            "flexible_window",
            f"pass a literal Duration from {low:g} to {high:g} minutes, e.g. Duration.minutes(15)",
        )
        seconds = v.duration_seconds(self.flexible_window, "flexible_window", unit="minutes")
        if seconds is None or v.check(
            seconds % 60 == 0,
            "flexible_window",
            f"is {seconds:g} seconds, not a whole number of minutes",
            # the whole minutes it rounds up to, inside the range: one fix every rule takes
            fitted_duration_fix(seconds or 0, "seconds", "minutes", low, high)
            or "pass Duration.minutes(n) with n from 1 to 1440",
        ):  # None: a number given for it gets a fix in the range
            minutes = None if seconds is None else int(seconds // 60)
            v.duration_range(minutes, "flexible_window", low, high, "minutes")

    def _validate_concurrency(self, v: Validator) -> None:
        handler = self.handler
        if (
            isinstance(handler, Handler)
            and not self.allow_overlap
            and handler.reserved_concurrency not in (None, 1)
        ):
            reserved, one = handler.reserved_concurrency, "allow_overlap=False needs 1"
            fix = (
                "remove handler.reserved_concurrency (ScheduledJob sets 1), or pass "
                "allow_overlap=True to keep it"
            )
            if v.known_at_synth(reserved, "handler.reserved_concurrency", one, fix):
                v.add(
                    "handler.reserved_concurrency",
                    f"is {reserved}, but {one} (one run at a time)",
                    fix,
                )
        provisioned = getattr(handler, "provisioned_concurrency", None)
        if (
            not self.allow_overlap
            and isinstance(provisioned, int)
            and not isinstance(provisioned, bool)
            and provisioned > 1
        ):
            # ScheduledJob reserves 1, and Lambda keeps provisioned environments within it
            v.add(
                "handler.provisioned_concurrency",
                f"is {provisioned}, but allow_overlap=False reserves 1 (one run at a time), "
                "and Lambda refuses provisioned concurrency above a function's reservation",
                "set provisioned_concurrency=1, or pass allow_overlap=True",
            )


def _check_range_known(v: Validator, duration: object, prop: str, fix: str) -> bool:
    """False (and a problem) for a Duration of a deploy-time number where aws-cdk-lib
    checks Scheduler's range at synth (its own error names no prop)."""
    return v.check(
        not is_unresolved(duration),
        prop,
        f"is {_deploy_time(duration)}; it must be known at synth: aws-cdk-lib checks the "
        "Scheduler's range at synth",
        fix,
    )


def _deploy_time(duration: object) -> str:
    """A Duration of a deploy-time number as written (``Duration.hours(<its encoding>)``,
    which the Validator names), anything else (a token where the Duration is) as shown."""
    return duration.to_string() if isinstance(duration, Duration) else shown(duration)


def _check_description(v: Validator, description: str | None) -> None:
    """At most Scheduler's 512 characters; of one with deploy-time values, its literal
    text (the values' encodings are no characters of it), and all of it at synth if it
    resolves then (``Lazy.string``)."""
    if description is None:
        return
    token = is_unresolved(description)
    if token:
        v.recheck_rule(description, _check_description)
    length = len(literal_text(description) if token else description)
    v.check(
        length <= _DESCRIPTION_MAX_LENGTH,
        "description",
        f"is {length} characters long{' without its deploy-time values' if token else ''}; "
        f"Scheduler allows at most {_DESCRIPTION_MAX_LENGTH}",
        f"shorten it to {_DESCRIPTION_MAX_LENGTH} characters or fewer",
    )


def _payload_text_fix(payload: object) -> str | None:
    """The dict a JSON object's text holds (SAM's schedule ``Input: '{"kind": "daily"}'``),
    as the fix of a ``payload`` given as that text; None for any other value."""
    if not isinstance(payload, str):
        return None
    try:
        parsed = json.loads(payload)
    except ValueError:
        return None
    if not isinstance(parsed, dict):
        return None
    return f"pass {parsed!r}, the JSON object the text holds (SAM's Input is its text)"
