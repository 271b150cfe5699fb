"""Nothing is lost silently: is the body small compared with the running text of the page?

The measure is *prose*: characters of lines that read as running text (20+ characters with a
sentence end, not chrome), on the whole page and in the body kept. Headlines of related
articles, menus and footers are not prose, so they do not count against a page; what is left is
mostly the article itself, plus perhaps a summary, teasers with sentences or comments. A body
holding under a quarter of that prose means the reader cut the article short (a dateline read
as the end, the article taken for boilerplate) or the page is not one article; the absolute
floor keeps a short page with a few stray sentences from being refused.
"""

from __future__ import annotations

from xbbot.pages.model import ParsedPage

__all__ = ["LOSS_MIN_CHARS", "LOSS_RATIO", "loss_problem"]

LOSS_RATIO = 0.25
LOSS_MIN_CHARS = 200


def loss_problem(page: ParsedPage) -> str | None:
    """A one-line description of the text the body leaves out, if that looks like a loss; else None."""
    if page.page_prose <= 0:
        return None
    missing = page.page_prose - page.kept_prose
    if page.kept_prose < LOSS_RATIO * page.page_prose and missing >= LOSS_MIN_CHARS:
        share = page.kept_prose / page.page_prose
        return (
            f"the body kept holds only {page.kept_prose} of the page's {page.page_prose} characters of running text "
            f"({share:.0%}); {missing} characters would be left out"
        )
    return None
