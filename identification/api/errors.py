"""Service errors in the API's shape: a 400 whose body names each faulty field.

The services raise Django's ValidationError keyed the way the browser forms name their
fields (`mentions-2-stage`); here those keys become the request's own nesting
(`{"mentions": {"2": {"stage": [...]}}}`, the shape DRF gives its own list errors), and a
near match carries its candidates.
"""

import re

from django.core.exceptions import ValidationError
from rest_framework import serializers
from rest_framework.exceptions import APIException

from identification.models import Influencer
from identification.services.evidence import NEAR_MATCH

_MENTION_KEY = re.compile(r"^mentions-(\d+)-(\w+)$")
# Service field -> where it sits in the API's request.
_NEW_BUYER_FIELDS = {"organization", "organization_name", "role", "purchase_date"}
_MENTION_FIELDS = {
    "new_influencer_name": ("new_influencer", "name"),
    "new_influencer_category": ("new_influencer", "category"),
}


def _near_match(error: ValidationError, typed: str) -> dict:
    ids = error.params["candidates"]
    found = Influencer.objects.select_related("category").in_bulk(ids)
    candidates = [
        {"id": pk, "name": found[pk].name, "category": found[pk].category.name}
        for pk in ids
        if pk in found
    ]
    names = " or ".join(f"{c['name']} (id {c['id']})" for c in candidates)
    message = (
        f"'{typed}' is close to {names}: send that id as 'influencer', or set "
        "new_influencer.different_person to true to create a new influencer."
    )
    return {"new_influencer": {"name": [message]}, "candidates": candidates}


def _put(tree: dict, path: tuple[str, ...], messages: list[str]) -> None:
    for part in path[:-1]:
        tree = tree.setdefault(part, {})
    tree.setdefault(path[-1], []).extend(messages)


class Rejected(APIException):
    """A 400 whose body is kept as built (DRF's ValidationError would turn ids into text)."""

    status_code = 400
    default_code = "invalid"

    def __init__(self, body: dict):
        super().__init__()
        self.detail = body


def interview_errors(exc: ValidationError, *, data: dict) -> Rejected:
    """record_interview's ValidationError as the 400 of an interview request."""
    body: dict = {}
    mentions: dict[str, dict] = {}
    for key, errors in exc.error_dict.items():
        messages = [m for e in errors for m in e.messages]
        match = _MENTION_KEY.match(key)
        if match is None:
            path = ("new_buyer", key) if key in _NEW_BUYER_FIELDS else (key,)
            _put(body, path, messages)
            continue
        index, field = match[1], match[2]
        row = mentions.setdefault(index, {})
        near = next((e for e in errors if e.code == NEAR_MATCH), None)
        if near is not None:
            row.update(_near_match(near, data["mentions"][int(index)]["new_influencer"]["name"]))
        else:
            _put(row, _MENTION_FIELDS.get(field, (field,)), messages)
    if mentions:
        body["mentions"] = mentions
    return Rejected(body)


def service_errors(exc: ValidationError) -> serializers.ValidationError:
    """A service's ValidationError (by field, or a plain message) as a 400."""
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(exc.message_dict)
    return serializers.ValidationError({"non_field_errors": exc.messages})
