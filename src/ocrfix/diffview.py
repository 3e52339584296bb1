"""A diff a person can read: one hunk per edit or group of nearby edits, changes marked in line.

A unified diff of Chinese text is useless when a paragraph is one 1,000-character line, and it
shows a moved block as a deletion here and an addition there. Here each hunk names the line of
the original input it is on, shows a short window with the changed characters marked
(``[-old-]{+new+}``, red and green on a terminal), says which pass and rule made it and why, and
shows moves as moves and suggestions as suggestions.

>>> from ocrfix.pipeline import run
>>> r = run("newspaper", "民族文化传 承和保护\\n仙石村发展油茶抚育，泥湫、黄骨鱼养殖。")
>>> print(readable_diff(r))
@@ line 1 · cjk-spacing @@
  民族文化传[- -]承和保护⏎仙石村发展
  line-break-space (0.80): a word spans the space between 传 and 承
@@ line 2 · typos, suggested (not applied) @@
  仙石村发展油茶抚育，[-泥湫-]{+泥鳅+}、黄骨鱼养殖。
  visual-typo (0.66): 泥湫 is not a word, 泥鳅 is a word; 湫/鳅 look alike
<BLANKLINE>
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from ocrfix.decisions import Item, review_items
from ocrfix.edits import Edit
from ocrfix.pipeline import Repair

_ON = {"del": "\x1b[31m", "ins": "\x1b[32m", "head": "\x1b[36m", "dim": "\x1b[2m", "off": "\x1b[0m"}


def colored_unified(diff: str) -> str:
    """A unified diff's removed lines red, added lines green, hunk headers cyan (as ``git diff``
    colours them), for a terminal.

    >>> colored_unified("@@ -1 +1 @@\\n-装 备\\n+装备\\n") == (
    ...     "\\x1b[36m@@ -1 +1 @@\\x1b[0m\\n\\x1b[31m-装 备\\x1b[0m\\n\\x1b[32m+装备\\x1b[0m\\n")
    True
    """
    out = []
    for line in diff.splitlines(keepends=True):
        body = line.rstrip("\n")
        kind = "head" if body.startswith("@@") else None
        if not body.startswith(("---", "+++")):
            kind = kind or {"-": "del", "+": "ins"}.get(body[:1])
        out.append(f"{_ON[kind]}{body}{_ON['off']}" + line[len(body):] if kind else line)
    return "".join(out)
_OFF = dict.fromkeys(_ON, "")


@dataclass(frozen=True)
class _Hunk:
    line: int  # in the original input
    at: int  # offset in the original input, for ordering
    step: int
    items: tuple[Item, ...]


#: Characters a terminal shows as nothing, or as a line or page break: controls (CR, tab, form
#: feed), format characters (zero-width space, BOM), lone surrogates, line/paragraph separators.
_INVISIBLE = regex.compile(r"[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]")


def _show(s: str) -> str:
    r"""``s`` on one line with nothing invisible: a line break as ``⏎``, any other control or
    invisible character as its escape, so that a deleted CR is ``[-\r-]``, not ``[--]``.

    >>> print(_show("第一行\r\n第二行\u200b\x0c"))
    第一行\r⏎第二行\u200b\x0c
    """
    return _INVISIBLE.sub(lambda m: "⏎" if m[0] == "\n" else repr(m[0])[1:-1], s)


def _short(s: str, keep: int = 24) -> str:
    """A long moved block as its head and tail: ``县委书记…（128 characters）…到场了。``."""
    if len(s) <= keep + 8:
        return _show(s)
    return f"{_show(s[: keep * 2 // 3])}…({len(s)} characters)…{_show(s[-keep // 3 :])}"


def _edits(repair: Repair, it: Item) -> list[Edit]:
    step = repair.steps[it.step]
    pool = step.flags if it.kind == "suggestion" else step.edits
    return [pool[k] for k in it.members]


def _lines(numbers: list[int]) -> str:
    """``69, 73, 75`` or, for many, ``69, 73, … 97 (14 places)``: the lines in order, each once
    (a move gathers pieces from anywhere on the page, in its own order).

    >>> _lines([30, 20, 24, 29, 20])
    '20, 24, … 30 (4 places)'
    """
    numbers = sorted(set(numbers))
    if len(numbers) <= 3:
        return ", ".join(map(str, numbers))
    return f"{numbers[0]}, {numbers[1]}, … {numbers[-1]} ({len(numbers)} places)"


def _line_starts(text: str) -> list[int]:
    """Offsets where the lines of ``text`` start (line ``n`` is ``bisect_right(starts, at)``)."""
    return [0] + [k + 1 for k, c in enumerate(text) if c == "\n"]


def _hunks(repair: Repair, context: int, starts: list[int]) -> list[_Hunk]:
    found: list[_Hunk] = []
    moves: dict[tuple[int, int], int] = {}  # (step, where pasted) → its hunk in found
    for it in review_items(repair):
        # a move is where it was put; anything else, where its first edit is
        first = next((e for e in _edits(repair, it) if e.source is not None), None)
        first = first or _edits(repair, it)[0]
        at = repair.origin(first.start, first.end, upto=it.step)[0]
        line = bisect.bisect_right(starts, at)
        last = found[-1] if found else None
        if first.source is not None and (it.step, first.start) in moves:
            # pieces moved to one place: one hunk
            k = moves[it.step, first.start]
            found[k] = _Hunk(found[k].line, found[k].at, it.step, (*found[k].items, it))
        elif (
            last is not None
            and last.step == it.step
            and last.items[-1].kind == it.kind == "edit"
            and _edits(repair, it)[0].source is None
            and all(e.source is None for e in _edits(repair, last.items[-1]))
            and first.start - _edits(repair, last.items[-1])[-1].end <= context
        ):
            found[-1] = _Hunk(last.line, last.at, last.step, (*last.items, it))
        else:
            if first.source is not None:
                moves[it.step, first.start] = len(found)
            found.append(_Hunk(line, at, it.step, (it,)))
    return sorted(found, key=lambda h: (h.at, h.step))


def _window(text: str, edits: Sequence[Edit], context: int, c: dict[str, str]) -> str:
    """The edits' stretch of ``text`` with each change marked in place."""
    out = [_show(text[max(0, edits[0].start - context) : edits[0].start])]
    for k, e in enumerate(edits):
        old, new = text[e.start : e.end], e.replacement
        # a paste can be long: its head and tail (the header says where it came from)
        new = _show(new) if e.source is None else _show(new[: -len(e.moved)]) + _short(e.moved)
        if old:
            out.append(f"{c['del']}[-{_show(old)}-]{c['off']}")
        if new:
            out.append(f"{c['ins']}{{+{new}+}}{c['off']}")
        nxt = edits[k + 1].start if k + 1 < len(edits) else e.end + context
        out.append(_show(text[e.end : nxt]))
    return "".join(out)


def _reasons(items: Sequence[Item], most: int = 4) -> list[str]:
    """One line per rule and reason, ``×n`` for repeats; at most ``most`` lines."""
    counts: dict[tuple[str, float, str], int] = {}
    for it in items:
        key = (it.rule, it.confidence, it.reason)
        counts[key] = counts.get(key, 0) + 1
    lines = [
        f"{rule}{f' ×{n}' if n > 1 else ''} ({conf:.2f}): {_show(reason)}"
        for (rule, conf, reason), n in counts.items()
    ]
    if len(lines) > most:
        lines[most - 1 :] = [f"… and {len(lines) - most + 1} more"]
    return lines


def readable_diff(repair: Repair, color: bool = False, context: int = 10) -> str:
    """Every edit and suggestion of a repair, in the order of the original text."""
    c = _ON if color else _OFF
    starts = _line_starts(repair.input)
    out: list[str] = []
    for h in _hunks(repair, context, starts):
        step = repair.steps[h.step]
        edits = sorted((e for it in h.items for e in _edits(repair, it)), key=lambda e: e.start)
        title = step.name
        if h.items[0].kind == "suggestion":
            title += ", suggested (not applied)"
        pastes = [e for e in edits if e.source is not None]
        if pastes:
            froms = [repair.origin(e.source or 0, (e.source or 0) + 1, upto=h.step)[0]
                     for e in pastes]  # fmt: skip
            lines = _lines([bisect.bisect_right(starts, k) for k in froms])
            size = sum(len(e.moved) for e in pastes)
            where = f"line{'s' * (len(froms) > 1)} {lines}"
            out.append(f"{c['head']}@@ line {h.line} · {title}: moved from {where} "
                       f"({size} characters) @@{c['off']}")  # fmt: skip
            # the cuts are told in the header; the pastes show where the text went
            edits = [e for e in edits if e.start == pastes[0].start]
            if len(edits) > 3:
                edits = [*edits[:1], *edits[-1:]]
        else:
            out.append(f"{c['head']}@@ line {h.line} · {title} @@{c['off']}")
        out.append("  " + _window(step.result.input, edits, context, c))
        out.extend(f"  {c['dim']}{line}{c['off']}" for line in _reasons(h.items))
    return "\n".join(out) + "\n" if out else ""
