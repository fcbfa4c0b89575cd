"""Who a process is and whether it still lives: the crawler names its claims and its
temporary files after the machine it runs on and its pid, so that a later process on the
same machine can prove their owner dead instead of waiting for a lease to run out.

"The same machine" means the same kernel boot and the same pid namespace, not the same host
name: two containers that share a host name (or a kernel) see different processes under one
pid, and a pid is only proof of anything inside its own namespace. Where neither can be read
(no /proc: macOS, Windows), the host name stands in, as there no two share a process table by
accident.
"""

from __future__ import annotations

import functools
import hashlib
import os
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

BOOT_ID = Path("/proc/sys/kernel/random/boot_id")
PID_NAMESPACE = Path("/proc/self/ns/pid")


def this_host() -> str:
    return socket.gethostname()


@functools.cache
def this_machine() -> str:
    """A short name shared exactly by the processes whose pids this process can check:
    the kernel's boot id and the pid namespace's inode, hashed (the host name where /proc
    has neither)."""
    try:
        identity = f"{BOOT_ID.read_text().strip()}/{os.stat(PID_NAMESPACE).st_ino}"
    except OSError:
        identity = f"host/{this_host()}"
    return hashlib.sha1(identity.encode()).hexdigest()[:12]


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but another user's
        pass
    return True


def proven_dead(machine: str, pid: int | None) -> bool:
    """True only when this process can tell: the owner ran on this machine and its pid is gone."""
    return machine == this_machine() and pid is not None and not process_alive(pid)


@dataclass(frozen=True)
class Worker:
    """A claimant as written in `images.claimed_by`: `host:pid:tag:machine` (the host name
    for people to read; the machine, `this_machine()`, for proving it dead)."""

    host: str
    pid: int | None
    tag: str = ""
    machine: str = ""

    @classmethod
    def new(cls) -> Worker:
        """Unique per process (the tag tells apart a later process that reuses the pid)."""
        return cls(this_host()[:64], os.getpid(), uuid.uuid4().hex[:6], this_machine())

    @classmethod
    def parse(cls, name: str) -> Worker:
        host, _, rest = name.partition(":")
        pid, _, rest = rest.partition(":")
        tag, _, machine = rest.partition(":")
        return cls(host, int(pid) if pid.isdigit() else None, tag, machine)

    @property
    def name(self) -> str:
        return f"{self.host}:{self.pid}:{self.tag}:{self.machine}"

    def proven_dead(self) -> bool:
        """A claim written before machines were named (no `machine`) is never proven dead:
        it waits for its lease."""
        return proven_dead(self.machine, self.pid)

    def __str__(self) -> str:
        return f"pid {self.pid} on {self.host}"
