"""``make deploy-local`` / ``make dev``: the demo app deployed with the pinned CDK CLI onto
the local emulator, checked, exercised, updated and destroyed. No AWS, no Docker.

Steps: synth (dependencies bundled for this host: functions run on its Python and CPU),
``cdk bootstrap``, ``cdk deploy --all``, what was created per stack, its settings, the
end-to-end run, an update deploy with changed handler code, ``cdk destroy --all``, then
only ``RETAIN`` resources remain. One time bound covers all of it
(``--timeout``, default 480 s); on failure or timeout it says why and exits non-zero, and
the emulator and every process it started are stopped. ``--dev`` stops after the
end-to-end run, prints the URLs and keeps the deployment until Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import time
from collections.abc import Iterator
from typing import Any

from tools.local import arguments, checks, dev_banner, e2e, emulator, powertools_layer, update_app
from tools.local.cdk_cli import Deadline, Failure, Runner, Step, cli_environment, templates_of
from tools.local.checks import Clients, Outcome, Resource
from tools.local.deployed import emulator_clients
from tools.local.e2e_support import HttpApi
from tools.local.inventory import Report, after_destroy, api_ids, inventory, summary
from tools.local.jwt_local import LocalIssuer

# the steps of a run are here; the cdk commands are in cdk_cli.py, what the run reports in
# inventory.py, the end-to-end run in e2e.py, `make dev`'s banner in dev_banner.py, the update
# deploy in update_app.py
__all__ = ["Deadline", "Failure", "Report", "main", "run"]

HOST_CONTEXT = "constructs_lib:bundling_platform=host"
# TodoSite serves the todo API on its own origin (no CORS); CORS for a front end on another
# origin (a local dev server) stays opt-in, and is exercised here.
CORS_CONTEXT = "todos:origin=http://localhost:5173"
DEFAULT_TIMEOUT_S = 480
# the demo's JWT issuer and audience (stacks/todo_api_stack.py)
ISSUER, AUDIENCE = "https://auth.example.com/", "todo-api"


class Interrupted(BaseException):
    pass


@contextlib.contextmanager
def _signals_interrupt() -> Iterator[None]:
    def raise_interrupt(signum: int, frame: Any) -> None:
        raise Interrupted(signal.Signals(signum).name)

    previous = {
        s: signal.signal(s, raise_interrupt) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    }
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _synth(
    runner: Runner, em: emulator.Emulator, token: str, dev: bool
) -> tuple[dict[str, dict[str, Any]], Step | None]:
    """The demo's templates, and the update's synth started in the background (not for
    ``--dev``, which deploys no update)."""
    runner.cdk(
        "synth",
        "synth",
        "--quiet",
        "-o",
        str(em.run_dir / "cdk.out"),
        "-c",
        HOST_CONTEXT,
        "-c",
        CORS_CONTEXT,
    )
    templates = templates_of(em.run_dir / "cdk.out")
    if dev or "TodoApi" not in templates:
        return templates, None
    # the update's synth needs no emulator: it runs while the deploy and the checks
    # leave the CPU idle (waiting on the emulator and the functions)
    return templates, runner.start(
        "update synth (background)",
        "synth",
        "--quiet",
        "-o",
        str(em.run_dir / "cdk.out.update"),
        "-c",
        HOST_CONTEXT,
        "-c",
        CORS_CONTEXT,
        cwd=update_app.write(em.run_dir, token),
    )


def _deploy(
    runner: Runner,
    em: emulator.Emulator,
    templates: dict[str, dict[str, Any]],
    report: Report,
    timings: dict[str, float],
) -> None:
    assembly = em.run_dir / "cdk.out"
    t = time.monotonic()
    for arn in powertools_layer.publish_stand_ins(em.endpoint, templates):
        report.say(f"Stand-in of AWS's Powertools layer (powertools_layer.py): {arn}")
    timings["powertools layer"] = time.monotonic() - t
    runner.cdk(
        "bootstrap",
        "bootstrap",
        f"aws://{emulator.ACCOUNT}/{emulator.REGION}",
        "--app",
        str(assembly),
    )
    runner.cdk(
        "deploy",
        "deploy",
        "--all",
        "--app",
        str(assembly),
        "--require-approval",
        "never",
        "--concurrency",
        "6",
        "--outputs-file",
        str(em.run_dir / "outputs.json"),
    )
    report.say(f"Deployed {len(templates)} stacks: {', '.join(templates)}")


def _destroy(
    runner: Runner,
    em: emulator.Emulator,
    clients: Clients,
    resources: dict[str, dict[str, Resource]],
    destroyed: Outcome,
    report: Report,
) -> None:
    """``cdk destroy --all``, then what is left (only RETAIN resources may be)."""
    runner.cdk(
        "destroy",
        "destroy",
        "--all",
        "--force",
        "--concurrency",
        "6",
        "--app",
        str(em.run_dir / "cdk.out"),
    )
    after_destroy(clients, resources, destroyed, report)


def _header(report: Report, timeout: float) -> None:
    python, machine = f"{sys.version_info.major}.{sys.version_info.minor}", os.uname().machine
    report.say(f"Local deploy of the demo app on ministack (loopback only), time bound {timeout} s")
    report.say(
        f"Bundling for this host (context {HOST_CONTEXT}): Python {python} on {machine}; "
        "the templates still declare Lambda's Python 3.14 on arm64"
    )


def _totals(
    report: Report, all_checks: dict[str, Outcome], timings: dict[str, float], verbose: bool
) -> int:
    report.say()
    for title, outcome in all_checks.items():
        summary(report, f"Checks, {title}", outcome, verbose)
    report.say("Timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    failed = sum(len(o.failed) for o in all_checks.values())
    passed = sum(len(o.passed) for o in all_checks.values())
    dropped = sum(len(o.dropped) for o in all_checks.values())
    report.say(
        f"Settings the emulator drops (listed above, covered by the template tests): {dropped}"
    )
    report.say(f"local deploy: {passed} checks passed, {failed} failed")
    return 1 if failed else 0


def run(args: argparse.Namespace) -> int:
    deadline = Deadline(args.timeout)
    report = Report()
    issuer = LocalIssuer.create(ISSUER, AUDIENCE)
    started = time.monotonic()
    timings: dict[str, float] = {}
    all_checks: dict[str, Outcome] = {}
    _header(report, args.timeout)
    t = time.monotonic()
    token = os.urandom(6).hex()
    with (
        emulator.running(port=args.port, jwks=issuer.jwks_file_text()) as em,
        contextlib.ExitStack() as background,
    ):
        timings["emulator start"] = time.monotonic() - t
        report.say(f"Emulator: {em.endpoint} (pid {em.process.pid}, temp dir {em.run_dir})")
        runner = Runner(cli_environment(em), deadline, em.run_dir)
        clients = emulator_clients(em.endpoint, emulator.REGION)
        templates, update_synth = _synth(runner, em, token, args.dev)
        if update_synth is not None:
            background.callback(update_synth.kill)
        _deploy(runner, em, templates, report, timings)

        created = all_checks["resources"] = Outcome()
        resources = inventory(clients, templates, report, created)
        t = time.monotonic()
        settings = all_checks["settings"] = Outcome()
        for rs in resources.values():
            checks.check_settings(clients, rs, settings)
        timings["settings checks"] = time.monotonic() - t

        t = time.monotonic()
        apis = api_ids(resources)
        flow = all_checks["end to end"] = Outcome()
        e2e.exercise(clients, em.port, resources, apis, issuer, deadline.remaining, flow)
        timings["end to end"] = time.monotonic() - t
        if args.dev:
            dev_banner.show(report, em, apis, resources, issuer)
            with contextlib.suppress(Interrupted):
                while em.alive():
                    time.sleep(1)
            report.say("Tearing down...")
            runner.deadline = Deadline(args.timeout)  # the wait is unbounded, the teardown not
        else:
            update = all_checks["update"] = Outcome()
            if "TodoApi" in apis and update_synth is not None:
                update_app.exercise(
                    runner,
                    update_synth,
                    (em.run_dir / "cdk.out", em.run_dir / "cdk.out.update"),
                    HttpApi(em.port, apis["TodoApi"][0]),
                    e2e.routes_of(resources["TodoApi"]),
                    issuer,
                    token,
                    update,
                )

        destroyed = all_checks["destroy"] = Outcome()
        _destroy(runner, em, clients, resources, destroyed, report)
        timings.update(runner.timings)
    timings["total"] = time.monotonic() - started
    return _totals(report, all_checks, timings, args.verbose)


def main(argv: list[str] | None = None) -> int:
    parser = arguments.OneLineParser(
        prog="python -m tools.local.deploy_local",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--dev", action="store_true", help="keep the deployment running until Ctrl-C"
    )
    parser.add_argument(
        "--timeout",
        type=arguments.seconds,
        default=arguments.from_environment(parser, "DEPLOY_LOCAL_TIMEOUT", DEFAULT_TIMEOUT_S),
        help=f"the run's time bound in seconds (DEPLOY_LOCAL_TIMEOUT; {DEFAULT_TIMEOUT_S})",
    )
    parser.add_argument(
        "--port",
        type=arguments.port,
        default=int(arguments.from_environment(parser, "DEPLOY_LOCAL_PORT", 0, is_port=True))
        or None,
        help="the emulator's loopback port (DEPLOY_LOCAL_PORT; default: a free one)",
    )
    parser.add_argument("--verbose", action="store_true", help="list every passed check")
    args = parser.parse_args(argv)
    with _signals_interrupt():
        try:
            return run(args)
        except emulator.EmulatorError as exc:
            print(f"local deploy: cannot run the emulator: {exc}", file=sys.stderr)
            return 2
        except Failure as exc:
            print(f"local deploy FAILED: {exc}", file=sys.stderr)
            return 1
        except Interrupted as exc:
            print(
                f"local deploy interrupted ({exc}): emulator stopped, temp dir removed",
                file=sys.stderr,
            )
            return 130


if __name__ == "__main__":
    sys.exit(main())
