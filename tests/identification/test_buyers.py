"""Respondents (buyers): their list, their page with their evidence, correcting their details."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from identification.models import Buyer, Organization
from identification.models.choices import Role
from identification.services.buyers import BuyerDetails, update_buyer
from tests.factories import BuyerFactory, EvidenceFactory, MentionFactory, make_study
from tests.identification.test_views_evidence import table_counts


def url(name, buyer, *, client=None):
    return reverse(f"identification:{name}", args=[(client or buyer.client).slug, buyer.pk])


@pytest.fixture
def buyer(tenant):
    hooli = Organization.objects.create(client=tenant.client, name="Hooli")
    return BuyerFactory(
        client=tenant.client,
        organization=hooli,
        name="Gavin Belson",
        title="CEO",
        role="decision_maker",
        outcome="client",
    )


def edit_post(**fields) -> dict:
    data = {
        "organization": "",
        "organization_name": "",
        "buyer_name": "",
        "title": "",
        "role": "",
        "product_area": "",
        "buying_situation": "",
        "outcome": "",
        "deal_size_band": "",
        "purchase_date": "",
    }
    return {**data, **fields}


class TestRespondentPage:
    def test_shows_the_details_and_every_interview_naming_nobody_marked(
        self, tenant, analyst, buyer
    ):
        named = EvidenceFactory(study=tenant.study, buyer=buyer, collected_on=dt.date(2026, 3, 1))
        MentionFactory.create_batch(2, evidence=named)
        second = make_study(tenant.client, name="Second study")
        silent = EvidenceFactory(study=second, buyer=buyer, collected_on=dt.date(2026, 4, 1))

        response = analyst.get(url("buyer_detail", buyer))

        html = response.content.decode()
        assert response.status_code == 200
        for shown in ("Gavin Belson", "Hooli", "Bought from the client"):
            assert shown in html
        assert [e.pk for e in response.context["evidence"]] == [silent.pk, named.pk]
        assert reverse("identification:evidence_detail", args=[second.slug, silent.pk]) in html
        assert html.count("names nobody") == 1
        assert url("buyer_edit", buyer) in html

    @pytest.mark.parametrize("role", [Role.MARKETING_HEAD, Role.ENGAGEMENT_OWNER, Role.VIEWER])
    def test_other_roles_read_it_without_the_edit_link_and_are_refused_the_edit(
        self, tenant, role, buyer
    ):
        http = tenant.http(role)
        page = http.get(url("buyer_detail", buyer))
        assert page.status_code == 200
        assert url("buyer_edit", buyer).encode() not in page.content
        assert http.get(url("buyer_edit", buyer)).status_code == 403
        assert http.post(url("buyer_edit", buyer), edit_post(role="user")).status_code == 403
        assert Buyer.objects.get(pk=buyer.pk).role == "decision_maker"

    def test_the_interview_page_links_to_the_respondent(self, tenant, analyst, buyer):
        evidence = EvidenceFactory(study=tenant.study, buyer=buyer)
        detail = reverse("identification:evidence_detail", args=[tenant.study.slug, evidence.pk])
        listing = reverse("identification:evidence_list", args=[tenant.study.slug])
        assert url("buyer_detail", buyer).encode() in analyst.get(detail).content
        assert url("buyer_detail", buyer).encode() in analyst.get(listing).content


class TestCorrectingARespondent:
    def test_an_analyst_corrects_every_detail_and_the_study_is_ranked_again(
        self, tenant, analyst, buyer
    ):
        EvidenceFactory(study=tenant.study, buyer=buyer)
        response = analyst.post(
            url("buyer_edit", buyer),
            edit_post(
                organization_name="Pied Piper",
                buyer_name="Richard Hendricks",
                title="CTO",
                role="buying_influencer",
                product_area="Compression",
                buying_situation="modified_rebuy",
                outcome="competitor",
                deal_size_band="enterprise",
                purchase_date="2026-02-03",
            ),
        )
        assert response.status_code == 302
        assert response["Location"] == url("buyer_detail", buyer)
        buyer.refresh_from_db()
        assert (buyer.name, buyer.title, buyer.organization.name, buyer.role) == (
            "Richard Hendricks",
            "CTO",
            "Pied Piper",
            "buying_influencer",
        )
        assert (buyer.product_area, buyer.buying_situation, buyer.outcome) == (
            "Compression",
            "modified_rebuy",
            "competitor",
        )
        assert (buyer.deal_size_band, buyer.purchase_date) == ("enterprise", dt.date(2026, 2, 3))
        assert tenant.study.runs.filter(trigger="auto").count() == 1

    def test_the_form_opens_with_the_details_on_file(self, analyst, buyer):
        form = analyst.get(url("buyer_edit", buyer)).context["form"]
        assert form["buyer_name"].value() == "Gavin Belson"
        assert form["organization"].value() == buyer.organization_id
        assert form["role"].value() == "decision_maker"

    def test_a_typed_organization_on_file_is_reused(self, tenant, analyst, buyer):
        initech = Organization.objects.create(client=tenant.client, name="Initech")
        analyst.post(url("buyer_edit", buyer), edit_post(organization_name="initech", role="user"))
        assert Buyer.objects.get(pk=buyer.pk).organization == initech
        assert Organization.objects.filter(client=tenant.client).count() == 2

    def test_a_name_only_change_does_not_rank_again(self, tenant, buyer):
        EvidenceFactory(study=tenant.study, buyer=buyer)
        update_buyer(
            buyer=buyer,
            details=BuyerDetails(
                role=buyer.role, organization=buyer.organization, name="G. Belson"
            ),
        )
        assert tenant.study.runs.count() == 0

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"role": ""}, "role"),
            ({"role": "user", "organization": ""}, "organization_name"),
            ({"role": "user", "purchase_date": "2999-01-01"}, "purchase_date"),
            ({"role": "user", "buyer_name": "\u202eevil\u202c"}, "buyer_name"),
            ({"role": "user", "title": "Head \u2066of\u2069 HR"}, "title"),
            (
                {"role": "user", "organization": "", "organization_name": "\u202bAcme"},
                "organization_name",
            ),
        ],
    )
    def test_bad_details_are_marked_and_nothing_is_written(
        self, tenant, analyst, buyer, fields, field
    ):
        data = edit_post(organization=buyer.organization_id, buyer_name="Gavin Belson")
        data.update(fields)
        before = table_counts()
        response = analyst.post(url("buyer_edit", buyer), data)
        assert response.status_code == 200
        assert field in response.context["form"].errors
        assert b"Nothing was saved" in response.content
        assert table_counts() == before
        assert Buyer.objects.get(pk=buyer.pk).name == "Gavin Belson"

    def test_bidirectional_controls_are_refused_with_a_message_that_says_why(self, analyst, buyer):
        data = edit_post(organization=buyer.organization_id, role="user", buyer_name="\u202eevil")
        errors = analyst.post(url("buyer_edit", buyer), data).context["form"].errors
        assert "they reorder how the text is shown" in errors["buyer_name"][0]

    def test_an_organization_of_another_client_is_refused(self, other, analyst, buyer):
        theirs = Organization.objects.create(client=other.client, name="Globex Org")
        data = edit_post(organization=theirs.pk, role="user")
        response = analyst.post(url("buyer_edit", buyer), data)
        assert "organization" in response.context["form"].errors
        assert Buyer.objects.get(pk=buyer.pk).organization != theirs

    def test_the_service_refuses_a_future_purchase_or_an_unknown_role(self, buyer):
        from django.core.exceptions import ValidationError

        future = timezone.localdate() + dt.timedelta(days=1)
        with pytest.raises(ValidationError) as caught:
            update_buyer(
                buyer=buyer,
                details=BuyerDetails(
                    role="chief", organization=buyer.organization, purchase_date=future
                ),
            )
        assert set(caught.value.message_dict) == {"role", "purchase_date"}

    def test_saving_goes_back_to_the_interview_it_came_from(self, tenant, analyst, buyer):
        evidence = EvidenceFactory(study=tenant.study, buyer=buyer)
        edit = reverse("identification:interview_edit", args=[tenant.study.slug, evidence.pk])
        data = edit_post(organization=buyer.organization_id, role="user", next=edit)
        assert analyst.post(url("buyer_edit", buyer), data)["Location"] == edit

    def test_a_next_address_outside_the_site_is_ignored(self, analyst, buyer):
        data = edit_post(
            organization=buyer.organization_id, role="user", next="https://evil.example/"
        )
        assert analyst.post(url("buyer_edit", buyer), data)["Location"] == url(
            "buyer_detail", buyer
        )


class TestRespondentList:
    def test_lists_the_clients_respondents_and_finds_them_by_every_word(
        self, tenant, other, analyst, buyer
    ):
        BuyerFactory(client=tenant.client, name="Monica Hall")
        BuyerFactory(client=other.client, name="Gavin Outsider")
        listing = reverse("identification:buyer_list", args=[tenant.client.slug])

        everyone = analyst.get(listing)
        found = analyst.get(listing, {"q": "gavin hooli"})

        assert {b.name for b in everyone.context["page"].object_list} == {
            "Gavin Belson",
            "Monica Hall",
        }
        assert [b.name for b in found.context["page"].object_list] == ["Gavin Belson"]
        assert b"2 respondents" in everyone.content
        assert b"1 respondent<" in found.content

    def test_runs_a_constant_number_of_queries(
        self, tenant, analyst, django_assert_max_num_queries
    ):
        for _ in range(25):
            EvidenceFactory(study=tenant.study)
        listing = reverse("identification:buyer_list", args=[tenant.client.slug])
        with django_assert_max_num_queries(8):
            response = analyst.get(listing)
        assert len(response.context["page"].object_list) == 25

    def test_the_respondent_page_runs_a_constant_number_of_queries(
        self, tenant, analyst, buyer, django_assert_max_num_queries
    ):
        for _ in range(10):
            MentionFactory(evidence=EvidenceFactory(study=tenant.study, buyer=buyer))
        with django_assert_max_num_queries(8):
            response = analyst.get(url("buyer_detail", buyer))
        assert len(response.context["evidence"]) == 10


def test_the_buyer_type_ahead_takes_a_nul_byte_without_failing(tenant, analyst, buyer):
    search = reverse("identification:buyer_search", args=[tenant.client.slug])
    response = analyst.get(search, {"q": "Gav\x00in"})
    assert response.status_code == 200
    assert [r["name"] for r in response.json()["results"]] == ["Gavin Belson"]
