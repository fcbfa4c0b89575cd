"""Where stored pictures live: a local folder (the default) or any fsspec URL (`s3://bucket/prefix`,
`gs://…`, `file://…`), behind one small interface that the crawl writes through and every
reader (train, evaluate, predict, explain, samples, report, export) reads through.

A picture is named by its path relative to the store (`<source>/<shard>/<id>.jpg`, the
`images.path` column); `address()` turns that into what a reader opens (a file path, or a
URL), and `read_address()` opens either. No reader joins paths by hand.

Writes are atomic. A local file is written under `.incoming/`, fsynced and renamed (a
reader never sees half a file). An object store gets one PUT per picture, which S3, GCS and
their look-alikes make visible whole or not at all, so no `.part` object ever exists.
Credentials come only from the environment and configuration files that boto3 (or the
fsspec backend) reads; S3-compatible servers are reached through `AWS_ENDPOINT_URL`. The
store's location is shown in messages; a URL never carries secrets (userinfo is refused).
"""

from __future__ import annotations

import io
import logging
import os
from abc import ABC, abstractmethod
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from storage.atomic_files import remove_abandoned_writes, write_atomic
from storage.config import URL_SCHEME as _SCHEME
from storage.errors import UserError

INCOMING = ".incoming"  # a local store's unfinished writes; nothing under a final name is ever partial
CLIENT_LOGGERS = ("botocore", "aiobotocore", "s3fs", "fsspec", "urllib3", "gcsfs", "google")
DEFAULT_UPLOADS = 32  # PUTs in flight: an object store's latency, not our CPU, limits them
WRITE_CHECK = ".medium-write-check"  # the object a crawl writes and deletes once to prove the store writable
class ImageStore(ABC):
    """The pictures of one crawl. `location` is what a user wrote (shown in messages)."""

    location: str
    remote = False  # True: writes wait on a network, so the crawl keeps many in flight from threads

    @abstractmethod
    def address(self, relative: str) -> str:
        """What `read_address` (or TensorFlow, for a local file) opens for this picture."""

    @abstractmethod
    def write(self, relative: str, data: bytes) -> None:
        """Store `data` under `relative` atomically: whole or not at all."""

    @abstractmethod
    def exists(self, relative: str) -> bool: ...

    @abstractmethod
    def prepare_for_writing(self) -> None:
        """Check the store can be written (a `UserError` naming it if not), before a crawl claims anything."""

    def read(self, relative: str) -> bytes:
        return read_address(self.address(relative))

    def __str__(self) -> str:
        return self.location


class LocalStore(ImageStore):
    """A folder on this host (or a shared file system)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.location = str(self.root)

    def address(self, relative: str) -> str:
        return str(self.root / relative)

    def exists(self, relative: str) -> bool:
        return (self.root / relative).is_file()

    @property
    def incoming(self) -> Path:
        return self.root / INCOMING

    def prepare_for_writing(self) -> None:
        if self.root.exists() and not self.root.is_dir():
            raise UserError(f"IMAGES_STORE {self.root} is a file, not a folder")
        try:
            self.incoming.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UserError(f"cannot write the image store {self.root}: {error.strerror or error}") from None
        remove_abandoned_writes(self.incoming)

    def write(self, relative: str, data: bytes) -> None:
        write_atomic(self.root / relative, data, temp_dir=self.incoming)

    def __reduce__(self):  # to the image workers
        return LocalStore, (self.root,)


class ObjectStore(ImageStore):
    """An fsspec file system named by URL: `s3://bucket/prefix` and its kin. One PUT per object."""

    remote = True

    def __init__(self, url: str, options: dict | None = None) -> None:
        self.location = url.rstrip("/")
        self.options = dict(options or {})
        self.protocol = _SCHEME.match(url).group(1).lower()
        self.root = self.location.split("://", 1)[1]

    @property
    def fs(self):
        return _filesystem(self.protocol, tuple(sorted(self.options.items())))

    def address(self, relative: str) -> str:
        return f"{self.location}/{relative}"

    def exists(self, relative: str) -> bool:
        return self.fs.exists(f"{self.root}/{relative}")

    def write(self, relative: str, data: bytes) -> None:
        self.fs.pipe_file(f"{self.root}/{relative}", data)  # one PUT: atomic on object stores

    def prepare_for_writing(self) -> None:
        """Write and delete one small object, as the crawl will write: a missing bucket, refused
        credentials or an endpoint that does not answer fail here, in one sentence, before any claim."""
        bucket = self.root.split("/", 1)[0]
        probe = f"{self.root}/{WRITE_CHECK}"
        try:
            self.fs.pipe_file(probe, b"")
            self.fs.rm_file(probe)
        except FileNotFoundError:
            raise UserError(f"the image store {self.location} does not exist (no bucket {bucket!r}); "
                            "create it first") from None
        except PermissionError:
            raise UserError(f"the image store {self.location} refused our credentials; check the "
                            "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or profile) this host uses") from None
        except Exception as error:  # noqa: BLE001 - a backend's many ways to say "cannot reach"
            raise UserError(f"cannot reach the image store {self.location} ({_endpoint_hint(self.protocol)}): "
                            f"{type(error).__name__}") from None

    def __reduce__(self):
        return ObjectStore, (self.location, self.options)


def open_store(location: str | os.PathLike, *, options: dict | None = None) -> ImageStore:
    """The store at a path or URL; a `UserError` for a scheme no installed fsspec backend knows,
    or a URL that carries credentials. Nothing is created or contacted here."""
    text = str(location)
    match = _SCHEME.match(text)
    if not match:
        return LocalStore(Path(text).expanduser().absolute())
    protocol = match.group(1).lower()
    parts = urlsplit(text)
    if parts.username or parts.password:
        raise UserError(f"the image store URL {protocol}://…{parts.hostname}{parts.path} carries credentials; "
                        "give them through the environment (AWS_ACCESS_KEY_ID, a profile) instead")
    if protocol == "file":
        return LocalStore(Path(unquote(parts.path)).expanduser().absolute())
    if not parts.netloc:
        raise UserError(f"the image store {text} names no bucket (expected {protocol}://BUCKET/PREFIX)")
    _check_protocol(protocol, text)
    return ObjectStore(text, options)


def read_address(address: str) -> bytes:
    """The bytes at a store address: a file path or a URL."""
    match = _SCHEME.match(address)
    if not match:
        return Path(address).read_bytes()
    protocol = match.group(1).lower()
    return _filesystem(protocol, ()).cat_file(address.split("://", 1)[1])


def open_address(address: str | os.PathLike) -> io.BytesIO:
    """The picture at a store address (or any file path) as a file Pillow can open."""
    return io.BytesIO(read_address(str(address)))


def address_exists(address: str) -> bool:
    match = _SCHEME.match(address)
    if not match:
        return Path(address).is_file()
    return _filesystem(match.group(1).lower(), ()).isfile(address.split("://", 1)[1])


def _check_protocol(protocol: str, text: str) -> None:
    import fsspec

    try:
        fsspec.get_filesystem_class(protocol)
    except ValueError:
        raise UserError(f"the image store {text} has an unknown scheme {protocol}://; use a folder, "
                        "file://, s3://, gs:// or another fsspec URL") from None
    except ImportError:
        package = {"s3": "s3fs", "s3a": "s3fs", "gs": "gcsfs", "gcs": "gcsfs", "az": "adlfs", "abfs": "adlfs"}
        raise UserError(f"the image store {text} needs the package {package.get(protocol, 'of its fsspec backend')} "
                        "installed") from None


@cache
def _filesystem(protocol: str, options: tuple):
    """One file system per process and options (fsspec caches instances too; this keeps the
    lookup out of every read). Its client libraries log at WARNING at most: at DEBUG they print
    every signed request's headers, access key included, into a crawl's log."""
    import fsspec

    for name in CLIENT_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)

    return fsspec.filesystem(protocol, **dict(options))


def _endpoint_hint(protocol: str) -> str:
    if protocol in ("s3", "s3a"):
        endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
        return f"endpoint {endpoint}" if endpoint else "AWS's endpoint; set AWS_ENDPOINT_URL for another server"
    return f"{protocol} endpoint"
