"""The log-in form keeps the username after a wrong password; the app serves its favicon
(fetched through the running app in tests/test_browser_pages.py)."""

from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import UserFactory


def test_a_wrong_password_keeps_the_username_and_focuses_the_password(client, db):
    UserFactory(username="dana")
    response = client.post(reverse("login"), {"username": "dana", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "didn't match" in html
    assert 'value="dana"' in html
    username_input = html[html.index('id="id_username"') :].split(">", 1)[0]
    password_input = html[html.index('id="id_password"') :].split(">", 1)[0]
    assert "autofocus" not in username_input
    assert "autofocus" in password_input


def test_the_empty_form_focuses_the_username(client, db):
    html = client.get(reverse("login")).content.decode()
    assert 'value=""' in html
    assert "autofocus" in html[html.index('id="id_username"') :].split(">", 1)[0]


def test_favicon_is_a_static_file_linked_from_every_layout_and_at_its_usual_address(client, db):
    with open(finders.find("favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file
    with open(finders.find("favicon.svg")) as svg:
        assert svg.read().startswith("<svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.ico"
    assert b'rel="icon"' in client.get(reverse("login")).content
