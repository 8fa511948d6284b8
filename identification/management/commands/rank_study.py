"""python manage.py rank_study SLUG [--wait | --no-wait]: rank a study and print a summary.

Without a broker the run is computed in this process; with one (CELERY_BROKER_URL) it is
queued on the workers and, with --wait (the default), followed through its run record.
"""

import argparse
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from identification.models import RankingRun, Study
from identification.services.runs import compute_now, start_run
from identification.templatetags.counting import counted

Status = RankingRun.Status
POLL_SECONDS = 1.0
PROGRESS_SECONDS = 2.0
# A run still queued after this long is probably waiting for a worker that is not running.
QUEUED_HINT_SECONDS = 30
TIMED_OUT = 3  # exit status: still running when --timeout ran out


def pause() -> None:
    """Wait between two looks at the run record."""
    time.sleep(POLL_SECONDS)


class Command(BaseCommand):
    help = (
        "Rank a study and print a summary and the top entries (with their external ids). "
        "Without a broker the run is computed in this process; with one it is queued on the "
        "workers and, with --wait (the default), followed until it ends. Exit status: 0 the "
        "run succeeded (or, with --no-wait, was queued), 1 it failed or the study is unknown, "
        f"2 wrong arguments, {TIMED_OUT} still running when --timeout ran out."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The study's slug (see the study page's address).")
        parser.add_argument("--top", type=int, default=10, help="How many entries to print.")
        parser.add_argument(
            "--wait",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="With a broker: follow the run on the workers until it ends (the default), or "
            "(--no-wait) queue it, or take the one already queued or running, and exit at once "
            "with its number.",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=settings.RANKING_RUN_TIMEOUT_SECONDS,
            help="With --wait: give up waiting after this many seconds (the run goes on).",
        )

    def handle(self, *args, slug, top, wait, timeout, **options):
        study = Study.objects.filter(slug=slug).select_related("client").first()
        if study is None:
            raise CommandError(f"No study has the slug {slug!r}.")
        if settings.CELERY_TASK_ALWAYS_EAGER:
            if not wait:
                self.stderr.write("No broker is configured (CELERY_BROKER_URL): computed here.")
            self.stdout.write(f"Ranking {study.name} ({study.client.name}) in this process…")
            run = compute_now(study=study, progress=self._progress_printer())
        else:
            run = start_run(study=study, trigger=RankingRun.Trigger.COMMAND)
            self.stdout.write(
                f"Run #{run.pk} of {study.name} ({study.client.name}) is {run.status} on the "
                "workers."
            )
            if not wait:
                self.stdout.write(f"Follow it with: manage.py rank_study {slug} --wait")
                return
            run = self._follow(run, slug=slug, timeout=timeout)
        if run.status != Status.SUCCEEDED:
            raise CommandError(f"Run #{run.pk} failed: {run.error}")
        self._summary(run, top=top)

    def _progress_printer(self):
        """Prints the in-process run's progress every PROGRESS_SECONDS (a quick run: never)."""
        last = [time.monotonic()]

        def show(percent: int) -> None:
            now = time.monotonic()
            if now - last[0] >= PROGRESS_SECONDS and percent < 100:
                last[0] = now
                self.stdout.write(f"  {percent}%")

        return show

    def _follow(self, run: RankingRun, *, slug: str, timeout: int) -> RankingRun:
        """Poll the run record until the run ends, printing each change of status or
        progress; CommandError (exit TIMED_OUT) when `timeout` runs out first."""
        started = time.monotonic()
        seen, hinted = None, False
        while True:
            run.refresh_from_db()
            if (run.status, run.progress) != seen:
                seen = (run.status, run.progress)
                done = f" {run.progress}%" if run.status == Status.RUNNING else ""
                self.stdout.write(f"Run #{run.pk}: {run.status}{done}")
            if not run.is_active:
                return run
            waited = time.monotonic() - started
            if run.status == Status.QUEUED and waited >= QUEUED_HINT_SECONDS and not hinted:
                hinted = True
                self.stderr.write(
                    f"Still queued after {QUEUED_HINT_SECONDS} s: is a worker running "
                    "(`make worker`)?"
                )
            if waited >= timeout:
                raise CommandError(
                    f"Run #{run.pk} is still {run.status} after {timeout} s; it goes on on the "
                    f"workers (`manage.py rank_study {slug} --wait` follows it again).",
                    returncode=TIMED_OUT,
                )
            pause()

    def _summary(self, run: RankingRun, *, top: int) -> None:
        timings = run.timings
        self.stdout.write(
            f"Run #{run.pk} succeeded and is published: "
            f"{counted(run.evidence_count, 'interview or response,interviews or responses')}, "
            f"{counted(run.mention_count, 'mention')}, "
            f"{counted(run.respondent_count, 'respondent')}, "
            f"{counted(run.influencer_count, 'influencer')}."
        )
        self.stdout.write(
            "Timings (s): "
            + ", ".join(f"{k} {timings[k]:.2f}" for k in ("load", "engine", "write", "total"))
        )
        sat = run.saturation
        self.stdout.write(
            f"Saturation: {sat.get('verdict')} "
            f"({sat.get('new_in_last_10')} new names in the last 10 interviews)."
        )
        self.stdout.write(
            f"{'rank':>4}  {'name':<32} {'external id':<14} {'score':>7}  {'interval':<9} mode"
        )
        entries = run.entries.select_related("influencer").order_by("rank")[:top]
        for entry in entries:
            external_id = entry.influencer.external_id if entry.influencer else ""
            self.stdout.write(
                f"{entry.rank:>4}  {entry.influencer_name[:32]:<32} {external_id[:14]:<14} "
                f"{entry.score:>7.1%}  {f'{entry.rank_low}-{entry.rank_high}':<9} {entry.mode}"
            )
