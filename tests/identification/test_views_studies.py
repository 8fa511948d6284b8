"""The home page, the study page and its decision-stages form."""

import pytest
from django.urls import reverse

from identification.models import DecisionStage
from identification.models.choices import Role
from tests.factories import EvidenceFactory, MentionFactory


def stages_post(rows: list[dict], initial: int) -> dict:
    data = {
        "stages-TOTAL_FORMS": str(len(rows)),
        "stages-INITIAL_FORMS": str(initial),
        "stages-MIN_NUM_FORMS": "0",
        "stages-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"stages-{i}-{key}"] = value
    return data


def current_rows(study) -> list[dict]:
    return [
        {"id": s.pk, "name": s.name, "order": s.order, "weight": s.weight}
        for s in study.stages.all()
    ]


def test_home_lists_only_the_users_clients_and_links_their_studies(tenant, other, analyst):
    response = analyst.get(reverse("identification:home"))
    html = response.content.decode()
    assert reverse("identification:study", args=[tenant.study.slug]) in html
    assert other.study.name not in html
    assert other.client.name not in html


def test_study_page_shows_summary_counts_stages_and_links(tenant, analyst):
    evidence = EvidenceFactory(study=tenant.study)
    MentionFactory.create_batch(3, evidence=evidence)
    response = analyst.get(reverse("identification:study", args=[tenant.study.slug]))
    html = response.content.decode()
    assert response.context["counts"] == {
        "evidence": 1,
        "respondents": 1,
        "mentions": 3,
        "influencers": 3,
    }
    for text in ("HR software", "UK", "Supplier shortlisting", 'id="ranking-panel"'):
        assert text in html
    for name in ("evidence_list", "interview_create", "study_stages"):
        assert reverse(f"identification:{name}", args=[tenant.study.slug]) in html
    assert reverse("identification:influencer_list", args=[tenant.client.slug]) in html


def test_study_page_hides_write_links_from_a_viewer(tenant):
    response = tenant.http(Role.VIEWER).get(
        reverse("identification:study", args=[tenant.study.slug])
    )
    assert response.status_code == 200
    assert reverse("identification:interview_create", args=[tenant.study.slug]) not in (
        response.content.decode()
    )


def test_analyst_renames_reorders_reweights_and_adds_stages(tenant, analyst):
    rows = current_rows(tenant.study)
    rows[0], rows[1] = {**rows[0], "order": 2}, {**rows[1], "order": 1, "weight": 3.5}
    rows[2]["name"] = "Scoping"
    rows.append({"id": "", "name": "Renewal", "order": 9, "weight": 0})
    response = analyst.post(
        reverse("identification:study_stages", args=[tenant.study.slug]),
        stages_post(rows, initial=6),
    )
    assert response.status_code == 302
    stages = list(tenant.study.stages.values_list("order", "name", "weight"))
    assert stages[:3] == [
        (1, "Decision to act", 3.5),
        (2, "Problem identification", 1.0),
        (3, "Scoping", 1.5),
    ]
    assert stages[-1] == (7, "Renewal", 0.0)


@pytest.mark.parametrize(
    ("change", "field"),
    [({"weight": "-1"}, "weight"), ({"name": "selection"}, "name")],
)
def test_bad_stages_are_marked_and_nothing_changes(tenant, analyst, change, field):
    before = current_rows(tenant.study)
    rows = current_rows(tenant.study)
    rows[0].update(change)
    response = analyst.post(
        reverse("identification:study_stages", args=[tenant.study.slug]),
        stages_post(rows, initial=6),
    )
    assert response.status_code == 200
    assert any(field in form.errors for form in response.context["formset"].forms)
    assert current_rows(tenant.study) == before


def test_a_stage_used_by_mentions_cannot_be_removed(tenant, analyst):
    stage = tenant.study.stages.first()
    MentionFactory(evidence=EvidenceFactory(study=tenant.study), stage=stage)
    rows = current_rows(tenant.study)
    rows[0]["DELETE"] = "on"
    response = analyst.post(
        reverse("identification:study_stages", args=[tenant.study.slug]),
        stages_post(rows, initial=6),
    )
    assert response.status_code == 200
    assert b"Mentions use this stage" in response.content
    assert DecisionStage.objects.filter(pk=stage.pk).exists()


def test_an_unused_stage_is_removed(tenant, analyst):
    rows = current_rows(tenant.study)
    rows[-1]["DELETE"] = "on"
    analyst.post(
        reverse("identification:study_stages", args=[tenant.study.slug]),
        stages_post(rows, initial=6),
    )
    assert tenant.study.stages.count() == 5


@pytest.mark.parametrize("role", [Role.MARKETING_HEAD, Role.ENGAGEMENT_OWNER, Role.VIEWER])
def test_read_only_roles_get_403_on_the_stages_form(tenant, role):
    http = tenant.http(role)
    target = reverse("identification:study_stages", args=[tenant.study.slug])
    assert http.get(target).status_code == 403
    rows = current_rows(tenant.study)
    rows[0]["weight"] = 9
    assert http.post(target, stages_post(rows, initial=6)).status_code == 403
    assert tenant.study.stages.first().weight != 9


def test_home_runs_a_constant_number_of_queries(tenant, staff_user, django_assert_max_num_queries):
    from django.test import Client as HttpClient

    from tests.factories import make_client, make_study

    for n in range(4):
        make_study(make_client(f"Extra {n}"), name=f"Extra study {n}")
    http = HttpClient()
    http.force_login(staff_user)
    with django_assert_max_num_queries(5):
        response = http.get(reverse("identification:home"))
    assert b"Extra study 3" in response.content
