"""Every key binding in one place, and the one reader of the *active* bindings.

The main screen's and the app's bindings live here with their ids (what `keymap.toml`
remaps). The help screen, the command palette and the docs' key table all come from
`key_rows`, which reads the bindings a screen has now (after any remapping), so a key
changed in `keymap.toml` shows everywhere. Modal screens' own keys have no ids: they are
shown on the modal itself and are not remappable.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from textual.binding import Binding
from textual.keys import KEY_NAME_REPLACEMENTS, KEY_TO_UNICODE_NAME, Keys
from textual.screen import Screen

LEVEL_JUMP = Binding.Group("Jump to a level (1 then 2 quickly: level 12)")
DIGIT_WINDOW = 0.8
"""Seconds within which a second digit makes a two-digit level number (`1` `2`: 12)."""

MAIN_BINDINGS: list[Binding] = [
    Binding("space,x", "toggle_done", "Done", key_display="space", id="toggle-done"),
    Binding("i", "mark('in-progress')", "Doing", id="mark-in-progress"),
    Binding("s", "mark('skipped')", "Skip", id="mark-skipped"),
    Binding("S", "skip_rest", "Skip the rest", show=False, id="skip-rest"),
    Binding("r", "mark('todo')", "Reset", show=False, id="mark-todo"),
    Binding("u", "undo", "Undo", id="undo"),
    Binding("ctrl+r", "redo", "Redo", show=False, id="redo"),
    Binding("slash", "search", "Search", id="search"),
    Binding("f", "hide_done", "Hide done", show=False, id="hide-done"),
    Binding("e", "export", "Export", id="export"),
    Binding("n", "note", "Note", show=False, id="note"),
    Binding("o", "open_link", "Open link", show=False, id="open-link"),
    Binding("p", "stats", "Pace and history", show=False, id="stats"),
    Binding("t", "team", "Team", show=False, id="team"),
    Binding("R", "review", "Review finished topics", show=False, id="review"),
    Binding("enter", "enter", "Read", id="open"),
    Binding("N", "next_up", "Next up", show=False, id="next-up"),
    Binding("question_mark", "help", "Help", id="help"),
    Binding("left,h", "focus_levels", "Go to levels", show=False, id="focus-levels"),
    Binding("right,l", "focus_topics", "Go to topics", show=False, id="focus-topics"),
    Binding("tab", "switch_pane(1)", "Next pane", show=False, id="switch-pane"),
    Binding("shift+tab", "switch_pane(-1)", "Previous pane", show=False, id="switch-pane-back"),
    Binding(
        "J,shift+down", "scroll_details(1)", "Scroll details down", show=False, id="details-down"
    ),
    Binding("K,shift+up", "scroll_details(-1)", "Scroll details up", show=False, id="details-up"),
    Binding("left_square_bracket", "step_level(-1)", "Previous level", show=False, id="prev"),
    Binding("right_square_bracket", "step_level(1)", "Next level", show=False, id="next"),
    *(
        Binding(
            str(n),
            f"jump_level({n})",
            "Jump to a level",
            show=False,
            id=f"level-{n}",
            group=LEVEL_JUMP,
        )
        for n in range(10)
    ),
]

RESULT_IDS = ("toggle-done", "mark-in-progress", "mark-skipped", "mark-todo", "undo")
RESULT_BINDINGS: list[Binding] = [b for b in MAIN_BINDINGS if b.id in RESULT_IDS]
"""The keys that also work on a search result: the same bindings (same ids), so a key
remapped in keymap.toml is remapped there too."""

APP_BINDINGS: list[Binding] = [
    Binding("y", "sync_now", "Sync now", show=False, id="sync-now"),
    Binding("q", "quit", "Quit", id="quit"),
    Binding("ctrl+c", "quit", "Quit", show=False, priority=True, id="quit-ctrl-c"),
]

HELP_NOTES = {
    "undo": "this run's changes: the history starts anew each time the app opens",
    "sync_now": "once sync is set up (roadmap-tui docs sync)",
}
"""Said beside a key in the help, where its name alone would promise too much."""

NAVIGATION = {
    "focus_levels",
    "focus_topics",
    "switch_pane(1)",
    "switch_pane(-1)",
    "scroll_details(1)",
    "scroll_details(-1)",
}
"""Actions that only move focus or scroll: not worth a palette entry."""

LIST_BINDINGS: list[Binding] = [
    Binding("down,j", "cursor_down", "Down", show=False),
    Binding("up,k", "cursor_up", "Up", show=False),
    Binding("home,g", "first", "First", show=False),
    Binding("end,G", "last", "Last", show=False),
    Binding("pagedown", "page_down", "Page down", show=False),
    Binding("pageup", "page_up", "Page up", show=False),
]
"""The levels and topics panes' own keys (`enter` is the screen's: see `open`)."""

SCROLL_BINDINGS: list[Binding] = [
    Binding("down,j", "scroll_down", "Scroll down", show=False),
    Binding("up,k", "scroll_up", "Scroll up", show=False),
    Binding("home,g", "scroll_home", "Top", show=False),
    Binding("end,G", "scroll_end", "Bottom", show=False),
    Binding("pagedown", "page_down", "Page down", show=False),
    Binding("pageup", "page_up", "Page up", show=False),
]
"""The details pane's keys when it has focus, and the full-screen details'."""

DETAIL_SCREEN_BINDINGS: list[Binding] = [
    Binding("space", "page_down", "Page down", show=False),
    Binding("escape,enter,q", "close", "Close", priority=True),
]
"""The full-screen details (`enter`); its scrolling pane has `SCROLL_BINDINGS`."""

FOOTER_GIVES_WAY = ("export", "undo", "mark-skipped", "search", "mark-in-progress")
"""Footer keys hidden, in this order, when the terminal is too narrow for all of them:
`toggle-done`, `help` and `quit` always stay (the help lists every key)."""

# -- the windows' own keys: shown on each window, not remappable (no ids). The keys that
# close a window are priority bindings: the app runs them as they arrive, before handing
# on the keys typed after them, so those go to the window underneath, in order (a key
# the window's field or list handled itself would reach them after the later keys).

HELP_BINDINGS: list[Binding] = [
    Binding("escape,q,question_mark", "dismiss", "Close help", priority=True)
]
NOTE_BINDINGS: list[Binding] = [
    Binding("ctrl+s", "save", "Save note", priority=True),
    Binding("escape", "cancel", "Cancel", priority=True),
]
NOTE_QUESTION_BINDINGS: list[Binding] = [
    Binding("s", "choose('save')", "Save", priority=True),
    Binding("d", "choose('discard')", "Discard the change", priority=True),
    Binding("escape", "choose('')", "Keep editing", priority=True),
]
PICKER_BINDINGS: list[Binding] = [
    Binding("escape", "close", "Close", priority=True),
    Binding("enter", "choose", "Choose", priority=True),
    Binding("j", "move(1)", "Down", show=False),
    Binding("k", "move(-1)", "Up", show=False),
]
EXPORT_BINDINGS: list[Binding] = [
    Binding("escape", "dismiss", "Close", priority=True),
    Binding("n", "toggle_notes", "Notes in or out", show=False),
    Binding("j", "move(1)", "Down", show=False),
    Binding("k", "move(-1)", "Up", show=False),
]
"""The export window's keys (`enter` in its list or its file field exports)."""
REPLACE_BINDINGS: list[Binding] = [
    Binding("y", "choose(True)", "Replace", priority=True),
    Binding("n,escape", "choose(False)", "Keep it", priority=True),
]
STATS_BINDINGS: list[Binding] = [
    Binding("escape,q,p", "dismiss", "Close", priority=True),
    Binding("d", "plan", "Set or clear the plan", priority=True),
]
REVIEW_BINDINGS: list[Binding] = [
    Binding("escape,q", "close", "Close", priority=True),
    Binding("space,enter", "reveal", "Show the details", priority=True),
    *(Binding(str(n), f"rate({n})", f"Rate {n}", show=False, priority=True) for n in range(1, 5)),
    Binding("u", "undo", "Undo the last rating", priority=True),
    Binding("y", "answer(True)", "Yes", show=False, priority=True),
    Binding("n", "answer(False)", "No", show=False, priority=True),
    Binding("j,down", "scroll(1)", "Scroll down", show=False),
    Binding("k,up", "scroll(-1)", "Scroll up", show=False),
]
"""The review window's keys (`R`): reveal, rate 1–4, undo; y/n answer "back to in
progress?" after a forgotten topic."""
PLAN_INPUT_BINDINGS: list[Binding] = [Binding("escape", "close", "Close", priority=True)]
TEAM_BINDINGS: list[Binding] = [Binding("escape,q,t", "dismiss", "Close", priority=True)]
UNSAVED_BINDINGS: list[Binding] = [
    Binding("r", "retry", "Retry now"),
    Binding("q,ctrl+c", "quit_anyway", "Quit anyway", priority=True),
    Binding("escape", "back", "Back", priority=True),
]
SEARCH_BINDINGS: list[Binding] = [
    Binding("escape", "close", "Close search", priority=True),
    Binding("down", "results_down", "Next result", show=False),
    Binding("up", "results_up", "Previous result", show=False),
    Binding("enter", "choose", "Go to topic", priority=True),
]
SEARCH_RESULT_BINDINGS: list[Binding] = [
    *RESULT_BINDINGS,
    Binding("j", "cursor_down", "Down", show=False),
    Binding("k", "cursor_up", "Up", show=False),
]
"""A search result: the status keys and undo (remappable, as in the topics pane) and
vim keys to move."""


def binding_ids() -> list[str]:
    """Every binding id a keymap may remap, in the order the help lists them."""
    return [b.id for b in (*MAIN_BINDINGS, *APP_BINDINGS) if b.id]


MODIFIERS = ("alt", "ctrl", "hyper", "meta", "shift", "super")
"""Textual's modifier names, in the (sorted) order its key names use them."""
_NAMED = {"escape", "enter", "tab", "space", "backspace"} | {
    key.value
    for key in Keys
    if "+" not in key.value and not key.value.startswith("<") and key.value != "return"
}
_EXAMPLES = "names look like a, A, ctrl+f, f5, space, enter, pageup, question_mark"


def key_name(key: str) -> str:
    """``key`` as Textual names the key a terminal sends (``Ctrl+F`` is ``ctrl+f``,
    ``shift+a`` is ``A``, ``?`` is ``question_mark``, modifiers in Textual's order), or
    ValueError saying in words why no key is called that (``ctrl+shift+banana``)."""
    text = key.strip()
    if text == "+" or text.endswith("++"):
        parts = [*filter(None, text[:-1].split("+")), "+"]
    else:
        parts = text.split("+")
    *given, base = parts
    mods = sorted({mod.lower() for mod in given})
    unknown = [mod for mod in given if mod.lower() not in MODIFIERS]
    if unknown or len(mods) != len(given):
        raise ValueError(f"{key!r} is not a key: modifiers are {', '.join(MODIFIERS)}, once each")
    if len(base) == 1:
        base = _character_name(key, base, mods)
        if base.isupper() and mods == ["shift"]:
            return base  # written both ways: it is the capital letter
        if len(base) == 1 and base.isalpha() and mods:
            base = base.lower()  # ctrl+F: terminals send the same as ctrl+f
    else:
        base = "enter" if base.lower() == "return" else base.lower()
        if base not in _NAMED and not _is_character_name(base):
            raise ValueError(f"{key!r} is not a key the app can receive ({_EXAMPLES})")
    if mods == ["shift"] and len(base) == 1:
        return base.upper() if base.isalpha() else _no_shifted(key)
    return "+".join([*mods, base])


def _character_name(key: str, char: str, mods: list[str]) -> str:
    """A typed character's key name: ``a``, ``A``, ``question_mark``."""
    if char.isalnum() and char.isprintable():
        return char
    name = unicodedata.name(char, "").lower().replace("-", "_").replace(" ", "_")
    name = KEY_NAME_REPLACEMENTS.get(name, name)
    if not _is_character_name(name):
        raise ValueError(f"{key!r} is not a key the app can receive ({_EXAMPLES})")
    return name


def _is_character_name(name: str) -> bool:
    """``question_mark``, ``slash``, ``division_sign``: the name Textual gives a typed
    mark. Emoji and other pictures are no keys (``banana``, although Unicode names one)."""
    original = {value: key for key, value in KEY_NAME_REPLACEMENTS.items()}.get(name, name)
    try:
        char = unicodedata.lookup(KEY_TO_UNICODE_NAME.get(original, original.replace("_", " ")))
    except KeyError:
        return False
    return (
        char.isprintable()
        and not char.isalnum()
        and not char.isspace()
        and unicodedata.category(char) != "So"
    )


def _no_shifted(key: str) -> str:
    raise ValueError(f"{key!r} never reaches the app: write the character shift types, like !")


def default_keys() -> dict[str, str]:
    """Every remappable binding id and its default keys."""
    return {b.id: b.key for b in (*MAIN_BINDINGS, *APP_BINDINGS) if b.id}


def fixed_keys() -> dict[str, str]:
    """Keys the panes and Textual keep for themselves, and what they do there."""
    fixed = {"ctrl+p": "the command palette"}
    for binding in LIST_BINDINGS:  # the levels' and the topics' own keys
        for key in binding.key.split(","):
            fixed.setdefault(key.strip(), f"the lists' {binding.description}")
    return fixed


@dataclass(frozen=True, slots=True)
class KeyRow:
    """One line of the help: the keys bound now, what they do, the ids to remap them."""

    keys: tuple[str, ...]
    description: str
    action: str
    binding_ids: tuple[str, ...]  # () for a group of bindings (the level digits)


PALETTE = "Command palette (every action, themes)"


def _ours(binding: Binding) -> bool:
    """A binding of roadmap-tui's own (not one of Textual's stock keys, such as
    focus-previous or copy-selected-text, that mean nothing here)."""
    if binding.id in binding_ids() or binding.action == "command_palette":
        return True
    widget_keys = [*LIST_BINDINGS, *SCROLL_BINDINGS]
    return any(
        isinstance(own, Binding)
        and (own.action, own.description) == (binding.action, binding.description)
        for own in widget_keys
    )


def key_rows(screen: Screen[Any]) -> list[KeyRow]:
    """The screen's active bindings of our own, one row per action (a group's bindings
    share one row), in the order of `MAIN_BINDINGS` and `APP_BINDINGS`, with the keys
    as the app displays them now."""
    order = binding_ids()
    keys: dict[tuple[str, str], list[tuple[int, str]]] = {}
    ids: dict[tuple[str, str], list[str]] = {}
    first: dict[tuple[str, str], Binding] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or not _ours(binding):
            continue
        row = (
            (binding.group.description, "")
            if binding.group
            else (
                binding.description,
                binding.action,
            )
        )
        display = screen.app.get_key_display(replace(binding, key=key, key_display=None))
        place = order.index(binding.id) if binding.id in order else len(order)
        if display not in (shown for _, shown in keys.setdefault(row, [])):
            keys[row].append((place, display))
        if binding.id and not binding.group and binding.id not in ids.setdefault(row, []):
            ids[row].append(binding.id)
        first.setdefault(row, binding)

    def rank(row: tuple[str, str]) -> int:
        if first[row].action == "command_palette":
            return len(order) + 1
        known = [order.index(i) for i in ids.get(row, []) if i in order]
        binding_id = first[row].id
        if not known and binding_id in order:
            known = [order.index(binding_id)]
        return min(known, default=len(order))

    return [
        KeyRow(
            tuple(display for _, display in sorted(keys[row], key=lambda pair: pair[0])),
            PALETTE if first[row].action == "command_palette" else row[0],
            first[row].action,
            tuple(sorted(ids.get(row, []), key=order.index)),
        )
        for row in sorted(keys, key=rank)
    ]
