"""Editing a client's list of influencer categories: add, rename, re-family, reorder, delete."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Max

from identification.models import Category, Client
from identification.models.choices import Family
from identification.text import BIDI_MESSAGE, has_bidi_controls

NAME_MAX_LENGTH = Category._meta.get_field("name").max_length


def clean_category_name(name: str) -> str:
    """The name as stored: inner runs of spaces collapsed, surrounding spaces dropped."""
    return " ".join((name or "").split())


def _lock_categories(client: Client) -> None:
    # Serialises category writes per client, so two analysts cannot both pass the
    # case-insensitive name check (the database constraint only sees exact names).
    Client.objects.select_for_update().filter(pk=client.pk).values_list("pk").first()


def _validate(*, client: Client, name: str, family: str, exclude_pk: int | None = None) -> None:
    errors = {}
    key = name.casefold()
    if not name:
        errors["name"] = "Enter a name."
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = f"A name has at most {NAME_MAX_LENGTH} characters."
    elif has_bidi_controls(name):
        errors["name"] = BIDI_MESSAGE
    else:
        others = Category.objects.filter(client=client).exclude(pk=exclude_pk)
        # Compared in Python: SQLite's case folding covers ASCII only, and a client has
        # a few dozen categories at most.
        if any(other.casefold() == key for other in others.values_list("name", flat=True)):
            errors["name"] = "This client already has a category with this name."
    if family not in Family.values:
        errors["family"] = "Choose one of the families."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_category(*, client: Client, name: str, family: str) -> Category:
    """Add a category at the end of the client's list.

    Names are unique per client ignoring case and surrounding spaces; raises
    ValidationError (keys `name`, `family`) and writes nothing on bad input.
    """
    _lock_categories(client)
    name = clean_category_name(name)
    _validate(client=client, name=name, family=family)
    last = Category.objects.filter(client=client).aggregate(last=Max("order"))["last"] or 0
    return Category.objects.create(client=client, name=name, family=family, order=last + 1)


@transaction.atomic
def update_category(*, category: Category, name: str, family: str) -> Category:
    """Rename a category or change its family; same validation as `create_category`."""
    _lock_categories(category.client)
    name = clean_category_name(name)
    _validate(client=category.client, name=name, family=family, exclude_pk=category.pk)
    category.name, category.family = name, family
    category.save(update_fields=["name", "family"])
    return category


@transaction.atomic
def move_category(*, category: Category, by: int) -> list[Category]:
    """Move a category `by` places in its client's list (negative: up), clamped to the ends.

    The whole list is renumbered 1..n, which also settles ties left by older data.
    """
    _lock_categories(category.client)
    ordered = list(Category.objects.filter(client=category.client_id).order_by("order", "name"))
    current = next((i for i, c in enumerate(ordered) if c.pk == category.pk), None)
    if current is None:
        raise ValidationError("This category no longer exists.")
    target = min(max(current + by, 0), len(ordered) - 1)
    ordered.insert(target, ordered.pop(current))
    for position, item in enumerate(ordered, start=1):
        item.order = position
    Category.objects.bulk_update(ordered, ["order"])
    return ordered


@transaction.atomic
def delete_category(*, category: Category, move_to: Category | None = None) -> int:
    """Delete a category, first moving its influencers to `move_to` of the same client.

    A category in use cannot be deleted without `move_to`, and a client keeps at least
    one category. Returns how many influencers moved; raises ValidationError (keys
    `move_to`, `__all__`) and writes nothing otherwise.
    """
    _lock_categories(category.client)
    # Locking the row also waits for any influencer being added to it right now, so
    # the count below is the one the deletion sees.
    category = Category.objects.select_for_update().get(pk=category.pk)
    in_use = category.influencers.count()
    if move_to is not None:
        if move_to.client_id != category.client_id:
            raise ValidationError({"move_to": "Choose a category of this client."})
        if move_to.pk == category.pk:
            raise ValidationError({"move_to": "Choose another category to move them to."})
    elif in_use:
        raise ValidationError(
            {"move_to": f"{in_use} influencer(s) use this category: choose where they move."}
        )
    if not Category.objects.filter(client=category.client_id).exclude(pk=category.pk).exists():
        raise ValidationError({NON_FIELD_ERRORS: "A client needs at least one category."})
    moved = category.influencers.update(category=move_to) if in_use else 0
    category.delete()
    return moved
