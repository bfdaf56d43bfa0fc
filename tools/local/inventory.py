"""What the local deploy reports: the resources really created per stack, what is left
after ``cdk destroy``, and the checks' summary.
"""

from __future__ import annotations

import concurrent.futures
from collections import Counter
from typing import Any

from tools.local import checks
from tools.local.checks import Clients, Outcome, Resource


class Report:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def say(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)


def _looked_up(
    clients: Clients, stack: str, template: dict[str, Any]
) -> tuple[dict[str, Resource], dict[str, bool | None]]:
    resources = checks.stack_resources(clients, stack, template)
    return resources, {
        r.logical_id: checks.exists(clients, r)
        for r in resources.values()
        if r.type not in checks.NOT_A_RESOURCE
    }


def inventory(
    clients: Clients, templates: dict[str, dict[str, Any]], report: Report, outcome: Outcome
) -> dict[str, dict[str, Resource]]:
    everything: dict[str, dict[str, Resource]] = {}
    report.say("Resources really created (looked up in the emulator) / in the template:")
    total_created = total = 0
    # one lookup per resource: the stacks are looked up side by side, reported in order
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(templates) or 1) as pool:
        lookups = {
            stack: pool.submit(_looked_up, clients, stack, template)
            for stack, template in templates.items()
        }
        for stack, lookup in lookups.items():
            resources, found_by_id = lookup.result()
            everything[stack] = resources
            created, unprobed, missing = 0, [], []
            for r in resources.values():
                if r.type in checks.NOT_A_RESOURCE:
                    unprobed.append(r.type)
                    continue
                found = found_by_id[r.logical_id]
                complete = (r.status or "").endswith("_COMPLETE")
                if found is None and complete:
                    unprobed.append(r.type)
                elif found:
                    created += 1
                else:
                    missing.append(f"{r.logical_id} ({r.type}, {r.status})")
            counted = len(resources) - len([t for t in unprobed if t in checks.NOT_A_RESOURCE])
            total_created += created
            total += counted
            extra = (
                f" (+ nothing to look up: {', '.join(sorted(set(unprobed)))})" if unprobed else ""
            )
            report.say(f"  {stack:<14} {created:>3} / {counted:<3} created{extra}")
            outcome.check(
                stack,
                f"every resource created ({created}/{counted})",
                not missing,
                ", ".join(missing),
            )
    report.say(f"  {'all stacks':<14} {total_created:>3} / {total:<3}")
    return everything


def summary(report: Report, title: str, outcome: Outcome, verbose: bool) -> None:
    report.say(
        f"{title}: {len(outcome.passed)} passed, {len(outcome.failed)} failed, "
        f"{len(outcome.dropped)} settings the emulator drops"
    )
    if verbose:
        for line in outcome.passed:
            report.say(f"  ok    {line}")
    for line in outcome.dropped:
        report.say(f"  drop  {line}")
    for line in outcome.failed:
        report.say(f"  FAIL  {line}")


def api_ids(resources: dict[str, dict[str, Resource]]) -> dict[str, tuple[str, Resource]]:
    return {
        stack: (r.physical_id or "", r)
        for stack, rs in resources.items()
        for r in rs.values()
        if r.type == "AWS::ApiGatewayV2::Api"
    }


def after_destroy(
    clients: Clients, resources: dict[str, dict[str, Resource]], outcome: Outcome, report: Report
) -> None:
    kept, gone, leaked = [], 0, []
    for r in checks.iter_resources(resources):
        found = checks.exists(clients, r)
        if found is None:
            continue
        if checks.retained(r):
            if found:
                kept.append(r.type)
            if not found:
                outcome.failed.append(f"RETAIN resource {r.stack}/{r.logical_id} was deleted")
        elif found:
            leaked.append(f"{r.stack}/{r.logical_id} ({r.type})")
            outcome.failed.append(f"{r.stack}/{r.logical_id} ({r.type}) still exists after destroy")
        else:
            gone += 1
    stacks = {
        s["StackName"]
        for s in clients.cloudformation.list_stacks()["StackSummaries"]
        if s["StackStatus"] != "DELETE_COMPLETE"
    }
    outcome.check(
        "destroy", "no demo stack left", not (stacks & set(resources)), str(stacks & set(resources))
    )
    outcome.check(
        "destroy",
        f"{gone} resources deleted, {len(kept)} RETAIN resources kept",
        not leaked,
        ", ".join(leaked),
    )
    counts = Counter(kept)
    report.say(
        f"After destroy: {gone} resources deleted; {len(kept)} kept as declared (RETAIN): "
        + ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))
    )
