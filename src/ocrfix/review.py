"""A self-contained HTML review page: original and repaired text side by side, every edit marked.

One ``<mark class="edit">`` per applied edit in the repaired pane (deletions show as a small
``⌫`` marker holding the deleted text), coloured by pass, with rule, confidence and reason on
hover; flag-only suggestions (``class="flag"``) are underlined instead. The original pane marks
where each edit came from. No scripts, fonts or other network assets.

For proof-reading in plain text, :func:`marked_text` writes the suggestions inline instead.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ocrfix.edits import Edit, OffsetMap
from ocrfix.pipeline import Repair

_PALETTE = ("#ffd6a5", "#caffbf", "#9bf6ff", "#bdb2ff", "#ffc6ff", "#fdffb6", "#a0c4ff", "#ffadad")


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    cls: str
    pass_name: str
    title: str
    deleted: str = ""


def _title(e: Edit, original: str) -> str:
    change = f"{original!r} → {e.replacement!r}"
    return f"{e.pass_name}/{e.rule} · confidence {e.confidence:.2f} · {change} · {e.reason}"


def _forward(repair: Repair, after_step: int, start: int, end: int) -> tuple[int, int]:
    """Map a span in the output of step ``after_step`` to the final text."""
    for step in repair.steps[after_step + 1 :]:
        start, end = OffsetMap.from_edits(step.edits).inverse().to_input(start, end)
    return start, end


def marks(repair: Repair) -> tuple[list[Mark], list[Mark]]:
    """Marks in the original text and in the repaired text, one pair per edit or flag."""
    left: list[Mark] = []
    right: list[Mark] = []
    for i, step in enumerate(repair.steps):
        own = OffsetMap.from_edits(step.edits).inverse()
        src = step.result.input
        delta = 0  # edits are in text order: each one's output span follows from the ones before
        for e in step.edits:
            o_start = e.start + delta
            delta += len(e.replacement) - (e.end - e.start)
            r_start, r_end = _forward(repair, i, o_start, o_start + len(e.replacement))
            l_start, l_end = repair.origin(e.start, e.end, upto=i)
            title = _title(e, src[e.start : e.end])
            deleted = src[e.start : e.end] if not e.replacement else ""
            right.append(Mark(r_start, r_end, "edit", e.pass_name, title, deleted))
            left.append(Mark(l_start, l_end, "src", e.pass_name, title))
        for f in step.flags:
            r_start, r_end = _forward(repair, i, *own.to_input(f.start, f.end))
            l_start, l_end = repair.origin(f.start, f.end, upto=i)
            title = "suggestion, not applied: " + _title(f, src[f.start : f.end])
            right.append(Mark(r_start, r_end, "flag", f.pass_name, title))
            left.append(Mark(l_start, l_end, "flag", f.pass_name, title))
    return left, right


def marked_text(repair: Repair) -> str:
    """The repaired text with each suggestion that was not applied written inline (``--mark``).

    >>> from ocrfix.pipeline import run
    >>> marked_text(run("newspaper", "仙石村发展油茶抚育，泥湫、黄骨鱼、龙虾养殖。"))
    '仙石村发展油茶抚育，泥湫〔泥鳅?〕、黄骨鱼、龙虾养殖。'
    """
    from ocrfix.passes.typos import mark_suggestions

    flags = []
    for i, step in enumerate(repair.steps):
        own = OffsetMap.from_edits(step.edits).inverse()
        for f in step.flags:
            start, end = _forward(repair, i, *own.to_input(f.start, f.end))
            flags.append(replace(f, start=start, end=end))
    return mark_suggestions(repair.text, flags)


def _render(text: str, items: list[Mark]) -> str:
    """Text with marks as (possibly nested) spans; partial overlaps are clipped."""
    out: list[str] = []
    pos = 0
    stack: list[int] = []  # end offsets of open marks
    for m in sorted(items, key=lambda m: (m.start, -m.end)):
        start = max(m.start, pos)
        while stack and stack[-1] <= start:
            out.append(html.escape(text[pos : stack[-1]]) + "</mark>")
            pos = stack.pop()
        out.append(html.escape(text[pos:start]))
        pos = start
        end = min(m.end, stack[-1]) if stack else m.end
        end = max(end, start)
        attrs = f'class="{m.cls} p-{m.pass_name}" title="{html.escape(m.title)}"'
        if end == start:
            body = "⌫" if m.cls == "edit" else "‸"
            out.append(f'<mark {attrs} data-deleted="{html.escape(m.deleted)}">{body}</mark>')
        else:
            out.append(f"<mark {attrs}>")
            stack.append(end)
    while stack:
        end = stack.pop()
        out.append(html.escape(text[pos:end]) + "</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _styles(pass_names: list[str]) -> Iterator[str]:
    yield (
        "body{font-family:'Noto Serif CJK SC','Source Han Serif SC',serif;margin:1.5em;"
        "color:#222}h1{font-size:1.3em}.panes{display:grid;grid-template-columns:1fr 1fr;gap:1em}"
        ".pane{white-space:pre-wrap;border:1px solid #ccc;padding:1em;line-height:1.8;"
        "font-size:15px}mark{border-radius:2px;padding:0 1px}"
        "mark.flag{background:none;border-bottom:2px dotted #d00}"
        "mark.src{background:none;outline:1px solid #999}"
        "table{border-collapse:collapse}td,th{padding:2px 8px;border-bottom:1px solid #eee;"
        "text-align:left}"
    )
    for k, name in enumerate(pass_names):
        yield f"mark.edit.p-{name}{{background:{_PALETTE[k % len(_PALETTE)]}}}"
        yield f".key.p-{name}{{background:{_PALETTE[k % len(_PALETTE)]};padding:0 6px}}"


def review_page(repair: Repair, title: str = "ocrfix review") -> str:
    """The whole page as a string."""
    left, right = marks(repair)
    names = [s.name for s in repair.steps]
    rows = []
    for step in repair.steps:
        rules = Counter(e.rule for e in step.edits)
        flags = len(step.flags)
        rules_text = ", ".join(f"{r} ×{n}" for r, n in rules.items()) or "–"
        rows.append(
            f'<tr><td><span class="key p-{step.name}">{step.name}</span></td>'
            f"<td>{len(step.edits)}</td><td>{flags}</td><td>{html.escape(rules_text)}</td></tr>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{''.join(_styles(names))}</style></head>"
        f"<body><h1>{html.escape(title)}</h1>"
        f"<p>Profile <b>{html.escape(repair.profile.name)}</b>: {len(repair.edits)} edits, "
        f"{sum(len(s.flags) for s in repair.steps)} suggestions not applied. "
        "Hover a mark for its rule, confidence and reason.</p>"
        "<table><tr><th>pass</th><th>edits</th><th>suggestions</th><th>rules</th></tr>"
        f"{''.join(rows)}</table>"
        '<div class="panes"><div><h2>Original</h2><div class="pane" id="original">'
        f"{_render(repair.input, left)}</div></div>"
        '<div><h2>Repaired</h2><div class="pane" id="repaired">'
        f"{_render(repair.text, right)}</div></div></div></body></html>\n"
    )
