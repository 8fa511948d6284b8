"""Writing a planned import: organizations, buyers, influencers, evidence and mentions."""

from django.conf import settings
from django.utils import timezone

from identification.models import (
    Buyer,
    Evidence,
    Influencer,
    InfluencerAlias,
    Mention,
    NameReview,
    NonPersonInfluence,
    Organization,
    normalize_name,
)
from identification.models.choices import EvidenceKind
from surveys.imports.report import MAX_LISTED
from surveys.services.imports.changes import (
    DEFAULT_ROLE,
    Changes,
    buyer_key,
    organization_name,
)
from surveys.services.imports.resolve import entity_key, new_entities, planned_aliases

SOURCE_PREFIX = "import:"


def source_key(respondent_id: str) -> str:
    """The evidence key of an imported respondent: the same respondent id imports once per study."""
    return f"{SOURCE_PREFIX}{respondent_id}"[:300]


def write_import(
    *, study, respondents, entities, changes: Changes, filename, user, report, progress
):
    """Write what `plan_changes` planned and the respondents' evidence, mentions and
    non-person influences; the caller holds the transaction and has counted them already."""
    client = study.client
    missing = [Organization(client=client, name=n) for n in changes.new_organizations]
    Organization.objects.bulk_create(missing, batch_size=2000)
    org_ids = {**changes.organization_ids, **{o.name: o.pk for o in missing}}
    # Respondents: a respondent id already known to the client is the same buyer.
    new_buyers = [
        Buyer(
            client=client,
            organization_id=org_ids[organization_name(r)],
            name=r.name[:200],
            title=r.title[:200],
            role=r.role or DEFAULT_ROLE,
            external_id=buyer_key(r.respondent_id),
            outcome=r.outcome or "",
            deal_size_band=r.deal_size or "",
            purchase_date=r.date,
        )
        for r in changes.new_buyers
    ]
    Buyer.objects.bulk_create(new_buyers, batch_size=2000)
    buyer_ids = {key: b.pk for key, b in changes.on_file.items()}
    buyer_ids.update({b.external_id: b.pk for b in new_buyers})
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
    progress(70)
    today = timezone.localdate()
    evidence = [
        Evidence(
            study=study,
            kind=EvidenceKind.SURVEY,
            buyer_id=buyer_ids[buyer_key(r.respondent_id)],
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
            entity = entities[entity_key(m)].target()
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


def _write_influencers(*, client, entities, filename, report) -> None:
    """Create the new (and provisional) influencers, their reviews and learned aliases."""
    new = new_entities(entities)
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
        for target, key in planned_aliases(entities)
    ]
    InfluencerAlias.objects.bulk_create(aliases, batch_size=2000, ignore_conflicts=True)
    # The counts were set by report_changes from the same plan; only the new ids are added.
    report.influencers = [
        {
            "id": e.influencer_id,
            "name": e.obj.name,
            "external_id": e.external_id,
            "provisional": e.provisional,
        }
        for e in new[:MAX_LISTED]
    ]
