"""What the apps' isolation matrices (tests/<app>/test_isolation.py) share.

A client's `World` holds its core objects, each carrying a name unique to the client
(`secrets`); a matrix names every URL of its app as a `Page` of a world, and the checks below
ask those pages as the other client's users, or as nobody.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, reverse

from identification.models import (
    ApiToken,
    Buyer,
    Category,
    Influencer,
    NameReview,
    RankingEntry,
    RankingRun,
    WebhookDelivery,
    WebhookEndpoint,
)
from identification.models.choices import Family, Role
from identification.services.categories import create_category
from identification.services.runs import publish_run
from identification.services.tokens import create_token
from tests.factories import BuyerFactory, EvidenceFactory, InfluencerFactory, MentionFactory

ROLES = list(Role.values)
METHODS = ("get", "post")


@dataclass
class World:
    """One client's objects that the pages are asked about."""

    client: object
    study: object
    evidence: object
    influencer: object
    category: object
    review: object
    entry: object
    secrets: dict[str, str]  # kind -> a name that must never appear on another client's pages
    buyer: object = None
    webhook: object = None
    delivery: object = None
    token: object = None  # the marketing head's personal API token


def build_world(tenant) -> World:
    """A small but complete client: evidence, registry, a custom category, an open name
    review and a published ranking, each carrying a name unique to the client."""
    tag = tenant.client.slug.replace("-", "").capitalize()
    study = tenant.study
    # Empty, so that a leaking delete or move would go through without further input.
    category = create_category(client=tenant.client, name=f"Zed{tag}Category", family=Family.PEER)
    influencer = InfluencerFactory(client=tenant.client, name=f"Zed{tag}Influencer")
    buyer = BuyerFactory(client=tenant.client, name=f"Zed{tag}Buyer")
    evidence = EvidenceFactory(study=study, buyer=buyer)
    MentionFactory(evidence=evidence, influencer=influencer, quote=f"Zed{tag}Quote")
    provisional = InfluencerFactory(
        client=tenant.client, name=f"Zed{tag}Provisional", provisional=True
    )
    review = NameReview.objects.create(
        client=tenant.client,
        name=provisional.name,
        source=f"zed{tag}.csv, row 1",
        candidates=[{"id": influencer.pk, "name": influencer.name, "score": 90.0}],
        provisional_influencer=provisional,
    )
    run = RankingRun.objects.create(
        study=study, status=RankingRun.Status.SUCCEEDED, evidence_count=1, mention_count=1
    )
    entry = RankingEntry.objects.create(
        run=run,
        influencer=influencer,
        influencer_name=influencer.name,
        rank=1,
        score=1.0,
        mention_count=1,
        reach_respondents=1,
        reach_organizations=1,
        mode="offline",
        direction="neutral",
        rank_low=1,
        rank_high=1,
    )
    publish_run(run=run)
    webhook = WebhookEndpoint.objects.create(
        client=tenant.client, url=f"https://zed{tag.lower()}.example.com/hook", secret="s" * 20
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=webhook, event="run.published", run=run, payload={"client": tenant.client.slug}
    )
    token, _ = create_token(
        user=tenant.users[Role.MARKETING_HEAD], name=f"Zed{tag}Token", scope=ApiToken.Scope.WRITE
    )
    return World(
        client=tenant.client,
        study=study,
        evidence=evidence,
        influencer=influencer,
        category=category,
        review=review,
        entry=entry,
        buyer=buyer,
        webhook=webhook,
        delivery=delivery,
        token=token,
        secrets={
            "client": tenant.client.name,
            "study": study.name,
            "influencer": influencer.name,
            "buyer": buyer.name,
            "organization": buyer.organization.name,
            "quote": f"Zed{tag}Quote",
            "category": category.name,
            "review": review.name,
            "webhook": webhook.url,
        },
    )


def state(world: World) -> dict:
    """What a leaking POST could change in a world."""
    study = world.study.__class__.objects.get(pk=world.study.pk)
    return {
        "evidence": list(world.study.evidence.values_list("pk", "buyer_id", "collected_on")),
        "buyers": list(
            Buyer.objects.filter(client=world.client).values_list(
                "pk", "name", "organization_id", "role"
            )
        ),
        "mentions": list(world.evidence.mentions.values_list("pk", "influencer_id", "quote")),
        "influencers": list(
            Influencer.objects.filter(client=world.client).values_list("pk", "name", "category_id")
        ),
        "categories": list(
            Category.objects.filter(client=world.client).values_list("pk", "name", "order")
        ),
        "stages": list(study.stages.values_list("pk", "name", "weight", "order")),
        "settings": (study.damping, study.recency_half_life_days, study.weight_by_deal_size),
        "reviews": list(NameReview.objects.filter(client=world.client).values_list("pk", "status")),
        "runs": list(study.runs.values_list("pk", "status")),
        "published": study.published_run_id,
        "webhooks": list(
            WebhookEndpoint.objects.filter(client=world.client).values_list("pk", "url", "active")
        ),
        "deliveries": list(
            WebhookDelivery.objects.filter(endpoint__client=world.client).values_list(
                "pk", "status", "attempt_count"
            )
        ),
        "tokens": list(
            ApiToken.objects.filter(user__memberships__client=world.client).values_list(
                "pk", "revoked_at"
            )
        ),
    }


@dataclass(frozen=True)
class Page:
    """A URL of one world's object; `methods` are those the view answers (others get 405)."""

    url: Callable[[World], str]
    methods: tuple[str, ...] = METHODS
    # What a POST sends: enough that a view which failed to check the client would act.
    data: dict = field(default_factory=dict)


def url_names(patterns) -> set[str]:
    """Every named URL of a URLconf, following include()s."""
    names = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            names |= url_names(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(entry.name)
    return names


def assert_isolated(http, url: str, page, secrets: dict[str, str], label: str) -> None:
    """Both methods on another client's URL: 404 where the view answers, 405 elsewhere,
    and no name of that client in the answer."""
    for method in METHODS:
        response = http.post(url, page.data) if method == "post" else http.get(url)
        expected = 404 if method in page.methods else 405
        assert response.status_code == expected, f"{method.upper()} {label}"
        for kind, secret in secrets.items():
            assert secret.encode() not in response.content, f"{label} shows their {kind}"


def assert_isolated_and_unchanged(http, urls: dict[str, str], pages, world, state) -> None:
    """`assert_isolated` for each page name -> URL of `world`'s objects, and then `world`'s
    `state` (a matrix's own reading of it) is as before."""
    before = state(world)
    for page, url in urls.items():
        assert_isolated(http, url, pages[page], world.secrets, page)
    assert state(world) == before


def assert_shows_theirs_not_ours(response, ours, theirs, shown, page: str, role: str) -> None:
    """A page of `theirs` opened by their user `role`: refused, or showing their names of the
    kinds `shown` and none of `ours`."""
    assert response.status_code in (200, 403), f"{page} as {role}"
    if response.status_code == 200:
        # The page shows its own client's data, so the check below is not passed vacuously.
        for kind in shown:
            assert theirs.secrets[kind].encode() in response.content, f"{page} lacks {kind}"
    for kind, secret in ours.secrets.items():
        assert secret.encode() not in response.content, f"{page} as {role} shows our {kind}"


def assert_sent_to_log_in(http, url: str, page: str) -> None:
    """Both methods on `url` redirect an anonymous user to the login page."""
    for method in METHODS:
        response = getattr(http, method)(url)
        assert response.status_code == 302, f"{method.upper()} {page}"
        assert response["Location"].startswith(reverse("login"))
