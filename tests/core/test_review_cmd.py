"""`roadmap-tui review` and `{due}` in `status --short`, run in process with a fixed
clock: the topics due today, a rating recorded and when it comes back, imported ticks
added on request, every mistake one line with exit 2; the JSON export carries the log."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support.samples import one_error_line, run_cli

from roadmap_tui.base.paths import progress_path
from roadmap_tui.cli import short
from roadmap_tui.cli.main import main
from roadmap_tui.progress.entries import Entry
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.model import Status

FINISHED = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


class Now:
    """The clock every store of the command sees (its default ``clock``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = FINISHED + DAY
        monkeypatch.setattr(ProgressStore.__init__, "__kwdefaults__", {"clock": lambda: self.now})


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Now:
    return Now(monkeypatch)


def finish(data: Path, *topics: str, finished: datetime | None = FINISHED) -> None:
    store = ProgressStore(progress_path(data, "backend"), "backend")
    when = finished or FINISHED
    store.save({t: Entry(Status.DONE, when, when, finished) for t in topics})


def due_ids(capsys: pytest.CaptureFixture[str], *extra: str) -> list[str]:
    code, out, err = run_cli(capsys, "review", "--json", *extra)
    assert (code, err) == (0, "")
    return [topic["id"] for topic in json.loads(out)["due"]]


def test_done_is_due_the_next_day_and_a_good_rating_sends_it_away(
    capsys: pytest.CaptureFixture[str], data_dir: Path, clock: Now
) -> None:
    finish(data_dir, "cs-basics")
    clock.now = FINISHED + timedelta(hours=6)
    assert due_ids(capsys) == []  # not the day it was finished
    clock.now = FINISHED + DAY
    code, out, _ = run_cli(capsys, "review")
    assert code == 0 and "Computer Science basics (cs-basics)  due today" in out
    code, out, _ = run_cli(capsys, "review", "cs-basics", "good")
    assert code == 0 and out.startswith("Rated 'Computer Science basics' good. Next review: ")
    assert due_ids(capsys) == []
    clock.now += 30 * DAY
    code, out, _ = run_cli(capsys, "review")
    assert "days overdue" in out


def test_forgot_comes_back_sooner_than_easy(
    capsys: pytest.CaptureFixture[str], data_dir: Path, clock: Now
) -> None:
    finish(data_dir, "cs-basics", "os-basics")
    run_cli(capsys, "review", "cs-basics", "again")
    run_cli(capsys, "review", "os-basics", "4")
    days = []
    for _ in range(30):
        clock.now += DAY
        days.append(due_ids(capsys))
    first_again = next(n for n, ids in enumerate(days) if "cs-basics" in ids)
    first_easy = next(n for n, ids in enumerate(days) if "os-basics" in ids)
    assert first_again < first_easy


def test_imported_ticks_wait_until_added(
    capsys: pytest.CaptureFixture[str], data_dir: Path, clock: Now
) -> None:
    finish(data_dir, "cs-basics", finished=None)
    code, out, _ = run_cli(capsys, "review")
    assert "1 done topic has no finish time" in out and "--add-imported" in out
    code, _, err = run_cli(capsys, "review", "cs-basics", "good")
    assert code == 2 and "--add-imported" in one_error_line(err)
    code, out, _ = run_cli(capsys, "review", "--add-imported")
    assert code == 0 and out.startswith("Added 1 imported tick")
    clock.now += DAY
    assert due_ids(capsys) == ["cs-basics"]
    code, out, _ = run_cli(capsys, "review", "--add-imported")
    assert out.startswith("No imported ticks")


def test_undo_and_reset(capsys: pytest.CaptureFixture[str], data_dir: Path, clock: Now) -> None:
    finish(data_dir, "cs-basics")
    run_cli(capsys, "review", "cs-basics", "easy")
    code, out, _ = run_cli(capsys, "review", "cs-basics", "--undo")
    assert code == 0 and "Took back the easy review" in out and "(today)" in out
    clock.now += 3 * DAY
    code, out, _ = run_cli(capsys, "review", "cs-basics", "--reset")
    assert code == 0 and "(in 1 day)" in out


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["review", "nope", "good"], "no topic's id"),
        (["review", "cs-basics", "great"], "unknown rating"),
        (["review", "cs-basics"], "give a rating"),
        (["review", "os-basics", "good"], "still to do"),
        (["review", "--add-imported", "cs-basics"], "takes no topic"),
        (["review", "cs-basics", "good", "--json"], "--json"),
        (["review", "--limit", "-1"], "--limit"),
    ],
)
def test_mistakes_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], data_dir: Path, clock: Now, argv: list[str], says: str
) -> None:
    finish(data_dir, "cs-basics")
    before = progress_path(data_dir, "backend").read_bytes()
    code, _, err = run_cli(capsys, *argv)
    assert code == 2
    one_error_line(err, says=[says])
    assert progress_path(data_dir, "backend").read_bytes() == before


def test_the_daily_limit_counts_todays_reviews(
    capsys: pytest.CaptureFixture[str], data_dir: Path, clock: Now
) -> None:
    finish(data_dir, "cs-basics", "os-basics", "networking-fundamentals")
    assert len(due_ids(capsys)) == 3
    run_cli(capsys, "review", "cs-basics", "good")
    assert len(due_ids(capsys, "--limit", "2")) == 1
    code, out, _ = run_cli(capsys, "review", "--limit", "1")
    assert code == 0
    assert "2 more due, past today's limit of 1 review (1 done today" in out
    assert "Next:" not in out


def test_due_in_the_short_line_is_the_same_on_both_routes(
    capsys: pytest.CaptureFixture[str], data_dir: Path, clock: Now
) -> None:
    finish(data_dir, "cs-basics", "os-basics")
    run_cli(capsys, "status", "--json")  # the roadmap cached: the fast route could answer
    assert short.fast_status(["status", "--format", "{due}"]) is None  # it hands over
    assert short.fast_status(["status", "--format", "{done}"]) == 0
    capsys.readouterr()
    lines = set()
    for fast in (True, False):
        assert main(["status", "--format", "{due} to review|{done}"], fast=fast) == 0
        lines.add(capsys.readouterr().out)
    assert lines == {"2 to review|2\n"}
    run_cli(capsys, "review", "os-basics", "good")
    main(["status", "--format", "{due}"], fast=True)
    assert capsys.readouterr().out == "1\n"
    assert short.fast_status(["status", "--short"]) == 0  # a log in the file: still fast


def test_the_json_export_carries_the_reviews(
    capsys: pytest.CaptureFixture[str], data_dir: Path, clock: Now
) -> None:
    finish(data_dir, "cs-basics")
    run_cli(capsys, "review", "cs-basics", "hard")
    code, out, _ = run_cli(capsys, "export", "--format", "json")
    assert code == 0
    topics = {t["id"]: t for level in json.loads(out)["levels"] for t in level["topics"]}
    topic = topics["cs-basics"]
    assert [r["rating"] for r in topic["reviews"]] == ["hard"]
    assert topic["reviews"][0]["at"] == (FINISHED + DAY).isoformat()
    assert topic["next_review"] > FINISHED.date().isoformat()
    assert topics["os-basics"]["reviews"] == [] and topics["os-basics"]["next_review"] is None
