"""More of what a property injector may change in an L2 the library has just created
(``_injected`` holds the first checks and their wording): a queue made FIFO or standard
against its construct's ``fifo``, and a function given other code, another handler or
Lambda's text log format.

A FIFO queue takes no message without a message group id, which S3, EventBridge,
EventBridge Scheduler and Lambda's destinations never send: every delivery to it fails.
A standard queue in place of a QueueWorker's FIFO one neither keeps a group's order nor
drops duplicates. Code or a handler of the injector's deploys instead of the ``Handler``'s
``code`` and ``entry``, which then never run. The text log format drops what the library's
helpers log below WARNING (the Python runtime sets the root logger's level from the
application log level in JSON format only) and writes their fields into the message only,
so the README's Logs Insights queries (``filter messageId = ...``) find nothing.

Only asked when an injector may reach the resource (``may_inject``): with none, nothing
more is asked of the jsii kernel."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from constructs import IConstruct

from constructs_lib._facts import node_of, path_of, resource_of, stack_of
from constructs_lib._injected import _SKIP, _changed, check_injected_function
from constructs_lib._injected_names import name_problems
from constructs_lib._injected_subnets import subnet_problems
from constructs_lib.errors import Problem

if TYPE_CHECKING:
    from collections.abc import Sequence

    from aws_cdk import aws_lambda as lambda_
    from aws_cdk import aws_s3 as s3
    from aws_cdk import aws_sqs as sqs

    from constructs_lib._core.function import FunctionCore
    from constructs_lib.network import Network

__all__ = [
    "check_injected_core",
    "metrics_problems",
    "queue_problems",
    "warn_of_injected_message_size",
]


def queue_problems(queue: sqs.Queue, *, fifo: bool, owner: str) -> list[Problem]:
    """``queue`` is FIFO exactly when its construct asked for it (``fifo``), and a FIFO
    one deduplicates by content (senders then need no deduplication id)."""
    if bool(queue.fifo) == fifo:
        deduplicates = resource_of(queue).content_based_deduplication
        if not fifo or deduplicates is True or not isinstance(deduplicates, bool | None):
            return []
        message = (
            f"is off: {_changed('no contentBasedDeduplication', 'sqs.Queue')} for {owner}'s "
            "FIFO queue, which then refuses every message sent without a "
            "MessageDeduplicationId (the library's senders and links pass none)"
        )
        fix = f"{_SKIP}, or return contentBasedDeduplication=True"
        return [Problem(path_of(queue), "content_based_deduplication", message, fix)]
    if fifo:
        message = (
            f"is off: {_changed('fifo=False', 'sqs.Queue')} for {owner}'s FIFO queue, "
            "which then neither keeps the order of a message group nor drops duplicates"
        )
    else:
        message = (
            f"is on: {_changed('fifo=True', 'sqs.Queue')} for {owner}'s standard queue, "
            "and a FIFO queue refuses every message without a message group id, which S3, "
            "EventBridge, EventBridge Scheduler and Lambda never send: each delivery to it fails"
        )
    fix = f"{_SKIP}; a QueueWorker's queues are FIFO with its fifo=True"
    return [Problem(path_of(queue), "fifo", message, fix)]


def check_injected_core(
    core: FunctionCore,
    resource: lambda_.CfnFunction,
    *,
    code: lambda_.Code,
    entry: str | None,
    owner: str,
    network: Network | None,
) -> None:
    """A FunctionCore's function (``resource`` its L1) as the library built it: its role,
    log group and network (``check_injected_function``; in ``network``'s subnets), its
    code, handler, log format, Powertools layer, security group and a name of its own;
    every problem at once."""
    function = core.function
    check_injected_function(
        function,
        role=core.role,
        log_group=core.log_group,
        in_network=core.security_group is not None,
        owner=owner,
        more=[
            *_function_problems(function, resource, code=code, entry=entry, owner=owner),
            *_kept_parts(core, resource, owner),
            *name_problems(function, resource, "function", owner),
            *(subnet_problems(function, resource, network, owner) if network is not None else ()),
        ],
    )


def _kept_parts(core: FunctionCore, resource: lambda_.CfnFunction, owner: str) -> list[Problem]:
    """The Powertools layer and the function's own security group, where the library gave
    them: layers or groups an injector returns in place of the library's (not beside them)
    leave out what the function's code imports or what its network's endpoints let in."""
    problems = []
    function, path = core.function, path_of(core.function)
    powertools = node_of(core).try_find_child("Powertools")
    if powertools is not None:
        stack = stack_of(function)
        arn = stack.resolve(cast("lambda_.ILayerVersion", powertools).layer_version_arn)
        if arn not in (stack.resolve(resource.layers) or []):
            problems.append(
                Problem(
                    path,
                    "layers",
                    f"lack the Powertools layer: {_changed('other layers', 'lambda_.Function')} "
                    f"for {owner}'s function (powertools=True), whose code then fails to "
                    "import aws_lambda_powertools",
                    f"{_SKIP}, or add yours to them: {{**original_props, 'layers': "
                    "[*original_props.get('layers', []), layer]}",
                )
            )
    group = core.security_group
    if group is not None and function.is_bound_to_vpc:
        paths = {g.node.path for g in function.connections.security_groups}
        if path_of(group) not in paths:
            problems.append(
                Problem(
                    path,
                    "security_groups",
                    "lack the function's own: "
                    f"{_changed('other securityGroups', 'lambda_.Function')} for {owner}'s "
                    f"function, and {path_of(group)} is the group its Network's "
                    "endpoints and the library's rules let in: every AWS call times out",
                    f"{_SKIP}; give the Network your groups with its function_security_groups=",
                )
            )
    return problems


def _function_problems(
    function: lambda_.Function,
    resource: lambda_.CfnFunction,
    *,
    code: lambda_.Code,
    entry: str | None,
    owner: str,
) -> list[Problem]:
    """``function`` runs the library's ``code`` and ``entry`` (None: an image's own
    command) and logs in JSON."""
    problems = []
    path = path_of(function)
    fix = f"{_SKIP}; the function's code and entry are its Handler's (code=, entry=)"
    if not _bound(code, resource):
        problems.append(
            Problem(
                path,
                "code",
                f"is not the Handler's: {_changed('another code', 'lambda_.Function')} for "
                f"{owner}'s function, so the Handler's code is never deployed",
                fix,
            )
        )
    handler = resource.handler
    if entry is not None and isinstance(handler, str) and handler != entry:
        problems.append(
            Problem(
                path,
                "handler",
                f"is {handler!r}: {_changed(f'handler={handler!r}', 'lambda_.Function')} for "
                f"{owner}'s function, whose Handler's entry {entry!r} then never runs",
                fix,
            )
        )
    log_format = getattr(resource.logging_config, "log_format", None)
    if log_format != "JSON" and (log_format is None or isinstance(log_format, str)):
        problems.append(
            Problem(
                path,
                "logging_format",
                f"is {log_format or 'Text'}: "
                f"{_changed('another loggingFormat', 'lambda_.Function')} for {owner}'s "
                "function, whose log lines below WARNING are then dropped (Lambda's Python "
                "runtime sets the log level in JSON format only) and whose fields are no "
                "longer fields of the line: the Logs Insights queries README gives "
                "(filter messageId = ...) find nothing",
                f"{_SKIP}, or return loggingFormat=lambda_.LoggingFormat.JSON",
            )
        )
    return problems


def _bound(code: lambda_.Code, resource: lambda_.CfnFunction) -> bool:
    """Whether the function bound the library's ``code``: an asset code that was never
    bound refuses ``bind_to_resource`` (and creates nothing); one that was sets the same
    asset metadata on the resource again."""
    try:
        code.bind_to_resource(resource)
    except RuntimeError:
        return False
    return True


def warn_of_injected_message_size(
    scope: IConstruct, queue: sqs.Queue, user_bytes: int | None
) -> None:
    """The worker ``scope``'s ``queue``, which S3 notifies, sized below S3's notifications
    by an injector (another size than the ``user_bytes`` of ``max_message_size``): the
    warning that size would give, naming the injector (the same id acknowledges both)."""
    from aws_cdk import Annotations

    from constructs_lib._queue_settings import NOTIFICATION_KIB, NOTIFICATION_SIZE_WARNING

    size = resource_of(queue).maximum_message_size
    if not isinstance(size, int | float) or size == user_bytes or size >= NOTIFICATION_KIB * 1024:
        return
    Annotations.of(scope).add_warning_v2(
        NOTIFICATION_SIZE_WARNING,
        f"the queue {path_of(queue)} takes messages of {int(size)} bytes at most: "
        f"{_changed(f'maxMessageSizeBytes={int(size)}', 'sqs.Queue')} for the QueueWorker's "
        "queue, and `sources` has S3 send it its event notifications, one of which is about "
        "1 KB with a short key and carries the key URL-encoded: a notification SQS refuses "
        "as too large is not delivered, that object is never handled, and no message is in "
        f"the dead-letter queue. Fix: leave maxMessageSizeBytes out of the props your "
        f"property injector returns for the library's queues (or return {NOTIFICATION_KIB} "
        "KiB or more); if the bucket's keys are known to be short, acknowledge "
        f"'{NOTIFICATION_SIZE_WARNING}'.",
    )


def metrics_problems(
    bucket: s3.Bucket, metrics: Sequence[s3.BucketMetrics], owner: str
) -> list[Problem]:
    """The request metrics filters the library gave ``bucket`` (``metrics``: a
    StreamWorker's failed-batches filter, which its alarm reads) are still there."""
    if not metrics:
        return []
    stack = stack_of(bucket)
    found = stack.resolve(resource_of(bucket).metrics_configurations)
    # the L1's props (camelCase keys), a struct the L2 built or a dict an injector gave
    filters = found if isinstance(found, list) else []
    ids = {f.get("id") for f in filters if isinstance(f, dict)}
    missing = [m.id for m in metrics if m.id not in ids]
    if not missing:
        return []
    return [
        Problem(
            path_of(bucket),
            "metrics",
            f"lack the filter {missing[0]!r}: {_changed('other metrics', 's3.Bucket')} for "
            f"{owner}'s bucket, whose alarm reads that filter's requests: it would never fire",
            f"{_SKIP}, or add yours to them: {{**original_props, 'metrics': "
            "[*original_props.get('metrics', []), metric]}",
        )
    ]
