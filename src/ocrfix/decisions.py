"""Decide edit by edit: what a proof-reader accepts or rejects, and the text the decisions make.

A repair is cut into **items**, the units a person can decide: one edit, or a move (the cut and
its pastes, which only make sense together), or one suggestion a pass did not apply. Edits are
accepted and suggestions rejected unless decided otherwise, so deciding nothing gives the
repaired text, and rejecting every edit gives the input back.

>>> from ocrfix.pipeline import run
>>> r = run("newspaper", "仙石村发展油茶抚育，泥湫、黄骨鱼养殖。民族文化传 承和保护。")
>>> [(i.id, i.kind, i.original, i.replacement) for i in review_items(r)]
[('4.0', 'edit', ' ', ''), ('9.f0', 'suggestion', '泥湫', '泥鳅')]
>>> apply_decisions(r, {"4.0": "reject", "9.f0": "accept"}).text
'仙石村发展油茶抚育，泥鳅、黄骨鱼养殖。民族文化传 承和保护。'

Decisions are applied pass by pass. A rejected edit leaves its pass's input as it was; the
difference from the repaired text is carried forward as a *patch*, and a later edit that touches
a patch cannot stand (it was made for text that is no longer there): it is reverted as well and
reported in :attr:`Outcome.conflicts`.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ocrfix.edits import Edit, apply
from ocrfix.errors import InputError
from ocrfix.pipeline import Repair

FORMAT = "ocrfix-review/1"
Decision = Literal["accept", "reject"]


@dataclass(frozen=True)
class Item:
    """One decision unit. ``id`` is ``"<step>.<k>"`` for the k-th edit of a step (a move takes
    the id of its first edit) and ``"<step>.f<k>"`` for its k-th suggestion."""

    id: str
    step: int
    kind: Literal["edit", "suggestion"]
    members: tuple[int, ...]  # indices into the step's edits (or flags, for a suggestion)
    pass_name: str
    rule: str
    confidence: float
    reason: str
    original: str  # what the edit replaced in its pass's input (a move: the moved text)
    replacement: str

    @property
    def default(self) -> Decision:
        return "accept" if self.kind == "edit" else "reject"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "pass": self.pass_name,
            "rule": self.rule,
            "confidence": self.confidence,
            "reason": self.reason,
            "original": self.original,
            "replacement": self.replacement,
        }


def _groups(edits: Sequence[Edit]) -> list[list[int]]:
    """Edit indices grouped into moves: a paste joins the edit its ``source`` lies in, and a
    bare break inserted where a paste went joins that paste."""
    parent = list(range(len(edits)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    pastes = {e.start: k for k, e in enumerate(edits) if e.source is not None}
    starts = [e.start for e in edits]  # a step's edits are in text order and never overlap
    for k, e in enumerate(edits):
        if e.source is not None:
            j = bisect.bisect_right(starts, e.source) - 1  # the one edit that can hold it
            cut = edits[j]
            if j != k and cut.start <= e.source < cut.end:
                parent[root(k)] = root(j)
                # an edit right against the cut was made with it (flow's join over the
                # heading it moves away): undoing one without the other makes nonsense
                for n in (j - 1, j + 1):
                    if 0 <= n < len(edits) and n != k and (
                        edits[n].end == cut.start or edits[n].start == cut.end
                    ):
                        parent[root(n)] = root(j)
        elif e.start == e.end and e.start in pastes and edits[pastes[e.start]].rule == e.rule:
            parent[root(k)] = root(pastes[e.start])
    groups: dict[int, list[int]] = {}
    for k in range(len(edits)):
        groups.setdefault(root(k), []).append(k)
    return sorted(groups.values())


def review_items(repair: Repair) -> list[Item]:
    """Every decision unit of a repair, step by step, in text order within a step."""
    items: list[Item] = []
    for i, step in enumerate(repair.steps):
        src = step.result.input
        for members in _groups(step.edits):
            first = step.edits[members[0]]
            paste = next((step.edits[k] for k in members if step.edits[k].source is not None), None)
            original = paste.moved if paste else src[first.start : first.end]
            replacement = paste.replacement.strip() if paste else first.replacement
            items.append(
                Item(
                    f"{i}.{members[0]}", i, "edit", tuple(members), first.pass_name,
                    (paste or first).rule, first.confidence, (paste or first).reason, original,
                    replacement,
                )
            )  # fmt: skip
        for k, f in enumerate(step.flags):
            items.append(
                Item(
                    f"{i}.f{k}", i, "suggestion", (k,), f.pass_name, f.rule, f.confidence,
                    f.reason, src[f.start : f.end], f.replacement,
                )
            )  # fmt: skip
    return items


@dataclass(frozen=True)
class Outcome:
    """The decided text, the patches that make it from the repaired text, and the ids of items
    that were accepted but could not stand (they touched a rejected edit)."""

    text: str
    patches: tuple[Edit, ...]
    conflicts: tuple[str, ...] = field(default=())


def _touch(a0: int, a1: int, b0: int, b1: int) -> bool:
    """Do two spans overlap? An empty span touches what it sits in or at the edge of."""
    if a0 == a1 or b0 == b1:
        return a0 <= b1 and b0 <= a1
    return a0 < b1 and b0 < a1


def apply_decisions(repair: Repair, decisions: Mapping[str, Decision]) -> Outcome:
    """The text a reviewer's decisions make; undecided items keep their default.

    >>> from ocrfix.pipeline import run
    >>> r = run("safe", "调研组仔细参观故居陈列、观 看历史图片")
    >>> apply_decisions(r, {"1.0": "reject"}).text == r.input
    True
    """
    wrong = next(((k, v) for k, v in decisions.items() if v not in ("accept", "reject")), None)
    if wrong is not None:
        raise InputError(f"decision for item {wrong[0]!r} is {wrong[1]!r}: give \"accept\" or "
                         "\"reject\"")
    items = review_items(repair)
    unknown = set(decisions) - {it.id for it in items}
    if unknown:
        raise InputError(f"no item {sorted(unknown)[0]!r} in this repair: give the same "
                         "--profile and --set options the review page was made with")
    patches: list[tuple[int, int, str]] = []  # against the input of the step at hand
    conflicts: list[str] = []
    for i, step in enumerate(repair.steps):
        mine = [it for it in items if it.step == i]
        kept, added = _decide(step.result.input, step.edits, step.flags, mine, decisions,
                              patches, conflicts)  # fmt: skip
        patches = _carry(step.result.input, step.edits, kept, added, patches)
    final = [Edit(s, e, t, "review", "decision", 1.0, "reviewer's decision") for s, e, t in patches]
    return Outcome(apply(repair.text, final), tuple(final), tuple(conflicts))


def _hits(starts: list[int], ends: list[int], s: int, e: int) -> bool:
    """Does ``[s, e)`` touch any of the sorted, non-overlapping spans ``starts``/``ends``?"""
    j = bisect.bisect_right(starts, e) - 1
    while j >= 0 and ends[j] >= s:
        if _touch(starts[j], ends[j], s, e):
            return True
        j -= 1
    return False


def _decide(
    text: str,
    edits: Sequence[Edit],
    flags: Sequence[Edit],
    items: list[Item],
    decisions: Mapping[str, Decision],
    patches: list[tuple[int, int, str]],
    conflicts: list[str],
) -> tuple[set[int], list[Edit]]:
    """Which edits of one step stand, and which suggestions join them."""
    owner = {k: it for it in items if it.kind == "edit" for k in it.members}
    kept = {k for k, it in owner.items() if decisions.get(it.id, it.default) == "accept"}
    p_starts, p_ends = [s for s, _, _ in patches], [e for _, e, _ in patches]
    falling = [k for k in range(len(edits)) if k not in kept]

    def fall(k: int) -> None:  # an accepted edit made for text that is no longer there
        it = owner[k]
        kept.difference_update(it.members)
        falling.extend(it.members)
        conflicts.append(it.id)

    for k in sorted(kept):
        if k in kept and _hits(p_starts, p_ends, edits[k].start, edits[k].end):
            fall(k)
    while falling:  # an edit that touches a reverted one (an insertion at its edge) falls too
        k = falling.pop()
        for step in (-1, 1):
            j = k + step
            while 0 <= j < len(edits) and _touch(edits[j].start, edits[j].end,
                                                 edits[k].start, edits[k].end):  # fmt: skip
                if j in kept:
                    fall(j)
                j += step
    added: list[Edit] = []
    e_starts, e_ends = [e.start for e in edits], [e.end for e in edits]
    for it in items:
        if it.kind != "suggestion" or decisions.get(it.id, it.default) != "accept":
            continue
        f = flags[it.members[0]]
        clash = _hits(p_starts, p_ends, f.start, f.end) or _hits(e_starts, e_ends, f.start, f.end)
        if clash or (added and _touch(added[-1].start, added[-1].end, f.start, f.end)):
            conflicts.append(it.id)
        else:
            added.append(f)
    return kept, added


def _carry(
    text: str,
    edits: Sequence[Edit],
    kept: set[int],
    added: list[Edit],
    patches: list[tuple[int, int, str]],
) -> list[tuple[int, int, str]]:
    """The patches against this step's output: every stretch where the decided text differs
    from what the step made (old patches, reverted edits, accepted suggestions), merged."""
    pieces: list[tuple[int, int, str, int | None]] = [(s, e, t, None) for s, e, t in patches]
    pieces += [(edits[k].start, edits[k].end, text[edits[k].start : edits[k].end], k)
               for k in range(len(edits)) if k not in kept]  # fmt: skip
    pieces += [(f.start, f.end, f.replacement, None) for f in added]
    pieces.sort(key=lambda p: (p[0], p[1]))
    groups: list[list[tuple[int, int, str, int | None]]] = []
    for p in pieces:
        if groups and _touch(min(q[0] for q in groups[-1]), max(q[1] for q in groups[-1]),
                             p[0], p[1]):  # fmt: skip
            groups[-1].append(p)
        else:
            groups.append([p])
    deltas = [len(e.replacement) - (e.end - e.start) for e in edits]
    out: list[tuple[int, int, str]] = []
    k = 0
    shift = 0  # output minus input offset before the group at hand
    for group in groups:
        a, b = min(p[0] for p in group), max(p[1] for p in group)
        inside = {p[3] for p in group if p[3] is not None}
        while k < len(edits) and k not in inside and edits[k].end <= a:
            shift += deltas[k]
            k += 1
        grown = sum(deltas[j] for j in inside)
        k = max([k, *(j + 1 for j in inside)])
        # the decided text of [a, b): its input with the patches and suggestions in it applied
        local = [Edit(s - a, e - a, t, "review", "decision") for s, e, t, j in group if j is None]
        out.append((a + shift, b + shift + grown, apply(text[a:b], local)))
        shift += grown
    return out


# ---------------------------------------------------------------------------------------------
# The decisions file the review page exports


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def decisions_header(repair: Repair) -> dict[str, str]:
    """What ties a decisions file to the repair it was made on."""
    return {
        "format": FORMAT,
        "profile": repair.profile.name,
        "input_sha256": _sha256(repair.input),
        "output_sha256": _sha256(repair.text),
    }


def read_decisions(raw: str, repair: Repair, source: str = "decisions") -> dict[str, Decision]:
    """The decisions of an exported file, checked against the repair they are applied to."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}: not JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(f"{source}: not an ocrfix review export (no \"format\": \"{FORMAT}\")")
    header = decisions_header(repair)
    if data.get("input_sha256") != header["input_sha256"]:
        raise InputError(f"{source}: made for another text; give the file the review page was "
                         "made from")
    if data.get("output_sha256") != header["output_sha256"]:
        raise InputError(f"{source}: the repair differs from the one reviewed (profile "
                         f"{data.get('profile')!r}); give the same --profile and --set options")
    decided = data.get("decisions")
    if not isinstance(decided, list):
        raise InputError(f"{source}: \"decisions\" must be a list of {{\"id\", \"decision\"}}")
    out: dict[str, Decision] = {}
    for d in decided:
        choice = d.get("decision") if isinstance(d, dict) else None
        if choice not in ("accept", "reject") or not isinstance(d.get("id"), str):
            raise InputError(f"{source}: each decision needs an \"id\" and \"decision\": "
                             f"\"accept\" or \"reject\" (got {json.dumps(d, ensure_ascii=False)})")
        out[d["id"]] = choice
    return out
