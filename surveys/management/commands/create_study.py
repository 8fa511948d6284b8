"""`manage.py create_study CLIENT STUDY`: print the study's slug, creating what is missing."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from identification.models import Client, Study
from identification.services.setup import create_client, create_study


class Command(BaseCommand):
    help = "Create a study (and its client when new) and print the study's slug."

    def add_arguments(self, parser):
        parser.add_argument("client", help="Client name (or slug of an existing client).")
        parser.add_argument("study", help="Study name.")

    def handle(self, *args, client, study, **options):
        try:
            self._create(client, study)
        except ValidationError as exc:
            problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            raise CommandError(f"Nothing was created: {problems}") from exc

    @transaction.atomic
    def _create(self, client: str, study: str) -> None:
        found = (
            Client.objects.filter(name=client).first() or Client.objects.filter(slug=client).first()
        )
        if found is None:
            found = create_client(name=client)
            self.stderr.write(f"Created client {found.name!r}.")
        existing = Study.objects.filter(client=found, name=study).first()
        if existing is not None:
            self.stderr.write(f"Study {study!r} already exists; its slug is printed.")
            self.stdout.write(existing.slug)
            return
        created = create_study(client=found, name=study)
        self.stdout.write(created.slug)
