"""A stranger's web server on loopback, for crawls against hosts we script: it serves
`server.files` (path -> answers, each `(status, headers, body)`, served in turn, the last one
again and again), 404 otherwise, and notes every connection and request it gets."""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

from crawling import PROJECT_ROOT, crawl_env


class Portal(http.server.ThreadingHTTPServer):
    def __init__(self, address: tuple[str, int]) -> None:
        self.files: dict[str, list[tuple[int, dict, bytes]]] = {}
        self.connections = 0
        self.requests: list[tuple[str, float]] = []  # (path, time.monotonic())
        super().__init__(address, Answer)

    def verify_request(self, request, client_address) -> bool:
        self.connections += 1
        return True

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


class Answer(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append((self.path, time.monotonic()))
        answers = self.server.files.get(self.path) or [(404, {}, b"no")]
        status, headers, body = answers.pop(0) if len(answers) > 1 else answers[0]
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve(host: str = "127.0.0.1") -> Portal:
    """A started portal; it listens from its constructor on, so no wait is needed."""
    portal = Portal((host, 0))
    threading.Thread(target=portal.serve_forever, daemon=True).start()
    return portal


def stop(portal: Portal) -> None:
    portal.shutdown()
    portal.server_close()


def geojson(images: list[str]) -> bytes:
    """A FeatureCollection of one artwork per image URL, ids `art0`, `art1`, ..."""
    features = [{"type": "Feature", "id": f"art{number}", "geometry": {"type": "Point", "coordinates": [-40.0, 30.0]},
                 "properties": {"title": f"artwork {number}", "image": url}} for number, url in enumerate(images)]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def crawl_portal(home: Path, url: str, *, settings: dict | None = None,
                 env: dict | None = None) -> subprocess.CompletedProcess:
    """`scrapy crawl public_art -a url=URL -a format=geojson` with quick failures."""
    command = [sys.executable, "-m", "scrapy", "crawl", "public_art", "-a", f"url={url}", "-a", "format=geojson",
               "-a", "name=portal"]
    quick = {"AUTOTHROTTLE_START_DELAY": "0", "DOWNLOAD_TIMEOUT": "5", "RETRY_TIMES": "0", "LOGSTATS_INTERVAL": "0"}
    for name, value in {**quick, **(settings or {})}.items():
        command += ["-s", f"{name}={value}"]
    return subprocess.run(command, cwd=PROJECT_ROOT, env={**crawl_env(home), **(env or {})}, capture_output=True,
                          text=True, timeout=180)
