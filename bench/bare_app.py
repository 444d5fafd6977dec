"""The benchmark's floor: a bare Textual app with a header, a line of text and a footer."""

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Static


class Bare(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("floor-ready")
        yield Footer()


if __name__ == "__main__":
    Bare().run()
