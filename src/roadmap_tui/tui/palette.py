"""The command palette's commands: every action of ours (from the bindings in force, so
remapped keys show), each link of the focused topic, "Open roadmap…", and Textual's
theme picker — none of Textual's other stock commands, which mean nothing here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from textual.app import SystemCommand

from roadmap_tui.tui.bindings import NAVIGATION, key_rows
from roadmap_tui.tui.widgets.common import markup_literal

if TYPE_CHECKING:
    from roadmap_tui.tui.main.screen import MainScreen


class PaletteHost(Protocol):
    """What the palette needs of the app (the app itself; never imported here, so the
    app and its palette don't import each other)."""

    @property
    def main(self) -> MainScreen: ...

    def action_change_theme(self) -> None: ...

    def action_open_roadmap(self) -> None: ...

    def call_later(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool: ...

    def open_url(self, url: str, *, new_tab: bool = True) -> None: ...


def palette_commands(app: PaletteHost, stock: Iterable[SystemCommand]) -> Iterable[SystemCommand]:
    """Our commands; of ``stock`` (Textual's), only the theme picker."""
    for command in stock:
        if command.callback == app.action_change_theme:
            yield command
    yield from link_commands(app)
    yield SystemCommand(
        "Open roadmap…",
        "Switch to the bundled roadmap or one you imported",
        app.action_open_roadmap,
    )
    main = app.main
    if not main.is_mounted:
        return
    for row in key_rows(main):  # the keys bound now, after any remapping
        if row.binding_ids and row.action not in NAVIGATION:
            # Once each: the title, and under it what it does and its key (never the
            # title again, which read as the same command listed twice).
            does = ACTION_HELP.get(row.action, "")
            yield SystemCommand(
                row.description,
                f"{does} · key {row.keys[0]}" if does else f"key {row.keys[0]}",
                lambda action=row.action: app.call_later(main.run_action, action),
            )


ACTION_HELP = {
    "toggle_done": "Tick the topic done, or back to do",
    "mark('in-progress')": "Mark the topic in progress",
    "mark('skipped')": "Leave the topic out: it no longer counts",
    "skip_rest": "Skip the level's topics left, once its pick goal is met",
    "mark('todo')": "Put the topic back to do",
    "undo": "Take back the last change of this run",
    "redo": "Make the change undone again",
    "search": "Find a topic in every level",
    "hide_done": "Hide the done topics, or show them again",
    "export": "Markdown, an HTML page, an SVG card or JSON",
    "note": "Write a note on the topic",
    "open_link": "Open the topic's first link",
    "stats": "Weeks, the year's heatmap, streaks, pace and the plan",
    "review": "Today's reviews of finished topics, one at a time",
    "team": "Every member of the sync remote",
    "sync_now": "Sync with the remote now (once sync is set up)",
    "enter": "The topic on the whole screen",
    "next_up": "Go to the topic to learn next",
    "help": "Every key",
    "step_level(-1)": "The level before",
    "step_level(1)": "The level after",
    "quit": "Leave the app (every change is saved)",
}
"""What each command does, in a few words, under its title in the palette."""


def link_commands(app: PaletteHost) -> Iterable[SystemCommand]:
    """Every link of the focused topic, each its own command."""
    item = app.main.item if app.main.is_mounted else None
    for link in item.links if item else ():
        # The palette reads titles as markup: roadmap text must stay literal.
        yield SystemCommand(
            markup_literal(f"Open link: {link.title}"),
            markup_literal(f"{link.kind} · {link.url}"),
            lambda url=link.url: app.open_url(url),
        )


def roadmap_choices(
    data_dir: Path, open_now: Path | None
) -> tuple[list[tuple[str, str, str]], str | None]:
    """ "Open roadmap…"'s choices: (path, title, where it comes from) for the bundled
    roadmap and each imported one, and the open one's (``open_now``; None: bundled)."""
    from roadmap_tui.base.errors import RoadmapTuiError
    from roadmap_tui.roadmap.load import available_roadmaps, bundled_roadmap_path, load_roadmap

    opened = (open_now or bundled_roadmap_path()).resolve()
    options: list[tuple[str, str, str]] = []
    try:
        found = available_roadmaps(data_dir)
    except RoadmapTuiError as exc:  # the imported ones can't be listed: say so in the list
        found = [("bundled", bundled_roadmap_path()), ("imported", exc.path or data_dir)]
    for origin, path in found:
        try:
            title = load_roadmap(path).title
        except RoadmapTuiError:
            title = f"{path.name} (cannot be read)"
        options.append((str(path), title, "bundled" if origin == "bundled" else path.name))
    current = next((value for value, _, _ in options if Path(value).resolve() == opened), None)
    return options, current
