"""Hosts on one machine, for the several-hosts test: a Linux bridge, and per host a network
namespace with a veth on that bridge; each host's command also runs in its own PID and UTS
namespace (`ip netns exec NS unshare --pid --uts --fork`), so hosts share no hostname, no
pid space and no loopback. Servers in the root namespace listen on the bridge address.

Needs root, `ip` and `unshare`; `namespaces_unavailable()` says why not where they are missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import socketserver
import subprocess
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass


def namespaces_unavailable() -> str | None:
    """Why hosts cannot be made here, or None."""
    if os.geteuid() != 0:
        return "network namespaces need root"
    missing = [tool for tool in ("ip", "unshare") if shutil.which(tool) is None]
    if missing:
        return f"{' and '.join(missing)} not installed"
    probe = f"mdprobe{uuid.uuid4().hex[:6]}"
    made = subprocess.run(["ip", "netns", "add", probe], capture_output=True, text=True, check=False)
    if made.returncode:
        return f"cannot create a network namespace: {made.stderr.strip()}"
    subprocess.run(["ip", "netns", "del", probe], check=False)
    return None


@dataclass(frozen=True)
class Host:
    name: str  # its hostname and network namespace
    address: str

    def command(self, argv: list[str]) -> list[str]:
        """`argv` run as this host: its network, a PID namespace (it is pid 1) and its hostname."""
        script = f'hostname {self.name} && exec "$@"'
        return ["ip", "netns", "exec", self.name, "unshare", "--pid", "--uts", "--fork", "--kill-child",
                "sh", "-c", script, "sh", *argv]


@dataclass(frozen=True)
class Network:
    bridge_address: str
    hosts: list[Host]


def _ip(*arguments: str) -> None:
    subprocess.run(["ip", *arguments], check=True, capture_output=True, text=True)


@contextmanager
def host_network(n_hosts: int):
    """A bridge at 10.X.0.1/24 and `n_hosts` namespaces at 10.X.0.11, .12, …; removed after."""
    tag = uuid.uuid4().hex[:5]
    subnet = f"10.{200 + int(tag, 16) % 50}.{int(tag, 16) % 250}"
    bridge = f"mdbr{tag}"
    hosts = [Host(f"md{tag}h{i + 1}", f"{subnet}.{11 + i}") for i in range(n_hosts)]
    try:
        _ip("link", "add", bridge, "type", "bridge")
        _ip("addr", "add", f"{subnet}.1/24", "dev", bridge)
        _ip("link", "set", bridge, "up")
        for index, host in enumerate(hosts):
            outside, inside = f"md{tag}v{index}", f"md{tag}p{index}"
            _ip("netns", "add", host.name)
            _ip("link", "add", outside, "type", "veth", "peer", "name", inside)
            _ip("link", "set", inside, "netns", host.name)
            _ip("link", "set", outside, "master", bridge)
            _ip("link", "set", outside, "up")
            _ip("-n", host.name, "addr", "add", f"{host.address}/24", "dev", inside)
            _ip("-n", host.name, "link", "set", inside, "up")
            _ip("-n", host.name, "link", "set", "lo", "up")
        yield Network(f"{subnet}.1", hosts)
    finally:
        for host in hosts:
            subprocess.run(["ip", "netns", "del", host.name], capture_output=True, check=False)  # takes its veths
        subprocess.run(["ip", "link", "del", bridge], capture_output=True, check=False)


class _Pipe(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        with socket.create_connection(self.server.target) as upstream:
            def pump(source, sink):
                try:
                    while data := source.recv(65536):
                        sink.sendall(data)
                except OSError:
                    pass
                finally:
                    try:
                        sink.shutdown(socket.SHUT_WR)
                    except OSError:
                        pass

            back = threading.Thread(target=pump, args=(upstream, self.request), daemon=True)
            back.start()
            pump(self.request, upstream)
            back.join()


class _Forwarder(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextmanager
def forwarded(address: str, target: tuple[str, int]):
    """Listen on `address` (a free port) and pass each connection on to `target`: how hosts on
    the bridge reach a server that listens on loopback only. Yields the bound port."""
    server = _Forwarder((address, 0), _Pipe)  # bound and listening when this returns
    server.target = target
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
