"""Middleware of the project as a whole."""

import re

from identification.text import BIDI_CONTROLS

# A JSON string escape of a bidirectional control ("\u202e"), not preceded by an escaped
# backslash ("\\u202e" is the six characters a user typed, and stays).
_JSON_BIDI_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u(?:202[a-e]|206[6-9])", re.IGNORECASE)


def _neutralised(text: str, *, json: bool) -> str:
    text = BIDI_CONTROLS.sub("", text)
    return _JSON_BIDI_ESCAPE.sub(r"\1", text) if json else text


class BidiControlsMiddleware:
    """No page or type-ahead answer carries a bidirectional control character.

    Forms refuse them in names and imports strip them, but text stored before that, a
    quote, or a refused value shown back in its form would still let "\u202eevil\u202c
    txt.exe" read as "live txt.exe". Removing them from every HTML and JSON answer makes
    that impossible whatever the template forgot.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        is_json = "json" in content_type
        if response.streaming or not (content_type.startswith("text/html") or is_json):
            return response
        charset = response.charset or "utf-8"
        text = response.content.decode(charset, errors="surrogateescape")
        cleaned = _neutralised(text, json=is_json)
        if cleaned != text:
            response.content = cleaned.encode(charset, errors="surrogateescape")
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
