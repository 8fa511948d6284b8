"""A market investigation and its configuration."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from identification.models.choices import DEFAULT_ROLE_WEIGHTS, DEFAULT_STRENGTH_WEIGHTS
from identification.models.tenancy import Client
from identification.ranking.params import DEFAULT_DAMPING

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
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    sector = models.CharField(max_length=200, blank=True)
    region = models.CharField(max_length=200, blank=True)
    period = models.CharField(max_length=100, blank=True, help_text="e.g. 2026 H2")
    recency_half_life_days = models.PositiveIntegerField(
        default=365, validators=[MinValueValidator(1)]
    )
    strength_weights = models.JSONField(default=default_strength_weights)
    role_weights = models.JSONField(default=default_role_weights)
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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["client__name", "name"]
        verbose_name_plural = "studies"
        constraints = [
            models.UniqueConstraint(fields=["client", "name"], name="study_unique_client_name"),
            models.CheckConstraint(
                condition=models.Q(damping__gte=0.0, damping__lte=MAX_DAMPING),
                name="study_damping_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DecisionStage(models.Model):
    """A step of the buyer's journey, weighted per study."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    weight = models.FloatField(default=1.0, validators=[MinValueValidator(0.0)])

    class Meta:
        ordering = ["study", "order"]
        constraints = [
            models.UniqueConstraint(fields=["study", "order"], name="stage_unique_order"),
            models.UniqueConstraint(fields=["study", "name"], name="stage_unique_name"),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="stage_weight_gte_0"),
        ]

    def __str__(self) -> str:
        return self.name
