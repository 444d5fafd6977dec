"""The `roadmap-tui` command: the parser, `main`, and opening the app. The subcommands
live in commands.py, import_command.py and sync_commands.py; none of them imports
Textual: only opening the app (`cmd_app`) does."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from roadmap_tui import __version__
from roadmap_tui.base.errors import RoadmapTuiError
from roadmap_tui.base.text import visible
from roadmap_tui.cli.commands import (
    cmd_export,
    cmd_list,
    cmd_mark,
    cmd_path,
    cmd_status,
    cmd_topics,
    open_context,
)
from roadmap_tui.cli.import_cmd import cmd_import
from roadmap_tui.cli.output import (
    PROG,
    OutputError,
    guarded,
    hold_closed_std_fds,
    stderr,
    stdout_to_devnull,
    to_stderr,
)
from roadmap_tui.cli.sync_cmds import cmd_sync, cmd_team
from roadmap_tui.export.markdown import FORMATS
from roadmap_tui.roadmap.model import Status

"""The largest checklist `import` reads (docs/markdown.md)."""


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    """`serve`, loaded only when asked for: no other command pays for it."""
    from roadmap_tui.cli.serve import cmd_serve as serve

    return serve(args, out)


def cmd_app(args: argparse.Namespace, out: TextIO) -> int:
    import gc

    # Start-up allocates many long-lived objects; collecting while building them only
    # costs time (tens of ms). The app turns collection back on once it has painted.
    gc.disable()
    ctx = open_context(args)
    from roadmap_tui.base.paths import keymap_path
    from roadmap_tui.prefs.keymap import load_keymap
    from roadmap_tui.tui.app import RoadmapApp
    from roadmap_tui.tui.bindings import binding_ids, default_keys, fixed_keys, key_name

    keymap = load_keymap(
        keymap_path(),
        binding_ids(),
        defaults=default_keys(),
        fixed=fixed_keys(),
        key_name=key_name,
    )
    served = os.environ.get("TEXTUAL_DRIVER", "").startswith("textual.drivers.web_driver")
    if not served and not (
        sys.stdin.isatty() and sys.__stderr__ is not None and sys.__stderr__.isatty()
    ):
        raise RoadmapTuiError(
            "the app needs a terminal (keyboard and screen); in scripts use "
            "`roadmap-tui status`, `export` or `mark`"
        )

    # The saver thread needs the GIL for a moment between its system calls; with
    # Python's default 5 ms switch interval a busy UI thread would stretch a 2 ms
    # save to tens of ms. A shorter interval keeps the tick-to-disk time low.
    sys.setswitchinterval(0.0005)
    app = RoadmapApp(
        ctx.roadmap,
        ctx.store,
        data=ctx.data,
        keymap=keymap,
        handle_signals=True,
        roadmap_path=None if ctx.bundled else ctx.roadmap_path,
        after_first_paint=_collect_again,
    )
    app.run()
    if app.exit_report:  # changes that could not be saved, and where they are kept
        to_stderr(visible(app.exit_report).rstrip("\n"))
    return app.return_code or 0


def _collect_again() -> None:
    """After the app's first paint: garbage collection back on (cmd_app turned it off
    for start-up); what start-up built lives as long as the app, so it is frozen out of
    every later collection."""
    import gc

    gc.freeze()
    gc.enable()


# ----------------------------------------------------------------------------- parser


class _Parser(argparse.ArgumentParser):
    """argparse, except that --help and --version are flushed at once, so that a stdout
    that refuses them (a full disk) says so instead of exiting 0 as if they had been
    shown (`main` points sys.stdout and sys.stderr at guarded streams meanwhile)."""

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            stream = file if file is not None else sys.stdout
            stream.write(message)
            stream.flush()


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--roadmap",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="use this roadmap instead of the bundled one: a TOML file, a Markdown "
        "checklist (imported first, as `import` does) or an imported roadmap's id",
    )
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="keep progress here (default: $ROADMAP_TUI_DATA_DIR, else the per-user data folder)",
    )
    parser: argparse.ArgumentParser = _Parser(
        prog=PROG,
        description="Track your progress through a learning roadmap. "
        "Without a command, opens the app.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("status", parents=[common], help="a table of levels with bars and counts")
    shapes = p.add_mutually_exclusive_group()
    shapes.add_argument("--json", action="store_true", help="the same numbers as JSON, for scripts")
    shapes.add_argument(
        "--short",
        action="store_true",
        help="one line for a shell prompt or status bar (docs/usage.md)",
    )
    p.add_argument(
        "--format",
        metavar="TEMPLATE",
        help="the --short line's template, e.g. '{done}/{total}' (implies --short; "
        "fields in docs/usage.md)",
    )
    p.set_defaults(func=cmd_status)

    p = sub.add_parser(
        "export",
        parents=[common],
        help="progress as Markdown, an HTML page, an SVG card or JSON",
        description="Write your progress in one of these formats: "
        + "; ".join(f"{name}: {what.partition(': ')[2]}" for name, what in FORMATS.items()),
    )
    p.add_argument(
        "--format",
        choices=list(FORMATS),
        default="md",
        help="md (the default), html, svg or json",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.add_argument(
        "--notes", action="store_true", help="put your notes in (they are private: left out)"
    )
    p.set_defaults(func=cmd_export)

    statuses = ", ".join(s.value for s in Status)
    p = sub.add_parser(
        "mark",
        parents=[common],
        help="set a topic's status",
        description=f"Set a topic's status ({statuses}; aliases doing, skip). "
        "A parent's id sets all its children; a level's id, every topic of the level "
        "(skipped topics stay skipped unless --all).",
    )
    p.add_argument("id", help="the topic's (or level's) id")
    p.add_argument("status", help=statuses)
    p.add_argument(
        "--all", action="store_true", help="for a level or parent: change skipped topics too"
    )
    p.set_defaults(func=cmd_mark)

    add_note_parser(sub, common)
    add_restore_parser(sub, common)

    p = sub.add_parser(
        "import",
        parents=[common],
        help="turn a Markdown checklist into a roadmap",
        description="Turn any Markdown checklist (GitHub, Notion, Obsidian, our own export) "
        "into a roadmap file; its ticks become the new roadmap's progress. Importing the "
        "same file or URL again updates that roadmap: your progress follows its topics.",
    )
    p.add_argument(
        "file",
        metavar="FILE.md|URL",
        help="the Markdown file, or an https:// address (a raw file or a GitHub page)",
    )
    p.add_argument(
        "-o", "--output", metavar="FILE.toml", help="write here (default: your roadmaps folder)"
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="replace (update) the output file even if it is not an import of this source",
    )
    p.add_argument(
        "--update",
        metavar="ID",
        help="update the imported roadmap ID from this source (when its source moved)",
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("list", parents=[common], help="the roadmaps you have, with progress")
    p.add_argument("--json", action="store_true", help="as JSON, for scripts")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser(
        "topics",
        parents=[common],
        help="every topic's id, title and status (the ids `mark` takes)",
        description="List the topics of the roadmap, level by level, with their ids "
        "(for `roadmap-tui mark ID STATUS`), titles and statuses.",
    )
    p.add_argument("level", nargs="?", metavar="LEVEL", help="only this level (number or id)")
    p.add_argument("--json", action="store_true", help="as JSON, for scripts")
    p.set_defaults(func=cmd_topics)

    p = sub.add_parser("path", parents=[common], help="where the roadmap and progress files are")
    p.set_defaults(func=cmd_path)

    add_sync_parsers(sub, common)
    return parser


def _tolerate_any_encoding() -> None:
    """On a terminal that can't show every character (Windows' cp1252, an ASCII locale),
    text the encoding lacks becomes "?" instead of a crash (Markdown and JSON are written
    as UTF-8 bytes instead: `write_utf8`)."""
    import io

    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue
        encoding = (stream.encoding or "").lower().replace("-", "").replace("_", "")
        if not encoding.startswith("utf") and stream.errors in ("strict", "surrogateescape"):
            stream.reconfigure(errors="replace")


def add_note_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    from roadmap_tui.cli.note_cmd import cmd_note

    p = sub.add_parser(
        "note",
        parents=[common],
        help="print, set or clear a topic's note",
        description="Without TEXT: print the topic's note. With TEXT: make it the note "
        "(- reads it from stdin). --clear removes the note. Notes are private: exports "
        "leave them out unless --notes.",
    )
    p.add_argument("id", help="the topic's id (`roadmap-tui topics` lists them)")
    p.add_argument("text", nargs="?", metavar="TEXT", help="the note, or - to read it from stdin")
    p.add_argument("--clear", action="store_true", help="remove the note")
    p.set_defaults(func=cmd_note)


def add_restore_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    from roadmap_tui.cli.restore_cmd import cmd_restore

    p = sub.add_parser(
        "restore",
        parents=[common],
        help="list the backups of your progress, or put one back",
        description="Without N: list the copies kept of the progress file (daily "
        "backups, the file before an upgrade or a restore, unreadable files moved aside), "
        "newest first, with the topics done in each. With N (or a file): put that copy "
        "back, atomically; the current file is kept as a copy first.",
    )
    p.add_argument("which", nargs="?", metavar="N|FILE", help="the copy to put back")
    p.set_defaults(func=cmd_restore)


def add_sync_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "sync",
        parents=[common],
        help="merge your progress with a git remote (docs/sync.md)",
        description="Without a subcommand: merge the progress of every roadmap with the "
        "git remote, both ways. docs/sync.md explains set-up, merging and recovery.",
    )
    p.set_defaults(func=cmd_sync, sync_command=None)
    actions = p.add_subparsers(dest="sync_command", metavar="[ACTION]")
    q = actions.add_parser("init", parents=[common], help="connect this data folder to a remote")
    q.add_argument("remote", metavar="REMOTE", help="a git URL or path (empty, or a team's)")
    q.add_argument(
        "--as", dest="member", metavar="NAME", help="your name there (default: git's user.name)"
    )
    actions.add_parser("status", parents=[common], help="what is set up; when it last synced")

    p = sub.add_parser(
        "serve",
        parents=[common],
        help="the app in a browser (local, behind a token; needs roadmap-tui[web])",
        description="Serve the app to a browser on this machine. The printed address "
        "carries a token; without it the page and the app refuse you. docs/usage.md, "
        '"In a browser".',
    )
    p.add_argument("--port", type=int, default=0, help="the port (default: a free one)")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default 127.0.0.1: this machine only)",
    )
    p.add_argument(
        "--public",
        action="store_true",
        help="allow a --host other machines can reach (anyone with the address gets in)",
    )
    p.add_argument("--open", action="store_true", help="open the address in your browser")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("team", parents=[common], help="everyone's progress on the sync remote")
    p.add_argument("--json", action="store_true", help="as JSON, for scripts")
    p.set_defaults(func=cmd_team)


def main(argv: Sequence[str] | None = None, *, fast: bool = True) -> int:
    hold_closed_std_fds()
    _tolerate_any_encoding()
    if fast:  # `status --short` answers before argparse is even built (short.py)
        from roadmap_tui.cli.short import fast_status

        code = fast_status(sys.argv[1:] if argv is None else argv)
        if code is not None:
            return code
    parser = build_parser()
    # While argparse speaks (--help, --version, a usage error): its output guarded like
    # a command's, and its errors on stderr even when stderr is closed (never on stdout).
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = guarded(sys.stdout), stderr()
    try:
        args = parser.parse_args(argv)
    except OutputError as exc:  # --help or --version on a full disk
        return _fail(exc)
    except BrokenPipeError:
        stdout_to_devnull()
        return 0
    finally:
        sys.stdout, sys.stderr = streams
    args.roadmap = getattr(args, "roadmap", None)
    args.data_dir = getattr(args, "data_dir", None)
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    """Run the command ``args`` name; its exit code, every failure said in one line."""
    func = getattr(args, "func", cmd_app)
    out = guarded(sys.stdout)
    try:
        code = int(func(args, out))
        out.flush()  # now, not at exit: a full disk is reported like any other error
        return code
    except OutputError as exc:
        done = _DONE_ANYWAY.get(args.command or "")
        if done and _changed_something(args):
            exc = OutputError(f"{exc.message}; {done}")
        return _fail(exc)
    except RoadmapTuiError as exc:
        return _fail(exc)
    except BrokenPipeError:
        # `roadmap-tui export | head`: the reader left; that is not an error. What is
        # still buffered goes nowhere, so Python's own flush at exit has nothing to fail.
        stdout_to_devnull()
        return 0
    except OSError as exc:  # the last net: a system call that failed where none was expected
        return _fail(_system_refused(exc))
    except KeyboardInterrupt:
        return 130


_DONE_ANYWAY = {
    "mark": "the change itself was saved",
    "import": "the roadmap itself was imported and saved",
    "sync": "the sync itself was done",
    "note": "the note itself was saved",
    "restore": "the copy itself was put back",
}
"""What commands that change something say when only their report could not be shown."""


def _changed_something(args: argparse.Namespace) -> bool:
    """Whether the command ``args`` name changes something (its report may fail after
    the change is made), not one of the forms that only show: `sync status`, `note ID`
    without a text, `restore` without a copy to put back."""
    if args.command == "sync":
        return getattr(args, "sync_command", None) != "status"
    if args.command == "note":
        return bool(args.clear) or args.text is not None
    if args.command == "restore":
        return args.which is not None
    return True


def _system_refused(exc: OSError) -> RoadmapTuiError:
    """One sentence for an OSError no one closer to it explained (exit code 1)."""
    from roadmap_tui.base.errors import os_reason

    where = exc.filename if isinstance(exc.filename, str | bytes) else None
    where = os.fsdecode(where) if where is not None else None
    return RoadmapTuiError(f"the system refused: {os_reason(exc)}", path=where, exit_code=1)


def _fail(exc: RoadmapTuiError) -> int:
    """Say ``exc`` in one line on stderr (if stderr can still be written) and give its
    exit code. Output still buffered for stdout is dropped: it could only fail again."""
    to_stderr(f"{PROG}: error: {visible(str(exc))}")
    if isinstance(exc, OutputError):
        stdout_to_devnull()
    return exc.exit_code
