"""The app never drops a tick: saves the disk refuses are retried and shown, quitting
never hides unsaved changes, and a read-only progress file is read-only for every input."""

from __future__ import annotations

from pathlib import Path

from support.pilot import make_app, messages, screen_text, top_bar, wait_for
from support.samples import GOLDEN, LockHolder, file_statuses, progress_file

from roadmap_tui.base.paths import progress_path
from roadmap_tui.progress.recovery import journal_paths
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.model import Status
from roadmap_tui.tui.screens.dialogs import UnsavedScreen

WAIT = 30.0


def on_disk(data_dir: Path) -> dict[str, Status]:
    return ProgressStore(progress_path(data_dir, "backend"), "backend").load().statuses()


async def test_a_tick_saved_while_the_file_is_locked_lands_and_the_top_bar_says_so(
    data_dir: Path,
) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        with LockHolder(progress_path(data_dir, "backend")) as holder:
            await pilot.press("space", "j", "space", "j", "space")
            await wait_for(pilot, lambda: "unsaved" in top_bar(app))
            assert "3 unsaved changes" in top_bar(app)
            assert "locked" in top_bar(app)
            # A burst of failures is one notice, not one per key or per retry.
            await pilot.pause(0.5)
            failures = [m for m in messages(app) if m.startswith("Not saved")]
            assert len(failures) == 1
            assert file_statuses(data_dir) == {}
            holder.release()
            await wait_for(pilot, lambda: "unsaved" not in top_bar(app))
        assert file_statuses(data_dir) == dict.fromkeys(
            ["cs-basics", "networking-fundamentals", "os-basics"], "done"
        )
        assert any(m.startswith("Saved") for m in messages(app))
        await pilot.press("q")
    assert app.return_code == 0


async def test_ticks_that_save_fine_show_no_notice(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"jjjk", "space", "j", "space", "i", "s", "u", "u")
        assert app.saver.flush(WAIT)
        await pilot.pause(0.3)
        assert [m for m in messages(app) if "saved" in m.lower()] == []
        assert "unsaved" not in top_bar(app)


async def test_quit_waits_for_a_locked_save_and_quits_once_it_lands(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        with LockHolder(progress_path(data_dir, "backend")) as holder:
            await pilot.press("space", "q")
            await wait_for(pilot, lambda: "locked" in screen_text(app))
            assert isinstance(app.screen, UnsavedScreen)
            shown = screen_text(app)
            assert "1 change not saved yet" in shown
            assert "quit anyway" in shown
            await pilot.pause(1.0)  # save retries fail meanwhile: no notice covers the keys
            assert not list(app._notifications)
            assert "r retry now" in screen_text(app)
            holder.release()
            await pilot.press("r")  # retry now
            await wait_for(pilot, lambda: not app.is_running)
    assert app.return_code == 0
    assert file_statuses(data_dir) == {"cs-basics": "done"}


async def test_escape_goes_back_to_the_roadmap_and_nothing_is_dropped(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        with LockHolder(progress_path(data_dir, "backend")) as holder:
            await pilot.press("space", "ctrl+c")
            await wait_for(pilot, lambda: isinstance(app.screen, UnsavedScreen))
            await pilot.press("escape")
            assert app.screen is app.main
            await pilot.press("j", "space")
            holder.release()
            assert app.saver.flush(WAIT)
        await pilot.press("q")
    assert file_statuses(data_dir) == {"cs-basics": "done", "networking-fundamentals": "done"}


async def test_quit_anyway_keeps_the_ticks_in_a_journal_and_exits_non_zero(
    data_dir: Path,
) -> None:
    app = make_app(data_dir)
    path = progress_path(data_dir, "backend")
    with LockHolder(path):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("space", "j", "i", "q")
            await wait_for(pilot, lambda: isinstance(app.screen, UnsavedScreen))
            await pilot.press("q")
            await wait_for(pilot, lambda: not app.is_running)
        assert app.return_code == 1
        (journal,) = journal_paths(path)
        assert str(journal) in app.exit_report
        assert file_statuses(data_dir) == {}
        assert app.saver.join(WAIT)  # the attempt under way when the app quit ends too
    # Nothing lost: the next start shows both, and its first save writes them.
    again = make_app(data_dir)
    async with again.run_test(size=(80, 24)) as pilot:
        assert again.saver.flush(WAIT)
        await pilot.pause()
        assert any("recovered" in m for m in messages(again))
        await pilot.press("q")
    assert file_statuses(data_dir) == {
        "cs-basics": "done",
        "networking-fundamentals": "in-progress",
    }
    assert journal_paths(path) == []
    assert again.return_code == 0


async def test_quit_anyway_with_nowhere_to_write_prints_the_commands(data_dir: Path) -> None:
    app = make_app(data_dir)
    folder = progress_path(data_dir, "backend").parent
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        assert app.saver.flush(WAIT)
        folder.rename(folder.with_name("elsewhere"))
        folder.write_text("a file where the progress folder was", encoding="utf-8")
        await pilot.press("j", "space", "q")
        await wait_for(pilot, lambda: isinstance(app.screen, UnsavedScreen))
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_code == 1
    assert f"--data-dir {data_dir} mark networking-fundamentals done" in app.exit_report


async def test_a_late_save_report_from_the_previous_roadmap_is_ignored(
    data_dir: Path, tmp_path: Path
) -> None:
    from roadmap_tui.progress.entries import Entry, ProgressData
    from roadmap_tui.tui.saving import Saved

    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        old = app.tracker
        app._open_roadmap(str(GOLDEN / "obsidian.toml"))
        await pilot.pause()
        assert app.tracker is not old
        stale = ProgressData("backend", {"cs-basics": Entry(Status.DONE)})
        app.post_message(Saved(old, stale))
        await pilot.pause()
        assert app.tracker.statuses == {}
        assert "cs-basics" not in app.main.topics.nodes


async def test_read_only_refuses_the_mouse_as_well_as_the_keyboard(data_dir: Path) -> None:
    path = progress_file(data_dir, 'schema = 99\nroadmap = "backend"\n')
    before = path.read_bytes()
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#topics-box", offset=(4, 1))  # the first topic's box
        await pilot.click("#topics-box", offset=(4, 2))
        await pilot.pause()
        assert app.tracker.statuses == {}
        assert str(app.main.topics.nodes["cs-basics"].label).startswith("[ ]")
        assert any("read-only" in m for m in messages(app))
    assert path.read_bytes() == before


async def test_notices_after_a_reload_from_disk_are_shown(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0.1)
    path = progress_path(data_dir, "backend")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        assert app.saver.flush(WAIT)
        path.write_text("this is [not TOML", encoding="utf-8")
        await wait_for(pilot, lambda: any("moved aside" in m for m in messages(app)))
        assert app.tracker.statuses == {"cs-basics": Status.DONE}  # still in memory
        await pilot.press("j", "space")
        assert app.saver.flush(WAIT)
    assert set(on_disk(data_dir)) == {"networking-fundamentals"}  # the file started afresh
