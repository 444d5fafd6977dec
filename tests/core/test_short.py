"""`roadmap-tui status --short` and `--format`: one line for prompts and status bars.

Both routes are tested: the fast one (short.fast_status, taken before argparse) and the
ordinary one (cli.main(..., fast=False)); both must say exactly what `status --json` says.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.samples import level, progress_file, roadmap_text, run_python, topic

from roadmap_tui.base.files import MAX_FILE_BYTES
from roadmap_tui.base.paths import progress_path
from roadmap_tui.cli import short
from roadmap_tui.cli.main import main
from roadmap_tui.progress.codec import SCHEMA_VERSION
from roadmap_tui.progress.recovery import SUFFIX
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import load_bundled
from roadmap_tui.roadmap.model import Status

# {due} takes the ordinary route (it needs fsrs): tests/core/test_review_cmd.py has it.
ALL_FIELDS = "|".join(f"{name}={{{name}}}" for name in short.FIELDS if name != "due")

# Picks, parents (nested two deep) and an empty-goal level: every counting rule.
PARENTS = roadmap_text(
    "parents",
    "Parents and Picks",
    level(
        "pick-one",
        "Pick One",
        topic("lang", "A language", topic("lang-a", "A"), topic("lang-b", "B")),
        topic("other", "Other"),
        pick=1,
    ),
    level(
        "all",
        "Everything",
        topic(
            "tree",
            "Tree",
            topic("branch", "Branch", topic("leaf-1", "Leaf 1"), topic("leaf-2", "Leaf 2")),
            topic("twig", "Twig"),
        ),
        topic("single", "Single"),
    ),
)
PARENT_LEAVES = ["lang-a", "lang-b", "other", "leaf-1", "leaf-2", "twig", "single"]
BUNDLED_LEAVES = [leaf.id for level in load_bundled().levels for leaf in level.leaves()]


def run(capsys: pytest.CaptureFixture[str], *argv: str, fast: bool = True) -> tuple[int, str, str]:
    code = main(list(argv), fast=fast)
    out, err = capsys.readouterr()
    return code, out, err


def fast_route(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int | None, str, str]:
    code = short.fast_status(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def parse_fields(line: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in line.rstrip("\n").split("|"))


def count(numbers: dict[str, int]) -> str:
    """docs/progress.md: done of what counts, then the skipped ones: "3/6, 2 skipped"."""
    done, skipped, total = numbers["done"], numbers["skipped"], numbers["total"]
    if not skipped:
        return f"{done}/{total}"
    return (
        f"{done}/{total - skipped}, {skipped} skipped"
        if total - skipped
        else f"all {skipped} skipped"
    )


def expected_fields(data: dict[str, Any], choices: dict[str, int]) -> dict[str, str]:
    """What the line must say, from `status --json` and the documented rule for the
    current level (the first whose goal is not met with a topic left to do; the last
    once there is none); ``choices``: the top-level items of each level with a pick."""
    levels = data["levels"]
    left = [lv for lv in levels if not lv["goal_met"] and lv["total"] - lv["skipped"] > lv["done"]]
    current = left[0] if left else levels[-1]
    overall = data["overall"]
    level_count = count(current)
    if current["goal_met"] and current["id"] in choices:
        level_count = f"✓ {current['chosen']} of {choices[current['id']]} chosen"
    percent = f"{overall['percent']}%"
    progress = count(overall).replace(",", f" · {percent},", 1)
    if "," not in progress:
        progress += f" · {percent}"
    found = data["next"]
    values: dict[str, object] = {
        "roadmap": data["roadmap"]["title"],
        "progress": progress,
        "count": count(overall),
        "level_count": level_count,
        "id": data["roadmap"]["id"],
        **{key: overall[key] for key in ("done", "total", "percent", "in_progress")},
        "skipped": overall["skipped"],
        "todo": overall["todo"],
        "goals_met": sum(lv["goal_met"] for lv in levels),
        "levels": len(levels),
        "level_number": current["number"],
        "level_id": current["id"],
        "level_title": current["title"],
        "level_done": current["done"],
        "level_total": current["total"],
        "level_percent": current["percent"],
        "level_in_progress": current["in_progress"],
        "level_skipped": current["skipped"],
        "next": found["title"] if found else "",
        "next_id": found["id"] if found else "",
        "plan": "",
    }
    return {key: str(value) for key, value in values.items()}


def write_statuses(roadmap_id: str, statuses: dict[str, Status]) -> None:
    store = ProgressStore(
        progress_path(Path(os.environ["ROADMAP_TUI_DATA_DIR"]), roadmap_id), roadmap_id
    )
    by_status: dict[Status, list[str]] = {}
    for key, status in statuses.items():
        by_status.setdefault(status, []).append(key)
    for status, keys in by_status.items():
        store.set_status(keys, status)


def statuses_for(leaves: list[str]) -> st.SearchStrategy[dict[str, Status]]:
    return st.dictionaries(
        st.sampled_from(leaves), st.sampled_from(list(Status)), max_size=len(leaves)
    )


# ----------------------------------------------------------------------------- the line


def test_default_line_on_a_fresh_bundled_roadmap(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "status", "--short")
    assert (code, err) == (0, "")
    assert out == "Backend Developer Roadmap 0/69 · 0% · L0 Prerequisites 0/4\n"


def test_default_line_follows_ticks_and_skips(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "mark", "cs-basics", "done")[0] == 0
    assert run(capsys, "mark", "os-basics", "skip")[0] == 0
    code, out, _ = run(capsys, "status", "--short")
    # 1 of 68 counted topics (one skipped) is 1%; the level shows 1 of its 3 that count
    # done, and the skipped one: each percentage is the fraction beside it.
    assert (code, out) == (
        0,
        "Backend Developer Roadmap 1/68 · 1%, 1 skipped · L0 Prerequisites 1/3, 1 skipped\n",
    )


@pytest.mark.parametrize("roadmap", ["bundled", "parents"])
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_short_agrees_with_status_json_on_both_routes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, roadmap: str, data: st.DataObject
) -> None:
    extra: list[str] = []
    leaves, roadmap_id = BUNDLED_LEAVES, "backend"
    if roadmap == "parents":
        path = tmp_path / "parents.toml"
        path.write_text(PARENTS, encoding="utf-8")
        extra, leaves, roadmap_id = ["--roadmap", str(path)], PARENT_LEAVES, "parents"
    progress_path(Path(os.environ["ROADMAP_TUI_DATA_DIR"]), roadmap_id).unlink(missing_ok=True)
    write_statuses(roadmap_id, data.draw(statuses_for(leaves)))

    code, out, _ = run(capsys, "status", "--json", *extra)
    assert code == 0
    expected = expected_fields(
        json.loads(out), {"core-languages": 5, "frameworks": 5, "pick-one": 2}
    )

    # The JSON run cached the roadmap: the fast route answers (it does not hand over).
    answered, out, err = fast_route(capsys, "status", "--format", ALL_FIELDS, *extra)
    assert (answered, err) == (0, "")
    assert parse_fields(out) == expected
    code, out, err = run(capsys, "status", *extra, "--format", ALL_FIELDS, fast=False)
    assert (code, err) == (0, "")
    assert parse_fields(out) == expected


def test_all_goals_met_shows_the_last_level(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "parents.toml"
    path.write_text(PARENTS, encoding="utf-8")
    write_statuses("parents", dict.fromkeys(PARENT_LEAVES, Status.DONE))
    for fast in (True, False):
        code, out, _ = run(capsys, "status", "--roadmap", str(path), "--short", fast=fast)
        assert (code, out) == (0, "Parents and Picks 7/7 · 100% · L1 Everything 4/4\n")


def test_titles_with_control_characters_stay_on_one_inert_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "odd.toml"
    path.write_text(
        PARENTS.replace('"Parents and Picks"', '"Odd\\u001b[31m\\nTitle"'), encoding="utf-8"
    )
    for fast in (True, False):
        code, out, _ = run(
            capsys, "status", "--roadmap", str(path), "--format", "{roadmap}", fast=fast
        )
        assert (code, out) == (0, "Odd␛[31m Title\n")


def test_roadmap_given_by_id_from_the_roadmaps_folder(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    (data_dir / "roadmaps").mkdir(parents=True)
    (data_dir / "roadmaps" / "parents.toml").write_text(PARENTS, encoding="utf-8")
    assert run(capsys, "status", "--roadmap", "parents", "--json")[0] == 0  # caches it
    code, out, _ = fast_route(capsys, "--roadmap", "parents", "status", "--format={id} {total}")
    assert (code, out) == (0, "parents 7\n")


# ----------------------------------------------------------------------------- templates


@pytest.mark.parametrize(
    ("template", "says"),
    [
        ("{done}/{nope}", "unknown field {nope}"),
        ("{done.real}", "unknown field {done.real}"),
        ("{levels[0]}", "unknown field {levels[0]}"),
        ("{}", "every {} needs a field name"),
        ("{0}", "unknown field {0}"),
        ("{done", "not a valid template"),
        ("done}", "not a valid template"),
        ("{roadmap:d}", "cannot be filled in"),
        ("{done:q}", "cannot be filled in"),
        ("{percent:>99999999999}", "more than 256 characters"),
        ("{percent:.99999999999}", "more than 256 characters"),
        ("{level_title:.257}", "more than 256 characters"),
        ("{roadmap:x<" + "9" * 5000 + "}", "more than 256 characters"),
        ("{percent:0>1000,.1000f}", "more than 256 characters"),
        ("{percent:>{total}}", "can't hold another field"),
        ("{percent:{done}{done}}", "can't hold another field"),
    ],
)
def test_bad_template_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], template: str, says: str
) -> None:
    for fast in (True, False):
        code, out, err = run(capsys, "status", "--format", template, fast=fast)
        assert (code, out) == (2, "")
        assert err.startswith("roadmap-tui: error: --format")
        assert says in err
        assert len(err.splitlines()) == 1 and "Traceback" not in err


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.from_regex(r"[a-z_]{1,12}", fullmatch=True).filter(lambda n: n not in short.FIELDS))
def test_any_unknown_field_is_refused(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, err = run(capsys, "status", "--format", f"x {{{name}}} y")
    assert (code, out) == (2, "")
    assert f"unknown field {{{name}}}" in err and len(err.splitlines()) == 1


def test_the_widest_spec_allowed_is_filled_in(capsys: pytest.CaptureFixture[str]) -> None:
    for fast in (True, False):
        code, out, _ = run(
            capsys, "status", "--format", "{percent:0>256}|{roadmap:.256}", fast=fast
        )
        assert (code, out) == (0, "0" * 256 + "|Backend Developer Roadmap\n")


def test_literal_braces_and_format_specs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "status", "--format", "{{{percent:>3}%}} {level_title:.4}")
    assert (code, out) == (0, "{  0%} Prer\n")


def test_short_and_json_together_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "status", "--short", "--json")
    out, err = capsys.readouterr()
    assert (exit_.value.code, out) == (2, "")
    assert "not allowed with" in err
    code, out, err = run(capsys, "status", "--json", "--format", "{done}")
    assert (code, out) == (2, "")
    assert err == "roadmap-tui: error: --format is for the --short line, not --json\n"


# ----------------------------------------------------------------------------- unusual files


def test_missing_progress_file_is_zero_on_the_fast_route(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert run(capsys, "status", "--json")[0] == 0  # caches the roadmap
    assert not (data_dir / "progress" / "backend.toml").exists()
    code, out, _ = fast_route(capsys, "status", "--format", "{done}/{total}")
    assert (code, out) == (0, "0/69\n")
    assert not (data_dir / "progress").exists()  # reading never creates anything


@pytest.mark.parametrize(
    "content",
    [
        b"schema = 1\n[items.cs-basics\n",  # not TOML
        b"\xff\xfe not text",
        b'[items.cs-basics]\nstatus = "finished"\n',  # unknown status
        b'[items.cs-basics]\nstatus = "done"\nchanged = "yesterday"\n',  # not a date
        b'items = "none"\n',
    ],
)
def test_corrupt_progress_file_is_reported_and_left_alone(
    capsys: pytest.CaptureFixture[str], data_dir: Path, content: bytes
) -> None:
    assert run(capsys, "mark", "git-github", "done")[0] == 0
    path = progress_file(data_dir, content)
    assert fast_route(capsys, "status", "--short")[0] is None  # handed to the ordinary route
    code, out, err = run(capsys, "status", "--format", "{done}/{total}")
    assert (code, out) == (0, "0/69\n")
    assert "could not be read" in err and len(err.splitlines()) == 1
    assert path.read_bytes() == content  # a read-only command changes nothing
    assert not list(path.parent.glob("backend.toml.corrupt-*"))


def test_newer_progress_file_is_read_but_left_alone(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    original = b'schema = 7\n[items.cs-basics]\nstatus = "done"\n'
    path = progress_file(data_dir, original)
    code, out, err = run(capsys, "status", "--format", "{done}")
    assert (code, out) == (0, "1\n")
    assert "newer roadmap-tui" in err
    assert path.read_bytes() == original


def test_recovery_journal_counts_on_the_ordinary_route(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    from datetime import UTC, datetime

    from roadmap_tui.progress.entries import Entry
    from roadmap_tui.progress.recovery import write_journal

    progress_file = data_dir / "progress" / "backend.toml"
    progress_file.parent.mkdir(parents=True)
    now = datetime.now(UTC)
    write_journal(
        progress_file, "backend", {"cs-basics": Entry().with_status(Status.DONE, now)}, now
    )
    assert fast_route(capsys, "status", "--short")[0] is None
    code, out, _ = run(capsys, "status", "--format", "{done}")
    assert (code, out) == (0, "1\n")


def test_cache_miss_takes_the_ordinary_route_and_fills_the_cache(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    assert not cache.exists()
    assert fast_route(capsys, "status", "--short")[0] is None
    code, slow, _ = run(capsys, "status", "--short")
    assert code == 0
    assert list((cache / "roadmaps").glob("*.marshal"))
    answered, fast, _ = fast_route(capsys, "status", "--short")
    assert (answered, fast) == (0, slow)


def test_broken_roadmap_is_reported_like_status(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('format = 1\nid = "x"\ntitle = [\n', encoding="utf-8")
    code, out, err = run(capsys, "status", "--roadmap", str(broken), "--short")
    assert (code, out) == (2, "")
    assert err.startswith(f"roadmap-tui: error: {broken}:") and len(err.splitlines()) == 1


def test_fast_route_constants_match_the_modules_they_mirror() -> None:
    assert short.PROGRESS_SCHEMA == SCHEMA_VERSION
    assert short.JOURNAL_SUFFIX == SUFFIX
    assert short.MAX_FILE_BYTES == MAX_FILE_BYTES
    assert {str(s) for s in short._STATUSES} == {s.value for s in Status}


_IMPORTS = """
import sys
sys.argv = ["roadmap-tui", *sys.argv[1:]]
from roadmap_tui.launch import main
code = main()
heavy = {"argparse", "rich", "pydantic", "textual", "pathlib", "roadmap_tui.roadmap.model"}
print(code, sorted(m for m in sys.modules if m.split(".")[0] in heavy or m in heavy))
"""


def test_installed_command_answers_without_heavy_imports(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(capsys, "status", "--json")[0] == 0  # caches the roadmap
    result = run_python("-c", _IMPORTS, "status", "--short")
    assert result.stderr == ""
    line, report = result.stdout.splitlines()
    assert line == "Backend Developer Roadmap 0/69 · 0% · L0 Prerequisites 0/4"
    assert report == "0 []"


def _reviewed_file() -> Path:
    """The bundled roadmap's progress: three topics done, one reviewed twice."""
    from datetime import UTC, datetime

    from roadmap_tui.progress.reviews import Review

    path = progress_path(Path(os.environ["ROADMAP_TUI_DATA_DIR"]), "backend")
    store = ProgressStore(path, "backend")
    store.set_status(["cs-basics", "os-basics", "lang-python"], Status.DONE)
    at = datetime(2026, 12, 1, 9, tzinfo=UTC)
    store.save_reviews([Review(at, "cs-basics", rating=3), Review(at, "os-basics", rating=1)])
    return path


def test_the_fast_route_skips_the_review_log_and_says_the_same(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from roadmap_tui.cli.skim import without_review_log

    path = _reviewed_file()
    text = path.read_text(encoding="utf-8")
    cut = without_review_log(text)
    assert "reviews = [" in text and "reviews" not in cut  # the log as we write it: cut
    import tomllib

    whole, skimmed = tomllib.loads(text), tomllib.loads(cut)
    assert {k: v for k, v in whole.items() if k != "reviews"} == skimmed
    run(capsys, "status", "--short")  # (the first run fills the roadmap cache)
    code, fast, _ = fast_route(capsys, "status", "--short")
    assert code == 0
    assert fast == run(capsys, "status", "--short", fast=False)[1]


@pytest.mark.parametrize(
    "edit",
    [
        # written by hand, or by another tool: nothing is cut, the whole file is read
        lambda t: t.replace("reviews = [\n", "reviews = [ # mine\n"),
        lambda t: t.replace("},\n]\n", "}\n]\n"),
        lambda t: t.replace("\n]\n", "\n  ]\n", 1),
        lambda t: t.replace("reviews = [\n    {", "reviews = [\n  {", 1),
        lambda t: "[view]\nlevel = 'x'\n" + t.replace("[view]\n", "[view2]\n"),
    ],
)
def test_a_review_log_written_any_other_way_is_read_whole(edit: Any) -> None:
    from roadmap_tui.cli.skim import without_review_log

    text = edit(_reviewed_file().read_text(encoding="utf-8"))
    assert without_review_log(text) == text
