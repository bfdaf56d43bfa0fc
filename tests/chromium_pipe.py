"""One headless Chromium for a whole test session, driven over the DevTools protocol on a
pipe (``--remote-debugging-pipe``: the browser reads commands on its fd 3 and writes
answers and events on its fd 4, each message JSON ending in a NUL byte). Nothing listens
on a port.

:meth:`Chromium.dump_dom` does what ``chromium --headless --virtual-time-budget=N
--dump-dom URL`` does (Chromium's own ``headless_command.js``): a new browser context and
page, navigate, wait for the load event, let virtual time run for the budget (it does not
pass while fetches are pending), then read the DOM; the page and its context (cookies,
cache, storage, service workers) are disposed of before it returns. Every read has a
deadline: a browser that dies or does not answer raises :class:`BrowserError` naming the
command, instead of hanging the run.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
    "--no-startup-window",  # no first tab: every page is opened in a context of its own
)
#: The DOM as ``--dump-dom`` prints it: the doctype, then the document element.
_DOM = (
    "(document.doctype ? new XMLSerializer().serializeToString(document.doctype) + '\\n' : '')"
    " + document.documentElement.outerHTML"
)
# The pipe ends become the browser's fd 3 and 4 in a shell that then execs it (no
# preexec_fn: it is unsafe with threads, and the tests' HTTP servers are threads); they
# are numbered from 10 here, so that moving them never overwrites one with the other.
_ON_FD_3_AND_4 = 'exec "$0" "$@" 3<&{commands} 4>&{answers} {commands}<&- {answers}>&-'
_CLOSE = b'{"id": 0, "method": "Browser.close"}\0'  # (no answer awaited: it exits)

Message = dict[str, Any]


class BrowserError(RuntimeError):
    """The browser died, refused a command or did not answer in time."""


class Chromium:
    """A headless Chromium process and its DevTools pipe; a context manager."""

    def __init__(self, executable: str, *, start_timeout: float = 60) -> None:
        self._profile = tempfile.TemporaryDirectory(prefix="chromium-profile-")
        self._log = tempfile.TemporaryFile(prefix="chromium-stderr-")  # noqa: SIM115
        to_browser, self._out = _pipe()
        self._in, from_browser = _pipe()
        shell = _ON_FD_3_AND_4.format(commands=to_browser, answers=from_browser)
        try:
            self.process = subprocess.Popen(
                ["bash", "-c", shell, executable, *FLAGS, f"--user-data-dir={self._profile.name}"],
                pass_fds=(to_browser, from_browser),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=self._log,
                start_new_session=True,  # its own process group: close() waits for all of it
            )
        finally:
            os.close(to_browser)
            os.close(from_browser)
        os.set_blocking(self._out, False)
        self._buffer = b""
        self._events: list[Message] = []
        self._last_id = 0
        self._closed = False
        try:
            self.version = self.call("Browser.getVersion", timeout=start_timeout)["product"]
        except BaseException:
            with contextlib.suppress(BrowserError):  # the first error is the one to report
                self.close(timeout=2)
            raise

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the protocol ---------------------------------------------------------------------

    def call(
        self, method: str, session: str | None = None, *, timeout: float = 30, **params: Any
    ) -> Message:
        """Sends a command (to a page's ``session``, or the browser) and returns its result."""
        self._last_id += 1
        message: Message = {"id": self._last_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        deadline = time.monotonic() + timeout
        what = f"{method} (timeout {timeout} s)"
        self._send(json.dumps(message).encode() + b"\0", what, deadline)
        while True:
            answer = self._receive(what, deadline)
            if answer.get("id") == message["id"]:
                if "error" in answer:
                    raise self._error(f"{method} failed: {answer['error'].get('message')}")
                result: Message = answer.get("result", {})
                return result
            if "method" in answer:
                self._events.append(answer)

    def wait_for(
        self, event: str, session: str, deadline: float, match: Callable[[Message], bool]
    ) -> Message:
        """The first ``event`` of ``session`` whose params ``match``, received or to come."""
        while True:
            for index, seen in enumerate(self._events):
                ours = seen.get("method") == event and seen.get("sessionId") == session
                if ours and match(seen.get("params", {})):
                    return self._events.pop(index)
            answer = self._receive(f"waiting for {event}", deadline)
            if "method" in answer:
                self._events.append(answer)

    def _send(self, data: bytes, what: str, deadline: float) -> None:
        view = memoryview(data)
        while view:
            if not select.select([], [self._out], [], self._remaining(what, deadline))[1]:
                continue  # _remaining raises once the deadline has passed
            try:
                view = view[os.write(self._out, view) :]
            except (BrokenPipeError, OSError) as exc:
                raise self._error(f"{what}: could not write to the browser ({exc})") from None

    def _receive(self, what: str, deadline: float) -> Message:
        while b"\0" not in self._buffer:
            if not select.select([self._in], [], [], self._remaining(what, deadline))[0]:
                continue
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.process.wait(5)  # (its exit status, for the message)
                raise self._error(f"{what}: the browser closed its pipe")
            self._buffer += chunk
        data, self._buffer = self._buffer.split(b"\0", 1)
        message: Message = json.loads(data)
        return message

    def _remaining(self, what: str, deadline: float) -> float:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise self._error(f"{what}: no answer from the browser in time")
        return remaining

    def _error(self, problem: str) -> BrowserError:
        exited = self.process.poll()
        state = "running" if exited is None else f"exited with {exited}"
        self._log.seek(0)
        log = self._log.read()[-2000:].decode(errors="replace")
        return BrowserError(f"headless Chromium ({state}): {problem}\nits stderr:\n{log}")

    # --- pages ----------------------------------------------------------------------------

    def dump_dom(self, url: str, *, budget_ms: int = 10000, timeout: float = 120) -> str:
        """The DOM of ``url`` once the page is idle, loaded in a browser context of its own
        (virtual time does not pass while fetches are pending, so the budget covers the
        page's own work, not the network)."""
        deadline = time.monotonic() + timeout
        context = self.call("Target.createBrowserContext")["browserContextId"]
        try:
            page = self.call("Target.createTarget", url="about:blank", browserContextId=context)
            attached = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True)
            dom = self._load(attached["sessionId"], url, budget_ms, deadline)
        except BaseException:
            # the first error is the one to report: the browser may be gone by now
            with contextlib.suppress(BrowserError):
                self._dispose(context, timeout=5)
            raise
        self._dispose(context)
        return dom

    def _dispose(self, context: str, *, timeout: float = 30) -> None:
        """Closes the context's pages and forgets their events."""
        self.call("Target.disposeBrowserContext", timeout=timeout, browserContextId=context)
        self._events.clear()  # (one page at a time: all events were its)

    def _load(self, session: str, url: str, budget_ms: int, deadline: float) -> str:
        self.call("Page.enable", session)
        self.call("Page.setLifecycleEventsEnabled", session, enabled=True)
        navigation = self.call("Page.navigate", session, url=url)
        if "errorText" in navigation:
            raise self._error(f"Page.navigate to {url}: {navigation['errorText']}")
        frame = navigation["frameId"]
        self.wait_for(
            "Page.lifecycleEvent",
            session,
            deadline,
            lambda event: event.get("name") == "load" and event.get("frameId") == frame,
        )
        self.call(
            "Emulation.setVirtualTimePolicy",
            session,
            policy="pauseIfNetworkFetchesPending",
            budget=budget_ms,
            maxVirtualTimeTaskStarvationCount=9999,
        )
        self.wait_for("Emulation.virtualTimeBudgetExpired", session, deadline, lambda _: True)
        result = self.call("Runtime.evaluate", session, expression=_DOM)["result"]
        if result.get("type") != "string" or "<html" not in result.get("value", ""):
            raise self._error(f"no DOM from {url}: {result}")
        dom: str = result["value"]
        return dom

    # --- the end --------------------------------------------------------------------------

    def close(self, timeout: float = 10) -> None:
        """Closes the browser and waits until no process of its group is left (killing
        what is left after ``timeout``); raises BrowserError if it had to kill."""
        if self._closed:
            return
        self._closed = True
        if self.process.poll() is None:
            with contextlib.suppress(BrowserError):
                self._send(_CLOSE, "Browser.close", time.monotonic() + timeout)
        leftover = not _group_gone(self.process, timeout)
        if leftover:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            _group_gone(self.process, timeout)
        for fd in (self._in, self._out):
            os.close(fd)
        self._log.close()
        self._profile.cleanup()
        if leftover:
            raise BrowserError(f"headless Chromium was still running {timeout} s after closing")


def _pipe() -> tuple[int, int]:
    """A pipe whose ends are numbered 10 or more, not inherited unless passed."""
    ends = os.pipe()
    try:
        read, write = (fcntl.fcntl(end, fcntl.F_DUPFD_CLOEXEC, 10) for end in ends)
    finally:
        for end in ends:
            os.close(end)
    return read, write


def _group_gone(process: subprocess.Popen[bytes], timeout: float) -> bool:
    """Whether the process and every process of its group ended within ``timeout``."""
    deadline = time.monotonic() + timeout
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        return False
    while group_members(process.pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def group_members(group: int) -> list[int]:
    """The live processes of a process group (Linux: /proc/PID/stat; zombies, which
    their parent has yet to reap, are not counted)."""
    try:
        os.killpg(group, 0)  # (cheap: no process at all, not even a zombie)
    except ProcessLookupError:
        return []
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:  # pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses
            state, _ppid, pgrp = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except OSError:  # (ended meanwhile)
            continue
        if int(pgrp) == group and state != "Z":
            members.append(int(stat.parent.name))
    return members


__all__ = ["FLAGS", "BrowserError", "Chromium", "group_members"]
