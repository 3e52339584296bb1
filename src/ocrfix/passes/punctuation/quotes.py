"""Quote pairing for the ``punctuation`` pass: straight quotes to curly ones, per paragraph.

Extraction turns every printed ``“`` and ``”`` into ASCII ``"``; within a paragraph they open and
close alternately, so a paragraph with an even number of quotes whose alternation is plausible
(no opening quote right before ``，。``, no closing quote right after ``：`` or an opening bracket)
is paired whole. A paragraph with an odd count (a column break cut it) is paired sentence by
sentence where a sentence holds an even, plausible set; every other straight quote is left as it is
and reported as a flag. Curly quotes that the extraction got backwards (``”走出去“``) are swapped
only when the whole paragraph is otherwise consistent.

>>> [(e.start, e.replacement) for e in quote_edits('他说:"走出去"。', 0, set(), "p")[0]]
[(3, '“'), (7, '”')]
"""

from __future__ import annotations

from ocrfix.edits import Edit

_NO_OPEN_BEFORE = frozenset(",.;:!?，。；：！？、)）]】》」』")
_NO_CLOSE_AFTER = frozenset("(（[【《「『“‘:：")
_SENTENCE_END = frozenset("。！？!?")
_DOUBLE = '"“”'
_SINGLE = "'‘’"


def char_positions(line: str, chars: str) -> list[int]:
    """Where ``line`` holds any of ``chars``, in order: ``str.find`` per kind, in C, rather than a
    Python test per character (most lines hold no quote at all).

    >>> char_positions('他说:"走出去”。', '"“”')
    [3, 7]
    """
    found: list[int] = []
    for ch in chars:
        i = line.find(ch)
        while i >= 0:
            found.append(i)
            i = line.find(ch, i + 1)
    return sorted(found) if len(chars) > 1 else found


def quote_edits(
    line: str, offset: int, protected: set[int], pass_name: str
) -> tuple[list[Edit], list[Edit]]:
    """Edits and flags for the quotes of one paragraph (``line`` starts at ``offset``)."""
    edits: list[Edit] = []
    flags: list[Edit] = []
    for kind, (open_q, close_q) in ((_DOUBLE, "“”"), (_SINGLE, "‘’")):
        positions = [
            i
            for i in char_positions(line, kind)
            if offset + i not in protected and not _is_apostrophe(line, i)
        ]
        if not positions or not any(line[i] in "\"'" for i in positions):
            if positions:
                edits.extend(_reversed_pairs(line, offset, positions, open_q, close_q, pass_name))
            continue
        done = _pair(line, offset, positions, open_q, close_q, pass_name, 0.95)
        if done is None:
            done = []
            for sentence in _sentences(line, positions):
                if all(line[i] in "\"'" for i in sentence):
                    paired = _pair(line, offset, sentence, open_q, close_q, pass_name, 0.8)
                    done.extend(paired or [])
        edits.extend(done)
        converted = {e.start - offset for e in done}
        # Curly pairs printed backwards beside straight ones (``”“。""``): judged on the line as
        # the pairing leaves it, which is what a second run would see.
        after = list(line)
        for e in done:
            after[e.start - offset] = e.replacement
        if all(after[i] not in "\"'" for i in positions):
            edits.extend(
                _reversed_pairs("".join(after), offset, positions, open_q, close_q, pass_name)
            )
        for i in positions:
            if line[i] in "\"'" and i not in converted:
                guess = _guess(line, i, open_q, close_q)
                why = "unpaired quote in this paragraph: left as it is"
                flags.append(Edit(offset + i, offset + i + 1, guess, pass_name, "quote", 0.5, why))
    return edits, flags


def _is_apostrophe(line: str, i: int) -> bool:
    """``don't`` (between letters) or ``5'`` (after a digit, not before one)."""
    if line[i] not in "'’":
        return False
    before = line[i - 1] if i > 0 else ""
    after = line[i + 1] if i + 1 < len(line) else ""
    if before.isascii() and before.isalpha():
        return after.isascii() and after.isalpha()
    return before.isascii() and before.isdigit() and not (after.isascii() and after.isalnum())


def _can_open(line: str, i: int) -> bool:
    return i + 1 < len(line) and not line[i + 1].isspace() and line[i + 1] not in _NO_OPEN_BEFORE


def _can_close(line: str, i: int) -> bool:
    return i > 0 and not line[i - 1].isspace() and line[i - 1] not in _NO_CLOSE_AFTER


def _pair(
    line: str,
    offset: int,
    positions: list[int],
    open_q: str,
    close_q: str,
    pass_name: str,
    confidence: float,
) -> list[Edit] | None:
    """Edits pairing ``positions`` alternately, or None if that is odd or implausible."""
    if len(positions) % 2:
        return None
    edits = []
    for k, i in enumerate(positions):
        want = open_q if k % 2 == 0 else close_q
        ok = _can_open(line, i) if want == open_q else _can_close(line, i)
        if not ok or line[i] not in ("\"'" + want):
            return None
        if line[i] != want:
            role = "opening" if want == open_q else "closing"
            why = f"{role} quote #{k + 1} of {len(positions)} in the paragraph"
            edit = Edit(offset + i, offset + i + 1, want, pass_name, "quote", confidence, why)
            edits.append(edit)
    return edits


def _reversed_pairs(
    line: str, offset: int, positions: list[int], open_q: str, close_q: str, pass_name: str
) -> list[Edit]:
    """Swap curly pairs printed backwards (``”…“``) when every other pair is in order."""
    if len(positions) % 2:
        return []
    pairs = list(zip(positions[::2], positions[1::2], strict=True))
    if any((line[a], line[b]) not in ((open_q, close_q), (close_q, open_q)) for a, b in pairs):
        return []
    edits = []
    for a, b in pairs:
        if line[a] == close_q and _can_open(line, a) and _can_close(line, b):
            why = "curly quotes reversed"
            edits.append(Edit(offset + a, offset + a + 1, open_q, pass_name, "quote", 0.9, why))
            edits.append(Edit(offset + b, offset + b + 1, close_q, pass_name, "quote", 0.9, why))
    return edits


def _sentences(line: str, positions: list[int]) -> list[list[int]]:
    """Quote positions grouped by sentence; a quote right after ``。！？`` closes the sentence
    before it if that sentence holds an odd number of quotes, else opens the next one."""
    groups: list[list[int]] = [[]]
    pos_set = set(positions)
    for i, ch in enumerate(line):
        if i in pos_set:
            after_end = i > 0 and line[i - 1] in _SENTENCE_END
            if after_end and len(groups) > 1 and len(groups[-1]) == 0 and len(groups[-2]) % 2:
                groups[-2].append(i)
            else:
                groups[-1].append(i)
        elif ch in _SENTENCE_END and groups[-1]:
            groups.append([])
    return [g for g in groups if g]


def _guess(line: str, i: int, open_q: str, close_q: str) -> str:
    can_open, can_close = _can_open(line, i), _can_close(line, i)
    if can_open and not can_close:
        return open_q
    if can_close and not can_open:
        return close_q
    return line[i]
