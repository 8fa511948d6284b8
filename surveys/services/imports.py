"""Importing evidence from a mapped file: check every row, resolve names, write all or nothing."""

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

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
from identification.models.choices import BuyingRole, EvidenceKind
from identification.services.runs import request_auto_run
from surveys.imports.mapping import Mapping, MappingError, guess_mapping
from surveys.imports.plan import Plan, PlannedRespondent
from surveys.imports.reading import ImportFileError, read_table
from surveys.imports.report import MAX_LISTED, SKIPPED_LISTED, ImportReport
from surveys.imports.validation import build_plan
from surveys.imports.vocabulary import Vocabulary

SOURCE_PREFIX = "import:"
DEFAULT_ROLE = BuyingRole.DECISION_MAKER
UNKNOWN_ORGANIZATION = "Unknown organization"
Progress = Callable[[int], None]


def source_key(respondent_id: str) -> str:
    """The evidence key of an imported respondent: the same respondent id imports once per study."""
    return f"{SOURCE_PREFIX}{respondent_id}"[:300]


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

    Respondents whose id was already imported into the study are skipped (and listed), so
    importing the same file twice creates nothing the second time and a grown export adds
    only its new respondents. A respondent id already on file for the client is that buyer,
    whatever the file says of them (a warning lists the differences). Near and ambiguous
    names become provisional influencers with a review, unless `decisions` (key →
    influencer id or "new", chosen in the preview) settles them. A dry run counts what the
    import would create with the same planning the import uses.
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
    todo, skipped = [], []
    for r in plan.respondents.values():
        (skipped if source_key(r.respondent_id) in done else todo).append(r)
    report.skipped_respondents = len(skipped)
    report.skipped_ids = [r.respondent_id for r in skipped[:SKIPPED_LISTED]]
    mark = time.perf_counter()
    registry = res.load_registry(client=study.client)
    entities = _resolve(todo, registry, decisions or {}, report)
    report.timings["resolve"] = round(time.perf_counter() - mark, 3)
    progress(50)
    id_column = mapping.column_for("respondent_id") or "respondent_id"
    if dry_run or not report.ok:
        changes = _plan_changes(client=study.client, respondents=todo, entities=entities)
        _report_changes(changes, todo, entities, report, id_column=id_column)
        return report
    mark = time.perf_counter()
    with transaction.atomic():
        # Planned inside the transaction, so what is counted is what is written.
        changes = _plan_changes(client=study.client, respondents=todo, entities=entities)
        _report_changes(changes, todo, entities, report, id_column=id_column)
        _write(
            study=study,
            respondents=todo,
            entities=entities,
            changes=changes,
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


def _buyer_key(respondent_id: str) -> str:
    return respondent_id[:200]


def _organization_name(respondent: PlannedRespondent) -> str:
    return (respondent.organization or UNKNOWN_ORGANIZATION)[:200]


def _new_entities(entities: dict) -> list[_Entity]:
    return [e for e in entities.values() if e.influencer_id is None and e.same_as is None]


def _planned_aliases(entities: dict) -> list[tuple[_Entity, str]]:
    """(influencer it names, normalized spelling) for each spelling matched with confidence."""
    return [
        (e.target(), key)
        for (kind, key), e in entities.items()
        if kind == "n" and (e.alias_of_existing or e.same_as)
    ]


@dataclass
class _OnFile:
    """A buyer the client already has, as far as an import needs to know it."""

    pk: int
    organization: str
    role: str


@dataclass
class _Changes:
    """Which organizations, buyers and buyer–influencer links an import writes.

    Planned before anything is written, so the preview and the import count alike.
    """

    organization_ids: dict[str, int]  # existing, by name
    new_organizations: list[str]
    on_file: dict[str, _OnFile]  # existing buyers, by external id
    new_buyers: list[PlannedRespondent]
    # (existing influencer id, or the planned new influencer) → buyer external id
    links: list[tuple[int | _Entity, str]]


def _plan_changes(*, client, respondents: list[PlannedRespondent], entities) -> _Changes:
    on_file = {
        external_id: _OnFile(pk, organization, role)
        for external_id, pk, organization, role in Buyer.objects.filter(client=client)
        .exclude(external_id="")
        .values_list("external_id", "pk", "organization__name", "role")
        .iterator(chunk_size=5000)
    }
    new_buyers, seen = [], set()
    for r in respondents:
        key = _buyer_key(r.respondent_id)
        if key not in on_file and key not in seen:
            seen.add(key)
            new_buyers.append(r)
    organization_ids = dict(Organization.objects.filter(client=client).values_list("name", "pk"))
    # Only new buyers get the file's organization: one on file keeps its own.
    wanted = {_organization_name(r) for r in new_buyers}
    new_organizations = sorted(wanted - set(organization_ids))
    # A respondent id equal to an influencer's external id is one person: link the two.
    buyer_keys = set(on_file) | seen
    taken = set(
        Influencer.objects.filter(client=client, buyer__isnull=False).values_list(
            "buyer_id", flat=True
        )
    )
    unlinked = Influencer.objects.filter(client=client, buyer__isnull=True).exclude(external_id="")
    candidates: list[tuple[int | _Entity, str]] = list(unlinked.values_list("pk", "external_id"))
    candidates += [(e, e.external_id[:200]) for e in _new_entities(entities) if e.external_id]
    links = []
    for influencer, external_id in candidates:
        if external_id not in buyer_keys:
            continue
        buyer = on_file.get(external_id)
        if buyer is not None and buyer.pk in taken:
            continue
        links.append((influencer, external_id))
    return _Changes(organization_ids, new_organizations, on_file, new_buyers, links)


def _role_label(role: str) -> str:
    return dict(BuyingRole.choices).get(role, role).lower()


def _report_changes(changes: _Changes, todo, entities, report: ImportReport, *, id_column):
    """Count what the import creates, and warn where a buyer on file differs from the file."""
    new = _new_entities(entities)
    report.created = {
        "evidence": len(todo),
        "mentions": sum(len(r.mentions) for r in todo),
        "non_person": sum(len(r.non_person) for r in todo),
        "buyers": len(changes.new_buyers),
        "organizations": len(changes.new_organizations),
        "influencers": len(new),
        "provisional": sum(e.provisional for e in new),
        "reviews": sum(e.provisional for e in new),
        "aliases": len(_planned_aliases(entities)),
        "buyer_links": len(changes.links),
    }
    report.influencers = [
        {"name": e.name, "external_id": e.external_id, "provisional": e.provisional}
        for e in new[:MAX_LISTED]
    ]
    for r in todo:
        buyer = changes.on_file.get(_buyer_key(r.respondent_id))
        if buyer is None:
            continue
        differs = []
        if r.organization and normalize_name(r.organization) != normalize_name(buyer.organization):
            differs.append(r.organization)
        if r.role and r.role != buyer.role:
            differs.append(_role_label(r.role))
        if not differs:
            continue
        report.add_warning(
            r.row,
            id_column,
            f"Respondent {r.respondent_id} is already on file as {buyer.organization}, "
            f"{_role_label(buyer.role)}; the file's {', '.join(differs)} was not applied.",
        )


def _write(*, study, respondents, entities, changes: _Changes, filename, user, report, progress):
    client = study.client
    missing = [Organization(client=client, name=n) for n in changes.new_organizations]
    Organization.objects.bulk_create(missing, batch_size=2000)
    org_ids = {**changes.organization_ids, **{o.name: o.pk for o in missing}}
    report.created["organizations"] = len(missing)
    # Respondents: a respondent id already known to the client is the same buyer.
    new_buyers = [
        Buyer(
            client=client,
            organization_id=org_ids[_organization_name(r)],
            name=r.name[:200],
            title=r.title[:200],
            role=r.role or DEFAULT_ROLE,
            external_id=_buyer_key(r.respondent_id),
            outcome=r.outcome or "",
            deal_size_band=r.deal_size or "",
            purchase_date=r.date,
        )
        for r in changes.new_buyers
    ]
    Buyer.objects.bulk_create(new_buyers, batch_size=2000)
    buyer_ids = {key: b.pk for key, b in changes.on_file.items()}
    buyer_ids.update({b.external_id: b.pk for b in new_buyers})
    report.created["buyers"] = len(new_buyers)
    progress(60)
    _write_influencers(client=client, entities=entities, filename=filename, report=report)
    linked = [
        Influencer(
            pk=influencer if isinstance(influencer, int) else influencer.influencer_id,
            buyer_id=buyer_ids[external_id],
        )
        for influencer, external_id in changes.links
    ]
    Influencer.objects.bulk_update(linked, ["buyer"], batch_size=2000)
    report.created["buyer_links"] = len(linked)
    progress(70)
    today = timezone.localdate()
    evidence = [
        Evidence(
            study=study,
            kind=EvidenceKind.SURVEY,
            buyer_id=buyer_ids[_buyer_key(r.respondent_id)],
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
    aliases = [
        InfluencerAlias(
            influencer_id=target.influencer_id, name=entities[("n", key)].name[:200], normalized=key
        )
        for target, key in _planned_aliases(entities)
    ]
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
    max_bytes: int | None = None,
) -> ImportReport:
    """Read, check and import a CSV or XLSX file; without a mapping, one is guessed from
    the header. A file that cannot be read, or a bad mapping, is a problem in the report.

    `max_bytes` is a size limit; the command line has none, and browser uploads are held
    to IMPORT_MAX_UPLOAD_BYTES when they arrive (create_import_job).
    """
    report = ImportReport(filename=filename, layout=layout or "", dry_run=dry_run)
    started = time.perf_counter()
    try:
        frame = read_table(content=content, filename=filename, max_bytes=max_bytes)
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
