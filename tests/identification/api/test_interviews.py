"""Posting an interview with its mentions: atomic, with the interview form's name resolution;
and what each role reads of the evidence."""

from identification.models import Buyer, Evidence, Influencer, Mention, Organization
from identification.models.choices import Role
from tests.factories import InfluencerFactory
from tests.identification.api.conftest import token_client
from tests.isolation import build_world


def _url(study):
    return f"/api/v1/studies/{study.slug}/evidence/"


def _counts():
    return [m.objects.count() for m in (Evidence, Mention, Influencer, Buyer, Organization)]


def _interview(study, category, *mentions, **extra):
    stage = study.stages.get(order=3)
    return {
        "collected_on": "2026-09-01",
        "new_buyer": {"organization_name": "Initech", "role": "decision_maker", "name": "Pat"},
        "mentions": [{"stage": stage.pk, **m} for m in mentions],
        **extra,
    }


def test_an_interview_with_its_mentions_is_recorded_in_one_request(tenant):
    api = token_client(tenant.users[Role.ANALYST])
    known = InfluencerFactory(client=tenant.client, name="Priya Raman")
    category = tenant.client.categories.first()
    body = _interview(
        tenant.study,
        category,
        {"influencer": known.pk, "strength": "decisive", "quote": "She framed it"},
        {"new_influencer": {"name": "Hal Jordan", "category": category.pk}, "channel": "web"},
        {"new_influencer": {"name": "priya  RAMAN", "category": category.pk}},
        non_person=[{"stage": tenant.study.stages.first().pk, "source": "search"}],
    )
    response = token_client(tenant.users[Role.ANALYST]).post(
        _url(tenant.study), body, format="json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    evidence = Evidence.objects.get(pk=data["id"])
    assert evidence.collected_by == tenant.users[Role.ANALYST]
    assert evidence.buyer.organization.name == "Initech"
    names = [m["influencer"]["name"] for m in data["mentions"]]
    # An exact name (any case and spacing) is the registry's influencer, not a new one.
    assert sorted(names) == ["Hal Jordan", "Priya Raman", "Priya Raman"]
    assert Influencer.objects.filter(client=tenant.client, name="Priya Raman").count() == 1
    assert data["non_person"] == [{"stage": tenant.study.stages.first().pk, "source": "search"}]
    assert data["respondent"]["name"] == "Pat"
    assert api.get(f"{_url(tenant.study)}{evidence.pk}/").json()["mention_count"] == 3


def test_a_near_match_is_refused_with_its_candidates_and_nothing_is_written(tenant):
    api = token_client(tenant.users[Role.ANALYST])
    known = InfluencerFactory(client=tenant.client, name="Priya Raman")
    category = tenant.client.categories.first()
    body = _interview(
        tenant.study,
        category,
        {"new_influencer": {"name": "Hal Jordan", "category": category.pk}},
        {"new_influencer": {"name": "Priya Ramen", "category": category.pk}},
    )
    before = _counts()
    response = api.post(_url(tenant.study), body, format="json")
    assert response.status_code == 400
    errors = response.json()["mentions"]
    assert set(errors) == {"1"}
    assert errors["1"]["candidates"] == [
        {"id": known.pk, "name": "Priya Raman", "category": known.category.name}
    ]
    assert "different_person" in errors["1"]["new_influencer"]["name"][0]
    assert _counts() == before

    body["mentions"][1]["new_influencer"]["different_person"] = True
    response = api.post(_url(tenant.study), body, format="json")
    assert response.status_code == 201
    assert Influencer.objects.filter(client=tenant.client, name="Priya Ramen").exists()


def test_a_bad_row_writes_nothing_and_names_its_fields(tenant):
    api = token_client(tenant.users[Role.ANALYST])
    category = tenant.client.categories.first()
    body = _interview(
        tenant.study,
        category,
        {"new_influencer": {"name": "Ok Person", "category": category.pk}},
        {"new_influencer": {"name": "Bad", "category": category.pk}, "strength": "huge"},
        collected_on="2999-01-01",
    )
    before = _counts()
    response = api.post(_url(tenant.study), body, format="json")
    assert response.status_code == 400
    assert "strength" in response.json()["mentions"]["1"]
    assert _counts() == before
    # Past the serializer, the service's own checks come back on their fields too.
    body["mentions"][1]["strength"] = "minor"
    response = api.post(_url(tenant.study), body, format="json")
    assert response.status_code == 400
    assert response.json() == {"collected_on": ["The interview date cannot be in the future."]}
    assert _counts() == before


def test_exactly_one_respondent_is_required(tenant):
    api = token_client(tenant.users[Role.ANALYST])
    world = build_world(tenant)
    stage = tenant.study.stages.first()
    body = {
        "collected_on": "2026-09-01",
        "buyer": world.evidence.buyer_id,
        "respondent_influencer": world.influencer.pk,
        "mentions": [{"influencer": world.influencer.pk, "stage": stage.pk}],
    }
    response = api.post(_url(tenant.study), body, format="json")
    assert response.status_code == 400
    assert "respondent" in response.json()


def test_only_analysts_read_respondent_names_and_notes(tenant):
    world = build_world(tenant)
    world.evidence.notes = "Met at the fair"
    world.evidence.save()
    buyer = world.secrets["buyer"]
    for role in Role.values:
        api = token_client(tenant.users[role])
        listing = api.get(_url(tenant.study)).json()["results"][0]
        detail = api.get(f"{_url(tenant.study)}{world.evidence.pk}/").json()
        analyst = role == Role.ANALYST
        for item in (listing, detail):
            assert item["respondent"]["name"] == (buyer if analyst else None), role
            assert item["respondent"]["organization"]["name"] == world.secrets["organization"]
            assert item["notes"] == ("Met at the fair" if analyst else None)
        assert (
            buyer.encode() not in api.get(f"/api/v1/studies/{tenant.study.slug}/mentions/").content
        )


def test_evidence_and_mentions_filter_by_date_stage_influencer_and_organization(tenant):
    world = build_world(tenant)
    api = token_client(tenant.users[Role.VIEWER])
    stage = world.evidence.mentions.get().stage
    other_stage = tenant.study.stages.exclude(pk=stage.pk).first()
    org = world.evidence.buyer.organization_id
    for path in ("evidence", "mentions"):
        url = f"/api/v1/studies/{tenant.study.slug}/{path}/"
        hits = {
            "date_from=2026-10-01": 1,
            "date_from=2026-10-02": 0,
            "date_to=2026-09-30": 0,
            f"stage={stage.pk}": 1,
            f"stage={other_stage.pk}": 0,
            f"influencer={world.influencer.pk}": 1,
            f"organization={org}": 1,
            f"organization={org + 1000}": 0,
        }
        for query, count in hits.items():
            assert api.get(f"{url}?{query}").json()["count"] == count, (path, query)
        assert api.get(f"{url}?date_from=yesterday").status_code == 400
