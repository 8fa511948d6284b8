"""A client's respondents (buyers): their list, their page with their evidence, and the
correction of their details."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from identification.access import (
    EDIT_EVIDENCE_ROLES,
    can_edit_evidence,
    get_client_for_user,
    get_for_user,
    require_role,
)
from identification.forms.buyers import BuyerFilterForm, BuyerForm
from identification.forms.errors import add_field_errors
from identification.models import Buyer
from identification.selectors.buyers import buyer_detail_qs, buyer_evidence, buyer_list
from identification.services.buyers import update_buyer

PAGE_SIZE = 25


def _buyer_for_user(request, client_slug, pk) -> Buyer:
    queryset = buyer_detail_qs(client_qs=Buyer.objects.filter(client__slug=client_slug))
    return get_for_user(queryset, request.user, client_path="client", pk=pk)


@login_required
@require_GET
def buyer_index(request, client_slug):
    client = get_client_for_user(request.user, client_slug)
    filters = BuyerFilterForm(request.GET or None)
    q = filters.cleaned_data["q"] if filters.is_valid() else ""
    page = Paginator(buyer_list(client=client, q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "identification/buyer_list.html",
        {"client": client, "filters": filters, "page": page, "query": filters.querystring()},
    )


@login_required
@require_GET
def buyer_show(request, client_slug, pk):
    buyer = _buyer_for_user(request, client_slug, pk)
    return render(
        request,
        "identification/buyer_detail.html",
        {
            "client": buyer.client,
            "buyer": buyer,
            "evidence": buyer_evidence(buyer=buyer),
            "can_edit": can_edit_evidence(request.user, buyer.client),
        },
    )


def _next_url(request, default: str) -> str:
    """Where to go after saving: the page that sent the analyst here, if it is ours."""
    wanted = request.POST.get("next") or request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else default


@login_required
def buyer_edit(request, client_slug, pk):
    buyer = _buyer_for_user(request, client_slug, pk)
    require_role(request.user, buyer.client, EDIT_EVIDENCE_ROLES)
    form = BuyerForm(
        request.POST or None, client=buyer.client, initial=BuyerForm.initial_for(buyer)
    )
    page_url = reverse("identification:buyer_detail", args=[buyer.client.slug, buyer.pk])
    done = _next_url(request, page_url)
    if request.method == "POST" and form.is_valid():
        try:
            update_buyer(buyer=buyer, details=form.buyer_details())
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                add_field_errors(form, "buyer_name" if name == "name" else name, errors)
        else:
            messages.success(request, f"{buyer} saved.")
            return redirect(done)
    return render(
        request,
        "identification/buyer_form.html",
        {"client": buyer.client, "buyer": buyer, "form": form, "next": done},
    )
