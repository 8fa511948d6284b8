"""A market investigation and its configuration."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from identification.models.choices import (
    DEFAULT_ROLE_WEIGHTS,
    DEFAULT_STRENGTH_WEIGHTS,
    BuyingRole,
    Strength,
)
from identification.models.constraints import in_range, json_weights
from identification.models.tenancy import Client
from identification.models.validators import validate_role_weights, validate_strength_weights
from identification.ranking.params import DEFAULT_DAMPING
from identification.text import refuse_bidi_controls

# Above this the ranking is nearly all second-hand influence, and the power iteration
# needs more steps than the engine allows (0.95 takes about 450 for its tolerance).
MAX_DAMPING = 0.95


def default_strength_weights() -> dict:
    return dict(DEFAULT_STRENGTH_WEIGHTS)


def default_role_weights() -> dict:
    return dict(DEFAULT_ROLE_WEIGHTS)


class Study(models.Model):
    """One market investigation for a client, e.g. 'UK mid-market HR software, 2026 H2'."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="studies")
    name = models.CharField(max_length=200, validators=[refuse_bidi_controls])
    slug = models.SlugField(max_length=120, unique=True)
    sector = models.CharField(max_length=200, blank=True)
    region = models.CharField(max_length=200, blank=True)
    period = models.CharField(max_length=100, blank=True, help_text="e.g. 2026 H2")
    recency_half_life_days = models.PositiveIntegerField(
        default=365, validators=[MinValueValidator(1)]
    )
    strength_weights = models.JSONField(
        default=default_strength_weights, validators=[validate_strength_weights]
    )
    role_weights = models.JSONField(
        default=default_role_weights, validators=[validate_role_weights]
    )
    weight_by_deal_size = models.BooleanField(default=False)
    damping = models.FloatField(
        "weight of second-hand influence",
        default=DEFAULT_DAMPING,
        validators=[MinValueValidator(0.0), MaxValueValidator(MAX_DAMPING)],
        help_text=(
            "How much influence that reaches someone through the people they influence counts, "
            "against being named directly: 0 counts direct mentions only."
        ),
    )
    published_run = models.ForeignKey(
        "identification.RankingRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The latest succeeded ranking run; a failed run never replaces it.",
    )
    # Counts every change to the evidence a ranking reads (services.runs.note_evidence_change);
    # a run keeps the count it saw, so the page can say how far the published one lags.
    evidence_changes = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["client__name", "name"]
        verbose_name_plural = "studies"
        constraints = [
            models.UniqueConstraint(fields=["client", "name"], name="study_unique_client_name"),
            in_range("study", "recency_half_life_days", low=1),
            json_weights("study", "strength_weights", Strength, required=True),
            json_weights("study", "role_weights", BuyingRole, required=False),
            in_range("study", "damping", low=0.0, high=MAX_DAMPING),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # The admin can type any run's id: a study publishes only its own succeeded runs.
        from identification.models.runs import RunStatus  # runs imports this module

        run = self.published_run
        if run is not None and (run.study_id != self.pk or run.status != RunStatus.SUCCEEDED):
            raise ValidationError(
                {"published_run": "Choose a succeeded ranking run of this study."}
            )


class DecisionStage(models.Model):
    """A step of the buyer's journey, weighted per study."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100, validators=[refuse_bidi_controls])
    weight = models.FloatField(default=1.0, validators=[MinValueValidator(0.0)])

    class Meta:
        ordering = ["study", "order"]
        constraints = [
            models.UniqueConstraint(fields=["study", "order"], name="stage_unique_order"),
            models.UniqueConstraint(fields=["study", "name"], name="stage_unique_name"),
            in_range("decision_stage", "weight", low=0, finite=True),
            in_range("decision_stage", "order", low=1),
        ]

    def __str__(self) -> str:
        return self.name
