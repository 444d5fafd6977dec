"""The app's background sync: on start, a few seconds after the last save, and every
quarter of an hour, on a thread of its own; it never blocks a key and never loses a
tick (a failed sync is caught up by the next one)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from roadmap_tui.base.errors import RoadmapTuiError
from roadmap_tui.sync.merge import SyncReport
from roadmap_tui.sync.run import sync

# ----------------------------------------------------------------------------- background


class AutoSync:
    """Syncs in a background thread: soon after each `request` (requests that come
    while waiting or syncing are folded into one later sync), and every ``every``
    seconds to bring in other machines' changes. ``report`` gets each result: the
    report, or the error's sentence. Nothing here ever blocks the caller."""

    def __init__(
        self,
        base: Path,
        report: Callable[[SyncReport | None, str], object],
        *,
        delay: float = 5.0,
        every: float = 900.0,
    ) -> None:
        import threading

        self.base = base
        self.report = report
        self.delay = delay
        self.every = every
        self._due: float | None = None
        self._closed = False
        self._wake = threading.Condition()
        self._thread = threading.Thread(target=self._loop, name="roadmap-tui-sync", daemon=True)
        self._thread.start()

    def request(self, delay: float | None = None) -> None:
        """Sync ``delay`` seconds from now (default: the debounce delay); a request
        already waiting is moved later, so a burst of changes makes one sync."""
        with self._wake:
            self._due = time.monotonic() + (self.delay if delay is None else delay)
            self._wake.notify()

    def close(self) -> None:
        with self._wake:
            self._closed = True
            self._wake.notify()

    def _loop(self) -> None:
        while True:
            with self._wake:
                while not self._closed:
                    if self._due is None:
                        if not self._wake.wait(timeout=self.every) and self._due is None:
                            self._due = time.monotonic()  # the periodic sync
                        continue
                    left = self._due - time.monotonic()
                    if left <= 0:
                        break
                    self._wake.wait(timeout=left)
                if self._closed:
                    return
                self._due = None
            try:
                result: SyncReport | None = sync(self.base)
                error = ""
            except RoadmapTuiError as exc:
                result, error = None, str(exc)
            except Exception as exc:  # a bug must not end background sync silently
                result, error = None, f"{type(exc).__name__}: {exc}"
            self.report(result, error)
