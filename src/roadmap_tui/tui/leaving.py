"""How the app ends: `q` and ctrl+c (asking first about a note being written or
changes not yet on disk), SIGTERM, SIGINT and SIGHUP, and every other way out (a crash,
a browser tab closed under `serve`): what was shown is saved, or kept in a recovery
journal, and a note being written is kept too. `RoadmapApp` is built on it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App

from roadmap_tui.progress.entries import View
from roadmap_tui.tracking.saver import Saver
from roadmap_tui.tracking.tracker import Tracker

if TYPE_CHECKING:
    from roadmap_tui.tui.main.screen import MainScreen
    from roadmap_tui.tui.screens.dialogs import NoteScreen
    from roadmap_tui.tui.synclink import SyncLink

QUIT_WAIT = 0.5
"""Seconds `q` waits for pending saves before asking what to do."""
SIGNAL_FLUSH_SECONDS = 5.0
"""Seconds SIGTERM, SIGINT and SIGHUP give pending saves before the app exits anyway."""


class LeavingApp(App[None]):
    """The app's ways out; `RoadmapApp` sets what they work on."""

    tracker: Tracker
    main: MainScreen
    sync_link: SyncLink
    data_dir: Path
    roadmap_path: Path | None
    exit_report: str
    """Printed on the terminal after the app has exited (what was not saved)."""
    note_report: str
    """Where a note still being written when the app had to close was kept."""

    @property
    def saver(self) -> Saver:
        return self.tracker.saver

    def _view_of(self, tracker: Tracker) -> View:
        main = self.main
        item_id = main.topics.item_id if main.is_mounted else None
        level = main.level.id if main.is_mounted else tracker.data.view.level
        return View(level, item_id or tracker.data.view.item)

    async def action_quit(self) -> None:
        """Quit at once when everything is saved; otherwise say what is not, and ask."""
        from roadmap_tui.tui.screens.dialogs import asks_about_a_draft

        if asks_about_a_draft(self.screen):  # a note being written: asked first
            return
        self.tracker.save_view(self._view_of(self.tracker))
        # Usually a save takes milliseconds: wait a moment before asking anything.
        if self.saver.flush(QUIT_WAIT) or not self.saver.unsaved():
            self._leave(saved=True)
            return
        from roadmap_tui.tui.screens.dialogs import UnsavedScreen

        if not isinstance(self.screen, UnsavedScreen):
            self.push_screen(UnsavedScreen(self.tracker), self._after_unsaved)

    def _after_unsaved(self, choice: str | None) -> None:
        if choice == "saved":
            self._leave(saved=True)
        elif choice == "quit":
            self._leave(saved=False)

    def _on_signal(self, signum: int) -> None:
        """SIGTERM, SIGINT or SIGHUP: flush for a bounded time (off the UI thread), then
        exit (non-zero, with a recovery journal, if changes are still unsaved)."""
        import signal

        from roadmap_tui.tui.screens.dialogs import NoteScreen

        self.tracker.save_view(self._view_of(self.tracker))
        hung_up = signum == signal.SIGHUP
        notes = [screen for screen in self.screen_stack if isinstance(screen, NoteScreen)]
        self.run_worker(
            lambda: self._flush_then_exit(hung_up, notes),
            thread=True,
            exclusive=True,
            group="signal",
        )

    def _flush_then_exit(self, hung_up: bool, notes: Sequence[NoteScreen] = ()) -> None:
        saved = self.saver.flush(SIGNAL_FLUSH_SECONDS) or not self.saver.unsaved()
        for note in notes:  # a draft being written: kept in a journal for the next start
            note.keep_draft()
        if hung_up:
            # The terminal is gone: Textual's orderly shutdown would write to it and can
            # block for ever. Keep what is unsaved, then end the process at once.
            import os

            report = "" if saved else self._keep_unsaved()
            os._exit(1 if report else 0)
        self.call_from_thread(self._leave, saved)

    def _leave(self, saved: bool) -> None:
        """Exit: 0 when every change is on disk; else keep the unsaved ones in a recovery
        journal (or, if even that fails, as commands printed on the terminal) and exit 1."""
        if not saved:
            self.exit_report = self._keep_unsaved()
        self.tracker.close(timeout=0 if not saved else 2)
        self.exit(return_code=0 if saved or not self.exit_report else 1)

    def _keep_unsaved(self) -> str:
        return self.tracker.keep_unsaved(self.data_dir, self.roadmap_path)

    def on_unmount(self) -> None:
        # Every way out that did not go through quitting (a browser tab closed under
        # `serve`, Textual's own exit) still saves what was shown, or keeps it in a
        # recovery journal; after `_leave` there is nothing left to wait for.
        pending = bool(self.saver.unsaved()) and not self.exit_report
        if pending and not self.tracker.close(timeout=SIGNAL_FLUSH_SECONDS):
            self.exit_report = self._keep_unsaved()
        self.tracker.close(timeout=0)
        self.sync_link.close()
        self.exit_report += self.note_report
