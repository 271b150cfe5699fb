"""Reading pages of sites the reader was not written against (tests/data/pages2, issue 7 §1).

The expectations were written from the pages by hand, before the reader was run on them: metadata,
lines that must be kept, chrome that must be dropped, and how many article sentences the body holds.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from xbbot.cli import cli
from xbbot.ingest import add_articles
from xbbot.knowledge import load_articles
from xbbot.pages import ParsedPage, parse_page, text_key

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "tests" / "data" / "pages2"
EXPECTS = sorted(PAGES.glob("*.expect.yaml"))
URL = "https://example.cn/unseen.html"
# A sentence ends at 。！？ (a run of them), with any closing quotes that follow.
SENTENCE_END = re.compile(r"[。！？]+[”’」』\"]*")


def _expect(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _page_file(expect_path: Path) -> Path:
    name = expect_path.name.removesuffix(".expect.yaml")
    return PAGES / f"{name}.{'html' if _expect(expect_path)['format'] == 'html' else 'txt'}"


def _id(path: Path) -> str:
    return path.name.removesuffix(".expect.yaml")


@pytest.fixture(scope="module", params=EXPECTS, ids=_id)
def unseen(request: pytest.FixtureRequest) -> tuple[dict[str, Any], ParsedPage, Path]:
    expect = _expect(request.param)
    path = _page_file(request.param)
    return expect, parse_page(path.read_text(encoding="utf-8"), fmt=expect["format"]), path


def test_there_are_eight_unseen_pages_of_both_formats_and_scripts() -> None:
    expects = [_expect(p) for p in EXPECTS]
    assert len(expects) >= 8 and {"text", "html"} <= {e["format"] for e in expects}
    # Traditional pages are there too (a character only traditional text uses).
    assert sum(bool(re.search("[國協會與為資]", e["title"])) for e in expects) >= 2


def test_unseen_metadata(unseen: tuple[dict[str, Any], ParsedPage, Path]) -> None:
    expect, page, _ = unseen
    got = {
        "title": page.title, "date": page.date.isoformat() if page.date else None, "publisher": page.publisher,
        "author": page.author, "source_url": page.source_url,
    }
    want = {k: (str(expect[k]) if expect.get(k) is not None else None) for k in got}
    assert got == want


def test_unseen_keeps_the_article_lines(unseen: tuple[dict[str, Any], ParsedPage, Path]) -> None:
    expect, page, _ = unseen
    assert [s for s in expect["kept"] if s not in page.body] == []


def test_unseen_body_has_every_article_sentence(unseen: tuple[dict[str, Any], ParsedPage, Path]) -> None:
    expect, page, _ = unseen
    assert len(SENTENCE_END.findall(page.body)) >= expect["body_sentences"]


def test_unseen_drops_the_chrome(unseen: tuple[dict[str, Any], ParsedPage, Path]) -> None:
    expect, page, _ = unseen
    assert [s for s in expect["dropped"] if s in page.body] == []
    assert text_key(page.title) not in {text_key(p) for p in page.body.split("\n\n")}


def test_unseen_missing_fields(unseen: tuple[dict[str, Any], ParsedPage, Path]) -> None:
    expect, page, _ = unseen
    lacking = {f for f in ("title", "date", "publisher") if getattr(page, f) in (None, "")}
    assert lacking == set(expect.get("missing") or [])


@pytest.mark.parametrize("expect_path", EXPECTS, ids=_id)
def test_unseen_dry_run_prints_the_article_and_writes_nothing(expect_path: Path, tmp_path: Path) -> None:
    expect = _expect(expect_path)
    kb = tmp_path / "kb"
    args = ["--knowledge-dir", str(kb), "add", "--dry-run", "--url", URL, str(_page_file(expect_path))]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "add would write this article" in out and "add would refuse" not in out and "nothing written" in out
    assert expect["title"] in out and str(expect["date"]) in out
    assert all(s in out for s in expect["kept"])
    assert not kb.exists()


@pytest.mark.parametrize("expect_path", EXPECTS, ids=_id)
def test_unseen_page_is_added_and_read_back(expect_path: Path, tmp_path: Path) -> None:
    expect = _expect(expect_path)
    [result] = add_articles([_page_file(expect_path)], tmp_path / "kb", url=URL)
    [article] = [a for a in load_articles(tmp_path / "kb").values() if a.title == expect["title"]]
    assert str(expect["date"]) in str(article.date)
    assert all(s in article.body for s in expect["kept"])
    assert result.path.is_file()
