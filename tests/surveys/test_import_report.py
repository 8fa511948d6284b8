"""What an import reports: its preview counts, the respondents it skipped, its warnings."""

import json

import pytest

from identification.models import Buyer, Evidence, Influencer, Organization
from surveys.services.imports import import_file
from tests.factories import BuyerFactory, InfluencerFactory, OrganizationFactory, make_study
from tests.surveys.helpers import long_csv, mention_row, read

pytestmark = pytest.mark.django_db


def _import(study, content, **kwargs):
    return import_file(study=study, content=content, filename="x.csv", **kwargs)


# Skipped respondents (already imported into the study).


def test_a_grown_export_imports_only_new_respondents_and_lists_the_skipped_ids(tenant):
    _import(tenant.study, long_csv([mention_row("R1", "Ann Lee"), mention_row("R2", "Bo Chen")]))
    grown = long_csv([mention_row(f"R{i}", "Ann Lee") for i in (1, 2, 3)])

    report = _import(tenant.study, grown)

    assert report.ok
    assert report.created["evidence"] == 1
    assert report.skipped_respondents == 2
    assert report.skipped_ids == ["R1", "R2"]
    assert (
        "Skipped 2 respondents already imported into this study: R1, R2." in report.summary_lines()
    )
    assert Evidence.objects.filter(study=tenant.study).count() == 3


def test_skipped_respondent_ids_are_listed_up_to_twenty(tenant):
    content = long_csv([mention_row(f"R{i:02}", "Ann Lee") for i in range(25)])
    _import(tenant.study, content)

    report = _import(tenant.study, content, dry_run=True)

    assert report.skipped_respondents == 25
    assert report.skipped_ids == [f"R{i:02}" for i in range(20)]
    line = next(x for x in report.summary_lines() if x.startswith("Skipped"))
    assert line.endswith("R19 … and 5 more.")


# A respondent id already on file for the client (another study).


def _on_file(tenant, rid="R1"):
    """R1 answered an earlier study of the client, from Acme Bank, as a decision-maker."""
    _import(tenant.study, long_csv([mention_row(rid, "Ann Lee", organization="Acme Bank")]))
    return make_study(tenant.client, name="Second wave")


def test_respondent_on_file_keeps_its_details_and_the_difference_is_a_warning(tenant):
    second = _on_file(tenant)
    row = mention_row("R1", "Bo Chen", organization="Omega Telecom", role="user")

    report = _import(second, long_csv([row]))

    assert report.ok
    assert report.warnings == [
        {
            "row": 2,
            "column": "respondent_id",
            "reason": "Respondent R1 is already on file as Acme Bank, decision-maker; "
            "the file's Omega Telecom, user was not applied.",
            "kind": "respondent",
        }
    ]
    buyer = Buyer.objects.get(external_id="R1")
    assert (buyer.organization.name, buyer.role) == ("Acme Bank", "decision_maker")
    assert Evidence.objects.get(study=second).buyer == buyer
    # The organization only the ignored details named is not created.
    assert not Organization.objects.filter(name="Omega Telecom").exists()
    assert report.created["organizations"] == 0
    assert report.created["buyers"] == 0


def test_the_warning_is_in_the_preview_too_and_names_only_what_differs(tenant):
    second = _on_file(tenant)
    content = b"respondent_id,organization,role,influencer_name,category,stage\n"
    content += b"R1,Omega Telecom,decision-maker,Bo Chen,Peers,Selection\n"

    report = _import(second, content, dry_run=True)

    assert report.ok
    assert [w["reason"] for w in report.warnings] == [
        "Respondent R1 is already on file as Acme Bank, decision-maker; "
        "the file's Omega Telecom was not applied."
    ]
    assert any("already on file" in line for line in report.warning_lines())
    assert report.created["organizations"] == 0


def test_respondent_on_file_with_the_same_details_gives_no_warning(tenant):
    second = _on_file(tenant)
    row = mention_row("R1", "Bo Chen", organization="ACME bank", role="Decision-maker")

    report = _import(second, long_csv([row]))

    assert report.ok
    assert report.warnings == []
    assert report.warning_lines() == []


# The preview counts what the import creates.


def _long_setup(tenant):
    OrganizationFactory(client=tenant.client, name="Acme Bank")
    InfluencerFactory(client=tenant.client, name="Rita Third", external_id="R3")
    return {"content": read("long.csv")}


def _wide_setup(tenant):
    InfluencerFactory(client=tenant.client, name="Eve Second", external_id="1002")
    BuyerFactory(client=tenant.client, external_id="1001")
    return {
        "content": read("wide_export.csv"),
        "mapping": json.loads(read("wide_mapping.json")),
    }


def _chooser_setup(tenant):
    return {
        "content": read("chooser_chosen.csv"),
        "mapping": json.loads(read("chooser_mapping.json")),
    }


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (_long_setup, {"organizations": 2, "buyers": 3, "buyer_links": 1, "influencers": 4}),
        (_wide_setup, {"organizations": 2, "buyers": 2, "buyer_links": 1, "influencers": 3}),
        (_chooser_setup, {"organizations": 1, "buyers": 4, "buyer_links": 3, "influencers": 4}),
    ],
    ids=["long", "wide", "chooser-chosen"],
)
def test_the_preview_counts_exactly_what_the_import_creates(tenant, setup, expected):
    args = setup(tenant)
    before = (Organization.objects.count(), Buyer.objects.count(), Influencer.objects.count())
    links_before = Influencer.objects.filter(buyer__isnull=False).count()

    preview = _import(tenant.study, dry_run=True, **args)
    done = _import(tenant.study, **args)

    assert preview.ok, preview.problem_lines()
    assert done.ok, done.problem_lines()
    assert preview.created == done.created
    assert {k: done.created[k] for k in expected} == expected
    assert done.created["organizations"] == Organization.objects.count() - before[0]
    assert done.created["buyers"] == Buyer.objects.count() - before[1]
    assert done.created["influencers"] == Influencer.objects.count() - before[2]
    links = Influencer.objects.filter(buyer__isnull=False).count() - links_before
    assert done.created["buyer_links"] == links
