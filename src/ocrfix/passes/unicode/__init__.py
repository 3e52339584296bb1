"""``unicode``: repair characters that look right but are the wrong code points.

PDF text layers and OCR engines emit characters that render like the printed ones but break
search, dictionaries and every later pass:

- ``kangxi-radical``: Kangxi radicals (U+2F00–U+2FD5) and CJK Radicals Supplement forms
  (U+2E80–U+2EFF) in place of ordinary ideographs (``⼈民`` → ``人民``, ``⻔`` → ``门``),
  mapped with a targeted table of Unicode's Equivalent_Unified_Ideograph data
  (``resources/data/radicals.tsv``, whose header lists the few rows that deviate, and why).
  Whole-text NFKC would do part of this, but it also turns ``，！？：；（）`` into ASCII, which
  is wrong for Chinese, so it is never run.
- ``compat-ideograph``: CJK compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F) become their
  canonical unified forms (their NFC).
- ``fullwidth-ascii``: full-width Latin letters and digits (``ＡＢＣ１２３``) become half-width, as
  newspaper gold text writes them; full-width punctuation is Chinese punctuation and stays.
- ``invisible``: zero-width characters, soft hyphens, BOMs, C0/C1 controls other than newline, tab
  and carriage return are removed, unless they are bytes of mojibake (below); a form feed,
  vertical tab, NEL or line/paragraph separator (U+2028/U+2029), all page or line breaks, becomes
  a newline; no-break and ideographic spaces at line starts and ends are removed (spaces inside a
  line are ``cjk-spacing``'s business, which treats them like any other space).
- ``line-ending``: Windows line endings (``\r\n``) become ``\n`` and a lone carriage return (old
  Mac files) a newline, so that every later pass reads one kind of line break: the same page
  with either ending comes out the same (part of the ``invisible`` option).
- ``mojibake``: UTF-8 decoded as Latin-1/Windows-1252 (``ä¸­æ–‡`` → ``中文``): if ftfy's
  badness heuristic flags the text's UTF-8 byte sequences, each run of them that decodes to
  Chinese text is decoded. C1 controls inside such a run are its bytes (中 is ``ä¸\xad``, 文 is
  ``æ\x96\x87``), which the invisible rule leaves; stray ones it removes. ftfy's fixer itself is
  not run (see ``_latin1_edits``; its default width fix also turns Chinese full-width punctuation
  into ASCII).
  UTF-8 read as GBK (``鐢ㄦ埛`` → ``用户``) is valid Han text to ftfy: runs whose GB18030 bytes
  are strict UTF-8 are decoded when the result is Chinese the character model finds far likelier
  (confidence 0.8); a run that lost bytes (``涓�鏂�``) is repaired only where whole characters
  survive.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import ftfy
import regex

from ocrfix.edits import Edit, PassResult
from ocrfix.passes.unicode.decoding import (
    BYTE_OF,
    GBK_DOUBLES,
    UTF8_3,
    UTF8_3_SHAPE,
    decoded_runs,
    gbk_decodings,
    gbk_double,
    utf8_sequences,
)
from ocrfix.registry import register
from ocrfix.resources.radicals import radical_table

NAME = "unicode"

_RADICALS = r"\u2e80-\u2eff\u2f00-\u2fd5"
_COMPATS = r"\uf900-\ufaff\U0002f800-\U0002fa1f"
_FULLWIDTH_ALNUMS = r"\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
# The standard library's re scans a page for a character class 3-8 times faster than regex;
# regex stays where a lookbehind needs it.
_COMPAT = re.compile(f"[{_COMPATS}]")
_FULLWIDTH_ALNUM = re.compile(f"[{_FULLWIDTH_ALNUMS}]")
_LOOKALIKE = re.compile(f"[{_RADICALS}{_COMPATS}{_FULLWIDTH_ALNUMS}]")
# ZWSP, ZWNJ, word joiner, invisible operators, LRM/RLM, bidi embeddings, Mongolian vowel
# separator, soft hyphen, BOM; ZWJ only outside emoji sequences (see _invisible_edits).
_INVISIBLE_CLASS = (
    r"\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u180e\u00ad\ufeff"
    r"\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"
)
_INVISIBLE = re.compile(f"[{_INVISIBLE_CLASS}]")
_BREAKS = re.compile(r"[\x0b\x0c\x85\u2028\u2029]")
_CARRIAGE_RETURN = re.compile(r"\r\n?")
_ZWJ = re.compile(r"\u200d")
# A no-break or ideographic space is at a line edge if only invisible characters (removed here)
# or other such spaces stand between it and the line break.
_EDGE_CHARS = "\u00a0\u3000\u202f"
_EDGE = f"[{_EDGE_CHARS}]"
_SKIP = f"[{_INVISIBLE_CLASS}\u200d\u00a0\u3000\u202f]*"
_LINE_BREAK = r"[\n\r\x0b\x0c\x85\u2028\u2029]"
_EDGE_BEFORE = regex.compile(f"(?<=(?:\\A|{_LINE_BREAK}){_SKIP})")
_EDGE_AFTER = regex.compile(f"{_SKIP}(?:\\Z|{_LINE_BREAK})")
_EDGE_SPACE = regex.compile(f"{_EDGE_BEFORE.pattern}{_EDGE}+|{_EDGE}+(?={_EDGE_AFTER.pattern})")
_SKIP_CHAR = regex.compile(_SKIP[:-1])
_MOJIBAKE_HINT = re.compile(r"[\u00c0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6]")
_INVISIBLE_OR_ZWJ = re.compile(f"[{_INVISIBLE_CLASS}\u200d]")


@dataclass(frozen=True)
class UnicodeOptions:
    """Options of ``unicode``.

    radicals: map Kangxi/supplement radicals to ideographs.
    compat_ideographs: map CJK compatibility ideographs to their unified forms.
    fullwidth_ascii: make full-width Latin letters and digits half-width.
    invisible: remove invisible and control characters, and edge no-break/ideographic spaces.
    mojibake: repair UTF-8 read as Latin-1/Windows-1252 or as GBK.
    """

    radicals: bool = True
    compat_ideographs: bool = True
    fullwidth_ascii: bool = True
    invisible: bool = True
    mojibake: bool = True


@register(
    NAME,
    options=UnicodeOptions,
    rules={
        "kangxi-radical": ("radical made an ideograph", "radicals made ideographs"),
        "compat-ideograph": ("compatibility ideograph unified", "compatibility ideographs unified"),
        "fullwidth-ascii": ("full-width character narrowed", "full-width characters narrowed"),
        "invisible": ("invisible character removed", "invisible characters removed"),
        "line-ending": ("line ending made a newline", "line endings made newlines"),
        "mojibake": ("mojibake run repaired", "mojibake runs repaired"),
    },
)
def unicode_pass(text: str, options: UnicodeOptions = UnicodeOptions()) -> PassResult:
    """Replace look-alike code points: ``⼈民`` (Kangxi radical) → ``人民``, ``２０`` → ``20``.

    >>> unicode_pass("⼈民日报\u200b２０２３年，ä¸­æ–‡！").output
    '人民日报2023年，中文！'
    """
    edits: list[Edit] = []
    taken: set[int] = set()
    if options.mojibake:
        edits.extend(_mojibake_edits(text, taken, options))
    if options.invisible:
        edits.extend(_invisible_edits(text, taken))
    for m in _LOOKALIKE.finditer(text):
        if m.start() not in taken and (hit := _lookalike(m.group(), options)):
            edits.append(Edit(m.start(), m.end(), hit[0], NAME, hit[1], 1.0, hit[2]))
    return PassResult.from_edits(NAME, text, edits)


def _lookalike(ch: str, options: UnicodeOptions) -> tuple[str, str, str] | None:
    """(replacement, rule, reason) for a radical, compatibility ideograph or full-width letter.

    >>> _lookalike("⼈", UnicodeOptions())
    ('人', 'kangxi-radical', 'kangxi radical man')
    """
    table = radical_table()
    if options.radicals and ch in table:
        return table[ch], "kangxi-radical", unicodedata.name(ch, "radical").lower()
    unified = unicodedata.normalize("NFC", ch)
    if options.compat_ideographs and _COMPAT.match(ch) and unified != ch:
        return unified, "compat-ideograph", f"compatibility ideograph U+{ord(ch):04X}"
    if options.fullwidth_ascii and _FULLWIDTH_ALNUM.match(ch):
        return chr(ord(ch) - 0xFEE0), "fullwidth-ascii", "full-width"
    return None


def _repaired(
    text: str, span: tuple[int, int], decoded: str, options: UnicodeOptions, taken: set[int]
) -> tuple[int, int, str]:
    """A mojibake repair of ``text[span]`` as the other rules would leave it, so that the output
    needs nothing more (idempotence): look-alikes replaced (２ → 2), ideographic spaces at a line
    edge dropped, with the spaces that a repair to nothing leaves at the edge.

    >>> _repaired("ã\x80\x80ä»\x8a２", (0, 7), "\u3000今２", UnicodeOptions(), set())
    (0, 7, '今2')
    """
    (start, end), new = span, "".join(h[0] if (h := _lookalike(c, options)) else c for c in decoded)
    if options.invisible and _EDGE_BEFORE.match(text, start):
        new = new.lstrip("\u3000")
        while not new and end < len(text) and end not in taken and _SKIP_CHAR.match(text[end]):
            end += 1
    if options.invisible and _EDGE_AFTER.match(text, end):
        new = new.rstrip("\u3000")
        while (
            not new and start > 0 and start - 1 not in taken and _SKIP_CHAR.match(text[start - 1])
        ):
            start -= 1
    return start, end, new


def _invisible_edits(text: str, taken: set[int]) -> list[Edit]:
    edits = []
    for m in _INVISIBLE.finditer(text):
        if m.start() not in taken:
            why = f"invisible U+{ord(m.group()):04X}"
            edits.append(Edit(m.start(), m.end(), "", NAME, "invisible", 1.0, why))
            taken.add(m.start())
    for m in _BREAKS.finditer(text):
        if m.start() not in taken:
            why = "line/paragraph separator" if m.group() in "\u2028\u2029" else "page/line break"
            edits.append(Edit(m.start(), m.end(), "\n", NAME, "invisible", 0.9, why))
            taken.add(m.start())
    for m in _CARRIAGE_RETURN.finditer(text):
        if m.start() not in taken:
            crlf = len(m.group()) == 2
            why = "Windows line ending (CR LF)" if crlf else "carriage return (old Mac line break)"
            new = "" if crlf else "\n"
            edits.append(Edit(m.start(), m.start() + 1, new, NAME, "line-ending", 1.0, why))
            taken.add(m.start())
    for m in _ZWJ.finditer(text):
        i = m.start()
        # Between two symbols (emoji) a joiner is meaningful: 👨‍👩 is one glyph.
        if i in taken or (_is_symbol(text, i - 1) and _is_symbol(text, i + 1)):
            continue
        edits.append(Edit(i, i + 1, "", NAME, "invisible", 1.0, "zero-width joiner"))
        taken.add(i)
    if not any(ch in text for ch in _EDGE_CHARS):
        return edits  # most pages: spared the pattern, which tries its lookbehind everywhere
    for run in _EDGE_SPACE.finditer(text):
        # A no-break space can be the last byte of mojibake (閠 is é\x96\xa0): the rest still goes.
        free = [i for i in range(run.start(), run.end()) if i not in taken]
        if free:
            why = "space at line edge"
            edits.append(Edit(free[0], free[-1] + 1, "", NAME, "invisible", 0.95, why))
            taken.update(free)
    return edits


def _is_symbol(text: str, i: int) -> bool:
    if not 0 <= i < len(text):
        return False
    cp = ord(text[i])
    # Emoji, pictographs, dingbats and the modifiers/variation selectors inside emoji sequences.
    return cp >= 0x1F000 or 0x2600 <= cp <= 0x27BF or cp in (0xFE0F, 0x20E3)


def _mojibake_edits(text: str, taken: set[int], options: UnicodeOptions) -> list[Edit]:
    edits = _latin1_edits(text, taken, options) if _MOJIBAKE_HINT.search(text) else []
    return edits + _gbk_edits(text, taken, options)


def _latin1_edits(text: str, taken: set[int], options: UnicodeOptions) -> list[Edit]:
    """If ftfy's badness heuristic flags the text's UTF-8 sequences (as Latin-1/Windows-1252
    shows them), each run of them that decodes to Chinese, decoded: ``ä¸\xadæ\x96\x87`` → 中文.

    C1 controls (even NEL), soft hyphens and no-break spaces inside a sequence are its bytes (中
    is ``ä¸\xad``, 具 is ``å\x85·``): ftfy sees them, and the invisible rule leaves them,
    repaired or not. ftfy judges all the sequences of the text at once (one mojibake character
    alone on a line, 此 as ``æ\xad¤``, is too little for it) and nothing else, which this pass
    changes (``⼈`` → ``人``, a stray ``\x90`` removed): the verdict must hold on the output
    (idempotence). The repair is the exact decoding of the bytes, not ftfy's fixed text, which
    can only be aligned back by a text diff (that paired a repaired 株 with a 株 never broken)
    and which leaves runs next to a stray byte undecoded.
    """
    idx = _squeezed(text)
    squeezed = "".join(text[i] for i in idx)
    seqs = utf8_sequences(squeezed)
    inside = {k for a, b in seqs for k in range(a, b)}
    taken.update(idx[k] for k in inside)
    judged = "".join(ch if k in inside else " " for k, ch in enumerate(squeezed))
    if not seqs or not ftfy.badness.is_bad(judged):
        return []
    edits = []
    for a, b, decoded in decoded_runs(squeezed, seqs):
        why = f"mojibake {text[idx[a] : idx[b - 1] + 1]!r}"
        start, end, new = _repaired(text, (idx[a], idx[b - 1] + 1), decoded, options, taken)
        edits.append(Edit(start, end, new, NAME, "mojibake", 0.9, why))
        taken.update(range(start, end))
    return edits


def _squeezed(text: str) -> list[int]:
    """Offsets of ``text`` without the invisible characters that are not bytes of a sequence.

    Sequences are read as the output will hold them (idempotence): past what the invisible rule
    removes, zero-width spaces (ç½\u200b‡ is 罇) and stray C1 controls (à\x96½– is à½–, a byte
    sequence again once the stray \x96 is gone).

    >>> _squeezed("à\x96½–")
    [0, 2, 3]
    """
    idx = [i for i, ch in enumerate(text) if ch in BYTE_OF or not _INVISIBLE_OR_ZWJ.match(ch)]
    while True:
        squeezed = "".join(text[i] for i in idx)
        inside = {k for a, b in utf8_sequences(squeezed) for k in range(a, b)}
        kept = [i for k, i in enumerate(idx) if k in inside or not _INVISIBLE.match(text[i])]
        if len(kept) == len(idx):
            return idx
        idx = kept


def _gbk_edits(text: str, taken: set[int], options: UnicodeOptions) -> list[Edit]:
    """UTF-8 read as GBK, back to UTF-8: ``鐢ㄦ埛`` → ``用户``.

    >>> [(e.start, e.end, e.replacement) for e in _gbk_edits("注册鐢ㄦ埛", set(), UnicodeOptions())]
    [(2, 5, '用户')]
    """
    edits = []
    for run in _gbk_runs(text, taken):
        chars = "".join(text[i] for i in run)
        for s, n, decoded in gbk_decodings(chars):
            start, end = run[s], run[s + n - 1] + 1
            why = f"UTF-8 read as GBK {text[start:end]!r}"
            start, end, new = _repaired(text, (start, end), decoded, options, taken)
            edits.append(Edit(start, end, new, NAME, "mojibake", 0.8, why))
            taken.update(range(start, end))
    return edits


def _gbk_runs(text: str, taken: set[int]) -> list[list[int]]:
    """Offsets of the runs of double-byte GBK characters that hold 2+ UTF-8 sequences.

    Invisible characters do not cut a run: they are removed, and the run must be the same on
    the output (idempotence). A character another rule took does cut it.
    """
    # Each run's bytes (invisibles dropped) lie in the whole text's: not even UTF-8's shape in
    # the text's bytes, no UTF-8 in any run (one encoding of the page, not one per run).
    if not UTF8_3_SHAPE.search(_INVISIBLE_OR_ZWJ.sub("", text).encode("gb18030", "replace")):
        return []
    runs: list[list[int]] = []
    for m in _gbk_run_pattern().finditer(text):
        # Fast path: most Chinese text is one long run whose bytes hold no UTF-8 at all.
        chars = m.group()
        if not chars.isprintable():  # it holds invisible characters (format or control)
            chars = _INVISIBLE_OR_ZWJ.sub("", chars)
        if len(chars) < 3 or not UTF8_3.search(chars.encode("gb18030")):
            continue
        runs.append([])
        for i in range(m.start(), m.end()):
            if i in taken:
                runs.append([])
            elif gbk_double(text[i]):
                runs[-1].append(i)
    return [run for run in runs if len(run) >= 3]


@cache
def _gbk_run_pattern() -> re.Pattern[str]:
    # GB18030 rather than GBK: its two-byte table also maps the byte pairs GBK leaves undefined
    # (to private-use characters), which a GB18030 decoder puts into mojibake (株洲 → 鏍\ue045床).
    # The standard library's re, not regex: regex is 30 times slower on this large class.
    return re.compile(f"[{GBK_DOUBLES}{_INVISIBLE_CLASS}\\u200d]+")
