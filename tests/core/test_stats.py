"""History and pace with a frozen clock: weeks, streaks, pace, projection, level dates."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_tui.base.paths import progress_path
from roadmap_tui.cli.main import main
from roadmap_tui.numbers.pace import SPARKS, compute_stats, sparkline
from roadmap_tui.progress.entries import Entry
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import load_bundled
from roadmap_tui.roadmap.model import Item, Level, Roadmap, Status

PLUS_TWO = timezone(timedelta(hours=2))
MINUS_FIVE = timezone(timedelta(hours=-5))


def roadmap(n: int = 30) -> Roadmap:
    levels = (
        Level("first", "First", items=tuple(Item(f"a{i}", f"A{i}") for i in range(n // 2))),
        Level("second", "Second", items=tuple(Item(f"b{i}", f"B{i}") for i in range(n - n // 2))),
    )
    return Roadmap("r", "R", levels=levels)


def done_at(when: datetime, started: datetime | None = None) -> Entry:
    return Entry(Status.DONE, when, started=started or when, finished=when)


def at(day: str, hour: int = 12) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def test_streak_runs_across_a_month_boundary() -> None:
    entries = {
        "a0": done_at(at("2026-01-30")),
        "a1": done_at(at("2026-01-31")),
        "a2": done_at(at("2026-02-01")),
        "a3": done_at(at("2026-02-02")),
    }
    stats = compute_stats(roadmap(), entries, at("2026-02-02", 18), UTC)
    assert stats.current_streak == 4
    assert stats.longest_streak == 4


def test_streak_runs_across_a_year_boundary_and_survives_an_empty_today() -> None:
    entries = {
        "a0": done_at(at("2025-12-30")),
        "a1": done_at(at("2025-12-31")),
        "a2": done_at(at("2026-01-01")),
    }
    # Nothing finished on Jan 2 yet: the streak is still alive during that day...
    stats = compute_stats(roadmap(), entries, at("2026-01-02", 9), UTC)
    assert stats.current_streak == 3
    # ...and broken once a whole day passed without a finish.
    stats = compute_stats(roadmap(), entries, at("2026-01-03", 9), UTC)
    assert stats.current_streak == 0
    assert stats.longest_streak == 3


def test_longest_streak_is_the_longest_run_not_the_latest() -> None:
    days = ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-10", "2026-03-11"]
    entries = {f"a{i}": done_at(at(day)) for i, day in enumerate(days)}
    stats = compute_stats(roadmap(), entries, at("2026-03-11", 20), UTC)
    assert stats.current_streak == 2
    assert stats.longest_streak == 3


def test_days_are_the_users_local_days() -> None:
    # 23:30 UTC on Mar 1 and 00:30 UTC on Mar 2: one hour apart.
    entries = {
        "a0": done_at(datetime(2026, 3, 1, 23, 30, tzinfo=UTC)),
        "a1": done_at(datetime(2026, 3, 2, 0, 30, tzinfo=UTC)),
    }
    now = datetime(2026, 3, 2, 12, tzinfo=UTC)
    # In UTC they fall on two days: a two-day streak.
    assert compute_stats(roadmap(), entries, now, UTC).longest_streak == 2
    # At UTC+2 both are on Mar 2: one day.
    assert compute_stats(roadmap(), entries, now, PLUS_TWO).longest_streak == 1
    # At UTC-5 both are on Mar 1 (18:30 and 19:30): one day, and Mar 2 is today.
    stats = compute_stats(roadmap(), entries, now, MINUS_FIVE)
    assert stats.longest_streak == 1
    assert stats.current_streak == 1


def test_weeks_are_twelve_mondays_oldest_first_with_counts() -> None:
    now = at("2026-01-07")  # a Wednesday
    entries = {
        "a0": done_at(at("2026-01-05")),  # this week's Monday
        "a1": done_at(at("2026-01-07")),  # today
        "a2": done_at(at("2025-12-31")),  # last week (across the year boundary)
        "a3": done_at(at("2025-10-20")),  # the Monday 11 weeks back: the oldest shown
        "a4": done_at(at("2025-10-19")),  # the Sunday before it: not shown
    }
    stats = compute_stats(roadmap(), entries, now, UTC)
    assert len(stats.weeks) == 12
    assert all(monday.weekday() == 0 for monday, _ in stats.weeks)
    assert stats.weeks[-1] == (date(2026, 1, 5), 2)
    assert stats.weeks[-2] == (date(2025, 12, 29), 1)
    assert stats.weeks[0] == (date(2025, 10, 20), 1)
    assert sum(count for _, count in stats.weeks) == 4


def test_pace_and_projected_finish() -> None:
    now = at("2026-06-30")
    # Eight finishes inside the last 28 days, one just outside.
    entries = {f"a{i}": done_at(now - timedelta(days=3 * i)) for i in range(8)}
    entries["a9"] = done_at(now - timedelta(days=28))
    stats = compute_stats(roadmap(30), entries, now, UTC)
    assert stats.finished_last_4_weeks == 8
    assert stats.pace_per_week == pytest.approx(2.0)
    assert stats.remaining == 30 - 9
    # 21 remaining at 8 per 28 days: ceil(21 / (8 / 28)) = 74 days.
    assert stats.projected_finish == date(2026, 6, 30) + timedelta(days=74)
    assert "2.0 topics/week" in stats.pace_sentence()
    assert stats.projected_finish.isoformat() in stats.pace_sentence()


def test_the_pace_window_is_today_and_the_27_days_before_it() -> None:
    now = at("2026-06-30", 9)
    # The first and the last day of the window count; the day before it does not.
    entries = {
        "a0": done_at(at("2026-06-30", 8)),
        "a1": done_at(at("2026-06-03", 0)),  # 27 days before today: inside
        "a2": done_at(at("2026-06-02", 23)),  # 28 days before: outside
    }
    stats = compute_stats(roadmap(30), entries, now, UTC)
    assert stats.finished_last_4_weeks == 2


def test_skipped_topics_are_not_remaining_and_no_pace_means_no_date() -> None:
    now = at("2026-06-30")
    entries = {"a0": Entry(Status.SKIPPED, now), "a1": done_at(now - timedelta(days=60))}
    stats = compute_stats(roadmap(4), entries, now, UTC)
    assert stats.remaining == 2
    assert stats.projected_finish is None
    assert "finish a topic" in stats.pace_sentence()


def test_everything_done_is_finished_today() -> None:
    now = at("2026-06-30")
    entries = {f"a{i}": done_at(now) for i in range(2)} | {f"b{i}": done_at(now) for i in range(2)}
    stats = compute_stats(roadmap(4), entries, now, UTC)
    assert stats.remaining == 0
    assert stats.projected_finish == date(2026, 6, 30)
    assert "finished" in stats.pace_sentence()


def test_level_dates_start_early_and_finish_only_when_complete() -> None:
    now = at("2026-05-20")
    entries = {
        "a0": done_at(at("2026-05-03"), started=at("2026-04-28")),
        "a1": Entry(Status.SKIPPED, at("2026-05-01")),
        "b0": Entry(Status.IN_PROGRESS, at("2026-05-10"), started=at("2026-05-10")),
    }
    small = Roadmap(
        "r",
        "R",
        levels=(
            Level("first", "First", items=(Item("a0", "A0"), Item("a1", "A1"))),
            Level("second", "Second", items=(Item("b0", "B0"), Item("b1", "B1"))),
        ),
    )
    first, second = compute_stats(small, entries, now, UTC).levels
    assert (first.started, first.finished) == (date(2026, 4, 28), date(2026, 5, 3))
    assert (second.started, second.finished) == (date(2026, 5, 10), None)
    # A level nobody has touched has no dates, and the others keep theirs.
    untouched = Level("third", "Third", pick=1, items=(Item("c0", "C0"),))
    bigger = Roadmap("r", "R", levels=(*small.levels, untouched))
    *_, third = compute_stats(bigger, entries, now, UTC).levels
    assert (third.title, third.started, third.finished) == ("Third", None, None)
    # Finishing days count only leaves of the roadmap: a stray id in the file does not.
    stray = {**entries, "gone": done_at(at("2026-05-19"))}
    assert (
        compute_stats(small, stray, now, UTC).weeks == compute_stats(small, entries, now, UTC).weeks
    )


def test_a_pick_level_finishes_when_its_goal_is_met() -> None:
    level = Level(
        "langs", "Languages", pick=2, items=tuple(Item(f"l{i}", f"L{i}") for i in range(4))
    )
    small = Roadmap("r", "R", levels=(level,))
    entries = {
        "l0": done_at(at("2026-05-01")),
        "l2": done_at(at("2026-05-09")),
        "l3": done_at(at("2026-05-04")),
    }
    (dates,) = compute_stats(small, entries, at("2026-05-20"), UTC).levels
    assert dates.finished == date(2026, 5, 4)  # the second language done
    del entries["l2"]  # exactly the two the goal asks for: met on the later one
    (dates,) = compute_stats(small, entries, at("2026-05-20"), UTC).levels
    assert dates.finished == date(2026, 5, 4)
    del entries["l3"]
    (dates,) = compute_stats(small, entries, at("2026-05-20"), UTC).levels
    assert dates.finished is None


def test_history_is_kept_compactly_in_the_progress_file(tmp_path: Path) -> None:
    clock = [datetime(2026, 2, 1, 10, tzinfo=UTC)]
    store = ProgressStore(tmp_path / "p.toml", "r", clock=lambda: clock[0])
    store.set_status(["a0"], Status.IN_PROGRESS)
    clock[0] += timedelta(days=3)
    store.set_status(["a0"], Status.DONE)
    for _ in range(20):  # toggling back and forth never grows the file
        clock[0] += timedelta(minutes=1)
        store.set_status(["a0"], Status.IN_PROGRESS)
        clock[0] += timedelta(minutes=1)
        store.set_status(["a0"], Status.DONE)
    entry = ProgressStore(tmp_path / "p.toml", "r").load().entries["a0"]
    assert entry.started == datetime(2026, 2, 1, 10, tzinfo=UTC)
    assert entry.finished == clock[0]
    assert (tmp_path / "p.toml").read_text().count("[items.") == 1


def test_status_prints_pace_and_json_includes_it(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = ProgressStore(progress_path(data_dir, "backend"), "backend")
    store.set_status(["cs-basics", "os-basics"], Status.DONE)
    # Day one: two finishes make no pace (it would say 14 a week, or 0.5 over 4 weeks).
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "Pace: not enough data yet" in out
    # The sparkline always covers 12 weeks, in the table and the JSON.
    assert "Last 12 weeks: ▁▁▁▁▁▁▁▁▁▁▁█ 2 topics finished" in out
    assert main(["status", "--json"]) == 0
    pace = json.loads(capsys.readouterr().out)["pace"]
    assert [week["finished"] for week in pace["finished_per_week"]] == [0] * 11 + [2]
    assert pace["finished_last_4_weeks"] == 2
    assert (pace["per_week"], pace["measured_over_days"], pace["projected_finish"]) == (
        None,
        0,
        None,
    )
    # 69 topics, but Levels 1 and 4 need one choice each of five: 61, two done.
    assert pace["remaining"] == 59
    assert pace["current_streak_days"] == 1
    # Ten days later (the topics were finished ten days ago): a pace over those 10 days.
    ago = datetime.now(UTC) - timedelta(days=9)  # (status uses a fixed-offset local zone)
    later = datetime.now(UTC) + timedelta(seconds=1)  # newer than the ticks: it wins the merge
    store.save({k: Entry(Status.DONE, later, ago, ago) for k in ("cs-basics", "os-basics")})
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "Pace: 1.4 topics/week over 10 days, since your first activity" in out
    assert main(["status", "--json"]) == 0
    pace = json.loads(capsys.readouterr().out)["pace"]
    assert (pace["per_week"], pace["measured_over_days"]) == (1.4, 10)
    assert date.fromisoformat(pace["projected_finish"]) > date.today()


def test_day_one_has_no_pace_and_no_empty_weeks_before_it() -> None:
    now = at("2026-06-30", 20)
    entries = {f"a{i}": done_at(at("2026-06-30", 9 + i)) for i in range(3)}
    stats = compute_stats(roadmap(30), entries, now, UTC)
    assert (stats.pace_per_week, stats.pace_days, stats.projected_finish) == (None, 0, None)
    assert "not enough data yet" in stats.pace_sentence()
    assert stats.weeks == ((date(2026, 6, 29), 3),)  # this week only
    # Two days later (three days of data), a pace over those three days.
    stats = compute_stats(roadmap(30), entries, at("2026-07-02"), UTC)
    assert stats.pace_days == 3
    assert stats.pace_per_week == pytest.approx(7.0)
    assert "over 3 days, since your first activity" in stats.pace_sentence()


def test_nothing_done_yet_shows_one_week_and_no_pace() -> None:
    stats = compute_stats(roadmap(4), {}, at("2026-06-30"), UTC)
    assert stats.weeks == ((date(2026, 6, 29), 0),)
    assert stats.pace_per_week is None


def test_starting_a_topic_is_activity_and_imported_ticks_are_not() -> None:
    now = at("2026-06-30")
    long_ago = now - timedelta(days=90)
    imported = {f"a{i}": Entry(Status.DONE, long_ago, imported=Status.DONE) for i in range(9)}
    stats = compute_stats(roadmap(30), imported, now, UTC)
    assert stats.pace_per_week is None and len(stats.weeks) == 1
    started = Entry(Status.IN_PROGRESS, now, started=now - timedelta(days=13))
    stats = compute_stats(roadmap(30), imported | {"b0": started, "b1": done_at(now)}, now, UTC)
    assert stats.pace_days == 14
    assert stats.pace_per_week == pytest.approx(0.5)  # the one finish, not the 9 imported
    assert [monday for monday, _ in stats.weeks] == [
        date(2026, 6, 15),
        date(2026, 6, 22),
        date(2026, 6, 29),
    ]


@settings(max_examples=200, deadline=None)
@given(
    finished=st.lists(st.integers(min_value=0, max_value=200), max_size=15),
    started=st.lists(st.integers(min_value=0, max_value=200), max_size=5),
)
def test_pace_and_history_start_at_the_first_activity(
    finished: list[int], started: list[int]
) -> None:
    """Any days back of finishes and of starts only: the history begins at the first
    active week (12 weeks at most), the pace is finishes ÷ days since the first activity
    (28 at most), and under 3 days of data there is none."""
    now = at("2026-06-30", 23)
    entries = {f"a{i}": done_at(now - timedelta(days=back)) for i, back in enumerate(finished)}
    entries |= {
        f"b{i}": Entry(Status.IN_PROGRESS, now, started=now - timedelta(days=back))
        for i, back in enumerate(started)
    }
    stats = compute_stats(roadmap(40), entries, now, UTC)
    today = date(2026, 6, 30)
    if not finished and not started:
        assert len(stats.weeks) == 1 and stats.pace_per_week is None
        return
    first = today - timedelta(days=max(finished + started))
    first_monday = first - timedelta(days=first.weekday())
    assert stats.weeks[0][0] == max(first_monday, date(2026, 6, 29) - timedelta(weeks=11))
    assert stats.weeks[-1][0] == date(2026, 6, 29)
    days = (today - first).days + 1
    if days < 3:
        assert stats.pace_per_week is None and stats.projected_finish is None
        return
    window = min(28, days)
    recent = sum(1 for back in finished if back < window)
    assert stats.pace_days == window
    assert stats.pace_per_week == pytest.approx(recent / window * 7)


def test_notes_merge_on_their_own_clock(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    t = datetime(2026, 4, 1, tzinfo=UTC)
    first = ProgressStore(path, "r", clock=lambda: t)
    second = ProgressStore(path, "r", clock=lambda: t + timedelta(minutes=5))
    # The first window writes a note later (by its note time) than the second's status.
    second.save({"a0": Entry(Status.DONE, t + timedelta(minutes=5))})
    first.save({"a0": Entry(Status.TODO, t, note="read the docs", note_changed=t)})
    entry = ProgressStore(path, "r").load().entries["a0"]
    assert entry.status is Status.DONE  # the newer status wins...
    assert entry.note == "read the docs"  # ...and the note is not lost
    # A newer note replaces an older one whatever the save order.
    second.save({"a0": Entry(Status.DONE, t, note="older", note_changed=t - timedelta(days=1))})
    assert ProgressStore(path, "r").load().entries["a0"].note == "read the docs"


def test_every_bundled_topic_has_a_description_and_official_links() -> None:
    for _, item in load_bundled().walk():
        assert 1 <= len(item.description.split(". ")) <= 4, item.id
        assert 1 <= len(item.links) <= 6, item.id
        for link in item.links:
            assert link.url.startswith("https://"), link.url
            assert link.kind in {"docs", "spec", "tutorial", "tool"}


# ----------------------------------------------------------------------------- the year


def test_the_year_is_53_weeks_of_days_ending_today_with_finishes_counted() -> None:
    now = at("2026-06-10")  # a Wednesday
    entries = {
        "a0": done_at(at("2026-06-10")),
        "a1": done_at(at("2026-06-10", 20)),
        "a2": done_at(at("2025-06-09")),  # the year's first Monday
        "a3": done_at(at("2025-06-08")),  # the Sunday before: outside the year
        "a4": Entry(Status.DONE, at("2026-06-01")),  # an imported tick: no finish time
    }
    stats = compute_stats(roadmap(), entries, now, UTC)
    grid = stats.year_grid()
    assert len(grid) == 53 and all(len(week) == 7 for week in grid)
    assert stats.year_start == date(2025, 6, 8 + 1)
    assert grid[0][0] == 1  # 2025-06-09
    assert grid[-1][:3] == [0, 0, 2]  # this week: Mon, Tue, today
    assert grid[-1][3:] == [None] * 4  # days still to come
    assert sum(count or 0 for week in grid for count in week) == 3


@given(
    days=st.lists(st.integers(min_value=0, max_value=500), max_size=40),
    now_day=st.integers(min_value=0, max_value=6),
)
def test_every_finish_of_the_year_is_in_the_grid_once(days: list[int], now_day: int) -> None:
    now = at("2026-06-08") + timedelta(days=now_day)
    entries = {f"a{i}": done_at(now - timedelta(days=back)) for i, back in enumerate(days)}
    small = roadmap(2 * len(days) + 2)
    stats = compute_stats(small, entries, now, UTC)
    first = stats.year_start
    expected = sum(1 for back in days if (now - timedelta(days=back)).date() >= first)
    assert sum(count or 0 for week in stats.year_grid() for count in week) == expected
    assert sum(count for _, count in stats.weeks) <= expected


def test_a_level_took_the_days_from_its_first_start_to_its_goal() -> None:
    entries = {
        "a0": done_at(at("2026-05-03"), started=at("2026-04-28")),
        "a1": done_at(at("2026-05-06"), started=at("2026-05-01")),
        "b0": done_at(at("2026-05-10"), started=at("2026-05-10")),
    }
    small = Roadmap(
        "r",
        "R",
        levels=(
            Level("first", "First", items=(Item("a0", "A0"), Item("a1", "A1"))),
            Level("second", "Second", items=(Item("b0", "B0"),)),
            Level("third", "Third", items=(Item("c0", "C0"),)),
        ),
    )
    first, second, third = compute_stats(small, entries, at("2026-05-20"), UTC).levels
    assert first.took == 8
    assert second.took == 0
    assert third.took is None


def test_sparkline_shows_zero_as_the_lowest_and_the_busiest_week_as_the_highest() -> None:
    assert sparkline([0, 1, 2, 8, 0]) == "▁▂▃█▁"
    assert sparkline([0, 0]) == "▁▁"
    assert sparkline([3], "_.:-=+*#") == "#"


@given(st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=12))
def test_sparkline_is_one_character_per_week_and_keeps_the_order(counts: list[int]) -> None:
    line = sparkline(counts)
    assert len(line) == len(counts)
    for (a, char_a), (b, char_b) in zip(
        zip(counts, line, strict=True), zip(counts[1:], line[1:], strict=True), strict=False
    ):
        if a < b:
            assert SPARKS.index(char_a) <= SPARKS.index(char_b)
        assert (char_a == SPARKS[0]) == (a == 0)
        assert (char_b == SPARKS[0]) == (b == 0)


def test_status_sparkline_is_ascii_where_the_terminal_is(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from support.samples import run_module

    ProgressStore(progress_path(data_dir, "backend"), "backend").set_status(
        ["cs-basics"], Status.DONE
    )
    monkeypatch.setenv("PYTHONIOENCODING", "ascii")
    result = run_module("status")
    assert result.returncode == 0, result.stderr
    assert "Last 12 weeks: ___________# 1 topic finished" in result.stdout


def test_reviews_keep_the_streak_alive_and_are_counted_apart_from_finishes() -> None:
    from roadmap_tui.progress.reviews import UNDONE, Review

    entries = {"a0": done_at(at("2026-06-01")), "a1": done_at(at("2026-06-04"))}
    reviews = [
        Review(at("2026-06-02", 9), "a0", rating=3),  # a day with a review, no finish
        Review(at("2026-06-03", 9), "a0", rating=1),
        Review(at("2026-06-03", 9), "a0", UNDONE, 1),  # ...taken back: not a review
        Review(at("2026-06-03", 10), "a0", rating=4),
        Review(at("2026-06-03", 11), "a0", "added"),  # not a review either
    ]
    stats = compute_stats(roadmap(), entries, at("2026-06-04", 18), UTC, reviews=reviews)
    assert (stats.current_streak, stats.longest_streak) == (4, 4)
    assert stats.reviewed_per_day == {date(2026, 6, 2): 1, date(2026, 6, 3): 1}
    assert stats.reviewed_last_4_weeks == 2
    assert stats.per_day == {date(2026, 6, 1): 1, date(2026, 6, 4): 1}  # finishes alone
    alone = compute_stats(roadmap(), entries, at("2026-06-04", 18), UTC)
    assert (alone.current_streak, alone.longest_streak) == (1, 1)  # without the reviews
    # Reviews alone keep a streak alive: the finish of the 4th, then three days of reviews.
    daily = [Review(at("2026-06-05", 9) + timedelta(days=n), "a0", rating=3) for n in range(3)]
    later = compute_stats(roadmap(), entries, at("2026-06-08", 8), UTC, reviews=daily)
    assert later.current_streak == 4


def test_every_day_is_counted_in_the_zone_asked_for_not_the_machines() -> None:
    """Times at 23:30 UTC are the next day at UTC+2: today, each finish, the first
    activity, level dates, a pick goal's day and each review are all local days of the
    zone given (the tests run at TZ=UTC, so the machine's zone would say the day before)."""
    from roadmap_tui.progress.reviews import Review

    late = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # Mar 2 at UTC+2
    pick = Level("pick", "Pick", pick=1, items=(Item("p0", "P0"), Item("p1", "P1")))
    small = Roadmap("r", "R", levels=(*roadmap(4).levels, pick))
    entries = {"a0": done_at(late), "a1": done_at(late), "p0": done_at(late)}
    reviews = [Review(late + timedelta(days=1), "a0", rating=3)]
    stats = compute_stats(small, entries, late + timedelta(days=2), PLUS_TWO, reviews=reviews)
    assert stats.today == date(2026, 3, 4)
    assert stats.per_day == {date(2026, 3, 2): 3}
    assert stats.reviewed_per_day == {date(2026, 3, 3): 1}
    assert (stats.current_streak, stats.longest_streak) == (2, 2)  # Mar 2 and 3
    first, second, third = stats.levels
    assert (first.number, first.started, first.finished) == (0, date(2026, 3, 2), date(2026, 3, 2))
    assert (second.number, second.started, second.finished) == (1, None, None)
    assert (third.number, third.finished) == (2, date(2026, 3, 2))
    assert stats.pace_days == 3  # Mar 2 to Mar 4


def test_a_reopened_topic_keeps_its_finish_time_but_is_not_finished() -> None:
    """In progress again (its old finish time kept): not a finish on the heatmap, not a
    level finished, not a pick goal met; a level with one topic left is not finished."""
    when = at("2026-05-04")
    reopened = Entry(Status.IN_PROGRESS, when, started=when, finished=when)
    pick = Level("pick", "Pick", pick=1, items=(Item("p0", "P0"), Item("p1", "P1")))
    small = Roadmap("r", "R", levels=(*roadmap(4).levels, pick))
    entries = {"a0": done_at(when), "a1": reopened, "p0": reopened}
    stats = compute_stats(small, entries, at("2026-05-20"), UTC)
    assert stats.per_day == {date(2026, 5, 4): 1}
    first, _, third = stats.levels
    assert first.finished is None  # a1 is open again
    assert third.finished is None  # p0 is not done: the goal is not met


def test_the_year_and_the_review_window_keep_their_edges() -> None:
    """The heatmap's year starts on the Monday 52 weeks before this week's, and the last
    4 weeks of reviews are today and the 27 days before: days on the edges count, the
    days past them do not."""
    from roadmap_tui.progress.reviews import Review

    now = at("2026-06-30", 9)  # a Tuesday
    year_start = date(2026, 6, 29) - timedelta(weeks=52)
    reviews = [
        Review(datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=h), "a0", rating=3)
        for day, h in (
            (year_start, 1),
            (year_start - timedelta(days=1), 1),
            (date(2026, 6, 3), 0),  # 27 days before today: in the window
            (date(2026, 6, 2), 23),  # 28 days before: outside it
            (date(2026, 6, 30), 8),  # today
        )
    ]
    stats = compute_stats(roadmap(4), {"a0": done_at(at("2025-01-01"))}, now, UTC, reviews=reviews)
    assert stats.year_start == year_start
    assert set(stats.reviewed_per_day) == {
        year_start,
        date(2026, 6, 3),
        date(2026, 6, 2),
        date(2026, 6, 30),
    }
    assert stats.reviewed_last_4_weeks == 2
    old = compute_stats(roadmap(4), {"a0": done_at(at("2025-06-29"))}, now, UTC)
    assert old.per_day == {}  # 52 weeks and a day ago: before the year
    assert compute_stats(roadmap(4), {}, now, UTC).longest_streak == 0
