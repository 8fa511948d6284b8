"""Bootstrap 5 classes on our form widgets, and `is-invalid` on fields with errors."""

from django import forms
from django.forms.boundfield import BoundField

_CHOICE_GROUPS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


class BootstrapBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            base = (widget or self.field.widget).attrs.get("class", "")
            attrs["class"] = f"{base} is-invalid".strip()
        return attrs


class BootstrapMixin:
    """Mix into a Form: inputs get form-control / form-select / form-check-input."""

    bound_field_class = BootstrapBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self) -> None:
        """Give every widget its Bootstrap class; call again after adding fields."""
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (*_CHOICE_GROUPS, forms.HiddenInput)):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            classes = widget.attrs.get("class", "").split()
            if css not in classes:
                widget.attrs["class"] = " ".join([*classes, css])
