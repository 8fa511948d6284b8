"""The report of an import: what it created (or would create), what it skipped, and why.

Kept as plain data (`as_dict`), so a job can store it and a page or the command line can
show it later.
"""

from dataclasses import asdict, dataclass, field

from identification import resolution as res
from surveys.imports import problems as grouped

MAX_LISTED = 500
SKIPPED_LISTED = 20
SAMPLE_ROWS = 10  # the first rows of a preview, shown as they will be written
RESPONDENT, TEXT = "respondent", "text"  # kinds of warning
ID_HINT = (
    "A respondent id names one person across all of the client's studies; if your survey "
    "tool reuses ids, prefix them per wave (e.g. W2-1001)."
)
BIDI_REMOVED = (
    "invisible right-to-left / left-to-right control characters were removed (they would "
    "reorder how the text is shown); it now reads “{text}”."
)

# What an import creates, in the words of its pages: (key, one, many).
CREATED = (
    ("evidence", "response", "responses"),
    ("mentions", "mention of an influencer", "mentions of influencers"),
    ("non_person", "other influence (search, website…)", "other influences (search, website…)"),
    ("buyers", "new respondent", "new respondents"),
    ("organizations", "new organization", "new organizations"),
    ("influencers", "new influencer", "new influencers"),
    ("aliases", "new spelling of a known name", "new spellings of known names"),
    ("buyer_links", "respondent who is also an influencer", "respondents who are also influencers"),
)
# How the names of a file were matched to the registry, in the same words.
MATCHED = {
    res.EXTERNAL_ID: "matched by external id",
    res.EXACT: "matched by name",
    res.FUZZY: "matched despite a spelling difference",
    res.NEAR: "close to a known name",
    res.AMBIGUOUS: "could be one of several names",
    res.NEW: "new to the registry",
}


# Problems reported with only their reason, grouped by kind all the same:
# (start of the reason, what the group says, how to fix it).
KINDS = (
    (
        "no category for the new influencer ",
        "no category for the new influencers named",
        "map a category column or give a default category",
    ),
)
IDS_PER_CLIENT = "Ids are per client: the same id in any of the client's studies is the same person"


def _kind(reason: str) -> tuple[str, str]:
    for start, what, hint in KINDS:
        if reason.startswith(start):
            return what, hint
    return reason, ""


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


@dataclass
class ImportReport:
    """What an import created (or, in a dry run, would create), and every problem found."""

    filename: str = ""
    layout: str = ""
    dry_run: bool = True
    rows: int = 0
    respondents: int = 0
    skipped_respondents: int = 0
    skipped_ids: list[str] = field(default_factory=list)  # the first SKIPPED_LISTED
    ignored_columns: list[str] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)  # row by row, the first MAX_LISTED
    problem_count: int = 0
    # Every problem counted by kind and value ("unknown stage 'advice'"): problems.py
    problem_groups: list[dict] = field(default_factory=list)
    # Worth knowing, but no reason to refuse the file.
    warnings: list[dict] = field(default_factory=list)
    warning_count: int = 0
    resolution: dict[str, int] = field(default_factory=lambda: dict.fromkeys(res.METHODS, 0))
    near: list[dict] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    influencers: list[dict] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    # How the file was read: its survey tool's layout, said in the preview
    file_note: str = ""
    header_rows: int = 1
    # The first rows as they will be written (services/imports/sample.py)
    sample: list[dict] = field(default_factory=list)
    # Respondents of the file already on file for the client (by respondent id)
    known_respondents: int = 0
    # The ranking run the import asked for (None: none, or a dry run)
    ranking_run: int | None = None

    def __post_init__(self) -> None:
        self._groups = grouped.ProblemGroups(self.problem_groups)

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def skipped_unlisted(self) -> int:
        return self.skipped_respondents - len(self.skipped_ids)

    def add_problem(self, row, column, reason, *, what: str = "", hint: str = "") -> None:
        """A problem on a row of the file (None: of the file or mapping), with its kind and
        value (`what`) and how to fix it (`hint`) for the grouped list (problems.py)."""
        self.problem_count += 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append({"row": row, "column": column, "reason": reason})
        if not what:
            what, hint = _kind(reason) if row else (reason, "")
        self._groups.add(row=row, column=column, what=what, hint=hint)

    def add_problems(self, *, problems, count: int, groups: grouped.ProblemGroups) -> None:
        """Take over a plan's problems (each with row, column, reason) and their groups."""
        for p in problems[: MAX_LISTED - len(self.problems)]:
            self.problems.append({"row": p.row, "column": p.column, "reason": p.reason})
        self.problem_count += count
        self._groups.merge(groups)

    def add_warning(self, row, column, reason, *, kind: str = RESPONDENT) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_LISTED:
            self.warnings.append({"row": row, "column": column, "reason": reason, "kind": kind})

    def describe_file(self, *, note: str, header_rows: int, cleaned) -> None:
        """How the file was read: its tool's layout, and each cell whose text was cleaned
        of bidirectional controls ((row, column, text now) each)."""
        self.file_note, self.header_rows = note, header_rows
        for row, column, text in cleaned:
            self.add_warning(row, column, BIDI_REMOVED.format(text=text), kind=TEXT)

    @property
    def respondent_warnings(self) -> bool:
        """Whether a respondent on file differs from the file (the id hint is for them)."""
        return any(w.get("kind", RESPONDENT) == RESPONDENT for w in self.warnings)

    def created_items(self) -> list[tuple[int, str]]:
        """(count, what) of everything the import creates, in the pages' words."""
        return [
            (n, one if n == 1 else many)
            for key, one, many in CREATED
            for n in [self.created.get(key, 0)]
        ]

    def matched_items(self) -> list[tuple[int, str]]:
        """(count, how) of the ways the file's names were matched, leaving out the unused."""
        return [(n, MATCHED.get(m, m)) for m, n in self.resolution.items() if n]

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ImportReport":
        known = {k: v for k, v in (data or {}).items() if k in cls.__dataclass_fields__}
        return cls(**known)

    @staticmethod
    def _lines(items: list[dict], count: int, what: str) -> list[str]:
        lines = []
        for p in items:
            where = (
                f"Row {p['row']}, column {p['column']!r}" if p["row"] else (p["column"] or "File")
            )
            lines.append(f"{where}: {p['reason']}")
        if count > len(items):
            lines.append(f"… and {count - len(items)} more {what}.")
        return lines

    def problem_lines(self) -> list[str]:
        """Every problem row by row (the first MAX_LISTED)."""
        return self._lines(self.problems, self.problem_count, "problems")

    def problem_sections(self) -> list[dict]:
        """Each kind of problem once for all the rows it is on, those with the same fix
        together: {"hint": how to fix them, "items": [(where, what and on which rows)]}."""
        return [
            {
                "hint": section["hint"],
                "items": [(grouped.where(g), grouped.describe(g)) for g in section["groups"]],
            }
            for section in self._groups.sections()
        ]

    @property
    def ungrouped_count(self) -> int:
        """Problems beyond the last group kept (see problems.MAX_GROUPS)."""
        return self.problem_count - self._groups.counted()

    def problem_group_lines(self) -> list[str]:
        """Each kind of problem on one line, with its rows and how to fix it; a fix that
        several share follows them."""
        lines = []
        for section in self.problem_sections():
            items, hint = section["items"], section["hint"]
            if len(items) == 1:
                where, what = items[0]
                lines.append(f"- {where}: {what}; {hint}." if hint else f"- {where}: {what}.")
                continue
            lines += [f"- {where}: {what}" for where, what in items]
            lines.append(f"  For each of these {len(items)}: {hint}.")
        if self.ungrouped_count:
            lines.append(f"- … and {self.ungrouped_count:,} more problems of other kinds.")
        return lines

    def warning_lines(self) -> list[str]:
        if not self.warning_count:
            return []
        lines = self._lines(self.warnings, self.warning_count, "warnings")
        return [*lines, ID_HINT] if self.respondent_warnings else lines

    def skipped_line(self) -> str:
        """Which respondents were left out as already imported into the study, or ""."""
        n = self.skipped_respondents
        if not n:
            return ""
        more = f" … and {self.skipped_unlisted} more" if self.skipped_unlisted else ""
        return (
            f"Skipped {n} respondent{'s' if n != 1 else ''} already imported into this study: "
            f"{', '.join(self.skipped_ids)}{more}."
        )

    def ids_line(self) -> str:
        """What the file's ids matched among the people the client already has, or ""."""
        parts = []
        by_id = self.resolution.get(res.EXTERNAL_ID, 0)
        if by_id:
            influencers = _plural(by_id, "existing influencer", "existing influencers")
            parts.append(f"matched {influencers} by external id")
        if self.known_respondents:
            respondents = _plural(self.known_respondents, "respondent is", "respondents are")
            parts.append(f"{respondents} already on file (by respondent id)")
        if not parts:
            return ""
        text = "; ".join(parts)
        return f"{text[0].upper()}{text[1:]}. {IDS_PER_CLIENT}."

    def created_line(self) -> str:
        """What the import creates (or, in a dry run or a refused import, would create)."""
        # A refused import created nothing: its counts are what it would create once fixed.
        verb = "Would create" if self.dry_run or not self.ok else "Created"
        items = ", ".join(f"{n:,} {what}" for n, what in self.created_items())
        line = f"{verb}: {items}."
        provisional = self.created.get("provisional", 0)
        if provisional:
            line += (
                f" {_plural(provisional, 'new influencer is', 'new influencers are')} close to a"
                " known name: to review (provisional, with a name review each)."
            )
        return line

    def summary_lines(self) -> list[str]:
        """The report in the words of the preview page, for the command line."""
        lines = [self.file_note] if self.file_note else []
        rows = f"{_plural(self.rows, 'row', 'rows')} of answers"
        if self.respondents:
            rows += (
                f" from {_plural(self.respondents, 'respondent', 'respondents')} "
                f"({self.skipped_respondents:,} already imported, skipped)"
            )
        lines.append(f"{rows}.")
        # A file refused before its names were resolved has nothing counted yet.
        if self.created:
            lines.append(self.created_line())
        matched = self.matched_items()
        if matched:
            lines.append(
                "Names in the file: " + ", ".join(f"{n:,} {how}" for n, how in matched) + "."
            )
        if self.ids_line():
            lines.append(self.ids_line())
        if self.ignored_columns:
            lines.append("Ignored columns: " + ", ".join(self.ignored_columns))
        if self.skipped_respondents:
            lines.append(self.skipped_line())
        return lines
