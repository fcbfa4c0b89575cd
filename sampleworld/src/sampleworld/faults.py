"""Modules whose URLs misbehave, for crawler tests: which kinds exist and what files they leave.

The server (`server.py`) gives each kind its behaviour from the world's `faults.json`; the
kinds marked static here need nothing from it but the file written at their path.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np
import pandas as pd

from sampleworld.modules import cdn_urls
from sampleworld.variants import VARIANT_KINDS, variant_bytes
from sampleworld.vocabulary import MEDIA, MOODS

SERVER_FAULTS = (
    "not_found",  # 404
    "gone",  # 410
    "flaky",  # 503 on the first request for the path, then 200 with the image
    "server_error",  # always 500
    "too_many",  # always 429 with Retry-After
    "slow",  # the image, after the server's --slow-seconds
    "reset",  # the connection closes without a response
    "not_image",  # 200 with an HTML page, text/html
    "redirect",  # 302 to another path that serves the image
    "redirect_loop",  # 302 to the same path with ?hop=n+1, forever
)
FILE_FAULTS = (
    "truncated",  # the first half of a JPEG, served as a complete 200 response
    "empty",  # 200 with zero bytes
    "bomb",  # a small PNG whose header claims BOMB_SIDE x BOMB_SIDE pixels
)
FAULT_KINDS = SERVER_FAULTS + FILE_FAULTS + VARIANT_KINDS
ARTWORK_KINDS = ("flaky", "slow", "redirect", "truncated")  # kinds that end up serving a rendered artwork
PAYLOAD_KINDS = ("not_image", "empty", "bomb", *VARIANT_KINDS)  # kinds whose file is `static_payload`
COPIES = {"exif_rotated": 2}  # one per EXIF orientation (6 and 8); every other kind gets one module
PNG_KINDS = ("bomb", "palette", "gray16", "rgba")
FIRST_FAULT_MID = 900_000_000  # above every generated mid
FAULT_PROJECT = 99_000_000
BOMB_SIDE = 30_000
NOT_IMAGE_BODY = (b"<!DOCTYPE html><html><head><title>Behance</title></head>"
                  b"<body><p>This content is no longer available.</p></body></html>")


def fault_modules(seed: int) -> pd.DataFrame:
    """One module per fault kind (two for exif_rotated): mid, project_id, src, medium, mood, fault,
    copy (0, 1, ... within a kind) and target_src (where a redirect points, else empty)."""
    kinds = [kind for kind in FAULT_KINDS for _ in range(COPIES.get(kind, 1))]
    rng = np.random.default_rng([seed, 7])
    mid = FIRST_FAULT_MID + np.arange(len(kinds)) * 101 + rng.integers(0, 100, len(kinds))
    png = np.isin(kinds, PNG_KINDS)
    frame = pd.DataFrame({
        "mid": mid,
        "project_id": FAULT_PROJECT + np.arange(len(kinds)),
        "src": cdn_urls(rng, mid, png, np.zeros(len(kinds), dtype=bool)),
        "medium": np.asarray(MEDIA)[rng.integers(len(MEDIA), size=len(kinds))],
        "mood": np.asarray(MOODS)[rng.integers(len(MOODS), size=len(kinds))],
        "fault": kinds,
    })
    frame["copy"] = frame.groupby("fault").cumcount()
    target_keys = mid + 2 ** 40  # beyond every mid, so the target's name is unique too
    targets = cdn_urls(rng, target_keys, np.zeros(len(kinds), dtype=bool), np.zeros(len(kinds), dtype=bool))
    frame["target_src"] = np.where(frame["fault"] == "redirect", targets, "")
    return frame


def static_payload(kind: str, copy: int) -> bytes:
    """The file a PAYLOAD_KINDS fault leaves at its path; `copy` picks the EXIF orientation."""
    if kind in VARIANT_KINDS:
        return variant_bytes(kind, orientation=(6, 8)[copy % 2])
    if kind == "not_image":
        return NOT_IMAGE_BODY
    if kind == "empty":
        return b""
    if kind == "bomb":
        return bomb_png(BOMB_SIDE)
    raise ValueError(f"{kind!r} has no static payload")


def bomb_png(side: int) -> bytes:
    """A valid 1-bit black PNG of side x side pixels: about 100 kB on disk, side**2 pixels decoded."""
    compressor = zlib.compressobj(9)
    row = bytes(1 + (side + 7) // 8)  # filter byte, then the packed bits
    block = row * 1000
    data = [compressor.compress(block) for _ in range(side // 1000)]
    data += [compressor.compress(row * (side % 1000)), compressor.flush()]
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", b"".join(data)) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
