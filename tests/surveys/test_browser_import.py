"""Importing each survey tool's export through the import pages, in a real Chromium
(Playwright): upload, the detected layout said, the guessed mapping, the preview with its
first rows, the import. Screenshots of the mapping and preview pages are kept under
screenshots/ (SCREENSHOTS_DIR), at desktop and phone width."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from identification.models.choices import Role
from surveys.models import ImportJob
from tests.identification.test_browser_interview import log_in
from tests.surveys.test_import_tools import _story_was_imported
from tests.surveys.tools import EXPORTS

# Playwright's sync API runs an event loop; pytest-django's database access is sync.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(os.environ.get("SCREENSHOTS_DIR", Path(__file__).parents[2] / "screenshots"))
PHONE = {"width": 390, "height": 844}


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("export", EXPORTS, ids=[e.label for e in EXPORTS])
def test_a_survey_tools_export_imports_through_the_pages(
    live_server, tenant, browser_page, export, tmp_path
):
    page = browser_page
    study = tenant.study
    path = tmp_path / export.filename
    path.write_bytes(export.content())
    slug = export.label.lower().replace(" ", "-")

    log_in(page, live_server, tenant.users[Role.ANALYST].username)
    page.goto(live_server.url + reverse("surveys:import_index", args=[study.slug]))
    page.set_input_files("#id_file", str(path))
    page.click("button[type=submit]:has-text('Upload and map')")
    page.wait_for_url("**/mapping/")

    assert export.note in page.inner_text("#file-layout")
    # The guess is on the page: the role question is mapped to the role.
    role = page.locator("tr", has=page.locator(f"code:text-is('{export.role_column}')"))
    assert role.locator("select").input_value() == "role"
    page.select_option("#id_def_category", "Peers")
    _shot(page, f"import-mapping-{slug}")
    page.click("button[name=preview]")
    page.wait_for_url("**/preview/")

    assert export.note in page.inner_text("#file-layout")
    sample = page.inner_text("#sample")
    assert "Maria García" in sample
    assert export.second_stage in sample
    _shot(page, f"import-preview-{slug}")
    if export.tool == "qualtrics" and export.filename.endswith(".csv"):
        page.set_viewport_size(PHONE)
        _shot(page, "import-preview-phone")
        # At a phone's width the sample scrolls inside its box; the page itself does not.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], width
    page.click("button[type=submit]:has-text('Import 3 respondents')")
    page.wait_for_url("**/imports/*/")

    assert ImportJob.objects.get().status == ImportJob.Status.SUCCEEDED
    _story_was_imported(export, study)
