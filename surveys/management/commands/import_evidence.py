"""`manage.py import_evidence --study SLUG FILE [--layout] [--mapping] [--dry-run]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from identification.models import Study
from surveys.imports.mapping import LAYOUTS, MappingError
from surveys.services.import_jobs import parse_mapping_json
from surveys.services.imports.run import import_file


class Command(BaseCommand):
    help = (
        "Import survey results (CSV or XLSX) into a study, all or nothing. Near matches "
        "become provisional influencers in the review queue. Exits non-zero on any problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--study", required=True, help="The study's slug.")
        parser.add_argument("--layout", choices=LAYOUTS)
        parser.add_argument("--mapping", type=Path, help="A mapping JSON file (MAPPING.md).")
        parser.add_argument("--dry-run", action="store_true", help="Check and report only.")

    def handle(self, *args, file: Path, study: str, layout, mapping, dry_run, **options):
        target = Study.objects.select_related("client").filter(slug=study).first()
        if target is None:
            raise CommandError(f"No study with slug {study!r}.")
        if not file.is_file():
            raise CommandError(f"No file at {file}.")
        parsed = None
        if mapping is not None:
            try:
                parsed = parse_mapping_json(mapping.read_bytes())
            except (OSError, MappingError) as exc:
                raise CommandError(f"Mapping {mapping}: {exc}") from exc
        # No size limit here: the browser's limit sends people with large files to this command.
        report = import_file(
            study=target,
            content=file.read_bytes(),
            filename=file.name,
            mapping=parsed,
            layout=layout,
            dry_run=dry_run,
        )
        for line in report.summary_lines():
            self.stdout.write(line)
        # Warnings do not stop the import, so they go with the report, not to stderr.
        for line in report.warning_lines():
            self.stdout.write(self.style.WARNING(line))
        if not report.ok:
            for line in report.problem_lines():
                self.stderr.write(line)
            raise CommandError(f"{report.problem_count} problem(s); nothing was imported.")
        if report.timings:
            self.stdout.write(
                "Timings (s): " + ", ".join(f"{k} {v}" for k, v in report.timings.items())
            )
        self.stdout.write(self.style.SUCCESS("Dry run: nothing written." if dry_run else "Done."))
