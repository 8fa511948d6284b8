"""403, 404 and 500 answer in the site's layout, say plainly what happened, and (DEBUG off,
as in production) show no detail of the fault."""

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse

from identification.models.choices import Role
from tests.factories import EvidenceFactory

LAYOUT = 'class="navbar-brand"'


def test_debug_is_off_as_in_production():
    assert settings.DEBUG is False


def test_404_is_in_the_layout_with_navigation_and_no_detail(tenant, other, analyst):
    theirs = EvidenceFactory(study=other.study)
    url = reverse("identification:evidence_detail", args=[other.study.slug, theirs.pk])
    response = analyst.get(url)
    html = response.content.decode()
    assert response.status_code == 404
    assert LAYOUT in html
    assert tenant.users[Role.ANALYST].username in html  # the navigation, logged in
    assert reverse("identification:home") in html
    assert "Page not found" in html
    assert "a client you are not a member of" in html
    # Neither Django's message nor anything of the other client.
    assert "matches the given query" not in html
    assert other.study.name not in html


def test_an_unknown_address_answers_the_same_404(analyst):
    response = analyst.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Using the URLconf" not in response.content.decode()


@pytest.mark.parametrize(
    ("role", "name", "allowed"),
    [
        (Role.VIEWER, "interview_create", "Only an analyst of Acme Software can do this"),
        (
            Role.ENGAGEMENT_OWNER,
            "compute_ranking",
            "Only an analyst or a marketing head of Acme Software can do this",
        ),
    ],
)
def test_403_says_which_role_can_do_this_and_the_users_own(tenant, role, name, allowed):
    http = tenant.http(role)
    target = reverse(f"identification:{name}", args=[tenant.study.slug])
    response = http.post(target) if name == "compute_ranking" else http.get(target)
    html = response.content.decode()
    assert response.status_code == 403
    assert LAYOUT in html
    assert allowed in html
    assert f"your role there is {Role(role).label.lower()}" in html
    assert "Your role does not allow this" in html


@pytest.mark.urls("tests.error_urls")
def test_500_is_in_the_layout_and_leaks_nothing(db, tenant):
    http = HttpClient(raise_request_exception=False)
    http.force_login(tenant.users[Role.ANALYST])
    response = http.get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert LAYOUT in html
    assert "Something went wrong on our side" in html
    for detail in ("hunter2", "RuntimeError", "Traceback", "boom"):
        assert detail not in html


def test_a_form_sent_without_its_csrf_token_gets_the_expired_form_page(tenant):
    http = HttpClient(enforce_csrf_checks=True)
    http.force_login(tenant.users[Role.ANALYST])
    response = http.post(reverse("identification:interview_create", args=[tenant.study.slug]))
    assert response.status_code == 403
    assert LAYOUT in response.content.decode()
    assert "This form has expired" in response.content.decode()
