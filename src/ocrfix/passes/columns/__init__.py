"""``columns``: read columns printed side by side one after the other.

``pdftotext -layout`` and Tesseract ``--psm 4/6`` print each row of a page as one line, the
columns side by side with a gutter of spaces (or a ``|`` where a rule was) between them::

    本报讯（记者/周敏） 3月3日上午9时18分，        据测算，大桥通车后，从石门
    随着最后一方混凝土浇筑完成，澄江三桥主桥        车程将由目前的40分钟左右缩

Read line by line, that text jumps from one column to the other on every line. This pass finds
the **bands** of such lines (between blank lines and headlines, which stay where they are), where
each column starts (positions that many lines have a piece of text starting at: document
evidence, see :mod:`ocrfix.layout.gutters`), and moves the second column's printed lines after
the first column's, the third's after those, and so on. Each piece is moved verbatim and says
where it came from; a piece indented from its column's start keeps an indentation, so that
``unwrap`` (next in the profile) can tell where a paragraph starts.

Text that is not interleaved is left alone: a band is read as columns only when most of its lines
split at the same gutters into pieces of running text (tables of short cells do not).

``pdftotext``'s default mode prints such columns another way: one line of each column in turn,
each a block of its own (:mod:`ocrfix.layout.interleave`). The lines of each column are then
gathered, column after column, as one block of lines that ``unwrap`` joins (rule
``interleaved``). Or it prints each column's stretch as a block, the top lines of a band's
columns as one line under its headline: each goes before the block it runs into
(:mod:`~ocrfix.passes.columns.toplines`, rule ``top-lines``).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Annotated

from ocrfix.edits import Edit, PassResult
from ocrfix.layout import Line, lines
from ocrfix.layout.gutters import Piece, gutter_marks, may_have_gutter
from ocrfix.layout.interleave import FULL, MIN_LINES, Gains, Interleave, find
from ocrfix.layout.lines import line_blocks
from ocrfix.layout.patterns import RULE_CHARS, section_head
from ocrfix.passes.columns.bands import Cell, Rows, find_bands, read_band
from ocrfix.passes.columns.heads import heads_over
from ocrfix.passes.columns.toplines import top_line_edits
from ocrfix.registry import Range, register

NAME = "columns"


@dataclass(frozen=True)
class ColumnsOptions:
    """Options of ``columns``.

    min_split_share: the share of a band's lines that must split into two columns or more.
    min_piece_chars: the median length of the pieces in a band; shorter ones are table cells.
    """

    min_split_share: Annotated[float, Range(0, 1)] = 0.25
    min_piece_chars: Annotated[int, Range(1, 200)] = 8


@register(
    NAME,
    options=ColumnsOptions,
    rules={
        "column": ("column read in order", "columns read in order"),
        "interleaved": (
            "line of interleaved columns regrouped",
            "lines of interleaved columns regrouped",
        ),
        "top-lines": (
            "column top line put before its column",
            "column top lines put before their columns",
        ),
    },
)
def columns(text: str, options: ColumnsOptions = ColumnsOptions()) -> PassResult:
    """Move the columns of each band of side-by-side text after one another.

    >>> page = "\\n".join(f"第{i}行左栏的正文内容较长      第{i}行右栏的正文内容" for i in range(3))
    >>> print(columns(page).output)
    第0行左栏的正文内容较长
    第1行左栏的正文内容较长
    第2行左栏的正文内容较长
    第0行右栏的正文内容
    第1行右栏的正文内容
    第2行右栏的正文内容
    """
    all_lines = list(lines(text))
    # (a band is read only where a line holds a gutter: read_band)
    edits = _band_edits(text, all_lines, options) if may_have_gutter(text) else []
    if edits:  # a page printed one way or the other, not both
        return PassResult.from_edits(NAME, text, edits)
    blocks = line_blocks(all_lines)
    for run in _runs_of_small_blocks(blocks):
        edits += _interleave_edits(text, run)
    if not edits:  # columns printed as blocks: their top lines may stand as one line
        edits = top_line_edits(text, blocks)
    return PassResult.from_edits(NAME, text, edits)


def _band_edits(text: str, all_lines: list[Line], options: ColumnsOptions) -> list[Edit]:
    """The edits that read each band of columns side by side, the articles' headlines above
    it included."""
    edits: list[Edit] = []
    rows = Rows(all_lines)
    bands = find_bands(all_lines, rows)
    inside = {ln.start for band in bands for ln in band}
    above = {ln.end: ln for ln in all_lines if not ln.blank and ln.start not in inside}
    for band in bands:
        read = read_band(band, rows, options)
        if read is not None:
            heads = heads_over(above, band[0], read[0], rows)
            edits += _edits(text, band, *read, heads)
    return edits


def _runs_of_small_blocks(blocks: list[list[Line]]) -> list[list[Line]]:
    """Runs of small blocks (a blank line before and after each): blocks of one line, and a few
    of up to :data:`UNIT_LINES` lines as wide as the run's, each taken as one line of the run
    (two lines of one column whose baselines no other column shares). A run may open with the last
    line of the block before it, when that is as wide as the run's lines: ``pdftotext`` prints a
    headline and the first line of the first column under it as one block (``第三章市场环境`` ⏎
    ``第十九条 国家持续深化``). (A subtitle as wide as the columns' lines is taken for one too: the
    text alone hardly tells them apart, see the known failure in tests/test_interleave.py.)"""
    singles = [b[0].cells for b in blocks if len(b) == 1]
    width = statistics.median(singles) if singles else 0
    runs: list[list[Line]] = [[]]
    before: dict[int, Line] = {}  # run → the last line of the block before it
    prev: list[Line] | None = None
    for b in blocks:
        if len(b) == 1 or (
            len(b) <= UNIT_LINES
            and all(FULL * width <= ln.cells <= width / FULL for ln in b[:-1])
            and b[-1].cells <= width / FULL
            and b[-1].end - b[0].start == sum(len(ln.text) + 1 for ln in b) - 1  # (no \r)
            and not _headed(b)
        ):
            if not runs[-1] and len(b) == 1 and prev is not None and len(prev) > 1:
                before[len(runs) - 1] = prev[-1]
            runs[-1].append(b[0] if len(b) == 1 else _unit(b))
        elif runs[-1]:
            runs.append([])
        prev = b
    out = []
    for r, run in enumerate(runs):
        first = before.get(r)
        alone = [ln.cells for ln in run if "\n" not in ln.text]
        # (Tesseract --psm 3 leaves blank lines inside paragraphs: blocks of one and two lines
        # there. Counting only one-line blocks, and no more than a quarter of others, keeps its
        # text as it reads: tune pages' psm 3 CER 26.93 -> 27.00% otherwise.)
        if not alone or 4 * (len(run) - len(alone)) > len(run):
            continue
        width = statistics.median(alone)
        if width > COLUMN_CELLS:
            continue  # paragraphs, one a line (a Markdown converter's, the seed pages'): no column
        opened = first is not None and FULL * width <= first.cells <= width / FULL
        if len(alone) + opened >= MIN_LINES:
            out.append([first, *run] if first is not None and opened else run)
    return out


#: The most lines a block of a run may hold (:func:`_runs_of_small_blocks`).
UNIT_LINES = 2
#: The widest (median) line of a run that may be columns printed in turn, in cells: half a
#: broadsheet's line of some 100 ideographs. (On the corpus and 39 fresh pages no interleave
#: was found in a run wider than 40 cells; runs of 94–228 cells are one paragraph a line, and
#: looking through them for columns cost `columns` 2.4× its time per character on 1M
#: characters of one-paragraph blocks against 1k: ``benchmarks/pass_scale.py``.)
COLUMN_CELLS = 100


def _headed(block: list[Line]) -> bool:
    """Does a small block open with a section's heading (``三、2021年重点工作（续）`` ⏎
    ``面对新的任务和挑战，各``)? Then it opens another article: the run must end there, not
    read the block as one more line of a column (without this test, a page typeset from the
    tune texts, two articles one under the other, went from 29% to 65% CER; with it, 29%)."""
    return section_head(block[0].body)


def _unit(block: list[Line]) -> Line:
    """The lines of a small block as one line of a run: from the first's start to the last's end."""
    text = "\n".join(ln.text for ln in block)
    return Line(block[0].start, block[-1].end, text, block[0].indent)


def _interleave_edits(text: str, run: list[Line]) -> list[Edit]:
    """The edits that regroup each interleave of a run of small blocks, one after another."""
    edits: list[Edit] = []
    bodies = [ln.body.replace("\n", "") for ln in run]
    pos = 0
    gains = Gains(bodies)
    while len(run) - pos >= MIN_LINES:  # one interleave after another: an article under another
        found = find(bodies, pos, gains)
        if found is None:
            pos += SCAN_STEP  # (lines that do not open one: a headline, a stretch of one column)
            continue
        edits += _regroup(text, run, found)
        pos = found.end
    return edits


#: How many lines of a run are passed over where no interleave opens, before looking again.
SCAN_STEP = 4


def _regroup(text: str, run: list[Line], found: Interleave) -> list[Edit]:
    """Gather the lines of each column of an interleave: the first column's stay where they are
    (as one block of lines), the others' follow it, column by column, each a block."""
    cols = found.columns()
    first = set(cols[0])
    why = f"{len(cols)} columns printed one line of each in turn"
    at = run[found.end - 1].end
    edits: list[Edit] = []
    for i in range(found.start + 1, found.end):
        prev, ln = run[i - 1], run[i]
        if i in first:  # a blank line between two lines of the first column: one block now
            edits.append(Edit(prev.end, ln.start, "\n", NAME, "interleaved", 0.8, why))
        else:
            edits.append(Edit(prev.end, ln.end, "", NAME, "interleaved", 0.8,
                              f"{why}: read after the first column (to offset {at})"))  # fmt: skip
    for c, col in enumerate(cols[1:], 2):
        for j, i in enumerate(col):
            ln = run[i]
            src = ln.end - len(ln.text.lstrip())  # the line's text, without its indentation
            edits.append(
                Edit(at, at, ("\n\n" if j == 0 else "\n") + text[src : ln.end], NAME,
                     "interleaved", 0.8, f"{why}: line {j + 1} of column {c}, moved here from "
                     f"offset {src}", source=src)
            )  # fmt: skip
    return edits


_GAP_CHARS = " \u3000" + RULE_CHARS


def _gap_before(text: str, at: int) -> int:
    """The spaces and rule marks right before offset ``at`` (a gutter)."""
    k = at
    while k > 0 and text[k - 1] in _GAP_CHARS:
        k -= 1
    return at - k


#: How a cut's reason names the marks it deletes from the gutters.
SPECKS = "; specks in the gutters, read as marks: "


def _specks(text: str, start: int, end: int, pasted: list[Piece]) -> str:
    """What a cut from ``start`` to ``end`` deletes besides whitespace, column rules and the
    pieces ``pasted`` elsewhere, said in the cut's reason: marks in the gutters, which a degraded
    scan's OCR reads in a rule's or a speck's place (``降低企业 ， 工商户``).

    >>> _specks("甲乙 ， 丙丁 | 戊", 2, 11, [Piece(5, 7, 5), Piece(10, 11, 10)])
    '; specks in the gutters, read as marks: ，'
    """
    gaps, pos = [], start
    for p in sorted(pasted):
        gaps.append(text[pos : max(pos, p.start)])
        pos = max(pos, p.end)
    gaps.append(text[pos:end])
    marks = gutter_marks("".join(gaps))
    return SPECKS + marks if marks else ""


def _edits(
    text: str,
    band: list[Line],
    starts: list[int],
    cells: list[list[Cell]],
    heads: list[tuple[int, list[Piece]]] | None = None,
) -> list[Edit]:
    """Keep the first column's pieces where they are; cut the rest of each line; paste the other
    columns' pieces, column by column, after the band's last line. ``heads``: headlines of the
    articles side by side above the band, each pasted before its article's first column."""
    at = band[-1].end
    edits: list[Edit] = []
    heads = heads or []
    why = "headlines of articles side by side: read after the first column, each before its "
    for k in range(len(heads[0][1]) if heads else 0):  # cut each headline row after its first
        p = heads[0][1][k]
        end = heads[-1][1][k].end
        line_end = text.find("\n", end)
        span = p.start - _gap_before(text, p.start), len(text) if line_end < 0 else line_end
        specks = _specks(text, *span, [parts[k] for _, parts in heads])
        edits.append(Edit(*span, "", NAME, "column", 0.85, why + "article's columns" + specks))
    moved: list[tuple[int, int, Piece]] = []  # (column, line, piece)
    last_emptied = False
    why = f"columns side by side: read after the first column (to offset {at})"
    for i, (ln, row) in enumerate(zip(band, cells, strict=True)):
        first = row[0].piece if row and row[0].column == 0 else None
        pasted = [c.piece for c in row if c.column > 0]
        if first is not None:
            cut = (first.end, ln.end) if first.end < ln.end else None
        elif i + 1 < len(band):
            cut = ln.start, band[i + 1].start
        else:
            cut = ln.start, ln.end
            last_emptied = True
        if cut is not None:
            specks = _specks(text, *cut, pasted)
            edits.append(Edit(*cut, "", NAME, "column", 0.9, why + specks))
        moved += [(c.column, i, c.piece) for c in row if c.column > 0]
    moved.sort(key=lambda m: m[0])  # (stable: each column's pieces stay in line order)
    # an indented piece starts a paragraph, where positions are exact enough to tell (-layout:
    # a column's lines start within a position of each other; OCR's drift more)
    by_column: dict[int, list[Piece]] = {}
    for col, _, p in moved:
        by_column.setdefault(col, []).append(p)
    steady = {col: _steady(ps, starts[col - 1]) for col, ps in by_column.items()}
    todo = list(heads)
    for k, (col, i, p) in enumerate(moved):
        lead = "" if k == 0 and last_emptied else "\n"
        while todo and todo[0][0] <= col:
            edits += _pasted_heads(text, at, *todo.pop(0), lead)
            lead = "\n\n"  # a blank line after an article's headlines
        indent = "  " if steady[col] and p.pos - starts[col - 1] >= 2 else ""
        edits.append(
            Edit(at, at, lead + indent + text[p.start : p.end], NAME, "column", 0.9,
                 f"column {col + 1}, line {i + 1} of the band: moved here from offset {p.start}",
                 source=p.start)
        )  # fmt: skip
    for col, parts in todo:  # an article with no text in this band: its headlines still come
        edits += _pasted_heads(text, at, col, parts, "" if last_emptied and not moved else "\n")
    return edits


def _pasted_heads(text: str, at: int, col: int, parts: list[Piece], lead: str) -> list[Edit]:
    """Paste the headline pieces of the article starting in column ``col`` at ``at``, a blank
    line before them (``…开展群众性的文`` ⏎⏎ ``宪法的第二篇文章的标题`` ⏎ ``副标题``)."""
    out = []
    lead += "\n"
    for h in parts:
        out.append(
            Edit(at, at, lead + text[h.start : h.end], NAME, "column", 0.85,
                 f"a headline of the article from column {col + 1}: moved here from offset "
                 f"{h.start}", source=h.start)
        )  # fmt: skip
        lead = "\n"
    return out


def _steady(column: list[Piece], start: int) -> bool:
    """Do 70% of a column's pieces start within a position of its start (``-layout``)?"""
    return sum(abs(p.pos - start) <= 1 for p in column) / len(column) >= 0.7
