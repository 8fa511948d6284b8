"""No page shows or touches another client's data.

For every URL of `identification/urls.py` (a test fails when one is missing from the matrix):
every role of the other client gets 404 for this client's objects, by GET and by POST, and
nothing of this client changes; list pages of the other client never show this client's
names; anonymous users are sent to log in.

Add a page here by adding one entry to PAGES (or NO_OBJECT), and to LISTS if it lists things.
"""

import pytest
from django.urls import reverse

import identification.urls
from identification.models.choices import Role
from tests.isolation import (
    ROLES,
    Page,
    assert_isolated_and_unchanged,
    assert_sent_to_log_in,
    assert_shows_theirs_not_ours,
    build_world,
    state,
    url_names,
)


def _u(name, *args):
    return reverse(f"identification:{name}", args=args)


PAGES = {
    "study": Page(lambda w: _u("study", w.study.slug)),
    "study_stages": Page(lambda w: _u("study_stages", w.study.slug)),
    "study_settings": Page(
        lambda w: _u("study_settings", w.study.slug),
        data={"damping": "0.3", "recency_half_life_days": "30", "weight_by_deal_size": "on"},
    ),
    "evidence_list": Page(lambda w: _u("evidence_list", w.study.slug)),
    "interview_create": Page(lambda w: _u("interview_create", w.study.slug)),
    "evidence_detail": Page(lambda w: _u("evidence_detail", w.study.slug, w.evidence.pk)),
    "interview_edit": Page(lambda w: _u("interview_edit", w.study.slug, w.evidence.pk)),
    "interview_delete": Page(lambda w: _u("interview_delete", w.study.slug, w.evidence.pk)),
    "influencer_list": Page(lambda w: _u("influencer_list", w.client.slug)),
    "influencer_search": Page(
        lambda w: _u("influencer_search", w.client.slug) + "?q=zed", methods=("get",)
    ),
    "buyer_search": Page(lambda w: _u("buyer_search", w.client.slug) + "?q=zed", methods=("get",)),
    "buyer_list": Page(lambda w: _u("buyer_list", w.client.slug), methods=("get",)),
    "buyer_detail": Page(lambda w: _u("buyer_detail", w.client.slug, w.buyer.pk), methods=("get",)),
    "buyer_edit": Page(
        lambda w: _u("buyer_edit", w.client.slug, w.buyer.pk),
        data={"organization_name": "Leaked Org", "buyer_name": "Leaked", "role": "user"},
    ),
    "influencer_create": Page(lambda w: _u("influencer_create", w.client.slug)),
    "influencer_detail": Page(lambda w: _u("influencer_detail", w.client.slug, w.influencer.pk)),
    "influencer_edit": Page(lambda w: _u("influencer_edit", w.client.slug, w.influencer.pk)),
    "influencer_merge": Page(lambda w: _u("influencer_merge", w.client.slug, w.influencer.pk)),
    "category_list": Page(lambda w: _u("category_list", w.client.slug)),
    "category_create": Page(lambda w: _u("category_create", w.client.slug)),
    "category_edit": Page(lambda w: _u("category_edit", w.client.slug, w.category.pk)),
    "category_move": Page(
        lambda w: _u("category_move", w.client.slug, w.category.pk),
        methods=("post",),
        data={"direction": "up"},
    ),
    "category_delete": Page(lambda w: _u("category_delete", w.client.slug, w.category.pk)),
    "review_list": Page(lambda w: _u("review_list", w.client.slug)),
    "review_resolve": Page(
        lambda w: _u("review_resolve", w.client.slug, w.review.pk),
        methods=("post",),
        data={"action": "new"},
    ),
    "ranking": Page(lambda w: _u("ranking", w.study.slug)),
    "ranking_entry": Page(lambda w: _u("ranking_entry", w.study.slug, w.entry.pk)),
    "run_list": Page(lambda w: _u("run_list", w.study.slug)),
    "compute_ranking": Page(lambda w: _u("compute_ranking", w.study.slug), methods=("post",)),
    "ranking_panel": Page(lambda w: _u("ranking_panel", w.study.slug), methods=("get",)),
    "token_revoke": Page(lambda w: _u("token_revoke", w.token.pk)),
    "webhook_list": Page(
        lambda w: _u("webhook_list", w.client.slug),
        data={"url": "https://leak.example.com/", "secret": "x" * 20},
    ),
    "webhook_detail": Page(
        lambda w: _u("webhook_detail", w.client.slug, w.webhook.pk),
        data={"url": "https://leak.example.com/", "active": ""},
    ),
    "webhook_delete": Page(lambda w: _u("webhook_delete", w.client.slug, w.webhook.pk)),
    "webhook_redeliver": Page(
        lambda w: _u("webhook_redeliver", w.client.slug, w.delivery.pk), methods=("post",)
    ),
}

# URLs of no client's object: every member may open them, anonymous users log in first.
NO_OBJECT = {
    "home": lambda: _u("home"),
    "token_list": lambda: _u("token_list"),
    "ranking_method": lambda: _u("ranking_method"),
}

# List pages of a world, and the kinds of its secrets each must show (so the check that the
# other client's names are absent is not passed by an empty page).
LISTS = {
    "home": (lambda w: _u("home"), ("study",)),
    "study": (PAGES["study"].url, ("study",)),
    "evidence_list": (PAGES["evidence_list"].url, ("buyer",)),
    "evidence_detail": (PAGES["evidence_detail"].url, ("quote",)),
    "interview_create": (PAGES["interview_create"].url, ("study",)),
    "influencer_list": (PAGES["influencer_list"].url, ("influencer",)),
    "influencer_search": (PAGES["influencer_search"].url, ("influencer",)),
    "buyer_search": (PAGES["buyer_search"].url, ("buyer",)),
    "buyer_list": (PAGES["buyer_list"].url, ("buyer", "organization")),
    "buyer_detail": (PAGES["buyer_detail"].url, ("buyer", "study")),
    "influencer_detail": (PAGES["influencer_detail"].url, ("quote",)),
    "influencer_merge": (PAGES["influencer_merge"].url, ("influencer",)),
    "category_list": (PAGES["category_list"].url, ("category",)),
    "category_delete": (PAGES["category_delete"].url, ("category",)),
    "review_list": (PAGES["review_list"].url, ("review",)),
    "ranking": (PAGES["ranking"].url, ("influencer",)),
    "ranking_entry": (PAGES["ranking_entry"].url, ("influencer",)),
    "run_list": (PAGES["run_list"].url, ("study",)),
    "webhook_list": (PAGES["webhook_list"].url, ("webhook",)),
    "webhook_detail": (PAGES["webhook_detail"].url, ("webhook",)),
}


def test_every_url_of_the_app_is_in_the_matrix():
    names = url_names(identification.urls.urlpatterns)
    assert names == set(PAGES) | set(NO_OBJECT)
    assert set(LISTS) <= names


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
def test_this_clients_objects_are_404_under_the_other_clients_address(other, worlds, role):
    ours, theirs = worlds
    http = other.http(role)
    mixed = {
        "evidence_detail": _u("evidence_detail", theirs.study.slug, ours.evidence.pk),
        "interview_edit": _u("interview_edit", theirs.study.slug, ours.evidence.pk),
        "interview_delete": _u("interview_delete", theirs.study.slug, ours.evidence.pk),
        "buyer_detail": _u("buyer_detail", theirs.client.slug, ours.buyer.pk),
        "buyer_edit": _u("buyer_edit", theirs.client.slug, ours.buyer.pk),
        "influencer_detail": _u("influencer_detail", theirs.client.slug, ours.influencer.pk),
        "influencer_edit": _u("influencer_edit", theirs.client.slug, ours.influencer.pk),
        "influencer_merge": _u("influencer_merge", theirs.client.slug, ours.influencer.pk),
        "category_edit": _u("category_edit", theirs.client.slug, ours.category.pk),
        "category_move": _u("category_move", theirs.client.slug, ours.category.pk),
        "category_delete": _u("category_delete", theirs.client.slug, ours.category.pk),
        "review_resolve": _u("review_resolve", theirs.client.slug, ours.review.pk),
        "ranking_entry": _u("ranking_entry", theirs.study.slug, ours.entry.pk),
        "webhook_detail": _u("webhook_detail", theirs.client.slug, ours.webhook.pk),
        "webhook_delete": _u("webhook_delete", theirs.client.slug, ours.webhook.pk),
        "webhook_redeliver": _u("webhook_redeliver", theirs.client.slug, ours.delivery.pk),
    }
    assert_isolated_and_unchanged(http, mixed, PAGES, ours, state)


def test_forms_of_the_other_client_refuse_this_clients_objects(other, worlds):
    """Ids of this client's objects sent to the other client's own forms change nothing."""
    ours, theirs = worlds
    http = other.http(Role.ANALYST)
    merge = _u("influencer_merge", theirs.client.slug, theirs.influencer.pk)
    resolve = _u("review_resolve", theirs.client.slug, theirs.review.pk)
    delete = _u("category_delete", theirs.client.slug, theirs.influencer.category_id)
    before = state(ours), state(theirs)

    preview = http.get(merge, {"other": ours.influencer.pk})
    assert preview.status_code == 200
    assert "other" in preview.context["form"].errors
    assert http.post(merge, {"other": ours.influencer.pk}).status_code == 200
    http.post(resolve, {"action": "accept", "influencer": ours.influencer.pk})
    http.post(resolve, {"action": "merge", "merge_into": ours.influencer.name})
    assert http.post(delete, {"move_to": ours.category.pk}).status_code == 200

    assert (state(ours), state(theirs)) == before
    for kind, secret in ours.secrets.items():
        assert secret.encode() not in preview.content, f"merge preview shows our {kind}"


@pytest.mark.parametrize("page", LISTS)
@pytest.mark.parametrize("role", ROLES)
def test_the_other_clients_lists_never_show_this_clients_names(other, worlds, role, page):
    ours, theirs = worlds
    target, shown = LISTS[page]
    response = other.http(role).get(target(theirs))
    assert_shows_theirs_not_ours(response, ours, theirs, shown, page, role)


@pytest.mark.parametrize("page", [*PAGES, *NO_OBJECT])
def test_anonymous_users_are_sent_to_log_in(client, tenant, page):
    url = PAGES[page].url(build_world(tenant)) if page in PAGES else NO_OBJECT[page]()
    assert_sent_to_log_in(client, url, page)
