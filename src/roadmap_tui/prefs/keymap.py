"""The user's key remapping (docs/usage.md, "Changing keys").

``keymap.toml`` maps the id of a key binding (listed by the app's `?` help and by
`roadmap-tui keys`) to the keys that should trigger it, comma-separated::

    [keys]
    toggle-done = "space,enter"
    mark-skipped = "minus"

Key names are checked by the caller's ``key_name`` (the app passes Textual's names,
`tui.bindings.key_name`: ``Ctrl+F`` becomes ``ctrl+f``, ``ctrl+shift+banana`` is refused),
and no key may end up bound to two actions, or to one the panes keep for themselves.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from roadmap_tui.base.errors import RoadmapTuiError
from roadmap_tui.base.files import read_toml


def load_keymap(
    path: Path,
    known_ids: Iterable[str],
    *,
    defaults: Mapping[str, str] | None = None,
    fixed: Mapping[str, str] | None = None,
    key_name: Callable[[str], str] | None = None,
) -> dict[str, str]:
    """The remapping in ``path`` ({} when there is no file), or one clear error.

    ``key_name``: a key as the app names it, or ValueError saying why there is no such
    key. ``defaults``: each binding id's keys when not remapped; with them, a key bound to
    two ids is refused. ``fixed``: keys that are not remappable, and what they do."""
    if not os.path.lexists(path):  # (a symlink loop or a dangling link is reported)
        return {}
    data = read_toml(path, "a keymap")
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
    remapped = {
        binding_id: _keys(binding_id, value, key_name, path) for binding_id, value in keys.items()
    }
    if defaults is not None:
        _check_each_key_once(remapped, defaults, fixed or {}, key_name, path)
    return {binding_id: ",".join(names) for binding_id, names in remapped.items()}


def _keys(
    binding_id: str, value: str, key_name: Callable[[str], str] | None, path: Path
) -> list[str]:
    names: list[str] = []
    for key in (part.strip() for part in value.split(",")):
        if not key:
            raise RoadmapTuiError(f'{binding_id}: an empty key in "{value}"', path=path)
        try:
            name = key_name(key) if key_name else key
        except ValueError as exc:
            raise RoadmapTuiError(f"{binding_id}: {exc}", path=path) from None
        if name not in names:
            names.append(name)
    return names


def _check_each_key_once(
    remapped: Mapping[str, list[str]],
    defaults: Mapping[str, str],
    fixed: Mapping[str, str],
    key_name: Callable[[str], str] | None,
    path: Path,
) -> None:
    """One sentence for the first key that would act twice."""
    owner: dict[str, str] = {}
    for binding_id, default in defaults.items():
        names = remapped.get(binding_id) or _keys(binding_id, default, key_name, path)
        for name in names:
            if binding_id in remapped and name in fixed:
                raise RoadmapTuiError(
                    f"{binding_id}: {name!r} is {fixed[name]}, which cannot be remapped; "
                    "choose another key",
                    path=path,
                )
            other = owner.setdefault(name, binding_id)
            if other != binding_id:
                raise RoadmapTuiError(
                    f"{name!r} is bound to both {other} and {binding_id}; give one of them "
                    "another key (a binding keeps its default keys unless remapped)",
                    path=path,
                )
