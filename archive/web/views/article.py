"""Article: metadata, text, the reader comments as a thread (``#comments``), versions with word
diffs, and provenance (every capture it came from)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from archive.store.browse import ArticleDetail, ThreadedComment, article_detail
from archive.web.diff import changed, word_diff
from archive.web.params import NotFound, Params, path_id
from archive.web.render import page


@dataclass
class Node:
    comment: ThreadedComment
    replies: list[Node] = field(default_factory=list)


def comment_tree(comments: list[ThreadedComment]) -> list[Node]:
    """Thread-ordered comments (each followed by its replies) as nested nodes."""
    roots: list[Node] = []
    path: list[Node] = []
    for comment in comments:
        node = Node(comment)
        del path[comment.depth :]
        (path[-1].replies if path else roots).append(node)
        path.append(node)
    return roots


def _load(request: Request) -> ArticleDetail:
    article_id = path_id(request.path_params["article_id"], "article")
    with Session(request.app.state.engine) as s:
        detail = article_detail(s, article_id)
    if detail is None:
        raise NotFound(f"no article {article_id} in this archive")
    return detail


def article_record(detail: ArticleDetail) -> dict[str, Any]:
    current = detail.current
    return {
        "id": detail.id, "url": detail.url, "site": detail.site, "site_timezone": detail.site_timezone,
        "status": detail.status, "title": current.title, "author": current.author,
        "published_at": current.published_at, "language": current.language, "text": current.text,
        "version": current.number, "first_seen_at": detail.first_seen_at, "last_seen_at": detail.last_seen_at,
        "gone_at": detail.gone_at,
    }


def view(request: Request) -> Response:
    Params(request)
    detail = _load(request)
    fetched = {capture.id: capture.fetched_at for capture in detail.captures}
    versions = [
        {"id": v.id, "number": v.number, "title": v.title, "captured_at": fetched.get(v.capture_id or 0),
         "created_at": v.created_at, "extractor_version": v.extractor_version, "capture_id": v.capture_id}
        for v in detail.versions
    ]
    data = {
        "article": article_record(detail),
        "comments": [
            {"id": c.id, "parent_id": c.parent_id, "depth": c.depth, "author": c.author, "posted_at": c.posted_at,
             "text": c.text}
            for c in detail.comments
        ],
        "versions": versions,
        "captures": detail.captures,
    }
    return page(request, "article.html", data, paragraphs=detail.current.text.split("\n"),
                thread=comment_tree(detail.comments))


def diff_view(request: Request) -> Response:
    params = Params(request)
    detail = _load(request)
    numbers = [v.number for v in detail.versions]
    old_number = params.integer("from") or (numbers[-2] if len(numbers) > 1 else numbers[-1])
    new_number = params.integer("to") or numbers[-1]
    by_number = {v.number: v for v in detail.versions}
    if old_number not in by_number or new_number not in by_number:
        raise NotFound(f"article {detail.id} has versions {', '.join(map(str, numbers))}")
    old, new = by_number[old_number], by_number[new_number]
    title = word_diff(old.title or "", new.title or "")
    text = word_diff(old.text, new.text)
    data = {
        "article": {"id": detail.id, "url": detail.url, "title": detail.current.title},
        "from": {"number": old.number, "created_at": old.created_at},
        "to": {"number": new.number, "created_at": new.created_at},
        "changed": changed(title) or changed(text),
        "title_diff": title,
        "text_diff": text,
    }
    return page(request, "diff.html", data, numbers=numbers)
