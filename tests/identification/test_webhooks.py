"""Webhooks: a signed JSON event per publication to a real receiver on loopback, every attempt
recorded and shown, retries with backoff; the marketing head's pages."""

import hashlib
import hmac
import json

import pytest
from django.urls import reverse
from werkzeug import Response

from identification.models import RankingRun, WebhookDelivery, WebhookEndpoint
from identification.models.choices import Role
from identification.services import webhooks
from identification.services.runs import publish_run

SECRET = "a-long-enough-shared-secret"


@pytest.fixture
def endpoint(tenant, httpserver, settings):
    settings.DEBUG = True  # plain http on loopback is allowed only in development
    return webhooks.create_endpoint(
        client=tenant.client,
        user=tenant.users[Role.MARKETING_HEAD],
        url=httpserver.url_for("/hook"),
        secret=SECRET,
    )


def _publish(study, capture):
    run = RankingRun.objects.create(study=study, status=RankingRun.Status.SUCCEEDED)
    with capture(execute=True):
        assert publish_run(run=run)
    return run


def _check_signature(request) -> dict:
    stamp, mac = (
        part.split("=", 1)[1] for part in request.headers[webhooks.SIGNATURE_HEADER].split(",")
    )
    expected = hmac.new(SECRET.encode(), f"{stamp}.".encode() + request.data, hashlib.sha256)
    assert hmac.compare_digest(mac, expected.hexdigest())
    return json.loads(request.data)


def test_a_published_run_is_sent_signed_to_the_endpoint(
    tenant, endpoint, httpserver, django_capture_on_commit_callbacks
):
    httpserver.expect_oneshot_request("/hook", method="POST").respond_with_data("thanks")
    run = _publish(tenant.study, django_capture_on_commit_callbacks)
    httpserver.check_assertions()
    ((request, _),) = httpserver.log
    body = _check_signature(request)
    assert request.headers["X-Influencer50-Event"] == "run.published"
    assert body["event"] == "run.published"
    assert body["client"] == tenant.client.slug
    assert body["study"]["slug"] == tenant.study.slug
    assert body["run"]["id"] == run.pk
    assert body["run"]["ranking_csv_url"].endswith(f"/runs/{run.pk}/ranking/?format=csv")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    (attempt,) = delivery.attempts.all()
    assert (attempt.number, attempt.status_code, attempt.response_excerpt) == (1, 200, "thanks")


def test_a_tampered_body_does_not_match_the_signature(
    tenant, endpoint, httpserver, django_capture_on_commit_callbacks
):
    httpserver.expect_oneshot_request("/hook").respond_with_data("ok")
    _publish(tenant.study, django_capture_on_commit_callbacks)
    ((request, _),) = httpserver.log
    request.data = request.data.replace(b"run.published", b"run.deleted")
    with pytest.raises(AssertionError):
        _check_signature(request)


def test_a_failed_attempt_is_recorded_and_retried_with_a_growing_wait(
    tenant, endpoint, httpserver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    answers = iter([Response("down", status=503), Response("still down", status=500)])
    httpserver.expect_request("/hook").respond_with_handler(lambda request: next(answers))
    _publish(tenant.study, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.PENDING
    first_wait = delivery.next_attempt_at - delivery.attempts.get().attempted_at
    assert first_wait.total_seconds() == settings.WEBHOOK_RETRY_BASE_SECONDS
    delivery = webhooks.attempt_delivery(delivery_id=delivery.pk)  # what the worker's retry does
    second_wait = delivery.next_attempt_at - delivery.attempts.get(number=2).attempted_at
    assert second_wait == 2 * first_wait
    httpserver.clear_all_handlers()
    httpserver.expect_request("/hook").respond_with_data("", status=204)
    delivery = webhooks.attempt_delivery(delivery_id=delivery.pk)
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    assert list(delivery.attempts.values_list("status_code", flat=True)) == [503, 500, 204]
    page = tenant.http(Role.MARKETING_HEAD).get(
        reverse("identification:webhook_detail", args=[tenant.client.slug, endpoint.pk])
    )
    content = page.content.decode()
    assert "delivered" in content
    assert "The endpoint answered 503." in content


def test_an_unreachable_endpoint_fails_after_the_last_attempt(
    tenant, settings, django_capture_on_commit_callbacks
):
    settings.DEBUG, settings.WEBHOOK_MAX_ATTEMPTS = True, 2
    # A port that nothing listens on: the connection is refused at once.
    webhooks.create_endpoint(
        client=tenant.client, user=None, url="http://127.0.0.1:9/x", secret=SECRET
    )
    _publish(tenant.study, django_capture_on_commit_callbacks)
    delivery = webhooks.attempt_delivery(delivery_id=WebhookDelivery.objects.get().pk)
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.attempt_count == 2
    assert "ConnectionError" in delivery.attempts.last().error


def test_paused_endpoints_and_other_clients_get_nothing(
    tenant, other, endpoint, django_capture_on_commit_callbacks
):
    endpoint.active = False
    endpoint.save()
    _publish(tenant.study, django_capture_on_commit_callbacks)
    _publish(other.study, django_capture_on_commit_callbacks)
    assert not WebhookDelivery.objects.exists()


def test_an_http_url_is_refused_outside_development(tenant, settings):
    settings.DEBUG = False
    http = tenant.http(Role.MARKETING_HEAD)
    url = reverse("identification:webhook_list", args=[tenant.client.slug])
    response = http.post(url, {"url": "http://crm.example.com/hook", "secret": SECRET})
    assert "https://" in str(response.context["form"].errors["url"])
    response = http.post(url, {"url": "https://crm.example.com/hook", "secret": "short"})
    assert "at least 16" in str(response.context["form"].errors["secret"])
    assert not WebhookEndpoint.objects.exists()


def test_a_marketing_head_adds_edits_and_deletes_an_endpoint(tenant, settings):
    http = tenant.http(Role.MARKETING_HEAD)
    url = reverse("identification:webhook_list", args=[tenant.client.slug])
    response = http.post(url, {"url": "https://crm.example.com/hook", "description": "CRM"})
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302
    assert len(endpoint.secret) >= 16
    detail = reverse("identification:webhook_detail", args=[tenant.client.slug, endpoint.pk])
    assert endpoint.secret.encode() in http.get(detail).content
    old_secret = endpoint.secret
    http.post(detail, {"url": "https://crm.example.com/v2", "description": "CRM", "active": ""})
    endpoint.refresh_from_db()
    assert (endpoint.url, endpoint.active, endpoint.secret) == (
        "https://crm.example.com/v2",
        False,
        old_secret,
    )
    delete = reverse("identification:webhook_delete", args=[tenant.client.slug, endpoint.pk])
    assert b"record of the events" in http.get(delete).content
    http.post(delete)
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ENGAGEMENT_OWNER, Role.VIEWER])
def test_other_roles_may_not_manage_webhooks(tenant, role):
    url = reverse("identification:webhook_list", args=[tenant.client.slug])
    assert tenant.http(role).get(url).status_code == 403
    assert tenant.http(role).post(url, {"url": "https://x.example.com/"}).status_code == 403
    assert not WebhookEndpoint.objects.exists()


def test_send_again_makes_a_new_attempt(
    tenant, endpoint, httpserver, django_capture_on_commit_callbacks
):
    httpserver.expect_request("/hook").respond_with_data("ok")
    _publish(tenant.study, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    url = reverse("identification:webhook_redeliver", args=[tenant.client.slug, delivery.pk])
    with django_capture_on_commit_callbacks(execute=True):
        tenant.http(Role.MARKETING_HEAD).post(url)
    assert delivery.attempts.count() == 2
    assert len(httpserver.log) == 2
