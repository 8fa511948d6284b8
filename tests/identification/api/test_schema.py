"""The OpenAPI schema at /api/schema/ and its interactive docs at /api/docs/, served by the
app itself (Swagger UI from the drf-spectacular-sidecar package, no CDN)."""

import re

from django.contrib.staticfiles import finders
from django.urls import reverse

import identification.api.urls
from tests.isolation import url_names


def test_the_schema_describes_every_api_route(client):
    response = client.get(reverse("api_schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "personalToken" in schema["components"]["securitySchemes"]
    assert len(url_names(identification.api.urls.urlpatterns)) == sum(
        1 for path in schema["paths"] if path.startswith("/api/v1/")
    )
    ranking = schema["paths"]["/api/v1/studies/{slug}/ranking/"]["get"]
    assert set(ranking["responses"]["200"]["content"]) == {"application/json", "text/csv"}
    for status in ("400", "401", "403", "404", "429"):
        assert status in ranking["responses"]


def test_the_docs_load_their_assets_from_the_app_only(client):
    response = client.get(reverse("api_docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert assets, "the docs page names no script or style"
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is not served"
