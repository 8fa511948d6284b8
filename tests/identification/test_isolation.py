"""No page shows or touches another client's data: every role of client A gets 404 for
client B's objects, list pages never show B's data, anonymous users are sent to log in.

Add a page here by adding one entry to PAGES (and to LISTS if it lists things).
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from identification.models.choices import Role
from tests.factories import BuyerFactory, EvidenceFactory, InfluencerFactory, MentionFactory


@dataclass
class World:
    """One client's objects that the pages are asked about."""

    client: object
    study: object
    evidence: object
    influencer: object
    secrets: tuple[str, ...]  # names that must never appear on another client's pages


def build_world(tenant) -> World:
    tag = tenant.client.slug.replace("-", "").capitalize()
    influencer = InfluencerFactory(client=tenant.client, name=f"Zed{tag}Influencer")
    buyer = BuyerFactory(client=tenant.client, name=f"Zed{tag}Buyer")
    evidence = EvidenceFactory(study=tenant.study, buyer=buyer)
    MentionFactory(evidence=evidence, influencer=influencer, quote=f"Zed{tag}Quote")
    return World(
        client=tenant.client,
        study=tenant.study,
        evidence=evidence,
        influencer=influencer,
        secrets=(
            influencer.name,
            buyer.name,
            buyer.organization.name,
            f"Zed{tag}Quote",
            tenant.study.name,
            tenant.client.name,
        ),
    )


def _u(name, *args):
    return reverse(f"identification:{name}", args=args)


# page name -> (URL of a world's object, methods the page answers)
PAGES = {
    "study": (lambda w: _u("study", w.study.slug), ("get",)),
    "study_stages": (lambda w: _u("study_stages", w.study.slug), ("get", "post")),
    "evidence_list": (lambda w: _u("evidence_list", w.study.slug), ("get",)),
    "interview_create": (lambda w: _u("interview_create", w.study.slug), ("get", "post")),
    "evidence_detail": (
        lambda w: _u("evidence_detail", w.study.slug, w.evidence.pk),
        ("get",),
    ),
    "interview_edit": (
        lambda w: _u("interview_edit", w.study.slug, w.evidence.pk),
        ("get", "post"),
    ),
    "interview_delete": (
        lambda w: _u("interview_delete", w.study.slug, w.evidence.pk),
        ("get", "post"),
    ),
    "influencer_list": (lambda w: _u("influencer_list", w.client.slug), ("get",)),
    "influencer_search": (lambda w: _u("influencer_search", w.client.slug) + "?q=zed", ("get",)),
    "influencer_create": (lambda w: _u("influencer_create", w.client.slug), ("get", "post")),
    "influencer_detail": (
        lambda w: _u("influencer_detail", w.client.slug, w.influencer.pk),
        ("get",),
    ),
    "influencer_edit": (
        lambda w: _u("influencer_edit", w.client.slug, w.influencer.pk),
        ("get", "post"),
    ),
    "influencer_merge": (
        lambda w: _u("influencer_merge", w.client.slug, w.influencer.pk),
        ("get", "post"),
    ),
    "category_list": (lambda w: _u("category_list", w.client.slug), ("get",)),
    "category_create": (lambda w: _u("category_create", w.client.slug), ("get", "post")),
    "category_edit": (
        lambda w: _u("category_edit", w.client.slug, w.influencer.category_id),
        ("get", "post"),
    ),
    "category_move": (
        lambda w: _u("category_move", w.client.slug, w.influencer.category_id),
        ("post",),
    ),
    "category_delete": (
        lambda w: _u("category_delete", w.client.slug, w.influencer.category_id),
        ("get", "post"),
    ),
}

# Pages of client A that list things; B's names must never be on them.
LISTS = {
    "home": lambda w: _u("home"),
    "study": PAGES["study"][0],
    "evidence_list": PAGES["evidence_list"][0],
    "influencer_list": PAGES["influencer_list"][0],
    "influencer_search": PAGES["influencer_search"][0],
    "interview_create": PAGES["interview_create"][0],
    "influencer_detail": PAGES["influencer_detail"][0],
}

ROLES = list(Role.values)


@pytest.fixture
def worlds(tenant, other):
    return build_world(tenant), build_world(other)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_another_clients_objects_answer_404(tenant, worlds, role, page):
    _, theirs = worlds
    target, methods = PAGES[page]
    http = tenant.http(role)
    for method in methods:
        response = getattr(http, method)(target(theirs))
        assert response.status_code == 404, f"{method.upper()} {page} as {role}"
    for secret in theirs.secrets:
        assert secret.encode() not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_another_studys_evidence_is_404_under_this_studys_address(tenant, worlds, role):
    mine, theirs = worlds
    http = tenant.http(role)
    for name in ("evidence_detail", "interview_edit", "interview_delete"):
        assert http.get(_u(name, mine.study.slug, theirs.evidence.pk)).status_code == 404
    for name in ("influencer_detail", "influencer_edit", "influencer_merge"):
        assert http.get(_u(name, mine.client.slug, theirs.influencer.pk)).status_code == 404


@pytest.mark.parametrize("page", LISTS)
@pytest.mark.parametrize("role", ROLES)
def test_lists_never_include_another_clients_data(tenant, worlds, role, page):
    mine, theirs = worlds
    response = tenant.http(role).get(LISTS[page](mine))
    assert response.status_code in (200, 403)
    if response.status_code == 200:
        # The page does show this client's own data, so the check below is not vacuous.
        assert any(s.encode() in response.content for s in mine.secrets)
    for secret in theirs.secrets:
        assert secret.encode() not in response.content, f"{page} as {role} shows {secret}"


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_users_are_sent_to_log_in(client, tenant, page):
    world = build_world(tenant)
    target, methods = PAGES[page]
    for method in methods:
        response = getattr(client, method)(target(world))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
