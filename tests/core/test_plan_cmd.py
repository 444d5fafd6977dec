"""`roadmap-tui plan` and what `status` says of the plan and the next topic: a date to
aim for, on track or behind as the days pass (a clock the test moves), the same in the
table, `--json` and `--short` (both routes); bad input in one sentence and exit 2.
Also the small things of #26 a user types: ids in any case, `--roadmap FILE|ID`, and
`team` at 80 columns."""

from __future__ import annotations

import functools
import io
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.samples import Clock, one_error_line, run_cli, store_at

from roadmap_tui.cli import commands
from roadmap_tui.numbers.counts import compute_progress
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import load_bundled
from roadmap_tui.roadmap.model import Status
from roadmap_tui.sync.team import MemberProgress, Team
from roadmap_tui.views.tables import render_team

START = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    """Every command's store on a clock the test moves, in UTC days."""
    moved = Clock(START)
    monkeypatch.setattr(commands, "ProgressStore", functools.partial(ProgressStore, clock=moved))
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield moved
    monkeypatch.undo()
    time.tzset()


def ok(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = run_cli(capsys, *argv)
    assert (code, err) == (0, ""), err
    return out


def test_no_plan_says_how_to_set_one(capsys: pytest.CaptureFixture[str], clock: Clock) -> None:
    out = ok(capsys, "plan")
    assert "No plan for 'Backend Developer Roadmap'" in out and "--by YYYY-MM-DD" in out
    assert json.loads(ok(capsys, "status", "--json"))["plan"] is None
    assert ok(capsys, "status", "--format", "[{plan}]") == "[]\n"


def test_a_plan_by_a_date_falls_behind_as_days_pass_without_a_topic(
    capsys: pytest.CaptureFixture[str], clock: Clock, data_dir: Path
) -> None:
    # 61 topics (69, Levels 1 and 4 counting one choice each), by 2026-03-31: 31 days.
    out = ok(capsys, "plan", "--by", "2026-03-31")
    assert out.startswith("Plan: by 2026-03-31 · on track (0 of 61 done, 0 due)")
    assert "Next up: Computer Science basics (Level 0 – Prerequisites)" in out
    assert "by = 2026-03-31" in (data_dir / "progress" / "backend.toml").read_text()

    clock.tick(days=10)  # 61 × 10 ÷ 31: 19 due, none done
    assert "Plan: by 2026-03-31 · 19 topics behind (0 of 61 done, 19 due)" in ok(capsys, "status")
    plan = json.loads(ok(capsys, "status", "--json"))["plan"]
    assert (plan["state"], plan["behind"], plan["due"], plan["needed"]) == ("behind", 19, 19, 61)
    assert plan["on_track"] is False and plan["target"] == "2026-03-31"
    assert ok(capsys, "status", "--format", "{plan}") == "19 behind\n"


def test_per_week_then_ahead_then_cleared(
    capsys: pytest.CaptureFixture[str], clock: Clock, data_dir: Path
) -> None:
    ok(capsys, "plan", "--per-week", "2")
    clock.tick(days=7)  # 2 due; 61 at 2 a week: 214 days from 2026-03-01
    store_at(data_dir).set_status(["cs-basics", "os-basics", "git-github"], Status.DONE)
    assert ok(capsys, "status", "--format", "{plan}") == "1 ahead\n"
    assert "2 topics a week (to 2026-10-01) · 1 topic ahead" in ok(capsys, "plan")
    assert ok(capsys, "plan", "--clear") == "Plan cleared.\n"
    assert json.loads(ok(capsys, "status", "--json"))["plan"] is None
    assert ok(capsys, "plan", "--clear") == "There was no plan; nothing to clear.\n"


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--by", "2026-02-28"], "2026-02-28 is in the past"),
        (["--by", "next friday"], "--by takes a day as YYYY-MM-DD"),
        (["--per-week", "0"], "--per-week takes a number of topics from 0.01"),
        (["--per-week", "nan"], "--per-week takes a number of topics from 0.01"),
    ],
)
def test_a_plan_that_cannot_be_is_one_sentence_and_exit_2(
    capsys: pytest.CaptureFixture[str], clock: Clock, data_dir: Path, argv: list[str], says: str
) -> None:
    code, out, err = run_cli(capsys, "plan", *argv)
    assert (code, out) == (2, "")
    assert says in one_error_line(err)
    assert not (data_dir / "progress" / "backend.toml").exists()  # nothing was saved


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--by", "2026-04-01", "--per-week", "2"], "not allowed with argument --by"),
        (["--per-week", "two"], "invalid float value: 'two'"),
    ],
)
def test_options_that_do_not_go_together_are_bad_usage(
    capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    with pytest.raises(SystemExit) as info:
        run_cli(capsys, "plan", *argv)
    assert info.value.code == 2
    assert capsys.readouterr().err.strip().splitlines()[-1].endswith(says)


def test_the_next_topic_in_status_and_short_follows_the_ticks(
    capsys: pytest.CaptureFixture[str], clock: Clock
) -> None:
    ok(capsys, "mark", "git-github", "doing")
    assert "Next up: Git & GitHub (Level 0 – Prerequisites), in progress" in ok(capsys, "status")
    ok(capsys, "mark", "prerequisites", "done")
    ok(capsys, "mark", "lang-go", "done")  # Level 1's goal: one language
    found = json.loads(ok(capsys, "status", "--json"))["next"]
    assert (found["level_id"], found["status"]) == ("core-concepts", "todo")
    assert ok(capsys, "status", "--format", "{next_id}") == f"{found['id']}\n"


def test_ids_are_found_in_any_case(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    assert (
        ok(capsys, "mark", "Docker", "doing")
        == "Marked 'Dockerize backend services' in progress.\n"
    )
    assert store_at(data_dir).load().entry("docker").status is Status.IN_PROGRESS
    assert run_cli(capsys, "note", "DOCKER", "compose first")[0] == 0
    assert ok(capsys, "note", "docker") == "compose first\n"
    assert "Level 10 – DevOps for Backend" in ok(capsys, "topics", "DevOps")
    assert "Docker" not in store_at(data_dir).load().entries  # saved under the real id


def test_help_says_roadmap_takes_a_file_or_an_id(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run_cli(capsys, "--help")
    assert "--roadmap FILE|ID" in capsys.readouterr().out


def test_team_keeps_every_column_and_level_at_80_columns() -> None:
    roadmap = load_bundled()
    leaves = [leaf.id for level in roadmap.levels for leaf in level.leaves()]
    statuses = {key: Status.DONE for key in leaves[:12]} | {
        key: Status.SKIPPED for key in leaves[12:17]
    }
    members = [
        MemberProgress("alice-with-a-long-name", compute_progress(roadmap, statuses), START),
        MemberProgress("bob", compute_progress(roadmap, {}), None),
    ]
    out = io.StringIO()
    render_team(Team(roadmap, members), START, out, 80)
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "Last change" in out.getvalue() and "just now" in out.getvalue()
    assert "12/64 · 18%, 5 skipped" in out.getvalue()
    # Every level's count is there, wrapped onto more lines: 13 numbers per member.
    body = [line.split("│") for line in lines if line.startswith("│")]
    per_level = [cells[4] for cells in body]
    alice = " ".join(per_level[: len(per_level) // 2]).split()
    assert alice == ["4", "5", "3"] + ["0"] * 10


def test_once_every_goal_is_met_nothing_is_next(capsys: pytest.CaptureFixture[str]) -> None:
    for level in load_bundled().levels:
        ok(capsys, "mark", level.id, "done")
    assert "Next up: nothing left to do" in ok(capsys, "status")
    assert json.loads(ok(capsys, "status", "--json"))["next"] is None
    assert ok(capsys, "status", "--format", "[{next}]") == "[]\n"
