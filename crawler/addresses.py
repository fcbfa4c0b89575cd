"""Downloader middleware: no request reaches a loopback, private, link-local or reserved address
unless the user pointed the crawl there.

Public-art portals are written by strangers, and their image URLs (and the redirects of any
host) could make the crawler fetch `169.254.169.254`, `127.0.0.1:<any port>` or an intranet
host. Every request, image, robots.txt and redirect alike, is checked before it leaves: a host
that is, or resolves to, a non-public address is refused (`AddressRefused`, which the image
rows record as `invalid` with the reason) unless it is the configured source's own host and
port (`-a url=`, a named source, `BEHANCE_MIRROR`: the sample world is on loopback), or
`ALLOWED_PRIVATE_HOSTS` names it (`host` or `host:port`).

What is checked is the address the host resolves to now; Scrapy resolves again when it
connects, so a name whose DNS answer flips between the two (rebinding) is not caught here.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.utils.asyncio import run_in_thread

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
DEFAULT_PORTS = {"http": 80, "https": 443}
LOOPBACK_V6 = ipaddress.ip_address("::1")
LOOPBACK_V4 = ipaddress.ip_address("127.0.0.1")
KINDS = (("is_loopback", "loopback"), ("is_link_local", "link-local"), ("is_unspecified", "unspecified"),
         ("is_multicast", "multicast"), ("is_reserved", "reserved"), ("is_private", "private"))
REFUSED = "refused: not a public address"  # how an image row's error begins


class AddressRefused(IgnoreRequest):
    """The request's host is not public and was not named by the user; the message says why."""


def endpoint(url: str) -> tuple[str, int | None]:
    """`(host, port)` of a URL, the port filled in from the scheme; host lower-cased."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:  # a port out of range: the download fails on its own
        port = None
    return (parts.hostname or "").lower(), port or DEFAULT_PORTS.get(parts.scheme)


def kind_of(address: Address) -> str | None:
    """Why an address is not public (`loopback`, `private`, ...), or None when it is."""
    if address.is_global:
        return None
    return next((words for attribute, words in KINDS if getattr(address, attribute)), "reserved")


def resolve(host: str) -> tuple[Address, ...]:
    """The addresses `host` is or resolves to; none when it does not resolve (the download
    then fails as a host not found)."""
    try:
        return (ipaddress.ip_address(host.strip("[]")),)
    except ValueError:
        pass
    try:
        answers = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return ()
    return tuple(dict.fromkeys(ipaddress.ip_address(answer[4][0].split("%")[0]) for answer in answers))


def _same_machine(address: Address) -> Address:
    """`::1` and `127.0.0.1` are both "localhost"; any other address is itself."""
    return LOOPBACK_V4 if address == LOOPBACK_V6 else address


def why_refused(host: str, port: int | None, addresses: tuple[Address, ...],
                trusted: set[tuple[Address, int | None]], allowed: set[str]) -> str | None:
    """Why a request to `host:port` (resolving to `addresses`) may not go, or None: public
    addresses go; others only when every one is a trusted endpoint, or the host is allowed."""
    private = [(address, kind) for address in addresses if (kind := kind_of(address))]
    if not private or host in allowed or f"{host}:{port}" in allowed:
        return None
    if all((_same_machine(address), port) in trusted for address in addresses):
        return None
    address, kind = private[0]
    shown = host if host == str(address) else f"{host} ({address})"
    return f"{REFUSED}: {shown} is a {kind} address, neither the source's own host nor in ALLOWED_PRIVATE_HOSTS"


class PrivateAddressMiddleware:
    def __init__(self, crawler, allowed: list[str]) -> None:
        self.crawler = crawler
        self.allowed = {name.strip().lower() for name in allowed if name.strip()}
        self.addresses: dict[str, tuple[Address, ...]] = {}  # a crawl asks one or two hosts millions of times
        self.trusted: set[tuple[Address, int | None]] | None = None  # the source's endpoints, on first use

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getlist("ALLOWED_PRIVATE_HOSTS"))

    async def process_request(self, request) -> None:
        host, port = endpoint(request.url)
        if not host:
            return
        addresses = await self._resolved(host)
        if not any(map(kind_of, addresses)):
            return
        why = why_refused(host, port, addresses, await self._trusted(), self.allowed)
        if why:
            self.crawler.stats.inc_value("medium/refused_address")
            raise AddressRefused(why)

    async def _resolved(self, host: str) -> tuple[Address, ...]:
        if host not in self.addresses:
            self.addresses[host] = await run_in_thread(resolve, host)
        return self.addresses[host]

    async def _trusted(self) -> set[tuple[Address, int | None]]:
        """The endpoints of the source the user configured (the spider's `source_urls`)."""
        if self.trusted is None:
            trusted = set()
            for url in getattr(self.crawler.spider, "source_urls", list)():
                host, port = endpoint(url)
                trusted.update((_same_machine(address), port) for address in await self._resolved(host))
            self.trusted = trusted
        return self.trusted
