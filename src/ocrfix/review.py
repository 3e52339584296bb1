"""A self-contained HTML review page where a proof-reader decides edit by edit.

Original and repaired text side by side, scrolled in step. One ``<mark class="edit">`` per
applied edit in the repaired pane (a deletion is a thin bar between characters that holds the
deleted text), coloured by pass; flag-only suggestions (``class="flag"``) are underlined
instead; the original pane marks where each edit came from. Every mark belongs to an item of
:mod:`ocrfix.decisions`; the keyboard goes from item to item (``j``/``k``), accepts (``a``) or
rejects (``r``) it, and the page exports the decisions as JSON for ``ocrfix apply-review``. A
table lists every item with its reason. One file: its script and styles are inline, nothing is
fetched.

For proof-reading in plain text, :func:`marked_text` writes the suggestions inline instead.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from importlib import resources

from ocrfix.decisions import Item, decisions_header, review_items
from ocrfix.edits import Edit
from ocrfix.pipeline import Repair

_PALETTE = ("#ffd6a5", "#caffbf", "#9bf6ff", "#bdb2ff", "#ffc6ff", "#fdffb6", "#a0c4ff", "#ffadad")


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    cls: str
    pass_name: str
    title: str
    item: str
    deleted: str = ""


def _title(e: Edit, original: str) -> str:
    change = f"{original!r} → {e.replacement!r}"
    return f"{e.pass_name}/{e.rule} · confidence {e.confidence:.2f} · {change} · {e.reason}"


def marks(repair: Repair, items: list[Item]) -> tuple[list[Mark], list[Mark]]:
    """Marks in the original text and in the repaired text, one pair per edit or flag, each
    naming the item (of ``items``, the repair's :func:`review_items`) it belongs to."""
    left: list[Mark] = []
    right: list[Mark] = []
    owner = {}
    for it in items:
        for k in it.members:
            owner[it.step, it.kind, k] = it.id
    for i, step in enumerate(repair.steps):
        src = step.result.input
        delta = 0  # edits are in text order: each one's output span follows from the ones before
        for k, e in enumerate(step.edits):
            item = owner[i, "edit", k]
            o_start = e.start + delta
            delta += len(e.replacement) - (e.end - e.start)
            r_start, r_end = repair.to_final(o_start, o_start + len(e.replacement), i + 1)
            l_start, l_end = repair.origin(e.start, e.end, upto=i)
            title = _title(e, src[e.start : e.end])
            deleted = src[e.start : e.end] if not e.replacement else ""
            right.append(Mark(r_start, r_end, "edit", e.pass_name, title, item, deleted))
            left.append(Mark(l_start, l_end, "src", e.pass_name, title, item))
        for k, f in enumerate(step.flags):
            item = owner[i, "suggestion", k]
            r_start, r_end = repair.to_final(f.start, f.end, i)
            l_start, l_end = repair.origin(f.start, f.end, upto=i)
            title = "suggestion, not applied: " + _title(f, src[f.start : f.end])
            right.append(Mark(r_start, r_end, "flag", f.pass_name, title, item))
            left.append(Mark(l_start, l_end, "flag", f.pass_name, title, item))
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
        for f in step.flags:
            start, end = repair.to_final(f.start, f.end, i)
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
        attrs = (f'class="{m.cls} p-{m.pass_name}{" del" * (end == start)}" '
                 f'data-item="{m.item}" title="{html.escape(m.title)}"')
        if end == start:  # an empty mark, drawn as a thin bar: no character cell in the word
            out.append(f'<mark {attrs} data-deleted="{html.escape(m.deleted)}"></mark>')
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
        "body{font-family:'Noto Serif CJK SC','Source Han Serif SC',serif;margin:1em 1.5em;"
        "color:#222}h1{font-size:1.3em}h2{font-size:1.05em;margin:.4em 0}"
        ".panes{display:grid;grid-template-columns:1fr 1fr;gap:1em}"
        ".pane{white-space:pre-wrap;border:1px solid #ccc;padding:1em;line-height:1.8;"
        "font-size:15px;height:55vh;overflow:auto}mark{border-radius:2px;padding:0 1px;"
        "cursor:pointer}mark.flag{background:none;border-bottom:2px dotted #d00}"
        "mark.src{background:none;outline:1px solid #999}"
        # a deletion: a bar between two characters, not a character of its own
        "mark.del{display:inline-block;width:0;height:1.2em;padding:0;margin:0 -1px;"
        "border-left:3px solid #c00;vertical-align:text-bottom}"
        "mark.rejected.edit{background:none;text-decoration:line-through #c00 2px}"
        "mark.rejected.del{border-left-color:#bbb}mark.accepted.flag{background:#b7f0b1}"
        "mark.current{outline:2px solid #06c;outline-offset:1px}"
        "#detail{position:sticky;top:0;background:#f4f8ff;border:1px solid #9bd;padding:.4em .8em;"
        "margin:.5em 0;min-height:1.5em;z-index:1}"
        "#items{height:25vh;overflow:auto;border:1px solid #ddd;margin-top:.8em}"
        "table{border-collapse:collapse;font-size:14px}td,th{padding:2px 8px;"
        "border-bottom:1px solid #eee;text-align:left;vertical-align:top}"
        "#items tr.current{background:#e3efff}#items tr.decided td:last-child{font-weight:bold}"
        "#items tr.reject td:last-child{color:#c00}#items tr.accept td:last-child{color:#070}"
        "#decisions-json{width:100%;height:6em;font-family:monospace;font-size:12px}"
        "kbd{border:1px solid #aaa;border-radius:3px;padding:0 4px;font-size:.9em}"
    )
    for k, name in enumerate(pass_names):
        yield f"mark.edit.p-{name}{{background:{_PALETTE[k % len(_PALETTE)]}}}"
        yield f".key.p-{name}{{background:{_PALETTE[k % len(_PALETTE)]};padding:0 6px}}"


def _data(repair: Repair, name: str, items: list[Item]) -> str:
    """The items and the header the page exports with its decisions, as inline JSON."""
    payload = {
        "header": {**decisions_header(repair), "file": name},
        "items": [it.to_dict() for it in items],
    }
    # "</script" or "<!--" in the text would end or upset the script element; \u003c is "<"
    return json.dumps(payload, ensure_ascii=False).replace("<", "\\u003c")


def review_page(repair: Repair, title: str = "ocrfix review", name: str = "text") -> str:
    """The whole page as a string. ``name`` is the input file's name, kept in the export."""
    items = review_items(repair)
    left, right = marks(repair, items)
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
    script = resources.files("ocrfix").joinpath("review.js").read_text(encoding="utf-8")
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{''.join(_styles(names))}</style></head>"
        f"<body><h1>{html.escape(title)}</h1>"
        f"<p>Profile <b>{html.escape(repair.profile.name)}</b>: {len(repair.edits)} edits, "
        f"{sum(len(s.flags) for s in repair.steps)} suggestions not applied.</p>"
        "<table><tr><th>pass</th><th>edits</th><th>suggestions</th><th>rules</th></tr>"
        f"{''.join(rows)}</table>"
        "<p><kbd>j</kbd>/<kbd>k</kbd> next/previous · <kbd>a</kbd> accept · <kbd>r</kbd> reject"
        " · <kbd>u</kbd> undo · <kbd>e</kbd> export. Edits stand unless rejected; suggestions"
        " are applied only if accepted. Then: <code>ocrfix apply-review "
        f"{html.escape(name)} decisions.json -o {html.escape(name)}.reviewed.txt</code></p>"
        '<div id="detail">Press j to go to the first item.</div>'
        '<div class="panes"><div><h2>Original</h2><div class="pane" id="original">'
        f"{_render(repair.input, left)}</div></div>"
        '<div><h2>Repaired</h2><div class="pane" id="repaired">'
        f"{_render(repair.text, right)}</div></div></div>"
        '<div id="items"><table><thead><tr><th>item</th><th>pass/rule</th><th>change</th>'
        "<th>conf.</th><th>reason</th><th>decision</th></tr></thead><tbody></tbody></table></div>"
        '<p><button id="export">Export decisions (e)</button></p>'
        '<textarea id="decisions-json" readonly aria-label="decisions as JSON"></textarea>'
        f'<script type="application/json" id="ocrfix-data">{_data(repair, name, items)}</script>'
        f"<script>{script}</script></body></html>\n"
    )
