"""``furniture``: take page furniture out of the sentences it interrupts, never losing it.

A newspaper page is more than its articles: photo captions and credits (``株洲日报全媒体记者/杨凌凌
摄``, ``通讯员供图``, ``受访者/供图``), jump lines (``▶下转02版``, ``上接01版``), masthead and issue
lines (``中共株洲市委主管、主办``, ``第23271期``, ``国内统一连续出版物号CN 43-0005``), app and QR
prompts (``扫一扫关注株洲日报社新媒体``, ``掌上株洲`` / ``客户端``) and ads. PDF text layers and
OCR read them in geometric order, so they land inside the article text around them:

- ``…有了这场"小区书记茶`` / ``株洲日报全媒体记者/旷昆红 摄 话会",聚焦…`` (a credit in the middle
  of a sentence that a column break also split);
- ``…舒适的交流环境,▶下转02版`` (a jump line glued to the paragraph);
- ``…企业改制小区、`` / ``小区党支部书记共商和谐小区之道。`` / ``无人管老旧小区等…`` (a caption
  between the two halves of a paragraph).

Following the gold convention (``corpora/README.md`` rule 8) each piece becomes a paragraph of its
own. Where it interrupted a sentence or paragraph it is *moved* right after that paragraph (a
deletion whose reason says ``moved to N`` plus an insertion saying ``moved from M``); where it
already stands between paragraphs it stays where it is and no edit is made. The paragraph a piece
interrupted is found by following the blocks it runs on through: from the text after the piece,
block after block while a block ends without sentence-final punctuation and the next one is
running text (not a heading, headline or furniture), at most ``max_reach`` blocks; a jump line
ends the paragraph (the story goes on elsewhere). When the paragraph's end cannot be found within
reach, the piece is only split off where it is. A piece glued to the end of a finished paragraph
(``…环境,▶下转02版``) is split off in place. Remaining halves of a split sentence are left as
paragraph starts/ends for the ``flow`` pass, which can ask :func:`classify_block` so that it never
joins a sentence across furniture.

A caption without a credit is recognized only in context: a short single-sentence block after an
image gap (two or more blank lines), between a paragraph that breaks off and its continuation.

Rules (one per kind of furniture): ``photo-credit``, ``caption``, ``jump-line``, ``app-prompt``,
``masthead``, ``ad``. Nothing is deleted unless the ``drop`` option is on; then every recognized
piece is removed with an edit whose reason says ``dropped furniture (<kind>)``. Markdown headings
are structure, never furniture, and are never moved or joined.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

import regex

from ocrfix.chars import CJK
from ocrfix.edits import Edit, PassResult
from ocrfix.registry import register

NAME = "furniture"

_H = r"[ \u00a0\u3000]"  # a printed or line-break space inside a line
# A person in a credit: 株洲日报全媒体记者/杨凌凌, 通讯员/尹照 陈晶晶
_PERSON = (
    r"(?:株洲日报|本报|新华社)?(?:全媒体|特约|见习|实习)?(?:摄影记者|记者|通讯员|摄影|实习生)"
    rf"/\p{{Han}}{{2,4}}(?:[{_H[1:-1]}、]\p{{Han}}{{2,4}})*"
)
_CREDIT = (
    rf"(?:{_PERSON}(?:{_H}?{_PERSON})*(?:{_H}摄(?![影像制取入氏])|摄(?=\s|$|\p{{P}})|{_H}?供图)"
    r"|(?:(?:受访者|通讯员|记者|本报|单位|资料)/?供图|资料图片|新华社发)"
    rf"(?:(?![\p{{Han}}\p{{L}}\p{{N}}])|(?={_PERSON})))"
)
_JUMP = (
    r"[▶►▷>]?[（(]?(?:下转|上接|转|接)第?"
    + _H
    + r"?[A-Z]?[0-9０-９一二三四五六七八九十]{1,3}"
    + _H
    + r"?版[）)]?"
)
_APP = (
    r"扫一扫[^\s。，,！!]{0,20}?(?:新媒体|客户端|公众号|APP|App|微信|视频|二维码|抖音|微博)"
    r"|扫(?:描)?二维码[^\s。，,]{0,16}?(?:关注|下载|阅读|观看)[^\s。，,]{0,12}"
)
_MASTHEAD = r"中共\p{Han}{2,10}主管、?主办|国内统一连续出版物号" + f"{_H}?CN{_H}?" + r"\d{2}-\d{4}"

#: Furniture that may sit inside running text, found anywhere in a block.
_INLINE = regex.compile(
    rf"(?P<credit>{_CREDIT})|(?P<jump>(?:[▶►▷>][（(]?|[（(])(?:下转|上接|转|接)第?{_H}?"
    rf"[A-Z]?[0-9０-９一二三四五六七八九十]{{1,3}}{_H}?版[）)]?|(?:下转|上接)第?"
    rf"[0-9０-９一二三四五六七八九十]{{1,3}}版)|(?P<app>{_APP})|(?P<masthead>{_MASTHEAD})"
)
_KINDS = {
    "credit": "photo-credit",
    "jump": "jump-line",
    "app": "app-prompt",
    "masthead": "masthead",
}
_CONFIDENCE = {
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
_MASTHEAD_CORE = regex.compile(r"第\d{3,6}期|今日\d{1,2}版|主管、?主办|出版物号|星期")
_HEADING = regex.compile(r"^[ ]{0,3}#{1,6}\s")
_SEPARATOR = regex.compile(r"\n[^\S\n]*\n\s*")
_HARD_END = frozenset("。！？!?…")
_CLOSERS = frozenset('”’"」』）)》')
_CLAUSE = regex.compile(r"[。，！？；：,!?;:]")
_CAPTION_PUNCT = regex.compile(r"[，,；;：:\"“”]")


@dataclass(frozen=True)
class FurnitureOptions:
    """Options of ``furniture``.

    drop: remove furniture instead of moving it (edits say ``dropped furniture (<kind>)``).
    max_reach: how many blocks a broken paragraph may run on through before the pass gives up
        looking for its end and only splits the furniture off where it is.
    caption_max_chars: the longest text that counts as a caption (with a credit, or after an
        image gap).
    bare_captions: recognize credit-less captions after an image gap that interrupt a paragraph.
    """

    drop: bool = False
    max_reach: int = 6
    caption_max_chars: int = 60
    bare_captions: bool = True


@dataclass(frozen=True, slots=True)
class _Block:
    start: int
    end: int
    text: str
    gap: bool  # two or more blank lines before it: where a picture stood
    heading: bool


def classify_block(text: str, caption_max_chars: int = 60) -> str | None:
    """The kind of furniture a whole block is (a rule name of this pass), or ``None``.

    ``None`` for running text, headlines, bylines and Markdown headings; every line of a block must
    be furniture. Captions without a credit need context and are not recognized here.

    >>> classify_block("白关镇阳雀湖丝瓜种植基地。 株洲日报全媒体记者/杨凌凌 摄")
    'caption'
    >>> classify_block("株洲日报讯（全媒体记者/胡文洁）") is None
    True
    """
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines or any(_HEADING.match(line) for line in lines):
        return None
    kinds = [_line_kind(line, caption_max_chars) for line in lines]
    if any(k is None for k in kinds):
        return None
    return next((k for k in kinds if k != "masthead"), "masthead")


def _line_kind(line: str, caption_max_chars: int) -> str | None:
    for kind, pattern in _LINE_KINDS:
        if pattern.fullmatch(line) and (kind != "masthead" or _MASTHEAD_CORE.search(line)):
            return kind
    m = regex.search(rf"{_H}*(?:{_CREDIT})$", line)
    if m and m.start() > 0 and _caption_like(line[: m.start()], caption_max_chars):
        return "caption"
    m = regex.match(rf"(?:{_CREDIT}){_H}*", line)
    rest = line[m.end() :] if m else ""
    if rest and _caption_like(rest, caption_max_chars) and not _CAPTION_PUNCT.search(rest):
        return "caption"
    return None


def _caption_like(text: str, max_chars: int) -> bool:
    """A short text of at most one sentence, ended by ``。`` or by nothing."""
    body = text.strip()
    if not body or len(body) > max_chars or body[-1] in "，,、；;：:":
        return False
    return not any(c in _HARD_END for c in body[:-1])


def _bare_caption(block: _Block, max_chars: int) -> bool:
    body = block.text
    return (
        block.gap
        and "\n" not in body
        and _caption_like(body, min(max_chars, 40))
        and _CAPTION_PUNCT.search(body) is None
    )


def _split_blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    pos = 0
    gap = False
    for sep in [*_SEPARATOR.finditer(text), None]:
        sep_start, sep_end = sep.span() if sep else (len(text), len(text))
        segment = text[pos:sep_start]
        if segment.strip():
            start = pos + len(segment) - len(segment.lstrip())
            body = segment.strip()
            blocks.append(_Block(start, start + len(body), body, gap, bool(_HEADING.match(body))))
        gap = sep is not None and sep.group().count("\n") >= 3
        pos = sep_end
    return blocks


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int
    end: int
    kind: str


def _inline_pieces(block: _Block) -> list[_Piece]:
    """Inline furniture of a block; found pieces are blanked out and the search repeated, so that
    a piece glued to another (``通讯员供图扫一扫…``) is found as it would be once split off."""
    pieces: list[_Piece] = []
    masked = block.text
    while found := list(_INLINE.finditer(masked)):
        for m in found:
            kind = _KINDS[m.lastgroup or ""]
            pieces.append(_Piece(block.start + m.start(), block.start + m.end(), kind))
            masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
    return sorted(pieces, key=lambda p: p.start)


def _ends_soft(text: str) -> bool:
    body = text.rstrip()
    while body and body[-1] in _CLOSERS and len(body) > 1 and body[-2] in _HARD_END | _CLOSERS:
        body = body[:-1]
    return bool(body) and body[-1] not in _HARD_END


def _title_like(text: str) -> bool:
    return len(text) < 30 and _CLAUSE.search(text) is None


@register(
    NAME,
    options=FurnitureOptions,
    rules={
        "photo-credit": ("photo credit moved out", "photo credits moved out"),
        "caption": ("caption moved out", "captions moved out"),
        "jump-line": ("jump line split off", "jump lines split off"),
        "app-prompt": ("app prompt moved out", "app prompts moved out"),
        "masthead": ("masthead line moved out", "masthead lines moved out"),
        "ad": ("ad moved out", "ads moved out"),
    },
)
def furniture(text: str, options: FurnitureOptions = FurnitureOptions()) -> PassResult:
    """Move captions, credits and jump lines out of sentences: ``…环境,▶下转02版`` → own paragraph.

    >>> furniture("大家营造了舒适的交流环境,▶下转02版").output
    '大家营造了舒适的交流环境,\\n\\n▶下转02版'
    >>> furniture("有了这场茶\\n\\n株洲日报全媒体记者/旷昆红 摄 话会,聚焦和谐小区。").output
    '有了这场茶\\n\\n话会,聚焦和谐小区。\\n\\n株洲日报全媒体记者/旷昆红 摄'
    """
    return PassResult.from_edits(NAME, text, _Planner(text, options).edits())


class _Planner:
    def __init__(self, text: str, options: FurnitureOptions) -> None:
        self.text = text
        self.options = options
        self.blocks = _split_blocks(text)
        self.kinds = [
            None if b.heading else classify_block(b.text, options.caption_max_chars)
            for b in self.blocks
        ]
        self.pieces = [
            [] if b.heading or k is not None else _inline_pieces(b)
            for b, k in zip(self.blocks, self.kinds, strict=True)
        ]
        for i, pieces in enumerate(self.pieces):
            kind = classify_block(self._effective(i), options.caption_max_chars) if pieces else None
            if kind is not None:  # furniture through and through (``…摄 掌上株洲``)
                self.kinds[i], self.pieces[i] = kind, []
        self.out: list[Edit] = []
        #: bare captions (by block) and the offset their text now ends at (moved or not)
        self.captions: dict[int, int] = {}
        self.claimed = 0  # inline cuts in a block never reach back before this offset

    # -- paragraphs ------------------------------------------------------------------------

    def _effective(self, i: int) -> str:
        """Block ``i``'s text without its inline furniture."""
        b = self.blocks[i]
        parts, pos = [], b.start
        for p in self.pieces[i]:
            parts.append(self.text[pos : p.start])
            pos = p.end
        parts.append(self.text[pos : b.end])
        return "".join(parts).strip()

    def _ends_with_jump(self, i: int) -> bool:
        return any(
            p.kind == "jump-line" and not self.text[p.end : self.blocks[i].end].strip()
            for p in self.pieces[i]
        )

    def _continues(self, i: int) -> bool:
        """Can block ``i`` carry on a paragraph that the block before it broke off?"""
        if i >= len(self.blocks) or self.blocks[i].heading or self.kinds[i] is not None:
            return False
        return not _title_like(self._effective(i))

    def _paragraph_end(self, i: int) -> int | None:
        """The last block of the paragraph that runs on from block ``i`` (None: not found)."""
        for _ in range(self.options.max_reach):
            if self._ends_with_jump(i) or not _ends_soft(self._effective(i)):
                return i
            if not self._continues(i + 1):
                return i
            i += 1
        return None

    # -- edits -----------------------------------------------------------------------------

    def _add(self, *edits: Edit) -> None:
        spans = sorted((e.start, e.end) for e in [*self.out, *edits])
        if any(b[0] < a[1] for a, b in pairwise(spans)):
            return  # never overlap an earlier decision
        self.out.extend(edits)

    def _edit(
        self, start: int, end: int, new: str, kind: str, reason: str, conf: float = 0
    ) -> Edit:
        confidence = conf or _CONFIDENCE[kind]
        return Edit(start, end, new, NAME, kind, confidence, reason)

    def edits(self) -> list[Edit]:
        runs = [] if self.options.drop else list(self._runs())
        for first, last, kinds in runs:
            self._move_run(first, last, kinds)
        for i in range(len(self.blocks)):
            if self.kinds[i] is not None and self.options.drop:
                self._drop_block(i)
            self.claimed = self.blocks[i].start
            for piece in self.pieces[i]:
                self._inline(i, piece)
        return self.out

    def _drop_block(self, i: int) -> None:
        b = self.blocks[i]
        start = self.blocks[i - 1].end if i else 0
        if i == 1 and self.kinds[0] is not None:
            start = b.start  # block 0 went with the separator after it
        end = b.end if i else (self.blocks[1].start if len(self.blocks) > 1 else len(self.text))
        kind = self.kinds[i] or "caption"
        self._add(self._edit(start, end, "", kind, f"dropped furniture ({kind})"))

    def _inline(self, i: int, piece: _Piece) -> None:
        b, t = self.blocks[i], self.text
        before = t[b.start : piece.start]
        after = t[piece.end : b.end]
        lead = max(self.claimed, piece.start - (len(before) - len(before.rstrip())))
        trail = piece.end + (len(after) - len(after.lstrip()))
        self.claimed = trail
        label = t[piece.start : piece.end]
        at_start, at_end = not before.strip(), not after.strip()
        if at_start:
            cut = (piece.start, trail, "")
        elif at_end:
            cut = (lead, piece.end, "")
        else:
            joined = CJK.match(t[lead - 1]) and CJK.match(t[trail])
            cut = (lead, trail, "" if joined else " ")
        if self.options.drop:
            kind = piece.kind
            self._add(self._edit(*cut, kind, f"dropped furniture ({kind})"))
            return
        caption = self._caption_for(i, piece)
        if caption is not None:
            dest = self.captions[caption]
            src = self.blocks[caption].start
            self._add(
                self._edit(*cut[:2], cut[2], piece.kind, f"moved to {dest}, to its caption"),
                self._edit(
                    dest,
                    dest,
                    label,
                    piece.kind,
                    f"moved from {piece.start}, after the caption from {src}",
                ),
            )
            return
        last = self._paragraph_end(i)
        if piece.kind == "jump-line" and label.lstrip("▶►▷>（(").startswith(("上接", "接")):
            last = None if at_start else last
        if last is None or (last == i and at_end):
            # Split off where it stands: it ends the paragraph, or the paragraph's end is unknown.
            if not at_end:
                self._add(self._edit(piece.end, trail, "\n\n", piece.kind, "split off after it"))
            if not at_start:
                self._add(self._edit(lead, piece.start, "\n\n", piece.kind, "split off before it"))
            return
        dest = self.blocks[last].end
        self._add(
            self._edit(*cut[:2], cut[2], piece.kind, f"moved to {dest}"),
            self._edit(dest, dest, "\n\n" + label, piece.kind, f"moved from {piece.start}"),
        )

    def _caption_for(self, i: int, piece: _Piece) -> int | None:
        """A credit-less caption (moved) that a stray credit in block ``i`` belongs to.

        The nearest one before it in the same article: no heading, headline or other furniture
        in between, at most ``max_reach`` blocks back.
        """
        if piece.kind != "photo-credit":
            return None
        for k in range(i - 1, max(-1, i - 1 - self.options.max_reach), -1):
            if k in self.captions:
                return k
            b = self.blocks[k]
            if b.heading or self.kinds[k] is not None or _title_like(self._effective(k)):
                return None
        return None

    def _runs(self) -> Iterator[tuple[int, int, list[str]]]:
        """Runs of furniture blocks that stand between a broken-off paragraph and its rest."""
        i = 1
        while i < len(self.blocks):
            j = i
            kinds: list[str] = []
            while j < len(self.blocks) and not self.blocks[j].heading:
                kind = self.kinds[j]
                bare = self.options.bare_captions and kind is None
                if bare and _bare_caption(self.blocks[j], self.options.caption_max_chars):
                    kind = "caption"
                if kind is None:
                    break
                kinds.append(kind)
                j += 1
            if kinds and "jump-line" not in kinds and self._interrupts(i, j):
                yield i, j - 1, kinds
            i = max(j, i + 1)

    def _interrupts(self, first: int, after: int) -> bool:
        prev = first - 1
        if self.blocks[prev].heading or self.kinds[prev] is not None or self.pieces[prev]:
            return False
        prev_text = self._effective(prev)
        return not _title_like(prev_text) and _ends_soft(prev_text) and self._continues(after)

    def _move_run(self, first: int, last: int, kinds: list[str]) -> None:
        end = self._paragraph_end(first + len(kinds))
        if end is None:
            return
        dest = self.blocks[end].end
        edits = []
        for k, kind in zip(range(first, last + 1), kinds, strict=True):
            if self.kinds[k] is None:
                self.captions[k] = dest
            b = self.blocks[k]
            conf = 0.6 if self.kinds[k] is None else 0.0
            edits.append(
                self._edit(self.blocks[k - 1].end, b.end, "", kind, f"moved to {dest}", conf)
            )
            edits.append(
                self._edit(dest, dest, "\n\n" + b.text, kind, f"moved from {b.start}", conf)
            )
        self._add(*edits)
