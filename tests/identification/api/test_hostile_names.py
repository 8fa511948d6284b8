"""The API refuses names holding bidirectional controls, as the forms do (through the
registry service), and keeps an alias with a comma as one alias."""

from django.urls import reverse

from identification.models import Influencer
from identification.models.choices import Role


def _post(api, tenant, **fields):
    url = reverse("api:influencer_list", args=[tenant.client.slug])
    body = {"name": "Anita Shah", "category": tenant.client.categories.first().pk, **fields}
    return api(Role.ANALYST).post(url, body, format="json")


def test_a_name_or_alias_with_bidirectional_controls_is_refused_with_a_400(tenant, api):
    for fields in ({"name": "\u202eevil\u202c txt.exe"}, {"aliases": ["ok", "\u2066x\u2069"]}):
        response = _post(api, tenant, **fields)
        assert response.status_code == 400, fields
        assert "they reorder how the text is shown" in response.content.decode()
    assert not Influencer.objects.exists()


def test_an_alias_with_a_comma_stays_one_alias(tenant, api):
    assert _post(api, tenant, aliases=["Shah, Anita"]).status_code == 201
    anita = Influencer.objects.get(name="Anita Shah")
    assert list(anita.aliases.values_list("name", flat=True)) == ["Shah, Anita"]


def test_a_client_filter_that_is_no_slug_finds_nothing_instead_of_failing(tenant, api):
    url = reverse("api:study_list")
    assert api(Role.ANALYST).get(url, {"client": "a\x00b"}).json()["results"] == []
    found = api(Role.ANALYST).get(url, {"client": tenant.client.slug}).json()["results"]
    assert [s["name"] for s in found] == [tenant.study.name]
