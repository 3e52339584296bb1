"""``unwrap``: join the printed lines of a paragraph that extraction left one per line.

``pdftotext`` and Tesseract (``--psm 3``) print a page as its printed lines: a paragraph set in a
column of 20 ideographs comes out as lines of 20 ideographs and a shorter last line::

    本届赛事设全程马拉松、半程马拉松和5公
    里欢乐跑三个项目，其中全程马拉松8000人、

The width a full line has is learnt from the page (:func:`ocrfix.layout.page_width`), never
assumed. A full line runs on into the next one; a shorter line, or a next line that is indented,
a list item, a heading or a byline, ends the paragraph, and the paragraph break becomes a blank
line (the gold convention: one paragraph per line). An indent the extractor dropped still shows in
the width: after a full line that ends a sentence, a line two ideographs short that runs on
starts a paragraph. A line of marks only (``。`` that
``pdftotext`` put on a line of its own) always belongs to the line before. Tesseract's blank line
inside a paragraph (``三天`` ⏎⏎ ``就清干净了``) is joined when the line before is full and does
not end a sentence. Lines that are not running text (headlines, captions, credits, bylines,
lists) are never joined into body text.

The pass does nothing unless the page shows hard wrapping: at least half of its lines of running
text are full, and no column gutters stand inside lines (``pdftotext -layout``: columns side by
side are for a columns pass to read first). Text that is one paragraph per line already (most
lines far from one shared width) is left alone.
"""

from __future__ import annotations

import itertools
import string
from dataclasses import dataclass
from typing import Annotated

import regex

from ocrfix.edits import Edit, PassResult
from ocrfix.layout import Line, page_width
from ocrfix.layout.lines import (
    fills,
    letter_spaced,
    local_full_share,
    local_measures,
    measured_lines,
    slack,
)
from ocrfix.layout.patterns import CLAUSE_MARK, LIST_ITEM, MARKDOWN_HEADING, ends_with_credit
from ocrfix.registry import Range, register
from ocrfix.resources.joins import ends_sentence, headline_shaped, starts_new

NAME = "unwrap"

#: A paper's name (``青溪日报``, OCR's ``青 溪 日 报``) and the parts of a masthead line.
_PAPER = regex.compile(r"(?:\p{Han}[ \u3000]?){2,6}报")
_DATE = regex.compile(r"\d{4}[ ]?年[ ]?\d{1,2}[ ]?月[ ]?\d{1,2}[ ]?日")
_MASTHEAD_PART = regex.compile(
    rf"(?:(?:{_DATE.pattern}|星期[一二三四五六日天]|第[ ]?\d{{3,6}}[ ]?期|今日\d{{1,2}}版"
    r"|\p{Han}{2}年\p{Han}{2,6})[ \u3000]*)+"
)
#: The rest of a credit cut inside its role word: ``者/邝志远 摄`` after ``…记``.
_CREDIT_TAIL = regex.compile(r"^\p{Han}{1,2}[/／]")
#: An ideograph at a line's end or start: the line was cut inside running text.
_CUT_WORD = regex.compile(r"(?:^\p{Han}|\p{Han}$)")
_OPENING = frozenset("“‘「『")
#: The rule of a join inside one printed line (the extractor cut it): the next decision measures
#: the whole printed line.
_SAME_LINE = "cut-line-join"
# Marks that can only close what came before: a line starting with one continues the paragraph.
_CLOSING = frozenset("。，、；：？！”’）》」』…,.;:?!)]")
#: Closing quotes or brackets, then a gap, then more text (``” 3月3日，澄江三桥…``).
_MARKS_THEN_GAP = regex.compile(r"^([”’）》」』]+)[ \u3000]+(?=\S)")
_LATIN = frozenset(string.ascii_letters + string.digits)
_SPACED = regex.compile(r"\S[ \u3000]+(?=\S)")


@dataclass(frozen=True)
class UnwrapOptions:
    """Options of ``unwrap``.

    min_full_share: the share of running-text lines that must be full (as wide as the page's
        measure) before the pass believes the page is hard-wrapped.
    blank_lines: also join across one blank line when the line before is full and unfinished
        (Tesseract ``--psm 3`` puts such lines inside paragraphs).
    """

    min_full_share: Annotated[float, Range(0, 1)] = 0.5
    blank_lines: bool = True


@register(
    NAME,
    options=UnwrapOptions,
    rules={
        "line-join": ("printed line joined", "printed lines joined"),
        "masthead-join": ("masthead part joined", "masthead parts joined"),
        _SAME_LINE: ("cut printed line mended", "cut printed lines mended"),
        "blank-line-join": ("blank line inside a paragraph joined", "blank lines joined"),
        "paragraph-break": ("paragraph break marked", "paragraph breaks marked"),
    },
)
def unwrap(text: str, options: UnwrapOptions = UnwrapOptions()) -> PassResult:
    """Join hard-wrapped printed lines into paragraphs, one paragraph per line.

    >>> page = ("马拉松在市民中心广场鸣枪开跑。来自国内外\\n" * 3 + "春的风光。\\n") * 2
    >>> print(unwrap(page).output)
    马拉松在市民中心广场鸣枪开跑。来自国内外马拉松在市民中心广场鸣枪开跑。来自国内外马拉松在市民中心广场鸣枪开跑。来自国内外春的风光。
    <BLANKLINE>
    马拉松在市民中心广场鸣枪开跑。来自国内外马拉松在市民中心广场鸣枪开跑。来自国内外马拉松在市民中心广场鸣枪开跑。来自国内外春的风光。
    <BLANKLINE>
    """
    all_lines = measured_lines(text)
    width = page_width(all_lines)
    if width is None or sum(1 for ln in all_lines if ln.gutter) > len(all_lines) // 10:
        return PassResult.from_edits(NAME, text, [])
    measures = local_measures(all_lines)
    # (pages or articles of different widths: few lines fill one page-wide measure, most their
    # own; pdftotext prints a whole PDF's pages one after the other)
    if (
        width.full_share < options.min_full_share
        and local_full_share(all_lines, measures) < options.min_full_share
    ):
        return PassResult.from_edits(NAME, text, [])
    edits: list[Edit] = []
    body = [_traits(ln) for ln in all_lines if not ln.blank]
    before = 0  # cells of the pieces of a's printed line on the lines before it
    for k, (ta, tb) in enumerate(itertools.pairwise(body)):
        a, b = ta.line, tb.line
        measure = measures.get(a.start, width.cells)
        after = body[k + 2] if k + 2 < len(body) else None
        edit = _between(text, ta, tb, measure, options, before, after)
        if edit is not None:
            edits.append(edit)
        # b goes on a's printed line only if the two fit in one
        same = edit is not None and edit.rule == _SAME_LINE
        fits = same and before + a.cells + b.cells <= measure + slack(measure)
        before = before + a.cells if fits else 0
    return PassResult.from_edits(NAME, text, edits)


@dataclass(slots=True)  # not frozen: built for every line, and frozen ones build slowly
class _Traits:
    """What :func:`_between` asks of a line, found once: each line is asked as the second line
    of a pair, then as the first, and as the line after a pair."""

    line: Line
    running: bool  # :func:`_running`
    ends: bool  # ends a sentence: ``…和基本生活。``
    headline: bool  # ``喝杯清茶 共话和谐小区建设``
    new: bool  # :func:`_starts_paragraph`
    credit: bool  # ends in a credit: ``记者/杨凌凌 摄``
    masthead: bool  # may be a masthead piece: :func:`_masthead_pieces` asks further


def _traits(line: Line) -> _Traits:
    """What the pair checks ask of a line, found once for the line (each line is the second of
    one pair and the first of the next)."""
    body = line.body
    # every masthead piece holds 年, 期 or 版, or is a paper's name: most lines ask no pattern
    masthead = body.endswith("报") or "年" in body or "期" in body or "版" in body
    credit = ends_with_credit(body)
    return _Traits(
        line,
        _running(line, credit),
        ends_sentence(body),
        headline_shaped(body),
        _starts_paragraph(line),
        credit,
        masthead,
    )


def _between(
    text: str,
    ta: _Traits,
    tb: _Traits,
    measure: int,
    options: UnwrapOptions,
    before: int = 0,
    after: _Traits | None = None,
) -> Edit | None:
    """The edit for the break between two consecutive non-blank lines, if any. ``before``:
    cells of a's printed line that the extractor put on lines before ``a``; ``after``: the line
    after ``b``."""
    a, b = ta.line, tb.line
    gap = text[a.end : b.start + len(b.indent)]
    breaks = gap.count("\n")
    blank = breaks > 1
    if ta.masthead and breaks <= 2 and _masthead_pieces(a.body, b.body):
        why = "a masthead the extractor set on lines of their own: paper, date, weekday, issue"
        return _join(a, b, "masthead-join", 0.85, why, sep=" ")
    if b.body[0] in _CLOSING and not blank:
        marks = _MARKS_THEN_GAP.match(b.body)
        if marks and ta.ends:
            # ``…比什么都开心。`` / ``” “银发护学岗”志愿者…``: the quote closes the sentence above;
            # what stands after the gap shares its baseline only (a caption, the next paragraph)
            why = "closing marks end the sentence above; the text after the gap starts anew"
            end = b.start + len(b.indent) + marks.end()
            return Edit(a.start + len(a.text.rstrip()), end, marks[1] + "\n\n", NAME,
                        "paragraph-break", 0.8, why)  # fmt: skip
        return _join(a, b, _SAME_LINE, 0.95, "a line of closing marks ends the line before")
    cells = before + a.cells
    if not blank and _cut_at_quote(cells, b, measure) and not _heading_next(text, a, after):
        why = f"{cells} + {b.cells} cells make one line of the measure {measure}, cut at a quote"
        return _join(a, b, _SAME_LINE, 0.85, why)
    if tb.credit:
        if not blank and _CUT_WORD.search(a.body) and _CREDIT_TAIL.match(b.body):
            # ``…最后一段混凝土。记`` / ``者/邝志远 摄``: the credit finishes a word of the caption
            return _join(a, b, "line-join", 0.85, "a caption's credit cut in the middle of a word")
        return None  # a caption's last line: furniture keeps it with the lines above as printed
    # the end of a printed line cut before it is running text if the line is
    a_running, a_ends = before > 0 or ta.running, ta.ends
    headline = tb.headline and (a_ends or not a_running)
    if not a_running or tb.new or not tb.running or headline:
        return None if blank else _break(a, b, gap, "a heading, byline, credit or new item")
    # A line that ends a sentence may end its paragraph as well: it runs on only if it fills the
    # measure (a justified column's inner lines do; ``…和基本生活。`` a character short ends it).
    full = fills(cells, measure) and (not a_ends or cells >= measure)
    if blank:
        # Tesseract's stray blank line follows a printed line; a line half as wide again as the
        # measure is a paragraph already joined (on a second run, the join this pass made)
        printed = cells <= measure * 3 // 2
        if options.blank_lines and full and printed and not a_ends and b.han:
            why = f"line of {a.cells} cells = the measure {measure}, unfinished, before a blank"
            return _join(a, b, "blank-line-join", 0.8, why)
        return None
    if full and a_ends and _indented_by_width(tb, measure, after):
        short = measure - b.cells
        why = f"a full line ends a sentence; the next runs on {short} cells short: an indent"
        return _break(a, b, gap, why)
    if full:
        why = f"line of {cells} cells = the measure {measure} here: the paragraph runs on"
        return _join(a, b, "line-join", 0.9, why)
    if (
        not a_ends
        and _CUT_WORD.search(a.body)
        and _CUT_WORD.match(b.body)
        and cells >= measure * 3 // 4
        and (not tb.headline or fills(b.cells, measure))
    ):
        # Body text ends its paragraphs with a mark; a line cut short in the middle of a word
        # (``由学校闲置的坡地改造而`` / ``成，分为…``: set beside a picture) runs on. A full line
        # without a mark is a narrow column's running text, not a heading: ``乡镇人民政府、街道
        # 办事处`` (its indent dropped) / ``应当加强对拖欠农民工工资矛盾``.
        why = f"a line of {cells} cells stops in the middle of a sentence, without a mark"
        return _join(a, b, "line-join", 0.75, why)
    return _break(a, b, gap, f"a line of {cells} cells, short of the measure {measure} here")


def _heading_next(text: str, a: Line, after: _Traits | None) -> bool:
    """A finished sentence, then a quoted headline over another headline line (``“老赖”名下豪车
    被拍卖`` / ``法院执行兑现…``): a new story, not the rest of a cut line."""
    line_end = text[max(0, a.end - 8) : a.end].replace("\n", "")  # a cut line's end, marks too
    return after is not None and after.headline and ends_sentence(line_end)


def _running(line: Line, credit: bool) -> bool:
    """Running text: not a heading, credit (``credit``: the line ends in one), masthead or
    columns side by side. A byline's first line is running text: the story runs on from it."""
    body = line.body
    heading = MARKDOWN_HEADING.match(body) is not None
    return not (heading or credit or line.gutter or _spaced_masthead(body))


def _spaced_masthead(body: str) -> bool:
    """Parts set apart by spaces, no clause mark: ``青溪日报 2024年3月11日 星期一``."""
    if " " not in body and "\u3000" not in body:
        return False  # most lines: no parts set apart at all
    masthead = len(_SPACED.findall(body)) >= 2 and not CLAUSE_MARK.search(body)
    # ``本报讯（记者/卞宇航 实习生/龚倩） 3月`` starts a story; ``部 门 按 照`` is a stretched line
    return masthead and not starts_new(body) and not letter_spaced(body)


def _starts_paragraph(line: Line) -> bool:
    return bool(line.indent) or LIST_ITEM.match(line.body) is not None or starts_new(line.body)


def _indented_by_width(tb: _Traits, measure: int, after: _Traits | None) -> bool:
    """A paragraph's first line whose indent the extractor dropped: two ideographs (3–6 cells)
    short of the measure, yet running on into a next line (a paragraph's inner lines are full;
    only its last one falls short, and that one ends a sentence).

    ``…是成绩最好的本地跑者。`` (40 cells) / ``“最后5公里腿已经抽筋了，是沿途观众的`` (36)."""
    b = tb.line
    return (
        after is not None
        and 3 <= measure - b.cells <= 6
        and not tb.ends
        and _CUT_WORD.search(b.body) is not None
    )


def _cut_at_quote(cells: int, b: Line, measure: int) -> bool:
    """``pdftotext -raw`` cuts a printed line where a quotation starts (``资款后激动地说：`` /
    ``“一年多了，终于拿到了血汗钱，感谢法院给``): a line and a short one opening with a quote
    that together are as wide as the measure are one printed line."""
    if b.body[0] not in _OPENING:
        return False  # (most lines: no measure to look up)
    room = slack(measure)
    return b.cells < measure - room and abs(cells + b.cells - measure) <= room


def _join(a: Line, b: Line, rule: str, confidence: float, why: str, sep: str = "") -> Edit:
    """Delete the break between ``a`` and ``b`` (``sep`` instead: a space between two Latin
    words, or between the parts of a masthead)."""
    if a.body[-1] in _LATIN and b.body[0] in _LATIN:
        sep = " "
    start = a.start + len(a.text.rstrip())
    return Edit(start, b.start + len(b.indent), sep, NAME, rule, confidence, why)


def _masthead_pieces(a: str, b: str) -> bool:
    """``青溪日报`` then ``2024年3月11日``; the date then ``星期一 第8133期``: parts of one
    masthead line that ``pdftotext`` and Tesseract print as blocks of their own."""
    if _PAPER.fullmatch(a):
        return _DATE.match(b) is not None
    return _MASTHEAD_PART.fullmatch(a) is not None and _MASTHEAD_PART.fullmatch(b) is not None


def _break(a: Line, b: Line, gap: str, why: str) -> Edit | None:
    """A single line break that ends a paragraph becomes a blank line."""
    if gap.count("\n") != 1:
        return None  # already a blank line
    start = a.start + len(a.text.rstrip())
    return Edit(start, b.start, "\n\n", NAME, "paragraph-break", 0.85, why)
