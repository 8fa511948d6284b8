"""The "How the ranking is checked" page: its figures come from docs/validation.json."""

import copy
import json
import os

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils.html import escape

from identification.selectors.validation import validation_report

URL = reverse("identification:ranking_method")


@pytest.fixture
def committed():
    return json.loads(django_settings.VALIDATION_REPORT.read_text())


@pytest.fixture
def report_file(settings, tmp_path, committed):
    """A copy of the committed report with figures no real run gives, so the page can only
    show them by reading the file."""
    doc = copy.deepcopy(committed)
    engine = doc["datasets"]["brfarmers"]["figures"]["engine"]
    engine.update(rho=-0.4321, se=0.0123, top10_toa=11.11, rest_toa=16.66)
    doc["datasets"]["brfarmers"]["engine_minus_indegree"] = {"rho": -0.2081, "se": 0.0456}
    path = tmp_path / "validation.json"
    path.write_text(json.dumps(doc))
    settings.VALIDATION_REPORT = path
    return path


def test_the_page_shows_the_committed_figures_and_citations(analyst, committed):
    html = analyst.get(URL).content.decode()
    for data in committed["datasets"].values():
        engine = data["figures"]["engine"]
        assert data["title"] in html
        assert f"{engine['rho']:.3f}" in html
        assert f"{engine['top10_toa']:.2f}" in html
        assert f"{data['figures']['indegree']['rho']:.3f}" in html
        assert f"{data['interval_coverage']['held']} of the 25 people named most often" in html
        for citation in data["citations"]:
            assert escape(citation.split(".")[0]) in html
    assert "does not prove that they made the others adopt" in html
    assert committed["command"] in html


def test_the_figures_are_read_from_the_file(analyst, report_file):
    html = analyst.get(URL).content.decode()
    for figure in ("-0.432", "0.012", "11.11", "16.66", "-0.208", "0.046"):
        assert figure in html
    assert "better than counting how often people are named, beyond sampling noise" in html


def test_a_rewritten_file_is_read_again(analyst, report_file):
    analyst.get(URL)
    doc = json.loads(report_file.read_text())
    doc["datasets"]["brfarmers"]["figures"]["engine"]["rho"] = -0.3579
    report_file.write_text(json.dumps(doc))
    stat = report_file.stat()
    os.utime(report_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert "-0.358" in analyst.get(URL).content.decode()


def test_without_the_file_the_page_says_how_to_make_it(analyst, settings, tmp_path):
    settings.VALIDATION_REPORT = tmp_path / "absent.json"
    response = analyst.get(URL)
    assert response.status_code == 200
    assert "make validate" in response.content.decode()
    assert "What this check does not show" in response.content.decode()


def test_a_broken_file_is_named_on_the_page_and_logged(analyst, settings, tmp_path, caplog):
    broken = tmp_path / "validation.json"
    broken.write_text('{"datasets": {"x": {}}}')
    settings.VALIDATION_REPORT = broken
    response = analyst.get(URL)
    assert response.status_code == 200
    assert "The figures cannot be shown" in response.content.decode()
    assert str(broken) in caplog.text
    with pytest.raises(ValueError, match="is not a validation report"):
        validation_report(path=broken)


def test_every_member_may_read_it_whatever_their_client(tenant, other):
    for tenant_ in (tenant, other):
        for role in tenant_.users:
            assert tenant_.http(role).get(URL).status_code == 200


def test_the_ranking_page_links_it(tenant, analyst):
    html = analyst.get(reverse("identification:ranking", args=[tenant.study.slug])).content
    assert URL.encode() in html


def test_the_page_runs_a_constant_number_of_queries(analyst, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert analyst.get(URL).status_code == 200
