"""Where roadmap-tui's files are, as plain strings, importing next to nothing.

`status --short` runs from shell prompts every few seconds and must start in a few
milliseconds, before `pathlib` (or anything else it can do without) is imported;
`roadmap_tui.base.paths` and `roadmap_tui.roadmap.load` use these same functions, so both
routes agree on every location.
"""

from __future__ import annotations

import os

APP_NAME = "roadmap-tui"
DATA_DIR_ENV = "ROADMAP_TUI_DATA_DIR"
CACHE_DIR_ENV = "ROADMAP_TUI_CACHE_DIR"
CONFIG_DIR_ENV = "ROADMAP_TUI_CONFIG_DIR"

CACHE_FORMAT = 3  # 2: links carry their `checked` day; 3: items per level, leaf groups
BUNDLED_NAME = "roadmap.toml"


def data_folder(override: str | None = None) -> str:
    """``--data-dir``, else ``$ROADMAP_TUI_DATA_DIR``, else platformdirs' data folder."""
    if override:
        return os.path.expanduser(override)
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return os.path.expanduser(env)
    import platformdirs

    return platformdirs.user_data_dir(APP_NAME, appauthor=False)


def cache_folder() -> str:
    """``$ROADMAP_TUI_CACHE_DIR``, else platformdirs' per-user cache folder."""
    env = os.environ.get(CACHE_DIR_ENV)
    if env:
        return os.path.expanduser(env)
    import platformdirs

    return platformdirs.user_cache_dir(APP_NAME, appauthor=False)


def bundled_file() -> str:
    """The bundled Backend roadmap, inside the installed package.

    The wheel carries `data/roadmap.toml` as package data (pyproject's force-include).
    An editable install (`pip install -e .`) maps the package to `src/` and carries no
    package data; only then is the checkout's own `data/roadmap.toml` used."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # roadmap_tui/
    path = os.path.join(package, "data", BUNDLED_NAME)
    if not os.path.exists(path):
        src = os.path.dirname(package)
        checkout = os.path.join(os.path.dirname(src), "data", BUNDLED_NAME)
        if os.path.basename(src) == "src" and os.path.exists(checkout):
            return checkout
    return path


def cache_entry(data: bytes) -> str:
    """The file name, in the cache folder's ``roadmaps`` folder, of the validated form
    of the roadmap whose file holds ``data``: keyed by the bytes (so a cached roadmap is
    found without decoding its file), roadmap-tui's version and Python's (marshal's
    format may change between Python versions)."""
    # zlib's checksums instead of hashlib: the same job here (telling files apart, not
    # resisting forgery: a cache entry is only ever our own validated output) at a
    # fraction of the start-up cost. Length and two independent checksums make a
    # collision between two real roadmap files practically impossible.
    import sys
    import zlib

    from roadmap_tui import __version__

    head = f"{CACHE_FORMAT}.{__version__}.{sys.version_info[:2]}\0".encode()
    crc = zlib.crc32(data, zlib.crc32(head))
    adler = zlib.adler32(data, zlib.adler32(head))
    return f"{len(head) + len(data):x}-{crc:08x}{adler:08x}.marshal"
