"""The user's key remapping (docs/usage.md, "Changing keys").

``keymap.toml`` maps the id of a key binding (listed by the app's `?` help and by
`roadmap-tui keys`) to the keys that should trigger it, comma-separated::

    [keys]
    toggle-done = "space,enter"
    mark-skipped = "minus"
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable
from pathlib import Path

from roadmap_tui.errors import RoadmapTuiError
from roadmap_tui.files import read_text


def load_keymap(path: Path, known_ids: Iterable[str]) -> dict[str, str]:
    """The remapping in ``path`` ({} when there is no file), or one clear error."""
    if not os.path.lexists(path):  # (a symlink loop or a dangling link is reported)
        return {}
    text = read_text(path, "keymap", RoadmapTuiError)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RoadmapTuiError(f"not valid TOML: {exc}", path=path) from None
    except RecursionError:
        raise RoadmapTuiError("values are nested too deeply to be a keymap", path=path) from None
    keys = data.get("keys", {})
    if set(data) - {"keys"} or not isinstance(keys, dict):
        raise RoadmapTuiError('a keymap holds one table, [keys]: binding id = "keys"', path=path)
    known = sorted(set(known_ids))
    for binding_id, value in keys.items():
        if binding_id not in known:
            raise RoadmapTuiError(
                f"no key binding has the id {binding_id!r}; ids: {', '.join(known)}", path=path
            )
        if not isinstance(value, str) or not value.strip():
            raise RoadmapTuiError(
                f'{binding_id} must be a string of keys, like "space,enter"', path=path
            )
    return {key: value.replace(" ", "") for key, value in keys.items()}
