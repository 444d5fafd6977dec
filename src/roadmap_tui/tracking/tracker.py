"""What the app does to progress, without Textual: statuses, notes, undo/redo, saving.

The app owns one `Tracker` per open roadmap. Every change is applied in memory at once
(so the screen updates on the key press) and handed by the tracker to its `Saver` thread,
which merges it into the progress file under the lock, and keeps it pending and retries
while the disk refuses it. Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from roadmap_tui.numbers.counts import (
    LevelCounts,
    RoadmapCounts,
    compute_progress,
    item_state,
    level_progress,
)
from roadmap_tui.progress.entries import Entry, ProgressData, View, after, merge_entry
from roadmap_tui.progress.recovery import write_journal
from roadmap_tui.progress.reviews import Review
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.model import Item, Roadmap, State, Status
from roadmap_tui.tracking.saver import Saver

UNDO_DEPTH = 100


@dataclass(frozen=True, slots=True)
class Change:
    """One user action: the entries before and after, for every leaf it touched, and
    the review log entries it added (a rating: undone by an ``undone`` entry)."""

    label: str
    before: Mapping[str, Entry]
    after: Mapping[str, Entry]
    reviews: tuple[Review, ...] = ()


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
        self._progress: RoadmapCounts | None = None  # counted once, then level by level
        self._touched: set[str] = set()  # ids whose status changed since
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

    def progress(self) -> RoadmapCounts:
        """Every level's progress and the overall. Counted in full once; after that only
        the levels with a changed topic are counted again (a tick on a 100,000-topic
        roadmap recounts 100 topics, not 100,000)."""
        if self._progress is None:
            self._progress = compute_progress(self.roadmap, self.statuses)
        elif self._touched:
            levels = list(self._progress.levels)
            overall = self._progress.overall
            for level_id in {self.index.level_of[key].id for key in self._touched}:
                number = self.level_number[level_id]
                fresh = self.level_progress(level_id)
                overall = overall - levels[number].counts + fresh.counts
                levels[number] = fresh
            self._progress = RoadmapCounts(tuple(levels), overall)
        self._touched.clear()
        return self._progress

    def level_progress(self, level_id: str) -> LevelCounts:
        level = self.index.levels[level_id]
        return level_progress(level, self.level_number[level_id], self.statuses)

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    # -- changing (each saved by the tracker's saver)

    def set_status(self, item_id: str, status: Status) -> Change | None:
        """Set ``status`` on the item (a parent: on all its leaves). None if nothing changes."""
        item = self.index.items[item_id]
        keys = self.index.leaf_ids(item_id)
        return self._set_statuses(keys, status, f"{status.label}: {item.title}")

    def left_to_do(self, level_id: str) -> list[str]:
        """The level's topics still to do (not done, in progress or skipped)."""
        level = self.index.levels[level_id]
        todo = Status.TODO
        return [leaf.id for leaf in level.leaves() if self.statuses.get(leaf.id, todo) is todo]

    def skip_rest(self, level_id: str) -> Change | None:
        """Skip every topic of the level still to do (once its pick goal is met, the
        rest need not count): one change, undone in one step. None if none is left."""
        level = self.index.levels[level_id]
        label = f"{Status.SKIPPED.label}: the rest of {level.title}"
        return self._set_statuses(self.left_to_do(level_id), Status.SKIPPED, label)

    def _set_statuses(self, keys: Iterable[str], status: Status, label: str) -> Change | None:
        self._check_writable()
        now = self.store.clock()
        before = {
            key: self.entry(key)
            for key in keys
            if self.statuses.get(key, Status.TODO) is not status
        }
        if not before:
            return None
        after = {key: entry.with_status(status, now) for key, entry in before.items()}
        change = Change(label, before, after)
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
        from roadmap_tui.numbers.review import undo_of

        self._log(tuple(undo_of(review) for review in change.reviews))
        self.redo_stack.append(change)
        return Change(f"undo {change.label}", change.after, restored)

    def redo(self) -> Change | None:
        self._check_writable()
        if not self.redo_stack:
            return None
        change = self.redo_stack.pop()
        restored = self._restore(change.after)
        if change.reviews:  # the same ratings again, made now (the undone ones stay undone)
            from roadmap_tui.numbers.review import new_entry

            now = self.store.clock()
            again = [new_entry(self.data, r.topic, now, r.kind, r.rating) for r in change.reviews]
            change = replace(change, reviews=self._log(tuple(again)))
        self.undo_stack.append(change)
        return Change(f"redo {change.label}", change.before, restored)

    def rate(self, item_id: str, rating: int) -> Change:
        """Record a review of the topic (rating 1–4: `progress.reviews`), saved like a
        tick and undone like one. The caller checks the topic is in the review queue
        (`numbers.review.card_for`)."""
        from roadmap_tui.numbers.review import new_entry
        from roadmap_tui.progress.reviews import RATING_WORDS

        self._check_writable()
        review = new_entry(self.data, item_id, self.store.clock(), rating=rating)
        title = self.index.items[item_id].title if item_id in self.index.items else item_id
        change = Change(f"{RATING_WORDS[rating]}: {title}", {}, {}, self._log((review,)))
        self.undo_stack.append(change)
        del self.undo_stack[:-UNDO_DEPTH]
        self.redo_stack.clear()
        return change

    def _log(self, reviews: tuple[Review, ...]) -> tuple[Review, ...]:
        """Add ``reviews`` to the review log in memory and hand them to the saver."""
        if reviews:
            self.data.reviews |= set(reviews)
            self.saver.submit({}, reviews=reviews)
        return reviews

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
            self._touch(key)
        self.saver.submit(entries)

    def _touch(self, key: str) -> None:
        if key in self.index.level_of:  # progress of an id the roadmap no longer has: ignored
            self._touched.add(key)

    def save_view(self, view: View) -> None:
        """Remember where the cursor is (saved with the next write)."""
        if not self.store.read_only:
            self.data.view = view
            self.saver.submit({}, view)

    def absorb(self, saved: ProgressData) -> set[str]:
        """Merge what is on disk (saved elsewhere too) into memory; the ids whose entry
        changed (the review log is merged too: a union)."""
        self.data.reviews |= saved.reviews
        changed: set[str] = set()
        for key, theirs in saved.entries.items():
            mine = self.data.entries.get(key)
            merged = theirs if mine is None else merge_entry(mine, theirs)
            if merged != mine:
                self.data.entries[key] = merged
                self.statuses[key] = merged.status
                self._touch(key)
                changed.add(key)
        return changed

    # -- leaving

    def write_journal(self) -> Path | None:
        """Keep every unsaved change in a recovery journal beside the progress file (the
        next save anywhere merges it in). The journal's path, or None if nothing was
        unsaved. Raises OSError when even the journal cannot be written."""
        unsaved, reviews = self.saver.unsaved(), self.saver.unsaved_reviews()
        if not unsaved and not reviews:
            return None
        now = self.store.clock()
        return write_journal(self.store.path, self.roadmap.id, unsaved, now, reviews=reviews)

    def keep_unsaved(self, data_dir: Path, roadmap_file: Path | None) -> str:
        """Keep what is unsaved in a recovery journal (`write_journal`) and say so, for
        the terminal once the app has gone: where it is, or, when even the journal
        cannot be written, the `roadmap-tui mark` commands that redo each change. An
        empty string when nothing is unsaved."""
        from roadmap_tui.base.text import plural
        from roadmap_tui.progress.recovery import recovery_commands

        unsaved, reviews = self.saver.unsaved(), self.saver.unsaved_reviews()
        if not unsaved and not reviews:
            return ""
        count = plural(len(unsaved) + len(reviews), "change")
        reason = self.saver.state.error or "the save did not finish in time"
        try:
            journal = self.write_journal()
        except OSError as exc:
            roadmap = str(roadmap_file) if roadmap_file else None
            commands = recovery_commands(unsaved, data_dir, roadmap, reviews)
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

    def keep_draft(self, item_id: str, text: str) -> str:
        """Keep a note that was still being written when the app had to close (a
        signal, a crash) in a recovery journal of its own: the next start says so and
        shows it as the topic's note, and the next save writes it. What to print on the
        terminal once the app has gone; the text itself if not even that could be
        written."""
        title = self.index.items[item_id].title if item_id in self.index.items else item_id
        now = self.store.clock()
        entry = self.entry(item_id).with_note(text, now)
        try:
            journal = write_journal(
                self.store.path, self.roadmap.id, {item_id: entry}, now, draft=True
            )
        except OSError as exc:
            return (
                f"roadmap-tui: the note you were writing for {title!r} could not be kept "
                f"beside {self.store.path} ({exc.strerror or exc}); here it is:\n{text}\n"
            )
        return (
            f"roadmap-tui: the note you were writing for {title!r} is kept in {journal}; "
            "the next start shows it as the topic's note.\n"
        )

    def close(self, timeout: float | None = 15.0) -> bool:
        """Stop saving after at most ``timeout`` seconds of flushing. True if all is saved."""
        return self.saver.close(timeout)


class ReadOnly(Exception):
    """A change was asked of a tracker whose progress file must not be written."""
