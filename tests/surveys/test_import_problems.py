"""An import's problems counted by kind and value (surveys/imports/problems.py), in the
report that the command line and the preview page show."""

import pytest

from surveys.imports.problems import MAX_GROUPS, ProblemGroups, describe, where
from surveys.imports.report import ImportReport
from surveys.services.imports import import_file
from tests.surveys.helpers import long_csv, mention_row

pytestmark = pytest.mark.django_db


def _bad_stages(n, value="advice"):
    return long_csv([mention_row(f"R{i}", f"P {i % 30}", stage=value) for i in range(n)])


def test_every_problem_is_counted_in_its_group_beyond_the_rows_listed(tenant):
    report = import_file(study=tenant.study, content=_bad_stages(1551), filename="x.csv")

    assert report.problem_count == 1551
    assert len(report.problems) == 500  # row by row, the first ones
    [group] = report.problem_groups
    assert (group["count"], group["row_count"], group["rows"]) == (1551, 1551, [2, 3, 4, 5, 6])
    assert group["columns"] == ["stage"]
    assert report.ungrouped_count == 0


def test_a_stored_report_keeps_its_groups_and_counts_on_into_them(tenant):
    report = import_file(study=tenant.study, content=_bad_stages(3), filename="x.csv")
    lines = report.problem_group_lines()

    restored = ImportReport.from_dict(report.as_dict())  # as an import job stores it

    assert restored.problem_group_lines() == lines
    restored.add_problem(
        9,
        "stage",
        "…",
        what="unknown decision stage 'advice'",
        hint=(report.problem_groups[0]["hint"]),
    )
    assert restored.problem_groups[0]["row_count"] == 4
    assert len(restored.problem_groups) == 1


def test_a_problem_given_only_its_reason_is_its_own_group():
    report = ImportReport()
    report.add_problem(None, "mapping", "layout must be “long” or “wide”.")
    report.add_problem(3, "x", "something odd.")
    report.add_problem(4, "x", "something odd.")

    assert report.problem_group_lines() == [
        "- mapping: layout must be “long” or “wide”.",
        "- Column 'x': something odd in 2 rows (rows 3, 4).",
    ]


def test_new_influencers_without_a_category_are_one_group_whatever_their_names():
    report = ImportReport()
    for row, name in [(4, "Ann"), (4, "Bo"), (9, "Cy")]:
        report.add_problem(
            row,
            "Q1_1",
            f"no category for the new influencer {name!r}: map a category column or give a "
            "default category.",
        )

    [group] = report.problem_groups
    assert (group["count"], group["row_count"], group["rows"]) == (3, 2, [4, 9])
    assert [p["reason"].split(":")[0] for p in report.problems] == [
        "no category for the new influencer 'Ann'",
        "no category for the new influencer 'Bo'",
        "no category for the new influencer 'Cy'",
    ]


def test_groups_name_their_first_rows_and_their_columns():
    groups = ProblemGroups()
    for row, column in [(40, "Q5_1"), (7, "Q1_1"), (12, "Q2_1"), (3, "Q3_1"), (9, "Q4_1")]:
        groups.add(row=row, column=column, what="unknown influence 'x'", hint="fix it.")
    groups.add(row=2, column="Q1_1", what="unknown influence 'x'", hint="fix it.")
    [group] = groups.items

    assert group["rows"] == [2, 3, 7, 9, 12]  # the first of the file, in its order
    assert where(group) == "Columns 'Q5_1', 'Q1_1', 'Q2_1' and 2 more"
    assert describe(group) == "unknown influence 'x' in 6 rows (rows 2, 3, 7, 9, 12, …)"
    assert group["hint"] == "fix it"


def test_past_the_last_group_problems_are_still_counted():
    report = ImportReport()
    for i in range(MAX_GROUPS + 100):
        report.add_problem(i + 2, "date", f"{i!r} is not a date.", what=f"{i!r} is not a date")

    assert len(report.problem_groups) == MAX_GROUPS
    assert report.problem_count == MAX_GROUPS + 100
    assert report.problem_group_lines()[-1] == "- … and 100 more problems of other kinds."


def test_a_plan_s_groups_merge_into_the_report_s():
    mine, theirs = ProblemGroups(), ProblemGroups()
    mine.add(row=8, column="stage", what="unknown stage 'a'", hint="h")
    theirs.add(row=2, column="stage", what="unknown stage 'a'", hint="h")
    theirs.add(row=3, column="Q1", what="unknown stage 'b'", hint="h")

    mine.merge(theirs)

    assert [(g["what"], g["count"], g["rows"]) for g in mine.items] == [
        ("unknown stage 'a'", 2, [2, 8]),
        ("unknown stage 'b'", 1, [3]),
    ]
    assert [len(s["groups"]) for s in mine.sections()] == [2]  # one fix for both
