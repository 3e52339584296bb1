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
         "must be a whole number"),
        ('name = "x"\n[[passes]]\nname = "cjk-spacing"\noptions = { keep_byline_spaces = 1 }\n',
         "must be true or false"),
        ('name = "x"\n[[passes]]\nname = "dedup"\noptions = { similarity = 2.5 }\n',
         r"'similarity' of pass 'dedup' must be above 0 and at most 1, got 2\.5"),
        ('name = "x"\n[[passes]]\nname = "dedup"\noptions = { similarity = 0 }\n',
         "must be above 0"),
        ('name = "x"\n[[passes]]\nname = "dedup"\noptions = { min_chars = -1 }\n',
         "must be at least 0, got -1"),
        ('name = "x"\n[[passes]]\nname = "flow"\noptions = { join_threshold = nan }\n',
         "must be at least 0, got nan"),
        ('name = "x"\n[[passes]]\nname = "flow"\noptions = { join_threshold = inf }\n',
         "got inf"),
        ('name = "x"\n[[passes]]\nname = "flow"\noptions = { join_threshold = "high" }\n',
         "'join_threshold' of pass 'flow' must be a number, got 'high'"),
        ('name = "x"\n[[passes]]\nname = "typos"\noptions = { k = 0 }\n', "must be at least 1"),
        ("name = \n", "not valid TOML"),
        ('description = "no name"\n', "needs a `name"),
        ('name = "x"\nsteps = []\n', "unknown key 'steps'"),
        ('name = "x"\n[[passes]]\noptions = {}\n', "needs a `name`"),
        # options must be a table: before, 5 and [1] raised TypeError and "a" ValueError
        ('name = "x"\n[[passes]]\nname = "typos"\noptions = 5\n',
         r"options of pass 'typos' must be a table \(`options = \{ key = value \}`\), got 5"),
        ('name = "x"\n[[passes]]\nname = "typos"\noptions = "mode=apply"\n',
         "options of pass 'typos' must be a table"),
        ('name = "x"\n[[passes]]\nname = "typos"\noptions = [1, 2]\n',
         r"options of pass 'typos' must be a table .*got \[1, 2\]"),
        ('name = "x"\ndescription = 5\n', "`description` must be a string"),
        ('name = "x"\ndescription = ["a"]\n', "`description` must be a string"),
        # ranges that the pass needs (0 divided by, a gap walked block by block)
        ('name = "x"\n[[passes]]\nname = "dedup"\noptions = { shingle_sample = 0 }\n',
         "'shingle_sample' of pass 'dedup' must be at least 1, got 0"),
        ('name = "x"\n[[passes]]\nname = "dedup"\noptions = { shingle = 0 }\n',
         "'shingle' of pass 'dedup' must be at least 1, got 0"),
        ('name = "x"\n[[passes]]\nname = "dedup"\noptions = { short_block_max_gap = 1e12 }\n',
         "must be a whole number"),
        ('name = "x"\n[[passes]]\nname = "dedup"\n'
         "options = { short_block_max_gap = 1_000_000_000_000 }\n",
         "'short_block_max_gap' of pass 'dedup' must be at least 0 and at most 1000"),
    ],
)
def test_bad_profiles_say_what_is_wrong(toml: str, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        parse_profile(toml, source="test.toml")


def test_options_that_are_no_table_are_a_profile_error_from_python_too(tmp_path: Path) -> None:
    """``ocrfix.repair(text, profile=path)`` and ``get_pass(n).run(text, options)`` say what is
    wrong as the command line does (before: TypeError, AttributeError)."""
    import ocrfix
    from ocrfix.registry import get_pass

    path = tmp_path / "bad.toml"
    path.write_text('name = "bad"\n[[passes]]\nname = "typos"\noptions = 5\n', encoding="utf-8")
    with pytest.raises(ProfileError, match=r"bad\.toml: options of pass 'typos' must be a table"):
        ocrfix.repair("泥湫", profile=str(path))
    for bad in (5, "k=1", [("k", 1)]):
        with pytest.raises(ProfileError, match="options of pass 'typos' must be a TyposOptions"):
            get_pass("typos").run("泥湫", bad)  # type: ignore[arg-type]
    with pytest.raises(ProfileError, match="must be a table"):
        get_pass("typos").options(5)  # type: ignore[arg-type]
    with pytest.raises(ProfileError, match="must be a table"):
        load_profile("newspaper").with_options("typos", 5)  # type: ignore[arg-type]
    assert get_pass("typos").run("泥湫", {"k": 5}).output == "泥湫"


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


def test_a_negative_option_is_accepted_where_its_range_says_so() -> None:
    prof = parse_profile('name = "x"\n[[passes]]\nname = "scan-noise"\n'
                         "options = { gibberish_logprob = -5 }\n")
    assert prof.steps[0].options.gibberish_logprob == -5.0


def test_option_files_stay_inside_the_profiles_folder(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A profile (or --set) cannot make ocrfix read, and quote, any file on the machine."""
    folder = tmp_path / "profiles"
    folder.mkdir()
    for value in ("/etc/passwd", "../secret.txt", "sub/../../secret.txt"):
        (tmp_path / "secret.txt").write_text("root:x:0:0\n", encoding="utf-8")
        toml = f'name = "x"\n[[passes]]\nname = "typos"\noptions = {{ pairs_file = "{value}" }}\n'
        with pytest.raises(ProfileError, match="outside") as info:
            parse_profile(toml, folder=folder)
        assert "root:x" not in str(info.value)
    monkeypatch.chdir(folder)
    with pytest.raises(ProfileError, match="outside"):
        load_profile("aggressive").with_options("typos", {"pairs_file": "/etc/passwd"})


def test_a_bad_pairs_file_is_reported_without_its_content(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from ocrfix.errors import OcrfixError
    from ocrfix.resources.confusion import read_pairs_file

    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    with pytest.raises(OcrfixError, match="expected two single characters") as info:
        read_pairs_file(pairs)
    assert "root" not in str(info.value).replace(str(tmp_path), "")
