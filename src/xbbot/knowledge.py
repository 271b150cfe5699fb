"""The knowledge base on disk: articles (Markdown with YAML front matter) and facts.yaml."""

from __future__ import annotations

from typing import Any

import yaml

from xbbot.models import Article

# Front-matter keys of an article file, in the order they are written.
ARTICLE_KEYS = ("id", "title", "date", "source_url", "publisher", "author")


def dump_article(article: Article) -> str:
    """The text of `knowledge/articles/<id>.md`: YAML front matter, a blank line, the body."""
    meta: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "date": article.date,
        "source_url": article.source_url,
        "publisher": article.publisher,
    }
    if article.author is not None:
        meta["author"] = article.author
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n{front}---\n\n{article.body.strip()}\n"
