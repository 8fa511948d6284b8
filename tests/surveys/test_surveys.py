"""Building a survey, answering it on the public link, and reading its results."""

import pytest
from django.core.cache import cache
from django.test import Client as HttpClient
from django.urls import reverse

from identification.models import Evidence, Influencer, Mention, NameReview, NonPersonInfluence
from identification.models.choices import EvidenceKind, Role
from surveys.models import Survey, SurveyResponse
from surveys.services.surveys import create_survey
from tests.factories import InfluencerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def survey(tenant):
    return create_survey(study=tenant.study, title="HR buyers 2026", user=tenant.users["analyst"])


def _answers(survey, **extra):
    stage = survey.questions.first().stage
    peers = survey.study.client.categories.get(name="Peers")
    data = {
        "name": "",
        "organization": "Delta Logistics",
        "role": "decision_maker",
        "outcome": "client",
        "deal_size": "large",
        f"s{stage.pk}_0_name": "Katherine Johnson",
        f"s{stage.pk}_0_category": str(peers.pk),
        f"s{stage.pk}_0_channel": "event",
        f"s{stage.pk}_0_strength": "decisive",
        f"s{stage.pk}_nonperson": ["search"],
    }
    for q in survey.questions.all():
        for i in range(survey.names_per_stage):
            data.setdefault(f"s{q.stage_id}_{i}_channel", "in_person")
            data.setdefault(f"s{q.stage_id}_{i}_strength", "notable")
    data.update(extra)
    return data


def _form_url(survey):
    return reverse("surveys:public_form", args=[survey.token])


def test_analyst_builds_a_survey_with_one_question_per_chosen_stage(tenant, analyst):
    stages = list(tenant.study.stages.all())
    data = {"title": "Buyers", "introduction": "Thanks!", "names_per_stage": 2}
    for stage in stages[:2]:
        data[f"ask_{stage.pk}"] = "on"
        data[f"prompt_{stage.pk}"] = f"Who swayed you at {stage.name}?"
    response = analyst.post(reverse("surveys:survey_create", args=[tenant.study.slug]), data)

    survey = Survey.objects.get()
    assert response.url == reverse("surveys:survey_detail", args=[tenant.study.slug, survey.pk])
    assert [q.stage for q in survey.questions.all()] == stages[:2]
    assert survey.questions.first().prompt == f"Who swayed you at {stages[0].name}?"
    assert len(survey.token) >= 32


def test_survey_builder_offers_every_stage_with_a_default_question(tenant, analyst):
    page = analyst.get(reverse("surveys:survey_create", args=[tenant.study.slug]))
    html = page.content.decode()
    for stage in tenant.study.stages.all():
        assert f"Who or what most influenced you at this stage: {stage.name}?" in html


def test_survey_without_any_stage_is_refused(tenant, analyst):
    response = analyst.post(
        reverse("surveys:survey_create", args=[tenant.study.slug]),
        {"title": "Buyers", "names_per_stage": 2},
    )
    assert "at least one decision stage" in response.content.decode()
    assert not Survey.objects.exists()


def test_public_link_needs_no_login_and_a_submission_is_one_survey_evidence(survey):
    known = InfluencerFactory(client=survey.study.client, name="Katherine Johnson")
    http = HttpClient()
    assert http.get(_form_url(survey)).status_code == 200

    response = http.post(_form_url(survey), _answers(survey))

    assert response.url == reverse("surveys:public_thanks", args=[survey.token])
    evidence = Evidence.objects.get()
    assert evidence.kind == EvidenceKind.SURVEY
    assert evidence.buyer.organization.name == "Delta Logistics"
    assert evidence.buyer.deal_size_band == "large"
    mention = Mention.objects.get()
    assert (mention.influencer, mention.strength, mention.channel) == (known, "decisive", "event")
    assert NonPersonInfluence.objects.get().source == "search"
    assert SurveyResponse.objects.get().evidence == evidence
    assert b"Thank you" in http.get(response.url).content


def test_unknown_name_on_the_form_becomes_a_provisional_influencer_to_review(survey):
    HttpClient().post(_form_url(survey), _answers(survey))

    influencer = Influencer.objects.get()
    assert influencer.provisional
    review = NameReview.objects.get()
    assert review.provisional_influencer == influencer
    assert "HR buyers 2026" in review.source


def test_a_name_without_category_is_refused_and_nothing_is_written(survey):
    stage = survey.questions.first().stage
    response = HttpClient().post(
        _form_url(survey), _answers(survey, **{f"s{stage.pk}_0_category": ""})
    )
    assert response.status_code == 200
    assert "Say who this person is" in response.content.decode()
    assert not Evidence.objects.exists()


def test_public_form_is_csrf_protected(survey):
    http = HttpClient(enforce_csrf_checks=True)
    response = http.post(_form_url(survey), _answers(survey))
    assert response.status_code == 403
    assert not Evidence.objects.exists()


def test_public_form_is_rate_limited_per_address(survey, settings):
    http = HttpClient()
    statuses = [http.post(_form_url(survey), _answers(survey)).status_code for _ in range(21)]
    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429
    assert Evidence.objects.count() == 20


def test_closed_survey_takes_no_answers(survey, tenant, analyst):
    analyst.post(
        reverse("surveys:survey_toggle", args=[tenant.study.slug, survey.pk]), {"open": "0"}
    )
    survey.refresh_from_db()
    assert not survey.is_open
    response = HttpClient().post(_form_url(survey), _answers(survey))
    assert response.status_code == 410
    assert not Evidence.objects.exists()


def test_unknown_token_is_404(db):
    assert HttpClient().get(reverse("surveys:public_form", args=["nope"])).status_code == 404


def test_results_show_responses_shares_per_stage_and_engaged_share(survey, tenant):
    InfluencerFactory(
        client=tenant.client,
        name="Katherine Johnson",
        known_to_client=True,
        category=tenant.client.categories.get(name="Peers"),
    )
    http = HttpClient()
    http.post(_form_url(survey), _answers(survey))
    stage = survey.questions.first().stage
    http.post(_form_url(survey), _answers(survey, **{f"s{stage.pk}_0_name": ""}))

    page = tenant.http(Role.VIEWER).get(
        reverse("surveys:survey_detail", args=[tenant.study.slug, survey.pk])
    )
    results = page.context["results"]
    assert results["total"] == 2
    assert results["by_day"][0]["n"] == 2
    first = results["stages"][0]
    assert first["categories"] == [{"name": "Peers", "respondents": 1, "share": 0.5}]
    assert first["sources"] == [{"name": "Search", "respondents": 2, "share": 1.0}]
    assert results["engaged_share"] == 0.5
    assert 'id="engaged-share">50%' in page.content.decode()


def test_survey_pages_answer_404_to_another_client(survey, tenant, other):
    http = other.http(Role.ANALYST)
    for url in (
        reverse("surveys:survey_list", args=[tenant.study.slug]),
        reverse("surveys:survey_detail", args=[tenant.study.slug, survey.pk]),
        reverse("surveys:survey_create", args=[tenant.study.slug]),
    ):
        assert http.get(url).status_code == 404, url
    assert (
        http.post(
            reverse("surveys:survey_toggle", args=[tenant.study.slug, survey.pk]), {"open": "0"}
        ).status_code
        == 404
    )


def test_only_analysts_build_or_close_surveys(survey, tenant):
    http = tenant.http(Role.MARKETING_HEAD)
    assert http.get(reverse("surveys:survey_create", args=[tenant.study.slug])).status_code == 403
    response = http.post(
        reverse("surveys:survey_toggle", args=[tenant.study.slug, survey.pk]), {"open": "0"}
    )
    assert response.status_code == 403
    survey.refresh_from_db()
    assert survey.is_open


def test_survey_list_counts_responses_in_a_bounded_number_of_queries(
    tenant, django_assert_max_num_queries
):
    for i in range(4):
        create_survey(study=tenant.study, title=f"S{i}", user=None)
    http = tenant.http(Role.VIEWER)
    with django_assert_max_num_queries(8):
        response = http.get(reverse("surveys:survey_list", args=[tenant.study.slug]))
    assert response.content.decode().count("badge text-bg-success") == 4
