"""How ``columns`` finds its bands: the runs of lines printed side by side, which column each
piece of a line belongs to (where the columns start: :mod:`.starts`), and the headlines of
articles set side by side above a band.

>>> from ocrfix.layout import lines
>>> row = "第{}行左栏的正文内容较长      第{}行右栏的正文内容"
>>> page = list(lines("\\n".join(row.format(i, i) for i in range(3))))
>>> [len(band) for band in find_bands(page, Rows(page))]
[3]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import regex

from ocrfix.layout import Line
from ocrfix.layout.gutters import (
    TOLERANCE,
    Piece,
    column_of,
    has_gutter,
    nearest,
    piece_text,
    pieces_and_evidence,
    reach,
    ruled,
    split_at,
)
from ocrfix.layout.patterns import RULE, RULE_CHARS, RUNNING_MARK
from ocrfix.passes.columns.heads import section_head, side_by_side, specked_head
from ocrfix.passes.columns.starts import column_edges, find_starts, running_piece
from ocrfix.resources.joins import headline_shaped

if TYPE_CHECKING:
    from ocrfix.passes.columns import ColumnsOptions


class Rows(dict[int, list[Piece]]):
    """Each line's pieces by its ``start``, cut once: bands, runs and reads all ask for them;
    and their columns, assigned once for each set of column starts (a band is read with the
    starts its run found, unless headlines cut the run)."""

    def __init__(self, all_lines: list[Line]):
        # (a full stop between single spaces may be a gutter's speck or OCR's spaces around
        # a stop in running text: it cuts a line only where columns and runs are looked for)
        both = {ln.start: pieces_and_evidence(ln) for ln in all_lines if not ln.blank}
        super().__init__((start, plain) for start, (plain, _) in both.items())
        self.evidence = {start: stopped for start, (_, stopped) in both.items()}
        self.assigned: dict[tuple[int, tuple[int, ...]], list[Cell]] = {}

    def of(self, band: list[Line]) -> list[list[Piece]]:
        """The pieces of each line of ``band``."""
        return [self[ln.start] for ln in band]

    def evidence_of(self, band: list[Line]) -> list[list[Piece]]:
        """The pieces of each line of ``band``, cut at spaced full stops too."""
        return [self.evidence[ln.start] for ln in band]

    def cells(self, band: list[Line], starts: list[int]) -> list[list[Cell]]:
        """Each line's pieces by column for these column ``starts`` (assigned once)."""
        key = tuple(starts)
        out = []
        for ln in band:
            got = self.assigned.get((ln.start, key))
            if got is None:
                got = self.assigned[ln.start, key] = _assign(ln, self[ln.start], starts)
            out.append(got)
        return out


def find_bands(all_lines: list[Line], row_of: Rows) -> list[list[Line]]:
    """Runs of lines between blank lines, cut again at lines that do not split and are short or
    shaped like a headline (no sentence punctuation): two or more in a row (a headline and its
    subtitle, a caption's last line and the next headline), or one before a row of columns that
    has columns above it too or is headline-shaped itself. A line of full column width with
    nothing beside it is column text and does not cut, nor, where the extractor keeps
    positions, a line as wide as the first column's lines in it (``第三十六条 中华人民共和国公民有
    宗教信``, no mark in it); the band's last row may be one column's last line (``仰自由。``).
    A numbered section's head (``二、“十三五”时期发展成就（续）``) cuts wherever it stands."""
    bands: list[list[Line]] = []
    for run in _runs(all_lines, row_of):
        rows = row_of.of(run)
        if all(len(r) < 2 for r in rows):
            continue  # no line splits: nothing side by side here
        starts = find_starts(run, row_of)
        cells = row_of.cells(run, starts)
        split = [len({c.column for c in row}) >= 2 for row in cells]
        firsts = sorted(row[0].piece.end - row[0].piece.start
                        for row, s in zip(cells, split, strict=True) if s)  # fmt: skip
        if not firsts:
            continue
        short = 0.7 * firsts[len(firsts) // 2]
        edges = column_edges(rows, starts)
        exact = _keeps_positions(run, row_of, edges)
        placed = _placed(run, rows, edges, short) if exact else set()
        band: list[Line] = []
        band_split = False  # does the band's last line split into columns?
        quiet: list[Line] = []  # short unsplit lines waiting to see if a second one follows
        heads = False  # is one of them a row of headlines side by side?
        for ln, row, s in zip(run, rows, split, strict=True):
            width = sum(p.end - p.start for p in row)
            # (a single space near a column start may cut a headline's phrases: no gutter)
            alone = (not s or len(row) < 2) and ln.start not in placed
            alone = alone and (width < short or headline_shaped(ln.body))
            heads_row = side_by_side(ln, row, starts)
            # a numbered head across the columns, alone or with a column's line that a skewed
            # page's OCR printed beside it (``第七节监察委员会      ，副主任若干人，``)
            alone = alone or section_head(ln.body) or specked_head(ln, row)
            led = len(row) >= 2 and section_head(piece_text(ln, row[0]))
            alone = alone or (led and not heads_row)
            if alone or heads_row:
                heads = heads or not alone
                quiet.append(ln)
                continue
            # two or more in a row, or one with columns on both sides (nothing beside a line
            # between two rows of columns: a headline across them), or a headline's shape
            # before a row of columns, or lines before any column: headlines, which stay where
            # they are
            across = bool(quiet) and s and bool(band)
            across = across and (band_split or heads or headline_shaped(quiet[-1].body))
            if len(quiet) >= 2 or not band or across:
                bands.append(band)
                band = []
            else:
                band += quiet
            quiet = []
            heads = False
            band.append(ln)
            band_split = s
        last = len(quiet) == 1 and _last_line(quiet[0], row_of[quiet[0].start], edges)
        if band and last and exact:
            band += quiet  # a column's last line, the band's last row
        bands.append(band)
    return [b for b in bands if len(b) >= 3]


#: A column's last line ends so: a sentence, a list item (``；``), or a colon before a list.
_LAST_LINE_END = regex.compile(r"[。；：？！;?!][”’）)]?$")


def _placed(
    run: list[Line], rows: list[list[Piece]], edges: list[int], short: float
) -> set[int]:
    """Lines of one piece that are a column's text whatever their shape, where positions are
    kept (by each line's ``start``): as wide as the first column's lines and in it
    (``第三十六条 中华人民共和国公民有宗教信``), or in a later column, the columns before it empty,
    as wide or with a clause mark (``料与原件、原物一致的。``) — three such lines at least: rows
    that do not line up recur (one alone can be an article's last line, the next article under
    it). A headline across the columns is centred over them, or narrower than a column."""
    full: set[int] = set()
    later: set[int] = set()
    for ln, row in zip(run, rows, strict=True):
        col = column_of(row[0], edges, TOLERANCE) if len(row) == 1 else None
        wide = row[0].end - row[0].start >= short if row else False
        if col == 0 and wide:
            full.add(ln.start)
        elif col and (wide or RUNNING_MARK.search(ln.body)):
            later.add(ln.start)
    return full | later if len(later) >= 3 else full


def _last_line(line: Line, row: list[Piece], edges: list[int]) -> bool:
    """A short line after a band that ends a sentence inside one of its columns: the last line
    of a column, printed below the other columns' last row (headlines do not end a sentence).

    >>> from ocrfix.layout import lines
    >>> from ocrfix.layout.gutters import pieces
    >>> (ln,) = lines("仰自由。")
    >>> _last_line(ln, pieces(ln), [0, 27]), _last_line(ln, pieces(ln), [20, 40])
    (True, False)
    """
    return (
        len(row) == 1
        and column_of(row[0], edges, TOLERANCE) is not None
        and _LAST_LINE_END.search(line.body) is not None
    )


def _runs(all_lines: list[Line], row_of: Rows) -> list[list[Line]]:
    """Runs of lines between blank lines, except a blank line between two rows that both split
    into columns from the same left edge (Tesseract ``--psm 4`` leaves such blank lines inside
    a band of columns), or a single blank line before a row of running text whose pieces all
    stand in the run's columns, its first column empty (``pdftotext -layout`` prints a blank
    line where the columns' rows stop lining up, ``限制公民的人身自由…      的权利；…``). A row
    of columns goes on past a line of its own on either side of the blank line
    (:func:`_goes_on_past`), after a row whose first column is empty (:func:`_resumes`) and
    into one whose first columns are empty and ruled (:func:`_ruled_later`); a row whose
    columns OCR merged into one piece (:func:`_merged`) continues the run when the row under it
    splits from the same left edge."""
    runs: list[list[Line]] = [[]]
    gap = 0  # blank lines since the run's last line
    edge: int | None = None  # the run's left edge: where its leftmost row of columns starts
    rows = row_of.evidence
    for i, ln in enumerate(all_lines):
        if ln.blank:
            gap += bool(runs[-1])
            continue
        last = rows[runs[-1][-1].start] if runs[-1] else []
        if gap == 1 and len(last) < 2 and len(runs[-1]) >= 2:
            last = rows[runs[-1][-2].start]  # (one column's line of its own after the row)
        same = not gap or _same_band(last, rows[ln.start])
        if not same and gap == 1 and edge is not None:
            same = (
                _goes_on_past(all_lines, i, last, rows)
                or _resumes(runs[-1], rows, ln, edge)
                or _ruled_later(last, rows, ln, edge)
            )
        # (two blank lines or more end the run unless the rows split from one left edge: only
        # the continuation into a row whose first columns are empty needs a single one)
        if not same and (gap > 1 or not _in_grid(runs[-1], row_of, ln)):
            runs.append([])
            edge = None
        gap = 0
        row = rows[ln.start]
        if len(row) >= 2:
            edge = row[0].pos if edge is None else min(edge, row[0].pos)
        runs[-1].append(ln)
    return [run for run in runs if run]


#: A column rule at a line's start, after the spaces of any empty column before it.
_RULED_START = regex.compile(rf"^\s*[{RULE_CHARS}]")
#: A clause goes on: a column's line of running text has one, a headline seldom does.
_CLAUSE_COMMA = regex.compile(r"[，；]")


def _goes_on_past(
    all_lines: list[Line], i: int, above: list[Piece], rows: dict[int, list[Piece]]
) -> bool:
    """Does the row of columns ``above`` go on past ``all_lines[i]``, the first line after a
    blank line? Tesseract ``--psm 4`` on a skewed page prints one column's line on a baseline of
    its own, from the left edge, the others' positions lost (``非税收入不合理增长，严厉整治``), or
    a row of rules with a later column's text; the band goes on when the row after that line
    (after one more blank line too, if the line has a clause's comma) splits from the same left
    edge and is running text, not headlines side by side (``三、重点工作 (续)   三、…``). A row
    whose columns OCR merged (:func:`_merged`) is such a line whatever the row after it holds.
    """
    line, row = all_lines[i], rows[all_lines[i].start]
    if len(above) < 2 or len(row) >= 2 or i + 1 >= len(all_lines):
        return False
    merged = _merged(above, row)
    at_edge = not row or abs(row[0].pos - above[0].pos) <= TOLERANCE
    if not (at_edge or RULE.match(line.text)):
        return False  # (an indented line of its own: a headline, centred over the columns)
    after = all_lines[i + 1]
    if after.blank and i + 2 < len(all_lines) and _CLAUSE_COMMA.search(line.body):
        after = all_lines[i + 2]
    return (
        not after.blank
        and _same_band(above, rows[after.start])
        and (merged or RUNNING_MARK.search(after.body) is not None)
    )


def _resumes(run: list[Line], rows: dict[int, list[Piece]], line: Line, edge: int) -> bool:
    """Does ``line``, the first after a blank line, go on with ``run`` (its left ``edge``) whose
    last row has its first column empty (``|        | 利化水平 | 蓝天、碧水、净土…``: Tesseract
    ``--psm 4`` prints a rule or spaces where a column's text ran out)? So it does when it is a
    row of running text from the run's left edge (its columns split, or merged by OCR into one
    piece), unless that last row holds a section's head (``第四章国旗、国歌、国徽``: the run ends
    there)."""
    last, row = rows[run[-1].start], rows[line.start]
    if not (
        len(last) >= 2
        and row
        and last[0].pos > edge + TOLERANCE
        and abs(row[0].pos - edge) <= TOLERANCE
        and RUNNING_MARK.search(line.body) is not None
        and running_piece(line, row[0])
        and not section_head(piece_text(run[-1], last[0]))
    ):
        return False
    if len(row) >= 2:
        return True
    # a row whose columns OCR merged: half as wide again as a column's line at the left edge
    widths = sorted(
        r[0].end - r[0].start
        for r in (rows[x.start] for x in run)
        if len(r) >= 2 and abs(r[0].pos - edge) <= TOLERANCE
    )
    return row[0].end - row[0].start >= 1.5 * widths[len(widths) // 2]


def _ruled_later(
    above: list[Piece], rows: dict[int, list[Piece]], line: Line, edge: int
) -> bool:
    """Does ``line``, the first after a blank line, go on with the run in its later columns:
    the row ``above`` splits from the run's left ``edge``, and ``line`` holds running text after a
    rule, its first columns empty (``        | 利新产品市场准入，推进内外贸产品同线同标``:
    Tesseract ``--psm 4`` prints the rule of a column it found empty, and spaces for it)?
    (``pdftotext -layout`` prints no rules: :func:`_in_grid` reads its positions instead.)"""
    row = rows[line.start]
    if len(above) < 2 or not row:
        return False
    while len(row) > 1 and row[0].end - row[0].start <= 2:
        row = row[1:]  # (OCR's noise before the rule: ``1    | 费，取消对二手车交易…``)
    return (
        abs(above[0].pos - edge) <= TOLERANCE
        and row[0].pos > edge + TOLERANCE
        and RULE.search(line.text, 0, row[0].start - line.start) is not None
        and running_piece(line, row[0])
        and RUNNING_MARK.search(line.body) is not None
    )


def _in_grid(run: list[Line], row_of: Rows, line: Line) -> bool:
    """Does ``line`` continue ``run`` (two rows or more in columns, positions kept) in its
    later columns: each piece in a column, the first column empty, and a clause mark in it, as
    running text has and headlines do not?"""
    rows, row = row_of.of(run), row_of[line.start]
    if not row or sum(1 for r in rows if len(r) >= 2) < 2:
        return False
    if not RUNNING_MARK.search(line.body):
        return False  # headlines between blank lines (``三、重点工作 (续)``), side by side too
    starts = find_starts(run, row_of)
    edges = column_edges(rows, starts)
    cols = [column_of(p, edges, TOLERANCE) for p in row]
    # (a row from the left edge is left to _same_band: OCR prints any column's line there)
    if not starts or None in cols or cols[0] == 0:
        return False
    return _keeps_positions(run, row_of, edges)


def _keeps_positions(run: list[Line], row_of: Rows, edges: list[int]) -> bool:
    """Does the extractor keep positions here, as ``pdftotext -layout`` does: a tenth of the
    lines, two at least, indented to where text of a column starts (a paragraph's first
    line, a row whose first columns are empty)? OCR prints each row from the left edge,
    whatever column its first piece is in, and indents only specks and noise."""
    if ruled(run):
        return False
    placed = 0
    for ln in run:
        row = row_of[ln.start]
        if ln.indent and row and column_of(row[0], edges, TOLERANCE) is not None:
            placed += running_piece(ln, row[0])
    return placed >= max(2, 0.1 * len(run))


def _merged(above: list[Piece], row: list[Piece]) -> bool:
    """One piece from the left edge of a row of columns above it, half as wide again as that
    row's first piece: a row whose gutters a degraded scan's OCR read as single spaces."""
    return (
        len(row) == 1
        and len(above) >= 2
        and abs(row[0].pos - above[0].pos) <= TOLERANCE
        and row[0].end - row[0].start >= 1.5 * (above[0].end - above[0].start)
    )


def _same_band(pa: list[Piece], pb: list[Piece]) -> bool:
    """Two rows split into columns from the same left edge (not a band that starts with its
    first column empty, which ``pdftotext -layout`` prints after a blank line)."""
    return len(pa) >= 2 and len(pb) >= 2 and abs(pa[0].pos - pb[0].pos) <= TOLERANCE


class Cell(NamedTuple):
    """A piece of a line and the column it belongs to (0: the first)."""

    column: int
    piece: Piece


def read_band(
    band: list[Line], row_of: Rows, options: ColumnsOptions
) -> tuple[list[int], list[list[Cell]]] | None:
    """Where the band's columns start and each line's pieces by column; None if it is not
    interleaved text."""
    if not any(has_gutter(ln) for ln in band):
        return None  # specks and spaced stops alone can be chance: OCR spaces inside lines
    starts = find_starts(band, row_of)
    if not starts:
        return None
    cells = row_of.cells(band, starts)
    split = sum(1 for row in cells if len({c.column for c in row}) >= 2)
    sizes = sorted(c.piece.end - c.piece.start for row in cells for c in row)
    han = sum(
        1
        for ln, row in zip(band, cells, strict=True)
        for c in row
        if running_piece(ln, c.piece)
    )
    if (
        split < max(3, options.min_split_share * len(band))
        or sizes[len(sizes) // 2] < options.min_piece_chars
        or han < 0.5 * len(sizes)
    ):
        return None
    return starts, cells


def _assign(line: Line, row: list[Piece], starts: list[int]) -> list[Cell]:
    """Each piece's column (the nearest column start), pieces running over a later column start
    cut at a single space there, and pieces of one column merged. A row OCR printed from a rule
    at the left edge (``| 公民信仰宗教或者不信仰宗教 | 严不受侵犯``: a skewed page, positions
    lost; a few spaces before the rule, ``        | 利新产品…``, are an empty column's, which
    Tesseract prints narrower than its text) holds the second column's text, the third's, and
    so on."""
    out: list[Cell] = []
    edges = [0, *starts]
    ruled_left = _RULED_START.match(line.text) and row and nearest(edges, row[0].pos) == 0
    if ruled_left and len(row) <= len(starts):
        return [Cell(k, p) for k, p in enumerate(row, 1)]
    todo = list(row)
    while todo:
        p = todo.pop(0)
        col = nearest(edges, p.pos)
        over = p.end - line.start - TOLERANCE  # a later column start before it is run over
        later = next((s for s in starts[col:] if over > s), None)
        cut = split_at(line, p, later, reach(edges, later)) if later is not None else None
        if cut is not None:
            todo[:0] = list(cut)
            continue
        if out and out[-1].column >= col:  # a double space inside a column's text
            prev = out.pop()
            out.append(Cell(prev.column, Piece(prev.piece.start, p.end, prev.piece.pos)))
        else:
            out.append(Cell(col, p))
    return out
