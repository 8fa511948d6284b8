"""The report of an import: what it created (or would create), what it skipped, and why.

Kept as plain data (`as_dict`), so a job can store it and a page or the command line can
show it later.
"""

from dataclasses import asdict, dataclass, field

from identification import resolution as res

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
    res.EXTERNAL_ID: "matched by id",
    res.EXACT: "matched by name",
    res.FUZZY: "matched despite a spelling difference",
    res.NEAR: "close to a known name",
    res.AMBIGUOUS: "could be one of several names",
    res.NEW: "new to the registry",
}


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
    problems: list[dict] = field(default_factory=list)
    problem_count: int = 0
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

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def skipped_unlisted(self) -> int:
        return self.skipped_respondents - len(self.skipped_ids)

    def add_problem(self, row, column, reason) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append({"row": row, "column": column, "reason": reason})

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
        return self._lines(self.problems, self.problem_count, "problems")

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

    def summary_lines(self) -> list[str]:
        # A refused import created nothing: its counts are what it would create once fixed.
        verb = "Would create" if self.dry_run or not self.ok else "Created"
        c = self.created
        lines = [
            f"{self.rows} rows, {self.respondents} respondents "
            f"({self.skipped_respondents} already imported, skipped).",
            f"{verb}: {c.get('evidence', 0)} evidence, {c.get('mentions', 0)} mentions, "
            f"{c.get('non_person', 0)} non-person influences, {c.get('buyers', 0)} new "
            f"respondents, {c.get('organizations', 0)} organizations, "
            f"{c.get('influencers', 0)} influencers "
            f"({c.get('provisional', 0)} provisional, {c.get('reviews', 0)} name reviews), "
            f"{c.get('aliases', 0)} aliases, {c.get('buyer_links', 0)} respondent–influencer "
            "links.",
            "Names resolved: "
            + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in self.resolution.items()),
        ]
        if self.file_note:
            lines.insert(0, self.file_note)
        if self.ignored_columns:
            lines.append("Ignored columns: " + ", ".join(self.ignored_columns))
        if self.skipped_respondents:
            lines.append(self.skipped_line())
        return lines
