"""The search index: shadow terms of every article's current version, and the queries that read them.

Chinese has no spaces between words and most words are two characters, so the index does not
look for words in Chinese: it keeps a *shadow text* of each article in which

* Traditional characters are folded to Simplified (OpenCC ``t2s``), so either script finds both;
* everything is NFKC-normalised and lower-cased;
* every run of CJK characters becomes its overlapping character bigrams (``台风来了`` → ``台风 风来 来了``),
  and every run of other letters or digits one word.

A Chinese query is cut the same way and searched as a phrase of bigrams (a two-character query
is one bigram, ``台风登陆`` the phrase ``台风 风登 登陆``); an English word matches as a prefix, at the
start of a word only. SQLite indexes the shadow text with FTS5 (``article_search_fts``, rowid = article id); PostgreSQL
keeps a weighted ``tsvector`` (title A, text B; ``'simple'`` configuration) under a GIN index. Beside
them, ``article_search`` keeps each article's facets (site, publication time, language), so a
search narrows and counts its hits without reading the articles. All of it is written by
:func:`index_version`, which :func:`archive.store.writes.add_version` calls for every version it
stores, so the index is never behind the articles.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Float, Integer, Subquery, Text, bindparam, cast, func, literal_column, select, text
from sqlalchemy.dialects import postgresql, sqlite

from archive.store.models import Article, ArticleSearch, ArticleVersion

__all__ = [
    "CJK_CLASS", "FTS_TABLE", "SearchQuery", "fold", "index_version", "is_index_internal", "matching_articles", "parse_query",
    "rebuild_index", "shadow_terms",
]

FTS_TABLE = "article_search_fts"
CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_TOKEN = re.compile(rf"(?P<cjk>[{CJK_CLASS}]+)|(?P<word>[^\W_{CJK_CLASS}]+)")
#: A query beyond this many terms is cut: no archivist types more, and each term costs a lookup.
MAX_QUERY_TERMS = 16
#: How much a hit in the title outweighs one in the text.
TITLE_WEIGHT = 10.0


@cache
def _simplifier() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """Simplified, NFKC-normalised, lower-cased text, one character for each character of ``text``
    where possible (so positions found in the folded text point into the original)."""
    converted = _simplifier().convert(text)
    if len(converted) != len(text):  # a phrase conversion changed the length: positions would drift
        converted = text
    return "".join(_fold_char(char) for char in converted)


def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char).lower()
    return folded if len(folded) == 1 else char.lower()[:1] or char


def _tokens(folded: str) -> Iterator[tuple[str, str]]:
    for match in _TOKEN.finditer(folded):
        yield ("cjk", match.group("cjk")) if match.group("cjk") else ("word", match.group("word"))


def _bigrams(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def shadow_terms(text: str | None) -> str:
    """The shadow text the index holds for ``text``: bigrams for CJK, words for the rest, space-separated."""
    if not text:
        return ""
    terms: list[str] = []
    for kind, token in _tokens(fold(text)):
        terms.extend(_bigrams(token) if kind == "cjk" else [token])
    return " ".join(terms)


@dataclass(frozen=True)
class SearchQuery:
    """A user's query cut like the shadow text: CJK phrases (as bigrams) and word prefixes, all required."""

    phrases: tuple[tuple[str, ...], ...]  # each a run of CJK bigrams that must stand together
    prefixes: tuple[str, ...]  # words (and lone CJK characters) matched at the start of a term
    needles: tuple[str, ...]  # the folded runs and words, for highlighting

    @property
    def empty(self) -> bool:
        return not self.phrases and not self.prefixes

    def fts5(self, title_only: bool = False) -> str:
        """The FTS5 MATCH expression. Every term is quoted: no user character reaches FTS5 syntax."""
        parts = ['"' + " ".join(phrase) + '"' for phrase in self.phrases]
        parts += [f'"{prefix}"*' for prefix in self.prefixes]
        expression = " AND ".join(parts)
        return f"{{title_terms}} : ({expression})" if title_only else expression

    def tsquery(self, title_only: bool = False) -> str:
        """The PostgreSQL ``to_tsquery('simple', …)`` text: phrases with ``<->``, prefixes with ``:*``
        (``title_only``: lexemes of weight A, the title's)."""
        weight = "A" if title_only else ""
        parts = [" <-> ".join(f"'{term}'" + (f":{weight}" if weight else "") for term in phrase) for phrase in self.phrases]
        parts += [f"'{prefix}':*{weight}" for prefix in self.prefixes]
        return " & ".join(parts)


def parse_query(query: str) -> SearchQuery:
    """Cut a query the way :func:`shadow_terms` cuts text; anything but letters and digits is dropped."""
    phrases: list[tuple[str, ...]] = []
    prefixes: list[str] = []
    needles: list[str] = []
    for kind, token in _tokens(fold(query)):
        if len(phrases) + len(prefixes) >= MAX_QUERY_TERMS:
            break
        needles.append(token)
        if kind == "cjk" and len(token) > 1:
            phrases.append(tuple(_bigrams(token)[:MAX_QUERY_TERMS]))
        else:
            prefixes.append(token)
    return SearchQuery(tuple(dict.fromkeys(phrases)), tuple(dict.fromkeys(prefixes)), tuple(dict.fromkeys(needles)))


# --------------------------------------------------------------------------- keeping the index current


@dataclass(frozen=True)
class _IndexStatements:
    upsert: Any
    fts_delete: Any | None
    fts_insert: Any | None


@cache
def _statements(dialect: str) -> _IndexStatements:
    table: Any = ArticleSearch.__table__
    insert: Any
    values: dict[str, Any] = {
        "article_id": bindparam("article_id"),
        "version_id": bindparam("version_id"),
        "version_number": bindparam("version_number"),
        "site_id": select(Article.__table__.c.site_id)
        .where(Article.__table__.c.id == bindparam("article_id"))
        .scalar_subquery(),
        "published_at": bindparam("published_at", type_=ArticleSearch.__table__.c.published_at.type),
        "language": bindparam("language"),
    }
    if dialect == "postgresql":
        values["document"] = _weighted(bindparam("title_terms"), "A").op("||")(_weighted(bindparam("body_terms"), "B"))
        insert = postgresql.insert(table).values(values)
    elif dialect == "sqlite":
        insert = sqlite.insert(table).values(values)
    else:
        raise NotImplementedError(f"newsarchive supports SQLite and PostgreSQL, not {dialect}")
    updated = {name: insert.excluded[name] for name in values if name != "article_id"}
    upsert = insert.on_conflict_do_update(index_elements=["article_id"], set_=updated)
    if dialect != "sqlite":
        return _IndexStatements(upsert, None, None)
    return _IndexStatements(
        upsert,
        text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :article_id"),
        text(f"INSERT INTO {FTS_TABLE} (rowid, title_terms, body_terms) VALUES (:article_id, :title_terms, :body_terms)"),
    )


def _weighted(terms: Any, weight: str) -> Any:
    return func.setweight(
        func.to_tsvector(literal_column("'simple'::regconfig"), cast(terms, Text)), literal_column(f"'{weight}'::\"char\"")
    )


def index_version(
    connection: Connection,
    article_id: int,
    version_id: int,
    version_number: int,
    title: str | None,
    body: str,
    published_at: datetime | None,
    language: str | None,
) -> None:
    """Make this version the article's entry in the search index (replacing the one before)."""
    statements = _statements(connection.dialect.name)
    params = {
        "article_id": article_id, "version_id": version_id, "version_number": version_number,
        "published_at": published_at, "language": language,
        "title_terms": shadow_terms(title), "body_terms": shadow_terms(body),
    }
    connection.execute(statements.upsert, params)
    if statements.fts_delete is not None and statements.fts_insert is not None:
        connection.execute(statements.fts_delete, params)
        connection.execute(statements.fts_insert, params)


def rebuild_index(connection: Connection) -> int:
    """Index the current version of every article (for archives made before the index existed)."""
    rows = connection.execute(
        select(Article.id, ArticleVersion.id, ArticleVersion.number, ArticleVersion.title, ArticleVersion.text,
               ArticleVersion.published_at, ArticleVersion.language)
        .join(ArticleVersion, ArticleVersion.id == Article.current_version_id)
        .order_by(Article.id)
    )
    count = 0
    for row in rows.all():
        index_version(connection, *row)
        count += 1
    return count


# --------------------------------------------------------------------------- reading it


def matching_articles(dialect: str, query: SearchQuery, title_only: bool = False, ranked: bool = True) -> Subquery:
    """The articles matching ``query`` (in their title only, with ``title_only``) as a subquery
    ``hits(article_id, rank)``; lower rank is better, and 0 for all when not ``ranked``."""
    if dialect == "sqlite":
        score = f"bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0)" if ranked else "0.0"
        name = f"match_{'title' if title_only else 'all'}_{'ranked' if ranked else 'plain'}"  # one per subquery
        stmt = (
            text(f"SELECT rowid AS article_id, {score} AS rank FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :{name}")
            .bindparams(**{name: query.fts5(title_only)})
            .columns(article_id=Integer, rank=Float)
        )
        return stmt.subquery("title_hits" if title_only else "hits")
    tsquery = func.to_tsquery(literal_column("'simple'::regconfig"), cast(query.tsquery(title_only), Text))
    weights: Any = literal_column(f"'{{0, 0, {1 / TITLE_WEIGHT}, 1}}'::float4[]")
    score_column: Any = -func.ts_rank(weights, ArticleSearch.document, tsquery) if ranked else literal_column("0.0")
    return (
        select(ArticleSearch.article_id, score_column.label("rank"))
        .where(ArticleSearch.document.op("@@")(tsquery))
        .subquery("title_hits" if title_only else "hits")
    )


def is_index_internal(name: str | None, type_: str) -> bool:
    """Whether a schema object belongs to the search machinery the models do not describe (the FTS5
    table and its shadow tables, the GIN index): what Alembic's comparison leaves alone."""
    if not name:
        return False
    if type_ == "table":
        return name == FTS_TABLE or name.startswith(FTS_TABLE + "_")
    return type_ == "index" and name == "ix_article_search_document"
