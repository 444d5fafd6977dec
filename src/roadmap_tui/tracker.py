"""What the app does to progress, without Textual: statuses, undo/redo, background saves.

The app owns one `Tracker`. Every change is applied in memory at once (so the screen
updates on the key press) and handed to a `Saver` thread, which merges it into the
progress file under the lock. Nothing here imports Textual.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from roadmap_tui.model import (
    Item,
    LevelProgress,
    Progress,
    Roadmap,
    State,
    Status,
    compute_progress,
    item_state,
    level_progress,
)
from roadmap_tui.progress import Entry, ProgressData, ProgressStore, View, merge_entry

UNDO_DEPTH = 100


@dataclass(frozen=True, slots=True)
class Change:
    """One user action: the entries before and after, for every leaf it touched."""

    label: str
    before: Mapping[str, Entry]
    after: Mapping[str, Entry]


class Tracker:
    def __init__(self, roadmap: Roadmap, store: ProgressStore) -> None:
        self.roadmap = roadmap
        self.store = store
        self.index = roadmap.index()
        self.data: ProgressData = store.load()
        self.statuses: dict[str, Status] = self.data.statuses()
        self.undo_stack: list[Change] = []
        self.redo_stack: list[Change] = []
        self.level_number = {level.id: n for n, level in enumerate(roadmap.levels)}

    # -- reading

    def entry(self, item_id: str) -> Entry:
        return self.data.entry(item_id)

    def state(self, item: Item) -> State:
        return item_state(item, self.statuses)

    def progress(self) -> Progress:
        return compute_progress(self.roadmap, self.statuses)

    def level_progress(self, level_id: str) -> LevelProgress:
        level = self.index.levels[level_id]
        return level_progress(level, self.level_number[level_id], self.statuses)

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    # -- changing

    def set_status(self, item_id: str, status: Status) -> Change | None:
        """Set ``status`` on the item (a parent: on all its leaves). None if nothing changes."""
        item = self.index.items[item_id]
        leaves = self.index.leaf_ids(item_id)
        now = self.store.clock()
        before = {
            key: self.entry(key)
            for key in leaves
            if self.statuses.get(key, Status.TODO) is not status
        }
        if not before:
            return None
        after = {key: entry.with_status(status, now) for key, entry in before.items()}
        change = Change(f"{status.label}: {item.title}", before, after)
        self._apply(after)
        self.undo_stack.append(change)
        del self.undo_stack[:-UNDO_DEPTH]
        self.redo_stack.clear()
        return change

    def toggle_done(self, item_id: str) -> Change | None:
        item = self.index.items[item_id]
        target = Status.TODO if self.state(item) is State.DONE else Status.DONE
        return self.set_status(item_id, target)

    def undo(self) -> Change | None:
        if not self.undo_stack:
            return None
        change = self.undo_stack.pop()
        restored = self._restore(change.before)
        self.redo_stack.append(change)
        return Change(f"undo {change.label}", change.after, restored)

    def redo(self) -> Change | None:
        if not self.redo_stack:
            return None
        change = self.redo_stack.pop()
        restored = self._restore(change.after)
        self.undo_stack.append(change)
        return Change(f"redo {change.label}", change.before, restored)

    def _restore(self, entries: Mapping[str, Entry]) -> dict[str, Entry]:
        """Put ``entries``' statuses back, as new changes (so they win the merge)."""
        now = self.store.clock()
        restored = {
            key: Entry(
                status=old.status,
                changed=now,
                started=old.started,
                finished=old.finished,
                note=self.entry(key).note,
                note_changed=self.entry(key).note_changed,
            )
            for key, old in entries.items()
        }
        self._apply(restored)
        return restored

    def set_note(self, item_id: str, note: str) -> dict[str, Entry]:
        change = {item_id: self.entry(item_id).with_note(note, self.store.clock())}
        self._apply(change)
        return change

    def _apply(self, entries: Mapping[str, Entry]) -> None:
        for key, entry in entries.items():
            self.data.entries[key] = entry
            self.statuses[key] = entry.status

    def absorb(self, saved: ProgressData) -> set[str]:
        """Merge what is on disk (saved elsewhere too) into memory; the ids that changed."""
        changed: set[str] = set()
        for key, theirs in saved.entries.items():
            mine = self.data.entries.get(key)
            merged = theirs if mine is None else merge_entry(mine, theirs)
            if merged != mine:
                self.data.entries[key] = merged
                self.statuses[key] = merged.status
                changed.add(key)
        return changed


class Saver:
    """Saves changes on a background thread, in order, coalescing a burst into one write.

    ``submit`` never blocks on the disk; ``flush`` waits until everything submitted is
    written (or failed). ``on_saved`` gets what is now on disk; ``on_error`` the exception.
    """

    def __init__(
        self,
        store: ProgressStore,
        on_saved: Callable[[ProgressData], object],
        on_error: Callable[[Exception], object],
    ) -> None:
        self.store = store
        self.on_saved = on_saved
        self.on_error = on_error
        self._pending: dict[str, Entry] = {}
        self._view: View | None = None
        self._cond = threading.Condition()
        self._busy = False
        self._closed = False
        self._warm = False
        self._thread = threading.Thread(target=self._run, name="roadmap-tui-saver", daemon=True)
        self._thread.start()

    def warm_up(self) -> None:
        """Load what saving needs (locking, TOML writing) on the saver thread, ahead of
        the first tick. The app calls this once its first screen is painted."""
        with self._cond:
            self._warm = True
            self._cond.notify_all()

    def submit(self, changes: Mapping[str, Entry], view: View | None = None) -> None:
        with self._cond:
            for key, entry in changes.items():
                self._pending[key] = entry
            if view is not None:
                self._view = view
            self._cond.notify_all()

    @property
    def idle(self) -> bool:
        with self._cond:
            return not self._busy and not self._pending and self._view is None

    def flush(self, timeout: float | None = None) -> bool:
        with self._cond:
            return self._cond.wait_for(
                lambda: not self._busy and not self._pending and self._view is None, timeout
            )

    def close(self, timeout: float | None = 15.0) -> None:
        self.flush(timeout)
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(
                    lambda: self._closed or self._pending or self._view or self._warm
                )
                if self._warm and not self._pending:
                    self._warm = False
                    warm = True
                else:
                    warm = False
                if self._closed and not self._pending and self._view is None:
                    return
            if warm:
                import tempfile  # noqa: F401

                import filelock  # noqa: F401
                import tomli_w  # noqa: F401

                continue
            with self._cond:
                changes, self._pending = self._pending, {}
                view, self._view = self._view, None
                self._busy = True
            try:
                saved = self.store.save(changes, view)
            except Exception as exc:  # reported to the user by the app, never swallowed
                self.on_error(exc)
            else:
                self.on_saved(saved)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()


def stamp(when: datetime | None) -> str:
    """A change time as the user's local time, to the minute."""
    if when is None or when.year < 1971:
        return "never"
    return when.astimezone().strftime("%Y-%m-%d %H:%M")
