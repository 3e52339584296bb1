"""How ``columns`` finds the runs of lines that may hold a band of columns: lines between blank
lines, and the blank lines that do not end a run, which Tesseract ``--psm 4`` leaves inside a
band of columns and ``pdftotext -layout`` prints where the columns' rows stop lining up.

>>> from ocrfix.layout import lines
>>> from ocrfix.passes.columns.bands import Rows
>>> row = "第{}行左栏的正文内容较长      第{}行右栏的正文内容"
>>> page = list(lines("\\n\\n".join(row.format(i, i) for i in range(3))))
>>> [len(run) for run in find_runs(page, Rows(page))]
[3]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ocrfix.layout import Line
from ocrfix.layout.gutters import TOLERANCE, Piece, column_of, piece_text, ruled
from ocrfix.layout.patterns import RULE, RUNNING_MARK, section_head
from ocrfix.passes.columns.starts import column_edges, find_starts, running_piece

if TYPE_CHECKING:
    from ocrfix.passes.columns.bands import Rows


def find_runs(all_lines: list[Line], row_of: Rows) -> list[list[Line]]:
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
                or _ruled_later(runs[-1], rows, ln, edge)
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


def _ruled_later(run: list[Line], rows: dict[int, list[Piece]], line: Line, edge: int) -> bool:
    """Does ``line``, the first after a blank line, go on with ``run`` in its later columns: a
    row of the run's last three splits from its left ``edge`` (the rows after it may be a row
    whose gutters OCR lost, or one column's line), and ``line`` holds running text after a rule
    or after OCR's specks, its first columns empty (``        | 利新产品市场准入，推进内外贸``,
    ``     1    1， 上，推动中美平等互利``: Tesseract ``--psm 4`` prints an empty column's rule,
    or a speck where it was, and spaces for it)? (``pdftotext -layout`` prints no rules:
    :func:`_in_grid` reads its positions instead.)"""
    row = rows[line.start]
    if not row or not any(
        len(r) >= 2 and abs(r[0].pos - edge) <= TOLERANCE for r in (rows[x.start] for x in run[-3:])
    ):
        return False
    specks = 0
    while len(row) > 1 and row[0].end - row[0].start <= 2:
        row = row[1:]  # (OCR's noise before the rule: ``1    | 费，取消对二手车交易…``)
        specks += 1
    return (
        row[0].pos > edge + TOLERANCE
        and (specks > 0 or RULE.search(line.text, 0, row[0].start - line.start) is not None)
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
    return keeps_positions(run, row_of, edges)


def keeps_positions(run: list[Line], row_of: Rows, edges: list[int]) -> bool:
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
