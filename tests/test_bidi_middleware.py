"""No answer of the app carries a bidirectional control, whatever a template or view forgot."""

import json

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.test import RequestFactory

from influencer50.middleware import BidiControlsMiddleware

HOSTILE = "\u202eevil\u202c txt.exe and \u2066isolated\u2069 \u202a\u202b\u202d\u2067\u2068"


def answer(response):
    return BidiControlsMiddleware(lambda request: response)(RequestFactory().get("/"))


def test_html_loses_every_bidirectional_control_and_keeps_the_rest():
    original = HttpResponse(f"<p>{HOSTILE} — “ok” é</p>")
    original["Content-Length"] = str(len(original.content))
    response = answer(original)
    assert response.content.decode() == "<p>evil txt.exe and isolated  — “ok” é</p>"
    assert response["Content-Length"] == str(len(response.content))


def test_json_loses_them_whether_escaped_or_raw():
    escaped = answer(JsonResponse({"name": HOSTILE}))
    raw = answer(JsonResponse({"name": HOSTILE}, json_dumps_params={"ensure_ascii": False}))
    assert json.loads(escaped.content) == {"name": "evil txt.exe and isolated "}
    assert json.loads(raw.content) == {"name": "evil txt.exe and isolated "}


def test_json_keeps_a_typed_backslash_u_sequence():
    # The six characters \u202e typed as text are not a control character.
    response = answer(JsonResponse({"name": "C:\\u202e\\file"}))
    assert json.loads(response.content) == {"name": "C:\\u202e\\file"}


def test_other_answers_are_left_alone():
    text = answer(HttpResponse(HOSTILE, content_type="text/csv"))
    streamed = answer(StreamingHttpResponse(iter([HOSTILE])))
    assert text.content.decode() == HOSTILE
    assert b"".join(streamed.streaming_content).decode() == HOSTILE
