"""The main screen's three panes and moving between them: which level is selected (a
reactive the panes follow), which pane has focus, digits, `enter`, the details' scroll
keys, and keys typed in one burst. `MainScreen` (main_screen.py) adds what keys change.

Keys typed in one burst act in order on the pane they were meant for: Textual routes a
key to the widget focused when it arrives and looks its binding up when it has bubbled
up to the app, so focus moves here at once (Textual's `focus()` waits a frame), and a
key that arrives after one that opened a window is handed on to that window."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar
from weakref import WeakSet

from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList

from roadmap_tui.roadmap.model import Item, Level, Roadmap
from roadmap_tui.tracking.tracker import Tracker
from roadmap_tui.tui.bindings import DIGIT_WINDOW, MAIN_BINDINGS
from roadmap_tui.tui.main.details import DetailsPane, DetailsScroll, LevelContext
from roadmap_tui.tui.main.levels import LevelList
from roadmap_tui.tui.main.nextup import LevelDone, NextUp
from roadmap_tui.tui.widgets.common import OverallBar, TopicTree
from roadmap_tui.tui.widgets.footer import KeyFooter


class Panes(Screen[None]):
    """Levels on the left, the level's topics on the right, details below; moving
    between them. Subclasses show a level in `show_level`."""

    BINDINGS: ClassVar[list[BindingType]] = list(MAIN_BINDINGS)

    level_number: reactive[int] = reactive(0, init=False)
    """The selected level; the level list, the topics and the context line follow it."""

    key_time: Callable[[events.Key], float] = staticmethod(lambda key: key.time)
    """When a key was read from the terminal (Textual stamps each key as it parses the
    input). The digit window is measured between these stamps, never by when the keys
    happen to be handled: `1` `2` typed together is Level 12 however busy the machine."""

    def __init__(self, tracker: Tracker) -> None:
        super().__init__()
        self.tracker = tracker
        self.roadmap: Roadmap = tracker.roadmap
        self._select: str | None = None  # where the cursor goes on the next level shown
        self._keys = 0  # keys seen: a digit right after a digit may extend the number
        self._digits = ("", -1, 0.0)  # the number typed so far, at which key, when
        self._key_stamp = 0.0  # when the key being handled was read
        self._passing: WeakSet[events.Key] = WeakSet()  # keys on their way to the app
        self._rerouting = False  # a burst's keys are being typed again, in order

    def compose(self) -> ComposeResult:
        yield OverallBar(id="overall")
        with Horizontal(id="body"):
            with Vertical(id="left"):
                levels = LevelList(id="levels")
                levels.moved = self.select_level
                yield levels
                yield NextUp(id="next-up")
            with Vertical(id="right"):
                with Vertical(id="topics-box"):
                    yield LevelContext(id="level-context")
                    yield LevelDone(id="level-done")
                    yield TopicTree(id="topics")
                with DetailsScroll(id="details-scroll"):
                    yield DetailsPane(id="details")
        yield KeyFooter(compact=True)

    @property
    def levels(self) -> LevelList:
        return self.query_one(LevelList)

    @property
    def topics(self) -> TopicTree:
        return self.query_one(TopicTree)

    @property
    def details(self) -> DetailsScroll:
        return self.query_one(DetailsScroll)

    @property
    def level(self) -> Level:
        return self.roadmap.levels[self.level_number]

    @property
    def item(self) -> Item | None:
        item_id = self.topics.item_id
        return self.tracker.index.items.get(item_id) if item_id else None

    def show_level(self, select: str | None = None) -> None:
        """Show the selected level (the cursor on ``select``, if given)."""
        raise NotImplementedError

    def watch_level_number(self) -> None:
        self.levels.highlighted = self.level_number
        select, self._select = self._select, None
        self.show_level(select=select)

    def select_level(self, number: int, select: str | None = None) -> None:
        """Show level ``number`` now (and highlight it in the list)."""
        if number != self.level_number:
            self._select = select
            self.level_number = number
        elif select:
            self.topics.select_item(select)
        self.levels.highlighted = number

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is self.levels:  # a click on a level
            self.set_focus(self.topics)

    def on_key(self, event: events.Key) -> None:
        # Every key typed on this screen passes here on its way up to its binding.
        self._passing.add(event)

    def key_arrived(self, event: events.Key) -> bool:
        """Called by the app for every key just before its binding runs: keys arrive in
        the order they were typed. One typed on this screen right after a key that opened
        a window (`/`, `n`, `enter`) goes to that window instead: text into its field at
        once (`Modal.type_ahead`), other keys typed again for the app to route. True if
        the key was handed on."""
        self._keys += 1
        self._key_stamp = self.key_time(event)
        top = self.app.screen
        if top is self:
            self._rerouting = False  # no window open: keys act here, as typed
        if top is self or event not in self._passing:
            return False
        self._passing.discard(event)
        from roadmap_tui.tui.screens.dialogs import Modal

        text = event.character if event.is_printable else None
        if self._rerouting or not (text and isinstance(top, Modal) and top.type_ahead(text)):
            # Typed again, after the keys already waiting; every later key of the burst
            # follows the same way, so none overtakes it (`n` `h` `i` `ctrl+s` `j`: the
            # `j` moves after the note is saved, instead of going into it).
            self._rerouting = True
            key = events.Key(event.key, event.character)
            key.set_sender(self.app)  # as the terminal's keys are
            self.app.post_message(key)
        return True

    # -- moving (focus moves at once, so the next key of a burst goes to the new pane)

    def action_focus_levels(self) -> None:
        self.set_focus(self.levels)

    def action_focus_topics(self) -> None:
        self.set_focus(self.topics)

    def action_switch_pane(self, step: int) -> None:
        panes: list[Widget] = [self.levels, self.topics, self.details]
        now = next((n for n, pane in enumerate(panes) if self.focused is pane), 1)
        self.set_focus(panes[(now + step) % len(panes)])

    def action_enter(self) -> None:
        """`enter`: on a level, go to its topics; on a topic, its details full-screen."""
        if self.focused is self.levels:  # (has_focus lags a message behind)
            self.set_focus(self.topics)
            return
        item = self.item
        if item is None:
            self.app.bell()
            return
        from roadmap_tui.tui.main.details import DetailScreen

        self.app.push_screen(DetailScreen(item, self.tracker))

    def action_scroll_details(self, step: int) -> None:
        if step > 0:
            self.details.scroll_page_down(animate=False)
        else:
            self.details.scroll_page_up(animate=False)

    def action_step_level(self, step: int) -> None:
        self.select_level((self.level_number + step) % len(self.roadmap.levels))

    def action_jump_level(self, digit: int) -> None:
        """A digit jumps to its level at once; a digit typed right after it (within
        `DIGIT_WINDOW` seconds, no other key between) makes a longer number while the
        roadmap has such a level: `1` `2` is Level 12, a lone `1` stays Level 1."""
        typed, at_key, when = self._digits
        now = self._key_stamp
        number = digit
        if typed and at_key == self._keys - 1 and now - when <= DIGIT_WINDOW:
            longer = int(typed + str(digit))
            if longer < len(self.roadmap.levels):
                number = longer
        self._digits = (str(number), self._keys, now)
        if number < len(self.roadmap.levels):
            self.select_level(number)
        else:
            self.app.bell()
