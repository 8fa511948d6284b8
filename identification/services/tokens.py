"""Personal API tokens: creating (the value is shown once, only its hash is kept) and revoking."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from identification.models import ApiToken
from identification.models.access_tokens import TOKEN_PREFIX, hash_token, new_token_value

HINT_LENGTH = len(TOKEN_PREFIX) + 6


@transaction.atomic
def create_token(*, user, name: str, scope: str) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the record and the token's value, which is not
    stored anywhere and cannot be shown again."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "Give the token a name, e.g. what it is for."})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": "Choose read only or read and write."})
    if ApiToken.objects.filter(user=user, name__iexact=name).exists():
        raise ValidationError({"name": "You already have a token of this name."})
    value = new_token_value()
    token = ApiToken.objects.create(
        user=user, name=name, scope=scope, hint=value[:HINT_LENGTH], key_hash=hash_token(value)
    )
    return token, value


def revoke_token(*, token: ApiToken) -> ApiToken:
    """Revoke a token at once; it stays listed, marked revoked, and never works again."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
