"""The `roadmap-tui` command line's parser: every subcommand, its options and help.
Building it imports the subcommands' modules, none of which imports Textual."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from roadmap_tui import __version__
from roadmap_tui.cli.commands import (
    cmd_export,
    cmd_list,
    cmd_mark,
    cmd_path,
    cmd_status,
    cmd_topics,
)
from roadmap_tui.cli.import_cmd import cmd_import
from roadmap_tui.cli.output import PROG
from roadmap_tui.cli.sync_cmds import cmd_sync, cmd_team
from roadmap_tui.export.markdown import FORMATS
from roadmap_tui.roadmap.model import Status


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    """`serve`, loaded only when asked for: no other command pays for it."""
    from roadmap_tui.cli.serve import cmd_serve as serve

    return serve(args, out)


class _Parser(argparse.ArgumentParser):
    """argparse, except that --help and --version are flushed at once, so that a stdout
    that refuses them (a full disk) says so instead of exiting 0 as if they had been
    shown (`main` points sys.stdout and sys.stderr at guarded streams meanwhile)."""

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            stream = file if file is not None else sys.stdout
            stream.write(message)
            stream.flush()


EXAMPLES = """examples:
  roadmap-tui                          open the app (? lists every key)
  roadmap-tui status --short           one line for a shell prompt
  roadmap-tui mark docker done         tick a topic (ids: roadmap-tui topics)
  roadmap-tui export -o progress.md    progress as Markdown, without your notes
  roadmap-tui import ./TODO.md         any Markdown checklist as a roadmap
  roadmap-tui docs sync                a guide, here in the terminal
  roadmap-tui completion bash          TAB completion (also zsh, fish): eval it

Each command has its own --help (roadmap-tui mark --help)."""


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--roadmap",
        metavar="FILE|ID",
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
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("status", parents=[common], help="a table of levels with bars and counts")
    shapes = p.add_mutually_exclusive_group()
    shapes.add_argument("--json", action="store_true", help="the same numbers as JSON, for scripts")
    shapes.add_argument(
        "--short",
        action="store_true",
        help="one line for a shell prompt or status bar (`roadmap-tui docs usage`)",
    )
    p.add_argument(
        "--format",
        metavar="TEMPLATE",
        help="the --short line's template, e.g. '{done}/{total}' (implies --short; "
        "fields in `roadmap-tui docs usage`)",
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
    add_review_parser(sub, common)
    add_restore_parser(sub, common)
    add_plan_parser(sub, common)

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
    p.add_argument(
        "--attach",
        action="append",
        metavar="OLD=NEW",
        help="on an update, the topic NEW takes the id OLD, and OLD's progress (an orphan "
        "the summary named as removed); repeatable",
    )
    p.add_argument(
        "--detach",
        action="append",
        metavar="ID",
        help="on an update, pair the earlier topic ID with no topic (undoes a wrong "
        "follow: its progress stays as an orphan); repeatable",
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
    add_docs_parser(sub, common)
    add_completion_parser(sub, common)
    return parser


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


def add_plan_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    from roadmap_tui.cli.plan_cmd import cmd_plan

    p = sub.add_parser(
        "plan",
        parents=[common],
        help="aim for a date (or a pace); without an option, where you stand",
        description="Set a plan for this roadmap: a day to be done by, or topics a week. "
        "Without an option: the plan, on track / N topics behind / N ahead, the projected "
        "finish at your pace, and the next topic. The plan is kept with the roadmap's "
        'progress and syncs with it (`roadmap-tui docs progress`, "A plan").',
    )
    aims = p.add_mutually_exclusive_group()
    aims.add_argument("--by", metavar="YYYY-MM-DD", help="be done by the end of this day")
    aims.add_argument(
        "--per-week", type=float, metavar="N", help="finish N topics a week (from today)"
    )
    aims.add_argument("--clear", action="store_true", help="remove the plan")
    p.set_defaults(func=cmd_plan)


def add_review_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    from roadmap_tui.cli.review_cmd import cmd_review, whole_number

    p = sub.add_parser(
        "review",
        parents=[common],
        help="the finished topics due for review today, or record a review",
        description="Without ID: the finished topics due for review today, least "
        "remembered first (scheduled by FSRS; `roadmap-tui docs review`). With ID RATING: "
        "record that you reviewed it (again = forgot, hard, good, easy; or 1-4) and see "
        "when it is next due.",
    )
    p.add_argument("id", nargs="?", metavar="ID", help="the topic reviewed")
    p.add_argument("rating", nargs="?", metavar="RATING", help="again, hard, good, easy (1-4)")
    p.add_argument("--json", action="store_true", help="the topics due, as JSON")
    p.add_argument(
        "--limit",
        type=whole_number,
        metavar="N",
        help="reviews a day (default 20, today's included)",
    )
    p.add_argument(
        "--add-imported",
        action="store_true",
        help="put imported ticks (done, but no finish time) in the queue, due tomorrow",
    )
    p.add_argument("--reset", action="store_true", help="start ID over, as if finished now")
    p.add_argument("--undo", action="store_true", help="take back ID's last review")
    p.set_defaults(func=cmd_review)


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
        help="merge your progress with a git remote (`roadmap-tui docs sync`)",
        description="Without a subcommand: merge the progress of every roadmap with the "
        "git remote, both ways. `roadmap-tui docs sync` explains set-up, merging and recovery.",
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
        "carries a token; without it the page and the app refuse you. `roadmap-tui docs usage`, "
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


def add_docs_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    from roadmap_tui.cli.docs_cmd import cmd_docs

    p = sub.add_parser(
        "docs",
        parents=[common],
        help="the guides (usage, sync, data safety, ...) in the terminal",
        description="Without TOPIC: the guides there are. With one (a name, or its "
        "start): the guide, paged when it is long; into a pipe, its Markdown text.",
    )
    p.add_argument("topic", nargs="?", metavar="TOPIC", help="e.g. usage, sync, data-safety")
    p.set_defaults(func=cmd_docs)


def add_completion_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    from roadmap_tui.cli.complete import SHELLS, cmd_completion

    p = sub.add_parser(
        "completion",
        parents=[common],
        help="the shell completion script for bash, zsh or fish",
        description="Print the script that makes TAB complete roadmap-tui's commands, "
        'options, topic ids and roadmaps. bash: eval "$(roadmap-tui completion bash)" '
        "in ~/.bashrc; zsh: the same with zsh in ~/.zshrc (after compinit); fish: "
        "roadmap-tui completion fish > ~/.config/fish/completions/roadmap-tui.fish",
    )
    p.add_argument("shell", choices=SHELLS, help="bash, zsh or fish")
    p.set_defaults(func=cmd_completion)
