"""Each alarm a construct creates as a typed, read-only attribute of its own
(``worker.dead_letter_queue_alarm``, ``api.server_errors_alarm``), besides the ``alarms``
list: what a user adds to a composite alarm, a dashboard or a rollback.

A construct's alarms exist only once they have a destination (see ``Monitoring``), which
may come after the construct: each attribute reads the construct tree, so it is None until
its alarm is created (never with ``alarms=False``) and the alarm from then on. Properties
without a setter: :class:`ReadOnlyAttributes` refuses assigning them."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Protocol

from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_lambda as lambda_
from constructs import Construct, IConstruct, Node

from constructs_lib._core.read_only import ReadOnlyAttributes, mapping_view

__all__ = [
    "EventHandlerAlarms",
    "QueueWorkerAlarms",
    "ScheduledJobAlarms",
    "ServerlessApiAlarms",
    "StaticSiteAlarms",
    "StreamWorkerAlarms",
]

# The FunctionCore's id in the constructs around one function.
_FUNCTION = "Handler"
_SPILLOVER = "ProvisionedConcurrencySpilloverAlarm"


def created_alarm(scope: IConstruct, *path: str) -> cloudwatch.Alarm | None:
    """The alarm at ``path`` below ``scope``, once created; None before."""
    found: IConstruct | None = scope
    for id in path:
        found = found.node.try_find_child(id) if found is not None else None
    return found if isinstance(found, cloudwatch.Alarm) else None


class _Alarms(ReadOnlyAttributes):
    def _alarm(self, *path: str) -> cloudwatch.Alarm | None:
        assert isinstance(self, Construct)
        return created_alarm(self, *path)


class _FunctionAlarms(_Alarms):
    """The alarms of the construct's one function, and of its dead-letter queue."""

    @property
    def errors_alarm(self) -> cloudwatch.Alarm | None:
        """Any error of the function within 5 minutes; None until the construct's alarms are
        created (see ``alarms``)."""
        return self._alarm(_FUNCTION, "ErrorsAlarm")

    @property
    def throttles_alarm(self) -> cloudwatch.Alarm | None:
        """Any throttled invocation of the function within 5 minutes; None until the
        construct's alarms are created (see ``alarms``)."""
        return self._alarm(_FUNCTION, "ThrottlesAlarm")

    @property
    def provisioned_concurrency_spillover_alarm(self) -> cloudwatch.Alarm | None:
        """Invocations served past the Handler's ``provisioned_concurrency`` (on demand, with
        cold starts) for 15 minutes; None without provisioned concurrency, and until the
        construct's alarms are created (see ``alarms``)."""
        return self._alarm(_FUNCTION, _SPILLOVER)

    @property
    def dead_letter_queue_alarm(self) -> cloudwatch.Alarm | None:
        """Any message in the dead-letter queue (1-minute); None until the construct's
        alarms are created (see ``alarms``)."""
        return self._alarm("DeadLetterQueueAlarm")


class _LostAlarm(_FunctionAlarms):
    @property
    def dead_letter_delivery_alarm(self) -> cloudwatch.Alarm | None:
        """Any failed send to the dead-letter queue, by the trigger or by Lambda (1-minute):
        the event, run or batch is lost; None until the construct's alarms are created (see
        ``alarms``)."""
        return self._alarm("DeadLetterDeliveryAlarm")


class EventHandlerAlarms(_LostAlarm):
    """EventHandler's alarms by name."""


class ScheduledJobAlarms(_LostAlarm):
    """ScheduledJob's alarms by name."""

    @property
    def failed_invocations_alarm(self) -> cloudwatch.Alarm | None:
        """Scheduler could not invoke the function (its target errors, 5 minutes); None
        until the construct's alarms are created (see ``alarms``)."""
        return self._alarm("FailedInvocationsAlarm")


class QueueWorkerAlarms(_FunctionAlarms):
    """QueueWorker's alarms by name (``dead_letter_queue_alarm`` is None too for an
    ``existing_queue`` whose dead-letter queue the worker does not know)."""

    @property
    def oldest_message_alarm(self) -> cloudwatch.Alarm | None:
        """A message waiting 15 minutes or more in the queue (backlog); None until the
        construct's alarms are created (see ``alarms``)."""
        return self._alarm("OldestMessageAlarm")


class StreamWorkerAlarms(_LostAlarm):
    """StreamWorker's alarms by name."""

    @property
    def iterator_age_alarm(self) -> cloudwatch.Alarm | None:
        """The function 15 minutes or more behind the table's writes; None until the
        construct's alarms are created (see ``alarms``)."""
        return self._alarm("IteratorAgeAlarm")

    @property
    def failed_batches_alarm(self) -> cloudwatch.Alarm | None:
        """Any skipped batch written to ``failed_batches_bucket`` (its request metrics'
        PutRequests, 1-minute); None without the bucket, with an imported one (the worker
        adds no request metrics to it) or until the construct's alarms are created (see
        ``alarms``)."""
        return self._alarm("FailedBatchesAlarm")


class StaticSiteAlarms(_Alarms):
    """StaticSite's alarm by name."""

    @property
    def server_errors_alarm(self) -> cloudwatch.Alarm | None:
        """5 % or more of the responses were 5xx (5 minutes); None until the construct's
        alarms are created (see ``alarms``), and in a stack outside us-east-1, where
        CloudFront's metrics are not."""
        return self._alarm("ServerErrorRateAlarm")


class _Routes(Protocol):
    @property
    def node(self) -> Node: ...
    @property
    def functions(self) -> Mapping[str, lambda_.Function]: ...
    @property
    def authorizer_function(self) -> lambda_.Function | None: ...
    @property
    def authorizer_functions(self) -> Mapping[str, lambda_.Function]: ...


class ServerlessApiAlarms(_Alarms):
    """ServerlessApi's alarms by name: the stage's, each route's function's, and its Lambda
    authorizers' functions'."""

    @property
    def server_errors_alarm(self) -> cloudwatch.Alarm | None:
        """5 % or more of the requests answered 5xx (5 minutes); None until the
        construct's alarms are created (see ``alarms``)."""
        return self._alarm("ServerErrorRateAlarm")

    @property
    def latency_alarm(self) -> cloudwatch.Alarm | None:
        """p99 latency of 2 s or more for 15 minutes; None until the construct's alarms
        are created (see ``alarms``)."""
        return self._alarm("LatencyAlarm")

    @property
    def errors_alarms(self: _Routes) -> Mapping[str, cloudwatch.Alarm]:
        """Each route's function's errors alarm, by route key (routes sharing a function
        share it), live; empty until the construct's alarms are created (see ``alarms``)."""
        return _route_alarms(self, "ErrorsAlarm")

    @property
    def throttles_alarms(self: _Routes) -> Mapping[str, cloudwatch.Alarm]:
        """Each route's function's throttles alarm, by route key, live; empty until the
        construct's alarms are created (see ``alarms``)."""
        return _route_alarms(self, "ThrottlesAlarm")

    @property
    def provisioned_concurrency_spillover_alarms(self: _Routes) -> Mapping[str, cloudwatch.Alarm]:
        """Each route's function's spillover alarm (invocations past its Handler's
        ``provisioned_concurrency``), by route key, live; only routes whose Handler has
        provisioned concurrency, once the construct's alarms are created (see ``alarms``)."""
        return _route_alarms(self, _SPILLOVER)

    @property
    def authorizer_errors_alarm(self: _Routes) -> cloudwatch.Alarm | None:
        """The errors alarm of ``ApiAuth.function``'s function (the API's ``auth``); None
        with another ``auth``, and until the construct's alarms are created (see
        ``alarms``)."""
        return _function_alarm(self.authorizer_function, "ErrorsAlarm")

    @property
    def authorizer_throttles_alarm(self: _Routes) -> cloudwatch.Alarm | None:
        """The throttles alarm of ``ApiAuth.function``'s function; None as
        ``authorizer_errors_alarm`` is."""
        return _function_alarm(self.authorizer_function, "ThrottlesAlarm")

    @property
    def authorizer_errors_alarms(self: _Routes) -> Mapping[str, cloudwatch.Alarm]:
        """The errors alarm of the Lambda authorizer's function of each route behind one
        (its own ``Route(auth=ApiAuth.function(...))``'s or the API's), by route key, live;
        empty until the construct's alarms are created (see ``alarms``)."""
        return _route_alarms(self, "ErrorsAlarm", authorizers=True)

    @property
    def authorizer_throttles_alarms(self: _Routes) -> Mapping[str, cloudwatch.Alarm]:
        """The throttles alarm of each route's Lambda authorizer's function, by route key,
        live like ``authorizer_errors_alarms``."""
        return _route_alarms(self, "ThrottlesAlarm", authorizers=True)

    @property
    def authorizer_provisioned_concurrency_spillover_alarm(
        self: _Routes,
    ) -> cloudwatch.Alarm | None:
        """The spillover alarm of ``ApiAuth.function``'s function (invocations past its
        Handler's ``provisioned_concurrency``); None without provisioned concurrency, and as
        ``authorizer_errors_alarm`` is."""
        return _function_alarm(self.authorizer_function, _SPILLOVER)

    @property
    def authorizer_provisioned_concurrency_spillover_alarms(
        self: _Routes,
    ) -> Mapping[str, cloudwatch.Alarm]:
        """The spillover alarm of each route's Lambda authorizer's function, by route key,
        live like ``authorizer_errors_alarms``; only routes whose authorizer's Handler has
        ``provisioned_concurrency``."""
        return _route_alarms(self, _SPILLOVER, authorizers=True)


def _function_alarm(function: lambda_.IFunction | None, id: str) -> cloudwatch.Alarm | None:
    """The alarm ``id`` beside ``function`` (its FunctionCore's), once created."""
    core = function.node.scope if function is not None else None
    return created_alarm(core, id) if core is not None else None


def _route_alarms(
    api: _Routes, id: str, *, authorizers: bool = False
) -> Mapping[str, cloudwatch.Alarm]:
    """The API's one read-only view of the alarm ``id`` of each route's function, or of
    each route's Lambda authorizer's function (``authorizers``)."""
    views: dict[tuple[str, bool], Mapping[str, cloudwatch.Alarm]]
    views = vars(api).setdefault("_route_alarms", {})
    if (id, authorizers) not in views:
        functions = api.authorizer_functions if authorizers else api.functions
        # the property's name, as its view's errors name it (ErrorsAlarm: errors_alarms)
        words = re.findall(r"[A-Z][a-z]*", id.removesuffix("Alarm"))
        name = "authorizer_" * authorizers + "_".join(w.lower() for w in words) + "_alarms"
        where = (api.node.path, name)
        views[id, authorizers] = mapping_view(_RouteAlarms(functions, id), where=where)
    return views[id, authorizers]


class _RouteAlarms(Mapping[str, cloudwatch.Alarm]):
    """The alarm ``id`` beside each route's function (its FunctionCore's), looked up at
    each read: the alarms may be created after the API."""

    def __init__(self, functions: Mapping[str, lambda_.Function], id: str) -> None:
        self._functions, self._id = functions, id

    def _created(self) -> dict[str, cloudwatch.Alarm]:
        found = {}
        for route, function in self._functions.items():
            alarm = _function_alarm(function, self._id)
            if alarm is not None:
                found[route] = alarm
        return found

    def __getitem__(self, route: str) -> cloudwatch.Alarm:
        return self._created()[route]

    def __iter__(self) -> Iterator[str]:
        return iter(self._created())

    def __len__(self) -> int:
        return len(self._created())
