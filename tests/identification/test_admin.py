"""The admin: every model is registered and its pages open for staff."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client as HttpClient
from django.urls import reverse

from identification.models import (
    Client,
    InfluencerAlias,
    PaidTie,
    RankingEntry,
    RankingRun,
    Study,
)
from identification.models.choices import DEFAULT_CATEGORIES, DEFAULT_STAGES, Role
from tests.factories import EvidenceFactory, InfluencerFactory, MentionFactory

MODELS = list(apps.get_app_config("identification").get_models())


@pytest.fixture
def staff_http(staff_user):
    http = HttpClient()
    http.force_login(staff_user)
    return http


@pytest.fixture
def populated(tenant):
    influencer = InfluencerFactory(client=tenant.client, name="Listed Influencer")
    InfluencerAlias.objects.create(influencer=influencer, name="Alias One")
    PaidTie.objects.create(influencer=influencer, vendor="Vendor", nature="retainer")
    evidence = EvidenceFactory(study=tenant.study)
    MentionFactory(evidence=evidence, influencer=influencer)
    run = RankingRun.objects.create(study=tenant.study, status="succeeded")
    RankingEntry.objects.create(
        run=run,
        influencer=influencer,
        influencer_name=influencer.name,
        rank=1,
        score=1.0,
        mode="offline",
        direction="neutral",
        rank_low=1,
        rank_high=1,
    )
    return tenant


def test_every_model_of_the_core_is_in_the_admin():
    missing = [m.__name__ for m in MODELS if not admin.site.is_registered(m)]
    assert missing == []


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_search_and_change_pages_open(staff_http, populated, model):
    info = (model._meta.app_label, model._meta.model_name)
    changelist = reverse("admin:{}_{}_changelist".format(*info))
    assert staff_http.get(changelist).status_code == 200
    assert staff_http.get(changelist, {"q": "a"}).status_code == 200
    obj = model.objects.first()
    if obj is not None:
        change = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
        assert staff_http.get(change).status_code == 200


def test_influencer_page_shows_aliases_paid_ties_and_mentions_inline(staff_http, populated):
    influencer = populated.client.influencers.get(name="Listed Influencer")
    response = staff_http.get(
        reverse("admin:identification_influencer_change", args=[influencer.pk])
    )
    html = response.content.decode()
    assert "Alias One" in html
    assert 'value="Vendor"' in html
    assert "Mentions" in html


def test_influencer_search_finds_aliases(staff_http, populated):
    response = staff_http.get(
        reverse("admin:identification_influencer_changelist"), {"q": "Alias One"}
    )
    assert b"Listed Influencer" in response.content


def test_client_members_without_staff_status_cannot_open_the_admin(tenant):
    response = tenant.http(Role.ANALYST).get(reverse("admin:identification_client_changelist"))
    assert response.status_code == 302


def test_a_client_added_in_the_admin_gets_the_default_categories(staff_http):
    response = staff_http.post(
        reverse("admin:identification_client_add"),
        {
            "name": "Initech",
            "slug": "initech",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "studies-TOTAL_FORMS": "0",
            "studies-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client = Client.objects.get(slug="initech")
    assert client.categories.count() == len(DEFAULT_CATEGORIES)


def test_a_study_added_in_the_admin_gets_the_default_stages(staff_http, tenant):
    response = staff_http.post(
        reverse("admin:identification_study_add"),
        {
            "client": tenant.client.pk,
            "name": "Nordics payroll 2027",
            "slug": "nordics-payroll-2027",
            "recency_half_life_days": "365",
            "damping": "0.85",  # prefilled on the add form, so a browser sends it
            "strength_weights": '{"minor": 1, "notable": 2, "decisive": 4}',
            "role_weights": '{"decision_maker": 1}',
            "stages-TOTAL_FORMS": "0",
            "stages-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    study = Study.objects.get(slug="nordics-payroll-2027")
    assert [s.name for s in study.stages.all()] == [name for name, _ in DEFAULT_STAGES]
