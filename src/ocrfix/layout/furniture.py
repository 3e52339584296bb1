"""Page furniture in text: captions, photo credits, jump lines, mastheads, app prompts, ads.

The one recognizer of furniture: :mod:`ocrfix.passes.furniture` moves what is recognized here
out of the sentences it interrupts, and the other structural passes (``flow``) leave it out of
their joins (:attr:`ocrfix.layout.blocks.Block.furniture`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from ocrfix.chars import han_count
from ocrfix.layout.patterns import CREDIT as _CREDIT
from ocrfix.layout.patterns import INLINE_SPACE as _H
from ocrfix.layout.patterns import MARKDOWN_HEADING, RULE_CHARS, RULE_END, RUNNING_MARK

if TYPE_CHECKING:  # blocks ask this module whether they are furniture
    from ocrfix.layout.blocks import Block

_PAGE = rf"第?{_H}?[A-Z]?[0-9０-９一二三四五六七八九十]{{1,3}}{_H}?版"
_JUMP = rf"[▶►▷>]?[（(]?(?:下转|上接|转|接){_PAGE}[）)]?"
_APP_SCAN = r"扫一扫[^\s。，,！!]{0,20}?(?:新媒体|客户端|公众号|APP|App|微信|视频|二维码|抖音|微博)"
_APP_QR = r"扫(?:描)?二维码[^\s。，,]{0,16}?(?:关注|下载|阅读|观看)"  # and what to follow
_APP = rf"{_APP_SCAN}|{_APP_QR}[^\s。，,]{{0,12}}"
_MASTHEAD = r"中共\p{Han}{2,10}主管、?主办|国内统一连续出版物号" + f"{_H}?CN{_H}?" + r"\d{2}-\d{4}"

#: What a piece found is blanked to before the next search: a space to every pattern (``\s``),
#: but no printed one (``_H``), so that a prompt ending on its verb can tell a piece cut after it
#: (``扫描二维码关注▶下转02版市民可``: once cut, the words are glued to 关注) from a space.
_BLANK = "\u2029"
_ENDS = "。！？!?…."  # OCR reads 。 as . often enough
_CLOSE = '”’"」』）)》'
#: Where an inline piece stops and no sentence goes on: the line's or the block's end, a space
#: (or a piece found before, blanked), a column rule, a closing mark.
_STOP = rf"(?=$|[\s{RULE_CHARS}{_CLOSE}])"
# An inline jump line is marked as one: led by an arrow, bracketed, or standing at a stop.
# ``官网，下转02版的内容将另行刊发`` goes on: its 下转02版 are words of the sentence.
_JUMP_INLINE = (
    rf"[▶►▷>][（(]?(?:下转|上接|转|接){_PAGE}[）)]?"
    rf"|[（(](?:下转|上接|转|接){_PAGE}(?:[）)]|{_STOP})"
    rf"|(?:下转|上接)第?[0-9０-９一二三四五六七八九十]{{1,3}}版{_STOP}"
)
# An inline app prompt stands apart from sentences: after a line start, a space, a column rule,
# a sentence's end or a credit's end (``通讯员供图扫一扫看视频``: a credit followed by a
# character is found only once the prompt is blanked), and before a stop or a sentence end. Not
# ``市民可扫描二维码关注“株洲发布”微信公众号，了解…``; a prompt that ends on its verb
# (``扫描二维码关注 @株洲日报 微博``) must end its line, or the words after it are what to follow.
_APP_INLINE = (
    rf"(?=扫)(?<=(?:^|[\s{RULE_CHARS}{_ENDS}]|摄|供图|资料图片|新华社发)[{_CLOSE}]{{0,3}})"
    rf"(?:{_APP_SCAN}|{_APP_QR}(?:[^\s。，,]{{1,12}}|(?=[^\S\n]*(?:\n|$)|{_H}*{_BLANK})))"
    rf"(?=$|[\s{RULE_CHARS}{_CLOSE}{_ENDS}])"
)

#: Furniture that may sit inside running text, found anywhere in a block.
_INLINE = regex.compile(
    rf"(?P<credit>{_CREDIT})|(?P<jump>{_JUMP_INLINE})|(?P<app>{_APP_INLINE})"
    rf"|(?P<masthead>{_MASTHEAD})"
)
#: What every inline piece holds: a credit 摄/供图/资料图片/新华社发, a jump line or masthead 版
#: (出版物号), an app prompt 扫, a masthead 主办. A block without one is not searched (``图`` alone
#: is in too many words: 地图, 试图). (The standard library's re: it finds these literals in a
#: block 2-3 times faster than regex does, as it does the class of ``_LINE_ANCHOR``.)
_INLINE_ANCHOR = re.compile(r"摄|供图|资料图片|新华社发|版|扫|主办")
_KINDS = {
    "credit": "photo-credit",
    "jump": "jump-line",
    "app": "app-prompt",
    "masthead": "masthead",
}
CONFIDENCE = {
    "photo-credit": 0.9,
    "caption": 0.8,
    "jump-line": 0.95,
    "app-prompt": 0.85,
    "masthead": 0.9,
    "ad": 0.7,
}

# Whole-line furniture.
_LINE_KINDS: tuple[tuple[str, regex.Pattern[str]], ...] = (
    ("jump-line", regex.compile(rf"{_JUMP}")),
    ("photo-credit", regex.compile(rf"{_CREDIT}")),
    (
        "masthead",
        regex.compile(
            rf"(?:(?:\d{{4}}年\d{{1,2}}月\d{{1,2}}日|星期[一二三四五六日天]|\p{{Han}}{{2}}年"
            rf"\p{{Han}}{{2,6}}|第\d{{3,6}}期|今日\d{{1,2}}版|{_MASTHEAD}|中共\p{{Han}}{{2,10}}主管"
            rf"|\p{{Han}}{{2,8}}主办){_H}*)+"
        ),
    ),
    ("app-prompt", regex.compile(rf"{_APP}|掌上\p{{Han}}{{2,4}}|客户端|(?:微信)?公众号")),
    (
        "ad",
        regex.compile(
            r"广告|(?:广告|招商|订阅|咨询|服务)(?:热线|电话)[:：]?" + f"{_H}?" + r"[\d\-－ ]{7,20}"
        ),
    ),
)
#: What only a masthead line holds: an issue number, the weekday, the publisher line.
MASTHEAD_CORE = regex.compile(r"第\d{3,6}期|今日\d{1,2}版|主管、?主办|出版物号|星期")
HARD_END = frozenset(_ENDS)
CLOSERS = frozenset(_CLOSE)
CLAUSES = regex.compile(r"[，,；;：:]")  # a caption is one clause
_CAPTION_PUNCT = regex.compile(r"[，,；;：:\"“”]")


def classify_block(text: str, caption_max_chars: int = 60) -> str | None:
    """The kind of furniture a whole block is (a rule name of this pass), or ``None``.

    ``None`` for running text, headlines, bylines and Markdown headings; every line of a block must
    be furniture. Captions without a credit need context and are not recognized here.

    >>> classify_block("白关镇阳雀湖丝瓜种植基地。 株洲日报全媒体记者/杨凌凌 摄")
    'caption'
    >>> classify_block("株洲日报讯（全媒体记者/胡文洁）") is None
    True
    """
    kinds = []
    for line in text.splitlines():  # most blocks are running text: their first line says so
        line = line.strip()
        if not line:
            continue
        if line.startswith("#") and MARKDOWN_HEADING.match(line):
            return None
        kind = _line_kind(line, caption_max_chars) if _LINE_ANCHOR.search(line) else None
        if kind is None:
            return None
        kinds.append(kind)
    return next((k for k in kinds if k != "masthead"), "masthead") if kinds else None


#: What every line of furniture holds: a credit's 摄, 图 or 发 (:data:`CREDIT_ANCHOR`), a
#: jump line's 版, a masthead's 期, 版, 主办 or 出版物号, an app prompt's 扫, 掌上, 客户端 or
#: 公众号, an ad's 广告, 热线 or 电话. A line without one is tried against no pattern (most lines
#: are running text). Keep it in step with ``_LINE_KINDS`` (``tests/test_patterns.py``).
_LINE_ANCHOR = re.compile(r"[摄图发版期办号扫掌客公告热电]")
_CREDIT_AT_END = regex.compile(rf"{_H}*(?:{_CREDIT})$")
_CREDIT_AT_START = regex.compile(rf"(?:{_CREDIT}){_H}*")
_CREDIT_REACH = 120
#: A credit's last character (摄, 供图, 资料图片, 新华社发).
_CREDIT_LAST = frozenset("摄图片发")


def _line_kind(line: str, caption_max_chars: int) -> str | None:
    for kind, pattern in _LINE_KINDS:
        if pattern.fullmatch(line) and (kind != "masthead" or MASTHEAD_CORE.search(line)):
            return kind
    # A credit ends the line and is short: search only the line's tail, so that a megabyte-long
    # line costs one bounded search instead of one attempt per character.
    m = None
    if line[-1:] in _CREDIT_LAST:
        m = _CREDIT_AT_END.search(line, max(0, len(line) - _CREDIT_REACH))
    if m and m.start() > 0 and caption_like(line[: m.start()], caption_max_chars):
        return "caption"
    m = _CREDIT_AT_START.match(line)
    rest = line[m.end() :] if m else ""
    if rest and caption_like(rest, caption_max_chars) and not _CAPTION_PUNCT.search(rest):
        return "caption"
    return None


def caption_like(text: str, max_chars: int) -> bool:
    """A short text of at most one sentence, ended by ``。`` or by nothing."""
    body = text.strip()
    if not body or len(body) > max_chars or body[-1] in "，,、；;：:":
        return False
    return not any(c in HARD_END for c in body[:-1])


def bare_caption(block: Block, max_chars: int) -> bool:
    """A caption without a credit, known by the image gap before it: one short sentence that ends
    (``小区党支部书记共商和谐小区之道。``). A block that ends unfinished is text the next block
    goes on with (``切实做好民生保障工作`` ⏎ ``确保群众安居乐业。``, ``本报讯（记者/卞宇航
    通讯员/骆``): every caption of the corpus ends its sentence."""
    body = block.text
    return (
        block.after_gap
        and han_count(body) >= 2  # ``。`` or ``央。`` describes no photo: a fragment
        and "\n" not in body
        and caption_like(body, min(max_chars, 40))
        and _CAPTION_PUNCT.search(body) is None
        and not ends_soft(body)
    )


@dataclass(frozen=True, slots=True)
class Inline:
    start: int
    end: int
    kind: str


def inline_pieces(block: Block) -> list[Inline]:
    """Inline furniture of a block; found pieces are blanked out and the search repeated, so that
    a piece glued to another (``通讯员供图扫一扫…``) is found as it would be once split off.
    At most :data:`_ROUNDS` searches: a chain of credits glued with nothing between them
    (``通讯员供图通讯员供图…``) gives up one a search, and would cost a search per credit."""
    pieces: list[Inline] = []
    masked = block.text
    if not _INLINE_ANCHOR.search(masked):
        return pieces
    for _ in range(_ROUNDS):
        found = list(_INLINE.finditer(masked))
        if not found:
            break
        for m in found:
            kind = _KINDS[m.lastgroup or ""]
            pieces.append(Inline(block.start + m.start(), block.start + m.end(), kind))
        masked = _blank(masked, found)
    return sorted(pieces, key=lambda p: p.start)


#: Searches for inline furniture in one block: pieces glued in twos and threes are found.
_ROUNDS = 4


def _blank(text: str, found: list[regex.Match[str]]) -> str:
    """``text`` with the matches ``found`` in it (in order) blanked out (:data:`_BLANK`), in one
    copy: a copy per match would make a long block holding many credits quadratic."""
    parts: list[str] = []
    pos = 0
    for m in found:
        parts += (text[pos : m.start()], _BLANK * (m.end() - m.start()))
        pos = m.end()
    parts.append(text[pos:])
    return "".join(parts)


def ends_soft(text: str) -> bool:
    body = RULE_END.sub("", text)  # a column rule OCR read after ``。`` (``等工作。 |``)
    # Spaces do not count: ``。 )`` ends as hard as ``。)`` (a cut leaves a space between them).
    body = "".join(body.split())
    while body and body[-1] in CLOSERS and len(body) > 1 and body[-2] in HARD_END | CLOSERS:
        body = body[:-1]
    return bool(body) and body[-1] not in HARD_END


def title_like(text: str) -> bool:
    return len(text) < 30 and RUNNING_MARK.search(text) is None
