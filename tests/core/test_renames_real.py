"""Acceptance for #25 on real public checklists (the corpus: tests/data/checklists,
sources and licences in its README): five ticked topics in each of four files, then
the edits upstream maintainers make — a word inserted, a typo, details reworded, a
suffix, sections moved, tasks reordered, inserted and deleted. At least 19 of the 20
ticks follow their topics, and none lands on another topic."""

from __future__ import annotations

from support.samples import CORPUS

from roadmap_tui.importing.reader import build_import, read_checklist
from roadmap_tui.roadmap.model import Roadmap

# file: ([(the ticked topic's title, as it was → as it is after the edit)], other edits)
Edit = tuple[str, str]
CASES: dict[str, tuple[list[Edit], list[Edit]]] = {
    "api-security.md": (
        [
            ("short as possible", "as short as possible"),  # a word inserted
            ("Use random complicated key", "Use a random complicated key"),
            ("Always validate `redirect_uri`", "Always validate the `redirect_uri`"),
            ("Send `X-Frame-Options: deny` header", "Send `X-Frame-Options: deny` header"),
            ("Don't store sensitive data", "Don't store sensitve data"),  # a typo
        ],
        [
            ("- [ ] Send `X-Content-Type-Options: nosniff` header.\n", ""),  # deleted
            ("## Output\n", "## Output\n- [ ] Send `Referrer-Policy` header.\n"),
            ("### OAuth\n", "### OAuth 2\n"),  # a heading reworded
        ],
    ),
    "front-end.md": (
        [
            (
                "**Doctype:** ![High][high_img] The Doctype",
                "**Doctype:** ![High][high_img] The doctype",
            ),
            ("**Error pages:**", "**Error pages (404, 5xx):**"),  # a suffix
            ("avoid duplicate content", "avoid duplicated content"),  # details reworded
            ("**Noopener:**", "**Noopener:**"),
            ("**Title:**", "**Title:**"),
        ],
        [("* [ ] **Title:**", "* [ ] **Viewport:** The viewport is declared.\n* [ ] **Title:**")],
    ),
    "coding-interview-university.md": (
        [
            ("pop() - remove from end", "pop() - remove from the end"),
            ("shifting all trailing elements", "shifting all the trailing elements"),
            ("returns first index", "returns the first index"),
            ("[Singly Linked Lists (video)]", "[Singly-Linked Lists (video)]"),
            (
                "resize(new_capacity) // private function",
                "resize(new_capacity) // private function",
            ),
        ],
        [
            ("        - [ ] is_empty()\n", ""),  # deleted
            ("        - [ ] push(item)\n", "        - [ ] push(item)\n        - [ ] peek()\n"),
        ],
    ),
    "api-security-ru.md": (
        [
            ("для всех конфиденциальных", "для всех ваших конфиденциальных"),
            ("срок действия токена", "срок действия токенов"),
            ("и функции jail", "и функцию jail"),
            ("Не используйте `Basic Auth`", "Не используйте `Basic Auth`"),
            ("данные в JWT", "данные в токене JWT"),
        ],
        [],
    ),
}


def _titles(roadmap: Roadmap, fragment: str) -> str:
    """The id of the one topic whose title or details hold ``fragment`` (as rendered)."""
    plain = fragment.replace("`", "").replace("**", "").replace("![High][high_img] ", "")
    plain = plain.rstrip(":").strip("[]").replace("](", "")
    plain = plain.split("]")[0] if plain.startswith("[") else plain
    found = [
        item.id
        for _, item in roadmap.walk()
        if plain.strip(": ") in f"{item.title}: {item.details}"
    ]
    assert len(found) == 1, (fragment, found)
    return found[0]


def _moved_and_reordered(name: str, text: str) -> str:
    """A section moved and tasks reordered, as upstream does."""
    if name == "api-security.md":
        start, end = text.index("### OAuth"), text.index("## Output")
        return text[:start] + text[end:] + "\n" + text[start:end]
    if name == "front-end.md":
        noopener = next(line for line in text.splitlines(True) if "**Noopener:**" in line)
        return text.replace(noopener, "").replace(
            "* [ ] **Error pages:**", noopener + "* [ ] **Error pages:**"
        )
    if name == "api-security-ru.md":
        line = next(x for x in text.splitlines(True) if "Не используйте `Basic Auth`" in x)
        return text.replace(line, "").replace("## Доступ\n", "## Доступ\n" + line, 1)
    resize = "        - [ ] resize(new_capacity) // private function\n"
    return text.replace(resize, "").replace("        - [ ] pop()", resize + "        - [ ] pop()")


def test_ticks_follow_their_topics_through_real_edits() -> None:
    followed = wrong = 0
    for name, (ticked, others) in CASES.items():
        path = CORPUS / name
        text = path.read_text(encoding="utf-8")
        first = build_import(read_checklist(text, path), "x", where=path).roadmap
        before = [_titles(first, old) for old, _ in ticked]
        edited = _moved_and_reordered(name, text)
        for old, new in [*ticked, *others]:
            assert old in edited, (name, old)
            edited = edited.replace(old, new, 1)
        second = build_import(read_checklist(edited, path), "x", where=path, previous=first).roadmap
        ids = {item.id for _, item in second.walk()}
        for key, (_, new) in zip(before, ticked, strict=True):
            now = _titles(second, new)
            if now == key:
                followed += 1
            elif key in ids:
                wrong += 1  # the tick's id is on another topic
    assert wrong == 0
    assert followed == 20, followed  # the acceptance asks 19 of 20
