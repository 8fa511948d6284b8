"""Logging, editing and deleting interviews through the real form; the evidence pages."""

import datetime as dt

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from identification.models import Buyer, Evidence, Influencer, Mention, Organization
from identification.models.choices import Role
from tests.factories import BuyerFactory, EvidenceFactory, InfluencerFactory, MentionFactory

MENTION_DEFAULTS = {
    "id": "",
    "influencer": "",
    "new_influencer_name": "",
    "new_influencer_category": "",
    "stage": "",
    "strength": "notable",
    "direction": "neutral",
    "channel": "in_person",
    "quote": "",
}


def interview_post(*, mentions: list[dict], initial: int = 0, **fields) -> dict:
    """The interview form's POST data as a browser sends it, mention rows included."""
    data = {
        "respondent_type": "new",
        "collected_on": "2026-10-01",
        "notes": "",
        **fields,
        "mentions-TOTAL_FORMS": str(len(mentions)),
        "mentions-INITIAL_FORMS": str(initial),
        "mentions-MIN_NUM_FORMS": "0",
        "mentions-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(mentions):
        for key, value in {**MENTION_DEFAULTS, **row}.items():
            data[f"mentions-{i}-{key}"] = value
    return data


def table_counts() -> dict:
    """Rows in every table of the identification app."""
    return {
        model.__name__: model.objects.count()
        for model in apps.get_app_config("identification").get_models()
    }


def url(name, study, *args):
    return reverse(f"identification:{name}", args=[study.slug, *args])


@pytest.fixture
def stages(tenant):
    return list(tenant.study.stages.all())


@pytest.fixture
def known(tenant):
    """Two influencers already in the client's registry."""
    return (
        InfluencerFactory(client=tenant.client, name="Grace Analyst"),
        InfluencerFactory(client=tenant.client, name="Paul Peer"),
    )


NEW_BUYER = {
    "organization_name": "Initech",
    "buyer_name": "Bill Lumbergh",
    "title": "VP Operations",
    "role": "decision_maker",
    "product_area": "Payroll",
    "buying_situation": "new_buy",
    "outcome": "competitor",
    "deal_size_band": "large",
    "purchase_date": "2026-06-15",
}


def test_analyst_logs_edits_and_deletes_an_interview(tenant, analyst, stages, known):
    grace, paul = known
    category = tenant.client.categories.get(name="Niche consultants")
    data = interview_post(
        **NEW_BUYER,
        notes="Met at the trade show.",
        non_person=[f"{stages[0].pk}:search", f"{stages[3].pk}:vendor_website"],
        mentions=[
            {
                "influencer": grace.pk,
                "stage": stages[3].pk,
                "strength": "decisive",
                "direction": "client",
                "channel": "publication",
                "quote": "Her report decided it.",
            },
            {"influencer": paul.pk, "stage": stages[4].pk, "channel": "phone_email"},
            {
                "new_influencer_name": "Nina Newcomer",
                "new_influencer_category": category.pk,
                "stage": stages[1].pk,
                "strength": "minor",
            },
            {},  # a blank extra row is ignored
        ],
    )
    response = analyst.post(url("interview_create", tenant.study), data)

    evidence = Evidence.objects.get(study=tenant.study)
    assert response.status_code == 302
    assert response["Location"] == url("evidence_detail", tenant.study, evidence.pk)
    assert evidence.collected_by == tenant.users[Role.ANALYST]
    assert evidence.buyer.organization.name == "Initech"
    assert evidence.buyer.get_outcome_display() == "Bought from a competitor"
    assert evidence.buyer.purchase_date == dt.date(2026, 6, 15)
    nina = Influencer.objects.get(client=tenant.client, name="Nina Newcomer")
    assert nina.category == category
    assert {(m.influencer.name, m.stage.name, m.strength) for m in evidence.mentions.all()} == {
        ("Grace Analyst", stages[3].name, "decisive"),
        ("Paul Peer", stages[4].name, "notable"),
        ("Nina Newcomer", stages[1].name, "minor"),
    }
    assert sorted(evidence.non_person_influences.values_list("source", flat=True)) == [
        "search",
        "vendor_website",
    ]
    # The evidence write asked for a fresh ranking.
    assert tenant.study.runs.filter(trigger="auto").count() == 1

    page = analyst.get(url("evidence_detail", tenant.study, evidence.pk))
    assert b"Her report decided it." in page.content
    assert b"Bill Lumbergh" in page.content

    # Edit: change Grace's mention, drop Paul's, keep Nina's.
    edit_page = analyst.get(url("interview_edit", tenant.study, evidence.pk))
    assert edit_page.status_code == 200
    rows = {m.influencer_id: m for m in evidence.mentions.all()}
    data = interview_post(
        respondent_type="buyer",
        buyer=evidence.buyer.pk,
        collected_on="2026-10-02",
        initial=3,
        mentions=[
            {
                "id": rows[grace.pk].pk,
                "influencer": grace.pk,
                "stage": stages[2].pk,
                "strength": "minor",
                "direction": "competitor",
                "channel": "web",
            },
            {"id": rows[paul.pk].pk, "influencer": paul.pk, "stage": stages[4].pk, "DELETE": "on"},
            {
                "id": rows[nina.pk].pk,
                "influencer": nina.pk,
                "stage": stages[1].pk,
                "strength": "minor",
            },
        ],
    )
    response = analyst.post(url("interview_edit", tenant.study, evidence.pk), data)
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert evidence.collected_on == dt.date(2026, 10, 2)
    assert not evidence.non_person_influences.exists()
    grace_mention = Mention.objects.get(pk=rows[grace.pk].pk)
    assert (grace_mention.stage, grace_mention.strength, grace_mention.direction) == (
        stages[2],
        "minor",
        "competitor",
    )
    assert not Mention.objects.filter(pk=rows[paul.pk].pk).exists()
    assert evidence.mentions.count() == 2

    # Delete: a confirmation page first, then the POST deletes.
    confirm = analyst.get(url("interview_delete", tenant.study, evidence.pk))
    assert confirm.status_code == 200
    assert b"Delete this interview?" in confirm.content
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    response = analyst.post(url("interview_delete", tenant.study, evidence.pk))
    assert response["Location"] == url("evidence_list", tenant.study)
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert not Mention.objects.filter(evidence_id=evidence.pk).exists()
    assert Buyer.objects.filter(name="Bill Lumbergh").exists()


def test_a_respondent_can_be_an_influencer_interviewed_about_their_influencers(
    tenant, analyst, stages, known
):
    grace, paul = known
    data = interview_post(
        respondent_type="influencer",
        respondent_influencer=grace.pk,
        mentions=[{"influencer": paul.pk, "stage": stages[0].pk}],
    )
    response = analyst.post(url("interview_create", tenant.study), data)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.respondent_influencer == grace
    assert evidence.buyer is None


def test_a_new_influencer_named_twice_in_one_interview_is_created_once(tenant, analyst, stages):
    category = tenant.client.categories.first()
    row = {"new_influencer_name": "Olga Orator", "new_influencer_category": category.pk}
    data = interview_post(
        **NEW_BUYER,
        mentions=[{**row, "stage": stages[0].pk}, {**row, "stage": stages[2].pk}],
    )
    analyst.post(url("interview_create", tenant.study), data)
    assert Influencer.objects.filter(name="Olga Orator").count() == 1
    assert Mention.objects.count() == 2


def _post_bad(analyst, tenant, data):
    before = table_counts()
    response = analyst.post(url("interview_create", tenant.study), data)
    assert response.status_code == 200
    assert table_counts() == before, "a rejected interview must write nothing"
    assert b"Nothing was saved" in response.content
    return response


def test_a_mention_row_without_a_stage_is_marked_and_nothing_is_written(
    tenant, analyst, stages, known
):
    category = tenant.client.categories.first()
    data = interview_post(
        **NEW_BUYER,
        mentions=[
            {
                "new_influencer_name": "Quentin Quoted",
                "new_influencer_category": category.pk,
                "stage": stages[0].pk,
                "quote": "Keep me",
            },
            {"influencer": known[0].pk, "stage": ""},
        ],
    )
    response = _post_bad(analyst, tenant, data)
    rows = response.context["mentions"].forms
    assert "stage" in rows[1].errors
    assert not rows[0].errors
    # Every value typed is still on the page, and the faulty field is marked.
    html = response.content.decode()
    assert 'value="Quentin Quoted"' in html
    assert "Keep me" in html
    assert 'value="Initech"' in html
    assert (
        '<select name="mentions-1-stage" class="form-select is-invalid" aria-invalid="true"' in html
    )
    assert 'id="id_mentions-1-stage_error"' in html
    assert not Organization.objects.filter(name="Initech").exists()
    assert not Influencer.objects.filter(name="Quentin Quoted").exists()


def test_a_future_interview_date_is_refused(tenant, analyst, stages, known):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    data = interview_post(
        **NEW_BUYER,
        collected_on=tomorrow.isoformat(),
        mentions=[{"influencer": known[0].pk, "stage": stages[0].pk}],
    )
    response = _post_bad(analyst, tenant, data)
    assert response.context["form"].errors["collected_on"] == [
        "The interview date cannot be in the future."
    ]
    assert f'value="{tomorrow.isoformat()}"' in response.content.decode()


def test_a_buyer_of_another_client_is_an_unknown_choice(tenant, other, analyst, stages, known):
    foreign = BuyerFactory(client=other.client)
    data = interview_post(
        respondent_type="buyer",
        buyer=foreign.pk,
        mentions=[{"influencer": known[0].pk, "stage": stages[0].pk}],
    )
    response = _post_bad(analyst, tenant, data)
    assert "buyer" in response.context["form"].errors
    assert foreign.name.encode() not in response.content


def test_an_influencer_or_stage_of_another_client_is_refused(tenant, other, analyst, known):
    foreign_influencer = InfluencerFactory(client=other.client)
    foreign_stage = other.study.stages.first()
    data = interview_post(
        **NEW_BUYER,
        mentions=[
            {"influencer": foreign_influencer.pk, "stage": tenant.study.stages.first().pk},
            {"influencer": known[0].pk, "stage": foreign_stage.pk},
        ],
    )
    response = _post_bad(analyst, tenant, data)
    rows = response.context["mentions"].forms
    assert "influencer" in rows[0].errors
    assert "stage" in rows[1].errors


def test_a_new_influencer_needs_a_category_and_a_new_buyer_a_role(tenant, analyst, stages):
    data = interview_post(
        **{**NEW_BUYER, "role": ""},
        mentions=[{"new_influencer_name": "No Category", "stage": stages[0].pk}],
    )
    response = _post_bad(analyst, tenant, data)
    assert "role" in response.context["form"].errors
    assert "new_influencer_category" in response.context["mentions"].forms[0].errors


def test_editing_refuses_a_mention_of_another_interview(tenant, analyst, stages):
    evidence = EvidenceFactory(study=tenant.study)
    mine = MentionFactory(evidence=evidence)
    elsewhere = MentionFactory(evidence=EvidenceFactory(study=tenant.study))
    data = interview_post(
        respondent_type="buyer",
        buyer=evidence.buyer.pk,
        initial=1,
        mentions=[{"id": elsewhere.pk, "influencer": mine.influencer_id, "stage": stages[0].pk}],
    )
    before = table_counts()
    response = analyst.post(url("interview_edit", tenant.study, evidence.pk), data)
    assert response.status_code == 200
    assert table_counts() == before
    assert Mention.objects.get(pk=elsewhere.pk).evidence == elsewhere.evidence


def test_the_new_interview_form_defaults_to_today_and_offers_blank_rows(tenant, analyst):
    response = analyst.get(url("interview_create", tenant.study))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in html
    assert 'name="mentions-TOTAL_FORMS" value="3"' in html
    assert 'id="mention-template"' in html


@pytest.mark.parametrize("role", [Role.MARKETING_HEAD, Role.ENGAGEMENT_OWNER, Role.VIEWER])
def test_read_only_roles_get_403_on_every_evidence_write(tenant, role, stages, known):
    http = tenant.http(role)
    evidence = EvidenceFactory(study=tenant.study)
    before = table_counts()
    data = interview_post(
        **NEW_BUYER, mentions=[{"influencer": known[0].pk, "stage": stages[0].pk}]
    )
    assert http.get(url("interview_create", tenant.study)).status_code == 403
    assert http.post(url("interview_create", tenant.study), data).status_code == 403
    assert http.post(url("interview_edit", tenant.study, evidence.pk), data).status_code == 403
    assert http.post(url("interview_delete", tenant.study, evidence.pk)).status_code == 403
    assert table_counts() == before
    # Reading is allowed.
    assert http.get(url("evidence_detail", tenant.study, evidence.pk)).status_code == 200


def test_an_evidence_of_another_study_of_the_same_client_is_not_found_under_this_slug(
    tenant, analyst
):
    from tests.factories import make_study

    second = make_study(tenant.client, name="Second study")
    evidence = EvidenceFactory(study=second)
    assert analyst.get(url("evidence_detail", tenant.study, evidence.pk)).status_code == 404
    assert analyst.get(url("evidence_detail", second, evidence.pk)).status_code == 200


class TestEvidenceList:
    def test_lists_evidence_with_respondent_org_kind_mentions_and_collector(self, tenant, analyst):
        evidence = EvidenceFactory(study=tenant.study, collected_by=tenant.users[Role.ANALYST])
        MentionFactory.create_batch(2, evidence=evidence)
        response = analyst.get(url("evidence_list", tenant.study))
        html = response.content.decode()
        assert evidence.buyer.name in html
        assert evidence.buyer.organization.name in html
        assert "Interview" in html
        assert tenant.users[Role.ANALYST].username in html
        assert response.context["page"].object_list[0].mention_count == 2

    def test_shows_an_empty_state(self, tenant, analyst):
        response = analyst.get(url("evidence_list", tenant.study))
        assert b"No evidence yet for this study" in response.content

    def test_paginates_by_25(self, tenant, analyst):
        EvidenceFactory.create_batch(27, study=tenant.study)
        first = analyst.get(url("evidence_list", tenant.study))
        second = analyst.get(url("evidence_list", tenant.study) + "?page=2")
        assert len(first.context["page"].object_list) == 25
        assert len(second.context["page"].object_list) == 2

    def test_filters_by_date_organization_influencer_and_stage(self, tenant, analyst, stages):
        early = EvidenceFactory(study=tenant.study, collected_on=dt.date(2026, 1, 10))
        late = EvidenceFactory(study=tenant.study, collected_on=dt.date(2026, 9, 10))
        star = InfluencerFactory(client=tenant.client)
        MentionFactory(evidence=early, influencer=star, stage=stages[2])
        MentionFactory(evidence=late, stage=stages[0])

        def shown(**params):
            response = analyst.get(url("evidence_list", tenant.study), params)
            return {e.pk for e in response.context["page"].object_list}

        assert shown(date_from="2026-06-01") == {late.pk}
        assert shown(date_to="2026-06-01") == {early.pk}
        assert shown(organization=late.buyer.organization_id) == {late.pk}
        assert shown(influencer=star.pk) == {early.pk}
        assert shown(stage=stages[0].pk) == {late.pk}
        assert shown(influencer=star.pk, stage=stages[0].pk) == set()

    def test_a_filter_value_of_another_client_is_reported_and_ignored(self, tenant, other, analyst):
        mine = EvidenceFactory(study=tenant.study)
        theirs = EvidenceFactory(study=other.study)
        response = analyst.get(
            url("evidence_list", tenant.study), {"organization": theirs.buyer.organization_id}
        )
        assert {e.pk for e in response.context["page"].object_list} == {mine.pk}
        assert "organization" in response.context["filters"].errors

    def test_runs_a_constant_number_of_queries(
        self, tenant, analyst, django_assert_max_num_queries
    ):
        for _ in range(25):
            MentionFactory.create_batch(2, evidence=EvidenceFactory(study=tenant.study))
        with django_assert_max_num_queries(10):
            response = analyst.get(url("evidence_list", tenant.study))
        assert len(response.context["page"].object_list) == 25


def test_evidence_detail_shows_respondent_mentions_and_quotes(tenant, analyst):
    evidence = EvidenceFactory(study=tenant.study, notes="Long call.")
    mention = MentionFactory(evidence=evidence, quote="She wrote the RFP with us.")
    response = analyst.get(url("evidence_detail", tenant.study, evidence.pk))
    html = response.content.decode()
    assert evidence.buyer.organization.name in html
    assert mention.influencer.name in html
    assert "She wrote the RFP with us." in html
    assert "Long call." in html


class TestNearMatchOnTheForm:
    @pytest.fixture
    def priya(self, tenant):
        analysts = tenant.client.categories.get(name="Industry analysts")
        return InfluencerFactory(client=tenant.client, name="Priya Raman", category=analysts)

    def post(self, tenant, **row):
        peers = tenant.client.categories.get(name="Peers")
        stage = tenant.study.stages.first()
        return interview_post(
            **NEW_BUYER,
            mentions=[
                {
                    "new_influencer_name": "Priya Ramen",
                    "new_influencer_category": peers.pk,
                    "stage": stage.pk,
                    "quote": "She knew the market.",
                    **row,
                }
            ],
        )

    def test_stops_the_save_with_a_did_you_mean_on_the_row_keeping_every_value(
        self, tenant, analyst, priya
    ):
        response = _post_bad(analyst, tenant, self.post(tenant))
        row = response.context["mentions"].forms[0]
        assert row.errors["new_influencer_name"] == [
            "Did you mean Priya Raman (Industry analysts)? Choose it above, or tick "
            "'a different person' to create a new influencer."
        ]
        html = response.content.decode()
        assert 'value="Priya Ramen"' in html
        assert "She knew the market." in html
        assert 'value="Initech"' in html
        # The suggestion is offered in the row's select, and the box to say "someone else".
        assert f'<option value="{priya.pk}">Priya Raman</option>' in html
        assert 'name="mentions-0-new_is_distinct"' in html

    def test_a_ticked_different_person_creates_the_new_influencer(self, tenant, analyst, priya):
        response = analyst.post(
            url("interview_create", tenant.study), self.post(tenant, new_is_distinct="on")
        )
        assert response.status_code == 302
        assert Influencer.objects.filter(client=tenant.client).count() == 2
        assert Mention.objects.get().influencer.name == "Priya Ramen"

    def test_choosing_the_suggestion_saves_the_mention_on_it(self, tenant, analyst, priya):
        data = self.post(tenant, new_influencer_name="", influencer=priya.pk)
        assert analyst.post(url("interview_create", tenant.study), data).status_code == 302
        assert Mention.objects.get().influencer == priya
        assert Influencer.objects.filter(client=tenant.client).count() == 1


def big_registry(client, size: int) -> None:
    """`size` influencers, organizations and buyers, inserted in bulk."""
    category = client.categories.first()
    Influencer.objects.bulk_create(
        Influencer(
            client=client,
            name=f"Registry Person {i:04d}",
            normalized_name=f"registry person {i:04d}",
            category=category,
            affiliation="Some Consulting Group",
        )
        for i in range(size)
    )
    organizations = Organization.objects.bulk_create(
        Organization(client=client, name=f"Buying Company {i:04d}") for i in range(size)
    )
    Buyer.objects.bulk_create(
        Buyer(client=client, organization=org, name=f"Buyer Person {i:04d}", role="user")
        for i, org in enumerate(organizations)
    )


class TestBoundedChoices:
    def test_the_form_page_stays_small_with_a_big_registry(
        self, tenant, analyst, django_assert_max_num_queries
    ):
        big_registry(tenant.client, 1000)
        with django_assert_max_num_queries(30):
            response = analyst.get(url("interview_create", tenant.study))
        assert response.status_code == 200
        assert len(response.content) < 100_000
        assert b"Registry Person" not in response.content
        assert b"Buyer Person" not in response.content

    def test_an_influencer_and_a_buyer_not_rendered_are_still_accepted(
        self, tenant, analyst, stages
    ):
        big_registry(tenant.client, 1000)
        buyer = Buyer.objects.get(name="Buyer Person 0777")
        chosen = Influencer.objects.get(name="Registry Person 0999")
        page = analyst.get(url("interview_create", tenant.study)).content.decode()
        assert f'value="{chosen.pk}"' not in page
        data = interview_post(
            respondent_type="buyer",
            buyer=buyer.pk,
            mentions=[{"influencer": chosen.pk, "stage": stages[0].pk}],
        )
        response = analyst.post(url("interview_create", tenant.study), data)
        assert response.status_code == 302
        evidence = Evidence.objects.get()
        assert (evidence.buyer, evidence.mentions.get().influencer) == (buyer, chosen)

    def test_a_rejected_post_keeps_the_chosen_options_of_a_big_registry(
        self, tenant, analyst, stages
    ):
        big_registry(tenant.client, 1000)
        buyer = Buyer.objects.get(name="Buyer Person 0777")
        chosen = Influencer.objects.get(name="Registry Person 0999")
        data = interview_post(
            respondent_type="buyer",
            buyer=buyer.pk,
            mentions=[{"influencer": chosen.pk, "stage": ""}],
        )
        html = _post_bad(analyst, tenant, data).content.decode()
        assert (
            f'<option value="{chosen.pk}" selected>Registry Person 0999 (Some Consulting Group)'
            in html
        )
        assert f'<option value="{buyer.pk}" selected>Buyer Person 0777 (Buying Company' in html
        assert "Registry Person 0998" not in html

    def test_the_edit_page_of_a_big_registry_shows_the_interviews_own_choices(
        self, tenant, analyst, django_assert_max_num_queries
    ):
        big_registry(tenant.client, 300)
        evidence = EvidenceFactory(study=tenant.study)
        for name in ("Registry Person 0001", "Registry Person 0002"):
            MentionFactory(evidence=evidence, influencer=Influencer.objects.get(name=name))
        with django_assert_max_num_queries(30):
            html = analyst.get(url("interview_edit", tenant.study, evidence.pk)).content.decode()
        assert html.count("Registry Person 0001") == 1
        assert html.count("Registry Person 0002") == 1
        assert evidence.buyer.name in html
        assert "Registry Person 0003" not in html

    def test_a_small_registry_is_listed_in_full_in_every_row(self, tenant, analyst, known):
        html = analyst.get(url("interview_create", tenant.study)).content.decode()
        # 3 rows, the row template and the interviewed-influencer select.
        assert html.count(f'<option value="{known[1].pk}">Paul Peer</option>') == 5

    def test_a_typed_existing_name_in_a_big_registry_is_that_influencer(
        self, tenant, analyst, stages
    ):
        big_registry(tenant.client, 1000)
        data = interview_post(
            **NEW_BUYER,
            mentions=[
                {
                    "new_influencer_name": "registry person 0500",
                    "new_influencer_category": tenant.client.categories.first().pk,
                    "stage": stages[0].pk,
                }
            ],
        )
        assert analyst.post(url("interview_create", tenant.study), data).status_code == 302
        assert Mention.objects.get().influencer.name == "Registry Person 0500"
        assert Influencer.objects.filter(client=tenant.client).count() == 1000


class TestBuyerSearch:
    def search(self, http, client, q):
        return http.get(reverse("identification:buyer_search", args=[client.slug]), {"q": q})

    def test_finds_the_clients_buyers_by_name_or_organization(self, tenant, other, analyst):
        org = Organization.objects.create(client=tenant.client, name="Hooli")
        gavin = BuyerFactory(client=tenant.client, organization=org, name="Gavin Belson")
        BuyerFactory(client=tenant.client, name="Someone Else")
        BuyerFactory(client=other.client, name="Gavin Foreign")
        by_name = self.search(analyst, tenant.client, "gavin").json()["results"]
        assert by_name == [
            {
                "id": gavin.pk,
                "name": "Gavin Belson",
                "label": "Gavin Belson (Hooli)",
                "organization": "Hooli",
                "role": "Decision-maker",
            }
        ]
        by_org = self.search(analyst, tenant.client, "HOOLI").json()["results"]
        assert [r["id"] for r in by_org] == [gavin.pk]
        assert self.search(analyst, tenant.client, " ").json()["results"] == []

    def test_answers_at_most_ten(self, tenant, analyst):
        BuyerFactory.create_batch(12, client=tenant.client)
        assert len(self.search(analyst, tenant.client, "buyer").json()["results"]) == 10

    @pytest.mark.parametrize("role", list(Role.values))
    def test_any_member_may_search_their_client_and_gets_404_for_another(self, tenant, other, role):
        BuyerFactory(client=other.client, name="Zara Foreign")
        http = tenant.http(role)
        assert self.search(http, tenant.client, "zara").status_code == 200
        response = self.search(http, other.client, "zara")
        assert response.status_code == 404
        assert b"Zara Foreign" not in response.content

    def test_anonymous_users_log_in_first(self, client, tenant):
        response = self.search(client, tenant.client, "a")
        assert response["Location"].startswith(reverse("login"))
