"""The influencer registry pages: list, search, detail, create, edit, merge."""

import pytest
from django.urls import reverse

from identification.models import Influencer, InfluencerAlias, Mention, PaidTie
from identification.models.choices import Role
from tests.factories import EvidenceFactory, InfluencerFactory, MentionFactory


def url(name, client, *args):
    return reverse(f"identification:{name}", args=[client.slug, *args])


def influencer_post(category, **fields):
    return {
        "name": "Dana Scully",
        "kind": "person",
        "category": category.pk,
        "affiliation": "FBI Analytics",
        "external_id": "",
        "aliases": "D. Scully\nDana",
        "audience": "LinkedIn: 12,000\nX: 800",
        "known_to_client": "on",
        "notes": "",
        "ties-TOTAL_FORMS": "1",
        "ties-INITIAL_FORMS": "0",
        "ties-MIN_NUM_FORMS": "0",
        "ties-MAX_NUM_FORMS": "1000",
        "ties-0-vendor": "Globex",
        "ties-0-nature": "advisory board",
        "ties-0-since": "2025-01-01",
        "ties-0-disclosed": "on",
        **fields,
    }


class TestList:
    def test_searches_names_and_aliases(self, tenant, analyst):
        fox = InfluencerFactory(client=tenant.client, name="Fox Mulder")
        InfluencerAlias.objects.create(influencer=fox, name="Spooky")
        InfluencerFactory(client=tenant.client, name="Walter Skinner")
        by_alias = analyst.get(url("influencer_list", tenant.client), {"q": "spook"})
        by_name = analyst.get(url("influencer_list", tenant.client), {"q": "MULDER"})
        assert [i.name for i in by_alias.context["page"].object_list] == ["Fox Mulder"]
        assert [i.name for i in by_name.context["page"].object_list] == ["Fox Mulder"]

    def test_filters_by_category(self, tenant, analyst):
        academics = tenant.client.categories.get(name="Academics")
        InfluencerFactory(client=tenant.client, name="Prof", category=academics)
        InfluencerFactory(
            client=tenant.client, name="Other", category=tenant.client.categories.get(name="Peers")
        )
        response = analyst.get(url("influencer_list", tenant.client), {"category": academics.pk})
        assert [i.name for i in response.context["page"].object_list] == ["Prof"]

    def test_shows_an_empty_state(self, tenant, analyst):
        response = analyst.get(url("influencer_list", tenant.client))
        assert b"The registry is empty" in response.content

    def test_paginates_and_runs_a_constant_number_of_queries(
        self, tenant, analyst, django_assert_max_num_queries
    ):
        for inf in InfluencerFactory.create_batch(30, client=tenant.client):
            InfluencerAlias.objects.create(influencer=inf, name=f"{inf.name} alias")
        with django_assert_max_num_queries(10):
            response = analyst.get(url("influencer_list", tenant.client))
        assert len(response.context["page"].object_list) == 25
        second = analyst.get(url("influencer_list", tenant.client), {"page": 2})
        assert len(second.context["page"].object_list) == 5


class TestSearchEndpoint:
    def test_answers_json_matching_name_or_alias_of_the_client_only(self, tenant, other, analyst):
        ada = InfluencerFactory(client=tenant.client, name="Ada Lovelace")
        InfluencerAlias.objects.create(influencer=ada, name="Countess")
        InfluencerFactory(client=other.client, name="Ada Foreign")
        response = analyst.get(url("influencer_search", tenant.client), {"q": "ada"})
        assert [r["name"] for r in response.json()["results"]] == ["Ada Lovelace"]
        by_alias = analyst.get(url("influencer_search", tenant.client), {"q": "count"})
        assert by_alias.json()["results"][0]["aliases"] == ["Countess"]

    def test_answers_html_to_htmx(self, tenant, analyst):
        InfluencerFactory(client=tenant.client, name="Ada Lovelace")
        response = analyst.get(
            url("influencer_search", tenant.client), {"q": "ada"}, headers={"HX-Request": "true"}
        )
        assert b'data-name="Ada Lovelace"' in response.content

    def test_of_another_client_is_404(self, tenant, other, analyst):
        assert analyst.get(url("influencer_search", other.client), {"q": "a"}).status_code == 404


def test_detail_lists_every_mention_aliases_and_paid_ties(tenant, analyst):
    inf = InfluencerFactory(client=tenant.client, name="Hari Seldon")
    InfluencerAlias.objects.create(influencer=inf, name="The Psychohistorian")
    PaidTie.objects.create(influencer=inf, vendor="Foundation Inc", nature="retainer")
    mention = MentionFactory(
        evidence=EvidenceFactory(study=tenant.study), influencer=inf, quote="He saw it coming."
    )
    response = analyst.get(url("influencer_detail", tenant.client, inf.pk))
    html = response.content.decode()
    for text in (
        "The Psychohistorian",
        "Foundation Inc",
        "He saw it coming.",
        tenant.study.name,
        mention.stage.name,
        mention.get_strength_display(),
        mention.get_direction_display(),
        mention.get_channel_display(),
    ):
        assert text in html


def test_analyst_creates_an_influencer_with_aliases_audience_and_paid_ties(tenant, analyst):
    category = tenant.client.categories.get(name="Industry analysts")
    response = analyst.post(url("influencer_create", tenant.client), influencer_post(category))
    inf = Influencer.objects.get(name="Dana Scully")
    assert response.status_code == 302
    assert inf.client == tenant.client
    assert inf.audience == {"LinkedIn": 12000, "X": 800}
    assert inf.known_to_client
    assert sorted(inf.aliases.values_list("name", flat=True)) == ["D. Scully", "Dana"]
    assert list(inf.paid_ties.values_list("vendor", "disclosed")) == [("Globex", True)]


def test_analyst_edits_an_influencer(tenant, analyst):
    inf = InfluencerFactory(client=tenant.client, name="Old Name")
    category = tenant.client.categories.first()
    assert analyst.get(url("influencer_edit", tenant.client, inf.pk)).status_code == 200
    data = influencer_post(category, name="New Name", aliases="Old Name", **{"ties-0-vendor": ""})
    data["ties-0-nature"] = ""
    data["ties-0-since"] = ""
    data.pop("ties-0-disclosed")
    response = analyst.post(url("influencer_edit", tenant.client, inf.pk), data)
    assert response.status_code == 302
    inf.refresh_from_db()
    assert inf.name == "New Name"
    assert list(inf.aliases.values_list("name", flat=True)) == ["Old Name"]
    assert not inf.paid_ties.exists()


def test_bad_influencer_input_is_marked_and_writes_nothing(tenant, other, analyst):
    foreign_category = other.client.categories.first()
    data = influencer_post(foreign_category, audience="LinkedIn lots")
    response = analyst.post(url("influencer_create", tenant.client), data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"category", "audience"}
    assert 'value="Dana Scully"' in response.content.decode()
    assert not Influencer.objects.filter(name="Dana Scully").exists()


def test_a_duplicate_external_id_is_reported_on_the_field(tenant, analyst):
    InfluencerFactory(client=tenant.client, external_id="crm-1")
    data = influencer_post(tenant.client.categories.first(), external_id="crm-1")
    response = analyst.post(url("influencer_create", tenant.client), data)
    assert "external_id" in response.context["form"].errors
    assert not Influencer.objects.filter(name="Dana Scully").exists()


def test_merge_shows_what_will_move_then_merges_on_post(tenant, analyst):
    keep = InfluencerFactory(client=tenant.client, name="Jane Doe")
    dup = InfluencerFactory(client=tenant.client, name="J. Doe")
    InfluencerAlias.objects.create(influencer=dup, name="JD")
    PaidTie.objects.create(influencer=dup, vendor="Initrode", nature="sponsorship")
    mentions = MentionFactory.create_batch(
        2, evidence=EvidenceFactory(study=tenant.study), influencer=dup
    )

    preview = analyst.get(url("influencer_merge", tenant.client, keep.pk), {"other": dup.pk})
    html = preview.content.decode()
    assert "move 2 mentions" in html
    assert "JD" in html
    assert "Initrode" in html
    assert Influencer.objects.filter(pk=dup.pk).exists()

    response = analyst.post(url("influencer_merge", tenant.client, keep.pk), {"other": dup.pk})
    assert response["Location"] == url("influencer_detail", tenant.client, keep.pk)
    assert not Influencer.objects.filter(pk=dup.pk).exists()
    assert set(Mention.objects.filter(influencer=keep)) == set(mentions)
    assert sorted(keep.aliases.values_list("name", flat=True)) == ["J. Doe", "JD"]


def test_merge_cannot_take_an_influencer_of_another_client(tenant, other, analyst):
    keep = InfluencerFactory(client=tenant.client)
    foreign = InfluencerFactory(client=other.client)
    response = analyst.post(url("influencer_merge", tenant.client, keep.pk), {"other": foreign.pk})
    assert response.status_code == 200
    assert "other" in response.context["form"].errors
    assert Influencer.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("role", [Role.MARKETING_HEAD, Role.ENGAGEMENT_OWNER, Role.VIEWER])
def test_read_only_roles_get_403_on_registry_writes(tenant, role):
    http = tenant.http(role)
    keep = InfluencerFactory(client=tenant.client)
    dup = InfluencerFactory(client=tenant.client)
    category = tenant.client.categories.first()
    assert http.get(url("influencer_create", tenant.client)).status_code == 403
    assert (
        http.post(url("influencer_create", tenant.client), influencer_post(category)).status_code
        == 403
    )
    assert http.get(url("influencer_edit", tenant.client, keep.pk)).status_code == 403
    assert (
        http.post(url("influencer_merge", tenant.client, keep.pk), {"other": dup.pk}).status_code
        == 403
    )
    assert Influencer.objects.filter(client=tenant.client).count() == 2
    assert http.get(url("influencer_detail", tenant.client, keep.pk)).status_code == 200


def test_detail_runs_a_constant_number_of_queries(tenant, analyst, django_assert_max_num_queries):
    inf = InfluencerFactory(client=tenant.client)
    for _ in range(20):
        MentionFactory(evidence=EvidenceFactory(study=tenant.study), influencer=inf)
    with django_assert_max_num_queries(10):
        response = analyst.get(url("influencer_detail", tenant.client, inf.pk))
    assert len(response.context["mentions"]) == 20
