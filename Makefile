# The two commands in the README: `make run` and `make test`. Everything else is a step of those.
PYTHON_VERSION := $(shell cat .python-version)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000

.PHONY: run test lint unit serve bench env dev-env assets chromium demo clean

run: env assets
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo_data --port $(PORT)
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: dev-env assets chromium lint
	$(PY) -m pytest

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

# A Python 3.12 virtual environment. pyenv reads .python-version; fall back to python3.12.
$(VENV)/bin/python:
	@PY312=$$(command -v pyenv >/dev/null 2>&1 && PYENV_VERSION=$(PYTHON_VERSION) pyenv which python 2>/dev/null || command -v python3.12 || command -v python3); \
	"$$PY312" -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { echo "Python 3.12 or newer is needed (pyenv install $(PYTHON_VERSION))"; exit 1; }; \
	"$$PY312" -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PIP) install --quiet -e ".[dev]"
	touch $@

env: $(VENV)/.installed

dev-env: $(VENV)/.installed-dev

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

static/govuk/govuk-frontend.min.css: node_modules/.package-lock.json scripts/copy_govuk_frontend.py
	$(PY) scripts/copy_govuk_frontend.py

assets: env static/govuk/govuk-frontend.min.css

# Debian's Chromium drives the browser tests; Playwright never downloads a browser here.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
		|| { echo "Could not install chromium: run 'sudo apt-get install chromium'"; exit 1; }; }

demo: env
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo_data --port $(PORT)

# Production serving: gunicorn, DEBUG off, hashed and compressed static files from WhiteNoise.
# Over plain HTTP on loopback the HTTPS redirect and secure cookies are relaxed; behind a
# TLS-terminating load balancer leave them at their defaults.
# The background-task worker (emails) runs beside gunicorn and stops when gunicorn stops.
serve: env assets
	DJANGO_DEBUG=false $(PY) manage.py collectstatic --no-input --verbosity 0
	DJANGO_DEBUG=false $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=false $(PY) manage.py createcachetable
	@export DJANGO_DEBUG=false DJANGO_SECURE_SSL_REDIRECT=$${DJANGO_SECURE_SSL_REDIRECT:-false} \
		DJANGO_SECURE_COOKIES=$${DJANGO_SECURE_COOKIES:-false}; \
	$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT; trap 'exit 143' TERM; \
	$(VENV)/bin/gunicorn weiportal.wsgi --bind 127.0.0.1:$(PORT) --workers $${WEB_CONCURRENCY:-3} --access-logfile -

clean:
	rm -rf $(VENV) node_modules static/govuk staticfiles

# National-scale benchmark of the comparison pages against a trivial page: a throwaway
# PostgreSQL database on 127.0.0.1:5432, gunicorn with production settings on loopback.
bench: env assets
	$(PY) scripts/bench.py
