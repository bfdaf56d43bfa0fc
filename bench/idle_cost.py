"""Idle cost: every synthesized template scanned against ``prices.py`` ($/month at zero
traffic), for an app of every construct with its defaults and for the demo app with its
opt-ins (alarm topic, a dashboard per stack, the Networked stack).

    make bench        # or: .venv/bin/python bench/idle_cost.py
"""

from __future__ import annotations

import contextlib
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import aws_cdk as cdk  # noqa: E402
from prices import PRICES, RECORDED, SOURCE  # noqa: E402

Template = dict[str, Any]
CONTEXT: dict[str, Any] = json.loads((ROOT / "cdk.json").read_text())["context"]


def _alarm_metrics(properties: dict[str, Any]) -> int:
    """CloudWatch bills an alarm per metric it reads (metric math: each MetricStat)."""
    metrics = properties.get("Metrics")
    return sum(1 for m in metrics if "MetricStat" in m) if metrics else 1


def billable(template: Template) -> Counter[str]:
    """The billable units at idle in one template, by price-table key."""
    units: Counter[str] = Counter()
    for resource in template.get("Resources", {}).values():
        kind, properties = resource["Type"], resource.get("Properties", {})
        if kind == "AWS::CloudWatch::Alarm":
            units["alarm metric"] += _alarm_metrics(properties)
        elif kind == "AWS::CloudWatch::Dashboard":
            units["dashboard"] += 1
        elif kind == "AWS::EC2::VPCEndpoint" and properties.get("VpcEndpointType") == "Interface":
            units["interface endpoint AZ"] += len(properties.get("SubnetIds", [])) or 1
        elif kind == "AWS::EC2::NatGateway":
            units["NAT gateway"] += 1
        elif kind == "AWS::EC2::EIP":  # each NAT gateway's public address, billed apart
            units["public IPv4 address"] += 1
        elif kind == "AWS::KMS::Key":
            units["KMS customer key"] += 1
        elif kind == "AWS::WAFv2::WebACL":
            units["WAF web ACL"] += 1
            units["WAF rule"] += len(properties.get("Rules", []))
        elif kind == "AWS::DynamoDB::Table":
            units += _provisioned_capacity(properties)
        config = properties.get("ProvisionedConcurrencyConfig")
        if kind in ("AWS::Lambda::Alias", "AWS::Lambda::Version") and config:
            units["provisioned concurrency GB"] += config.get(
                "ProvisionedConcurrentExecutions", 0
            ) * _function_gb(template, properties)
    return units


def _function_gb(template: Template, properties: dict[str, Any]) -> float:
    """The memory in GB of the function an alias or version names (``Ref`` to a function
    of the template); Lambda bills provisioned concurrency per GB of it. CloudFormation's
    default, 128 MiB, where it names no function here or sets no memory."""
    name = properties.get("FunctionName")
    logical_id = name.get("Ref") if isinstance(name, dict) else None
    function = template.get("Resources", {}).get(logical_id, {}) if logical_id else {}
    return int(function.get("Properties", {}).get("MemorySize", 128)) / 1024


def _provisioned_capacity(properties: dict[str, Any]) -> Counter[str]:
    """A provisioned table's capacity and its global indexes' (an auto scaled one's minimum,
    the template's value, where auto scaling leaves an idle table), at its table class's
    price: a Standard-IA table's indexes are of its class too."""
    units: Counter[str] = Counter()
    infrequent = properties.get("TableClass") == "STANDARD_INFREQUENT_ACCESS"
    kind = "DynamoDB Standard-IA" if infrequent else "DynamoDB"
    for holder in (properties, *properties.get("GlobalSecondaryIndexes", [])):
        throughput = holder.get("ProvisionedThroughput") or {}
        for key, prop in (("read", "ReadCapacityUnits"), ("write", "WriteCapacityUnits")):
            count = throughput.get(prop, 0)  # a deploy-time value ({"Ref": ...}): unknown
            units[f"{kind} {key} capacity unit"] += count if isinstance(count, int) else 0
    return +units  # no zero counts: an on-demand table bills nothing here


def cost(units: Counter[str], free: bool) -> float:
    return sum(
        max(0, count - (PRICES[key].free_per_account if free else 0)) * PRICES[key].usd_per_month
        for key, count in units.items()
    )


def scan(templates: dict[str, Template], title: str) -> float:
    """Prints $/month per stack (list price) and the app's total after the free tiers."""
    print(f"{title}")
    total: Counter[str] = Counter()
    for name, template in templates.items():
        units = billable(template)
        total += units
        detail = ", ".join(f"{count:g} {key}" for key, count in sorted(units.items()))
        print(f"  {name:22} ${cost(units, free=False):7.2f}/month  {detail or 'nothing billable'}")
    app = cost(total, free=True)
    print(f"  {'app, after free tiers':22} ${app:7.2f}/month")
    return app


def _synth(build: Any) -> dict[str, Template]:
    with tempfile.TemporaryDirectory() as outdir:
        app = cdk.App(outdir=outdir, context=CONTEXT)
        stacks = build(app)
        with contextlib.suppress(RuntimeError):  # cdk-nag findings: templates are written
            app.synth()
        return {
            name: json.loads((Path(outdir) / f"{stack.artifact_id}.template.json").read_text())
            for name, stack in stacks.items()
        }


def every_construct_with_defaults(app: cdk.App) -> dict[str, cdk.Stack]:
    """One stack per construct, each with only its required props (a QueueWorker fed by
    BucketEvents of a bucket of the app's own, and Monitoring(), in the last two; a
    StreamWorker of an API table's stream)."""
    from aws_cdk import aws_dynamodb as dynamodb
    from aws_cdk import aws_events as events
    from aws_cdk import aws_s3 as s3

    from constructs_lib import (
        ApiAuth,
        BucketEvents,
        EventHandler,
        Handler,
        Monitoring,
        Network,
        QueueWorker,
        ScheduledJob,
        ServerlessApi,
        StaticSite,
        StreamWorker,
        TableOptions,
    )

    echo = ROOT / "tests" / "fixtures" / "handlers" / "echo"
    names = ("Api", "Worker", "Job", "Site", "Net", "Events", "Uploads", "Changes")
    stacks = {name: cdk.Stack(app, name) for name in names}
    ServerlessApi(stacks["Api"], "Api", routes={"GET /": Handler(code=echo)}, auth=ApiAuth.iam())
    QueueWorker(stacks["Worker"], "Worker", handler=Handler(code=echo))
    ScheduledJob(stacks["Job"], "Job", handler=Handler(code=echo), schedule="rate(1 hour)")
    StaticSite(stacks["Site"], "Site", source=ROOT / "stacks" / "site")
    Network(stacks["Net"], "Network")
    EventHandler(
        stacks["Events"],
        "Handler",
        handler=Handler(code=echo),
        event_pattern=events.EventPattern(source=["my.app"]),
    )
    Monitoring(stacks["Events"])
    bucket = s3.Bucket(stacks["Uploads"], "Bucket", enforce_ssl=True)
    QueueWorker(
        stacks["Uploads"], "Worker", handler=Handler(code=echo), sources=[BucketEvents(bucket)]
    )
    orders = ServerlessApi(
        stacks["Changes"],
        "Orders",
        routes={"GET /": Handler(code=echo)},
        auth=ApiAuth.iam(),
        table=TableOptions(stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES),
    )
    assert orders.table is not None
    StreamWorker(stacks["Changes"], "Changes", handler=Handler(code=echo), table=orders.table)
    return stacks


def demo_app(app: cdk.App) -> dict[str, cdk.Stack]:
    from stacks import build_demo_app

    return build_demo_app(app)


def opt_in_prices() -> None:
    print("  opt-ins, each at list price:")
    width = max(map(len, PRICES))
    for key, price in PRICES.items():
        free = f" ({price.free_per_account} free per account)" if price.free_per_account else ""
        print(f"    {key:{width}} ${price.usd_per_month:6.2f}/month {price.unit}{free}")
    print(f"  prices: {SOURCE}; recorded {RECORDED}")


def main() -> dict[str, float]:
    defaults = scan(_synth(every_construct_with_defaults), "idle cost, every construct's defaults")
    demo = scan(
        _synth(demo_app), "idle cost, the demo app with its opt-ins (topic, dashboards, Network)"
    )
    opt_in_prices()
    return {"idle_defaults": defaults, "idle_demo": demo}


if __name__ == "__main__":
    main()
