#!/usr/bin/env python
"""How long `xbbot add` takes to read a page, as the page grows.

    python benchmarks/bench_pages.py            # 1k / 10k / 100k / 200k paragraphs and 5 MB, text and HTML
    python benchmarks/bench_pages.py --quick    # 1k / 10k paragraphs only
    python benchmarks/bench_pages.py --profile  # add a cProfile (top 15) of the largest HTML page

Pages are synthetic but shaped like a Chinese news page: a navigation bar, breadcrumb, title,
dateline, byline, paragraphs with a subheading every 20 and a photo caption repeating the title
every 50, then share/related/editor/copyright lines. Reading time should grow linearly, so the
figure to compare is *µs per paragraph* (or per KB) between rows of the same run; absolute
times depend on the machine and what else runs on it. Nothing is asserted (see
tests/test_pages.py for the slow test that reads the 200k-paragraph page).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from xbbot.pages import parse_page  # noqa: E402

TITLE = "澄湖岚山协作再结硕果 一批帮扶项目陆续投产"
_CLAUSES = (
    "澄湖市与岚山县签订劳务协作协议", "帮助{n}名脱贫群众在家门口就业", "新建标准化厂房{n}平方米",
    "累计投入协作资金{n}万元", "澄湖援建的学校正式投入使用", "岚山特产走进澄湖的商超和机关食堂",
    "两地共建产业园新引进企业{n}家", "选派{n}名专业技术人才到岚山工作",
)
_HEADER = [
    "澄湖融媒 | 首页 | 新闻 | 政务 | 民生 | 视频 | 专题",
    "当前位置：首页 > 新闻中心 > 协作动态",
    TITLE,
    "2023-11-08 08:41 来源：澄湖日报 作者：宋一鸣",
    "字号：大 中 小 【打印】【关闭】",
]
_FOOTER = [
    "（完）", "责任编辑：郑敏", "分享到：微信 微博 QQ空间", "相关新闻", "岚山县帮扶车间再添新订单",
    "上一篇：澄湖今冬首场招聘会本周六举行", "澄湖融媒 版权所有", "地址：澄湖市滨湖大道100号 电话：0512-55661234 苏ICP备20031234号",
]


def _paragraphs(n: int, seed: int = 7) -> list[str]:
    """n article lines: sentences of 2–5 clauses, a subheading every 20, a caption every 50."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        if i % 50 == 25:
            out.append(f"{TITLE}（资料图）")
        elif i % 20 == 10:
            out.append(f"第{i // 20 + 1}部分 协作成效")
        else:
            clauses = [rng.choice(_CLAUSES).format(n=rng.randint(2, 9000)) for _ in range(rng.randint(2, 5))]
            out.append("，".join(clauses) + "。")
    return out


def text_page(paragraphs: int) -> str:
    """A page as saved from a browser as text."""
    return "\n\n".join(_HEADER + _paragraphs(paragraphs) + _FOOTER) + "\n"


def html_page(paragraphs: int) -> str:
    """The same page as HTML, with chrome containers around the article."""
    body = "\n".join(f"<p>{p}</p>" for p in _paragraphs(paragraphs))
    footer = "".join(f"<p>{line}</p>" for line in _FOOTER[4:])
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{TITLE}_澄湖融媒</title><meta property='og:url' content='https://news.example.cn/a/1.html'>"
        "<meta property='og:site_name' content='澄湖融媒'></head><body>"
        "<div class='nav'><a href='/'>首页</a> <a>新闻</a> <a>政务</a></div>"
        "<div class='crumbs'>当前位置：首页 &gt; 新闻中心 &gt; 协作动态</div>"
        f"<div class='article'><h1>{TITLE}</h1><div class='info'>{_HEADER[3]}</div>"
        f"<div class='content'>{body}<p>（完）</p><p>责任编辑：郑敏</p></div></div>"
        f"<div class='share'>{_FOOTER[2]}</div><div class='related'><h3>相关新闻</h3><ul><li>岚山县帮扶车间再添新订单</li></ul></div>"
        f"<div class='footer'>{footer}</div></body></html>"
    )


def paragraphs_for_bytes(target: int, make: object) -> int:
    """How many paragraphs make a page of about `target` bytes (UTF-8) in the given format."""
    per = len(make(1000).encode("utf-8")) / 1000  # type: ignore[operator]
    return max(1, int(target / per))


def _time(page: str, fmt: str) -> tuple[float, int]:
    start = time.perf_counter()
    parsed = parse_page(page, fmt=fmt)  # type: ignore[arg-type]
    return time.perf_counter() - start, len(parsed.body.split("\n\n"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="only 1k and 10k paragraphs")
    parser.add_argument("--profile", action="store_true", help="cProfile the largest HTML page")
    args = parser.parse_args()
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000, 200_000]
    parse_page(html_page(10), fmt="html")  # warm up: imports of lxml, trafilatura, OpenCC
    print(f"{'page':34} {'MB':>6} {'paragraphs':>10} {'seconds':>8} {'µs/para':>8} {'ms/MB':>8}")
    rows: list[tuple[str, str, int]] = [(f"{fmt} {n:,} paragraphs", fmt, n) for n in sizes for fmt in ("text", "html")]
    if not args.quick:
        for fmt, make in (("text", text_page), ("html", html_page)):
            rows.append((f"{fmt} 5 MB", fmt, paragraphs_for_bytes(5_000_000, make)))
    for label, fmt, n in rows:
        page = text_page(n) if fmt == "text" else html_page(n)
        mb = len(page.encode("utf-8")) / 1e6
        seconds, kept = _time(page, fmt)
        print(f"{label:34} {mb:6.2f} {kept:10,} {seconds:8.2f} {seconds / n * 1e6:8.1f} {seconds / mb * 1e3:8.0f}")
    if args.profile:
        page = html_page(sizes[-1])
        prof = cProfile.Profile()
        prof.runcall(parse_page, page, fmt="html")
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(15)
        print(out.getvalue())


if __name__ == "__main__":
    main()
