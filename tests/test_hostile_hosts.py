"""A stranger's portal: its image URLs and redirects point at loopback, the link-local metadata
address and other ports of this machine, and its pictures are PostScript and float TIFFs.
Nothing reaches the listeners, Ghostscript is never started, and each row says why."""

from __future__ import annotations

import io
import ipaddress
import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from portal import crawl_portal, geojson, serve, stop

from crawler.addresses import REFUSED, endpoint, kind_of, why_refused
from storage.db import open_database
from storage.models import Image as ImageRow

PICTURE = np.tile(np.linspace(0, 255, 96, dtype=np.uint8), (64, 1))


def ip(text: str):
    return ipaddress.ip_address(text)


@pytest.mark.parametrize(("address", "kind"), [
    ("127.0.0.2", "loopback"), ("::1", "loopback"), ("169.254.169.254", "link-local"), ("10.1.2.3", "private"),
    ("192.168.0.1", "private"), ("240.0.0.1", "reserved"), ("0.0.0.0", "unspecified"), ("93.184.215.14", None),
])
def test_what_counts_as_not_public(address, kind):
    assert kind_of(ip(address)) == kind


def test_only_the_sources_own_endpoint_or_a_named_host_may_be_private():
    source = {(ip("127.0.0.1"), 8800)}
    assert why_refused("cdn.example", 443, (ip("93.184.215.14"),), source, set()) is None
    assert why_refused("localhost", 8800, (ip("::1"), ip("127.0.0.1")), source, set()) is None  # the same machine
    for host, port, addresses in [("127.0.0.1", 22, (ip("127.0.0.1"),)),  # another port of the source's host
                                  ("127.0.0.2", 8800, (ip("127.0.0.2"),)),
                                  ("metadata.example", 80, (ip("169.254.169.254"),)),
                                  ("both.example", 8800, (ip("127.0.0.1"), ip("10.0.0.9")))]:
        why = why_refused(host, port, addresses, source, set())
        assert why is not None and why.startswith(REFUSED), host
    assert "169.254.169.254" in why_refused("metadata.example", 80, (ip("169.254.169.254"),), source, set())
    assert why_refused("nas.lan", 8080, (ip("10.0.0.9"),), set(), {"nas.lan:8080"}) is None
    assert why_refused("nas.lan", 8080, (ip("10.0.0.9"),), set(), {"nas.lan"}) is None
    assert why_refused("nas.lan", 8080, (ip("10.0.0.9"),), set(), {"nas.lan:80"}) is not None


def test_endpoints_take_the_schemes_port():
    assert endpoint("https://Mir-S3-CDN-cf.behance.net/a.jpg") == ("mir-s3-cdn-cf.behance.net", 443)
    assert endpoint("http://127.0.0.1:8800/x") == ("127.0.0.1", 8800)
    assert endpoint("http://[::1]/x") == ("::1", 80)


def encoded(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


@pytest.fixture
def servers():
    started = [serve(host) for host in ("127.0.0.1", "127.0.0.2", "127.0.0.1")]
    yield started
    for portal in started:
        stop(portal)


@pytest.mark.slow
def test_a_hostile_portal_reaches_no_private_listener_and_never_starts_ghostscript(servers, tmp_path):
    portal, other_address, other_port = servers
    base, elsewhere, another_port = portal.base, other_address.base, other_port.base
    eps = encoded(Image.fromarray(PICTURE).convert("RGB"), "EPS")
    images = {
        "good": f"{base}/good.png",
        "same_machine": f"http://localhost:{portal.server_address[1]}/good.png",
        "other_loopback": f"{elsewhere}/secret.jpg",
        "other_port": f"{another_port}/admin.jpg",
        "metadata": "http://169.254.169.254/latest/meta-data/iam.jpg",
        "redirected": f"{base}/moved.jpg",
        "eps": f"{base}/art.eps",
        "postscript_named_jpg": f"{base}/photo.jpg",
        "float_tiff": f"{base}/scan.tif",
    }
    portal.files = {
        "/art.geojson": [(200, {"Content-Type": "application/geo+json"}, geojson(list(images.values())))],
        "/good.png": [(200, {"Content-Type": "image/png"}, encoded(Image.fromarray(PICTURE), "PNG"))],
        "/moved.jpg": [(302, {"Location": f"{elsewhere}/redirected.jpg"}, b"")],
        "/art.eps": [(200, {"Content-Type": "application/postscript"}, eps)],
        "/photo.jpg": [(200, {"Content-Type": "image/jpeg"}, eps)],
        "/scan.tif": [(200, {"Content-Type": "image/tiff"}, encoded(
            Image.fromarray(PICTURE.astype(np.float32) / 255, "F"), "TIFF"))],
    }
    calls = tmp_path / "gs-calls"
    stub = tmp_path / "bin" / "gs"
    stub.parent.mkdir()
    stub.write_text(f"#!/bin/sh\necho \"$@\" >> {calls}\nexit 1\n")
    stub.chmod(0o755)
    result = crawl_portal(tmp_path / "home", f"{base}/art.geojson",
                          env={"PATH": f"{stub.parent}{os.pathsep}{os.environ['PATH']}"})
    assert result.returncode == 0, result.stderr[-3000:]

    assert other_address.connections == 0 and other_port.connections == 0  # not even robots.txt
    assert not calls.exists(), calls.read_text()
    with open_database(f"sqlite:///{tmp_path / 'home' / 'medium.db'}").connect() as connection:
        rows = {row.url: row for row in connection.execute(ImageRow.__table__.select())}
    fate = {name: (rows[url].status, rows[url].error or "") for name, url in images.items()}
    assert fate["good"][0] == fate["same_machine"][0] == "done"
    for name in ("other_loopback", "other_port", "metadata", "redirected"):
        status, error = fate[name]
        assert status == "invalid" and error.startswith(REFUSED), (name, status, error)
    assert "127.0.0.2 is a loopback address" in fate["other_loopback"][1]
    assert "169.254.169.254 is a link-local address" in fate["metadata"][1]
    for name in ("eps", "postscript_named_jpg"):
        assert fate[name][0] == "invalid" and "not an image of an accepted format" in fate[name][1], fate[name]
    assert fate["float_tiff"][0] == "done"
    stored = np.asarray(Image.open(tmp_path / "home" / "images" / rows[images["float_tiff"]].path).convert("L"))
    assert stored[:, :8].mean() < 30 and stored[:, -8:].mean() > 225  # its ramp, not black
    assert Path(tmp_path / "home" / "images" / rows[images["good"]].path).is_file()
