"""docker-compose.yml, the Dockerfile and .env.example checked against the project.

There is no Docker engine in CI: these checks stand in for running the compose file, and
tests/deployment/test_run_stack.py runs its commands for real.
"""

import ast
import re
import shlex
import shutil
import subprocess
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.test import Client as HttpClient

from influencer50 import stack
from influencer50.celery import app as celery_app
from influencer50.monitoring.queues import task_queues

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
# The project's own code, whose environment reads .env.example must document.
SOURCES = ["influencer50", "identification", "surveys", "engagement"]
EXCLUDED = {"test_settings.py"}
ENV_FUNCTIONS = {"getenv", "get", "env_bool", "env_int", "env_float", "env_list"}


@pytest.fixture(scope="module")
def compose():
    return stack.load_compose()


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def _is_environ(node) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ"


def env_reads(tree: ast.AST) -> set[str]:
    """Names read from the environment: os.environ[...], os.environ.get/os.getenv(...), `"X"
    in os.environ`, and the settings' env_* helpers; writes (setdefault) are not reads."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and _is_environ(node.value):
            key = node.slice
        elif isinstance(node, ast.Compare) and any(_is_environ(c) for c in node.comparators):
            key = node.left
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            on_environ = isinstance(func, ast.Attribute) and (
                _is_environ(func.value) or getattr(func.value, "id", "") == "os"
            )
            if not (name in ENV_FUNCTIONS and (on_environ or name.startswith("env_"))):
                continue
            key = node.args[0]
        else:
            continue
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.add(key.value)
    return names


def variables_read() -> set[str]:
    names = set()
    for source in SOURCES:
        for path in (ROOT / source).rglob("*.py"):
            if path.name not in EXCLUDED and "migrations" not in path.parts:
                names |= env_reads(ast.parse(path.read_text(), filename=str(path)))
    return names


def documented() -> set[str]:
    """Variables of .env.example, set or commented out (`# NAME=default`)."""
    pattern = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)
    return set(pattern.findall((ROOT / ".env.example").read_text()))


def interpolated(compose_text: str) -> set[str]:
    """${NAME}, ${NAME:-default}, ${NAME:?message} in the compose file ($$ is a literal $)."""
    return set(re.findall(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*)", compose_text))


def test_the_settings_scan_finds_what_the_settings_read():
    # The scan itself must work, or the next two tests would pass on nothing.
    found = variables_read()
    assert {"SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "DEBUG", "CACHE_URL"} <= found
    assert {"RANKING_BOOTSTRAP_REPLICATES", "ALLOWED_HOSTS", "PORT", "METRICS_TOKEN"} <= found
    assert "DJANGO_SETTINGS_MODULE" not in found  # os.environ.setdefault writes it


def test_the_scan_sees_every_way_of_reading_the_environment():
    code = """
import os
a = os.environ["A"]
b = os.environ.get("B", "")
c = os.getenv("C")
d = env_int("D", 1)
e = "E" in os.environ
os.environ.setdefault("F", "x")
x = {"G": 1}.get("G")
"""
    assert env_reads(ast.parse(code)) == {"A", "B", "C", "D", "E"}


def test_every_variable_the_settings_read_is_in_env_example():
    missing = variables_read() - documented()
    assert not missing, f"add to .env.example, with a comment: {sorted(missing)}"


def test_nothing_in_env_example_is_unused():
    used = variables_read() | interpolated(stack.COMPOSE_FILE.read_text())
    unused = documented() - used
    assert not unused, f"read by nothing: {sorted(unused)}"


def test_every_variable_the_compose_file_interpolates_is_documented():
    assert interpolated(stack.COMPOSE_FILE.read_text()) <= documented()


def test_the_compose_file_has_the_services_and_the_app_reads_only_env_file(compose):
    services = compose["services"]
    assert {"migrate", "web", "rankings", "imports", "beat", "db", "redis"} <= set(services)
    for name, service in stack.app_services(compose).items():
        assert service["env_file"] == ".env", name
        # Only what the image fixes; the installation's settings come from .env.
        assert set(service["environment"]) <= {"HOST", "PORT", "PROMETHEUS_MULTIPROC_DIR"}, name


def test_long_running_services_restart_and_have_health_checks(compose):
    services = compose["services"]
    for name in stack.long_running(compose):
        assert services[name]["restart"] == "unless-stopped", name
    for name in ("web", "rankings", "imports", "db", "redis"):
        assert services[name]["healthcheck"]["test"], name
    for name in ("db", "redis"):
        assert services[name]["restart"] == "unless-stopped"


def test_web_and_workers_wait_for_the_one_shot_migration(compose):
    assert stack.one_shot(compose) == {"migrate": "python manage.py migrate --no-input"}
    services = compose["services"]
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    for name in stack.long_running(compose):
        condition = services[name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully", name


def test_data_lives_in_named_volumes(compose):
    volumes = set(compose["volumes"])
    assert {"pgdata", "redisdata", "beat", "metrics"} <= volumes
    mounted = {
        mount.split(":")[0]
        for service in compose["services"].values()
        for mount in service.get("volumes", [])
    }
    assert {"pgdata", "redisdata", "beat", "metrics"} <= mounted
    assert volumes <= mounted


def _command_exists(words: list[str]) -> None:
    program = words[0]
    assert (BIN / program).exists() or shutil.which(program), program
    if program == "python":
        assert words[1] == "manage.py", words
        assert words[2] in get_commands(), words
    elif program == "gunicorn":
        config = words[words.index("--config") + 1].removeprefix("python:")
        assert find_spec(config), config
        assert find_spec(words[-1].split(":")[0]), words[-1]
    elif program == "celery":
        assert find_spec(words[words.index("--app") + 1])
        assert words[3] in {"worker", "beat"}, words
    else:
        pytest.fail(f"no check for {program}")


def test_every_services_command_exists_in_the_project(compose):
    commands = {**stack.one_shot(compose), **stack.long_running(compose)}
    assert set(commands) == {"migrate", "web", "rankings", "imports", "beat"}
    for command in commands.values():
        _command_exists(shlex.split(command))


def test_every_task_goes_to_a_queue_some_worker_consumes(compose):
    consumed = {queue for queues in stack.worker_queues(compose).values() for queue in queues}
    assert stack.worker_queues(compose).keys() == {"rankings", "imports"}
    assert set(task_queues()) <= consumed
    for source in SOURCES:  # what autodiscover_tasks finds in a worker
        if find_spec(f"{source}.tasks"):
            import_module(f"{source}.tasks")
    ours = [name for name in celery_app.tasks if name.split(".")[0] in SOURCES]
    assert ours, "no task of ours is registered"
    for name in ours:
        route = celery_app.amqp.router.route({}, name)
        assert route["queue"].name in consumed, f"{name} goes to {route['queue'].name}"


def test_rankings_and_imports_have_separate_workers_and_time_limits(compose):
    queues = stack.worker_queues(compose)
    assert "rankings" in queues["rankings"]
    assert "imports" not in queues["rankings"]
    assert queues["imports"] == ["imports"]
    for name in ("identification.tasks.compute_ranking", "surveys.tasks.run_import_job"):
        task = celery_app.tasks[name]
        assert 0 < task.soft_time_limit < task.time_limit, name
        assert task.acks_late, name


def test_the_health_checks_ask_endpoints_that_answer(compose, db):
    web_check = " ".join(compose["services"]["web"]["healthcheck"]["test"])
    path = re.search(r"http://127\.0\.0\.1:8000(/[a-z]+)", web_check).group(1)
    assert HttpClient().get(path).status_code == 200
    for name in ("rankings", "imports"):
        check = compose["services"][name]["healthcheck"]["test"][1]
        hostname = shlex.split(stack.long_running(compose)[name])
        assert f"--destination {hostname[hostname.index('--hostname') + 1]}" in check.replace(
            "$$HOSTNAME", "%h"
        )


def test_the_image_default_command_is_the_web_services_and_runs_as_a_user(compose):
    steps = dockerfile()
    (cmd,) = [args for instruction, args in steps if instruction == "CMD"]
    assert shlex.join(ast.literal_eval(cmd)) == stack.long_running(compose)["web"]
    instructions = [instruction for instruction, _ in steps]
    user_at = instructions.index("USER")
    assert user_at > max(i for i, ins in enumerate(instructions) if ins == "RUN")
    assert dict(steps)["USER"] not in {"root", "0"}
    for service in stack.app_services(compose).values():
        assert "user" not in service  # the image's user, not root


def test_the_image_installs_from_pyproject_and_the_npm_lock_file_only(compose):
    steps = dockerfile()
    copies = [args for instruction, args in steps if instruction == "COPY"]
    runs = [args for instruction, args in steps if instruction == "RUN"]
    assert "package.json package-lock.json ./" in copies
    assert any(args.startswith("pyproject.toml") for args in copies)
    assert "npm ci --no-audit --no-fund" in runs
    assert "pip install ." in runs
    for args in runs:
        # The package registries only: nothing fetched from elsewhere during the build.
        assert not re.search(r"\b(curl|wget|git clone|apt-get)\b|https?://", args), args
    assert all(instruction != "ADD" for instruction, _ in steps)
    for step in stack.BUILD_STEPS:
        assert any(step in args for args in runs), step
    assert {"pyproject.toml", "package-lock.json"} <= {p.name for p in ROOT.iterdir()}


def test_make_run_stack_runs_the_compose_commands():
    dry = subprocess.run(
        ["make", "-n", "run-stack"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "python -m influencer50.stack run" in dry.stdout
    procfile = subprocess.run(
        [BIN / "python", "-m", "influencer50.stack", "procfile"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = dict(line.split(": ", 1) for line in procfile.splitlines())
    raw = stack.load_compose()["services"]
    assert list(lines) == ["web", "rankings", "imports", "beat"]  # web first: it gets PORT
    for name, command in lines.items():
        written = raw[name]["command"]
        assert command == " ".join(written.split()), name
