"""Survey tools' exports, each built to the layout its tool documents (surveys/imports/exports/
says where each layout is described), telling one small story: three respondents, two of whom
name Maria García, Tom Baker and Priya Nair at two stages.

The CSV exports are files under files/; the XLSX ones are built here, as the tool writes
them (Microsoft Forms: real date-time cells and numeric ids).
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass

import openpyxl

from tests.surveys.helpers import FILES


def xlsx(rows: list[list]) -> bytes:
    """A workbook whose first sheet holds `rows` as they are (no header added)."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append([None if cell == "" else cell for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_rows(name: str, delimiter: str = ",") -> list[list[str]]:
    text = (FILES / name).read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def qualtrics_xlsx() -> bytes:
    """Qualtrics' Excel export: the same three header rows as its CSV."""
    return xlsx(csv_rows("qualtrics_export.csv"))


MICROSOFT_QUESTIONS = [
    "Which organization do you work for?",
    "What was your role in the purchase?",
    "Who most influenced you at the solution scoping stage?",
    "Anyone else at the solution scoping stage?",
    "Who most influenced you at the selection stage?",
]


def microsoft_forms_xlsx(*, roles=("Decision-maker", "Procurement", "User")) -> bytes:
    """Microsoft Forms' "Open results in Excel": ID, times, Email, Name, then the questions."""
    head = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"]
    answers = [
        ["Delta Logistics", roles[0], "Maria García", "Tom Baker", "Priya Nair"],
        ["Epsilon Health", roles[1], "Tom Baker", "", "Maria Garcia"],
        ["Zeta Foods", roles[2], "", "", ""],
    ]
    rows = [head + MICROSOFT_QUESTIONS]
    for i, answer in enumerate(answers, start=1):
        done = dt.datetime(2026, 10, 4 + i, 9, 12, 40)
        start = done - dt.timedelta(minutes=10)
        rows.append([i, start, done, "anonymous", "", "", *answer])
    return xlsx(rows)


def file_content(name: str) -> bytes:
    return (FILES / name).read_bytes()


@dataclass(frozen=True)
class ToolExport:
    """One tool's export, and what reading it must find."""

    label: str
    filename: str
    tool: str
    header_rows: int
    note: str  # said in the preview and by the command line
    second_stage: str  # the stage of the story's second question
    ids: tuple[str, ...]  # the respondents' ids, in the file's order
    dates: tuple[dt.date, ...]
    role_column: str
    roles: tuple[str, str]  # (as the file writes "procurement", a value that is no role)

    def content(self) -> bytes:
        if self.tool == "microsoft_forms":
            return microsoft_forms_xlsx()
        if self.filename.endswith(".xlsx"):
            return qualtrics_xlsx()
        return file_content(self.filename)

    def with_bad_role(self) -> bytes:
        """The export with the second respondent's role replaced by one that is no role."""
        if self.tool == "microsoft_forms":
            return microsoft_forms_xlsx(roles=("Decision-maker", "Astronaut", "User"))
        if self.filename.endswith(".xlsx"):
            rows = csv_rows("qualtrics_export.csv")
            rows[4] = [self.roles[1] if c == self.roles[0] else c for c in rows[4]]
            return xlsx(rows)
        return self.content().replace(self.roles[0].encode(), self.roles[1].encode())


OCTOBER = (dt.date(2026, 10, 5), dt.date(2026, 10, 6), dt.date(2026, 10, 7))
QUALTRICS = {
    "tool": "qualtrics",
    "header_rows": 3,
    "note": "Qualtrics export: 2 header rows skipped",
    "second_stage": "Supplier shortlisting",
    "ids": ("R_1a2B3c4D5e6F7g8", "R_2b3C4d5E6f7G8h9", "R_3c4D5e6F7g8H9i0"),
    "dates": OCTOBER,
    "role_column": "Q2",
    "roles": ("Procurement", "Astronaut"),
}
EXPORTS = (
    ToolExport("Qualtrics CSV", "qualtrics_export.csv", **QUALTRICS),
    ToolExport("Qualtrics XLSX", "qualtrics_export.xlsx", **QUALTRICS),
    ToolExport(
        "SurveyMonkey",
        "surveymonkey_export.csv",
        "surveymonkey",
        2,
        "SurveyMonkey export: 1 header row skipped",
        "Selection",
        ("114111222333", "114111222334", "114111222335"),
        # Month first, as SurveyMonkey writes dates: 10/13 is October 13, 11/02 November 2.
        (dt.date(2026, 10, 13), dt.date(2026, 11, 2), dt.date(2026, 11, 3)),
        "What was your role in the purchase?",
        ("Procurement", "Astronaut"),
    ),
    ToolExport(
        "Google Forms",
        "google_forms_export.csv",
        "google_forms",
        1,
        "Google Forms export: question texts as column names.",
        "Selection",
        ("2026-10-05 09:12:40", "2026-10-06 14:31:55", "2026-10-07 11:08:19"),
        OCTOBER,
        "Your role in the buying group",
        ("Procurement", "Astronaut"),
    ),
    ToolExport(
        "Microsoft Forms",
        "microsoft_forms_export.xlsx",
        "microsoft_forms",
        1,
        "Microsoft Forms export: question texts as column names.",
        "Selection",
        ("1", "2", "3"),
        OCTOBER,
        "What was your role in the purchase?",
        ("Procurement", "Astronaut"),
    ),
    ToolExport(
        "KoboToolbox",
        "kobo_export.csv",
        "kobo",
        2,
        "KoboToolbox export: questions named by their group path. 1 header row skipped",
        "Supplier shortlisting",
        ("61", "62", "63"),
        OCTOBER,
        "role",
        ("procurement", "astronaut"),
    ),
)
