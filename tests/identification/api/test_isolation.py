"""No API operation shows or touches another client's data.

For every route of `identification/api/urls.py` (a test fails when one is missing): every
role of the other client, calling with its own personal token, gets 404 for this client's
objects with every method the route answers, and nothing of this client changes; the other
client's lists never show this client's names; a call without credentials answers 401.
"""

from dataclasses import dataclass, field

import pytest
from django.urls import reverse

import identification.api.urls
from tests.identification.api.conftest import token_client
from tests.isolation import ROLES, build_world, state, url_names


def _u(name, *args):
    return reverse(f"api:{name}", args=args)


@dataclass(frozen=True)
class Op:
    url: object
    methods: tuple[str, ...] = ("get",)
    data: dict = field(default_factory=dict)


INTERVIEW = {
    "collected_on": "2026-09-01",
    "new_buyer": {"organization_name": "LeakOrg", "role": "user"},
    "mentions": [{"new_influencer": {"name": "Leak Person", "category": 1}, "stage": 1}],
}

OPS = {
    "client_detail": Op(lambda w: _u("client_detail", w.client.slug)),
    "category_list": Op(lambda w: _u("category_list", w.client.slug)),
    "influencer_list": Op(
        lambda w: _u("influencer_list", w.client.slug),
        ("get", "post"),
        {"name": "Leak", "category": 1},
    ),
    "influencer_detail": Op(
        lambda w: _u("influencer_detail", w.client.slug, w.influencer.pk),
        ("get", "patch"),
        {"name": "Leaked"},
    ),
    "study_detail": Op(lambda w: _u("study_detail", w.study.slug)),
    "stage_list": Op(lambda w: _u("stage_list", w.study.slug)),
    "evidence_list": Op(lambda w: _u("evidence_list", w.study.slug), ("get", "post"), INTERVIEW),
    "evidence_detail": Op(lambda w: _u("evidence_detail", w.study.slug, w.evidence.pk)),
    "mention_list": Op(lambda w: _u("mention_list", w.study.slug)),
    "run_list": Op(lambda w: _u("run_list", w.study.slug), ("get", "post")),
    "run_detail": Op(lambda w: _u("run_detail", w.study.slug, w.entry.run_id)),
    "run_ranking": Op(lambda w: _u("run_ranking", w.study.slug, w.entry.run_id)),
    "ranking": Op(lambda w: _u("ranking", w.study.slug)),
}
# Routes of no client's object: every caller gets their own.
NO_OBJECT = {"client_list": lambda: _u("client_list"), "study_list": lambda: _u("study_list")}

# The other client's lists, and the kinds of its names each must show.
LISTS = {
    "client_list": (lambda w: _u("client_list"), ("client",)),
    "study_list": (lambda w: _u("study_list"), ("study",)),
    "influencer_list": (OPS["influencer_list"].url, ("influencer",)),
    "evidence_list": (OPS["evidence_list"].url, ("organization",)),
    "mention_list": (OPS["mention_list"].url, ("quote",)),
    "ranking": (OPS["ranking"].url, ("influencer",)),
    "ranking_csv": (lambda w: OPS["ranking"].url(w) + "?format=csv", ("influencer",)),
    "run_ranking": (OPS["run_ranking"].url, ("influencer",)),
}


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _call(api, method, url, data):
    if method == "get":
        return api.get(url)
    return getattr(api, method)(url, data, format="json")


def test_every_api_route_is_in_the_matrix():
    names = url_names(identification.api.urls.urlpatterns)
    assert names == set(OPS) | set(NO_OBJECT)
    assert {k for k in LISTS if k != "ranking_csv"} <= names


@pytest.fixture
def worlds(tenant, other):
    return build_world(tenant), build_world(other)


@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("role", ROLES)
def test_another_clients_tokens_get_404_and_change_nothing(other, worlds, role, op):
    ours, _ = worlds
    api = token_client(other.users[role])
    before = state(ours)
    for method in OPS[op].methods:
        response = _call(api, method, OPS[op].url(ours), OPS[op].data)
        assert response.status_code == 404, f"{method.upper()} {op}"
        for kind, secret in ours.secrets.items():
            assert secret.encode() not in _body(response), f"{op} shows their {kind}"
    assert state(ours) == before


@pytest.mark.parametrize("role", ROLES)
def test_this_clients_objects_are_404_under_the_other_clients_address(other, worlds, role):
    ours, theirs = worlds
    api = token_client(other.users[role])
    mixed = {
        ("get", _u("influencer_detail", theirs.client.slug, ours.influencer.pk)),
        ("patch", _u("influencer_detail", theirs.client.slug, ours.influencer.pk)),
        ("get", _u("evidence_detail", theirs.study.slug, ours.evidence.pk)),
        ("get", _u("run_detail", theirs.study.slug, ours.entry.run_id)),
        ("get", _u("run_ranking", theirs.study.slug, ours.entry.run_id)),
    }
    before = state(ours)
    for method, url in mixed:
        assert _call(api, method, url, {"name": "Leaked"}).status_code == 404, url
    assert state(ours) == before


def test_the_other_clients_writes_refuse_this_clients_ids(other, worlds):
    """Ids of this client's objects inside the other client's own requests: 400, no change."""
    ours, theirs = worlds
    from identification.models.choices import Role

    api = token_client(other.users[Role.ANALYST])
    stage = ours.study.stages.first()
    before = state(ours), state(theirs)
    interview = {
        "collected_on": "2026-09-01",
        "buyer": ours.evidence.buyer_id,
        "mentions": [{"influencer": ours.influencer.pk, "stage": stage.pk}],
    }
    response = api.post(_u("evidence_list", theirs.study.slug), interview, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"buyer", "mentions"}
    response = api.post(
        _u("influencer_list", theirs.client.slug),
        {"name": "New", "category": ours.category.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "category" in response.json()
    assert (state(ours), state(theirs)) == before


@pytest.mark.parametrize("page", LISTS)
@pytest.mark.parametrize("role", ROLES)
def test_the_other_clients_lists_never_show_this_clients_names(other, worlds, role, page):
    ours, theirs = worlds
    target, shown = LISTS[page]
    response = token_client(other.users[role]).get(target(theirs))
    assert response.status_code == 200, f"{page} as {role}"
    body = _body(response)
    for kind in shown:
        assert theirs.secrets[kind].encode() in body, f"{page} lacks {kind}"
    for kind, secret in ours.secrets.items():
        assert secret.encode() not in body, f"{page} as {role} shows our {kind}"


@pytest.mark.parametrize("op", [*OPS, *NO_OBJECT])
def test_calls_without_credentials_answer_401(tenant, op):
    from rest_framework.test import APIClient

    url = OPS[op].url(build_world(tenant)) if op in OPS else NO_OBJECT[op]()
    methods = OPS[op].methods if op in OPS else ("get",)
    for method in methods:
        response = _call(APIClient(), method, url, {})
        assert response.status_code == 401, f"{method.upper()} {op}"
        assert response["WWW-Authenticate"].startswith("Bearer")
