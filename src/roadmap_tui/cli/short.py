"""`roadmap-tui status --short`: progress on one line, for shell prompts and status bars.

Prompts and bars run the command every few seconds, so it has a fast route taken
before the command line is parsed by argparse: it reads the validated-roadmap cache
(`marshal`) and the progress file (`tomllib`) directly and counts with
`roadmap_tui.numbers.rules`, the rules `counts.compute_progress` uses; no rich, no pydantic,
no pathlib. Anything out of the ordinary (the roadmap not cached yet, a progress file
that is corrupt, newer or has recovery journals beside it, an unreadable file) falls
back to the ordinary `status` route, which prints the same line and deals with the
problem the way every command does. The review log is skipped unread (skim.py)."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from typing import TYPE_CHECKING, Any

from roadmap_tui.base import locate
from roadmap_tui.cli.skim import load_progress
from roadmap_tui.numbers import rules as counting

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

DEFAULT_FORMAT = "{roadmap} {progress} · L{level_number} {level_title} {level_count}"

FIELDS: dict[str, str] = {
    "roadmap": "the roadmap's title",
    "id": "the roadmap's id",
    "progress": "done of what counts, the percentage, the skipped: 12/64 · 18%, 5 skipped",
    "count": "done of what counts, with the skipped ones if any: 12/64, 5 skipped",
    "done": "topics done",
    "total": "topics in the roadmap",
    "percent": "percentage done (skipped topics don't count; rounded down)",
    "in_progress": "topics in progress",
    "skipped": "topics skipped",
    "todo": "topics still to do",
    "goals_met": "levels whose goal is met",
    "levels": "number of levels",
    "level_number": "the current level's number (as in the app and `status`)",
    "level_id": "the current level's id",
    "level_title": "the current level's title",
    "level_count": "the current level's count, as `count` (a met pick goal: ✓ 1 of 5 chosen)",
    "level_done": "topics done in the current level",
    "level_total": "topics in the current level",
    "level_percent": "the current level's percentage",
    "level_in_progress": "topics in progress in the current level",
    "level_skipped": "topics skipped in the current level",
    "next": "the topic to learn next, after its parents' titles (empty once none is left)",
    "next_id": "the next topic's id (what `mark` takes)",
    "plan": "where you stand against the plan: on track, 3 behind, 2 ahead, finished",
    "due": "finished topics to review today, as `review` lists them (within its daily limit)",
}
_TEXT_FIELDS = {"roadmap", "id", "level_id", "level_title", "count", "level_count"}
_TEXT_FIELDS |= {"progress", "next", "next_id", "plan"}

# Kept equal to codec.SCHEMA_VERSION, recovery.SUFFIX and files.MAX_FILE_BYTES (a
# test checks): importing those modules would cost this route most of its budget.
PROGRESS_SCHEMA = 1
JOURNAL_SUFFIX = ".recovery-"
MAX_FILE_BYTES = 64 * 1024 * 1024
_STATUSES = frozenset((counting.TODO, counting.IN_PROGRESS, counting.DONE, counting.SKIPPED))


class TemplateError(ValueError):
    """A ``--format`` template that can't be used: the sentence says why."""


LevelRow = tuple[str, str, tuple[int, int, int, int], bool, int | None, int, int]
"""A level's id, title, tally (done, in progress, skipped, total), whether its goal is
met, its ``pick``, and its top-level items done and in all."""


def check_template(template: str) -> None:
    """Raise `TemplateError` with one sentence unless ``template`` only uses known fields
    with format specs that suit them."""
    import string

    fields = ", ".join(FIELDS)
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise TemplateError(
            f"--format is not a valid template ({exc}); write {{{{ and }}}} for literal braces"
        ) from None
    for _, name, spec, _ in parsed:
        if name is None:
            continue
        if not name:
            raise TemplateError(f"--format: every {{}} needs a field name; fields: {fields}")
        if name not in FIELDS:
            raise TemplateError(f"--format: unknown field {{{name}}}; fields: {fields}")
        _check_spec(name, spec)
    sample = {name: ("x" if name in _TEXT_FIELDS else 0) for name in FIELDS}
    render(template, sample)


MAX_SPEC_NUMBER = 256
"""The widest width or precision a ``--format`` field may ask for (docs/usage.md): a
prompt is one line, and `{percent:>99999999999}` must be a sentence, not a MemoryError."""


def _check_spec(name: str, spec: str | None) -> None:
    """Refuse a format spec holding a field of its own, or a number (width, precision)
    above `MAX_SPEC_NUMBER`: what the line costs is then bounded by the template."""
    if not spec:
        return
    if "{" in spec or "}" in spec:
        raise TemplateError(f"--format: the spec of {{{name}}} can't hold another field")
    number = ""
    for char in spec + " ":  # every run of digits: a fill digit, a width, a precision
        if char in "0123456789":
            number += char
            continue
        digits = number.lstrip("0")
        if len(digits) > 3 or (digits and int(digits) > MAX_SPEC_NUMBER):
            raise TemplateError(
                f"--format: {{{name}:{spec}}} asks for more than {MAX_SPEC_NUMBER} "
                "characters; widths and precisions go up to that"
            )
        number = ""


def render(template: str, values: Mapping[str, Any]) -> str:
    """The template filled in, on one line, with no control character left raw."""
    from roadmap_tui.base.text import one_line, visible

    try:
        line = template.format_map(values)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise TemplateError(f"--format cannot be filled in ({exc})") from None
    return visible(one_line(line))


def fields(
    title: str,
    roadmap_id: str,
    rows: Sequence[LevelRow],
    after: Sequence[str] = ("",) * 3,
    due: int = 0,
) -> dict[str, Any]:
    """The template's values (`FIELDS`); ``after``: the next topic's title and id and
    the plan's standing; ``due``: the reviews due. The current level is the first whose
    goal is not met with a topic left to do (the last level once there is none)."""
    done = in_progress = skipped = total = 0
    for _, _, counts, *_ in rows:
        done += counts[0]
        in_progress += counts[1]
        skipped += counts[2]
        total += counts[3]
    current = counting.current_level(
        [row[3] for row in rows], [counting.has_work(row[2], row[3]) for row in rows]
    )
    empty: LevelRow = ("", "", (0, 0, 0, 0), False, None, 0, 0)
    level_id, level_title, lc, met, pick, chosen, choices = rows[current] if rows else empty
    level_count = counting.count_text(lc[0], lc[2], lc[3])
    if met and pick is not None:
        level_count = counting.chosen_text(chosen, choices)
    return {
        "roadmap": title,
        "id": roadmap_id,
        "progress": counting.progress_text(done, skipped, total),
        "count": counting.count_text(done, skipped, total),
        "done": done,
        "total": total,
        "percent": counting.percent(done, skipped, total),
        "in_progress": in_progress,
        "skipped": skipped,
        "todo": total - done - in_progress - skipped,
        "goals_met": sum(1 for row in rows if row[3]),
        "levels": len(rows),
        "level_number": current,
        "level_id": level_id,
        "level_title": level_title,
        "level_count": level_count,
        "level_done": lc[0],
        "level_total": lc[3],
        "level_percent": counting.percent(lc[0], lc[2], lc[3]),
        "level_in_progress": lc[1],
        "level_skipped": lc[2],
        "next": after[0],
        "next_id": after[1],
        "plan": after[2],
        "due": due,
    }


# ----------------------------------------------------------------------------- fast route


def _stdout_to_devnull() -> None:
    """What is still buffered for stdout goes nowhere: Python's flush at exit has nothing
    to fail on."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def fast_status(argv: Sequence[str]) -> int | None:
    """Answer ``status --short`` without the ordinary command line; its exit code, or
    None when the ordinary route must answer (any other command, or anything unusual)."""
    options = _parse(argv)
    if options is None:
        return None
    template, roadmap, data_dir = options
    try:
        check_template(template)
    except TemplateError as exc:
        from roadmap_tui.base.text import visible
        from roadmap_tui.cli.output import to_stderr

        to_stderr(f"{locate.APP_NAME}: error: {visible(str(exc))}")
        return 2
    try:
        line = _fast_line(template, roadmap, data_dir)
    except Exception:  # whatever it is, the ordinary route says it properly
        return None
    if line is None or sys.stdout is None:  # (stdout closed: the ordinary route says so)
        return None
    encoding = sys.stdout.encoding or "utf-8"  # "?" for what the terminal can't show
    line = line.encode(encoding, "replace").decode(encoding)
    try:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # the reader left (`| head -c 5`): not an error
        _stdout_to_devnull()
    except OSError as exc:  # a full disk, an I/O error: one line, as every command says it
        from roadmap_tui.base.errors import os_reason
        from roadmap_tui.cli.output import to_stderr

        why = os_reason(exc)
        to_stderr(f"{locate.APP_NAME}: error: cannot write to the standard output: {why}")
        _stdout_to_devnull()
        return 1
    return 0


def _parse(argv: Sequence[str]) -> tuple[str, str | None, str | None] | None:
    """(template, --roadmap, --data-dir) of a ``status --short`` command line; None for
    anything else (argparse then reads it, and explains any mistake)."""
    values: dict[str, str] = {}
    command = short = False
    args = iter(argv)
    for arg in args:
        if arg == "status" and not command:
            command = True
        elif arg == "--short":
            short = True
        elif arg in ("--format", "--roadmap", "--data-dir"):
            value = next(args, None)
            if value is None or value.startswith("-"):
                return None
            values[arg] = value
        elif arg.startswith(("--format=", "--roadmap=", "--data-dir=")):
            name, _, value = arg.partition("=")
            values[name] = value
        else:
            return None
    if not command or not (short or "--format" in values):
        return None
    return values.get("--format", DEFAULT_FORMAT), values.get("--roadmap"), values.get("--data-dir")


def _fast_line(template: str, roadmap: str | None, data_dir: str | None) -> str | None:
    base = locate.data_folder(data_dir)
    path = locate.bundled_file() if roadmap is None else _resolve(roadmap, base)
    data = _read_file(path)
    if data is None:
        return None
    # Keyed by the file's bytes: a file in the cache was decoded and validated before.
    cache = os.path.join(locate.cache_folder(), "roadmaps", locate.cache_entry(data))
    try:  # read as every file is: a pipe or device in its place never hangs us
        raw = _read_file(cache)
    except OSError:
        raw = None
    payload = None if raw is None else locate.unseal_cache(raw)
    if payload is None or "{due" in template.replace("{{", ""):  # {due}: fsrs, so ordinary
        return None  # not validated yet, or damaged: the ordinary route (re)builds it
    import marshal

    data = marshal.loads(payload)
    plan_ok = "{plan" not in template.replace("{{", "")  # a plan is the ordinary route's
    statuses = _read_statuses(os.path.join(base, "progress", f"{data['id']}.toml"), plan_ok)
    if statuses is None:
        return None
    rows: list[LevelRow] = []
    outlines = []
    for level in data["levels"]:  # its leaves and their grouping: model.Level.outline
        leaves, sizes, pick = level["leaves"], level["sizes"], level.get("pick")
        counts, met, chosen = counting.level_outcome(leaves, sizes, pick, statuses)
        choices = len(leaves) if sizes is None else len(sizes)
        rows.append((level["id"], level["title"], counts, met, pick, chosen, choices))
        outlines.append((leaves, sizes, pick, counts[1], counting.has_work(counts, met)))
    wants_next = "{next" in template.replace("{{", "")  # its level's items decoded only then
    found = counting.next_leaf(outlines, statuses) if wants_next else None
    after = ("", "", "")
    if found is not None:
        items = marshal.loads(data["levels"][found[0]]["items"])
        after = (_title_of(items, found[1]), found[1], "")
    return render(template, fields(data["title"], data["id"], rows, after))


def _title_of(items: list[dict[str, Any]], leaf_id: str) -> str:
    """The title of the leaf ``leaf_id`` under ``items`` (the cache's form), after its
    parents': as `nextup.NextTopic.title`."""
    for item in items:
        children = item.get("children")
        if not children:
            if item["id"] == leaf_id:
                return str(item["title"])
            continue
        below = _title_of(children, leaf_id)
        if below:
            return f"{item['title']} › {below}"
    return ""


def _resolve(name: str, base: str) -> str:
    """As `base.paths.resolve_roadmap`: a file, else the id of a roadmap in the roadmaps
    folder, never a folder."""
    path = os.path.expanduser(name)
    a_file = os.path.lexists(path) and not os.path.isdir(path)
    if not a_file and "/" not in name and not os.path.splitext(name)[1]:
        candidate = os.path.join(base, "roadmaps", f"{name}.toml")
        if os.path.exists(candidate):
            return candidate
    return path


def _read_file(path: str) -> bytes | None:
    """The bytes of ``path`` if it is a regular file of at most `MAX_FILE_BYTES`; None
    otherwise (the ordinary route explains). Opened non-blocking, as `files` does, so
    a FIFO never hangs a prompt. FileNotFoundError and other OSErrors propagate."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return None
        chunks = []
        size = 0
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                return None
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _read_statuses(path: str, plan_ok: bool = True) -> dict[str, str] | None:
    """Each topic's status in the progress file at ``path`` (none if there is no file);
    None when the file needs the ordinary route: corrupt, newer, with journals, or with
    a plan unless ``plan_ok``."""
    folder, name = os.path.split(path)
    try:
        if any(n.startswith(name + JOURNAL_SUFFIX) for n in os.listdir(folder)):
            return None
        raw = _read_file(path)
    except FileNotFoundError:
        return {}
    if raw is None:
        return None
    doc = load_progress(raw.decode("utf-8"))
    schema = doc.get("schema", PROGRESS_SCHEMA)
    items = doc.get("items", {})
    if type(schema) is not int or schema > PROGRESS_SCHEMA or not isinstance(items, dict):
        return None
    if not plan_ok and "plan" in doc:
        return None
    statuses: dict[str, str] = {}
    for key, entry in items.items():
        status = _status_of(entry)
        if status is None:
            return None
        statuses[key] = status
    return statuses


def _status_of(entry: object) -> str | None:
    """An entry's status, if the ordinary route would read the entry without complaint."""
    from datetime import UTC, datetime

    if not isinstance(entry, dict) or not isinstance(entry.get("note", ""), str):
        return None
    status = entry.get("status", counting.TODO)
    if not isinstance(status, str) or status not in _STATUSES:
        return None
    for stamp in ("changed", "started", "finished", "note_changed"):
        when = entry.get(stamp)
        if when is not None and not isinstance(when, datetime):
            return None
        if when is not None:
            (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)  # may overflow
    return status
