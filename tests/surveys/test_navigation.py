"""The study page links to the surveys app through its AppConfig, by role."""

import pytest
from django.urls import reverse

from identification.models.choices import Role


@pytest.mark.parametrize("role", Role.values)
def test_study_page_links_to_surveys_and_imports_only_for_analysts(tenant, role):
    response = tenant.http(role).get(reverse("identification:study", args=[tenant.study.slug]))
    html = response.content.decode()
    assert reverse("surveys:survey_list", args=[tenant.study.slug]) in html
    imports = reverse("surveys:import_index", args=[tenant.study.slug])
    assert (imports in html) == (role == Role.ANALYST)


def test_home_links_to_the_review_queue_of_each_client(tenant):
    html = tenant.http(Role.VIEWER).get(reverse("identification:home")).content.decode()
    assert reverse("identification:review_list", args=[tenant.client.slug]) in html


def test_the_mapping_format_is_served_from_the_same_document_as_the_readme(tenant, analyst):
    page = analyst.get(reverse("surveys:import_index", args=[tenant.study.slug]))
    assert reverse("surveys:mapping_format") in page.content.decode()
    doc = analyst.get(reverse("surveys:mapping_format")).content.decode()
    assert "<h1>Import mapping format</h1>" in doc
    assert "<table>" in doc
    assert "respondent_id" in doc


def test_the_mapping_format_says_respondent_ids_are_one_person_per_client(analyst):
    doc = " ".join(analyst.get(reverse("surveys:mapping_format")).content.decode().split())
    assert "<h2>Respondent ids</h2>" in doc
    assert "stable per client" in doc
    assert "prefix them per wave" in doc
