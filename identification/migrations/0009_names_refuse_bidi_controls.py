"""Names refuse bidirectional controls (U+202A–U+202E, U+2066–U+2069) from now on, and
the names stored before lose theirs, so that none can reorder the text of a page.

A name that becomes equal to another one of the same scope (two organizations of a client,
say) is told apart with a number, " (2)"; an alias that becomes a copy of another alias or
of its influencer's name is deleted. Quotes and notes are left as they are: pages never
show a bidirectional control (influencer50.middleware).
"""

import re
import unicodedata

import identification.text
from django.db import migrations, models

BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
PATTERN = BIDI.pattern


def normalize(value):
    # identification.models.normalize_name as of this migration.
    decomposed = unicodedata.normalize("NFKD", BIDI.sub("", value or ""))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def clean(value):
    return " ".join(BIDI.sub("", value).split())


# model -> (fields, the fields of its uniqueness scope, or None when names may repeat)
NAMES = {
    "client": (("name",), ()),
    "study": (("name",), ("client_id",)),
    "decisionstage": (("name",), ("study_id",)),
    "category": (("name",), ("client_id",)),
    "organization": (("name",), ("client_id",)),
    "buyer": (("name", "title"), None),
    "influencer": (("name", "affiliation"), None),
    "paidtie": (("vendor",), None),
    "namereview": (("name",), None),
    "rankingentry": (("influencer_name",), None),
}


def _unique(model, row, field, name, scope):
    taken = model.objects.filter(**{f: getattr(row, f) for f in scope}).exclude(pk=row.pk)
    candidate, n = name, 1
    while taken.filter(**{field: candidate}).exists():
        n += 1
        candidate = f"{name} ({n})"
    return candidate


def _strip_names(model, fields, scope):
    for field in fields:
        for row in list(model.objects.filter(**{f"{field}__regex": PATTERN})):
            name = clean(getattr(row, field))
            if scope is not None:
                name = _unique(model, row, field, name, scope)
            setattr(row, field, name)
            update = [field]
            if field == "name" and model._meta.model_name == "influencer":
                row.normalized_name = normalize(name)
                update.append("normalized_name")
            row.save(update_fields=update)


def _strip_aliases(alias_model):
    for alias in alias_model.objects.filter(name__regex=PATTERN).select_related("influencer"):
        name = clean(alias.name)
        key = normalize(name)
        copies = alias_model.objects.filter(influencer=alias.influencer_id, normalized=key)
        if key == alias.influencer.normalized_name or copies.exclude(pk=alias.pk).exists():
            alias.delete()
        else:
            alias.name, alias.normalized = name, key
            alias.save(update_fields=["name", "normalized"])


def strip_stored_names(apps, schema_editor):
    for model_name, (fields, scope) in NAMES.items():
        _strip_names(apps.get_model("identification", model_name), fields, scope)
    _strip_aliases(apps.get_model("identification", "influenceralias"))


class Migration(migrations.Migration):

    dependencies = [
        ("identification", "0008_mention_position"),
    ]

    operations = [
        migrations.AlterField(
            model_name='buyer',
            name='name',
            field=models.CharField(blank=True, help_text='Optional: may be anonymous.', max_length=200, validators=[identification.text.refuse_bidi_controls]),
        ),
        migrations.AlterField(
            model_name='buyer',
            name='title',
            field=models.CharField(blank=True, max_length=200, validators=[identification.text.refuse_bidi_controls]),
        ),
        migrations.AlterField(
            model_name='category',
            name='name',
            field=models.CharField(max_length=100, validators=[identification.text.refuse_bidi_controls]),
        ),
        migrations.AlterField(
            model_name='client',
            name='name',
            field=models.CharField(max_length=200, unique=True, validators=[identification.text.refuse_bidi_controls]),
        ),
        migrations.AlterField(
            model_name='decisionstage',
            name='name',
            field=models.CharField(max_length=100, validators=[identification.text.refuse_bidi_controls]),
        ),
        migrations.AlterField(
            model_name='influencer',
            name='affiliation',
            field=models.CharField(blank=True, max_length=200, validators=[identification.text.refuse_bidi_controls]),
        ),
        migrations.AlterField(
            model_name='influencer',
            name='name',
            field=models.CharField(max_length=200, validators=[identification.text.refuse_bidi_controls]),
        ),
        migrations.AlterField(
            model_name='influenceralias',
            name='name',
            field=models.CharField(help_text='One other name; it may contain commas.', max_length=200, validators=[identification.text.refuse_bidi_controls]),
        ),
        migrations.AlterField(
            model_name='organization',
            name='name',
            field=models.CharField(max_length=200, validators=[identification.text.refuse_bidi_controls]),
        ),
        migrations.AlterField(
            model_name='paidtie',
            name='vendor',
            field=models.CharField(max_length=200, validators=[identification.text.refuse_bidi_controls]),
        ),
        migrations.AlterField(
            model_name='study',
            name='name',
            field=models.CharField(max_length=200, validators=[identification.text.refuse_bidi_controls]),
        ),
        migrations.RunPython(strip_stored_names, migrations.RunPython.noop),
    ]
