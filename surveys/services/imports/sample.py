"""The first rows of an import as they will be written — who named whom, at which stage, and
what each name was matched to — for the preview, before anything is written."""

from django.utils import timezone

from identification import resolution as res
from identification.models import Study
from identification.models.choices import Channel, Direction, NonPersonSource, Strength
from surveys.imports.plan import PlannedRespondent
from surveys.imports.report import SAMPLE_ROWS
from surveys.services.imports.changes import Changes, buyer_key, organization_name
from surveys.services.imports.resolve import entity_key

# How a name of the file is recorded (a badge in the preview).
KNOWN, NEW, REVIEW, SOURCE = "known", "new", "review", "source"
_KNOWN_BY = {
    res.EXTERNAL_ID: "known: same id",
    res.EXACT: "known: same name",
    res.FUZZY: "known: a spelling of this name",
}


def _match(entity, registry: res.Registry) -> tuple[str, str, str]:
    """(badge, the influencer the mention will name, how the name was matched)."""
    if entity.provisional:
        close = ", ".join(f"“{c['name']}”" for c in entity.candidates[:2])
        return REVIEW, entity.name, f"new, to review: close to {close}"
    if entity.same_as is not None:
        main = entity.target()
        return NEW, main.name, f"new: the same person as “{main.name}” in this file"
    if entity.influencer_id is not None:
        how = _KNOWN_BY.get(entity.method, "known: as you chose")
        return KNOWN, registry.names.get(entity.influencer_id, entity.name), how
    return NEW, entity.name, "new to the registry"


def _respondent(r: PlannedRespondent, changes: Changes) -> dict:
    on_file = changes.on_file.get(buyer_key(r.respondent_id))
    return {
        "respondent": r.respondent_id,
        "on_file": on_file is not None,
        "organization": on_file.organization if on_file else organization_name(r),
        "date": (r.date or timezone.localdate()).isoformat(),
    }


def sample_rows(
    *, study: Study, respondents, entities, changes: Changes, registry: res.Registry
) -> list[dict]:
    """The first SAMPLE_ROWS mentions and other influences of the respondents, by row."""
    stages = dict(study.stages.values_list("pk", "name"))
    strengths, directions = dict(Strength.choices), dict(Direction.choices)
    channels, sources = dict(Channel.choices), dict(NonPersonSource.choices)
    rows: list[dict] = []
    for r in respondents:
        if len(rows) >= SAMPLE_ROWS:
            break
        who = _respondent(r, changes)
        for m in r.mentions:
            status, name, how = _match(entities[entity_key(m)], registry)
            rows.append(
                {
                    **who,
                    "row": m.row,
                    "stage": stages.get(m.stage_id, ""),
                    "as_written": m.name,
                    "influencer": name,
                    "status": status,
                    "how": how,
                    "strength": str(strengths.get(m.strength, m.strength)),
                    "direction": str(directions.get(m.direction, m.direction)),
                    "channel": str(channels.get(m.channel, m.channel)),
                    "quote": m.quote,
                }
            )
        for stage_id, source in sorted(r.non_person):
            label = str(sources.get(source, source))
            rows.append(
                {
                    **who,
                    "row": r.row,
                    "stage": stages.get(stage_id, ""),
                    "as_written": label,
                    "influencer": label,
                    "status": SOURCE,
                    "how": "not a person: recorded as an influence, never ranked",
                }
            )
    return sorted(rows, key=lambda x: x["row"])[:SAMPLE_ROWS]
