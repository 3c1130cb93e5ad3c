# Two commands on a fresh machine: `make demo` and `make test`. Each builds .venv itself.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: test lint demo bench fixtures family-fixtures layouts clean browser

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "fiscalwatch needs Python >= 3.11")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,ocr]'
	touch $(STAMP)

test: $(STAMP) browser
	$(PY) -m pytest -q

# The report's browser test drives Debian's Chromium; installed here when missing and
# possible (root with apt-get), otherwise that test skips.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	  >/dev/null 2>&1; } || echo "chromium not installed: the browser test will be skipped"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy fiscalwatch bench scripts
	$(VENV)/bin/lint-imports

demo: $(STAMP)
	$(VENV)/bin/fiscalwatch demo

bench: $(STAMP)
	$(PY) bench/parse.py
	$(PY) bench/crawl.py
	$(PY) bench/check.py
	$(PY) bench/search.py

# Regenerates the committed fixture PDFs (needs LibreOffice and Noto CJK fonts).
fixtures: $(STAMP)
	$(PY) scripts/make_fixtures.py

# The template-family and page-break fixtures (fixtures/families/), by bench/layoutgen.
family-fixtures: $(STAMP)
	$(PY) scripts/make_family_fixtures.py

# The layout benchmark: 100 generated documents per template family (docs/layouts.md).
layouts: $(STAMP)
	$(PY) bench/layouts.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
