"""`review [ID RATING | ID --reset | ID --undo | --add-imported] [--json] [--limit N]`:
the finished topics due for review today, least remembered first; a rating recorded
(saved like a tick: under the lock, merged); imported ticks put in the queue. The
schedule is the core's (`numbers.review`); docs/review.md says what is due when."""

from __future__ import annotations

import argparse
from datetime import date, tzinfo
from typing import TYPE_CHECKING, Any, TextIO

from roadmap_tui.base.errors import RoadmapTuiError
from roadmap_tui.base.text import visible
from roadmap_tui.cli.commands import TOPICS_HINT, Context, load_writable, open_context
from roadmap_tui.cli.output import warn

if TYPE_CHECKING:
    from roadmap_tui.numbers.review import Queue, ReviewCard
    from roadmap_tui.progress.entries import ProgressData

RATE_HINT = "roadmap-tui review ID again|hard|good|easy (or 1-4)"


def cmd_review(args: argparse.Namespace, out: TextIO) -> int:
    from roadmap_tui.numbers.pace import local_tz

    _check_usage(args)
    ctx = open_context(args)
    tz = local_tz()
    if args.add_imported:
        return _add_imported(ctx, out)
    if args.id is None:
        saved = ctx.store.load(move_corrupt=False)  # a look never writes
        warn(ctx.store)
        return _show(ctx, saved, tz, args, out)
    return _record(ctx, args, tz, out)


def _check_usage(args: argparse.Namespace) -> None:
    if args.limit is not None and args.limit < 0:
        raise RoadmapTuiError("--limit takes a number of reviews, 0 or more")
    acting = args.reset or args.undo
    if args.add_imported and (args.id is not None or acting):
        raise RoadmapTuiError("--add-imported takes no topic: it adds every imported tick")
    if args.reset and args.undo:
        raise RoadmapTuiError("give --reset or --undo, not both")
    if acting and (args.id is None or args.rating is not None):
        raise RoadmapTuiError("--reset and --undo take a topic's id and no rating")
    if args.id is not None and not acting and args.rating is None:
        raise RoadmapTuiError(f"give a rating after the id: {RATE_HINT}")
    if args.json and (args.id is not None or args.add_imported):
        raise RoadmapTuiError("--json is for the list of topics due, not for recording")


def _writable(ctx: Context) -> ProgressData:
    return load_writable(ctx)


def _when(card: ReviewCard, today: date, tz: tzinfo) -> str:
    days = card.overdue_days(today, tz)
    if days == 0:
        return "due today"
    if days > 0:
        return f"{days} day{'s' if days != 1 else ''} overdue"
    ahead = -days
    return f"next on {card.due_day(tz).isoformat()} (in {ahead} day{'s' if ahead != 1 else ''})"


def _show(
    ctx: Context, saved: ProgressData, tz: tzinfo, args: argparse.Namespace, out: TextIO
) -> int:
    from roadmap_tui.numbers.review import imported_ticks, review_queue

    now = ctx.store.clock()
    from roadmap_tui.cli.standing import daily_cap

    cap = daily_cap() if args.limit is None else args.limit
    queue = review_queue(ctx.roadmap, saved, now, tz, cap)
    waiting = len(imported_ticks(ctx.roadmap, saved))
    today = now.astimezone(tz).date()
    if args.json:
        from roadmap_tui.export.data import to_json

        out.write(to_json(queue_json(ctx, queue, today, tz, cap, waiting)))
        return 0
    titles = {item.id: item.title for level in ctx.roadmap.levels for item in level.leaves()}
    lines = _queue_lines(ctx, queue, titles, today, tz, cap)
    if waiting:
        lines.append(
            f"{waiting} done topic{'s have' if waiting != 1 else ' has'} no finish time "
            "(imported ticks) and stay out of the queue: `roadmap-tui review --add-imported` "
            "adds them."
        )
    out.write("".join(visible(line) + "\n" for line in lines))
    return 0


def _queue_lines(
    ctx: Context, queue: Queue, titles: dict[str, str], today: date, tz: tzinfo, cap: int
) -> list[str]:
    n = len(queue.due)
    if not n:
        lines = [f"Nothing to review today in {ctx.roadmap.title!r}."]
        if queue.next is not None and not queue.held_back:
            card = queue.next
            lines.append(f"Next: {titles[card.topic]!r}, {_when(card, today, tz)}.")
    else:
        lines = [
            f"{n} topic{'s' if n != 1 else ''} to review today in {ctx.roadmap.title!r}, "
            "least remembered first:"
        ]
        width = max(len(f"{titles[c.topic]} ({c.topic})") for c in queue.due)
        lines += [
            f"  {f'{titles[c.topic]} ({c.topic})':<{width}}  {_when(c, today, tz)}"
            for c in queue.due
        ]
        lines.append(f"Rate each once recalled: {RATE_HINT}")
    if queue.held_back:
        lines.append(
            f"{queue.held_back} more due, past today's limit of {cap} "
            f"review{'s' if cap != 1 else ''} "
            f"({queue.done_today} done today; --limit N shows more)."
        )
    return lines


def queue_json(
    ctx: Context, queue: Queue, today: date, tz: tzinfo, cap: int, waiting: int
) -> dict[str, Any]:
    """`review --json`: today's queue for scripts."""
    titles = {item.id: item.title for level in ctx.roadmap.levels for item in level.leaves()}
    return {
        "roadmap": {"id": ctx.roadmap.id, "title": ctx.roadmap.title},
        "today": today.isoformat(),
        "limit": cap,
        "done_today": queue.done_today,
        "held_back": queue.held_back,
        "imported_not_added": waiting,
        "next": None
        if queue.next is None
        else {"id": queue.next.topic, "due": queue.next.due_day(tz).isoformat()},
        "due": [
            {
                "id": card.topic,
                "title": titles[card.topic],
                "due": card.due_day(tz).isoformat(),
                "overdue_days": card.overdue_days(today, tz),
                "reviews": len(card.reviews),
                "retrievability": round(card.retrievability, 3),
            }
            for card in queue.due
        ],
    }


def _topic(ctx: Context, topic_id: str) -> str:
    """The title of the leaf topic ``topic_id``, or one sentence naming the mistake."""
    index = ctx.roadmap.index()
    item = index.items.get(topic_id)
    if item is None or item.children:
        import difflib

        close = difflib.get_close_matches(topic_id, list(index.items), n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        what = "is a parent; review its topics" if item is not None else "is no topic's id"
        raise RoadmapTuiError(
            f"{topic_id!r} {what} in {ctx.roadmap.title!r}.{hint} ({TOPICS_HINT} lists every id.)"
        )
    return item.title


def _record(ctx: Context, args: argparse.Namespace, tz: tzinfo, out: TextIO) -> int:
    from roadmap_tui.numbers.review import card_for, log_of, new_entry, undo_of
    from roadmap_tui.progress.reviews import RATING_WORDS, RESET, parse_rating

    title = _topic(ctx, args.id)
    rating = 0 if args.rating is None else parse_rating(args.rating)
    if rating is None:
        raise RoadmapTuiError(f"unknown rating {args.rating!r}; use again, hard, good, easy or 1-4")
    saved = _writable(ctx)
    now = ctx.store.clock()
    card = card_for(args.id, saved.entry(args.id), log_of(saved, args.id), now)
    if card is None:
        raise RoadmapTuiError(_not_in_queue(saved, args.id, title))
    if args.undo:
        if not card.reviews:
            raise RoadmapTuiError(f"{title!r} has no review to take back")
        last = card.reviews[-1]
        entry = undo_of(last)
        done = f"Took back the {RATING_WORDS[last.rating]} review of {title!r}."
    elif args.reset:
        entry = new_entry(saved, args.id, now, RESET)
        done = f"Reset {title!r}: its reviews so far no longer count."
    else:
        entry = new_entry(saved, args.id, now, rating=rating)
        done = f"Rated {title!r} {RATING_WORDS[rating]}."
    saved = ctx.store.save_reviews([entry])
    warn(ctx.store)
    card = card_for(args.id, saved.entry(args.id), log_of(saved, args.id), now)
    assert card is not None  # (it was in the queue, and a log entry keeps it there)
    today = now.astimezone(tz).date()
    days = (card.due_day(tz) - today).days
    after = "today" if days <= 0 else f"in {days} day{'s' if days != 1 else ''}"
    out.write(visible(f"{done} Next review: {card.due_day(tz).isoformat()} ({after}).") + "\n")
    return 0


def _not_in_queue(saved: ProgressData, topic_id: str, title: str) -> str:
    from roadmap_tui.roadmap.model import Status

    entry = saved.entry(topic_id)
    if entry.status is Status.DONE:
        return (
            f"{title!r} is done but not in the review queue: it was ticked without a finish "
            "time (imported); `roadmap-tui review --add-imported` adds such topics"
        )
    words = {Status.TODO: "still to do", Status.IN_PROGRESS: "in progress"}
    state = words.get(entry.status, "skipped")
    return f"{title!r} is {state}: only finished topics are reviewed"


def _add_imported(ctx: Context, out: TextIO) -> int:
    from roadmap_tui.numbers.review import added_entries, imported_ticks

    saved = _writable(ctx)
    topics = imported_ticks(ctx.roadmap, saved)
    if topics:
        ctx.store.save_reviews(added_entries(topics, ctx.store.clock()))
        warn(ctx.store)
    n = len(topics)
    if not n:
        out.write("No imported ticks wait outside the review queue.\n")
    else:
        out.write(
            f"Added {n} imported tick{'s' if n != 1 else ''} to the review queue: "
            "due for a first review tomorrow.\n"
        )
    return 0


def whole_number(text: str) -> int:
    """``--limit``'s value (argparse's type)."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
