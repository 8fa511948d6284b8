"""Commands print no warning about a browser set-up; `check` and the web server still do.

The front-end packages (npm) matter only where pages are served or their files collected:
a scripting user who never ran `npm ci` must not get a warning before every command.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from influencer50 import checks

ROOT = Path(__file__).resolve().parent.parent
BROWSER_WORDS = ("W004", "staticfiles", "node_modules", "W001", "No hostname was supplied")


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def scripting_env(tmp_path):
    """A machine without the front-end packages, on an SQLite file and eager tasks."""
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CELERY_BROKER_URL="",
        NODE_MODULES_DIR=str(tmp_path / "no-node-modules"),
    )
    return env


def test_a_scripting_session_without_the_front_end_packages_prints_no_such_warning(
    scripting_env, tmp_path
):
    answers = tmp_path / "answers.csv"
    answers.write_text("respondent,influencer,stage,category\nR1,Ann Lee,Selection,Peers\n")
    outputs = []
    for args in (
        ["migrate", "--no-input"],
        ["create_study", "Initech", "UK payroll"],
        ["import_evidence", str(answers), "--study", "uk-payroll"],
        ["rank_study", "uk-payroll"],
    ):
        result = _manage(*args, env=scripting_env)
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout + result.stderr)

    for output in outputs:
        assert not [w for w in BROWSER_WORDS if w in output], output
    assert "computed and published" in outputs[2]
    assert "succeeded and is published" in outputs[3]

    checked = _manage("check", env=scripting_env)
    assert checked.returncode == 0  # a warning, not an error
    assert "(influencer50.W001) The front-end packages are not installed" in checked.stderr
    assert "npm ci" in checked.stderr


def test_with_the_packages_installed_check_is_clean(scripting_env):
    scripting_env["NODE_MODULES_DIR"] = str(ROOT / "node_modules")  # make test installs them
    result = _manage("check", env=scripting_env)
    assert result.returncode == 0
    assert "System check identified no issues" in result.stdout, result.stderr


@pytest.mark.parametrize(
    ("argv", "matters"),
    [
        (["manage.py", "check"], True),
        (["manage.py", "runserver", "127.0.0.1:8000"], True),
        (["manage.py", "collectstatic", "--no-input"], True),
        (["manage.py", "import_evidence", "x.csv"], False),
        (["manage.py", "migrate"], False),
        (["manage.py"], False),
        (["/usr/bin/gunicorn", "influencer50.wsgi"], False),  # serves collected files
    ],
)
def test_the_packages_matter_only_to_commands_that_serve_or_collect_pages(argv, matters):
    assert checks.browser_command(argv) is matters


@pytest.mark.django_db
def test_check_warns_when_a_package_is_missing(settings, monkeypatch, tmp_path, capsys):
    settings.FRONTEND_PACKAGES = {"vendor/htmx": tmp_path / "htmx.org" / "dist"}
    monkeypatch.setattr(sys, "argv", ["manage.py", "check"])

    assert [w.id for w in checks.frontend_packages()] == ["influencer50.W001"]

    monkeypatch.setattr(sys, "argv", ["manage.py", "rank_study", "x"])
    assert checks.frontend_packages() == []
    call_command("check")
    assert "W001" not in capsys.readouterr().err
