"""Evidence about real buying decisions: interviews and survey responses, and their mentions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from identification.models.buyers import Buyer
from identification.models.choices import (
    Channel,
    Direction,
    EvidenceKind,
    NonPersonSource,
    Strength,
)
from identification.models.constraints import one_of
from identification.models.registry import Influencer
from identification.models.studies import DecisionStage, Study


class Evidence(models.Model):
    """One interview or one survey response: a respondent, a date, who collected it."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    buyer = models.ForeignKey(
        Buyer, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    respondent_influencer = models.ForeignKey(
        Influencer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interviews",
        help_text="An influencer interviewed about who influences them (snowball).",
    )
    collected_on = models.DateField()
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True)
    source_key = models.CharField(
        max_length=300,
        blank=True,
        help_text="Identifies an imported response so that re-importing it creates nothing twice.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-collected_on", "-pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(buyer__isnull=False, respondent_influencer__isnull=True)
                    | models.Q(buyer__isnull=True, respondent_influencer__isnull=False)
                ),
                name="evidence_exactly_one_respondent",
            ),
            models.UniqueConstraint(
                fields=["study", "source_key"],
                condition=~models.Q(source_key=""),
                name="evidence_unique_source_key",
            ),
            one_of("evidence", "kind", EvidenceKind),
        ]
        indexes = [models.Index(fields=["study", "collected_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.collected_on:%Y-%m-%d} #{self.pk}"

    def clean(self) -> None:
        # The admin offers every buyer and influencer: keep the respondent in the study's client.
        if not self.study_id:
            return
        client_id = self.study.client_id
        errors = {}
        if self.buyer_id and self.buyer.client_id != client_id:
            errors["buyer"] = "Choose a buyer of the study's client."
        influencer = self.respondent_influencer
        if influencer is not None and influencer.client_id != client_id:
            errors["respondent_influencer"] = "Choose an influencer of the study's client."
        if errors:
            raise ValidationError(errors)

    @property
    def respondent(self):
        return self.buyer or self.respondent_influencer


class NonPersonInfluence(models.Model):
    """An influence that is not a person (search, vendor website...), shown but never ranked."""

    evidence = models.ForeignKey(
        Evidence, on_delete=models.CASCADE, related_name="non_person_influences"
    )
    stage = models.ForeignKey(DecisionStage, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=30, choices=NonPersonSource.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evidence", "stage", "source"], name="non_person_unique"
            ),
            one_of("non_person_influence", "source", NonPersonSource),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} at {self.stage}"

    def clean(self) -> None:
        if self.evidence_id and self.stage_id and self.stage.study_id != self.evidence.study_id:
            raise ValidationError({"stage": "Choose a decision stage of the evidence's study."})


class Mention(models.Model):
    """The atom of evidence: respondent → influencer at a decision stage."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="mentions")
    influencer = models.ForeignKey(Influencer, on_delete=models.PROTECT, related_name="mentions")
    stage = models.ForeignKey(DecisionStage, on_delete=models.PROTECT, related_name="mentions")
    strength = models.CharField(max_length=20, choices=Strength.choices, default=Strength.NOTABLE)
    direction = models.CharField(
        max_length=20, choices=Direction.choices, default=Direction.NEUTRAL
    )
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.IN_PERSON)
    quote = models.TextField(blank=True)
    # The row's place in the interview as the analyst entered it; rows written together
    # without one (imports, survey answers) keep the order they were created in (pk).
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["evidence", "position", "pk"]
        indexes = [models.Index(fields=["influencer", "evidence"])]
        constraints = [
            one_of("mention", "strength", Strength),
            one_of("mention", "direction", Direction),
            one_of("mention", "channel", Channel),
        ]

    def __str__(self) -> str:
        return f"{self.influencer} at {self.stage} ({self.strength})"

    def clean(self) -> None:
        # The admin offers every influencer and stage: keep a mention inside its study.
        if not self.evidence_id:
            return
        study = self.evidence.study
        errors = {}
        if self.stage_id and self.stage.study_id != study.pk:
            errors["stage"] = "Choose a decision stage of the evidence's study."
        if self.influencer_id and self.influencer.client_id != study.client_id:
            errors["influencer"] = "Choose an influencer of the study's client."
        if errors:
            raise ValidationError(errors)
