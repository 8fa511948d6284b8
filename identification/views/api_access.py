"""The browser side of the API: a user's personal tokens, and a client's webhooks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from identification.access import (
    WEBHOOK_ROLES,
    clients_for_user,
    get_client_for_user,
    get_for_user,
    require_role,
)
from identification.forms.api_access import TokenForm, WebhookForm
from identification.forms.errors import add_service_errors
from identification.models import ApiToken, WebhookDelivery, WebhookEndpoint
from identification.selectors.webhooks import deliveries_of, endpoints_of
from identification.services import tokens, webhooks


@login_required
def token_index(request):
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, value = tokens.create_token(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            # Shown in this answer only: the value is not stored and cannot be shown again.
            created = {"token": token, "value": value}
            form = TokenForm()
    context = {
        "form": form,
        "created": created,
        "tokens": request.user.api_tokens.all(),
        "webhook_clients": clients_for_user(request.user).filter(
            memberships__user=request.user, memberships__role__in=WEBHOOK_ROLES
        ),
    }
    return render(
        request,
        "identification/tokens.html",
        context,
        status=201 if created else 200,
    )


@login_required
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if request.method == "POST":
        tokens.revoke_token(token=token)
        messages.success(request, f"The token “{token.name}” is revoked: it no longer works.")
        return redirect("identification:token_list")
    return render(request, "identification/token_confirm_revoke.html", {"token": token})


def _endpoint(request, client_slug, pk) -> WebhookEndpoint:
    endpoint = get_for_user(
        WebhookEndpoint.objects.filter(client__slug=client_slug).select_related("client"),
        request.user,
        client_path="client",
        pk=pk,
    )
    require_role(request.user, endpoint.client, WEBHOOK_ROLES)
    return endpoint


@login_required
def webhook_index(request, client_slug):
    client = get_client_for_user(request.user, client_slug)
    require_role(request.user, client, WEBHOOK_ROLES)
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "active"}
        try:
            endpoint = webhooks.create_endpoint(client=client, user=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Webhook added. Its secret is shown below: copy it now.")
            return redirect("identification:webhook_detail", client.slug, endpoint.pk)
    context = {"client": client, "form": form, "endpoints": endpoints_of(client=client)}
    return render(request, "identification/webhooks/webhook_list.html", context)


@login_required
def webhook_detail(request, client_slug, pk):
    endpoint = _endpoint(request, client_slug, pk)
    initial = {"url": endpoint.url, "description": endpoint.description, "active": endpoint.active}
    form = WebhookForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            webhooks.update_endpoint(endpoint=endpoint, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Webhook saved.")
            return redirect("identification:webhook_detail", client_slug, endpoint.pk)
    page = Paginator(deliveries_of(endpoint=endpoint), 20).get_page(request.GET.get("page"))
    context = {"client": endpoint.client, "endpoint": endpoint, "form": form, "page": page}
    return render(request, "identification/webhooks/webhook_detail.html", context)


@login_required
def webhook_delete(request, client_slug, pk):
    endpoint = _endpoint(request, client_slug, pk)
    if request.method == "POST":
        webhooks.delete_endpoint(endpoint=endpoint)
        messages.success(request, "Webhook deleted.")
        return redirect("identification:webhook_list", client_slug)
    context = {"client": endpoint.client, "endpoint": endpoint}
    return render(request, "identification/webhooks/webhook_confirm_delete.html", context)


@login_required
@require_POST
def webhook_redeliver(request, client_slug, pk):
    delivery = get_for_user(
        WebhookDelivery.objects.filter(endpoint__client__slug=client_slug).select_related(
            "endpoint__client"
        ),
        request.user,
        client_path="endpoint__client",
        pk=pk,
    )
    require_role(request.user, delivery.endpoint.client, WEBHOOK_ROLES)
    webhooks.redeliver(delivery=delivery)
    messages.success(request, "Sending the event again.")
    return redirect("identification:webhook_detail", client_slug, delivery.endpoint_id)
