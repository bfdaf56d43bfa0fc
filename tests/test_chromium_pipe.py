"""tests/chromium_pipe.py against fake browsers (no Chromium needed): a browser that dies,
refuses a command, does not answer or does not exit gives a BrowserError naming what
failed, never a hang, and no process of it is left once it is closed.

A fake browser is a small Python program that speaks the pipe protocol as Chromium does
(NUL-terminated JSON, commands on fd 3, answers on fd 4): it answers Browser.getVersion,
exits on Browser.close, and does what its script says for one command.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from tests.chromium_pipe import BrowserError, Chromium, group_members

FAKE_BROWSER = """\
import json, os, subprocess, sys, time
ACTION, METHOD = {action!r}, {method!r}
if ACTION == "child":  # a process of the browser's own (a renderer): it ignores SIGTERM
    subprocess.Popen(["sleep", "60"])
if ACTION == "exit at start":
    sys.exit(3)
RESULTS = {{
    "Browser.getVersion": {{"product": "Fake/1.0"}},
    "Target.createBrowserContext": {{"browserContextId": "context-1"}},
    "Target.createTarget": {{"targetId": "page-1"}},
    "Target.attachToTarget": {{"sessionId": "session-1"}},
}}
buffer = b""
while True:
    chunk = os.read(3, 65536)
    if not chunk:
        sys.exit(0)
    buffer += chunk
    while b"\\0" in buffer:
        data, buffer = buffer.split(b"\\0", 1)
        message = json.loads(data)
        answer = {{"id": message["id"], "result": RESULTS.get(message["method"], {{}})}}
        if message["method"] == "Browser.close":
            if ACTION == "ignore close":
                time.sleep(60)
            sys.exit(0)
        elif message["method"] == METHOD:
            if ACTION == "die":
                print("fake: dying on", METHOD, file=sys.stderr, flush=True)
                os._exit(7)
            if ACTION == "silence":
                continue
            if ACTION == "refuse":
                answer = {{"id": message["id"], "error": {{"code": -32000, "message": "nope"}}}}
        os.write(4, json.dumps(answer).encode() + b"\\0")
"""


def fake_browser(tmp_path: Path, action: str, method: str = "") -> str:
    script = tmp_path / "fake-chromium"
    script.write_text(
        f"#!{sys.executable} -IS\n" + FAKE_BROWSER.format(action=action, method=method)
    )
    script.chmod(0o755)
    return str(script)


def assert_no_process_left(browser: Chromium) -> None:
    assert browser.process.poll() is not None
    assert group_members(browser.process.pid) == []  # nothing left in its process group


def test_a_browser_that_answers_and_closes(tmp_path: Path) -> None:
    # GIVEN a browser that answers every command WHEN it is used and closed
    with Chromium(fake_browser(tmp_path, "none")) as browser:
        assert browser.version == "Fake/1.0"
        assert browser.call("Target.createBrowserContext") == {"browserContextId": "context-1"}
    # THEN it exited, and with it every process of its group
    assert browser.process.returncode == 0
    assert_no_process_left(browser)


def test_a_browser_that_exits_at_start_names_the_command_and_its_exit(tmp_path: Path) -> None:
    with pytest.raises(BrowserError) as error:
        Chromium(fake_browser(tmp_path, "exit at start"))
    assert "(exited with 3): Browser.getVersion (timeout 60 s): the browser closed its pipe" in (
        str(error.value)
    )


def test_a_browser_that_dies_during_a_page_load_names_the_command(tmp_path: Path) -> None:
    # GIVEN a browser that crashes when the page is created
    # WHEN a page loads THEN the error names that command, the exit and the stderr, not
    # the clean-up that followed (disposing of the context in a dead browser)
    with (
        Chromium(fake_browser(tmp_path, "die", "Target.createTarget")) as browser,
        pytest.raises(BrowserError) as error,
    ):
        browser.dump_dom("http://127.0.0.1:9/")
    message = str(error.value)
    assert "(exited with 7): Target.createTarget (timeout 30 s): the browser closed its pipe" in (
        message
    )
    assert "fake: dying on Target.createTarget" in message
    assert_no_process_left(browser)


def test_a_refused_command_names_the_command_and_the_browsers_message(tmp_path: Path) -> None:
    with Chromium(fake_browser(tmp_path, "refuse", "Page.enable")) as browser:
        with pytest.raises(BrowserError, match=r"\(running\): Page.enable failed: nope"):
            browser.dump_dom("http://127.0.0.1:9/")
        # and the page's context is disposed of all the same: the browser is still usable
        assert browser.call("Target.createBrowserContext") == {"browserContextId": "context-1"}
    assert_no_process_left(browser)


def test_a_command_without_an_answer_times_out(tmp_path: Path) -> None:
    # GIVEN a browser that never answers one command
    with Chromium(fake_browser(tmp_path, "silence", "Target.createBrowserContext")) as browser:
        started = time.monotonic()
        # WHEN it is sent THEN the read gives up at its deadline, naming the command
        with pytest.raises(BrowserError) as error:
            browser.call("Target.createBrowserContext", timeout=0.2)
        assert time.monotonic() - started < 5
        assert "(running): Target.createBrowserContext (timeout 0.2 s): no answer" in str(
            error.value
        )
        # the browser is still usable
        assert browser.call("Browser.getVersion") == {"product": "Fake/1.0"}
    assert_no_process_left(browser)


def test_a_browser_that_does_not_exit_is_killed_with_its_processes(tmp_path: Path) -> None:
    # GIVEN a browser with a child process that ignores Browser.close
    browser = Chromium(fake_browser(tmp_path, "ignore close"))
    # WHEN it is closed THEN, after the timeout, it and its group are killed, and it says so
    with pytest.raises(BrowserError, match=r"still running 0\.3 s after closing"):
        browser.close(timeout=0.3)
    assert_no_process_left(browser)
    browser.close()  # a second close does nothing


def test_the_browsers_children_are_gone_once_it_closed(tmp_path: Path) -> None:
    # GIVEN a browser that started a process of its own (as Chromium starts renderers)
    browser = Chromium(fake_browser(tmp_path, "child"))
    assert len(group_members(browser.process.pid)) == 2
    # WHEN it closes (the browser exits, its child does not) THEN close() kills what is
    # left and fails: a browser leaving a process behind is an error
    with pytest.raises(BrowserError, match="still running"):
        browser.close(timeout=0.3)
    assert_no_process_left(browser)
