"""The process set of docker-compose.yml, run without Docker: `make run-stack`.

docker-compose.yml is the one place where the processes' commands are written. This module reads
them from it: the app's one-shot services (the migration) run first, then its long-running ones
(gunicorn, a Celery worker per queue, beat) run together under honcho, against the PostgreSQL
and Redis named by DATABASE_URL and CELERY_BROKER_URL. One Ctrl-C stops them all.

    python -m influencer50.stack run        # what `make run-stack` does
    python -m influencer50.stack procfile   # the commands, as a Procfile
"""

import os
import secrets
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

BASE_DIR = Path(__file__).resolve().parent.parent
COMPOSE_FILE = BASE_DIR / "docker-compose.yml"
VAR = BASE_DIR / "var"
APP_IMAGE = "influencer50:local"
# What the image's build does before any process starts (see the Dockerfile).
BUILD_STEPS = ("python manage.py collectstatic --no-input",)
DEFAULTS = {
    "HOST": "127.0.0.1",
    "PORT": "8000",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/influencer50",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    # Served as plain HTTP on this machine, so the session cookies cannot require HTTPS.
    "SECURE_COOKIES": "false",
}


def load_compose(path: Path = COMPOSE_FILE) -> dict:
    with open(path) as handle:
        return yaml.safe_load(handle)


def command_line(service: dict) -> str:
    """A service's command as one shell line (compose writes a literal `$` as `$$`)."""
    command = service["command"]
    line = command if isinstance(command, str) else shlex.join(command)
    return " ".join(line.split()).replace("$$", "$")


def app_services(compose: dict) -> dict[str, dict]:
    """The services that run the application's image, in the file's order."""
    return {
        name: service
        for name, service in compose["services"].items()
        if service.get("image") == APP_IMAGE
    }


def one_shot(compose: dict) -> dict[str, str]:
    """name -> command of the app's services that run once and exit (restart: "no")."""
    return {
        name: command_line(service)
        for name, service in app_services(compose).items()
        if service.get("restart") == "no"
    }


def long_running(compose: dict) -> dict[str, str]:
    """name -> command of the app's services that keep running (web, workers, beat)."""
    return {
        name: command_line(service)
        for name, service in app_services(compose).items()
        if service.get("restart") != "no"
    }


def worker_queues(compose: dict) -> dict[str, list[str]]:
    """name -> the queues each Celery worker service consumes (its --queues)."""
    found = {}
    for name, command in long_running(compose).items():
        words = shlex.split(command)
        if words[:1] == ["celery"] and "worker" in words and "--queues" in words:
            found[name] = words[words.index("--queues") + 1].split(",")
    return found


def procfile(compose: dict) -> str:
    return "".join(f"{name}: {command}\n" for name, command in long_running(compose).items())


def environment() -> dict[str, str]:
    """The processes' environment: the caller's, with the local defaults for what is unset."""
    env = dict(os.environ)
    for name, value in DEFAULTS.items():
        env[name] = env.get(name) or value
    if not env.get("SECRET_KEY"):
        env["SECRET_KEY"] = secrets.token_urlsafe(50)
        print("run-stack: no SECRET_KEY set; using a new random one (log-ins last this run).")
    env["PROMETHEUS_MULTIPROC_DIR"] = str(VAR / "metrics")
    # The commands name gunicorn, celery and python: this virtualenv's.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def ensure_database(url: str) -> None:
    """Create DATABASE_URL's PostgreSQL database if it does not exist yet."""
    import dj_database_url
    import psycopg2
    from psycopg2 import sql

    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        return
    server = psycopg2.connect(
        dbname="postgres",
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
    )
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
                print(f"run-stack: created the database {config['NAME']}.")
    finally:
        server.close()


def run() -> None:
    """Build steps and one-shot services, then every long-running process under honcho."""
    compose = load_compose()
    env = environment()
    ensure_database(env["DATABASE_URL"])
    # Counters of an earlier run's processes would be added to this one's.
    shutil.rmtree(VAR / "metrics", ignore_errors=True)
    for directory in ("metrics", "beat"):
        (VAR / directory).mkdir(parents=True, exist_ok=True)
    for command in (*BUILD_STEPS, *one_shot(compose).values()):
        print(f"run-stack: {command}", flush=True)
        subprocess.run(command, shell=True, check=True, cwd=BASE_DIR, env=env)
    procfile_path = VAR / "Procfile"
    procfile_path.write_text(procfile(compose))
    names = list(long_running(compose))
    print(
        f"run-stack: starting {', '.join(names)}; http://{env['HOST']}:{env['PORT']}/", flush=True
    )
    honcho = str(Path(sys.executable).parent / "honcho")
    # honcho gives the first process (web) PORT itself; .env is for docker compose, not read here.
    argv = [honcho, "start", "--procfile", str(procfile_path), "--app-root", str(BASE_DIR)]
    argv += ["--env", os.devnull, "--port", env["PORT"], "--no-colour", *names]
    os.chdir(BASE_DIR)
    os.execve(honcho, argv, env)


def main(argv: list[str]) -> None:
    if argv == ["run"]:
        run()
    elif argv == ["procfile"]:
        sys.stdout.write(procfile(load_compose()))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
