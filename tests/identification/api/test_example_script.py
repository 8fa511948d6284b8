"""examples/api_client.py against a live server: token, studies, an interview, a run, and a
DataFrame whose ranks match the ranking page."""

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from django.urls import reverse

from identification.models import Evidence
from identification.models.choices import Role
from tests.identification.api.conftest import token_value
from tests.identification.test_runs import small_market

SCRIPT = Path(__file__).resolve().parents[3] / "examples" / "api_client.py"


@pytest.mark.django_db(transaction=True)
def test_the_example_script_loads_the_ranking_the_page_shows(tenant, live_server, tmp_path):
    small_market(tenant.study)
    token = token_value(tenant.users[Role.ANALYST])
    out = tmp_path / "ranking.csv"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--url", live_server.url, "--token", token,
         "--study", tenant.study.slug, "--out", str(out)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr + result.stdout
    assert "posted interview" in result.stdout
    assert Evidence.objects.filter(buyer__organization__name="Example Scripted Ltd").exists()
    frame = pd.read_csv(out, keep_default_na=False)
    tenant.study.refresh_from_db()
    run = tenant.study.published_run
    assert list(frame["rank"]) == list(range(1, run.entries.count() + 1))
    assert "Scripted Example Person" in set(frame["name"])
    page = tenant.http(Role.VIEWER).get(reverse("identification:ranking", args=[tenant.study.slug]))
    links = re.findall(
        rf'href="/studies/{tenant.study.slug}/ranking/\d+/">([^<]+)</a>', page.content.decode()
    )
    assert links
    assert links == list(frame.sort_values("rank")["name"][: len(links)])
