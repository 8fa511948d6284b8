"""Forms of the API pages: a personal token, and a client's webhook endpoint."""

from django import forms

from identification.forms.bootstrap import BootstrapMixin
from identification.models import ApiToken


class TokenForm(BootstrapMixin, forms.Form):
    name = forms.CharField(max_length=100, help_text="What it is for, e.g. 'CRM sync'.")
    scope = forms.ChoiceField(
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text="A read-only token can fetch rankings and evidence but change nothing.",
    )


class WebhookForm(BootstrapMixin, forms.Form):
    url = forms.URLField(
        label="URL",
        max_length=500,
        assume_scheme="https",
        help_text="Receives a signed JSON POST each time a study publishes a ranking.",
    )
    description = forms.CharField(max_length=200, required=False)
    secret = forms.CharField(
        max_length=200,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Signs each event (HMAC-SHA256). Leave blank to generate one"
        " (or, when editing, to keep the current one).",
    )
    active = forms.BooleanField(required=False, initial=True)
