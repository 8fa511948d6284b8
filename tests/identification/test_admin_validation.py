"""The Django admin validates what staff type: a bad value is a form error and nothing is stored.

Each case opens a real change page, posts its form back with one field made bad, and
checks that the page answers with the error and the row is as it was.
"""

import datetime as dt

import pytest
from django.forms.models import model_to_dict
from django.test import Client as HttpClient
from django.urls import reverse

from identification.models import (
    Membership,
    NameReview,
    NonPersonInfluence,
    Organization,
    RankingRun,
)
from surveys.models import ImportJob, SavedMapping, Survey
from tests.factories import BuyerFactory, EvidenceFactory, InfluencerFactory, MentionFactory


@pytest.fixture
def staff_http(staff_user):
    http = HttpClient()
    http.force_login(staff_user)
    return http


def _url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def _encode(name: str, value, data: dict) -> None:
    """Put one form value into POST data the way the admin's widgets send it."""
    if value is None:
        data[name] = ""
    elif isinstance(value, bool):
        if value:
            data[name] = "on"
    elif isinstance(value, dt.datetime):
        data[f"{name}_0"], data[f"{name}_1"] = value.date().isoformat(), value.strftime("%H:%M:%S")
    elif isinstance(value, list | tuple):
        data[name] = [str(v) for v in value]
    else:
        data[name] = str(value)


def change_form_data(http, obj) -> dict:
    """What the admin's change page for `obj` would post back unchanged."""
    response = http.get(_url(obj))
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        _encode(name, form[name].value(), data)
    # Inlines: an empty management form leaves their rows as they are.
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


class Errors(dict):
    """Plain text per field ("__all__" for the model's own checks); str() gives them all."""

    def __str__(self) -> str:
        return " ".join(self.values())


def post_bad(http, obj, **bad):
    data = change_form_data(http, obj)
    before = model_to_dict(type(obj).objects.get(pk=obj.pk))
    data.update({k: v if isinstance(v, str) else str(v) for k, v in bad.items()})
    response = http.post(_url(obj), data)
    assert response.status_code == 200, "the admin saved a bad value"
    form = response.context["adminform"].form
    assert model_to_dict(type(obj).objects.get(pk=obj.pk)) == before
    assert form.errors
    return Errors({name: " ".join(messages) for name, messages in form.errors.items()})


def test_posting_a_page_back_unchanged_saves(staff_http, tenant):
    # The helper itself: without a bad value the admin accepts the form.
    influencer = InfluencerFactory(client=tenant.client, name="Unchanged")
    response = staff_http.post(_url(influencer), change_form_data(staff_http, influencer))
    assert response.status_code == 302


CHOICE_CASES = {
    "influencer": ("kind", "('web',)"),
    "mention": ("channel", "carrier_pigeon"),
    "buyer": ("outcome", "won"),
    "category": ("family", "celebrity"),
    "membership": ("role", "owner"),
    "organization": ("size_band", "huge"),
    "evidence": ("kind", "email"),
    "non_person": ("source", "tv"),
    "review": ("status", "closed"),
    "import_job": ("status", "paused"),
}


def _objects(tenant):
    evidence = EvidenceFactory(study=tenant.study)
    return {
        "influencer": lambda: InfluencerFactory(client=tenant.client),
        "mention": lambda: MentionFactory(evidence=evidence),
        "buyer": lambda: BuyerFactory(client=tenant.client),
        "category": lambda: tenant.client.categories.first(),
        "membership": lambda: Membership.objects.get(user=tenant.users["viewer"]),
        "organization": lambda: Organization.objects.create(client=tenant.client, name="Initrode"),
        "evidence": lambda: evidence,
        "non_person": lambda: NonPersonInfluence.objects.create(
            evidence=evidence, stage=tenant.study.stages.first(), source="search"
        ),
        "review": lambda: NameReview.objects.create(client=tenant.client, name="A. Person"),
        "import_job": lambda: ImportJob.objects.create(
            study=tenant.study, filename="a.csv", content=b"a"
        ),
    }


@pytest.mark.parametrize("case", list(CHOICE_CASES))
def test_a_value_outside_the_choices_is_a_form_error(staff_http, tenant, case):
    field, bad = CHOICE_CASES[case]
    obj = _objects(tenant)[case]()
    errors = post_bad(staff_http, obj, **{field: bad})
    assert "Select a valid choice" in errors[field]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"strength_weights": '{"minor": -1, "notable": 2, "decisive": 4}'}, "zero or more"),
        ({"strength_weights": '{"minor": 1, "notable": 2}'}, "lack decisive"),
        ({"strength_weights": '{"minor": "a lot", "notable": 2, "decisive": 4}'}, "a number"),
        ({"role_weights": '{"boss": 1}'}, "Unknown role weights: boss"),
        ({"role_weights": '{"user": -0.5}'}, "zero or more"),
        ({"recency_half_life_days": "0"}, "greater than or equal to 1"),
    ],
)
def test_bad_study_weights_are_form_errors(staff_http, tenant, fields, message):
    errors = post_bad(staff_http, tenant.study, **fields)
    assert message in str(errors)


def test_a_negative_or_zero_order_stage_is_a_form_error(staff_http, tenant):
    stage = tenant.study.stages.first()
    assert "greater than or equal to 0" in str(post_bad(staff_http, stage, weight="-1"))
    assert "Order must be at least 1" in str(post_bad(staff_http, stage, order="0"))


def test_bad_audience_figures_are_a_form_error(staff_http, tenant):
    influencer = InfluencerFactory(client=tenant.client)
    errors = post_bad(staff_http, influencer, audience='{"LinkedIn": -5}')
    assert "whole number, zero or more: LinkedIn" in errors["audience"]


def test_survey_names_per_stage_outside_one_to_ten_is_a_form_error(staff_http, tenant):
    survey = Survey.objects.create(study=tenant.study, title="Buyers")
    for bad in ("0", "11"):
        errors = post_bad(staff_http, survey, names_per_stage=bad)
        assert "Names per stage must be between 1 and 10" in str(errors)


def test_import_progress_above_100_is_a_form_error(staff_http, tenant):
    job = ImportJob.objects.create(study=tenant.study, filename="a.csv", content=b"a")
    assert "Progress must be at most 100" in str(post_bad(staff_http, job, progress="150"))


def test_a_saved_mapping_that_is_not_a_mapping_is_a_form_error(staff_http, tenant):
    saved = SavedMapping.objects.create(
        client=tenant.client, name="Ours", document={"layout": "long", "columns": {}}
    )
    errors = post_bad(staff_http, saved, document='{"layout": "sideways"}')
    assert "layout" in errors["document"].lower()


def test_relations_to_another_client_are_form_errors(staff_http, tenant, other):
    mention = MentionFactory(evidence=EvidenceFactory(study=tenant.study))
    foreign = InfluencerFactory(client=other.client)
    errors = post_bad(staff_http, mention, influencer=foreign.pk)
    assert "influencer of the study's client" in errors["influencer"]
    errors = post_bad(staff_http, mention, stage=other.study.stages.first().pk)
    assert "decision stage of the evidence's study" in errors["stage"]

    influencer = InfluencerFactory(client=tenant.client)
    errors = post_bad(staff_http, influencer, category=other.client.categories.first().pk)
    assert "category of the influencer's client" in errors["category"]

    buyer = BuyerFactory(client=tenant.client)
    foreign_org = Organization.objects.create(client=other.client, name="Globex Works")
    errors = post_bad(staff_http, buyer, organization=foreign_org.pk)
    assert "organization of the buyer's client" in errors["organization"]

    evidence = EvidenceFactory(study=tenant.study)
    errors = post_bad(staff_http, evidence, buyer=BuyerFactory(client=other.client).pk)
    assert "buyer of the study's client" in errors["buyer"]


def test_a_study_cannot_publish_another_studys_or_a_failed_run(staff_http, tenant, other):
    foreign = RankingRun.objects.create(study=other.study, status=RankingRun.Status.SUCCEEDED)
    failed = RankingRun.objects.create(study=tenant.study, status=RankingRun.Status.FAILED)
    for run in (foreign, failed):
        errors = post_bad(staff_http, tenant.study, published_run=run.pk)
        assert "succeeded ranking run of this study" in errors["published_run"]


def test_ranking_runs_are_read_only_in_the_admin(staff_http, tenant):
    run = RankingRun.objects.create(study=tenant.study, status=RankingRun.Status.SUCCEEDED)
    data = {**change_form_data(staff_http, run), "status": "paused", "progress": "500"}
    response = staff_http.post(_url(run), data)
    run.refresh_from_db()
    assert response.status_code == 302
    assert (run.status, run.progress) == ("succeeded", 0)


def test_evidence_changed_in_the_admin_counts_and_asks_for_a_ranking(
    staff_http, tenant, django_capture_on_commit_callbacks
):
    evidence = [EvidenceFactory(study=tenant.study) for _ in range(2)]
    mention = MentionFactory(evidence=evidence[0])
    with django_capture_on_commit_callbacks(execute=True):
        data = {**change_form_data(staff_http, mention), "channel": "web"}
        assert staff_http.post(_url(mention), data).status_code == 302
    tenant.study.refresh_from_db()
    assert tenant.study.evidence_changes == 1
    assert tenant.study.published_run.evidence_changes == 1  # small study: ranked at once

    changelist = reverse("admin:identification_evidence_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_http.post(
            changelist,
            {
                "action": "delete_selected",
                "_selected_action": [e.pk for e in evidence],
                "post": "yes",
            },
        )
    assert response.status_code == 302
    tenant.study.refresh_from_db()
    assert not tenant.study.evidence.exists()
    assert tenant.study.evidence_changes == 3  # one per interview deleted
    assert tenant.study.published_run.mention_count == 0
