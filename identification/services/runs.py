"""Ranking runs: starting them (by hand or after evidence changes), computing, publishing.

A run is a record with a status, progress, timings and error (STYLE.md rule 8). The
computation itself lives in `identification.ranking`; this module loads the evidence
into frames, calls the engine and saves what it returns.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from identification.models import Mention, RankingRun, Study
from identification.ranking import DEFAULT_ROLE_WEIGHTS as ENGINE_ROLE_WEIGHTS
from identification.ranking import RankingParams, rank, saturation
from identification.services import ranking_data
from identification.services.claims import claim_for_task
from identification.signals import run_published

logger = logging.getLogger(__name__)

Status = RankingRun.Status
Trigger = RankingRun.Trigger

# Used only when a study weighs respondents by deal size: bigger deals, more say.
DEAL_SIZE_WEIGHTS = {"small": 0.75, "medium": 1.0, "large": 1.25, "enterprise": 1.5}
# The saturation curve is stored for a chart; a few hundred points draw it as well as all.
SATURATION_POINTS = 200
# Progress is written to the run at most this often, so a fast engine is not slowed by it.
PROGRESS_MIN_INTERVAL_SECONDS = 1.0


def _broker_configured() -> bool:
    return not settings.CELERY_TASK_ALWAYS_EAGER


def _enqueue(run: RankingRun, *, countdown: int = 0) -> None:
    """Queue the computation once the surrounding transaction has committed."""
    from identification.tasks import compute_ranking

    # Keyword arguments, so that the worker's log lines carry the run's and the study's ids.
    ids = {"run_id": run.pk, "study_id": run.study_id}

    def send() -> None:
        if _broker_configured() and countdown:
            compute_ranking.apply_async(kwargs=ids, countdown=countdown)
        else:
            compute_ranking.delay(**ids)

    transaction.on_commit(send)


def _lock_study(study: Study) -> None:
    # Serialises triggers of one study so two clicks cannot both create a run.
    Study.objects.select_for_update().filter(pk=study.pk).values_list("pk").first()


def _fail_if_stale(run: RankingRun, *, now) -> bool:
    """Mark an active run that has outlived the timeout as failed; True if it was."""
    timeout = timedelta(seconds=settings.RANKING_RUN_TIMEOUT_SECONDS)
    if run.status == Status.RUNNING:
        stale = (run.started_at or run.created_at) < now - timeout
        reason = "running"
    else:
        # A queued run also waits out its debounce delay before a worker takes it.
        delay = timedelta(seconds=settings.RANKING_AUTO_DELAY_SECONDS)
        stale = run.created_at < now - timeout - delay
        reason = "queued"
    if not stale:
        return False
    run.status = Status.FAILED
    run.finished_at = now
    run.error = (
        f"Timed out: still {reason} after {settings.RANKING_RUN_TIMEOUT_SECONDS} seconds "
        "(the worker probably stopped). Marked failed when a new run was requested."
    )
    run.save(update_fields=["status", "finished_at", "error"])
    return True


def start_run(*, study: Study, user=None, trigger: str = Trigger.MANUAL) -> RankingRun:
    """Start computing a study's ranking, or return the run already queued or running.

    One active run per study: a second trigger returns the active run (a queued one is
    sent to the worker again at once, so a click does not wait out an automatic run's
    debounce delay; the run is taken only once). An active run older than
    RANKING_RUN_TIMEOUT_SECONDS is marked failed and a new one starts.
    """
    now = timezone.now()
    with transaction.atomic():
        _lock_study(study)
        for active in study.runs.filter(status__in=RankingRun.ACTIVE_STATUSES).order_by("pk"):
            if _fail_if_stale(active, now=now):
                continue
            if active.status == Status.QUEUED:
                _enqueue(active)
            return active
        run = RankingRun.objects.create(
            study=study, trigger=trigger, requested_by=user, status=Status.QUEUED
        )
        _enqueue(run)
    return run


def note_evidence_changes(*, study: Study, changes: int = 1) -> None:
    """Count changes to a study's evidence; a run records the count it saw (execute_run)."""
    Study.objects.filter(pk=study.pk).update(evidence_changes=F("evidence_changes") + changes)


def computes_inline(*, study: Study) -> bool:
    """Whether an automatic run would be computed inside the request that saved evidence.

    That is so without a broker (tasks run eagerly), and then only while the study has
    at most RANKING_INLINE_MAX_MENTIONS mentions: the count stops there, so asking costs
    the same for a study of ten million mentions as for one just over the limit.
    """
    if _broker_configured():
        return False
    limit = settings.RANKING_INLINE_MAX_MENTIONS
    return Mention.objects.filter(evidence__study=study)[: limit + 1].count() <= limit


def too_large_to_rank_inline(*, study: Study) -> bool:
    """No broker, and the study is past the size where saving evidence computes a ranking."""
    return not _broker_configured() and not computes_inline(study=study)


def request_auto_run(*, study: Study, changes: int = 1) -> RankingRun | None:
    """Count `changes` to a study's evidence and ask for a ranking; a burst gives one run.

    Every change is counted on the study (Study.evidence_changes), and each run records
    the count it saw, so the study page can say how many changes the published ranking
    lacks. With a broker, a run is queued with a delay of RANKING_AUTO_DELAY_SECONDS. At
    most one queued run per study: if one is waiting, it already covers this change (it
    loads the evidence when it starts) and is returned; a run already computing does not
    see the new evidence, so a new one is still queued. Without a broker the run would
    be computed inside this request, so it is only while the study is small
    (computes_inline); above that nothing is queued and None is returned: the study page
    says the ranking is out of date and offers the button.
    """
    now = timezone.now()
    with transaction.atomic():
        _lock_study(study)
        note_evidence_changes(study=study, changes=changes)
        if too_large_to_rank_inline(study=study):
            return None
        queued = study.runs.filter(status=Status.QUEUED).order_by("pk").first()
        if queued is not None and not _fail_if_stale(queued, now=now):
            return queued
        run = RankingRun.objects.create(study=study, trigger=Trigger.AUTO, status=Status.QUEUED)
        _enqueue(run, countdown=settings.RANKING_AUTO_DELAY_SECONDS)
    return run


def compute_now(
    *,
    study: Study,
    user=None,
    trigger: str = Trigger.COMMAND,
    progress: Callable[[int], None] | None = None,
) -> RankingRun:
    """Compute a study's ranking in this process, with no broker (commands, the demo).

    Stale active runs are marked failed first, as with start_run; a live one elsewhere is
    left alone, since this run does not depend on it and publishing keeps the newest.
    """
    now = timezone.now()
    with transaction.atomic():
        _lock_study(study)
        for active in study.runs.filter(status__in=RankingRun.ACTIVE_STATUSES):
            _fail_if_stale(active, now=now)
        run = RankingRun.objects.create(
            study=study, trigger=trigger, requested_by=user, status=Status.QUEUED
        )
    return execute_run(run_id=run.pk, progress=progress)


def ranking_params(*, study: Study) -> RankingParams:
    """The engine's parameters from a study's configuration and the site settings."""
    stage_weights = dict(study.stages.values_list("name", "weight"))
    return RankingParams(
        stage_weights=stage_weights,
        strength_weights=dict(study.strength_weights),
        # The engine's table also weighs interviewed influencers (role ""); keep that.
        role_weights={**ENGINE_ROLE_WEIGHTS, **study.role_weights},
        deal_size_weights=dict(DEAL_SIZE_WEIGHTS) if study.weight_by_deal_size else None,
        half_life_days=float(study.recency_half_life_days),
        damping=study.damping,
        online_share_online=settings.RANKING_ONLINE_SHARE_ONLINE,
        online_share_offline=settings.RANKING_ONLINE_SHARE_OFFLINE,
        replicates=settings.RANKING_BOOTSTRAP_REPLICATES,
        seed=0,
        top_n=50,
    )


class _Progress:
    """Writes a run's progress (throttled) and passes it on to an optional observer."""

    def __init__(self, run_id: int, observer: Callable[[int], None] | None) -> None:
        self.run_id = run_id
        self.observer = observer
        self.last_written = -1
        self.last_time = 0.0

    def __call__(self, percent: int) -> None:
        percent = max(0, min(100, int(percent)))
        if self.observer is not None:
            self.observer(percent)
        now = time.monotonic()
        if percent > self.last_written and (
            percent == 100 or now - self.last_time >= PROGRESS_MIN_INTERVAL_SECONDS
        ):
            RankingRun.objects.filter(pk=self.run_id).update(progress=percent)
            self.last_written, self.last_time = percent, now


def _claim(run_id: int, task_id: str) -> bool:
    """Move a queued run to running; False if another worker took it or it is gone.

    A running run is taken over only by the task that started it, delivered again because
    its worker was lost mid-run; the run then starts over (see `claim_for_task`).
    """
    claimed = claim_for_task(
        RankingRun.objects.filter(pk=run_id),
        task_id=task_id,
        queued=Status.QUEUED,
        running=Status.RUNNING,
        started_at=timezone.now(),
        progress=0,
        error="",
    )
    if claimed == "resumed":
        logger.warning("Ranking run %s restarts: its worker was lost mid-run", run_id)
    return claimed is not None


def _summarise_saturation(sat) -> dict:
    curve = [list(point) for point in sat.curve]
    if len(curve) > SATURATION_POINTS:
        step = len(curve) / (SATURATION_POINTS - 1)
        picked = sorted({int(i * step) for i in range(SATURATION_POINTS - 1)} | {len(curve) - 1})
        curve = [curve[i] for i in picked]
    return {
        "curve": curve,
        "new_in_last_10": sat.new_in_last_10,
        "verdict": sat.verdict,
        "saturated": sat.saturated,
    }


def execute_run(
    *, run_id: int, task_id: str = "", progress: Callable[[int], None] | None = None
) -> RankingRun | None:
    """Compute a queued run: load the evidence, rank, save the entries, publish.

    Progress goes into the run record as it goes. Any error in loading, ranking or saving
    marks the run failed with the message, is logged with its traceback, and leaves the
    published run as it was. A run that is not queued (already taken) is left alone unless
    `task_id` is the task that took it (see `_claim`), and None is returned for a run that
    no longer exists (its study was deleted).
    """
    if not _claim(run_id, task_id):
        return RankingRun.objects.filter(pk=run_id).first()
    run = RankingRun.objects.select_related("study").get(pk=run_id)
    report = _Progress(run_id, progress)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    try:
        params = ranking_params(study=run.study)
        run.parameters = params.to_dict()
        report(1)
        lap = time.perf_counter()
        # Read before the evidence: a change landing in between counts as unseen, never lost.
        run.evidence_changes = (
            Study.objects.filter(pk=run.study_id).values_list("evidence_changes", flat=True).get()
        )
        data = ranking_data.load_evidence(study=run.study)
        timings["load"] = time.perf_counter() - lap
        report(10)

        lap = time.perf_counter()
        result = rank(
            data.mentions,
            data.respondents,
            params,
            progress=lambda p: report(10 + int(p * 0.8)),
        )
        sat = saturation(data.saturation)
        timings["engine"] = time.perf_counter() - lap
        timings.update({f"engine_{k}": v for k, v in result.timings.items()})

        lap = time.perf_counter()
        with transaction.atomic():
            ranking_data.write_entries(run=run, result=result, data=data)
            timings["write"] = time.perf_counter() - lap
            timings["total"] = time.perf_counter() - started
            run.status = Status.SUCCEEDED
            run.progress = 100
            run.finished_at = timezone.now()
            run.evidence_count = data.evidence_count
            run.mention_count = result.mention_count
            run.respondent_count = result.respondent_count
            run.influencer_count = result.influencer_count
            run.saturation = _summarise_saturation(sat)
            run.timings = timings
            run.save()
            publish_run(run=run)
        logger.info(
            "Ranking run %s of study %s succeeded: %s mentions, %s influencers, %.2f s",
            run_id,
            run.study_id,
            run.mention_count,
            run.influencer_count,
            timings["total"],
        )
    except Exception as exc:
        logger.exception("Ranking run %s of study %s failed", run_id, run.study_id)
        timings["total"] = time.perf_counter() - started
        _mark_failed(run, error=f"{type(exc).__name__}: {exc}", timings=timings)
    if progress is not None and run.status == Status.SUCCEEDED:
        progress(100)
    return run


def _mark_failed(run: RankingRun, *, error: str, timings: dict) -> None:
    run.status = Status.FAILED
    run.finished_at = timezone.now()
    run.error = error
    run.timings = timings
    run.save(update_fields=["status", "finished_at", "error", "timings", "parameters"])


def publish_run(*, run: RankingRun) -> bool:
    """Make a succeeded run the study's published ranking, unless a newer one already is.

    Only succeeded runs are published, so a failed run never replaces the published one.
    Returns whether the study now publishes `run`.
    """
    if run.status != Status.SUCCEEDED:
        return False
    with transaction.atomic():
        study = Study.objects.select_for_update().get(pk=run.study_id)
        if study.published_run_id is not None and study.published_run_id > run.pk:
            return False
        study.published_run = run
        study.save(update_fields=["published_run"])
        # Listeners (webhooks, engagement) hear of it only once it is really published.
        transaction.on_commit(lambda: run_published.send(sender=RankingRun, run=run))
    run.study.published_run = run
    return True
