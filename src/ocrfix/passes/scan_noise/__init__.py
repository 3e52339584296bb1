"""``scan-noise``: remove what OCR reads out of pictures, column rules and specks; keep real text.

When Tesseract reads a scanned page, photos, grey boxes, column rules and dust become text:

- ``image-noise``: Latin gibberish (``IPTetrerreer``, ``aasasysas``, ``AaA66399攻66Ri99``, ``ee``,
  ``Re``) and runs of Han that a halftone photo is read as (``生仙人和人和全村机丰全村许仙``: simple
  characters, no punctuation, unlikely under the character model). A line made only of noise is
  removed with its line break.
- ``rule-line``: a ``|`` (or ``丨``, ``¦``, ``[``, ``]``, ``{``, ``}``) for every column rule, on
  its own between columns or glued to text, a ``1`` / ``l`` / ``I`` / ``!`` standing alone at a
  line's edge next to Chinese, and a horizontal rule read as a line of ``一`` (``RE一一一``).
- ``speck``: lone marks at a line's edge (``这座连 ，``, ``依法 :``, ``}``), stray ``*`` ``~`` ``_``
  between Han characters, an ASCII mark doubling a full-width one (``生产线,，``).
- ``scan-punct``: marks only a scan misreads, fixed here and only here (the ``punctuation`` pass
  does not look at them): ``〈``/``《`` opening a parenthetical that closes with ``)``/``）``
  (``本报讯《记者/周敏)`` → ``本报讯（记者/周敏）``), ``:`` before a closing quote (``。”``), ``"C``
  after a number (``℃``), ``%6`` (``%``), and ``*`` read for ``。``:

  - after Han at a line's end or before a quote (``小汽车*``, ``行为*”敌文涛说``): 12 of the 20 on
    the Tesseract pages stand for ``。`` (most others for a misread character, where a ``。`` costs
    no more than the ``*``);
  - between a finished clause and a word that only opens a sentence (``此外``, ``据悉``,
    ``但是``, ``然而``, ``与此同时``…): ``持续推进改革*下一步工作`` → ``改革。下一步工作``.
    The clause has 4+ characters and does not end in a word that needs more (``的``, ``在``,
    ``把``…); before ``下一步`` it also follows a ``，`` and has 5+ characters, and no verb that
    takes ``下一步`` as object comes before it (``推进*下一步工作`` keeps the ``*`` a speck).
    A space after the ``*`` is kept: ``cjk-spacing`` drops it. Anywhere else a ``*`` between
    Han is a speck (``推进*紧密型``).

  ``:`` is *not* made ``。`` anywhere else: a colon before a line break is often a real colon
  (``算起了账:`` + ``“人工插秧…``). Of the 26 ``:`` glued to Han at a line's end on the Tesseract
  pages, 8 stand for ``。``, 2 for ``：``, 6 for nothing and 10 for a misread character; a rule
  cannot tell them apart, and the ``punctuation`` pass makes the ASCII colon full-width.

Never removed: English words and sentences, known acronyms (``GDP``, ``5G``, ``BIM``, ``LPR``,
``pH``) and the user's ``allow`` list, codes with capitals and digits (``A320``, ``H7N9``,
``GB18030``, ``RTX4090``, ``iPhone15``), versions (``v2.3.1``), ``No.1`` / ``p. 12``, capitalised
names inside a sentence (``学者Li Wang表示``; at a column's edge ``Re`` or ``We`` is picture noise),
URLs, numbers with units, Roman numerals (``Ⅱ类``), Markdown bullets and table rows, quotes and
sentence marks that a line break left on a line of their own, and Han text with punctuation. A token
or line whose noise score lies between ``flag_threshold`` and ``threshold`` is kept and flagged.

In ``newspaper`` the pass runs right after ``unicode``: before ``cjk-spacing``, which would glue a
lone line-end `` ，`` to the text before it, and before ``furniture`` and ``flow``, so that joined
paragraphs carry no rules or specks. How much noise it removes from the Tesseract pages, and
how noise characters are counted, is measured by ``benchmarks/scan_noise.py``
(``benchmarks/RESULTS.md``).

>>> r = scan_noise("这座连接东湖区与石门区的 |\\naasasysas\\n跨江大桥全长2.86公里 ，\\n")
>>> r.output
'这座连接东湖区与石门区的\\n跨江大桥全长2.86公里\\n'
>>> sorted({e.rule for e in r.edits})
['image-noise', 'rule-line', 'speck']
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

import regex

from ocrfix.chars import HAN, WHITE_SPACE, han_count
from ocrfix.edits import Edit, PassResult
from ocrfix.layout.patterns import RULE, RULE_CHARS
from ocrfix.passes.scan_noise import words as marks
from ocrfix.passes.scan_noise.tokens import CJK_PUNCT, LATIN, glued_chunks, token_verdict
from ocrfix.passes.scan_noise.words import (
    ACRONYMS,
    CELL_SPLIT,
    CLEAN,
    PAREN,
    SCAN_FIXES,
    Verdict,
    is_english,
    printed_elsewhere,
    scattered,
    texture_cells,
)
from ocrfix.registry import Range, register

NAME = "scan-noise"

_TOKEN = regex.compile(r"\S+")
_S, _NS = f"[{WHITE_SPACE}]", f"[^{WHITE_SPACE}]"
# A line with none of these (and with Chinese punctuation) has nothing for this pass. (Every line
# of a page is screened: ``re`` tries this at each position of a line twice as fast as ``regex``.)
_SUSPECT = re.compile(
    rf"{_NS}{_S}+{_NS}|[A-Za-z{re.escape(RULE_CHARS)}*~_\\〈《\[\]{{}}]"
    rf"|[,.;:](?=[，。；：、”])|%[46]|^{_S}*{_NS}{{1,3}}{_S}*$"
)
_PLAIN_LINE = regex.compile("[^A-Za-z" + RULE_CHARS + r"\[\]{}]*")
_MARKS = regex.compile(r"[，,;；:：、.。！？!?…—“”‘’\"'（）()《》]+")
_OPENER = regex.compile(r"[(（〈《]")
_TABLE_SEP = regex.compile(
    r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$", regex.M
)
# A horizontal rule (under a masthead) read as a run of ``一``, alone or with specks: ``RE一一一``.
_DASH_RULE = regex.compile(r"[^\p{Han}]*一{2,}[^\p{Han}]*")
# A Han character followed by sentence punctuation, full or half width: the end of real text.
_SENTENCE_TAIL = regex.compile(r"\p{Han}[”’）)]?[。.！!？?；;，,]")


@dataclass(frozen=True)
class ScanNoiseOptions:
    """Options of ``scan-noise``.

    threshold: a token, cell or line whose noise score reaches this is removed.
    flag_threshold: one scoring at least this (but below ``threshold``) is kept and flagged.
    allow: Latin tokens that are never removed (added to the built-in acronyms), e.g. ``["QXB"]``.
    gibberish_logprob: the character model's log10 probability per character at or below which a
        punctuation-free run of Han is unlikely enough to be picture texture.
    min_gibberish_han: the shortest run of Han (characters) that is judged as picture texture.
    fix_punctuation: fix the punctuation marks a scan misreads (rule ``scan-punct``).
    """

    threshold: Annotated[float, Range(0, 1)] = 0.7
    flag_threshold: Annotated[float, Range(0, 1)] = 0.45
    allow: tuple[str, ...] = ()
    gibberish_logprob: Annotated[float, Range(-30, 0)] = -3.75
    min_gibberish_han: Annotated[int, Range(1)] = 5
    fix_punctuation: bool = True


@register(
    NAME,
    options=ScanNoiseOptions,
    rules={
        "image-noise": ("picture-noise run removed", "picture-noise runs removed"),
        "rule-line": ("column rule removed", "column rules removed"),
        "speck": ("speck removed", "specks removed"),
        "scan-punct": ("misread scan mark fixed", "misread scan marks fixed"),
    },
)
def scan_noise(text: str, options: ScanNoiseOptions = ScanNoiseOptions()) -> PassResult:
    """Remove OCR noise from pictures, column rules and specks: ``大桥全长 |`` → ``大桥全长``.

    >>> scan_noise("GDP增长5.3%，pH 7.2，Ⅱ类水质 ee").output
    'GDP增长5.3%，pH 7.2，Ⅱ类水质'
    """
    edits: list[Edit] = []
    flags: list[Edit] = []
    tables = _TABLE_SEP.search(text) is not None
    allow = ACRONYMS | frozenset(options.allow)
    visible = sum(map(len, text.split()))
    chinese_doc = han_count(text) >= 0.2 * visible > 0
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if _SUSPECT.search(body) or (body.strip() and not CJK_PUNCT.search(body)):
            _line(line, body, pos, options, allow, (tables, chinese_doc), edits, flags)
        pos += len(line)
    # Han text that ends a sentence is a column's line end however noisy its line (``再多种一`` /
    # ``些.  |``): never deleted, only flagged for a reader to judge.
    for e in [e for e in edits if not e.replacement and _SENTENCE_TAIL.search(text[e.start:e.end])]:
        edits.remove(e)
        flags.append(dataclasses.replace(e, reason=f"{e.reason}; kept: it ends a sentence"))
    # Picture texture is random; text recurs. Han that the text kept elsewhere on the page prints
    # again (three characters in a row: ``走出去`` in a noisy row of a heavy scan) is text too:
    # flagged, not deleted.
    for e, again in printed_elsewhere(text, [e for e in edits if not e.replacement]):
        edits.remove(e)
        why = f"{e.reason}; kept: {again} is printed elsewhere on the page"
        flags.append(dataclasses.replace(e, reason=why))
    return PassResult.from_edits(NAME, text, edits, flags)


def _line(
    line: str,
    body: str,
    pos: int,
    opt: ScanNoiseOptions,
    allow: frozenset[str],
    doc: tuple[bool, bool],
    edits: list[Edit],
    flags: list[Edit],
) -> None:
    if doc[1] and _DASH_RULE.fullmatch(body):
        why = "horizontal rule read as '一'"
        edits.append(Edit(pos, pos + len(line), "", NAME, "rule-line", 0.8, why))
        return
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(body)]
    han = han_count(body)
    if han == 0 and (not doc[1] or all(_MARKS.fullmatch(t) for _, _, t in toks)):
        return  # not Chinese, or only sentence marks that a line break left alone: ``，``
    latin = LATIN.search(body) is not None
    english = latin and is_english(t for _, _, t in toks)
    table_row = doc[0] and body.count("|") >= 2
    context = han or 10  # a Han-free line of a Chinese text is judged as if among Chinese
    opener = _OPENER.search(body)
    at = opener.start() if opener else len(body)
    # a line with no Latin, rule or bracket: each token of four characters or more is CLEAN,
    # as token_verdict would find it
    plain = 4 if _PLAIN_LINE.fullmatch(body) else len(body) + 1
    judge = (toks, body, context, english, allow, table_row, at)
    verdicts = [
        CLEAN if len(tok) >= plain else token_verdict(i, *judge)
        for i, (_, _, tok) in enumerate(toks)
    ]
    if han == 0:
        noisy = [v.score >= opt.threshold for v in verdicts]
        if not any(noisy) or not all(n or t[2].isdigit() for n, t in zip(noisy, toks, strict=True)):
            return  # a Han-free line goes whole, or not at all
        number = Verdict(0.7, "image-noise", "number among noise")
        verdicts = [v if v.rule else number for v in verdicts]
    starts = [t[0] for t in toks]
    cells = han >= opt.min_gibberish_han and (
        CELL_SPLIT.search(body) is not None or not CJK_PUNCT.search(body)
    )
    texture = texture_cells(body, opt.min_gibberish_han, opt.gibberish_logprob) if cells else ()
    for s, e, v in texture:
        i = bisect.bisect_left(starts, s)
        while i < len(toks) and toks[i][1] <= e:
            if verdicts[i].score < v.score:
                verdicts[i] = v
            i += 1
    if scattered(body, toks):
        verdicts = [Verdict(0.7, "image-noise", "scattered specks")] * len(toks)
    if any(v.score for v in verdicts):
        kept = _removed(line, body, toks, verdicts, pos, opt, edits, flags)
        if kept is None:
            return
    else:
        kept = [t[:2] for t in toks]  # (most lines: every token clean, nothing to remove)
    found = glued_chunks(body, kept, han, english, allow) if latin else ()  # Latin glued to Chinese
    chunks = [c for c in found if c[2].score >= opt.threshold]
    edits.extend(_glued(body, kept, chunks, pos, opt, table_row))


def _removed(
    line: str,
    body: str,
    toks: list[tuple[int, int, str]],
    verdicts: list[Verdict],
    pos: int,
    opt: ScanNoiseOptions,
    edits: list[Edit],
    flags: list[Edit],
) -> list[tuple[int, int]] | None:
    """The deletions and flags of a line's noisy tokens; the spans of the tokens kept, or None
    when the whole line goes."""
    # A token between two noise tokens in a noisy line is noise too (``RE 二 ERROR``) — but Han
    # text beside a column rule or a speck is a column's line end (``微信小程 | 信。 |``): kept,
    # and only flagged, since the columns it joins are real text.
    for i, (_, _, tok) in enumerate(toks):
        if (
            0 < i < len(toks) - 1
            and verdicts[i].score < opt.threshold
            and len(tok) <= 2
            and min(verdicts[i - 1].score, verdicts[i + 1].score) >= opt.threshold
        ):
            beside_rule = {verdicts[i - 1].rule, verdicts[i + 1].rule} & {"rule-line", "speck"}
            if HAN.search(tok) and beside_rule:
                why = f"{tok!r} between column rules or specks: a column's line end, kept"
                verdicts[i] = Verdict(opt.flag_threshold, "image-noise", why)
            else:
                verdicts[i] = Verdict(opt.threshold, "image-noise", f"{tok!r} between noise")
    removed = [v.score >= opt.threshold for v in verdicts]
    if toks and all(removed):
        edits.append(_merged(pos, pos + len(line), verdicts, "noise line: "))
        return None
    for i, v in enumerate(verdicts):
        if opt.flag_threshold <= v.score < opt.threshold:
            s, e, tok = toks[i]
            flags.append(Edit(pos + s, pos + e, "", NAME, v.rule, _conf(v.score), v.reason))
    kept: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        if not removed[i]:
            kept.append((toks[i][0], toks[i][1]))
            i += 1
            continue
        j = i
        while j < len(toks) and removed[j]:
            j += 1
        start = toks[i][0] if i > 0 else 0
        end = toks[j][0] if j < len(toks) else len(body)
        if j == len(toks) and i > 0:
            start = toks[i - 1][1]
        edits.append(_merged(pos + start, pos + end, verdicts[i:j]))
        i = j
    return kept


def _merged(start: int, end: int, run: list[Verdict], lead: str = "") -> Edit:
    """One deletion for a run of noise tokens; the rule is theirs if they share one."""
    rules = {v.rule for v in run}
    rule = rules.pop() if len(rules) == 1 else "image-noise"
    why = lead + "; ".join(dict.fromkeys(v.reason for v in run[:12]))
    return Edit(start, end, "", NAME, rule, _conf(min(v.score for v in run)), why[:160])


def _conf(x: float) -> float:
    return round(min(1.0, max(0.0, x)), 2)


def _glued(
    body: str,
    kept: list[tuple[int, int]],
    chunks: list[tuple[int, int, Verdict]],
    pos: int,
    opt: ScanNoiseOptions,
    table_row: bool,
) -> Iterator[Edit]:
    """Edits inside the kept tokens of a line: glued rules and noise, specks, misread marks."""
    found = [(a, b, "", v.rule, _conf(v.score), v.reason) for a, b, v in chunks]
    present = frozenset(marks.GLUE_HINT.findall(body))
    if not present and not found:
        return
    if not table_row and not present.isdisjoint(RULE_CHARS):
        for m in RULE.finditer(body):
            found.append((m.start(), m.end(), "", "rule-line", 0.9, "column rule glued to text"))
    if not present.isdisjoint(marks.STRAY_CHARS):
        for m in marks.STRAY.finditer(body):
            why = f"stray {m.group()!r} in a sentence"
            found.append((m.start(), m.end(), "", "speck", 0.8, why))
    if not present.isdisjoint(marks.DOUBLE_CHARS):
        for m in marks.DOUBLE.finditer(body):
            why = f"{m.group()!r} doubling a mark"
            found.append((m.start(), m.end(), "", "speck", 0.85, why))
    if opt.fix_punctuation:
        for m in PAREN.finditer(body) if not present.isdisjoint(marks.PAREN_CHARS) else ():
            why = f"{m.group()!r} opening a parenthetical closed by {m.group(2)!r}"
            found.append((m.start(), m.end(), "（", "scan-punct", 0.9, why))
            if m.group(2) == ")":
                found.append((m.start(2), m.end(2), "）", "scan-punct", 0.9, "closing it"))
        for mark, pat, rep, conf, why in SCAN_FIXES:
            for m in pat.finditer(body) if mark in present else ():
                found.append((m.start(), m.end(), rep, "scan-punct", conf, why))
    last = -1
    k = 0
    # A mark fixed outranks the same mark removed: ``改革*下一步`` is a full stop, not a speck.
    for a, b, rep, rule, conf, why in sorted(found, key=lambda f: (f[0], f[3] != "scan-punct", f)):
        while k < len(kept) and kept[k][1] < b:
            k += 1
        if a >= last and k < len(kept) and kept[k][0] <= a:
            yield Edit(pos + a, pos + b, rep, NAME, rule, conf, why)
            last = b
