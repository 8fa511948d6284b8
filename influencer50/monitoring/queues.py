"""The Celery queues the app's tasks are sent to (routes in settings, plus the default queue)."""

from django.conf import settings


def task_queues() -> list[str]:
    """Every queue some task goes to; each needs at least one worker consuming it."""
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    return sorted(routed | {settings.CELERY_TASK_DEFAULT_QUEUE})


def broker_configured() -> bool:
    """Tasks go through a broker to workers (False: they run eagerly in the web process)."""
    return not settings.CELERY_TASK_ALWAYS_EAGER
