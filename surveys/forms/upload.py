"""The first step of an import: the file, its layout and the mapping to start from."""

from django import forms
from django.conf import settings

from identification.forms.bootstrap import BootstrapMixin
from surveys.imports.mapping import Mapping, MappingError
from surveys.models import SavedMapping
from surveys.services.import_jobs import parse_mapping_json


class UploadForm(BootstrapMixin, forms.Form):
    """The file to import and, optionally, a saved or uploaded mapping to read it with."""

    file = forms.FileField(help_text="CSV (UTF-8) or XLSX, as the survey tool exported it.")
    layout = forms.ChoiceField(
        choices=[
            ("", "Detect from the header"),
            ("long", "Long: one row per mention"),
            ("wide", "Wide: one row per respondent"),
        ],
        required=False,
    )
    saved_mapping = forms.ModelChoiceField(
        queryset=SavedMapping.objects.none(), required=False, empty_label="Guess from the header"
    )
    mapping_file = forms.FileField(
        required=False,
        label="…or a mapping JSON file",
        help_text="A mapping downloaded from an earlier import, or written by hand.",
    )

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["saved_mapping"].queryset = SavedMapping.objects.filter(client=client)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {upload.size / 1048576:.1f} MB; the limit is "
                f"{limit / 1048576:.1f} MB. Use `manage.py import_evidence` for larger files."
            )
        return upload

    def clean(self):
        data = super().clean()
        data["mapping"] = None
        if data.get("mapping_file"):
            try:
                data["mapping"] = parse_mapping_json(data["mapping_file"].read())
            except MappingError as exc:
                self.add_error("mapping_file", exc.messages)
        elif data.get("saved_mapping"):
            try:
                data["mapping"] = Mapping.from_document(data["saved_mapping"].document)
            except MappingError as exc:
                self.add_error("saved_mapping", exc.messages)
        return data
