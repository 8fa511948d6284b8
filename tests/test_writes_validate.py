"""Every write the app makes outside forms validates what it writes.

The setup and stage services, the public survey's service, saved mappings and the import
refuse a bad value with a message before anything reaches the database; the import's write
phase, which writes in bulk without full_clean(), has the database's check constraints
behind it.
"""

import dataclasses

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from identification.models import Buyer, Client, Evidence, Influencer, Mention, Study
from identification.models.choices import Role
from identification.services.setup import add_member, create_client, create_study
from identification.services.studies import StageInput, update_stages
from surveys.imports.mapping import Mapping
from surveys.services.import_jobs import save_mapping
from surveys.services.imports import import_file
from surveys.services.imports import run as import_run
from surveys.services.surveys import Answer, create_survey, submit_survey_response
from tests.factories import UserFactory
from tests.surveys.helpers import long_csv, mention_row

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (Client, Study, Buyer, Influencer, Evidence, Mention)]


def test_create_study_validates_its_fields(tenant):
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        create_study(client=tenant.client, name="Nordics", recency_half_life_days=0)
    assert "recency_half_life_days" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        create_study(client=tenant.client, name="Nordics", strength_weights={"minor": -1})
    assert "strength_weights" in caught.value.message_dict
    with pytest.raises(ValidationError):
        create_study(client=tenant.client, name=tenant.study.name)  # one name per client
    assert _counts() == before


def test_create_client_refuses_a_blank_or_too_long_name(db):
    for name in ("   ", "x" * 201):
        with pytest.raises(ValidationError) as caught:
            create_client(name=name)
        assert "name" in caught.value.message_dict
    assert not Client.objects.exists()


def test_add_member_refuses_a_role_that_is_not_one_of_ours(tenant):
    user = UserFactory()
    with pytest.raises(ValidationError):
        add_member(user=user, client=tenant.client, role="owner")
    assert not user.memberships.exists()
    assert add_member(user=user, client=tenant.client, role=Role.VIEWER).role == Role.VIEWER


def test_create_study_command_reports_a_bad_name_and_creates_nothing(db):
    with pytest.raises(CommandError, match="Nothing was created: name"):
        call_command("create_study", "Initech", "y" * 201)
    assert not Client.objects.exists()


def _answer(survey, **changes) -> Answer:
    stage = survey.questions.first().stage
    peers = survey.study.client.categories.get(name="Peers")
    answer = Answer(
        stage_id=stage.pk, name="Ada", category_id=peers.pk, channel="event", strength="minor"
    )
    return dataclasses.replace(answer, **changes)


@pytest.mark.parametrize(
    "changes",
    [{"channel": "carrier pigeon"}, {"strength": "huge"}, {"name": "n" * 201}, {"name": "  "}],
)
def test_a_survey_response_with_a_bad_answer_is_refused_whole(tenant, changes):
    survey = create_survey(study=tenant.study, title="Buyers", user=tenant.users[Role.ANALYST])
    before = _counts()
    with pytest.raises(ValidationError):
        submit_survey_response(
            survey=survey,
            organization="Delta",
            role="decision_maker",
            answers=[_answer(survey), _answer(survey, **changes)],
        )
    assert _counts() == before


def test_an_import_refuses_text_longer_than_its_column_holds(tenant):
    rows = [
        mention_row("R1", "Ada Lovelace"),
        mention_row("R2", "B" * 201),
        mention_row("R" + "3" * 200, "Grace Hopper", organization="Org 3"),
        mention_row("R4", "Alan Turing", organization="O" * 201),
    ]
    before = _counts()
    report = import_file(study=tenant.study, content=long_csv(rows), filename="long.csv")
    assert not report.ok
    where = {(p["row"], p["column"]) for p in report.problems}
    # Rows as the user sees them in the file: the header is row 1.
    assert where == {(3, "influencer_name"), (4, "respondent_id"), (5, "organization")}
    reason = next(p["reason"] for p in report.problems if p["row"] == 3)
    assert "201 characters, but at most 200 fit in the influencer name" in reason
    assert _counts() == before


def test_a_value_past_the_checks_is_refused_by_the_database_and_nothing_is_written(
    tenant, monkeypatch
):
    real = import_run.build_plan

    def plan_with_a_bad_strength(*args, **kwargs):
        plan = real(*args, **kwargs)
        next(iter(plan.respondents.values())).mentions[0].strength = "huge"
        return plan

    monkeypatch.setattr(import_run, "build_plan", plan_with_a_bad_strength)
    before = _counts()
    rows = [mention_row("R1", "Ada Lovelace"), mention_row("R2", "Grace Hopper")]
    report = import_file(study=tenant.study, content=long_csv(rows), filename="long.csv")
    assert not report.ok
    assert "The database refused a value; nothing was imported" in report.problems[0]["reason"]
    assert "mention_strength_valid" in report.problems[0]["reason"]
    assert report.created == {}
    assert _counts() == before


def test_stage_names_longer_than_stored_and_non_finite_weights_are_refused(tenant):
    rows = [
        StageInput(name=s.name, order=s.order, weight=s.weight, stage=s)
        for s in tenant.study.stages.all()
    ]
    rows[0].name = "S" * 101
    rows[1].weight = float("nan")
    with pytest.raises(ValidationError) as caught:
        update_stages(study=tenant.study, stages=rows)
    assert set(caught.value.message_dict) == {"stages-0-name", "stages-1-weight"}
    assert "at most 100 characters" in caught.value.message_dict["stages-0-name"][0]
    assert tenant.study.stages.filter(name__startswith="SSS").count() == 0


def test_a_saved_mapping_name_longer_than_stored_is_refused(tenant):
    mapping = Mapping.from_document({"layout": "long", "columns": {"id": "respondent_id"}})
    with pytest.raises(ValidationError):
        save_mapping(client=tenant.client, name="M" * 201, mapping=mapping, user=None)
    assert not tenant.client.import_mappings.exists()


def test_create_survey_refuses_a_title_or_question_longer_than_stored(tenant):
    analyst = tenant.users[Role.ANALYST]
    stage = tenant.study.stages.first()
    with pytest.raises(ValidationError):
        create_survey(study=tenant.study, title="T" * 201, user=analyst)
    with pytest.raises(ValidationError):
        create_survey(study=tenant.study, title="Ok", user=analyst, prompts={stage.pk: "Q" * 301})
    assert not tenant.study.surveys.exists()
