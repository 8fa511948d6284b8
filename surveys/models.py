"""Questionnaires answered on a public link, and imports of survey tools' exports."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from identification.models import Client, DecisionStage, Evidence, Study
from identification.models.constraints import in_range, one_of
from surveys.imports.mapping import Mapping, MappingError

# A survey form offers between these many name fields per stage (services.create_survey).
NAMES_PER_STAGE = (1, 10)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Survey(models.Model):
    """A questionnaire for a study, served without log-in on an unguessable link."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    is_open = models.BooleanField(default=True)
    names_per_stage = models.PositiveSmallIntegerField(
        default=3, help_text="How many names a respondent may give at each stage (1–10)."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            in_range("survey", "names_per_stage", low=NAMES_PER_STAGE[0], high=NAMES_PER_STAGE[1])
        ]

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(models.Model):
    """The question asked at one decision stage: who or what most influenced you there?"""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    stage = models.ForeignKey(DecisionStage, on_delete=models.CASCADE, related_name="+")
    prompt = models.CharField(max_length=300)

    class Meta:
        ordering = ["survey", "stage__order"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "stage"], name="survey_question_unique")
        ]

    def __str__(self) -> str:
        return self.prompt

    def clean(self) -> None:
        # The admin offers every stage: a question asks about a stage of the survey's study.
        if self.survey_id and self.stage_id and self.stage.study_id != self.survey.study_id:
            raise ValidationError({"stage": "Choose a decision stage of the survey's study."})


class SurveyResponse(models.Model):
    """One submission of the public form; its answers live on the evidence it created."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    evidence = models.OneToOneField(
        Evidence, on_delete=models.CASCADE, related_name="survey_response"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["survey", "submitted_at"])]

    def __str__(self) -> str:
        return f"Response #{self.pk} to {self.survey}"


def validate_mapping_document(value) -> None:
    """A saved mapping is a document that Mapping.from_document accepts (MAPPING.md)."""
    try:
        Mapping.from_document(value)
    except MappingError as exc:
        raise ValidationError(exc.messages) from exc


class SavedMapping(models.Model):
    """A reusable import mapping (the JSON document of MAPPING.md), kept per client."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="import_mappings")
    name = models.CharField(max_length=200)
    document = models.JSONField(validators=[validate_mapping_document])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["client", "name"], name="saved_mapping_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    DRAFT = "draft", "Being mapped"
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Imported"
    FAILED = "failed", "Failed"


class ImportJob(models.Model):
    """One uploaded file on its way into a study: mapping, preview, then the import itself.

    The file is kept in the database so a worker on another machine can read it.
    """

    # Module-level so that Meta (which cannot see the class body) can constrain it.
    Status = ImportStatus

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    size = models.PositiveBigIntegerField(default=0)
    row_count = models.PositiveIntegerField(default=0)
    columns = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    decisions = models.JSONField(
        default=dict, blank=True, help_text="Near matches settled in the preview: name → choice."
    )
    preview = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    timings = models.JSONField(default=dict, blank=True)
    # The Celery task running the import; a redelivery of that task after its worker was lost
    # may take the job over (the import rolled back with the lost connection).
    task_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            one_of("import_job", "status", ImportStatus),
            in_range("import_job", "progress", high=100),
        ]

    def __str__(self) -> str:
        return f"Import of {self.filename} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
