"""The name review queue: an analyst settles each name resolution could not be sure of."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from identification.models import Influencer, NameReview
from identification.services.registry import merge_influencers


def _lock_open(review: NameReview) -> NameReview:
    review = NameReview.objects.select_for_update().get(pk=review.pk)
    if review.status != NameReview.Status.OPEN:
        raise ValidationError("This name has already been reviewed.")
    return review


def _close(review: NameReview, *, status: str, user) -> NameReview:
    review.status = status
    review.resolved_by = user
    review.resolved_at = timezone.now()
    review.save(update_fields=["status", "resolved_by", "resolved_at"])
    return review


def _fold_into(review: NameReview, *, influencer: Influencer, user) -> None:
    if influencer.client_id != review.client_id:
        raise ValidationError("Choose an influencer of this client.")
    provisional = review.provisional_influencer
    if provisional is not None and provisional.pk != influencer.pk:
        merge_influencers(keep=influencer, other=provisional, user=user)


@transaction.atomic
def accept_review_match(*, review: NameReview, influencer: Influencer, user) -> NameReview:
    """The name means `influencer` (one of the candidates): its mentions move there."""
    review = _lock_open(review)
    if influencer.pk not in {c.get("id") for c in review.candidates}:
        raise ValidationError("Choose one of the suggested matches, or merge instead.")
    _fold_into(review, influencer=influencer, user=user)
    return _close(review, status=NameReview.Status.ACCEPTED, user=user)


@transaction.atomic
def merge_review_into(*, review: NameReview, influencer: Influencer, user) -> NameReview:
    """The name means some other influencer of the registry, chosen by the analyst."""
    review = _lock_open(review)
    _fold_into(review, influencer=influencer, user=user)
    return _close(review, status=NameReview.Status.MERGED, user=user)


@transaction.atomic
def keep_review_as_new(*, review: NameReview, user) -> NameReview:
    """The name is someone new: the provisional influencer becomes a regular one."""
    review = _lock_open(review)
    if review.provisional_influencer_id:
        Influencer.objects.filter(pk=review.provisional_influencer_id).update(provisional=False)
    return _close(review, status=NameReview.Status.CREATED, user=user)
