"""Headless Chromium driven over the Chrome DevTools Protocol (one websocket, flat sessions):
enough to load a page, collect its console errors and dialogs, evaluate JavaScript and take
a screenshot. Uses the system's browser only; nothing is downloaded."""

from __future__ import annotations

import base64
import json
import os
import re
import selectors
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BROWSER_ENV = "MEDIUM_TEST_CHROMIUM"  # a browser binary other than `chromium` on the PATH
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-port=0", "--window-size=1280,900", "about:blank"]
LISTENING = re.compile(r"DevTools listening on (ws://\S+)")
START_SECONDS = 60
COMMAND_SECONDS = 60


def browser_problem() -> str | None:
    """Why a browser test cannot run here, or None."""
    if not browser_path():
        return f"no Chromium here (install Debian's `chromium` or set {BROWSER_ENV})"
    try:
        import websocket  # noqa: F401
    except ImportError:
        return "the websocket-client package is not installed"
    return None


def browser_path() -> str | None:
    return os.environ.get(BROWSER_ENV) or shutil.which("chromium")


class Page:
    """One tab. `events` keeps every event the tab sent, in order."""

    def __init__(self, socket, session: str) -> None:
        self.socket, self.session = socket, session
        self.events: list[dict] = []
        self._ids = iter(range(1, 10**9))

    def send(self, method: str, **params) -> dict:
        """Send a command and wait for its answer; events met meanwhile are kept."""
        number = next(self._ids)
        self.socket.send(json.dumps({"id": number, "method": method, "params": params, "sessionId": self.session}))
        deadline = time.monotonic() + COMMAND_SECONDS
        while time.monotonic() < deadline:
            message = json.loads(self.socket.recv())
            if message.get("id") == number:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message and message.get("sessionId") == self.session:
                self.events.append(message)
        raise TimeoutError(f"no answer to {method} within {COMMAND_SECONDS} s")

    def wait_for(self, method: str) -> dict:
        """The first event `method` not yet consumed, waiting for it if needed."""
        deadline = time.monotonic() + COMMAND_SECONDS
        while time.monotonic() < deadline:
            for event in self.events:
                if event["method"] == method and not event.get("consumed"):
                    event["consumed"] = True
                    return event
            message = json.loads(self.socket.recv())
            if "method" in message and message.get("sessionId") == self.session:
                self.events.append(message)
        raise TimeoutError(f"no {method} within {COMMAND_SECONDS} s")

    def open(self, url: str) -> None:
        """Load `url` and wait until it and its pictures have loaded."""
        self.send("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def console_errors(self) -> list[str]:
        """Console errors, uncaught exceptions and failed loads the browser logged."""
        errors = []
        for event in self.events:
            params = event.get("params", {})
            if event["method"] == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                errors.append(" ".join(str(arg.get("value", arg.get("description"))) for arg in params["args"]))
            elif event["method"] == "Runtime.exceptionThrown":
                errors.append(params["exceptionDetails"].get("text", "exception"))
            elif event["method"] == "Log.entryAdded" and params["entry"]["level"] == "error":
                errors.append(f"{params['entry'].get('text')} {params['entry'].get('url', '')}".strip())
        return errors

    def dialogs(self) -> list[str]:
        return [event["params"].get("message", "") for event in self.events
                if event["method"] == "Page.javascriptDialogOpening"]

    def screenshot(self, path: Path) -> Path:
        """The whole page, not only the window, as PNG."""
        size = self.send("Page.getLayoutMetrics")["cssContentSize"]
        shot = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1})
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


@contextmanager
def chromium(profile: Path) -> Iterator[Page]:
    """A fresh headless Chromium with its own profile folder, and one tab in it."""
    import websocket

    with subprocess.Popen([browser_path(), *FLAGS, f"--user-data-dir={profile}"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, start_new_session=True) as process:
        try:
            socket = websocket.create_connection(_devtools_url(process), timeout=COMMAND_SECONDS,
                                                 suppress_origin=True)
            try:
                yield _new_page(socket)
            finally:
                socket.close()
        finally:
            # a throwaway browser (its profile is a temporary folder): end it and its helpers at once
            os.killpg(process.pid, signal.SIGKILL)


def _devtools_url(process: subprocess.Popen) -> str:
    """Read the browser's stderr until it says where its DevTools socket listens."""
    deadline = time.monotonic() + START_SECONDS
    seen = []
    with selectors.DefaultSelector() as selector:
        selector.register(process.stderr, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if not selector.select(max(deadline - time.monotonic(), 0)):
                break
            line = process.stderr.readline()
            if not line:
                break
            seen.append(line.rstrip())
            match = LISTENING.search(line)
            if match:
                return match.group(1)
    raise RuntimeError(f"Chromium did not open its DevTools socket: {' | '.join(seen[-5:])}")


def _new_page(socket) -> Page:
    socket.send(json.dumps({"id": 1, "method": "Target.createTarget", "params": {"url": "about:blank"}}))
    target = _answer(socket, 1)["targetId"]
    socket.send(json.dumps({"id": 2, "method": "Target.attachToTarget", "params": {"targetId": target, "flatten": True}}))
    page = Page(socket, _answer(socket, 2)["sessionId"])
    for domain in ("Page", "Runtime", "Log"):
        page.send(f"{domain}.enable")
    return page


def _answer(socket, number: int) -> dict:
    while True:
        message = json.loads(socket.recv())
        if message.get("id") == number:
            if "error" in message:
                raise RuntimeError(str(message["error"]))
            return message["result"]
