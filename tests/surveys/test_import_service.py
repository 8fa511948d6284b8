"""Importing long and wide files through the import service: all or nothing, idempotent."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from identification.models import (
    Buyer,
    Evidence,
    Influencer,
    InfluencerAlias,
    Mention,
    NameReview,
    NonPersonInfluence,
)
from identification.models.choices import EvidenceKind
from surveys.services.imports import import_file
from tests.factories import InfluencerFactory
from tests.surveys.helpers import long_csv, mention_row, read, to_xlsx

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Evidence.objects.count(),
        Mention.objects.count(),
        Influencer.objects.count(),
        Buyer.objects.count(),
        NameReview.objects.count(),
    )


def test_long_csv_creates_evidence_mentions_and_non_person_influences(tenant):
    report = import_file(study=tenant.study, content=read("long.csv"), filename="long.csv")

    assert report.ok, report.problem_lines()
    assert Evidence.objects.filter(study=tenant.study, kind=EvidenceKind.SURVEY).count() == 3
    assert Mention.objects.count() == 5
    assert NonPersonInfluence.objects.get().source == "search"
    maria = Mention.objects.get(influencer__name="Maria García")
    assert (maria.strength, maria.direction, maria.channel, maria.stage.name) == (
        "decisive",
        "client",
        "in_person",
        "Solution scoping",
    )
    assert maria.quote == "She framed the whole project"
    assert maria.evidence.buyer.organization.name == "Acme Bank"
    assert str(maria.evidence.collected_on) == "2026-10-01"
    # Tom Baker is named twice: one influencer.
    assert Influencer.objects.filter(name="Tom Baker").count() == 1
    assert report.created["evidence"] == 3
    assert report.created["mentions"] == 5


def test_influencer_given_only_by_external_id_is_created_with_the_id_as_name(tenant):
    import_file(study=tenant.study, content=read("long.csv"), filename="long.csv")

    created = Influencer.objects.get(external_id="P-17")
    assert created.name == "P-17"
    assert created.category.name == "Peers"


def test_reimporting_the_same_file_creates_nothing_twice(tenant):
    import_file(study=tenant.study, content=read("long.csv"), filename="long.csv")
    before = _counts()

    again = import_file(study=tenant.study, content=read("long.csv"), filename="long.csv")

    assert again.ok
    assert _counts() == before
    assert again.skipped_respondents == 3
    assert again.created["evidence"] == 0


def test_wide_export_with_mapping_file_imports_one_evidence_per_respondent(
    tenant, django_capture_on_commit_callbacks
):
    mapping = json.loads(read("wide_mapping.json"))
    with django_capture_on_commit_callbacks(execute=True):
        report = import_file(
            study=tenant.study, content=read("wide_export.csv"), filename="w.csv", mapping=mapping
        )

    assert report.ok, report.problem_lines()
    assert Evidence.objects.count() == 3
    stages = set(Mention.objects.values_list("stage__name", "influencer__name"))
    assert ("Solution scoping", "Tom Baker") in stages
    assert ("Supplier shortlisting", "Priya Shah") in stages
    # "Maria Garcia" and "Maria García" are one person (accent-insensitive).
    assert Influencer.objects.filter(normalized_name="maria garcia").count() == 1
    assert set(NonPersonInfluence.objects.values_list("source", flat=True)) == {
        "search",
        "vendor_website",
    }
    buyer = Buyer.objects.get(external_id="1001")
    assert (buyer.role, buyer.outcome) == ("decision_maker", "client")
    assert str(buyer.evidence.get().collected_on) == "2026-10-05"
    # The ranking the import asks for succeeds, though respondent 1003 names nobody.
    assert not Evidence.objects.get(buyer__external_id="1003").mentions.exists()
    run = tenant.study.runs.get(trigger="auto")
    assert run.status == "succeeded", run.error
    tenant.study.refresh_from_db()
    assert tenant.study.published_run == run
    assert run.entries.filter(influencer__name="Tom Baker").exists()


def test_wide_export_as_xlsx_imports_like_the_csv(tenant):
    mapping = json.loads(read("wide_mapping.json"))
    report = import_file(
        study=tenant.study,
        content=to_xlsx(read("wide_export.csv")),
        filename="export.xlsx",
        mapping=mapping,
    )

    assert report.ok, report.problem_lines()
    assert Evidence.objects.count() == 3
    assert Mention.objects.count() == 5


def test_bad_stage_is_reported_by_its_row_in_the_file_and_column_and_nothing_is_written(
    tenant,
):
    rows = [mention_row(f"R{i}", f"Person {i}") for i in range(1, 11)]
    rows[6]["stage"] = "Lunch"
    report = import_file(study=tenant.study, content=long_csv(rows), filename="bad.csv")

    assert not report.ok
    assert report.problems == [
        {
            "row": 8,  # the 7th respondent row, under the header on row 1
            "column": "stage",
            "reason": "unknown decision stage 'Lunch'; map it in `values.stage`.",
        }
    ]
    assert _counts() == (0, 0, 0, 0, 0)


def test_a_date_in_the_future_is_a_row_problem_and_nothing_is_written(tenant):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    rows = [mention_row("R1", "Ann Lee", date="2026-10-01"), mention_row("R2", "Bo Chen")]
    rows[1]["date"] = tomorrow.strftime("%d/%m/%Y")
    content = long_csv(rows, extra=["date"])

    report = import_file(study=tenant.study, content=content, filename="x.csv")

    assert report.problems == [
        {
            "row": 3,
            "column": "date",
            "reason": f"{rows[1]['date']!r} is in the future; an answer cannot be dated "
            "after today.",
        }
    ]
    assert _counts() == (0, 0, 0, 0, 0)


def test_today_is_not_in_the_future(tenant):
    row = mention_row("R1", "Ann Lee", date=timezone.localdate().isoformat())
    report = import_file(study=tenant.study, content=long_csv([row], extra=["date"]), filename="x")
    assert report.ok, report.problem_lines()


def test_a_default_date_in_the_future_is_a_problem(tenant):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    mapping = {
        "layout": "long",
        "columns": {"respondent_id": "respondent_id", "influencer_name": "influencer_name"},
        "defaults": {"date": tomorrow, "stage": "Selection", "category": "Peers"},
    }
    content = b"respondent_id,influencer_name\nR1,Ann Lee\n"
    report = import_file(study=tenant.study, content=content, filename="x.csv", mapping=mapping)

    assert [(p["column"], p["reason"]) for p in report.problems] == [
        ("defaults.date", f"{tomorrow!r} is in the future; an answer cannot be dated after today.")
    ]
    assert _counts() == (0, 0, 0, 0, 0)


def test_missing_required_column_is_reported(tenant):
    content = b"organization,influencer_name,stage\nAcme,Tom,Selection\n"
    report = import_file(study=tenant.study, content=content, filename="x.csv")

    assert not report.ok
    assert any("respondent id" in p["reason"] for p in report.problems)


def test_columns_the_mapping_does_not_use_are_listed_as_ignored(tenant):
    rows = [mention_row("R1", "Tom Baker", notes="free text")]
    report = import_file(study=tenant.study, content=long_csv(rows), filename="x.csv")
    assert report.ok
    # long_csv keeps only its known columns; build one with an extra column by hand.
    content = (
        b"respondent_id,influencer_name,category,stage,Browser\nR9,Ann,Peers,Selection,Firefox\n"
    )
    report = import_file(study=tenant.study, content=content, filename="y.csv")
    assert report.ok
    assert report.ignored_columns == ["Browser"]


def test_new_influencer_without_category_is_a_row_problem(tenant):
    content = b"respondent_id,influencer_name,stage\nR1,Ann Lee,Selection\n"
    report = import_file(study=tenant.study, content=content, filename="x.csv")

    assert not report.ok
    assert report.problems[0]["row"] == 2
    assert "no category" in report.problems[0]["reason"]


def test_mapping_values_and_defaults_translate_the_files_vocabulary(tenant):
    content = b"chooser,chosen_name,question\nR1,Ann Lee,ADVICE\nR2,Ann Lee,advice\n"
    mapping = {
        "layout": "long",
        "columns": {
            "chooser": "respondent_id",
            "chosen_name": "influencer_name",
            "question": "stage",
        },
        "values": {"stage": {"advice": "Solution scoping"}},
        "defaults": {"strength": "decisive", "channel": "event", "category": "Peers"},
    }
    report = import_file(study=tenant.study, content=content, filename="x.csv", mapping=mapping)

    assert report.ok, report.problem_lines()
    assert set(Mention.objects.values_list("stage__name", "strength", "channel")) == {
        ("Solution scoping", "decisive", "event")
    }


def test_exact_alias_and_fuzzy_names_resolve_to_the_registry(tenant):
    known = InfluencerFactory(client=tenant.client, name="Jonathan Pryce")
    InfluencerAlias.objects.create(influencer=known, name="Jon Pryce")
    rows = [
        mention_row("R1", "JONATHAN PRYCE"),
        mention_row("R2", "Jon Pryce"),
        mention_row("R3", "Jonathon Pryce"),
    ]
    report = import_file(study=tenant.study, content=long_csv(rows), filename="x.csv")

    assert report.ok
    assert Mention.objects.filter(influencer=known).count() == 3
    assert report.resolution["exact"] == 2
    assert report.resolution["fuzzy"] == 1
    # The confident fuzzy spelling is learned as an alias.
    assert known.aliases.filter(normalized="jonathon pryce").exists()


def test_near_match_in_an_unattended_import_gets_a_provisional_influencer_and_a_review(tenant):
    known = InfluencerFactory(client=tenant.client, name="Katherine Johnson")
    rows = [mention_row("R1", "Kathy Johnson")]
    report = import_file(study=tenant.study, content=long_csv(rows), filename="x.csv")

    assert report.ok
    assert report.resolution["near"] == 1
    review = NameReview.objects.get()
    assert review.status == NameReview.Status.OPEN
    assert review.candidates[0]["id"] == known.pk
    assert review.provisional_influencer.provisional is True
    assert Mention.objects.get().influencer == review.provisional_influencer
    assert "row 2" in review.source


def test_near_match_decided_in_the_preview_attaches_to_the_chosen_influencer(tenant):
    known = InfluencerFactory(client=tenant.client, name="Katherine Johnson")
    rows = [mention_row("R1", "Kathy Johnson")]
    report = import_file(
        study=tenant.study,
        content=long_csv(rows),
        filename="x.csv",
        decisions={"kathy johnson": str(known.pk)},
    )

    assert report.ok
    assert Mention.objects.get().influencer == known
    assert not NameReview.objects.exists()


def test_spelling_variants_new_to_the_registry_become_one_influencer(tenant):
    rows = [mention_row(f"R{i}", "Alexandra Whitfield") for i in range(3)] + [
        mention_row("R9", "Alexandra Whitfeld")
    ]
    report = import_file(study=tenant.study, content=long_csv(rows), filename="x.csv")

    assert report.ok
    assert Influencer.objects.count() == 1
    assert Mention.objects.count() == 4


def test_respondent_id_equal_to_influencer_external_id_links_buyer_and_influencer(tenant):
    peer = InfluencerFactory(client=tenant.client, name="Sam Peer", external_id="R2")
    rows = [mention_row("R1", "Sam Peer"), mention_row("R2", "Someone Else")]
    report = import_file(study=tenant.study, content=long_csv(rows), filename="x.csv")

    assert report.ok
    peer.refresh_from_db()
    assert peer.buyer == Buyer.objects.get(external_id="R2")
    assert report.created["buyer_links"] == 1


def test_respondent_named_by_id_in_the_same_file_is_one_node(tenant):
    content = (
        b"respondent_id,influencer_id,influencer_name,category,stage\n"
        b"R1,R2,,Peers,Selection\nR2,,Ann Lee,Peers,Selection\n"
    )
    report = import_file(study=tenant.study, content=content, filename="x.csv")

    assert report.ok, report.problem_lines()
    assert Influencer.objects.get(external_id="R2").buyer.external_id == "R2"


def test_dry_run_writes_nothing_and_reports_what_it_would_create(tenant):
    report = import_file(
        study=tenant.study, content=read("long.csv"), filename="long.csv", dry_run=True
    )

    assert report.ok
    assert report.created["evidence"] == 3
    assert _counts() == (0, 0, 0, 0, 0)


def test_import_requests_an_automatic_ranking(tenant):
    import_file(study=tenant.study, content=read("long.csv"), filename="long.csv")
    assert tenant.study.runs.filter(trigger="auto").exists()
