"""Write ``columns_cases.json``: paragraphs of tune-split texts set side by side in columns.

The reading order of each synthetic case is known by construction (first column, then second,
…), so the expectation does not come from the pass under test (``order`` cases are checked on
their text without whitespace: their spacing is not known by construction); cases added to the
file by hand (Tesseract output of pages, each naming its source) are kept. Run from anywhere:
``python tests/data/make_columns_cases.py`` (needs ``../shared/texts`` beside the repository).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

TEXTS = Path(__file__).resolve().parents[3] / "shared" / "texts"
OUT = Path(__file__).parent / "columns_cases.json"


def paragraphs(name: str, n: int, skip: int) -> list[str]:
    lines = (TEXTS / name).read_text(encoding="utf-8").split("\n")
    return [p.strip() for p in lines if len(p.strip()) >= 60][skip : skip + n]


def wrap(paras: list[str], width: int, indent: str = "  ") -> list[str]:
    """Printed lines of ``width`` ideographs; a paragraph's first line is indented."""
    out = []
    for p in paras:
        first, rest = p[: width - 1], p[width - 1 :]
        out.append(indent + first if indent else p[:width])
        rest = rest if indent else p[width:]
        out += [rest[i : i + width] for i in range(0, len(rest), width)]
    return out


def even(*cols: list[str]) -> list[list[str]]:
    n = min(len(c) for c in cols)
    return [c[:n] for c in cols]


def side(cols: list[list[str]], gutter: int, rng: random.Random | None = None,
         drift: int = 0) -> list[str]:  # fmt: skip
    """Rows of columns side by side: ``pdftotext -layout`` (a position per character), or with
    ``rng`` Tesseract ``--psm 6`` (starts drifting by ``drift``, a ``|`` for a rule on some)."""
    width = max(len(x) for x in cols[0])
    rows = []
    for i in range(len(cols[0])):
        line = cols[0][i]
        for k, col in enumerate(cols[1:], start=1):
            target = k * (width + gutter) + (rng.randint(-drift, drift) if rng else 0)
            pad = max(2, target - len(line))
            if rng and rng.random() < 0.6:
                line += " " * (pad // 2) + "|" + " " * (pad - pad // 2 - 1)
            else:
                line += " " * pad
            line += col[i]
        rows.append(line.rstrip())
    return rows


def main() -> None:
    rng = random.Random(7)
    env = "reg-business-environment-2019.txt"
    spc = "spc-online-litigation-2021.txt"
    gov = "gov-report-2021.txt"
    con = "constitution-2018.txt"
    cases = []

    a, b = even(wrap(paragraphs(env, 2, 5), 15), wrap(paragraphs(env, 2, 9), 15))
    cases.append({
        "kind": "synthetic", "input": "\n".join(side([a, b], 8)) + "\n",
        "expected": "\n".join(a + b) + "\n",
        "source": "reg-business-environment-2019 (tune): two columns of 15 ideographs side by "
                  "side, pdftotext -layout style (a position per character)",
    })  # fmt: skip
    c, d = even(wrap(paragraphs(spc, 3, 4), 13, ""), wrap(paragraphs(spc, 3, 8), 13, ""))
    cases.append({
        "kind": "synthetic", "input": "\n".join(side([c, d], 10, rng, drift=3)) + "\n",
        "expected": "\n".join(c + d) + "\n",
        "source": "spc-online-litigation-2021 (tune): two columns, Tesseract --psm 6 style: no "
                  "indentation, starts drifting by up to 3, column rule read as | on some lines",
    })  # fmt: skip
    e, f, g = even(*(wrap(paragraphs(gov, 2, k), 12) for k in (10, 14, 18)))
    # -layout leaves one space only where a column starts right after the one before
    rows = [(x.ljust(12) + " " + y.ljust(12) + "      " + z).rstrip() for x, y, z in zip(e, f, g, strict=True)]
    cases.append({
        "kind": "synthetic", "input": "\n".join(rows) + "\n",
        "expected": "\n".join(e + f + g) + "\n",
        "source": "gov-report-2021 (tune): three columns of 12 ideographs; one space only "
                  "between the first two (pdftotext -layout does this), six before the third",
    })  # fmt: skip
    h1, h2 = even(wrap(paragraphs(con, 2, 6), 14), wrap(paragraphs(con, 2, 9), 14))
    k1, k2 = even(wrap(paragraphs(con, 2, 12), 14), wrap(paragraphs(con, 2, 15), 14))
    heads = ["第二篇的标题", "第二篇的副标题"]
    cases.append({
        "kind": "synthetic",
        "input": "\n".join(["第一篇的标题", *side([h1, h2], 6), *heads, *side([k1, k2], 6)]) + "\n",
        "expected": "\n".join(["第一篇的标题", *h1, *h2, *heads, *k1, *k2]) + "\n",
        "source": "constitution-2018 (tune): two articles in two columns each, no blank lines "
                  "(Tesseract --psm 6): headlines stay between the bands, each band read column "
                  "by column",
    })  # fmt: skip

    s1, s2, s3, s4 = even(*(wrap(paragraphs(con, 1, k), 12) for k in (20, 23, 26, 29)))
    band = side([s1, s2, s3, s4], 6)
    heads = ["第一篇文章".ljust(36) + "宪法的第二篇文章的标题", "第一篇的副标题".ljust(36) + "副标题"]
    cases.append({
        "kind": "synthetic", "input": "\n".join([*heads, *band]) + "\n",
        "expected": "\n".join(["第一篇文章", "第一篇的副标题", *s1, *s2, "",
                               "宪法的第二篇文章的标题", "副标题", "", *s3, *s4]) + "\n",
        "source": "constitution-2018 (tune): two articles side by side, two columns each, their "
                  "headline and subtitle rows above the band: each article's headlines are read "
                  "before its columns",
    })  # fmt: skip

    p1, p2, p3 = even(*(wrap(paragraphs(gov, 2, k), 13, "") for k in (22, 26, 30)))
    rows = side([p1, p2, p3], 8, rng, drift=4)
    gaps = {2, 5, 9}  # Tesseract --psm 4 leaves blank lines between some rows of a band
    printed = [x for i, row in enumerate(rows) for x in ([row, ""] if i in gaps else [row])]
    first = [x for i, line in enumerate(p1) for x in ([line, ""] if i in gaps else [line])]
    cases.append({
        "kind": "synthetic", "input": "\n".join(printed) + "\n",
        "expected": "\n".join(first + p2 + p3) + "\n",
        "source": "gov-report-2021 (tune): three columns, Tesseract --psm 4 style: starts "
                  "drifting by up to 4, | on some rows, blank lines after rows 3, 6 and 10 inside "
                  "the band (the first column keeps them; unwrap joins across them)",
    })  # fmt: skip

    q1, q2, q3, q4 = even(*(wrap(paragraphs(env, 2, k), 14, "") for k in (30, 33, 36, 39)))
    for kind, short_next in (("synthetic", False), ("known-failures", True)):
        heavy = random.Random(11)
        rows = []
        for i, first in enumerate(q1):
            line = first
            for k, col in enumerate((q2, q3, q4), start=1):
                full = len(line) >= k * 20 - 6  # the column before ends near the gutter
                # the gutter read as one space: the column starts five or more positions early
                if full and (short_next or len(col[i]) >= 12) and heavy.random() < 0.3:
                    line += " " + col[i]
                else:
                    target = k * 20 + heavy.randint(-2, 2)
                    line += " " * max(2, target - len(line)) + col[i]
            rows.append(line)
        why = (
            "a paragraph's short last line after such a gutter stays with the column before: a "
            "piece is cut only where it runs 3 positions past the next start (1 made the tune "
            "psm 6 pages worse: medium 30.9% -> 31.9% CER)"
            if short_next else "before lines of 12 ideographs or more"
        )
        cases.append({
            "kind": kind, "input": "\n".join(rows) + "\n",
            "expected": "\n".join(q1 + q2 + q3 + q4) + "\n",
            "source": "reg-business-environment-2019 (tune): four columns of 14 ideographs, "
                      "Tesseract --psm 6 on a heavy scan: on three rows in ten a gutter after a "
                      f"full line is read as one space; {why}",
        })  # fmt: skip

    # pdftotext -layout: where the columns' rows stop lining up it prints a blank line, then
    # rows whose first column is empty (its text ended above), the others at their starts
    law = [wrap(paragraphs(con, 8, k), 14)[:n] for k, n in ((30, 8), (40, 12), (50, 12))]
    top = side([law[0], law[1][:8], law[2][:8]], 6)
    rest = zip(law[1][8:], law[2][8:], strict=True)
    bottom = [((" " * 20 + y).ljust(40) + z).rstrip() for y, z in rest]
    cases.append({
        "kind": "order", "input": "\n".join([*top, "", *bottom]) + "\n",
        "expected": "\n".join(law[0] + law[1] + law[2]) + "\n",
        "source": "constitution-2018 (tune): three columns of law articles, pdftotext -layout; "
                  "after a blank line the rows hold the second and third columns only, at their "
                  "starts: read in order (spaces and line breaks aside)",
    })  # fmt: skip
    # a column's last line, ending a sentence, printed below the band's last row by itself
    law = [wrap(paragraphs(con, 8, k), 14) for k in (30, 40, 50)]
    end = next(i for i, line in enumerate(law[1]) if i >= 6 and line.endswith("。"))
    rows = side([law[0][:end], law[1][:end], law[2][:end]], 6)
    cases.append({
        "kind": "order", "input": "\n".join([*rows, " " * 20 + law[1][end]]) + "\n",
        "expected": "\n".join(law[0][:end] + law[1][: end + 1] + law[2][:end]) + "\n",
        "source": "constitution-2018 (tune): three columns, pdftotext -layout; the second "
                  "column's last line, ending a sentence, printed under the band's last row at "
                  "its column's start: read with its column",
    })  # fmt: skip
    table = (
        "项目    2020年    2021年    增长\n国内生产总值    101.6万亿元    114.4万亿元    8.1%\n"
        "城镇新增就业    1186万人    1269万人    7.0%\n粮食产量    13390亿斤    13657亿斤    2.0%\n"
    )
    cases.append({"kind": "negative", "input": table, "expected": table,
                  "source": "a table of short cells: its columns are not running text"})  # fmt: skip
    per_line = "\n\n".join(paragraphs(env, 4, 20)).replace("，", "，  ", 1) + "\n"
    cases.append({"kind": "negative", "input": per_line, "expected": per_line,
                  "source": "reg-business-environment-2019 (tune): one paragraph per line with a "
                            "stray double space"})  # fmt: skip
    raw = "\n".join(wrap(paragraphs(spc, 3, 20), 18)).replace("，", " ，", 3) + "\n"
    cases.append({"kind": "negative", "input": raw, "expected": raw,
                  "source": "spc-online-litigation-2021 (tune): printed lines one per line "
                            "(pdftotext -raw), single OCR spaces inside lines"})  # fmt: skip
    cases += top_line_cases()
    # cases written into the file by hand (each names its source) are kept, after these
    made = {c["source"] for c in cases}
    old = json.loads(OUT.read_text(encoding="utf-8")) if OUT.exists() else []
    cases += [c for c in old if c["source"] not in made]
    OUT.write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def top_line_cases() -> list[dict[str, str]]:
    """``pdftotext`` default: a band's columns as blocks, their top lines printed as one line
    under the band's headline, one space apart; another block between the columns' blocks."""
    gov, env = "gov-report-2021.txt", "reg-business-environment-2019.txt"
    out = []
    text = wrap(paragraphs(gov, 3, 40), 13, "")
    cols = [text[0:9], text[9:18], text[18:27]]
    other = wrap(paragraphs(env, 1, 44), 13, "")[:6]
    head = "三、2021年重点工作（续）"
    printed = [[head, " ".join(c[0] for c in cols)], cols[0][1:], other, cols[1][1:], cols[2][1:]]
    out.append({
        "kind": "order", "input": "\n\n".join("\n".join(b) for b in printed) + "\n",
        "expected": "\n".join([head, *cols[0], *cols[1], *cols[2], *other]) + "\n",
        "source": "gov-report-2021 (tune): pdftotext default, three columns of 13 ideographs; "
                  "their top lines printed as one line under the headline, one space apart; a "
                  "block of another text between the first column and the second: each top "
                  "line read before its column, the columns in turn",
    })  # fmt: skip
    text = wrap(paragraphs(env, 3, 50), 12, "")
    cols = [text[0:8], text[8:16], text[16:24], text[24:32]]
    printed = [[head, cols[0][0], " ".join(c[0] for c in cols[1:])], cols[0][1:], cols[1][1:],
               cols[2][1:], cols[3][1:]]  # fmt: skip
    out.append({
        "kind": "order", "input": "\n\n".join("\n".join(b) for b in printed) + "\n",
        "expected": "\n".join([head, *cols[0], *cols[1], *cols[2], *cols[3]]) + "\n",
        "source": "reg-business-environment-2019 (tune): pdftotext default, four columns; the "
                  "first one's top line printed alone, the other three's as one line after it",
    })  # fmt: skip
    full = [i for i in range(len(text) - 2) if all(len(x) == 12 for x in text[i : i + 3])]
    a, b = full[0], next(i for i in full if i >= full[0] + 8)  # (rows of full lines)
    rows = [f"{x} {y}" for x, y in zip(text[a : a + 3], text[b : b + 3], strict=True)]
    for rest, why in (([text[a + 3]], "a line of one column after them"), ([], "the block's end")):
        body = "\n".join(wrap(paragraphs(gov, 2, 60), 12, "")[:16])  # (a text layer's share
        page = "\n\n".join(["\n".join([head, *rows, *rest]), body]) + "\n"  # of spaced lines)
        out.append({
            "kind": "negative", "input": page, "expected": page,
            "source": "reg-business-environment-2019 (tune): pdftotext default, two columns "
                      f"printed side by side row by row, one space apart, three rows, {why}: "
                      "no top lines of columns (the first column reads on from row to row)",
        })  # fmt: skip
    return out


if __name__ == "__main__":
    main()
