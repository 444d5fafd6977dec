"""What the tracker's saver tells the app, from its own thread: a save landed
(`Saved`), or saving started failing, failed again or recovered (`SaveStateChanged`).
The app relays them to the top bar and the notices."""

from __future__ import annotations

from textual.message import Message

from roadmap_tui.progress.entries import ProgressData
from roadmap_tui.tracking.saver import SaveState
from roadmap_tui.tracking.tracker import Tracker


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
