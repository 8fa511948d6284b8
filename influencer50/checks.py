"""System checks of the project itself: the front-end packages, where pages are served."""

import sys

from django.conf import settings
from django.core.checks import Tags, Warning, register

# The commands that serve pages or collect their files, the only ones the front-end packages
# matter to. Django runs every check before almost every command and cannot tell them apart,
# so the check asks which command this process runs (`manage.py COMMAND`, as Django reads it).
BROWSER_COMMANDS = frozenset({"check", "runserver", "collectstatic", "findstatic", "testserver"})


def browser_command(argv: list[str] | None = None) -> bool:
    """Whether this process serves the pages or collects their files (or checks the set-up)."""
    argv = sys.argv if argv is None else argv
    return len(argv) > 1 and argv[1] in BROWSER_COMMANDS


@register(Tags.staticfiles)
def frontend_packages(app_configs=None, **kwargs):
    """The npm packages the pages load (Bootstrap, htmx) are installed."""
    if not browser_command():
        return []
    missing = [str(path) for path in settings.FRONTEND_PACKAGES.values() if not path.is_dir()]
    if not missing:
        return []
    return [
        Warning(
            "The front-end packages are not installed, so pages will have no styles or "
            f"scripts (missing: {', '.join(missing)}).",
            hint="Run `npm ci` (make run and make test do). Commands that serve no pages do "
            "not need them.",
            id="influencer50.W001",
        )
    ]
