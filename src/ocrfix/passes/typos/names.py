"""Names the ``typos`` pass never touches: bylines, names after titles, surname + given name,
company names.

Newspaper text is full of names that no word list knows (曹慧泉, 阚宇轩, 严塘镇). OCR-typo
candidates built from a word list would "correct" them into words (曹慧 → 智慧), so these spans
are masked before candidates are looked for.

>>> text = "市委书记曹慧泉强调"
>>> "".join(ch for ch, m in zip(text, protected_spans(text, (), [False] * len(text), True)) if m)
'曹慧泉'
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import regex

from ocrfix.layout.patterns import find_credits

_HAN_RUN = regex.compile(r"\p{Han}+")
_TITLES = (
    "全媒体记者|特约记者|记者|通讯员|实习生|摄影|编辑|书记|副书记|市长|县长|区长|镇长|乡长|省长|村长|"
    "局长|处长|科长|厅长|部长|主任|主席|委员|董事长|总经理|经理|校长|院长|所长|站长|队长|社长|"
    "主编|教授|医生|老师|同志|先生|女士|代表|支书|负责人|工程师|法官|检察官|警官"
)
_TITLED_NAME = regex.compile(f"(?:{_TITLES})[/／:：\\s]*(\\p{{Han}}{{2,3}})")
_BYLINE = regex.compile(
    r"[（(][^（()）\n]{0,60}?(?:记者|通讯员|摄|供图|实习生)[^（()）\n]{0,60}?[）)]"
)
#: The name part of a company or organisation name: the 2–4 characters before 科技/股份/公司…
#: (湖南中微纳科技股份有限公司: 中微纳 is a name, not a typo of 缴纳).
_ORG = regex.compile(
    r"(?<=\p{Han}{2})(?:科技|股份|实业|集团|有限公司|有限责任公司|公司|合作社|研究院)"
    r"(?=股份|有限|公司|集团|\P{Han}|$)"
)

#: Chinese surnames: the ~100 most common (2020 census) and the single-character surnames of the
#: 百家姓. A surname outside any word followed by one or two characters outside words starts a
#: name, which is left alone (曹慧泉, 阚宇轩).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程"
    "魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付傅方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝"
    "顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文柏殷庞颜倪聂晏施左"
    "褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎鲁韦昌马苗凤"
    "花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄和穆"
    "萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童"
    "颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸"
    "左石崔吉钮龚程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯"
    "宓蓬全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸"
    "籍赖卓蔺屠蒙池乔阴胥能苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍却璩桑桂濮牛寿通边扈燕冀郏浦尚"
    "农温别庄晏柴瞿阎充慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃"
    "利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓"
    "公亢阎闫肖"
)


def protected_spans(
    text: str,
    allow: Iterable[str],
    known: list[bool],
    titles: bool,
) -> list[bool]:
    """Mark characters that are never changed: names after titles, bylines, known names
    (``known``: a flag a character, taken as the mask to add to), allowed words."""
    mask = known

    def mark(s: int, e: int) -> None:
        for j in range(s, e):
            mask[j] = True

    for word in allow:
        for m in regex.finditer(regex.escape(word), text):
            mark(*m.span())
    if titles:
        for m in _TITLED_NAME.finditer(text):
            mark(*m.span(1))
        for m in itertools.chain(_BYLINE.finditer(text), find_credits(text)):
            mark(*m.span())
        for m in _ORG.finditer(text):
            start = m.start() - 2
            while start > max(0, m.start() - 4) and _HAN_RUN.match(text, start - 1, start):
                start -= 1
            mark(start, m.start())
    return mask
