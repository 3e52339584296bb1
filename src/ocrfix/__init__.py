"""ocrfix: repair OCR'd and PDF-extracted Chinese newspaper text, with a diff for every change.

>>> import ocrfix
>>> r = ocrfix.repair("调研组仔细参观故居陈列、观 看历史图片", profile="safe")
>>> r.text
'调研组仔细参观故居陈列、观看历史图片'
>>> [(e.pass_name, e.rule) for e in r.edits]
[('cjk-spacing', 'line-break-space')]
"""

from __future__ import annotations

from pathlib import Path

from ocrfix.edits import Edit, PassResult, apply
from ocrfix.errors import EditError, InputError, OcrfixError, ProfileError
from ocrfix.pipeline import Repair, Repairer, StepResult, is_idempotent
from ocrfix.pipeline import run as _run
from ocrfix.profiles import Profile, builtin_names, load_profile
from ocrfix.registry import PassInfo, available

__version__ = "0.1.0"

DEFAULT_PROFILE = "newspaper"


def repair(text: str, profile: str | Path | Profile = DEFAULT_PROFILE) -> Repair:
    """Repair ``text`` with a profile (a built-in name, a TOML path or a :class:`Profile`)."""
    if not isinstance(text, str):
        raise TypeError(f"repair() takes str, not {type(text).__name__}; decode bytes first")
    return _run(profile, text)


# Named list_* because ``ocrfix.passes`` and ``ocrfix.profiles`` are the modules behind them.
def list_passes() -> dict[str, PassInfo[object]]:
    """The registered passes by name."""
    return available()


def list_profiles() -> list[str]:
    """The names of the built-in profiles."""
    return builtin_names()


__all__ = [
    "DEFAULT_PROFILE",
    "Edit",
    "EditError",
    "InputError",
    "OcrfixError",
    "PassInfo",
    "PassResult",
    "Profile",
    "ProfileError",
    "Repair",
    "Repairer",
    "StepResult",
    "apply",
    "is_idempotent",
    "list_passes",
    "list_profiles",
    "load_profile",
    "repair",
]
