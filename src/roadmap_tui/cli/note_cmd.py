"""`note ID [TEXT | - | --clear]`: a topic's note from a script. Without TEXT it prints
the note; ``-`` reads the note from stdin; ``--clear`` removes it. Saved like the app's
notes (under the lock, merged per topic, a note on its own clock)."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from roadmap_tui.base.errors import RoadmapTuiError
from roadmap_tui.base.text import visible
from roadmap_tui.cli.commands import TOPICS_HINT, load_writable, open_context
from roadmap_tui.cli.output import to_stderr, warn
from roadmap_tui.roadmap.model import typed_id

MAX_NOTE_BYTES = 1024 * 1024
"""The longest note `note -` reads from stdin (a note is a few lines; this is a guard)."""


def cmd_note(args: argparse.Namespace, out: TextIO) -> int:
    if args.clear and args.text is not None:
        raise RoadmapTuiError("give TEXT or --clear, not both")
    text = "" if args.clear else _stdin_note() if args.text == "-" else args.text
    ctx = open_context(args)
    index = ctx.roadmap.index()
    args.id = typed_id(args.id)
    if args.id not in index.items:
        import difflib

        close = difflib.get_close_matches(args.id, list(index.items), n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise RoadmapTuiError(
            f"no topic has the id {args.id!r} in {ctx.roadmap.title!r}.{hint} "
            f"({TOPICS_HINT} lists every id.)"
        )
    title = index.items[args.id].title
    if text is None:  # no TEXT: print the note
        saved = ctx.store.load(move_corrupt=False)  # reading never writes
        warn(ctx.store)
        note = saved.entry(args.id).note
        if note:
            out.write(visible(note) + "\n")
        return 0
    text = text.strip()
    entry = load_writable(ctx).entry(args.id)
    if entry.note != text:
        ctx.store.save_made_now({args.id: entry.with_note(text, ctx.store.clock())})
        warn(ctx.store)
    done = "Cleared the note of" if not text else "Saved the note of"
    to_stderr(visible(f"{done} {title!r}."))
    return 0


def _stdin_note() -> str:
    """The note piped in (`note ID -`): UTF-8, at most `MAX_NOTE_BYTES`."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise RoadmapTuiError("there is no standard input to read the note from")
    raw = stream.read(MAX_NOTE_BYTES + 1)
    if len(raw) > MAX_NOTE_BYTES:
        raise RoadmapTuiError(f"the note on stdin is longer than {MAX_NOTE_BYTES // 1024} KiB")
    try:
        return str(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise RoadmapTuiError("the note on stdin is not UTF-8 text") from None
