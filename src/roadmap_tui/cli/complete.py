"""Shell completion for bash, zsh and fish, through argcomplete.

Why argcomplete rather than shtab: it completes fish as well as bash and zsh, and it
asks the program itself at each TAB, so the ids it offers are the roadmap's own — the
topic ids `mark` and `note` take, the levels `topics` takes, the imported roadmaps
`--roadmap` takes — whatever roadmap `--roadmap` names on the line. The program pays
nothing for it otherwise: `launch.main` looks for argcomplete's variable before
anything else is imported, and `status --short` never reaches this module.

`roadmap-tui completion SHELL` prints the script to load (docs/usage.md, "Shell
completion").
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from roadmap_tui.base.errors import RoadmapTuiError

SHELLS = ("bash", "zsh", "fish")
Completer = Callable[..., list[str]]


def complete(parser: argparse.ArgumentParser) -> None:
    """Answer the shell's completion request for ``parser`` (the command line's);
    argcomplete exits the process."""
    import argcomplete

    attach(parser)
    argcomplete.autocomplete(parser, always_complete_options=False)


def cmd_completion(args: argparse.Namespace, out: TextIO) -> int:
    import argcomplete

    out.write(argcomplete.shellcode(["roadmap-tui"], shell=args.shell))
    return 0


# --------------------------------------------------------------------------- completers


def _roadmap(parsed: argparse.Namespace) -> Any:
    """The roadmap the line names (`--roadmap`), or None where it can't be read
    quietly: a Markdown checklist would be imported, and completion never writes."""
    from roadmap_tui.base.paths import data_dir, resolve_roadmap
    from roadmap_tui.roadmap.load import bundled_roadmap_path, load_roadmap

    name = getattr(parsed, "roadmap", None)
    if name is not None and name.lower().endswith((".md", ".markdown")):
        return None
    try:
        base = data_dir(getattr(parsed, "data_dir", None))
        path = bundled_roadmap_path() if name is None else resolve_roadmap(name, base)
        return load_roadmap(path)
    except (RoadmapTuiError, OSError):
        return None


def topic_ids(parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    roadmap = _roadmap(parsed_args)
    return [] if roadmap is None else list(roadmap.index().items)


def mark_ids(parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    roadmap = _roadmap(parsed_args)
    if roadmap is None:
        return []
    return [level.id for level in roadmap.levels] + list(roadmap.index().items)


def level_names(parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    roadmap = _roadmap(parsed_args)
    if roadmap is None:
        return []
    return [str(n) for n in range(len(roadmap.levels))] + [lv.id for lv in roadmap.levels]


def statuses(**_: Any) -> list[str]:
    from roadmap_tui.roadmap.model import Status

    return [s.value for s in Status] + ["doing", "skip"]


def ratings(**_: Any) -> list[str]:
    from roadmap_tui.progress.reviews import RATINGS

    return list(RATINGS)


def roadmap_names(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    """Imported roadmaps' ids, then files (TOML and Markdown) and folders on the way."""
    from roadmap_tui.base.paths import data_dir
    from roadmap_tui.roadmap.load import imported

    try:
        ids = [p.stem for p in imported(data_dir(getattr(parsed_args, "data_dir", None)))]
    except (RoadmapTuiError, OSError):
        ids = []
    return ids + _files(prefix, (".toml", ".md", ".markdown"))


def imported_ids(parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    from roadmap_tui.base.paths import data_dir
    from roadmap_tui.roadmap.load import imported

    try:
        return [p.stem for p in imported(data_dir(getattr(parsed_args, "data_dir", None)))]
    except (RoadmapTuiError, OSError):
        return []


def guide_names(**_: Any) -> list[str]:
    from roadmap_tui.cli.docs_cmd import guides

    return list(guides())


def _files(prefix: str, suffixes: tuple[str, ...]) -> list[str]:
    folder, _, start = prefix.rpartition("/")
    where = Path(folder or ".")
    try:
        entries = sorted(where.iterdir())
    except OSError:
        return []
    shown = []
    for entry in entries:
        if not entry.name.startswith(start) or (entry.name.startswith(".") and not start):
            continue
        text = f"{folder}/{entry.name}" if folder else entry.name
        if entry.is_dir():
            shown.append(text + "/")
        elif entry.name.lower().endswith(suffixes):
            shown.append(text)
    return shown


COMPLETERS: dict[tuple[str, str], Completer] = {
    ("mark", "id"): mark_ids,
    ("mark", "status"): statuses,
    ("note", "id"): topic_ids,
    ("review", "id"): topic_ids,
    ("review", "rating"): ratings,
    ("topics", "level"): level_names,
    ("import", "update"): imported_ids,
    ("docs", "topic"): guide_names,
}
"""(subcommand, argument) -> what completes it; `--roadmap` everywhere."""


def attach(parser: argparse.ArgumentParser, command: str = "") -> None:
    """Give the parser's arguments (and its subcommands', recursively) their completers."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                attach(sub, command or name)
        elif "--roadmap" in action.option_strings:
            action.completer = roadmap_names  # type: ignore[attr-defined]
        elif (command, action.dest) in COMPLETERS:
            action.completer = COMPLETERS[command, action.dest]  # type: ignore[attr-defined]
