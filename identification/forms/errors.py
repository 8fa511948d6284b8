"""Putting a service's ValidationError on the fields of the form that called it."""

from django.core.exceptions import ValidationError


def add_field_errors(form, name: str, errors) -> None:
    """Put `errors` on `form[name]`, or on the whole form when it has no such field."""
    form.add_error(name if name in form.fields else None, errors)


def add_service_errors(form, error: ValidationError) -> None:
    """Put each entry of a service's ValidationError (a dict of errors) on the field it names."""
    for name, errors in error.message_dict.items():
        add_field_errors(form, name, errors)
