"""Our Monitoring vs cdk-monitoring-constructs on the same demo resources.

Both variants build the todo API (5 functions) and the order worker, with the same
alarms: function errors and throttles, API 5xx rate and p99 latency, DLQ depth, oldest
message age. Variant A uses constructs_lib's own metric helpers (alarms=True); variant B
turns them off and asks cdk-monitoring-constructs' MonitoringFacade for the same alarms.
Each side builds only its own dashboard, or none: first without dashboards (our
default; the facade gets a factory that creates none), then each with its dashboard
(``Monitoring(stack, dashboard=True)`` vs the facade's default one). Runs alternate A/B
in one process (same warm jsii kernel) and the script prints medians and ratios, never
absolute claims: these machines are noisy.

    make bench        # installs the bench extra (cdk-monitoring-constructs) first
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_dynamodb as dynamodb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the demo stacks' handler paths; constructs_lib is installed

from constructs_lib import (  # noqa: E402
    ApiAuth,
    Handler,
    Monitoring,
    QueueWorker,
    ServerlessApi,
    TableOptions,
)

HANDLERS = ROOT / "stacks" / "handlers"
ROUNDS = 5


def _resources(stack: cdk.Stack, alarms: bool) -> tuple[ServerlessApi, QueueWorker]:
    def todos(function: str) -> Handler:
        return Handler(code=HANDLERS / "todos", entry=f"todos_api.{function}")

    api = ServerlessApi(
        stack,
        "Todos",
        routes={
            "GET /todos": todos("list_todos"),
            "POST /todos": todos("create_todo"),
            "GET /todos/{id}": todos("get_todo"),
            "PUT /todos/{id}": todos("update_todo"),
            "DELETE /todos/{id}": todos("delete_todo"),
        },
        table=TableOptions(partition_key="id"),
        auth=ApiAuth.iam(),
        alarms=alarms,
    )
    table = dynamodb.Table(
        stack,
        "Orders",
        partition_key=dynamodb.Attribute(name="order_id", type=dynamodb.AttributeType.STRING),
    )
    worker = QueueWorker(
        stack,
        "Worker",
        handler=Handler(
            code=HANDLERS / "orders",
            entry="orders_worker.handler",
            environment={"ORDERS_TABLE": table.table_name},
        ),
        alarms=alarms,
    )
    return api, worker


def ours(dashboard: bool) -> dict[str, Any]:
    app = cdk.App()
    stack = cdk.Stack(app, "Bench")
    if dashboard:
        Monitoring(stack, dashboard=True)
    _resources(stack, alarms=True)
    return app.synth().get_stack_by_name("Bench").template  # type: ignore[no-any-return]


def theirs(dashboard: bool) -> dict[str, Any]:
    import cdk_monitoring_constructs as cmc

    app = cdk.App()
    stack = cdk.Stack(app, "Bench")
    api, worker = _resources(stack, alarms=False)
    factory = None
    if not dashboard:
        factory = cmc.DefaultDashboardFactory(
            stack, "Dashboards", dashboard_name_prefix="Bench", create_dashboard=False
        )
    facade = cmc.MonitoringFacade(stack, "Facade", dashboard_factory=factory)
    errors = {"Critical": cmc.ErrorCountThreshold(max_error_count=0)}
    for function in dict.fromkeys([*api.functions.values(), worker.function]):
        facade.monitor_lambda_function(
            lambda_function=function,
            alarm_friendly_name=function.node.scope.node.id,  # type: ignore[union-attr]
            add_fault_count_alarm=errors,
            add_throttles_count_alarm=errors,
        )
    facade.monitor_api_gateway_v2_http_api(
        api=api.http_api,
        alarm_friendly_name="Api",
        # no 5xx-rate alarm for HTTP APIs in cdk-monitoring-constructs: one alarm fewer
        add_latency_p99_alarm={
            "Critical": cmc.LatencyThreshold(max_latency=cdk.Duration.seconds(2))
        },
    )
    assert worker.dead_letter_queue is not None
    facade.monitor_sqs_queue_with_dlq(
        queue=worker.queue,
        alarm_friendly_name="Queue",
        dead_letter_queue=worker.dead_letter_queue,
        add_dead_letter_queue_max_size_alarm={
            "Critical": cmc.MaxMessageCountThreshold(max_message_count=0)
        },
        add_queue_max_message_age_alarm={
            "Critical": cmc.MaxMessageAgeThreshold(max_age_in_seconds=900)
        },
    )
    return app.synth().get_stack_by_name("Bench").template  # type: ignore[no-any-return]


def measure(build: Any, dashboard: bool) -> tuple[float, dict[str, Any]]:
    start = time.perf_counter()
    template = build(dashboard)
    return time.perf_counter() - start, template


def _size(template: dict[str, Any]) -> int:
    return len(json.dumps(template))


def compare(dashboard: bool) -> dict[str, float]:
    """Prints one comparison (medians of alternating rounds) and returns its ratios."""
    times: dict[str, list[float]] = {"ours": [], "cdk-monitoring-constructs": []}
    templates: dict[str, dict[str, Any]] = {}
    for _ in range(ROUNDS):
        for name, build in (("ours", ours), ("cdk-monitoring-constructs", theirs)):
            seconds, templates[name] = measure(build, dashboard)
            times[name].append(seconds)
    title = "each with its dashboard" if dashboard else "no dashboards"
    print(f"monitoring choice, {title}: equivalent alarms, {ROUNDS} alternating rounds")
    for name, template in templates.items():
        types = [r["Type"] for r in template["Resources"].values()]
        print(
            f"  {name:26} median synth {statistics.median(times[name]):.2f} s, "
            f"template {_size(template) / 1024:.0f} KiB, "
            f"{len(types)} resources, {types.count('AWS::CloudWatch::Alarm')} alarms, "
            f"{types.count('AWS::CloudWatch::Dashboard')} dashboards"
        )
    ratio = statistics.median(times["cdk-monitoring-constructs"]) / statistics.median(times["ours"])
    size = _size(templates["cdk-monitoring-constructs"]) / _size(templates["ours"])
    print(f"  cdk-monitoring-constructs / ours: synth time x{ratio:.2f}, template size x{size:.2f}")
    return {"time": ratio, "size": size}


def main() -> dict[str, float]:
    start = time.perf_counter()
    import cdk_monitoring_constructs  # noqa: F401

    import_seconds = time.perf_counter() - start
    for dashboard in (False, True):  # warm-up: jsii loads each library once
        ours(dashboard)
        theirs(dashboard)
    without = compare(dashboard=False)
    compare(dashboard=True)
    print(f"  one-off import of cdk_monitoring_constructs: {import_seconds:.2f} s")
    return {"monitoring_time": without["time"], "monitoring_size": without["size"]}


if __name__ == "__main__":
    main()
