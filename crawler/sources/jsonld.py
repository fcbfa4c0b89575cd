"""HTML pages carrying schema.org `VisualArtwork` JSON-LD: a listing (followed by `rel=next`
or a link whose text is "Next") that links to detail pages.

Every link of a listing page is a candidate detail page (off-site ones are dropped by
Scrapy's OffsiteMiddleware); a detail page's own links are not followed. Accepted forms:
`creator` as a string or a `Person`, `image` as a URL or an `ImageObject`, coordinates in
`contentLocation.geo` or `geo`, numbers as strings, `@graph` and lists of nodes.
"""

from __future__ import annotations

import json

from crawler.sources.fields import mapped
from crawler.sources.page import MalformedPage, Page, as_given

ARTWORK_TYPES = {"VisualArtwork", "Painting", "Sculpture"}
DEFAULT_FIELDS = {
    "id": "identifier|@id|url", "title": "name", "artist": "creator|author", "medium": "artMedium|material",
    "year": "dateCreated", "lat": "contentLocation.geo.latitude|geo.latitude|location.geo.latitude",
    "lon": "contentLocation.geo.longitude|geo.longitude|location.geo.longitude", "image": "image",
    "url": "url",
}
NEXT_LINKS = 'a[rel~="next"]::attr(href), link[rel~="next"]::attr(href)'

first_url = as_given


def read(response, fields: dict[str, str]) -> Page:
    if not hasattr(response, "css"):
        raise MalformedPage("not an HTML page")
    page = Page()
    for block in response.css('script[type="application/ld+json"]::text').getall():
        try:
            data = json.loads(block)
        except ValueError as error:
            raise MalformedPage(f"malformed JSON-LD ({error})") from None
        for node in _artworks(data):
            candidate = mapped(node, fields)
            candidate["id"] = candidate.get("id") or response.url
            candidate["url"] = candidate.get("url") or response.url
            page.candidates.append(candidate)
    next_href = response.css(NEXT_LINKS).get() or response.xpath(
        '//a[starts-with(normalize-space(translate(., "NEXT", "next")), "next")]/@href').get()
    page.next_url = response.urljoin(next_href) if next_href else None
    own = {response.url.split("#")[0], page.next_url}
    page.links = list(dict.fromkeys(url for url in (response.urljoin(href.split("#")[0])
                                                    for href in response.css("a::attr(href)").getall())
                                    if url not in own and url.startswith(("http://", "https://"))))
    return page


def _artworks(data):
    """Every node typed as an artwork, at any depth of lists and `@graph`s."""
    if isinstance(data, list):
        for item in data:
            yield from _artworks(item)
    elif isinstance(data, dict):
        types = data.get("@type")
        if ARTWORK_TYPES & {kind for kind in (types if isinstance(types, list) else [types]) if isinstance(kind, str)}:
            yield data
        elif "@graph" in data:
            yield from _artworks(data["@graph"])
