"""What a question asks for, and whether a text holds a thing of that kind.

Each kind pairs a pattern for asking (多少, 谁, 哪里, 为什么…) with a pattern for text that
answers it (a figure, a person, a place, a reason…). Both sides are generic Chinese and English:
nothing here names a person, place or phrasing of one article.
"""

from __future__ import annotations

import re

# Titles that stand before or after a person's name in Chinese news.
_ROLES = (
    r"(?:党组|市委|县委|区委|省委)?(?:副)?(?:书记|市长|县长|区长|省长|镇长|乡长|村长|主任|局长|处长|厅长|部长|主席|委员|常委|"
    r"总经理|董事长|经理|校长|院长|所长|站长|队长|组长|负责人|记者|通讯员|作者|编辑|专家|教授|医生|教师|老师)"
)
_CJK_NAME = r"[\u4e00-\u9fff]{2,3}"
# A role word on its own (市长, 县委书记): a question naming one asks about that role only.
ROLE_WORD = re.compile(_ROLES)

# kind → (asking pattern over the normalised question, answering pattern over a text)
_KINDS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "number": (
        re.compile(
            r"多少|几[个名所批项人次万亿年家户座条台套位天吨亩元块家]|多大|多高|多长|多重|多远|数量|规模|金额|总额|比例|百分之|"
            r"how (?:many|much)|number of|amount|\bpercent"
        ),
        re.compile(r"\d|[一二三四五六七八九十百千万两]+[个名所批项人次家户座条台套位亩吨元]"),
    ),
    "date": (
        re.compile(r"什么时候|何时|哪一?年|哪个月|哪天|哪一天|几月|几号|日期|\bwhen\b|what year|which year|what date|since when"),
        re.compile(r"\d{4}年|\d{1,2}月|\d{4}-\d{1,2}|\d{1,2}日|\b(?:19|20)\d{2}\b"),
    ),
    "place": (
        re.compile(
            r"哪里|哪儿|在哪|哪[个些](?:县|市|区|镇|村|省|园|地方|城市|单位|学校|医院|企业)|什么地方|\bwhere\b|"
            r"which (?:count|city|cities|town|village|province|park|place)"
        ),
        re.compile(r"[\u4e00-\u9fff]{1,8}(?:县|市|区|镇|乡|村|省|园区?|基地|学校|中学|小学|医院|公司|集团)|\b[A-Z][a-z]+(?: County| City)?\b"),
    ),
    # A running total (一共, 到现在, in total) rather than one year's figure.
    "total": (
        re.compile(
            r"总共|一共|累计|合计|总计|拢共|加起来|到现在|至今|这几年|这些年|近年|前前后后|\d{4}年?(?:到|至)\d{4}"
            r"|in total|altogether|so far|to date|since \d{4}|over the years|cumulative"
        ),
        re.compile(r"累计|至今|\d年来|近年来|这几年|这些年|\d{4}年(?:至|到)"),
    ),
    # Asks who someone is (是谁, 叫什么名字, 哪位), not who did something (谁办的) or what a
    # thing is called (招聘会叫什么): those answers are organisations and names of things.
    "person": (
        re.compile(
            r"是谁[啊呀呢吗?？!！。\s]*$|谁[啊呀]?[?？]?$|" + _ROLES + r"\S{0,3}叫(?:什么|啥)(?:名字)?|哪位|什么人|叫什么名字|"
            r"\bwho (?:is|was|are|were)\b|\bwho's\b|\bwho wrote\b|\bname of the\b"
        ),
        re.compile(
            _ROLES + r"\s*" + _CJK_NAME + r"|" + _CJK_NAME + r"(?:表示|说|指出|介绍|强调|称)|"
            r"\b(?:Mr|Ms|Mrs|Dr)\.? [A-Z]|\b(?:reporter|mayor|secretary|director|governor|chairman)\b",
            re.IGNORECASE,
        ),
    ),
    "reason": (
        re.compile(r"为什么|为何|为啥|干嘛要|原因|目的|意义|\bwhy\b|\breason\b|\bpurpose\b"),
        re.compile(r"为了|因为|由于|旨在|目的|为认真|为深入|为进一步|为贯彻|为落实|以便|从而|进而|意义|\bto\b|\bbecause\b|\bso that\b"),
    ),
}
KINDS: tuple[str, ...] = tuple(_KINDS)
# Kinds an answer must contain; "total" only orders candidates.
REQUIRED: frozenset[str] = frozenset({"number", "date", "place", "person", "reason"})


def asked_kinds(normalized_question: str) -> frozenset[str]:
    """Which kinds the (normalised) question asks for."""
    return frozenset(k for k, (ask, _) in _KINDS.items() if ask.search(normalized_question))


def has_kind(text: str, kind: str) -> bool:
    """Whether `text` contains a thing of `kind` (a figure, a date, a place, a person, a reason).

    A person is a name next to a title or a verb of saying (市长张三, 李四表示): jieba's name tag
    alone takes abbreviations of companies and cities for people.
    """
    return bool(_KINDS[kind][1].search(text))


def roles(normalized_question: str) -> tuple[str, ...]:
    """The titles a question names (市长, 县委书记): an answer about another title is not one."""
    return tuple(dict.fromkeys(m.group(0) for m in ROLE_WORD.finditer(normalized_question)))


# Measure words a question can ask a quantity in (多少亩, 几点, 多少钱一斤), each with the
# spellings a text answering it would use after a figure.
_MEASURES: dict[str, str] = {
    "钱": "元|万元|亿元", "块": "元|万元|亿元", "元": "元|万元|亿元", "资金": "元|万元|亿元", "万": "万|亿", "亿": "亿",
    "个": "个|项|家|所|座|名|人", "项": "个|项", "名": "名|人|位", "人": "名|人|位|人次", "位": "名|人|位",
    "人次": "人次", "次": "次|人次", "批": "批", "所": "所", "年": "年", "家": "家|个", "户": "户",
}
_OTHER_MEASURES = (
    "平方公里 平方米 兆瓦 千瓦 号线 公里 千米 小时 分钟 公斤 千克 万吨 平米 亩 吨 斤 度 点 分 米 天 周 岁 张 辆 台 套 层 床 座 条 本 "
    "届 克 瓦 平"
).split()
_ASKED_MEASURE = re.compile(
    r"(?:多少|(?<!好)几)(" + "|".join(sorted([*_MEASURES, *_OTHER_MEASURES], key=len, reverse=True)) + ")"
)
# Asking what something costs: an answer needs an amount of money, whatever unit the question names.
_ASKS_PRICE = re.compile(r"多少钱|价格|价钱|售价|票价|单价|多贵|how much (?:does|do|did|is|was|are)\b.*\bcost|\bprice\b|\bcost\b")


def asked_measure(normalized_question: str) -> str | None:
    """The measure a quantity question asks in (多少亩 → 亩; a price → 钱), if any."""
    if _ASKS_PRICE.search(normalized_question):
        return "钱"
    m = _ASKED_MEASURE.search(normalized_question)
    return m.group(1) if m else None


def answers_measure(text: str, measure: str) -> bool:
    """Whether `text` has a figure in `measure` (or a spelling of it: 钱 → 元/万元/亿元)."""
    units = _MEASURES.get(measure, re.escape(measure))
    return re.search(rf"\d[\d.,]*\s*(?:万|亿)?(?:余|多)?(?:{units})", text) is not None
