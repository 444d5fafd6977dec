"""One definition of every number (docs/progress.md), checked on every surface at once.

A roadmap with a pick goal, parents (nested two deep), a level without a goal and an
empty level, under several mixes of statuses (skips, a goal met by one pick, a parent
done with a skipped child, everything skipped). The expected numbers are computed here,
from the rules as docs/progress.md words them, not by the code under test; then
`status` (table, --json, --short), `list` (table and --json), the export, and the app's
top bar and levels pane must all say them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import samples
from support.pilot import make_app, top_bar
from support.samples import roadmap_text, run_cli, store_at, topic

from roadmap_tui.roadmap.load import load_roadmap
from roadmap_tui.roadmap.model import Status

MIX = roadmap_text(
    "mix",
    "Mixed",
    samples.level(
        "pick",
        "Pick one",
        topic("p-a", "A"),
        topic("p-b", "B"),
        topic("p-group", "Group", topic("p-g1", "G1"), topic("p-g2", "G2")),
        goal="Choose one",
        pick=1,
    ),
    samples.level(
        "all",
        "Every topic",
        topic("a-x", "X"),
        topic("a-deep", "Deep", topic("a-mid", "Mid", topic("a-d1", "D1"), topic("a-d2", "D2"))),
        topic("a-y", "Y"),
    ),
    samples.level("empty", "Nothing yet"),
)

# Leaves of each level, and the leaves under each top-level item (for pick goals).
GROUPS = {
    "pick": [["p-a"], ["p-b"], ["p-g1", "p-g2"]],
    "all": [["a-x"], ["a-d1", "a-d2"], ["a-y"]],
    "empty": [],
}
PICKS = {"pick": 1}

D, P, S = Status.DONE, Status.IN_PROGRESS, Status.SKIPPED
MIXES: dict[str, dict[str, Status]] = {
    "nothing": {},
    "one-pick-meets-the-goal": {"p-b": D},
    "skips-and-a-pick": {"p-a": D, "p-b": S, "p-g1": S, "a-x": D, "a-d1": S, "a-y": P},
    "a-parent-done-with-a-skipped-child": {"p-g1": D, "p-g2": S, "a-d1": D, "a-d2": D},
    "everything-skipped": {key: S for groups in GROUPS.values() for g in groups for key in g},
    "everything-done": {key: D for groups in GROUPS.values() for g in groups for key in g},
}


@dataclass
class Expected:
    done: int
    skipped: int
    total: int
    in_progress: int
    goal_met: bool
    chosen: int = 0  # top-level items done, for a level with a pick goal
    choices: int = 0  # its top-level items (0: no pick goal)

    @property
    def percent(self) -> int:
        counted = self.total - self.skipped
        if self.total == 0:
            return 0
        return 100 if counted == 0 else self.done * 100 // counted

    @property
    def count(self) -> str:
        """Done of what counts, and the skipped ones when there are any."""
        counted = self.total - self.skipped
        if not self.skipped:
            return f"{self.done}/{self.total}"
        return (
            f"{self.done}/{counted}, {self.skipped} skipped"
            if counted
            else f"all {self.skipped} skipped"
        )

    @property
    def shown(self) -> str:
        """A level's count: a met pick goal says how many were chosen of how many."""
        if self.choices and self.goal_met:
            return f"✓ {self.chosen} of {self.choices} chosen"
        return self.count

    @property
    def progress(self) -> str:
        """The count with the percentage after the fraction: ``2/4 · 50%, 2 skipped``."""
        head, _, tail = self.count.partition(",")
        return f"{head} · {self.percent}%" + (f",{tail}" if tail else "")


def expected(statuses: dict[str, Status]) -> tuple[dict[str, Expected], Expected]:
    """Each level's numbers and the roadmap's, by the documented rules."""
    levels: dict[str, Expected] = {}
    for level, groups in GROUPS.items():
        leaves = [key for group in groups for key in group]
        done = sum(statuses.get(key) is D for key in leaves)
        skipped = sum(statuses.get(key) is S for key in leaves)
        in_progress = sum(statuses.get(key) is P for key in leaves)
        if level in PICKS:
            finished = 0
            for group in groups:
                counted = [key for key in group if statuses.get(key) is not S]
                finished += bool(counted) and all(statuses.get(key) is D for key in counted)
            met = finished >= PICKS[level]
            chosen, choices = finished, len(groups)
        else:
            met = len(leaves) > skipped and done == len(leaves) - skipped
            chosen = choices = 0
        levels[level] = Expected(done, skipped, len(leaves), in_progress, met, chosen, choices)
    overall = Expected(
        sum(e.done for e in levels.values()),
        sum(e.skipped for e in levels.values()),
        sum(e.total for e in levels.values()),
        sum(e.in_progress for e in levels.values()),
        all(e.goal_met for e in levels.values()),
    )
    return levels, overall


@pytest.fixture
def mix(data_dir: Path) -> Path:
    path = data_dir / "roadmaps" / "mix.toml"
    path.parent.mkdir(parents=True)
    path.write_text(MIX, encoding="utf-8")
    return path


def save(data_dir: Path, statuses: dict[str, Status]) -> None:
    store = store_at(data_dir, "mix")
    for status in set(statuses.values()):
        store.set_status([key for key, s in statuses.items() if s is status], status)


def table_row(table: str, title: str) -> str:
    return next(line for line in table.splitlines() if f" {title} " in line)


@pytest.mark.parametrize("name", list(MIXES))
async def test_every_surface_says_the_same_numbers(
    name: str, mix: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    statuses = MIXES[name]
    save(data_dir, statuses)
    levels, overall = expected(statuses)
    titles = {"pick": "Pick one", "all": "Every topic", "empty": "Nothing yet"}
    assert overall.total == 8  # leaves only: "Group", "Deep" and "Mid" are not topics

    # status --json
    code, out, _ = run_cli(capsys, "status", "--json", "--roadmap", "mix")
    assert code == 0
    data = json.loads(out)
    for key in ("done", "skipped", "total", "in_progress", "percent"):
        assert data["overall"][key] == getattr(overall, key), key
    for level in data["levels"]:
        want = levels[level["id"]]
        assert (level["done"], level["skipped"], level["total"]) == (
            want.done,
            want.skipped,
            want.total,
        )
        assert (level["percent"], level["goal_met"]) == (want.percent, want.goal_met)

    # status (the table): counts, percentage and the goal mark in separate columns
    code, table, _ = run_cli(capsys, "status", "--roadmap", "mix")
    assert code == 0
    for level_id, want in levels.items():
        cells = [cell.strip() for cell in table_row(table, titles[level_id]).split("│")]
        assert want.shown in cells
        # A met pick goal's "✓ 1 of 3 chosen" stands without a percentage beside it.
        assert f"{want.percent}%" in cells or (want.choices and want.goal_met)
        assert ("✓" in cells) == want.goal_met
    assert f"{overall.progress} done" in table or f"done {overall.progress}" in table

    # status --short
    template = "{count}|{percent}|{done}|{total}|{skipped}|{level_id}|{level_count}"
    code, line, _ = run_cli(capsys, "status", "--roadmap", "mix", "--format", template)
    count, percent, done, total, skipped, level_id, level_count = line.strip().split("|")
    assert (count, int(percent)) == (overall.count, overall.percent)
    assert (int(done), int(total), int(skipped)) == (overall.done, overall.total, overall.skipped)
    assert level_count == levels[level_id].count

    # list, as JSON and as a table
    code, out, _ = run_cli(capsys, "list", "--json")
    row = next(r for r in json.loads(out) if r.get("id") == "mix")
    assert (row["done"], row["skipped"], row["total"], row["percent"]) == (
        overall.done,
        overall.skipped,
        overall.total,
        overall.percent,
    )
    code, out, _ = run_cli(capsys, "list")
    listed = table_row(out, "Mixed")
    assert overall.count in listed and f"{overall.percent:>4}%" in listed

    # the export: the summary, each heading's counts, and "met" on the goal line
    code, export, _ = run_cli(capsys, "export", "--roadmap", "mix")
    assert f": done {overall.progress};" in export
    for number, (level_id, want) in enumerate(levels.items()):
        assert f"## Level {number} – {titles[level_id]} ({want.shown})" in export
    assert ("Goal (pick 1 of 3, met): Choose one" in export) == levels["pick"].goal_met

    # the app: the top bar and every row of the levels pane
    app = make_app(data_dir, load_roadmap(mix), watch_interval=0)
    async with app.run_test(size=(120, 30)):
        top = top_bar(app)
        rows = [
            str(app.main.levels.get_option_at_index(i).prompt)
            for i in range(app.main.levels.option_count)
        ]
    assert overall.progress in top
    for row, want in zip(rows, levels.values(), strict=True):  # the same count (#26)
        assert f" {want.shown}" in row, row
        assert ("✓" in row) == want.goal_met, row


def test_import_counts_the_topics_list_counts(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A parent task is not a topic: the import's sentence and `list` agree."""
    source = tmp_path / "plan.md"
    source.write_text(
        "# Plan\n\n## Basics\n\n- [x] One\n- [ ] Two\n  - [x] Two a\n  - [ ] Two b\n- [ ] Three\n",
        encoding="utf-8",
    )
    code, out, _ = run_cli(capsys, "import", str(source))
    assert code == 0
    code, listed, _ = run_cli(capsys, "list", "--json")
    row = next(r for r in json.loads(listed) if r.get("title") == "Plan")
    assert (row["done"], row["total"]) == (2, 4)
    assert "4 topics (done 2/4 · 50%)" in out
