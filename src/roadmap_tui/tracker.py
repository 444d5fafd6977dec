"""What the app does to progress, without Textual: statuses, notes, undo/redo, saving.

The app owns one `Tracker` per open roadmap. Every change is applied in memory at once
(so the screen updates on the key press) and handed by the tracker to its `Saver` thread,
which merges it into the progress file under the lock, and keeps it pending and retries
while the disk refuses it. Nothing here imports Textual.
"""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from roadmap_tui.entries import Entry, ProgressData, View, after, merge_entry
from roadmap_tui.errors import RoadmapTuiError
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
from roadmap_tui.recovery import write_journal
from roadmap_tui.store import ProgressStore

UNDO_DEPTH = 100


@dataclass(frozen=True, slots=True)
class Change:
    """One user action: the entries before and after, for every leaf it touched."""

    label: str
    before: Mapping[str, Entry]
    after: Mapping[str, Entry]


class Tracker:
    """One roadmap's progress as the app changes it: every change is applied in memory
    (so the screen can show it on the key press) and handed to the tracker's own `Saver`.

    The UI only calls the tracker; it never saves anything itself. A read-only store
    (a progress file from a newer roadmap-tui) refuses every change with `ReadOnly`.
    """

    def __init__(self, roadmap: Roadmap, store: ProgressStore, saver: Saver | None = None) -> None:
        self.roadmap = roadmap
        self.store = store
        self.index = roadmap.index()
        self.data: ProgressData = store.load()
        self.statuses: dict[str, Status] = self.data.statuses()
        self.undo_stack: list[Change] = []
        self.redo_stack: list[Change] = []
        self.level_number = {level.id: n for n, level in enumerate(roadmap.levels)}
        self.saver = saver if saver is not None else Saver(store)
        if store.recovered and not store.read_only:
            # Changes a previous run could not save: write them now (the save merges
            # the journal in and then removes it).
            self.saver.submit(store.recovered)

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

    # -- changing (each saved by the tracker's saver)

    def set_status(self, item_id: str, status: Status) -> Change | None:
        """Set ``status`` on the item (a parent: on all its leaves). None if nothing changes."""
        self._check_writable()
        item = self.index.items[item_id]
        now = self.store.clock()
        before = {
            key: self.entry(key)
            for key in self.index.leaf_ids(item_id)
            if self.statuses.get(key, Status.TODO) is not status
        }
        if not before:
            return None
        after = {key: entry.with_status(status, now) for key, entry in before.items()}
        change = Change(f"{status.label}: {item.title}", before, after)
        self._commit(after)
        self.undo_stack.append(change)
        del self.undo_stack[:-UNDO_DEPTH]
        self.redo_stack.clear()
        return change

    def toggle_done(self, item_id: str) -> Change | None:
        item = self.index.items[item_id]
        target = Status.TODO if self.state(item) is State.DONE else Status.DONE
        return self.set_status(item_id, target)

    def undo(self) -> Change | None:
        """Take back the last status change (as a new change, so it wins every merge)."""
        self._check_writable()
        if not self.undo_stack:
            return None
        change = self.undo_stack.pop()
        restored = self._restore(change.before)
        self.redo_stack.append(change)
        return Change(f"undo {change.label}", change.after, restored)

    def redo(self) -> Change | None:
        self._check_writable()
        if not self.redo_stack:
            return None
        change = self.redo_stack.pop()
        restored = self._restore(change.after)
        self.undo_stack.append(change)
        return Change(f"redo {change.label}", change.before, restored)

    def _restore(self, entries: Mapping[str, Entry]) -> dict[str, Entry]:
        """Put ``entries``' statuses back as new changes; each topic keeps its current
        note (notes are not part of undo)."""
        now = self.store.clock()
        restored = {
            key: replace(
                self.entry(key),
                status=old.status,
                changed=after(self.entry(key).changed, now),
                started=old.started,
                finished=old.finished,
            )
            for key, old in entries.items()
        }
        self._commit(restored)
        return restored

    def set_note(self, item_id: str, note: str) -> Change | None:
        """Replace the topic's note. None if it is unchanged."""
        self._check_writable()
        before = self.entry(item_id)
        if note == before.note:
            return None
        after = {item_id: before.with_note(note, self.store.clock())}
        self._commit(after)
        return Change(f"note: {self.index.items[item_id].title}", {item_id: before}, after)

    def _check_writable(self) -> None:
        if self.store.read_only:
            raise ReadOnly(
                "This progress file is from a newer roadmap-tui: read-only. "
                "Upgrade roadmap-tui to change it."
            )

    def _commit(self, entries: Mapping[str, Entry]) -> None:
        """Apply ``entries`` in memory and hand them to the saver."""
        for key, entry in entries.items():
            self.data.entries[key] = entry
            self.statuses[key] = entry.status
        self.saver.submit(entries)

    def save_view(self, view: View) -> None:
        """Remember where the cursor is (saved with the next write)."""
        if not self.store.read_only:
            self.data.view = view
            self.saver.submit({}, view)

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

    # -- leaving

    def write_journal(self) -> Path | None:
        """Keep every unsaved change in a recovery journal beside the progress file (the
        next save anywhere merges it in). The journal's path, or None if nothing was
        unsaved. Raises OSError when even the journal cannot be written."""
        unsaved = self.saver.unsaved()
        if not unsaved:
            return None
        return write_journal(self.store.path, self.roadmap.id, unsaved, self.store.clock())

    def close(self, timeout: float | None = 15.0) -> bool:
        """Stop saving after at most ``timeout`` seconds of flushing. True if all is saved."""
        return self.saver.close(timeout)


class ReadOnly(Exception):
    """A change was asked of a tracker whose progress file must not be written."""


@dataclass(frozen=True, slots=True)
class SaveState:
    """How saving is going: what is not on disk yet, and why (None while all is well)."""

    unsaved: int = 0
    error: str | None = None
    """The last failure's whole sentence (with the file it names)."""
    failures: int = 0
    reason: str = ""
    """A few words for the top bar: "the disk is full", "locked by another roadmap-tui"."""

    @property
    def failing(self) -> bool:
        return self.error is not None


RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0, 15.0)
"""Seconds between attempts to save changes the disk refused (the last one repeats)."""


class Saver:
    """Saves changes on a background thread, in order, coalescing a burst into one write.

    ``submit`` never blocks on the disk. A save that fails keeps its changes pending and
    is retried (after ``RETRY_DELAYS``, and at once on the next change or ``retry_now``)
    until it lands: nothing submitted is ever dropped. ``flush`` waits until everything
    submitted is on disk. Listeners hear of each save (``on_saved``: what is now on disk)
    and of every change of `SaveState` (``on_state``), on the saver thread.
    """

    def __init__(
        self,
        store: ProgressStore,
        *,
        retry_delays: Sequence[float] = RETRY_DELAYS,
    ) -> None:
        self.store = store
        self.retry_delays = tuple(retry_delays)
        self.on_saved: Callable[[ProgressData], object] = _ignore
        self.on_state: Callable[[SaveState], object] = _ignore
        self._pending: dict[str, Entry] = {}
        self._inflight: dict[str, Entry] = {}
        self._view: View | None = None
        self._state = SaveState()
        self._cond = threading.Condition()
        self._busy = False
        self._hurry = False
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
        """Queue ``changes`` (and where the cursor is) for saving; a failed save is
        retried at once."""
        with self._cond:
            self._pending.update(changes)
            if view is not None:
                self._view = view
            self._hurry = True
            self._cond.notify_all()

    def retry_now(self) -> None:
        """Try again at once instead of waiting for the next retry."""
        with self._cond:
            self._hurry = True
            self._cond.notify_all()

    @property
    def state(self) -> SaveState:
        with self._cond:
            return self._state

    def unsaved(self) -> dict[str, Entry]:
        """Every change not known to be on disk (pending or being written now)."""
        with self._cond:
            return {**self._inflight, **self._pending}

    @property
    def idle(self) -> bool:
        with self._cond:
            return self._idle()

    def _idle(self) -> bool:
        return not self._busy and not self._pending and self._view is None

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything submitted is on disk (retrying at once); False if it is
        not by ``timeout``."""
        with self._cond:
            self._hurry = True
            self._cond.notify_all()
            return self._cond.wait_for(self._idle, timeout)

    def close(self, timeout: float | None = 15.0) -> bool:
        """Flush (for at most ``timeout``) and stop the thread. True if all was saved."""
        saved = self.flush(timeout)
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout)
        return saved

    def join(self, timeout: float | None = None) -> bool:
        """After `close`: wait for an attempt still under way to end. True if it has."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(
                    lambda: self._closed or self._pending or self._view or self._warm
                )
                if self._closed and (self._idle() or self._state.failing):
                    return
                warm, self._warm = self._warm and not self._pending, False
            if warm:
                import tempfile  # noqa: F401

                import filelock  # noqa: F401
                import tomli_w  # noqa: F401

                continue
            self._save_once()
            self._wait_before_retry()

    def _save_once(self) -> None:
        with self._cond:
            changes, self._pending = self._pending, {}
            view, self._view = self._view, None
            self._inflight = changes
            self._busy = True
            self._hurry = False
        try:
            saved = self.store.save_made_now(changes, view)
        except Exception as exc:  # kept pending, retried, and shown by the app
            with self._cond:
                # Changes submitted meanwhile are newer than the failed ones: they win.
                self._pending = {**changes, **self._pending}
                if self._view is None:
                    self._view = view
                failures = self._state.failures + 1
                state = SaveState(len(self._pending), _sentence(exc), failures, short_reason(exc))
                changed = self._finish(state)
        else:
            with self._cond:
                changed = self._finish(SaveState(len(self._pending)))
            self.on_saved(saved)
        if changed:
            self.on_state(self.state)

    def _finish(self, state: SaveState) -> bool:
        """Under the lock: the attempt is over. Whether the state changed."""
        self._inflight = {}
        self._busy = False
        changed = state != self._state
        self._state = state
        self._cond.notify_all()
        return changed

    def _wait_before_retry(self) -> None:
        with self._cond:
            failures = self._state.failures
            if not failures:
                return
            delay = self.retry_delays[min(failures, len(self.retry_delays)) - 1]
            self._cond.wait_for(lambda: self._hurry or self._closed, delay)


def _sentence(exc: BaseException) -> str:
    """One line saying why a save failed."""
    return " ".join(str(exc).split()) or type(exc).__name__


_SHORT = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOTDIR: "a file is where the progress folder should be",
    errno.EEXIST: "a file is where the progress folder should be",
    errno.ENOENT: "the progress folder is gone",
}


def short_reason(exc: BaseException) -> str:
    """Why a save failed, in a few words, from the error and what it was raised from."""
    seen: BaseException | None = exc
    while seen is not None:
        if type(seen).__name__ == "Timeout" and type(seen).__module__.startswith("filelock"):
            return "locked by another roadmap-tui"
        if isinstance(seen, OSError) and seen.errno is not None:
            return _SHORT.get(seen.errno) or os.strerror(seen.errno).lower()
        seen = seen.__cause__ or seen.__context__
    if isinstance(exc, RoadmapTuiError):
        if "locked" in exc.message:
            return "locked by another roadmap-tui"
        return exc.message
    return _sentence(exc)


def _ignore(_: object) -> None:
    return None


def stamp(when: datetime | None) -> str:
    """A change time as the user's local time, to the minute."""
    if when is None or when.year < 1971:
        return "never"
    return when.astimezone().strftime("%Y-%m-%d %H:%M")
