"""The command line: create_study and import_evidence."""

import io

import pytest
from django.core.management import CommandError, call_command

from identification.models import Client, Evidence, NameReview, Study
from tests.factories import InfluencerFactory, make_study
from tests.surveys.helpers import FILES, long_csv, mention_row

pytestmark = pytest.mark.django_db


def _run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_study_creates_the_client_when_new_and_prints_the_slug():
    out, _ = _run("create_study", "Initech", "UK payroll 2026")
    study = Study.objects.get(name="UK payroll 2026")
    assert out.strip() == study.slug
    assert study.client == Client.objects.get(name="Initech")
    assert study.stages.count() == 6


def test_create_study_twice_prints_the_same_slug(tenant):
    first, _ = _run("create_study", tenant.client.name, "Second study")
    again, err = _run("create_study", tenant.client.slug, "Second study")
    assert first == again
    assert "already exists" in err
    assert Study.objects.filter(name="Second study").count() == 1


def test_import_evidence_with_a_wide_mapping(tenant):
    out, _ = _run(
        "import_evidence",
        str(FILES / "wide_export.csv"),
        "--study",
        tenant.study.slug,
        "--mapping",
        str(FILES / "wide_mapping.json"),
    )
    assert Evidence.objects.count() == 3
    assert "Created: 3 evidence" in out
    assert "Names resolved:" in out


def test_import_evidence_dry_run_writes_nothing(tenant):
    out, _ = _run(
        "import_evidence", str(FILES / "long.csv"), "--study", tenant.study.slug, "--dry-run"
    )
    assert "Would create: 3 evidence" in out
    assert Evidence.objects.count() == 0


def test_import_evidence_fails_with_the_row_report_and_writes_nothing(tenant, tmp_path):
    rows = [mention_row(f"R{i}", f"P {i}") for i in range(1, 9)]
    rows[6]["stage"] = "Lunch"
    path = tmp_path / "bad.csv"
    path.write_bytes(long_csv(rows))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command(
            "import_evidence",
            str(path),
            "--study",
            tenant.study.slug,
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "Row 8, column 'stage': unknown decision stage 'Lunch'" in err.getvalue()
    assert Evidence.objects.count() == 0


def test_import_evidence_rejects_a_bad_mapping_file(tenant, tmp_path):
    path = tmp_path / "m.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        _run(
            "import_evidence",
            str(FILES / "long.csv"),
            "--study",
            tenant.study.slug,
            "--mapping",
            str(path),
        )


def test_import_evidence_unknown_study_fails():
    with pytest.raises(CommandError, match="No study"):
        _run("import_evidence", str(FILES / "long.csv"), "--study", "nope")


def test_unattended_import_puts_near_matches_in_the_review_queue(tenant, tmp_path):
    InfluencerFactory(client=tenant.client, name="Katherine Johnson")
    path = tmp_path / "near.csv"
    path.write_bytes(long_csv([mention_row("R1", "Kathy Johnson")]))
    out, _ = _run("import_evidence", str(path), "--study", tenant.study.slug)
    assert "near 1" in out
    assert NameReview.objects.get().provisional_influencer.provisional


def test_import_evidence_lists_respondents_skipped_as_already_imported(tenant):
    args = ("import_evidence", str(FILES / "long.csv"), "--study", tenant.study.slug)
    _run(*args)

    out, _ = _run(*args)

    assert "Skipped 3 respondents already imported into this study: R1, R2, R3." in out
    assert Evidence.objects.count() == 3


def test_import_evidence_prints_a_warning_for_a_respondent_on_file_with_other_details(
    tenant, tmp_path
):
    _run("import_evidence", str(FILES / "long.csv"), "--study", tenant.study.slug)
    second = make_study(tenant.client, name="Second wave")
    path = tmp_path / "wave2.csv"
    path.write_bytes(long_csv([mention_row("R1", "Ann Lee", organization="Omega Telecom")]))

    out, _ = _run("import_evidence", str(path), "--study", second.slug)

    assert (
        "Row 2, column 'respondent_id': Respondent R1 is already on file as Acme Bank, "
        "decision-maker; the file's Omega Telecom was not applied." in out
    )
    assert "Done." in out


def test_import_evidence_has_no_browser_upload_limit(tenant, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 10

    out, _ = _run("import_evidence", str(FILES / "long.csv"), "--study", tenant.study.slug)

    assert "Created: 3 evidence" in out
    assert Evidence.objects.count() == 3
