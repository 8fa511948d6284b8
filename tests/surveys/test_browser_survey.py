"""The public survey link, end to end in a real Chromium (Playwright)."""

import os

import pytest
from django.core.cache import cache
from django.urls import reverse

from identification.models import Evidence, Mention, NonPersonInfluence
from surveys.services.surveys import create_survey

# Playwright's sync API runs an event loop; pytest-django's database access is sync.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture
def page(browser_page):
    return browser_page


@pytest.mark.browser
def test_respondent_answers_the_survey_link_in_a_browser(live_server, tenant, page):
    cache.clear()
    survey = create_survey(study=tenant.study, title="HR buyers 2026", user=None)
    stage = survey.questions.first().stage
    peers = tenant.client.categories.get(name="Peers")
    analysts = tenant.client.categories.get(name="Industry analysts")

    page.goto(live_server.url + reverse("surveys:public_form", args=[survey.token]))
    assert page.title() == "HR buyers 2026"
    page.fill("#id_organization", "Delta Logistics")
    page.select_option("#id_role", "decision_maker")
    page.select_option("#id_outcome", "client")
    page.fill(f"#id_s{stage.pk}_0_name", "Katherine Johnson")
    page.select_option(f"#id_s{stage.pk}_0_category", str(peers.pk))
    page.select_option(f"#id_s{stage.pk}_0_strength", "decisive")
    # The spare name rows are hidden until asked for (JavaScript).
    assert not page.is_visible(f"#id_s{stage.pk}_1_name")
    page.locator(f'.survey-stage[data-stage="{stage.pk}"] .survey-add').click()
    page.fill(f"#id_s{stage.pk}_1_name", "Gartner")
    page.select_option(f"#id_s{stage.pk}_1_category", str(analysts.pk))
    page.select_option(f"#id_s{stage.pk}_1_channel", "publication")
    page.check(f'input[name="s{stage.pk}_nonperson"][value="search"]')
    page.click("button[type=submit]")

    page.wait_for_url("**/thanks/")
    assert "Thank you" in page.content()
    evidence = Evidence.objects.get()
    assert evidence.buyer.organization.name == "Delta Logistics"
    assert set(Mention.objects.values_list("influencer__name", "strength", "channel")) == {
        ("Katherine Johnson", "decisive", "in_person"),
        ("Gartner", "notable", "publication"),
    }
    assert NonPersonInfluence.objects.get().source == "search"


@pytest.mark.browser
def test_closed_link_shows_the_closed_page_in_a_browser(live_server, tenant, page):
    survey = create_survey(study=tenant.study, title="Closed one", user=None)
    survey.is_open = False
    survey.save()
    response = page.goto(live_server.url + reverse("surveys:public_form", args=[survey.token]))
    assert response.status == 410
    assert "closed" in page.content()
