"""The ranking export's columns, formula escaping and file names (shared by every export)."""

import pytest

from identification.exports.rankings import (
    COLUMNS,
    csv_chunks,
    download_name,
    escape,
    header,
    stage_column,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+44 20", "'+44 20"),
        ("-Cy", "'-Cy"),
        ("@cmd", "'@cmd"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("Ada = great", "Ada = great"),
        ("", ""),
        (-0.5, -0.5),
        (3, 3),
        (True, True),
    ],
)
def test_text_that_a_spreadsheet_would_run_is_escaped_and_numbers_stay_numbers(value, expected):
    assert escape(value) == expected


def test_the_header_has_the_fixed_columns_then_one_score_per_stage():
    columns = header(["Problem identification", "Validation / sign-off", "Solution scoping"])
    assert columns[: len(COLUMNS)] == list(COLUMNS)
    assert columns[len(COLUMNS) :] == [
        "score_problem_identification",
        "score_validation_sign_off",
        "score_solution_scoping",
    ]
    assert stage_column("Selection") == "score_selection"


def test_csv_chunks_write_every_row_once_in_bounded_chunks():
    chunks = list(csv_chunks(([i, f"n{i}"] for i in range(2500)), columns=["rank", "name"]))
    assert chunks[0] == "rank,name\r\n"
    assert len(chunks) == 1 + 3  # header, then 1000 + 1000 + 500 rows
    assert "".join(chunks).count("\r\n") == 2501


def test_the_download_name_is_ascii_from_the_slug(tenant):
    from identification.models import RankingRun

    run = RankingRun.objects.create(study=tenant.study)
    tenant.study.slug = 'ü-study"; rm'
    name = download_name(study=tenant.study, run=run, extension="csv")
    assert name == f"influencer50-u-study-rm-run-{run.pk}-ranking.csv"
    assert name.isascii()
