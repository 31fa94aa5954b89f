# Set-up is two commands on a fresh machine: `make site` builds the site from quotes/,
# `make test` runs every test (installing Debian's Chromium for the browser tests if needed).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: site test serve check lint bench clean lock

site: $(VENV)/.runtime
	$(PY) -m generator build $(BUILD_FLAGS) $(if $(SITE_URL),--site-url "$(SITE_URL)")

test: $(VENV)/.dev /usr/bin/chromium
	$(PY) -m pytest -q

serve: $(VENV)/.runtime
	$(PY) -m generator serve

check: $(VENV)/.runtime
	$(PY) -m generator check

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check generator tests benchmarks
	$(VENV)/bin/ruff format --check generator tests benchmarks
	$(VENV)/bin/mypy

bench: $(VENV)/.dev
	for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

$(VENV)/.runtime: requirements.txt constraints.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt constraints.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $@

# Browser tests drive Debian's Chromium; playwright never downloads a browser of its own.
/usr/bin/chromium:
	if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi

# requirements-lock.txt: every runtime package with its hashes, for the workflows'
# `pip install --require-hashes`. Run after changing requirements.txt or constraints.txt
# (tests/test_workflows.py fails while the two disagree).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --disable-pip-version-check pip-tools==7.7.0
	.lock-venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links --constraint constraints.txt \
		--output-file requirements-lock.txt requirements.txt
	rm -rf .lock-venv

clean:
	rm -rf site build .build-cache content/people content/topics content/index.md content/search.md
