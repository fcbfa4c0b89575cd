"""What flows from the spider through the pipelines."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DownloadedImage:
    """A 200 response still to be decoded and stored."""

    id: int
    source: str
    source_id: str
    http_status: int
    attempts: int
    final_url: str | None
    body: bytes = field(repr=False)


@dataclass
class ImageOutcome:
    """The fate of one image, as written to its `images` row."""

    id: int
    status: str
    attempts: int = 1
    http_status: int | None = None
    error: str | None = None
    final_url: str | None = None
    path: str | None = None
    width: int | None = None
    height: int | None = None
    stored_width: int | None = None
    stored_height: int | None = None
    bytes: int | None = None
    sha1: str | None = None
