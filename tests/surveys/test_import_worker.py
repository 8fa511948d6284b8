"""A large import uploaded in the browser is carried out by a real Celery worker over Redis."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from identification.models import Evidence
from surveys.models import ImportJob
from tests.surveys.helpers import read

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_a_large_import_is_run_by_the_worker_and_reports_progress(
    tenant, analyst, worker, settings
):
    settings.IMPORT_BACKGROUND_ROWS = 2
    study = tenant.study
    analyst.post(
        reverse("surveys:import_index", args=[study.slug]),
        {"file": SimpleUploadedFile("long.csv", read("long.csv"))},
    )
    job = ImportJob.objects.get()
    response = analyst.post(reverse("surveys:import_preview", args=[study.slug, job.pk]), {})
    assert response.status_code == 302

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status not in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING):
            break
        time.sleep(0.2)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    assert job.progress == 100
    assert Evidence.objects.filter(study=study).count() == job.result["created"]["evidence"] == 3
