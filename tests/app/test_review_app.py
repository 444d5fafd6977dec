"""The review window (`R`) with a fixed clock, by keyboard at 80×24: the top bar says how
many are due; a topic shows its title, then its details on space, and a rating sends it
away (saved like a tick); forgot offers to put it back in progress; undo takes a rating
back; the day's cap (reviews_per_day in config.toml) holds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from support.pilot import FAST_RETRIES, screen_text, settle, top_bar, wait_for

from roadmap_tui.base.paths import progress_path, settings_path
from roadmap_tui.progress.entries import Entry
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import load_bundled
from roadmap_tui.roadmap.model import Status
from roadmap_tui.tui.app import RoadmapApp
from roadmap_tui.tui.screens.review import ReviewScreen

FINISHED = datetime(2026, 12, 1, 12, tzinfo=UTC)
NOW = FINISHED + timedelta(days=2)
TOPICS = ("cs-basics", "networking-fundamentals", "os-basics")


def finish(data_dir: Path, *topics: str) -> None:
    store = ProgressStore(progress_path(data_dir, "backend"), "backend")
    store.save({t: Entry(Status.DONE, FINISHED, FINISHED, FINISHED) for t in topics})


def review_app(data_dir: Path, now: datetime = NOW) -> RoadmapApp:
    store = ProgressStore(progress_path(data_dir, "backend"), "backend", clock=lambda: now)
    return RoadmapApp(
        load_bundled(), store, data=data_dir, watch_interval=0, retry_delays=FAST_RETRIES
    )


def saved_reviews(data_dir: Path) -> list[tuple[str, str, int]]:
    data = ProgressStore(progress_path(data_dir, "backend"), "backend").load()
    return sorted((r.topic, r.kind, r.rating) for r in data.reviews)


def statuses(data_dir: Path) -> dict[str, str]:
    data = ProgressStore(progress_path(data_dir, "backend"), "backend").load()
    return {k: str(v) for k, v in data.statuses().items()}


def statuses_now(app: RoadmapApp) -> Status:
    return app.tracker.statuses["cs-basics"]


async def test_the_top_bar_counts_the_due_and_a_rating_sends_one_away(data_dir: Path) -> None:
    finish(data_dir, *TOPICS)
    app = review_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "3 to review" in top_bar(app))  # after the first paint
        await pilot.press("R")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await wait_for(pilot, lambda: "What do you remember of it?" in screen_text(app))
        assert "1 of 3" in screen_text(app)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        first = review.topic
        assert first in TOPICS
        await pilot.press("3")  # not before the details are shown
        await wait_for(pilot, lambda: "Show the details first" in screen_text(app))
        assert review.topic == first
        await pilot.press("space")
        title = app.tracker.index.items[first or ""].title
        await wait_for(pilot, lambda: "3 good" in screen_text(app))
        assert title in screen_text(app)
        await pilot.press("3")
        await pilot.pause()
        await wait_for(pilot, lambda: "Good: " in screen_text(app))
        assert "next review on " in screen_text(app)
        await wait_for(pilot, lambda: "2 of 3" in screen_text(app))
        await settle(app, pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: "2 to review" in top_bar(app))
    assert saved_reviews(data_dir) == [(first, "review", 3)]


async def test_forgot_offers_in_progress_and_undo_takes_each_step_back(data_dir: Path) -> None:
    finish(data_dir, "cs-basics")
    app = review_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("R", "space", "1")
        await pilot.pause()
        await wait_for(pilot, lambda: "back to in progress" in screen_text(app))
        await pilot.press("y")
        await pilot.pause()
        await wait_for(pilot, lambda: "done for today" in screen_text(app).lower())
        assert statuses_now(app) == Status.IN_PROGRESS
        await pilot.press("u")  # the move back to in progress
        await pilot.pause()
        assert statuses_now(app) == Status.DONE
        await wait_for(pilot, lambda: "back to in progress" in screen_text(app))
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("u")  # the rating itself
        await pilot.pause()
        await wait_for(
            pilot, lambda: "Undone: the rating of Computer Science basics" in screen_text(app)
        )
        await wait_for(pilot, lambda: "3 good" in screen_text(app))  # shown again, to rate again
        await pilot.press("4")
        await settle(app, pilot)
    assert statuses(data_dir)["cs-basics"] == "done"
    kinds = saved_reviews(data_dir)
    assert ("cs-basics", "review", 4) in kinds
    assert ("cs-basics", "undone", 1) in kinds  # the forgotten one, taken back


async def test_nothing_due_says_when_the_next_one_is(data_dir: Path) -> None:
    finish(data_dir, "cs-basics")
    app = review_app(data_dir, now=FINISHED + timedelta(hours=3))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.main._reviews_counted)
        assert "to review" not in top_bar(app)
        await pilot.press("R")
        await pilot.pause()
        await wait_for(pilot, lambda: "Nothing to review today." in screen_text(app))
        assert "Next: Computer Science basics tomorrow." in screen_text(app)
        await pilot.press("1", "u", "escape")  # nothing to rate, nothing to undo
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)
    assert saved_reviews(data_dir) == []


async def test_the_daily_cap_from_the_settings_holds(data_dir: Path) -> None:
    finish(data_dir, *TOPICS)
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text("reviews_per_day = 1\n")
    app = review_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "1 to review" in top_bar(app))  # after the first paint
        await pilot.press("R", "space", "3")
        await pilot.pause()
        await wait_for(pilot, lambda: "Done for today: 1 topic reviewed." in screen_text(app))
        shown = screen_text(app)
        assert "2 more topics due: the day's cap is 1" in shown
        await pilot.press("escape")
        await wait_for(pilot, lambda: "to review" not in top_bar(app))


async def test_r_is_in_the_help_and_remappable(data_dir: Path) -> None:
    finish(data_dir, "cs-basics")
    store = ProgressStore(progress_path(data_dir, "backend"), "backend", clock=lambda: NOW)
    app = RoadmapApp(
        load_bundled(), store, data=data_dir, watch_interval=0, keymap={"review": "ctrl+v"}
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        await wait_for(pilot, lambda: "Review finished topics" in screen_text(app))
        await pilot.press("escape", "ctrl+v")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


def test_the_heatmap_marks_days_with_only_reviews_apart_from_finishes() -> None:
    from rich.style import Style

    from roadmap_tui.numbers.pace import compute_stats
    from roadmap_tui.progress.reviews import Review
    from roadmap_tui.tui.screens.history import REVIEWED, heatmap

    roadmap = load_bundled()
    entries = {"cs-basics": Entry(Status.DONE, FINISHED, FINISHED, FINISHED)}
    reviews = [Review(FINISHED + timedelta(days=1), "cs-basics", rating=3)]
    quiet, busy = Style(dim=True), Style(bold=True)
    with_reviews = compute_stats(roadmap, entries, NOW, UTC, reviews=reviews)
    text = heatmap(with_reviews, busy, quiet, weeks=4).plain
    # 2026-12-01 is a Tuesday (a finish), the 2nd a Wednesday (a review only).
    rows = dict(line.split(" ", 1) for line in text.splitlines()[1:8])
    assert rows["Tue"].rstrip().endswith("░")
    assert rows["Wed"].rstrip().endswith(REVIEWED)
    assert f"{REVIEWED} reviews only" in text
    without = heatmap(compute_stats(roadmap, entries, NOW, UTC), busy, quiet, weeks=4).plain
    assert "reviews only" not in without
    assert all(REVIEWED not in line for line in without.splitlines()[1:8])


async def test_the_palette_opens_the_reviews(data_dir: Path) -> None:
    from textual.command import CommandPalette
    from textual.widgets import OptionList

    finish(data_dir, "cs-basics")
    app = review_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"review finished")
        for _ in range(100):  # the palette searches in a worker: bounded by steps
            await pilot.pause(0.02)
            if app.screen.query_one(OptionList).option_count:
                break
        prompt = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert "Review finished topics" in prompt and "one at a time" in prompt
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


async def test_imported_ticks_are_named_with_the_command_that_adds_them(data_dir: Path) -> None:
    store = ProgressStore(progress_path(data_dir, "backend"), "backend")
    store.save({"cs-basics": Entry(Status.DONE, FINISHED)})  # done, no finish time
    app = review_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("R")
        await pilot.pause()
        await wait_for(pilot, lambda: "Nothing to review today." in screen_text(app))
        shown = " ".join(screen_text(app).split())
        assert "1 done topic has no finish time" in shown
        assert "roadmap-tui review --add-imported" in shown


async def test_a_hostile_title_is_shown_literally_in_the_review_window(data_dir: Path) -> None:
    from roadmap_tui.base.text import visible
    from roadmap_tui.roadmap.model import Item, Level, Roadmap

    title = "Q[bold]x[/bold]\x1b[31m\u202eZ"
    roadmap = Roadmap("hostile", "H", levels=(Level("l0", "[b]L", items=(Item("t1", title),)),))
    store = ProgressStore(progress_path(data_dir, "hostile"), "hostile", clock=lambda: NOW)
    store.save({"t1": Entry(Status.DONE, FINISHED, FINISHED, FINISHED)})
    app = RoadmapApp(roadmap, store, data=data_dir, watch_interval=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("R")
        await wait_for(pilot, lambda: visible(title) in screen_text(app))
        assert "[b]L" in screen_text(app)
        await pilot.press("space", "3")
        await wait_for(pilot, lambda: f"Good: {visible(title)}, next review" in screen_text(app))
