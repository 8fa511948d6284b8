"""What a checked file would create, before names are resolved, and what stops it."""

import datetime as dt
from dataclasses import dataclass, field

from surveys.imports.problems import ProblemGroups

MAX_PROBLEMS = 500


@dataclass
class Problem:
    """Something that stops the import: where it is and why."""

    row: int | None  # the row the user sees in the file; None: the mapping or the file
    column: str
    reason: str


@dataclass(slots=True)
class PlannedMention:
    row: int
    column: str
    name: str
    key: str
    external_id: str
    category_id: int | None
    stage_id: int
    strength: str
    direction: str
    channel: str
    quote: str


@dataclass
class PlannedRespondent:
    respondent_id: str
    row: int
    name: str = ""
    title: str = ""
    organization: str = ""
    role: str = ""
    outcome: str = ""
    deal_size: str = ""
    date: dt.date | None = None
    mentions: list[PlannedMention] = field(default_factory=list)
    non_person: set[tuple[int, str]] = field(default_factory=set)


@dataclass
class Plan:
    """What a file would create, before resolving names; `problems` empty means valid."""

    row_count: int
    respondents: dict[str, PlannedRespondent] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    # Every problem, counted by kind and value (problems.py); `problems` lists the first rows.
    groups: ProblemGroups = field(default_factory=ProblemGroups)
    ignored_columns: list[str] = field(default_factory=list)
    # The row the user sees in the file, of each row of the frame (header rows counted).
    file_rows: list[int] = field(default_factory=list)

    def file_row(self, position: int) -> int:
        """The file's row number of the frame's row `position` (1 = the frame's first)."""
        return self.file_rows[position - 1] if self.file_rows else position

    def add_problem(self, row, column, reason, *, what: str = "", hint: str = "") -> None:
        """A problem at the frame's row `row` (1 = its first; None: not a row's), which is
        recorded with the row number the user sees in the file.

        `what` names its kind and value ("unknown strength 'strong'") and `hint` how to fix
        it, for the grouped list; without them the reason is its own group.
        """
        self.problem_count += 1
        file_row = self.file_row(row) if row else None
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(file_row, column, reason))
        self.groups.add(row=file_row, column=column, what=what or reason, hint=hint)
