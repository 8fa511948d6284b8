"""Serializer fields the API's inputs share."""

from rest_framework import serializers

# Ids are 64-bit (BigAutoField): a bigger number is refused as a 400, not sent to the database.
MAX_ID = 2**63 - 1


class IdField(serializers.IntegerField):
    """An object's id given in a query string."""

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)
