"""The Celery app; tasks run eagerly in-process when no broker is configured."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "influencer50.settings")

app = Celery("influencer50")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Each task's log fields and metrics, in every process that runs tasks.
import influencer50.monitoring.task_signals  # noqa: E402,F401
