"""What a question asks for, and whether a text holds a thing of that kind.

Each kind pairs a pattern for asking (多少, 谁, 哪里, 为什么…) with a pattern for text that
answers it (a figure, a person, a place, a reason…). Both sides are generic Chinese and English:
nothing here names a person, place or phrasing of one article.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType

import jieba
import jieba.posseg as pseg

from xbbot.wordlists import shipped

# A date in Chinese numerals, as official documents date themselves (二〇一八年四月二十日).
CN_DATE = r"[〇零○一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,2}\s*月\s*[一二三四五六七八九十]{1,3}\s*日"

# Titles that stand before or after a person's name in Chinese news: posts people hold, and the
# bylines of those who write (a byline is no answer to 担任什么职务).
_POSTS = (
    "书记|支书|市长|县长|区长|省长|州长|旗长|镇长|乡长|村长|主任|局长|处长|厅长|部长|主席|委员|常委|"
    "总经理|董事长|理事长|经理|厂长|社长|馆长|校长|院长|所长|站长|队长|组长|负责人|科长|股长|会长|行长|秘书长|班长(?!期)|"
    # (The people a notice names on its own lines: 联系人：某某.)
    "联系人|主持人|发布人|签发人|经办人"
)
# (Also words before names that are no post: a live stream's 主播, a meeting's 市领导张三、李四.)
_BYLINES = "记者|通讯员|作者|编辑|专家|主播|领导"
_PROFESSIONS = "教授|医生|医师|教师|老师|会计师|审计师|律师|工程师|农艺师|畜牧师|兽医师?"
_RANK = r"(?:党组|市委|县委|区委|州委|旗委|省委)?(?:副)?"
_ROLES = rf"{_RANK}(?:{_POSTS}|{_BYLINES}|{_PROFESSIONS})"
# Surnames of two characters: 欧阳黎, 呼延桂兰 (a name of four characters).
_COMPOUND_SURNAMES = "欧阳|呼延|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|令狐|夏侯|澹台|端木|独孤|南宫|西门|轩辕|钟离|宗政|濮阳|太史"
# A personal name after a title: two or three characters, not starting like a function word,
# followed by punctuation or a verb of saying or leading (市长张三表示, 书记李四率团…).
_NAME_AFTER_TITLE = (
    r"(?![在的和与等们也都是对为将还已要把被从到向了着该这那其各全本会很更最太挺])"
    # …nor like what a title does (副县长主持, 局长出席): no name starts with these verbs.
    r"(?!主持|出席|讲话|发言|致辞|参加|陪同|带队|调研|考察|表示|介绍|指出|强调|会见|看望|慰问)"
    # …nor is a word for people in general one person's name (各位记者朋友, 代表同志们).
    r"(?!朋友|同志|同事|家属|群众|们|小组|干部|班子|职务|岗位)"
    # …nor what a profession has (工程师职称的, 会计师事务所).
    r"(?!职称|资格|证书|事务所|团队|队伍)(?:(?:" + _COMPOUND_SURNAMES + r")[\u4e00-\u9fff]{1,2}|[\u4e00-\u9fff]{2,3})"
    r"(?=[，,。、；;：:\s）)（(]|表示|说|介绍|率|指出|强调|称|认为|共同|一行|等|在|为|的|出席|参加|主持|会见|带队|带领|"
    r"解释|说明|透露|告诉|回忆|坦言|感慨|谈到|讲|答|提出|希望|要求|呼吁|宣布|致辞|发言|补充|承诺|看来|是|也|还|曾|正|就|已|和|与|牵头|"
    r"作(?:推介|报告|讲话|发言|动员|部署|总结|点评|介绍|表态)|"
    r"去年|今年|前往|赴|到|来到|陪同|调研|考察|参观|同志|先生|女士|任|兼任|担任|$)"
)
_CJK_NAME = r"[\u4e00-\u9fff]{2,3}"
# A short aside between a title and the name: 副县长（某市挂职）某某.
_ASIDE = r"(?:[（(][^（()）]{1,16}[）)])?"
# An agreement's signature line: 代表（签字）：某某（某市副市长）.
# (…and a form's 姓名：某某, a document's 签发人：某某.)
_SIGNED = r"(?:代表)?[（(]签[字名][）)]|(?:姓名|(?:签发|撰稿|执笔|审核|审签|填报|经办|联系)人)(?=[：:])"
# A role word on its own (市长, 县委书记): a question naming one asks about that role only.
ROLE_WORD = re.compile(_ROLES)

# The characters of a figure written in Chinese numerals (三千二百万, 一亿零六百万, 两千).
_CN_NUMERALS = "一二两三四五六七八九十百千万亿零"
# The counters and units a figure in Chinese numerals ends in (not 期 or 届: 二期 is a phase).
_CN_COUNTERS = "个名所批项人次家户座条台套位亩吨元只头匹张辆间栋棵株斤件份"
# A figure in Chinese numerals (三千二百万元, 一亿零六百万元, 两千多元, 一百二十七个, 十几只).
CN_FIGURE = re.compile(rf"[{_CN_NUMERALS}]+(?:多|余|几)?[{_CN_COUNTERS}]")

# kind → (asking pattern over the normalised question, answering pattern over a text)
_KINDS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "number": (
        re.compile(
            r"多少|几[个名所批项人次万亿年家户座条台套位天吨亩元块只头匹张辆间栋棵株斤件份]|多大|多高|多长|多重|多远|数量|规模|金额|总额|比例|百分之|"
            r"how (?:many|much|big|large)|number of|amount|\bpercent|\bcapacity\b|\bsize of\b|"
            # (What was its total investment: a sum named, not how much asked.)
            r"\bwhat (?:is|was|were|are|'s) (?:the |its |their |his |her )?(?:\w+ ){0,3}(?:investment|budget|cost|revenue|"
            r"income|sales|output|turnover|subsidy|salary|wage|price|value|total)s?\b"
        ),
        re.compile(r"\d|" + CN_FIGURE.pattern),
    ),
    "date": (
        re.compile(r"什么时候|何时|哪一?年|哪个月|哪天|哪一天|哪几[天年日]|哪几个月|几月|(?<!第)几号|日期|^(?:and |so |but |ok )?when\b|\bwhen[?？.!]*$|\bwhen (?:did|was|were|is|are|will|does|do|has|had)\b|\b(?:tell me|know|ask) when\b|what year|which year|what date|since when"),
        re.compile(r"\d{4}年|\d{1,2}月|\d{4}-\d{1,2}|\d{1,2}日|\b(?:19|20)\d{2}\b|" + CN_DATE),
    ),
    "place": (
        re.compile(
            r"(?<!用在)哪里|(?<!用在)哪儿|(?<![用存])在哪(?!一?[天年月日号]|个月|一?年)|哪[个些](?:县|市|区|镇|乡|村|省|园|地方|城市|单位|学校|医院|企业)|哪[两三四五六几]个(?:县|市|区|镇|乡|村|街道)|什么地方|\bwhere\b|"
            r"which (?:count|city|cities|town|village|province|park|place)"
        ),
        re.compile(r"[\u4e00-\u9fff]{1,8}(?:县|市|区|镇|乡|村|省|园区?|基地|学校|中学|小学|医院|公司|集团)|\b[A-Z][a-z]+(?: County| City)?\b"),
    ),
    # A running total (一共, 到现在, in total) rather than one year's figure.
    "total": (
        re.compile(
            r"总共|一共|累计|合计|总计|总数|拢共|加起来|到现在|至今|这几年|这些年|近年|前前后后|\d{4}年?(?:到|至)\d{4}"
            r"|in total|altogether|so far|to date|since \d{4}|over the years|cumulative"
        ),
        re.compile(r"累计|至今|\d年来|近年来|这几年|这些年|\d{4}年(?:至|到)|合计|总计|共计"),
    ),
    # Asks who someone is (是谁, 叫什么名字, 哪位), not who did something (谁办的) or what a
    # thing is called (招聘会叫什么): those answers are organisations and names of things.
    "person": (
        re.compile(
            r"是谁[啊呀呢吗?？!！。\s]*$|(?:是|由)谁(?:签发|签署|执笔|撰写|撰稿|写|审核|审签)的|谁[啊呀]?[?？]?$|谁签(?:的)?(?:字|名)?[?？]?$|谁签(?:的)?(?:字|名)|谁(?:讲话|讲了话|发言|致辞|主持|带队|带的队|出席)|谁代表|签(?:字|名)的是谁|哪[两几三四]位|哪个(?:" + _ROLES + r")(?!的)|(?:个人|人物|人员|先进|代表|获奖者)有哪些|哪些人|" + _ROLES + r"\S{0,8}叫(?:什么|啥)(?:名字)?|(?:他|她|这位|那位|此人|这个人|姑娘|女孩|男孩|小伙子?|女士|先生|老人|大爷|大妈|阿姨|大姐|大哥|青年|村民|学员|干部|官员|领导|负责人|的人|女工|工人|员工|女娃|娃娃?|孩子|女生|男生|学生|网友|农民|妇女|老乡|技术员|村医|志愿者)\S{0,2}叫(?:什么|啥)|谁(?:发明|首创|创造)|哪位|什么人|叫什么名字|"
            r"^who\b|\bwho (?:is|was|are|were|led|leads|won|wrote|heads|headed|signed|visited)\b|\bwho's\b|\bname of the (?:mayor|secretary|reporter|head|leader|director)"
        ),
        re.compile(
            r"(?:" + _ROLES + r"|" + _SIGNED + r")" + _ASIDE + r"[：:]?\s*" + _NAME_AFTER_TITLE + r"|(?:(?<![村镇乡县市区地店品园厂校司])名叫|(?<=[人者他她我])叫)" + _NAME_AFTER_TITLE + r"|(?<![\u4e00-\u9fff])" + _CJK_NAME + r"(?:表示|说|指出|介绍|强调)|"
            r"[、，,]" + _CJK_NAME + r"(?:表示|说|指出|介绍|强调)|" + _CJK_NAME + r"(?:时任|现任|曾任|担任|同志|先生|女士)|"
            r"\b(?:Mr|Ms|Mrs|Dr)\.? [A-Z]|\b(?:reporter|mayor|secretary|director|governor|chairman) [A-Z]",
        ),
    ),
    # Asks what post someone holds (担任什么职务, 是干什么的): the answer gives a title.
    # Asks what someone is in charge of (分管哪一块工作): the post alone does not say.
    "duty": (
        re.compile(r"分管(?:的是)?(?:哪|什么|啥)|(?:负责|主管|主抓)(?:的是)?(?:哪一?块|哪些|哪方面|什么)(?:工作)?|"
                   r"\bin charge of what\b|\bresponsible for what\b"),
        re.compile(r"分管|主管|主抓|负责"),
    ),
    # Asks what someone did before (当市长之前是做什么的, 以前在哪个单位): today's post does not say.
    "career": (
        re.compile(r"(?:之前|以前|此前|从前)(?:是|在)?(?:做|干)(?:什么|啥)|(?:之前|以前|此前|从前|原来)(?:是|任|担任|在)?(?:什么|啥|哪个?|哪家)(?:职务|职位|工作|单位|部门)|"
                   r"(?:之前|以前|此前|从前|原来)在哪(?:里|儿)?(?:工作|上班|任职)|"
                   r"\bbefore (?:becoming|he became|she became|that)\b.*\b(?:do|work|job|post)\b|\bprevious (?:job|post)\b"),
        # (…or where someone came from: 从某市农业农村局来到某村.)
        re.compile(r"曾任|曾在|此前|原任|原为|历任|先后(?:任|在)|调任|以前(?:是|在)|之前(?:是|在)|从[^，,。；;]{2,20}?(?:来到|调到|派到)"),
    ),
    # Asks what someone did after (挂职期满回去以后担任什么职务, 后来调任什么): the post he held then.
    "later": (
        re.compile(r"(?:回|返回|回到|任满|期满|结束|离开)\S{0,8}(?:以后|之后|后)\S{0,6}(?:担任|任|当|做|干|去)了?(?:什么|啥|哪)|"
                   r"后来(?:又)?(?:担任|任|当|调任|调到|调去|调往)了?(?:什么|啥|哪)|"
                   # (后来又去哪儿看的 asks where a visit went next, not a posting.)
                   r"后来(?:又)?去了?哪(?:里|儿|个单位)?(?:工作|任职|上班)?了?[?？]?$|\bafter (?:his|her|the) (?:posting|term|stint)\b"),
        re.compile(r"调任|升任|转任|出任|(?:回|返回|回到)\S{0,8}(?:以后|之后|后)(?:任|担任)|期满后(?:任|担任|回)|后来(?:任|担任|调任)"),
    ),
    "title": (
        re.compile(
            r"(?:什么|啥|哪个|哪些)(?:职务|职位|职称|头衔|官|岗位)|(?:担任|任|当)(?:的)?(?:什么|啥)|(?:他|她|此人|这人|这位|那位)\S{0,8}是(?:干|做)(?:什么|啥)(?:工作)?的|"
            r"\bwhat (?:position|post|title|job|role)\b|\bwhat does \w+ do\b"
        ),
        re.compile(rf"{_RANK}(?:{_POSTS}|{_PROFESSIONS})" + r"|\b(?:mayor|secretary|director|head|chairman|principal)\b"),
    ),
    # Asks where to find something online or on a street: the answer gives the address itself.
    "url": (
        re.compile(r"网址|网站地址|链接|二维码|公众号叫|\burl\b|\bwebsite address\b|\bweb address\b|\blink\b"),
        re.compile(r"https?://|www\.|\.(?:com|cn|net|org)\b"),
    ),
    "address": (
        re.compile(r"地址|门牌|具体位置|在哪条路|哪条街|\baddress\b|\bwhich street\b"),
        re.compile(r"[\u4e00-\u9fff]{1,10}(?:路|街|大道|巷|大街)(?:\d+号)?|\d+号"),
    ),
    "phone": (
        re.compile(r"电话|手机号|联系方式|热线|\bphone\b|\bcontact number\b|\bhotline\b"),
        re.compile(r"\d{3,4}[-－]\d{7,8}|(?<!\d)1[3-9]\d{9}(?!\d)|(?:电话|热线)[:：]?\s*\d{5,}"),
    ),
    # Asks who or what won (获奖, 冠军): the answer names an award, not only the event.
    "award": (
        re.compile(r"获奖|得奖|获得了?什么奖|什么奖|冠军|金奖|一等奖|评上|拿了?[^，,。？?]{0,8}奖(?![励金补])|\bwon\b|\bwin\b|\bwinner|\baward|\bprize\b"),
        re.compile(r"奖|冠军|荣获|荣膺|获评|被评为|称号|\baward|\bprize\b|\bwon\b"),
    ),
    # Asks for a rank or an ordinal (第几名, 第几台): the answer says 第N.
    "ordinal": (
        re.compile(r"第几|排名|名次|等次|等级|评级|\bwhat rank\b|\branked\b|\brating\b"),
        # (第几年 of a relation is told as its anniversary: 结对20周年.)
        re.compile(r"第\s*(?:\d+|[一二三四五六七八九十百]+)|(?:\d+|[一二三四五六七八九十百]+)\s*周年|排名|名列|位列|首[个家座台批]|等次|等级为|评级为|评为|评定为|获评|(?:结果|考核)(?:为|是)|[“\"]好[”\"]"),
    ),
    # Asks which one is the most (哪家企业捐款最多, 卖得最好的是哪样): the answer must single one out;
    # a sentence about the same subject that ranks nothing does not.
    "superlative": (
        re.compile(r"(?:哪|谁|什么)\S{0,12}最(?:多|少|高|低|大|小|好|早|快|受欢迎)|最(?:多|少|高|低|大|小|好|早|快|受欢迎)的(?:是)?(?:哪|谁|什么)|"
                   r"\b(?:which|who)\b.*\b(?:most|least|largest|biggest|highest|best)\b"),
        # (Not the 第一 of a name: 第一中学, 第一人民医院.)
        # (Nor 第一支团队, 第一家工厂: the first of its kind, counted by its measure word.)
        re.compile(r"最|第一(?![中小]学|人民|医院|批|期|次|届|书记|季度|[支个家所座条台项位名间])|首位|居首|之冠|冠军|排名|名列|位列|\bmost\b|\blargest\b|\bbiggest\b|\bhighest\b|\bbest\b"),
    ),
    # Asks what a thing is called (a brand, a name): the answer quotes one.
    "name": (
        re.compile(r"叫什么(?!名字)|叫啥|什么牌子|哪个牌子|哪些牌子|哪些品牌|什么品牌|品牌是|商标|名称是|名字是什么(?<!人)|what is (?:it|the \w+) called|\bbrand\b"),
        re.compile(r"“[^”]{2,24}”|《[^》]{2,40}》|「[^」]{2,24}」|品牌|牌子|商标|名为|叫做|称为|命名"),
    ),
    # Which particular ones (哪几所学校, 哪家企业): the answer names them, not only how many.
    "which": (
        re.compile(r"哪几[所家]|哪几个(?:学校|中学|小学|大学|医院|企业|公司|单位|合作社|工厂|厂)|哪[所家](?!以)|哪家媒体|哪个媒体|哪家报|哪些(?:学校|中学|小学|大学|医院|企业|公司|单位)|哪个(?:学校|中学|大学|医院|企业|公司|厂家|厂商)|哪家(?:厂|厂家|厂商)|which (?:school|hospital|company|companies|enterprise|universit)|name of the (?:school|hospital|company|enterprise|universit)"),
        re.compile(r"(?!)"),  # only a named institution counts: see _names_an_institution
    ),
    # How long something takes or lasted (开车要多久, 干了多长时间): the answer gives a span of time.
    "duration": (
        re.compile(r"多久|多长时间|多少(?:个)?(?:小时|分钟)|几个?小时|\bhow long\b"),
        # (Not an age: 18—35周岁.)
        # (A tender's 210日历天 and 30个工作日 too.)
        re.compile(r"(?<![\d.])\d{1,3}(?:\.\d+)?\s*(?:个)?多?(?:小时|分钟|天|日历天|工作日|日内|周(?!岁)|星期|个月|年(?![级底初末]))|"
                   r"[一二三四五六七八九十两半几数]+(?:个)?多?(?:小时|分钟|天|周(?!岁)|星期|个月|年(?![级底初末]))|"
                   r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|several) (?:hours?|minutes?|days?|weeks?|months?|years?)\b|"
                   # (From one month to another gives how long too: 挂职期限：2019年6月至2021年6月.)
                   r"(?:19|20)\d{2}年(?:\d{1,2}月)?\s*(?:至|到|—|–|－|~)\s*(?:(?:19|20)\d{2}年)?\d{1,2}月|"
                   r"(?:19|20)\d{2}\s*(?:至|到|—|–|－)\s*(?:19|20)\d{2}年"),
    ),
    # From when to when (活动从什么时候搞到什么时候, 评价组是哪段时间去的): the answer gives both ends.
    "period": (
        re.compile(r"从什么时候\S{0,8}到什么时候|什么时候到什么时候|哪段时间|什么时间段|起止时间|起止日期|从几号到几号|从哪天到哪天"),
        re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日?\s*(?:至|到|—|－|-|~|～)\s*(?:\d{4}\s*年)?\s*(?:\d{1,2}\s*月)?\s*\d{1,2}\s*日"
                   r"|\d{4}\s*年\s*\d{1,2}\s*月\s*(?:至|到|—|－|-)\s*(?:\d{4}\s*年)?\s*\d{1,2}\s*月"),
    ),
    # Where someone comes from (是哪里人): the answer gives a birthplace, not where they worked.
    "origin": (
        re.compile(r"哪里人|哪儿人|什么地方人|籍贯|老家在哪|老家是哪|\bwhere (?:is|was) \w+ from\b|hometown"),
        # (…，青岫县人，2015年到…: a place and 人 said of someone is where they come from.)
        re.compile(r"籍贯|出生于|生于|出生在|老家|祖籍|人氏|\bborn\b|native of"
                   r"|(?:是|[，,])[\u4e00-\u9fff]{1,8}(?:省|市|县|区|州|旗|镇|乡|村)人(?=[，,。；;、）)]|$)"),
    ),
    "reason": (
        re.compile(r"为什么|为何|为啥|干嘛要|原因|(?<!项)目的|意义|\bwhy\b|\breason\b|\bpurpose\b"),
        re.compile(r"为了|因为|由于|旨在|目的|原因|缘于|解释|因此|所以|因而|导致|致使|之所以|为什么[^？?。]{1,16}[？?](?=[^\s”」]{2})|(?:谈起|说起|问起|问及|谈到|说到)(?:为何|为什么|为啥)|为认真|为深入|为进一步|为贯彻|为落实|以便|从而|进而|意义|\bto\b|\bbecause\b|\bso that\b|\breason\b"),
    ),
    # What someone said (他在会上说了啥, 讲了什么): a sentence reporting words, not one saying he
    # attended and spoke (出席并讲话).
    "speech": (
        re.compile(r"(?<![报道导章闻子里中])(?:说|讲|谈|提)了?(?:些)?(?:什么|啥|哪些)|\bwhat did (?:he|she|the \w+|\w+ \w+) say\b"),
        # (A script's 【同期声】 is what someone says on camera.)
        re.compile(r"表示|说|指出|强调|提出|认为|希望|要求|介绍|谈到|坦言|感慨|回忆|称|：“|:“|“[^”]{6,}”|同期声|同期聲|\bsaid\b|\bsays\b"),
    ),
    # What money or a thing is used for (这笔钱用来干什么): the sentence saying 用于….
    "purpose": (
        re.compile(r"用(?:来|于|在)(?:干|做)?(?:什么|啥|哪|嘛)|用途|\bused for\b|\bspent on\b|\bwhat for\b"),
        re.compile(r"用于|用来|用在|为了|旨在|\bfor\b"),
    ),
    # What a place or firm grows or makes (示范园主要种什么, 企业生产什么): a sentence telling what it
    # grows, raises or makes, not one only naming it among projects.
    "product": (
        re.compile(r"(?:(?<![一二两三四五六七八九十几哪各这那多每某])种|养|生产|加工|制造|出产)(?:的)?(?:是|些)?(?:什么|啥|哪些)(?!时候|地方|用)|"
                   r"\bwhat (?:do|does|did) (?:it|they|\w+(?: \w+){0,4}) (?:grow|raise|make|produce|process)\b"),
        re.compile(r"种植|种了|种着|种的|栽种|栽培|养殖|养了|饲养|生产|加工|制造|出产|产品|主打|主营|\bgrow|\bproduc|\bmake"),
    ),
}
KINDS: tuple[str, ...] = tuple(_KINDS)
# Kinds an answer must contain; "total" only orders candidates.
# ("reason" only orders candidates: reports give reasons without a marker word often enough.)
REQUIRED: frozenset[str] = frozenset(
    {"number", "date", "place", "person", "name", "origin", "which", "ordinal", "url", "address", "award", "phone", "title",
     "superlative", "duration", "speech", "product", "period", "duty", "career", "later"}
)


def asked_kinds(normalized_question: str) -> frozenset[str]:
    """Which kinds the (normalised) question asks for."""
    kinds = frozenset(k for k, (ask, _) in _KINDS.items() if ask.search(normalized_question))
    if kinds & {"which", "date", "place", "person"} and asks_which_only(normalized_question):
        kinds -= {"number"}  # 哪几家企业 asks which firms, 哪几天 which days, 哪几个县 which counties: not how many
    if _NAMES_A_THING.search(normalized_question) or _THING_CALLED.search(normalized_question):
        return (kinds - {"person"}) | {"name"}  # 那家企业叫什么名字, 那场直播叫什么名字 ask a thing's name
    # 局长叫什么 asks for a person's name, not for the name of a thing.
    return kinds - {"name"} if "person" in kinds else kinds


def asks_which_only(normalized_question: str) -> bool:
    """Whether a question's 几 is only that of 哪几 (哪几家企业), with no other how-many in it."""
    return "哪几" in normalized_question and not _KINDS["number"][0].search(normalized_question.replace("哪几", "哪"))


# A word ending like a thing, not a person (直播, 活动, 车间, 工坊, 展会), before 叫什么(名字).
_THING_CALLED = re.compile(r"[播动目间坊站会节柜店馆台班程牌品园社厂司校院路桥楼室号刊报剧片歌赛展项库场线网群列车船]的?(?:名字|名称)?叫(?:什么|啥)")
_NAMES_A_THING = re.compile(r"(企业|公司|学校|中学|小学|大学|医院|单位|合作社|工厂|厂子|厂家|厂|园区|产业园|基地|品牌|项目)(?:的)?(?:名字|名称)?叫(?:什么|啥)")


def asked_name_of(normalized_question: str) -> tuple[str, ...]:
    """The kind of institution whose name is asked (那家企业叫什么名字 → 公司, 集团, 企业, 厂): its
    name answers, quoted or not. Empty when no institution's name is asked (什么品牌 asks a brand)."""
    m = _NAMES_A_THING.search(normalized_question)
    return tuple(_INSTITUTION_KINDS[m.group(1)].split("|")) if m and m.group(1) in _INSTITUTION_KINDS else ()


@lru_cache(maxsize=4096)
def tagged(text: str) -> tuple[pseg.pair, ...]:
    """`text` cut into words with their jieba tags: a question is read by several rules (what it
    counts, what it asks the amount of, its unknown words), and jieba's tagger is the slow part of
    reading it, so they share one cut of the same string."""
    return tuple(pseg.cut(text))


@lru_cache(maxsize=65536)
def has_kind(text: str, kind: str) -> bool:
    """Whether `text` contains a thing of `kind` (a figure, a date, a place, a person, a reason).

    A person is a name next to a title or a verb of saying (市长张三, 李四表示): jieba's name tag
    alone takes abbreviations of companies and cities for people.
    """
    if kind == "number":
        return _has_figure(text)
    if _KINDS[kind][1].search(text):
        return True
    return kind == "which" and _names_an_institution(text)


_NUMBER = re.compile(r"(?<![\d.])\d[\d.,]*")


# An item number opening a line of a list or bulletin (2. , 3、, （4）).
_ENUMERATOR = re.compile(r"\d{1,2}(?:[.．、](?!\d)|[)）])")


def _has_figure(text: str) -> bool:
    """A figure: a number that is not a date (2019年, 8月16日, a bare year such as "in 2019")."""
    for m in _NUMBER.finditer(text):
        after = text[m.end() : m.end() + 1]
        digits = m.group(0).rstrip(".,")
        if _ENUMERATOR.match(text, m.start()) and not text[: m.start()].strip(" \t　（(【"):
            continue  # 2. 某市对口协作两县…: a bulletin's item number counts nothing
        if after in ("月", "日", "号", "时", "点", "-", "/") or (after == "年" and re.fullmatch(r"(?:19|20)\d\d", digits)):
            continue  # a date; but 22年 is a duration
        if re.fullmatch(r"(?:19|20)\d\d", digits) and after not in ("万", "亿", "元", "%", "名", "个", "人", "家", "户", "所"):
            continue
        return True
    return bool(CN_FIGURE.search(text))


# (Not 学校 or 企业 alone: 徐州学校 is any school of the city, not a named one.)
_INSTITUTIONS = ("中学", "小学", "大学", "学院", "医院", "公司", "集团", "合作社", "日报", "晚报", "报社", "电视台", "新闻网")


def _names_an_institution(text: str) -> bool:
    """A school, hospital, company or outlet named by its place or name (佳县第三小学, 榆林市第一医院),
    not a generic one (结对医院, 52所学校)."""
    return names_institution(text, _INSTITUTIONS)


# Names an article introduces as people, each with the titles it gave them (`people_named`).
People = Mapping[str, frozenset[str]]
NO_PEOPLE: People = MappingProxyType({})


# The other titles of one person listed after the asked one (组长、市委常委、副市长张三).
_MORE_TITLES = rf"(?:[、，,][^、，,。；;：:\s]{{0,10}}?(?:{_ROLES}))*"


def names_person_with_role(text: str, role: str, people: People = NO_PEOPLE) -> bool:
    """Whether `text` names someone with `role` (县长张三 for 县长, or 张三…担任县长), not just
    mentions the role. `people` are the names its article introduced, with their titles: 张三 alone
    holds `role` when the article called him that (物理教师张三 … 张三作为支教教师来到…)."""
    wanted = _role_in_text(role)
    if re.search(wanted + _MORE_TITLES + _ASIDE + r"[：:]?\s*" + _NAME_AFTER_TITLE, text) or _role_then_person(text, wanted, people):
        return True
    # 组长为注册会计师某某, 组长由某局副局长某某担任: the holder named after 为/由 and a title of their own.
    if re.search(wanted + r"(?:为|是|由)[^，,。；;：:]{0,16}?(?:" + _ROLES + r")\s*" + _NAME_AFTER_TITLE, text):
        return True
    if people_hold(text, role, people):
        return True
    # (…任琴湾对口帮扶岑川工作队队长: the post may carry its body's whole name; 我叫某某，是某局派驻
    # 石门村的第一书记: a self-introduction says it with 是.)
    return has_person(text, people) and re.search(
        r"(?:" + _TAKES_POST + r"[^，,。；;]{0,16}?|[，,]\s*(?:是|系)[^，,。；;]{0,24}?)" + wanted, text) is not None


def people_hold(text: str, role: str, people: People) -> bool:
    """Whether `text` names one of `people` whom their article gave `role` (not 副市长 for 市长):
    张三 alone, in an article that called him 县长 before."""
    wanted = _role_in_text(role)
    return any(name in text and any(re.search(wanted, t) for t in titles) for name, titles in people.items())


def holds_title(text: str, name: str, title: str, *, across_items: bool = True) -> bool:
    """Whether `text` gives `name` the `title` (a pattern): 县长李四 (the title right before the
    name), or 李四任枫岭县副县长 (the name, then its post in the same clause; with `across_items`
    False, in the same item of a list too: 市领导李某、陈某 gives 李某 none)."""
    who, gap = re.escape(name), "[^，,。；;]" if across_items else "[^，,。；;、]"
    return re.search(f"(?:{title})\\S{{0,2}}{who}|{who}{gap}{{0,20}}?(?:{title})", text) is not None


def gives_title_of(text: str, name: str) -> bool:
    """Whether `text` gives `name` a post (副县长陈某, 陈某任某县副县长), not only names him among
    others (市领导李某、陈某)."""
    return holds_title(text, name, _KINDS["title"][1].pattern, across_items=False)


def has_person(text: str, people: People = NO_PEOPLE) -> bool:
    """Whether `text` names a person: by the answering pattern, or one of `people` (names its
    article introduced elsewhere: 陈某作为… is a person once 教师陈某 was)."""
    return has_kind(text, "person") or any(name in text for name in people)


def holds(text: str, kind: str, people: People = NO_PEOPLE, institutions: tuple[str, ...] = (),
          name_of: tuple[str, ...] = ()) -> bool:
    """Whether `text` holds a thing of `kind` as a question asks it: `people` its article introduced
    count as persons; a which-question naming `institutions` (学校 → 中学, 小学…) needs one named; a
    question asking the name of an institution of `name_of` is answered by a named one too."""
    if kind == "which" and institutions:
        return names_asked_institution(text, institutions)  # 在哪个学校: the school's name (技工学校 too)
    if kind == "name" and name_of:
        return has_kind(text, kind) or names_institution(text, name_of)  # 那个产业园叫什么名字: quoted or not
    if kind == "person":
        return has_person(text, people)
    return has_kind(text, kind)


def _role_then_person(text: str, role_pattern: str, people: People) -> bool:
    """A title right before one of `people` (县长向某: a name the title pattern refuses, as it
    starts like a function word)."""
    return any(re.search(role_pattern + r"\s*" + re.escape(name), text) for name in people if name in text)


# Where a report introduces a person: after a title, 名叫 or 某岁的, or before a verb of saying.
_INTRODUCED = re.compile(
    r"(?:(" + _ROLES + r"|" + _SIGNED + r")" + _ASIDE + r"[：:]?|名叫|(?<=[人者他她我])叫)\s*(" + _NAME_AFTER_TITLE + r")"
    r"|(?:^|(?<=[、，,。；;：:“”\s]))([\u4e00-\u9fff]{2,3})(?=表示|说|介绍|指出|强调|解释|告诉)"
    # A four-character name (Tibetan, Uyghur, Mongolian names in Chinese: 才让卓玛) between a title
    # and a verb of saying.
    r"|(" + _ROLES + r")([\u4e00-\u9fff]{4})(?=表示|说|介绍|指出|强调|解释|告诉)"
)
_ROLE_AT_END = re.compile(r"(?:" + _ROLES + r")$")
_NOT_A_NAME_START = "vdpucrmq"  # jieba tags: verbs, adverbs, prepositions, particles… (医生来了)


def introduced_names(text: str) -> list[str]:
    """The names a text introduces by the pattern alone (县长张三, 李四说), unchecked by jieba: cheap
    enough for every passage at load, for spelling names in pinyin (Long Haibo → 龙海波)."""
    return [m.group(2) or m.group(3) or m.group(5) for m in _INTRODUCED.finditer(text)]


def people_named(text: str) -> dict[str, frozenset[str]]:
    """The personal names an article introduces (县长张三, 25岁的李四, 王五说), so that a sentence
    naming them bare (李四来自…) is known to name a person.

    A candidate must be whole jieba words in context (not 节前夕 of 教师节前夕) with a name tag,
    or a rare word that starts like no verb or particle. jieba's name tag alone is not enough:
    it takes abbreviations of places for people.
    """
    words = pseg.lcut(text)
    starts: dict[int, pseg.pair] = {}
    ends: set[int] = set()
    pos = 0
    for w in words:
        starts[pos] = w
        pos += len(w.word)
        ends.add(pos)
    names: dict[str, set[str]] = {}
    for m in _INTRODUCED.finditer(text):
        group = next(g for g in (2, 3, 5) if m.group(g))
        start, end = m.span(group)
        if start not in starts or end not in ends:
            continue
        name = m.group(group)
        title = m.group(1) or m.group(4)
        tokens = [starts[i] for i in range(start, end) if i in starts]
        if group == 5 and not tokens[0].flag.startswith("nr") and any(t.flag[:1] in _NOT_A_NAME_START for t in tokens):
            continue  # 县长高度评价说: four characters of ordinary words are no name (拉毛 + 才 + 让 starts as one)
        if _reads_as_name(tokens, name, _NOT_A_NAME_START):
            names.setdefault(name, set()).update([title] if title else [])
    for m in _BIO.finditer(text):
        # 王某，某市商务局派驻某县挂职副县长。— a list of people, each sentence opening with a name.
        start, end = m.span(1)
        posts = ROLE_WORD.findall(m.group(2))
        if not posts or start not in starts or end not in ends:
            continue
        tokens = [starts[i] for i in range(start, end) if i in starts]
        # (The form vouches for the name: its first character may read as a verb — 习 of 习永川.)
        if _reads_as_name(tokens, m.group(1), "pucmq"):
            names.setdefault(m.group(1), set()).update(posts)
    for m in _BRACKETED_POST.finditer(text):
        # 参加会议：…、褚某（某市驻某县工作组组长，挂职副县长）、…: a name, its posts in brackets.
        start, end = m.span(1)
        posts = ROLE_WORD.findall(m.group(2))
        if posts and start in starts and end in ends and \
                _reads_as_name([starts[i] for i in range(start, end) if i in starts], m.group(1), "pucmq"):
            names.setdefault(m.group(1), set()).update(posts)
    for m in _AGED.finditer(text):
        # 槐荫坝村的秦某今年53岁: a name with its age is a person.
        start, end = m.span(1)
        if start in starts and end in ends and \
                _reads_as_name([starts[i] for i in range(start, end) if i in starts], m.group(1), _NOT_A_NAME_START):
            names.setdefault(m.group(1), set())
    for m in (*_NOW_HOLDS.finditer(text), *_TAKES_POST_NOW.finditer(text)):
        # 支教的孙某，如今已是某小学的副校长: a person, then the post the clause says the person holds.
        start, end = m.span(1)
        if start in starts and end in ends and \
                _reads_as_name([starts[i] for i in range(start, end) if i in starts], m.group(1), _NOT_A_NAME_START):
            names.setdefault(m.group(1), set()).add(m.group(2))
    for m in _SALUTATION.finditer(text):
        if m.group(1)[0] in _SURNAMES and word_frequency(m.group(1)) < 50:
            names.setdefault(m.group(1), set()).add(m.group(2))  # 苟某某代表：您提出的建议收悉
    for i, w in enumerate(words):
        # (jieba cuts 副 + 市长: 副市长 is the title.)
        before = ("副" if i > 1 and words[i - 2].word.endswith("副") else "") + words[i - 1].word if i else ""
        if (w.flag == "nr" or w.word in _SURNAMES and w.flag[:1] not in _NOT_A_NAME_START + "c") and len(w.word) == 1 \
                and i and i + 1 < len(words) and 1 <= len(words[i + 1].word) <= 2 and words[i + 1].flag[:1] == "n" \
                and word_frequency(words[i + 1].word) < 100 and word_frequency(w.word + words[i + 1].word) < 50 and (
                (title := _ROLE_AT_END.search(before)) or words[i - 1].word.endswith(_PERSON_NOUNS)):
            # 村支书孟 + 庆安, 村民岳 + 淑蓉: jieba cuts the surname off a given name it reads as a word.
            names.setdefault(w.word + words[i + 1].word, set()).update([title.group(0)] if title else [])
            continue
        # 县长向某 (the pattern refuses a name starting like 向), 25岁的王某来自…
        if w.flag != "nr" or not 2 <= len(w.word) <= 3 or not i:
            continue
        if title := _ROLE_AT_END.search(before):
            names.setdefault(w.word, set()).add(title.group(0))
        elif len(w.word) == 2 and i > 1 and words[i - 1].word in _SURNAME_WORDS and (title := _ROLE_AT_END.search(words[i - 2].word)):
            # 主任向雪莲: jieba cuts the surname off as the preposition 向.
            names.setdefault(words[i - 1].word + w.word, set()).add(title.group(0))
        elif i > 1 and words[i - 1].word in "：:" and (title := _ROLE_AT_END.search(words[i - 2].word)):
            names.setdefault(w.word, set()).add(title.group(0))  # 联系人：向某 (a notice's own lines)
        elif i > 1 and words[i - 1].word == "的" and words[i - 2].word.endswith("岁"):
            names.setdefault(w.word, set())
        elif i > 1 and words[i - 1].word == "的" and (title := _ROLE_AT_END.search(words[i - 2].word)):
            names.setdefault(w.word, set()).add(title.group(0))  # 今年接任…副县长的李四解释
        elif words[i - 1].word.endswith(_PERSON_NOUNS):
            names.setdefault(w.word, set())  # 干部张三坐了一夜火车, 妇女李四牵头: a person, with no post
    # A name cut a character short or long (孟某 of 孟某和, 郑某说): keep the one the text writes.
    kept = [n for n in names if not any(m != n and m.startswith(n) and text.count(m) == text.count(n) for m in names)]
    return {n: frozenset(names[n]) for n in kept if not (n[:-1] in kept and n[-1] in "说的和在是也")}


def _reads_as_name(tokens: list[pseg.pair], name: str, bad_starts: str) -> bool:
    """Whether `name`, cut by jieba into `tokens`, is a personal name: a word tagged as one, or a rare
    word that jieba does not tag otherwise and that starts with no word of a tag in `bad_starts`."""
    return any(t.flag.startswith("nr") for t in tokens) or (
        tokens[0].flag[:1] not in bad_starts and tag_of(name) in ("", "nr", "nrfg", "nrt") and word_frequency(name) < 50
    )


# A sentence that opens with a name and a comma, then says who that is (a list of honoured people).
# (Also a broadcast's speaker line: 【同期声】龚某 某市驻某州工作组组长 — the name, a space, the post;
# and a report's signature: 述职人：乔某，某市发改委副调研员，挂职…副县长.)
_BIO = re.compile(r"(?:^|(?<=[。！\n]))\s*(?:【[^】]{1,6}】|[\u4e00-\u9fff]{1,3}人[：:])?\s*([\u4e00-\u9fff]{2,3})(?:[，,]|[ \u3000]+)([^。！\n]{2,60})")
_BRACKETED_POST = re.compile(r"(?:^|(?<=[、，,：:；;\s]))([\u4e00-\u9fff]{2,3})[（(]([^（()）]{2,40})[）)]")
_AGED = re.compile(r"(?<=[的，,、：:\s])([\u4e00-\u9fff]{2,3})(?:今年|已经|已)?\d{1,3}岁")
# Surnames that are also function words, which jieba cuts off a name (向, 全, 于, 曾).
_SURNAME_WORDS = frozenset({"向", "全", "于", "曾"})
# Every single-character surname (from CC-CEDICT; scripts/make_surnames.py): jieba cuts a name it
# does not know into a surname and a word (村民岳 + 淑蓉), tagging neither as a name.
_SURNAMES = frozenset("".join(line for line in shipped("surnames.txt").read_text(encoding="utf-8").splitlines()
                              if not line.startswith("#")))
# A letter's salutation: the addressee's name and how the letter calls them (某某代表：, 某某同志：).
_SALUTATION = re.compile(r"(?:^|\n)\s*(?:尊敬的|亲爱的)?([\u4e00-\u9fff]{2,3})(代表|委员|同志|先生|女士)[：:]")
# Nouns for a person that are no post (干部张三, 村民李四, 返乡青年王五): the name after one is a person's.
_PERSON_NOUNS = ("干部", "妇女", "村民", "农民", "党员", "工人", "女工", "员工", "队员", "学员", "学生", "青年",
                 "老人", "大姐", "大哥", "大妈", "大爷", "阿姨", "技术员", "村医", "群众", "农户", "牧民", "代表",
                 "能人", "致富带头人", "志愿者", "退役军人")


# How a report says who holds a post when the name comes first: 张三…担任县长, 如今已是副校长.
_TAKES_POST = r"(?:担任|出任|兼任|挂任|(?<![主责])任|当上了?|成为|已是|现为|升任)"  # (not the 任 of 主任)
_NOW_HOLDS = re.compile(r"([\u4e00-\u9fff]{2,3})[，,]\s*(?:如今|现在|目前|后来|现)?\s*" + _TAKES_POST
                        + r"[^，,。；;！？]{0,16}?(" + _ROLES + r")")
# 评价组由…注册会计师某某任组长: a name right before the post it takes.
_TAKES_POST_NOW = re.compile(r"([\u4e00-\u9fff]{2,3})(?:担任|任)(" + _ROLES + r")")


def _role_in_text(role: str) -> str:
    """`role` as a text must write it: 市长 is not the 副市长 (unless 副 is asked too)."""
    return re.escape(role) if role.startswith("副") else r"(?<!副)" + re.escape(role)


@lru_cache(maxsize=1024)
def roles_pattern(roles: tuple[str, ...]) -> re.Pattern[str]:
    """Where a text mentions any of `roles` (市长, not 副市长 unless asked)."""
    return re.compile("|".join(_role_in_text(r) for r in roles))


def names_role(text: str, role: str) -> bool:
    """Whether `text` mentions `role` at all (市长, not 副市长): 市长在会上说了什么 needs the 市长."""
    return re.search(_role_in_text(role), text) is not None


# (桦栗镇的党委书记: the town's 书记; the place never holds 的.)
_PLACE_ROLE = re.compile(r"((?:(?!的)[\u4e00-\u9fff]){2,4}?)(?:市|县|区|省|州)?(?:的)?(?:党委|党工委|党组)?(" + _ROLES + r")")
# 某县领导 asks whoever holds one of its offices (县委书记, 县长, 局长…), not a firm's chairman.
_LEADER = _RANK + r"(?:书记|市长|县长|区长|省长|州长|旗长|镇长|乡长|主任|局长|处长|厅长|部长|主席|常委)"


def place_roles(normalized_question: str) -> tuple[tuple[str, str], ...]:
    """(place, title) pairs a question ties together (榆林市长 → (榆林, 市长))."""
    return tuple((m.group(1), m.group(2)) for m in _PLACE_ROLE.finditer(normalized_question))


def names_place_role(text: str, place: str, role: str, people: People = NO_PEOPLE) -> bool:
    """Whether `text` names the holder of `role` of `place` (榆林市市长张三), not another place's."""
    # A post belongs to the place written right before it (榆林市市长); a doctor or teacher comes
    # from the place the clause names (烟台援派的心内科医生张三).
    # (…or after another post of the same place: 勐海县委副书记、县长某某.)
    between = r"[^，,。；;！？!?]{0,12}?" if re.fullmatch(_PROFESSIONS, role) else r"(?:[\u4e00-\u9fff]{1,7}、)?[\u4e00-\u9fff]{0,3}?"
    post = re.escape(place) + between + (f"(?:{_LEADER})" if role == "领导" else _role_in_text(role))
    if re.search(post + r"\s*" + _NAME_AFTER_TITLE, text) or _role_then_person(text, post, people):
        return True
    # 【同期声】王某 某县乡村振兴局局长, 王某，某县乡村振兴局局长, 王某（某县乡村振兴局局长）: the name,
    # then the post it holds.
    if any(re.search(re.escape(name) + r"(?:[\s，,]+|[（(])[^\s，,。；;！？!?（）()]{0,16}?" + post, text) for name in people if name in text):
        return True
    return has_person(text, people) and re.search(_TAKES_POST + post, text) is not None


# Asking the name of someone's relative or apprentice (她丈夫叫什么名字): a text must name that one.
_RELATIONS = "丈夫|妻子|爱人|老伴|儿子|女儿|父亲|母亲|徒弟|师傅"
_ASKS_RELATION = re.compile(rf"({_RELATIONS})的?(?:名字)?(?:叫什么|叫啥|是谁|是哪位)")


def asked_relation(normalized_question: str) -> str | None:
    """The relation whose holder a who-question asks for (丈夫叫什么名字 → 丈夫), if any."""
    m = _ASKS_RELATION.search(normalized_question)
    return m.group(1) if m else None


def names_relation(text: str, relation: str, people: People = NO_PEOPLE) -> bool:
    """Whether `text` names the `relation` (她的徒弟李四在…, 丈夫是李四), not only says one exists
    (丈夫是某医院的医生)."""
    if re.search(rf"{relation}(?:是|叫|名叫)?[：:]?\s*" + _NAME_AFTER_TITLE, text):
        return True
    return any(re.search(rf"{relation}[^，,。；;]{{0,4}}{re.escape(name)}|{re.escape(name)}[（(]?{relation}", text)
               for name in people if name in text)


_INSTITUTION_KINDS = {
    "学校": "中学|小学|学校|大学|学院|幼儿园", "中学": "中学", "小学": "小学", "大学": "大学|学院", "高校": "大学|学院",
    "医院": "医院|卫生院", "企业": "公司|集团|企业|厂", "产业园": "产业园|园区|工业园", "园区": "园区|产业园|工业园",
    "工业园": "工业园|产业园|园区", "合作社": "合作社", "机构": "公司|事务所|中心|研究院|研究所|协会|学院|大学", "厂子": "厂|公司", "工厂": "厂|公司", "厂": "厂|公司", "厂家": "公司|集团|厂", "厂商": "公司|集团|厂", "公司": "公司|集团", "媒体": "日报|晚报|报社|电视台|新闻网",
    "school": "中学|小学|学校|大学|学院", "hospital": "医院", "compan": "公司|集团", "universit": "大学|学院",
}


def asked_institutions(normalized_question: str) -> tuple[str, ...]:
    """The institution suffixes a which-question asks for (哪几所学校 → 中学, 小学, 学校…)."""
    out: list[str] = []
    for word, suffixes in _INSTITUTION_KINDS.items():
        if word in normalized_question:
            out.extend(suffixes.split("|"))
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=4096)
def names_institution(text: str, suffixes: tuple[str, ...]) -> bool:
    """A named institution of the asked kind in `text` (佳县第三小学 for schools, not 富平县县医院):
    a word ending in one of `suffixes` that jieba tags as an organisation, or that follows a name."""
    if "公司" in suffixes and _REGISTERED_FIRM.search(text):
        return True  # 泺川恒冻制冷设备有限公司: a registered name, whatever words its trade is written in
    words = pseg.lcut(text)
    return any(
        w.word.endswith(suffixes)
        and (w.flag in ("nt", "nz") and len(w.word) >= 4 or _named_before(words, i))
        and not (w.word in _ANY_OF_A_PLACE and i and words[i - 1].flag == "ns")  # 徐州学校: any school of 徐州
        for i, w in enumerate(words)
    )


# A firm named short, by its own name and trade (申勐茶业项目, 泖田米业的…): a rare two-character name
# before a trade that only firms end in.
_FIRM_SHORT = re.compile(r"([\u4e00-\u9fff]{2})(?:茶业|米业|药业|乳业|果业|种业|鞋业|薯业|菌业|酒业|食品|科技|实业|集团)"
                         r"(?=项目|的|在|与|和|投资|签约|负责|承建|[，,。、；;）)\s]|$)")


def names_asked_institution(text: str, institutions: tuple[str, ...]) -> bool:
    """Whether `text` names an institution of the kind a question asks for (`names_institution`),
    or, when it asks for a firm, names one by its short name (申勐茶业)."""
    return names_institution(text, institutions) or "公司" in institutions and names_firm_short(text)


def names_firm_short(text: str) -> bool:
    """Whether `text` names a firm by its short name (申勐茶业), not a trade of a place (当地茶业)."""
    return any(word_frequency(m.group(1)) < 50 and not tag_of(m.group(1)).startswith(("ns", "v", "a", "d", "r", "m"))
               and not set(m.group(1)) & set("的了在和与及是这那各该本其每")
               for m in _FIRM_SHORT.finditer(text))


# A firm's registered name: four or more characters from the start of a clause to 有限公司, none a
# pointing word, 的, 了 or 家 (一家有限公司, 该有限公司 and 当地的有限公司 name no firm).
_REGISTERED_FIRM = re.compile(r"(?:^|(?<=[：:、，,（(\s“\"「]))(?![一该这那某各每本其])[^\W\d_的了家]{4,20}?"
                              r"(?:股份有限公司|集团有限公司|有限责任公司|有限公司)")


# Words of a firm's trade in its registered name (…农业科技有限公司, …食品发展有限公司).
_TRADES = frozenset("农业 科技 发展 食品 实业 贸易 文化 生物 能源 投资 建设 电子 商贸 物流 旅游 医药 服装 纺织 机械 材料 环保 "
                    "农牧 畜牧 乳业 茶业 果业 种业 药业 电商 网络 信息 技术 开发 制造 工贸 产业 新能源 "
                    "农产品 农副产品 供应链 蔬菜 果品 水果 冷链 餐饮 生态 粮油 水产 养殖 种植 仓储 运输 包装 鞋业 服饰 "
                    "茶叶 中药材 建材 家居 管理 营销 商务 服务 家政 家纺 船舶 重工 汽车 零部件 建工 工程 劳务 酒店 传媒 "
                    # …and of a firm of professional services (…会计师事务所有限公司, …工程咨询有限公司).
                    "会计师 事务所 咨询 律师 评估 检测 设计 监理 规划 审计 "
                    # …and of a cooperation's park or base (嘉九扶贫协作产业园, 沪滇协作产业园).
                    "扶贫 协作 帮扶 合作 东西部 "
                    # …and of a school (蓼洲职业技术学院, 某某技师学院).
                    "职业 技师".split())


# What a named institution's name ends with, and the tags that end the words of its name before it.
_INSTITUTION_END = re.compile(r"([\u4e00-\u9fff]{2,12}?)(?:集团有限公司|有限公司|集团|公司|合作社|小学|中学|学校|医院|卫生院|产业园|基地)")
_NOT_IN_A_NAME = ("v", "u", "p", "c", "m", "x", "r", "d", "q", "f", "t")


def institution_names(text: str) -> list[str]:
    """The own names of the institutions a text names, without their place or trade (广东瀚森建材集团
    有限公司 → 瀚森, 南美同心小学 → 同心): an English question spells them in pinyin (Hansen)."""
    out: list[str] = []
    for m in _INSTITUTION_END.finditer(text):
        words = pseg.lcut(m.group(1))
        while words and words[-1].word in _TRADES:
            words.pop()
        run: list[pseg.pair] = []
        for w in reversed(words):
            if w.flag.startswith(_NOT_IN_A_NAME) or w.word in _TRADES:
                break
            run.insert(0, w)
        while len(run) > 1 and run[0].flag == "ns":
            run.pop(0)
        name = "".join(w.word for w in run)
        if 2 <= len(name) <= 4:
            out.append(name)
    return out


def _named_before(words: list[pseg.pair], i: int) -> bool:
    """Whether one of the two words before words[i] names it, with no count, 的 or punctuation
    between (泰州一家医药企业 and 泰州的医药企业 are companies of 泰州, not named ones)."""
    # 恒达农业科技有限公司: up to three words of its trade stand between the name and the suffix.
    trades = 0
    while trades < 3 and i - trades - 1 >= 0 and words[i - trades - 1].word in _TRADES:
        trades += 1
    # 泓屿鲜禾农业科技有限公司: a trade name jieba has never seen is cut into single characters
    # (泓 + 屿 + 鲜 + 禾); two or more of them right before its trade name it, when the firm has a trade.
    if trades:
        chars = 0
        for w in reversed(words[max(0, i - trades - 4) : i - trades]):
            if len(w.word) != 1 or not "\u4e00" <= w.word <= "\u9fff" or w.flag[:1] in "mupcxrdv":
                break
            chars += 1
        if chars >= 2:
            return True
    for k in range(i - trades - 1, max(-1, i - trades - 3), -1):
        p = words[k]
        if p.word.startswith("第") and p.flag[:1] == "m":
            continue  # 佳县第三小学: an ordinal is part of the name
        if p.flag[:1] in "mqux":
            return False
        if _names_it(p):
            return True
        if p.word in _PLACE_SUFFIXES and k and re.fullmatch(r"[\u4e00-\u9fff]", words[k - 1].word) \
                and words[k - 1].flag[:1] not in "vupcmrdqft":
            return True  # 碛 + 阳 + 县 + 第二 + 中学: a place of rare characters jieba cuts apart names it
    return _proper_then_nouns(words, i - trades)


_PLACE_SUFFIXES = frozenset("县市区镇乡村州旗")


def _proper_then_nouns(words: list[pseg.pair], end: int) -> bool:
    """佛美马铃薯种薯繁育基地: a proper noun, then up to three common nouns (the last word may be the
    verb of what the place does: 繁育), then the suffix — a name. (宝鸡建设冷链物流基地 is an act.)"""
    j = end - 1
    if j >= 0 and words[j].flag == "v":
        j -= 1
    nouns = 0
    while j >= 0 and nouns < 3 and words[j].flag in ("n", "nz", "ns", "nt", "nr"):
        if words[j].flag in ("nz", "ns", "nt", "nr") and nouns and len(words[j].word) >= 2:
            return True
        nouns += 1
        j -= 1
    return j >= 0 and nouns > 0 and words[j].flag in ("nz", "ns", "nt", "nr") and len(words[j].word) >= 2


def _names_it(word: pseg.pair) -> bool:
    """A word before 产业园 / 公司 that makes it a named one: a place, a person, an organisation, or
    a rare word of two or more characters that is no verb, numeral or particle (甬望文具产业园, 汇笔文具
    有限公司 — invented trade names jieba has never seen)."""
    if word.flag in ("ns", "nr", "nz", "nt"):
        return True
    return (len(word.word) >= 2 and "\u4e00" <= word.word[0] <= "\u9fff" and word.flag[:1] not in "vmqupcrdft"
            and word_frequency(word.word) < 50)


_ANY_OF_A_PLACE = frozenset({"学校", "企业", "单位"})


# (哪个县市, 哪个区县: either level answers.)
_PLACE_LEVEL = re.compile(r"哪[个一两三四五六几]?个?(镇|乡|村|县|区|市|省)(?![镇乡村县区市省])|什么(镇|乡|村)")


def asked_place_level(normalized_question: str) -> str | None:
    """The level of place a where-question asks for (哪个镇 → 镇), if it says."""
    m = _PLACE_LEVEL.search(normalized_question)
    return (m.group(1) or m.group(2)) if m else None


_LOCATIVES = frozenset({"在", "于", "到", "赴", "落户", "位于", "落地"})


_LOCATES = re.compile(r"位于|坐落|地处|建在|设在|落户|选址|安家")
# Asking where a thing is (建在哪里, 在哪, 什么地方), not which place it is paired with (和哪个县结对).
_ASKS_WHERE = re.compile(r"在哪(?!一?[天年月日号]|个月|一?年)|哪里|哪儿|什么地方|什么位置|哪个?地方|哪个位置|哪块|\bwhere\b|\bin which\b|\blocated\b")


def asks_where(normalized_question: str) -> bool:
    """Whether a question asks where something is or happens (建在哪里), not which place."""
    return _ASKS_WHERE.search(normalized_question) is not None


def locates(text: str) -> bool:
    """Whether `text` says where something is (位于白水县城关街道, 建在村口, 在苏州开馆)."""
    return _LOCATES.search(text) is not None or bool(located_places(text))


@lru_cache(maxsize=8192)
def located_places(text: str) -> tuple[str, ...]:
    """Places `text` puts something in, named bare (在徐州开馆): a word jieba tags as a place right
    after 在/于/到…. A where-question is answered by one it does not name itself."""
    words = pseg.lcut(text)
    return tuple(w.word for i, w in enumerate(words)
                 if i and w.flag == "ns" and len(w.word) >= 2 and words[i - 1].word in _LOCATIVES)


_FUNCTION_CHARS = frozenset("在的了到是和与及向往从进出个")


def names_place_of_level(text: str, level: str) -> bool:
    """Whether `text` names a place of `level` (城关镇 for 镇; not 重镇, 城镇化 or 12个镇)."""
    for m in re.finditer(rf"(?<![\d个各])[\u4e00-\u9fff]{{2,6}}(?<![重城乡村市县集小]){level}(?![长委化区])", text):
        stem = m.group(0)[-3:-1]
        if set(stem) & _FUNCTION_CHARS:
            continue  # 车间建在村口, 放到村里: a verb and a preposition before the level name no place
        if level == "县" and _ENDS_IN_PROVINCE.search(m.group(0)[:-1]):
            continue  # a province is no county, however rare its name (宁夏县) or whatever its last two characters (内蒙古县)
        # 贫困县, 结对县, 示范县: a very common word or a verb before the level names no place
        # (石门 and 宝鸡 are in jieba's dictionary too, a few hundred times).
        # (A stem jieba tags as a place is one however common — 河口镇 — but a province is no county.)
        tag = tag_of(stem)
        if tag == "ns" and not _PROVINCE_WORD.fullmatch(stem):
            return True
        if word_frequency(stem) < 1000 and tag not in ("v", "vn", "ad", "d") and (tag != "a" or word_frequency(stem) < 100):
            return True  # (丰乐镇: a rare adjective names a town; 先进县 and 贫困县 name none)
    # 岜蒙、篾岭两个乡: the places listed, then how many of the level they are.
    return re.search(rf"[\u4e00-\u9fff]{{2,4}}(?:[、和与及][\u4e00-\u9fff]{{2,4}})+[两二三四五六七八九十\d]+个{level}", text) is not None


def word_frequency(word: str) -> int:
    """How often jieba's dictionary has seen `word` (0 when never): common words are not names."""
    jieba.dt.check_initialized()
    return jieba.dt.FREQ.get(word, 0)


@lru_cache(maxsize=4096)
def tag_of(word: str) -> str:
    """jieba's part of speech for `word` read alone."""
    cut = pseg.lcut(word)
    return cut[0].flag if len(cut) == 1 else ""


# 第N批 (groups 1–2) or 首批 (group 3): a batch, an edition, a rank.
_ORDINAL = re.compile(r"第\s*(\d+|[一二三四五六七八九十]+)\s*([批届次期轮个家座位名])|首([批届次期轮个家座位名])")


# A prize's grade is an ordinal too (二等奖 is not the 一等奖 the text gives; 金奖 is the first).
_GRADE = re.compile(r"(\d|[一二三四五六七八九十])\s*等奖|([金银铜])奖")
_MEDALS = {"金": 1, "银": 2, "铜": 3}


def ordinals(normalized_question: str) -> tuple[str, ...]:
    """The ordinals a question names (第一批, 第三届, 二等奖): an answer about another one is not one."""
    return tuple(m.group(0).replace(" ", "") for m in _ORDINAL.finditer(normalized_question) if not m.group(3)) \
        + tuple(m.group(0).replace(" ", "") for m in _GRADE.finditer(normalized_question))
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _cn_number(numeral: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 7 → 7 (the small numbers ordinals use)."""
    if numeral.isdigit():
        return int(numeral)
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0)
    return _CN_DIGITS.get(numeral, 0)


def ordinal_keys(text: str) -> set[tuple[int, str]]:
    """(number, counter) of every ordinal in `text`: 第一批, 第1批 and 首批 are all (1, 批)."""
    return {(1, m.group(3)) if m.group(3) else (_cn_number(m.group(1)), m.group(2)) for m in _ORDINAL.finditer(text)} \
        | {(_MEDALS[m.group(2)] if m.group(2) else _cn_number(m.group(1)), "等奖") for m in _GRADE.finditer(text)}


def roles(normalized_question: str) -> tuple[str, ...]:
    """The titles a question names (市长, 县委书记): an answer about another title is not one."""
    # (领导 is whoever holds an office: `place_roles` reads 某县领导 as any of them.)
    return tuple(dict.fromkeys(m.group(0) for m in ROLE_WORD.finditer(normalized_question) if not m.group(0).endswith("领导")))


# Measure words a question can ask a quantity in (多少亩, 几点, 多少钱一斤), each with the
# spellings a text answering it would use after a figure.
_MEASURES: dict[str, str] = {
    "钱": "元|万元|亿元", "块": "元|万元|亿元", "元": "元|万元|亿元", "资金": "元|万元|亿元", "万": "万|亿", "亿": "亿",
    "个": "个|项|家|所|座|处|间|支|名|人", "项": "个|项", "名": "名|人|位", "人": "名|人|位|人次", "位": "名|人|位",
    "人次": "人次", "次": "次|人次", "批": "批", "所": "所", "年": "年", "家": "家|个", "户": "户",
    "瓦": "千瓦|兆瓦|瓦|kW|MW",
    "面积": "亩|平方米|平方公里|公顷|平米",
    "%": "%|％|个百分点|成(?![本立功效果员])",
    "本": "本|册", "册": "册|本",  # books are counted in either
}
# The measure of a count of something no text names (多少粉丝): any counter but money's.
COUNT = "数"
_MEASURES[COUNT] = "个(?!月)|项|家|所|座|名|人|户|位|批|次|条|台|套|辆|只|头|吨|亩|本|张|件|间|栋"
# Asking an area (面积多大, 占地多少): the answer needs an area.
_ASKS_AREA = re.compile(r"面积|占地|\barea\b|\bacres?\b|\bsquare (?:meter|metre|kilometer|kilometre)s?\b")
# Asking a power plant's size: the answer needs watts.
_ASKS_CAPACITY = re.compile(r"装机|容量|功率|发电量|\bmegawatts?\b|\bkilowatts?\b|\bcapacity\b")
_OTHER_MEASURES = (
    "平方公里 平方米 兆瓦 千瓦 号线 公里 千米 小时 分钟 公斤 千克 万吨 平米 亩 吨 斤 度 点 分 米 天 周 岁 张 辆 台 套 层 床 座 条 本 "
    "届 克 瓦 平 栋 幢 间 头 只 棵 株 箱 册"
).split()
_ASKED_MEASURE = re.compile(
    r"(?:多少|(?<![好这近前后头])几)(" + "|".join(sorted([*_MEASURES, *_OTHER_MEASURES], key=len, reverse=True)) + ")"
)
# Asking what something costs (a price per thing): the answer needs a price, not any amount.
_ASKS_PRICE = re.compile(
    r"多少钱一|一(?![共起年季月天周])\S{0,2}多少钱|(?<![年季月天共总])卖多少钱|票\S{0,2}多少钱|价格|价钱|售价|票价|单价|多贵|(?:收购|出厂|零售|批发|市场|保底|销售|平均)价|\bhow much (?:does|do|is|are)\b.*\bcost|\bprice\b|"
    r"\bcost of a\b|\bper (?:kilo|kg|jin|bottle|box|piece)\b|\b(?:pay|paid|charge|charged) for (?:each|a|one|every)\b"
)
_PRICE = re.compile(
    r"\d[\d.]*\s*(?:元|块)(?:钱)?\s*(?:/|每|一)\s*[\u4e00-\u9fff]|(?:每|一)[\u4e00-\u9fff]{1,2}(?:售价|卖|价格)?\s*\d[\d.]*\s*(?:元|块)|"
    r"(?:单价|售价|价格|票价)(?:[（(][^（()）]{1,6}[）)])?(?:为|是|约|[：:])?\s*\d|"
    # 一斤能多卖三块钱: a sum per measure, in words.
    r"(?:每|一)[斤两克吨个只件袋箱盒瓶][^，,。；;\d]{0,4}?[一二两三四五六七八九十几][十百千]?\s*(?:元|块|毛|角)|"
    # A price list's columns: 日常价：38元，直播价：24.9元.
    r"[\u4e00-\u9fff]{1,3}价\s*[：:]\s*\d[\d.]*\s*(?:元|块)"
)
# Asking how much money: the answer needs an amount in 元 (多少协作资金, 月工资多少).
_ASKS_MONEY = re.compile(
    r"(?:多少|几)\S{0,4}(?:资金|钱|投资|捐款|工资|月薪|年薪|薪水|薪资|收入|金额|经费|费用|款|产值|销售额|营业额|利润)|"
    r"(?:资金|投资|捐款|工资|月薪|年薪|薪水|薪资|收入|金额|经费|费用|产值|销售额|营业额|利润)\S{0,4}(?:多少|几)|"
    r"\bhow much (?:\w+ ){0,2}(?:money|aid|funding|funds|investment|cash)\b|\bhow much did .{0,40}\b(?:invest|give|send|donate|spend|provide|allocate)"
)
_STORES = re.compile(r"库|仓|加工|分拣|处理|storage|warehouse|stor(?:e|ing)|processing|sorting|handl", re.I)
# Asking a rate or a share: the answer needs a percentage (or 几成).
_ASKS_RATE = re.compile(r"(?:率|比例|占比|比重)(?:是|为|有|达到?|降到|降至|升到|提高到|在)?了?(?:多少|多大|多高|几)|多大比例|百分之几|百分比是?多少|几成|"
                        # (占户籍人口多少: a share of a whole; not 占地多少, an area, nor 占了多少, an amount of it.)
                        r"占(?!地|了)[^，,。？?！!]{1,10}?(?:多少|几成)|"
                        r"\bwhat (?:percentage|share|proportion|rate)\b")
_ASKS_AGE = re.compile(r"多大年纪|多少岁|几岁|年龄|多大岁数|多大了|how old")


# A span of time or a total before 卖多少钱: the sales of that span, not the price of one.
_SALES_SPAN = re.compile(r"(?:一个?|每个?|全|这|上个?|头一?个?)(?:月|年|天|季度?)|今年|去年|当年|一共|总共|累计|加起来")


# Kinds of people a how-many question may count (多少游客, 几名学员): counted in 人, 名, 位 or 人次 —
# 游客服务点1处 is no count of them.
# (Not patients: they are counted in 例, cases.)
_PEOPLE = re.compile(r"(?:游客|客人|学员|学生|村民|农民|工人|员工|职工|群众|老人|儿童|教师|老师|医生|医护人员|"
                     r"干部|劳动力|人员|人口|专家|代表|志愿者|妇女|青年|毕业生|务工人员|贫困人口)$")


# Asking what kind of people (聚焦什么人, 发挥哪些人的作用): a group named (贫困人口, 挂职干部) answers as a person does.
_ASKS_GROUP = re.compile(r"什么(?:样的)?人|哪些人|哪类人|哪一类人|哪种人|哪部分人")
_GROUP = re.compile(r"(?:游客|学员|学生|村民|农民|工人|员工|职工|群众|老人|儿童|教师|老师|医生|医护人员|干部|劳动力|人员|"
                    r"人口|人才|专家|代表|志愿者|妇女|青年|毕业生|农户|贫困户|脱贫户|监测户|家庭|残疾人|党员)")


def asks_group(normalized_question: str) -> bool:
    """Whether a who-question asks what kind of people (什么人, 哪些人), which a group answers."""
    return _ASKS_GROUP.search(normalized_question) is not None


def names_group(text: str) -> bool:
    """Whether `text` names a kind of people (建档立卡贫困人口, 挂职干部)."""
    return _GROUP.search(text) is not None


def people_measure(counted: str | None) -> str | None:
    """"人" when the thing a how-many question counts is a kind of people (多少游客), else None."""
    return "人" if counted and _PEOPLE.search(counted) else None


def asked_measure(normalized_question: str, places: frozenset[str] = frozenset()) -> str | None:
    """The measure a quantity question asks in (多少亩 → 亩; a price → 价; money → 钱), if any.
    A character that begins one of `places` is no measure (多少周至人: 周 begins the county)."""
    price = _ASKS_PRICE.search(normalized_question)
    if price and not (price.group(0) == "卖多少钱" and _SALES_SPAN.search(normalized_question)):
        return "价"  # (一个月能卖多少钱 asks the sales of a month, not a price)
    if _ASKS_AGE.search(normalized_question):
        return "岁"
    if _ASKS_CAPACITY.search(normalized_question) and not _STORES.search(normalized_question):
        return "瓦"  # (a cold store's or a plant's capacity is in tonnes, not watts)
    if _ASKS_RATE.search(normalized_question):
        return "%"  # 贫困发生率降到了多少: a rate, not the sum of money beside it
    m = _ASKED_MEASURE.search(normalized_question)
    if m and m.group(1) in ("天", "年", "位", "名") and normalized_question[m.start() - 1 : m.start()] == "哪":
        m = None  # 哪几天 asks which days (a date), 哪几位领导 who; 哪几条 still counts in 条
    if m and not _starts_long_word(normalized_question, m.start(1), m.group(1)) \
            and not any(normalized_question.startswith(p, m.start(1)) for p in places if len(p) > 1):
        return m.group(1)
    if _ASKS_AREA.search(normalized_question):
        return "面积"
    return "钱" if _ASKS_MONEY.search(normalized_question) else None


def _starts_long_word(text: str, at: int, measure: str = "") -> bool:
    """Whether a word of three or more characters other than `measure` itself (平方米) starts at
    `at` (多少本地人: 本 starts 本地人, no measure). jieba glues a measure to its noun in two
    (多少台车), so two characters do not count."""
    start = 0
    for word in jieba.lcut(text):
        if start == at:
            return len(word) >= 3 and word != measure
        start += len(word)
        if start > at:
            return False
    return False


_COUNTERS = frozenset("个名所批项家户座条台套位人次种")
# What ends the words after 多少: punctuation, particles, prepositions, conjunctions, pronouns,
# adverbs, numbers and measure words, and the verbs that start a new clause (多少所是小学).
_ENDS_COUNTED = frozenset({"x", "uj", "ul", "uz", "ug", "uv", "y", "p", "c", "r", "d", "m", "q", "f", "t"})
_CLAUSE_VERBS = frozenset({"是", "有", "在", "到", "给", "为", "能", "要", "会", "被", "让"})
# …and what the counted do, which jieba tags as nouns (多少个学员毕业 counts 学员).
# Verbs of going somewhere after the counted (几名干部去徐州): the place after them is not counted.
_GOES = frozenset({"去", "来", "赴", "前往", "回", "回到", "入驻", "落户", "进驻", "派往", "来到"})
_EVENTS = frozenset({"毕业", "结业", "上岗", "参训", "参会", "入学", "返乡", "务工", "报名"})


@lru_cache(maxsize=4096)
def counted_thing(normalized_question: str) -> str | None:
    """What a how-many question counts (建了多少个爱心超市 → 爱心; 几家专卖店 → 专卖店; 多少协作资金
    → 资金): the last noun after 多少 or 几 and its measure word. An answer that never names it
    counts something else. None for a bare 多少人 / 多少钱, or when that noun is one character."""
    words = tagged(normalized_question)
    for i, w in enumerate(words):
        if not (w.word == "多少" or w.word == "几" or len(w.word) == 2 and w.word[0] == "几" and w.word[1] in _COUNTERS):
            continue
        if i and words[i - 1].word == "哪":
            continue  # 装在哪几所学校 asks which schools, not how many
        j = i + 1
        measured = j < len(words) and (words[j].word in _MEASURES or words[j].word in _OTHER_MEASURES)
        if j < len(words) and (words[j].word in _COUNTERS or measured):
            j += 1  # the measure word: 多少个, 多少吨
        nouns: list[str] = []
        while j < len(words) and words[j].flag not in _ENDS_COUNTED and words[j].word not in _CLAUSE_VERBS | _EVENTS \
                and re.fullmatch(r"[\u4e00-\u9fff]+", words[j].word):
            # jieba tags some nouns as verbs in a question (超市, 就业): only its nouns are kept.
            if not words[j].flag.startswith("v") and words[j].flag not in ("a", "ad", "an"):
                nouns.append(words[j].word)
            elif nouns and words[j].word in _GOES:
                break  # 几名挂职干部去徐州, 多少家企业入驻园区: where the counted go counts nothing
            j += 1
        head = nouns[-1] if nouns else None
        if head is None and j < len(words) and words[j].word == "是":
            head = _noun_at(words, j + 1)  # 几所是高中: the part asked of a whole
        bare = i + 1 < len(words) and words[i + 1].word in ("人", "钱", "元", "块")
        if head is None and not bare and all(w.flag == "x" or w.word in "呢啊呀吗" for w in words[j:]):
            head = _topic_before(words, i)  # 医生有多少个, 爱心超市一共建了多少个: the topic comes first
        # (One character is a thing only right after a unit of measure: 多少吨煤 counts 煤.)
        single = (measured and len(nouns) == 1 and i + 2 < len(words) and words[i + 2].word == nouns[0]
                  and len(nouns[0]) == 1 and nouns[0] not in _NOT_A_THING)
        if head and (len(head) > 1 or single) and head not in _MEASURES and head[0] not in "和与跟同及":  # not 和赤峪: jieba glued a conjunction on
            return head
        break
    m = _MONEY_NOUN.search(normalized_question)
    if m:
        return m.group(1) or m.group(2)
    return "月薪" if _MONTHLY_PAY.search(normalized_question) else None  # 一个月能拿多少钱: a monthly wage


# Verbs between a thing and the 多少 asking its amount (营业额有多少, 产值能达到多少).
_LINKS_AMOUNT = frozenset({"有", "达", "达到", "能", "能有", "大概", "大约", "一共", "总共"})


def amount_named_before(normalized_question: str) -> str | None:
    """The thing a question ending in 多少 asks the amount of, named right before it (分红多少 → 分红)."""
    words = [w for w in tagged(normalized_question) if w.flag != "x" and w.word not in "呢啊呀吗"]
    if len(words) < 2 or words[-1].word != "多少":
        return None
    if len(words) > 2 and words[-2].word in _LINKS_AMOUNT:
        words = words[:-2] + words[-1:]  # 营业额有多少: the thing before the linking verb
    w = words[-2]
    return w.word if len(w.word) >= 2 and w.flag in ("n", "v", "vn") and w.word not in _CLAUSE_VERBS else None


# One-character words after a unit that name no thing of their own (多少吨的, 多少万元钱).
_NOT_A_THING = frozenset("人钱元块次年天岁户家的")


def _noun_at(words: Sequence[pseg.pair], j: int, tags: str = "ns") -> str | None:
    """The word at `j` when it is a Chinese word of two or more characters whose jieba tag starts
    with one of `tags`: by default a noun or a place word (高中 is tagged a place)."""
    if 0 <= j < len(words) and re.fullmatch(r"[\u4e00-\u9fff]{2,}", words[j].word) and words[j].flag[:1] in tags:
        return words[j].word
    return None


# How a topic-first count asks (医生有多少个, 超市一共建了多少个): words between the topic and 多少.
_HAVING = frozenset({"有", "建", "共建", "建成", "办", "开", "设"})
_BEFORE_COUNT = _HAVING | {"一", "共", "一共", "总共", "累计", "加起来", "合起来", "算起来", "加", "合", "算", "起来",
                           "合计", "总计", "了", "都", "又", "还", "能",
                           "现在", "目前", "如今", "最新", "最近", "今年", "去年", "当年", "到底", "总"}


def _topic_before(words: Sequence[pseg.pair], i: int) -> str | None:
    """The noun a how-many question ending in 多少个 counts when it names it first (医生有多少个).
    jieba tags some nouns as verbs in a question (超市): those count too."""
    j = i - 1
    while j >= 0 and words[j].word in _BEFORE_COUNT:
        j -= 1
    if j < 0 or j == i - 1 or words[j].word in ("里", "中"):  # (南京多少钱: no verb, no topic)
        return None  # 学校里有多少所: the whole is named, not the part asked
    # A word tagged a verb is the topic only before a verb of having or building (超市一共建了多少个),
    # not one of change (收入提高了多少, 降到了多少).
    return _noun_at(words, j, "nsv" if any(w.word in _HAVING for w in words[j + 1 : i]) else "ns")


# Asking an amount of a kind of money (多少协作资金, 月薪多少): the ways a text names that kind.
_MONEY_KINDS = {
    "资金": "资金|经费|投入|拨付|拨款", "经费": "经费|资金", "投资": "投资|投入|资金",
    # A total investment is no share of it (协作资金投入5480万元 is not the park's 总投资).
    "总投资": "总投资|投资总额|共投资|总计投资|计划投资|累计投资|共投入|总投入",
    "捐款": "捐款|捐赠|捐资|捐助", "工资": "工资|薪|收入|挣", "月薪": "月薪|工资|薪水|收入|挣|每个?月|一个月|月均|月能?拿|月能?领", "年薪": "年薪|工资|收入",
    "薪水": "薪|工资|收入", "薪资": "薪|工资|收入", "收入": "收入|增收|工资|薪",
}
_MONEY_NOUN = re.compile(
    r"(?:多少|几)\S{0,6}?(" + "|".join(_MONEY_KINDS) + ")|(" + "|".join(_MONEY_KINDS) + r")\S{0,4}(?:多少|几)"
)
_MONTHLY_PAY = re.compile(r"(?:一个月|每个?月)(?:(?!卖|销|买|花|投|捐|交|付|收购)\S){0,6}?(?:多少钱|挣多少|拿多少|赚多少|收入多少|能挣|能拿)")


# Sending people (选派干部赴…, 派到…): which way they went is part of what is asked.
_SEND = "选派|派出|派遣|派驻|派|输送|选(?!择|举|购|手|题|项|民|出|拔)"
_IN_CLAUSE = "[^，,。；;？?]"
# …or a comma before another count of those sent (选派20名干部，157名教师…赴B).
_IN_LIST = r"(?:[^，,。；;？?]|[，,](?=\d))"
# A sending verb, then (within the clause) whom, then the way to the place that follows.
_SENDING_TO = rf"(?:{_SEND}){_IN_LIST}{{0,40}}?(?:到|赴|去|往|前往|来){_IN_CLAUSE}{{0,3}}?"


def sends(text: str, sender: str, receiver: str) -> bool:
    """Whether `text` says `sender` sends people to `receiver` (A选派20名干部赴B, A派到B, A给B派了)."""
    a, b = re.escape(sender), re.escape(receiver)
    # (…or without a verb of sending: A157名教师、医生赴B; 徐州去宝鸡的老师 asked.)
    return re.search(rf"{a}{_IN_CLAUSE}{{0,6}}?{_SENDING_TO}{b}|{a}给{b}{_IN_CLAUSE}{{0,3}}?(?:{_SEND})|"
                     rf"{a}(?:市|县|区|州)?\d+名{_IN_LIST}{{0,30}}?(?:赴|到|前往){b}|{a}(?:去|到|赴)(?:了)?{b}的|"
                     rf"{a}(?:市|县|区|州|省)?(?:往|向){b}(?:市|县|区|州|省)?(?:{_SEND})", text) is not None  # A往B派了多少


def sends_from(text: str, sender: str) -> bool:
    """Whether `text` has `sender` send people, wherever to (琴湾选派挂职干部36名)."""
    return re.search(rf"{re.escape(sender)}(?:市|县|区|州)?(?:{_SEND})", text) is not None


def sent_to(text: str, receiver: str) -> bool:
    """Whether `text` sends anyone to `receiver`, whoever sends (…选派1280名人才到江苏)."""
    return re.search(_SENDING_TO + re.escape(receiver), text) is not None


# Money given (捐了多少钱): a donation, not any sum the same people handed over (协作资金).
_DONATED_MONEY = re.compile(r"捐(?:赠|助|献)?(?:了|过|出)?(?:多少|几)(?:钱|万|元|块|现金|现款)")


def donated_money(normalized_question: str) -> str | None:
    """捐款 when a question asks how much money was donated (捐了多少钱), else None."""
    return "捐款" if _DONATED_MONEY.search(normalized_question) else None


def is_money(thing: str) -> bool:
    """Whether a counted thing is a kind of money (资金, 工资)."""
    return thing in _MONEY_KINDS


# Words that say which kind of money a figure is (协作资金, 捐款, 销售额…): a sentence with one of
# these that is not the asked kind gives another kind's amount, whatever led to it.
_ANY_MONEY = re.compile("|".join(sorted({w for ws in _MONEY_KINDS.values() for w in ws.split("|")}))
                        + "|销售|采购|营业|产值|收益|利润|价值")


def names_other_money(text: str, thing: str) -> bool:
    """Whether `text` says its amount is another kind of money than `thing` (全年采购…6.2亿元 for
    协作资金): then no lead-in makes it the asked kind."""
    return not names_counted(text, thing) and _ANY_MONEY.search(text) is not None


# Money given for one purpose (救助资金, 奖励金, 慰问款): an amount of it is not the funds a
# question asks about unless the question names that purpose.
_PURPOSE_MONEY = re.compile(r"(救助|奖励|补助|慰问|助学|奖补|赔偿|救济|帮困|奖学)(?:资金|金|款)")


@lru_cache(maxsize=16384)
def money_purposes(text: str) -> frozenset[str]:
    """The purposes of the money `text` names for one (救助资金 → 救助)."""
    return frozenset(m.group(1) for m in _PURPOSE_MONEY.finditer(text))


def only_purpose_money(text: str, thing: str, question: str) -> bool:
    """Whether every amount of the asked kind of money `text` names is money for a purpose the
    question does not name (捐赠困难学生救助资金50万元 for 协作资金)."""
    purposes = money_purposes(text)
    if not purposes or any(p in question for p in purposes):
        return False
    return not names_counted(_PURPOSE_MONEY.sub("", text), thing)


def names_counted(text: str, thing: str) -> bool:
    """Whether `text` names the `thing` a how-many question counts, or the kind of money it asks
    (协作资金 for 资金, 月工资 for 月薪)."""
    if thing in text or re.search(_MONEY_KINDS.get(thing, "(?!)"), text) is not None:
        return True
    # 救助金 is written 救助资金 or 救助款 as often.
    return len(thing) > 2 and thing[-1] == "金" and re.search(f"{re.escape(thing[:-1])}(?:资金|款)", text) is not None


# A plan's figure (计划再组织劳务输出1250人, 力争突破3800人, 目标销售额3200万元) is no result.
_PLANNED = re.compile(r"计划|力争|争取|目标|预计|拟|打算|筹备|将要|有望")
_ASKS_PLAN = re.compile(r"计划|目标|打算|预计|准备|拟|力争|争取|要达到|明年|来年|下一步|还想|想再|想要|\bplan(?:s|ned|ning)?\b|\btargets?\b|\bgoals?\b|\bexpect|\baim")
_CLAUSE = re.compile(r"[^，,；;。！？!?]+")


def asks_plan(normalized_question: str) -> bool:
    """Whether a question asks what is planned or aimed at (计划招多少人), not what was done."""
    return _ASKS_PLAN.search(normalized_question) is not None


# What an agreement sets, not what was done under it: 协议里约定每年派几名老师, 按协议…, 签的协议…至少给多少.
_ASKS_AGREED = re.compile(r"协议(?:里|中|上|内|期内|约定|规定|要求|写|说)|(?:按|根据|依照)\S{0,8}协议|签(?:订|署)?的\S{0,6}协议|协议[，,]|约定|\bagreement (?:says|sets|requires)|under the agreement")
# How an agreement's text binds its parties: 甲方/乙方 (not 甲方： heading its signature), its term.
# (Not 不少于 alone: a later report quotes the agreement's minimum beside its result.)
_OBLIGES = re.compile(r"(?:甲方|乙方)(?![：:）)])|协议期内")


def asks_agreed(normalized_question: str) -> bool:
    """Whether a question asks what an agreement sets (协议里约定…): its clauses answer, not results."""
    return _ASKS_AGREED.search(normalized_question) is not None


def obliges(text: str) -> bool:
    """Whether `text` is an agreement's clause binding a party (甲方每年选派…不少于…)."""
    return _OBLIGES.search(text) is not None


# A question about what has happened (什么时候建成的, 哪天投产了): a date it was planned for is no answer.
_ASKS_PAST = re.compile(r"(?:的|了)[吗呢啊呀]?[?？]?$|已经|\bwhen (?:was|were|did)\b")


def asks_past(normalized_question: str) -> bool:
    """Whether a question asks about what has happened (建成的, 投产了), not what is planned."""
    return _ASKS_PAST.search(normalized_question.strip()) is not None


_HAS_DATE = re.compile(r"(?:19|20)\d\d\s*年|\d{1,2}\s*月")


@lru_cache(maxsize=16384)
def only_planned(text: str, thing: str = "", dates: bool = False) -> bool:
    """Whether every figure of `text` is in a clause that tells a plan or a target — every figure
    of `thing` when given (设4个专业，计划培训学员420人: the 学员 are only planned), every date when
    `dates` (计划2023年6月底前建成 is no date it was built). A clause going on with 并/同时/还… is in
    the plan of the clause before it (计划再扩建大棚40个，并建设一座烘干车间)."""
    figures = planned = 0
    for sentence in _SENTENCE.findall(text):
        # (A sentence opening with 下一步 tells a plan to its end: 下一步，两地将新建车间5个.)
        whole = _NEXT_STEP.match(sentence.strip()) is not None
        before = False
        for clause in _CLAUSE.findall(sentence):
            before = whole or bool(_PLANNED.search(clause)) or before and _GOES_ON_WITH.match(clause.strip()) is not None
            if (_HAS_DATE.search(clause) if dates else _has_figure(clause)) and thing in clause:
                figures += 1
                planned += before
    return figures > 0 and planned == figures


# A result asked as it actually is (实际到位了多少投资, 实到资金): a planned sum (计划总投资190亿元) is no answer.
_ASKS_ACTUAL = re.compile(r"实际|实到|真正到位|到位了|已到位")
# A figure asked per head or household (平均每人多收入多少, 户均分红): a total is no answer.
_ASKS_PER_HEAD = re.compile(r"平均每[个位名户人]|每[个位名]?人平均|每户平均|人均|户均|平均一[个位名户]|平均下来每|\bper (?:person|head|capita|household)\b|\bon average\b")
_PER_HEAD = re.compile(r"人均|户均|每[个位名]?人|每户|平均|/人|/户")
# A change asked (比上年多给了多少, 增加了多少, 涨了多少): a level alone (投入6.4亿元) is no answer.
_ASKS_CHANGE = re.compile(r"(?:增加|增长|提高|上涨|涨|多)了(?:多少|几)|比[^，,。？?]{1,10}?(?:多|增加|增长|提高|高|涨)[^，,。？?]{0,4}?(?:多少|几)|"
                          r"\bhow much (?:more|higher)\b|\bincrease(?:d)? by\b")
_CHANGE = re.compile(r"(?:增加|增长|提高|上涨|增收|新增|增幅|多出|多了|多给|多卖|涨|高出|翻)[了至到]?[^，,。；;]{0,8}?\d|比[^，,。；;]{1,12}?(?:增|多|高|涨|提高)|"
                     r"\d[^，,。；;]{0,6}?(?:提高|增加|增长|上涨)到|"
                     # (A table row names the change, its columns give the size: 收益增加，实际完成值：586万元.)
                     r"(?:增加|增长|提高|增收)[：:，,][^。；;\n]{0,30}?\d")


def asks_actual(normalized_question: str) -> bool:
    """Whether a how-much question asks what was actually done (实际到位了多少投资), not planned."""
    return _ASKS_ACTUAL.search(normalized_question) is not None


def asks_per_head(normalized_question: str) -> bool:
    """Whether a question asks a figure per person or household (平均每人多收入多少, 户均分红多少)."""
    return _ASKS_PER_HEAD.search(normalized_question) is not None


def gives_per_head(text: str) -> bool:
    """Whether `text` gives some figure per person or household (人均月工资1870元, 户均增收4870元)."""
    return _PER_HEAD.search(text) is not None


def asks_change(normalized_question: str) -> bool:
    """Whether a question asks by how much something changed (比上年多给了多少, 平均分提高了多少)."""
    return _ASKS_CHANGE.search(normalized_question) is not None


def gives_change(text: str) -> bool:
    """Whether `text` tells a change with its size (比去年增加1800万元, 增收2287万元, 从46分提高到71分)."""
    return _CHANGE.search(text) is not None


def tells_plan(text: str) -> bool:
    """Whether `text` tells of a plan or a target at all (计划…, 明年将…, 下一步…)."""
    return any(p.search(text) for p in (_PLANNED, _FUTURE, _NEXT_STEP))


# (项目达产后…年销售收入6930万元: what a study expects once the project runs is a plan too.)
_FUTURE = re.compile(r"明年|今后|将(?!近|军)|达产后|达产以后|建成(?:投产)?后")
# A figure so far, not the final one: 截至1月11日…已达127万元, 今年前10个月, 上半年, 开幕首日.
_SO_FAR = re.compile(r"截至|截止|已达|已经达到|前[一二三四五六七八九十\d]{1,2}个?月|上半年|前三季度|首日|当天")
_ASKS_FINAL = re.compile(r"最后|最终|最終|到头来|结束时|全部结束|\bfinal(?:ly)?\b|in the end")


# The words before a price asked (嶂阳苦荞面多少钱一袋, 苦荞面的价格): the thing whose price it is.
_PRICE_ASKED = re.compile(r"([\u4e00-\u9fff]{2,12}?)的?(?:多少钱|什么价|啥价|几块钱|几元|卖多少|价格|价钱|售价|单价|怎么卖)")


# Where a thing is sold, named after it (辣椒面直播间多少钱一单): no part of the thing.
SOLD_AT = frozenset({"直播间", "直播", "店里", "网上", "网店", "超市", "市场", "商城", "展销会", "展会", "现场"})


def priced_thing(normalized_question: str) -> str:
    """The thing whose price a question asks (年货节上嶂阳苦荞面多少钱 → 苦荞面): the last two nouns
    right before the asking words — the thing and the word that says which (苦荞 + 面, 核桃 + 油),
    without the place or event before them. Empty when none."""
    m = _PRICE_ASKED.search(normalized_question)
    if m is None:
        return ""
    words = pseg.lcut(m.group(1))
    kept: list[str] = []
    for w in reversed(words):
        if not kept and (w.word.startswith("每") or "价" in w.word or w.word in SOLD_AT):
            continue  # 保底价每公斤多少钱: the price's words (底价, 每公斤) name no thing, nor 直播间 where it sells
        if not (w.flag[:1] == "n" or w.flag in ("vn", "j")):
            break
        kept.insert(0, w.word)
    return "".join(kept[-2:])


# A payment asked by its kind (低温补贴每月多少钱, 每月房租多少, 每人奖励多少钱), and the words a text
# may write that kind with (奖补 and 留工奖 are 奖励 too).
_PAYMENT_FAMILIES = {"补贴": "补贴|补助|津贴", "补助": "补贴|补助|津贴", "津贴": "补贴|补助|津贴",
                     "奖励": "奖", "奖金": "奖", "奖补": "奖", "房租": "房租|租金", "租金": "房租|租金"}
# Sums a firm's or a place's accounts keep apart (年产值多少: 投资5380万元 is no output value).
_ACCOUNTS = {"产值": "产值", "营业额": "营业额|销售额|营收|销售收入", "销售额": "营业额|销售额|营收|销售收入",
             "营收": "营业额|销售额|营收|销售收入", "利润": "利润|盈利|纯利|净利", "税收": "税收|纳税|利税|税金"}
_PAYMENT_FAMILIES |= _ACCOUNTS
_PAYMENT_ASKED = re.compile(r"(" + "|".join(_PAYMENT_FAMILIES) + r")[^，,。？?]{0,8}?(?:多少|几[百千万]?[块元])")
_MONEY_FIGURE = re.compile(r"\d[\d.,]*\s*(?:万|亿)?元")


def asked_payment(normalized_question: str) -> tuple[str, str] | None:
    """The payment whose amount a question asks: (what kind of it, the words for that kind) —
    (低温, 补贴|补助|津贴) of 冷库岗位的低温补贴每月多少钱; ("", 房租|租金) of 每月房租多少. None when
    it asks no payment by name."""
    m = _PAYMENT_ASKED.search(normalized_question)
    if m is None:
        return None
    if m.group(1) in _ACCOUNTS:
        return "", _ACCOUNTS[m.group(1)]  # (年产值: its 年 qualifies nothing a text would repeat)
    before = normalized_question[max(0, m.start() - 2) : m.start()]
    qualifier = before if re.fullmatch(r"[\u4e00-\u9fff]{2}", before) and not re.search(r"[的每个一了有是给发领]", before) else ""
    return qualifier, _PAYMENT_FAMILIES[m.group(1)]


def pays(text: str, payment: tuple[str, str]) -> bool:
    """Whether `text` gives the amount of `payment` (`asked_payment`): a clause naming that kind of
    payment with a sum in 元, in it or in the clause right after (一次性交通补贴，每人580元). 冷库岗位另发
    低温补贴 names the payment but no sum: no answer."""
    qualifier, family = payment
    clauses = _CLAUSE.findall(text)
    for i, clause in enumerate(clauses):
        # (…投资实际到位2000万元以上的项目，按…给予奖励: the kind said in the clause before, this one
        # only gives it — naming no payment of another kind.)
        given_before = i > 0 and qualifier in clauses[i - 1] and re.search(f"(?:给予|予以|发放|给|获得|享受)(?:{family})", clause)
        if not re.search(family, clause) or qualifier and qualifier not in clause and not given_before:
            continue
        if _MONEY_FIGURE.search(clause):
            return True
        # (…交通补贴，到南通就业并签订劳动合同的，每人发放760元: its terms, then its sum.)
        for after in clauses[i + 1 : i + 3]:
            if re.search(family, after):
                break  # 二是稳岗补贴…: the sum from here on is another payment's
            if _MONEY_FIGURE.search(after):
                return True
    return False


# A question naming how many things there are and asking which they are (那5个贫困县分别叫什么,
# 那2个县是哪两个, 三个过千亿是哪三个, 物资具体都是些什么): only a list of them answers.
_COUNTED_THINGS = re.compile(r"(?:\d+|[两二三四五六七八九十]+)\s*[个名家所项座批位条种]((?:(?!分别|是|叫|都|具体|哪|里|中|的)[\u4e00-\u9fff]){0,8})")
_ASKS_ITEMS = re.compile(r"分别|哪[两二三四五六七八九十几](?![天日号月年])|具体都?是些?什么|都有哪些|都是些?什么|都是哪些")


def asks_items(normalized_question: str) -> str | None:
    """What several things a question asks which they are (那5个贫困县分别叫什么 → 贫困县, 是哪两个 →
    ""), or None when it asks no such thing."""
    if _ASKS_ITEMS.search(normalized_question) is None:
        return None
    counted = _COUNTED_THINGS.search(normalized_question)
    if counted is not None:
        # (The nouns only: 哪两个部门一起开的 counts 部门, not 部门一起开.)
        thing = ""
        for w in pseg.lcut(counted.group(1)):
            if w.flag[:1] != "n":
                break
            thing += w.word
        return thing if len(thing) >= 2 else counted.group(1)  # (过千亿: no noun, as written)
    return "" if "具体" in normalized_question else None


def lists_items(text: str) -> bool:
    """Whether `text` lists several things (A、B、C; 胸痛中心和卒中中心): what answers `asks_items`."""
    return "、" in text or re.search(r"[\u4e00-\u9fff]{2,}(?:和|与|及|以及)[\u4e00-\u9fff]{2,}", text) is not None


# The stage a project has reached, as counted (已开工16个, 完工9个): one stage's count is not another's.
_STAGES = {"开工": "开工|动工", "动工": "开工|动工", "完工": "完工|竣工|建成", "竣工": "完工|竣工|建成",
           "建成": "完工|竣工|建成", "投产": "投产|投运|运营", "签约": "签约|签订", "验收": "验收"}
_STAGE_ASKED = re.compile(r"(" + "|".join(_STAGES) + r")了?(?:几|多少)|(?:几|多少)个?\S{0,4}?(" + "|".join(_STAGES) + r")")


def asked_stage(normalized_question: str) -> str | None:
    """The stage a how-many question counts projects at (已经完工了几个 → 完工|竣工|建成), or None."""
    m = _STAGE_ASKED.search(normalized_question)
    return _STAGES[m.group(1) or m.group(2)] if m else None


def misses_stage(text: str, stage: str) -> bool:
    """Whether `text` does not say the stage asked (已有16个开工建设 or 实施项目18个, asked how many 完工)."""
    return re.search(stage, text) is None


def asks_final(normalized_question: str) -> bool:
    """Whether a how-many question asks for the final figure (年货节最后总共卖了多少): one so far does not answer."""
    return _ASKS_FINAL.search(normalized_question) is not None


def so_far(text: str) -> bool:
    """Whether `text` gives a figure reached so far (截至…已达, 前10个月), not a final one."""
    return _SO_FAR.search(text) is not None


_SENTENCE = re.compile(r"[^。！？!?；;]+")
_NEXT_STEP = re.compile(r"下一步|下步|接下来")
_GOES_ON_WITH = re.compile(r"并|同时|还|再|以及|及|和")


# Kept like has_kind's: the same facts and sentences are checked query after query, and the
# regex over a sentence costs several microseconds.
@lru_cache(maxsize=16384)
def answers_measure(text: str, measure: str, counted: str | None = None) -> bool:
    """Whether `text` has a figure in `measure` (or a spelling of it: 钱 → 元/万元/亿元; 价 → a price per thing).
    A count in 个 of a thing whose name ends in its own measure word (蜂箱, 大棚) may be written in
    that word (蜂箱2300箱)."""
    if measure == "个" and counted and counted[-1] in _OWN_MEASURES and counted[-1] != "个" \
            and answers_measure(text, counted[-1]):
        return True
    if measure == "价":
        return _PRICE.search(text) is not None
    if measure == "%" and (re.search(rf"百分之[{_CN_NUMERALS}点]+", text) or re.search(r"%\s*[）)]?\s*[：:]\s*[-+−]?\d", text)):
        return True  # (a table's column: 增减%：64.5)
    units = _MEASURES.get(measure, re.escape(measure))
    if measure in ("钱", "块", "元") and re.search(r"\d[\d.,]*\s*(?:million|billion|thousand)?\s*(?:yuan|rmb)\b", text, re.I):
        return True
    if re.search(rf"单位[：:]\s*(?:万|亿|千)?(?:{units})元?(?![\u4e00-\u9fff])", text) and re.search(r"\d", text):
        return True  # a table row declaring its unit (计量单位：人，上年：1312，本年：2087): its figures are in it
    # A figure in digits or in Chinese numerals (两家, 第一台: an ordinal answers 第几台).
    number = rf"(?:\d[\d.,]*|[{_CN_NUMERALS}]+)"
    if measure == COUNT:
        number = rf"(?:\d[\d.,]*|[{_CN_NUMERALS}]{{2,}}|[二两三四五六七八九十])"  # 一个账本 counts nothing
    # 多少名干部 is a head count: 4000余人次 counts visits (unless 人次 is itself the unit asked).
    visits = "" if "人次" in units.split("|") or measure == "次" else "(?!次)"
    for m in re.finditer(rf"{number}\s*(?:万|亿)?(?:余|多)?(?:{units}){visits}", text):
        if m.group(0)[0] == "一" and _PER_ONE.match(text, m.end()):
            continue  # 一栋大棚一季能收入1.4万元: a figure per one, not a count of them
        return True
    return False


# Measures of goods by weight or volume, in which a report names the goods by a word of their own
# (鲜蓝莓 for the question's 鲜果, 花 for 金银花).
_BULK_MEASURES = frozenset({"吨", "公斤", "斤", "千克", "立方米", "升"})


def weighs_kind_of(text: str, measure: str, thing: str) -> bool:
    """Whether `text` gives a figure in a bulk `measure` (吨) of goods its words before the figure
    name by `thing`'s first or last character: 加工鲜蓝莓1.42万吨 weighs 鲜果, 捂坏的花有三十多吨 金银花."""
    if measure not in _BULK_MEASURES or len(thing) < 2:
        return False
    number = rf"(?:\d[\d.,]*|[{_CN_NUMERALS}]+)\s*(?:万|亿)?(?:余|多)?{re.escape(measure)}"
    befores = (text[max(0, m.start() - 8): m.start()] for m in re.finditer(number, text))
    return any(thing[0] in before or thing[-1] in before for before in befores)


# Measure words a thing's name may end in (蜂箱, 大棚, 温室大棚, 厂房栋…: 栋 is not the name's end).
_OWN_MEASURES = frozenset("箱棚间栋座台套辆条张只头棵株本册盒袋瓶罐筐")
# What follows a count of one that makes it "per one": another figure later in the same clause.
_PER_ONE = re.compile(r"[^，,。；;！？!?]*?(?:\d|[两三四五六七八九十百千万]+[^\W\d_])")


# China's provincial-level divisions and their one-character abbreviations: a question naming one
# (江苏, 陕西, or a pair like 苏陕) or saying 省 asks at the province level.
_PROVINCES = (
    "北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 上海 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 广西 海南 重庆 四川 "
    "贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆 香港 澳门 台湾"
).split()
_ENDS_IN_PROVINCE = re.compile("(?:" + "|".join(_PROVINCES) + ")$")
_PROVINCE_ABBREVIATIONS = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀黔贵滇云藏陕秦甘陇青宁新"
# (Also the pair's levels of pairing: 苏陕镇镇结对, 苏陕县县结对 — not a county like 宁陕县.)
_PROVINCE_PAIR = re.compile(f"[{_PROVINCE_ABBREVIATIONS}]{{2}}(?:协作|合作|扶贫|帮扶|两省|结对|两地|镇镇|县县|村村)")
# …and their names in English questions.
_PROVINCES_EN = (
    "beijing tianjin hebei shanxi shaanxi inner mongolia liaoning jilin heilongjiang shanghai jiangsu zhejiang anhui fujian "
    "jiangxi shandong henan hubei hunan guangdong guangxi hainan chongqing sichuan guizhou yunnan tibet gansu qinghai "
    "ningxia xinjiang"
).split()
_PROVINCE_WORD = re.compile(
    "|".join(_PROVINCES) + r"|两省|全省|省级|省里|省内|\bprovinc|\b(?:" + "|".join(_PROVINCES_EN) + r")\b"
)


def is_province_pair(word: str) -> bool:
    """Whether `word` is two provinces' abbreviations (鲁渝, 苏陕): the frame of a cooperation."""
    return len(word) == 2 and all(c in _PROVINCE_ABBREVIATIONS for c in word)


def names_province(normalized_question: str) -> bool:
    """Whether a question asks at the province level (names a province, a province pair, or 省)."""
    return bool(_PROVINCE_WORD.search(normalized_question) or _PROVINCE_PAIR.search(normalized_question))


# Asking the day (几月几号, 哪天): a month (2021年11月) does not answer it; a day of the month does.
_ASKS_DAY = re.compile(r"(?<!第)几号|几日|哪一?天|哪几[天日]|几月几")
_GIVES_DAY = re.compile(CN_DATE + r"|\d{1,2}\s*[日号]|\d{4}-\d{1,2}-\d{1,2}|[初中下]旬|当天|同日|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")


def asks_day(normalized_question: str) -> bool:
    """Whether a when-question asks the day, not only the year or month."""
    return _ASKS_DAY.search(normalized_question) is not None


def gives_day(text: str) -> bool:
    """Whether `text` dates something to the day (8月14日, 2021-11-11) — not only its report's
    dateline (西西新闻2021年11月11日报道 dates the report, not the event)."""
    return _GIVES_DAY.search(_DATELINE.sub(" ", text)) is not None


_DATELINE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:报道|电|讯|消息)|\d{4}-\d{1,2}-\d{1,2}\s*(?:报道|电|讯)")


# A when-question and what follows its asking words (哪一年当上市长的 → 当上市长): the event asked.
_WHEN = re.compile(r"什么时候|何时|哪一?年|哪个月|哪一?天|哪几[天年日]|几月几[号日]|(?<!第)几号|几日")
_EVENT_END = re.compile(r"[的了呢吗啊呀?？,，。!！]")
# Verbs that carry no event of their own (是, 到…), and tags of the words that name one.
# (统计, 算: when a figure was counted asks its as-of date, which is no event.)
_LIGHT_VERBS = frozenset("是 有 在 到 去 来 叫 要 会 能 让 给 把 被 做 搞 干 弄 进行 开始 正式 统计 算".split())
_EVENT_TAGS = ("v", "j", "t", "f")
# How reports write the same events: a question's 开 (会) is a report's 召开 or 举行; 签 is 签订.
# (结对 is told by a relation founded — 结成对子, 确立对口帮扶关系 — not by any 对口帮扶.)
_EVENT_SPELLINGS = (("开", "办", "召开", "举行", "举办"), ("开张", "开业", "揭牌"), ("签", "签字", "签订", "签署", "签约"),
                    ("成立", "设立", "建立", "挂牌"), ("投产", "投用", "建成", "投入使用", "启用", "交付使用"), ("结对", "结成", "帮扶关系", "协作关系", "确立"),
                    ("带队", "率", "率团", "率队", "带领"), ("讲话", "致辞", "发言"),
                    ("当", "当上", "担任", "出任", "接任", "就任", "上任", "起任", "任职"), ("截止", "截至", "结束", "到期", "至", "持续到", "闭幕", "落幕"))
# A document's own date stands alone on its last lines, under its signer (某县人民政府办公室 / 2024年5月31日,
# an agreement's 二〇一九年三月二十六日 under its signatures):
# that line tells when the document was written, issued or signed, though it names no verb.
_DATED_LINE = re.compile(r"(?:^|[\s\u3000])(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|" + CN_DATE + r")\s*$")


def is_dated_line(text: str) -> bool:
    """Whether `text` is a document's own date alone on its line (2024年5月31日, 二〇一九年三月二十六日)."""
    return _DATED_LINE.search(text) is not None and not re.search(r"[。，,；;！？]", text)


_DOCUMENT_ACTS = frozenset("写 写成 印发 下发 发 发出 签发 落款 印 出具 发布 制发 签 签字 签订 签署 贴 贴出 张贴 公开 公示 公布".split())
# A notice's own date on its header line: 公开时间：2024年7月10日.
_HEADER_DATE = re.compile(r"(?:公开|公示|发布|印发|张贴|落款)(?:时间|日期)[：:]\s*(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{1,2}-\d{1,2})")


# An announcement dated in a report's text: 据某省政府4月26日消息.
_ANNOUNCED_ON = re.compile(r"\d{1,2}月\d{1,2}日消息")
_BY_WHEN = frozenset({"之前", "以前", "之后", "以后", "前", "后", "为止"})


def asked_event(normalized_question: str) -> tuple[str, ...]:
    """The words of the event a when-question asks the date of (哪一年当上市长的 → 当上; 几号开的 →
    开): the sentence giving a date must be about that event, not another one of the same subject."""
    m = _WHEN.search(normalized_question)
    if not m:
        return ()
    rest = normalized_question[m.end():]
    tail = _EVENT_END.split(rest, 1)[0]
    # 什么时候前把欠拨的协作资金拨完: 欠拨 only qualifies the funds; the event is the verb the question
    # ends with after them (拨完), when a clause goes on past 的 to one.
    after = rest[len(tail) + 1 :] if rest[len(tail) : len(tail) + 1] == "的" else ""
    last = pseg.lcut(_EVENT_END.split(after, 1)[0])[-1:] if after else []
    # (落款日期是哪天, 印发时间是几号: the document's own dating, named before the asking words.)
    phrases: list[str] = [w for w in sorted(_DOCUMENT_ACTS) if len(w) > 1 and w in normalized_question[: m.start()]]
    joined = False
    for w in pseg.lcut(tail):
        if "哪" in w.word or "几" in w.word:
            joined = False  # 从哪年哪月到哪年哪月: the asking words again, no event
            continue
        if w.word[0] in "不没未":
            return ()  # 哪年就不算贫困县了: the end of a state, which reports tell in their own words (脱贫摘帽)
        if w.word in _BY_WHEN:
            joined = False  # 什么时候之前拨到县里: a deadline asked, the event is 拨到
            continue
        if w.flag.startswith(_EVENT_TAGS) and w.word not in _LIGHT_VERBS and re.fullmatch(r"[\u4e00-\u9fff]+", w.word):
            if joined:
                phrases[-1] += w.word
            else:
                phrases.append(w.word)
            joined = True
        else:
            joined = False
    phrases += [w.word for w in last if w.flag.startswith("v") and w.word not in _LIGHT_VERBS and len(w.word) > 1]
    # (A direction alone names no event: 结 + 上 + 对子 cut so leaves 上.)
    return tuple(p for p in phrases if not (len(p) == 1 and p in _DIRECTIONS))


_DIRECTIONS = frozenset("上下来去起到过进出回")


# What a who-question asks the person did (谁主持的, 哪位副县长签的字): someone who did another thing
# at the same event (a 副县长 who spoke) is not the one asked.
# (Not 讲话 or 带队: a leader's speech is told as 表示 or 说, a delegation's head as 一行, often in
# another sentence.)
_PERSON_ACT = re.compile(r"主持|签字|签署|签的字|(?<=谁)签")


# A group a head leads (审计组, 医疗队, 考察团), named right before the head asked: its last three
# characters, the kind of group (嵯溪扶贫工作组 is written 嵯溪县扶贫工作组 too).
_BODY = re.compile(r"([\u4e00-\u9fff]{1,2}(?:组|队|团))的?$")


def asked_body(normalized_question: str, role: str) -> str | None:
    """The kind of group whose `role` a question asks (审计组组长是谁 → 审计组), when it names one."""
    at = normalized_question.find(role)
    m = _BODY.search(normalized_question[:at]) if at > 0 else None
    return m.group(1) if m else None


def heads_other_body(text: str, body: str, role: str) -> bool:
    """Whether `text` names the `role` of a group other than `body` and never `body` itself
    (验收工作组组长某某 for 审计组组长是谁)."""
    return body not in text and re.search(r"[组队团]的?" + re.escape(role), text) is not None


def asked_act(normalized_question: str) -> tuple[str, ...]:
    """The acts a who-question asks the doer of (哪位副县长主持的 → 主持), as `tells_event` reads them."""
    return tuple(dict.fromkeys(m.group(0).replace("的", "") for m in _PERSON_ACT.finditer(normalized_question)))


def tells_event(text: str, event: tuple[str, ...]) -> bool:
    """Whether `text` tells of the event (`asked_event`): one of its phrases, a word of two or more
    characters of one, or another spelling of it."""
    if any(p in _DOCUMENT_ACTS for p in event) and (is_dated_line(text) or _ANNOUNCED_ON.search(text) or _HEADER_DATE.search(text)):
        return True  # 消息是哪天发出的: 据某省政府4月26日消息
    spellings = [s for phrase in event for s in _event_spellings(phrase)]
    # (A verb of two characters is often written apart around its object: 送审 as 材料送县政府办审核.)
    return any(s in text for s in spellings) or any(
        re.search(f"{re.escape(s[0])}[^，,。；;！？!?\\s]{{1,8}}{re.escape(s[1])}", text) for s in spellings if len(s) == 2)


@lru_cache(maxsize=1024)
def _event_spellings(phrase: str) -> tuple[str, ...]:
    """The strings any of which tells of an event phrase: itself, its words of two or more
    characters (运到 without its complement of direction: 运抵 tells it), their other spellings."""
    words = [w for w in map(_verb_alone, jieba.lcut(phrase)) if len(w) > 1] or [_verb_alone(phrase)]
    return tuple(dict.fromkeys(s for word in [phrase, *words]
                               for s in next((g for g in _EVENT_SPELLINGS if word in g), (word,))))


def _verb_alone(word: str) -> str:
    """A verb without its complement of direction (运到 → 运, 建起来 → 建起)."""
    if len(word) == 3 and word[1:] in ("起来", "下来", "出来", "上来", "进来", "过来", "回来", "起去", "下去", "出去"):
        return word[:2]
    return word[:-1] if len(word) == 2 and word[-1] in "到来去回完" else word


# Asking about the report itself — who wrote it, which outlet ran it, when — not about its subject.
_ABOUT_REPORT = re.compile(
    r"[这那]篇(?:文章|报道|报导|稿子|新闻)|(?:报道|报导|文章|新闻|稿子)的?(?:是)?(?:什么时候|哪天|哪一天|何时|几号)|"
    r"(?:发布|发表|刊登|刊发|见报)的?(?:日期|时间)|(?:消息|新闻)\S{0,2}(?:什么时候|哪天|哪一天|何时)(?:报道|发布|发表|刊登|见报|发)|(?:什么时候|哪天|哪一天|何时)(?:发布|发表|刊登|刊发|见报)|(?:发布|发表|刊登|刊发|见报)(?:于|在)?(?:什么时候|哪天|哪一天|何时|几号)|(?:记者|作者)(?:是谁|叫什么|是哪位|谁)|谁写的|哪家(?:媒体|报纸|报社|网站)|"
    r"哪个(?:媒体|报纸|网站)|什么(?:媒体|报纸)(?:报道|发的|登的)?|(?:什么时候|哪天|哪一天|何时|几号)在?\S{0,4}?(?:登|刊)(?:的|出)|(?:报道|文章)(?:出处|来源)|出自哪|"
    r"\bwho wrote\b|\bauthor\b|\breporter\b|which (?:newspaper|paper|outlet|media|website)|\bran (?:this|the) (?:story|article)"
)


def asks_about_report(normalized_question: str) -> bool:
    """Whether a question asks who reported it, where or when (这篇报道的作者是谁, which newspaper ran it)."""
    return _ABOUT_REPORT.search(normalized_question) is not None
