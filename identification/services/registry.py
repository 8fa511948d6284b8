"""Curating a client's influencer registry: creating, editing and merging influencers."""

from django.core.exceptions import ValidationError
from django.db import transaction

from identification.models import (
    Category,
    Client,
    Evidence,
    Influencer,
    InfluencerAlias,
    Mention,
    PaidTie,
    Study,
    normalize_name,
)
from identification.services.runs import request_auto_run
from identification.text import BIDI_MESSAGE, has_bidi_controls


def split_aliases(raw: str) -> list[str]:
    """The distinct names of an alias field, one per line, in the order typed.

    Lines, not commas: "Shah, Anita" is one name.
    """
    seen, names = set(), []
    for part in (raw or "").splitlines():
        name = " ".join(part.split())
        key = normalize_name(name)
        if key and key not in seen:
            seen.add(key)
            names.append(name)
    return names


def _check_aliases(aliases) -> None:
    if aliases is not None and any(has_bidi_controls(name) for name in aliases):
        raise ValidationError({"aliases": BIDI_MESSAGE})


def _set_aliases(influencer: Influencer, names: list[str]) -> None:
    own = normalize_name(influencer.name)
    wanted = {normalize_name(n): n for n in names if normalize_name(n) != own}
    influencer.aliases.exclude(normalized__in=wanted).delete()
    existing = set(influencer.aliases.values_list("normalized", flat=True))
    for key, name in wanted.items():
        if key not in existing:
            InfluencerAlias.objects.create(influencer=influencer, name=name)


def _add_paid_ties(influencer: Influencer, ties: list[dict]) -> None:
    PaidTie.objects.bulk_create(PaidTie(influencer=influencer, **tie) for tie in ties)


def _check_category(*, client: Client, category: Category) -> None:
    if category.client_id != client.pk:
        raise ValidationError({"category": "Choose a category of this client."})


def _check_external_id(*, client: Client, external_id: str, exclude_pk=None) -> None:
    if not external_id:
        return
    clash = Influencer.objects.filter(client=client, external_id=external_id)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"external_id": "Another influencer already has this external id."})


INFLUENCER_FIELDS = (
    "name",
    "kind",
    "category",
    "affiliation",
    "external_id",
    "audience",
    "known_to_client",
    "notes",
)


@transaction.atomic
def create_influencer(
    *,
    client: Client,
    name: str,
    category: Category,
    aliases: list[str] = (),
    paid_ties: list[dict] = (),
    **fields,
) -> Influencer:
    """Add an influencer to a client's registry, with its aliases and paid ties."""
    if not normalize_name(name):
        raise ValidationError({"name": "Enter a name."})
    _check_category(client=client, category=category)
    _check_external_id(client=client, external_id=fields.get("external_id", ""))
    _check_aliases(aliases)
    influencer = Influencer(client=client, name=name.strip(), category=category, **fields)
    influencer.full_clean()
    influencer.save()
    _set_aliases(influencer, list(aliases))
    _add_paid_ties(influencer, paid_ties)
    return influencer


@transaction.atomic
def update_influencer(
    *,
    influencer: Influencer,
    aliases: list[str] | None = None,
    paid_ties: list[dict] | None = None,
    **fields,
) -> Influencer:
    """Change an influencer's details; `aliases` and `paid_ties`, when given, replace the old."""
    client = influencer.client
    unknown = set(fields) - set(INFLUENCER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown influencer fields: {sorted(unknown)}")
    if "name" in fields and not normalize_name(fields["name"]):
        raise ValidationError({"name": "Enter a name."})
    if "category" in fields:
        _check_category(client=client, category=fields["category"])
    _check_external_id(
        client=client, external_id=fields.get("external_id", ""), exclude_pk=influencer.pk
    )
    _check_aliases(aliases)
    for key, value in fields.items():
        setattr(influencer, key, value.strip() if key == "name" else value)
    influencer.full_clean()
    influencer.save()
    if aliases is not None:
        _set_aliases(influencer, aliases)
    if paid_ties is not None:
        influencer.paid_ties.all().delete()
        _add_paid_ties(influencer, paid_ties)
    return influencer


def merge_preview(*, keep: Influencer, other: Influencer) -> dict:
    """What merging `other` into `keep` would move, for the confirmation page."""
    return {
        "mentions": other.mentions.count(),
        "interviews": other.interviews.count(),
        "aliases": [a.name for a in other.aliases.all()],
        "paid_ties": list(other.paid_ties.all()),
        "new_alias": other.name,
    }


def _lock_pair(keep: Influencer, other: Influencer) -> tuple[Influencer, Influencer]:
    """Check the two may merge and lock their rows; returns them as now stored."""
    if keep.pk == other.pk:
        raise ValueError("An influencer cannot be merged into itself.")
    if keep.client_id != other.client_id:
        raise ValueError("Both influencers must belong to the same client.")
    # Lock both rows so two analysts merging at once cannot move mentions to a deleted row.
    locked = {
        i.pk: i for i in Influencer.objects.select_for_update().filter(pk__in=[keep.pk, other.pk])
    }
    if len(locked) != 2:
        raise ValueError("One of the influencers no longer exists.")
    return locked[keep.pk], locked[other.pk]


def _studies_naming(influencer: Influencer) -> set[int]:
    """The studies whose evidence names or interviewed `influencer`."""
    ids = set(
        Mention.objects.filter(influencer=influencer).values_list("evidence__study_id", flat=True)
    )
    return ids | set(
        Evidence.objects.filter(respondent_influencer=influencer).values_list("study_id", flat=True)
    )


def _move_evidence(*, keep: Influencer, other: Influencer) -> None:
    Mention.objects.filter(influencer=other).update(influencer=keep)
    Evidence.objects.filter(respondent_influencer=other).update(respondent_influencer=keep)
    PaidTie.objects.filter(influencer=other).update(influencer=keep)


def _move_aliases(*, keep: Influencer, other: Influencer) -> None:
    """Other's aliases, and its own name, become aliases of `keep` (once each)."""
    taken = set(keep.aliases.values_list("normalized", flat=True)) | {keep.normalized_name}
    for alias in other.aliases.all():
        if alias.normalized in taken:
            alias.delete()
        else:
            alias.influencer = keep
            alias.save(update_fields=["influencer"])
            taken.add(alias.normalized)
    if other.normalized_name not in taken:
        InfluencerAlias.objects.create(influencer=keep, name=other.name)


def _take_details(*, keep: Influencer, other: Influencer) -> None:
    """Details `keep` lacks are taken from `other` rather than lost; `other` is deleted."""
    moved_external_id = "" if keep.external_id else other.external_id
    moved_buyer = None if keep.buyer_id else other.buyer
    keep.known_to_client = keep.known_to_client or other.known_to_client
    keep.affiliation = keep.affiliation or other.affiliation
    keep.audience = {**(other.audience or {}), **(keep.audience or {})}
    if other.notes and other.notes not in keep.notes:
        keep.notes = f"{keep.notes}\n\n{other.notes}".strip()
    # The other row holds the unique external id and buyer until it is gone.
    other.delete()
    if moved_external_id:
        keep.external_id = moved_external_id
    if moved_buyer is not None:
        keep.buyer = moved_buyer
    keep.save()


@transaction.atomic
def merge_influencers(*, keep: Influencer, other: Influencer, user) -> Influencer:
    """Fold `other` into `keep`: its mentions, interviews, aliases and paid ties move to `keep`,
    its name becomes an alias of `keep`, and `other` is deleted — all in one transaction.

    Ranking snapshots are left as they were (entries of past runs keep their copied name).
    Raises ValueError when the two are the same or belong to different clients.
    """
    keep, other = _lock_pair(keep, other)
    study_ids = _studies_naming(other)
    _move_evidence(keep=keep, other=other)
    _move_aliases(keep=keep, other=other)
    _take_details(keep=keep, other=other)
    # The merged node changes the ranking of every study that mentioned the other one.
    for study in Study.objects.filter(pk__in=study_ids):
        request_auto_run(study=study)
    return keep
