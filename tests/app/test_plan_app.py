"""The plan in the app (#26): set and cleared on the pace screen (`p`, then `d`), saved
in the progress file like `roadmap-tui plan`, said in the top bar and on the pace screen
in the core's words; and the top bar, the heatmap and sync's key, checked at a glance."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

from support.pilot import make_app, messages, screen_text, settle, top_bar, wait_for
from textual.widgets import Input

from roadmap_tui.base.paths import progress_path
from roadmap_tui.numbers.counts import compute_progress
from roadmap_tui.numbers.pace import compute_stats
from roadmap_tui.numbers.plan import plan_state
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import load_bundled
from roadmap_tui.tui.app import RoadmapApp
from roadmap_tui.tui.main.planning import parse_target
from roadmap_tui.tui.screens.history import PlanInput, StatsScreen, month_labels


def saved_plan(data_dir: Path) -> object:
    return ProgressStore(progress_path(data_dir, "backend"), "backend").load().plan


async def type_plan(app: RoadmapApp, pilot: object, text: str) -> None:
    await pilot.press("p")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: isinstance(app.screen, StatsScreen))  # type: ignore[arg-type]
    await pilot.press("d")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: isinstance(app.screen, PlanInput))  # type: ignore[arg-type]
    app.screen.query_one(Input).value = text
    await pilot.press("enter")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: isinstance(app.screen, StatsScreen))  # type: ignore[arg-type]


async def test_a_plan_set_on_the_pace_screen_is_saved_and_said(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0)
    by = date.today() + timedelta(days=60)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("space")  # one topic done before the plan is set
        await settle(app, pilot)
        await type_plan(app, pilot, by.isoformat())
        plan = saved_plan(data_dir)
        assert plan is not None and plan.by == by and plan.done_then == 1  # type: ignore[attr-defined]
        # the pace screen says where you stand, in the core's words (as `status` does)
        data = app.store.load()
        progress = compute_progress(app.roadmap, data.statuses())
        stats = compute_stats(
            app.roadmap, data.entries, app.store.clock(), datetime.now().astimezone().tzinfo or UTC
        )
        state = plan_state(data.plan, progress, stats)
        assert state is not None and state.word == "on track"
        assert f"Plan: by {by.isoformat()} · on track" in " ".join(screen_text(app).split())
        await pilot.press("escape")
        await pilot.pause()
        assert "plan: on track" in top_bar(app)
        # cleared the same way: an empty box
        await type_plan(app, pilot, "")
        assert not saved_plan(data_dir).active  # type: ignore[attr-defined]
        assert any("Plan cleared" in m for m in messages(app))
        await pilot.press("escape")
        await pilot.pause()
        assert "plan:" not in top_bar(app)


async def test_a_plan_saved_elsewhere_shows_in_the_top_bar(data_dir: Path) -> None:
    """`roadmap-tui plan --by` in another terminal (here: the store, as it writes): the
    open app picks it up with the rest of the file."""
    from roadmap_tui.numbers.plan import new_plan

    app = make_app(data_dir, watch_interval=0.1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        store = ProgressStore(progress_path(data_dir, "backend"), "backend")
        long_ago = datetime.now(UTC) - timedelta(days=30)
        plan = new_plan(
            compute_progress(app.roadmap, {}),
            long_ago.date(),
            long_ago,
            by=date.today() + timedelta(days=30),
        )
        store.save_plan(plan)
        await wait_for(pilot, lambda: "behind" in top_bar(app), what="the plan in the top bar")


def test_what_can_be_typed_as_a_plan() -> None:
    assert parse_target("2027-03-01") == (date(2027, 3, 1), None)
    assert parse_target("3/week") == (None, 3.0)
    assert parse_target(" 2.5 a week ") == (None, 2.5)
    assert parse_target("") == (None, None)
    try:
        parse_target("soon")
    except ValueError as exc:
        assert "YYYY-MM-DD" in str(exc)
    else:
        raise AssertionError("'soon' is no plan")


async def test_a_plan_in_the_past_is_refused_in_words(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await type_plan(app, pilot, "2001-01-01")
        assert any("in the past" in m for m in messages(app))
        assert saved_plan(data_dir) is None


def test_the_heatmap_labels_reach_the_current_month() -> None:
    """A year ending on the first Monday of December: "Dec" above the last week (it
    used to stop at "Nov")."""
    roadmap = load_bundled()
    now = datetime(2026, 12, 7, 12, tzinfo=UTC)
    stats = compute_stats(roadmap, {}, now, UTC)
    for columns in (53, 20, 12):
        first = 53 - columns
        labels = month_labels(stats, first, columns)
        assert labels[-1][1] == "Dec", labels
        assert labels[-1][0] + 3 <= columns
        starts = [column for column, _ in labels]
        assert all(b - a >= 4 for a, b in pairwise(starts)), labels


async def test_the_title_is_never_cut_for_sync_words(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "j", "i", "j", "s")
        await settle(app, pilot)
        bar = app.main.query_one("#overall")
        bar.sync_words = "synced just now"  # type: ignore[attr-defined]
        await pilot.pause()
        line = screen_text(app).splitlines()[0]
        assert app.roadmap.title in line, line
        bar.sync_words = "sync failed: could not reach the remote (timed out after 30 s)"  # type: ignore[attr-defined]
        await pilot.pause()
        line = screen_text(app).splitlines()[0]
        assert app.roadmap.title in line and "sync failed" in line, line


async def test_y_syncs_now_or_says_how_to_set_sync_up(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("y")
        await pilot.pause()
        assert any("sync init" in m for m in messages(app))
        commands = {c.title: c.help for c in app.get_system_commands(app.main)}
        assert commands["Sync now"].endswith("key y")
