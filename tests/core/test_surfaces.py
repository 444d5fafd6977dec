"""Every command-line surface says the same counts, in the one format of
docs/progress.md: `status` (table, `--json`, `--short` on both routes), `list` (table
and `--json`), `topics`, `team`, and the Markdown, HTML, SVG and JSON exports. The
expected texts are written out by hand for each mix of statuses (a pick goal met with
its other choices optional, skips, a parent, an empty level, everything skipped), not
computed by the code under test. (The app's top bar and levels pane:
tests/app/test_numbers.py.)"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.samples import level, roadmap_text, run_cli, store_at, topic

from roadmap_tui.cli import short
from roadmap_tui.numbers.counts import compute_progress
from roadmap_tui.roadmap.load import load_roadmap
from roadmap_tui.roadmap.model import Status
from roadmap_tui.sync.team import MemberProgress, Team
from roadmap_tui.views.tables import render_team

SHAPES = roadmap_text(
    "shapes",
    "Shapes",
    level(
        "choose",
        "Choose",
        topic("c-a", "Ca"),
        topic("c-b", "Cb"),
        topic("c-group", "Cgroup", topic("c-g1", "Cg1"), topic("c-g2", "Cg2")),
        goal="Choose one",
        pick=1,
    ),
    level(
        "every",
        "Every",
        topic("e-x", "Ex"),
        topic("e-deep", "Edeep", topic("e-d1", "Ed1"), topic("e-d2", "Ed2")),
        topic("e-y", "Ey"),
    ),
    level("hollow", "Hollow"),
)
LEAVES = ["c-a", "c-b", "c-g1", "c-g2", "e-x", "e-d1", "e-d2", "e-y"]
D, P, S = Status.DONE, Status.IN_PROGRESS, Status.SKIPPED

# statuses -> (overall with %, overall count, each level's count, each level's % or
# "" for a met pick goal, the next topic's title, the current level's number)
CASES: dict[str, tuple[dict[str, Status], str, str, list[str], list[str], str, int]] = {
    "nothing": ({}, "0/8 · 0%", "0/8", ["0/4", "0/4", "0/0"], ["0%", "0%", "0%"], "Ca", 0),
    "a-pick-met": (
        {"c-b": D},
        "1/8 · 12%",
        "1/8",
        ["✓ 1 of 3 chosen", "0/4", "0/0"],
        ["", "0%", "0%"],
        "Ex",
        1,
    ),
    "skips-and-a-pick": (
        {"c-a": D, "c-b": S, "c-g1": S, "e-x": D, "e-d1": S, "e-y": P},
        "2/5 · 40%, 3 skipped",
        "2/5, 3 skipped",
        ["✓ 1 of 3 chosen", "1/3, 1 skipped", "0/0"],
        ["", "33%", "0%"],
        "Ey",
        1,
    ),
    "a-choice-begun": (
        {"c-g1": D},
        "1/8 · 12%",
        "1/8",
        ["1/4", "0/4", "0/0"],
        ["25%", "0%", "0%"],
        "Cgroup › Cg2",
        0,
    ),
    "everything-skipped": (
        dict.fromkeys(LEAVES, S),
        "all 8 skipped · 100%",
        "all 8 skipped",
        ["all 4 skipped", "all 4 skipped", "0/0"],
        ["100%", "100%", "0%"],
        "",
        2,
    ),
}


@pytest.fixture
def shapes(data_dir: Path) -> Path:
    path = data_dir / "roadmaps" / "shapes.toml"
    path.parent.mkdir(parents=True)
    path.write_text(SHAPES, encoding="utf-8")
    return path


def save(data_dir: Path, statuses: dict[str, Status]) -> None:
    store = store_at(data_dir, "shapes")
    for status in set(statuses.values()):
        store.set_status([key for key, s in statuses.items() if s is status], status)


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = run_cli(capsys, *argv, "--roadmap", "shapes")
    assert (code, err) == (0, ""), err
    return out


@pytest.mark.parametrize("case", list(CASES))
def test_every_command_line_surface_says_the_same_counts(
    case: str, shapes: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    statuses, progress, count, levels, percents, next_title, current = CASES[case]
    save(data_dir, statuses)
    titles = ["Choose", "Every", "Hollow"]

    data = json.loads(cli(capsys, "status", "--json"))
    assert (data["overall"]["progress"], data["overall"]["count"]) == (progress, count)
    assert [lv["count"] for lv in data["levels"]] == levels
    assert (data["next"] or {}).get("title", "") == next_title

    table = cli(capsys, "status")
    for title, shown, percent in zip(titles, levels, percents, strict=True):
        row = next(line for line in table.splitlines() if f" {title} " in line)
        cells = [cell.strip() for cell in row.split("│")]
        assert shown in cells and percent in cells, row
    assert f"done {progress}" in table
    assert (f"Next up: {next_title} (Level" in table) == bool(next_title)

    template = "{progress}|{count}|{level_number}|{level_count}|{next}"
    want = f"{progress}|{count}|{current}|{levels[current]}|{next_title}"
    assert cli(capsys, "status", "--format", template).rstrip("\n") == want
    answered = short.fast_status(["status", "--roadmap", "shapes", "--format", template])
    assert answered == 0  # the fast route, from the cache the runs above filled
    assert capsys.readouterr().out.rstrip("\n") == want

    row = next(r for r in json.loads(cli(capsys, "list", "--json")) if r.get("id") == "shapes")
    assert row["percent"] == data["overall"]["percent"]
    assert count in next(line for line in cli(capsys, "list").splitlines() if "Shapes" in line)

    topics = cli(capsys, "topics")
    for number, (title, shown) in enumerate(zip(titles, levels, strict=True)):
        assert f"Level {number} – {title} ({shown}) · id" in topics

    markdown = cli(capsys, "export")
    assert f": done {progress};" in markdown
    for number, (title, shown) in enumerate(zip(titles, levels, strict=True)):
        assert f"## Level {number} – {title} ({shown})" in markdown
    page = cli(capsys, "export", "--format", "html")
    assert f"done {progress};" in page
    for shown in levels:
        assert f'<span class="count">{shown}</span>' in page
    card = cli(capsys, "export", "--format", "svg")
    assert f">{progress} · " in card
    for shown in levels:
        assert f">{shown}</text>" in card
    exported = json.loads(cli(capsys, "export", "--format", "json"))
    assert [lv["count"] for lv in exported["levels"]] == levels

    roadmap = load_roadmap(shapes)
    member = MemberProgress("ann", compute_progress(roadmap, statuses), None)
    out = io.StringIO()
    render_team(Team(roadmap, [member]), datetime(2026, 3, 1, tzinfo=UTC), out, 80)
    assert progress in out.getvalue()


@pytest.mark.parametrize(
    "suffix",
    ["(2/5)", "(2/4, 1 skipped)", "(all 3 skipped)", "(✓ 1 of 5 chosen)", "(2/5 (1 skipped))"],
)
def test_an_exports_level_counts_are_dropped_on_import(
    suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Our export's headings, in this version's count format and the older one, import
    with their level titles unchanged."""
    source = tmp_path / "mine.md"
    source.write_text(f"# Mine\n\n## Level 0 – Basics {suffix}\n\n- [ ] One\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "import", str(source))
    assert code == 0, err
    code, out, _ = run_cli(capsys, "topics", "--json", "--roadmap", "mine")
    assert json.loads(out)["levels"][0]["title"] == "Basics"
