"""Saving in the background: the tracker's changes reach the disk on a thread of their
own, in order, a burst coalesced into one write, and a save the disk refuses is kept and
retried until it lands (docs/data-safety.md). Nothing here imports Textual."""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from roadmap_tui.base.errors import RoadmapTuiError
from roadmap_tui.progress.entries import Entry, ProgressData, View
from roadmap_tui.progress.reviews import Review
from roadmap_tui.progress.store import ProgressStore


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
        self._reviews: set[Review] = set()  # review log entries pending
        self._inflight_reviews: set[Review] = set()
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

    def submit(
        self, changes: Mapping[str, Entry], view: View | None = None, reviews: Iterable[Review] = ()
    ) -> None:
        """Queue ``changes`` (where the cursor is, entries of the review log) for saving;
        a failed save is retried at once."""
        with self._cond:
            self._pending.update(changes)
            self._reviews.update(reviews)
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

    def unsaved_reviews(self) -> set[Review]:
        """Every review log entry not known to be on disk."""
        with self._cond:
            return self._inflight_reviews | self._reviews

    @property
    def idle(self) -> bool:
        with self._cond:
            return self._idle()

    def _idle(self) -> bool:
        return not self._busy and not self._pending and not self._reviews and self._view is None

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
                    lambda: (
                        self._closed or self._pending or self._reviews or self._view or self._warm
                    )
                )
                if self._closed and (self._idle() or self._state.failing):
                    return
                warm, self._warm = self._warm and not self._pending and not self._reviews, False
            if warm:
                import tempfile  # noqa: F401

                from roadmap_tui.progress.locks import load_filelock

                load_filelock()
                import tomli_w  # noqa: F401

                continue
            self._save_once()
            self._wait_before_retry()

    def _save_once(self) -> None:
        with self._cond:
            changes, self._pending = self._pending, {}
            view, self._view = self._view, None
            reviews, self._reviews = self._reviews, set()
            self._inflight, self._inflight_reviews = changes, reviews
            self._busy = True
            self._hurry = False
        try:
            if changes or view is not None or not reviews:
                saved = self.store.save_made_now(changes, view)
            if reviews:  # (a union: no time on disk can beat them)
                log = ProgressData(self.store.roadmap_id, reviews=frozenset(reviews))
                saved = self.store.save(reviews=log)
        except Exception as exc:  # kept pending, retried, and shown by the app
            with self._cond:
                # Changes submitted meanwhile are newer than the failed ones: they win.
                self._pending = {**changes, **self._pending}
                self._reviews |= reviews
                if self._view is None:
                    self._view = view
                failures = self._state.failures + 1
                unsaved = len(self._pending) + len(self._reviews)
                state = SaveState(unsaved, _sentence(exc), failures, short_reason(exc))
                changed = self._finish(state)
        else:
            with self._cond:
                changed = self._finish(SaveState())  # all is well: nothing to report
            self.on_saved(saved)
        if changed:
            self.on_state(self.state)

    def _finish(self, state: SaveState) -> bool:
        """Under the lock: the attempt is over. Whether the state changed."""
        self._inflight, self._inflight_reviews = {}, set()
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
