"""A study's ranking settings: the weight of second-hand influence (damping) and the others."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from identification.models import RankingRun, Study
from identification.models.choices import Role
from identification.services.runs import ranking_params
from tests.factories import EvidenceFactory, MentionFactory


def url(study):
    return reverse("identification:study_settings", args=[study.slug])


def post(damping="0.5", half_life="180", deal_size="on"):
    data = {"damping": damping, "recency_half_life_days": half_life}
    if deal_size:
        data["weight_by_deal_size"] = deal_size
    return data


def test_a_new_study_has_the_validated_default(tenant):
    assert tenant.study.damping == 0.85
    assert ranking_params(study=tenant.study).damping == 0.85


def test_the_form_says_what_damping_means_in_words(tenant, analyst):
    html = analyst.get(url(tenant.study)).content.decode()
    assert "Weight of second-hand influence" in html
    assert "0 counts direct mentions only" in html
    assert 'value="0.85"' in html
    assert reverse("identification:ranking_method") in html


def test_an_analyst_changes_the_settings_and_a_new_ranking_runs(
    tenant, analyst, django_capture_on_commit_callbacks
):
    MentionFactory(evidence=EvidenceFactory(study=tenant.study))
    with django_capture_on_commit_callbacks(execute=True):
        response = analyst.post(url(tenant.study), post())
    assert response.status_code == 302
    study = Study.objects.get(pk=tenant.study.pk)
    assert (study.damping, study.recency_half_life_days, study.weight_by_deal_size) == (
        0.5,
        180,
        True,
    )
    run = study.runs.get()
    assert run.status == RankingRun.Status.SUCCEEDED
    assert run.trigger == RankingRun.Trigger.AUTO
    assert run.parameters["damping"] == 0.5
    assert run.parameters["half_life_days"] == 180.0
    assert run.parameters["deal_size_weights"] is not None


def test_saving_unchanged_settings_asks_for_no_ranking(tenant, analyst):
    analyst.post(url(tenant.study), post(damping="0.85", half_life="365", deal_size=""))
    assert not tenant.study.runs.exists()


@pytest.mark.parametrize(
    ("field", "data"),
    [
        ("damping", post(damping="0.99")),
        ("damping", post(damping="-0.1")),
        ("damping", post(damping="")),
        ("recency_half_life_days", post(half_life="0")),
    ],
)
def test_out_of_range_values_are_refused_and_nothing_is_saved(tenant, analyst, field, data):
    response = analyst.post(url(tenant.study), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Nothing was saved" in response.content.decode()
    study = Study.objects.get(pk=tenant.study.pk)
    assert (study.damping, study.recency_half_life_days, study.weight_by_deal_size) == (
        0.85,
        365,
        False,
    )


@pytest.mark.parametrize("role", [Role.MARKETING_HEAD, Role.ENGAGEMENT_OWNER, Role.VIEWER])
def test_readers_cannot_change_the_settings(tenant, role):
    http = tenant.http(role)
    assert http.get(url(tenant.study)).status_code == 403
    assert http.post(url(tenant.study), post()).status_code == 403
    assert Study.objects.get(pk=tenant.study.pk).damping == 0.85


def test_the_study_page_shows_the_settings_and_links_the_form(tenant, analyst):
    html = analyst.get(reverse("identification:study", args=[tenant.study.slug])).content
    assert b"Weight of second-hand influence" in html
    assert b"0.85 (the default)" in html
    assert url(tenant.study).encode() in html


@pytest.mark.parametrize("value", [-0.01, 0.96, 1.0])
def test_the_database_refuses_a_damping_out_of_range(tenant, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        Study.objects.filter(pk=tenant.study.pk).update(damping=value)
