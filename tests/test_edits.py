from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocrfix.edits import (
    Edit,
    OffsetMap,
    PassResult,
    apply,
    edits_to_jsonl,
    unified_diff,
)
from ocrfix.errors import EditError

TEXT = "区政协副主席扎西达娃率调研组在株调研考察民族文化传 承和保护、红色遗迹"


def edit(start: int, end: int, rep: str = "", rule: str = "r") -> Edit:
    return Edit(start, end, rep, "test", rule, 0.9, "why")


def test_apply_deletes_insert_and_replace_in_any_order() -> None:
    space = TEXT.index(" ")
    edits = [edit(space, space + 1), edit(0, 0, "【"), edit(1, 3, "政协")]
    assert apply(TEXT, list(reversed(edits))) == "【区政协" + TEXT[3:space] + TEXT[space + 1 :]


def test_overlapping_edits_are_rejected() -> None:
    with pytest.raises(EditError, match="overlaps"):
        apply(TEXT, [edit(0, 3), edit(2, 4)])


def test_edit_past_the_end_is_rejected() -> None:
    with pytest.raises(EditError, match="past the end"):
        apply("短", [edit(0, 2)])


@pytest.mark.parametrize("args", [(3, 2), (-1, 2)])
def test_bad_spans_are_rejected(args: tuple[int, int]) -> None:
    with pytest.raises(EditError):
        edit(*args)


def test_confidence_must_be_a_probability() -> None:
    with pytest.raises(EditError):
        Edit(0, 1, "", "p", "r", 1.5)


def test_offset_map_maps_output_back_to_input() -> None:
    space = TEXT.index(" ")
    result = PassResult.from_edits("t", TEXT, [edit(space, space + 1)])
    out = result.output
    start = out.index("承和保护")
    s, e = OffsetMap.from_edits(result.edits).to_input(start, start + 4)
    assert TEXT[s:e] == "承和保护"
    # a span across the removed space widens to include it
    s, e = OffsetMap.from_edits(result.edits).to_input(start - 1, start + 1)
    assert TEXT[s:e] == "传 承"


@st.composite
def text_and_edits(draw: st.DrawFn) -> tuple[str, list[Edit]]:
    text = draw(st.text(alphabet="株洲日报讯 ，。ab\n", max_size=60))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    edits, last = [], 0
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if a >= last:
            rep = draw(st.text(alphabet="新字X", max_size=3))
            edits.append(edit(a, b, rep))
            last = b if b > a else b + 1
    return text, edits


@given(text_and_edits())
def test_unchanged_characters_map_back_to_themselves(case: tuple[str, list[Edit]]) -> None:
    text, edits = case
    result = PassResult.from_edits("t", text, edits)
    m = OffsetMap.from_edits(result.edits)
    out_to_in = {}
    # characters outside replacements must map back to an identical input character
    pos_in = pos_out = 0
    for e in result.edits:
        while pos_in < e.start:
            out_to_in[pos_out] = pos_in
            pos_in, pos_out = pos_in + 1, pos_out + 1
        pos_in, pos_out = e.end, pos_out + len(e.replacement)
    while pos_in < len(text):
        out_to_in[pos_out] = pos_in
        pos_in, pos_out = pos_in + 1, pos_out + 1
    for o, i in out_to_in.items():
        assert m.to_input(o, o + 1) == (i, i + 1)
        assert result.output[o] == text[i]
    # the whole output maps to the whole input
    assert m.to_input(0, len(result.output))[1] <= len(text)


def test_jsonl_is_utf8_not_escaped() -> None:
    line = edits_to_jsonl(
        "鄱县白鹅", [Edit(0, 1, "酃", "typos", "visual", 0.8, "鄱/酃 look alike")]
    )
    assert "酃" in line and "\\u" not in line
    obj = json.loads(line)
    assert obj["original"] == "鄱" and obj["replacement"] == "酃" and obj["pass"] == "typos"


def test_unified_diff_is_line_based() -> None:
    diff = unified_diff("第一段\n民族文化传 承\n", "第一段\n民族文化传承\n", name="page")
    assert "-民族文化传 承\n+民族文化传承\n" in diff and diff.startswith("--- a/page")


# --- moved text: Edit.source ---------------------------------------------------------------

MOVE_TEXT = "作。\n\n株洲党史教育基地遴选工"


def move_edits(text: str, a: int, b: int, at: int, lead: str = "") -> list[Edit]:
    """Cut ``text[a:b]`` and paste it (after ``lead``) at ``at``, outside ``[a, b)``; the source
    is where the copy proper starts, after any whitespace."""
    cut = text[a:b]
    src = a + len(cut) - len(cut.lstrip()) if cut.strip() else None
    return [edit(a, b), Edit(at, at, lead + cut, "test", "move", 0.7, "moved", source=src)]


def test_edit_source_defaults_to_none_and_stays_out_of_json() -> None:
    e = edit(0, 1)
    assert e.source is None and e.moved == "" and "source" not in e.to_dict(MOVE_TEXT)


def test_moved_text_maps_back_to_where_it_was_cut() -> None:
    edits = move_edits(MOVE_TEXT, 0, 4, len(MOVE_TEXT))
    out = apply(MOVE_TEXT, edits)
    assert out == "株洲党史教育基地遴选工作。\n\n"
    m = OffsetMap.from_edits(edits)
    k = out.index("作。")
    assert m.to_input(k, k + 2) == (0, 2)
    assert m.spans(k - 3, k + 2) == [(MOVE_TEXT.index("遴选工"), len(MOVE_TEXT)), (0, 2)]
    row = json.loads(edits_to_jsonl(MOVE_TEXT, edits[1:]))
    assert row["source"] == 0 and row["replacement"] == "作。\n\n"


def test_moved_text_may_lead_with_a_paragraph_break() -> None:
    """Furniture moved to its own paragraph: ``\\n\\n`` + a verbatim copy."""
    text = "白关丝瓜株洲日报全媒体记者/杨凌凌 摄品牌越来越响。"
    a, b = text.index("株"), text.index("品")
    edits = move_edits(text, a, b, len(text), lead="\n\n")
    out = apply(text, edits)
    assert out == "白关丝瓜品牌越来越响。\n\n株洲日报全媒体记者/杨凌凌 摄"
    assert edits[1].moved == text[a:b]
    k = out.index("杨凌凌")
    s, e = OffsetMap.from_edits(edits).to_input(k, k + 3)
    assert text[s:e] == "杨凌凌"


def test_a_source_that_is_no_copy_is_rejected() -> None:
    bad = Edit(len(MOVE_TEXT), len(MOVE_TEXT), "作。", "test", "move", source=5)
    with pytest.raises(EditError, match="no copy of offset 5"):
        apply(MOVE_TEXT, [bad])
    with pytest.raises(EditError, match="bad source"):
        Edit(0, 1, "", "test", "move", source=0)


@st.composite
def text_and_move(draw: st.DrawFn) -> tuple[str, list[Edit]]:
    text = draw(st.text(alphabet="株洲日报讯党史，。ab\n", min_size=2, max_size=60))
    a = draw(st.integers(0, len(text) - 1))
    b = draw(st.integers(a + 1, len(text)))
    at = draw(st.sampled_from([x for x in range(len(text) + 1) if not a < x < b]))
    lead = draw(st.sampled_from(["", "\n\n"]))
    return text, move_edits(text, a, b, at, lead)


@given(text_and_move())
def test_every_moved_or_kept_character_maps_to_itself(case: tuple[str, list[Edit]]) -> None:
    text, edits = case
    out = apply(text, edits)
    m = OffsetMap.from_edits(edits)
    for k, ch in enumerate(out):
        s, e = m.to_input(k, k + 1)
        if not ch.isspace():
            assert (s, e) == (s, s + 1) and text[s] == ch


def test_edit_is_a_frozen_dataclass_that_validates_every_copy() -> None:
    e = Edit(5, 6, "", "cjk-spacing", "line-break-space", 0.95, reason="space")
    assert repr(e) == (
        "Edit(start=5, end=6, replacement='', pass_name='cjk-spacing', rule='line-break-space',"
        " confidence=0.95, reason='space', source=None)"
    )
    assert e == Edit(5, 6, "", "cjk-spacing", "line-break-space", 0.95, "space")
    assert hash(e) == hash(dataclasses.replace(e))
    assert dataclasses.replace(e, reason="why").reason == "why"
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.start = 4  # type: ignore[misc]
    with pytest.raises(EditError, match="bad edit span"):
        dataclasses.replace(e, start=7)


def test_a_pass_result_checks_its_edits() -> None:
    with pytest.raises(EditError, match="overlaps"):
        PassResult.from_edits("t", TEXT, [edit(2, 4), edit(0, 3)])
