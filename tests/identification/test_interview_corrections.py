"""The interview form keeps what the analyst entered: mention order, the respondent on file,
and an interview naming nobody only when the analyst says so."""

import pytest
from django.urls import reverse

from identification.models import Evidence
from tests.factories import BuyerFactory, EvidenceFactory, InfluencerFactory, MentionFactory
from tests.identification.test_views_evidence import NEW_BUYER, interview_post, table_counts, url


@pytest.fixture
def stages(tenant):
    return list(tenant.study.stages.all())


@pytest.fixture
def trio(tenant):
    return [InfluencerFactory(client=tenant.client, name=n) for n in ("Zoe", "Adam", "Mia")]


def names_on_page(response) -> list[str]:
    return [m.influencer.name for m in response.context["evidence"].mentions.all()]


class TestMentionOrder:
    def test_mentions_are_listed_and_reopened_in_the_order_entered(
        self, tenant, analyst, stages, trio
    ):
        zoe, adam, mia = trio
        # Entered against the stage order and the alphabet: last stage first.
        rows = [
            {"influencer": zoe.pk, "stage": stages[5].pk},
            {"influencer": adam.pk, "stage": stages[0].pk},
            {"influencer": mia.pk, "stage": stages[3].pk},
        ]
        analyst.post(
            url("interview_create", tenant.study), interview_post(**NEW_BUYER, mentions=rows)
        )
        evidence = Evidence.objects.get()

        detail = analyst.get(url("evidence_detail", tenant.study, evidence.pk))
        edit = analyst.get(url("interview_edit", tenant.study, evidence.pk))

        assert names_on_page(detail) == ["Zoe", "Adam", "Mia"]
        html = detail.content.decode()
        assert html.index("Zoe") < html.index("Adam") < html.index("Mia")
        reopened = [f.initial["influencer"] for f in edit.context["mentions"].initial_forms]
        assert reopened == [zoe.pk, adam.pk, mia.pk]

    def test_an_edit_that_adds_a_row_in_front_keeps_the_new_order(
        self, tenant, analyst, stages, trio
    ):
        zoe, adam, mia = trio
        evidence = EvidenceFactory(study=tenant.study)
        first = MentionFactory(evidence=evidence, influencer=zoe, stage=stages[0])
        second = MentionFactory(evidence=evidence, influencer=adam, stage=stages[0])
        data = interview_post(
            respondent_type="buyer",
            buyer=evidence.buyer_id,
            initial=2,
            mentions=[
                {"id": second.pk, "influencer": adam.pk, "stage": stages[0].pk},
                {"id": first.pk, "influencer": zoe.pk, "stage": stages[0].pk},
                {"influencer": mia.pk, "stage": stages[2].pk},
            ],
        )
        response = analyst.post(url("interview_edit", tenant.study, evidence.pk), data)
        assert response.status_code == 302
        detail = analyst.get(url("evidence_detail", tenant.study, evidence.pk))
        assert names_on_page(detail) == ["Adam", "Zoe", "Mia"]


class TestNoMentions:
    def post(self, tenant, **fields):
        return interview_post(**NEW_BUYER, mentions=[{}, {}], **fields)

    def test_an_interview_naming_nobody_asks_before_it_is_saved(self, tenant, analyst):
        before = table_counts()
        response = analyst.post(url("interview_create", tenant.study), self.post(tenant))
        assert response.status_code == 200
        assert table_counts() == before
        html = response.content.decode()
        assert "No influencer named — save anyway?" in html
        assert "Nothing was saved: please correct" not in html
        # The answer is a plain submit button: no JavaScript needed.
        assert 'name="save_without_mentions" value="on"' in html
        assert 'value="Initech"' in html

    def test_saving_anyway_records_it_and_the_list_says_it_names_nobody(self, tenant, analyst):
        response = analyst.post(
            url("interview_create", tenant.study), self.post(tenant, save_without_mentions="on")
        )
        assert response.status_code == 302
        evidence = Evidence.objects.get()
        assert evidence.mentions.count() == 0
        listing = analyst.get(url("evidence_list", tenant.study)).content.decode()
        assert "names nobody" in listing
        detail = analyst.get(url("evidence_detail", tenant.study, evidence.pk)).content.decode()
        assert "names nobody" in detail

    def test_removing_every_mention_of_an_interview_asks_too(self, tenant, analyst, stages):
        evidence = EvidenceFactory(study=tenant.study)
        mention = MentionFactory(evidence=evidence, stage=stages[0])
        data = interview_post(
            respondent_type="buyer",
            buyer=evidence.buyer_id,
            initial=1,
            mentions=[
                {
                    "id": mention.pk,
                    "influencer": mention.influencer_id,
                    "stage": stages[0].pk,
                    "DELETE": "on",
                }
            ],
        )
        response = analyst.post(url("interview_edit", tenant.study, evidence.pk), data)
        assert response.status_code == 200
        assert evidence.mentions.count() == 1
        confirmed = {**data, "save_without_mentions": "on"}
        assert (
            analyst.post(url("interview_edit", tenant.study, evidence.pk), confirmed).status_code
            == 302
        )
        assert evidence.mentions.count() == 0

    def test_other_errors_are_reported_as_usual(self, tenant, analyst):
        data = self.post(tenant, collected_on="")
        response = analyst.post(url("interview_create", tenant.study), data)
        assert "collected_on" in response.context["form"].errors
        assert b"Nothing was saved: please correct" in response.content

    def test_a_list_of_interviews_that_all_name_someone_shows_no_such_mark(self, tenant, analyst):
        MentionFactory(evidence=EvidenceFactory(study=tenant.study))
        assert b"names nobody" not in analyst.get(url("evidence_list", tenant.study)).content


def test_the_edit_page_shows_the_respondent_on_file_and_links_to_correct_them(tenant, analyst):
    buyer = BuyerFactory(client=tenant.client, name="Gavin Belson", title="CEO")
    evidence = EvidenceFactory(study=tenant.study, buyer=buyer)
    edit = url("interview_edit", tenant.study, evidence.pk)
    html = analyst.get(edit).content.decode()
    correct = reverse("identification:buyer_edit", args=[tenant.client.slug, buyer.pk])
    assert f"{correct}?next={edit}" in html.replace("%2F", "/")
    assert "Gavin Belson</strong>, CEO" in html
