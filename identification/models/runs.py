"""Ranking runs: immutable snapshots of a study's ranking at one moment."""

from django.conf import settings
from django.db import models

from identification.models.choices import Mode, NetDirection
from identification.models.constraints import in_range, one_of
from identification.models.registry import Influencer
from identification.models.studies import Study


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class RunTrigger(models.TextChoices):
    MANUAL = "manual", "Button on the study page"
    AUTO = "auto", "Evidence changed"
    COMMAND = "command", "Command line"
    API = "api", "REST API"


class RankingRun(models.Model):
    """One computation of a study's ranking, with its parameters, status, timings and error."""

    # Module-level so that Meta (which cannot see the class body) can constrain them.
    Status = RunStatus
    Trigger = RunTrigger

    ACTIVE_STATUSES = (Status.QUEUED, Status.RUNNING)

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    trigger = models.CharField(max_length=20, choices=Trigger.choices, default=Trigger.MANUAL)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    progress = models.PositiveSmallIntegerField(default=0)
    parameters = models.JSONField(default=dict, blank=True)
    evidence_count = models.PositiveIntegerField(default=0)
    mention_count = models.PositiveIntegerField(default=0)
    respondent_count = models.PositiveIntegerField(default=0)
    influencer_count = models.PositiveIntegerField(default=0)
    # The study's evidence_changes when this run read the evidence.
    evidence_changes = models.PositiveBigIntegerField(default=0)
    saturation = models.JSONField(default=dict, blank=True)
    timings = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    # The Celery task computing the run: if its worker is lost, the broker delivers the same task
    # again, and only that task may take the run over (a duplicate message may not).
    task_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["study", "status"])]
        constraints = [
            one_of("ranking_run", "status", RunStatus),
            one_of("ranking_run", "trigger", RunTrigger),
            in_range("ranking_run", "progress", high=100),
        ]

    def __str__(self) -> str:
        return f"Run #{self.pk} of {self.study} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES


class RankingEntry(models.Model):
    """One influencer's place in a run, with the figures that explain it."""

    run = models.ForeignKey(RankingRun, on_delete=models.CASCADE, related_name="entries")
    influencer = models.ForeignKey(
        Influencer, null=True, on_delete=models.SET_NULL, related_name="ranking_entries"
    )
    # Kept so the snapshot still reads right after a rename, merge or deletion.
    influencer_name = models.CharField(max_length=200)
    rank = models.PositiveIntegerField()
    score = models.FloatField()
    weighted_mentions = models.FloatField(default=0)
    mention_count = models.PositiveIntegerField(default=0)
    reach_respondents = models.PositiveIntegerField(default=0)
    reach_organizations = models.PositiveIntegerField(default=0)
    stage_scores = models.JSONField(default=dict)
    channel_profile = models.JSONField(default=dict)
    online_share = models.FloatField(default=0)
    mode = models.CharField(max_length=10, choices=Mode.choices)
    direction_score = models.FloatField(default=0)
    direction = models.CharField(max_length=10, choices=NetDirection.choices)
    rank_low = models.PositiveIntegerField()
    rank_high = models.PositiveIntegerField()
    top_n_share = models.FloatField(default=0)
    explanation = models.JSONField(default=dict)

    class Meta:
        ordering = ["run", "rank"]
        verbose_name_plural = "ranking entries"
        constraints = [
            models.UniqueConstraint(fields=["run", "rank"], name="entry_unique_rank"),
            one_of("ranking_entry", "mode", Mode),
            one_of("ranking_entry", "direction", NetDirection),
            in_range("ranking_entry", "rank", low=1),
            in_range("ranking_entry", "rank_low", low=1),
            models.CheckConstraint(
                condition=models.Q(rank_low__lte=models.F("rank_high")),
                name="ranking_entry_interval_range",
                violation_error_message="The rank interval must run from low to high.",
            ),
            # Shares of a total; the direction score is a weighted mean of -1, 0 and +1.
            in_range("ranking_entry", "score", low=0, high=1),
            in_range("ranking_entry", "online_share", low=0, high=1),
            in_range("ranking_entry", "top_n_share", low=0, high=1),
            in_range("ranking_entry", "direction_score", low=-1, high=1),
            in_range("ranking_entry", "weighted_mentions", low=0, finite=True),
        ]
        indexes = [models.Index(fields=["influencer"])]

    def __str__(self) -> str:
        return f"#{self.rank} {self.influencer_name}"
