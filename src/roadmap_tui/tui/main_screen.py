"""The main screen: levels on the left, the level's topics on the right, details below.

It only shows the tracker's state and calls the tracker to change it: saving is the
tracker's job (tracker.py), never the screen's."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import OptionList, Tree

from roadmap_tui.model import Item, Level, State, Status
from roadmap_tui.text import visible
from roadmap_tui.tracker import Change, ReadOnly, Tracker
from roadmap_tui.tui.bindings import MAIN_BINDINGS, key_rows
from roadmap_tui.tui.footer import KeyFooter
from roadmap_tui.tui.levels import LevelList
from roadmap_tui.tui.widgets import (
    GLYPHS,
    STATE_WORDS,
    DetailsPane,
    OverallBar,
    TopicTree,
)


def history_words(change: Change) -> str:
    """What an undo or redo did, in words: "OS basics is to do again"."""
    title = visible(change.label.partition(": ")[2])
    statuses = {entry.status for entry in change.after.values()}
    if len(statuses) == 1:
        return f"{title} is {STATE_WORDS[State(statuses.pop().value)]} again."
    return f"{title} is back as it was."


class MainScreen(Screen[None]):
    """Levels on the left, the level's topics on the right, details below."""

    BINDINGS: ClassVar[list[BindingType]] = list(MAIN_BINDINGS)

    hide_done: reactive[bool] = reactive(False, init=False)
    """Done topics left out of the tree (the `f` key); the tree follows it."""

    def __init__(self, tracker: Tracker, exports: Path) -> None:
        """``exports``: the folder the export key writes to."""
        super().__init__()
        self.tracker = tracker
        self.exports = exports
        self.roadmap = tracker.roadmap
        self.level_number = 0

    def compose(self) -> ComposeResult:
        yield OverallBar(id="overall")
        with Horizontal(id="body"):
            yield LevelList(id="levels")
            with Vertical(id="right"):
                yield TopicTree(id="topics")
                with VerticalScroll(id="details-scroll"):
                    yield DetailsPane(id="details")
        yield KeyFooter(compact=True)

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
        self.app.theme_changed_signal.subscribe(self, lambda _: self.restyle())

    def on_resize(self) -> None:
        self.levels.refit()  # the levels pane's width follows the terminal's

    def restyle(self) -> None:
        """Draw the rows again in the new theme's colours (they are built as rich text)."""
        self.levels.show(self.tracker.progress())
        self.show_level(self.level_number, select=self.topics.item_id)

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
            showing = {n.message for n in self.app._notifications}
            if str(exc) not in showing:  # one notice, however many clicks
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
        self._step_history(self.tracker.undo, "undo", "Undone")

    def action_redo(self) -> None:
        self._step_history(self.tracker.redo, "redo", "Redone")

    def _step_history(self, step: Callable[[], Change | None], word: str, done: str) -> None:
        if self.tracker.read_only:
            self.change(step)  # refused, with the read-only notice
            return
        change = self.change(step)
        if change is None:
            self.notify(f"Nothing to {word}.", timeout=2)
            return
        self._reveal(change)
        self.notify(f"{done}: {history_words(change)}", timeout=2, markup=False)

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

    def watch_hide_done(self) -> None:
        self.show_level(self.level_number, select=self.topics.item_id)

    def action_hide_done(self) -> None:
        self.hide_done = not self.hide_done
        self.notify("Done topics hidden." if self.hide_done else "Showing every topic.", timeout=2)

    def action_search(self) -> None:
        from roadmap_tui.tui.search_screen import SearchScreen

        self.app.push_screen(SearchScreen(self), self._go_to)

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
        from roadmap_tui.files import ensure_folder, write_user_file

        target = self.exports / f"{self.roadmap.id}.md"
        text = export_markdown(self.roadmap, self.tracker.data.entries, date.today())
        try:
            ensure_folder(self.exports)
            write_user_file(target, text)  # the app's own export file: replaced each time
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

    def action_team(self) -> None:
        from roadmap_tui.tui.team import TeamScreen

        self.app.push_screen(TeamScreen(self.app.data_dir, self.roadmap))  # type: ignore[attr-defined]

    def action_help(self) -> None:
        from roadmap_tui.tui.screens import HelpScreen

        rows = [
            (" ".join(row.keys), row.description, " ".join(row.binding_ids))
            for row in key_rows(self)
        ]
        legend = [(glyph, STATE_WORDS[state]) for state, (glyph, _) in GLYPHS.items()]
        self.app.push_screen(HelpScreen(rows, legend))
