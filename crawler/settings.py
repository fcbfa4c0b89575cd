"""Scrapy settings of `medium`'s crawler; override any with `-s NAME=VALUE`.

Ours (besides Scrapy's own; each default is set once, below, or read from the module of
`storage` that uses it):
  MEDIUM_HOME, MEDIUM_DB_URL   data folder and status database (default: the environment
                               variables of the same names, else ./data and SQLite in it)
  IMAGES_STORE                 where resized copies go (default $MEDIUM_HOME/images); the
                               name and meaning of Scrapy's ImagesPipeline setting: where
                               the crawl's pictures are kept
  IMAGES_LONGEST_SIDE          stored size, longest side in pixels
                               (both are recorded in the database; a crawl that differs
                               from the record is refused unless IMAGES_STORE_FORCE=1)
  IMAGES_JPEG_QUALITY          stored JPEG quality
  IMAGES_MAX_PIXELS            larger pictures are `invalid` (decompression bombs)
  (Scrapy's ImagesPipeline has no IMAGES_LONGEST_SIDE, _JPEG_QUALITY, _MAX_PIXELS or
  _STORE_FORCE; it is not enabled here, so none of its IMAGES_* settings act.)
  IMAGE_WORKERS                processes that decode/resize/encode (default: one per CPU this
                               process may use: affinity and the container's CPU quota)
  IMAGE_UPLOADS                uploads in flight to an object store (IMAGES_STORE=s3://…);
                               a local store is written by the image workers themselves
  IMAGE_DECODE_TIMEOUT         seconds one picture may take to decode, resize and store; longer is
                               `invalid` ("decode took longer than N s") and its worker is replaced
  RETRY_AFTER_MAX              the longest Retry-After (of a 429 or 503) waited before the retry
  CLAIM_BATCH_SIZE             rows claimed from the database at a time
  CLAIM_LEASE_SECONDS          how long a claim holds unless renewed (a running crawler
                               renews its claims every third of it) before others may take it
  CLAIM_POLL_SECONDS           how often to look again while other crawlers hold claims
  STATUS_FLUSH_ROWS, STATUS_FLUSH_SECONDS   batching of the status writes
  ALLOWED_PRIVATE_HOSTS        hosts (`host` or `host:port`, comma-separated) that may be on
                               loopback, private, link-local or reserved addresses; others are
                               refused unless they are the source's own (crawler/addresses.py)
  BEHANCE_MIRROR               send Behance CDN requests to this base URL instead
                               (also $MEDIUM_BEHANCE_MIRROR; the sample world uses it)
"""

from storage import claims, config, image_store, imaging  # the defaults live once, where the code that uses them is

BOT_NAME = "medium"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Identification and politeness. robots.txt is honoured; `-s ROBOTSTXT_OBEY=False` turns it off.
USER_AGENT = "medium-artwork-crawler/0.1 (research crawl of BAM images; see README)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 64
CONCURRENT_REQUESTS_PER_DOMAIN = 32  # the Behance CDN is one or two hosts: this is the real limit
DOWNLOAD_DELAY = 0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 50 * 1024 * 1024
DOWNLOAD_WARNSIZE = 0
REDIRECT_MAX_TIMES = 5
RETRY_TIMES = 2  # three attempts in all
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_AFTER_MAX = 120  # a 429/503's Retry-After is honoured up to this many seconds
CONCURRENT_ITEMS = 1  # one item per response; Scrapy starts this many asyncio tasks per response
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOGSTATS_INTERVAL = 30  # our compact progress line (crawler/extensions.py); Scrapy's at -L INFO
LOG_LEVEL = "WARNING"  # a person reads our summary; `-L INFO` or `-L DEBUG` shows Scrapy's log
RETRY_GIVE_UP_LOG_LEVEL = "INFO"  # a failed image is a row's status, not an error of the crawl

SPIDER_MIDDLEWARES = {
    "crawler.middlewares.BehanceMirrorMiddleware": 950,  # rewrites requests as they leave the spider
}
DOWNLOADER_MIDDLEWARES = {
    "crawler.addresses.PrivateAddressMiddleware": 50,  # before robots.txt is fetched for a refused host
    "crawler.retry_after.RetryAfterMiddleware": 560,  # answers reach it just before Scrapy's RetryMiddleware (550)
}
ITEM_PIPELINES = {
    "crawler.pipelines.StoreImagePipeline": 300,
    "crawler.pipelines.StatusPipeline": 800,
}
EXTENSIONS = {
    "crawler.extensions.CrawlProgress": 500,
    "crawler.crawl_record.CrawlRecord": 510,
}

IMAGES_STORE = None
IMAGES_LONGEST_SIDE = config.DEFAULT_LONGEST_SIDE
IMAGES_JPEG_QUALITY = imaging.DEFAULT_JPEG_QUALITY
IMAGES_MAX_PIXELS = imaging.DEFAULT_MAX_PIXELS
IMAGE_WORKERS = None
IMAGE_UPLOADS = image_store.DEFAULT_UPLOADS
IMAGE_DECODE_TIMEOUT = 30  # a 24 MP picture takes about a second; hung decoders must not hold the crawl
IMAGES_STORE_FORCE = False
CLAIM_BATCH_SIZE = claims.DEFAULT_BATCH_SIZE
CLAIM_LEASE_SECONDS = claims.DEFAULT_LEASE_SECONDS
CLAIM_POLL_SECONDS = 5
STATUS_FLUSH_ROWS = 200
STATUS_FLUSH_SECONDS = 2.0
BEHANCE_MIRROR = None
ALLOWED_PRIVATE_HOSTS: list[str] = []
COMMANDS_MODULE = "crawler.commands"  # `scrapy crawl` exits 2 on bad input
