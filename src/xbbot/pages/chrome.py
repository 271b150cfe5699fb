"""Line classification: which lines of a page are site chrome, and why.

Lines are matched in their simplified-script form (the reader converts a traditional page once),
so every pattern is written in simplified characters. Each pattern carries the reason shown in
`xbbot add --dry-run` and whether, met after article text, it marks the end of the article (a
footer, share bar or related list) or is only skipped (a breadcrumb or font-size switch).
"""

from __future__ import annotations

import re

__all__ = ["ChromeKind", "chrome_reason", "is_chrome", "is_header_chrome", "ends_article"]

_COLON = r"\s*[:：]"
_OPEN = r"^[\s【\[（(]*"  # editors' notes often come bracketed: （责任编辑：张三）
_CREDIT_LABEL = (
    r"(文字|文|撰文|文案|作者|记者|通讯员|实习生|图片|图|摄影|摄像|视频|设计|美编|排版|制图|海报|供稿|"
    r"编辑|责任编辑|责编|审核|校对|监制|统筹|策划|出品)"
)
_COUNTED = r"(阅读量|阅读数|阅读|浏览量|浏览|点击量|点击|点赞|赞|在看|评论|收藏|分享|转发|喜欢)"

# (reason, ends the article when met after its text, pattern). Each pattern is anchored at the
# line start or specific enough that an article sentence will not match it.
_PATTERNS: tuple[tuple[str, bool, str], ...] = (
    ("breadcrumb", False, r"^(当前位置|您的位置|你的位置|您现在的位置|你现在的位置|现在位置|所在位置|您当前所在位置|当前所在位置|位置)" + _COLON),
    ("breadcrumb", False, r"^(首页|主页|网站首页|新闻首页)\s*(>|＞|»|›|→|/|>>)"),
    ("font-size control", False, r"(字号|字体|字级)\s*[:：]?\s*[【\[]?\s*(大|T|小|默认|\+)"),
    ("font-size control", False, r"^(字号|字体|字级)\s*[:：]?\s*$"),
    ("font-size control", False, r"^A\s*-\s*A\s*\+"),
    ("font-size control", False, r"^[【\[]\s*大\s*中\s*小\s*[】\]]$"),
    ("edition", False, r"^(当前版|版次|版面|第\s*\d+\s*版)\s*[:：]"),
    ("original title", False, r"^原标题\s*[:：]"),
    ("byline", False, r"^[（(【\[]\s*(本报|本台|本网)?(记者|通讯员|实习生|特约记者)[^）)】\]]{1,40}[）)】\]]$"),
    ("source note", False, r"^[（(【\[]?\s*据\s*《[^》]{1,20}》[^。]{0,12}[）)】\]]?$"),
    ("photo marker", False, r"^[（(【\[](资料图|资料图片|图片|视频截图|网络图片|配图|供图|图源网络)[）)】\]]$"),
    ("photo marker", False, r"^[（(【\[]\s*(图片|图|照片|视频|配图)(来源|来自|提供|由)[^）)】\]]{0,24}[）)】\]]$"),
    # what a copied page leaves where an image or a video was
    ("photo marker", False, r"^(图片|图像|视频|(?i:image|img|photo))$"),
    ("follow us", False, r"^((点击|点)(上方|下方|上面)?\s*[“\"]?(蓝字|蓝色字体?)|关注我们$)"),
    ("disclaimer", True, _OPEN + r"(版权免责声明|免责声明|版权声明|特别声明|郑重声明|免责条款|声明\s*[:：])"),
    ("editor line", True, _OPEN + r"(责任编辑|编辑|责编|审核|校对)\s+[^\s，。]{2,4}\s*[）)】\]]$"),
    ("editor line", True, _OPEN + r"(本文)?(责任编辑|责编|编辑|值班编辑|审核|审校|校对|监制|编审|初审|复审|终审|签发|本文来源)" + _COLON),
    # "编辑 | 张三", "编辑 张三 审核 李四": the label set off by a bar or a space (no sentence in the line)
    ("editor line", True,
     _OPEN + r"(?!.*[。！？])(责任编辑|编辑|责编|审核|审校|校对|监制|签发)(\s*[｜|/]\s*|\s+)[^\s，。！？:：]{2,4}(\s.*)?$"),
    # credits closing an article (文字：张三　图片：李四, 记者：张三 通讯员：李四); they do not end it,
    # as a caption "图：…" looks alike
    ("credit line", False,
     r"^(?=.{0,60}$)(" + _CREDIT_LABEL + r"(\s*[:：｜|/]\s*|(?<=\w\w)\s+)[^\s，。！？:：｜|]{2,12}(\s+[^\s，。！？:：｜|]{2,12})*\s*[｜|]?\s*)+$"),
    # a photo caption: 图为…, or a short line closing with the photographer's credit (张三 摄)
    ("photo caption", False, r"^(图为|上图|下图|左图|右图|题图)(?=.{0,100}$)"),
    ("photo caption", False, r"^(?=.{0,100}$).*(\s|[。，（(])(记者|通讯员)?\s*[^\s。，]{2,4}\s*(摄|摄影|供图)[)）]?$"),
    # a source note after the article: 本文来自【某某客户端】, 本文转自…
    ("source note", True, _OPEN + r"(本文|此文|文章)(来自|转自|转载自|选自|摘自)"),
    ("page tools", True, r"^返回[^，,。]{1,10}[，,]\s*查看更多"),
    # prompts a mobile or share page puts inside the article
    ("expand/app prompt", False,
     r"^(展开全文|展开剩余\s*\d+\s*%?|查看全文|点击查看全文|查看更多|继续阅读|打开(?i:app).{0,12}|在(?i:app)内(打开|阅读).{0,8}|"
     r"(?i:app)内(打开|阅读).{0,8})$"),
    ("scan-to-open", True, r"^(请)?(扫描|扫码|扫一扫|微信扫一扫|手机扫一扫|长按).{0,20}(关注|二维码|打开|阅读|下载|分享|客户端)"),
    ("page address", True, r"^(本文地址|原文地址|原文链接|本文链接|文章地址|文章链接|本页地址|来源网址|转载请注明)"),
    ("copyright", True, r"^(版权所有|版权归|版权)(\s|[:：©]|所有|归)"),
    ("copyright", True, r"(?i:copyright|all rights reserved)|©"),
    ("keywords", True, r"^(文章)?(关键词|关键字|标签|tags?)" + _COLON),
    ("share bar", True, r"^(分享到|分享至)"),
    ("share bar", True, r"^(一键分享|分享)\s*[:：]?\s*(微信|微博|QQ|朋友圈|$)"),
    ("previous/next", True, r"^[【\[]?(上一篇|下一篇|上一条|下一条|上一则|下一则|上一页|下一页|上篇|下篇)"),
    ("related list", True,
     r"^[【\[]?(相关阅读|相关新闻|相关文章|相关推荐|相关链接|相关报道|相关稿件|热门推荐|推荐阅读|延伸阅读|热点新闻|"
     r"热门文章|热门新闻|热点推荐|热点排行|猜你喜欢|精彩推荐|今日推荐|最新文章|最新新闻|图片新闻|阅读排行|点击排行|往期推荐|往期回顾|往期精彩|"
     r"24小时热榜|热榜|排行榜|更多新闻|更多阅读|更多文章|更多精彩|看更多)"),
    ("page tools", True,
     r"^[【\[]?(返回顶部|回到顶部|打印本页|打印此页|关闭窗口|收藏本文|加入收藏|设为首页|我要纠错|我要评论|发表评论|"
     r"网友评论|我要举报)"),
    ("page tools", True,
     r"^([【\[]\s*(打印本页|打印|列印|关闭窗口|关闭视窗|关闭本页|关闭|收藏|纠错|评论|举报|返回|顶部)\s*[】\]]\s*)+$"),
    ("page tools", True, r"^(打印|列印|关闭|收藏|纠错|评论)$"),
    ("follow us", True, r"^(订阅|加入)\S{0,10}(电子报|好友|频道|粉丝团|会员)$"),
    # a wire note on its own line: （中央社记者张三台北7日电）
    ("source note", False, r"^[（(][^）)]{2,40}?\d{1,2}(月\d{1,2})?日电[）)]$"),
    ("site host", True, r"^(主办单位|主办|承办单位|承办|协办单位|技术支持)\s*[:：]"),
    ("site host", True, r"^(政府)?网站标识码\s*[:：]?\s*\d"),
    ("web address", True, r"^(https?://|www\.)\S+$"),
    ("end mark", True, r"^[（(【\[]\s*(完|全文完|终)\s*[）)】\]]$"),
    ("end mark", True, r"^[-—\s]*(?i:end)[-—\s]*$"),
    ("page controls", True, r"^(阅读原文|预览时标签不可点|继续滑动看下一个|向上滑动看下一个|轻触阅读原文|写留言|写下你的留言|精选留言|"
     r"((分享|收藏|点赞|在看|赞|转发|评论|举报|推荐|喜欢)\s*)+)$"),
    # counters under an article: "阅读 1234  点赞 56  分享", "浏览量：10万+" (a digit somewhere)
    ("page counters", True, r"^(?=.{0,80}$)(?=\D*\d)(" + _COUNTED + r"\s*[:：]?\s*([（(\[]?\s*\d[\d,.]*\s*[万wW]?\+?\s*[）)\]]?\s*(次|人)?)?\s*)+$"),
    ("pagination", True, r"^(共\s*\d+\s*页|第\s*\d+\s*页\s*(共\s*\d+\s*页)?|首页\s*上一页|尾页)"),
    # a dateline or source note printed under or after the article
    ("dateline", True,
     _OPEN + r"(发布时间|发布日期|发表时间|发表日期|发稿时间|更新时间|来源|稿源|信息来源|文章来源)" + _COLON + r".{0,60}$"),
)
# Chrome that an article sentence could also contain ("请拨打联系电话：…。"); such lines count
# as chrome only when they do not end like a sentence.
_SOFT_PATTERNS: tuple[tuple[str, str], ...] = (
    # contact block, possibly prefixed with the site name (黄淮网法律顾问:)
    ("address/phone", r"^.{0,10}?(联系地址|通讯地址|地址|联系电话|电话|客服电话|热线电话|新闻热线|举报电话|传真|客服QQ|QQ群?|"
     r"投稿邮箱|联系邮箱|电子邮箱|邮箱|(?i:e-?mail)|法律顾问|邮编)" + _COLON),
    ("follow us", r"关注.{0,16}(微信)?(公众号|服务号|视频号)"),
    ("scan-to-open", r"^.{0,12}(扫一扫|扫码).{0,20}$"),
    ("copyright", r"^.{0,20}版权所有"),
    ("licence", r"(?i:icp)\s*(备|证|号)|增值电信|公网安备|网安备|新闻信息服务许可|网络文化经营许可|广播电视节目制作经营许可|"
     r"违法和不良信息|不良信息举报"),
)


class _Matcher:
    """Named patterns compiled as two regexes: line-start ones tried once with `match` (an
    alternation of `^…` patterns under `search` would be retried at every position of the line),
    and the few that may match anywhere with `search`."""

    def __init__(self, patterns: tuple[tuple[str, str], ...]) -> None:
        anchored = [(f"g{i}", p[1:]) for i, (_, p) in enumerate(patterns) if p.startswith("^")]
        floating = [(f"g{i}", p) for i, (_, p) in enumerate(patterns) if not p.startswith("^")]
        self._anchored = re.compile("|".join(f"(?P<{g}>{p})" for g, p in anchored))
        self._floating = re.compile("|".join(f"(?P<{g}>{p})" for g, p in floating)) if floating else None
        self._reasons = {f"g{i}": r for i, (r, _) in enumerate(patterns)}

    def reason(self, line: str) -> str | None:
        m = self._anchored.match(line) or (self._floating.search(line) if self._floating else None)
        return self._reasons[m.lastgroup] if m and m.lastgroup else None


_CHROME = _Matcher(tuple((f"{r}|{int(ends)}", p) for r, ends, p in _PATTERNS))
_SOFT = _Matcher(_SOFT_PATTERNS)

# Words that only a site's own link rows contain; matched in short lines only.
_SITE_WORDS = re.compile(
    r"关于我们|联系我们|网站地图|手机版|广告服务|广告合作|加盟代理|网站声明|版权声明|法律声明|隐私政策|"
    r"用户协议|人才招聘|招贤纳士|意见反馈|帮助中心|友情链接|工作人员查询|使用帮助|无障碍|About Us|登录|注册",
    re.IGNORECASE,
)
_HAS_TEXT = re.compile(r"[^\W_]")
_LINK_SEP = re.compile(r"\s*[|｜]\s*|\s+·\s+")
_ARROW = re.compile(r">>|>|＞|»|›")
_TERMINAL = "。！？!?；;…"
SENTENCE_END = "。！？!?…”」』"

# Kinds of chrome a reader treats differently.
ChromeKind = tuple[str, bool]


def _is_link_row(line: str) -> bool:
    """A row of short links separated by | or · (a footer or navigation bar)."""
    if "|" not in line and "｜" not in line and "·" not in line:
        return False
    parts = [p for p in _LINK_SEP.split(line) if p]
    return len(parts) >= 3 and all(len(p) <= 20 for p in parts)


def _is_arrow_path(line: str) -> bool:
    """"大公网 > 新闻 > 中国 > 正文": three or more short parts joined by arrows."""
    if not any(c in line for c in ">＞»›"):
        return False
    parts = _ARROW.split(line)
    return len(parts) >= 3 and all(0 < len(p.strip()) <= 14 and not any(c in p for c in "。，") for p in parts)


def _is_menu(line: str) -> bool:
    """A navigation menu flattened to one line: many short words, no punctuation."""
    tokens = line.split()
    return len(tokens) >= 5 and all(len(t) <= 6 for t in tokens) and not any(c in line for c in _TERMINAL + "，,、")


def chrome_reason(line: str) -> ChromeKind | None:
    """(reason, ends the article) if `line` (simplified script) is page chrome, else None."""
    bare = line.lstrip("#").strip()
    if not bare:
        return ("empty", False)
    if not _HAS_TEXT.search(bare):  # "|", "·", "***": separators left between tags
        return ("no text", False)
    hard = _CHROME.reason(bare)
    if hard:
        reason, ends = hard.rsplit("|", 1)
        return (reason, ends == "1")
    if bare[-1] not in SENTENCE_END:
        soft = _SOFT.reason(bare)
        if soft:
            return (soft, True)
        if len(bare) <= 80 and _SITE_WORDS.search(bare):
            return ("site links", True)
    if _is_arrow_path(bare):
        return ("breadcrumb", False)
    if _is_menu(bare):
        return ("navigation menu", False)
    if _is_link_row(bare):
        return ("navigation links", True)
    return None


def is_chrome(line: str) -> bool:
    """True if `line` is page chrome (navigation, disclaimer, footer…) rather than article text."""
    return chrome_reason(line) is not None


def is_header_chrome(line: str) -> bool:
    """Chrome that sits above an article (breadcrumbs, menus) and therefore does not end it."""
    kind = chrome_reason(line)
    return kind is not None and not kind[1]


def ends_article(kind: ChromeKind) -> bool:
    """Whether chrome of this kind, met after article text, marks the article's end."""
    return kind[1]
