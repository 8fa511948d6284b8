"""The report of an import: what it created (or would create), what it skipped, and why.

Kept as plain data (`as_dict`), so a job can store it and a page or the command line can
show it later.
"""

from dataclasses import asdict, dataclass, field

from identification import resolution as res

MAX_LISTED = 500
SKIPPED_LISTED = 20
ID_HINT = (
    "A respondent id names one person across all of the client's studies; if your survey "
    "tool reuses ids, prefix them per wave (e.g. W2-1001)."
)


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

    def add_warning(self, row, column, reason) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_LISTED:
            self.warnings.append({"row": row, "column": column, "reason": reason})

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
        return [*self._lines(self.warnings, self.warning_count, "warnings"), ID_HINT]

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
        if self.ignored_columns:
            lines.append("Ignored columns: " + ", ".join(self.ignored_columns))
        if self.skipped_respondents:
            lines.append(self.skipped_line())
        return lines
