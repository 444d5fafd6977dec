"""How the command line speaks: its name in every message, and warnings on stderr, one
line each, with text from files shown literally (`visible`)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Protocol

PROG = "roadmap-tui"


class HasNotices(Protocol):
    """Anything that collects notices to show (a progress store)."""

    notices: list[str]


def say_warnings(notices: Iterable[str]) -> None:
    from roadmap_tui.base.text import visible

    for notice in notices:
        print(f"{PROG}: warning: {visible(notice)}", file=sys.stderr)


def warn(store: HasNotices) -> None:
    """Print a store's notices as warnings, and clear them."""
    say_warnings(store.notices)
    store.notices.clear()
