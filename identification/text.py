"""Hostile text: the bidirectional controls that reorder what a page shows.

U+202A–U+202E (embeddings and overrides) and U+2066–U+2069 (isolates) make
"\u202eevil\u202c txt.exe" read as "live txt.exe". Names refuse them (forms, the API);
imports and survey answers strip them with a warning, where refusing would lose a file.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.text import slugify

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

BIDI_MESSAGE = (
    "Remove the invisible right-to-left / left-to-right control characters "
    "(U+202A–U+202E, U+2066–U+2069): they reorder how the text is shown."
)


def has_bidi_controls(value: str | None) -> bool:
    """Whether the text holds a character that reorders how it is displayed."""
    return bool(value) and BIDI_CONTROLS.search(value) is not None


def strip_bidi_controls(value: str) -> str:
    """The text without its bidirectional controls (imports keep the rest of it)."""
    return BIDI_CONTROLS.sub("", value)


def refuse_bidi_controls(value: str | None) -> None:
    """Validator for names: refuse bidirectional controls with a message saying why."""
    if has_bidi_controls(value):
        raise ValidationError(BIDI_MESSAGE, code="bidi_controls")


def ascii_filename(text: str, *, fallback: str, suffix: str) -> str:
    """A download's file name built from user-typed text: its slug in plain ASCII (no quote,
    line break or control character can reach the header), or `fallback` when nothing of it
    is ASCII."""
    stem = slugify(text)[:80].strip("-_")
    return f"{stem or fallback}{suffix}"
