"""Import jobs: an uploaded file kept while the analyst maps and previews it, then imported
in the request or, for large files, by a Celery task that leaves progress on the record."""

import json
import logging
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone

from identification.models import Client, Study
from identification.services.claims import claim_for_task
from identification.text import strip_bidi_controls
from surveys.imports.guess import guess_mapping
from surveys.imports.mapping import Mapping, MappingError
from surveys.imports.reading import ImportFileError, read_export
from surveys.imports.report import ImportReport
from surveys.models import ImportJob, SavedMapping
from surveys.services.imports.run import import_file

logger = logging.getLogger(__name__)


def parse_mapping_json(raw: bytes | str) -> Mapping:
    """A Mapping from the text of a mapping JSON file, or MappingError."""
    try:
        doc = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MappingError([f"The mapping file is not valid JSON ({exc})."]) from exc
    return Mapping.from_document(doc)


def create_import_job(
    *,
    study: Study,
    user,
    filename: str,
    content: bytes,
    layout: str | None = None,
    mapping: Mapping | None = None,
) -> ImportJob:
    """Keep an uploaded file for mapping and preview; refuse it at once if it cannot be read.

    Raises ValidationError with the reason (size, empty, encoding, not a table).
    """
    try:
        table = read_export(
            content=content, filename=filename, max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES
        )
    except ImportFileError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    frame = table.frame
    columns = list(frame.columns)
    if mapping is None:
        stages = study.stages.values_list("name", flat=True)
        mapping = guess_mapping(columns, layout=layout, stages=stages, export=table.export)
    elif layout:
        mapping.layout = layout
    return ImportJob.objects.create(
        study=study,
        created_by=user,
        # The name is shown on every page of the import: it must not reorder them.
        filename=strip_bidi_controls(filename)[:255],
        content=content,
        size=len(content),
        row_count=len(frame),
        columns=columns,
        mapping=mapping.to_document(),
    )


def set_job_mapping(*, job: ImportJob, mapping: Mapping) -> ImportJob:
    """Replace a draft job's mapping; its preview is stale from now on."""
    if job.status != ImportJob.Status.DRAFT:
        raise ValidationError("This file has already been imported.")
    job.mapping = mapping.to_document()
    job.preview = {}
    job.save(update_fields=["mapping", "preview"])
    return job


def _import_file_of(job: ImportJob, **options) -> ImportReport:
    return import_file(
        study=job.study,
        content=bytes(job.content),
        filename=job.filename,
        mapping=job.mapping,
        **options,
    )


def preview_job(*, job: ImportJob) -> ImportReport:
    """Dry run: what the import would create and every problem, stored on the job."""
    report = _import_file_of(job, dry_run=True, decisions=job.decisions)
    job.preview = report.as_dict()
    job.save(update_fields=["preview"])
    return report


def start_job(*, job: ImportJob, user, decisions: dict | None = None) -> ImportJob:
    """Import a previewed job: at once for small files, on a worker above
    IMPORT_BACKGROUND_ROWS rows (with eager tasks that is at once too)."""
    from surveys.tasks import run_import_job  # the task module imports this one

    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportJob.Status.DRAFT:
            raise ValidationError("This file is already being imported or was imported.")
        job.decisions = decisions or {}
        job.status = ImportJob.Status.QUEUED
        job.created_by = job.created_by or user
        job.save(update_fields=["decisions", "status", "created_by"])
    if job.row_count > settings.IMPORT_BACKGROUND_ROWS:
        transaction.on_commit(lambda: run_import_job.delay(job_id=job.pk, study_id=job.study_id))
        return job
    return execute_job(job_id=job.pk)


class _JobProgress:
    """Writes a job's progress where the page polling it can see it.

    Inside the import's transaction an ordinary update would stay invisible until the end,
    so on PostgreSQL it goes through a second connection; SQLite would lock, so there the
    bar moves only between phases.
    """

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.last = -1
        self.side = None

    def __call__(self, percent: int) -> None:
        percent = max(0, min(100, int(percent)))
        if percent - self.last < 5 and percent != 100:
            return
        self.last = percent
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job_id).update(progress=percent)
        elif connection.vendor == "postgresql":
            if self.side is None:
                self.side = connections.create_connection("default")
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {ImportJob._meta.db_table} SET progress = %s WHERE id = %s",
                    [percent, self.job_id],
                )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def _claim(job_id: int, task_id: str) -> bool:
    """Move a queued job to running; a running one only for the task that started it.

    That task comes again when its worker was lost mid-import; the import's transaction died
    with the worker's connection, so it starts over (see `claim_for_task`).
    """
    claimed = claim_for_task(
        ImportJob.objects.filter(pk=job_id),
        task_id=task_id,
        queued=ImportJob.Status.QUEUED,
        running=ImportJob.Status.RUNNING,
        started_at=timezone.now(),
        progress=1,
    )
    if claimed == "resumed":
        logger.warning("Import job %s restarts: its worker was lost mid-import", job_id)
    return claimed is not None


def execute_job(*, job_id: int, task_id: str = "") -> ImportJob:
    """Run a queued import job, recording status, progress, timings, result and error."""
    claimed = _claim(job_id, task_id)
    job = ImportJob.objects.select_related("study__client").get(pk=job_id)
    if not claimed:
        return job  # another worker has it, or it already ran
    progress = _JobProgress(job_id)
    started = time.perf_counter()
    try:
        report = _import_file_of(
            job, user=job.created_by, decisions=job.decisions, progress=progress
        )
    except Exception as exc:
        logger.exception("Import job %s failed", job_id)
        job.status, job.error = ImportJob.Status.FAILED, f"{type(exc).__name__}: {exc}"
    else:
        job.result = report.as_dict()
        job.timings = report.timings
        if report.ok:
            job.status = ImportJob.Status.SUCCEEDED
        else:
            job.status = ImportJob.Status.FAILED
            job.error = "The file has problems; nothing was imported."
    finally:
        progress.close()
    job.progress = 100
    job.finished_at = timezone.now()
    job.timings = {**job.timings, "job": round(time.perf_counter() - started, 3)}
    job.save(update_fields=["status", "error", "result", "timings", "progress", "finished_at"])
    return job


def save_mapping(*, client: Client, name: str, mapping: Mapping, user) -> SavedMapping:
    """Keep a mapping under a name for the client's next imports (same name: replaced)."""
    name = " ".join((name or "").split())
    limit = SavedMapping._meta.get_field("name").max_length
    if not name:
        raise ValidationError({"name": "Give the mapping a name."})
    if len(name) > limit:
        # Cut, it could silently replace another mapping whose name starts the same.
        raise ValidationError({"name": f"A name has at most {limit} characters."})
    saved, _ = SavedMapping.objects.update_or_create(
        client=client,
        name=name,
        defaults={"document": mapping.to_document(), "created_by": user},
    )
    return saved


def delete_mapping(*, mapping: SavedMapping) -> None:
    """Forget a saved mapping; imports made with it are unaffected."""
    mapping.delete()
