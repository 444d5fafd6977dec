"""The `roadmap-tui` command: `main`, its exit codes, and opening the app. The parser
is in parser.py; the subcommands live in commands.py, import_cmd.py, note_cmd.py,
restore_cmd.py, plan_cmd.py, sync_cmds.py and serve.py; none of them imports Textual:
only opening the app (`cmd_app`) does."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from roadmap_tui.base.errors import RoadmapTuiError
from roadmap_tui.base.text import visible
from roadmap_tui.cli.commands import open_context
from roadmap_tui.cli.output import (
    PROG,
    OutputError,
    guarded,
    hold_closed_std_fds,
    stderr,
    stdout_to_devnull,
    to_stderr,
)
from roadmap_tui.cli.parser import build_parser


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
    "review": "the review itself was saved",
    "restore": "the copy itself was put back",
    "plan": "the plan itself was saved",
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
    if args.command == "plan":
        return args.by is not None or args.per_week is not None or bool(args.clear)
    if args.command == "review":
        return args.id is not None or bool(args.add_imported)
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
