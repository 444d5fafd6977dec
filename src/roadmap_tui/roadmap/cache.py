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
            **_set(
                {"id": level.id, "title": level.title},
                level,
                ("goal", "pick", "tip", "note"),
            ),
            **({"path": list(level.path)} if level.path else {}),
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


class CacheError(ValueError):
    """A cache entry that is not ours whole: the roadmap is validated afresh instead."""


# What decoding hostile marshal data can raise (docs/data-safety.md, "The cache").
DAMAGED = (CacheError, EOFError, ValueError, TypeError, KeyError, RecursionError, MemoryError)


def cache_bytes(roadmap: Roadmap) -> bytes:
    """The bytes of the roadmap's cache entry: `roadmap_to_cache`, marshalled and sealed."""
    import marshal

    from roadmap_tui.base.locate import seal_cache

    return seal_cache(marshal.dumps(roadmap_to_cache(roadmap)))


def roadmap_from_cache_bytes(
    raw: bytes, fallback: Callable[[int], tuple[Item, ...]] | None = None
) -> Roadmap:
    """The roadmap in a cache entry's bytes (`cache_bytes`), or `CacheError` if they are
    not a whole entry of ours. ``fallback`` as in `roadmap_from_cache`."""
    import marshal

    from roadmap_tui.base.locate import unseal_cache

    payload = unseal_cache(raw)
    if payload is None:
        raise CacheError("not a whole roadmap cache entry")
    try:
        return roadmap_from_cache(marshal.loads(payload), fallback)
    except DAMAGED as exc:
        raise CacheError(f"not a roadmap cache entry: {exc}") from None


def roadmap_from_cache(
    data: Any, fallback: Callable[[int], tuple[Item, ...]] | None = None
) -> Roadmap:
    """Rebuild a roadmap from `roadmap_to_cache` output, checking every type on the way
    (`CacheError`): the cache is ours, but a file on disk is never trusted. A level's
    items are decoded when first used; if they turn out damaged then, its items come from
    ``fallback(level's index)`` (the roadmap validated afresh), else `CacheError`."""
    import marshal

    def source(index: int, blob: bytes) -> Callable[[], tuple[Item, ...]]:
        def decode() -> tuple[Item, ...]:
            try:
                return tuple(_item(x) for x in _list(marshal.loads(blob)))
            except DAMAGED:
                if fallback is None:
                    raise CacheError("a level of this roadmap cache entry is damaged") from None
                return fallback(index)

        return decode

    data = _dict(data)
    levels = []
    for index, raw in enumerate(_list(data["levels"])):
        raw = _dict(raw)
        blob = raw["items"]
        if not isinstance(blob, bytes):
            raise CacheError("not a roadmap cache entry")
        sizes = raw["sizes"]
        levels.append(
            Level(
                _text(raw["id"]),
                _text(raw["title"]),
                _text(raw.get("goal", "")),
                _pick(raw.get("pick")),
                _text(raw.get("tip", "")),
                _text(raw.get("note", "")),
                path=tuple(_text(x) for x in _list(raw.get("path", []))),
                source=source(index, blob),
                outline=(
                    tuple(_text(x) for x in _list(raw["leaves"])),
                    None if sizes is None else tuple(_count(x) for x in _list(sizes)),
                ),
            )
        )
    roadmap_format = data.get("format", 1)
    if type(roadmap_format) is not int:
        raise CacheError("not a roadmap cache entry")
    return Roadmap(
        _text(data["id"]),
        _text(data["title"]),
        _text(data.get("description", "")),
        tuple(levels),
        roadmap_format,
        _text(data.get("source", "")),
    )


def _item(raw: Any) -> Item:
    raw = _dict(raw)
    links = raw.get("links")
    children = raw.get("children")
    return Item(
        _text(raw["id"]),
        _text(raw["title"]),
        _text(raw.get("details", "")),
        _text(raw.get("description", "")),
        tuple(_link(x) for x in _list(links)) if links else (),
        tuple(_item(child) for child in _list(children)) if children else (),
    )


def _text(value: Any) -> str:
    if type(value) is not str:
        raise CacheError("not a roadmap cache entry")
    return value


def _count(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise CacheError("not a roadmap cache entry")
    return value


def _pick(value: Any) -> int | None:
    return None if value is None else _count(value)


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise CacheError("not a roadmap cache entry")
    return value


def _dict(value: Any) -> dict[str, Any]:
    if type(value) is not dict:
        raise CacheError("not a roadmap cache entry")
    return value


def _sizes(raw: list[int] | None) -> tuple[int, ...] | None:
    return None if raw is None else tuple(raw)


def _link(raw: Any) -> Link:
    raw = _dict(raw)
    checked = raw.get("checked")
    day = None if checked is None else date.fromisoformat(_text(checked))
    return Link(_text(raw["title"]), _text(raw["url"]), _text(raw["kind"]), day)
