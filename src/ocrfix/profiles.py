"""Profiles: named, ordered lists of passes with options, written as TOML.

Built-in profiles live in ``ocrfix/profiles/*.toml``; a user profile is any TOML file of the same
shape, given by path::

    name = "my-archive"
    description = "What this profile is for."

    [[passes]]
    name = "cjk-spacing"
    options = { headline_max_chars = 30 }

Options are checked against the pass's options dataclass when the profile loads, not mid-run.
Options naming a file (``*_file``) are read relative to the profile's own folder, and a missing
file is an error when the profile loads.
"""

from __future__ import annotations

import dataclasses
import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ocrfix.errors import ProfileError
from ocrfix.registry import PassInfo, get_pass


@dataclass(frozen=True)
class Step:
    """One pass of a profile, with its validated options."""

    info: PassInfo[Any]
    options: Any

    @property
    def name(self) -> str:
        return self.info.name


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    steps: tuple[Step, ...]
    source: str = "<memory>"

    @property
    def pass_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.steps)

    def without(self, pass_name: str) -> Profile:
        """This profile minus one pass (for ablation)."""
        steps = tuple(s for s in self.steps if s.name != pass_name)
        return Profile(f"{self.name}-minus-{pass_name}", self.description, steps, self.source)

    def with_options(self, pass_name: str, values: Mapping[str, Any]) -> Profile:
        """This profile with some options of one pass replaced, checked as a profile's are:
        ``load_profile("newspaper").with_options("furniture", {"drop": True})``."""
        if pass_name not in self.pass_names:
            raise ProfileError(
                f"profile {self.name!r} has no pass {pass_name!r} "
                f"(its passes: {', '.join(self.pass_names) or 'none'})"
            )
        steps = []
        for step in self.steps:
            if step.name == pass_name:
                values = _resolve_files(values, Path.cwd())
                checked = step.info.options(values)  # type and name check, defaults elsewhere
                new = {k: getattr(checked, k) for k in values}
                step = Step(step.info, dataclasses.replace(step.options, **new))
            steps.append(step)
        return Profile(self.name, self.description, tuple(steps), self.source)

    @classmethod
    def of(cls, *pass_names: str, name: str | None = None) -> Profile:
        """A profile of the named passes with default options: ``Profile.of("cjk-spacing")``."""
        steps = tuple(Step(info, info.options()) for info in map(get_pass, pass_names))
        return cls(name or "+".join(pass_names) or "identity", "ad hoc", steps)


def builtin_names() -> list[str]:
    """Names of the profiles shipped with ocrfix."""
    folder = resources.files("ocrfix") / "profiles"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_profile(spec: str | Path | Profile) -> Profile:
    """A built-in profile by name, or a user profile from a TOML file path."""
    if isinstance(spec, Profile):
        return spec
    text_spec = str(spec)
    if text_spec in builtin_names():
        return _builtin(text_spec)
    path = Path(text_spec)
    if path.suffix == ".toml" or path.exists():
        try:
            data = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ProfileError(f"profile file {text_spec} does not exist") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ProfileError(f"cannot read profile file {text_spec}: {exc}") from None
        return parse_profile(data, source=str(path), folder=path.parent)
    raise ProfileError(
        f"unknown profile {text_spec!r}; built-in profiles: {', '.join(builtin_names())} "
        "(or give the path of a .toml file)"
    )


@functools.cache
def _builtin(name: str) -> Profile:
    """Built-in profiles are read once per process: ``ocrfix.repair(text)`` in a loop does not
    parse TOML for every text (a profile is immutable, so sharing it is safe)."""
    res = resources.files("ocrfix") / "profiles" / f"{name}.toml"
    return parse_profile(res.read_text(encoding="utf-8"), source=f"builtin:{name}")


def parse_profile(toml_text: str, source: str = "<string>", folder: Path | None = None) -> Profile:
    """Parse and validate a profile from TOML text; ``*_file`` options are relative to
    ``folder`` (the profile file's folder; default: the current one)."""
    try:
        data = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{source}: not valid TOML: {exc}") from None
    unknown = sorted(set(data) - {"name", "description", "passes"})
    if unknown:
        raise ProfileError(
            f"{source}: unknown key {unknown[0]!r} (expected name, description, passes)"
        )
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise ProfileError(f'{source}: a profile needs a `name = "..."`')
    description = data.get("description", "")
    if not isinstance(description, str):
        raise ProfileError(f'{source}: `description` must be a string: description = "..."')
    entries = data.get("passes", [])
    if not isinstance(entries, list):
        raise ProfileError(f"{source}: `passes` must be an array of tables ([[passes]])")
    steps = []
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise ProfileError(f"{source}: pass #{i} needs a `name`")
        extra = sorted(set(entry) - {"name", "options"})
        if extra:
            raise ProfileError(f"{source}: pass #{i} has unknown key {extra[0]!r}")
        try:
            info = get_pass(entry["name"])
            options = _resolve_files(entry.get("options", {}), folder or Path.cwd())
            steps.append(Step(info, info.options(options)))
        except ProfileError as exc:
            raise ProfileError(f"{source}: {exc}") from None
    return Profile(name, description, tuple(steps), source)


#: Largest file a ``*_file`` option may name: word and pair lists, not archives.
MAX_OPTION_FILE = 4 * 2**20


def _resolve_files(options: Any, folder: Path) -> Any:
    """``pairs_file = "my-pairs.tsv"`` means the file beside the profile (for ``--set``: in the
    current folder); it must exist and stay inside that folder, so that a profile or a
    command line cannot make ocrfix read, and quote, any file on the machine."""
    if not isinstance(options, Mapping):
        return options  # the options check reports it
    resolved = dict(options)
    for key, value in options.items():
        if key.endswith("_file") and isinstance(value, str) and value:
            path = (folder / value).resolve()
            if not path.is_relative_to(folder.resolve()):
                raise ProfileError(
                    f"option {key} = {value!r} is outside {folder}; put the file in the "
                    "profile's folder (for --set: the current folder)"
                )
            if not path.is_file():
                raise ProfileError(f"option {key} = {value!r}: no such file in {folder}")
            if path.stat().st_size > MAX_OPTION_FILE:
                raise ProfileError(f"option {key} = {value!r}: over 4 MiB; is it the right file?")
            resolved[key] = str(path)
    return resolved
