"""Progress as JSON for scripts: `status --json`'s data, and `export --format json`,
which is the same data plus every topic (its status, dates, note and links)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime, tzinfo
from typing import Any

from roadmap_tui.base.text import BIDI_CONTROLS
from roadmap_tui.numbers.counts import Counts, RoadmapCounts, item_state
from roadmap_tui.numbers.nextup import NextTopic
from roadmap_tui.numbers.pace import Stats
from roadmap_tui.numbers.plan import PlanState
from roadmap_tui.progress.entries import Entry, ProgressData
from roadmap_tui.roadmap.model import Item, Roadmap, Status

_RAW = re.compile(f"[\\x7f-\\x9f{BIDI_CONTROLS}]")


def to_json(data: object) -> str:
    """JSON for scripts: readable Unicode, but no control character reaches a terminal
    raw (json escapes C0 controls; DEL, C1 and the bidi controls are escaped here too:
    `\\u202e` in the text, U+202E again once parsed, so the data stays faithful)."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _RAW.sub(lambda raw: f"\\u{ord(raw[0]):04x}", text) + "\n"


def counts_json(counts: Counts) -> dict[str, int]:
    return {
        "done": counts.done,
        "in_progress": counts.in_progress,
        "skipped": counts.skipped,
        "todo": counts.todo,
        "total": counts.total,
        "percent": counts.percent,
    }


def next_json(found: NextTopic | None) -> dict[str, Any] | None:
    """The next topic for scripts (`numbers.nextup`); None once nothing is left."""
    if found is None:
        return None
    return {
        "id": found.item.id,
        "title": found.title,
        "status": "in-progress" if found.in_progress else "todo",
        "level": found.number,
        "level_id": found.level.id,
        "level_title": found.level.title,
    }


def plan_json(state: PlanState | None) -> dict[str, Any] | None:
    """Where someone stands against their plan (`numbers.plan`); None without one."""
    if state is None:
        return None
    finish = state.projected_finish
    return {
        "by": None if state.plan.by is None else state.plan.by.isoformat(),
        "per_week": state.plan.per_week,
        "since": state.plan.since.isoformat(),
        "target": state.target.isoformat(),
        "state": state.state,
        "on_track": state.on_track,
        "behind": state.behind,
        "ahead": state.ahead,
        "done": state.done,
        "due": state.due,
        "needed": state.needed,
        "projected_finish": finish.isoformat() if finish else None,
    }


def status_data(
    roadmap: Roadmap,
    progress: RoadmapCounts,
    stats: Stats,
    next_up: NextTopic | None = None,
    plan: PlanState | None = None,
) -> dict[str, Any]:
    """What `roadmap-tui status --json` prints."""
    finish = stats.projected_finish
    current = progress.current
    return {
        "roadmap": {"id": roadmap.id, "title": roadmap.title},
        "overall": {
            **counts_json(progress.overall),
            "count": progress.overall.text,
            "progress": progress.overall.progress_text,
        },
        "levels": [
            {
                "number": lp.number,
                "id": lp.level.id,
                "title": lp.level.title,
                **counts_json(lp.counts),
                "count": lp.text,
                "goal_met": lp.goal_met,
                "chosen": lp.chosen,
            }
            for lp in progress.levels
        ],
        "current_level": None if current is None else current.number,
        "next": next_json(next_up),
        "plan": plan_json(plan),
        "pace": {
            "per_week": None if stats.pace_per_week is None else round(stats.pace_per_week, 2),
            "measured_over_days": stats.pace_days,
            "finished_last_4_weeks": stats.finished_last_4_weeks,
            "reviewed_last_4_weeks": stats.reviewed_last_4_weeks,
            "remaining": stats.remaining,
            "projected_finish": finish.isoformat() if finish else None,
            "current_streak_days": stats.current_streak,
            "longest_streak_days": stats.longest_streak,
            "finished_per_week": [
                {"week_of": monday.isoformat(), "finished": count}
                for monday, count in stats.last_weeks()
            ],
        },
    }


Reviewed = tuple[ProgressData, datetime, tzinfo]
"""The saved progress with its review log, the time of the export and its time zone."""


def export_data(
    roadmap: Roadmap,
    entries: Mapping[str, Entry],
    progress: RoadmapCounts,
    stats: Stats,
    reviewed: Reviewed | None = None,
) -> dict[str, Any]:
    """`status --json`'s data (without the plan, which is not exported), the export's
    day, and every level's goal, tip and topics (each leaf with its reviews and the day
    of its next review, from ``reviewed``)."""
    from roadmap_tui.numbers.nextup import next_topic

    statuses = {key: entry.status for key, entry in entries.items()}
    data = status_data(roadmap, progress, stats, next_topic(roadmap, statuses, progress))
    data["exported_on"] = stats.today.isoformat()
    log = _review_log(roadmap, reviewed)
    for level_data, level in zip(data["levels"], roadmap.levels, strict=True):
        level_data.update(
            goal=level.goal,
            pick=level.pick,
            tip=level.tip,
            topics=[_topic(item, statuses, entries, log) for item in level.items],
        )
    return data


ReviewLog = dict[str, tuple[list[dict[str, str]], str | None]]


def _review_log(roadmap: Roadmap, reviewed: Reviewed | None) -> ReviewLog:
    """Each topic's reviews (none taken back), and its next review's day, if any."""
    from roadmap_tui.numbers.review import logs, review_cards, undone
    from roadmap_tui.progress.reviews import RATING_WORDS, REVIEW

    if reviewed is None:
        return {}
    saved, now, tz = reviewed
    due = {card.topic: card.due_day(tz).isoformat() for card in review_cards(roadmap, saved, now)}
    out: ReviewLog = {}
    for topic, log in logs(saved).items():
        taken_back = undone(log)
        kept = [r for r in log if r.kind == REVIEW and (r.at, r.rating) not in taken_back]
        rows = [{"at": r.at.isoformat(), "rating": RATING_WORDS[r.rating]} for r in kept]
        out[topic] = (rows, due.get(topic))
    for topic, day in due.items():
        out.setdefault(topic, ([], day))
    return out


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _topic(
    item: Item, statuses: Mapping[str, Status], entries: Mapping[str, Entry], log: ReviewLog
) -> Any:
    entry = entries.get(item.id) or Entry()
    topic: dict[str, Any] = {
        "id": item.id,
        "title": item.title,
        "details": item.details,
        "status": item_state(item, statuses).value,
        "links": [{"title": link.title, "url": link.url, "kind": link.kind} for link in item.links],
    }
    if item.children:
        topic["children"] = [_topic(child, statuses, entries, log) for child in item.children]
    else:
        topic.update(started=_when(entry.started), finished=_when(entry.finished), note=entry.note)
        reviews, next_review = log.get(item.id, ([], None))
        topic.update(reviews=reviews, next_review=next_review)
    return topic


def export_json(
    roadmap: Roadmap,
    entries: Mapping[str, Entry],
    progress: RoadmapCounts,
    stats: Stats,
    reviewed: Reviewed | None = None,
) -> str:
    return to_json(export_data(roadmap, entries, progress, stats, reviewed))
