"""Personal tokens: created and revoked in the browser, stored hashed, shown once; scopes,
roles, throttling, and the session for the browsable API."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from identification.models import ApiToken, Evidence, Influencer
from identification.models.access_tokens import hash_token
from identification.models.choices import Role
from tests.identification.api.conftest import token_client


def _bearer(value):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {value}")
    return api


def _create_in_browser(http, name="CRM sync", scope="read"):
    response = http.post(reverse("identification:token_list"), {"name": name, "scope": scope})
    assert response.status_code == 201
    return response, response.context["created"]["value"]


def test_a_token_is_shown_once_and_stored_only_as_its_hash(tenant):
    http = tenant.http(Role.VIEWER)
    response, value = _create_in_browser(http)
    assert value.encode() in response.content
    token = ApiToken.objects.get(user=tenant.users[Role.VIEWER])
    assert token.key_hash == hash_token(value)
    assert value not in token.key_hash
    assert (token.name, token.scope) == ("CRM sync", "read")
    # The list page afterwards shows the token's start, never the whole value again.
    listing = http.get(reverse("identification:token_list"))
    assert value.encode() not in listing.content
    assert token.hint.encode() in listing.content
    assert b"never" in listing.content


def test_a_token_needs_a_name_unique_for_its_user(tenant):
    http = tenant.http(Role.VIEWER)
    _create_in_browser(http, name="BI")
    response = http.post(reverse("identification:token_list"), {"name": "bi", "scope": "read"})
    assert response.status_code == 200
    assert "already have a token" in str(response.context["form"].errors["name"])
    assert ApiToken.objects.count() == 1


def test_last_use_is_recorded_and_shown(tenant):
    http = tenant.http(Role.VIEWER)
    _, value = _create_in_browser(http)
    assert _bearer(value).get("/api/v1/studies/").status_code == 200
    token = ApiToken.objects.get()
    assert token.last_used_at is not None
    listing = http.get(reverse("identification:token_list")).content.decode()
    assert timezone.localtime(token.last_used_at).strftime("%Y-%m-%d %H:%M") in listing


def test_a_revoked_token_is_refused_at_once(tenant):
    http = tenant.http(Role.ANALYST)
    _, value = _create_in_browser(http, scope="write")
    api = _bearer(value)
    assert api.get("/api/v1/clients/").status_code == 200
    token = ApiToken.objects.get()
    confirm = http.get(reverse("identification:token_revoke", args=[token.pk]))
    assert b"cannot be undone" in confirm.content
    http.post(reverse("identification:token_revoke", args=[token.pk]))
    response = api.get("/api/v1/clients/")
    assert response.status_code == 401
    assert response.json()["detail"] == "This API token has been revoked."
    assert b"revoked" in http.get(reverse("identification:token_list")).content


def test_nobody_revokes_another_users_token(tenant):
    _, value = _create_in_browser(tenant.http(Role.ANALYST))
    token = ApiToken.objects.get()
    colleague = tenant.http(Role.MARKETING_HEAD)
    url = reverse("identification:token_revoke", args=[token.pk])
    assert colleague.post(url).status_code == 404
    assert _bearer(value).get("/api/v1/clients/").status_code == 200


def test_an_unknown_or_malformed_token_is_401(db):
    assert _bearer("i50_nothing").get("/api/v1/clients/").status_code == 401
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Bearer two parts")
    assert api.get("/api/v1/clients/").status_code == 401


def test_a_read_only_token_reads_but_every_write_is_403(tenant):
    from tests.isolation import build_world

    world = build_world(tenant)
    api = token_client(tenant.users[Role.ANALYST], scope=ApiToken.Scope.READ)
    slug, client = world.study.slug, world.client.slug
    assert api.get(f"/api/v1/studies/{slug}/evidence/").status_code == 200
    before = Evidence.objects.count(), Influencer.objects.count(), world.study.runs.count()
    writes = [
        api.post(f"/api/v1/studies/{slug}/runs/"),
        api.post(f"/api/v1/clients/{client}/influencers/", {"name": "X"}, format="json"),
        api.patch(
            f"/api/v1/clients/{client}/influencers/{world.influencer.pk}/",
            {"name": "Renamed"},
            format="json",
        ),
        api.post(f"/api/v1/studies/{slug}/evidence/", {}, format="json"),
    ]
    for response in writes:
        assert response.status_code == 403
        assert "read-only" in response.json()["detail"]
    assert (
        Evidence.objects.count(),
        Influencer.objects.count(),
        world.study.runs.count(),
    ) == before


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ENGAGEMENT_OWNER, Role.MARKETING_HEAD])
def test_a_token_has_its_users_role_and_no_more(tenant, role):
    from tests.isolation import build_world

    world = build_world(tenant)
    api = token_client(tenant.users[role])
    response = api.post(
        f"/api/v1/clients/{world.client.slug}/influencers/",
        {"name": "New one", "category": world.category.pk},
        format="json",
    )
    assert response.status_code == 403
    runs = api.post(f"/api/v1/studies/{world.study.slug}/runs/")
    assert runs.status_code == (403 if role != Role.MARKETING_HEAD else 201)


def test_too_many_requests_are_429_with_retry_after(tenant, settings):
    settings.API_THROTTLE_RATE = "3/min"
    api = token_client(tenant.users[Role.VIEWER])
    statuses = [api.get("/api/v1/clients/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/v1/clients/")
    assert 0 < int(response["Retry-After"]) <= 60
    # The budget is per token: another token of the same user has its own.
    other = token_client(tenant.users[Role.VIEWER], name="second")
    assert other.get("/api/v1/clients/").status_code == 200


def test_the_browsable_api_works_with_the_session(tenant):
    http = tenant.http(Role.VIEWER)
    response = http.get("/api/v1/studies/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert tenant.study.name.encode() in response.content
    # A session write without the CSRF token is refused.
    csrf = APIClient(enforce_csrf_checks=True)
    csrf.force_login(tenant.users[Role.ANALYST])
    assert csrf.post(f"/api/v1/studies/{tenant.study.slug}/runs/").status_code == 403


def test_validation_errors_name_their_fields(tenant):
    api = token_client(tenant.users[Role.ANALYST])
    response = api.post(
        f"/api/v1/clients/{tenant.client.slug}/influencers/", {"kind": "robot"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"name", "category", "kind"}
