"""Columns printed in turn: one line of each column, row by row, each line a block of its own.

``pdftotext`` (default mode) reads narrow, justified columns whose lines share baselines as
rows, and prints each row's lines one after the other, a blank line between each::

    第三十八条 县级以上地方人民          ← column 1, line 1
    第三十九条 人力资源社会保障          ← column 2, line 1
    政府应当建立农民工工资支付监控预      ← column 1, line 2
    行政部门、相关行业工程建设主管部      ← column 2, line 2

Read in that order, every line jumps to another column. The page itself says how many columns
there are: the text runs on from a line to the line ``k`` lines later far better than to the
next one (the character LM across the break, :meth:`CharLM.break_gain`), for one ``k`` alone.

>>> one = ["第三十八条县级以上地方人民", "政府应当建立农民工工资支付", "监控预警平台实现信息共享",
...        "机制，对欠薪问题依法及时处", "置，并将情况向社会公开发布", "接受群众的监督和批评建议。"]
>>> two = ["第三十九条人力资源社会保障", "行政部门相关行业工程建设主", "管部门应当按照职责加强监管",
...        "对建设单位和施工单位落实工", "资支付制度的情况进行检查，", "发现问题的应当责令其改正。"]
>>> find(["青溪日报", *(line for row in zip(one, two) for line in row)])
Interleave(start=1, end=13, period=2)

Real rows are less regular than that: a paragraph's spacing moves a column's next line out of
the row it would share (the row then lacks that column), and a column ends before the others.
So once the period and the stretch are known, each line is given to its column row by row
(:func:`_track`): the next column in turn, unless the text runs on clearly better in a later
one — a row may leave a column out, at a cost.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ocrfix.resources.charlm import char_lm
from ocrfix.resources.joins import ends_sentence, headline_shaped

#: The most columns looked for.
MAX_PERIOD = 8
#: How much better (mean log10 gain across the break) the text must run on at the period than
#: at any other distance but the one a line shorter, the next line included. Measured on
#: interleaves built from the tune split's texts (2–5 columns, lines of 12–20 characters): the
#: true period scores −0.0 to 0.8, every other distance −0.3 to −0.8. On the tune pages typeset
#: in fonts whose columns share baselines (``nanxi-evening-*``), columns that end one after
#: another blur the period's lead: 0.2 reads two more of them (benchmarks/interleave.py as it
#: was at 4ab6ad1, regular cases only: tune CER 24.3 → 23.7% and 57.2 → 55.8%, 3 more of the
#: 540 cases made worse). The distance a line shorter is no rival (a row leaving a column out
#: reads on there too): tune interleaves 52.3 → 50.8% CER, rough and shifted ones 56.0 → 53.7%
#: and 64.7 → 63.2%; texts in order still left alone, 261 of 261.
MARGIN = 0.2
#: A period one longer than the best that reads on within this much as well is the period: a
#: row that leaves a column out brings the next lines of the columns after it a line nearer
#: (and the skipped column's own 2k − 1 further), never one further (tune interleaves 50.8 ->
#: 49.9% CER at 0.2, 50.2% at 0.1 and 0.3, 51.2% at 0.4; the tune pdftotext pages 46.5 -> 46.0%).
LONGER = 0.2
#: How much worse (summed log10 gain) a longer interleave may read than the best one and still
#: be chosen (tune split interleaves, benchmarks/interleave.py).
SLACK = 0.5
#: A line at least this share of the run's median length is a full line of a column.
FULL = 0.8
#: How many lines (from the first) the period is read from.
WINDOW = 48
#: Fewest rows, and fewest lines, an interleave needs before its period can be told (a masthead,
#: a dateline and an article's first lines can read on two lines later by chance).
MIN_ROWS = 3
MIN_LINES = 12
#: What a row that leaves a column out costs (summed log10 gain), by how the column's last line
#: ends: a full line that does not end a sentence must go on (its next line is only missing from
#: this row if the text says so loudly); a paragraph's last line may be followed by space (its
#: next line sits lower than the row) or end the column. Set on the tune split's interleaves
#: (benchmarks/interleave.py) and its pdftotext pages: with the true period and stretch, the
#: tracker reads 97.0 / 75.1 / 70.3% of the regular / rough / shifted columns' line pairs right
#: at 8 and 2, 97.7 / 80.0 / 75.0% at 2 and 1 (0.5 for an ended line reads rough and shifted
#: rows a little better, regular ones worse: 95.7%); the tune pages' mean CER 47.9 -> 46.6%.
SKIP_OPEN = 2.0
SKIP_END = 1.0
#: What starting a column costs, against giving the line to a column already open: the first
#: line of a column has no line before it to read on from, and an ordinary word boundary
#: across a break gains about 0 (:meth:`CharLM.break_gain`).
OPEN = 0.5
#: How much better a line before the first full row must read on a period later than into
#: the next line to open the interleave (:func:`_first_row`; mean CER of the tune split's
#: interleaves, benchmarks/interleave.py: 59.0% without, 58.9% at 0.5, 58.6% at 1.0, 61.7% at 0.2).
LEAD = 1.0
#: A headline that spans the columns is shorter than this share of the columns' width, and the
#: other lines of its row read on from their columns by less than ``ROW_READS`` (log10 gain):
#: :func:`_spanning_headline` (tune split interleaves, two articles one under the other: CER
#: 57.2% -> 33.8%; one article 20.0% -> 20.3%, a headline inside a column cut as well).
HEADLINE = 0.6
ROW_READS = 0.5
#: Readings kept after each line (against 24: 13 of the 1,188 tune interleaves of
#: benchmarks/interleave.py come out otherwise, the mean CER the same; the tune pages alike).
BEAM = 8


@dataclass(frozen=True)
class Interleave:
    """``lines[start:end]`` are the rows of ``period`` columns printed in turn."""

    start: int
    end: int
    period: int
    #: each column's lines, as tracked row by row (:func:`_track`)
    cols: tuple[tuple[int, ...], ...] = field(repr=False, compare=False)

    def columns(self) -> list[list[int]]:
        """The indices of each column's lines, column by column, top to bottom."""
        return [list(c) for c in self.cols]


def _gain(a: str, b: str) -> float:
    return char_lm().break_gain(a, b)


class Gains:
    """How well each line reads on into another (:meth:`CharLM.break_gain`), each pair read
    once, and the running sums of the gains at each distance: the period of a stretch of lines
    is their mean, and a caller that looks for interleaves line after line along a run of a
    thousand blocks pays for each mean a subtraction, not a reading of the window again."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = lines
        self._read: dict[tuple[int, int], float] = {}
        self._sums: dict[int, list[float]] = {}  # distance → sums of the gains up to each line

    def __call__(self, i: int, j: int) -> float:
        got = self._read.get((i, j))
        if got is None:
            got = self._read[i, j] = _gain(self.lines[i], self.lines[j])
        return got

    def mean(self, k: int, lo: int, hi: int) -> float:
        """The mean gain of reading line ``i`` on into line ``i + k``, for ``lo <= i < hi``."""
        sums = self._sums.setdefault(k, [0.0])
        while len(sums) <= hi:
            i = len(sums) - 1
            sums.append(sums[-1] + self(i, i + k))
        return (sums[hi] - sums[lo]) / (hi - lo)


def find(lines: Sequence[str], begin: int = 0, gains: Gains | None = None) -> Interleave | None:
    """The first interleave among ``lines[begin:]`` (each a block of its own, in the order
    printed), if the text says there is one.

    The period is the distance at which lines run on best (by :data:`MARGIN` over any other).
    Lines before and after the interleave (a headline, a dateline, a jump line, another article)
    stay in place: it starts at the first row of full-width lines, goes on while its rows run on
    from the row before, and ends where the reading order it gives reads best (the sum of the
    gains across every break). ``gains``: what a caller that looks again further on in the same
    lines has read so far.
    """
    if len(lines) - begin < MIN_LINES:
        return None
    gain = gains if gains is not None else Gains(lines)
    # the period of the first stretch: an article under it may have another
    window = lines[begin : begin + WINDOW]
    w = len(window)
    scores = {k: gain.mean(k, begin, begin + w - k) for k in range(1, min(MAX_PERIOD, w // 2) + 1)}
    if len(scores) < 2:
        return None
    k = max(scores, key=lambda p: scores[p])
    if k + 1 in scores and scores[k + 1] >= scores[k] - LONGER:
        k += 1  # (rows that leave a column out make a period read on a line short, never long)
    # (a row that leaves a column out brings the next line of the columns after it one line
    # nearer: the distance a line short of the period reads on well too, and is no rival)
    rest = [v for p, v in scores.items() if p not in (k, k - 1)]
    n = len(lines)
    if k == 1 or scores[k] - max(rest) < MARGIN or n - begin < max(MIN_ROWS * k, MIN_LINES):
        return None
    # The first row is the first k lines in a row of about the column's width (a headline, a
    # dateline or a masthead line before it is shorter); where it ends is where the whole run
    # reads best, and it must read better than as printed.
    width = statistics.median(len(ln) for ln in window)
    reach = 2 * k + 6  # how many lines may stand before or after the interleave
    start = next(
        (
            i
            for i in range(begin, min(begin + reach, n - MIN_ROWS * k) + 1)
            if all(len(ln) >= FULL * width for ln in lines[i : i + k])
        ),
        None,
    )
    if start is None:
        return None
    start = _first_row(start, begin, k, gain)
    # the interleave goes on while the lines of its rows run on from the line a period before
    # (rather than from the line before): three rows in a row where most do not end it
    last, misses = n, 0
    for j in range(start + k, n, k):
        row = range(j, min(n, j + k))
        if 2 * sum(gain(i - k, i) > gain(i - 1, i) for i in row) < len(row):
            misses += 1
            if misses == 3:
                last = j + k  # these rows may still hold the short last lines of the columns
                break
        else:
            misses = 0
    # Every end up to there, each read over the same stretch of lines (to ``stop``): the
    # columns, then the lines after the end as printed. Sums kept as prefix sums, so that each
    # end costs a few additions, not a reading of the whole run.
    last = _spanning_headline(lines, start + MIN_ROWS * k, min(n, last), k, width, gain)
    stop = min(n, last + reach)
    along = list(itertools.accumulate((gain(i, i + k) for i in range(start, stop - k)), initial=0))
    after = list(itertools.accumulate((gain(i, i + 1) for i in range(start, stop - 1)), initial=0))

    def score(end: int) -> float:
        total = along[end - k - start]  # each column's lines, read on one to the next
        for c in range(k):  # the last line of each column, on into the next column or the rest
            tail = end - 1 - (end - 1 - start - c) % k
            nxt = start + c + 1 if c + 1 < k else end
            if nxt < min(end, stop) or (c + 1 == k and end < stop):
                total += gain(tail, nxt)
        rest = after[stop - 1 - start] - after[min(end, stop - 1) - start]
        return total + rest  # and the lines after it, as printed

    found = [(score(end), end) for end in range(start + MIN_ROWS * k, last + 1)]
    if not found:
        return None
    top = max(sc for sc, _ in found)
    if top <= after[stop - 1 - start]:
        return None
    # the last row's lines may be the short last lines of paragraphs, which read into anything
    # about as badly: of the ends that read about as well as the best, the last
    end = max(e for sc, e in found if sc >= top - SLACK)
    measure = statistics.median(len(lines[i]) for i in range(start, end))
    ended = [False] * start  # (only the interleave's lines are read)
    ended += [ends_sentence(ln) or len(ln) < FULL * measure for ln in lines[start:end]]
    cols = _track(range(start, end), k, gain, ended)
    return Interleave(start, end, k, tuple(map(tuple, cols)))


def _first_row(start: int, begin: int, k: int, gain: Callable[[int, int], float]) -> int:
    """Where the interleave whose first full row is at ``start`` begins: up to ``k - 1`` lines
    earlier, where a line there reads on into the line a period later clearly better (by
    :data:`LEAD`) than into the next one. A column may open with the short last line of a
    paragraph (``长的人选；``), and the first row is then not all full."""
    for s in range(max(begin, start - k + 1), start):
        if any(gain(i, i + k) > max(gain(i, i + 1), 0.0) + LEAD for i in range(s, start)):
            return s
    return start


def _spanning_headline(
    lines: Sequence[str], first: int, last: int, k: int, width: float,
    gain: Callable[[int, int], float],
) -> int:
    """``last``, or the first headline from ``first`` on that spans the columns: a short line
    without a sentence's punctuation (``青溪一中“校园农场”开课了``) that no line of its row reads
    on from the line a period before (by :data:`ROW_READS`). A second article set under the first
    starts there; a headline inside a column (``作走深走实``) shares its row with the other columns'
    running text."""
    for j in range(first, last):
        line = lines[j]
        if len(line) >= HEADLINE * width or ends_sentence(line) or not headline_shaped(line):
            continue
        if not any(gain(i - k, i) > ROW_READS for i in range(j + 1, min(len(lines), j + k))):
            return j
    return last


# A reading so far: (score, the last line of each column or -1, the column of the last line, the
# lines' columns as a linked list (line, column, rest)).
_Link = tuple[int, int, "_Link"] | None
_Reading = tuple[float, tuple[int, ...], int, _Link]


def _track(
    lines: range, k: int, gain: Callable[[int, int], float], ended: Sequence[bool]
) -> list[list[int]]:
    """Each line's column, row by row: a beam of the likeliest readings, each line given to the
    next column in turn or, leaving columns out of the row (:data:`SKIP_OPEN`,
    :data:`SKIP_END`), to a later one; columns open left to right.
    ``ended[i]``: line ``i`` ends a paragraph (its column's next line may start anywhere).
    See ``test_a_row_without_a_column_is_tracked`` (tests/test_interleave.py) for a case:
    ``…十八周岁的公民都有选举权。`` ends its column's paragraph, the next row lacks that column."""
    beam: list[_Reading] = [(0.0, (-1,) * k, k - 1, None)]
    for line in lines:
        grown: dict[tuple[tuple[int, ...], int], _Reading] = {}
        for score, last, cur, link in beam:
            skipped = 0.0
            for step in range(1, k + 1):
                c = (cur + step) % k
                if last[c] < 0 and -1 in last[:c]:
                    break  # columns open in order
                here = -OPEN if last[c] < 0 else gain(last[c], line)
                tails = (*last[:c], line, *last[c + 1 :])
                if grown.get((tails, c), (-math.inf,))[0] < score + here - skipped:
                    grown[tails, c] = (score + here - skipped, tails, c, (line, c, link))
                skipped += SKIP_END if last[c] >= 0 and ended[last[c]] else SKIP_OPEN
        beam = sorted(grown.values(), key=lambda r: -r[0])[:BEAM]
    cols: list[list[int]] = [[] for _ in range(k)]
    link = beam[0][3]
    while link is not None:
        line, c, link = link
        cols[c].append(line)
    return [col[::-1] for col in cols if col]
