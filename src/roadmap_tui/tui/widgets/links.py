"""Opening a topic's link where the user is (`o`, and the palette's "Open link").

Textual's own `App.open_url` calls `webbrowser.open` on the UI thread; with no display
(over SSH, on a console) Python's webbrowser falls back to text browsers (lynx, w3m),
which take over the terminal while the app still draws on it, and the app freezes
until they exit. Here instead:

* in a graphical session (DISPLAY or WAYLAND_DISPLAY on Linux and other Unixes; macOS
  and Windows always) and not over SSH: the system's opener (``xdg-open``, ``open``,
  Windows' file association) is started from a worker thread, detached from the
  terminal (its own session, no terminal input or output), and never waited for: a
  text browser it might pick cannot grab the terminal;
* over SSH (SSH_CONNECTION or SSH_TTY set), without a display, or when no opener is
  installed: the address is shown in a notice as a clickable terminal hyperlink
  (OSC 8) and copied to the clipboard with OSC 52; the notice says so.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from shutil import which as find_program
from subprocess import DEVNULL, Popen
from typing import Any

from textual.app import App

from roadmap_tui.base.text import visible
from roadmap_tui.tui.widgets.common import markup_literal

OPENERS = (("xdg-open",), ("gio", "open"), ("x-www-browser",))
"""Linux and other Unixes: the first of these found on PATH opens a link."""

_UNQUOTED = str.maketrans({'"': "%22", "'": "%27", "\\": "%5C", " ": "%20"})


def where(environ: Mapping[str, str] | None = None, platform: str | None = None) -> str:
    """ "browser" in a graphical session; otherwise why not: "ssh" or "no-display"."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if environ.get("SSH_CONNECTION") or environ.get("SSH_TTY"):
        return "ssh"
    if platform == "darwin" or platform.startswith("win"):
        return "browser"
    return "browser" if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY") else "no-display"


def opener(
    url: str, platform: str | None = None, which: Callable[[str], str | None] | None = None
) -> list[str] | None:
    """The command that hands ``url`` to the desktop's browser (None: none installed)."""
    platform = sys.platform if platform is None else platform
    which = find_program if which is None else which
    if platform == "darwin":
        return ["open", url]
    for command in OPENERS:
        path = which(command[0])
        if path is not None:
            return [path, *command[1:], url]
    return None


def launch(url: str) -> bool:
    """Start the desktop's browser on ``url`` without waiting for it; False when there
    is no way to (no opener installed, or it could not be started)."""
    try:
        if sys.platform.startswith("win"):
            os.startfile(url)  # type: ignore[attr-defined,unused-ignore]
            return True
        command = opener(url)
        if command is None:
            return False
        Popen(
            command,
            stdin=DEVNULL,
            stdout=DEVNULL,
            stderr=DEVNULL,
            start_new_session=True,  # no controlling terminal: it can never take ours
            close_fds=True,
        )
    except OSError:
        return False
    return True


def link_markup(url: str, room: int | None = None) -> str:
    """``url`` as Textual markup for a clickable link showing the address itself — cut
    with "…" to ``room`` cells, so it is never wrapped (the link keeps it whole). The
    target's quotes and backslashes are percent-encoded (the same address to a browser),
    so nothing in it can end the markup's quoted value. Backslashes that end the address
    are shown percent-encoded too: in Textual markup one would escape the closing tag."""
    text = visible(url)
    if room is not None and len(text) > room:
        text = text[: max(room - 1, 8)] + "…"
    shown = markup_literal(text)
    bare = shown.rstrip("\\")
    shown = bare + "%5C" * (len(shown) - len(bare))
    return f'[link="{visible(url).translate(_UNQUOTED)}"]{shown}[/link]'


TOAST_WIDTH, TOAST_FRAME = 60, 4
"""A notice's width (Textual's toast: 60 cells, half the screen at most) and its
border and padding."""

REASONS = {
    "ssh": "Over SSH",
    "no-display": "No graphical display here",
    "no-opener": "No browser opener found",
}


def show_link(app: App[Any], url: str, reason: str) -> None:
    """The address as a clickable link in a notice, and on the clipboard (OSC 52)."""
    app.copy_to_clipboard(url)
    room = min(TOAST_WIDTH, app.size.width // 2) - TOAST_FRAME  # Textual's toast
    app.notify(
        f"{REASONS[reason]}: copied the link to your clipboard. "
        f"Click or paste it:\n{link_markup(url, room)}",
        title="Link",
        timeout=20,
    )


def open_link(app: App[Any], url: str) -> None:
    """Open ``url`` the way that suits this session; the UI never waits for it."""
    route = where()
    if route != "browser":
        show_link(app, url, route)
        return

    def start() -> None:
        if not launch(url):
            app.call_from_thread(show_link, app, url, "no-opener")

    app.run_worker(start, thread=True, group="open-link", exit_on_error=False)
    app.notify(f"Opening {markup_literal(url)} in your browser", timeout=3)
