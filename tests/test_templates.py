"""Every count on a page agrees with its noun: no "1 mentions"."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template

NOUNS = (
    "mentions|interviews|responses|respondents|influencers|names|rows|organizations|aliases|"
    "runs|days|stages|categories|resamplings|replicates|questions|surveys|buyers|changes|"
    "communities|nominations|"
    "files|reviews|ties|seconds|warnings|columns|items|people"
)
# A variable printed, then (past spaces and tags) a plural noun: "{{ n }} mentions".
BARE_PLURAL = re.compile(r"\{\{\s*(?P<var>[^}]+?)\s*\}\}(?:\s|<[^>]*>)*(?P<noun>" + NOUNS + r")\b")
# Plurals a surrounding {% if %} guarantees, read and kept: (template, the text found).
REVIEWED = {
    ("surveys/_import_report.html", "{{ n }} respondents"),  # "All n respondents", n > 1
    ("surveys/_import_report.html", "{{ report.respondents }} respondents"),  # n of them, n < all
}
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def bare_plurals(path: Path) -> list[str]:
    text = path.read_text()
    name = str(path.relative_to(TEMPLATES))
    return [
        f"line {text[: m.start()].count(chr(10)) + 1}: {m.group(0)!r}"
        for m in BARE_PLURAL.finditer(text)
        if (name, m.group(0)) not in REVIEWED
    ]


def test_no_template_prints_a_count_before_a_bare_plural():
    found = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = str(path.relative_to(TEMPLATES))
        if hits := bare_plurals(path):
            found[name] = hits
    assert found == {}, "write {{ n|counted:'noun' }} or noun{{ n|pluralize }}"


def test_the_scan_catches_what_it_is_for():
    assert BARE_PLURAL.search("from {{ run.mention_count|intcomma }} mentions")
    assert BARE_PLURAL.search('<div>{{ counts.mentions }}</div><div class="small">mentions')
    assert not BARE_PLURAL.search("{{ n }} mention{{ n|pluralize }}")
    assert not BARE_PLURAL.search('{{ n|counted:"mention" }}')


@pytest.mark.parametrize(
    ("n", "noun", "shown"),
    [
        (0, "mention", "0 mentions"),
        (1, "mention", "1 mention"),
        (2300, "mention", "2,300 mentions"),
        (1, "interview or response,interviews or responses", "1 interview or response"),
        (3, "person or organization,people or organizations", "3 people or organizations"),
    ],
)
def test_counted_puts_the_noun_in_agreement(n, noun, shown):
    rendered = Template("{% load counting %}{{ n|counted:noun }}").render(
        Context({"n": n, "noun": noun})
    )
    assert rendered == shown


def test_reviewed_plurals_are_still_in_their_templates():
    for name, found in REVIEWED:
        assert found in (TEMPLATES / name).read_text(), f"{name} changed: review REVIEWED"
