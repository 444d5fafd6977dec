"""The Textual app: `roadmap-tui` with no subcommand."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from textual import events
from textual.app import SystemCommand
from textual.binding import BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from roadmap_tui.base.paths import exports_dir
from roadmap_tui.base.text import visible
from roadmap_tui.progress.entries import ProgressData
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.model import Roadmap
from roadmap_tui.tracking.saver import RETRY_DELAYS, Saver
from roadmap_tui.tracking.tracker import Tracker
from roadmap_tui.tui.bindings import APP_BINDINGS
from roadmap_tui.tui.keyline import KeyLine
from roadmap_tui.tui.leaving import LeavingApp
from roadmap_tui.tui.main.screen import MainScreen
from roadmap_tui.tui.saving import Saved, SaveStateChanged
from roadmap_tui.tui.synclink import SyncDone
from roadmap_tui.tui.widgets.common import OverallBar

POLL_SECONDS = 1.0
SAVE_LOCK_TIMEOUT = 2.0
"""Seconds the app's saver waits for another roadmap-tui's lock before retrying later."""


class RoadmapApp(LeavingApp):
    """A keyboard-driven checklist for one roadmap and its progress store."""

    CSS_PATH = "app.tcss"
    TITLE = "roadmap-tui"
    BINDINGS: ClassVar[list[BindingType]] = list(APP_BINDINGS)

    def __init__(
        self,
        roadmap: Roadmap,
        store: ProgressStore,
        *,
        data: Path,
        watch_interval: float = POLL_SECONDS,
        keymap: Mapping[str, str] | None = None,
        retry_delays: Sequence[float] = RETRY_DELAYS,
        handle_signals: bool = False,
        roadmap_path: Path | None = None,
        after_first_paint: Callable[[], object] | None = None,
    ) -> None:
        """``roadmap_path``: the file ``roadmap`` came from (None: the bundled one), for
        the commands printed when changes could not be saved. ``after_first_paint``: run
        once the first screen is drawn (the command that starts the app restores its
        process-wide start-up tuning there). ``handle_signals``: flush on SIGTERM and
        SIGHUP and SIGINT (only the real command: tests run many apps in one process)."""
        super().__init__()
        self.after_first_paint = after_first_paint
        self.roadmap_path = roadmap_path
        self.user_keymap = dict(keymap or {})
        self._load_settings()
        self.data_dir = data
        self.watch_interval = watch_interval
        self.retry_delays = tuple(retry_delays)
        self.handle_signals = handle_signals
        self.exit_report = ""
        self.note_report = ""
        self._use(roadmap, store)
        self.key_line = KeyLine(self, super().on_event)

    def _use(self, roadmap: Roadmap, store: ProgressStore) -> None:
        """Work on ``roadmap``: a new tracker with its own saver, a new main screen."""
        self.roadmap = roadmap
        self.store = store
        store.lock_timeout = SAVE_LOCK_TIMEOUT
        self.tracker = Tracker(roadmap, store, Saver(store, retry_delays=self.retry_delays))
        tracker = self.tracker
        # Reports carry their tracker: one from a roadmap switched away from is ignored.
        tracker.saver.on_saved = lambda data: self.post_message(Saved(tracker, data))
        tracker.saver.on_state = lambda state: self.post_message(SaveStateChanged(tracker, state))
        self.main = MainScreen(
            self.tracker, exports_dir(self.data_dir), hide_done=self.prefs.settings.hide_done
        )
        self.main.review_cap = self.prefs.settings.reviews_per_day
        self._signature = store.signature()
        self._reloading = False

    def _load_settings(self) -> None:
        """The settings remembered in config.toml (settings.py); problems are shown on mount."""
        from roadmap_tui.base.paths import settings_path
        from roadmap_tui.prefs.settings import SettingsFile

        self.prefs = SettingsFile(settings_path())
        theme = self.prefs.settings.theme
        if theme is not None and theme not in self.available_themes:
            self.prefs.problems.append(
                f"{self.prefs.path}: no theme is called {theme!r}; using the default "
                "(the command palette lists the themes)"
            )
        elif theme is not None:
            self.theme = theme

    def remember(self, **changes: Any) -> None:
        """Save changed settings; a refusal is one notice, never a crash."""
        problem = self.prefs.remember(**changes)
        if problem:
            self.notify(visible(problem), severity="warning", timeout=10, markup=False)

    def on_main_screen_hide_done_changed(self, event: MainScreen.HideDoneChanged) -> None:
        self.remember(hide_done=event.hide_done)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """One notice at a time: a new one replaces what is showing (ten quick undos
        never stack ten toasts over the screen) — except a warning or an error, which
        only one of its own kind replaces: a problem is never hidden by a passing word."""
        from roadmap_tui.tui.screens.dialogs import UnsavedScreen

        if isinstance(self.screen, UnsavedScreen):
            return  # the question quitting asks says what is not saved, and why
        for shown in list(self._notifications):
            if shown.severity == "information" or shown.severity == severity:
                self._unnotify(shown, refresh=False)
        self._refresh_notifications()
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def _show_notices(self) -> None:
        if self.store.notices:
            text = "\n\n".join(visible(notice) for notice in self.store.notices)
            self.notify(text, severity="warning", timeout=20, markup=False)
        self.store.notices.clear()

    def on_mount(self) -> None:
        self.title = self.roadmap.title
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        self._show_notices()
        for problem in self.prefs.problems:
            self.notify(visible(problem), severity="warning", timeout=20, markup=False)
        self.theme_changed_signal.subscribe(self, lambda theme: self.remember(theme=theme.name))
        self.call_after_refresh(self._warm_saver)
        from roadmap_tui.tui.synclink import SyncLink

        self.sync_link = SyncLink(self, self.data_dir)  # background sync, once set up
        self.call_after_refresh(self._show_sync)
        self.set_interval(30, self._show_sync)  # "synced 3 min ago" keeps counting
        if self.watch_interval > 0:
            self.set_interval(self.watch_interval, self.check_disk)
        if self.handle_signals:
            import asyncio

            from roadmap_tui.base.system import install_exit_handlers

            install_exit_handlers(asyncio.get_running_loop(), self._on_signal)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self.key_line.arrive(event)  # read from the terminal: in line (keyline.py)
        else:
            await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        # Runs before the key's binding is looked up (App._on_key), in typing order.
        if self.main.is_mounted and self.main.key_arrived(event):
            event.stop()
            event.prevent_default()

    def get_default_screen(self) -> Screen[None]:
        return self.main

    def _warm_saver(self) -> None:
        """After the first paint: the saver made ready for the first tick."""
        if self.after_first_paint is not None:
            self.after_first_paint()
        self.saver.warm_up()

    def action_open_roadmap(self) -> None:
        """The bundled roadmap and each imported one, by title; the open one marked."""
        from roadmap_tui.tui.palette import roadmap_choices
        from roadmap_tui.tui.screens.dialogs import PickerScreen

        options, current = roadmap_choices(self.data_dir, self.roadmap_path)
        self.push_screen(PickerScreen("Open roadmap", options, current), self._open_roadmap)

    def _open_roadmap(self, choice: str | None) -> None:
        from roadmap_tui.base.errors import RoadmapTuiError
        from roadmap_tui.base.paths import progress_path
        from roadmap_tui.roadmap.load import bundled_roadmap_path, load_roadmap

        if not choice:
            return
        if self.saver.unsaved():
            self.notify(
                "Some changes are not saved yet; the roadmap stays open until they are. "
                "Try again when the top bar no longer says 'unsaved'.",
                severity="error",
                markup=False,
            )
            return
        try:
            roadmap = load_roadmap(Path(choice))
            store = ProgressStore(progress_path(self.data_dir, roadmap.id), roadmap.id)
            old, view = self.tracker, self._view_of(self.tracker)
            self._use(roadmap, store)
            self.roadmap_path = None if Path(choice) == bundled_roadmap_path() else Path(choice)
        except RoadmapTuiError as exc:
            self.notify(visible(str(exc)), severity="error", markup=False)
            return
        old.save_view(view)
        old.close(timeout=2)
        # Switch once the picker's dismissal has finished unwinding.
        self.call_later(self._activate)

    async def _activate(self) -> None:
        self.saver.warm_up()
        self.title = self.roadmap.title
        if len(self.screen_stack) == 1:
            # The first roadmap's screen is the default screen, which Textual cannot
            # switch away from: the new one goes on top of it (and replaces it later).
            await self.push_screen(self.main)
        else:
            await self.switch_screen(self.main)
        self._show_notices()
        self._show_sync()

    def on_saved(self, message: Saved) -> None:
        if message.tracker is not self.tracker:
            return  # a late report from the roadmap the user just switched away from
        # The file as our save left it (taken under the lock): a later write by another
        # process still differs from it, so check_disk picks that up.
        self._signature = message.signature
        changed = self.tracker.absorb(message.data)
        if changed:
            self.main.refresh_items(changed)
        self._take_plan(message.data)
        self._show_notices()
        self.sync_link.changed()

    def action_sync_now(self) -> None:
        """`y`: sync now, where sync is set up; else how to set it up."""
        if self.sync_link.now():
            for top in self.main.query(OverallBar):
                top.sync_words = "syncing…"
            return
        self.notify(
            "Sync is not set up: roadmap-tui sync init REMOTE --as NAME (roadmap-tui docs sync).",
            timeout=6,
            markup=False,
        )

    def on_sync_done(self, message: SyncDone) -> None:
        self.sync_link.done(message)
        for notice in self.sync_link.news(message):
            self.notify(visible(notice), severity="warning", timeout=12, markup=False)
        self._show_sync()

    def _show_sync(self) -> None:
        for top in self.main.query(OverallBar):  # none before it is mounted
            top.sync_words = self.sync_link.words()

    def on_save_state_changed(self, message: SaveStateChanged) -> None:
        if message.tracker is not self.tracker:
            return
        state = message.state
        for top in self.main.query(OverallBar):  # none while the app is closing
            top.save_state = state
        if state.failing and state.failures == 1:
            # One notice per burst of failures; the top bar keeps counting.
            self.notify(
                f"Not saved: {visible(state.error or '')}. Retrying; nothing is lost.",
                severity="error",
                timeout=10,
                markup=False,
            )
        elif not state.failing:
            self.notify("Saved: every change is on disk now.", timeout=4)

    def check_disk(self) -> None:
        """Pick up changes another process saved (a second window, `roadmap-tui mark`).
        A cheap stat here; the file is read on a worker thread, never the UI's."""
        if self._reloading or not self.saver.idle:
            return
        signature = self.store.signature()
        if signature == self._signature:
            return
        self._signature = signature
        self._reloading = True
        tracker = self.tracker
        self.run_worker(lambda: self._reload(tracker), thread=True, group="reload")

    def _reload(self, tracker: Tracker) -> None:
        """On a worker thread: read the file with a store of its own (the saver's may be
        writing at the same time), then hand the result to the UI thread."""
        store = tracker.store
        reader = ProgressStore(store.path, store.roadmap_id, clock=store.clock)
        try:
            data: ProgressData | Exception = reader.load()
        except Exception as exc:  # shown, not raised: a user-caused state of the file
            data = exc
        self.call_from_thread(self._reloaded, tracker, data, reader.notices)

    def _reloaded(
        self, tracker: Tracker, data: ProgressData | Exception, notices: list[str]
    ) -> None:
        self._reloading = False
        if tracker is not self.tracker:
            return  # the user switched roadmaps meanwhile
        if isinstance(data, Exception):
            error = visible(str(data))
            self.notify(f"Could not reload progress: {error}", severity="error", markup=False)
            return
        self.store.notices.extend(notices)
        self._show_notices()
        changed = self.tracker.absorb(data)
        if changed:
            self.main.refresh_items(changed)
        self._take_plan(data)

    def _take_plan(self, saved: ProgressData) -> None:
        """The plan as the file has it now (set by `roadmap-tui plan`, or synced)."""
        if saved.plan != self.tracker.data.plan:
            self.tracker.data.plan = saved.plan
            if self.main.is_mounted:
                self.main.refresh_overall()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from roadmap_tui.tui.palette import palette_commands

        return palette_commands(self, super().get_system_commands(screen))

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Every link the app opens (`o`, the palette): in the browser without waiting,
        or, over SSH or without a display, as a clickable link on the clipboard."""
        if self.is_web:  # in a browser (`roadmap-tui serve`): a new tab of it
            super().open_url(url, new_tab=new_tab)
            return
        from roadmap_tui.tui.widgets.links import open_link

        open_link(self, url)
