from __future__ import annotations

from pathlib import Path

import pytest

from ocrfix.errors import ProfileError
from ocrfix.passes.cjk_spacing import CjkSpacingOptions
from ocrfix.profiles import Profile, builtin_names, load_profile, parse_profile


def test_builtin_profiles_load_and_run_known_passes() -> None:
    assert {"safe", "newspaper", "identity"} <= set(builtin_names())
    for name in builtin_names():
        prof = load_profile(name)
        assert prof.name == name and prof.description
    assert load_profile("identity").steps == ()
    assert "cjk-spacing" in load_profile("safe").pass_names


def test_user_profile_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        'name = "mine"\ndescription = "d"\n\n[[passes]]\nname = "cjk-spacing"\n'
        "options = { headline_max_chars = 12, keep_byline_spaces = false }\n",
        encoding="utf-8",
    )
    prof = load_profile(str(path))
    assert prof.steps[0].options == CjkSpacingOptions(12, False)
    assert prof.source == str(path)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('name = "x"\n[[passes]]\nname = "nope"\n', "unknown pass 'nope'"),
        ('name = "x"\n[[passes]]\nname = "cjk-spacing"\noptions = { colour = 1 }\n',
         "unknown option 'colour'"),
        ('name = "x"\n[[passes]]\nname = "cjk-spacing"\noptions = { headline_max_chars = "40" }\n',
         "must be int"),
        ('name = "x"\n[[passes]]\nname = "cjk-spacing"\noptions = { keep_byline_spaces = 1 }\n',
         "must be bool"),
        ("name = \n", "not valid TOML"),
        ('description = "no name"\n', "needs a `name"),
        ('name = "x"\nsteps = []\n', "unknown key 'steps'"),
        ('name = "x"\n[[passes]]\noptions = {}\n', "needs a `name`"),
    ],
)
def test_bad_profiles_say_what_is_wrong(toml: str, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        parse_profile(toml, source="test.toml")


def test_unknown_profile_lists_the_builtins() -> None:
    with pytest.raises(ProfileError, match=r"built-in profiles: .*newspaper"):
        load_profile("newspapr")


def test_missing_profile_file() -> None:
    with pytest.raises(ProfileError, match="does not exist"):
        load_profile("/nonexistent/profile.toml")


def test_profile_minus_a_pass() -> None:
    prof = Profile.of("cjk-spacing")
    assert prof.without("cjk-spacing").steps == ()


def test_option_files_are_read_beside_the_profile(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "names.txt").write_text("钉劲\n", encoding="utf-8")
    (folder / "my.toml").write_text(
        'name = "mine"\n[[passes]]\nname = "typos"\noptions = { allow_file = "names.txt" }\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)  # not the profile's folder
    (step,) = load_profile(str(folder / "my.toml")).steps
    assert step.options.allow_file == str(folder / "names.txt")
    (folder / "names.txt").unlink()
    with pytest.raises(ProfileError, match=r"allow_file = 'names\.txt': no such file"):
        load_profile(str(folder / "my.toml"))


def test_with_options_replaces_one_pass_option_checked() -> None:
    base = load_profile("newspaper")
    dropped = base.with_options("furniture", {"drop": True})
    assert [s.options.drop for s in dropped.steps if s.name == "furniture"] == [True]
    assert [s.options.drop for s in base.steps if s.name == "furniture"] == [False]
    assert dropped.pass_names == base.pass_names
    with pytest.raises(ProfileError, match="unknown option"):
        base.with_options("furniture", {"dropp": True})
    with pytest.raises(ProfileError, match="has no pass 'furniture'"):
        load_profile("safe").with_options("furniture", {"drop": True})
