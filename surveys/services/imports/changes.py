"""Planning which organizations, buyers and buyer–influencer links an import writes, and
counting them in the report, before anything is written."""

from dataclasses import dataclass

from identification.models import Buyer, Influencer, Organization, normalize_name
from identification.models.choices import BuyingRole
from surveys.imports.plan import PlannedRespondent
from surveys.imports.report import MAX_LISTED, ImportReport
from surveys.services.imports.resolve import Entity, new_entities, planned_aliases

DEFAULT_ROLE = BuyingRole.DECISION_MAKER
UNKNOWN_ORGANIZATION = "Unknown organization"


def buyer_key(respondent_id: str) -> str:
    return respondent_id[:200]


def organization_name(respondent: PlannedRespondent) -> str:
    return (respondent.organization or UNKNOWN_ORGANIZATION)[:200]


@dataclass
class _OnFile:
    """A buyer the client already has, as far as an import needs to know it."""

    pk: int
    organization: str
    role: str


@dataclass
class Changes:
    """Which organizations, buyers and buyer–influencer links an import writes.

    Planned before anything is written, so the preview and the import count alike.
    """

    organization_ids: dict[str, int]  # existing, by name
    new_organizations: list[str]
    on_file: dict[str, _OnFile]  # existing buyers, by external id
    new_buyers: list[PlannedRespondent]
    # (existing influencer id, or the planned new influencer) → buyer external id
    links: list[tuple[int | Entity, str]]


def plan_changes(*, client, respondents: list[PlannedRespondent], entities) -> Changes:
    """Read what the client already has and plan what the import adds to it."""
    on_file = {
        external_id: _OnFile(pk, organization, role)
        for external_id, pk, organization, role in Buyer.objects.filter(client=client)
        .exclude(external_id="")
        .values_list("external_id", "pk", "organization__name", "role")
        .iterator(chunk_size=5000)
    }
    new_buyers, seen = [], set()
    for r in respondents:
        key = buyer_key(r.respondent_id)
        if key not in on_file and key not in seen:
            seen.add(key)
            new_buyers.append(r)
    organization_ids = dict(Organization.objects.filter(client=client).values_list("name", "pk"))
    # Only new buyers get the file's organization: one on file keeps its own.
    wanted = {organization_name(r) for r in new_buyers}
    new_organizations = sorted(wanted - set(organization_ids))
    # A respondent id equal to an influencer's external id is one person: link the two.
    buyer_keys = set(on_file) | seen
    taken = set(
        Influencer.objects.filter(client=client, buyer__isnull=False).values_list(
            "buyer_id", flat=True
        )
    )
    unlinked = Influencer.objects.filter(client=client, buyer__isnull=True).exclude(external_id="")
    candidates: list[tuple[int | Entity, str]] = list(unlinked.values_list("pk", "external_id"))
    candidates += [(e, e.external_id[:200]) for e in new_entities(entities) if e.external_id]
    links = []
    for influencer, external_id in candidates:
        if external_id not in buyer_keys:
            continue
        buyer = on_file.get(external_id)
        if buyer is not None and buyer.pk in taken:
            continue
        links.append((influencer, external_id))
    return Changes(organization_ids, new_organizations, on_file, new_buyers, links)


def _role_label(role: str) -> str:
    return dict(BuyingRole.choices).get(role, role).lower()


def report_changes(changes: Changes, todo, entities, report: ImportReport, *, id_column):
    """Count what the import creates, and warn where a buyer on file differs from the file."""
    new = new_entities(entities)
    report.created = {
        "evidence": len(todo),
        "mentions": sum(len(r.mentions) for r in todo),
        "non_person": sum(len(r.non_person) for r in todo),
        "buyers": len(changes.new_buyers),
        "organizations": len(changes.new_organizations),
        "influencers": len(new),
        "provisional": sum(e.provisional for e in new),
        "reviews": sum(e.provisional for e in new),
        "aliases": len(planned_aliases(entities)),
        "buyer_links": len(changes.links),
    }
    report.influencers = [
        {"name": e.name, "external_id": e.external_id, "provisional": e.provisional}
        for e in new[:MAX_LISTED]
    ]
    for r in todo:
        buyer = changes.on_file.get(buyer_key(r.respondent_id))
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
