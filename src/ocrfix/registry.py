"""The pass registry: every pass module registers its function, options and rule names here.

A pass is a plain function ``(text, options) -> PassResult`` with a frozen dataclass of options.
Registering it gives it a name that profiles can use:

>>> from ocrfix.registry import get_pass
>>> get_pass("cjk-spacing").run("民族文化传 承和保护").output
'民族文化传承和保护'
"""

from __future__ import annotations

import dataclasses
import gc
import importlib
import inspect
import math
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ocrfix.edits import PassResult
from ocrfix.errors import ProfileError

OptT = TypeVar("OptT")
PassFunc = Callable[[str, OptT], PassResult]

#: Rule name -> (singular, plural) phrase for summaries, e.g. ("space removed", "spaces removed").
RulePhrases = Mapping[str, tuple[str, str]]


@dataclass(frozen=True)
class PassInfo(Generic[OptT]):
    """A registered pass: its name, function, options type and the rules it may report."""

    name: str
    func: PassFunc[OptT]
    options_type: type[OptT]
    rules: RulePhrases

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.func) or ""

    @property
    def summary(self) -> str:
        """The first line of the pass's docstring."""
        return self.doc.splitlines()[0] if self.doc else ""

    def options(self, values: Mapping[str, Any] | None = None) -> OptT:
        """Build the options dataclass from plain values (e.g. a profile's TOML), type-checked."""
        if values is not None and not isinstance(values, Mapping):
            raise ProfileError(
                f"options of pass {self.name!r} must be a table (`options = {{ key = value }}`), "
                f"got {_toml(values)}"
            )
        return coerce_options(self.name, self.options_type, dict(values or {}))

    def run(self, text: str, options: OptT | Mapping[str, Any] | None = None) -> PassResult:
        """Run the pass alone on ``text``; ``options`` as its options type or as plain values
        (``{"headline_max_chars": 0}``), checked as a profile's are."""
        if not isinstance(text, str):
            hint = "; decode bytes first" if isinstance(text, bytes | bytearray) else ""
            raise TypeError(f"pass {self.name!r} takes str, not {type(text).__name__}{hint}")
        if options is None or isinstance(options, Mapping):
            options = self.options(options)
        elif not isinstance(options, self.options_type):
            raise ProfileError(
                f"options of pass {self.name!r} must be a {self.options_type.__name__} or a "
                f"dict of option values ({{'key': value}}), got {options!r}"
            )
        with collector_paused():
            return self.func(text, options)

    def option_docs(self) -> list[tuple[str, str, str]]:
        """Each option as ``(name = default, the values it takes, what it does)``, what it does
        read from the options class's docstring (its ``name: …`` paragraphs).

        >>> get_pass("cjk-spacing").option_docs()[0][:2]
        ('headline_max_chars = 40', 'a whole number, at least 0')
        """
        hints, _ = _fields(self.options_type)
        said = _option_paragraphs(inspect.getdoc(self.options_type) or "")
        out = []
        for f in dataclasses.fields(self.options_type):  # type: ignore[arg-type]
            default = f.default if f.default is not dataclasses.MISSING else None
            what = said.get(f.name, "")
            out.append((f"{f.name} = {_toml(default)}", _takes(hints[f.name]), what))
        return out

    def phrase(self, rule: str, n: int) -> str:
        singular, plural = self.rules.get(rule, (f"{rule} edit", f"{rule} edits"))
        return f"{n} {singular if n == 1 else plural}"


@dataclass(frozen=True)
class Range:
    """The values a numeric option may take, declared on its field with ``Annotated``:
    ``similarity: Annotated[float, Range(0, 1, low_open=True)] = 0.9``. A number without one
    must be finite and at least 0.

    >>> Range(0, 1, low_open=True).contains(0.0), Range(0, 1).contains(1.0)
    (False, True)
    """

    low: float = 0.0
    high: float = math.inf
    low_open: bool = False

    def contains(self, value: float) -> bool:
        above = value > self.low if self.low_open else value >= self.low
        return above and value <= self.high and math.isfinite(value)

    def describe(self) -> str:
        low = f"{'above' if self.low_open else 'at least'} {self.low:g}"
        return low if self.high == math.inf else f"{low} and at most {self.high:g}"


_REGISTRY: dict[str, PassInfo[Any]] = {}


def register(
    name: str, options: type[OptT], rules: RulePhrases
) -> Callable[[PassFunc[OptT]], PassFunc[OptT]]:
    """Class the decorated function as pass ``name``; the function itself is returned unchanged."""

    def deco(func: PassFunc[OptT]) -> PassFunc[OptT]:
        if name in _REGISTRY:
            raise ValueError(f"pass {name!r} is registered twice")
        if not dataclasses.is_dataclass(options):
            raise TypeError(f"options of pass {name!r} must be a dataclass")
        _REGISTRY[name] = PassInfo(name, func, options, dict(rules))
        return func

    return deco


def _load_all() -> None:
    # Importing the package imports every pass module, which registers it.
    importlib.import_module("ocrfix.passes")


def available() -> dict[str, PassInfo[Any]]:
    """All registered passes by name, in the order their modules were loaded."""
    _load_all()
    return dict(_REGISTRY)


def get_pass(name: str) -> PassInfo[Any]:
    """The pass called ``name``; a :class:`ProfileError` naming the known passes otherwise."""
    passes = available()
    try:
        return passes[name]
    except KeyError:
        known = ", ".join(passes)
        raise ProfileError(
            f"unknown pass {name!r}; known passes: {known} (see `ocrfix passes`)"
        ) from None


def coerce_options(pass_name: str, cls: type[OptT], values: dict[str, Any]) -> OptT:
    """Check ``values`` against the fields of dataclass ``cls`` and build it.

    Accepts what TOML gives: ints for floats, lists for tuples. Anything else is a clear error.
    """
    hints, fields = _fields(cls)
    unknown = sorted(set(values) - fields)
    if unknown:
        raise ProfileError(
            f"unknown option {unknown[0]!r} for pass {pass_name!r}; "
            f"known options: {', '.join(sorted(fields)) or '(none)'}"
        )
    clean: dict[str, Any] = {}
    for key, value in values.items():
        clean[key] = _coerce(pass_name, key, hints[key], value)
    return cls(**clean)


#: Options class -> its fields' type hints and names; one entry per registered pass.
_FIELDS: dict[type[Any], tuple[dict[str, Any], frozenset[str]]] = {}


def _fields(cls: type[Any]) -> tuple[dict[str, Any], frozenset[str]]:
    """The type hints of dataclass ``cls``'s fields, and their names, found once per class:
    ``get_type_hints`` evaluates every annotation anew on each call."""
    got = _FIELDS.get(cls)
    if got is None:
        names = frozenset(f.name for f in dataclasses.fields(cls))
        got = _FIELDS[cls] = typing.get_type_hints(cls, include_extras=True), names
    return got


_NAMES = {int: "a whole number", float: "a number", str: "a string", bool: "true or false"}


def _coerce(pass_name: str, key: str, hint: Any, value: Any) -> Any:
    where = f"option {key!r} of pass {pass_name!r}"
    hint, bounds = _bounds(hint)
    origin = typing.get_origin(hint)
    if hint in (int, float, str, bool):
        fits = isinstance(value, hint) or (hint is float and isinstance(value, int))
        if not fits or isinstance(value, bool) != (hint is bool):  # True is an int in Python
            raise ProfileError(f"{where} must be {_NAMES[hint]}, got {value!r}")
        if hint in (int, float) and not bounds.contains(value):
            raise ProfileError(f"{where} must be {bounds.describe()}, got {value!r}")
        return float(value) if hint is float else value
    if origin is tuple:
        (item, *_rest) = typing.get_args(hint)
        if isinstance(value, list | tuple):
            return tuple(_coerce(pass_name, key, item, v) for v in value)
        raise ProfileError(f"{where} must be a list, got {value!r}")
    if origin is typing.Literal:
        choices = typing.get_args(hint)
        if value in choices:
            return value
        raise ProfileError(f"{where} must be one of {', '.join(map(repr, choices))}, got {value!r}")
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(hint):
            if arg is type(None) and value is None:
                return None
            try:
                return _coerce(pass_name, key, arg, value)
            except ProfileError:
                continue
        raise ProfileError(f"{where} has the wrong type: {value!r}")
    raise TypeError(f"{where}: options of type {hint!r} are not supported")  # a pass's bug


def _option_paragraphs(doc: str) -> dict[str, str]:
    """``name: what it does`` paragraphs of an options docstring, joined into one line each.

    >>> _option_paragraphs("Options.\\n\\nreorder: restore the order of\\n    fragments.")
    {'reorder': 'restore the order of fragments.'}
    """
    out: dict[str, str] = {}
    name = None
    for line in doc.splitlines():
        head = line.split(":", 1)
        if not line.startswith(" ") and len(head) == 2 and head[0].isidentifier():
            name = head[0]
            out[name] = head[1].strip()
        elif name is not None and line.startswith(" ") and line.strip():
            out[name] += " " + line.strip()
        else:
            name = None
    return out


def _bounds(hint: Any) -> tuple[Any, Range]:
    """An option's type without ``Annotated``, and the :class:`Range` declared on it (the
    default one, finite and at least 0, where none is)."""
    if typing.get_origin(hint) is not typing.Annotated:
        return hint, Range()
    hint, *extras = typing.get_args(hint)
    return hint, next((x for x in extras if isinstance(x, Range)), Range())


def _takes(hint: Any) -> str:
    """What values an option takes, in words (``a number, at least 0 and at most 1``)."""
    hint, bounds = _bounds(hint)
    if hint in (int, float):
        return f"{_NAMES[hint]}, {bounds.describe()}"
    if hint in _NAMES:
        return _NAMES[hint]
    if typing.get_origin(hint) is typing.Literal:
        return "one of " + ", ".join(map(repr, typing.get_args(hint)))
    if typing.get_origin(hint) is tuple:
        return "a list"
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        return " or ".join("unset" if a is type(None) else _takes(a) for a in args)
    return str(hint)


def _toml(value: object) -> str:
    """A default as a profile's TOML writes it (``true``, ``"a.txt"``, ``[]``)."""
    if value is None:
        return "(unset)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return repr(value)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a text is repaired, by a profile or by one
    pass alone (:meth:`PassInfo.run`). A page makes some 10⁵ short-lived objects (lines, pieces,
    edits, candidates) and no cycles to speak of; the collector's rounds over them took 2–5% of
    ``newspaper``'s time on the corpus (CPU time of runs with and without the pause,
    alternated), and more on a long document, whose objects each round walks again.
    Reference counting frees them as before; the collector resumes when the repair ends, and is
    left alone where the caller had paused it."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
