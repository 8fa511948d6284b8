"""The registry finds a name by every word of a search, marks the influencers already known
to the client, keeps an alias with a comma whole, and refuses names that reorder text."""

import pytest
from django.db import connection
from django.urls import reverse

from identification.models import Influencer, InfluencerAlias
from identification.selectors.registry import search_influencers, search_words
from tests.factories import InfluencerFactory


def url(name, client, *args):
    return reverse(f"identification:{name}", args=[client.slug, *args])


def listed(analyst, tenant, q) -> list[str]:
    response = analyst.get(url("influencer_list", tenant.client), {"q": q})
    return [i.name for i in response.context["page"].object_list]


@pytest.fixture
def shah(tenant):
    anita = InfluencerFactory(client=tenant.client, name="Dr Anita Shah")
    InfluencerAlias.objects.create(influencer=anita, name="Ms. Ánita Shāh-Rao")
    InfluencerFactory(client=tenant.client, name="Ravi Shah")
    InfluencerFactory(client=tenant.client, name="Dr Who")
    return anita


class TestEveryWordOfTheSearch:
    @pytest.mark.parametrize(
        "q",
        ["dr shah", "Shah Dr", "DR. SHAH", "  anita   dr ", "shah rao", "ANITA sha", "anita rao"],
    )
    def test_finds_the_name_by_each_word_in_any_order_case_and_punctuation(
        self, tenant, analyst, shah, q
    ):
        assert listed(analyst, tenant, q) == ["Dr Anita Shah"]

    def test_matches_accents_both_ways(self, tenant, analyst, shah):
        InfluencerFactory(client=tenant.client, name="José Müller")
        assert listed(analyst, tenant, "jose muller") == ["José Müller"]
        assert listed(analyst, tenant, "Jösé") == ["José Müller"]
        assert listed(analyst, tenant, "shāh-rao") == ["Dr Anita Shah"]

    def test_a_word_found_nowhere_finds_nothing(self, tenant, analyst, shah):
        assert listed(analyst, tenant, "dr smith") == []

    def test_one_word_finds_every_name_holding_it(self, tenant, analyst, shah):
        assert listed(analyst, tenant, "shah") == ["Dr Anita Shah", "Ravi Shah"]
        assert listed(analyst, tenant, "dr") == ["Dr Anita Shah", "Dr Who"]

    def test_the_type_ahead_matches_the_same_way(self, tenant, shah):
        found = search_influencers(client=tenant.client, q="dr shah")
        assert [i.name for i in found] == ["Dr Anita Shah"]
        assert search_influencers(client=tenant.client, q=" .. ") == []

    def test_search_words_are_normalized_like_names(self):
        assert search_words("Dr. Ánita  O'Neil-Shah") == ["dr", "anita", "o", "neil", "shah"]

    def test_the_search_stays_one_query_whatever_the_words(
        self, tenant, shah, django_assert_num_queries
    ):
        with django_assert_num_queries(2):  # the influencers, then their aliases
            list(search_influencers(client=tenant.client, q="dr anita shah rao"))

    def test_postgresql_serves_the_word_match_from_trigram_indexes(self, db):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT indexname, indexdef FROM pg_indexes")
                indexes = dict(cursor.fetchall())
            assert "gin_trgm_ops" in indexes["influencer_normalized_name_trgm"]
            assert "gin_trgm_ops" in indexes["influenceralias_normalized_trgm"]
        else:
            with connection.cursor() as cursor:
                cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
                names = {row[0] for row in cursor.fetchall()}
            assert "influencer_normalized_name_trgm" not in names


class TestKnownToClient:
    def test_only_the_rarer_known_influencers_carry_a_badge(self, tenant, analyst):
        InfluencerFactory(client=tenant.client, name="Known One", known_to_client=True)
        for n in range(3):
            InfluencerFactory(client=tenant.client, name=f"Newcomer {n}")
        html = analyst.get(url("influencer_list", tenant.client)).content.decode()
        # One badge in the table, one in the legend above it; nothing says "new" on each row.
        assert html.count(">known to client</span>") == 2
        assert "New to client" not in html
        row = html[html.index("Known One") :]
        assert row.index("known to client") < row.index("</td>")


class TestAliasesOnePerLine:
    def test_an_alias_with_a_comma_is_saved_and_reopened_whole(self, tenant, analyst):
        category = tenant.client.categories.first()
        data = {
            "name": "Anita Shah",
            "kind": "person",
            "category": category.pk,
            "aliases": "Shah, Anita\nDr A. Shah\n\nshah, anita",
            "ties-TOTAL_FORMS": "0",
            "ties-INITIAL_FORMS": "0",
            "ties-MIN_NUM_FORMS": "0",
            "ties-MAX_NUM_FORMS": "50",
        }
        response = analyst.post(url("influencer_create", tenant.client), data)
        assert response.status_code == 302
        anita = Influencer.objects.get(name="Anita Shah")
        assert sorted(anita.aliases.values_list("name", flat=True)) == ["Dr A. Shah", "Shah, Anita"]

        form = analyst.get(url("influencer_edit", tenant.client, anita.pk)).context["form"]
        assert form["aliases"].value() == "Dr A. Shah\nShah, Anita"
        assert "one per line" in form.fields["aliases"].help_text
        assert (
            '<textarea name="aliases"'
            in analyst.get(url("influencer_edit", tenant.client, anita.pk)).content.decode()
        )
        page = analyst.get(url("influencer_detail", tenant.client, anita.pk)).content.decode()
        assert "Dr A. Shah<br>Shah, Anita" in page


BIDI_NAME = "\u202eevil\u202c txt.exe"


class TestBidirectionalControlsInNames:
    def influencer_post(self, tenant, **fields):
        return {
            "name": "Plain Name",
            "kind": "person",
            "category": tenant.client.categories.first().pk,
            "ties-TOTAL_FORMS": "1",
            "ties-INITIAL_FORMS": "0",
            "ties-MIN_NUM_FORMS": "0",
            "ties-MAX_NUM_FORMS": "50",
            **fields,
        }

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("name", BIDI_NAME),
            ("affiliation", "Acme \u2067Labs\u2069"),
            ("aliases", "Fine alias\n\u202dOverride\u202c"),
            ("ties-0-vendor", "\u202aVendor"),
        ],
    )
    def test_the_influencer_form_refuses_them_with_a_clear_message(
        self, tenant, analyst, field, value
    ):
        data = self.influencer_post(tenant, **{field: value})
        if field.startswith("ties-"):
            data["ties-0-nature"] = "retainer"
        response = analyst.post(url("influencer_create", tenant.client), data)
        assert response.status_code == 200
        assert not Influencer.objects.filter(client=tenant.client).exists()
        assert "they reorder how the text is shown" in response.content.decode()

    def test_the_category_form_refuses_them(self, tenant, analyst):
        response = analyst.post(
            url("category_create", tenant.client), {"name": "\u202eHacks", "family": "peer"}
        )
        assert response.status_code == 200
        assert "they reorder how the text is shown" in response.content.decode()
        assert not tenant.client.categories.filter(name__contains="\u202e").exists()
        assert not tenant.client.categories.filter(name="Hacks").exists()

    def test_the_stage_form_refuses_them(self, tenant, analyst):
        stages = list(tenant.study.stages.all())
        data = {
            "stages-TOTAL_FORMS": str(len(stages)),
            "stages-INITIAL_FORMS": str(len(stages)),
            "stages-MIN_NUM_FORMS": "0",
            "stages-MAX_NUM_FORMS": "20",
        }
        for i, s in enumerate(stages):
            data |= {
                f"stages-{i}-id": s.pk,
                f"stages-{i}-name": s.name,
                f"stages-{i}-order": s.order,
                f"stages-{i}-weight": s.weight,
            }
        data["stages-0-name"] = "\u2066Scoping\u2069"
        response = analyst.post(
            reverse("identification:study_stages", args=[tenant.study.slug]), data
        )
        assert response.status_code == 200
        assert "they reorder how the text is shown" in response.content.decode()
        assert list(tenant.study.stages.values_list("name", flat=True)) == [s.name for s in stages]

    def test_no_page_shows_one_even_for_a_name_stored_before(self, tenant, analyst):
        # Written past every form, as an old row or a raw import would be.
        stored = InfluencerFactory(client=tenant.client, name="Plain")
        Influencer.objects.filter(pk=stored.pk).update(
            name=BIDI_NAME, normalized_name="evil txt.exe"
        )
        for page in (
            url("influencer_list", tenant.client),
            url("influencer_detail", tenant.client, stored.pk),
            url("influencer_search", tenant.client) + "?q=evil",
        ):
            body = analyst.get(page).content.decode()
            assert "evil txt.exe" in body, page
            for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
                assert control not in body, page
            assert "\\u202e" not in body.lower(), page

    def test_normalized_names_ignore_them(self):
        from identification.models import normalize_name

        assert normalize_name(BIDI_NAME) == "evil txt.exe"
