"""Reads of a run's ranked entries with the report's filters, for the API and the exports."""

from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Exists, Max, OuterRef, QuerySet
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


class RankingRows:
    """A run's filtered entries as a sliceable sequence for a paginator, fast at any depth.

    A run is an immutable snapshot, so its counts are cached. Unfiltered and in rank order,
    a page is a range of ranks (ranks run 1..N), found through the (run, rank) index; any
    other page takes its ids by offset first and loads the rows of those ids alone, so the
    joins and the `unreviewed` check run for one page only.
    """

    CACHE_SECONDS = 3600

    def __init__(self, *, run: RankingRun, filters: dict, ordering: str = "rank"):
        self.run, self.filters, self.ordering = run, filters, ordering
        self.queryset = ranking_queryset(run=run, ordering=ordering, **filters)
        self._count = None

    def _key(self, what: str) -> str:
        # The creation time as well as the id: a test database may give an id out again.
        run = f"{self.run.pk}:{self.run.created_at.timestamp()}"
        return f"ranking-{what}:{run}:{urlencode(sorted(self.filters.items()))}"

    def count(self) -> int:
        if self._count is None:
            self._count = cache.get_or_set(
                self._key("count"), lambda: self.queryset.order_by().count(), self.CACHE_SECONDS
            )
        return self._count

    __len__ = count

    def _contiguous(self) -> bool:
        if self.filters or self.ordering not in ("rank", "-rank"):
            return False
        top = cache.get_or_set(
            self._key("max-rank"),
            lambda: self.run.entries.aggregate(top=Max("rank"))["top"] or 0,
            self.CACHE_SECONDS,
        )
        return top == self.count()

    def __getitem__(self, window: slice) -> list[RankingEntry]:
        start, stop = window.start or 0, min(window.stop, self.count())
        if start >= stop:
            return []
        if self._contiguous():
            low, high = (
                (start, stop)
                if self.ordering == "rank"
                else (self.count() - stop, self.count() - start)
            )
            return list(self.queryset.filter(rank__gt=low, rank__lte=high))
        ids = list(self.queryset.values_list("pk", flat=True)[start:stop])
        rows = self.queryset.filter(pk__in=ids).in_bulk()
        return [rows[pk] for pk in ids]
