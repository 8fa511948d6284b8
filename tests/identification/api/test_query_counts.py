"""API lists and the webhook page take a fixed number of queries, however long the list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from identification.models import PaidTie, RankingRun, WebhookAttempt, WebhookDelivery
from identification.models.choices import Role
from identification.services.webhooks import create_endpoint
from tests.factories import EvidenceFactory, InfluencerFactory, MentionFactory
from tests.identification.api.conftest import token_client


def _grow(tenant, n):
    for i in range(n):
        influencer = InfluencerFactory(client=tenant.client)
        influencer.aliases.create(name=f"Alias {influencer.pk}")
        PaidTie.objects.create(influencer=influencer, vendor=f"V{i}", nature="retainer")
        evidence = EvidenceFactory(study=tenant.study)
        MentionFactory(evidence=evidence, influencer=influencer)
        evidence.non_person_influences.create(stage=tenant.study.stages.first(), source="search")


def _queries(api, url) -> int:
    api.get(url)  # the first call also records the token's last use
    with CaptureQueriesContext(connection) as captured:
        assert api.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/clients/{client}/influencers/",
        "/api/v1/studies/{study}/evidence/",
        "/api/v1/studies/{study}/mentions/",
        "/api/v1/studies/",
        "/api/v1/clients/",
    ],
)
def test_an_api_list_takes_the_same_queries_for_2_or_8_items(tenant, path):
    api = token_client(tenant.users[Role.ANALYST])
    url = path.format(client=tenant.client.slug, study=tenant.study.slug)
    _grow(tenant, 2)
    few = _queries(api, url)
    _grow(tenant, 6)
    assert _queries(api, url) == few


def test_the_webhook_page_takes_the_same_queries_for_2_or_8_deliveries(tenant, settings):
    settings.DEBUG = True
    endpoint = create_endpoint(
        client=tenant.client, user=None, url="http://127.0.0.1:9/h", secret="s" * 20
    )
    run = RankingRun.objects.create(study=tenant.study)
    http = tenant.http(Role.MARKETING_HEAD)
    url = reverse("identification:webhook_detail", args=[tenant.client.slug, endpoint.pk])

    def grow(n):
        for _ in range(n):
            delivery = WebhookDelivery.objects.create(
                endpoint=endpoint, event="run.published", run=run, payload={}
            )
            for number in (1, 2):
                WebhookAttempt.objects.create(
                    delivery=delivery, number=number, attempted_at=run.created_at
                )

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert http.get(url).status_code == 200
        return len(captured)

    grow(2)
    few = count()
    grow(6)
    assert count() == few
