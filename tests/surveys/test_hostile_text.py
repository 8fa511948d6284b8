"""Hostile text: bidirectional controls (U+202A–U+202E, U+2066–U+2069) never reorder a
page. Imports strip them with a warning (refusing would lose the file); the public survey
form and a mapping's name refuse them; a download's file name is plain ASCII whatever its
user typed."""

import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from identification.models import Buyer, Evidence, Influencer, Organization
from surveys.forms.mapping import SaveMappingForm
from surveys.models import ImportJob, SavedMapping
from surveys.services.imports import import_file
from surveys.services.surveys import Answer, create_survey, submit_survey_response
from tests.surveys.helpers import long_csv, mention_row, to_xlsx

pytestmark = pytest.mark.django_db

EVIL = "\u202eexe.txt\u202c Evil"  # shows as "Evil txt.exe" where controls are obeyed
CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _hostile_csv() -> bytes:
    rows = [
        mention_row("R1", EVIL, organization="Acme \u2066Bank\u2069"),
        mention_row("R2", "Tom Baker"),
    ]
    return long_csv(rows)


@pytest.mark.parametrize("as_xlsx", [False, True], ids=["csv", "xlsx"])
def test_an_import_strips_bidi_controls_with_a_warning_per_cell(tenant, as_xlsx):
    content = to_xlsx(_hostile_csv()) if as_xlsx else _hostile_csv()

    report = import_file(study=tenant.study, content=content, filename="x.csv")

    assert report.ok, report.problem_lines()
    assert Influencer.objects.filter(name="exe.txt Evil").exists()
    assert Organization.objects.filter(name="Acme Bank").exists()
    for model, field in ((Influencer, "name"), (Organization, "name"), (Buyer, "name")):
        assert not any(CONTROLS.search(v) for v in model.objects.values_list(field, flat=True))
    text = [w for w in report.warnings if w["kind"] == "text"]
    assert [(w["row"], w["column"]) for w in text] == [
        (2, "organization"),
        (2, "influencer_name"),
    ]
    assert "it now reads “exe.txt Evil”" in text[1]["reason"]
    # These warnings are about the text, not about respondents on file.
    assert not report.respondent_warnings
    assert not any("prefix them per wave" in line for line in report.warning_lines())


def test_the_preview_shows_the_warning_and_no_control_reaches_the_page(tenant, analyst):
    analyst.post(
        reverse("surveys:import_index", args=[tenant.study.slug]),
        {"file": SimpleUploadedFile("x.csv", _hostile_csv())},
    )
    job = ImportJob.objects.get()
    for name in ("import_mapping", "import_preview"):
        html = analyst.get(reverse(f"surveys:{name}", args=[tenant.study.slug, job.pk]))
        assert not CONTROLS.search(html.content.decode()), name
    assert "invisible right-to-left / left-to-right control characters were removed" in (
        html.content.decode()
    )
    assert "2 warnings" in html.content.decode()


def test_an_uploaded_files_name_loses_its_bidi_controls(tenant, analyst):
    analyst.post(
        reverse("surveys:import_index", args=[tenant.study.slug]),
        {"file": SimpleUploadedFile("\u202evsc.exe", long_csv([mention_row("R1", "Tom")]))},
    )
    job = ImportJob.objects.get()
    assert job.filename == "vsc.exe"
    preview = reverse("surveys:import_preview", args=[tenant.study.slug, job.pk])
    analyst.post(preview, {})
    assert Evidence.objects.get().notes == "Imported from vsc.exe"


def test_a_column_name_with_bidi_controls_is_cleaned_too(tenant):
    content = (
        "respondent_id,\u202estage\u202c,influencer_name,category\nR1,Selection,Ann Lee,Peers\n"
    )
    report = import_file(study=tenant.study, content=content.encode(), filename="x.csv")
    assert report.ok, report.problem_lines()
    assert [(w["row"], w["column"]) for w in report.warnings] == [(1, "stage")]


def _form_data(survey, name):
    stage = survey.questions.first().stage
    peers = survey.study.client.categories.get(name="Peers")
    return {
        "organization": "Delta Logistics",
        "role": "decision_maker",
        f"s{stage.pk}_0_name": name,
        f"s{stage.pk}_0_category": peers.pk,
        f"s{stage.pk}_0_channel": "in_person",
        f"s{stage.pk}_0_strength": "notable",
    }


def test_the_public_form_refuses_bidi_controls_in_a_name_and_says_why(client, tenant):
    cache.clear()
    survey = create_survey(study=tenant.study, title="HR buyers", user=None)
    url = reverse("surveys:public_form", args=[survey.token])

    response = client.post(url, _form_data(survey, EVIL))

    assert response.status_code == 200
    assert "Remove the invisible right-to-left / left-to-right control characters" in (
        response.content.decode()
    )
    assert not Evidence.objects.exists()
    data = {**_form_data(survey, "Tom Baker"), "organization": "Acme \u202eBank"}
    response = client.post(url, data)
    assert "organization" in response.context["form"].errors
    assert not Evidence.objects.exists()


def test_the_survey_service_refuses_bidi_controls_in_names(tenant):
    survey = create_survey(study=tenant.study, title="HR buyers", user=None)
    stage = survey.questions.first().stage
    peers = tenant.client.categories.get(name="Peers")
    answer = Answer(
        stage_id=stage.pk, name=EVIL, category_id=peers.pk, channel="in_person", strength="notable"
    )
    with pytest.raises(ValidationError, match="reorder how the text is shown"):
        submit_survey_response(
            survey=survey, organization="Delta", role="decision_maker", answers=[answer]
        )
    assert not Evidence.objects.exists()


def test_a_mapping_name_with_bidi_controls_is_refused():
    form = SaveMappingForm({"name": "Qualtrics \u202eHR"})
    assert not form.is_valid()
    assert "reorder how the text is shown" in form.errors["name"][0]


HOSTILE_NAMES = [
    'evil"; filename="x.exe',
    "a\r\nSet-Cookie: session=1",
    "\u202egpj.exe",
    "日本語のマッピング",
    "../../etc/passwd",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_saved_mappings_download_is_named_in_plain_ascii(tenant, analyst, name):
    # Saved as an admin or the shell could: the download must not trust the name.
    saved = SavedMapping.objects.create(
        client=tenant.client, name=name, document={"layout": "long"}
    )

    response = analyst.get(reverse("surveys:mapping_download", args=[tenant.study.slug, saved.pk]))

    assert response.status_code == 200
    header = response["Content-Disposition"]
    match = re.fullmatch(r'attachment; filename="([A-Za-z0-9_.-]+)"', header)
    assert match, header
    assert match[1].endswith(".json")
    assert ".." not in match[1]


def test_a_readable_mapping_name_gives_its_slug(tenant, analyst):
    saved = SavedMapping.objects.create(
        client=tenant.client, name="Qualtrics – HR wave 2", document={"layout": "long"}
    )
    response = analyst.get(reverse("surveys:mapping_download", args=[tenant.study.slug, saved.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="qualtrics-hr-wave-2.json"'


ROOT = Path(__file__).resolve().parents[2]


def test_every_download_header_of_the_project_is_built_by_django_from_an_ascii_name():
    """A hand-written Content-Disposition is how a user's text gets into a header."""
    offending = []
    apps = [d for d in ROOT.iterdir() if (d / "__init__.py").exists() or (d / "apps.py").exists()]
    for path in (p for app in apps if app.name != "tests" for p in app.rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "Content-Disposition" in line and "content_disposition_header(" not in line:
                offending.append(f"{path.relative_to(ROOT)}:{n}")
    assert offending == []
