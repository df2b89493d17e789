"""Scrapy settings for newsarchive: polite defaults and component wiring.

Read once by crawler.runner (and by ``scrapy`` via scrapy.cfg). Override any of them with
``newsarchive crawl -s NAME=VALUE``. The only environment reads are below, at the top.
"""

from __future__ import annotations

import os

from archive import __version__

# ---- environment (the only reads) -------------------------------------------------------------
NEWSARCHIVE_CONTACT_URL = os.environ.get(  # the default: crawler.sites.DEFAULT_CONTACT_URL
    "NEWSARCHIVE_CONTACT_URL", "https://github.com/newsarchive/newsarchive#crawler"
)
NEWSARCHIVE_DB_URL = os.environ.get("NEWSARCHIVE_DB", "")  # runner sets it from --db
LOG_LEVEL = os.environ.get("NEWSARCHIVE_LOG_LEVEL", "WARNING")

# ---- identity ---------------------------------------------------------------------------------
BOT_NAME = "newsarchive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
# crawler.runner rebuilds this when -s NEWSARCHIVE_CONTACT_URL=… is given
USER_AGENT = f"newsarchive/{__version__} (+{NEWSARCHIVE_CONTACT_URL})"

# ---- politeness -------------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_DELAY = 0.5  # per host; AutoThrottle never goes below it
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 4
COOKIES_ENABLED = False
DOWNLOAD_TIMEOUT = 30

# ---- faults -----------------------------------------------------------------------------------
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_GIVE_UP_LOG_LEVEL = "INFO"  # a failure is recorded in the archive, not only logged
NEWSARCHIVE_RETRY_BACKOFF_BASE = 1.0  # seconds before the first retry, doubled each time
NEWSARCHIVE_RETRY_BACKOFF_MAX = 60.0
NEWSARCHIVE_RETRY_AFTER_MAX = 300.0  # longest Retry-After (429/503) honoured
NEWSARCHIVE_DB_RETRIES = 5  # a lost database connection: retries with back-off before stopping
NEWSARCHIVE_DB_RETRY_BASE = 1.0
NEWSARCHIVE_WRITER_BATCH = 64  # most pages the writer stores in one transaction
REDIRECT_MAX_TIMES = 10
METAREFRESH_ENABLED = True
METAREFRESH_MAXDELAY = 30
HTTPERROR_ALLOWED_CODES: list[int] = []

# ---- traps and limits -------------------------------------------------------------------------
DEPTH_LIMIT = 20  # link hops; pagination hops do not count (crawler/middlewares/depth.py)
NEWSARCHIVE_PAGINATION_BARREN_LIMIT = 5  # listing pages in a row without new links end a pagination chain
DEPTH_PRIORITY = 1  # breadth-first: home and section pages before deep chains
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
URLLENGTH_LIMIT = 2000
# Scrapy starts this many asyncio tasks for EVERY response's callback output; a page yields one
# item and a few requests (its links were read already), so with the default 100 the reactor spent
# much of its time on tasks (docs/benchmarks.md). With 4, one task waits for the item's storing,
# three route requests.
CONCURRENT_ITEMS = 4
NEWSARCHIVE_MAX_PAGES = 0  # --max-pages: page requests (HTML documents), not robots.txt/sitemaps/feeds

# ---- components -------------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.host_guard.HostGuardMiddleware": 40,  # before robots.txt is fetched for any host
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.robots.SharedRobotsTxtMiddleware": 100,  # every waiter gets the parser
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.retry.BackoffRetryMiddleware": 550,
    "crawler.middlewares.conditional.ConditionalGetMiddleware": 560,  # ETag / Last-Modified, lastmod skips, revisits
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.meta_refresh.MetaRefreshMiddleware": 580,  # Scrapy's, without decoding every page to look
    "crawler.middlewares.html_only.HtmlOnlyMiddleware": 950,
    # --redis: the host's delay holds across all workers; last, so refused requests take no turn
    "crawler.middlewares.shared_host_limit.SharedHostLimitMiddleware": 990,
}
# A development aid that inspects every request a callback yields; the spider sets meta itself.
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "crawler.middlewares.depth.PaginationDepthMiddleware": 900,  # pagination hops add no depth
}
ITEM_PIPELINES = {"crawler.pipelines.ArchivePipeline": 300}
SCHEDULER = "crawler.scheduler.ResumableScheduler"  # --jobdir: resumable after SIGKILL
NEWSARCHIVE_JOBDIR = ""
NEWSARCHIVE_RESUMES_RUN_ID = 0  # set by crawler.runner: the run a --jobdir crawl resumes
# ---- --redis URL: one worker of many on a shared frontier (crawler/distributed/, docs/distributed.md)
NEWSARCHIVE_REDIS_URL = ""  # set by --redis; the runner then sets SCHEDULER to the leased Redis one
NEWSARCHIVE_REDIS_PREFIX = "newsarchive"  # the keys' prefix; a crawl's own keys add a digest of its sites
NEWSARCHIVE_REDIS_LEASE = 120.0  # seconds before a dead worker's requests return to the frontier
NEWSARCHIVE_REDIS_IDLE = 30.0  # seconds a worker waits on an empty frontier (nothing leased) before it ends
NEWSARCHIVE_REDIS_SEEN_TTL = 7 * 86400.0  # seconds a seen request stays in the shared seen-set
NEWSARCHIVE_REDIS_POLL = 0.5  # seconds between a worker's lease renewals / frontier checks
NEWSARCHIVE_REDIS_LEASES_MAX = 0  # requests one worker holds at once; 0 = CONCURRENT_REQUESTS
NEWSARCHIVE_RECRAWL = True  # conditional GET, lastmod skips and revisits (crawler/middlewares/conditional.py)
# The extraction pool and the writer: helper processes the spider and the pipeline find through
# the crawler (crawler/extensions/); the pool starts first, so its workers start while the writer
# opens the archive.
EXTENSIONS = {
    "crawler.extensions.extraction_pool.ExtractionPool": 100,
    "crawler.extensions.archive_writer.ArchiveWriterProcess": 110,
    "crawler.extensions.progress.CrawlProgress": 500,
    "crawler.extensions.stop_quickly.StopQuickly": 510,  # Ctrl-C/SIGTERM: queued requests are not sent
    "scrapy.extensions.telnet.TelnetConsole": None,
}
NEWSARCHIVE_PROGRESS = True
NEWSARCHIVE_PROGRESS_INTERVAL = 5.0
NEWSARCHIVE_WORKERS = 0  # extraction processes; 0 = one per core
NEWSARCHIVE_HTML_ONLY = True
NEWSARCHIVE_WARC_DIR = ""  # --warc DIR: the writer also records every response as WARC 1.1
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's remote control runs Python code sent to an HTTP port and writes its token to a file
# in the user's profile: not for unattended crawls (enable with -s REMOTE_CONTROL_ENABLED=True).
# Disabled, it is not even loaded (crawler.runner); nor is the cookies middleware.
REMOTE_CONTROL_ENABLED = False
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
FEED_EXPORT_ENCODING = "utf-8"
