"""Reads of a run's ranked entries with the report's filters, for the API and the exports."""

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from identification.models import NameReview, RankingEntry, RankingRun, Study

# What a ranking can be ordered by; each ties on the rank, so pages never overlap.
ORDERINGS = {
    "rank": ("rank",),
    "-rank": ("-rank",),
    "score": ("score", "-rank"),
    "-score": ("-score", "rank"),
    "reach_respondents": ("reach_respondents", "rank"),
    "-reach_respondents": ("-reach_respondents", "rank"),
    "reach_organizations": ("reach_organizations", "rank"),
    "-reach_organizations": ("-reach_organizations", "rank"),
    "name": ("influencer_name", "rank"),
    "-name": ("-influencer_name", "rank"),
}


def unreviewed_flag():
    """True where the entry's influencer is still an open name review's provisional one."""
    return Exists(
        NameReview.objects.filter(
            provisional_influencer=OuterRef("influencer"), status=NameReview.Status.OPEN
        )
    )


def ranking_queryset(
    *,
    run: RankingRun,
    category: int | None = None,
    family: str = "",
    mode: str = "",
    direction: str = "",
    min_reach: int | None = None,
    ordering: str = "rank",
) -> QuerySet[RankingEntry]:
    """A run's entries, filtered and ordered, each with `unreviewed` and its category."""
    qs = RankingEntry.objects.filter(run=run)
    if category is not None:
        qs = qs.filter(influencer__category_id=category)
    if family:
        qs = qs.filter(influencer__category__family=family)
    if mode:
        qs = qs.filter(mode=mode)
    if direction:
        qs = qs.filter(direction=direction)
    if min_reach is not None:
        qs = qs.filter(reach_respondents__gte=min_reach)
    return (
        qs.select_related("influencer__category")
        .annotate(unreviewed=unreviewed_flag())
        .order_by(*ORDERINGS[ordering])
    )


def run_stage_names(*, run: RankingRun, study: Study) -> list[str]:
    """The stages a run scored, in the study's order; stages since renamed or removed last.

    The run's own parameters are the record (a snapshot); JSON keys lose their order in
    PostgreSQL, so the study's stage order puts them back.
    """
    current = list(study.stages.order_by("order").values_list("name", flat=True))
    scored = list((run.parameters or {}).get("stage_weights", {}) or current)
    in_order = [name for name in current if name in scored]
    return in_order + sorted(set(scored) - set(in_order))


def run_of_study(*, study: Study, run_id) -> RankingRun:
    """One run of the study, or 404."""
    return get_object_or_404(RankingRun.objects.select_related("study"), pk=run_id, study=study)
