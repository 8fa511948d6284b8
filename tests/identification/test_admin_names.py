"""The admin refuses names holding bidirectional controls, and edits one alias per row (a
comma inside an alias stays in it)."""

from django.test import Client as HttpClient
from django.urls import reverse

from identification.models import Influencer, InfluencerAlias, Organization


def _staff(staff_user) -> HttpClient:
    http = HttpClient()
    http.force_login(staff_user)
    return http


def _influencer_post(tenant, **fields) -> dict:
    data = {
        "client": tenant.client.pk,
        "name": "Anita Shah",
        "kind": "person",
        "category": tenant.client.categories.first().pk,
        "audience": "{}",
        "aliases-TOTAL_FORMS": "1",
        "aliases-INITIAL_FORMS": "0",
        "aliases-0-name": "Shah, Anita",
        "paid_ties-TOTAL_FORMS": "0",
        "paid_ties-INITIAL_FORMS": "0",
        "mentions-TOTAL_FORMS": "0",
        "mentions-INITIAL_FORMS": "0",
    }
    return {**data, **fields}


def test_the_admin_adds_an_alias_with_a_comma_as_one_alias(tenant, staff_user):
    response = _staff(staff_user).post(
        reverse("admin:identification_influencer_add"), _influencer_post(tenant)
    )
    assert response.status_code == 302, response.context["adminform"].errors
    anita = Influencer.objects.get(name="Anita Shah")
    assert list(anita.aliases.values_list("name", "normalized")) == [("Shah, Anita", "shah, anita")]


def test_the_admin_refuses_a_name_or_alias_with_bidirectional_controls(tenant, staff_user):
    http = _staff(staff_user)
    add = reverse("admin:identification_influencer_add")
    named = http.post(add, _influencer_post(tenant, name="\u202eevil\u202c txt.exe"))
    aliased = http.post(add, _influencer_post(tenant, **{"aliases-0-name": "\u2066x\u2069"}))
    for response in (named, aliased):
        assert response.status_code == 200
        assert "they reorder how the text is shown" in response.content.decode()
    assert not Influencer.objects.exists()
    assert not InfluencerAlias.objects.exists()


def test_the_admin_refuses_an_organization_name_with_them(tenant, staff_user):
    response = _staff(staff_user).post(
        reverse("admin:identification_organization_add"),
        {"client": tenant.client.pk, "name": "Init\u202eech"},
    )
    assert response.status_code == 200
    assert not Organization.objects.filter(name__contains="ech").exists()
