"""Importing evidence from a mapped file: check every row, resolve names, write all or nothing."""

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from identification import resolution as res
from identification.models import (
    Buyer,
    Evidence,
    Influencer,
    InfluencerAlias,
    Mention,
    NameReview,
    NonPersonInfluence,
    Organization,
    Study,
    normalize_name,
)
from identification.models.choices import EvidenceKind
from identification.services.runs import request_auto_run
from surveys.imports.mapping import Mapping, MappingError, guess_mapping
from surveys.imports.reading import ImportFileError, read_table
from surveys.imports.validation import (
    DEFAULT_ROLE,
    UNKNOWN_ORGANIZATION,
    Plan,
    PlannedRespondent,
    Vocabulary,
    build_plan,
)

SOURCE_PREFIX = "import:"
MAX_LISTED = 500
Progress = Callable[[int], None]


def source_key(respondent_id: str) -> str:
    """The evidence key of an imported respondent: the same respondent id imports once per study."""
    return f"{SOURCE_PREFIX}{respondent_id}"[:300]


@dataclass
class ImportReport:
    """What an import created (or, in a dry run, would create), and every problem found."""

    filename: str = ""
    layout: str = ""
    dry_run: bool = True
    rows: int = 0
    respondents: int = 0
    skipped_respondents: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    problem_count: int = 0
    resolution: dict[str, int] = field(default_factory=lambda: dict.fromkeys(res.METHODS, 0))
    near: list[dict] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    influencers: list[dict] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def add_problem(self, row, column, reason) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append({"row": row, "column": column, "reason": reason})

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ImportReport":
        known = {k: v for k, v in (data or {}).items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def problem_lines(self) -> list[str]:
        lines = []
        for p in self.problems:
            where = (
                f"Row {p['row']}, column {p['column']!r}" if p["row"] else (p["column"] or "File")
            )
            lines.append(f"{where}: {p['reason']}")
        if self.problem_count > len(self.problems):
            lines.append(f"… and {self.problem_count - len(self.problems)} more problems.")
        return lines

    def summary_lines(self) -> list[str]:
        verb = "Would create" if self.dry_run else "Created"
        c = self.created
        lines = [
            f"{self.rows} rows, {self.respondents} respondents "
            f"({self.skipped_respondents} already imported, skipped).",
            f"{verb}: {c.get('evidence', 0)} evidence, {c.get('mentions', 0)} mentions, "
            f"{c.get('non_person', 0)} non-person influences, {c.get('buyers', 0)} respondents, "
            f"{c.get('organizations', 0)} organizations, {c.get('influencers', 0)} influencers "
            f"({c.get('provisional', 0)} provisional, {c.get('reviews', 0)} name reviews), "
            f"{c.get('buyer_links', 0)} respondent–influencer links.",
            "Names resolved: "
            + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in self.resolution.items()),
        ]
        if self.ignored_columns:
            lines.append("Ignored columns: " + ", ".join(self.ignored_columns))
        return lines


def study_vocabulary(*, study: Study) -> Vocabulary:
    """The stage and category names a file's values may map to."""
    return Vocabulary(
        stages={normalize_name(s.name): s.pk for s in study.stages.all()},
        categories={normalize_name(c.name): c.pk for c in study.client.categories.all()},
    )


@dataclass
class _Entity:
    """One influencer the file names, and what it resolved to."""

    name: str
    external_id: str = ""
    method: str = res.NEW
    influencer_id: int | None = None
    same_as: "_Entity | None" = None  # a spelling variant of a name new to the registry
    provisional: bool = False
    candidates: list[dict] = field(default_factory=list)
    category_id: int | None = None
    first_row: int = 0
    first_column: str = ""
    mentions: int = 0
    alias_of_existing: bool = False
    obj: Influencer | None = None

    def target(self) -> "_Entity":
        return self.same_as.target() if self.same_as else self


def _entity_key(mention) -> tuple[str, str]:
    return ("x", mention.external_id) if mention.external_id else ("n", mention.key)


def _resolve(respondents, registry: res.Registry, decisions: dict, report: ImportReport):
    """Map every named influencer of the file to an existing id or a planned new influencer."""
    entities: dict[tuple[str, str], _Entity] = {}
    frequency: Counter = Counter()
    for respondent in respondents:
        for m in respondent.mentions:
            ekey = _entity_key(m)
            entity = entities.get(ekey)
            if entity is None:
                entity = entities[ekey] = _Entity(
                    name=m.name, external_id=m.external_id, first_row=m.row, first_column=m.column
                )
            entity.mentions += 1
            if entity.category_id is None:
                entity.category_id = m.category_id
            if ekey[0] == "n":
                frequency[ekey[1]] += 1
    ids_with_external = set(registry.by_external_id.values())
    for (kind, value), entity in entities.items():
        if kind != "x":
            continue
        found = res.resolve_external_id(registry, value)
        if found:
            entity.method, entity.influencer_id = res.EXTERNAL_ID, found.influencer_id
            continue
        exact = registry.by_key.get(normalize_name(entity.name), set()) - ids_with_external
        if entity.name != value and len(exact) == 1:
            entity.method, entity.influencer_id = res.EXACT, next(iter(exact))
    keys = [k for k, _ in frequency.most_common()]
    resolved = res.resolve_names(registry, keys)
    new_keys = []
    for key in keys:
        entity, outcome = entities[("n", key)], resolved[key]
        entity.method, entity.influencer_id = outcome.method, outcome.influencer_id
        entity.candidates = [c.as_dict() for c in outcome.candidates]
        entity.alias_of_existing = outcome.method == res.FUZZY
        if outcome.method == res.NEW:
            new_keys.append(key)
    for variant, (canonical, score, confident) in res.cluster_new_names(new_keys).items():
        entity, main = entities[("n", variant)], entities[("n", canonical)]
        entity.candidates = [{"id": None, "name": main.name, "score": score, "new": True}]
        if confident:
            entity.method, entity.same_as = res.FUZZY, main
        else:
            entity.method = res.NEAR
    for (kind, key), entity in entities.items():
        report.resolution[entity.method] += 1
        if entity.method not in (res.NEAR, res.AMBIGUOUS):
            continue
        choice = str(decisions.get(key, "")) if kind == "n" else ""
        if choice.isdigit() and int(choice) in registry.names:
            entity.influencer_id = int(choice)
            entity.alias_of_existing = True
        elif choice != "new":
            entity.provisional = True
        report.near.append(
            {
                "key": key,
                "name": entity.name,
                "method": entity.method,
                "candidates": entity.candidates,
                "row": entity.first_row,
                "mentions": entity.mentions,
                "choice": choice or "review",
            }
        )
    for entity in entities.values():
        if entity.influencer_id is None and entity.same_as is None and entity.category_id is None:
            report.add_problem(
                entity.first_row,
                entity.first_column,
                f"no category for the new influencer {entity.name!r}: map a category column "
                "or give a default category.",
            )
    return entities


def _plan_report(plan: Plan, report: ImportReport) -> None:
    report.rows = plan.row_count
    report.ignored_columns = plan.ignored_columns
    report.respondents = len(plan.respondents)
    for p in plan.problems:
        report.add_problem(p.row, p.column, p.reason)
    report.problem_count = plan.problem_count


def import_frame(
    *,
    study: Study,
    frame,
    mapping: Mapping,
    filename: str = "",
    user=None,
    dry_run: bool = False,
    decisions: dict | None = None,
    progress: Progress | None = None,
    request_ranking: bool = True,
) -> ImportReport:
    """Import a mapped frame into a study: everything or, on any problem, nothing.

    Respondents whose id was already imported into the study are skipped, so importing
    the same file twice creates nothing the second time. Near and ambiguous names become
    provisional influencers with a review, unless `decisions` (key → influencer id or
    "new", chosen in the preview) settles them.
    """
    progress = progress or (lambda _percent: None)
    report = ImportReport(filename=filename, layout=mapping.layout, dry_run=dry_run)
    started = time.perf_counter()
    plan = build_plan(frame, mapping, study_vocabulary(study=study))
    _plan_report(plan, report)
    report.timings["check"] = round(time.perf_counter() - started, 3)
    progress(30)
    if not report.ok:
        return report
    done = set(
        Evidence.objects.filter(study=study, source_key__startswith=SOURCE_PREFIX).values_list(
            "source_key", flat=True
        )
    )
    todo = [r for r in plan.respondents.values() if source_key(r.respondent_id) not in done]
    report.skipped_respondents = len(plan.respondents) - len(todo)
    mark = time.perf_counter()
    registry = res.load_registry(client=study.client)
    entities = _resolve(todo, registry, decisions or {}, report)
    report.timings["resolve"] = round(time.perf_counter() - mark, 3)
    progress(50)
    _count_planned(todo, entities, report)
    if dry_run or not report.ok:
        return report
    mark = time.perf_counter()
    with transaction.atomic():
        _write(
            study=study,
            respondents=todo,
            entities=entities,
            filename=filename,
            user=user,
            report=report,
            progress=progress,
        )
        if request_ranking and todo:
            request_auto_run(study=study)
    report.timings["write"] = round(time.perf_counter() - mark, 3)
    report.timings["total"] = round(time.perf_counter() - started, 3)
    progress(100)
    return report


def _count_planned(todo: list[PlannedRespondent], entities, report: ImportReport) -> None:
    new = [e for e in entities.values() if e.influencer_id is None and e.same_as is None]
    report.created = {
        "evidence": len(todo),
        "mentions": sum(len(r.mentions) for r in todo),
        "non_person": sum(len(r.non_person) for r in todo),
        "buyers": len(todo),
        "organizations": 0,
        "influencers": len(new),
        "provisional": sum(e.provisional for e in new),
        "reviews": sum(e.provisional for e in new),
        "buyer_links": 0,
    }
    report.influencers = [
        {"name": e.name, "external_id": e.external_id, "provisional": e.provisional}
        for e in new[:MAX_LISTED]
    ]


def _write(*, study, respondents, entities, filename, user, report, progress) -> None:
    client = study.client
    # Organizations, by name.
    org_ids = dict(Organization.objects.filter(client=client).values_list("name", "pk"))
    wanted = {r.organization or UNKNOWN_ORGANIZATION for r in respondents}
    missing = [Organization(client=client, name=n) for n in sorted(wanted - set(org_ids))]
    Organization.objects.bulk_create(missing, batch_size=2000)
    org_ids.update({o.name: o.pk for o in missing})
    report.created["organizations"] = len(missing)
    # Respondents: a respondent id already known to the client is the same buyer.
    buyer_ids = dict(
        Buyer.objects.filter(client=client).exclude(external_id="").values_list("external_id", "pk")
    )
    new_buyers = [
        Buyer(
            client=client,
            organization_id=org_ids[r.organization or UNKNOWN_ORGANIZATION],
            name=r.name[:200],
            title=r.title[:200],
            role=r.role or DEFAULT_ROLE,
            external_id=r.respondent_id[:200],
            outcome=r.outcome or "",
            deal_size_band=r.deal_size or "",
            purchase_date=r.date,
        )
        for r in respondents
        if r.respondent_id[:200] not in buyer_ids
    ]
    Buyer.objects.bulk_create(new_buyers, batch_size=2000)
    buyer_ids.update({b.external_id: b.pk for b in new_buyers})
    report.created["buyers"] = len(new_buyers)
    progress(60)
    _write_influencers(client=client, entities=entities, filename=filename, report=report)
    _link_buyers(client=client, buyer_ids=buyer_ids, report=report)
    progress(70)
    today = timezone.localdate()
    evidence = [
        Evidence(
            study=study,
            kind=EvidenceKind.SURVEY,
            buyer_id=buyer_ids[r.respondent_id[:200]],
            collected_on=r.date or today,
            collected_by=user,
            source_key=source_key(r.respondent_id),
            notes=f"Imported from {filename}" if filename else "Imported",
        )
        for r in respondents
    ]
    Evidence.objects.bulk_create(evidence, batch_size=2000)
    progress(80)
    mentions, non_person = [], []
    for r, ev in zip(respondents, evidence, strict=True):
        for m in r.mentions:
            entity = entities[_entity_key(m)].target()
            mentions.append(
                Mention(
                    evidence_id=ev.pk,
                    influencer_id=entity.influencer_id,
                    stage_id=m.stage_id,
                    strength=m.strength,
                    direction=m.direction,
                    channel=m.channel,
                    quote=m.quote,
                )
            )
        non_person.extend(
            NonPersonInfluence(evidence_id=ev.pk, stage_id=stage_id, source=source)
            for stage_id, source in sorted(r.non_person)
        )
    batch = settings.IMPORT_BATCH_SIZE
    for start in range(0, len(mentions), batch):
        Mention.objects.bulk_create(mentions[start : start + batch])
        progress(80 + int(15 * (start + batch) / max(len(mentions), 1)))
    NonPersonInfluence.objects.bulk_create(non_person, batch_size=batch)
    report.created.update(
        evidence=len(evidence), mentions=len(mentions), non_person=len(non_person)
    )


def _write_influencers(*, client, entities, filename, report) -> None:
    """Create the new (and provisional) influencers, their reviews and learned aliases."""
    new = [e for e in entities.values() if e.influencer_id is None and e.same_as is None]
    for e in new:
        name = (e.name or e.external_id)[:200]
        e.obj = Influencer(
            client=client,
            name=name,
            normalized_name=normalize_name(name),
            category_id=e.category_id,
            external_id=e.external_id[:200],
            provisional=e.provisional,
        )
    Influencer.objects.bulk_create([e.obj for e in new], batch_size=2000)
    for e in new:
        e.influencer_id = e.obj.pk
    reviews = []
    for e in new:
        if not e.provisional:
            continue
        candidates = []
        for c in e.candidates:
            if c.get("new"):
                main = entities[("n", normalize_name(c["name"]))].target()
                c = {"id": main.influencer_id, "name": main.name, "score": c["score"]}
            candidates.append(c)
        reviews.append(
            NameReview(
                client=client,
                name=e.name[:200],
                source=f"Import of {filename}, row {e.first_row}"[:200],
                candidates=candidates,
                provisional_influencer_id=e.influencer_id,
            )
        )
    NameReview.objects.bulk_create(reviews, batch_size=2000)
    # A spelling matched with confidence is remembered, so next time it matches exactly.
    aliases, seen = [], set()
    for (kind, key), e in entities.items():
        target = e.target()
        if kind != "n" or not (e.alias_of_existing or e.same_as):
            continue
        if (target.influencer_id, key) in seen:
            continue
        seen.add((target.influencer_id, key))
        aliases.append(
            InfluencerAlias(influencer_id=target.influencer_id, name=e.name[:200], normalized=key)
        )
    InfluencerAlias.objects.bulk_create(aliases, batch_size=2000, ignore_conflicts=True)
    report.created.update(
        influencers=len(new),
        provisional=len(reviews),
        reviews=len(reviews),
        aliases=len(aliases),
    )
    report.influencers = [
        {
            "id": e.influencer_id,
            "name": e.obj.name,
            "external_id": e.external_id,
            "provisional": e.provisional,
        }
        for e in new[:MAX_LISTED]
    ]


def _link_buyers(*, client, buyer_ids: dict[str, int], report) -> None:
    """A respondent id equal to an influencer's external id is one person: link the two."""
    taken = set(
        Influencer.objects.filter(client=client, buyer__isnull=False).values_list(
            "buyer_id", flat=True
        )
    )
    linked = []
    for influencer in (
        Influencer.objects.filter(client=client, buyer__isnull=True)
        .exclude(external_id="")
        .only("pk", "external_id")
    ):
        buyer_id = buyer_ids.get(influencer.external_id)
        if buyer_id and buyer_id not in taken:
            influencer.buyer_id = buyer_id
            taken.add(buyer_id)
            linked.append(influencer)
    Influencer.objects.bulk_update(linked, ["buyer"], batch_size=2000)
    report.created["buyer_links"] = len(linked)


def import_file(
    *,
    study: Study,
    content: bytes,
    filename: str,
    mapping: Mapping | dict | None = None,
    layout: str | None = None,
    user=None,
    dry_run: bool = False,
    decisions: dict | None = None,
    progress: Progress | None = None,
    request_ranking: bool = True,
) -> ImportReport:
    """Read, check and import a CSV or XLSX file; without a mapping, one is guessed from
    the header. A file that cannot be read, or a bad mapping, is a problem in the report."""
    report = ImportReport(filename=filename, layout=layout or "", dry_run=dry_run)
    started = time.perf_counter()
    try:
        frame = read_table(
            content=content, filename=filename, max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES
        )
    except ImportFileError as exc:
        report.add_problem(None, "", str(exc))
        return report
    report.timings["read"] = round(time.perf_counter() - started, 3)
    if progress:
        progress(10)
    try:
        if mapping is None:
            stages = study.stages.values_list("name", flat=True)
            mapping = guess_mapping(list(frame.columns), layout=layout, stages=stages)
        elif isinstance(mapping, dict):
            mapping = Mapping.from_document(mapping)
        if layout:
            mapping.layout = layout
    except MappingError as exc:
        for message in exc.messages:
            report.add_problem(None, "mapping", message)
        return report
    result = import_frame(
        study=study,
        frame=frame,
        mapping=mapping,
        filename=filename,
        user=user,
        dry_run=dry_run,
        decisions=decisions,
        progress=progress,
        request_ranking=request_ranking,
    )
    result.timings = {**report.timings, **result.timings}
    if "total" in result.timings:
        result.timings["total"] = round(time.perf_counter() - started, 3)
    return result
