"""The main screen: levels on the left, the level's topics on the right, details below.

It only shows the tracker's state and calls the tracker to change it: saving is the
tracker's job (tracker.py), never the screen's."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Tree

from roadmap_tui.base.text import plural, visible
from roadmap_tui.numbers.counts import STATE_WORDS
from roadmap_tui.roadmap.model import Item, State, Status
from roadmap_tui.tracking.tracker import Change, ReadOnly, Tracker
from roadmap_tui.tui.bindings import HELP_NOTES, key_rows
from roadmap_tui.tui.main.details import DetailsPane, LevelContext
from roadmap_tui.tui.main.guide import Guide
from roadmap_tui.tui.widgets.common import GLYPHS, OverallBar, TopicTree

if TYPE_CHECKING:
    from roadmap_tui.tui.screens.export import ExportChoice


def history_words(change: Change) -> str:
    """What an undo or redo did, in words: "OS basics is to do again"."""
    title = visible(change.label.partition(": ")[2])
    statuses = {entry.status for entry in change.after.values()}
    if len(statuses) == 1:
        return f"{title} is {STATE_WORDS[State(statuses.pop().value)]} again."
    return f"{title} is back as it was."


class MainScreen(Guide):
    """Levels on the left, the level's topics on the right, details below (the panes
    and moving between them: panes.py); what the keys change, through the tracker."""

    hide_done: reactive[bool] = reactive(False, init=False)
    """Done topics left out of the tree (the `f` key); the tree follows it."""

    class HideDoneChanged(Message):
        """The user hid or showed done topics (the app remembers it: settings.py)."""

        def __init__(self, hide_done: bool) -> None:
            super().__init__()
            self.hide_done = hide_done

    def __init__(self, tracker: Tracker, exports: Path, *, hide_done: bool = False) -> None:
        """``exports``: the folder the export key writes to; ``hide_done``: as remembered."""
        super().__init__(tracker)
        self.set_reactive(MainScreen.hide_done, hide_done)
        self.exports = exports
        self._shown_item: str | None = None  # the topic in the details pane

    def on_mount(self) -> None:
        progress = self.tracker.progress()
        self.query_one(OverallBar).read_only = self.tracker.read_only
        self.refresh_overall()
        self.call_after_refresh(self.start_reviews)
        self.levels.show(progress)
        self.levels.border_title = "Levels"
        view = self.tracker.data.view
        number = self.tracker.level_number.get(view.level, 0)
        self.set_reactive(MainScreen.level_number, number)
        self.show_level(select=view.item)
        self.levels.highlighted = number
        self.set_focus(self.topics)
        self.app.theme_changed_signal.subscribe(self, lambda _: self.restyle())

    def on_resize(self) -> None:
        self.levels.refit()  # the levels pane's width follows the terminal's
        self.fit_panes()  # and the panes' heights their content's, at that width

    def restyle(self) -> None:
        """Draw the rows again in the new theme's colours (they are built as rich text)."""
        self.levels.show(self.tracker.progress())
        self.show_level(select=self.topics.item_id)

    # -- showing

    def show_level(self, select: str | None = None) -> None:
        number = self.level_number
        self.topics.show_level(self.level, self.tracker, self.hide_done)
        box = self.query_one("#topics-box")
        box.border_title = Content(visible(f"Level {number} – {self.level.title}"))
        box.border_subtitle = "done hidden" if self.hide_done else ""
        if select:
            self.topics.select_item(select)
        self.topics.scroll_to_line(max(self.topics.cursor_line, 0), animate=False)
        self.show_context()
        self.show_details()
        self.show_guide()

    def show_guide(self) -> None:
        """What comes next (the next-up box, the empty pane's words), the panes fitted."""
        self.show_next_up()
        self.show_level_done(self.hide_done)
        self.fit_panes()

    def show_context(self) -> None:
        """The level's goal and tip above its topics (and the key that skips the rest)."""
        lp = self.tracker.level_progress(self.level.id)
        keys = None
        if lp.goal_met and self.level.pick:
            skip, undo = self.key_for("skip_rest"), self.key_for("undo")
            keys = (skip, undo) if skip else None
        self.query_one(LevelContext).show_level(lp, self.tracker, keys)

    def show_details(self) -> None:
        """The focused topic's details, from the top when it is another topic."""
        item = self.item
        self.query_one(DetailsPane).show_item(item, self.level, self.tracker)
        shown = item.id if item else None
        if shown != self._shown_item:
            self._shown_item = shown
            self.details.scroll_home(animate=False, immediate=True)

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
            self._show_level_again()
        else:
            for item_id in rows:
                if index.level_of[item_id].id == self.level.id:
                    self.topics.refresh_item(index.items[item_id], self.tracker)
        for level_id in levels:
            self.levels.update_level(self.tracker.level_progress(level_id))
        self.refresh_overall()
        self.show_context()
        self.show_details()
        self.show_guide()

    def _show_level_again(self) -> None:
        """The level's topics anew, with done ones hidden, the cursor kept on its topic;
        when that is done and hidden now, on the row that takes its place (the next one
        shown, or the one before when it was the last)."""
        current = self.topics.item_id
        shown = list(self.topics.nodes)  # in the tree's order
        self.topics.show_level(self.level, self.tracker, self.hide_done)
        if current and not self.topics.select_item(current) and current in shown:
            at = shown.index(current)
            for item_id in [*shown[at + 1 :], *reversed(shown[:at])]:
                if self.topics.select_item(item_id):
                    break

    # -- events

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        self.show_details()

    def on_topic_tree_box_clicked(self, event: TopicTree.BoxClicked) -> None:
        self.change(self.tracker.toggle_done, event.item_id)

    # -- actions

    def change(self, step: Callable[..., Change | None], *args: object) -> Change | None:
        """Run one of the tracker's changes (which saves it) and show what it touched.
        A read-only progress file refuses it, with a notice, whatever asked for it."""
        before = self.tracker.progress()
        try:
            change = step(*args)
        except ReadOnly as exc:
            showing = {n.message for n in self.app._notifications}
            if str(exc) not in showing:  # one notice, however many clicks
                self.notify(str(exc), severity="error", markup=False)
            return None
        if change is not None:
            self.refresh_items(change.after)
            if step not in (self.tracker.undo, self.tracker.redo):  # a moment once
                self.announce_finished(before, self.tracker.progress())
        return change

    def _focused_item(self) -> Item | None:
        """The topic a status key acts on. In the levels pane there is none: the key
        moves to the topics instead (a second press acts on the topic in view)."""
        if self.focused is self.levels:  # (has_focus lags a message behind)
            self.set_focus(self.topics)
            return None
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

    def action_skip_rest(self) -> None:
        level = self.level
        if level.pick is None or not self.tracker.level_progress(level.id).goal_met:
            self.notify("Nothing to skip: this level has no pick goal met yet.", timeout=3)
            return
        change = self.change(self.tracker.skip_rest, level.id)
        if change is not None:
            count = len(change.after)
            undo = self.key_for("undo")
            self.notify(
                f"Skipped {plural(count, 'topic')} of Level {self.level_number}"
                + (f" ({undo} undoes)." if undo else "."),
                timeout=3,
            )

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

    def watch_hide_done(self, hide_done: bool) -> None:
        self.show_level(select=self.topics.item_id)
        self.post_message(self.HideDoneChanged(hide_done))

    def action_hide_done(self) -> None:
        self.hide_done = not self.hide_done
        self.notify("Done topics hidden." if self.hide_done else "Showing every topic.", timeout=2)

    def action_search(self) -> None:
        from roadmap_tui.tui.screens.search import SearchScreen

        search = SearchScreen(
            self.tracker, self.roadmap.levels, key_rows(self), self._act_from_search
        )
        self.app.push_screen(search, self._go_to)

    def _act_from_search(self, action: str, item_id: str, status: str) -> None:
        """A status key (or undo) pressed on a search result."""
        if action == "undo":
            self.action_undo()
        elif action == "toggle_done":
            self.change(self.tracker.toggle_done, item_id)
        else:
            self.change(self.tracker.set_status, item_id, Status(status))

    def _go_to(self, item_id: str | None) -> None:
        if not item_id:
            return
        level = self.tracker.index.level_of[item_id]
        number = self.tracker.level_number[level.id]
        if self.hide_done and self.tracker.state(self.tracker.index.items[item_id]) is State.DONE:
            self.hide_done = False
        self.select_level(number, select=item_id)
        self.set_focus(self.topics)

    def action_export(self) -> None:
        """Ask for a format, notes in or out, and the file (`ExportScreen`), then export."""
        from roadmap_tui.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.exports, self.roadmap.id), self._export)

    def _export(self, choice: ExportChoice | None) -> None:
        from roadmap_tui.base.files import ensure_folder, write_user_file
        from roadmap_tui.export.markdown import FORMATS, export
        from roadmap_tui.numbers.pace import local_tz

        if choice is None:
            return
        target, now = choice.path, self.tracker.store.clock()
        entries = self.tracker.data.entries
        try:
            text = export(choice.fmt, self.roadmap, entries, now, local_tz(), notes=choice.notes)
            if target.parent == self.exports:  # the app's own folder; others must exist
                ensure_folder(self.exports)
            write_user_file(target, text, force=choice.replace)  # replaced only if asked
        except Exception as exc:  # a user-caused failure (permissions...), shown not raised
            self.notify(f"Export failed: {visible(str(exc))}", severity="error", markup=False)
            return
        kind = FORMATS[choice.fmt].partition(":")[0]
        if self.app.is_web:  # in a browser (`roadmap-tui serve`): a download too
            self.app.deliver_text(io.StringIO(text), save_filename=target.name)
        notes = "with your notes" if choice.notes else "without notes"
        self.notify(
            f"Exported to {target} ({notes})", title=f"{kind} export", markup=False, timeout=8
        )

    def action_open_link(self) -> None:
        if self.focused is self.levels:
            self.set_focus(self.topics)  # as the status keys: act on a topic in view
            return
        item = self.item
        if item is None or not item.links:
            self.notify("This topic has no links.", timeout=2)
            return
        self.app.open_url(item.links[0].url)  # RoadmapApp.open_url: never blocks

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
            if window.quit_after:  # ctrl+c: quit, now that the note is in the saver's hands
                self.app.call_later(self.app.action_quit)

        def keep(draft: str) -> None:  # the app had to close with the window open
            report = self.tracker.keep_draft(item.id, draft)
            self.app.note_report += report  # type: ignore[attr-defined]

        from roadmap_tui.tui.screens.dialogs import NoteScreen

        window = NoteScreen(item.title, self.tracker.entry(item.id).note, keep)
        self.app.push_screen(window, save)

    def action_review(self) -> None:
        from roadmap_tui.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.tracker, self.review_cap, self.change))

    def action_team(self) -> None:
        from roadmap_tui.tui.screens.team import TeamScreen

        self.app.push_screen(TeamScreen(self.app.data_dir, self.roadmap))  # type: ignore[attr-defined]

    def action_help(self) -> None:
        from roadmap_tui.tui.screens.dialogs import HelpScreen

        rows = [
            (" ".join(row.keys), row.description, " ".join(row.binding_ids))
            for row in key_rows(self)
        ]
        notes = [
            f"{row.keys[0]} {row.description}: {HELP_NOTES[row.action]}."
            for row in key_rows(self)
            if row.action in HELP_NOTES and row.keys
        ]
        legend = [(glyph, STATE_WORDS[state]) for state, (glyph, _) in GLYPHS.items()]
        self.app.push_screen(HelpScreen(rows, legend, notes))
