"""A roadmap as plain data: TOML-ready (`roadmap_to_data`, what `import` writes), and the
validated-roadmap cache's form, with each level's items marshalled on their own so a
huge roadmap decodes only the levels it shows (`roadmap_to_cache`,
`roadmap_from_cache`; docs/performance.md)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from roadmap_tui.roadmap.model import Item, Level, Link, Roadmap


def _set(out: dict[str, Any], source: object, keys: tuple[str, ...]) -> dict[str, Any]:
    """Copy each of ``keys`` from ``source`` into ``out`` unless it is empty."""
    for key in keys:
        value = getattr(source, key)
        if value:
            out[key] = value
    return out


def roadmap_to_data(roadmap: Roadmap, *, dates_as_text: bool = False) -> dict[str, Any]:
    """The roadmap as TOML-ready data, without default values. A link's ``checked`` day
    is a `datetime.date` (a TOML date), or ISO text with ``dates_as_text`` (for formats
    without dates, such as the validated-roadmap cache)."""

    def link(it: Link) -> dict[str, Any]:
        out: dict[str, Any] = {"title": it.title, "url": it.url, "kind": it.kind}
        if it.checked is not None:
            out["checked"] = it.checked.isoformat() if dates_as_text else it.checked
        return out

    def item(it: Item) -> dict[str, Any]:
        out = _set({"id": it.id, "title": it.title}, it, ("details", "description"))
        if it.links:
            out["links"] = [link(x) for x in it.links]
        if it.children:
            out["children"] = [item(child) for child in it.children]
        return out

    data: dict[str, Any] = {"format": roadmap.format, "id": roadmap.id, "title": roadmap.title}
    _set(data, roadmap, ("description", "source"))
    data["levels"] = [
        {
            **_set({"id": level.id, "title": level.title}, level, ("goal", "pick", "tip", "note")),
            "items": [item(it) for it in level.items],
        }
        for level in roadmap.levels
    ]
    return data


def roadmap_to_cache(roadmap: Roadmap) -> dict[str, Any]:
    """The validated-roadmap cache's form (`roadmap_tui.roadmap.load`): `roadmap_to_data`,
    with each level's items marshalled on their own (decoded when first used) and its
    leaf ids and the number under each top-level item beside them (`Level.outline`: for
    counting, and for `status --short`)."""
    import marshal

    data = roadmap_to_data(roadmap, dates_as_text=True)
    for level, raw in zip(roadmap.levels, data["levels"], strict=True):
        leaves, sizes = level.outline()
        raw["leaves"] = list(leaves)
        raw["sizes"] = None if sizes is None else list(sizes)
        raw["items"] = marshal.dumps(raw["items"])
    return data


def roadmap_from_cache(data: dict[str, Any]) -> Roadmap:
    """Rebuild a roadmap from `roadmap_to_cache` output, which was validated before."""
    import marshal

    def item(raw: dict[str, Any]) -> Item:
        links = raw.get("links")
        children = raw.get("children")
        return Item(
            raw["id"],
            raw["title"],
            raw.get("details", ""),
            raw.get("description", ""),
            tuple(_link(x) for x in links) if links else (),
            tuple(item(child) for child in children) if children else (),
        )

    def source(blob: bytes) -> Callable[[], tuple[Item, ...]]:
        return lambda: tuple(item(x) for x in marshal.loads(blob))

    levels = []
    for raw in data["levels"]:
        blob = raw["items"]
        if not isinstance(blob, bytes):
            raise TypeError("not a roadmap cache entry")
        levels.append(
            Level(
                raw["id"],
                raw["title"],
                raw.get("goal", ""),
                raw.get("pick"),
                raw.get("tip", ""),
                raw.get("note", ""),
                source=source(blob),
                outline=(
                    tuple(raw["leaves"]),
                    None if raw["sizes"] is None else tuple(raw["sizes"]),
                ),
            )
        )
    return Roadmap(
        data["id"],
        data["title"],
        data.get("description", ""),
        tuple(levels),
        data.get("format", 1),
        data.get("source", ""),
    )


def _sizes(raw: list[int] | None) -> tuple[int, ...] | None:
    return None if raw is None else tuple(raw)


def _link(raw: dict[str, Any]) -> Link:
    checked = raw.get("checked")
    if isinstance(checked, str):
        checked = date.fromisoformat(checked)
    return Link(raw["title"], raw["url"], raw["kind"], checked)
