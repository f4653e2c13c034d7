# msoc — two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
MSOC := $(VENV)/bin/msoc
PYTHON ?= python3
DEB_PACKAGES := poppler-utils chromium fonts-thai-tlwg libpango-1.0-0 libpangoft2-1.0-0 sqlite3 openjdk-17-jre-headless
DEMO_DATE := 2023-05-03
DEMO_FILE := msoc/data/demo/msoc-daily-report-2566-05-03.txt
DEMO_HOUSEHOLDS ?= 3000
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: setup demo test bench lint typecheck serve clean

setup: $(VENV)/.installed debian-packages

# Pinned, hashed versions from requirements.lock (regenerate it with the command in its header
# whenever pyproject.toml's dependencies change); re-runs only when either file changed.
$(VENV)/.installed: pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	@$(PY) -m pip check >/dev/null || { $(PY) -m pip check; \
	  echo "requirements.lock does not satisfy pyproject.toml: regenerate it (command in its header)"; exit 1; }
	@touch $@

.PHONY: debian-packages
debian-packages:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

demo: setup
	mkdir -p out var
	$(MSOC) db upgrade
	$(MSOC) report import $(DEMO_FILE)
	$(MSOC) sources load-defaults
	$(MSOC) demo-data
	$(MSOC) demo-users
	$(MSOC) households generate --provinces นครราชสีมา --households $(DEMO_HOUSEHOLDS) --duplicates 12 --if-empty
	$(MSOC) households index --year 2568
	$(MSOC) households screen --year 2568
	$(MSOC) households duplicates --provinces นครราชสีมา
	for f in html docx pdf json; do $(MSOC) report render $(DEMO_DATE) --format $$f --output out/msoc-daily-report-$(DEMO_DATE).$$f || exit 1; done
	@ls -l out/
	$(MSOC) serve --host $(HOST) --port $(PORT)

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

bench: setup
	$(PY) -m benchmarks

lint: setup
	$(VENV)/bin/ruff check msoc tests benchmarks fuzz
	$(VENV)/bin/ruff format --check msoc tests benchmarks fuzz

typecheck: setup
	$(VENV)/bin/mypy msoc

clean:
	rm -rf out test-output .pytest_cache
