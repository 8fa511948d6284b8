"""The name review queue of a client: every member may read it, analysts settle names."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from identification.access import (
    EDIT_EVIDENCE_ROLES,
    can_edit_evidence,
    get_client_for_user,
    get_for_user,
    require_role,
)
from identification.forms.reviews import ReviewActionForm
from identification.models import NameReview
from identification.selectors.reviews import candidate_influencers, open_reviews
from identification.services.reviews import (
    accept_review_match,
    keep_review_as_new,
    merge_review_into,
)

PAGE_SIZE = 20


@login_required
def review_index(request, client_slug):
    client = get_client_for_user(request.user, client_slug)
    page = Paginator(open_reviews(client=client), PAGE_SIZE).get_page(request.GET.get("page"))
    candidates = candidate_influencers(client=client, reviews=page.object_list)
    rows = [
        (review, [(c, candidates.get(c.get("id"))) for c in review.candidates])
        for review in page.object_list
    ]
    return render(
        request,
        "identification/reviews/review_list.html",
        {
            "client": client,
            "page": page,
            "rows": rows,
            "can_edit": can_edit_evidence(request.user, client),
        },
    )


@login_required
@require_POST
def review_resolve(request, client_slug, pk):
    review = get_for_user(
        NameReview.objects.filter(client__slug=client_slug).select_related(
            "client", "provisional_influencer"
        ),
        request.user,
        client_path="client",
        pk=pk,
    )
    require_role(request.user, review.client, EDIT_EVIDENCE_ROLES)
    form = ReviewActionForm(request.POST, review=review)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.get("__all__") or "Choose an action.")
        action, target = form.cleaned_data["action"], form.cleaned_data.get("target")
        if action == "accept":
            accept_review_match(review=review, influencer=target, user=request.user)
        elif action == "merge":
            merge_review_into(review=review, influencer=target, user=request.user)
        else:
            keep_review_as_new(review=review, user=request.user)
    except ValidationError as exc:
        messages.error(request, f"{review.name}: {' '.join(exc.messages)}")
    else:
        messages.success(request, f"“{review.name}” reviewed.")
    return redirect("identification:review_list", review.client.slug)
