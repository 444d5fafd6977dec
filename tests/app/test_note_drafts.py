"""A note being written is never lost: ctrl+c asks as escape does, and a window closed
under the editor (a crash here; signals in tests/e2e/test_save_failures_e2e.py) keeps
the draft in a recovery journal that the next start shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.pilot import make_app, messages, settle

from roadmap_tui.base.paths import progress_path
from roadmap_tui.progress.recovery import journal_paths
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.tui.screens.dialogs import NoteQuestion, NoteScreen


def saved_note(data_dir: Path, item_id: str = "cs-basics") -> str:
    return ProgressStore(progress_path(data_dir, "backend"), "backend").load().entry(item_id).note


@pytest.mark.parametrize(("answer", "note"), [("s", "draft that matters"), ("d", "")])
async def test_ctrl_c_on_a_changed_note_asks_then_quits(
    data_dir: Path, answer: str, note: str
) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", *"draft that matters", "ctrl+c")
        await pilot.pause()
        assert isinstance(app.screen, NoteQuestion), "ctrl+c must ask, as escape does"
        assert app.is_running
        await pilot.press("ctrl+c")  # a second one does not drop the draft either
        await pilot.pause()
        assert isinstance(app.screen, NoteQuestion)
        await pilot.press(answer)
        await pilot.pause()
        await pilot.pause()
    assert app.return_code == 0
    assert saved_note(data_dir) == note
    assert journal_paths(progress_path(data_dir, "backend")) == []


async def test_escape_on_the_question_keeps_editing(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", *"half a thought", "ctrl+c", "escape")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*" more", "ctrl+s")
        await settle(app, pilot)
        assert saved_note(data_dir) == "half a thought more"


async def test_ctrl_c_with_nothing_typed_quits_at_once(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_crash_under_the_editor_keeps_the_draft_for_the_next_start(
    data_dir: Path,
) -> None:
    path = progress_path(data_dir, "backend")
    app = make_app(data_dir)
    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("n", *"draft that matters")
            await pilot.pause()
            app.call_later(lambda: 1 / 0)  # a bug in the UI
            await pilot.pause()
    journals = journal_paths(path)
    assert len(journals) == 1
    assert "draft that matters" in journals[0].read_text()
    assert "is kept in" in app.exit_report and "Computer Science basics" in app.exit_report

    again = make_app(data_dir)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.tracker.entry("cs-basics").note == "draft that matters"
        notices = " ".join(messages(again))
        assert "A note that was being written" in notices and "cs-basics" in notices
        await pilot.press("q")
        await pilot.pause()
    assert saved_note(data_dir) == "draft that matters"
    assert journal_paths(path) == []


async def test_an_unchanged_note_leaves_no_journal_when_the_app_ends(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        app.exit()
    assert journal_paths(progress_path(data_dir, "backend")) == []
    assert app.exit_report == ""
