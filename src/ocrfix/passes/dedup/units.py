"""Units, sentences and pages of a document, for passes that reason above the line (``dedup``).

A *block* (:class:`ocrfix.layout.blocks.Block`) is what Markdown calls a paragraph: text between
blank lines. Converters break
paragraphs wherever a column or page ended, sometimes in the middle of a word
(``公`` / ``司董事长``), so a block's *unit* is the run of neighbouring blocks that such soft
breaks tie together.

>>> from ocrfix.layout.blocks import split_blocks
>>> bs = split_blocks("甲。\\n\\n随着量产阶段来临，前期资金还有较大缺口。公\\n\\n司董事长林枫说。")
>>> unit_ranges(bs)
[(0, 1), (1, 3), (1, 3)]
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict

import regex
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ocrfix.chars import han_count
from ocrfix.layout.blocks import Block, normalize

_PAGE_NUMBER = regex.compile(
    r"^[^\S\n]*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[/／共]\s*\d+\s*页?)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s+\d{1,4}(?:\s+of\s+\d+)?)[^\S\n]*$",
    regex.MULTILINE,
)
_LINE = regex.compile(r"[^\n]*\n?")
_WHITESPACE = regex.compile(r"\s+")
_LETTER = regex.compile(r"[\p{Han}\p{L}]")
_DIGITS = regex.compile(r"\d+")
_OPEN_QUOTES, _CLOSE_QUOTES = "“‘「『﹁﹃", "”’」』﹂﹄"
_QUOTES = regex.compile(r"[“‘「『﹁﹃”’」』﹂﹄\"]")
# A sentence: up to and including its end punctuation and any closing quotes/brackets.
_SENTENCE = regex.compile(r"[^。！？!?]*[。！？!?]+[”’\"」』）)]*|[^。！？!?]+$")


def unit_ranges(blocks: list[Block], reach: int = 2) -> list[tuple[int, int]]:
    """For each block, the blocks ``[i, j)`` its unit spans: soft-broken body neighbours.

    ``reach`` caps how many neighbours on each side join, which keeps comparisons cheap.

    >>> from ocrfix.layout.blocks import split_blocks
    >>> cut = "随着量产阶段来临，前期资金还有较大缺口。公\\n\\n司董事长林枫说。"
    >>> bs = split_blocks(f"甲。\\n\\n{cut}\\n\\n乙。")
    >>> unit_ranges(bs)
    [(0, 1), (1, 3), (1, 3), (3, 4)]
    """
    n = len(blocks)
    # (read once: both are computed on each read, and each break is looked at from both sides)
    body = [b.body for b in blocks]
    soft = [b.soft_end for b in blocks]
    run_start = list(range(n))
    for i in range(1, n):
        if body[i] and soft[i - 1]:
            run_start[i] = run_start[i - 1]
    run_end = [i + 1 for i in range(n)]
    for i in range(n - 2, -1, -1):
        if body[i + 1] and soft[i]:
            run_end[i] = run_end[i + 1]
    return [(max(run_start[i], i - reach), min(run_end[i], i + reach + 1)) for i in range(n)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the sentences of ``text`` (a block), end punctuation and closing quotes included.

    >>> t = "我市加强服务。我市加强服务。“好！”"
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['我市加强服务。', '我市加强服务。', '“好！”']
    """
    return [m.span() for m in _SENTENCE.finditer(text) if m.group().strip()]


def in_box(blocks: list[Block], i: int, title_max_chars: int, short_chars: int) -> bool:
    """A short block between title-like blocks or headings (or the document's ends): a line of a
    summary box (``导读``) or of a table of contents, whose copy in the article is legitimate.

    >>> box = "导读\\n\\n荷塘：基层治理如何同频共振\\n\\n治理有方，产业兴旺。\\n\\n## 陈恢清调研"
    >>> lead = "株洲日报讯 9月4日，陈恢清在市应急管理局调研。\\n\\n他强调……。"
    >>> from ocrfix.layout.blocks import split_blocks
    >>> bs = split_blocks(f"{box}\\n\\n{lead}")
    >>> in_box(bs, 2, 60, 80), in_box(bs, 4, 60, 80)
    (True, False)
    """
    if len(blocks[i].norm) >= short_chars:
        return False
    ends = (i - 1, i + 1)
    return all(
        not 0 <= j < len(blocks) or blocks[j].heading or blocks[j].title_like(title_max_chars)
        for j in ends
    )


def raw_offset(text: str, norm_pos: int) -> int:
    """The offset in ``text`` of the character at ``norm_pos`` in ``normalize(text)``.

    >>> t = "可 以窥见白关镇"
    >>> t[raw_offset(t, 2):]
    '窥见白关镇'
    """
    seen = 0
    for i, c in enumerate(text):
        if seen >= norm_pos and not c.isspace():
            return i
        seen += len(normalize(c))
    return len(text)


def survival(gone: str, kept: str) -> float:
    """How well normalized text ``gone`` survives in ``kept`` (0..1): its best match inside
    ``kept`` (:func:`aligned`) when ``kept`` is the longer, else the share of ``gone`` that ``kept``
    holds. Either way a lower bound of ``partial_ratio(gone, output)`` for any output that contains
    ``kept``: a deleted block's extra characters count as lost even when the two blocks' ``ratio``
    is high.

    >>> survival("小微信活，就业旺", "小微信活，就业旺，经济兴！")
    1.0
    >>> round(survival("小微信活，就业旺，经济兴！", "小微信活，就业旺"), 2)
    0.62
    """
    if not gone:
        return 1.0
    if len(gone) <= len(kept):
        return aligned(gone, kept)[0]
    return _share(fuzz.ratio(gone, kept) / 100, len(gone), len(kept))


def aligned(gone: str, kept: str) -> tuple[float, int]:
    """The best match of ``gone`` inside the longer ``kept``: its score and where it starts.

    rapidfuzz's ``partial_ratio`` also scores windows shorter than ``gone`` at either end of
    ``kept``; there the characters of ``gone`` beyond the end are lost, so such a window scores
    only the share of ``gone`` it matches (``想打好出口这张牌…发力。`` is no fragment of a
    block that holds only its middle ``出口这张牌…``).

    >>> aligned("出口这张牌", "想打好出口这张牌，农产品")
    (1.0, 3)
    >>> aligned("想打好出口这张牌", "出口这张牌，农产品")[0]
    0.625
    """
    ratio, start, end = best_window(gone, kept)
    width = end - start
    score = ratio / 100
    if width < len(gone):
        score = _share(score, len(gone), width)
    return score, start


#: Longer needles are first located by exact probes: rapidfuzz's ``partial_ratio`` slides a
#: window along the haystack, which on blocks of thousands of characters took seconds a pair.
_ANCHORED = 512
_PROBE = 12


def best_window(needle: str, hay: str, cutoff: float = 0) -> tuple[float, int, int]:
    """``partial_ratio`` of ``needle`` in the longer ``hay`` (0–100) and the window it found,
    in time linear in their lengths for long needles: the window starts where most exact
    12-character probes of ``needle`` place it. A score under ``cutoff`` may come back as 0
    (rapidfuzz then skips the windows that cannot reach it).

    >>> best_window("出口这张牌", "想打好出口这张牌，农产品")
    (100.0, 3, 8)
    """
    if len(needle) <= _ANCHORED:
        al = fuzz.partial_ratio_alignment(needle, hay, score_cutoff=cutoff)
        return (al.score, al.dest_start, al.dest_end) if al else (0.0, 0, 0)
    starts: Counter[int] = Counter()
    for o in range(0, len(needle) - _PROBE + 1, max(_PROBE, len(needle) // 32)):
        p = hay.find(needle[o : o + _PROBE])
        if p >= 0:
            starts[p - o] += 1
    best = (0.0, 0, 0)
    for s, _ in starts.most_common(3):
        lo, hi = max(0, s), min(len(hay), s + len(needle))
        best = max(best, (fuzz.ratio(needle, hay[lo:hi]), lo, hi))
    return best


def contained(needle: str, hay: str, cutoff: float) -> float:
    """How well the shorter of the two lies inside the other (0–100), 0 under ``cutoff``."""
    if len(needle) > len(hay):
        needle, hay = hay, needle
    score = best_window(needle, hay, cutoff)[0]
    return score if score >= cutoff else 0.0


def noise_only(a: str, b: str, overhang: bool = False) -> bool:
    """Whether normalized texts ``a`` and ``b`` could be two OCR reads of one text: they differ
    by scattered misread characters, not by facts. Aligned (Levenshtein), a fact differs where a
    digit meets another digit or nothing (``5.8%`` / ``5.6%``: another number), or where a stretch
    of differences replaces two or more Han characters by two or more (``长沙市`` / ``株洲市``:
    another name). A digit read as a letter (``0`` / ``O``) is noise. ``overhang``: ``b`` is a
    window around the match, so text of ``b`` alone at either end is outside it.

    >>> noise_only("全市增长5.8%", "全省增长5.6%"), noise_only("长沙市：多云", "株洲市：多云")
    (False, False)
    >>> noise_only("泥湫、黄骨鱼养殖业", "泥鳅、黄骨龟养殖业")
    True
    """
    if a == b:
        return True
    if not overhang and b < a:  # one answer for a pair, whichever way round (ties align alike)
        a, b = b, a
    ops = list(Levenshtein.opcodes(a, b))
    if overhang:  # the window's own text before and after the match
        if ops and ops[0].tag == "insert" and ops[0].src_start == 0:
            ops.pop(0)
        if ops and ops[-1].tag == "insert" and ops[-1].src_start == len(a):
            ops.pop()
    han_a = han_b = 0  # Han characters of the current stretch of differences, on each side
    for op in ops:
        if op.tag == "equal":
            han_a = han_b = 0
            continue
        x, y = a[op.src_start : op.src_end], b[op.dest_start : op.dest_end]
        if len(x) == len(y):  # substitutions: a digit may meet a letter, not another digit
            if any(p.isdecimal() and q.isdecimal() for p, q in zip(x, y, strict=True)):
                return False
        elif any(c.isdecimal() for c in x + y):
            return False
        han_a += han_count(x)
        han_b += han_count(y)
        if min(han_a, han_b) >= 2:
            return False
    return True


def noise_only_in(gone: str, kept: str, at: int | None = None) -> bool:
    """:func:`noise_only` for ``gone`` against its match in ``kept``: the one starting at ``at``
    if given, else the best one (all of ``kept`` when that is the shorter). Whether what a
    deletion of ``gone`` loses could be OCR noise.

    >>> noise_only_in("全省增长5.6%", "一季度，全市增长5.8%，增速加快。")
    False
    >>> noise_only_in("全市增长5.8%", "一季度，全市增长5.8%，增速加快。")
    True
    """
    if at is None:
        if gone in kept:
            return True
        if len(gone) > len(kept):
            return noise_only(gone, kept)
        at = best_window(gone, kept)[1]
    margin = len(gone) // 8 + 4  # a match may start a little off or run a little longer
    return noise_only(gone, kept[max(0, at - margin) : at + len(gone) + margin], overhang=True)


def _share(ratio: float, n_gone: int, n_kept: int) -> float:
    """The share of ``gone`` matched, from their ``ratio`` = 2·matches / (|gone| + |kept|)."""
    return ratio * (n_gone + n_kept) / (2 * n_gone)


def survival_at(gone: str, out: str, at: int, digits: bool = True) -> float:
    """How well ``gone`` survives in the text ``out`` around offset ``at``, where its copy starts:
    :func:`survival` against a window a little longer than ``gone`` (a lower bound of its
    ``partial_ratio`` against all of ``out``). ``digits=False`` ignores digits (page numbers).

    >>> out = "导读\\n\\n小微信活，就业旺，经济兴！小微企业体量虽小。"
    >>> survival_at("\\n\\n小微信活，就业旺，经济兴！", out, 4)
    1.0
    """
    g = normalize(gone)
    if not g:  # a separator
        return 1.0
    margin = len(gone) // 4 + 8
    window = normalize(out[max(0, at - margin) : at + len(gone) + 2 * margin])
    if not digits:
        g, window = mask_digits(g), mask_digits(window)
    return 1.0 if g in window else survival(g, window)


def noise_at(gone: str, out: str, at: int) -> bool:
    """:func:`noise_only_in` for ``gone`` against its copy in ``out`` starting at ``at``.

    >>> noise_at("株洲市：多云。", "明天小雨。长沙市：多云。", 5)
    False
    """
    g = normalize(gone)
    before = normalize(out[max(0, at - len(gone) // 4 - 8) : at])
    return noise_only_in(g, before + normalize(out[at : at + 2 * len(gone) + 8]), len(before))


def repeated_sentences(
    text: str, similarity: float, min_chars: int
) -> list[tuple[int, int, int, float]]:
    """Sentences of ``text`` (a block) that repeat the one right before them: per repeat, the
    span to delete (the shorter copy), where the kept copy starts, and their ``ratio``.

    What a writer repeats on purpose stays (:func:`_said_twice`), and so do two sentences whose
    differences are facts, not noise (:func:`noise_only`: ``全市增长5.8%。全省增长5.6%。``).

    >>> t = "我市加强对小微企业的金融服务。我市加强对小微企业的金融服务。政策不断加码。"
    >>> repeated_sentences(t, 0.9, 10)
    [(15, 30, 0, 1.0)]
    >>> repeated_sentences("“绿水青山就是金山银山！绿水青山就是金山银山！”志愿者们呼喊。", 0.9, 10)
    []
    """
    out: list[tuple[int, int, int, float]] = []
    spans = sentence_spans(text)
    if len(spans) < 2:
        return out
    depths: list[int] = []  # open quotations at each sentence, counted when first needed
    k = 0  # the kept copy: spans[k]
    ks, ke = spans[0]
    kn = normalize(text[ks:ke])
    # text[ks:read] holds no quote: a kept copy that stays is read from there on with the next
    # copy (a paragraph of one sentence repeated is read once, not once per copy)
    read = 0
    for i, (s, e) in enumerate(spans[1:], 1):
        n = normalize(text[s:e])
        r = 0.0
        if min(len(n), len(kn)) >= min_chars:
            r = fuzz.ratio(kn, n, score_cutoff=similarity * 100) / 100
        short, long = sorted((n, kn), key=len)
        if (
            not r
            or survival(short, long) < similarity  # the copy that goes must survive
            or not noise_only(n, kn)
            or _said_twice(
                text, max(ks, read), e, (depths or _quote_depths(text, spans, depths))[k]
            )
        ):
            k, ks, ke, kn = i, s, e, n
            continue
        read = e
        if len(n) > len(kn) and n != kn:  # the later copy is more complete: the earlier one goes
            ds, de = ks, s
            k, ks, ke, kn = i, s, e, n
        else:
            ds, de = s, e
        out.append((ds, de, ks + len(text[ks:ke]) - len(text[ks:ke].lstrip()), r))
    return out


def _quote_depths(text: str, spans: list[tuple[int, int]], depths: list[int]) -> list[int]:
    """How many quotations are open where each sentence starts (ASCII ``"`` alternates), into
    ``depths``."""
    depth, ascii_open = 0, False
    for s, e in spans:
        depths.append(depth + ascii_open)
        for c in text[s:e]:
            if c in _OPEN_QUOTES:
                depth += 1
            elif c in _CLOSE_QUOTES:
                depth = max(0, depth - 1)
            elif c == '"':
                ascii_open = not ascii_open
    return depths


def _said_twice(text: str, start: int, end: int, depth: int) -> bool:
    """Whether the pair of sentences that ends at ``end`` reads as a repetition a writer printed
    rather than a converter's (``text[start:end]``: the pair from where no earlier pair of the
    same kept copy has read it): inside or holding a quotation (a chant, ``“加油！加油！”``; and
    deleting one copy would split the quotation's marks), or exclaimed or asked twice
    (``加油！加油！``, ``为什么？为什么？``). Short slogans (``好好学习，天天向上。``) are kept
    by ``sentence_min_chars``.
    """
    pair = text[start:end].rstrip()
    return depth > 0 or bool(_QUOTES.search(pair)) or pair.endswith(("！", "!", "？", "?"))


def preview(text: str, n: int = 12) -> str:
    """The first ``n`` characters of ``text`` on one line, with ``…`` if cut."""
    flat = _WHITESPACE.sub(" ", text.strip())
    return flat if len(flat) <= n else flat[:n] + "…"


# ---------------------------------------------------------------------------------------------
# Pages and the lines that repeat at their top or bottom


def mask_digits(text: str) -> str:
    """``text`` with every run of digits as ``#``: page numbers and dates differ from page to page.

    >>> mask_digits("株洲日报 2023年9月5日 第3版")
    '株洲日报 #年#月#日 第#版'
    """
    return _DIGITS.sub("#", text)


def pages(text: str, min_pages: int) -> list[tuple[int, int]]:
    """Page spans: split at form feeds, else after page-number lines (if there are at least
    ``min_pages`` of them, such as ``- 3 -`` or ``第3页``); one page if neither."""
    if "\f" in text:
        cuts = [i + 1 for i, c in enumerate(text) if c == "\f"]
    else:
        cuts = [m.end() for m in _PAGE_NUMBER.finditer(text)]
        if len(cuts) < min_pages:
            cuts = []
    bounds = [0, *cuts, len(text)]
    return [(a, b) for a, b in itertools.pairwise(bounds) if text[a:b].strip()]


def running_lines(
    text: str, n_lines: int, min_pages: int, min_share: float
) -> list[tuple[int, list[tuple[int, int]]]]:
    """Lines among the first or last ``n_lines`` of at least ``min_pages`` pages and
    ``min_share`` of all pages, digits ignored: per line, the page count and every occurrence.

    >>> body = ["仙石村六成家庭拥有了小汽车。", "青山村整体脱贫。", "小微信活，就业旺。"]
    >>> doc = "\\f".join(f"株洲日报 第{i}版\\n{b}" for i, b in enumerate(body, 1))
    >>> [(n, [doc[s:e] for s, e in occ]) for n, occ in running_lines(doc, 1, 3, 0.5)]
    [(3, ['株洲日报 第1版', '株洲日报 第2版', '株洲日报 第3版'])]
    """
    spans = pages(text, min_pages)
    if len(spans) < min_pages:
        return []
    seen: dict[str, list[tuple[int, int, int]]] = defaultdict(list)  # key -> (page, start, end)
    for p, (a, b) in enumerate(spans):
        lines = []
        for m in _LINE.finditer(text, a, b):
            line = m.group()
            if line.strip():
                start = m.start() + len(line) - len(line.lstrip())
                lines.append((start, m.start() + len(line.rstrip())))
        for start, end in dict.fromkeys(lines[:n_lines] + lines[-n_lines:]):
            line = text[start:end]
            key = mask_digits(normalize(line))
            if len(_LETTER.findall(key)) >= 2 and not _PAGE_NUMBER.fullmatch(line):
                seen[key].append((p, start, end))
    need = max(min_pages, min_share * len(spans))
    out = []
    for occurrences in seen.values():
        n_pages = len({p for p, _s, _e in occurrences})
        if n_pages >= need:
            out.append((n_pages, [(s, e) for _p, s, e in occurrences]))
    return out
