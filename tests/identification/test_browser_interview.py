"""The interview form's own JavaScript, in a real Chromium: rows, type-ahead, save."""

import os

import pytest
from django.urls import reverse

from identification.models import Evidence, InfluencerAlias, Mention, Organization
from identification.models.choices import Role
from tests.factories import BuyerFactory, InfluencerFactory
from tests.identification.test_views_evidence import big_registry

# Playwright's sync API runs an event loop; pytest-django's database access is sync.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")


def test_analyst_logs_an_interview_with_typeahead_added_and_removed_rows(
    live_server, tenant, browser_page
):
    page = browser_page
    study = tenant.study
    priya = InfluencerFactory(client=tenant.client, name="Priya Raman")
    InfluencerAlias.objects.create(influencer=priya, name="P. Raman")
    stages = list(study.stages.all())
    peers = tenant.client.categories.get(name="Peers")

    log_in(page, live_server, tenant.users[Role.ANALYST].username)
    page.goto(live_server.url + reverse("identification:interview_create", args=[study.slug]))

    # Only the chosen respondent's section shows.
    assert page.is_visible("#id_organization_name")
    assert not page.is_visible("#id_buyer")
    page.fill("#id_organization_name", "Delta Logistics")
    page.fill("#id_buyer_name", "Dana Fox")
    page.select_option("#id_role", "decision_maker")

    # Row 0: found by alias through the type-ahead.
    row0 = page.locator("[data-mention-row]").nth(0)
    row0.locator("input[type=search]").fill("P. Ram")
    row0.locator(".picker-options li", has_text="Priya Raman").click()
    assert page.input_value("#id_mentions-0-influencer") == str(priya.pk)
    page.select_option("#id_mentions-0-stage", str(stages[4].pk))
    page.select_option("#id_mentions-0-strength", "decisive")

    # Row 1: a new influencer typed in.
    page.fill("#id_mentions-1-new_influencer_name", "Owen Price")
    page.select_option("#id_mentions-1-new_influencer_category", str(peers.pk))
    page.select_option("#id_mentions-1-stage", str(stages[0].pk))

    # Row 2 is filled, then removed: its values are not saved. A fourth row is added.
    page.fill("#id_mentions-2-new_influencer_name", "Should not be saved")
    page.locator("[data-mention-row]").nth(2).locator("[data-remove-row]").click()
    assert not page.is_visible("#id_mentions-2-new_influencer_name")
    page.click("[data-add-row]")
    assert page.input_value("#id_mentions-TOTAL_FORMS") == "4"
    page.fill("#id_mentions-3-new_influencer_name", "HR Directors' Circle")
    page.select_option("#id_mentions-3-new_influencer_category", str(peers.pk))
    page.select_option("#id_mentions-3-stage", str(stages[2].pk))
    page.fill("#id_mentions-3-quote", "They told us what to ask vendors.")

    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_load_state("load")

    evidence = Evidence.objects.get(study=study)
    assert evidence.buyer.name == "Dana Fox"
    assert evidence.buyer.organization.name == "Delta Logistics"
    named = sorted(
        Mention.objects.filter(evidence=evidence).values_list("influencer__name", flat=True)
    )
    assert named == ["HR Directors' Circle", "Owen Price", "Priya Raman"]
    assert evidence.mentions.get(influencer=priya).strength == "decisive"


def test_analyst_picks_a_buyer_by_type_ahead_and_confirms_a_near_name_as_a_new_person(
    live_server, tenant, browser_page
):
    page = browser_page
    study = tenant.study
    # More buyers than a select lists in full: the chosen one is not on the page until found.
    big_registry(tenant.client, 250)
    hooli = Organization.objects.create(client=tenant.client, name="Hooli")
    gavin = BuyerFactory(client=tenant.client, organization=hooli, name="Gavin Belson")
    analysts = tenant.client.categories.get(name="Industry analysts")
    priya = InfluencerFactory(client=tenant.client, name="Priya Raman", category=analysts)
    peers = tenant.client.categories.get(name="Peers")
    stage = study.stages.first()

    log_in(page, live_server, tenant.users[Role.ANALYST].username)
    page.goto(live_server.url + reverse("identification:interview_create", args=[study.slug]))
    assert page.locator(f'#id_buyer option[value="{gavin.pk}"]').count() == 0

    page.check("input[name=respondent_type][value=buyer]")
    assert page.is_visible("#id_buyer")
    assert not page.is_visible("#id_organization_name")
    picker = page.locator("[data-respondent=buyer] [data-picker]")
    picker.locator("input[type=search]").fill("hooli")
    picker.locator(".picker-options li", has_text="Gavin Belson").click()
    assert page.input_value("#id_buyer") == str(gavin.pk)

    page.fill("#id_mentions-0-new_influencer_name", "Priya Ramen")
    page.select_option("#id_mentions-0-new_influencer_category", str(peers.pk))
    page.select_option("#id_mentions-0-stage", str(stage.pk))
    page.fill("#id_mentions-0-quote", "She mapped the vendors for us.")
    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_load_state("load")

    # Refused: a "did you mean" on the row, every value kept, nothing written.
    error = page.locator("#id_mentions-0-new_influencer_name_error")
    assert "Did you mean Priya Raman (Industry analysts)?" in error.inner_text()
    assert page.input_value("#id_mentions-0-new_influencer_name") == "Priya Ramen"
    assert page.input_value("#id_mentions-0-quote") == "She mapped the vendors for us."
    assert page.input_value("#id_buyer") == str(gavin.pk)
    assert page.is_visible("#id_buyer")
    assert not Evidence.objects.exists()

    page.check("#id_mentions-0-new_is_distinct")
    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_load_state("load")

    evidence = Evidence.objects.get(study=study)
    assert evidence.buyer == gavin
    created = evidence.mentions.get().influencer
    assert created != priya
    assert (created.name, created.category) == ("Priya Ramen", peers)
