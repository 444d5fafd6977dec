"""The `roadmap-tui` subcommands, in-process and as real processes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support.hostile_fs import run_installed
from support.samples import TINY, app_without_a_terminal, progress_file, run_module, run_python
from support.samples import run_cli as run

from roadmap_tui import __version__
from roadmap_tui.cli.main import main
from roadmap_tui.numbers.counts import compute_progress
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import bundled_roadmap_path, load_bundled
from roadmap_tui.roadmap.model import Status, parse_status

LEVEL_TITLES = [level.title for level in load_bundled().levels]


def run_ok(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return out


def status_json(capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run_ok(capsys, "status", "--json", *extra))
    return data


def level_json(data: dict[str, Any], level_id: str) -> dict[str, Any]:
    levels: list[dict[str, Any]] = [lv for lv in data["levels"] if lv["id"] == level_id]
    (level,) = levels
    return level


def assert_one_clean_line(err: str) -> None:
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err


def subprocess_run(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_module(*argv, cwd=cwd, timeout=60)


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.toml"
    path.write_text(TINY, encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- status


def test_status_table_shows_every_level_and_zero_of_69(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_ok(capsys, "status")
    for title in LEVEL_TITLES:
        assert title in out
    assert "0/69" in out
    positions = [out.index(title) for title in LEVEL_TITLES]
    assert positions == sorted(positions)


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_status_table_is_one_line_per_level_and_fits_the_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    run_ok(capsys, "mark", "os-basics", "skipped")  # the widest count: "0/4 (1 skipped)"
    lines = run_ok(capsys, "status").splitlines()
    table = [line for line in lines if line[:1] in set("┏┃┡│└")]
    assert all(len(line) <= columns for line in table)
    rows = [line for line in table if line.startswith("│")]
    assert [row.split("│")[1].strip() for row in rows] == [str(n) for n in range(13)]
    for title, row in zip(LEVEL_TITLES, rows, strict=True):  # whole, or cut with "…"
        shown = row.split("│")[2].strip()
        assert shown == title or (shown.endswith("…") and title.startswith(shown[:-1]))
    if columns >= 80:
        assert all(title in "\n".join(rows) for title in LEVEL_TITLES if len(title) < 25)


def test_status_json_matches_compute_progress(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "mark", "cs-basics", "done")[0] == 0
    assert run(capsys, "mark", "lang-go", "doing")[0] == 0
    assert run(capsys, "mark", "cloud-gcp", "skip")[0] == 0
    data = status_json(capsys)
    progress = compute_progress(
        load_bundled(),
        {"cs-basics": Status.DONE, "lang-go": Status.IN_PROGRESS, "cloud-gcp": Status.SKIPPED},
    )
    overall = progress.overall
    assert data["overall"]["done"] == overall.done == 1
    assert data["overall"]["in_progress"] == overall.in_progress == 1
    assert data["overall"]["skipped"] == overall.skipped == 1
    assert data["overall"]["total"] == overall.total == 69
    assert data["overall"]["percent"] == overall.percent
    assert len(data["levels"]) == 13
    for got, lp in zip(data["levels"], progress.levels, strict=True):
        assert got["id"] == lp.level.id
        assert got["title"] == lp.level.title
        assert got["number"] == lp.number
        assert (got["done"], got["in_progress"], got["skipped"], got["total"]) == (
            lp.counts.done,
            lp.counts.in_progress,
            lp.counts.skipped,
            lp.counts.total,
        )
        assert got["percent"] == lp.counts.percent
        assert got["goal_met"] == lp.goal_met


def test_status_table_and_json_agree(capsys: pytest.CaptureFixture[str]) -> None:
    for item_id in ("cs-basics", "os-basics", "git-github"):
        run_ok(capsys, "mark", item_id, "done")
    data = status_json(capsys)
    table = run_ok(capsys, "status")
    prereq = level_json(data, "prerequisites")
    assert (prereq["done"], prereq["total"], prereq["percent"]) == (3, 4, 75)
    assert "3/4" in table
    assert "75%" in table
    assert f"done 3/69 · {data['overall']['percent']}%" in table


# ----------------------------------------------------------------------------- mark


def test_mark_parent_marks_its_three_children(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_ok(capsys, "mark", "cloud-platforms", "done")
    assert "3" in out
    devops = level_json(status_json(capsys), "devops")
    assert devops["done"] == 3
    assert devops["total"] == 7
    statuses = ProgressStore(bundled_progress(), "backend").load().statuses()
    assert statuses == {
        "cloud-aws": Status.DONE,
        "cloud-gcp": Status.DONE,
        "cloud-azure": Status.DONE,
    }


def bundled_progress() -> Path:
    return Path(os.environ["ROADMAP_TUI_DATA_DIR"]) / "progress" / "backend.toml"


@pytest.mark.parametrize(
    ("word", "field"),
    [("doing", "in_progress"), ("in-progress", "in_progress"), ("done", "done")],
)
def test_mark_doing_is_in_progress(
    capsys: pytest.CaptureFixture[str], word: str, field: str
) -> None:
    run_ok(capsys, "mark", "lang-go", word)
    data = status_json(capsys)
    assert level_json(data, "core-languages")[field] == 1
    assert data["overall"][field] == 1


def test_mark_skip_is_skipped(capsys: pytest.CaptureFixture[str]) -> None:
    run_ok(capsys, "mark", "cs-basics", "skip")
    prereq = level_json(status_json(capsys), "prerequisites")
    assert prereq["skipped"] == 1
    assert prereq["done"] == 0
    assert prereq["percent"] == 0


@pytest.mark.parametrize("first", ["done", "doing", "skip"])
def test_mark_todo_resets(capsys: pytest.CaptureFixture[str], first: str) -> None:
    run_ok(capsys, "mark", "cs-basics", first)
    assert status_json(capsys)["overall"]["todo"] == 68
    run_ok(capsys, "mark", "cs-basics", "todo")
    overall = status_json(capsys)["overall"]
    assert overall["todo"] == 69
    assert (overall["done"], overall["in_progress"], overall["skipped"]) == (0, 0, 0)


@pytest.mark.parametrize(
    ("argv", "named"),
    [(["no-such-topic", "done"], "no-such-topic"), (["lang-go", "finished"], "finished")],
    ids=["unknown-id", "unknown-status"],
)
def test_mark_unknown_id_or_status(
    capsys: pytest.CaptureFixture[str], argv: list[str], named: str
) -> None:
    code, out, err = run(capsys, "mark", *argv)
    assert code == 2
    assert out == ""
    assert named in err
    assert_one_clean_line(err)
    assert not bundled_progress().exists()


def test_mark_unknown_id_suggests_close_ids(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "mark", "lang-goo", "done")
    assert code == 2
    assert "lang-go" in err


def test_mark_unknown_id_in_a_real_process() -> None:
    result = subprocess_run("mark", "no-such-topic", "done")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "no-such-topic" in result.stderr
    assert_one_clean_line(result.stderr)


# ----------------------------------------------------------------------------- export


def test_export_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    run_ok(capsys, "mark", "git-github", "done")
    run_ok(capsys, "mark", "lang-go", "doing")
    run_ok(capsys, "mark", "cs-basics", "skip")
    run_ok(capsys, "mark", "cloud-aws", "done")
    before = date.today().isoformat()
    out = run_ok(capsys, "export")
    after = date.today().isoformat()
    lines = out.splitlines()
    assert lines[0] == "# Backend Developer Roadmap"
    summary = [line for line in lines if line.startswith("Progress on ")]
    assert len(summary) == 1
    match = re.match(r"Progress on (\d{4}-\d{2}-\d{2}): done 2/68 · 2%, 1 skipped;", summary[0])
    assert match, summary[0]
    assert match[1] in (before, after)
    assert "## Level 0 – Prerequisites (1/3, 1 skipped)" in lines
    assert "- [x] **Git & GitHub** — version control" in lines
    cs = [line for line in lines if "Computer Science basics" in line]
    assert cs == ["- [ ] **Computer Science basics** — Data structures, algorithms *(skipped)*"]
    assert "- [ ] **Go (for performance-heavy apps)** *(in progress)*" in lines
    cloud = lines.index("- [ ] **Cloud platforms**")
    tasks = [line for line in lines[cloud + 1 :] if re.match(r"\s*- \[[ x]\] ", line)]
    assert tasks[:3] == [
        "  - [x] **AWS (EC2, ECS, Lambda, RDS, S3)**",
        "  - [ ] **GCP (Compute Engine, Cloud Run, Firestore)**",
        "  - [ ] **Azure**",
    ]
    # Its description and official-docs links come before its children.
    assert lines[cloud + 2] == "  - [AWS documentation](https://docs.aws.amazon.com/)"
    headings = [line for line in lines if line.startswith("## Level ")]
    assert len(headings) == 13
    for number, (heading, title) in enumerate(zip(headings, LEVEL_TITLES, strict=True)):
        assert heading.startswith(f"## Level {number} – {title} (")
    assert sum(1 for line in lines if re.match(r"\s*- \[x\] ", line)) == 2
    assert sum(1 for line in lines if re.match(r"\s*- \[[ x]\] ", line)) == 70


def test_fresh_export_heading_counts(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_ok(capsys, "export")
    assert "## Level 0 – Prerequisites (0/4)" in out.splitlines()
    assert "- [x]" not in out
    assert "Progress on " in out and ": done 0/69 · 0%;" in out


def test_export_parent_done_when_all_children_done(capsys: pytest.CaptureFixture[str]) -> None:
    run_ok(capsys, "mark", "cloud-platforms", "done")
    lines = run_ok(capsys, "export").splitlines()
    assert "- [x] **Cloud platforms**" in lines
    assert "  - [x] **Azure**" in lines
    assert "## Level 10 – DevOps for Backend (3/7)" in lines


def test_export_to_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run_ok(capsys, "mark", "git-github", "done")
    target = tmp_path / "progress.md"
    code, out, _ = run(capsys, "export", "-o", str(target))
    assert code == 0
    assert out == ""
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Backend Developer Roadmap\n")
    assert "- [x] **Git & GitHub**" in text
    assert text == run_ok(capsys, "export")


def test_export_to_missing_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "progress.md"
    code, out, err = run(capsys, "export", "-o", str(target))
    assert code == 2
    assert out == ""
    assert str(target) in err
    assert_one_clean_line(err)
    assert not target.parent.exists()


def test_export_to_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "export", "-o", str(tmp_path))
    assert code == 2
    assert_one_clean_line(err)


# ----------------------------------------------------------------------------- path


def test_path_prints_roadmap_progress_and_data_folder(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    out = run_ok(capsys, "path")
    assert str(bundled_roadmap_path()) in out
    assert f"progress: {data_dir / 'progress' / 'backend.toml'}" in out.splitlines()
    assert f"data:     {data_dir}" in out.splitlines()
    assert not data_dir.exists()  # looking is not writing


@pytest.mark.parametrize("position", ["before", "after"])
def test_data_dir_flag_overrides_environment(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path, position: str
) -> None:
    other = tmp_path / "synced"
    flag = ["--data-dir", str(other)]
    argv = [*flag, "path"] if position == "before" else ["path", *flag]
    out = run_ok(capsys, *argv)
    assert f"data:     {other}" in out.splitlines()
    assert str(data_dir) not in out
    run_ok(capsys, *flag, "mark", "lang-go", "done")
    assert (other / "progress" / "backend.toml").is_file()
    assert not data_dir.exists()


# ----------------------------------------------------------------------------- --roadmap


@pytest.mark.parametrize("position", ["before", "after"])
def test_custom_roadmap_has_its_own_progress_file(
    capsys: pytest.CaptureFixture[str], tiny: Path, data_dir: Path, position: str
) -> None:
    def args(*argv: str) -> list[str]:
        flag = ["--roadmap", str(tiny)]
        return [*flag, *argv] if position == "before" else [*argv, *flag]

    run_ok(capsys, *args("mark", "alpha", "done"))
    assert (data_dir / "progress" / "tiny.toml").is_file()
    assert not (data_dir / "progress" / "backend.toml").exists()
    data = status_json(capsys, "--roadmap", str(tiny))
    assert data["roadmap"]["id"] == "tiny"
    assert data["overall"]["done"] == 1
    assert data["overall"]["total"] == 2
    assert [lv["title"] for lv in data["levels"]] == ["First Steps"]
    out = run_ok(capsys, *args("path"))
    assert str(tiny) in out
    assert str(data_dir / "progress" / "tiny.toml") in out
    # The bundled roadmap's progress is untouched by the custom one.
    assert status_json(capsys)["overall"]["done"] == 0
    code, _, err = run(capsys, *args("mark", "cs-basics", "done"))
    assert code == 2
    assert "cs-basics" in err


def test_custom_roadmap_export(capsys: pytest.CaptureFixture[str], tiny: Path) -> None:
    run_ok(capsys, "--roadmap", str(tiny), "mark", "beta", "skip")
    lines = run_ok(capsys, "--roadmap", str(tiny), "export").splitlines()
    assert lines[0] == "# Tiny Roadmap"
    assert "## Level 0 – First Steps (0/1, 1 skipped)" in lines
    assert "- [ ] **Beta** *(skipped)*" in lines


def test_broken_roadmap_names_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(TINY.replace('title = "Alpha"', 'title = "Alpha'), encoding="utf-8")
    line = TINY.splitlines().index('title = "Alpha"') + 1
    for command in ("status", "export", "path"):
        code, out, err = run(capsys, "--roadmap", str(broken), command)
        assert code == 2
        assert out == ""
        assert f"{broken}:{line}:" in err
        assert_one_clean_line(err)


def test_invalid_roadmap_names_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(TINY.replace('id = "beta"', 'id = "alpha"'), encoding="utf-8")
    code, _, err = run(capsys, "--roadmap", str(bad), "status")
    assert code == 2
    assert str(bad) in err
    assert "alpha" in err
    assert_one_clean_line(err)


def test_missing_roadmap_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "--roadmap", str(tmp_path / "gone.toml"), "status")
    assert code == 2
    assert "gone.toml" in err
    assert_one_clean_line(err)


def test_broken_roadmap_in_a_real_process(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('format = 1\nid = "x"\ntitle = = 3\n[[levels]]\n', encoding="utf-8")
    result = subprocess_run("--roadmap", str(broken), "status")
    assert result.returncode == 2
    assert f"{broken}:3:" in result.stderr
    assert_one_clean_line(result.stderr)


# ----------------------------------------------------------------------------- progress file


def test_corrupt_progress_file_warns_and_is_kept(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    path = progress_file(data_dir, b"this is = = not toml")
    code, out, err = run(capsys, "status", "--json")
    assert code == 0
    assert json.loads(out)["overall"]["done"] == 0
    assert str(path) in err
    assert not list(path.parent.glob("backend.toml.corrupt-*"))  # status never renames
    code, out, err = run(capsys, "mark", "cs-basics", "done")
    assert code == 0
    asides = list(path.parent.glob("backend.toml.corrupt-*"))
    assert len(asides) == 1
    assert asides[0].read_bytes() == b"this is = = not toml"
    assert str(asides[0]) in err
    assert "Traceback" not in err


@pytest.mark.parametrize("blocked", ["data", "data/progress"])
@pytest.mark.parametrize("command", [["mark", "cs-basics", "done"], ["status"]])
def test_folder_blocked_by_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, blocked: str, command: list[str]
) -> None:
    blocker = tmp_path / blocked
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("not a folder", encoding="utf-8")
    code, _, err = run(capsys, *command)
    assert code == 1
    assert str(blocker) in err
    assert_one_clean_line(err)
    assert blocker.read_text(encoding="utf-8") == "not a folder"


# ----------------------------------------------------------------------------- meta


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"roadmap-tui {__version__}"


@pytest.mark.parametrize("argv", [["--help"], ["mark", "--help"], ["export", "-h"]])
def test_help(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: roadmap-tui")


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("status", "export", "mark", "path"):
        assert command in out


def test_python_dash_m_version(tmp_path: Path) -> None:
    result = subprocess_run("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"roadmap-tui {__version__}"


def test_real_process_status_and_mark_share_progress(tmp_path: Path, data_dir: Path) -> None:
    assert subprocess_run("mark", "cloud-platforms", "done", cwd=tmp_path).returncode == 0
    result = subprocess_run("status", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert level_json(data, "devops")["done"] == 3
    assert (data_dir / "progress" / "backend.toml").is_file()


_NO_TEXTUAL = textwrap.dedent(
    """
    import sys
    import roadmap_tui.cli.main
    code = roadmap_tui.cli.main.main(sys.argv[1:])
    print()
    print(code)
    print(any(m == "textual" or m.startswith("textual.") for m in sys.modules))
    print(any(m.split(".")[0] == "markdown_it" for m in sys.modules))
    """
)


@pytest.mark.parametrize(
    "argv",
    [
        ["status"],
        ["status", "--json"],
        ["export"],
        ["mark", "cs-basics", "done"],
        ["path"],
        ["review"],
        ["review", "--json"],
        ["status", "--format", "{due}"],
    ],
    ids=lambda argv: " ".join(argv),
)
def test_subcommands_do_not_import_textual(tmp_path: Path, argv: list[str]) -> None:
    result = run_python("-c", _NO_TEXTUAL, *argv, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    code, textual, markdown = result.stdout.splitlines()[-3:]
    assert (code, textual) == ("0", "False"), result.stdout[-500:]
    assert markdown == "False", "markdown-it loaded (only import reads Markdown): a slower start"


def test_the_no_textual_probe_can_see_textual(tmp_path: Path) -> None:
    """The probe above must be able to fail: importing Textual is detected."""
    code = _NO_TEXTUAL.replace(
        "import roadmap_tui.cli.main", "import roadmap_tui.cli.main, textual.app"
    )
    result = run_python("-c", code, "path", cwd=tmp_path)
    assert result.stdout.splitlines()[-2] == "True"


def test_the_app_without_a_terminal_says_so_in_one_line() -> None:
    proc = app_without_a_terminal()
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "roadmap-tui: error: the app needs a terminal (keyboard and screen); in scripts use "
        "`roadmap-tui status`, `export` or `mark`"
    ]
    assert proc.stdout == ""


# ----------------------------------------------------------------------------- mark keeps skips


@pytest.mark.parametrize("target", ["prerequisites", "cloud-platforms"])
def test_mark_a_level_or_parent_leaves_skipped_topics_skipped(
    capsys: pytest.CaptureFixture[str], target: str
) -> None:
    store = ProgressStore(bundled_progress(), "backend")
    leaves = ["cs-basics", "os-basics"] if target == "prerequisites" else ["cloud-gcp"]
    for leaf in leaves:
        run_ok(capsys, "mark", leaf, "skip")
    out = run_ok(capsys, "mark", target, "done")
    assert f"Left {len(leaves)} skipped topic" in out
    saved = store.load().statuses()
    assert all(saved[leaf] is Status.SKIPPED for leaf in leaves)
    total = 4 if target == "prerequisites" else 3
    assert out.startswith(f"Marked {total - len(leaves)} topic")
    assert sum(s is Status.DONE for s in saved.values()) == total - len(leaves)
    # --all changes them too, and says nothing about skips.
    out = run_ok(capsys, "mark", target, "todo", "--all")
    assert "skipped" not in out
    assert all(s is Status.TODO for s in store.load().statuses().values())


def test_mark_one_skipped_topic_always_changes_it(capsys: pytest.CaptureFixture[str]) -> None:
    run_ok(capsys, "mark", "cs-basics", "skip")
    run_ok(capsys, "mark", "cs-basics", "done")
    assert ProgressStore(bundled_progress(), "backend").load().statuses() == {
        "cs-basics": Status.DONE
    }


@pytest.mark.parametrize("word", ["DONE", "Done", "dOiNg", "Skip", "In-Progress"])
def test_mark_reads_status_words_in_any_case(capsys: pytest.CaptureFixture[str], word: str) -> None:
    run_ok(capsys, "mark", "cs-basics", word)
    saved = ProgressStore(bundled_progress(), "backend").load().statuses()
    assert saved["cs-basics"] is parse_status(word.lower())


# ----------------------------------------------------------------------------- encodings

NON_LATIN = TINY.replace('title = "Tiny Roadmap"', 'title = "Дорожная карта ✓ 日本"').replace(
    'title = "Alpha"', 'title = "Ωmega — “quoted” ░"'
)
ENCODINGS = [
    {"PYTHONIOENCODING": "cp1252"},
    {"PYTHONIOENCODING": "ascii"},
    {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "", "PYTHONUTF8": "0"},
]


@pytest.mark.parametrize("env", ENCODINGS, ids=["cp1252", "ascii", "LANG=C"])
@pytest.mark.parametrize(
    "command", [["status"], ["list"], ["export"], ["status", "--json"], ["list", "--json"]]
)
def test_any_terminal_encoding(
    env: dict[str, str], command: list[str], tmp_path: Path, data_dir: Path
) -> None:
    roadmap = tmp_path / "world.toml"
    roadmap.write_text(NON_LATIN, encoding="utf-8")
    assert run_installed("--roadmap", str(roadmap), "mark", "alpha", "done").returncode == 0
    argv = ["--roadmap", str(roadmap)] if command[0] != "list" else []
    if command[0] == "list":
        assert run_installed("import", str(_checklist(tmp_path))).returncode == 0
    utf8 = run_installed(*argv, *command, env={"PYTHONIOENCODING": "utf-8"})
    result = run_installed(*argv, *command, env=env)
    assert (result.returncode, result.stderr) == (0, b""), result.stderr
    if command[0] == "export" or "--json" in command:
        assert result.stdout == utf8.stdout  # Markdown and JSON: UTF-8 whatever the locale
        title = "Мир ✓" if command[0] == "list" else "Дорожная карта ✓ 日本"
        assert title in result.stdout.decode("utf-8")
    else:
        encoding = env.get("PYTHONIOENCODING") or "ascii"
        text = result.stdout.decode(encoding)  # only what the terminal can show
        assert "1/2" in text
        assert re.search(r"#{2,}-{2,}", text), text  # a half-full bar, in ASCII


def _checklist(folder: Path) -> Path:
    path = folder / "world.md"
    path.write_text("# Мир ✓\n\n## Часть\n\n- [x] Один\n- [ ] Два\n", encoding="utf-8")
    return path
