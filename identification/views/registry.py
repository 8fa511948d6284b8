"""The client's influencer registry: list, search, detail, create, edit and merge."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from identification.access import (
    EDIT_EVIDENCE_ROLES,
    can_edit_evidence,
    get_client_for_user,
    get_for_user,
    require_role,
)
from identification.forms.errors import add_service_errors
from identification.forms.registry import (
    InfluencerForm,
    MergeForm,
    PaidTieFormSet,
    RegistryFilterForm,
)
from identification.models import Influencer
from identification.selectors.registry import (
    influencer_detail_qs,
    influencer_list,
    influencer_mentions,
    search_influencers,
)
from identification.services.registry import (
    create_influencer,
    merge_influencers,
    merge_preview,
    update_influencer,
)

PAGE_SIZE = 25


def _influencer_for_user(request, client_slug, pk) -> Influencer:
    queryset = influencer_detail_qs(client_qs=Influencer.objects.filter(client__slug=client_slug))
    return get_for_user(queryset, request.user, client_path="client", pk=pk)


@login_required
def influencer_index(request, client_slug):
    client = get_client_for_user(request.user, client_slug)
    filters = RegistryFilterForm(request.GET or None, client=client)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    qs = influencer_list(client=client, q=criteria.get("q", ""), category=criteria.get("category"))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "identification/influencer_list.html",
        {
            "client": client,
            "filters": filters,
            "page": page,
            "query": filters.querystring(),
            "can_edit": can_edit_evidence(request.user, client),
        },
    )


@login_required
@require_GET
def influencer_search(request, client_slug):
    """Type-ahead of the interview form: JSON, or an HTML list for htmx."""
    client = get_client_for_user(request.user, client_slug)
    found = search_influencers(client=client, q=request.GET.get("q", ""))
    if request.headers.get("HX-Request") or request.GET.get("format") == "html":
        return render(request, "identification/_influencer_options.html", {"found": found})
    return JsonResponse(
        {
            "results": [
                {
                    "id": i.pk,
                    "name": i.name,
                    "category": i.category.name,
                    "affiliation": i.affiliation,
                    "aliases": [a.name for a in i.aliases.all()],
                }
                for i in found
            ]
        }
    )


@login_required
def influencer_show(request, client_slug, pk):
    influencer = _influencer_for_user(request, client_slug, pk)
    can_edit = can_edit_evidence(request.user, influencer.client)
    return render(
        request,
        "identification/influencer_detail.html",
        {
            "client": influencer.client,
            "influencer": influencer,
            "mentions": influencer_mentions(influencer=influencer),
            "can_edit": can_edit,
            "merge_form": MergeForm(keep=influencer) if can_edit else None,
        },
    )


def _influencer_page(request, *, client, influencer=None):
    initial = InfluencerForm.initial_for(influencer) if influencer else None
    form = InfluencerForm(request.POST or None, client=client, initial=initial)
    ties = PaidTieFormSet(
        request.POST or None,
        prefix="ties",
        initial=PaidTieFormSet.initial_for(influencer) if influencer else None,
    )
    if request.method == "POST" and all([form.is_valid(), ties.is_valid()]):
        fields = form.service_fields()
        try:
            if influencer is None:
                influencer = create_influencer(client=client, paid_ties=ties.ties(), **fields)
            else:
                update_influencer(influencer=influencer, paid_ties=ties.ties(), **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{influencer.name} saved.")
            return redirect("identification:influencer_detail", client.slug, influencer.pk)
    return render(
        request,
        "identification/influencer_form.html",
        {"client": client, "influencer": influencer, "form": form, "ties": ties},
    )


@login_required
def influencer_create(request, client_slug):
    client = get_client_for_user(request.user, client_slug)
    require_role(request.user, client, EDIT_EVIDENCE_ROLES)
    return _influencer_page(request, client=client)


@login_required
def influencer_edit(request, client_slug, pk):
    influencer = _influencer_for_user(request, client_slug, pk)
    require_role(request.user, influencer.client, EDIT_EVIDENCE_ROLES)
    return _influencer_page(request, client=influencer.client, influencer=influencer)


@login_required
def influencer_merge(request, client_slug, pk):
    """GET ?other=<id> shows what will move; POST merges."""
    keep = _influencer_for_user(request, client_slug, pk)
    require_role(request.user, keep.client, EDIT_EVIDENCE_ROLES)
    data = request.POST if request.method == "POST" else request.GET
    form = MergeForm(data if "other" in data else None, keep=keep)
    if not form.is_valid():
        return render(
            request,
            "identification/influencer_merge.html",
            {"client": keep.client, "keep": keep, "form": form},
        )
    other = form.cleaned_data["other"]
    if request.method == "POST":
        merge_influencers(keep=keep, other=other, user=request.user)
        messages.success(request, f"{other.name} merged into {keep.name}.")
        return redirect("identification:influencer_detail", keep.client.slug, keep.pk)
    return render(
        request,
        "identification/influencer_merge.html",
        {
            "client": keep.client,
            "keep": keep,
            "other": other,
            "form": form,
            "preview": merge_preview(keep=keep, other=other),
        },
    )
