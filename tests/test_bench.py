"""The synth benchmark compares like with like: the hand-written TodoApi in ``bench/``
must stay the same template as the demo's TodoApi built with the library (without its
canary), or ``make bench`` stops with an error."""

from __future__ import annotations

import importlib
import json
import subprocess
import tempfile
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from aws_cdk.assertions import Template

from stacks.todo_api_stack import TodoApiStack
from tests.support import ROOT, new_app, new_stack


def _template(build: Any) -> dict[str, Any]:
    return Template.from_stack(build(new_app(), "TodoApi")).to_json()


@pytest.mark.slow
def test_the_hand_written_todo_api_is_the_librarys_template(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    hand_written = importlib.import_module("todo_handwritten").HandWrittenTodoApiStack
    synth = importlib.import_module("synth")
    ours = _template(lambda app, id: TodoApiStack(app, id, deployment=None))
    differing = synth.differing_resources(_template(hand_written), ours)
    # Proves (user trial): a route added to the demo's TodoApi failed this test with a bare
    # diff of two templates; it names the resources and the file to change
    assert differing is None, synth.HAND_WRITTEN_DIFFERS.format(differing=differing)


def test_make_bench_leaves_no_temp_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    """Proves (user trial): each ``make bench`` left some 70 dirs in /tmp (``bench-todo-*``,
    ``bench-demo-*``, ``bench-empty-*``, ...): every bench's outdirs now go into one temp dir
    that the run removes."""
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    run = importlib.import_module("run")
    made: list[Path] = []
    summary = dict.fromkeys(
        ("synth_floor", "todo_ratio", "warm_pip_runs", "slowest_import_ms", "idle_defaults"), 1.0
    )

    def bench() -> dict[str, float]:
        made.append(Path(tempfile.mkdtemp(prefix="bench-todo-")))
        return summary

    for module in (run.synth, run.bundling, run.idle_cost, run.monitoring_choice):
        monkeypatch.setattr(module, "main", bench)
    run.main()
    assert len(made) == 4
    assert not [path for path in made if path.exists()]
    assert tempfile.gettempdir() != str(made[0].parent)


def test_a_differing_hand_written_stack_is_named_with_its_fix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Proves (user trial): after adding a route to the demo's TodoApi (as CONTRIBUTING.md
    says), ``make bench`` and the test above said only that the templates differ."""
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    synth = importlib.import_module("synth")
    ours = {"Resources": {"Health": {"Type": "AWS::Lambda::Function"}, "Table": {}}}
    hand = {"Resources": {"Table": {}}}
    differing = synth.differing_resources(hand, ours)
    assert differing == ["Health"]
    assert synth.differing_resources(ours, ours) is None
    message = synth.HAND_WRITTEN_DIFFERS.format(differing=differing)
    assert "differing: ['Health']. Fix: change the hand-written stack the same way" in message


def test_a_nat_gateway_is_billed_with_its_public_ipv4_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Proves (cost review): the idle-cost scan counted a NAT gateway at $32.85/month and
    skipped its Elastic IP, billed since 2024-02-01 like every AWS-provided public IPv4
    address ($0.005/hour, $3.65/month): a Network(nat_gateways=1) costs $36.50/month."""
    from constructs_lib import Network

    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    idle_cost = importlib.import_module("idle_cost")
    stack = new_stack()
    Network(stack, "Network", nat_gateways=1)
    units = idle_cost.billable(Template.from_stack(stack).to_json())
    assert units == {"NAT gateway": 1, "public IPv4 address": 1}
    assert idle_cost.cost(units, free=True) == pytest.approx(36.50)


def test_provisioned_concurrency_is_billed_by_its_functions_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Proves (release48 trial): the scan counted every provisioned environment at 256 MiB,
    so 5 warm environments of a 1024 MiB route were priced at a quarter of their cost."""
    from constructs_lib import ApiAuth, Handler, ServerlessApi
    from tests.support import ECHO

    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    idle_cost = importlib.import_module("idle_cost")
    stack = new_stack()
    hot = Handler(code=ECHO, memory_mib=1024, provisioned_concurrency=5)
    ServerlessApi(stack, "Api", routes={"GET /hot": hot}, auth=ApiAuth.iam(), alarms=False)
    units = idle_cost.billable(Template.from_stack(stack).to_json())
    assert units == {"provisioned concurrency GB": 5}
    assert idle_cost.cost(units, free=True) == pytest.approx(5 * 8.76, abs=0.01)


def test_a_standard_ia_table_s_capacity_is_billed_at_its_class_s_prices(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Proves (runtime47): the idle-cost scan counted no capacity of a provisioned
    Standard-IA table (its prices were not in bench/prices.py), so such a table looked
    free at idle. Its capacity, its indexes' too, is priced at the class's $0.00081 per
    WCU-hour and $0.00016 per RCU-hour, with none of the Standard class's free 25."""
    from aws_cdk import aws_dynamodb as dynamodb

    from constructs_lib import ApiAuth, GlobalIndex, Handler, ServerlessApi, TableOptions

    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    idle_cost = importlib.import_module("idle_cost")
    infrequent = dynamodb.TableClass.STANDARD_INFREQUENT_ACCESS
    by_owner = GlobalIndex("by-owner", partition_key="owner", read_capacity=5, write_capacity=5)
    templates = {}
    for name, table_class in (("Standard", None), ("Infrequent", infrequent)):
        stack = new_stack()
        ServerlessApi(
            stack,
            "Api",
            routes={"GET /a": Handler(code=ROOT / "tests" / "fixtures" / "handlers" / "echo")},
            auth=ApiAuth.iam(),
            table=TableOptions(
                read_capacity=20,
                write_capacity=20,
                global_secondary_indexes=[by_owner],
                **({"table_class": table_class} if table_class else {}),
            ),
        )
        templates[name] = Template.from_stack(stack).to_json()
    units = idle_cost.billable(templates["Infrequent"])
    assert units == {
        "DynamoDB Standard-IA read capacity unit": 25,
        "DynamoDB Standard-IA write capacity unit": 25,
    }
    # 25 RCU x $0.1168 + 25 WCU x $0.5913 a month, with or without the free tier
    assert idle_cost.cost(units, free=False) == pytest.approx(25 * 0.1168 + 25 * 0.5913)
    assert idle_cost.cost(units, free=True) == idle_cost.cost(units, free=False)
    # the same table of the Standard class: its own prices, within the free 25 of each
    standard = idle_cost.billable(templates["Standard"])
    assert standard == {"DynamoDB read capacity unit": 25, "DynamoDB write capacity unit": 25}
    assert idle_cost.cost(standard, free=True) == 0


def test_every_construct_with_its_defaults_costs_nothing_at_idle(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Proves (cost review): ``make bench``'s "every construct's defaults" app, behind
    README's "$0.00/month at idle", left out EventHandler, BucketEvents and Monitoring.
    It now builds every construct the library exports, and none bills anything at idle."""
    import constructs

    import constructs_lib

    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    idle_cost = importlib.import_module("idle_cost")
    app = new_app()
    stacks = idle_cost.every_construct_with_defaults(app)
    built = {type(node).__name__ for node in app.node.find_all()}
    exported = {
        name
        for name in constructs_lib.__all__
        if isinstance(getattr(constructs_lib, name), type)
        and issubclass(getattr(constructs_lib, name), constructs.Construct)
    }
    assert exported <= built, f"not in the bench's defaults app: {sorted(exported - built)}"
    templates = {name: Template.from_stack(stack).to_json() for name, stack in stacks.items()}
    assert "Custom::S3BucketNotifications" in json.dumps(templates["Uploads"])  # BucketEvents
    units = sum((idle_cost.billable(t) for t in templates.values()), Counter[str]())
    assert units == Counter()
    assert idle_cost.cost(units, free=False) == 0


def test_suite_bench_waits_for_the_runs_stragglers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Proves (perf41): ``bench/suite.py`` removed its cgroup while a jsii kernel of the
    run was still exiting (EBUSY, the run's numbers lost); it waits until the cgroup's
    tasks are gone, and kills them after the grace period."""
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    suite = importlib.import_module("suite")
    tasks = tmp_path / "tasks"
    tasks.write_text("4242\n")
    threading.Timer(0.3, tasks.write_text, args=("",)).start()
    suite._drain(tmp_path, poll=0.05)
    assert tasks.read_text() == ""

    straggler = subprocess.Popen(["sleep", "60"])
    tasks.write_text(f"{straggler.pid}\n")

    def reap() -> None:
        straggler.wait()
        tasks.write_text("")

    threading.Thread(target=reap).start()
    suite._drain(tmp_path, grace=0.1, poll=0.05)
    assert straggler.returncode == -9
