"""Deadlines: when a sheet is due, who has an extension, and what a late submission costs.

A sheet's rule comes from its TOML (`due`, `[late] percent_per_day`, `max_days`), and the course
file may override both per sheet. Every time is naive local time (the time Moodle shows the
person who downloaded its files); a date alone means the end of that day. A submission
`days` started days late loses `days * percent_per_day` percent of its points (at most 100);
one more than `max_days` started days late is not accepted (0 points). Without a `[late]`
table lateness is recorded and costs nothing.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ..errors import CourseError

DAY = timedelta(days=1)


def parse_deadline(value, source: str) -> datetime:
    """A deadline from TOML or a CSV cell: a datetime, or a date meaning 23:59:59 of that day."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime.combine(value, time(23, 59, 59))
    text = str(value).strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(23, 59, 59))
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        raise CourseError(f"{source}: {text!r} is not a date (2026-11-27) or a time (2026-11-27 23:59)") from None


@dataclass(frozen=True)
class LateRule:
    """What lateness costs: a percentage per started day, nothing accepted after `max_days`."""

    percent_per_day: float = 0.0
    max_days: int | None = None

    @classmethod
    def from_table(cls, table: dict | None, source: str) -> LateRule:
        table = dict(table or {})
        unknown = set(table) - {"percent_per_day", "max_days"}
        if unknown:
            raise CourseError(f"{source}: unknown key(s) in [late]: {', '.join(sorted(unknown))}")
        percent, days = table.get("percent_per_day", 0.0), table.get("max_days")
        if not isinstance(percent, (int, float)) or not 0 <= percent <= 100:
            raise CourseError(f"{source}: late.percent_per_day must be a number from 0 to 100")
        if days is not None and (not isinstance(days, int) or days < 0):
            raise CourseError(f"{source}: late.max_days must be a whole number of days, 0 or more")
        return cls(float(percent), days)


@dataclass(frozen=True)
class Lateness:
    """How late one submission was and what it costs, as a share of its points."""

    due: datetime | None  # the deadline that applied (with the student's extension)
    submitted: datetime | None
    days: int = 0  # started days after the deadline
    percent: float = 0.0  # of the points, 0..100
    refused: bool = False  # later than max_days: not accepted


def lateness(submitted: datetime | None, due: datetime | None, rule: LateRule,
             extension: datetime | None = None) -> Lateness:
    """The lateness of one submission; without a time or a deadline it is on time."""
    if due is not None and extension is not None:
        due = max(due, extension)
    if submitted is None or due is None or submitted <= due:
        return Lateness(due, submitted)
    days = math.ceil((submitted - due) / DAY)
    if rule.max_days is not None and days > rule.max_days:
        return Lateness(due, submitted, days, 100.0, refused=True)
    return Lateness(due, submitted, days, min(100.0, days * rule.percent_per_day))
