"""No survey or import page shows or touches another client's data.

For every URL of `surveys/urls.py` (a test fails when one is missing from the matrix):
every role of the other client gets 404 for this client's surveys, import jobs and saved
mappings, by GET and by POST, and nothing of this client changes; the other client's pages
never show this client's survey titles, file names, mapping names or registry names;
anonymous users are sent to log in. The public form is public by its token: an unknown
token answers 404, a closed survey 410.

Add a page here by adding one entry to PAGES (or NO_OBJECT / PUBLIC), and to LISTS if it
lists things.
"""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient
from django.urls import reverse

import surveys.urls
from identification.models import Evidence
from identification.models.choices import Role
from surveys.imports.mapping import Mapping
from surveys.models import ImportJob, SavedMapping, Survey
from surveys.services.import_jobs import create_import_job, save_mapping
from surveys.services.surveys import create_survey, set_survey_open
from tests import isolation
from tests.isolation import (
    METHODS,
    ROLES,
    Page,
    assert_isolated_and_unchanged,
    assert_sent_to_log_in,
    assert_shows_theirs_not_ours,
    url_names,
)
from tests.surveys.helpers import long_csv, mention_row


@dataclass
class SurveyWorld:
    """One client's core objects (`isolation.World`) plus a survey, an import job and a mapping."""

    core: isolation.World
    survey: Survey
    job: ImportJob
    mapping: SavedMapping
    secrets: dict[str, str]

    @property
    def study(self):
        return self.core.study


def build_world(tenant) -> SurveyWorld:
    world = isolation.build_world(tenant)
    tag = tenant.client.slug.replace("-", "").capitalize()
    analyst = tenant.users[Role.ANALYST]
    survey = create_survey(study=tenant.study, title=f"Zed{tag}Survey", user=analyst)
    content = long_csv([mention_row("R1", f"Zed{tag}FileInfluencer")])
    job = create_import_job(
        study=tenant.study, user=analyst, filename=f"zed{tag}-export.csv", content=content
    )
    mapping = save_mapping(
        client=tenant.client,
        name=f"Zed{tag}Mapping",
        mapping=Mapping.from_document(job.mapping),
        user=analyst,
    )
    secrets = {
        **world.secrets,
        "survey": survey.title,
        "file": job.filename,
        "file_influencer": f"Zed{tag}FileInfluencer",
        "mapping": mapping.name,
    }
    return SurveyWorld(core=world, survey=survey, job=job, mapping=mapping, secrets=secrets)


def state(world: SurveyWorld) -> dict:
    """What a leaking POST could change in a world."""
    study = world.study
    return {
        **isolation.state(world.core),
        "surveys": list(Survey.objects.filter(study=study).values_list("pk", "title", "is_open")),
        "questions": list(
            Survey.objects.filter(study=study).values_list("questions__pk", "questions__prompt")
        ),
        "jobs": list(ImportJob.objects.filter(study=study).values_list("pk", "status", "mapping")),
        "mappings": list(
            SavedMapping.objects.filter(client=study.client).values_list("pk", "name", "document")
        ),
    }


def _u(name, *args):
    return reverse(f"surveys:{name}", args=args)


PAGES = {
    "survey_list": Page(lambda w: _u("survey_list", w.study.slug)),
    "survey_create": Page(lambda w: _u("survey_create", w.study.slug)),
    "survey_detail": Page(lambda w: _u("survey_detail", w.study.slug, w.survey.pk)),
    "survey_toggle": Page(
        lambda w: _u("survey_toggle", w.study.slug, w.survey.pk),
        methods=("post",),
        data={"open": "0"},
    ),
    "import_index": Page(lambda w: _u("import_index", w.study.slug)),
    "import_mapping": Page(lambda w: _u("import_mapping", w.study.slug, w.job.pk)),
    "import_preview": Page(lambda w: _u("import_preview", w.study.slug, w.job.pk)),
    "import_job": Page(lambda w: _u("import_job", w.study.slug, w.job.pk)),
    "import_progress": Page(lambda w: _u("import_progress", w.study.slug, w.job.pk)),
    "job_mapping_download": Page(lambda w: _u("job_mapping_download", w.study.slug, w.job.pk)),
    "job_mapping_save": Page(
        lambda w: _u("job_mapping_save", w.study.slug, w.job.pk),
        methods=("post",),
        data={"name": "Taken"},
    ),
    "mapping_download": Page(lambda w: _u("mapping_download", w.study.slug, w.mapping.pk)),
    "mapping_delete": Page(
        lambda w: _u("mapping_delete", w.study.slug, w.mapping.pk), methods=("post",)
    ),
}

# URLs of no client's object: any signed-in user may open them.
NO_OBJECT = {
    "mapping_format": lambda: _u("mapping_format"),
    "import_sample": lambda: _u("import_sample", "sample-long.csv"),
}

# Reached without log-in through a survey's unguessable token (tested below).
PUBLIC = {"public_form", "public_thanks"}

# Pages of a world that list or show its things, with the kinds of its secrets each must
# show (so the check that the other client's names are absent is not passed vacuously).
LISTS = {
    "home": (lambda w: reverse("identification:home"), ("study",)),
    "study": (lambda w: reverse("identification:study", args=[w.study.slug]), ("study",)),
    "survey_list": (PAGES["survey_list"].url, ("survey",)),
    "survey_create": (PAGES["survey_create"].url, ("study",)),
    "survey_detail": (PAGES["survey_detail"].url, ("survey",)),
    "import_index": (PAGES["import_index"].url, ("file", "mapping")),
    "import_mapping": (PAGES["import_mapping"].url, ("file", "file_influencer")),
    "import_preview": (PAGES["import_preview"].url, ("file",)),
    "import_job": (PAGES["import_job"].url, ("file",)),
    "import_progress": (PAGES["import_progress"].url, ()),
}


def test_every_url_of_the_app_is_in_the_matrix():
    names = url_names(surveys.urls.urlpatterns)
    assert names == set(PAGES) | set(NO_OBJECT) | PUBLIC
    assert set(LISTS) - {"home", "study"} <= names


@pytest.fixture
def worlds(tenant, other):
    """(ours, theirs): `tenant`'s objects, and `other`'s, whose users are the outsiders."""
    return build_world(tenant), build_world(other)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_another_clients_users_get_404_and_change_nothing(other, worlds, role, page):
    ours, _ = worlds
    urls = {page: PAGES[page].url(ours)}
    assert_isolated_and_unchanged(other.http(role), urls, PAGES, ours, state)


@pytest.mark.parametrize("role", ROLES)
def test_this_clients_objects_are_404_under_the_other_clients_study(other, worlds, role):
    ours, theirs = worlds
    http = other.http(role)
    slug = theirs.study.slug
    mixed = {
        "survey_detail": _u("survey_detail", slug, ours.survey.pk),
        "survey_toggle": _u("survey_toggle", slug, ours.survey.pk),
        "import_mapping": _u("import_mapping", slug, ours.job.pk),
        "import_preview": _u("import_preview", slug, ours.job.pk),
        "import_job": _u("import_job", slug, ours.job.pk),
        "import_progress": _u("import_progress", slug, ours.job.pk),
        "job_mapping_download": _u("job_mapping_download", slug, ours.job.pk),
        "job_mapping_save": _u("job_mapping_save", slug, ours.job.pk),
        "mapping_download": _u("mapping_download", slug, ours.mapping.pk),
        "mapping_delete": _u("mapping_delete", slug, ours.mapping.pk),
    }
    assert_isolated_and_unchanged(http, mixed, PAGES, ours, state)


def test_forms_of_the_other_client_refuse_this_clients_objects(other, worlds):
    """Ids of this client's mapping and stages sent to the other client's forms do nothing."""
    ours, theirs = worlds
    http = other.http(Role.ANALYST)
    before = state(ours), state(theirs)

    upload = http.post(
        _u("import_index", theirs.study.slug),
        {
            "file": SimpleUploadedFile("x.csv", long_csv([mention_row("R9", "Someone")])),
            "saved_mapping": ours.mapping.pk,
        },
    )
    assert upload.status_code == 200
    assert "saved_mapping" in upload.context["form"].errors
    stage = ours.study.stages.first()
    created = http.post(
        _u("survey_create", theirs.study.slug),
        {"title": "Taken", "names_per_stage": 2, f"ask_{stage.pk}": "on"},
    )
    assert created.status_code == 200

    assert (state(ours), state(theirs)) == before


@pytest.mark.parametrize("page", LISTS)
@pytest.mark.parametrize("role", ROLES)
def test_the_other_clients_pages_never_show_this_clients_names(other, worlds, role, page):
    ours, theirs = worlds
    target, shown = LISTS[page]
    response = other.http(role).get(target(theirs))
    assert_shows_theirs_not_ours(response, ours, theirs, shown, page, role)


@pytest.mark.parametrize("page", [*PAGES, *NO_OBJECT])
def test_anonymous_users_are_sent_to_log_in(client, tenant, page):
    url = PAGES[page].url(build_world(tenant)) if page in PAGES else NO_OBJECT[page]()
    assert_sent_to_log_in(client, url, page)


@pytest.fixture
def anonymous():
    cache.clear()  # the public form is rate-limited per address
    yield HttpClient()
    cache.clear()


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_an_unknown_token_answers_404(anonymous, worlds, name):
    for method in METHODS:
        response = getattr(anonymous, method)(_u(name, "no-such-token"))
        assert response.status_code == 404, f"{method.upper()} {name}"


def test_a_closed_surveys_link_answers_410_and_records_nothing(anonymous, worlds):
    ours, _ = worlds
    set_survey_open(survey=ours.survey, is_open=False)
    url = _u("public_form", ours.survey.token)
    assert anonymous.get(url).status_code == 410
    assert anonymous.post(url, {"organization": "Intruder Ltd"}).status_code == 410
    assert not Evidence.objects.filter(study=ours.study, survey_response__isnull=False).exists()


def test_a_public_form_offers_only_its_own_clients_categories(anonymous, worlds):
    ours, theirs = worlds
    response = anonymous.get(_u("public_form", theirs.survey.token))
    assert response.status_code == 200
    assert theirs.secrets["survey"].encode() in response.content
    assert theirs.secrets["category"].encode() in response.content
    for kind, secret in ours.secrets.items():
        assert secret.encode() not in response.content, f"public form shows our {kind}"


@pytest.mark.parametrize("role", [Role.MARKETING_HEAD, Role.ENGAGEMENT_OWNER, Role.VIEWER])
def test_own_saved_mappings_stay_for_analysts_only(tenant, role):
    """Fetching the mapping before the role check (so outsiders get 404) keeps the 403 here."""
    ours = build_world(tenant)
    http = tenant.http(role)
    before = state(ours)
    assert http.get(PAGES["mapping_download"].url(ours)).status_code == 403
    assert http.post(PAGES["mapping_delete"].url(ours)).status_code == 403
    assert state(ours) == before
