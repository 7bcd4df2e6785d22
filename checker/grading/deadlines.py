"""Deadlines, extensions and late penalties: which work of a student counts, and how late it was.

A class run is given one deadline, maybe moved for some students (`--extensions`), and one
of two policies:

* no late penalty: the last commit at or before the student's deadline is graded; a student
  with none has a row that says so;
* `--late-penalty P`: the latest commit is graded, and P percent of the points go per day
  late, a started day counting whole; with `--late-cutoff DAYS` commits later than that many
  days past the deadline are not graded (the last one before it is).

A commit's date is what the student's git wrote, and can be forged. `--submitted-at` gives
the platform's own instant for each student's checkout as it was handed in (a submission
tag, a push event, an LMS export): that checkout is then the submission, at that instant.
Everything here is pure: reading the instants from git is `commits.py`'s.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from checker.core.errors import KataUsageError
from checker.core.results import utc_stamp

__all__ = [
    "LatePolicy",
    "Lateness",
    "parse_instant",
    "read_instants",
]

BAD_INSTANT = (
    "{what} {given!r} is not a date and time with its zone: write it as ISO 8601, "
    "e.g. 2026-06-02T00:00:00Z or 2026-06-02T09:00:00+02:00."
)
BAD_PENALTY = "--late-penalty must be a percentage between 0 and 100, not {given!r}."
BAD_CUTOFF = "--late-cutoff must be a number of days of 0 or more, not {given!r}."
NEEDS_DEADLINE = "{option} needs --deadline: it moves or marks work against a deadline."
NEEDS_PENALTY = "--late-cutoff needs --late-penalty: without a penalty nothing after the deadline is graded anyway."
CSV_UNREADABLE = "Cannot read {path}: {why}."
CSV_LINE = "{path}, line {line}: {problem}"
CSV_SHAPE = "expected two columns, id and {column} (e.g. alice,2026-06-09T00:00:00Z)"
CSV_DUPLICATE = "{id} appears twice (first on line {first})"
CSV_UNKNOWN = "{id} is not a student of this class (no submission and not on the roster)"
DAY = timedelta(days=1)
_HEADER_IDS = {"id", "student", "student_id", "login", "username"}


def parse_instant(given: str, what: str = "The deadline") -> datetime:
    """An aware UTC datetime from ISO 8601 text with a zone; KataUsageError otherwise.

    A time without a zone would mean a different instant on the instructor's laptop and on
    a CI runner, so it is refused rather than guessed.
    """
    text = given.strip()
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text[-1:] in "Zz" and text else text)
    except ValueError:
        raise KataUsageError(BAD_INSTANT.format(what=what, given=given)) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise KataUsageError(BAD_INSTANT.format(what=what, given=given))
    return moment.astimezone(timezone.utc)


def read_instants(path: Path, column: str, students: Iterable[str]) -> dict[str, datetime]:
    """`id,instant` rows of a CSV file (a header row is skipped), each id one of `students`.

    Every problem names its line and is a usage error, raised before anything is graded.
    """
    known = set(students)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise KataUsageError(CSV_UNREADABLE.format(path=path, why=getattr(error, "strerror", None) or error)) from None
    found: dict[str, datetime] = {}
    lines: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if number == 1 and cells[0].lower() in _HEADER_IDS:
            continue
        if len(cells) != 2 or not cells[0]:
            raise KataUsageError(CSV_LINE.format(path=path, line=number, problem=CSV_SHAPE.format(column=column)))
        student, text = cells
        if student in lines:
            problem = CSV_DUPLICATE.format(id=student, first=lines[student])
            raise KataUsageError(CSV_LINE.format(path=path, line=number, problem=problem))
        if student not in known:
            raise KataUsageError(CSV_LINE.format(path=path, line=number, problem=CSV_UNKNOWN.format(id=student)))
        try:
            found[student] = parse_instant(text, what=f"The {column}")
        except KataUsageError as error:
            raise KataUsageError(CSV_LINE.format(path=path, line=number, problem=error)) from None
        lines[student] = number
    return found


@dataclass(frozen=True)
class Lateness:
    """How one graded submission stands against its student's deadline."""

    submitted_at: datetime
    deadline: datetime
    late_days: int  # started days after the deadline; 0 when on time
    penalty_percent: float  # of the points, 0 to 100

    @property
    def on_time(self) -> bool:
        return self.late_days == 0


@dataclass(frozen=True)
class LatePolicy:
    """The deadline, the students' extensions, and what late work costs."""

    deadline: datetime
    extensions: Mapping[str, datetime] = field(default_factory=dict)
    penalty_percent: float | None = None  # per started day late; None: late work is not graded
    cutoff_days: float | None = None  # with a penalty: work later than this past the deadline is not graded

    @classmethod
    def from_options(
        cls,
        deadline: str | None,
        *,
        penalty: float | None = None,
        cutoff: float | None = None,
        extensions: Mapping[str, datetime] | None = None,
    ) -> LatePolicy | None:
        """The policy the command line asks for, None without --deadline; KataUsageError if it makes no sense."""
        if deadline is None:
            for option, given in (("--late-penalty", penalty), ("--late-cutoff", cutoff), ("--extensions", extensions)):
                if given is not None:
                    raise KataUsageError(NEEDS_DEADLINE.format(option=option))
            return None
        if penalty is not None and not (math.isfinite(penalty) and 0 <= penalty <= 100):
            raise KataUsageError(BAD_PENALTY.format(given=penalty))
        if cutoff is not None and not (math.isfinite(cutoff) and cutoff >= 0):
            raise KataUsageError(BAD_CUTOFF.format(given=cutoff))
        if cutoff is not None and penalty is None:
            raise KataUsageError(NEEDS_PENALTY)
        return cls(parse_instant(deadline), dict(extensions or {}), penalty, cutoff)

    def deadline_of(self, student: str) -> datetime:
        return self.extensions.get(student, self.deadline)

    def latest_graded(self, student: str) -> datetime | None:
        """The latest instant whose work is graded for this student; None when any later work is."""
        deadline = self.deadline_of(student)
        if self.penalty_percent is None:
            return deadline
        return None if self.cutoff_days is None else deadline + timedelta(days=self.cutoff_days)

    def lateness(self, student: str, submitted_at: datetime) -> Lateness:
        deadline = self.deadline_of(student)
        late_days = max(0, math.ceil((submitted_at - deadline) / DAY))
        penalty = min(100.0, late_days * (self.penalty_percent or 0.0))
        return Lateness(submitted_at, deadline, late_days, penalty)

    def key(self, student: str) -> str:
        """The policy as it applies to this student: a resumed run regrades a student whose key changed."""
        parts = [f"deadline={utc_stamp(self.deadline_of(student))}"]
        if self.penalty_percent is not None:
            parts.append(f"penalty={self.penalty_percent:g}%/day")
        if self.cutoff_days is not None:
            parts.append(f"cutoff={self.cutoff_days:g}d")
        return " ".join(parts)
