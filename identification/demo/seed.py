"""Writes the demo market (demo.market) into the database, once.

Every object is looked up before it is created, so running the seed again changes
nothing; the ranking is computed only if the study has none published yet. Every object
goes through full_clean() before it is saved, as a form's would: a value outside its
choices stops the seed with the field named instead of reaching the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from identification.demo import market
from identification.models import (
    Buyer,
    Category,
    Client,
    Evidence,
    Influencer,
    Mention,
    NonPersonInfluence,
    Organization,
    PaidTie,
    RankingRun,
    Study,
)
from identification.models.choices import EvidenceKind, Role
from identification.services.runs import compute_now
from identification.services.setup import add_member, create_client, create_study

PASSWORD = "northwind-demo"
ADMIN = ("admin", "northwind-admin")
USERS = (
    ("analyst", Role.ANALYST),
    ("marketing", Role.MARKETING_HEAD),
    ("engagement", Role.ENGAGEMENT_OWNER),
    ("viewer", Role.VIEWER),
)
PAID_TIES = (
    ("tom-whitfield", "Northwind Software", "implementation partner agreement", True),
    ("priya-raman", "Acumen HR", "research subscription and advisory days", True),
    ("hrtechguru", "Acumen HR", "sponsored posts", False),
)


@dataclass
class Seeded:
    """What the seed made (or found), for the command to print."""

    client: Client
    study: Study
    logins: list[tuple[str, str, str]]
    run: RankingRun | None


def _valid[M](obj: M) -> M:
    """`obj` once full_clean() accepts it; raises ValidationError naming the bad field."""
    obj.full_clean()
    return obj


def _create(model, **fields):
    """A new object of `model`, saved once full_clean() accepts it."""
    obj = _valid(model(**fields))
    obj.save()
    return obj


def _user(username: str, password: str, **defaults):
    """Get or create a demo user; returns it and the password to print for it."""
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@northwind.example", **defaults}
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    # A user of that name made by someone else keeps their own password; never print ours.
    shown = password if user.check_password(password) else "(existing user, password unchanged)"
    return user, shown


def _users(client: Client) -> list[tuple[str, str, str]]:
    logins = []
    for username, role in USERS:
        user, shown = _user(username, PASSWORD)
        add_member(user=user, client=client, role=role)
        logins.append((username, shown, Role(role).label))
    _, shown = _user(ADMIN[0], ADMIN[1], is_staff=True, is_superuser=True)
    logins.append((ADMIN[0], shown, "Administrator (staff)"))
    return logins


def _organizations(client: Client) -> list[Organization]:
    existing = {o.name: o for o in Organization.objects.filter(client=client)}
    orgs = []
    for i, name in enumerate(market.ORGANIZATIONS):
        org = existing.get(name) or _create(
            Organization,
            client=client,
            name=name,
            sector=market.SECTORS[i % len(market.SECTORS)],
            size_band=market.SIZE_BANDS[i % len(market.SIZE_BANDS)],
        )
        orgs.append(org)
    return orgs


def _buyers(client: Client, plan: market.Plan, orgs: list[Organization]) -> dict[str, Buyer]:
    existing = {b.external_id: b for b in Buyer.objects.filter(client=client, external_id__gt="")}
    out = {}
    for b in plan.buyers:
        out[b.key] = existing.get(b.key) or _create(
            Buyer,
            client=client,
            organization=orgs[b.organization],
            external_id=b.key,
            name=b.name,
            title=b.title,
            role=b.role,
            product_area=b.product_area,
            buying_situation=b.buying_situation,
            outcome=b.outcome,
            deal_size_band=b.deal_size_band,
            purchase_date=b.purchase_date,
        )
    return out


def _influencers(
    client: Client, plan: market.Plan, orgs: list[Organization], buyers: dict[str, Buyer]
) -> dict[str, Influencer]:
    categories = {c.name: c for c in Category.objects.filter(client=client)}
    existing = {
        i.external_id: i for i in Influencer.objects.filter(client=client, external_id__gt="")
    }
    out = {}

    def ensure(key: str, **fields) -> None:
        out[key] = existing.get(key) or _create(
            Influencer, client=client, external_id=key, **fields
        )

    for person in market.PEOPLE.values():
        ensure(
            person.key,
            name=person.name,
            kind=person.kind,
            category=categories[person.category],
            affiliation=person.affiliation,
            known_to_client=person.known_to_client,
            audience=person.audience,
            buyer=buyers[plan.peer_buyer] if person.key == "helen-marsh" else None,
        )
    for org, (name, title) in plan.internal.items():
        ensure(
            f"internal:{org}",
            name=name,
            category=categories["Internal influencers"],
            affiliation=f"{title}, {orgs[org].name}",
        )
    return out


def _evidence(
    study: Study,
    plan: market.Plan,
    buyers: dict[str, Buyer],
    influencers: dict[str, Influencer],
    analyst,
) -> None:
    stages = {s.order: s for s in study.stages.all()}
    done = set(
        Evidence.objects.filter(study=study, source_key__startswith="demo-").values_list(
            "source_key", flat=True
        )
    )
    mentions, non_person = [], []
    for interview in plan.interviews:
        if interview.key in done:
            continue
        evidence = _create(
            Evidence,
            study=study,
            kind=EvidenceKind.INTERVIEW,
            buyer=buyers.get(interview.respondent),
            respondent_influencer=(
                None if interview.respondent in buyers else influencers[interview.respondent]
            ),
            collected_on=interview.collected_on,
            collected_by=analyst,
            source_key=interview.key,
        )
        mentions.extend(
            _valid(
                Mention(
                    evidence=evidence,
                    influencer=influencers[m.influencer],
                    stage=stages[m.stage],
                    strength=m.strength,
                    direction=m.direction,
                    channel=m.channel,
                    quote=m.quote,
                )
            )
            for m in interview.mentions
        )
        non_person.extend(
            _valid(NonPersonInfluence(evidence=evidence, stage=stages[stage], source=source))
            for stage, source in interview.non_person
        )
    Mention.objects.bulk_create(mentions)
    NonPersonInfluence.objects.bulk_create(non_person)


def _paid_ties(influencers: dict[str, Influencer]) -> None:
    for key, vendor, nature, disclosed in PAID_TIES:
        influencer = influencers[key]
        if not PaidTie.objects.filter(influencer=influencer, vendor=vendor).exists():
            _create(
                PaidTie,
                influencer=influencer,
                vendor=vendor,
                nature=nature,
                disclosed=disclosed,
                since=dt.date(2025, 1, 1),
            )


def seed(*, seed: int = market.SEED, compute: bool = True) -> Seeded:
    """Create the demo client, study, users and evidence if missing; rank if unranked."""
    plan = market.build_plan(seed)
    with transaction.atomic():
        client = Client.objects.filter(name=market.CLIENT).first() or create_client(
            name=market.CLIENT
        )
        study = Study.objects.filter(client=client, name=market.STUDY).first() or create_study(
            client=client, name=market.STUDY, **market.STUDY_FIELDS
        )
        logins = _users(client)
        orgs = _organizations(client)
        buyers = _buyers(client, plan, orgs)
        influencers = _influencers(client, plan, orgs, buyers)
        analyst = get_user_model().objects.get(username=USERS[0][0])
        _evidence(study, plan, buyers, influencers, analyst)
        _paid_ties(influencers)
    run = None
    if compute and study.published_run_id is None:
        run = compute_now(study=study)
        study.refresh_from_db()
    return Seeded(client=client, study=study, logins=logins, run=run or study.published_run)
