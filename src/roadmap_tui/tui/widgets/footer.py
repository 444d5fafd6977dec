"""The footer: Textual's, keeping the keys that matter most when the terminal is narrow
(`? Help` and `q Quit` stay at 60 columns; less used keys give way first)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # pinned Textual: the footer's own keys

from roadmap_tui.tui.bindings import FOOTER_GIVES_WAY

PALETTE_CELLS = 12
"""The command palette's key at the right edge ("▏^p palette" and its margin)."""


class KeyFooter(Footer):
    """The screen's shown bindings, as Textual's footer shows them; when they do not
    fit, those in `FOOTER_GIVES_WAY` are hidden, in that order, until the rest do."""

    _hidden: frozenset[str] = frozenset()

    def compose(self) -> ComposeResult:
        hidden = self._hidden = self.hidden_actions()
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.action in hidden:
                widget.display = False
            yield widget

    def hidden_actions(self) -> frozenset[str]:
        """The actions whose keys give way at the terminal's width now."""
        shown: dict[str, Binding] = {}
        for active in self.screen.active_bindings.values():
            if active.binding.show:
                shown.setdefault(active.binding.action, active.binding)
        cells = {
            action: len(self.app.get_key_display(binding)) + len(binding.description) + 2
            for action, binding in shown.items()
        }
        room = self.app.size.width - PALETTE_CELLS
        hidden: set[str] = set()
        for binding_id in FOOTER_GIVES_WAY:
            if sum(cells.values()) <= room:
                break
            for action, binding in list(shown.items()):
                if binding.id == binding_id:
                    hidden.add(action)
                    del cells[action]
        return frozenset(hidden)

    def on_resize(self, event: events.Resize) -> None:
        if self.is_attached and self.hidden_actions() != self._hidden:
            self.call_after_refresh(self.recompose)
