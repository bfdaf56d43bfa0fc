"""StreamWorker's props: their defaults and their rules (Lambda's ranges for a DynamoDB
stream's event source mapping, the filters' shape, the table's stream)."""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aws_cdk import Annotations, Duration
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs

from constructs_lib import _defaults
from constructs_lib._core import FunctionBackedProps
from constructs_lib._core.handler_rules import check_handler
from constructs_lib._event_patterns import detail_problems
from constructs_lib._jsii import implements, is_unresolved
from constructs_lib._loaded import LazyModule
from constructs_lib._prop_cycles import check_referenced_prop
from constructs_lib._prop_types import OWN_RULE
from constructs_lib._stream_dead_letter_queue import check_dead_letter_queue
from constructs_lib._stream_failed_batches import check_failed_batches_bucket
from constructs_lib._stream_filter_fields import (
    FILTER_EXAMPLE,
    FILTERS_KIND,
    filter_field_problems,
    filter_list_problems,
)
from constructs_lib._stream_filter_keys import key_filter_problems
from constructs_lib._stream_record_age import warn_if_beyond_stream
from constructs_lib._stream_table import check_stream_table, stream_key_names, stream_view_type
from constructs_lib._switched_off import STREAM_SWITCHED_OFF_WARNING, warn_if_switched_off
from constructs_lib._validation import Validator
from constructs_lib._whole_lists import refuse_whole_list
from constructs_lib._words import a_type
from constructs_lib.handler import Handler

if TYPE_CHECKING:
    from aws_cdk import aws_kms as kms
    from aws_cdk import aws_s3 as s3

else:  # imported on first use (typing.get_type_hints): importing this loads none
    kms = LazyModule("aws_kms")
    s3 = LazyModule("aws_s3")

__all__ = ["FILTERS_QUOTA_WARNING", "StreamWorkerProps"]

FILTERS_QUOTA_WARNING = "constructs_lib:streamFiltersQuota"

# Lambda's limits for a DynamoDB stream's event source mapping (CreateEventSourceMapping).
_MAX_BATCH_SIZE = 10000
_MAX_BATCHING_WINDOW_SECONDS = 300
_MAX_PARALLELIZATION_FACTOR = 10
_MAX_RETRY_ATTEMPTS = 10000
_RECORD_AGE_SECONDS = (60, 604800)
_MAX_PATTERN_LENGTH = 4096
_MAX_TUMBLING_WINDOW_SECONDS = 900
# Filters per mapping: 5 by default, up to 10 on a quota increase (Lambda's event filtering
# guide); more fail the deploy in any account, 6 to 10 in one that has no increase.
_DEFAULT_FILTERS, _MAX_FILTERS = 5, 10
_POSITIONS = ("TRIM_HORIZON", "LATEST")  # a DynamoDB stream has no AT_TIMESTAMP


@dataclass(frozen=True, kw_only=True)
class StreamWorkerProps(FunctionBackedProps):
    """StreamWorker's props (see :class:`StreamWorker` for each one), validated together."""

    handler: Handler
    table: dynamodb.ITable
    starting_position: lambda_.StartingPosition = lambda_.StartingPosition.TRIM_HORIZON
    batch_size: int = _defaults.STREAM_BATCH_SIZE
    max_batching_window: Duration | None = None
    parallelization_factor: int = 1
    retry_attempts: int = _defaults.STREAM_RETRY_ATTEMPTS
    max_record_age: Duration | None = None
    # its own rule (filter_list_problems): one filter alone, a pattern's JSON text
    filters: Sequence[Mapping[str, Any]] = field(default=(), metadata=OWN_RULE)
    tumbling_window: Duration | None = None
    enabled: bool = True
    dead_letter_queue_key: kms.IKey | None = None
    existing_dead_letter_queue: sqs.IQueue | None = None
    failed_batches_bucket: s3.IBucket | bool = False

    @property
    def record_age(self) -> Duration:
        """``max_record_age``, else the default (1 hour)."""
        return self.max_record_age or Duration.seconds(_defaults.STREAM_MAX_RECORD_AGE_SECONDS)

    def validate(self, v: Validator) -> None:
        """Adds every problem of the props to ``v``."""
        super().validate(v)
        handler = check_handler(v, self.handler, "handler", network=self.network)
        if handler and self.enabled is not False:  # a paused mapping reads nothing
            reserved = self.handler.reserved_concurrency
            warn_if_switched_off(
                v.scope, reserved, "handler.reserved_concurrency", STREAM_SWITCHED_OFF_WARNING
            )
        check_referenced_prop(
            v, self.existing_dead_letter_queue, "existing_dead_letter_queue", "queue"
        )
        check_referenced_prop(v, self.failed_batches_bucket, "failed_batches_bucket", "bucket")
        view_type = keys = None
        if implements(self.table, dynamodb.ITable):  # else its type is the problem
            check_stream_table(v, self.table)
            view_type = stream_view_type(self.table)
            keys = stream_key_names(self.table)
        # a member of another enum (lambda_.StartingPosition.AT_TIMESTAMP is Kinesis'); any
        # other value (a GlobalIndex has a name too) is the type check's problem
        given = self.starting_position
        position = given.name if isinstance(given, enum.Enum) else None
        v.check(
            position is None or position in _POSITIONS,
            "starting_position",
            f"is {position}; a DynamoDB stream is read from TRIM_HORIZON (its oldest "
            "record, up to 24 hours old) or LATEST (records written from now on) only",
            "pass lambda_.StartingPosition.TRIM_HORIZON (the default) or LATEST",
        )
        v.check_range(self.batch_size, "batch_size", 1, _MAX_BATCH_SIZE, whole=True)
        window = v.whole_seconds(
            self.max_batching_window,
            "max_batching_window",
            within=(0, _MAX_BATCHING_WINDOW_SECONDS),
        )
        v.duration_range(window, "max_batching_window", 0, _MAX_BATCHING_WINDOW_SECONDS)
        v.check_range(
            self.parallelization_factor,
            "parallelization_factor",
            1,
            _MAX_PARALLELIZATION_FACTOR,
            whole=True,
        )
        v.check_range(self.retry_attempts, "retry_attempts", 0, _MAX_RETRY_ATTEMPTS, whole=True)
        before = v.count
        age = v.whole_seconds(self.max_record_age, "max_record_age")
        v.duration_range(age, "max_record_age", *_RECORD_AGE_SECONDS)
        if v.count == before:  # in Lambda's range: the stream's 24 hours are shorter
            warn_if_beyond_stream(v, age)
        # aws-cdk-lib's DynamoEventSource compares it with its range at synth: a token fails
        v.check(
            v.count != before or not is_unresolved(self.max_record_age),
            "max_record_age",
            "is a deploy-time value; aws-cdk-lib checks it is 60 s..7 days at synth, so it "
            "must be known then",
            "pass a Duration of a number, e.g. Duration.hours(1) (the default)",
        )
        window = v.whole_seconds(
            self.tumbling_window, "tumbling_window", within=(0, _MAX_TUMBLING_WINDOW_SECONDS)
        )
        v.duration_range(window, "tumbling_window", 0, _MAX_TUMBLING_WINDOW_SECONDS)
        table_keys = None if keys is None else (keys, self.table.node.path)
        _check_filters(v, self.filters, view_type, table_keys)
        check_dead_letter_queue(v, self.existing_dead_letter_queue, self.dead_letter_queue_key)
        check_failed_batches_bucket(
            v,
            self.failed_batches_bucket,
            self.existing_dead_letter_queue,
            self.dead_letter_queue_key,
        )


def _check_filters(
    v: Validator,
    filters: Sequence[Mapping[str, Any]],
    view_type: str | None,
    keys: tuple[tuple[str, ...], str] | None,
) -> None:
    """Each filter as ``lambda_.FilterCriteria.filter`` makes it: ``{"pattern": <JSON>}``,
    matching fields the records of a stream keeping ``view_type`` have (``keys``: the key
    attributes of the table, of the app, and its path); no more of them than Lambda's
    quota."""
    # a whole deploy-time list: named as the other props' are (each pattern is read at synth)
    if not refuse_whole_list(v, filters, "filters", FILTERS_KIND, f"pass [{FILTER_EXAMPLE}]"):
        return
    problems = filter_list_problems(filters)
    for problem in problems:
        v.add(*problem)
    given = filters if isinstance(filters, list | tuple) and not problems else ()
    _check_filter_count(v, len(given))
    seen: dict[str, int] = {}  # each pattern's first position, as JSON with sorted keys
    for position, criteria in enumerate(given):
        prop = f"filters[{position}]"
        if not isinstance(criteria, Mapping):
            continue  # its type is the problem
        pattern = criteria.get("pattern")
        if set(criteria) != {"pattern"} or not isinstance(pattern, str):
            v.add(
                prop,
                f"is {a_type(criteria)} with the keys {sorted(map(str, criteria))}, not a "
                "filter: Lambda takes {'pattern': <the pattern as JSON>}",
                f"pass the pattern wrapped: {FILTER_EXAMPLE}",
            )
            continue
        if is_unresolved(pattern):
            continue
        v.check(
            len(pattern) <= _MAX_PATTERN_LENGTH,
            prop,
            f"is a pattern of {len(pattern)} characters; Lambda takes at most "
            f"{_MAX_PATTERN_LENGTH}",
            "shorten the pattern (fewer values), or split it over two filters (a record passes "
            "when any filter matches)",
        )
        try:
            parsed = json.loads(pattern)
        except ValueError:
            parsed = None
        if not v.check(
            isinstance(parsed, dict) and bool(parsed),
            prop,
            f"has the pattern {pattern[:80]!r}, which is no JSON object with a field to match",
            f"build it with {FILTER_EXAMPLE}",
        ):
            continue
        # Lambda reads a filter as EventBridge reads a pattern: a value outside a list
        # (``{"eventName": "INSERT"}``) passes synth and fails the deploy
        shape = detail_problems(prop, parsed, is_unresolved)
        fields = [(prop, what, fix) for what, fix in filter_field_problems(parsed, view_type)]
        if keys is not None:
            fields += [(prop, what, fix) for what, fix in key_filter_problems(parsed, *keys)]
        for problem in shape + fields:
            v.add(*problem)
        if shape or fields:
            continue
        # CloudFormation refuses a filter list holding one twice; a record passes when any
        # filter matches, so the second adds nothing
        first = seen.setdefault(json.dumps(parsed, sort_keys=True), position)
        v.check(
            first == position,
            prop,
            f"is the same pattern as filters[{first}]; a record passes when any filter "
            "matches, and CloudFormation refuses a filter given twice",
            f"drop filters[{position}]",
        )


def _check_filter_count(v: Validator, count: int) -> None:
    """More than 10 filters: refused (no account takes them); 6 to 10: a warning, as an
    account with the quota increase takes them."""
    if not v.check(
        count <= _MAX_FILTERS,
        "filters",
        f"has {count} filters; Lambda takes at most {_DEFAULT_FILTERS} per event source "
        f"mapping, {_MAX_FILTERS} with a quota increase",
        "merge filters: one pattern may list several values of a field (a record passes "
        'when it matches any, e.g. {"eventName": ["INSERT", "MODIFY"]}), or filter the rest '
        "in the handler",
    ):
        return
    if count > _DEFAULT_FILTERS:
        Annotations.of(v.scope).add_warning_v2(
            FILTERS_QUOTA_WARNING,
            f"filters has {count} filters; Lambda takes {_DEFAULT_FILTERS} per event source "
            f"mapping unless the account's quota was raised (up to {_MAX_FILTERS}), and the "
            "deploy fails without that. Fix: merge filters (one pattern may list several "
            "values of a field), or have AWS raise the account's quota, then "
            f"acknowledge '{FILTERS_QUOTA_WARNING}'.",
        )
