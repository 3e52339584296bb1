"""How ``columns`` finds its bands in the runs of lines printed side by side (:mod:`.runs`), which
column each piece of a line belongs to (where the columns start: :mod:`.starts`), and the
headlines of articles set side by side above a band.

>>> from ocrfix.layout import lines
>>> row = "第{}行左栏的正文内容较长      第{}行右栏的正文内容"
>>> page = list(lines("\\n".join(row.format(i, i) for i in range(3))))
>>> [len(band) for band in find_bands(page, Rows(page))]
[3]
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING, NamedTuple

import regex

from ocrfix.layout import Line
from ocrfix.layout.gutters import (
    TOLERANCE,
    Piece,
    column_of,
    cut_near,
    has_gutter,
    nearest,
    piece_text,
    piece_widths,
    pieces_and_evidence,
    reach,
    split_at,
)
from ocrfix.layout.patterns import RULE_CHARS, RUNNING_MARK, section_head
from ocrfix.passes.columns.heads import side_by_side, specked_head
from ocrfix.passes.columns.runs import find_runs, keeps_positions
from ocrfix.passes.columns.shifts import shifted
from ocrfix.passes.columns.starts import (
    column_edges,
    find_starts,
    merged_last,
    running_piece,
)
from ocrfix.resources.joins import headline_shaped

if TYPE_CHECKING:
    from ocrfix.passes.columns import ColumnsOptions


class Rows(dict[int, list[Piece]]):
    """Each line's pieces by its ``start``, cut once: bands, runs and reads all ask for them;
    the column starts of each band, found once (a band is often its whole run); and their
    columns, assigned once for each set of column starts (a band is read with the starts its
    run found, unless headlines cut the run)."""

    def __init__(self, all_lines: list[Line]):
        # (a full stop between single spaces may be a gutter's speck or OCR's spaces around
        # a stop in running text: it cuts a line only where columns and runs are looked for)
        both = {ln.start: pieces_and_evidence(ln) for ln in all_lines if not ln.blank}
        super().__init__((start, plain) for start, (plain, _) in both.items())
        self.evidence = {start: stopped for start, (_, stopped) in both.items()}
        self.assigned: dict[tuple[int, tuple[int, ...]], list[Cell]] = {}
        self.found: dict[tuple[int, ...], list[int]] = {}
        self.widths: dict[int, int] = {}  # the full line of each line's run

    def of(self, band: list[Line]) -> list[list[Piece]]:
        """The pieces of each line of ``band``."""
        return [self[ln.start] for ln in band]

    def evidence_of(self, band: list[Line]) -> list[list[Piece]]:
        """The pieces of each line of ``band``, cut at spaced full stops too."""
        return [self.evidence[ln.start] for ln in band]

    def starts(self, band: list[Line]) -> list[int]:
        """Where the columns of ``band`` start (:func:`.starts.find_starts`)."""
        key = tuple(ln.start for ln in band)
        got = self.found.get(key)
        if got is None:
            got = self.found[key] = find_starts(band, self)
        return list(got)

    def cells(self, band: list[Line], starts: list[int]) -> list[list[Cell]]:
        """Each line's pieces by column for these column ``starts`` (assigned once), a column's
        line as wide as the full lines of the run it was first read in (:func:`_line_width`)."""
        key = tuple(starts)
        width = None
        out = []
        for ln in band:
            got = self.assigned.get((ln.start, key))
            if got is None:
                # (the width its run found, as its starts: a band reads its run's assignment)
                width = _line_width(self.of(band)) if width is None else width
                line_width = self.widths.setdefault(ln.start, width)
                got = _assign(ln, self[ln.start], starts, line_width)
                self.assigned[ln.start, key] = got
            out.append(got)
        return out


def _line_width(rows: list[list[Piece]]) -> int:
    """How wide a column's full line is: three in four of the pieces of rows that split are no
    wider (short last lines and OCR's broken pieces make many narrower)."""
    widths = piece_widths(rows)
    return widths[len(widths) * 3 // 4] if widths else 0


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
    for run in find_runs(all_lines, row_of):
        rows = row_of.of(run)
        if all(len(r) < 2 for r in rows):
            continue  # no line splits: nothing side by side here
        starts = row_of.starts(run)
        cells = row_of.cells(run, starts)
        split = [len({c.column for c in row}) >= 2 for row in cells]
        firsts = sorted(row[0].piece.end - row[0].piece.start
                        for row, s in zip(cells, split, strict=True) if s)  # fmt: skip
        if not firsts:
            continue
        short = 0.7 * firsts[len(firsts) // 2]
        edges = column_edges(rows, starts)
        exact = keeps_positions(run, row_of, edges)
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


#: A column rule at a line's start, after the spaces of any empty column before it.
_RULED_START = regex.compile(rf"^\s*[{RULE_CHARS}]")


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
    # (a run's starts decide where its bands end; a band's own rows tell two columns merged)
    starts = merged_last(row_of.starts(band), row_of.evidence_of(band))
    if not starts:
        return None
    cells = row_of.cells(band, starts)
    # (OCR prints a row from the left edge whatever columns it holds; -layout keeps positions)
    moved = shifted(band, cells, len(starts) + 1)
    edges = column_edges(row_of.of(band), starts) if moved is not cells else []
    if edges and not keeps_positions(band, row_of, edges):
        cells = moved
    split = sum(1 for row in cells if len({c.column for c in row}) >= 2)
    sizes = sorted(c.piece.end - c.piece.start for row in cells for c in row)
    if (
        split < max(3, options.min_split_share * len(band))
        or sizes[len(sizes) // 2] < options.min_piece_chars
    ):
        return None
    running = (
        1 for ln, row in zip(band, cells, strict=True) for c in row if running_piece(ln, c.piece)
    )
    # (counted only until half the pieces are running text: most bands are, early on)
    need = math.ceil(0.5 * len(sizes))
    return (starts, cells) if sum(itertools.islice(running, need)) >= need else None


def _assign(line: Line, row: list[Piece], starts: list[int], width: int = 0) -> list[Cell]:
    """Each piece's column (the nearest column start), pieces running over a later column start
    cut at a single space there, pieces as wide as two columns' lines of ``width`` cut in two
    (:func:`_pair`), and pieces of one column merged. A row OCR printed from a rule
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
    floor = 0  # the column of a piece cut from the one before it as its neighbour, or later
    while todo:
        p = todo.pop(0)
        col = max(floor, nearest(edges, p.pos))
        floor = 0
        over = p.end - line.start - TOLERANCE  # a later column start before it is run over
        # (starts ascend: if the next column's start is not run over, no later one is)
        later = starts[col] if col < len(starts) and starts[col] < over else None
        cut = split_at(line, p, later, reach(edges, later)) if later is not None else None
        if cut is not None:
            todo[:0] = list(cut)
            continue
        # (the pitch alone is too narrow where OCR's drift made one column two)
        measure = max(edges[col + 1] - edges[col], width) if col < len(starts) else 0
        pair = _pair(line, p, measure) if measure else None
        if pair is not None:
            p, right = pair
            todo.insert(0, right)
            floor = col + 1
        if out and out[-1].column >= col:  # a double space inside a column's text
            prev = out.pop()
            out.append(Cell(prev.column, Piece(prev.piece.start, p.end, prev.piece.pos)))
        else:
            out.append(Cell(col, p))
    return out


#: A piece this many times as wide as its column's pitch (or full line) is two columns' lines:
#: OCR read their gutter as one space and drew the row together, so that it ends before the next
#: column's start (tune heavy scans: 28 to 40 positions in columns 16 to 20 apart; a column's own
#: line is no wider than its pitch).
_PAIR = 1.6
#: ... and each half at least this share of the pitch: a column's line, most of it.
_HALF = 0.6


def _pair(line: Line, piece: Piece, pitch: int) -> tuple[Piece, Piece] | None:
    """A piece about twice as wide as its column's ``pitch`` (or its full lines), cut at the
    single space nearest its middle, both halves most of a column's line and running text
    (four ideographs or more): the lines of two columns side by side whose gutter OCR read as
    one space.

    >>> from ocrfix.layout import lines
    >>> (ln,) = lines("实诉讼主体的实名手机号码、居民身 在线下进一步核实身份，确有必要")
    >>> [piece_text(ln, p) for p in _pair(ln, Piece(0, len(ln.text), 0), 19)]
    ['实诉讼主体的实名手机号码、居民身', '在线下进一步核实身份，确有必要']
    >>> _pair(ln, Piece(0, len(ln.text), 0), 24) is None
    True
    """
    width = piece.end - piece.start
    if width < _PAIR * pitch:
        return None
    at = piece.start - line.start  # the piece's span in its line's text
    # each half most of a column's line (not a headline's ``第五节…和地方 各级人民政``, nor an
    # article's number before its text, ``第九十七条 省、直辖市…``)
    least = round(_HALF * pitch)
    halves = cut_near(line, piece, at + least, at + width - least, at + width / 2)
    if halves is not None and all(running_piece(line, half) for half in halves):
        return halves
    return None
