"""Clients and who may see them."""

from django.conf import settings
from django.db import models

from identification.models.choices import Role
from identification.models.constraints import one_of
from identification.text import refuse_bidi_controls


class Client(models.Model):
    """The vendor that commissions the work; every piece of data belongs to exactly one."""

    name = models.CharField(max_length=200, unique=True, validators=[refuse_bidi_controls])
    slug = models.SlugField(max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role within one client."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "client"], name="membership_unique_user_client"
            ),
            one_of("membership", "role", Role),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.client} · {self.get_role_display()}"
