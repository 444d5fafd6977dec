"""`roadmap-tui docs [TOPIC]`: the user guides that ship in the package, in the
terminal. Without TOPIC: the list. With one: the guide, rendered with rich's Markdown
and paged when it is longer than the screen; into a pipe or file, its Markdown text
as it is (for `grep`, `less` or an editor)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TextIO

from roadmap_tui.base.errors import RoadmapTuiError
from roadmap_tui.base.files import read_text
from roadmap_tui.base.locate import docs_folder


def guides() -> dict[str, Path]:
    """Every guide by its name (`sync` for sync.md), in order."""
    folder = Path(docs_folder())
    try:
        files = sorted(folder.glob("*.md"))
    except OSError:
        files = []
    return {f.stem: f for f in files}


def _title(path: Path) -> str:
    try:
        with path.open(encoding="utf-8") as handle:
            first = handle.readline()
    except (OSError, UnicodeDecodeError):
        return ""
    return first.lstrip("# ").strip()


def pick(topic: str, known: dict[str, Path]) -> Path:
    """The guide ``topic`` names: its name, in any case, or the start of one name."""
    wanted = topic.lower().removesuffix(".md")
    if wanted in known:
        return known[wanted]
    starting = [name for name in known if name.startswith(wanted)]
    if len(starting) == 1:
        return known[starting[0]]
    names = ", ".join(starting or known)
    if not known:
        raise RoadmapTuiError("the guides are not installed with this copy of roadmap-tui")
    raise RoadmapTuiError(f"no guide is called {topic!r}; the guides: {names}", exit_code=2)


def cmd_docs(args: argparse.Namespace, out: TextIO) -> int:
    known = guides()
    if args.topic is None:
        if not known:
            raise RoadmapTuiError("the guides are not installed with this copy of roadmap-tui")
        width = max(len(name) for name in known)
        for name, path in known.items():
            out.write(f"{name:<{width}}  {_title(path)}\n")
        out.write("\nroadmap-tui docs NAME shows one (a name's start is enough).\n")
        return 0
    path = pick(args.topic, known)
    text = read_text(path, "guide", RoadmapTuiError)
    if not _tty(out):
        out.write(text if text.endswith("\n") else text + "\n")
        return 0
    _show(text, out)
    return 0


def _tty(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (OSError, ValueError):
        return False


def _show(text: str, out: TextIO) -> None:
    """The guide rendered, through the pager when it is taller than the terminal."""
    from rich.console import Console
    from rich.markdown import Markdown

    console = Console(file=out, soft_wrap=False)
    document = Markdown(text, hyperlinks=True)
    lines = console.render_lines(document, console.options, pad=False)
    if len(lines) <= console.height or os.environ.get("PAGER") == "":
        console.print(document)
        return
    # The system pager (less, unless $PAGER names another) shows colours only with -R.
    less = os.environ.get("LESS", "")
    if "R" not in less.replace("-", " ").split() and "-R" not in less:
        os.environ["LESS"] = f"{less} -R".strip()
    with console.pager(styles=True):
        console.print(document)
