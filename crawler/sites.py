"""Site configuration: the ``--sites FILE`` TOML format (documented in docs/sites.md).

Pure: ``parse_sites`` turns TOML text into frozen ``SiteConfig`` objects and says exactly what
is wrong with a bad file (``CrawlError``, one line). ``site_for_seed`` builds the default
configuration of a bare seed URL given on the command line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from archive.errors import CrawlError
from crawler.discovery import origin_of
from crawler.revisit import RevisitPolicy, parse_revisit, seconds_of

__all__ = ["DEFAULT_CONTACT_URL", "SiteConfig", "load_contact_url", "load_sites", "parse_sites", "site_for_seed", "site_of_url", "sites_of"]

_KNOWN_KEYS = {
    "name",
    "seeds",
    "article_patterns",
    "skip_patterns",
    "comment_page_patterns",
    "comment_selectors",
    "timezone",
    "max_pages",
    "max_depth",
    "calendar_limit",
    "revisit_after",
    "trust_lastmod",
    "interval",
    "revisit",
}

DEFAULT_CALENDAR_LIMIT = 24


@dataclass(frozen=True)
class SiteConfig:
    """One site to crawl. Only ``name`` and ``seeds`` are required."""

    name: str
    seeds: tuple[str, ...]
    article_patterns: tuple[re.Pattern[str], ...] = ()  # path?query regexes of article pages
    skip_patterns: tuple[re.Pattern[str], ...] = ()  # path?query regexes never requested
    comment_page_patterns: tuple[re.Pattern[str], ...] = ()  # extra comment-page link regexes
    comment_selectors: tuple[str, ...] = ()  # CSS selectors of the comment block
    timezone: str | None = None  # IANA name for dates printed without a zone
    max_pages: int | None = None  # pages (articles, listings, comment pages) per site
    max_depth: int | None = None  # link hops from a seed / sitemap / feed
    calendar_limit: int = DEFAULT_CALENDAR_LIMIT  # date-addressed listing pages per URL shape
    revisit_after: float = 0.0  # seconds: known articles seen more recently are not re-requested
    trust_lastmod: bool = True  # skip known pages whose sitemap lastmod / feed date predates our copy
    interval: float = 0.0  # seconds between scheduled crawls (`schedule`, `runs --sites`); 0: none
    revisit: RevisitPolicy = RevisitPolicy()  # per kind of page: how long before it is fetched again

    @property
    def period(self) -> float:
        """Seconds between scheduled crawls: the shortest of ``interval`` and the revisit
        intervals (0: not scheduled). Each crawl then fetches only what is due."""
        spans = [s for s in (self.interval, self.revisit.shortest) if s > 0]
        return min(spans, default=0.0)

    @property
    def origins(self) -> frozenset[str]:
        """``host:port`` of every seed: the only places this site is crawled."""
        return frozenset(o for o in map(origin_of, self.seeds) if o)

    def is_article_url(self, url_path_query: str) -> bool | None:
        """True/False when article patterns are configured, None when there are none."""
        if not self.article_patterns:
            return None
        return any(p.search(url_path_query) for p in self.article_patterns)


def site_for_seed(seed: str) -> SiteConfig:
    """The configuration of a seed URL given with no sites file: named ``host:port``."""
    origin = origin_of(seed)
    if not origin:
        raise CrawlError(f"seed {seed!r} is not an http(s) URL; give a site's home page like http://example.com/")
    return SiteConfig(name=origin, seeds=(seed,))


def site_of_url(sites: tuple[SiteConfig, ...], url: str) -> SiteConfig | None:
    origin = origin_of(url)
    return next((s for s in sites if origin in s.origins), None)


def sites_of(spider: object) -> tuple[SiteConfig, ...]:
    """The sites a crawl's spider crawls (``SiteSpider.sites``; none for another spider). The
    components that need them (the host guard, the recrawl memory, the crawl run's record) read
    them here, as Scrapy's own read a spider's ``allowed_domains``."""
    return tuple(getattr(spider, "sites", ()))


def load_sites(path: Path) -> tuple[SiteConfig, ...]:
    """Read and check a sites file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CrawlError(f"cannot read sites file {str(path)!r}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise CrawlError(f"sites file {str(path)!r} is not UTF-8: {exc.reason}") from exc
    return parse_sites(text, source=str(path))


def parse_sites(text: str, source: str = "<sites>") -> tuple[SiteConfig, ...]:
    """Parse the TOML of a sites file: one ``[[site]]`` table per site."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CrawlError(f"{source}: not valid TOML: {exc}") from exc
    unknown_top = set(raw) - {"site", "contact_url"}
    if unknown_top:
        raise CrawlError(
            f"{source}: unknown top-level key(s) {', '.join(sorted(unknown_top))}; "
            "put each site in a [[site]] table"
        )
    _contact_url(raw, source)
    tables = raw.get("site", [])
    if not isinstance(tables, list) or not tables:
        raise CrawlError(f"{source}: no [[site]] tables; add at least one with name and seeds")
    sites: list[SiteConfig] = []
    seen_origins: dict[str, str] = {}
    for index, table in enumerate(tables, start=1):
        where = f"{source}: site #{index}"
        site = _parse_site(table, where)
        for origin in site.origins:
            if origin in seen_origins:
                raise CrawlError(
                    f"{where} ({site.name}): host {origin} is already used by site {seen_origins[origin]!r}"
                )
            seen_origins[origin] = site.name
        if any(s.name == site.name for s in sites):
            raise CrawlError(f"{where}: duplicate site name {site.name!r}")
        sites.append(site)
    return tuple(sites)


#: The placeholder contact URL of the User-Agent (crawler/settings.py): not a way to reach an operator.
DEFAULT_CONTACT_URL = "https://github.com/newsarchive/newsarchive#crawler"


def _contact_url(raw: dict[str, Any], source: str) -> str | None:
    value = raw.get("contact_url")
    if value is None:
        return None
    if not isinstance(value, str) or not re.match(r"^(https?://\S+|mailto:\S+@\S+)$", value):
        raise CrawlError(f"{source}: 'contact_url' must be an http(s) or mailto: URL where site owners reach you, got {value!r}")
    return value


def load_contact_url(path: Path) -> str | None:
    """The sites file's top-level ``contact_url`` (the operator, put in the User-Agent), if any."""
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None  # load_sites says what is wrong with the file
    return _contact_url(raw, str(path))


def _parse_site(table: dict[str, Any], where: str) -> SiteConfig:
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CrawlError(f"{where}: 'name' is required and must be a non-empty string")
    where = f"{where} ({name})"
    unknown = set(table) - _KNOWN_KEYS
    if unknown:
        raise CrawlError(
            f"{where}: unknown key(s) {', '.join(sorted(unknown))}; "
            f"known keys: {', '.join(sorted(_KNOWN_KEYS))}"
        )
    seeds = _strings(table, "seeds", where)
    if not seeds:
        raise CrawlError(f"{where}: 'seeds' must list at least one URL")
    for seed in seeds:
        if not origin_of(seed):
            raise CrawlError(f"{where}: seed {seed!r} is not an http(s) URL")
    timezone = table.get("timezone")
    if timezone is not None:
        if not isinstance(timezone, str):
            raise CrawlError(f"{where}: 'timezone' must be a string like \"Asia/Shanghai\"")
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise CrawlError(f"{where}: unknown timezone {timezone!r}; use an IANA name like \"Asia/Shanghai\"") from exc
    revisit_after = _duration(table, "revisit_after", where)
    return SiteConfig(
        name=name.strip(),
        seeds=tuple(seeds),
        article_patterns=_patterns(table, "article_patterns", where),
        skip_patterns=_patterns(table, "skip_patterns", where),
        comment_page_patterns=_patterns(table, "comment_page_patterns", where),
        comment_selectors=_selectors(table, "comment_selectors", where),
        timezone=timezone,
        max_pages=_positive_int(table, "max_pages", where),
        max_depth=_positive_int(table, "max_depth", where),
        calendar_limit=_positive_int(table, "calendar_limit", where) or DEFAULT_CALENDAR_LIMIT,
        revisit_after=revisit_after,
        interval=_duration(table, "interval", where),
        revisit=parse_revisit(table.get("revisit"), where, revisit_after),
        trust_lastmod=_boolean(table, "trust_lastmod", where, default=True),
    )


def _strings(table: dict[str, Any], key: str, where: str) -> list[str]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CrawlError(f"{where}: {key!r} must be a list of strings")
    return value


def _patterns(table: dict[str, Any], key: str, where: str) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for pattern in _strings(table, key, where):
        try:
            compiled.append(re.compile(pattern))
        except re.error as exc:
            raise CrawlError(f"{where}: bad regular expression in {key!r}: {pattern!r} ({exc})") from exc
    return tuple(compiled)


# a small page every comment selector is tried on when the sites file is read
_TRIAL_PAGE = (
    '<html><body><div id="main" class="article"><p>text</p></div>'
    '<div id="comments" class="comment-list"><ul><li class="comment"><span>user</span><p>reply</p></li></ul></div>'
    "</body></html>"
)


def _selectors(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    """CSS or XPath selectors, each compiled the way extraction compiles it and tried on a small
    page: one that does not compile, fails when evaluated, or selects something other than
    elements (``count(//p)``, ``//@class``) is an error naming the site and the key."""
    import lxml.html
    from lxml import etree

    from archive.errors import ConfigError
    from archive.extract.comments.sections import compile_selector

    trial = lxml.html.fromstring(_TRIAL_PAGE)
    selectors = _strings(table, key, where)
    for selector in selectors:
        if not selector.strip():
            raise CrawlError(f"{where}: empty selector in {key!r}")
        try:
            found = compile_selector(selector)(trial)
        except ConfigError as exc:
            raise CrawlError(f"{where}: bad selector in {key!r}: {exc}") from exc
        except etree.XPathError as exc:
            raise CrawlError(f"{where}: bad selector in {key!r}: {selector!r} fails on a page ({exc})") from exc
        if not isinstance(found, list) or not all(isinstance(item, etree._Element) for item in found):
            raise CrawlError(
                f"{where}: bad selector in {key!r}: {selector!r} selects {type(found).__name__} values, "
                "not elements; select the element holding the comments, like 'div.comment-list'"
            )
    return tuple(selectors)


def _positive_int(table: dict[str, Any], key: str, where: str) -> int | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise CrawlError(f"{where}: {key!r} must be a positive integer, got {value!r}")
    return value


def _duration(table: dict[str, Any], key: str, where: str) -> float:
    value = table.get(key, 0)
    seconds = seconds_of(value)
    if seconds is None:
        raise CrawlError(f"{where}: {key!r} must be seconds or a duration like \"30m\", \"6h\", \"2d\"; got {value!r}")
    return seconds


def _boolean(table: dict[str, Any], key: str, where: str, default: bool) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise CrawlError(f"{where}: {key!r} must be true or false, got {value!r}")
    return value
