"""Small pieces shared by the forms: date input, blank choices, bounded selects, list filters."""

from urllib.parse import urlencode

from django import forms

from identification.models import Influencer
from identification.text import refuse_bidi_controls

# A registry (influencers, buyers, organizations) this small is listed in full in each of
# its selects; a bigger one would make the page megabytes, so its selects hold only the
# chosen option and the type-ahead (or a typed name) finds the others.
LISTED_MAX = 200


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class NameField(forms.CharField):
    """A name typed on a form: its spaces collapsed, bidirectional controls refused.

    Every form field holding a name (of a person, organization, category, stage, vendor...)
    is one, so that no form lets a name reorder the text of the pages that show it.
    """

    default_validators = [refuse_bidi_controls]

    def to_python(self, value):
        value = super().to_python(value)
        return " ".join(value.split()) if isinstance(value, str) else value


def with_blank(choices) -> list:
    return [("", "—"), *choices.choices]


class InfluencerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Influencer) -> str:
        return f"{obj.name} ({obj.affiliation})" if obj.affiliation else obj.name


class ListFilters:
    """Mix into a list page's filter form, bound to request.GET."""

    def querystring(self) -> str:
        """The filters asked for, url-encoded for the pagination links: no page, no blanks."""
        if not self.is_bound:
            return ""
        return urlencode([(k, v) for k, v in self.data.items() if k != "page" and v])


def as_pk(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class Listing:
    """The options a page renders from one of the client's registries.

    All of them when there are at most LISTED_MAX, otherwise only the chosen ones. Only
    what is rendered is limited: validation still accepts any object of the field's
    queryset. Loaded lazily, when the first select renders, so that every form of the page
    has said which values it shows and one query fetches them all.
    """

    def __init__(self, queryset):
        self.queryset = queryset
        self._known: dict | None = None
        self._complete = False
        self._wanted: set[int] = set()

    def want(self, *values) -> None:
        self._wanted.update(pk for pk in map(as_pk, values) if pk is not None)

    def _load(self) -> dict:
        if self._known is None:
            first = list(self.queryset[: LISTED_MAX + 1])
            self._complete = len(first) <= LISTED_MAX
            self._known = {o.pk: o for o in first} if self._complete else {}
        missing = self._wanted - self._known.keys()
        if missing and not self._complete:
            self._known.update(self.queryset.in_bulk(missing))
        self._wanted.clear()
        return self._known

    def choices(self, field: forms.ModelChoiceField, values) -> list[tuple]:
        """`field`'s options: its empty label, then every object or only those of `values`."""
        known = self._load()
        if self._complete:
            shown = list(known.values())
        else:
            pks = dict.fromkeys(pk for pk in map(as_pk, values) if pk in known)
            shown = [known[pk] for pk in pks]
        empty = [] if field.empty_label is None else [("", field.empty_label)]
        return [*empty, *((o.pk, field.label_from_instance(o)) for o in shown)]

    def limit(self, form: forms.Form, name: str, *extra) -> None:
        """Render `form[name]` with this listing's options: its value, `extra`, or all."""
        field = form.fields[name]
        values = [form[name].value(), *extra]
        self.want(*values)
        # A callable keeps the choices lazy until the select renders.
        field.widget.choices = lambda: self.choices(field, values)
