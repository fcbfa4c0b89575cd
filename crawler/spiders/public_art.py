"""`scrapy crawl public_art`: geocoded public art from an open-data portal, a map or an HTML
site, stored as `artworks` rows, then its pictures fetched like BAM's.

    scrapy crawl public_art -a source=chicago-murals                       # a named source
    scrapy crawl public_art -a url=URL -a format=geojson|socrata|overpass|jsonld \\
        [-a name=NAME] [-a fields=KEY:FIELD,...] [-a bbox=W,S,E,N] \\
        [-a areas=PATH] [-a area_name=PROPERTY] [-a limit=N]

Named sources live in `crawler/sources.toml`; `-a` arguments override an entry. KEYs of
`fields`: id, title, artist, medium, year, lat, lon, image, url. `areas` is a GeoJSON of
(Multi)Polygons whose property `area_name` (default `name`) names each neighbourhood.

Why the source is read from `start()` rather than through callbacks: the pictures are claimed
from the database, so every record must be stored before the first claim, or a claim round
that comes back empty while pages are still in flight would end the crawl early. `start()`
therefore awaits each source page with `engine.download_async()` (the downloader middlewares
still apply: robots.txt, OffsiteMiddleware with `allowed_domains` = the source's host,
retries, redirects, AutoThrottle), stores each page's records in one transaction, follows the
listing's pages in order and its detail pages concurrently, and only then yields the claimed
image requests, which flow through StoreImagePipeline and StatusPipeline as bam_images' do.
Spider middlewares do not see these pages, so HTTP errors are handled here.
"""

from __future__ import annotations

import asyncio
import dataclasses

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.asyncio import run_in_thread

from crawler.bad_input import SOURCE_UNREADABLE, stop
from crawler.sources.fields import to_record
from crawler.sources.page import MalformedPage, Page
from crawler.sources.spec import SourceSpec, source_spec
from crawler.spiders.claiming import ClaimingSpider
from storage.areas import recorded_areas_path
from storage.artworks import IMAGE_SOURCE, ArtworkRecord, save_artworks

STATS = "public_art"
SPEC_ARGUMENTS = ("source", "url", "format", "name", "fields", "bbox", "areas", "area_name")


class PageUnreadable(Exception):
    """The source's first page could not be fetched: there is nothing to crawl."""


class PublicArtSpider(ClaimingSpider):
    name = "public_art"
    source = IMAGE_SOURCE
    custom_settings = {
        "AUTOTHROTTLE_ENABLED": True,  # someone's city portal, not a CDN
        "AUTOTHROTTLE_START_DELAY": 1.0,
        "ROBOTSTXT_OBEY": True,
    }

    arguments = {**ClaimingSpider.arguments, **dict.fromkeys(SPEC_ARGUMENTS, str)}  # names, for the message

    def __init__(self, **kwargs) -> None:
        # `source` and `name` describe the published data; as attributes they would replace
        # the spider's image source and Scrapy name, so they go to the spec, not to the base.
        given = {key: kwargs.pop(key) for key in SPEC_ARGUMENTS if key in kwargs}
        super().__init__(**kwargs)  # `limit`, and an unknown argument is refused
        self.spec: SourceSpec = source_spec(**given)  # a bad one: `UserError`, one sentence, exit 2
        self.allowed_domains = [self.spec.host]

    def source_urls(self) -> list[str]:
        return [self.spec.url, *super().source_urls()]

    async def start(self):
        if self.spec.areas:
            await run_in_thread(self.spec.areas.save, recorded_areas_path(self.config.home, self.spec.name))
        await self.read_source()
        async for request in self.claimed_requests():
            yield request

    async def read_source(self) -> None:
        """Each listing page in turn (next links), each page's detail links concurrently.
        A first page that cannot be fetched stops the crawl with one sentence (exit 1)."""
        module = self.spec.module()
        seen: set[str] = set()
        listing = module.first_url(self.spec.url)
        while listing and listing not in seen:
            seen.add(listing)
            try:
                page = await self.read_page(listing, first=len(seen) == 1)
            except PageUnreadable as why:
                stop(self.crawler, SOURCE_UNREADABLE, f"could not read {listing}: {why}"
                     + (f"; {self.spec.hint}" if self.spec.hint else ""))
            details = [link for link in page.links if link not in seen]
            seen.update(details)
            await asyncio.gather(*(self.read_page(link) for link in details))
            listing = page.next_url

    async def read_page(self, url: str, first: bool = False) -> Page:
        """Fetch, parse and store one page; a page that fails is logged, counted and skipped,
        except the `first`: PageUnreadable (the crawl stops, saying why)."""
        try:
            response = await self.crawler.engine.download_async(scrapy.Request(url))
        except IgnoreRequest:
            self.crawler.stats.inc_value(f"{STATS}/pages/ignored")  # off-site or robots.txt, logged by Scrapy
            return Page()
        except Exception as error:  # noqa: BLE001 - network failures after retries
            return self._page_failed(url, str(error).rstrip(".") or type(error).__name__, first)
        if response.status != 200:
            return self._page_failed(url, f"HTTP status {response.status}", first)
        try:
            page = self.spec.module().read(response, self.spec.fields)
        except MalformedPage as error:
            self.crawler.stats.inc_value(f"{STATS}/pages/malformed")
            self.logger.warning("skipped malformed page %s: %s", url, error)
            return Page()
        self.crawler.stats.inc_value(f"{STATS}/pages/read")
        for reason, count in page.skipped.items():
            self.crawler.stats.inc_value(f"{STATS}/records/skipped/{reason}", count)
        for problem in page.problems:
            self.crawler.stats.inc_value(f"{STATS}/records/malformed")
            self.logger.warning("skipped a malformed record of %s: %s", url, problem)
        records = self.kept(page.candidates, response.url)
        if records:
            stored = await run_in_thread(save_artworks, self.queue.engine, self.spec.name, records)
            self.crawler.stats.inc_value(f"{STATS}/records/stored", stored)
        return page

    def kept(self, candidates: list[dict], base: str) -> list[ArtworkRecord]:
        """Checked records inside the bbox, with their neighbourhood; skips counted per reason."""
        records = []
        for candidate in candidates:
            record = to_record(candidate, base)
            if isinstance(record, str):
                self.crawler.stats.inc_value(f"{STATS}/records/skipped/{record}")
            elif self.spec.bbox and not self.spec.in_bbox(record.lon, record.lat):
                self.crawler.stats.inc_value(f"{STATS}/records/skipped/outside_bbox")
            else:
                records.append(record)
        if self.spec.areas and records:
            names = self.spec.areas.assign([r.lon for r in records], [r.lat for r in records])
            records = [dataclasses.replace(record, neighbourhood=name) for record, name in zip(records, names)]
        return records

    def _page_failed(self, url: str, why: str, first: bool) -> Page:
        self.crawler.stats.inc_value(f"{STATS}/pages/failed")
        if first:
            raise PageUnreadable(why)
        self.logger.error("could not read %s: %s", url, why)
        return Page()
