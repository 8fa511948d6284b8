"""Reads of the surveys app, each scoped to a study or client given explicitly."""

from collections import defaultdict

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate

from identification.models import Category, Client, Evidence, Mention, NonPersonInfluence, Study
from identification.models.choices import NonPersonSource
from surveys.imports.reading import Table, read_export
from surveys.imports.vocabulary import CHOICES
from surveys.models import ImportJob, SavedMapping, Survey, SurveyQuestion


def surveys_for_study(*, study: Study) -> QuerySet[Survey]:
    return Survey.objects.filter(study=study).annotate(response_count=Count("responses"))


def survey_questions(*, survey: Survey) -> list[SurveyQuestion]:
    return list(survey.questions.select_related("stage").order_by("stage__order"))


def open_survey_by_token(*, token: str) -> Survey | None:
    """The survey behind a public link (open or closed), or None."""
    return Survey.objects.select_related("study__client").filter(token=token).first()


def categories_for(*, client: Client) -> list[Category]:
    return list(Category.objects.filter(client=client).order_by("order", "name"))


def _respondents_per_stage(rows: QuerySet, field: str, labels=None) -> dict[int, list[dict]]:
    """stage id → each value of `field` with how many respondents gave it, most first."""
    by_stage = defaultdict(list)
    for row in (
        rows.values("stage_id", field)
        .annotate(respondents=Count("evidence", distinct=True))
        .order_by("-respondents", field)
    ):
        name = row[field]
        by_stage[row["stage_id"]].append(
            {"name": labels.get(name, name) if labels else name, "respondents": row["respondents"]}
        )
    return by_stage


def survey_results(*, survey: Survey) -> dict:
    """Response count over time; per stage, the share of respondents naming each category and
    each non-person influence; the share naming someone the client already engages."""
    evidence = Evidence.objects.filter(survey_response__survey=survey)
    total = evidence.count()
    by_day = list(
        survey.responses.annotate(day=TruncDate("submitted_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    running = 0
    for row in by_day:
        running += row["n"]
        row["cumulative"] = running
    peak = max((r["n"] for r in by_day), default=0)
    categories = _respondents_per_stage(
        Mention.objects.filter(evidence__in=evidence), "influencer__category__name"
    )
    sources = _respondents_per_stage(
        NonPersonInfluence.objects.filter(evidence__in=evidence),
        "source",
        labels=dict(NonPersonSource.choices),
    )
    # Until the engagement module exists, "engaged" is the registry's known-to-client flag.
    engaged = evidence.filter(mentions__influencer__known_to_client=True).distinct().count()

    def share(n):
        return n / total if total else 0.0

    stages = []
    for q in survey_questions(survey=survey):
        stages.append(
            {
                "stage": q.stage,
                "prompt": q.prompt,
                "categories": [
                    {**c, "share": share(c["respondents"])} for c in categories[q.stage_id]
                ],
                "sources": [{**s, "share": share(s["respondents"])} for s in sources[q.stage_id]],
            }
        )
    return {
        "total": total,
        "by_day": [{**r, "width": 100 * r["n"] / peak if peak else 0} for r in by_day],
        "stages": stages,
        "engaged": engaged,
        "engaged_share": share(engaged),
    }


def import_jobs_for_study(*, study: Study) -> QuerySet[ImportJob]:
    return (
        ImportJob.objects.filter(study=study)
        .defer("content", "preview", "result")
        .select_related("created_by")
    )


def saved_mappings(*, client: Client) -> QuerySet[SavedMapping]:
    return SavedMapping.objects.filter(client=client)


def job_table(*, job: ImportJob) -> Table:
    """The job's file, read as its survey tool laid it out (it was readable when uploaded)."""
    return read_export(content=bytes(job.content), filename=job.filename, max_bytes=job.size + 1)


def our_names(*, study: Study) -> dict[str, list[str]]:
    """For each mappable field, the names a file value may be mapped to."""
    names = {
        "stage": list(study.stages.values_list("name", flat=True)),
        "category": list(study.client.categories.values_list("name", flat=True)),
    }
    for field, choices in CHOICES.items():
        names[field] = [str(label) for _, label in choices.choices]
    return names
