"""`roadmap-tui serve`: the same app in a browser, through textual-serve (the `web` extra).

Local, offline and private by default (docs/usage.md, "In a browser"):

- it binds to 127.0.0.1; another address needs ``--public`` and gets a warning;
- the address it prints carries a random token, like Jupyter's. The page, the
  websocket that drives the app and the downloads refuse any request without it; the
  first visit trades the token for an HTTP-only, same-site cookie and drops it from
  the address bar. The websocket also refuses pages of another origin. The token is
  printed once, to the terminal that ran `serve`: there is no access log;
- the page is our own (`web/page.html`): it loads only textual-serve's scripts and the
  fonts in its wheel, from this server, never a web font from the internet;
- every tab runs its own `roadmap-tui` process on the same progress (the store merges
  them); ctrl+c stops them all, each saving first, and leaves no process behind.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import os
import secrets
import shlex
import signal
import socket
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from roadmap_tui.base.errors import RoadmapTuiError
from roadmap_tui.cli.output import PROG, to_stderr

PAGE = Path(__file__).parent / "web"
STOP_SECONDS = 10.0  # how long the apps get to save and exit at ctrl+c


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def free_port(host: str) -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((host.strip("[]"), 0))
        port: int = probe.getsockname()[1]
        return port


def app_command(args: argparse.Namespace) -> str:
    """The command each tab runs: this roadmap-tui, on the same roadmap and data folder."""
    argv = [sys.executable, "-m", "roadmap_tui"]
    roadmap = getattr(args, "roadmap", None)
    if roadmap:
        path = Path(roadmap).expanduser()
        argv += ["--roadmap", str(path.resolve()) if path.exists() else roadmap]
    data = getattr(args, "data_dir", None)
    if data:
        argv += ["--data-dir", str(Path(data).expanduser().resolve())]
    return "exec " + " ".join(shlex.quote(part) for part in argv)


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    host: str = args.host
    if not is_loopback(host) and not args.public:
        raise RoadmapTuiError(
            f"serving on {host} lets other machines reach your progress and notes; "
            "add --public to say that is what you want",
            exit_code=2,
        )
    try:
        from roadmap_tui.cli.web_server import TokenServer
    except ImportError:
        raise RoadmapTuiError(
            "serving in a browser needs the web extra: "
            'pip install "roadmap-tui[web]" (or pipx inject roadmap-tui textual-serve)',
            exit_code=1,
        ) from None
    if not is_loopback(host):
        to_stderr(
            f"{PROG}: warning: serving on {host}: anyone who can reach this machine and has "
            "the address below can use your progress"
        )
    try:
        port = args.port or free_port(host)
    except OSError as exc:
        raise RoadmapTuiError(
            f"cannot serve on {host}: {exc.strerror or exc}", exit_code=1
        ) from None
    token = secrets.token_urlsafe(24)
    server = TokenServer(app_command(args), host, port, token, PAGE, STOP_SECONDS)
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{port}/?token={token}"

    opener: list[Path] = []

    def started() -> None:
        out.write(f"roadmap-tui in a browser: {address}\n(ctrl+c stops it)\n")
        out.flush()
        if args.open:
            opener.append(open_in_browser(address))

    server.before_stop = ask_apps_to_stop
    _own_group()
    try:
        server.run(started)
    except OSError as exc:
        raise RoadmapTuiError(
            f"cannot serve on {shown}:{port}: {exc.strerror or exc}", exit_code=1
        ) from None
    finally:
        stop_apps()
        for page in opener:
            with contextlib.suppress(OSError):
                page.unlink()
    return 0


def open_in_browser(address: str) -> Path:
    """Open ``address`` in the desktop browser through a page only this user can read
    (as Jupyter does): the token never appears in the browser's command line, which
    every user of the machine can list."""
    import html
    import tempfile
    import webbrowser

    fd, name = tempfile.mkstemp(prefix="roadmap-tui-", suffix=".html")  # mode 0600
    with os.fdopen(fd, "w", encoding="utf-8") as page:
        target = html.escape(address, quote=True)
        page.write(
            f'<!DOCTYPE html><meta charset="utf-8"><meta http-equiv="refresh" '
            f'content="0;url={target}"><a href="{target}">Open roadmap-tui</a>\n'
        )
    path = Path(name)
    webbrowser.open(path.as_uri())
    return path


def _own_group() -> None:
    """Lead a process group of our own, so that every tab's app can be found and
    stopped (textual-serve starts them as our children, and leaves them when killed)."""
    if hasattr(os, "setpgid"):
        with contextlib.suppress(OSError):  # already a group (or session) leader
            os.setpgid(0, 0)


def ask_apps_to_stop() -> None:
    """SIGTERM to every tab's app (each saves what it has and exits at once), so that
    closing the server's connections does not wait for them."""
    for pid in _children():
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)


def stop_apps(timeout: float = STOP_SECONDS) -> None:
    """Every app still running under this server: asked to stop (SIGTERM: each saves
    what it has, or keeps it in a recovery journal), then killed after ``timeout``."""
    if not hasattr(os, "killpg"):
        return
    children = _children()
    for pid in children:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while children and time.monotonic() < deadline:
        children = [pid for pid in children if _alive(pid)]
        time.sleep(0.05)
    for pid in children:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    for pid in children:
        _alive(pid)


def _alive(pid: int) -> bool:
    """Whether ``pid`` still runs (reaping it if it is our child and has ended)."""
    with contextlib.suppress(ChildProcessError, OSError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return False
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def _children() -> list[int]:
    """The processes whose parent is this one (from /proc where there is one; else the
    other members of our process group are found by signalling it)."""
    me = os.getpid()
    found: list[int] = []
    proc = Path("/proc")
    if proc.is_dir():
        for entry in proc.iterdir():
            if not entry.name.isdigit():
                continue
            with contextlib.suppress(OSError, ValueError, IndexError):
                stat = (entry / "stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                if ppid == me:
                    found.append(int(entry.name))
        return found
    previous: Any = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        with contextlib.suppress(OSError):
            os.killpg(os.getpgrp(), signal.SIGTERM)
    finally:
        signal.signal(signal.SIGTERM, previous)
    return found
