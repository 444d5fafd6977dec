"""The review window (`R`): today's due topics one at a time, least remembered first
(the core's `numbers.review.review_queue`, at most the day's cap). Each shows its title
first; the learner recalls what they can, reveals the details (our description, their
note, the docs links) and rates it 1–4. A forgotten topic may go back to in progress.
Every rating is the tracker's (`Tracker.rate`): saved like a tick, undone like one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from roadmap_tui.base.text import plural
from roadmap_tui.roadmap.model import Status
from roadmap_tui.tracking.tracker import Change, Tracker
from roadmap_tui.tui.bindings import REVIEW_BINDINGS
from roadmap_tui.tui.main.details import topic_details
from roadmap_tui.tui.screens.dialogs import Modal
from roadmap_tui.tui.widgets.common import Styled, literal

if TYPE_CHECKING:
    from datetime import tzinfo

    from roadmap_tui.numbers.review import Queue

RATING_KEYS = "1 forgot · 2 hard · 3 good · 4 easy"
RATED = {1: "Forgot", 2: "Hard", 3: "Good", 4: "Easy"}


def when_words(due: datetime, now: datetime, tz: tzinfo) -> str:
    """``on 2026-12-20 (in 13 days)``, ``tomorrow``: when a topic is next due."""
    days = (due.astimezone(tz).date() - now.astimezone(tz).date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"on {due.astimezone(tz).date().isoformat()} (in {days} days)"


class ReviewScreen(Styled, Modal[None]):
    """Today's reviews: recall, reveal, rate; undo takes a rating back."""

    DEFAULT_CSS = """
    #review-box { width: 84; max-width: 98%; height: 90%; }
    #review-scroll { height: 1fr; overflow-x: hidden; }
    #review-head { margin-bottom: 1; }
    #review-last { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(REVIEW_BINDINGS)

    def __init__(self, tracker: Tracker, cap: int, change: Callable[..., Change | None]) -> None:
        """``cap``: reviews a day; ``change``: runs one of the tracker's changes and shows
        it (the main screen's, which refuses it on a read-only file with a notice)."""
        super().__init__()
        self.tracker = tracker
        self.cap = cap
        self.change = change
        self.queue: list[str] = []  # today's due topics, in the order shown
        self.at = 0  # the one shown (== len(queue): all done)
        self.revealed = False
        self.asking: str | None = None  # a forgotten topic: back to in progress?
        self.done_here: list[tuple[str, str]] = []  # ("rating" | "status", topic): undo
        self.last = ""  # what the last key did, in words
        self.held_back = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="review-box", classes="modal-box"):
            yield Static(id="review-head")
            with VerticalScroll(id="review-scroll"):
                yield Static(id="review-body")
            yield Static(id="review-last")
            yield Static(id="review-keys", classes="help-hint")

    def on_mount(self) -> None:
        super().on_mount()
        queue = self._queue()
        self.queue = [card.topic for card in queue.due]
        self.held_back = queue.held_back
        self.show()

    # -- what is shown

    def _queue(self) -> Queue:
        from roadmap_tui.numbers.pace import local_tz
        from roadmap_tui.numbers.review import review_queue

        tracker = self.tracker
        return review_queue(
            tracker.roadmap, tracker.data, tracker.store.clock(), local_tz(), self.cap
        )

    @property
    def topic(self) -> str | None:
        """The topic shown, or None once today's are done."""
        return self.queue[self.at] if self.at < len(self.queue) else None

    def show(self) -> None:
        head = self.query_one("#review-head", Static)
        body = self.query_one("#review-body", Static)
        keys = self.query_one("#review-keys", Static)
        self.query_one("#review-last", Static).update(literal(self.last))  # titles in it
        topic = self.asking or self.topic
        if topic is None:
            head.update(Text("Review · done for today", style="bold"))
            body.update(self._done_words())
            keys.update(Text("u undo · escape close", style="dim"))
            return
        index = self.tracker.index
        item, level = index.items[topic], index.level_of[topic]
        number = self.tracker.level_number[level.id]
        head.update(
            Text.assemble(
                ("Review", "bold"),
                f" · {self.at + 1} of {len(self.queue)}",
                (f" · Level {number} – ", "dim"),
                literal(level.title, "dim"),
            )
        )
        if self.asking:
            body.update(
                Text.assemble(
                    literal(item.title, "bold"),
                    "\n\nForgotten: move it back to in progress, to learn it again?",
                )
            )
            keys.update(Text("y yes, back to in progress · n no, keep it done", style="dim"))
        elif self.revealed:
            body.update(topic_details(item, self.tracker, self))
            keys.update(Text(f"{RATING_KEYS} · u undo · escape close", style="dim"))
        else:
            body.update(
                Text.assemble(
                    literal(item.title, "bold"),
                    (
                        "\n\nWhat do you remember of it? Recall what you can, then show the "
                        "details and rate how well you knew it.",
                        "dim",
                    ),
                )
            )
            keys.update(Text("space show the details · u undo · escape close", style="dim"))
        self.query_one("#review-scroll", VerticalScroll).scroll_home(animate=False)

    def _done_words(self) -> Text | Group:
        from roadmap_tui.numbers.pace import local_tz

        rated = sum(1 for kind, _ in self.done_here if kind == "rating")
        if not self.queue:
            lines = ["Nothing to review today."]
        else:
            lines = [f"Done for today: {plural(rated, 'topic')} reviewed."]
        queue = self._queue()
        if queue.due or self.held_back:
            more = len(queue.due) + queue.held_back
            lines.append(
                f"{plural(more, 'more topic')} due: the day's cap is {self.cap} "
                "(reviews_per_day in config.toml)."
            )
        if queue.next is not None:
            now = self.tracker.store.clock()
            title = self.tracker.index.items[queue.next.topic].title
            when = when_words(queue.next.due, now, local_tz())
            return Text.assemble(
                "\n".join(lines),
                "\nNext: ",
                literal(title, "bold"),
                f" {when}.",
                "".join(f"\n{line}" for line in self._imported_words()),
            )
        if not self.queue:
            lines.append("A topic you finish comes up for its first review the next day.")
        return Text("\n".join([*lines, *self._imported_words()]))

    def _imported_words(self) -> list[str]:
        from roadmap_tui.numbers.review import imported_ticks

        waiting = len(imported_ticks(self.tracker.roadmap, self.tracker.data))
        if not waiting:
            return []
        return [
            f"{plural(waiting, 'done topic')} {'has' if waiting == 1 else 'have'} no finish time "
            "(imported ticks) and stay out of the queue: `roadmap-tui review --add-imported` "
            "adds them."
        ]

    # -- keys

    def action_reveal(self) -> None:
        if self.topic is None or self.asking or self.revealed:
            return
        self.revealed = True
        self.show()

    def action_rate(self, rating: int) -> None:
        topic = self.topic
        if topic is None or self.asking:
            return
        if not self.revealed:
            self.last = "Show the details first (space), then rate."
            self.show()
            return
        if self.change(self.tracker.rate, topic, rating) is None:
            return  # refused (read-only), with the notice
        self.done_here.append(("rating", topic))
        self.last = self._rated_words(topic, rating)
        if rating == 1 and self.tracker.statuses.get(topic) is Status.DONE:
            self.asking = topic
        else:
            self._next()
        self.show()

    def _rated_words(self, topic: str, rating: int) -> str:
        from roadmap_tui.numbers.pace import local_tz
        from roadmap_tui.numbers.review import card_for, log_of

        tracker = self.tracker
        now = tracker.store.clock()
        card = card_for(topic, tracker.entry(topic), log_of(tracker.data, topic), now)
        title = tracker.index.items[topic].title
        when = f", next review {when_words(card.due, now, local_tz())}" if card else ""
        return f"{RATED[rating]}: {title}{when}."

    def _next(self) -> None:
        self.at += 1
        self.revealed = False

    def action_answer(self, yes: bool) -> None:
        topic = self.asking
        if topic is None:
            return
        if yes:
            if self.change(self.tracker.set_status, topic, Status.IN_PROGRESS) is None:
                return
            self.done_here.append(("status", topic))
            self.last += " Back in progress."
        self.asking = None
        self._next()
        self.show()

    def action_undo(self) -> None:
        if not self.done_here:
            self.last = "Nothing to undo here."
            self.show()
            return
        kind, topic = self.done_here[-1]
        if self.change(self.tracker.undo) is None:
            return
        self.done_here.pop()
        title = self.tracker.index.items[topic].title
        if kind == "status":
            self.asking = topic  # back to the question it answered
            self.at = self.queue.index(topic)
            self.last = f"Undone: {title} is done again."
        else:
            self.asking = None
            self.at = self.queue.index(topic)
            self.revealed = True
            self.last = f"Undone: the rating of {title}."
        self.show()

    def action_scroll(self, step: int) -> None:
        scroll = self.query_one("#review-scroll", VerticalScroll)
        scroll.scroll_relative(y=step, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
