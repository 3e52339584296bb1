"""``unicode``: repair characters that look right but are the wrong code points.

PDF text layers and OCR engines emit characters that render like the printed ones but break
search, dictionaries and every later pass:

- ``kangxi-radical``: Kangxi radicals (U+2F00–U+2FD5) and CJK Radicals Supplement forms
  (U+2E80–U+2EFF) in place of ordinary ideographs (``⼈民`` → ``人民``, ``⻔`` → ``门``),
  mapped with a targeted table after Unicode's Equivalent_Unified_Ideograph data
  (``resources/data/radicals.tsv``). Whole-text NFKC would do part of this, but it also turns
  ``，！？：；（）`` into ASCII, which is wrong for Chinese, so it is never run.
- ``compat-ideograph``: CJK compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F) become their
  canonical unified forms (their NFC).
- ``fullwidth-ascii``: full-width Latin letters and digits (``ＡＢＣ１２３``) become half-width, as
  newspaper gold text writes them; full-width punctuation is Chinese punctuation and stays.
- ``invisible``: zero-width characters, soft hyphens, BOMs, C0/C1 controls other than newline, tab
  and carriage return are removed (a form feed or vertical tab, a page or line break, becomes a
  newline); no-break and ideographic spaces at line starts and ends are removed (spaces inside a
  line are ``cjk-spacing``'s business, which treats them like any other space).
- ``mojibake``: UTF-8 decoded as Latin-1/Windows-1252 (``ä¸­æ–‡`` → ``中文``), repaired by ftfy line
  by line, only on lines its badness heuristic flags, and with its character-width fix, quote
  uncurling and normalization switched off (ftfy's default width fix turns Chinese full-width
  punctuation into ASCII). UTF-8 read as GBK (``涓枃``) is valid Han text to ftfy and not repaired.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from functools import cache

import ftfy
import regex

from ocrfix.edits import Edit, PassResult
from ocrfix.registry import register
from ocrfix.resources.radicals import radical_table

NAME = "unicode"

_COMPAT = regex.compile(r"[\uf900-\ufaff\U0002f800-\U0002fa1f]")
_FULLWIDTH_ALNUM = regex.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_RADICAL = regex.compile(r"[\u2e80-\u2eff\u2f00-\u2fd5]")
# ZWSP, ZWNJ, word joiner, invisible operators, LRM/RLM, bidi embeddings, Mongolian vowel
# separator, soft hyphen, BOM; ZWJ only outside emoji sequences (see _invisible_edits).
_INVISIBLE_CLASS = (
    r"\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u180e\u00ad\ufeff"
    r"\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"
)
_INVISIBLE = regex.compile(f"[{_INVISIBLE_CLASS}]")
_BREAKS = regex.compile(r"[\x0b\x0c\x85]")
_ZWJ = regex.compile(r"\u200d")
# A no-break or ideographic space is at a line edge if only invisible characters (removed here)
# or other such spaces stand between it and the line break.
_EDGE = r"[\u00a0\u3000\u202f]"
_SKIP = f"[{_INVISIBLE_CLASS}\u200d\u00a0\u3000\u202f]*"
_LINE_BREAK = r"[\n\r\x0b\x0c\x85\u2028\u2029]"
_EDGE_SPACE = regex.compile(
    f"(?<=(?:\\A|{_LINE_BREAK}){_SKIP}){_EDGE}+|{_EDGE}+(?={_SKIP}(?:\\Z|{_LINE_BREAK}))"
)
_CJK_ONLY = regex.compile(r"[\p{Han}\u3000-\u303f\uff01-\uff5e]+")
_NOT_TEXT = "\u200d\r\n\x0b\x0c\x85\u2028\u2029"
_MOJIBAKE_HINT = regex.compile(r"[\u00c0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6]")


@dataclass(frozen=True)
class UnicodeOptions:
    """Options of ``unicode``.

    radicals: map Kangxi/supplement radicals to ideographs.
    compat_ideographs: map CJK compatibility ideographs to their unified forms.
    fullwidth_ascii: make full-width Latin letters and digits half-width.
    invisible: remove invisible and control characters, and edge no-break/ideographic spaces.
    mojibake: repair UTF-8 read as Latin-1/Windows-1252 with ftfy.
    """

    radicals: bool = True
    compat_ideographs: bool = True
    fullwidth_ascii: bool = True
    invisible: bool = True
    mojibake: bool = True


@cache
def _ftfy_config() -> ftfy.TextFixerConfig:
    return ftfy.TextFixerConfig(
        unescape_html=False,
        restore_byte_a0=False,
        fix_c1_controls=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )


@register(
    NAME,
    options=UnicodeOptions,
    rules={
        "kangxi-radical": ("radical made an ideograph", "radicals made ideographs"),
        "compat-ideograph": ("compatibility ideograph unified", "compatibility ideographs unified"),
        "fullwidth-ascii": ("full-width character narrowed", "full-width characters narrowed"),
        "invisible": ("invisible character removed", "invisible characters removed"),
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
        edits.extend(_mojibake_edits(text, taken))
    if options.invisible:
        edits.extend(_invisible_edits(text, taken))
    table = radical_table()
    for m in _RADICAL.finditer(text):
        ch, i = m.group(), m.start()
        if options.radicals and i not in taken and ch in table:
            name = unicodedata.name(ch, "radical")
            edits.append(Edit(i, i + 1, table[ch], NAME, "kangxi-radical", 1.0, name.lower()))
    if options.compat_ideographs:
        for m in _COMPAT.finditer(text):
            unified = unicodedata.normalize("NFC", m.group())
            if unified != m.group() and m.start() not in taken:
                why = f"compatibility ideograph U+{ord(m.group()):04X}"
                edits.append(Edit(m.start(), m.end(), unified, NAME, "compat-ideograph", 1.0, why))
    if options.fullwidth_ascii:
        for m in _FULLWIDTH_ALNUM.finditer(text):
            if m.start() not in taken:
                narrow = chr(ord(m.group()) - 0xFEE0)
                edits.append(
                    Edit(m.start(), m.end(), narrow, NAME, "fullwidth-ascii", 1.0, "full-width")
                )
    return PassResult.from_edits(NAME, text, edits)


def _invisible_edits(text: str, taken: set[int]) -> list[Edit]:
    edits = []
    for m in _INVISIBLE.finditer(text):
        if m.start() not in taken:
            why = f"invisible U+{ord(m.group()):04X}"
            edits.append(Edit(m.start(), m.end(), "", NAME, "invisible", 1.0, why))
            taken.add(m.start())
    for m in _BREAKS.finditer(text):
        if m.start() not in taken:
            edits.append(Edit(m.start(), m.end(), "\n", NAME, "invisible", 0.9, "page/line break"))
            taken.add(m.start())
    for m in _ZWJ.finditer(text):
        i = m.start()
        # Between two symbols (emoji) a joiner is meaningful: 👨‍👩 is one glyph.
        if i in taken or (_is_symbol(text, i - 1) and _is_symbol(text, i + 1)):
            continue
        edits.append(Edit(i, i + 1, "", NAME, "invisible", 1.0, "zero-width joiner"))
        taken.add(i)
    for m in _EDGE_SPACE.finditer(text):
        span = range(m.start(), m.end())
        if any(i in taken for i in span):
            continue
        edits.append(Edit(m.start(), m.end(), "", NAME, "invisible", 0.95, "space at line edge"))
        taken.update(span)
    return edits


def _is_symbol(text: str, i: int) -> bool:
    if not 0 <= i < len(text):
        return False
    cp = ord(text[i])
    # Emoji, pictographs, dingbats and the modifiers/variation selectors inside emoji sequences.
    return cp >= 0x1F000 or 0x2600 <= cp <= 0x27BF or cp in (0xFE0F, 0x20E3)


def _mojibake_edits(text: str, taken: set[int]) -> list[Edit]:
    edits = []
    pos = 0
    for line in text.splitlines(keepends=True):
        if _MOJIBAKE_HINT.search(line):
            edits.extend(_line_mojibake(line, pos, taken))
        pos += len(line)
    return edits


def _line_mojibake(line: str, pos: int, taken: set[int]) -> list[Edit]:
    # ftfy sees the line without the characters the invisible rule removes, so that its verdict
    # is the same on this pass's output (idempotence). Soft hyphens are tried both ways: byte AD
    # ends many mojibake runs (中 is ä¸\xad), but a stray one can also split a run.
    edge = {i for m in _EDGE_SPACE.finditer(line) for i in range(m.start(), m.end())}
    for keep_shy in (True, False):
        dropped = edge | {
            m.start() for m in _INVISIBLE.finditer(line) if not (keep_shy and m.group() == "\u00ad")
        }
        kept = [i for i in range(len(line)) if i not in dropped and line[i] not in _NOT_TEXT]
        core = "".join(line[i] for i in kept)
        if not ftfy.badness.is_bad(core):
            continue
        fixed = ftfy.fix_text(core, _ftfy_config())
        if fixed != core and "\ufffd" not in fixed:
            return _diff_edits(line, pos, kept, core, fixed, taken)
    return []


def _diff_edits(
    line: str, pos: int, kept: list[int], core: str, fixed: str, taken: set[int]
) -> list[Edit]:
    edits = []
    matcher = difflib.SequenceMatcher(None, core, fixed, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        new = fixed[b0:b1]
        # Only repairs that decode to Chinese text: short Latin fixes like Ã© → é, or C1
        # controls read as Windows-1252, are too easily wrong.
        if op == "equal" or a0 == a1 or not _CJK_ONLY.fullmatch(new):
            continue
        start, end = kept[a0], kept[a1 - 1] + 1
        why = f"mojibake {line[start:end]!r}"
        edits.append(Edit(pos + start, pos + end, new, NAME, "mojibake", 0.9, why))
        taken.update(range(pos + start, pos + end))
    return edits
