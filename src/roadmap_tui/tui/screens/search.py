"""The search window (`/`): every level's topics matched as you type (search.py does the
matching), with the status keys working on the highlighted result."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from roadmap_tui.roadmap.model import Item
from roadmap_tui.tracking.search import (
    FILTER_HELP,
    Query,
    Topic,
    find,
    parse_query,
    topics_of,
    where,
)
from roadmap_tui.tui.bindings import (
    RESULT_IDS,
    SEARCH_BINDINGS,
    SEARCH_RESULT_BINDINGS,
)
from roadmap_tui.tui.screens.dialogs import Modal
from roadmap_tui.tui.widgets.common import GLYPHS, MarkedList, literal, theme_styles

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from roadmap_tui.roadmap.model import Level
    from roadmap_tui.tracking.tracker import Tracker
    from roadmap_tui.tui.bindings import KeyRow

    # What a status key (or undo) on a result asks of the screen that opened the search:
    # (action, topic id, status); the search never holds that screen.
    Act = Callable[[str, str, str], None]

SEARCH_LIMIT = 200


class SearchResults(MarkedList):
    """The matching topics. The main screen's status keys (and undo) act on the
    highlighted one; any other printable key goes back to the search field."""

    BINDINGS: ClassVar[list[BindingType]] = list(SEARCH_RESULT_BINDINGS)

    @property
    def search(self) -> SearchScreen:
        assert isinstance(self.screen, SearchScreen)
        return self.screen

    def action_toggle_done(self) -> None:
        self.search.act("toggle_done")

    def action_mark(self, status: str) -> None:
        self.search.act("mark", status)

    def action_undo(self) -> None:
        self.search.act("undo")

    def action_cursor_up(self) -> None:
        if self.highlighted in (None, 0):
            self.search.query_one(Input).focus()  # up from the first result: back to typing
        else:
            super().action_cursor_up()

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character and event.key not in self.screen.active_bindings:
            event.stop()
            field = self.search.query_one(Input)
            field.focus()
            field.insert_text_at_cursor(event.character)


class SearchScreen(Modal[str | None]):
    """Search every level's topics as you type; enter jumps, escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = list(SEARCH_BINDINGS)

    def __init__(
        self,
        tracker: Tracker,
        levels: Sequence[Level],
        keys: list[KeyRow],
        act: Act,
        query: str = "",
    ) -> None:
        super().__init__()
        self.tracker = tracker
        self.topics = topics_of(levels)
        self.key_rows = keys  # the opener's keys, as bound when the search opened
        self.on_act = act
        self.initial_query = query
        self.query_now: Query = parse_query(query)
        self.shown_query = query  # the text whose results are shown

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box", classes="modal-box"):
            yield Input(
                value=self.initial_query,
                placeholder=f"Search every level… (words, {FILTER_HELP})",
                id="search-input",
                select_on_focus=False,  # back from the results: typing goes on, not over
            )
            yield SearchResults(id="search-results")
            yield Static("", id="search-count")

    def on_mount(self) -> None:
        self.refresh_results(self.initial_query)

    TAKES_TEXT = True

    def text_field(self) -> Input:
        return self.query_one(Input)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_results(event.value)

    @property
    def results(self) -> SearchResults:
        return self.query_one(SearchResults)

    def refresh_results(self, query: str, keep: int | None = None) -> None:
        """Show what ``query`` finds now; ``keep``: the row to stay on (after a status
        key, so a result that no longer matches hands its place to the next)."""
        self.query_now = parse_query(query)
        self.shown_query = query
        notes = {key: entry.note for key, entry in self.tracker.data.entries.items() if entry.note}
        hits = find(self.query_now, self.topics, self.tracker.state, notes)
        shown = hits[:SEARCH_LIMIT]
        results = self.results
        styles = theme_styles(self.app.current_theme)
        results.set_options(
            Option(self._row(topic, notes.get(topic.item.id, ""), styles), id=topic.item.id)
            for topic in shown
        )
        if shown:
            results.highlighted = min(keep or 0, len(shown) - 1)
        parents = sum(1 for topic in hits if topic.item.children)
        self._show_count(len(hits) - parents, parents)

    def _row(self, topic: Topic, note: str, styles: dict[str, Style]) -> Text:
        glyph, style = GLYPHS[self.tracker.state(topic.item)]
        row = Text.assemble(
            " ",  # the cell of the highlighted row's mark (MarkedList)
            literal(f"{topic.number} {topic.level.title} › ", styles["muted"]),
            (f"{glyph} ", styles[style]),  # the space in the box's span, as the tree's
            literal(topic.item.title),
        )
        if topic.item.details:
            row.append_text(literal(f" — {topic.item.details}", styles["muted"]))
        hit = where(self.query_now, topic, note)
        if hit.excerpt:
            label = "note" if hit.field == "note" else "about"
            row.append_text(literal(f"\n     {label}: {hit.excerpt}", styles["muted"]))
        row.no_wrap = True
        row.overflow = "ellipsis"
        return row

    def _show_count(self, found: int, parents: int = 0) -> None:
        # "Topics" in a count means topics you tick (docs/progress.md): a parent row is
        # counted apart, so an empty box says 69 topics on a 69-topic roadmap.
        if not found and not parents:
            count = "nothing matches"
        else:
            count = f"{found} topic{'s' * (found != 1)}"
            count += f" + {parents} parent{'s' * (parents != 1)}" if parents else ""
            shown = found + parents
            count += f" (first {SEARCH_LIMIT} shown)" if shown > SEARCH_LIMIT else ""
        if self.query_now.problem:
            count = f"{count} · {self.query_now.problem}"
        keys = self._keys()
        self.query_one("#search-count", Static).update(Text(f"{count}\n{keys}", style="dim"))

    def _keys(self) -> str:
        """The status keys as bound now (after keymap.toml), for the hint line."""
        words = {"toggle_done": "done", "undo": "undo"}
        shown = [
            f"{row.keys[0]} {words.get(row.action) or row.description.lower()}"
            for row in self.key_rows
            if set(row.binding_ids) & set(RESULT_IDS) and row.keys
        ]
        return "enter go · escape close · ↓ results, then " + " · ".join(shown)

    def act(self, action: str, status: str = "") -> None:
        """A status key (or undo) on the highlighted result, through the screen that
        opened the search (which saves it, and refuses it with a notice when the file is
        read-only)."""
        item = self._highlighted_item()
        index = self.results.highlighted
        if action != "undo" and item is None:
            self.app.bell()
            return
        self.on_act(action, item.id if item else "", status)
        self.refresh_results(self.query_one(Input).value, keep=index)

    def _highlighted_item(self) -> Item | None:
        results = self.results
        if results.highlighted is None:
            return None
        item_id = results.get_option_at_index(results.highlighted).id
        return self.tracker.index.items.get(item_id or "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_choose()

    def action_results_down(self) -> None:
        results = self.results
        if results.has_focus:
            results.action_cursor_down()
        elif results.option_count:
            results.focus()  # on the highlighted result: the status keys act on it

    def action_results_up(self) -> None:
        self.results.action_cursor_up()

    def action_choose(self) -> None:
        query = self.query_one(Input).value
        if query != self.shown_query:  # typed in the same burst as this enter
            self.refresh_results(query)
        item = self._highlighted_item()
        if item is None:
            self.app.bell()
            return
        self.dismiss(item.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
