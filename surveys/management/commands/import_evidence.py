"""`manage.py import_evidence --study SLUG FILE [--layout] [--mapping] [--dry-run] [--no-rank]`."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from identification.models import RankingRun, Study
from identification.templatetags.counting import counted
from surveys.imports.mapping import LAYOUTS, MappingError
from surveys.imports.report import ImportReport
from surveys.services.import_jobs import parse_mapping_json
from surveys.services.imports.run import import_file


def _why_no_ranking(report: ImportReport, *, no_rank: bool) -> str:
    if no_rank:
        return "--no-rank"
    if not report.created.get("evidence"):
        return "nothing new was imported"
    # Without a broker the run would be computed inside the import (services/runs.py).
    return (
        "no broker, and the study has more than "
        f"{counted(settings.RANKING_INLINE_MAX_MENTIONS, 'mention')} to rank inside an import"
    )


class Command(BaseCommand):
    help = (
        "Import survey results (CSV or XLSX) into a study, all or nothing, and ask for a new "
        "ranking. Near matches become provisional influencers in the review queue. Problems "
        "are listed once per kind and value, with example rows (-v 2 lists every row). "
        "Exit status: 0 imported (or checked, with --dry-run), 1 problems (nothing imported), "
        "2 wrong arguments."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--study", required=True, help="The study's slug.")
        parser.add_argument("--layout", choices=LAYOUTS)
        parser.add_argument("--mapping", type=Path, help="A mapping JSON file (MAPPING.md).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and print the preview's counts only."
        )
        parser.add_argument(
            "--no-rank",
            action="store_true",
            help="Do not ask for a new ranking after the import (run rank_study later).",
        )

    def handle(self, *args, file: Path, study: str, layout, mapping, dry_run, no_rank, **options):
        target = Study.objects.select_related("client").filter(slug=study).first()
        if target is None:
            raise CommandError(f"No study with slug {study!r}.")
        if not file.is_file():
            raise CommandError(f"No file at {file}.")
        # No size limit here: the browser's limit sends people with large files to this command.
        report = import_file(
            study=target,
            content=file.read_bytes(),
            filename=file.name,
            mapping=self._mapping(mapping),
            layout=layout,
            dry_run=dry_run,
            request_ranking=not no_rank,
        )
        for line in report.summary_lines():
            self.stdout.write(line)
        # Warnings do not stop the import, so they go with the report, not to stderr.
        for line in report.warning_lines():
            self.stdout.write(self.style.WARNING(line))
        if not report.ok:
            self._problems(report, every_row=options["verbosity"] > 1)
        if report.timings:
            self.stdout.write(
                "Timings (s): " + ", ".join(f"{k} {v}" for k, v in report.timings.items())
            )
        if dry_run:
            self.stdout.write(self.style.SUCCESS("Dry run: nothing written, no ranking asked for."))
            return
        self.stdout.write(self.style.SUCCESS("Done."))
        self._ranking(report, target, no_rank=no_rank)

    @staticmethod
    def _mapping(path: Path | None):
        if path is None:
            return None
        try:
            return parse_mapping_json(path.read_bytes())
        except (OSError, MappingError) as exc:
            raise CommandError(f"Mapping {path}: {exc}") from exc

    def _problems(self, report: ImportReport, *, every_row: bool):
        """Each kind of problem once (and with -v 2 every row), then fail."""
        self.stderr.write(
            f"{report.problem_count:,} problem{'s' if report.problem_count != 1 else ''} "
            f"(rows are numbered as in the file, header rows included):"
        )
        for line in report.problem_group_lines():
            self.stderr.write(line)
        if every_row:
            self.stderr.write("Row by row:")
            for line in report.problem_lines():
                self.stderr.write(f"  {line}")
        raise CommandError(f"{report.problem_count:,} problem(s); nothing was imported.")

    def _ranking(self, report: ImportReport, study: Study, *, no_rank: bool):
        """Say which ranking run the import asked for, and where it stands."""
        follow = f"manage.py rank_study {study.slug}"
        if report.ranking_run is None:
            why = _why_no_ranking(report, no_rank=no_rank)
            self.stdout.write(f"No ranking asked for ({why}); `{follow}` ranks the study.")
            return
        run = RankingRun.objects.get(pk=report.ranking_run)
        if run.status == RankingRun.Status.SUCCEEDED:
            self.stdout.write(f"Ranking run #{run.pk} computed and published.")
        elif run.status == RankingRun.Status.FAILED:
            # The evidence is in: only the ranking failed, and the published one stays.
            self.stderr.write(
                self.style.WARNING(
                    f"Ranking run #{run.pk} failed ({run.error}); the evidence is imported and "
                    f"the published ranking is unchanged. `{follow}` tries again."
                )
            )
        elif settings.CELERY_TASK_ALWAYS_EAGER:
            self.stdout.write(f"Ranking run #{run.pk} is {run.status}.")
        else:
            self.stdout.write(
                f"Ranking run #{run.pk} is {run.status} on the workers (an automatic run waits "
                f"{settings.RANKING_AUTO_DELAY_SECONDS} s for more changes); "
                f"`{follow} --wait` starts it now and follows it."
            )
