"""python manage.py seed_demo: the Northwind Software demo, with its log-ins printed."""

from django.core.management.base import BaseCommand

from identification.demo.seed import seed
from identification.models import Mention
from identification.templatetags.counting import counted


class Command(BaseCommand):
    help = "Create the demo client, study, users and evidence (once), and rank the study."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-ranking", action="store_true", help="Do not compute the ranking afterwards."
        )

    def handle(self, *args, **options):
        seeded = seed(compute=not options["no_ranking"])
        study = seeded.study
        self.stdout.write(f"Demo client: {seeded.client.name}; study: {study.name} ({study.slug})")
        self.stdout.write(
            f"  {counted(study.evidence.count(), 'interview')}, "
            f"{counted(Mention.objects.filter(evidence__study=study).count(), 'mention')}"
        )
        if seeded.run is not None:
            self.stdout.write(
                f"  Published ranking: run #{seeded.run.pk} ({seeded.run.get_status_display()})"
                + (f": {seeded.run.error}" if seeded.run.error else "")
            )
        self.stdout.write("Log-ins (username / password / role):")
        for username, password, role in seeded.logins:
            self.stdout.write(f"  {username:<12} {password:<20} {role}")
