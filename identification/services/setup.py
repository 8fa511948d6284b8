"""Creating clients and studies with their defaults."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from identification.models import Category, Client, DecisionStage, Membership, Study
from identification.models.choices import DEFAULT_CATEGORIES, DEFAULT_STAGES, Role


def _unique_slug(model, base: str, *, max_length: int) -> str:
    root = (slugify(base) or "item")[: max_length - 6]
    slug, n = root, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{root}-{n}"
        n += 1
    return slug


def add_default_categories(*, client: Client) -> None:
    """Give a new client the default categories of influence and their families."""
    Category.objects.bulk_create(
        Category(client=client, name=cat_name, family=family, order=i)
        for i, (cat_name, family) in enumerate(DEFAULT_CATEGORIES, start=1)
    )


def add_default_stages(*, study: Study) -> None:
    """Give a new study the six default decision stages and their weights."""
    DecisionStage.objects.bulk_create(
        DecisionStage(study=study, order=i, name=stage_name, weight=weight)
        for i, (stage_name, weight) in enumerate(DEFAULT_STAGES, start=1)
    )


@transaction.atomic
def create_client(*, name: str) -> Client:
    """Create a client with the default categories of influence; ValidationError if invalid."""
    name = " ".join((name or "").split())
    client = Client(name=name, slug=_unique_slug(Client, name, max_length=80))
    client.full_clean()
    client.save()
    add_default_categories(client=client)
    return client


@transaction.atomic
def create_study(*, client: Client, name: str, **fields) -> Study:
    """Create a study with the six default decision stages and their weights.

    `fields` are other Study fields (sector, region, period, weights...); all are checked
    with full_clean() and a ValidationError names any that is invalid.
    """
    name = " ".join((name or "").split())
    study = Study(
        client=client, name=name, slug=_unique_slug(Study, name, max_length=120), **fields
    )
    study.full_clean()
    study.save()
    add_default_stages(study=study)
    return study


def add_member(*, user, client: Client, role: str) -> Membership:
    """Give a user a role in a client, replacing any role they had there."""
    if role not in Role.values:
        raise ValidationError({"role": f"Choose a role: {', '.join(Role.values)}."})
    membership, _ = Membership.objects.update_or_create(
        user=user, client=client, defaults={"role": role}
    )
    return membership
