"""The OpenAPI schema's shared parts: the error answers every operation can give."""

from drf_spectacular.openapi import AutoSchema

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# A 400 names each faulty field, nested as in the request, with its messages.
FIELD_ERRORS = {"type": "object", "additionalProperties": True}

ERRORS = {
    "400": (FIELD_ERRORS, "Invalid input: each faulty field with its messages."),
    "401": (ERROR, "No valid credentials: send a personal token as 'Authorization: Bearer …'."),
    "403": (ERROR, "Your role, or a read-only token, does not allow this."),
    "404": (ERROR, "No such object among the clients you may see (or no such page)."),
    "429": (ERROR, "Too many requests: wait for the seconds given in Retry-After."),
}


class ApiSchema(AutoSchema):
    """drf-spectacular's schema plus the error answers, so that clients (and the contract
    test) know every status an operation can return."""

    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        for status, (schema, description) in ERRORS.items():
            if status not in bodies:
                body = self._get_response_for_code(
                    schema, status, media_types=["application/json"], direction=direction
                )
                bodies[status] = {**body, "description": description}
        return bodies
