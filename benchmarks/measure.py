"""Run a command (or a Python snippet) in a fresh process; report its wall seconds and peak RSS."""

from __future__ import annotations

import os
import subprocess
import sys
import time


def measure_command(command: list[str], *, env: dict | None = None, cwd=None, quiet: bool = False) -> dict:
    """Peak RSS comes from the child's own rusage (`wait4`), so the parent never counts."""
    output = subprocess.DEVNULL if quiet else None
    started = time.perf_counter()
    process = subprocess.Popen(command, env={**os.environ, **(env or {})}, cwd=cwd, stdout=output, stderr=output)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"measured run failed with status {os.waitstatus_to_exitcode(status)}: {command}")
    return {"wall_s": round(wall, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}


def run_measured(code: str, *, env: dict | None = None) -> dict:
    return measure_command([sys.executable, "-c", code], env=env)
