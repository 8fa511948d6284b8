"""Reads about ranking runs: the study page's panel, the ranking table, an entry, past runs.

Callers pass a study already fetched through `identification.access`, so every read
here is scoped to a client the user may see.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from identification.access import can_run_ranking
from identification.models import Influencer, PaidTie, RankingEntry, RankingRun, Study
from identification.models.choices import BuyingRole, Channel
from identification.services.runs import too_large_to_rank_inline

TOP = 50
CHANNEL_LABELS = dict(Channel.choices)
ROLE_LABELS = {**dict(BuyingRole.choices), "": "Interviewed influencer"}


def latest_run(*, study: Study) -> RankingRun | None:
    """The study's most recent run, whatever its status."""
    return study.runs.order_by("-pk").first()


def ranking_panel_context(*, study: Study, user) -> dict:
    """What `identification/_ranking_panel.html` needs, for the study page and its poll.

    `run` is the latest run when it is active or failed after the published one (so its
    progress or error shows); `published` is the study's published run, and
    `unseen_changes` how many evidence changes it has not seen (with `too_large` when that
    is because saving no longer computes a ranking inline: no broker, a large study).
    """
    published = study.published_run
    latest = latest_run(study=study)
    shown = latest if latest is not None and latest.pk != study.published_run_id else None
    if shown is not None and shown.status == RankingRun.Status.SUCCEEDED:
        shown = None  # an older succeeded run that lost to a newer published one
    saturation = (published.saturation if published else None) or {}
    unseen = max(study.evidence_changes - published.evidence_changes, 0) if published else 0
    return {
        "study": study,
        "run": shown,
        "published": published,
        "can_run_ranking": can_run_ranking(user, study.client),
        "saturation": saturation,
        "saturation_points": saturation.get("curve", [])[-12:],
        "unseen_changes": unseen,
        "too_large": bool(unseen) and too_large_to_rank_inline(study=study),
        "inline_limit": settings.RANKING_INLINE_MAX_MENTIONS,
    }


def ranking_entries(*, run: RankingRun, limit: int = TOP) -> list[RankingEntry]:
    """The top `limit` entries of a run with their influencer, category and paid ties."""
    entries = list(
        run.entries.select_related("influencer__category")
        .prefetch_related(
            Prefetch("influencer__paid_ties", queryset=PaidTie.objects.order_by("vendor"))
        )
        .order_by("rank")[:limit]
    )
    for entry in entries:
        entry.score_percent = entry.score * 100
        entry.top_n_percent = entry.top_n_share * 100
    return entries


def runs_of_study(*, study: Study) -> QuerySet[RankingRun]:
    """Past runs of a study, newest first, with who asked for them."""
    return study.runs.select_related("requested_by").order_by("-pk")


@dataclass(frozen=True)
class Share:
    label: str
    percent: float


def _shares(mapping: dict, labels: dict | None = None) -> list[Share]:
    items = sorted(mapping.items(), key=lambda kv: (-kv[1], kv[0]))
    return [Share((labels or {}).get(k, k), v * 100) for k, v in items]


def entry_of_study(*, study: Study, entry_id: int) -> RankingEntry:
    """One entry of one of the study's runs, or 404."""
    entries = RankingEntry.objects.select_related(
        "run", "influencer__category", "influencer__buyer__organization"
    )
    return get_object_or_404(entries, pk=entry_id, run__study=study)


def entry_detail(*, entry: RankingEntry) -> dict:
    """An entry's explanation and profiles as labelled percentage lists, for its page."""
    explanation = entry.explanation or {}
    influencer: Influencer | None = entry.influencer
    return {
        "entry": entry,
        "influencer": influencer,
        "paid_ties": list(influencer.paid_ties.all()) if influencer else [],
        "by_stage": _shares(explanation.get("by_stage", {})),
        "by_role": _shares(explanation.get("by_role", {}), ROLE_LABELS),
        "by_organization": _shares(explanation.get("by_organization", {})),
        "quotes": explanation.get("quotes", []),
        "stage_scores": _shares(entry.stage_scores or {}),
        "channel_profile": _shares(entry.channel_profile or {}, CHANNEL_LABELS),
        "score_percent": entry.score * 100,
        "top_n_percent": entry.top_n_share * 100,
        "online_percent": entry.online_share * 100,
    }
