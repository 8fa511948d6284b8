"""Who may see and change what: every read of client data goes through these helpers.

An object of a client the user is not a member of is answered with 404, never 403,
so that its existence is not revealed.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from identification.models import Client, Membership, Study
from identification.models.choices import Role

EDIT_EVIDENCE_ROLES = frozenset({Role.ANALYST})
RUN_RANKING_ROLES = frozenset({Role.ANALYST, Role.MARKETING_HEAD})
# Webhook endpoints carry a secret and send client data out: the marketing head decides.
WEBHOOK_ROLES = frozenset({Role.MARKETING_HEAD})


def clients_for_user(user) -> QuerySet[Client]:
    """The clients a user may see: staff see every client, others their memberships."""
    if not user.is_authenticated:
        return Client.objects.none()
    if user.is_staff:
        return Client.objects.all()
    return Client.objects.filter(memberships__user=user)


def role_for(user, client: Client) -> str | None:
    """The user's role in a client; staff act as analysts everywhere."""
    if not user.is_authenticated:
        return None
    # A page asks several times (edit buttons, ranking panel): one query per request's user.
    roles = user.__dict__.setdefault("_roles_by_client", {})
    if client.pk not in roles:
        membership = Membership.objects.filter(user=user, client=client).only("role").first()
        roles[client.pk] = (
            membership.role if membership else (Role.ANALYST if user.is_staff else None)
        )
    return roles[client.pk]


def get_for_user[M: Model](queryset: QuerySet[M], user, *, client_path: str, **lookup) -> M:
    """Fetch one object of `queryset` that belongs to a client of `user`, or raise 404.

    `client_path` is the lookup from the model to its Client, e.g. "study__client".
    """
    visible = clients_for_user(user)
    prefix = f"{client_path}__in" if client_path else "pk__in"
    try:
        return queryset.filter(**{prefix: visible}).distinct().get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(f"No {queryset.model._meta.verbose_name} matches the given query.") from exc


def get_client_for_user(user, slug: str) -> Client:
    return get_for_user(Client.objects.all(), user, client_path="", slug=slug)


def get_study_for_user(user, slug: str) -> Study:
    return get_for_user(
        Study.objects.select_related("client", "published_run"),
        user,
        client_path="client",
        slug=slug,
    )


def _with_article(label: str) -> str:
    return f"{'an' if label[0] in 'aeiou' else 'a'} {label}"


def refusal(*, client: Client, roles: frozenset[str], role: str | None) -> str:
    """Why a user is refused, in words: which roles may do it, and the user's own role."""
    allowed = " or ".join(_with_article(r.label.lower()) for r in Role if r in roles)
    yours = f"your role there is {Role(role).label.lower()}" if role else "you have no role there"
    return f"Only {allowed} of {client.name} can do this; {yours}."


def require_role(user, client: Client, roles: frozenset[str]) -> str:
    """Raise PermissionDenied unless the user holds one of `roles` in `client`; its message
    (shown by the 403 page) says which roles may do it."""
    role = role_for(user, client)
    if role not in roles:
        raise PermissionDenied(refusal(client=client, roles=roles, role=role))
    return role


def can_edit_evidence(user, client: Client) -> bool:
    return role_for(user, client) in EDIT_EVIDENCE_ROLES


def can_run_ranking(user, client: Client) -> bool:
    return role_for(user, client) in RUN_RANKING_ROLES
