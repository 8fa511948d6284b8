# The two commands of the README: `make run` and `make test`. Everything else is what they need.
SHELL := /bin/bash

# Django 6.1 needs Python 3.12+: take the first such interpreter found.
PYTHON ?= $(shell for p in python3.12 python3.13 python3.14 python3 \
	$(HOME)/.pyenv/versions/3.12*/bin/python3 $(HOME)/.pyenv/versions/3.13*/bin/python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test lint format venv assets migrate demo worker bench validate clean services run-stack

run: venv assets migrate demo
	@echo ""
	@echo "Influencer50 is at http://$(HOST):$(PORT)/  (demo log-ins printed above; Ctrl-C stops it)"
	DEBUG=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: venv assets
	$(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/python manage.py check
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (Django 6.1); none was found." >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

assets: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed to install the front-end packages (Node.js 18+)." >&2; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

migrate: venv
	DEBUG=true $(BIN)/python manage.py migrate --no-input

demo: venv
	DEBUG=true $(BIN)/python manage.py seed_demo

worker: venv
	$(BIN)/celery -A influencer50 worker --loglevel=info

# The processes of docker-compose.yml without Docker (commands read from that file): the
# migration, then gunicorn, a Celery worker per queue and beat, on HOST:PORT, DATABASE_URL and
# CELERY_BROKER_URL (defaults: this machine's PostgreSQL and Redis). One Ctrl-C stops them all.
run-stack: venv assets services
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python -m influencer50.stack run

# This machine's PostgreSQL and Redis, started if they are down (CI and run-stack need them).
services:
	@if ! pg_isready -q -h 127.0.0.1 -p 5432; then \
	  pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql)" main start; \
	  for _ in $$(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; \
	fi
	pg_isready -h 127.0.0.1 -p 5432
	@if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then \
	  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no; \
	  for _ in $$(seq 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done; \
	fi
	redis-cli -h 127.0.0.1 -p 6379 ping

# The engine alone, then a whole run and a survey import on PostgreSQL (DATABASE_URL).
bench: venv
	$(BIN)/python bench/bench_engine.py
	@test -n "$$DATABASE_URL" || { echo "bench_run and bench_import need DATABASE_URL (PostgreSQL)." >&2; exit 1; }
	$(BIN)/python bench/bench_run.py
	$(BIN)/python bench/bench_import.py

# The ranking checked against adoption in the diffusion studies of ../shared/validation
# (or $$INFLUENCER50_VALIDATION_DATA): prints the tables and writes docs/validation.json.
validate: venv
	$(BIN)/python bench/validate.py --sweep

clean:
	rm -rf $(VENV) node_modules staticfiles var .pytest_cache .ruff_cache
