"""Personal API tokens: a user's own keys to the REST API, stored hashed."""

import hashlib
import secrets

from django.conf import settings
from django.db import models

from identification.models.constraints import one_of

# The visible start of every token, so a leaked one is recognisable in logs and scanners.
TOKEN_PREFIX = "i50_"


def hash_token(raw: str) -> str:
    # A token is 256 random bits, so a fast hash is enough: nothing to brute-force.
    return hashlib.sha256(raw.encode()).hexdigest()


def new_token_value() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class TokenScope(models.TextChoices):
    READ = "read", "Read only"
    WRITE = "write", "Read and write"


class ApiToken(models.Model):
    """A personal API token; carries its user's clients and roles and, if read-only, no writes."""

    # Module-level so that Meta (which cannot see the class body) can constrain it.
    Scope = TokenScope

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What it is for, e.g. 'CRM sync'.")
    scope = models.CharField(max_length=10, choices=TokenScope.choices, default=TokenScope.READ)
    # The first characters of the token, shown so a user can tell their tokens apart.
    hint = models.CharField(max_length=16)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="api_token_unique_name"),
            one_of("api_token", "scope", TokenScope),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE
