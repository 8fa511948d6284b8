"""The client's editable list of influencer categories: services and pages."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from identification.models import Category, Influencer
from identification.models.choices import DEFAULT_CATEGORIES, Family, Role
from identification.services.categories import (
    create_category,
    delete_category,
    move_category,
    update_category,
)
from tests.factories import InfluencerFactory

OTHER_ROLES = [Role.MARKETING_HEAD, Role.ENGAGEMENT_OWNER, Role.VIEWER]


def url(name, client, *args):
    return reverse(f"identification:{name}", args=[client.slug, *args])


def cat(tenant, name) -> Category:
    return tenant.client.categories.get(name=name)


def names_in_order(client) -> list[str]:
    return list(client.categories.order_by("order", "name").values_list("name", flat=True))


class TestCreateAndUpdateServices:
    def test_create_adds_a_trimmed_name_at_the_end_of_the_list(self, tenant):
        created = create_category(client=tenant.client, name="  Podcasters ", family="media")
        assert created.name == "Podcasters"
        assert names_in_order(tenant.client)[-1] == "Podcasters"
        assert created.order == len(DEFAULT_CATEGORIES) + 1

    @pytest.mark.parametrize("name", ["peers", "  PEERS  ", "Peers"])
    def test_create_refuses_a_name_the_client_has_ignoring_case_and_spaces(self, tenant, name):
        with pytest.raises(ValidationError) as exc:
            create_category(client=tenant.client, name=name, family="peer")
        assert "name" in exc.value.message_dict
        assert tenant.client.categories.count() == len(DEFAULT_CATEGORIES)

    def test_the_same_name_is_fine_in_another_client(self, tenant, other):
        create_category(client=tenant.client, name="Podcasters", family="media")
        create_category(client=other.client, name="podcasters", family="social")
        assert other.client.categories.filter(name="podcasters").exists()

    @pytest.mark.parametrize("family", ["", "press", "MEDIA"])
    def test_create_refuses_a_family_outside_the_list(self, tenant, family):
        with pytest.raises(ValidationError) as exc:
            create_category(client=tenant.client, name="Podcasters", family=family)
        assert "family" in exc.value.message_dict
        assert not tenant.client.categories.filter(name="Podcasters").exists()

    def test_create_refuses_a_blank_name(self, tenant):
        with pytest.raises(ValidationError) as exc:
            create_category(client=tenant.client, name="   ", family="media")
        assert exc.value.message_dict["name"] == ["Enter a name."]

    def test_update_renames_and_changes_the_family(self, tenant):
        bloggers = cat(tenant, "Bloggers")
        update_category(category=bloggers, name="Bloggers & vloggers", family=Family.MEDIA)
        bloggers.refresh_from_db()
        assert (bloggers.name, bloggers.family) == ("Bloggers & vloggers", "media")

    def test_update_may_change_only_the_case_of_its_own_name(self, tenant):
        peers = cat(tenant, "Peers")
        update_category(category=peers, name="PEERS", family=peers.family)
        peers.refresh_from_db()
        assert peers.name == "PEERS"

    def test_update_refuses_the_name_of_another_category_and_writes_nothing(self, tenant):
        peers = cat(tenant, "Peers")
        with pytest.raises(ValidationError):
            update_category(category=peers, name=" academics", family="media")
        peers.refresh_from_db()
        assert (peers.name, peers.family) == ("Peers", "peer")


class TestMoveService:
    def test_moves_a_category_up_and_down_renumbering_the_list(self, tenant):
        authors = cat(tenant, "Authors")
        move_category(category=authors, by=-1)
        assert names_in_order(tenant.client)[:3] == ["Authors", "Academics", "Bloggers"]
        move_category(category=authors, by=2)
        assert names_in_order(tenant.client)[:3] == ["Academics", "Bloggers", "Authors"]
        orders = list(tenant.client.categories.order_by("order").values_list("order", flat=True))
        assert orders == list(range(1, len(DEFAULT_CATEGORIES) + 1))

    def test_stops_at_the_ends_of_the_list(self, tenant):
        move_category(category=cat(tenant, "Academics"), by=-1)
        move_category(category=cat(tenant, "Venture capitalists"), by=5)
        order = names_in_order(tenant.client)
        assert (order[0], order[-1]) == ("Academics", "Venture capitalists")


class TestDeleteService:
    def test_deletes_an_unused_category(self, tenant):
        assert delete_category(category=cat(tenant, "Retailers")) == 0
        assert not tenant.client.categories.filter(name="Retailers").exists()

    def test_refuses_a_used_category_without_a_target_and_writes_nothing(self, tenant):
        peers = cat(tenant, "Peers")
        InfluencerFactory(client=tenant.client, category=peers)
        with pytest.raises(ValidationError) as exc:
            delete_category(category=peers)
        assert "move_to" in exc.value.message_dict
        assert Category.objects.filter(pk=peers.pk).exists()

    def test_moves_the_influencers_then_deletes(self, tenant):
        peers, customers = cat(tenant, "Peers"), cat(tenant, "Customer firms")
        moving = InfluencerFactory.create_batch(3, client=tenant.client, category=peers)
        staying = InfluencerFactory(client=tenant.client, category=cat(tenant, "Academics"))
        assert delete_category(category=peers, move_to=customers) == 3
        assert not Category.objects.filter(pk=peers.pk).exists()
        assert {
            i.category_id for i in Influencer.objects.filter(pk__in=[m.pk for m in moving])
        } == {customers.pk}
        staying.refresh_from_db()
        assert staying.category.name == "Academics"

    def test_refuses_a_target_of_another_client_and_writes_nothing(self, tenant, other):
        peers = cat(tenant, "Peers")
        inf = InfluencerFactory(client=tenant.client, category=peers)
        with pytest.raises(ValidationError) as exc:
            delete_category(category=peers, move_to=cat(other, "Customer firms"))
        assert "move_to" in exc.value.message_dict
        inf.refresh_from_db()
        assert inf.category_id == peers.pk

    def test_refuses_to_move_influencers_into_the_category_being_deleted(self, tenant):
        peers = cat(tenant, "Peers")
        InfluencerFactory(client=tenant.client, category=peers)
        with pytest.raises(ValidationError):
            delete_category(category=peers, move_to=peers)
        assert Category.objects.filter(pk=peers.pk).exists()

    def test_a_client_keeps_at_least_one_category(self, tenant):
        last = cat(tenant, "Peers")
        tenant.client.categories.exclude(pk=last.pk).delete()
        with pytest.raises(ValidationError):
            delete_category(category=last)
        assert Category.objects.filter(pk=last.pk).exists()


class TestListPage:
    @pytest.mark.parametrize("role", Role.values)
    def test_every_role_sees_each_category_with_its_family_and_influencer_count(self, tenant, role):
        InfluencerFactory.create_batch(2, client=tenant.client, category=cat(tenant, "Bloggers"))
        response = tenant.http(role).get(url("category_list", tenant.client))
        assert response.status_code == 200
        rows = {
            c.name: (c.get_family_display(), c.influencer_count)
            for c in response.context["categories"]
        }
        assert len(rows) == len(DEFAULT_CATEGORIES)
        assert rows["Bloggers"] == ("Social / online", 2)
        assert rows["Peers"] == ("Peer", 0)
        assert b"Social / online" in response.content

    def test_only_analysts_see_the_editing_controls(self, tenant):
        new_url = url("category_create", tenant.client).encode()
        assert new_url in tenant.http(Role.ANALYST).get(url("category_list", tenant.client)).content
        viewer_page = tenant.http(Role.VIEWER).get(url("category_list", tenant.client)).content
        assert new_url not in viewer_page
        assert b"/move/" not in viewer_page

    def test_counts_influencers_in_a_constant_number_of_queries(
        self, tenant, analyst, django_assert_max_num_queries
    ):
        for category in tenant.client.categories.all()[:10]:
            InfluencerFactory.create_batch(3, client=tenant.client, category=category)
        with django_assert_max_num_queries(6):
            response = analyst.get(url("category_list", tenant.client))
        assert sum(c.influencer_count for c in response.context["categories"]) == 30

    def test_another_clients_list_is_404(self, tenant, other, analyst):
        assert analyst.get(url("category_list", other.client)).status_code == 404

    def test_the_registry_links_analysts_to_the_editor(self, tenant):
        link = b"Edit categories"
        assert link in tenant.http(Role.ANALYST).get(url("influencer_list", tenant.client)).content
        viewer = tenant.http(Role.VIEWER).get(url("influencer_list", tenant.client))
        assert link not in viewer.content


class TestEditorPages:
    def test_analyst_adds_a_category(self, tenant, analyst):
        response = analyst.post(
            url("category_create", tenant.client), {"name": "Podcasters", "family": "media"}
        )
        assert response.status_code == 302
        assert response["Location"] == url("category_list", tenant.client)
        assert cat(tenant, "Podcasters").family == "media"

    def test_a_duplicate_name_is_shown_on_the_form_and_nothing_is_written(self, tenant, analyst):
        response = analyst.post(
            url("category_create", tenant.client), {"name": " journalists ", "family": "media"}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["name"] == [
            "This client already has a category with this name."
        ]
        assert b"already has a category with this name" in response.content
        assert b"Nothing was saved" in response.content
        assert tenant.client.categories.count() == len(DEFAULT_CATEGORIES)

    def test_a_family_outside_the_list_is_a_form_error(self, tenant, analyst):
        response = analyst.post(
            url("category_create", tenant.client), {"name": "Podcasters", "family": "press"}
        )
        assert "family" in response.context["form"].errors
        assert not tenant.client.categories.filter(name="Podcasters").exists()

    def test_analyst_renames_a_category_and_changes_its_family(self, tenant, analyst):
        bloggers = cat(tenant, "Bloggers")
        form = analyst.get(url("category_edit", tenant.client, bloggers.pk))
        assert form.context["form"].initial == {"name": "Bloggers", "family": "social"}
        response = analyst.post(
            url("category_edit", tenant.client, bloggers.pk),
            {"name": "Newsletter writers", "family": "media"},
        )
        assert response.status_code == 302
        bloggers.refresh_from_db()
        assert (bloggers.name, bloggers.family) == ("Newsletter writers", "media")

    def test_renaming_to_another_categorys_name_is_refused(self, tenant, analyst):
        bloggers = cat(tenant, "Bloggers")
        response = analyst.post(
            url("category_edit", tenant.client, bloggers.pk), {"name": "PEERS", "family": "social"}
        )
        assert "name" in response.context["form"].errors
        bloggers.refresh_from_db()
        assert bloggers.name == "Bloggers"

    def test_analyst_moves_a_category_down(self, tenant, analyst):
        academics = cat(tenant, "Academics")
        response = analyst.post(
            url("category_move", tenant.client, academics.pk), {"direction": "down"}
        )
        assert response.status_code == 302
        assert names_in_order(tenant.client)[:2] == ["Authors", "Academics"]

    def test_moving_answers_only_post(self, tenant, analyst):
        academics = cat(tenant, "Academics")
        assert analyst.get(url("category_move", tenant.client, academics.pk)).status_code == 405

    def test_a_bad_direction_moves_nothing(self, tenant, analyst):
        before = names_in_order(tenant.client)
        analyst.post(
            url("category_move", tenant.client, cat(tenant, "Authors").pk), {"direction": "left"}
        )
        assert names_in_order(tenant.client) == before

    def test_another_clients_category_under_this_clients_address_is_404(
        self, tenant, other, analyst
    ):
        theirs = cat(other, "Peers")
        for name in ("category_edit", "category_delete"):
            assert analyst.get(url(name, tenant.client, theirs.pk)).status_code == 404
        for name in ("category_edit", "category_move", "category_delete"):
            assert analyst.post(url(name, tenant.client, theirs.pk)).status_code == 404
        assert Category.objects.filter(pk=theirs.pk).exists()

    @pytest.mark.parametrize("role", OTHER_ROLES)
    def test_other_roles_cannot_write(self, tenant, role):
        http = tenant.http(role)
        peers = cat(tenant, "Peers")
        assert http.get(url("category_create", tenant.client)).status_code == 403
        assert (
            http.post(
                url("category_create", tenant.client), {"name": "Podcasters", "family": "media"}
            ).status_code
            == 403
        )
        for name in ("category_edit", "category_delete"):
            assert http.get(url(name, tenant.client, peers.pk)).status_code == 403
        edit = {"name": "Renamed", "family": "media"}
        assert http.post(url("category_edit", tenant.client, peers.pk), edit).status_code == 403
        move = {"direction": "up"}
        assert http.post(url("category_move", tenant.client, peers.pk), move).status_code == 403
        assert http.post(url("category_delete", tenant.client, peers.pk)).status_code == 403
        peers.refresh_from_db()
        assert peers.name == "Peers"
        assert tenant.client.categories.count() == len(DEFAULT_CATEGORIES)


class TestDeletePage:
    def test_an_unused_category_is_confirmed_then_deleted(self, tenant, analyst):
        retailers = cat(tenant, "Retailers")
        confirm = analyst.get(url("category_delete", tenant.client, retailers.pk))
        assert b"No influencer is in this category" in confirm.content
        assert "move_to" not in confirm.context["form"].fields
        response = analyst.post(url("category_delete", tenant.client, retailers.pk))
        assert response.status_code == 302
        assert not Category.objects.filter(pk=retailers.pk).exists()

    def test_a_used_category_shows_how_many_influencers_move(self, tenant, other, analyst):
        peers = cat(tenant, "Peers")
        InfluencerFactory.create_batch(3, client=tenant.client, category=peers)
        confirm = analyst.get(url("category_delete", tenant.client, peers.pk))
        assert confirm.context["in_use"] == 3
        assert b"Move 3 influencers and delete Peers" in confirm.content
        targets = confirm.context["form"].fields["move_to"].queryset
        assert peers not in targets
        assert not targets.exclude(client=tenant.client).exists()

    def test_delete_with_move_moves_the_influencers_and_deletes_the_category(self, tenant, analyst):
        peers, customers = cat(tenant, "Peers"), cat(tenant, "Customer firms")
        moving = InfluencerFactory.create_batch(2, client=tenant.client, category=peers)
        response = analyst.post(
            url("category_delete", tenant.client, peers.pk), {"move_to": customers.pk}
        )
        assert response.status_code == 302
        assert not Category.objects.filter(pk=peers.pk).exists()
        assert set(
            Influencer.objects.filter(pk__in=[i.pk for i in moving]).values_list(
                "category_id", flat=True
            )
        ) == {customers.pk}

    def test_a_used_category_is_not_deleted_without_a_target(self, tenant, analyst):
        peers = cat(tenant, "Peers")
        InfluencerFactory(client=tenant.client, category=peers)
        response = analyst.post(url("category_delete", tenant.client, peers.pk))
        assert response.status_code == 200
        assert "move_to" in response.context["form"].errors
        assert Category.objects.filter(pk=peers.pk).exists()

    def test_a_target_of_another_client_is_refused_and_nothing_changes(
        self, tenant, other, analyst
    ):
        peers = cat(tenant, "Peers")
        inf = InfluencerFactory(client=tenant.client, category=peers)
        response = analyst.post(
            url("category_delete", tenant.client, peers.pk),
            {"move_to": cat(other, "Customer firms").pk},
        )
        assert response.status_code == 200
        assert "move_to" in response.context["form"].errors
        inf.refresh_from_db()
        assert inf.category_id == peers.pk
        assert Category.objects.filter(pk=peers.pk).exists()
