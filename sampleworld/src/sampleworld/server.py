"""A loopback stand-in for the Behance CDN: serves a world's files at their CDN paths, and the
faults of its faults.json, over HTTP/1.1 keep-alive; and the sample city's public-art site
under /city/ (see sampleworld/city/serving.py), from a city folder or `--city DIR`.

    python -m sampleworld.server WORLD_OR_CITY_DIR [--city CITY_DIR] [--port 0] [--slow-seconds 5] [--log FILE]

Prints one line when ready, `sample world serving <dir> at http://127.0.0.1:<port>/`, and stops
on SIGINT or SIGTERM. The request log gets `METHOD PATH STATUS` per request (STATUS is `reset`
when the connection was dropped unanswered), flushed at once.
"""

from __future__ import annotations

import argparse
import json
import signal
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

from sampleworld.city import is_city
from sampleworld.city.serving import PREFIX as CITY_PREFIX
from sampleworld.city.serving import CitySite

CONTENT_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
ROBOTS = b"User-agent: *\nDisallow: /city/drafts/\nAllow: /\n"
NOT_FOUND = b"not found\n"
STATUS_OF = {"not_found": 404, "gone": 410, "server_error": 500, "too_many": 429}
MAX_CACHED_BYTES = 512 * 2 ** 20  # world files are kept in memory up to this total


class WorldFiles:
    """The files under `cdn/`, by URL path; bytes are read once and kept in memory."""

    def __init__(self, cdn: Path):
        self._paths = {"/" + str(p.relative_to(cdn)): p for p in cdn.rglob("*") if p.is_file()}
        self._cache: dict[str, bytes] = {}
        self._cached_bytes = 0

    def get(self, url_path: str) -> bytes | None:
        body = self._cache.get(url_path)
        if body is not None or url_path not in self._paths:
            return body
        body = self._paths[url_path].read_bytes()
        if self._cached_bytes + len(body) <= MAX_CACHED_BYTES:
            self._cache[url_path] = body
            self._cached_bytes += len(body)
        return body


class RequestLog:
    def __init__(self, path: Path | None):
        self._file = open(path, "a", buffering=1) if path else None  # noqa: SIM115 - lives as long as the server
        self._lock = threading.Lock()

    def write(self, method: str, path: str, status: int | str) -> None:
        if self._file:
            with self._lock:
                self._file.write(f"{method} {path} {status}\n")
                self._file.flush()


class SampleWorldServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(self, address, directory: Path, slow_seconds: float, request_log: Path | None,
                 city: Path | None = None):
        self.directory = directory
        self.files = WorldFiles(directory / "cdn")
        self.city = CitySite(city / "site") if city else None
        self.faults = _load_faults(directory / "faults.json")
        self.slow_seconds = slow_seconds
        self.log = RequestLog(request_log)
        self.failed_once: set[str] = set()  # flaky paths that already answered 503
        self.failed_once_lock = threading.Lock()
        super().__init__(address, CdnHandler)

    def handle_error(self, request, client_address) -> None:
        """A client that hangs up (a crawler's timeout, a killed crawler) is normal here."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class CdnHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "SampleWorldCDN/1.0"
    server: SampleWorldServer

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def log_message(self, format, *args) -> None:  # noqa: A002 - Python's name for it
        """Silent: the request log replaces the default stderr line per request."""

    def _answer(self, send_body: bool) -> None:
        path, _, query = self.path.partition("?")
        if path == "/robots.txt":
            return self._send(200, ROBOTS, "text/plain", send_body)
        if self.server.city and path.startswith(CITY_PREFIX):
            return self._send(*self.server.city.answer(path, query, self.headers.get("Host", "")), send_body)
        fault = self.server.faults.get(path)
        if fault and self._misbehave(fault, path, query, send_body):
            return None
        body = self.server.files.get(path)
        if body is None:
            return self._send(404, NOT_FOUND, "text/plain", send_body)
        return self._send(200, body, CONTENT_TYPES.get(Path(path).suffix.lower(), "application/octet-stream"),
                          send_body)

    def _misbehave(self, fault: dict, path: str, query: str, send_body: bool) -> bool:
        """Answer as the fault kind dictates; False where the file is then served normally."""
        kind = fault["kind"]
        if kind in STATUS_OF:
            headers = {"Retry-After": "1"} if kind == "too_many" else {}
            self._send(STATUS_OF[kind], f"{kind}\n".encode(), "text/plain", send_body, headers)
        elif kind == "flaky":
            with self.server.failed_once_lock:
                first = path not in self.server.failed_once
                self.server.failed_once.add(path)
            if not first:
                return False
            self._send(503, b"try again\n", "text/plain", send_body)
        elif kind == "slow":
            time.sleep(self.server.slow_seconds)  # the fault itself: a server that answers late
            return False
        elif kind == "not_image":
            self._send(200, self.server.files.get(path) or b"", "text/html; charset=utf-8", send_body)
        elif kind == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.server.log.write(self.command, self.path, "reset")
        elif kind == "redirect":
            self._send(302, b"", "text/plain", send_body, {"Location": fault["target"]})
        elif kind == "redirect_loop":
            hop = parse_qs(query).get("hop", ["0"])[0]
            following = int(hop) + 1 if hop.isdigit() else 1
            self._send(302, b"", "text/plain", send_body, {"Location": f"{path}?hop={following}"})
        else:
            return False
        return True

    def _send(self, status: int, body: bytes, content_type: str, send_body: bool,
              headers: dict[str, str] | None = None) -> None:
        # logged before answering, so a client holding the answer finds its line already written
        self.server.log.write(self.command, self.path, status)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if send_body and body:
            self.wfile.write(body)


def _load_faults(path: Path) -> dict[str, dict]:
    if not path.is_file():
        return {}
    return {fault["path"]: fault for fault in json.loads(path.read_text())["faults"]}


def make_server(directory: str | Path, host: str = "127.0.0.1", port: int = 0, slow_seconds: float = 5.0,
                request_log: str | Path | None = None, city: str | Path | None = None) -> SampleWorldServer:
    """A bound, not yet serving server for a world and/or a city (`directory` may be either);
    raises FileNotFoundError when there is neither."""
    directory = Path(directory).absolute()
    if city is None and is_city(directory):
        city = directory
    if city is not None and not is_city(city):
        raise FileNotFoundError(f"{city} is not a sample city (it has no city.json)")
    if not (directory / "cdn").is_dir() and city is None:
        raise FileNotFoundError(f"{directory} is neither a sample world (no cdn/ folder) nor a sample city")
    return SampleWorldServer((host, port), directory, slow_seconds, Path(request_log) if request_log else None,
                             Path(city).absolute() if city else None)


def serve(directory: str | Path, host: str = "127.0.0.1", port: int = 0, slow_seconds: float = 5.0,
          request_log: str | Path | None = None, city: str | Path | None = None) -> None:
    """Serve until SIGINT or SIGTERM, after printing the ready line."""
    server = make_server(directory, host, port, slow_seconds, request_log, city)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, signal.default_int_handler)
    bound_host, bound_port = server.server_address[:2]
    print(f"sample world serving {server.directory} at http://{bound_host}:{bound_port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sampleworld.server", description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, help="a world made by build_world, or a city made by build_city")
    parser.add_argument("--city", type=Path, help="also serve this sample city under /city/")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (default)")
    parser.add_argument("--slow-seconds", type=float, default=5.0, help="delay of the 'slow' fault")
    parser.add_argument("--log", type=Path, help="append one line per request to this file")
    args = parser.parse_args(argv)
    serve(args.directory, args.host, args.port, args.slow_seconds, args.log, args.city)


if __name__ == "__main__":
    main()
