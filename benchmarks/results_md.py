"""Write one script's section of ``benchmarks/RESULTS.md`` between its own markers."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
HEADER = (
    "# Benchmark results\n\n"
    "Each section is written by the script named in its markers; re-run it to refresh.\n"
)


def write_section(script: str, body: str, path: Path = RESULTS) -> None:
    """Replace the text between ``<!-- script -->`` and ``<!-- /script -->`` (append if absent)."""
    start, end = f"<!-- {script} -->", f"<!-- /{script} -->"
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    block = f"{start}\n{body.rstrip()}\n{end}"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = head + block + tail
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
