"""Small inputs and runners shared by several test modules."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from roadmap_tui.base.paths import progress_path
from roadmap_tui.progress.entries import Entry
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.model import Status

# The seed the bundled roadmap was made from, damaged encoding and all (tests/data/README.md).
TESTS = Path(__file__).resolve().parent.parent  # tests/ (this file is in tests/support/)
REPO = TESTS.parent
GOLDEN = TESTS / "golden"
CORPUS = TESTS / "data" / "checklists"  # real public checklists (their README: sources)
SEED = TESTS / "data" / "backend-roadmap.md"


def roadmap_text(rid: str, title: str, *levels: dict[str, Any], **extra: Any) -> str:
    """A roadmap file in our TOML format, its levels made with `level()`."""
    return tomli_w.dumps({"format": 1, "id": rid, "title": title, **extra, "levels": list(levels)})


def level(lid: str, title: str, *items: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A level for `roadmap_text`; its topics are made with `topic()`."""
    return {"id": lid, "title": title, **extra, "items": list(items)}


def topic(tid: str, title: str, *children: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A topic for `level()`, with sub-topics made with `topic()` too."""
    return {"id": tid, "title": title, **extra} | ({"children": list(children)} if children else {})


TINY = """\
format = 1
id = "tiny"
title = "Tiny Roadmap"

[[levels]]
id = "one"
title = "First Steps"

[[levels.items]]
id = "alpha"
title = "Alpha"

[[levels.items]]
id = "beta"
title = "Beta"
"""


def app_without_a_terminal() -> subprocess.CompletedProcess[str]:
    """`python -m roadmap_tui` (the app) with no terminal on stdin."""
    return subprocess.run(
        [sys.executable, "-m", "roadmap_tui"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


class LockHolder:
    """Another process holding a progress file's lock (as a second roadmap-tui would),
    until ``release()``."""

    SCRIPT = (
        "import sys, filelock\n"
        "lock = filelock.FileLock(sys.argv[1])\n"
        "lock.acquire()\n"
        "print('held', flush=True)\n"
        "sys.stdin.read()\n"
    )

    def __init__(self, progress_file: Path) -> None:
        progress_file.parent.mkdir(parents=True, exist_ok=True)
        lock = progress_file.with_name(progress_file.name + ".lock")
        self.process = subprocess.Popen(
            [sys.executable, "-c", self.SCRIPT, str(lock)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "held"

    def release(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=30)

    def __enter__(self) -> LockHolder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand: every call returns the current value."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def tick(self, **delta: float) -> None:
        self.now += timedelta(**delta)


ROADMAP_HEAD = 'format = 1\nid = "deep"\ntitle = "Deep"\n\n[[levels]]\nid = "l"\ntitle = "L"\n'


def dotted_nesting(depth: int) -> str:
    """``depth`` items each the only child of the one before, as [[...]] headers."""
    parts = [ROADMAP_HEAD]
    key = "levels.items"
    for n in range(depth):
        parts.append(f'\n[[{key}]]\nid = "d{n}"\ntitle = "Deep {n}"\n')
        key += ".children"
    return "".join(parts)


MARKUP = "[bold red]x[/]"
HOSTILE = f"{MARKUP} \x1b[2J \x07 \x9b31m $(rm -rf ~) `whoami`"
HOSTILE_ROADMAP = tomli_w.dumps(
    {
        "format": 1,
        "id": "hostile",
        "title": f"Title {HOSTILE}",
        "description": f"Description {HOSTILE} \x1b]0;pwned\x07",
        "levels": [
            {
                "id": "lvl",
                "title": f"Level {HOSTILE}",
                "goal": f"Goal {HOSTILE}",
                "tip": f"Tip {HOSTILE}",
                "note": f"Note {HOSTILE}",
                "items": [
                    {
                        "id": "evil",
                        "title": f"Item {HOSTILE}",
                        "details": f"Details {HOSTILE}",
                        "description": f"Description {HOSTILE}",
                        "links": [{"title": f"Link {HOSTILE}", "url": "https://example.com/"}],
                    },
                    {"id": "plain", "title": "Plain"},
                ],
            }
        ],
    }
)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`roadmap-tui ARGV` in this process: its exit code, stdout and stderr."""
    from roadmap_tui.cli.main import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(stderr: bytes | str, kind: str = "error", says: Iterable[str] = ()) -> str:
    """The single line on stderr, starting `roadmap-tui: <kind>: ` and saying ``says``."""
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    assert "Traceback" not in text, text
    lines = text.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{text}"
    assert lines[0].startswith(f"roadmap-tui: {kind}: "), lines[0]
    for word in says:
        assert word in lines[0], lines[0]
    return lines[0]


def run_python(
    *args: str, cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`python ARGS` in a fresh process (its own imports, its own exit), as text."""
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        cwd=cwd,
        check=False,
    )


def run_module(
    *argv: str, cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`python -m roadmap_tui ARGV` in a fresh process."""
    return run_python("-m", "roadmap_tui", *argv, cwd=cwd, timeout=timeout)


def store_at(data: Path, roadmap_id: str = "backend") -> ProgressStore:
    """The progress store of ``roadmap_id`` in the data folder ``data``."""
    return ProgressStore(progress_path(data, roadmap_id), roadmap_id)


def entries_at(data: Path, roadmap_id: str = "backend") -> dict[str, Entry]:
    """What the progress file in ``data`` holds now, as another process would read it."""
    return store_at(data, roadmap_id).load().entries


def tick_at(data: Path, item: str, status: Status, when: datetime) -> None:
    """Save ``item`` as ``status`` at ``when`` in ``data``, as another machine would."""
    store = store_at(data)
    store.save({item: store.load().entry(item).with_status(status, when)})


def linked(checked: object) -> str:
    """A roadmap whose first link was last checked on ``checked``."""
    links = [
        {"title": "A", "url": "https://example.org/a", "kind": "docs", "checked": checked},
        {"title": "B", "url": "https://example.org/b"},
    ]
    return roadmap_text(
        "linked", "Linked", level("one", "One", topic("alpha", "Alpha", links=links))
    )


def finished_days_ago(now: datetime, finished: dict[str, int], took: int = 2) -> dict[str, Entry]:
    """Entries of topics done ``finished[id]`` days before ``now``, each started ``took``
    days before it was finished: a history for pace, streaks and the heatmap."""
    return {
        key: Entry(
            Status.DONE,
            now - timedelta(days=ago),
            started=now - timedelta(days=ago + took),
            finished=now - timedelta(days=ago),
        )
        for key, ago in finished.items()
    }


def put_file(path: Path, content: str | bytes) -> Path:
    """Write ``content`` (text as UTF-8) at ``path``, making its folders first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def file_statuses(data: Path, roadmap_id: str = "backend") -> dict[str, str]:
    """The statuses written in the progress file itself (no journal merged in)."""
    path = progress_path(data, roadmap_id)
    if not path.is_file():
        return {}
    items = tomllib.loads(path.read_text(encoding="utf-8")).get("items", {})
    return {key: table["status"] for key, table in items.items()}


def progress_file(data: Path, content: str | bytes, roadmap_id: str = "backend") -> Path:
    """A progress file with ``content`` in the data folder ``data``, as a user left it."""
    return put_file(progress_path(data, roadmap_id), content)
