"""The Textual app: `roadmap-tui` with no subcommand."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Tree

from roadmap_tui.model import Item, Level, Roadmap, State, Status
from roadmap_tui.paths import exports_dir
from roadmap_tui.progress import ProgressData, ProgressStore, View
from roadmap_tui.textutil import visible
from roadmap_tui.tracker import RETRY_DELAYS, Change, ReadOnly, Saver, SaveState, Tracker
from roadmap_tui.tui.widgets import (
    GLYPHS,
    STATE_WORDS,
    DetailsPane,
    LevelList,
    OverallBar,
    TopicTree,
)

POLL_SECONDS = 1.0
SAVE_LOCK_TIMEOUT = 2.0
"""Seconds the app's saver waits for another roadmap-tui's lock before retrying later."""
QUIT_WAIT = 0.5
"""Seconds `q` waits for pending saves before asking what to do."""
SIGNAL_FLUSH_SECONDS = 5.0
"""Seconds SIGTERM and SIGHUP give pending saves before the app exits anyway."""
NAVIGATION = {"focus_levels", "focus_topics", "switch_pane"}


class Saved(Message):
    """The tracker's saver wrote ``data`` (sent from the saver thread)."""

    def __init__(self, tracker: Tracker, data: ProgressData) -> None:
        super().__init__()
        self.tracker = tracker
        self.data = data
        self.signature = tracker.store.last_signature  # taken under the lock by this save


class SaveStateChanged(Message):
    """Saving started failing, is still failing for another reason, or recovered."""

    def __init__(self, tracker: Tracker, state: SaveState) -> None:
        super().__init__()
        self.tracker = tracker
        self.state = state


class MainScreen(Screen[None]):
    """Levels on the left, the level's topics on the right, details below."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,x", "toggle_done", "Done", key_display="space", id="toggle-done"),
        Binding("i", "mark('in-progress')", "Doing", id="mark-in-progress"),
        Binding("s", "mark('skipped')", "Skip", id="mark-skipped"),
        Binding("r", "mark('todo')", "Reset", show=False, id="mark-todo"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="redo"),
        Binding("slash", "search", "Search", id="search"),
        Binding("f", "hide_done", "Hide done", show=False, id="hide-done"),
        Binding("e", "export", "Export", id="export"),
        Binding("n", "note", "Note", show=False, id="note"),
        Binding("o", "open_link", "Open link", show=False, id="open-link"),
        Binding("p", "stats", "Pace and history", show=False, id="stats"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("left,h", "focus_levels", "Go to levels", show=False, id="focus-levels"),
        Binding("right,l", "focus_topics", "Go to topics", show=False, id="focus-topics"),
        Binding("tab", "switch_pane", "Switch pane", show=False, id="switch-pane"),
        Binding("left_square_bracket", "step_level(-1)", "Previous level", show=False, id="prev"),
        Binding("right_square_bracket", "step_level(1)", "Next level", show=False, id="next"),
        *(
            Binding(str(n), f"jump_level({n})", "Jump to level 0–9", show=False, id=f"level-{n}")
            for n in range(10)
        ),
    ]

    def __init__(self, tracker: Tracker) -> None:
        super().__init__()
        self.tracker = tracker
        self.roadmap = tracker.roadmap
        self.hide_done = False
        self.level_number = 0

    def compose(self) -> ComposeResult:
        yield OverallBar(id="overall")
        with Horizontal(id="body"):
            yield LevelList(id="levels")
            with Vertical(id="right"):
                yield TopicTree(id="topics")
                with VerticalScroll(id="details-scroll"):
                    yield DetailsPane(id="details")
        yield Footer(compact=True)

    @property
    def levels(self) -> LevelList:
        return self.query_one(LevelList)

    @property
    def topics(self) -> TopicTree:
        return self.query_one(TopicTree)

    @property
    def level(self) -> Level:
        return self.roadmap.levels[self.level_number]

    @property
    def item(self) -> Item | None:
        item_id = self.topics.item_id
        return self.tracker.index.items.get(item_id) if item_id else None

    def on_mount(self) -> None:
        progress = self.tracker.progress()
        self.query_one(OverallBar).read_only = self.tracker.read_only
        self.query_one(OverallBar).show(self.roadmap.title, progress)
        self.levels.show(progress)
        self.levels.border_title = "Levels"
        view = self.tracker.data.view
        number = self.tracker.level_number.get(view.level, 0)
        self.show_level(number, select=view.item)
        self.levels.highlighted = number
        self.topics.focus()

    # -- showing

    def show_level(self, number: int, select: str | None = None) -> None:
        self.level_number = number
        self.topics.show_level(self.level, self.tracker, self.hide_done)
        self.topics.border_title = Content(visible(f"Level {number} – {self.level.title}"))
        self.topics.border_subtitle = "done hidden" if self.hide_done else ""
        if select:
            self.topics.select_item(select)
        self.topics.scroll_to_line(max(self.topics.cursor_line, 0), animate=False)
        self.show_details()

    def show_details(self) -> None:
        self.query_one(DetailsPane).show_item(
            self.item, self.level, self.level_number, self.tracker
        )

    def refresh_items(self, item_ids: Iterable[str]) -> None:
        """Update only what changed: the touched rows, their parents, levels, the bar."""
        index = self.tracker.index
        rows: set[str] = set()
        levels: set[str] = set()
        for item_id in item_ids:
            if item_id not in index.items:
                continue  # progress of an id this roadmap no longer has
            levels.add(index.level_of[item_id].id)
            rows.add(item_id)
            parent = index.parent_of.get(item_id)
            while parent is not None:
                rows.add(parent.id)
                parent = index.parent_of.get(parent.id)
        if self.hide_done and self.level.id in levels:
            current = self.topics.item_id
            self.topics.show_level(self.level, self.tracker, self.hide_done)
            if current:
                self.topics.select_item(current)
        else:
            for item_id in rows:
                if index.level_of[item_id].id == self.level.id:
                    self.topics.refresh_item(index.items[item_id], self.tracker)
        for level_id in levels:
            self.levels.update_level(self.tracker.level_progress(level_id))
        self.refresh_overall()
        self.show_details()

    def refresh_overall(self) -> None:
        self.query_one(OverallBar).show(self.roadmap.title, self.tracker.progress())

    # -- events

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # Keys that change level show it at once (select_level); this catches the mouse
        # and the level list's own keys. A stale message (the highlight moved on since)
        # is ignored, so fast typing never ticks a topic in a level already left.
        if (
            event.option_list is self.levels
            and event.option_index == self.levels.highlighted
            and event.option_index != self.level_number
        ):
            self.show_level(event.option_index)

    def select_level(self, number: int, select: str | None = None) -> None:
        """Show level ``number`` now (and highlight it in the list)."""
        self.levels.highlighted = number
        if number != self.level_number or select:
            self.show_level(number, select=select)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is self.levels:
            self.topics.focus()

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        self.show_details()

    def on_topic_tree_box_clicked(self, event: TopicTree.BoxClicked) -> None:
        self.change(self.tracker.toggle_done, event.item_id)

    # -- actions

    def change(self, step: Callable[..., Change | None], *args: object) -> Change | None:
        """Run one of the tracker's changes (which saves it) and show what it touched.
        A read-only progress file refuses it, with a notice, whatever asked for it."""
        try:
            change = step(*args)
        except ReadOnly as exc:
            self.notify(str(exc), severity="error", markup=False)
            return None
        if change is not None:
            self.refresh_items(change.after)
        return change

    def _focused_item(self) -> Item | None:
        item = self.item
        if item is None:
            self.app.bell()
        return item

    def action_toggle_done(self) -> None:
        if item := self._focused_item():
            self.change(self.tracker.toggle_done, item.id)

    def action_mark(self, status: str) -> None:
        if item := self._focused_item():
            self.change(self.tracker.set_status, item.id, Status(status))

    def action_undo(self) -> None:
        self._step_history(self.tracker.undo, "undo", "Undid")

    def action_redo(self) -> None:
        self._step_history(self.tracker.redo, "redo", "Redid")

    def _step_history(self, step: Callable[[], Change | None], word: str, done: str) -> None:
        if self.tracker.read_only:
            self.change(step)  # refused, with the read-only notice
            return
        change = self.change(step)
        if change is None:
            self.notify(f"Nothing to {word}.", timeout=2)
            return
        self._reveal(change)
        label = visible(change.label.removeprefix(word + " "))
        self.notify(f"{done} {label}", timeout=2, markup=False)

    def _reveal(self, change: Change) -> None:
        """Show the level and topic an undo or redo touched."""
        first = next(iter(change.after), None)
        if first is None or first not in self.tracker.index.items:
            return
        number = self.tracker.level_number[self.tracker.index.level_of[first].id]
        if number != self.level_number:
            self.select_level(number)
        self.topics.select_item(first)

    def action_focus_levels(self) -> None:
        self.levels.focus()

    def action_focus_topics(self) -> None:
        self.topics.focus()

    def action_switch_pane(self) -> None:
        (self.topics if self.levels.has_focus else self.levels).focus()

    def action_step_level(self, step: int) -> None:
        number = (self.level_number + step) % len(self.roadmap.levels)
        self.select_level(number)

    def action_jump_level(self, number: int) -> None:
        if number < len(self.roadmap.levels):
            self.select_level(number)
        else:
            self.app.bell()

    def action_hide_done(self) -> None:
        self.hide_done = not self.hide_done
        current = self.topics.item_id
        self.show_level(self.level_number, select=current)
        self.notify("Done topics hidden." if self.hide_done else "Showing every topic.", timeout=2)

    def action_search(self) -> None:
        topics = [
            (
                item.id,
                f"{self.tracker.level_number[level.id]} {level.title} ›",
                f"{GLYPHS[self.tracker.state(item)][0]} {item.title}"
                + (f" — {item.details}" if item.details else ""),
            )
            for level, item in self.roadmap.walk()
        ]
        from roadmap_tui.tui.screens import SearchScreen

        self.app.push_screen(SearchScreen(topics), self._go_to)

    def _go_to(self, item_id: str | None) -> None:
        if not item_id:
            return
        level = self.tracker.index.level_of[item_id]
        number = self.tracker.level_number[level.id]
        if self.hide_done and self.tracker.state(self.tracker.index.items[item_id]) is State.DONE:
            self.hide_done = False
        self.select_level(number, select=item_id)
        self.topics.focus()

    def action_export(self) -> None:
        from roadmap_tui.export import export_markdown
        from roadmap_tui.progress import atomic_write, ensure_folder

        app = self.app
        assert isinstance(app, RoadmapApp)
        folder = exports_dir(app.data_dir)
        target = folder / f"{self.roadmap.id}.md"
        text = export_markdown(self.roadmap, self.tracker.data.entries, date.today())
        try:
            ensure_folder(folder)
            atomic_write(target, text)
        except Exception as exc:  # a user-caused failure (permissions...), shown not raised
            self.notify(f"Export failed: {visible(str(exc))}", severity="error", markup=False)
            return
        self.notify(f"Exported to {target}", title="Markdown export", markup=False, timeout=8)

    def action_open_link(self) -> None:
        item = self.item
        if item is None or not item.links:
            self.notify("This topic has no links.", timeout=2)
            return
        self.app.open_url(item.links[0].url)
        self.notify(f"Opening {visible(item.links[0].url)}", markup=False, timeout=3)

    def action_note(self) -> None:
        item = self._focused_item()
        if item is None:
            return
        if self.tracker.read_only:
            self.change(self.tracker.set_note, item.id, "")  # refused, with the notice
            return

        def save(note: str | None) -> None:
            if note is not None:
                self.change(self.tracker.set_note, item.id, note)

        from roadmap_tui.tui.screens import NoteScreen

        self.app.push_screen(NoteScreen(item.title, self.tracker.entry(item.id).note), save)

    def action_stats(self) -> None:
        from roadmap_tui.stats import compute_stats, local_tz
        from roadmap_tui.tui.screens import StatsScreen

        stats = compute_stats(
            self.roadmap, self.tracker.data.entries, self.tracker.store.clock(), local_tz()
        )
        self.app.push_screen(StatsScreen(stats))

    def action_help(self) -> None:
        rows: dict[tuple[str, str], list[str]] = {}
        ids_by_group: dict[tuple[str, str], str] = {}  # what a keymap.toml calls it
        own = [b.action for b in self.BINDINGS if isinstance(b, Binding)]

        def rank(pair: tuple[str, object]) -> int:
            action = pair[1].binding.action  # type: ignore[attr-defined]
            return own.index(action) if action in own else len(own)

        for key, active in sorted(self.active_bindings.items(), key=rank):
            binding = active.binding
            if not binding.description:
                continue
            group = (binding.description, binding.action)
            if binding.description.startswith("Jump to level"):
                group = (binding.description, "jump")
            display = self.app.get_key_display(replace(binding, key=key, key_display=None))
            if display not in rows.setdefault(group, []):
                rows[group].append(display)
            if binding.id and group[1] != "jump":
                ids_by_group.setdefault(group, binding.id)
        table = [(" ".join(keys), description) for (description, _), keys in rows.items()]
        app_rows = [("ctrl+p", "Command palette (every action, themes)")]
        legend = [(glyph, STATE_WORDS[state]) for state, (glyph, _) in GLYPHS.items()]
        from roadmap_tui.tui.screens import HelpScreen

        ids = [ids_by_group.get(group, "") for group in rows] + [""]
        self.app.push_screen(HelpScreen([*table, *app_rows], legend, ids))


def binding_ids() -> list[str]:
    """Every key binding a keymap may remap."""
    bindings = [*MainScreen.BINDINGS, *RoadmapApp.BINDINGS]
    return [b.id for b in bindings if isinstance(b, Binding) and b.id]


class RoadmapApp(App[None]):
    """A keyboard-driven checklist for one roadmap and its progress store."""

    CSS_PATH = "app.tcss"
    TITLE = "roadmap-tui"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True, id="quit-ctrl-c"),
    ]

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
    ) -> None:
        """``roadmap_path``: the file ``roadmap`` came from (None: the bundled one), for
        the commands printed when changes could not be saved."""
        super().__init__()
        self.roadmap_path = roadmap_path
        self.user_keymap = dict(keymap or {})
        self.data_dir = data
        self.watch_interval = watch_interval
        self.retry_delays = tuple(retry_delays)
        self.handle_signals = handle_signals
        self.exit_report = ""
        """Printed on the terminal after the app has exited (what was not saved)."""
        self._use(roadmap, store)

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
        self.main = MainScreen(self.tracker)
        self._signature = store.signature()

    @property
    def saver(self) -> Saver:
        return self.tracker.saver

    def _show_notices(self) -> None:
        for notice in self.store.notices:
            self.notify(visible(notice), severity="warning", timeout=20, markup=False)
        self.store.notices.clear()

    def on_mount(self) -> None:
        self.title = self.roadmap.title
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        self._show_notices()
        self.call_after_refresh(self._warm_saver)
        if self.watch_interval > 0:
            self.set_interval(self.watch_interval, self.check_disk)
        if self.handle_signals:
            import asyncio
            import signal

            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(signum, self._on_signal, signum)

    def get_default_screen(self) -> Screen[None]:
        return self.main

    def _warm_saver(self) -> None:
        """After the first paint: garbage collection back on (cli.cmd_app turned it off
        for start-up), and the saver made ready for the first tick."""
        import gc

        gc.freeze()  # what start-up built lives as long as the app: never scan it again
        gc.enable()
        self.saver.warm_up()

    def action_open_roadmap(self) -> None:
        from roadmap_tui.roadmap import available_roadmaps

        options = [
            (
                str(path),
                f"{path.stem}  ({origin})" if origin != "bundled" else "Backend roadmap (bundled)",
            )
            for origin, path in available_roadmaps(self.data_dir)
        ]
        from roadmap_tui.tui.screens import PickerScreen

        self.push_screen(PickerScreen("Open roadmap", options), self._open_roadmap)

    def _open_roadmap(self, choice: str | None) -> None:
        from roadmap_tui.errors import RoadmapTuiError
        from roadmap_tui.paths import progress_path
        from roadmap_tui.roadmap import bundled_roadmap_path, load_roadmap

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

    def on_saved(self, message: Saved) -> None:
        if message.tracker is not self.tracker:
            return  # a late report from the roadmap the user just switched away from
        # The file as our save left it (taken under the lock): a later write by another
        # process still differs from it, so check_disk picks that up.
        self._signature = message.signature
        changed = self.tracker.absorb(message.data)
        if changed:
            self.main.refresh_items(changed)
        self._show_notices()

    def on_save_state_changed(self, message: SaveStateChanged) -> None:
        if message.tracker is not self.tracker:
            return
        state = message.state
        for top in self.main.query(OverallBar):  # none while the app is closing
            top.save_state = state
            self.main.refresh_overall()
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
        """Pick up changes another process saved (a second window, `roadmap-tui mark`)."""
        if not self.saver.idle:
            return
        signature = self.store.signature()
        if signature == self._signature:
            return
        self._signature = signature
        try:
            data = self.store.load()
        except Exception as exc:
            error = visible(str(exc))
            self.notify(f"Could not reload progress: {error}", severity="error", markup=False)
            return
        self._show_notices()
        changed = self.tracker.absorb(data)
        if changed:
            self.main.refresh_items(changed)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from self._link_commands()
        yield SystemCommand(
            "Open roadmap…",
            "Switch to the bundled roadmap or one you imported",
            self.action_open_roadmap,
        )
        seen: set[str] = set()
        for binding in MainScreen.BINDINGS:
            assert isinstance(binding, Binding)
            if binding.action in seen or binding.action.startswith("jump_level"):
                continue
            if binding.action in NAVIGATION:
                continue
            seen.add(binding.action)
            yield SystemCommand(
                binding.description,
                f"{binding.description} (key: {binding.key.split(',')[0]})",
                lambda action=binding.action: self.call_later(self.main.run_action, action),
            )

    def _link_commands(self) -> Iterable[SystemCommand]:
        """Every link of the focused topic, each its own command."""
        from textual.markup import escape

        item = self.main.item if self.main.is_mounted else None
        for link in item.links if item else ():
            # The palette reads titles as markup: roadmap text must stay literal.
            yield SystemCommand(
                escape(visible(f"Open link: {link.title}")),
                escape(visible(f"{link.kind} · {link.url}")),
                lambda url=link.url: self.open_url(url),
            )

    # -- leaving

    def _view_of(self, tracker: Tracker) -> View:
        main = self.main
        item_id = main.topics.item_id if main.is_mounted else None
        level = main.level.id if main.is_mounted else tracker.data.view.level
        return View(level, item_id or tracker.data.view.item)

    async def action_quit(self) -> None:
        """Quit at once when everything is saved; otherwise say what is not, and ask."""
        self.tracker.save_view(self._view_of(self.tracker))
        # Usually a save takes milliseconds: wait a moment before asking anything.
        if self.saver.flush(QUIT_WAIT) or not self.saver.unsaved():
            self._leave(saved=True)
            return
        from roadmap_tui.tui.screens import UnsavedScreen

        if not isinstance(self.screen, UnsavedScreen):
            self.push_screen(UnsavedScreen(self.tracker), self._after_unsaved)

    def _after_unsaved(self, choice: str | None) -> None:
        if choice == "saved":
            self._leave(saved=True)
        elif choice == "quit":
            self._leave(saved=False)

    def _on_signal(self, signum: int) -> None:
        """SIGTERM or SIGHUP: flush for a bounded time (off the UI thread), then exit."""
        self.run_worker(self._flush_then_exit, thread=True, exclusive=True, group="signal")

    def _flush_then_exit(self) -> None:
        self.tracker.save_view(self._view_of(self.tracker))
        saved = self.saver.flush(SIGNAL_FLUSH_SECONDS) or not self.saver.unsaved()
        self.call_from_thread(self._leave, saved)

    def _leave(self, saved: bool) -> None:
        """Exit: 0 when every change is on disk; else keep the unsaved ones in a recovery
        journal (or, if even that fails, as commands printed on the terminal) and exit 1."""
        if not saved:
            self.exit_report = self._keep_unsaved()
        self.tracker.close(timeout=0 if not saved else 2)
        self.exit(return_code=0 if saved or not self.exit_report else 1)

    def _keep_unsaved(self) -> str:
        """A recovery journal of what is unsaved, and the words that tell the user."""
        from roadmap_tui.recovery import recovery_commands

        unsaved = self.saver.unsaved()
        if not unsaved:
            return ""
        count = f"{len(unsaved)} change{'s' * (len(unsaved) != 1)}"
        reason = self.saver.state.error or "the save did not finish in time"
        try:
            journal = self.tracker.write_journal()
        except OSError as exc:
            roadmap = str(self.roadmap_path) if self.roadmap_path else None
            commands = recovery_commands(unsaved, self.data_dir, roadmap)
            return (
                f"roadmap-tui: {count} could not be saved ({reason}), and no recovery "
                f"file could be written beside {self.store.path} ({exc.strerror or exc}).\n"
                "Run these once the problem is fixed to apply them:\n" + commands
            )
        return (
            f"roadmap-tui: {count} could not be saved ({reason}).\n"
            f"They are kept in {journal}; the next roadmap-tui that saves (the app, or "
            "`roadmap-tui mark`) merges them in. Nothing is lost."
        )

    def on_unmount(self) -> None:
        self.tracker.close(timeout=0)
