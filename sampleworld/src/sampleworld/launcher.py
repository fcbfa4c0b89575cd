"""Run the loopback server in a child process for tests and benchmarks, ready when it says so."""

from __future__ import annotations

import os
import re
import selectors
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

READY = re.compile(r"^sample world serving .* at (http://\S+/)$")
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def running_server(directory: str | Path, *, port: int = 0, slow_seconds: float = 5.0,
                   request_log: str | Path | None = None, ready_timeout: float = 60.0,
                   city: str | Path | None = None, host: str = "127.0.0.1") -> Iterator[str]:
    """Start `python -m sampleworld.server` (a world or a city in `directory`, or both with
    `city`) on `host`, wait for its ready line, yield its base URL (ending in "/"), and stop it on exit."""
    command = [sys.executable, "-P", "-m", "sampleworld.server", str(directory), "--host", host, "--port", str(port),
               "--slow-seconds", str(slow_seconds)]
    if request_log:
        command += ["--log", str(request_log)]
    if city:
        command += ["--city", str(city)]
    python_path = os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": python_path})
    try:
        yield _wait_until_ready(process, ready_timeout)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()


def _wait_until_ready(process: subprocess.Popen, timeout: float) -> str:
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            raise RuntimeError(f"the sample world server said nothing within {timeout} s")
    line = process.stdout.readline().rstrip("\n")
    match = READY.match(line)
    if not match:
        process.wait(timeout=10)
        raise RuntimeError(f"the sample world server did not start (exit {process.returncode}): {line!r}")
    return match.group(1)
