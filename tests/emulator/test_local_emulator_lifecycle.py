"""The emulator starts on loopback only, refuses a port in use and never outlives its run."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tools.local import cdk_cli, deploy_local, dev_banner, emulator


def _gone(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _listening_ports(pid: int) -> set[tuple[str, int]]:
    """(address, port) of the TCP sockets the process group listens on (from /proc)."""
    inodes = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if os.getpgid(int(proc.name)) != pid:
                continue
            for fd in (proc / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    listening = set()
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                address, port = fields[1].split(":")
                listening.add((address, int(port, 16)))
    return listening


def test_refuses_a_port_already_in_use(emulator_environment: None) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with (
            # Proves (user trial): the refusal named no fix (another port, or none given)
            pytest.raises(emulator.EmulatorError, match=r"already in use.*DEPLOY_LOCAL_PORT unset"),
            emulator.running(port=port),
        ):
            pass


def test_listens_on_loopback_only_and_leaves_nothing_behind(emulator_environment: None) -> None:
    with emulator.running() as em:
        pid, run_dir = em.process.pid, em.run_dir
        listening = _listening_ports(pid)
        assert ("0100007F", em.port) in listening  # 127.0.0.1, little-endian hex
        assert all(address == "0100007F" for address, _ in listening), listening
    assert _gone(pid)
    assert not run_dir.exists()


def test_a_killed_starter_leaves_no_process_and_no_temp_dir(
    emulator_environment: None, tmp_path: Path
) -> None:
    starter = tmp_path / "starter.py"
    starter.write_text(
        "import sys, time\n"
        f"sys.path.insert(0, {str(emulator.ROOT)!r})\n"
        "from tools.local import emulator\n"
        "with emulator.running() as em:\n"
        "    print(em.process.pid, em.run_dir, flush=True)\n"
        "    time.sleep(120)\n"
    )
    process = subprocess.Popen(
        [sys.executable, str(starter)], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        assert process.stdout is not None
        pid_text, run_dir = process.stdout.readline().split()
        process.send_signal(signal.SIGKILL)  # no cleanup code runs in the starter
        process.wait(timeout=10)
        # a liveness bound, not a timing: the watchdog polls every 0.5 s, but on a loaded
        # machine (a fresh clone's CI run beside other jobs) its cleanup took over 10 s
        deadline = time.monotonic() + 60
        while not (_gone(int(pid_text)) and not Path(run_dir).exists()):
            assert time.monotonic() < deadline, "emulator outlived its starter"
            time.sleep(0.2)
    finally:
        if process.poll() is None:
            process.kill()


def test_cdk_commands_keep_their_temp_dirs_in_the_run_dir(tmp_path: Path) -> None:
    """Proves (user trial): Ctrl-C in the middle of ``make deploy-local`` (the cdk command's
    process group is killed) left /tmp/jsii-kernel-*, jsii's runtime dir and
    /tmp/cdk-bootstrap* behind. The commands' temp dirs are now inside the run's temp dir,
    which is removed whatever happens."""
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    em = emulator.Emulator(1, run_dir, None, run_dir / "emulator.log")  # type: ignore[arg-type]
    env = cdk_cli.cli_environment(em)
    node = subprocess.run(
        ["node", "-e", "console.log(require('os').tmpdir())"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    python = subprocess.run(
        [sys.executable, "-c", "import tempfile; print(tempfile.gettempdir())"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    for temp in (node.stdout.strip(), python.stdout.strip()):
        assert Path(temp).is_relative_to(run_dir), temp
        assert Path(temp).is_dir()


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEPLOY_LOCAL_PORT", "abc", "DEPLOY_LOCAL_PORT='abc' is not a port: set it to one"),
        ("DEPLOY_LOCAL_PORT", "70000", "DEPLOY_LOCAL_PORT='70000' is not a port"),
        ("DEPLOY_LOCAL_TIMEOUT", "10m", "DEPLOY_LOCAL_TIMEOUT='10m' is not a number of seconds"),
    ],
)
def test_a_bad_setting_is_a_usage_error_naming_it(
    variable: str,
    value: str,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Proves (user trial): ``DEPLOY_LOCAL_PORT=abc make deploy-local`` ended in a ValueError
    traceback from argparse's defaults."""
    monkeypatch.setenv(variable, value)
    with pytest.raises(SystemExit) as exit_:
        deploy_local.main([])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_the_time_bound_names_its_setting() -> None:
    """Proves (user trial): "time bound of 480 s exceeded" on a busy machine said nothing of
    how to allow more."""
    with pytest.raises(deploy_local.Failure, match="DEPLOY_LOCAL_TIMEOUT=<seconds>"):
        deploy_local.Deadline(0).remaining()


def test_make_dev_prints_s3_commands_that_run_without_the_aws_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Proves (user trial): ``make dev`` printed ``aws s3 cp ...`` for the uploads and the
    site's config.json, but the setup installs no AWS CLI (the README's fresh machine has
    none): without it, the same copies are printed with the venv's boto3. And a route
    answering 502 gave no hint where its function's traceback was: its log group."""
    from tools.local.checks import Resource
    from tools.local.jwt_local import LocalIssuer

    def resource(stack: str, type_: str, props: dict[str, object], physical: str) -> Resource:
        return Resource(stack, "Id", type_, props, physical, "CREATE_COMPLETE", None)

    resources = {
        "Uploads": {
            "N": resource("Uploads", "Custom::S3BucketNotifications", {"BucketName": "up"}, "n")
        },
        "TodoSite": {
            "B": resource("TodoSite", "AWS::S3::Bucket", {"LoggingConfiguration": {}}, "site"),
        },
        "TodoApi": {
            "A": resource("TodoApi", "AWS::Logs::LogGroup", {}, "/aws/access-logs"),
            "F": resource(
                "TodoApi",
                "AWS::Lambda::Function",
                {"LoggingConfig": {"LogGroup": "/aws/lambda/list"}},
                "list",
            ),
        },
    }
    em = emulator.Emulator(1, tmp_path, None, tmp_path / "log")  # type: ignore[arg-type]
    monkeypatch.setattr(dev_banner.shutil, "which", lambda name: None)
    report = deploy_local.Report()
    dev_banner.show(report, em, {}, resources, LocalIssuer.create("https://i/", "a"))  # type: ignore[arg-type]
    commands = [line.strip() for line in report.lines if ".venv/bin/python -c" in line]
    assert len(commands) == 4
    assert not [line for line in report.lines if "aws s3 cp" in line]
    for command in commands:
        compile(command.split('"')[1], command, "exec")  # valid Python as printed
    assert "upload_file('notes.txt', 'up', 'incoming/notes.txt')" in commands[0]
    assert "Key='config.json'" in commands[2]
    # and where a route's 502 says why: its function's log group
    assert "filter_log_events(logGroupName='/aws/lambda/list')" in commands[3]
