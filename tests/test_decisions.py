"""Deciding edit by edit (ocrfix.decisions) and ``ocrfix apply-review``."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocrfix.cli import main
from ocrfix.decisions import apply_decisions, decisions_header, read_decisions, review_items
from ocrfix.errors import InputError
from ocrfix.pipeline import run
from tests.conftest import PAGES, SAMPLE, seed_page

TYPO = "仙石村发展油茶抚育，泥湫、黄骨鱼养殖。民族文化传 承和保护。\n"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
def test_rejecting_every_edit_gives_the_input_back(page) -> None:  # type: ignore[no-untyped-def]
    repair = run("aggressive", page.raw)
    items = review_items(repair)
    assert apply_decisions(repair, {}).text == repair.text
    rejected = {it.id: "reject" for it in items if it.kind == "edit"}
    assert apply_decisions(repair, rejected).text == page.raw  # type: ignore[arg-type]


@pytest.mark.parametrize("page", SAMPLE, ids=lambda p: p.id)
def test_one_rejected_edit_restores_exactly_what_it_replaced(page) -> None:  # type: ignore[no-untyped-def]
    repair = run("newspaper", page.raw)
    checked = 0
    for it in review_items(repair)[::7]:
        if it.kind != "edit" or len(it.members) > 1:
            continue
        out = apply_decisions(repair, {it.id: "reject"})
        if out.conflicts:  # a later edit was made on top of it: it falls too
            assert all(c != it.id for c in out.conflicts)
            continue
        (patch,) = out.patches
        assert patch.replacement == it.original
        checked += 1
    assert checked or not repair.edits


def test_a_move_and_the_join_over_it_are_one_decision() -> None:
    text = "落实安全生产责任，比如工\n\n### 图片\n\n作人员都到场了。"
    repair = run("newspaper", text)
    assert repair.text == "落实安全生产责任，比如工作人员都到场了。\n\n### 图片"
    (item,) = review_items(repair)
    assert item.rule == "move" and item.original == "### 图片"
    assert apply_decisions(repair, {item.id: "reject"}).text == text


def test_accepted_suggestion_and_rejected_edit() -> None:
    repair = run("newspaper", TYPO)
    by_rule = {it.rule: it for it in review_items(repair)}
    space, typo = by_rule["line-break-space"], by_rule["visual-typo"]
    assert typo.kind == "suggestion" and (typo.original, typo.replacement) == ("泥湫", "泥鳅")
    out = apply_decisions(repair, {space.id: "reject", typo.id: "accept"})
    assert out.text == TYPO.replace("泥湫", "泥鳅") and not out.conflicts


def test_an_edit_made_on_a_rejected_one_falls_with_it() -> None:
    # cjk-spacing removes the space only after unicode has made 人 of the radical ⼈
    text = "全市⼈ 民群众积极参与。\n"
    repair = run("newspaper", text)
    first = next(it for it in review_items(repair) if it.pass_name == "unicode")
    out = apply_decisions(repair, {first.id: "reject"})
    assert "⼈" in out.text
    assert all(c != first.id for c in out.conflicts)


@functools.cache
def _seed_repair():  # type: ignore[no-untyped-def]
    return run("newspaper", seed_page("zhuzhou-daily-2023-09-05").raw)


@given(st.data())
def test_any_decisions_make_a_text(data: st.DataObject) -> None:
    repair = _seed_repair()
    items = review_items(repair)
    chosen = data.draw(st.lists(st.sampled_from(items), max_size=30, unique=True))
    decided = {it.id: data.draw(st.sampled_from(["accept", "reject"])) for it in chosen}
    out = apply_decisions(repair, decided)  # type: ignore[arg-type]
    assert set(out.conflicts) <= {it.id for it in items}
    assert out.text.count("\n") <= max(repair.input.count("\n"), repair.text.count("\n")) + 30


def _export(repair, decided: dict[str, str]) -> str:  # type: ignore[no-untyped-def]
    return json.dumps({**decisions_header(repair),
                       "decisions": [{"id": k, "decision": v} for k, v in decided.items()]})


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda d: "{", "not JSON"),
        (lambda d: json.dumps({**d, "format": "x"}), "not an ocrfix review export"),
        (lambda d: json.dumps({**d, "input_sha256": "0"}), "made for another text"),
        (lambda d: json.dumps({**d, "output_sha256": "0"}), "give the same --profile"),
        (lambda d: json.dumps({**d, "decisions": {}}), "must be a list"),
        (lambda d: json.dumps({**d, "decisions": [{"id": "3.0", "decision": "ok"}]}), "accept"),
    ],
)
def test_a_bad_decisions_file_is_refused(mangle, message: str) -> None:  # type: ignore[no-untyped-def]
    repair = run("newspaper", TYPO)
    good = json.loads(_export(repair, {}))
    with pytest.raises(InputError, match=message):
        read_decisions(mangle(good), repair)


def test_unknown_item_is_refused() -> None:
    repair = run("newspaper", TYPO)
    with pytest.raises(InputError, match=r"no item '9\.9' in this repair: give the same --profile"):
        apply_decisions(repair, {"9.9": "reject"})


def test_cli_apply_review(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_text(TYPO, encoding="utf-8")
    repair = run("newspaper", TYPO)
    typo = next(it for it in review_items(repair) if it.kind == "suggestion")
    decisions = tmp_path / "decisions.json"
    decisions.write_text(_export(repair, {typo.id: "accept"}), encoding="utf-8")
    out = tmp_path / "page.reviewed.txt"
    assert main(["apply-review", str(page), str(decisions), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == repair.text.replace("泥湫", "泥鳅")
    assert page.read_text(encoding="utf-8") == TYPO  # the input is never touched
    # another profile makes another repair: a one-line error, not a wrong text
    assert main(["apply-review", str(page), str(decisions), "-p", "safe", "-o", str(out)]) == 2
    assert "give the same --profile" in capsys.readouterr().err
