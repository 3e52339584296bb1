"""Every numeric option of every pass at 0, -1, 1 and a huge value: refused when the profile
loads (its ``Range``), or run on corpus pages without an exception. ``ocrfix passes -v`` then
tells the truth about the values an option takes."""

from __future__ import annotations

import dataclasses
import types
import typing
from pathlib import Path

import pytest

from ocrfix.errors import ProfileError
from ocrfix.registry import _bounds, _fields, available

CORPORA = Path(__file__).parent.parent / "corpora"
PAGES = ("zhuzhou-daily-2023-09-05", "generated/nanxi-evening-01-scan-heavy")
HUGE = {int: 10**12, float: 1e12}

#: Found by this test, to be fixed in the pass's options (a ``Range``), not here.
KNOWN: dict[tuple[str, str, int], str] = {}


def _number(hint: object) -> type | None:
    """int or float, for an option that is one (or may be one: ``int | None``)."""
    hint, _ = _bounds(hint)
    if hint in (int, float):
        return typing.cast(type, hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return next((n for a in typing.get_args(hint) if (n := _number(a))), None)
    return None


def _cases() -> list[typing.Any]:
    cases = []
    for name, info in available().items():
        hints, _ = _fields(info.options_type)
        for f in dataclasses.fields(info.options_type):
            kind = _number(hints[f.name])
            if kind is None:
                continue
            for value in (0, -1, 1, HUGE[kind]):
                why = KNOWN.get((name, f.name, value))
                marks = [pytest.mark.xfail(reason=why, raises=ZeroDivisionError)] if why else []
                cases.append(pytest.param(name, f.name, kind(value), marks=marks,
                                          id=f"{name}.{f.name}={value}"))
    return cases


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [(CORPORA / page / "raw").read_text(encoding="utf-8") for page in PAGES]


@pytest.mark.parametrize(("pass_name", "option", "value"), _cases())
def test_a_numeric_option_is_refused_or_runs(pass_name: str, option: str, value: float,
                                             texts: list[str]) -> None:
    info = available()[pass_name]
    try:
        options = info.options({option: value})
    except ProfileError as exc:
        assert f"option {option!r} of pass {pass_name!r} must be" in str(exc)
        return
    for text in texts:
        result = info.run(text, options)
        assert isinstance(result.output, str)
