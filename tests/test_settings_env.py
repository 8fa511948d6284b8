"""Settings come from the environment and refuse to start on missing or bad values."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRINT_SETTINGS = (
    "import influencer50.settings as s;"
    "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER)"
)


def load_settings(**env):
    """Import the real settings module in a fresh interpreter with exactly `env` set."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            PRINT_SETTINGS,
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


def test_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = load_settings(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_gives_a_development_key_and_the_embedded_defaults():
    env = {"DEBUG": "true", "DATABASE_URL": "", "CELERY_BROKER_URL": ""}
    result = load_settings(**env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_a_broker_and_a_database_url_switch_to_the_real_services():
    env = {
        "SECRET_KEY": "x",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/anything",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    }
    result = load_settings(**env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "False"]


def test_a_malformed_boolean_is_refused_by_name():
    result = load_settings(DEBUG="maybe", SECRET_KEY="x")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_the_inline_ranking_limit_comes_from_the_environment():
    code = "import influencer50.settings as s; print(s.RANKING_INLINE_MAX_MENTIONS)"
    env = {k: v for k, v in os.environ.items() if k != "RANKING_INLINE_MAX_MENTIONS"}
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "SECRET_KEY": "x"},
        capture_output=True,
        text=True,
    )
    assert run.stdout.split() == ["20000"], run.stderr
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "SECRET_KEY": "x", "RANKING_INLINE_MAX_MENTIONS": "500"},
        capture_output=True,
        text=True,
    )
    assert run.stdout.split() == ["500"], run.stderr
    result = load_settings(SECRET_KEY="x", RANKING_INLINE_MAX_MENTIONS="lots")
    assert "RANKING_INLINE_MAX_MENTIONS must be an integer" in result.stderr


def test_every_ranking_and_import_setting_is_in_the_readme_table():
    settings_source = (ROOT / "influencer50" / "settings.py").read_text()
    readme = (ROOT / "README.md").read_text()
    names = {
        line.split("=")[0].strip()
        for line in settings_source.splitlines()
        if line.startswith(("RANKING_", "IMPORT_")) and "env_" in line
    }
    # IMPORT_BATCH_SIZE is a tuning knob of the write phase, not a user-facing setting.
    missing = [n for n in sorted(names - {"IMPORT_BATCH_SIZE"}) if f"`{n}`" not in readme]
    assert missing == []
