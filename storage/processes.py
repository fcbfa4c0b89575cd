"""Who a process is and whether it still lives: the crawler names its claims and its
temporary files after its host and pid, so that a later process on the same host can
prove their owner dead instead of waiting for a lease to run out."""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass


def this_host() -> str:
    return socket.gethostname()


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but another user's
        pass
    return True


@dataclass(frozen=True)
class Worker:
    """A claimant as written in `images.claimed_by`: `host:pid:tag`."""

    host: str
    pid: int | None
    tag: str = ""

    @classmethod
    def new(cls) -> Worker:
        """Unique per process (the tag tells apart a later process that reuses the pid)."""
        return cls(this_host(), os.getpid(), uuid.uuid4().hex[:6])

    @classmethod
    def parse(cls, name: str) -> Worker:
        host, _, rest = name.partition(":")
        pid, _, tag = rest.partition(":")
        return cls(host, int(pid) if pid.isdigit() else None, tag)

    @property
    def name(self) -> str:
        return f"{self.host}:{self.pid}:{self.tag}"

    def proven_dead(self) -> bool:
        """True only when this host can tell: the worker ran here and its pid is gone."""
        return self.host == this_host() and self.pid is not None and not process_alive(self.pid)

    def __str__(self) -> str:
        return f"pid {self.pid} on {self.host}"
