"""python manage.py rank_study SLUG: compute a study's ranking here and now, no broker needed."""

from django.core.management.base import BaseCommand, CommandError

from identification.models import RankingRun, Study
from identification.services.runs import compute_now
from identification.templatetags.counting import counted


class Command(BaseCommand):
    help = "Compute a study's ranking in this process and print a summary and the top 10."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The study's slug (see the study page's address).")
        parser.add_argument("--top", type=int, default=10, help="How many entries to print.")

    def handle(self, *args, slug, top, **options):
        study = Study.objects.filter(slug=slug).select_related("client").first()
        if study is None:
            raise CommandError(f"No study has the slug {slug!r}.")
        self.stdout.write(f"Ranking {study.name} ({study.client.name})…")
        run = compute_now(study=study)
        if run.status != RankingRun.Status.SUCCEEDED:
            raise CommandError(f"Run #{run.pk} failed: {run.error}")
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
        self.stdout.write(f"{'rank':>4}  {'name':<32} {'score':>7}  {'interval':<9} mode")
        for entry in run.entries.order_by("rank")[:top]:
            self.stdout.write(
                f"{entry.rank:>4}  {entry.influencer_name[:32]:<32} {entry.score:>7.1%}  "
                f"{f'{entry.rank_low}-{entry.rank_high}':<9} {entry.mode}"
            )
